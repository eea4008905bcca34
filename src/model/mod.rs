//! Build the site model: turn loaded documents into typed pages with URLs, link translations,
//! check references (units, `@/` links, duplicate URLs) and compute the indices every list needs.
//! The resulting [`Site`] is immutable; every output (portal, artwork, reports) reads it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::frontmatter::*;
use crate::content::units::Units;
use crate::content::{Document, Front, Kind, Loaded};
use crate::error::{Error, Location, Result};
use crate::types::{Date, Lang, Slug, UnitId};

pub mod handed;

pub use handed::{ArtworkLink, Handed, KitLink, PhotoView, PrintPage};

pub type PageId = usize;

#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    pub name: String,
    pub slug: Slug,
}

/// The part of a page that depends on its kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageData {
    Theme {
        year: i32,
        theme: String,
        week_start: Date,
        week_end: Date,
        opening: Option<Opening>,
        report_deadline: Option<Date>,
        issuer: Option<String>,
        source: Option<String>,
    },
    Slogan {
        text: String,
        years: Vec<i32>,
        order: i32,
        source: Option<String>,
        /// Artwork formats for this slogan; empty means every configured format.
        formats: Vec<String>,
        lines: Option<Lines>,
    },
    News {
        #[serde(rename = "unit_id")]
        unit: UnitId,
        tags: Vec<Tag>,
        cover: Option<String>,
        participants: Option<u32>,
    },
    Learner {
        name: String,
        #[serde(rename = "unit_id")]
        unit: UnitId,
        category: LearnerCategory,
        quote: Option<String>,
        year: Option<i32>,
        photo: Option<String>,
    },
    Pano(Box<crate::content::pano::PanoSpec>),
    Page {
        weight: i32,
    },
}

#[derive(Debug, Clone)]
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
    pub shortcodes: Vec<crate::shortcode::Call>,
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
    pub fn build(config: Config, loaded: Loaded, opts: &BuildOptions) -> Result<Site> {
        let Loaded {
            documents,
            units,
            assets,
            mut warnings,
        } = loaded;
        let mut errors = Vec::new();

        let mut homes = BTreeMap::new();
        let mut index_docs = Vec::new();
        let mut page_docs = Vec::new();
        for d in documents {
            if d.is_index {
                index_docs.push(d);
            } else {
                page_docs.push(d);
            }
        }

        // Sections first: page URLs need each section's URL segment.
        let mut sections: BTreeMap<(String, Lang), Section> = BTreeMap::new();
        for d in &index_docs {
            let Front::Section(f) = &d.front else {
                continue;
            };
            if d.key.contains('/') {
                warnings.push(format!(
                    "{}: `_index.md` is only read at the top of a section (content/<section>/_index.md); this one is ignored",
                    d.rel.display()
                ));
                continue;
            }
            let section = make_section(&config, &d.key, &d.lang, Some((f, d)));
            if d.key.is_empty() {
                homes.insert(d.lang.clone(), section);
            } else {
                sections.insert((d.key.clone(), d.lang.clone()), section);
            }
        }
        let mut section_names: Vec<String> = page_docs.iter().map(|d| d.section.clone()).collect();
        section_names.extend(["units".to_string(), "tags".to_string()]);
        section_names.sort();
        section_names.dedup();
        for name in section_names.iter().filter(|n| !n.is_empty()) {
            for lang in config.langs() {
                let default_version = sections
                    .get(&(name.clone(), config.default_lang().clone()))
                    .cloned();
                sections.entry((name.clone(), lang.clone())).or_insert_with(
                    || match default_version {
                        // A language with no `_index.<lang>.md` keeps the default language's
                        // segment, so its URLs still exist, and gets the title as a fallback.
                        Some(mut s) => {
                            s.lang = lang.clone();
                            s.path = section_path(&config, lang, &s.segment);
                            s.pages.clear();
                            s
                        }
                        None => make_section(&config, name, lang, None),
                    },
                );
            }
        }
        for lang in config.langs() {
            homes
                .entry(lang.clone())
                .or_insert_with(|| make_section(&config, "", lang, None));
        }

        let mut pages: Vec<Page> = Vec::new();
        for d in page_docs {
            match make_page(&config, &units, &sections, d, opts) {
                Ok(Some(p)) => pages.push(p),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        pages.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
        for (i, p) in pages.iter_mut().enumerate() {
            p.id = i;
        }

        check_duplicate_urls(&config, &units, &pages, &sections)?;

        let links = Arc::new(Links {
            by_key: pages
                .iter()
                .map(|p| ((p.key.clone(), p.lang.clone()), p.id))
                .collect(),
            paths: pages.iter().map(|p| p.path.clone()).collect(),
            section_paths: sections
                .iter()
                .map(|(k, s)| (k.clone(), s.path.clone()))
                .collect(),
            config: config.clone(),
        });

        // Markdown after URLs, so `@/` links can be resolved to the page's own language. Each
        // page's Markdown is replaced by its HTML as soon as that is made, so the bodies of a
        // province-sized site are never held twice.
        let resolve_ctx = links.as_ref();
        let page_errors: Vec<Error> = pages
            .par_iter_mut()
            .filter_map(|p| {
                let markdown = std::mem::take(&mut p.html);
                let source = Source::of(&units, p);
                match render_markdown(resolve_ctx, &source, &markdown) {
                    Ok((md, calls)) => {
                        drop(markdown);
                        p.take_markdown(md, calls);
                        None
                    }
                    Err(e) => Some(e),
                }
            })
            .collect();
        let section_rendered: Vec<(String, Lang, Result<_>)> = sections
            .values()
            .chain(homes.values())
            .filter_map(|s| {
                let rel = s.rel.as_ref()?;
                let source = Source {
                    lang: &s.lang,
                    rel,
                    body_line: s.body_line,
                    trusted: true,
                };
                let md = render_markdown(resolve_ctx, &source, &s.html);
                Some((s.name.clone(), s.lang.clone(), md))
            })
            .collect();
        let mut errors = page_errors;
        for (name, lang, r) in section_rendered {
            match r {
                Ok((md, calls)) => {
                    if let Some(c) = calls.first() {
                        let s = if name.is_empty() {
                            homes.get(&lang)
                        } else {
                            sections.get(&(name.clone(), lang.clone()))
                        };
                        if let Some(rel) = s.and_then(|s| s.rel.as_ref()) {
                            errors.push(Error::content(
                                Location::line(rel, s.map_or(0, |s| s.body_line) + c.line),
                                format!("`{{{{ {}(…) }}}}`: shortcodes work in pages, not in section pages (_index.md)", c.name),
                                "move it to a page, or write the HTML in the section's template",
                            ));
                        }
                    }
                    let target = if name.is_empty() {
                        homes.get_mut(&lang)
                    } else {
                        sections.get_mut(&(name, lang))
                    };
                    if let Some(s) = target {
                        s.html = md.html;
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;

        // Section lists, sorted as each section asks.
        for p in &pages {
            if let Some(s) = sections.get_mut(&(p.section.clone(), p.lang.clone())) {
                s.pages.push(p.id);
            }
        }
        for s in sections.values_mut() {
            sort_pages(&mut s.pages, &pages, s.sort_by);
        }

        let mut tags: BTreeMap<Lang, BTreeMap<Slug, (String, Vec<PageId>)>> = BTreeMap::new();
        let mut unit_pages: HashMap<(UnitId, Lang), UnitPages> = HashMap::new();
        for p in &pages {
            match &p.data {
                PageData::News {
                    tags: page_tags,
                    unit,
                    ..
                } => {
                    for t in page_tags {
                        tags.entry(p.lang.clone())
                            .or_default()
                            .entry(t.slug.clone())
                            .or_insert_with(|| (t.name.clone(), Vec::new()))
                            .1
                            .push(p.id);
                    }
                    unit_pages
                        .entry((unit.clone(), p.lang.clone()))
                        .or_default()
                        .news
                        .push(p.id);
                }
                PageData::Learner { unit, .. } => unit_pages
                    .entry((unit.clone(), p.lang.clone()))
                    .or_default()
                    .learners
                    .push(p.id),
                _ => {}
            }
        }
        for list in tags.values_mut() {
            for (_, ids) in list.values_mut() {
                sort_pages(ids, &pages, SortBy::Date);
            }
        }
        for up in unit_pages.values_mut() {
            sort_pages(&mut up.news, &pages, SortBy::Date);
            sort_pages(&mut up.learners, &pages, SortBy::Title);
        }

        check_menus(&config, &sections, &links.by_key)?;

        let current_year = config.campaign.current_year.or_else(|| {
            pages
                .iter()
                .filter(|p| p.kind == Kind::Theme)
                .filter_map(|p| p.year())
                .max()
        });

        Ok(Site {
            config,
            units,
            pages,
            sections,
            homes,
            links,
            tags,
            unit_pages,
            assets,
            today: opts.today,
            current_year,
            warnings,
        })
    }

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

/// The content key named by an `@/` link target: `news/x.md`, `news/x/index.md`, `news/x/` and
/// `news/x.en.md` all name `news/x`.
pub fn link_key(target: &str, config: &Config) -> String {
    let mut key = target
        .trim_start_matches("@/")
        .trim_end_matches('/')
        .to_string();
    for suffix in ["/_index.md", "/index.md", ".md"] {
        if let Some(k) = key.strip_suffix(suffix) {
            key = k.to_string();
            break;
        }
    }
    if let Some((base, l)) = key.rsplit_once('.')
        && config.has_lang(l)
    {
        key = base.to_string();
    }
    if let Some(k) = key.strip_suffix("/_index") {
        key = k.to_string();
    }
    if key == "_index" {
        key.clear();
    }
    crate::text::nfc(&key)
}

/// Pages by key and the URL path of every page and section: what `@/` links resolve against.
pub struct Links {
    pub by_key: HashMap<(String, Lang), PageId>,
    /// Site-relative URL path of each page, by id.
    pub paths: Vec<String>,
    section_paths: BTreeMap<(String, Lang), String>,
    config: Config,
}

impl Page {
    /// Takes what rendering the body's Markdown gave: HTML, shortcodes, outline, summary.
    fn take_markdown(&mut self, md: crate::markdown::Rendered, calls: Vec<crate::shortcode::Call>) {
        self.shortcodes = calls;
        if self.summary.is_empty() {
            self.summary = crate::text::truncate_words(&md.first_paragraph, 220);
        }
        self.word_count = md.word_count;
        self.html = md.html;
        self.toc = md.toc;
    }

    /// Whether `other` (the same page read again) differs only in what it shows: its text,
    /// title, summary and such, not its URL, date, unit, tags, pictures or template, which
    /// decide what lists it is on and which files exist. Lists sorted by title are checked
    /// apart (`in_order`).
    fn same_structure(&self, other: &Page) -> bool {
        let data = match (&self.data, &other.data) {
            (
                PageData::News {
                    unit: u1,
                    tags: t1,
                    cover: c1,
                    ..
                },
                PageData::News {
                    unit: u2,
                    tags: t2,
                    cover: c2,
                    ..
                },
            ) => {
                u1 == u2
                    && c1 == c2
                    && t1.len() == t2.len()
                    && t1
                        .iter()
                        .zip(t2)
                        .all(|(a, b)| a.name == b.name && a.slug == b.slug)
            }
            (
                PageData::Learner {
                    unit: u1,
                    category: c1,
                    year: y1,
                    photo: p1,
                    ..
                },
                PageData::Learner {
                    unit: u2,
                    category: c2,
                    year: y2,
                    photo: p2,
                    ..
                },
            ) => u1 == u2 && c1 == c2 && y1 == y2 && p1 == p2,
            (PageData::Page { weight: w1 }, PageData::Page { weight: w2 }) => w1 == w2,
            // Themes are in every page's context and slogans are drawn as artwork.
            _ => false,
        };
        data && self.key == other.key
            && self.lang == other.lang
            && self.kind == other.kind
            && self.section == other.section
            && self.rel == other.rel
            && self.slug == other.slug
            && self.path == other.path
            && self.date == other.date
            && self.sample == other.sample
            && self.template == other.template
            && self.bundle == other.bundle
            && self.captions == other.captions
    }
}

/// What re-reading some pages (`Site::patch`) changed.
#[derive(Debug)]
pub enum Patch {
    /// Only what these pages show: lists, order, URLs and files are as they were.
    Pages(Vec<PageId>),
    /// The site's structure: it must be built again.
    Structure,
}

impl Site {
    /// Puts pages read again from their files in place of the old ones, for `loa serve`. Only
    /// changes that leave every list, URL and file as it was are taken; anything else is
    /// `Patch::Structure` and the site is left unchanged.
    pub fn patch(&mut self, docs: Vec<Document>, opts: &BuildOptions) -> Result<Patch> {
        let mut fresh: Vec<Page> = Vec::new();
        for d in docs {
            if d.is_index {
                return Ok(Patch::Structure);
            }
            let Some(&id) = self.links.by_key.get(&(d.key.clone(), d.lang.clone())) else {
                return Ok(Patch::Structure);
            };
            // None: the page became a draft, so it leaves the site.
            let Some(mut page) = make_page(&self.config, &self.units, &self.sections, d, opts)?
            else {
                return Ok(Patch::Structure);
            };
            page.id = id;
            let markdown = std::mem::take(&mut page.html);
            let (md, calls) =
                render_markdown(&self.links, &Source::of(&self.units, &page), &markdown)?;
            page.take_markdown(md, calls);
            if !self.pages[id].same_structure(&page) {
                return Ok(Patch::Structure);
            }
            fresh.push(page);
        }
        let page_of = |id: PageId| fresh.iter().find(|p| p.id == id).unwrap_or(&self.pages[id]);
        for p in &fresh {
            let mut lists: Vec<(&[PageId], SortBy)> = Vec::new();
            if let Some(s) = self.sections.get(&(p.section.clone(), p.lang.clone())) {
                lists.push((&s.pages, s.sort_by));
            }
            if let Some(unit) = p.unit()
                && let Some(up) = self.unit_pages.get(&(unit.clone(), p.lang.clone()))
            {
                lists.push((&up.news, SortBy::Date));
                lists.push((&up.learners, SortBy::Title));
            }
            if let PageData::News { tags, .. } = &p.data {
                for t in tags {
                    if let Some((_, ids)) = self.tags.get(&p.lang).and_then(|l| l.get(&t.slug)) {
                        lists.push((ids, SortBy::Date));
                    }
                }
            }
            for (ids, by) in lists {
                if let Some(pos) = ids.iter().position(|&i| i == p.id)
                    && !in_order(ids, pos, by, page_of)
                {
                    return Ok(Patch::Structure);
                }
            }
        }
        let ids = fresh.iter().map(|p| p.id).collect();
        for p in fresh {
            let id = p.id;
            self.pages[id] = p;
        }
        Ok(Patch::Pages(ids))
    }
}

impl Links {
    pub fn has_lang(&self, lang: &Lang) -> bool {
        self.config.has_lang(lang.as_str())
    }

    /// Resolves `@/news/x.md` to the URL of that content in `lang`, falling back to the default
    /// language when the page has no translation. Sections (`@/news/`) resolve to their list page.
    pub fn resolve(&self, lang: &Lang, target: &str) -> Option<String> {
        let (by_key, config) = (&self.by_key, &self.config);
        let key = link_key(target, config);
        let base_path = config.base_path();
        // The page in this language, else in the default language, else in any language it has.
        let found = by_key
            .get(&(key.clone(), lang.clone()))
            .or_else(|| by_key.get(&(key.clone(), config.default_lang().clone())))
            .or_else(|| {
                config
                    .langs()
                    .find_map(|l| by_key.get(&(key.clone(), l.clone())))
            });
        if let Some(&id) = found {
            return Some(format!("{base_path}{}", self.paths[id]));
        }
        if key.is_empty() {
            return Some(format!("{base_path}{}/", config.lang_prefix(lang)));
        }
        self.section_paths
            .get(&(key, lang.clone()))
            .map(|p| format!("{base_path}{p}"))
    }
}

/// Where a Markdown body comes from: for its links' language, for messages, and whether its
/// author may publish raw HTML.
struct Source<'a> {
    lang: &'a Lang,
    rel: &'a std::path::Path,
    body_line: usize,
    /// Pages of a unit not marked `trusted` are sanitised; pages without a unit belong to the
    /// site's own editors.
    trusted: bool,
}

impl<'a> Source<'a> {
    fn of(units: &Units, page: &'a Page) -> Source<'a> {
        Source {
            lang: &page.lang,
            rel: &page.rel,
            body_line: page.body_line,
            trusted: page.unit().is_none_or(|u| units.trusted(u)),
        }
    }
}

/// Markdown to HTML, for a full build and for `loa serve`'s patches alike, so both give the same
/// (and the same sanitised) HTML.
fn render_markdown(
    links: &Links,
    source: &Source,
    markdown: &str,
) -> Result<(crate::markdown::Rendered, Vec<crate::shortcode::Call>)> {
    let Source {
        lang,
        rel,
        body_line,
        trusted,
    } = *source;
    let (markdown, calls, bad) = crate::shortcode::extract(markdown);
    Error::from_list(
        bad.into_iter()
            .map(|b| {
                Error::content(
                    Location::line(rel, body_line + b.line),
                    b.message,
                    "write a shortcode alone on its line: {{ gallery() }} or {{ gallery(photos=[\"a.jpg\"]) }}",
                )
            })
            .collect(),
    )?;
    let markdown = markdown.as_str();
    let (md, broken) = crate::markdown::render(markdown, links.config.base_path(), &|t| {
        links.resolve(lang, t)
    });
    if let Some(b) = broken.first() {
        let line = body_line + markdown[..b.offset].matches('\n').count();
        return Err(Error::content(
            Location::line(rel, line),
            format!("link `{}` points to content that does not exist", b.target),
            "write the path of a Markdown file below content/, e.g. `@/themes/2023.md`",
        ));
    }
    let mut md = md;
    if !trusted {
        md.html = crate::sanitize::untrusted_html(&md.html);
    }
    Ok((md, calls))
}

fn section_path(config: &Config, lang: &Lang, segment: &str) -> String {
    let prefix = config.lang_prefix(lang);
    if segment.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{segment}/")
    }
}

fn default_sort(name: &str) -> SortBy {
    match Kind::of_section(name) {
        Kind::News => SortBy::Date,
        Kind::Theme => SortBy::Year,
        Kind::Slogan => SortBy::Order,
        Kind::Learner => SortBy::Title,
        Kind::Pano | Kind::Page => SortBy::Weight,
    }
}

fn make_section(
    config: &Config,
    name: &str,
    lang: &Lang,
    front: Option<(&SectionFront, &Document)>,
) -> Section {
    let f = front.map(|(f, _)| f.clone()).unwrap_or_default();
    let segment = f
        .path
        .clone()
        .map(|p| p.trim_matches('/').to_string())
        .unwrap_or_else(|| name.to_string());
    let title = f.title.clone().unwrap_or_else(|| {
        let mut c = name.chars();
        c.next()
            .map(|first| first.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    Section {
        name: name.to_string(),
        lang: lang.clone(),
        kind: Kind::of_section(name),
        title,
        description: f.description.clone().unwrap_or_default(),
        path: section_path(config, lang, &segment),
        segment,
        sort_by: f.sort_by.unwrap_or_else(|| default_sort(name)),
        paginate: f.paginate.unwrap_or(config.paginate).max(1),
        template: f.template.clone(),
        // Holds the Markdown until the model renders it to HTML.
        html: front.map(|(_, d)| d.body.clone()).unwrap_or_default(),
        pages: Vec::new(),
        rel: front.map(|(_, d)| d.rel.clone()),
        body_line: front.map_or(1, |(_, d)| d.body_line),
    }
}

fn missing(d: &Document, field: &str, example: &str) -> Error {
    Error::content(
        Location::line(&d.rel, 2),
        format!("required field `{field}` is missing from the front matter"),
        format!("add a line such as `{field}: {example}` between the `---` lines"),
    )
}

macro_rules! required {
    ($d:expr, $f:expr, $field:ident, $example:expr) => {
        match $f.$field.clone() {
            Some(v) => v,
            None => return Err(missing($d, stringify!($field), $example)),
        }
    };
}

/// A picture named in front matter must be a web address, a file in static/ (`/img/a.jpg`), or a
/// file in the page's own bundle; it may not climb out of either folder.
fn check_image_ref(
    config: &Config,
    d: &Document,
    field: &str,
    value: &Option<String>,
) -> Result<Option<String>> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.starts_with("https://") || v.starts_with("http://") {
        return Ok(Some(v.to_string()));
    }
    let err = |what: String, hint: &str| Err(Error::content(d.at_field(field), what, hint));
    if std::path::Path::new(v)
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return err(
            format!("`{field}: {v}` points outside the site"),
            "put the picture in the page's folder, or in static/ and write it as /img/name.jpg",
        );
    }
    let file = match (v.strip_prefix('/'), &d.bundle) {
        (Some(rel), _) => config.static_dir().join(rel),
        (None, Some(bundle)) => bundle.join(v),
        (None, None) => {
            return err(
                format!(
                    "`{field}: {v}` is a file name, but this page is not a folder (page bundle) that could hold it"
                ),
                "make the page a folder with index.md and the picture beside it, or put the picture in static/ and write /img/name.jpg",
            );
        }
    };
    if !file.is_file() {
        return err(
            format!("`{field}: {v}`: there is no such file ({})", file.display()),
            "check the file name (letters, accents and case must match)",
        );
    }
    Ok(Some(v.to_string()))
}

fn check_unit(units: &Units, d: &Document, unit: &UnitId) -> Result<()> {
    if units.get(unit).is_some() {
        return Ok(());
    }
    let hint = crate::content::units::unknown_hint(units, unit.as_str());
    Err(Error::content(
        d.at_field("unit"),
        format!("unit `{unit}` is not in the units registry"),
        hint,
    ))
}

fn make_page(
    config: &Config,
    units: &Units,
    sections: &BTreeMap<(String, Lang), Section>,
    d: Document,
    opts: &BuildOptions,
) -> Result<Option<Page>> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let (title, date, summary, description, sample, draft, slug, template, data) = match &d.front {
        Front::Theme(f) => {
            let year = required!(&d, f, year, "2023");
            let theme = required!(&d, f, theme, "Xây dựng năng lực tự học trong kỷ nguyên số");
            let week_start = required!(&d, f, week_start, "2023-10-02");
            let week_end = required!(&d, f, week_end, "2023-10-08");
            if week_end < week_start {
                return Err(Error::content(
                    d.at_field("week_end"),
                    format!("week_end {week_end} is before week_start {week_start}"),
                    "swap the two dates",
                ));
            }
            (
                crate::text::nfc(&theme),
                Some(week_start),
                String::new(),
                nfc(&f.description).unwrap_or_default(),
                f.sample,
                f.draft,
                f.slug.clone(),
                f.template.clone(),
                PageData::Theme {
                    year,
                    theme: crate::text::nfc(&theme),
                    week_start,
                    week_end,
                    opening: f.opening.clone(),
                    report_deadline: f.report_deadline,
                    issuer: nfc(&f.issuer),
                    source: nfc(&f.source),
                },
            )
        }
        Front::Slogan(f) => {
            let text = required!(
                &d,
                f,
                text,
                "Học tập suốt đời là chìa khóa của sự thành công"
            );
            let years = required!(&d, f, years, "[2022]");
            (
                crate::text::nfc(&text),
                None,
                String::new(),
                String::new(),
                f.sample,
                f.draft,
                f.slug.clone(),
                f.template.clone(),
                PageData::Slogan {
                    text: crate::text::nfc(&text),
                    years,
                    order: f.order.unwrap_or(0),
                    source: nfc(&f.source),
                    formats: f.formats.clone().unwrap_or_default(),
                    lines: f.lines.clone().map(|l| match l {
                        Lines::All(v) => {
                            Lines::All(v.iter().map(|s| crate::text::nfc(s)).collect())
                        }
                        Lines::PerFormat(m) => Lines::PerFormat(
                            m.into_iter()
                                .map(|(k, v)| (k, v.iter().map(|s| crate::text::nfc(s)).collect()))
                                .collect(),
                        ),
                    }),
                },
            )
        }
        Front::News(f) => {
            let title = required!(&d, f, title, "Khai mạc Tuần lễ học tập suốt đời");
            let date = required!(&d, f, date, "2023-10-02");
            let unit = required!(&d, f, unit, "thcs-ngo-quyen");
            check_unit(units, &d, &unit)?;
            let tags = f
                .tags
                .clone()
                .unwrap_or_default()
                .iter()
                .map(|t| crate::text::nfc(t.trim()))
                .filter(|t| !t.is_empty())
                .map(|name| Tag {
                    slug: Slug::from_text(&name),
                    name,
                })
                .collect::<Vec<_>>();
            // Two spellings of one tag ("Văn hóa đọc", "văn hoá đọc") are one tag page: the
            // post is listed there once, under the first spelling.
            let mut tags = tags;
            let mut seen = std::collections::HashSet::new();
            tags.retain(|t| seen.insert(t.slug.clone()));
            if let Some(bad) = tags.iter().find(|t| t.slug.is_empty()) {
                return Err(Error::content(
                    d.at_field("tags"),
                    format!(
                        "tag `{}` has no letters or digits to make a URL from",
                        bad.name
                    ),
                    "use a word or two as the tag, e.g. `văn hóa đọc`",
                ));
            }
            (
                crate::text::nfc(&title),
                Some(date),
                nfc(&f.summary).unwrap_or_default(),
                String::new(),
                f.sample,
                f.draft,
                f.slug.clone(),
                f.template.clone(),
                PageData::News {
                    unit,
                    tags,
                    cover: check_image_ref(config, &d, "cover", &f.cover)?,
                    participants: f.participants,
                },
            )
        }
        Front::Learner(f) => {
            let name = required!(&d, f, name, "Nguyễn Thị Lan");
            let unit = required!(&d, f, unit, "phuong-an-my");
            let category = required!(&d, f, category, "cong-dan-hoc-tap");
            check_unit(units, &d, &unit)?;
            (
                crate::text::nfc(&name),
                None,
                String::new(),
                String::new(),
                f.sample,
                f.draft,
                f.slug.clone(),
                f.template.clone(),
                PageData::Learner {
                    name: crate::text::nfc(&name),
                    unit,
                    category,
                    quote: nfc(&f.quote),
                    year: f.year,
                    photo: check_image_ref(config, &d, "photo", &f.photo)?,
                },
            )
        }
        Front::Pano(f) => {
            let title = required!(&d, f, title, "Pano khai mạc Tuần lễ 2023");
            let spec = crate::content::pano::spec(config, units, &d, f)?;
            (
                crate::text::nfc(&title),
                None,
                String::new(),
                nfc(&f.description).unwrap_or_default(),
                f.sample,
                f.draft,
                f.slug.clone(),
                f.template.clone(),
                PageData::Pano(Box::new(spec)),
            )
        }
        Front::Page(f) => {
            let title = required!(&d, f, title, "Giới thiệu");
            (
                crate::text::nfc(&title),
                f.date,
                String::new(),
                nfc(&f.description).unwrap_or_default(),
                f.sample,
                f.draft,
                f.slug.clone(),
                f.template.clone(),
                PageData::Page {
                    weight: f.weight.unwrap_or(0),
                },
            )
        }
        Front::Section(_) => return Ok(None),
    };
    if draft.unwrap_or(false) && !opts.drafts {
        return Ok(None);
    }
    let captions: BTreeMap<String, String> = match &d.front {
        Front::News(f) => f.captions.clone(),
        Front::Page(f) => f.captions.clone(),
        _ => None,
    }
    .unwrap_or_default()
    .into_iter()
    .map(|(k, v)| (crate::text::nfc(&k), crate::text::nfc(&v)))
    .collect();
    let last = d.key.rsplit('/').next().unwrap_or(&d.key);
    let slug = match slug {
        Some(s) => Slug::from_text(&s),
        None => Slug::from_text(last),
    };
    if slug.is_empty() {
        return Err(Error::content(
            Location::line(&d.rel, 2),
            "this page has an empty URL slug",
            "set `slug:` in the front matter to a few words, e.g. `slug: khai-mac`",
        ));
    }
    let section_segment = sections
        .get(&(d.section.clone(), d.lang.clone()))
        .map(|s| s.segment.clone())
        .unwrap_or_else(|| d.section.clone());
    let path = {
        let prefix = config.lang_prefix(&d.lang);
        if section_segment.is_empty() {
            format!("{prefix}/{slug}/")
        } else {
            format!("{prefix}/{section_segment}/{slug}/")
        }
    };
    Ok(Some(Page {
        id: 0,
        kind: d.kind(),
        key: d.key,
        lang: d.lang,
        section: d.section,
        slug,
        path,
        title,
        date,
        summary,
        description,
        sample: sample.unwrap_or(false),
        template,
        // Holds the Markdown until the model renders it (see `body_markdown`).
        html: d.body,
        shortcodes: Vec::new(),
        toc: Vec::new(),
        word_count: 0,
        data,
        bundle: d.bundle,
        captions,
        body_line: d.body_line,
        rel: d.rel,
    }))
}

/// Menu entries that name a section or page must name one that exists: a misspelt target
/// would otherwise quietly link to the home page.
fn check_menus(
    config: &Config,
    sections: &BTreeMap<(String, Lang), Section>,
    by_key: &HashMap<(String, Lang), PageId>,
) -> Result<()> {
    let text = &config.source;
    let at = |needle: &str| match text.lines().position(|l| l.contains(needle)) {
        Some(i) => Location::line(&config.file, i + 1),
        None => Location::file(&config.file),
    };
    let mut errors = Vec::new();
    for lc in &config.languages {
        for item in &lc.menu {
            if let Some(name) = &item.section
                && !sections.contains_key(&(name.clone(), lc.code.clone()))
            {
                let mut known: Vec<&str> = sections
                    .keys()
                    .filter(|(_, l)| l == &lc.code)
                    .map(|(n, _)| n.as_str())
                    .collect();
                known.dedup();
                errors.push(Error::config(
                    at(&format!("section: {name}")),
                    format!(
                        "menu item `{}` names section `{name}`, which does not exist",
                        item.name
                    ),
                    format!("use a folder of content/: {}", known.join(", ")),
                ));
            }
            if let Some(page) = &item.page {
                let key = link_key(page, config);
                if !config
                    .langs()
                    .any(|l| by_key.contains_key(&(key.clone(), l.clone())))
                {
                    errors.push(Error::config(
                        at(&format!("page: {page}")),
                        format!(
                            "menu item `{}` names page `{page}`, which does not exist",
                            item.name
                        ),
                        "give the path of a Markdown file below content/, e.g. pages/gioi-thieu.md",
                    ));
                }
            }
        }
    }
    Error::from_list(errors)
}

/// Two outputs at one URL would silently overwrite each other: every page must have a URL that
/// no other page, home page, section list or unit page uses.
fn check_duplicate_urls(
    config: &Config,
    units: &Units,
    pages: &[Page],
    sections: &BTreeMap<(String, Lang), Section>,
) -> Result<()> {
    let mut seen: HashMap<String, String> = HashMap::new();
    for lang in config.langs() {
        seen.insert(
            format!("{}/", config.lang_prefix(lang)),
            format!("the {lang} home page"),
        );
    }
    for s in sections.values().filter(|s| !s.segment.is_empty()) {
        let owner = match &s.rel {
            Some(rel) => rel.display().to_string(),
            None => format!("the list page of content/{}/", s.name),
        };
        seen.insert(s.path.clone(), owner);
        if s.name == "units" {
            for u in &units.list {
                seen.insert(
                    format!("{}{}/", s.path, u.id),
                    format!("the page of unit `{}`", u.id),
                );
            }
        }
    }
    let mut errors = Vec::new();
    for p in pages {
        if let Some(other) = seen.insert(p.path.clone(), p.rel.display().to_string()) {
            errors.push(Error::content(
                Location::file(&p.rel),
                format!(
                    "this page would be published at {}, which {other} already uses",
                    p.path
                ),
                "give this page a different `slug:` in its front matter",
            ));
        }
    }
    Error::from_list(errors)
}

pub fn sort_pages(ids: &mut [PageId], pages: &[Page], by: SortBy) {
    // Keys computed once per page, not once per comparison: a collation key allocates. The sort
    // is stable and ids come in ascending, so equal keys keep id order (see `in_order`).
    ids.sort_by_cached_key(|id| sort_key(by, &pages[*id]));
}

/// Where a page sorts in a list sorted `by`: newest first for dates and years, then by order or
/// weight, then by title in Vietnamese collation.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey(
    std::cmp::Reverse<Option<Date>>,
    std::cmp::Reverse<Option<i32>>,
    (i32, i32),
    (Vec<u32>, Vec<u8>),
);

pub fn sort_key(by: SortBy, page: &Page) -> SortKey {
    use std::cmp::Reverse;
    let title = crate::text::sort_key(&page.title);
    match by {
        SortBy::Date => SortKey(Reverse(page.date), Reverse(None), (0, 0), title),
        SortBy::Title => SortKey(Reverse(None), Reverse(None), (0, 0), title),
        SortBy::Year => SortKey(Reverse(None), Reverse(page.year()), (0, 0), title),
        SortBy::Order | SortBy::Weight => {
            let order = match &page.data {
                PageData::Slogan { order, years, .. } => {
                    (-years.iter().max().copied().unwrap_or(0), *order)
                }
                PageData::Page { weight } => (0, *weight),
                _ => (0, 0),
            };
            SortKey(Reverse(None), Reverse(None), order, title)
        }
    }
}

/// Whether the page at `pos` of a list sorted `by` still sorts between its neighbours, with
/// `page_of` giving the (possibly edited) page of an id.
fn in_order<'p>(
    ids: &[PageId],
    pos: usize,
    by: SortBy,
    page_of: impl Fn(PageId) -> &'p Page,
) -> bool {
    let key = |i: usize| (sort_key(by, page_of(ids[i])), ids[i]);
    let here = key(pos);
    (pos == 0 || key(pos - 1) < here) && (pos + 1 >= ids.len() || here < key(pos + 1))
}
