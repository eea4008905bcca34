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
mod links;
mod page;
mod patch;
mod sort;
mod validate;

pub(crate) use handed::{ArtworkLink, Handed, KitLink, PhotoView, PrintPage};
pub(crate) use links::{Links, link_key};
pub use page::PageData;
pub(crate) use patch::Patch;
pub(crate) use sort::sort_pages;

pub(crate) type PageId = usize;

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub id: PageId,
    pub key: String,
    pub lang: Lang,
    pub kind: Kind,
    pub section: String,
    pub rel: PathBuf,
    pub slug: Slug,
    /// Site-relative URL path, without the base path: `/tin-tuc/khai-mac/`.
    pub path: String,
    pub title: String,
    pub date: Option<Date>,
    pub summary: String,
    /// Empty when the front matter gives none: the summary stands in (see `Card::new`).
    pub description: String,
    pub sample: bool,
    pub template: Option<String>,
    pub html: String,
    /// Shortcode calls in the body; `html` holds a placeholder for each.
    pub shortcodes: Vec<crate::content::shortcode::Call>,
    pub toc: Vec<(u8, String, String)>,
    pub word_count: usize,
    pub data: PageData,
    pub bundle: Option<PathBuf>,
    /// Captions of bundle photos by file name, in this page's language (also their alt text).
    pub captions: BTreeMap<String, String>,
    /// Line of the file where the Markdown body starts, for messages about the body.
    pub body_line: usize,
}

impl Page {
    pub fn unit(&self) -> Option<&UnitId> {
        match &self.data {
            PageData::News { unit, .. } | PageData::Learner { unit, .. } => Some(unit),
            _ => None,
        }
    }

    pub fn year(&self) -> Option<i32> {
        match &self.data {
            PageData::Theme { year, .. } => Some(*year),
            PageData::Learner { year, .. } => *year,
            _ => self.date.map(|d| d.year()),
        }
    }
}

/// A section (top-level folder) in one language, or one of the generated sections (units, tags).
#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub lang: Lang,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    /// URL segment for this language (`tin-tuc`); empty for sections that live at the root.
    pub segment: String,
    /// Site-relative path of the list page: `/tin-tuc/`, `/en/news/`.
    pub path: String,
    pub sort_by: SortBy,
    pub paginate: usize,
    pub template: Option<String>,
    pub html: String,
    pub pages: Vec<PageId>,
    pub rel: Option<PathBuf>,
    pub body_line: usize,
}

/// A unit's news and learners in one language.
#[derive(Debug, Clone, Default)]
pub struct UnitPages {
    pub news: Vec<PageId>,
    pub learners: Vec<PageId>,
}

pub struct Site {
    pub config: Config,
    pub units: Units,
    pub pages: Vec<Page>,
    /// Sections by (name, lang). Always has `units` and `tags` for every language.
    pub sections: BTreeMap<(String, Lang), Section>,
    /// The home page's own front matter and body per language (`content/_index.md`).
    pub homes: BTreeMap<Lang, Section>,
    /// Pages by key and their URLs: how translations find each other and `@/` links resolve.
    /// Shared (by reference count) with the template functions, which must own what they use.
    pub links: Arc<Links>,
    /// Tags per language: slug → (display name, news pages newest first).
    pub tags: BTreeMap<Lang, BTreeMap<Slug, (String, Vec<PageId>)>>,
    pub unit_pages: HashMap<(UnitId, Lang), UnitPages>,
    /// Bundle assets: (bundle folder, file).
    pub assets: Vec<(PathBuf, PathBuf)>,
    pub today: Date,
    pub current_year: Option<i32>,
    pub warnings: Vec<String>,
}

pub struct BuildOptions {
    pub drafts: bool,
    pub today: Date,
}

impl Site {
    pub fn section(&self, name: &str, lang: &Lang) -> Option<&Section> {
        self.sections.get(&(name.to_string(), lang.clone()))
    }

    /// All language versions of a page, in the order of `languages` in site.yaml.
    pub fn translations(&self, page: &Page) -> Vec<&Page> {
        self.config
            .langs()
            .filter_map(|l| self.links.by_key.get(&(page.key.clone(), l.clone())))
            .map(|&id| &self.pages[id])
            .collect()
    }

    /// The theme page of a year in a language (falling back to the default language).
    pub fn theme_of_year(&self, year: i32, lang: &Lang) -> Option<&Page> {
        let find = |l: &Lang| {
            self.pages
                .iter()
                .find(|p| p.kind == Kind::Theme && &p.lang == l && p.year() == Some(year))
        };
        find(lang).or_else(|| find(self.config.default_lang()))
    }

    /// URL of the content an `@/` path names, in `lang` (see [`link_key`]).
    pub fn content_url(&self, target: &str, lang: &Lang) -> Option<String> {
        self.links.resolve(lang, target)
    }

    pub fn home_path(&self, lang: &Lang) -> String {
        format!("{}/", self.config.lang_prefix(lang))
    }

    /// URL path of a unit's page in a language.
    pub fn unit_path(&self, id: &UnitId, lang: &Lang) -> String {
        let s = self.section("units", lang).map(|s| s.path.as_str());
        format!("{}{}/", s.unwrap_or("/units/"), id)
    }

    pub fn tag_path(&self, slug: &Slug, lang: &Lang) -> String {
        let s = self.section("tags", lang).map(|s| s.path.as_str());
        format!("{}{}/", s.unwrap_or("/tags/"), slug)
    }
}
