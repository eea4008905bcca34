//! Load stage: walk `content/`, classify each file (page, section index, bundle asset, units
//! registry), split front matter from body and parse the front matter of each kind.

pub(crate) mod frontmatter;
pub(crate) mod limits;
pub(crate) mod markdown;
pub(crate) mod pano;
pub(crate) mod quarantine;
mod read;
pub(crate) mod sanitize;
pub(crate) mod shortcode;
pub(crate) mod units;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Location, Result};
use crate::types::{Lang, UnitId};
use frontmatter::*;
use quarantine::Quarantine;
pub(crate) use read::split_front_matter;
use read::{Found, place, read_document, split_lang};

/// What a Markdown file is, decided by the top-level folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `themes/`: a campaign year.
    Theme,
    /// `slogans/`: a slogan, drawn as artwork.
    Slogan,
    /// `news/`: a unit's news.
    News,
    /// `learners/`: an exemplary learner.
    Learner,
    /// `panos/`: a printable poster or billboard.
    Pano,
    /// Any other folder: a free page.
    Page,
}

impl Kind {
    pub(crate) fn of_section(section: &str) -> Kind {
        match section {
            "themes" => Kind::Theme,
            "slogans" => Kind::Slogan,
            "news" => Kind::News,
            "learners" => Kind::Learner,
            "panos" => Kind::Pano,
            _ => Kind::Page,
        }
    }
}

/// Parsed front matter, one variant per kind.
#[derive(Debug, Clone)]
pub(crate) enum Front {
    Section(SectionFront),
    Theme(ThemeFront),
    Slogan(SloganFront),
    News(NewsFront),
    Learner(LearnerFront),
    Pano(PanoFront),
    Page(PageFront),
}

impl Front {
    /// The fields every page kind takes; `None` for a section's `_index.md`.
    /// The unit whose work the page is: news, learners and unit panos.
    pub(crate) fn unit(&self) -> Option<&UnitId> {
        match self {
            Front::News(f) => f.unit.as_ref(),
            Front::Learner(f) => f.unit.as_ref(),
            Front::Pano(f) => f.unit.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn common(&self) -> Option<Common> {
        match self {
            Front::Section(_) => None,
            Front::Theme(f) => Some(f.common()),
            Front::Slogan(f) => Some(f.common()),
            Front::News(f) => Some(f.common()),
            Front::Learner(f) => Some(f.common()),
            Front::Pano(f) => Some(f.common()),
            Front::Page(f) => Some(f.common()),
        }
    }

    fn inherit(self, base: &Front) -> Front {
        match (self, base) {
            (Front::Section(a), Front::Section(b)) => Front::Section(a.inherit(b)),
            (Front::Theme(a), Front::Theme(b)) => Front::Theme(a.inherit(b)),
            (Front::Slogan(a), Front::Slogan(b)) => Front::Slogan(a.inherit(b)),
            (Front::News(a), Front::News(b)) => Front::News(a.inherit(b)),
            (Front::Learner(a), Front::Learner(b)) => Front::Learner(a.inherit(b)),
            (Front::Pano(a), Front::Pano(b)) => Front::Pano(a.inherit(b)),
            (Front::Page(a), Front::Page(b)) => Front::Page(a.inherit(b)),
            (a, _) => a,
        }
    }
}

/// One Markdown file of one language.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// Path relative to the site root, as shown in messages (`content/news/x/index.md`).
    pub(crate) rel: PathBuf,
    /// Identity shared by all translations: content-relative path without language suffix and
    /// extension; a bundle is named by its folder (`news/2023-10-02-khai-mac`).
    pub(crate) key: String,
    /// Top-level folder under `content/` ("" for files at the root).
    pub(crate) section: String,
    pub(crate) lang: Lang,
    /// `_index.md`: the section's own page (or the home page at the root).
    pub(crate) is_index: bool,
    /// The bundle folder, when the page is `index.md` in a folder of its own.
    pub(crate) bundle: Option<PathBuf>,
    pub(crate) front: Front,
    /// The raw front matter, to find the line of a field for errors found after parsing.
    pub(crate) yaml: String,
    /// 1-based line of the file at which the body starts, for messages about the body.
    pub(crate) body_line: usize,
    /// The Markdown body, compressed until the model renders it.
    pub(crate) body: crate::packed::Packed,
}

impl Document {
    pub(crate) fn kind(&self) -> Kind {
        Kind::of_section(&self.section)
    }

    /// The location of `field:` in the front matter, or of the front matter's start.
    pub(crate) fn at_field(&self, field: &str) -> Location {
        let line = crate::yaml::line_of_key(&self.yaml, field).map_or(2, |l| l + 1);
        Location::line(&self.rel, line)
    }
}

/// Everything read from `content/`.
pub(crate) struct Loaded {
    pub(crate) documents: Vec<Document>,
    pub(crate) units: units::Units,
    /// Non-Markdown files inside bundles: (bundle folder, file).
    pub(crate) assets: Vec<(PathBuf, PathBuf)>,
    pub(crate) warnings: Vec<String>,
    /// Pages of untrusted units that failed to load, left out of the build.
    pub(crate) quarantine: Quarantine,
}

/// Reads `content/`. Unless `strict`, pages of untrusted units that fail to read are quarantined
/// (see [`quarantine`]) instead of failing the load, as are those whose bundle folders hold
/// files that cannot be published (photos too large or too many, found here), and those in
/// `broken` (bundle folder or Markdown file, and problem), found by the photo or artwork stage
/// of a build tried before.
pub(crate) fn load(config: &Config, strict: bool, broken: Vec<(PathBuf, Error)>) -> Result<Loaded> {
    let dir = config.content_dir();
    if !dir.is_dir() {
        return Err(Error::content(
            Location::file(&dir),
            "no content folder",
            "create `content/` with your Markdown files (`loa new DIR` makes a starting site)",
        ));
    }
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let mut warnings = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.clone());
            Error::io(&path, e.into())
        })?;
        if entry.path_is_symlink() {
            // Not followed: a link can point anywhere on the machine, and a build must publish
            // only what is inside the site.
            warnings.push(format!(
                "{}: a symbolic link, which is not published; copy the file or folder itself into content/",
                entry.path().strip_prefix(&config.root).unwrap_or(entry.path()).display()
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let abs = entry.path().to_path_buf();
        let content_rel = abs.strip_prefix(&dir).unwrap_or(&abs).to_path_buf();
        let rel = abs.strip_prefix(&config.root).unwrap_or(&abs).to_path_buf();
        let found = Found {
            abs,
            rel,
            content_rel,
        };
        if found.abs.extension().is_some_and(|e| e == "md") {
            markdown.push(found);
        } else {
            others.push(found);
        }
    }

    // Each bundle folder, with the place of its first index file in file order. A file belongs
    // to the first bundle in that order whose folder holds it; looking its folders up here
    // finds the same one as scanning every bundle for every file, which took minutes on a site
    // of thousands of posts with photos.
    let mut bundle_dirs: HashMap<&Path, usize> = HashMap::new();
    for (i, folder) in markdown
        .iter()
        .filter(|f| is_bundle_index(&f.abs, config))
        .filter_map(|f| f.abs.parent())
        .enumerate()
    {
        bundle_dirs.entry(folder).or_insert(i);
    }
    let bundle_of = |file: &Path| {
        file.ancestors()
            .skip(1)
            .filter_map(|folder| bundle_dirs.get_key_value(folder))
            .min_by_key(|&(_, first)| *first)
            .map(|(folder, _)| folder.to_path_buf())
    };

    let mut assets = Vec::new();
    let mut units_file = None;
    let mut broken = broken;
    for f in others {
        if f.content_rel == Path::new(units::UNITS_FILE) {
            units_file = Some(f);
            continue;
        }
        match bundle_of(&f.abs) {
            Some(b) => {
                if let Err(e) = limits::check_photo_size(config, &f.abs, &f.rel) {
                    broken.push((b.clone(), e));
                }
                assets.push((b, f.abs));
            }
            None => warnings.push(format!(
                "{}: not Markdown and not inside a page bundle, so it is not published (put files for the whole site in static/)",
                f.rel.display()
            )),
        }
    }

    broken.extend(limits::check_photo_count(config, &assets));

    // The registry first: whether a broken page is quarantined depends on its unit.
    let units = match units_file {
        Some(f) => units::Units::load(&f.abs, &f.rel)?,
        None => units::Units::default(),
    };
    // Known before the first file is read: reading is where a large site's freed memory
    // piles up first.
    if markdown.len() >= crate::memory::LARGE_SITE {
        crate::memory::return_freed_memory_sooner();
    }
    // Straight into two lists, in file order: a list of results copied into one of documents
    // would hold every document twice.
    let (mut documents, failed): (Vec<Document>, Vec<(&Found, Error)>) = markdown
        .par_iter()
        .partition_map(|f| match read_document(config, f) {
            Ok(d) => rayon::iter::Either::Left(d),
            Err(e) => rayon::iter::Either::Right((f, e)),
        });
    let mut quarantine = Quarantine::new(strict);
    let mut errors = Vec::new();
    for (f, e) in failed {
        let Ok(place) = place(config, f) else {
            errors.push(e);
            continue;
        };
        // A translation without its own `unit:` is the work of the unit its original names.
        let unit = quarantine::unit_in_text(&f.abs).or_else(|| {
            documents
                .iter()
                .find(|d| d.key == place.key)
                .and_then(|d| d.front.unit().cloned())
        });
        let bundle = place.is_bundle.then(|| f.abs.parent()).flatten();
        errors.extend(quarantine.take(&units, &place.key, unit.as_ref(), &f.rel, bundle, e));
    }
    errors.extend(quarantine.take_broken(&units, &documents, broken));
    errors.extend(same_language_twice(config, &documents));
    Error::from_list(errors)?;
    // Every language of a quarantined page goes; its bundle's files are left out by the model,
    // with those of pages quarantined there.
    documents.retain(|d| quarantine.keeps(&d.key, &d.rel));
    inherit_translations(config, &mut documents);
    Ok(Loaded {
        documents,
        units,
        assets,
        warnings,
        quarantine,
    })
}

/// Reads again the Markdown files of the pages that `changed` (files below `content/`, relative
/// to the site root) belong to, with their translations, as `load` would read them: for
/// `loa serve`, which patches the site instead of loading it all again.
pub(crate) fn reload(config: &Config, changed: &[PathBuf]) -> Result<Vec<Document>> {
    let dir = config.content_dir();
    let mut files: Vec<PathBuf> = Vec::new();
    for rel in changed {
        let abs = config.root.join(rel);
        let Some(folder) = abs.parent() else { continue };
        let stem = abs.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let base = split_lang(stem, config, rel).map(|(b, _)| b)?;
        // The file and its translations: `x.md`, `x.en.md`; `index.md`, `index.en.md`.
        let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "md") || files.contains(&path) {
                continue;
            }
            let other = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if split_lang(other, config, rel).is_ok_and(|(b, _)| b == base) {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut docs = Vec::with_capacity(files.len());
    for abs in files {
        let found = Found {
            rel: abs.strip_prefix(&config.root).unwrap_or(&abs).to_path_buf(),
            content_rel: abs.strip_prefix(&dir).unwrap_or(&abs).to_path_buf(),
            abs,
        };
        docs.push(read_document(config, &found)?);
    }
    inherit_translations(config, &mut docs);
    Ok(docs)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// `index.md` or `index.<lang>.md`: the page of a bundle folder.
fn is_bundle_index(path: &Path, config: &Config) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem == "index"
        || stem
            .strip_prefix("index.")
            .is_some_and(|l| config.has_lang(l))
}

/// A translation inherits every field it leaves out from the default-language file of the same
/// key, so editors translate text and never copy dates or unit ids.
/// `index.md` and `index.vi.md` (with `vi` the default language) are one page written twice: a
/// CMS names the default language's file too, so both can appear in one folder.
fn same_language_twice(config: &Config, docs: &[Document]) -> Vec<Error> {
    let mut seen: HashMap<(&str, bool, &Lang), &Path> = HashMap::new();
    let mut errors = Vec::new();
    for d in docs {
        match seen.entry((d.key.as_str(), d.is_index, &d.lang)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(&d.rel);
            }
            std::collections::hash_map::Entry::Occupied(first) => {
                let lang = &d.lang;
                let hint = if lang == config.default_lang() {
                    format!(
                        "keep one of them: a file without a language (`index.md`) is in the default language, `{lang}`, like one named `.{lang}.md`"
                    )
                } else {
                    "keep one of them".to_string()
                };
                errors.push(Error::content(
                    Location::file(&d.rel),
                    format!(
                        "this is the `{lang}` version of the same page as {}",
                        first.get().display()
                    ),
                    hint,
                ));
            }
        }
    }
    errors
}

fn inherit_translations(config: &Config, docs: &mut [Document]) {
    let default = config.default_lang();
    let bases: std::collections::HashMap<(String, bool), Front> = docs
        .iter()
        .filter(|d| &d.lang == default)
        .map(|d| ((d.key.clone(), d.is_index), d.front.clone()))
        .collect();
    for d in docs.iter_mut().filter(|d| &d.lang != default) {
        if let Some(base) = bases.get(&(d.key.clone(), d.is_index)) {
            let front = std::mem::replace(&mut d.front, Front::Page(PageFront::default()));
            d.front = front.inherit(base);
        }
    }
}

/// The file `path` names, as it is on disk: itself when it exists, else a file of the same folder
/// whose name is the same once both are NFC. macOS, and zip tools, write names decomposed (NFD),
/// while Markdown and front matter are always NFC: `ảnh.jpg` written by an editor must find the
/// `ảnh.jpg` a phone uploaded, however each spells its marks.
pub(crate) fn on_disk(path: &Path) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path.to_path_buf());
    }
    let want = crate::text::nfc(&path.file_name()?.to_string_lossy());
    std::fs::read_dir(path.parent()?)
        .ok()?
        .flatten()
        .find(|e| crate::text::nfc(&e.file_name().to_string_lossy()) == want)
        .map(|e| e.path())
        .filter(|p| p.is_file())
}

/// Whether a file name looks like a photo the image pipeline handles (the rest of a bundle is
/// published as it is).
pub fn is_image(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}
