//! Load stage: walk `content/`, classify each file (page, section index, bundle asset, units
//! registry), split front matter from body and parse the front matter of each kind.

pub(crate) mod frontmatter;
mod limits;
pub(crate) mod markdown;
pub(crate) mod pano;
pub(crate) mod quarantine;
pub(crate) mod sanitize;
pub(crate) mod shortcode;
pub(crate) mod units;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{Error, IoContext, Location, Result};
use crate::types::{Lang, UnitId};
use frontmatter::*;
use quarantine::Quarantine;

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
    pub(crate) body: String,
}

impl Document {
    pub(crate) fn kind(&self) -> Kind {
        Kind::of_section(&self.section)
    }

    /// The location of `field:` in the front matter, or of the front matter's start.
    pub(crate) fn at_field(&self, field: &str) -> Location {
        let line = crate::config::line_of_key(&self.yaml, field).map_or(2, |l| l + 1);
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

struct Found {
    abs: PathBuf,
    rel: PathBuf,
    content_rel: PathBuf,
}

/// Reads `content/`. Unless `strict`, pages of untrusted units that fail to read are quarantined
/// (see [`quarantine`]) instead of failing the load.
pub(crate) fn load(config: &Config, strict: bool) -> Result<Loaded> {
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

    let bundle_dirs: Vec<PathBuf> = markdown
        .iter()
        .filter(|f| is_bundle_index(&f.abs, config))
        .filter_map(|f| f.abs.parent().map(Path::to_path_buf))
        .collect();

    let mut assets = Vec::new();
    let mut units_file = None;
    let mut errors = Vec::new();
    for f in others {
        if f.content_rel == Path::new(units::UNITS_FILE) {
            units_file = Some(f);
            continue;
        }
        match bundle_dirs.iter().find(|b| f.abs.starts_with(b)) {
            Some(b) => {
                if let Err(e) = limits::check_photo_size(config, &f.abs, &f.rel) {
                    errors.push(e);
                }
                assets.push((b.clone(), f.abs));
            }
            None => warnings.push(format!(
                "{}: not Markdown and not inside a page bundle, so it is not published (put files for the whole site in static/)",
                f.rel.display()
            )),
        }
    }

    errors.extend(limits::check_photo_count(config, &assets));
    Error::from_list(errors)?;

    // The registry first: whether a broken page is quarantined depends on its unit.
    let units = match units_file {
        Some(f) => units::Units::load(&f.abs, &f.rel)?,
        None => units::Units::default(),
    };
    let results: Vec<Result<Document>> = markdown
        .par_iter()
        .map(|f| read_document(config, f))
        .collect();
    let mut quarantine = Quarantine::new(strict);
    let mut documents = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (f, r) in markdown.iter().zip(results) {
        match r {
            Ok(d) => documents.push(d),
            Err(e) => failed.push((f, e)),
        }
    }
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
    Error::from_list(errors)?;
    if !quarantine.is_empty() {
        // Every language of a quarantined page goes: translations inherit from the original.
        documents.retain(|d| {
            let keep = !quarantine.holds(&d.key);
            if !keep {
                quarantine.add_file(&d.key, &d.rel);
            }
            keep
        });
        let bundles: Vec<PathBuf> = quarantine.bundles().map(Path::to_path_buf).collect();
        assets.retain(|(b, _)| !bundles.contains(b));
    }
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

/// Splits `name.en` into (`name`, `en`) when the suffix is a configured language; a suffix that
/// looks like a language code but is not configured is an error, since such a file would
/// otherwise silently become a page of the default language.
fn split_lang(stem: &str, config: &Config, rel: &Path) -> Result<(String, Lang)> {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if config.has_lang(suffix) {
            let lang = config
                .langs()
                .find(|l| l.as_str() == suffix)
                .cloned()
                .unwrap_or_else(|| config.default_lang().clone());
            return Ok((base.to_string(), lang));
        }
        if Lang::looks_like_code(suffix) {
            let configured: Vec<&str> = config.langs().map(Lang::as_str).collect();
            return Err(Error::content(
                Location::file(rel),
                format!(
                    "this file is a translation into `{suffix}`, but `{suffix}` is not in the languages of site.yaml ({})",
                    configured.join(", ")
                ),
                format!(
                    "add `- code: {suffix}` to `languages` in site.yaml, or rename the file without the `.{suffix}` suffix"
                ),
            ));
        }
    }
    Ok((stem.to_string(), config.default_lang().clone()))
}

/// Where a Markdown file sits in the site: its page key (shared by its translations), section
/// and language, from its path alone.
struct Place {
    key: String,
    section: String,
    lang: Lang,
    is_index: bool,
    is_bundle: bool,
}

fn place(config: &Config, f: &Found) -> Result<Place> {
    let stem = f
        .abs
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (base, lang) = split_lang(stem, config, &f.rel)?;
    let parent = f.content_rel.parent().unwrap_or(Path::new(""));
    let parent_str = path_to_key(parent);
    let section = f
        .content_rel
        .components()
        .next()
        .filter(|_| f.content_rel.components().count() > 1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();

    // File names from macOS arrive decomposed (NFD); keys and slugs are always NFC.
    let base = crate::text::nfc(&base);
    let parent_str = crate::text::nfc(&parent_str);
    let is_index = base == "_index";
    let is_bundle = base == "index";
    let key = if is_index || is_bundle {
        parent_str.clone()
    } else if parent_str.is_empty() {
        base.clone()
    } else {
        format!("{parent_str}/{base}")
    };
    if is_bundle && parent_str.is_empty() {
        return Err(Error::content(
            Location::file(&f.rel),
            "`index.md` at the top of content/ is ambiguous",
            "the home page is `content/_index.md`; rename this file",
        ));
    }

    Ok(Place {
        key,
        section,
        lang,
        is_index,
        is_bundle,
    })
}

fn read_document(config: &Config, f: &Found) -> Result<Document> {
    limits::check_post_size(config, &f.abs, &f.rel)?;
    let bytes = std::fs::read(&f.abs).at(&f.rel)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::content(
            Location::file(&f.rel),
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save it as UTF-8 in your editor (\"Save with encoding → UTF-8\")",
        )
    })?;
    let text = crate::text::nfc(&text);
    let Place {
        key,
        section,
        lang,
        is_index,
        is_bundle,
    } = place(config, f)?;

    let (yaml, yaml_line, body, body_line) = split_front_matter(&text).ok_or_else(|| {
        Error::content(
            Location::line(&f.rel, 1),
            "no front matter: the file must start with a `---` line, the YAML fields, and another `---` line",
            "add e.g.\n    ---\n    title: Tiêu đề\n    ---\n  at the top of the file",
        )
    })?;
    let kind = Kind::of_section(&section);
    let parse_err = |e: crate::yaml::YamlError| {
        let at = match e.line {
            Some(l) => Location::line(&f.rel, yaml_line + l - 1),
            None => Location::line(&f.rel, yaml_line),
        };
        Error::content(at, e.message, fields_hint(is_index, kind))
    };
    let nesting = config.limits.nesting;
    let front = if is_index {
        Front::Section(parse_yaml(yaml, nesting).map_err(parse_err)?)
    } else {
        match kind {
            Kind::Theme => Front::Theme(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Slogan => Front::Slogan(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::News => Front::News(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Learner => Front::Learner(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Pano => Front::Pano(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Page => Front::Page(parse_yaml(yaml, nesting).map_err(parse_err)?),
        }
    };
    Ok(Document {
        rel: f.rel.clone(),
        key,
        section,
        lang,
        is_index,
        bundle: is_bundle.then(|| f.abs.parent().map(Path::to_path_buf).unwrap_or_default()),
        front,
        yaml: yaml.to_string(),
        body_line,
        body: body.to_string(),
    })
}

/// Empty front matter (`---\n---`) is an empty mapping, not YAML's `null`.
/// Front matter nests at most `limits: nesting:` of site.yaml deep.
fn parse_yaml<T: DeserializeOwned + Default>(
    yaml: &str,
    nesting: usize,
) -> Result<T, crate::yaml::YamlError> {
    if yaml.trim().is_empty() {
        return Ok(T::default());
    }
    crate::yaml::from_str_nesting(yaml, nesting)
}

fn fields_hint(is_index: bool, kind: Kind) -> String {
    let fields = if is_index {
        SectionFront::FIELDS
    } else {
        match kind {
            Kind::Theme => ThemeFront::FIELDS,
            Kind::Slogan => SloganFront::FIELDS,
            Kind::News => NewsFront::FIELDS,
            Kind::Learner => LearnerFront::FIELDS,
            Kind::Pano => PanoFront::FIELDS,
            Kind::Page => PageFront::FIELDS,
        }
    };
    // What an editor could not guess from a field's name alone.
    let shown: Vec<String> = fields
        .iter()
        .map(|&f| match (kind, f) {
            (_, "sort_by") if is_index => "sort_by (date|title|order|year|weight)".into(),
            (Kind::Theme, "opening") => "opening {date, place}".into(),
            (Kind::Pano, "size") => {
                "size (A4, A3, A1, A0, pano-ngang, pano-doc or {width, height})".into()
            }
            (Kind::Pano, "theme") => "theme (a year)".into(),
            (Kind::Pano, "opening") => "opening {date, time, place}".into(),
            (Kind::Pano, "photos") => {
                "photos (file names, or {file, fit: cover|contain, focus: [x, y]})".into()
            }
            (Kind::Pano, "qr") => "qr (a web address or @/ page)".into(),
            _ => f.to_string(),
        })
        .collect();
    format!(
        "fix the YAML; the fields this kind of file takes are: {}",
        shown.join(", ")
    )
}

fn path_to_key(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `---\nyaml\n---\nbody`. Returns (yaml, line of first YAML line, body, line of body).
/// Accepts a UTF-8 BOM and Windows line endings, since both come from common Windows editors.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let rest = &text[first_end + 1..];
    let mut offset = 0;
    for (line, l) in (2..).zip(rest.split_inclusive('\n')) {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Some((yaml, 2, body, line + 1));
        }
        offset += l.len();
    }
    // A closing line with no newline after it ends the file.
    None
}

/// A translation inherits every field it leaves out from the default-language file of the same
/// key, so editors translate text and never copy dates or unit ids.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_lines() {
        let (y, yl, b, bl) = split_front_matter("---\ntitle: A\ndate: x\n---\nBody\n").unwrap();
        assert_eq!(y, "title: A\ndate: x\n");
        assert_eq!(yl, 2);
        assert_eq!(b, "Body\n");
        assert_eq!(bl, 5);
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
        let (y, ..) = split_front_matter("\u{feff}---\r\ntitle: A\r\n---\r\nB").unwrap();
        assert_eq!(y, "title: A\r\n");
    }

    /// The hint lists exactly the fields serde accepts, in its order, with the notes editors
    /// need for structured ones.
    #[test]
    fn the_hint_names_every_field_of_each_kind() {
        let hint = |is_index, kind| fields_hint(is_index, kind);
        let want = |fields: &str| {
            format!("fix the YAML; the fields this kind of file takes are: {fields}")
        };
        assert_eq!(
            hint(true, Kind::News),
            want(
                "title, description, path, sort_by (date|title|order|year|weight), paginate, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Theme),
            want(
                "year, theme, week_start, week_end, opening {date, place}, report_deadline, issuer, source, description, sample, draft, slug, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Slogan),
            want("text, years, order, source, formats, lines, sample, draft, slug, template")
        );
        assert_eq!(
            hint(false, Kind::News),
            want(
                "title, date, unit, summary, tags, cover, captions, participants, sample, draft, slug, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Learner),
            want("name, unit, category, quote, year, photo, sample, draft, slug, template")
        );
        assert_eq!(
            hint(false, Kind::Pano),
            want(
                "title, description, layout, size (A4, A3, A1, A0, pano-ngang, pano-doc or {width, height}), bleed, theme (a year), slogan, headline, organiser, unit, opening {date, time, place}, photos (file names, or {file, fit: cover|contain, focus: [x, y]}), qr (a web address or @/ page), sample, draft, slug, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Page),
            want("title, description, date, captions, weight, sample, draft, slug, template")
        );
    }
}
