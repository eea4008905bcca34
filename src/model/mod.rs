//! The site model: typed pages with URLs, sections, translations, units' pages and tags, as
//! every output (portal, artwork, kits, report) reads it. [`Site::build`] (in `build.rs`) makes
//! it from loaded documents, checking references on the way; after that it is immutable, except
//! for `loa serve`'s [`Site::patch`] of pages whose lists and URLs an edit leaves as they were.
//!
//! One file per seam: `build` (documents → site), `page` (front matter → page), `links` (`@/`
//! links and URLs), `body` (Markdown bodies), `validate`, `sort`, `patch`, and `handed` (the
//! plain link data outputs pass to the portal).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Kind;
use crate::content::frontmatter::*;
use crate::content::units::Units;
use crate::types::{Date, Lang, Slug, UnitId};

mod body;
mod build;
pub(crate) mod handed;
mod html;
mod links;
mod page;
mod patch;
mod shortcodes;
mod sort;
mod validate;

pub(crate) use crate::content::quarantine::Quarantined;
pub(crate) use handed::{ArtworkLink, CardLink, Handed, KitLink, PhotoView, PrintPage};
pub(crate) use html::Html;
pub(crate) use links::{Links, link_key};
pub(crate) use page::NewsShown;
pub use page::PageData;
pub(crate) use patch::Patch;
pub(crate) use sort::sort_pages;

pub(crate) type PageId = usize;

/// One page in one language: a content file read, checked and given its URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub(crate) id: PageId,
    pub(crate) key: String,
    /// The language of this version.
    pub lang: Lang,
    pub(crate) kind: Kind,
    pub(crate) section: String,
    /// The file, relative to the site folder (for messages).
    pub rel: PathBuf,
    /// The last part of the URL.
    pub slug: Slug,
    /// Site-relative URL path, without the base path: `/tin-tuc/khai-mac/`.
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) date: Option<Date>,
    pub(crate) summary: String,
    /// Empty when the front matter gives none: the summary stands in (see `Card::new`).
    pub(crate) description: String,
    pub(crate) sample: bool,
    pub(crate) template: Option<String>,
    /// The body's Markdown, until the model renders it into `html` (`render_bodies` in
    /// model/build.rs); empty after.
    pub(crate) markdown: crate::packed::Packed,
    pub(crate) html: Html,
    /// Shortcode calls in the body; `html` holds a placeholder for each.
    pub(crate) shortcodes: Vec<crate::content::shortcode::Call>,
    pub(crate) toc: Vec<(u8, String, String)>,
    pub(crate) word_count: usize,
    pub(crate) data: PageData,
    pub(crate) bundle: Option<PathBuf>,
    /// Captions of bundle photos by file name, in this page's language (also their alt text).
    pub(crate) captions: BTreeMap<String, String>,
    /// Alt text of bundle photos by file name, where it says more than the caption.
    pub(crate) alts: BTreeMap<String, String>,
    /// Line of the file where the Markdown body starts, for messages about the body.
    pub(crate) body_line: usize,
}

impl Page {
    pub(crate) fn unit(&self) -> Option<&UnitId> {
        match &self.data {
            PageData::News { unit, .. } | PageData::Learner { unit, .. } => Some(unit),
            _ => None,
        }
    }

    pub(crate) fn year(&self) -> Option<i32> {
        match &self.data {
            PageData::Theme { year, .. } => Some(*year),
            PageData::Learner { year, .. } => *year,
            _ => self.date.map(|d| d.year()),
        }
    }
}

/// A section (top-level folder) in one language, or one of the generated sections (units, tags).
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) name: String,
    pub(crate) lang: Lang,
    pub(crate) title: String,
    pub(crate) description: String,
    /// URL segment for this language (`tin-tuc`); empty for sections that live at the root.
    pub(crate) segment: String,
    /// Site-relative path of the list page: `/tin-tuc/`, `/en/news/`.
    pub(crate) path: String,
    pub(crate) sort_by: SortBy,
    pub(crate) paginate: usize,
    pub(crate) template: Option<String>,
    pub(crate) html: String,
    pub(crate) pages: Vec<PageId>,
    pub(crate) rel: Option<PathBuf>,
    pub(crate) body_line: usize,
}

/// A unit's news and learners in one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitPages {
    pub(crate) news: Vec<PageId>,
    pub(crate) learners: Vec<PageId>,
}

/// The whole site as every output reads it: config, units, pages, sections, tags, links.
pub struct Site {
    pub(crate) config: Config,
    pub(crate) units: Units,
    /// Every page in every language; a page's id is its index here.
    pub pages: Vec<Page>,
    /// Sections by (name, lang). Always has `units` and `tags` for every language.
    pub(crate) sections: BTreeMap<(String, Lang), Section>,
    /// The home page's own front matter and body per language (`content/_index.md`).
    pub(crate) homes: BTreeMap<Lang, Section>,
    /// Pages by key and their URLs: how translations find each other and `@/` links resolve.
    /// Shared (by reference count) with the template functions, which must own what they use.
    pub(crate) links: Arc<Links>,
    /// Tags per language: slug → (display name, news pages newest first).
    pub(crate) tags: BTreeMap<Lang, BTreeMap<Slug, (String, Vec<PageId>)>>,
    pub(crate) unit_pages: HashMap<(UnitId, Lang), UnitPages>,
    /// Bundle assets: (bundle folder, file).
    pub(crate) assets: Vec<(PathBuf, PathBuf)>,
    /// The date of the newest dated page: what feeds without entries give as their `<updated>`,
    /// since output must not depend on the day it is built.
    pub(crate) newest: Option<Date>,
    pub(crate) current_year: Option<i32>,
    pub(crate) warnings: Vec<String>,
    /// Pages of untrusted units left out of this build because they are broken.
    pub(crate) quarantined: Vec<Quarantined>,
}

pub(crate) struct BuildOptions {
    pub(crate) drafts: bool,
    /// The theme's shortcodes (`templates/shortcodes/<name>.html`), which calls may name.
    pub(crate) shortcodes: Vec<String>,
}

impl Site {
    pub(crate) fn section(&self, name: &str, lang: &Lang) -> Option<&Section> {
        self.sections.get(&(name.to_string(), lang.clone()))
    }

    /// The photos of each page bundle, in the order of `assets`. Gathered once by whoever needs
    /// them for many pages: scanning every asset for every page is quadratic on a site of
    /// thousands of posts with photos.
    pub(crate) fn photos_by_bundle(&self) -> HashMap<&std::path::Path, Vec<&std::path::Path>> {
        let mut by_bundle: HashMap<&std::path::Path, Vec<&std::path::Path>> = HashMap::new();
        for (bundle, file) in &self.assets {
            if crate::content::is_image(file) {
                by_bundle.entry(bundle).or_default().push(file);
            }
        }
        by_bundle
    }

    /// All language versions of a page, in the order of `languages` in site.yaml.
    pub(crate) fn translations(&self, page: &Page) -> Vec<&Page> {
        self.config
            .langs()
            .filter_map(|l| self.links.by_key.get(&(page.key.clone(), l.clone())))
            .map(|&id| &self.pages[id])
            .collect()
    }

    /// The theme page of a year in a language (falling back to the default language).
    pub(crate) fn theme_of_year(&self, year: i32, lang: &Lang) -> Option<&Page> {
        let find = |l: &Lang| {
            self.pages
                .iter()
                .find(|p| p.kind == Kind::Theme && &p.lang == l && p.year() == Some(year))
        };
        find(lang).or_else(|| find(self.config.default_lang()))
    }

    /// URL of the content an `@/` path names, in `lang` (see [`link_key`]).
    pub(crate) fn content_url(&self, target: &str, lang: &Lang) -> Option<String> {
        self.links.resolve(lang, target)
    }

    pub(crate) fn home_path(&self, lang: &Lang) -> String {
        format!("{}/", self.config.lang_prefix(lang))
    }

    /// URL path of a unit's page in a language.
    pub(crate) fn unit_path(&self, id: &UnitId, lang: &Lang) -> String {
        let s = self.section("units", lang).map(|s| s.path.as_str());
        format!("{}{}/", s.unwrap_or("/units/"), id)
    }

    pub(crate) fn tag_path(&self, slug: &Slug, lang: &Lang) -> String {
        let s = self.section("tags", lang).map(|s| s.path.as_str());
        format!("{}{}/", s.unwrap_or("/tags/"), slug)
    }
}

/// A page with only what a test sets; for the model's unit tests.
#[cfg(test)]
fn test_page(id: PageId, title: &str, date: Option<&str>, data: PageData) -> Page {
    let kind = match &data {
        PageData::Theme { .. } => Kind::Theme,
        PageData::Slogan { .. } => Kind::Slogan,
        PageData::News { .. } => Kind::News,
        PageData::Learner { .. } => Kind::Learner,
        PageData::Pano(_) => Kind::Pano,
        PageData::Page { .. } => Kind::Page,
    };
    Page {
        id,
        key: format!("k/{id}"),
        lang: Lang::parse("vi").unwrap(),
        kind,
        section: "news".into(),
        rel: PathBuf::from(format!("content/news/{id}.md")),
        slug: Slug::from_text(title),
        path: format!("/tin-tuc/{id}/"),
        title: title.into(),
        date: date.and_then(Date::parse),
        summary: String::new(),
        description: String::new(),
        sample: false,
        template: None,
        markdown: Default::default(),
        html: Default::default(),
        shortcodes: Vec::new(),
        toc: Vec::new(),
        word_count: 0,
        data,
        bundle: None,
        captions: BTreeMap::new(),
        alts: BTreeMap::new(),
        body_line: 1,
    }
}
