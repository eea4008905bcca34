//! `site.yaml` → a typed [`Config`]. Unknown keys are errors with their line, because a misspelt
//! key silently ignored is the hardest mistake for an editor to find.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, Location, Result};
use crate::types::Lang;

pub(crate) const CONFIG_FILE: &str = "site.yaml";

/// Text given once for every language, or per language code.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum Localized {
    Same(String),
    PerLang(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang`, falling back to `default` and then to any text at all.
    pub(crate) fn get(&self, lang: &Lang, default: &Lang) -> String {
        match self {
            Localized::Same(s) => crate::text::nfc(s),
            Localized::PerLang(map) => map
                .get(lang.as_str())
                .or_else(|| map.get(default.as_str()))
                .or_else(|| map.values().next())
                .map(|s| crate::text::nfc(s))
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    #[serde(default)]
    theme: Option<String>,
    languages: Vec<LanguageConfig>,
    #[serde(default)]
    campaign: CampaignConfig,
    #[serde(default)]
    feed_limit: Option<usize>,
    #[serde(default)]
    paginate: Option<usize>,
    #[serde(default)]
    artwork: Option<ArtworkConfig>,
    #[serde(default)]
    images: ImagesConfig,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    markdown: MarkdownConfig,
    /// `search: false` leaves out the search page, its index and the header's search box.
    #[serde(default = "yes")]
    search: bool,
    /// The Git-based CMS of the admin page, when the site has one.
    #[serde(default)]
    cms: Option<crate::cms::CmsConfig>,
}

/// One entry of `languages:`; the first is the default language, served at `/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    pub(crate) code: Lang,
    /// The language's own name, shown in the switcher ("Tiếng Việt", "English").
    pub(crate) name: String,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    /// URL word for list pages after the first: `/tin-tuc/trang/2/`.
    #[serde(default = "default_pagination_path")]
    pub(crate) pagination_path: String,
    #[serde(default)]
    pub(crate) menu: Vec<MenuItem>,
}

fn default_pagination_path() -> String {
    "page".to_string()
}

/// A menu entry pointing at a section, a page, or a URL. Exactly one target must be given.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuItem {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) url: Option<String>,
    #[serde(default)]
    pub(crate) section: Option<String>,
    #[serde(default)]
    pub(crate) page: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CampaignConfig {
    /// The campaign year the home page features; defaults to the latest year in `content/themes/`.
    #[serde(default)]
    pub(crate) current_year: Option<i32>,
    #[serde(default)]
    pub(crate) organiser: Option<Localized>,
    /// How readers reach the organiser: shown in every page's footer.
    #[serde(default)]
    pub(crate) contact: Option<ContactConfig>,
    /// The categories of exemplary people, replacing the theme's (`campaign.yaml`).
    #[serde(default)]
    pub(crate) categories: Option<Vec<String>>,
    /// What news posts may count, replacing the theme's.
    #[serde(default)]
    pub(crate) counts: Option<Vec<String>>,
    /// The campaign's vocabulary per language, replacing the theme's.
    #[serde(default)]
    pub(crate) words: Option<crate::campaign::Words>,
}

/// `campaign: contact:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContactConfig {
    #[serde(default)]
    pub(crate) address: Option<Localized>,
    #[serde(default)]
    pub(crate) phone: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    /// The contact page (`pages/lien-he.md`), linked from the footer in each language.
    #[serde(default)]
    pub(crate) page: Option<String>,
}

/// `images:` in site.yaml: how photos in page bundles are published.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ImagesConfig {
    /// Widths of the responsive variants (never wider than the photo).
    pub(crate) widths: Vec<u32>,
    /// The published "original" is capped to this many pixels on its long side.
    pub(crate) max_size: u32,
    pub(crate) jpeg_quality: u8,
    /// Also publish a WebP twin of every JPEG, offered first through `<picture>`: about a third
    /// smaller at the same look, and every current browser reads it.
    pub(crate) webp: bool,
    pub(crate) webp_quality: u8,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            max_size: 2400,
            jpeg_quality: 82,
            webp: true,
            webp_quality: 78,
        }
    }
}

/// `limits:` in site.yaml: what one post may cost the build. A province portal takes news from
/// hundreds of schools and wards; one post, by mistake or by malice, must not be able to stop or
/// exhaust the build for all of them. Each limit ends in an error naming the file and the limit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Limits {
    /// Largest Markdown file (front matter and body), in KiB.
    pub(crate) post_kb: u64,
    /// Deepest nesting of Markdown lists and quotes, of HTML elements and of YAML front matter.
    pub(crate) nesting: usize,
    /// Most tags on one post.
    pub(crate) tags: usize,
    /// Largest photo file, in MiB, checked before the photo is read.
    pub(crate) photo_mb: u64,
    /// Most photos in one page bundle.
    pub(crate) photos: usize,
    /// Most HTML elements one post's Markdown makes (links, table cells, notes, raw HTML).
    pub(crate) elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            post_kb: 2048,
            nesting: 32,
            tags: 50,
            photo_mb: 100,
            photos: 500,
            elements: 100_000,
        }
    }
}

/// `markdown:` in site.yaml: the parts of the Markdown dialect a site may switch.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct MarkdownConfig {
    /// `"quotes"` → “quotes”, `it's` → it’s, `--` → –, `---` → —, `...` → …. On by default, as
    /// Vietnamese print uses curly quotes; a site whose editors type “ ” themselves, or that
    /// publishes code-like text in prose, switches it off.
    pub(crate) smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
        }
    }
}

/// `artwork:` in site.yaml: the print and screen formats every slogan is rendered in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArtworkConfig {
    /// Set to false to skip banner artwork in `loa build` (`loa banner` still renders it).
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
    /// When given, exactly these formats, in this order (the defaults are replaced).
    #[serde(default)]
    pub(crate) formats: Option<ordered::OrderedMap<FormatConfig>>,
    /// Long side of PNG previews of print formats, in pixels.
    #[serde(default)]
    pub(crate) preview_px: Option<u32>,
    /// An emblem or logo for the layouts, as a path inside static/ (SVG or PNG).
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// Per-unit campaign kits built with the site: `true` for every unit of the registry, or a
    /// list of unit ids. Each becomes `kits/<year>/<unit>.zip`, linked from the unit's page.
    #[serde(default)]
    pub(crate) kits: Option<KitsConfig>,
    /// Colour of print PDFs: `cmyk` (default, PDF/X-4 for offset and most print shops) or `rgb`
    /// (screens, and hiflex RIPs that want RGB). `--colour` on the command line wins.
    #[serde(default)]
    pub(crate) colour: Option<Colour>,
    /// A share card (1200 × 630 px, the theme's `page-card` layout) drawn with the title of
    /// every page that has no picture of its own; false shares those pages with the site's
    /// card (the current year's slogan).
    #[serde(default = "yes")]
    pub(crate) page_cards: bool,
}

impl Default for ArtworkConfig {
    fn default() -> ArtworkConfig {
        ArtworkConfig {
            enabled: true,
            formats: None,
            preview_px: None,
            logo: None,
            kits: None,
            colour: None,
            page_cards: true,
        }
    }
}

/// How print PDFs give their colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    /// DeviceCMYK from each layout's palette, with a PDF/X-4 output intent.
    #[default]
    Cmyk,
    /// The artwork's RGB as drawn, for screens and RGB print workflows.
    Rgb,
}

impl Colour {
    /// The name printers use; the same in every language.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Colour::Rgb => "RGB",
            Colour::Cmyk => "CMYK",
        }
    }

    /// Lower case, as in `--colour` and the theme's `kit_readme_colour_<key>` note.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Colour::Rgb => "rgb",
            Colour::Cmyk => "cmyk",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum KitsConfig {
    All(bool),
    Units(Vec<crate::types::UnitId>),
}

fn yes() -> bool {
    true
}

/// One artwork format: a size with its unit, bleed for print, the theme layout that draws it,
/// and the smallest text that is still legible at its viewing distance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormatConfig {
    pub(crate) width: crate::types::Length,
    pub(crate) height: crate::types::Length,
    #[serde(default)]
    pub(crate) bleed: Option<crate::types::Length>,
    pub(crate) layout: String,
    pub(crate) min_text: crate::types::Length,
}

/// A YAML mapping that keeps the order it was written in (formats are listed in that order).
pub(crate) mod ordered {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

    #[derive(Debug, Clone)]
    pub(crate) struct OrderedMap<V>(pub Vec<(String, V)>);

    impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V2<V>(std::marker::PhantomData<V>);
            impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
                type Value = OrderedMap<V>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a mapping of names to formats")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = map.next_entry::<String, V>()? {
                        out.push((k, v));
                    }
                    Ok(OrderedMap(out))
                }
            }
            d.deserialize_map(V2(std::marker::PhantomData))
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) root: PathBuf,
    pub(crate) file: PathBuf,
    pub(crate) base_url: String,
    pub(crate) theme: String,
    pub(crate) languages: Vec<LanguageConfig>,
    pub(crate) campaign: CampaignConfig,
    pub(crate) feed_limit: usize,
    pub(crate) paginate: usize,
    pub(crate) artwork: Option<ArtworkConfig>,
    pub(crate) images: ImagesConfig,
    pub(crate) limits: Limits,
    pub(crate) markdown: MarkdownConfig,
    /// Ids the theme's templates give elements, which no heading of the content may take. Not
    /// from site.yaml: filled in by `load` once the theme is known.
    pub(crate) theme_ids: std::collections::BTreeSet<String>,
    /// The campaign's profile: the theme's `campaign.yaml` amended by `campaign:` here. Filled
    /// in by `load` once the theme is known.
    pub(crate) profile: crate::campaign::Profile,
    /// Whether the portal has a search page with a JSON index per language.
    pub(crate) search: bool,
    /// The admin page's CMS (`/admin/`), when site.yaml asks for one.
    pub(crate) cms: Option<crate::cms::CmsConfig>,
    /// The text of site.yaml, for line numbers in checks made after parsing.
    pub(crate) source: String,
}

impl Config {
    pub(crate) fn load(root: &Path) -> Result<Config> {
        let file = root.join(CONFIG_FILE);
        // Messages name the file as the user sees it from the site folder.
        let shown = Path::new(CONFIG_FILE);
        if !file.exists() {
            return Err(Error::config(
                Location::file(&file),
                "no site.yaml here",
                format!(
                    "run loa inside a site folder, pass one with --root DIR, or create a site with `loa new {}`",
                    root.display()
                ),
            ));
        }
        let bytes = std::fs::read(&file).at(shown)?;
        let text = crate::yaml::utf8(&bytes).map_err(|e| {
            Error::config(
                Location::at(shown, e.line),
                e.message,
                "retype the character there, or convert the file (e.g. with your editor's encoding menu)",
            )
        })?;
        Self::parse(root, shown, text)
    }

    pub(crate) fn parse(root: &Path, file: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = crate::yaml::from_str(text).map_err(|e| {
            let at = Location::at(file, e.line);
            Error::config(
                at,
                e.message,
                "check the key names and value types against the README's site.yaml reference",
            )
        })?;
        let keys = crate::yaml::KeyLines { file, text };
        let at_key = |key: &str| keys.at(key);

        if let Some((key, message, hint)) = raw.cms.as_ref().and_then(|c| c.problem()) {
            // `base_url` is also a top-level key: point at the `cms:` block instead.
            let key = if key == "base_url" { "cms" } else { key };
            return Err(Error::config(at_key(key), message, hint));
        }

        if raw.languages.is_empty() {
            return Err(Error::config(
                at_key("languages"),
                "`languages` is empty",
                "list at least one language; the first is the default, e.g. `- code: vi`",
            ));
        }
        let mut seen = Vec::new();
        for l in &raw.languages {
            if seen.contains(&l.code) {
                return Err(Error::config(
                    at_key("languages"),
                    format!("language `{}` is listed twice", l.code),
                    "list each language once",
                ));
            }
            seen.push(l.code.clone());
            for item in &l.menu {
                let targets = [&item.url, &item.section, &item.page]
                    .iter()
                    .filter(|t| t.is_some())
                    .count();
                if let Some(u) = &item.url
                    && u.contains(':')
                    && !(u.starts_with("https://")
                        || u.starts_with("http://")
                        || u.starts_with("mailto:"))
                {
                    return Err(Error::config(
                        at_key("menu"),
                        format!(
                            "menu item `{}` links to `{u}`, which is not a web address",
                            item.name
                        ),
                        "use a path inside the site (`/tin-tuc/`) or an http(s) or mailto: address",
                    ));
                }
                if targets != 1 {
                    return Err(Error::config(
                        at_key("menu"),
                        format!(
                            "menu item `{}` of language `{}` needs exactly one of `url`, `section`, `page`",
                            item.name, l.code
                        ),
                        "e.g. `- { name: Tin tức, section: news }`",
                    ));
                }
            }
        }
        let base_url = check_base_url(&raw.base_url).map_err(|message| {
            Error::config(
                at_key("base_url"),
                message,
                "write the address the site will be published at, e.g. https://hoctapsuotdoi.example.vn",
            )
        })?;
        let mut languages = raw.languages;
        for l in &mut languages {
            l.name = crate::text::nfc(&l.name);
            l.title = crate::text::nfc(&l.title);
            l.description = crate::text::nfc(&l.description);
            for m in &mut l.menu {
                m.name = crate::text::nfc(&m.name);
            }
        }
        Ok(Config {
            root: root.to_path_buf(),
            file: file.to_path_buf(),
            base_url,
            theme: raw.theme.unwrap_or_else(|| "default".to_string()),
            languages,
            campaign: raw.campaign,
            feed_limit: raw.feed_limit.unwrap_or(20),
            paginate: raw.paginate.unwrap_or(10).max(1),
            artwork: raw.artwork,
            images: raw.images,
            limits: raw.limits,
            markdown: raw.markdown,
            theme_ids: Default::default(),
            profile: Default::default(),
            search: raw.search,
            cms: raw.cms,
            source: text.to_string(),
        })
    }

    pub(crate) fn default_lang(&self) -> &Lang {
        &self.languages[0].code
    }

    pub(crate) fn langs(&self) -> impl Iterator<Item = &Lang> {
        self.languages.iter().map(|l| &l.code)
    }

    pub(crate) fn language(&self, lang: &Lang) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| &l.code == lang)
    }

    pub(crate) fn has_lang(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l.code.as_str() == code)
    }

    /// The path part of `base_url` (`/portal` for `https://example.vn/portal`), prefixed to every
    /// link so a site can live below a domain's root.
    pub(crate) fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split("://").nth(1).unwrap_or("");
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "",
        }
    }

    /// URL prefix of a language: "" for the default language, `/en` for the others.
    pub(crate) fn lang_prefix(&self, lang: &Lang) -> String {
        if lang == self.default_lang() {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    pub(crate) fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// site.yaml as messages show it, to point a check made after parsing at a key's line.
    pub(crate) fn key_lines(&self) -> crate::yaml::KeyLines<'_> {
        crate::yaml::KeyLines {
            file: &self.file,
            text: &self.source,
        }
    }

    pub(crate) fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    pub(crate) fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
}

/// A site address: http(s), a host, no query or fragment; returned without a trailing slash.
pub(crate) fn check_base_url(url: &str) -> std::result::Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !trimmed.contains(['?', '#', ' ']) => Ok(trimmed.to_string()),
        _ => Err(format!(
            "`{url}` is not a site address: it must start with http:// or https:// and name a host"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "base_url: https://example.vn/portal/\nlanguages:\n  - code: vi\n    name: Tiếng Việt\n    title: Ngày hội\n  - code: en\n    name: English\n    title: Festival\n";

    #[test]
    fn parses_and_derives_paths() {
        let c = Config::parse(Path::new("."), Path::new("site.yaml"), GOOD).unwrap();
        assert_eq!(c.default_lang().as_str(), "vi");
        assert_eq!(c.base_path(), "/portal");
        assert_eq!(c.lang_prefix(&c.languages[1].code), "/en");
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_key_names_its_line() {
        let text = format!("{GOOD}colour: red\n");
        let err = Config::parse(Path::new("."), Path::new("site.yaml"), &text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("site.yaml:9"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }
}
