//! Finds the theme's files: templates, UI strings (i18n) and static assets. A theme folder in the
//! site wins; the default theme is also compiled into the binary so `loa new` sites build with no
//! theme folder at all. Files in the site's own `templates/` and `i18n/` override the theme's.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

use crate::campaign::{Profile, ProfileFields};
use crate::config::Config;
use crate::error::{Error, IoContext, Location, Result};
use crate::types::{Date, Lang};

/// The parts of the default theme a build needs, compiled in folder by folder so that files for
/// people (its README, screenshot) do not weigh down the binary.
static EMBEDDED: [(&str, Dir<'static>); 7] = [
    (
        "artwork",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/artwork"),
    ),
    (
        "templates",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/templates"),
    ),
    (
        "i18n",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/i18n"),
    ),
    (
        "static",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/static"),
    ),
    (
        "fonts",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/fonts"),
    ),
    (
        "icc",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/icc"),
    ),
    (
        "starters",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/starters"),
    ),
];

/// The built-in default theme's campaign profile (see `campaign`).
static EMBEDDED_CAMPAIGN: &[u8] = include_bytes!("../themes/default/campaign.yaml");

/// The built-in theme's own campaign profile.
pub(crate) fn embedded_profile() -> Result<Profile> {
    Profile::parse(
        EMBEDDED_CAMPAIGN,
        Path::new("(built-in default theme)/campaign.yaml"),
    )
}

/// A folder of the built-in default theme (`templates`, `i18n`, `static`, `fonts`, `starters`).
pub(crate) fn embedded(sub: &str) -> Option<&'static Dir<'static>> {
    EMBEDDED
        .iter()
        .find(|(name, _)| *name == sub)
        .map(|(_, d)| d)
}

/// One UI string, or a list of them (month names).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum I18nValue {
    Text(String),
    List(Vec<String>),
}

pub(crate) type Strings = BTreeMap<String, I18nValue>;

/// A file of the theme, with where it came from (for messages).
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    /// Path inside its folder (`base.html`, `css/site.css`).
    pub(crate) name: String,
    /// Where an editor finds it: a real path, or `(built-in default theme)/templates/x`.
    pub(crate) origin: PathBuf,
    pub(crate) bytes: Vec<u8>,
}

/// Templates, UI strings, static files and artwork layouts, from the site, its theme folder and the built-in theme.
pub struct Theme {
    pub(crate) name: String,
    pub(crate) templates: Vec<ThemeFile>,
    pub(crate) static_files: Vec<ThemeFile>,
    /// Artwork layouts: `<name>.yaml` (text boxes) and the SVG templates they name.
    pub(crate) artwork: Vec<ThemeFile>,
    /// Font files (TTF/OTF), used by the artwork and published for the portal under /fonts/.
    pub(crate) fonts: Vec<ThemeFile>,
    /// ICC profiles of print PDFs and `output-intent.yaml`, which names them.
    pub(crate) icc: Vec<ThemeFile>,
    /// UI strings per language, already merged: site i18n over theme i18n over the default
    /// language's strings, so a template never meets a missing key in a half-translated language.
    pub(crate) strings: HashMap<Lang, Strings>,
}

enum Source {
    Disk(PathBuf),
    Embedded,
}

impl Source {
    /// Where the site's theme is: `themes/<name>/`, or the built-in default theme.
    fn of(config: &Config) -> Result<Source> {
        let dir = config.root.join("themes").join(&config.theme);
        if dir.is_dir() {
            Ok(Source::Disk(dir))
        } else if config.theme == "default" {
            Ok(Source::Embedded)
        } else {
            Err(Error::config(
                Location::file(&config.file),
                format!("theme `{}` not found at {}", config.theme, dir.display()),
                "put the theme in themes/<name>/, or set `theme: default` to use the built-in theme",
            ))
        }
    }
}

/// The campaign's profile: the theme's `campaign.yaml` (the built-in theme's when a theme of the
/// site's own has none), amended by `campaign:` in site.yaml.
pub(crate) fn campaign_profile(config: &Config) -> Result<Profile> {
    let mut profile = match Source::of(config)? {
        Source::Disk(dir) if dir.join("campaign.yaml").is_file() => {
            let path = dir.join("campaign.yaml");
            let origin = path.strip_prefix(&config.root).unwrap_or(&path);
            Profile::parse(&std::fs::read(&path).at(origin)?, origin)?
        }
        _ => embedded_profile()?,
    };
    let site = ProfileFields {
        categories: config.campaign.categories.clone(),
        counts: config.campaign.counts.clone(),
        words: config.campaign.words.clone(),
        starter: None,
    };
    let langs: Vec<Lang> = config.langs().cloned().collect();
    profile.amend(&site, &langs, &config.key_lines())?;
    Ok(profile)
}

impl Theme {
    /// The UI string `key` in `lang`, or the key itself when the theme has none (a missing
    /// string shows as its key rather than as nothing).
    pub(crate) fn text(&self, lang: &Lang, key: &str) -> String {
        match self.strings.get(lang).and_then(|s| s.get(key)) {
            Some(I18nValue::Text(t)) => t.clone(),
            _ => key.to_string(),
        }
    }

    pub(crate) fn load(config: &Config) -> Result<Theme> {
        let source = Source::of(config)?;
        let mut templates = read_folder(&source, "templates", &config.root)?;
        overlay(
            &mut templates,
            read_disk(&config.templates_dir(), &config.root)?,
        );
        let mut static_files = read_folder(&source, "static", &config.root)?;
        // The theme's fonts serve both the portal (as /fonts/…) and the artwork, so they live in
        // one folder and are published from there. A TTF with a WOFF2 of its own (`X.woff2`,
        // `X.subset.woff2`) is the artwork's only: browsers get the WOFF2, and the default
        // theme's four TTFs were 540 KB of output nothing linked.
        let fonts = read_folder(&source, "fonts", &config.root)?;
        let has_woff2 = |ttf: &str| {
            let stem = ttf.trim_end_matches(".ttf");
            fonts.iter().any(|w| {
                w.name == format!("{stem}.woff2") || w.name == format!("{stem}.subset.woff2")
            })
        };
        for f in &fonts {
            let ttf = f.name.ends_with(".ttf") && !has_woff2(&f.name);
            if ttf || f.name.ends_with(".woff2") || f.name == "OFL.txt" {
                let mut published = f.clone();
                published.name = format!("fonts/{}", f.name);
                static_files.push(published);
            }
        }
        let mut artwork = read_folder(&source, "artwork", &config.root)?;
        // A theme of the site's own that has no profiles prints to the default theme's condition.
        let mut icc = read_folder(&source, "icc", &config.root)?;
        if icc.is_empty() {
            icc = read_embedded("icc");
        }
        overlay(
            &mut artwork,
            read_disk(&config.root.join("artwork"), &config.root)?,
        );

        // UI strings: the theme's, then the campaign's words, then the site's own i18n/.
        let mut per_lang: HashMap<String, Strings> = HashMap::new();
        read_strings(&read_folder(&source, "i18n", &config.root)?, &mut per_lang)?;
        for (code, words) in &config.profile.words {
            let words = words
                .iter()
                .map(|(k, v)| (k.clone(), I18nValue::Text(v.clone())));
            per_lang.entry(code.clone()).or_default().extend(words);
        }
        let site_i18n = read_disk(&config.root.join("i18n"), &config.root)?;
        read_strings(&site_i18n, &mut per_lang)?;
        let langs: Vec<Lang> = config.langs().cloned().collect();
        config
            .profile
            .check_named(&per_lang, &langs, &config.key_lines())?;
        // A language without strings borrows the default language's; when the theme has none
        // for the default language either, English, then any language the theme has.
        let default = per_lang
            .get(config.default_lang().as_str())
            .or_else(|| per_lang.get("en"))
            .or_else(|| {
                let mut codes: Vec<&String> = per_lang.keys().collect();
                codes.sort();
                codes.first().and_then(|c| per_lang.get(*c))
            })
            .cloned()
            .unwrap_or_default();
        let mut strings = HashMap::new();
        for lang in config.langs() {
            let mut merged = default.clone();
            if let Some(own) = per_lang.get(lang.as_str()) {
                merged.extend(own.clone());
            }
            strings.insert(lang.clone(), merged);
        }
        Ok(Theme {
            name: config.theme.clone(),
            templates,
            static_files,
            artwork,
            icc,
            fonts: fonts
                .into_iter()
                .filter(|f| f.name.ends_with(".ttf") || f.name.ends_with(".otf"))
                .collect(),
            strings,
        })
    }

    /// Names of the theme's shortcodes (`templates/shortcodes/<name>.html`), sorted.
    pub(crate) fn shortcodes(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .templates
            .iter()
            .filter_map(|t| t.name.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Languages in the config that the theme has no strings for (they fall back to the default
    /// language's strings; the build warns so the gap is visible).
    pub(crate) fn untranslated_langs(&self, config: &Config) -> Vec<Lang> {
        let dir = config.root.join("themes").join(&config.theme).join("i18n");
        config
            .langs()
            .filter(|l| {
                let name = format!("{l}.yaml");
                let on_disk =
                    dir.join(&name).exists() || config.root.join("i18n").join(&name).exists();
                let embedded =
                    !dir.exists() && embedded("i18n").is_some_and(|d| d.get_file(&name).is_some());
                !on_disk && !embedded
            })
            .cloned()
            .collect()
    }

    /// The ids the templates give elements (`id="main"`, `id="header-q"`): a heading of the
    /// content with the same id would break the theme's links, labels and scripts. Only ids
    /// written out are found; one made by a tera expression is the theme's to keep unique.
    pub(crate) fn element_ids(&self) -> std::collections::BTreeSet<String> {
        let mut ids = std::collections::BTreeSet::new();
        for file in &self.templates {
            let text = String::from_utf8_lossy(&file.bytes);
            for (at, _) in text.match_indices("id=") {
                // ` id=`, not `data-id=` or `hreflang-id=`.
                if !text[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
                    continue;
                }
                let rest = &text[at + 3..];
                let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                    continue;
                };
                let Some(value) = rest[1..].split(quote).next() else {
                    continue;
                };
                if !value.is_empty() && !value.contains(['{', '}', ' ']) {
                    ids.insert(value.to_string());
                }
            }
        }
        ids
    }
}

/// Adds the strings of each `<lang>.yaml` of `files` to that language's.
fn read_strings(files: &[ThemeFile], per_lang: &mut HashMap<String, Strings>) -> Result<()> {
    for f in files {
        let Some(code) = f.name.strip_suffix(".yaml") else {
            continue;
        };
        let strings: Strings = crate::yaml::utf8(&f.bytes)
            .and_then(|text| crate::yaml::from_str(&crate::text::nfc(text)))
            .map_err(|e| {
                let at = Location::at(&f.origin, e.line);
                Error::config(
                    at,
                    e.message,
                    "UI strings are `key: text` lines (or `key: [a, b]` lists)",
                )
            })?;
        per_lang
            .entry(code.to_string())
            .or_default()
            .extend(strings);
    }
    Ok(())
}

fn overlay(base: &mut Vec<ThemeFile>, over: Vec<ThemeFile>) {
    for f in over {
        match base.iter_mut().find(|b| b.name == f.name) {
            Some(b) => *b = f,
            None => base.push(f),
        }
    }
}

fn read_folder(source: &Source, sub: &str, root: &Path) -> Result<Vec<ThemeFile>> {
    match source {
        Source::Disk(dir) => read_disk(&dir.join(sub), root),
        Source::Embedded => Ok(read_embedded(sub)),
    }
}

fn read_disk(dir: &Path, root: &Path) -> Result<Vec<ThemeFile>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let origin = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        out.push(ThemeFile {
            name,
            bytes: std::fs::read(path).at(&origin)?,
            origin,
        });
    }
    Ok(out)
}

fn read_embedded(sub: &str) -> Vec<ThemeFile> {
    fn walk(dir: &Dir<'static>, sub: &str, out: &mut Vec<ThemeFile>) {
        for f in dir.files() {
            let name = f.path().to_string_lossy().replace('\\', "/");
            out.push(ThemeFile {
                origin: PathBuf::from(format!("(built-in default theme)/{sub}/{name}")),
                name,
                bytes: f.contents().to_vec(),
            });
        }
        for d in dir.dirs() {
            walk(d, sub, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = embedded(sub) {
        walk(dir, sub, &mut out);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Formats a date with the patterns of a language's UI strings (`date_long`, `date_short`,
/// `date_day_month`), so word order and month names are the theme's, not the code's.
/// Placeholders: `{day}`, `{day2}`, `{month}`, `{month2}`, `{month_name}`, `{year}`.
pub(crate) fn format_date(date: Date, format: &str, strings: Option<&Strings>) -> String {
    if format == "iso" {
        return date.iso();
    }
    if format == "rfc3339" {
        return format!("{}T00:00:00Z", date.iso());
    }
    let key = format!("date_{format}");
    let pattern = match strings.and_then(|s| s.get(&key)) {
        Some(I18nValue::Text(p)) => p.as_str(),
        _ => "{day2}/{month2}/{year}",
    };
    let (day, month, year) = (date.day(), date.month(), date.year());
    // One pass over the pattern (a list page formats a date per card); a brace that opens no
    // placeholder is kept as written.
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name = rest[1..].find('}').map(|end| &rest[1..=end]);
        use std::fmt::Write;
        let _ = match name {
            Some("day2") => write!(out, "{day:02}"),
            Some("day") => write!(out, "{day}"),
            Some("month2") => write!(out, "{month:02}"),
            Some("month_name") => match strings.and_then(|s| s.get("months")) {
                Some(I18nValue::List(m)) => {
                    out.push_str(m.get(month as usize - 1).map_or("", String::as_str));
                    Ok(())
                }
                _ => write!(out, "{month}"),
            },
            Some("month") => write!(out, "{month}"),
            Some("year") => write!(out, "{year}"),
            _ => {
                out.push('{');
                rest = &rest[1..];
                continue;
            }
        };
        rest = &rest[name.map_or(0, str::len) + 2..];
    }
    out.push_str(rest);
    out
}
