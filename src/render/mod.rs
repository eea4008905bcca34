//! Render stage: the tera environment (theme templates, site overrides, helper functions and
//! filters) and every page of the portal, feeds, sitemap and robots.txt, rendered in parallel
//! into the staging folder.
//!
//! This file holds the [`Renderer`], the list of [`Job`]s and the dispatcher that sends each job
//! to the file of its output kind: `home`, `pages` (single pages, 404), `lists` (sections, tags,
//! pagination), `units`, `feeds`, `sitemap` (and robots.txt, _headers), `search`; with the
//! context every output shares (`context`), the cards lists show (`cards`), the picture a shared
//! page shows (`share`), shortcodes, the results report, and the templates themselves
//! (`templates`).

mod cards;
mod cms;
mod context;
pub(crate) mod deps;
mod feeds;
mod functions;
mod home;
mod lists;
mod pages;
mod report;
mod search;
mod share;
mod shortcodes;
mod sitemap;
mod templates;
mod units;
mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tera::{Context, Tera};

use crate::error::Result;
use crate::model::{Handed, PageId, Site};
use crate::output::{Output, Produced, produce_all};
use crate::theme::Theme;
use crate::types::{Lang, Slug, UnitId};
use crate::write::Sink;
pub(crate) use share::has_own_picture;
use sitemap::HEADERS;

/// What rendering produced, for the summary line.
#[derive(Debug, Default, Clone)]
pub(crate) struct Stats {
    /// Files rendered: pages, feeds, sitemaps, robots.txt, search indexes (not report CSVs).
    pub(crate) pages: usize,
}

/// One output to render; the list of jobs is built first and rendered in parallel.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    Home(Lang),
    Page(PageId),
    List {
        section: (String, Lang),
    },
    Units(Lang),
    Unit(UnitId, Lang),
    Tags(Lang),
    Tag(Slug, Lang),
    NotFound(Lang),
    Feed(Lang),
    /// A unit's news as an Atom feed, beside its page.
    UnitFeed(UnitId, Lang),
    /// One file of the sitemap: all of it, or part `n` (from 1) when it is split.
    Sitemap(usize),
    /// The sitemap index naming the parts, when there is more than one.
    SitemapIndex(usize),
    Robots,
    /// `_headers` (the Content-Security-Policy and other headers for hosts that read the
    /// file), when the theme has that template.
    Headers,
    /// The search page of a language and its JSON index.
    Search(Lang),
    /// The CMS's admin page and its configuration (`admin/`), when `cms:` asks for them.
    Cms,
}

pub(crate) struct Renderer {
    site: Arc<Site>,
    theme: Arc<Theme>,
    tera: Tera,
    /// What pages' cards are made from (see [`cards`]); shared with `pages()`.
    cards: Arc<cards::Cards>,
    /// Pages every file shows (the current campaign theme, in the base context).
    base_deps: Vec<PageId>,
    /// What each file written shows, when recording for `loa serve`.
    record: Option<Mutex<Vec<deps::FileDeps>>>,
    /// Each page's search words, kept between rebuilds while recording (see `search::WordsCache`).
    search_cache: search::WordsCache,
    base: HashMap<Lang, Context>,
    /// Artwork, photo and kit links, computed by the outputs that write those files.
    handed: Handed,
    /// Files produced by `resize_image()` during rendering: (output path, cache file).
    resized: functions::Resized,
    /// The search page's path per language, when the site has one.
    search: Option<BTreeMap<Lang, String>>,
}

impl Renderer {
    pub(crate) fn new(
        shared_site: Arc<Site>,
        shared_theme: Arc<Theme>,
        handed: Handed,
        images: Arc<crate::images::Processor>,
    ) -> Result<Renderer> {
        let site: &Site = &shared_site;
        let theme: &Theme = &shared_theme;
        let cards = Arc::new(cards::Cards::new(site, &handed.artwork));
        let resized = functions::Resized::default();
        let tera = templates::load(&shared_site, theme, &cards, images, resized.clone())?;
        let search = search::paths(site, theme, tera.contains_template("search.html"))?;
        let mut renderer = Renderer {
            search,
            site: shared_site.clone(),
            theme: shared_theme.clone(),
            tera,
            cards,
            base_deps: Vec::new(),
            record: None,
            search_cache: Default::default(),
            base: HashMap::new(),
            handed,
            resized,
        };
        deps::reset();
        for lang in site.config.langs() {
            let ctx = renderer.base_context(lang);
            renderer.base.insert(lang.clone(), ctx);
        }
        renderer.base_deps = deps::snapshot();
        deps::reset();
        Ok(renderer)
    }

    /// Images that templates produced with `resize_image()`, to publish with the site.
    pub(crate) fn resized_images(&self) -> Vec<(String, std::path::PathBuf)> {
        let mut list = self.resized.lock().map(|l| l.clone()).unwrap_or_default();
        list.sort();
        list.dedup();
        list
    }

    pub(crate) fn render_all(&self, out: &dyn Sink) -> Result<Stats> {
        // Each language's search index is built alone, one language after the other, before the
        // rest (the index uses both cores itself): two at once held both languages' word tables
        // at the peak of a province-sized build.
        let (alone, together): (Vec<_>, Vec<_>) = self
            .plan(&self.site)?
            .into_iter()
            .partition(|(_, job)| matches!(job, Job::Search(_)));
        let mut pages = 0;
        for job in &alone {
            pages += self.produce(&self.site, job, out)?.files;
        }
        pages += produce_all(self, &self.site, &together, out)?.files;
        Ok(Stats { pages })
    }

    /// Records, from now on, which pages each written file shows (see [`deps`]).
    pub(crate) fn record_deps(&mut self) {
        self.record = Some(Mutex::new(Vec::new()));
    }

    /// What the files written so far show, and forgets it.
    pub(crate) fn take_deps(&self) -> Vec<deps::FileDeps> {
        self.record
            .as_ref()
            .and_then(|r| r.lock().ok().map(|mut v| std::mem::take(&mut *v)))
            .unwrap_or_default()
    }

    /// Writes one file of the current job, noting what it shows when recording.
    fn emit(&self, out: &dyn Sink, rel: &str, bytes: &[u8]) -> Result<()> {
        if let Some(record) = &self.record {
            let (job, page) = deps::current();
            if let Ok(mut r) = record.lock() {
                r.push(deps::FileDeps {
                    rel: rel.to_string(),
                    job,
                    page,
                    pages: deps::snapshot(),
                });
            }
        }
        out.put(rel, bytes)
    }

    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// Patches the site with `patch`; `None` while anything else holds the site. Cards and
    /// `pages()` are made again from the site as `patch` left it, whether it changed or not.
    pub(crate) fn patch_site<R>(&mut self, patch: impl FnOnce(&mut Site) -> R) -> Option<R> {
        // `pages()` owns the site too: it lets go while the site is patched.
        functions::release_pages(&mut self.tera);
        let patched = Arc::get_mut(&mut self.site).map(patch);
        self.cards = Arc::new(cards::Cards::new(&self.site, &self.handed.artwork));
        functions::register_pages(&mut self.tera, &self.site, &self.cards);
        patched
    }

    /// Forgets what was kept of pages `ids` before they were patched.
    pub(crate) fn forget(&mut self, ids: &[PageId]) {
        if let Ok(cache) = self.search_cache.get_mut() {
            cache.retain(|id, _| !ids.contains(id));
        }
    }

    /// The pages every file shows.
    pub(crate) fn base_deps(&self) -> &[PageId] {
        &self.base_deps
    }

    /// The theme pages are rendered with.
    pub(crate) fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Every output of the site, in the order `loa serve` numbers them.
    pub(crate) fn jobs(&self) -> Vec<Job> {
        let site = &*self.site;
        // Crawlers read robots.txt only at a domain's root: below a sub-path it would be a file
        // nobody reads, and the domain's own robots.txt has to name the sitemap.
        let mut jobs = Vec::new();
        if site.config.base_path().is_empty() {
            jobs.push(Job::Robots);
        }
        if self.tera.contains_template(HEADERS) {
            jobs.push(Job::Headers);
        }
        jobs.extend(self.sitemap_jobs());
        if site.config.cms.is_some() {
            jobs.push(Job::Cms);
        }
        for lang in site.config.langs() {
            jobs.push(Job::Home(lang.clone()));
            jobs.push(Job::NotFound(lang.clone()));
            jobs.push(Job::Feed(lang.clone()));
            jobs.push(Job::Units(lang.clone()));
            jobs.push(Job::Tags(lang.clone()));
            if self.search.is_some() {
                jobs.push(Job::Search(lang.clone()));
            }
            for u in &site.units.list {
                jobs.push(Job::Unit(u.id.clone(), lang.clone()));
                jobs.push(Job::UnitFeed(u.id.clone(), lang.clone()));
            }
            if let Some(tags) = site.tags.get(lang) {
                for slug in tags.keys() {
                    jobs.push(Job::Tag(slug.clone(), lang.clone()));
                }
            }
        }
        for (key, s) in &site.sections {
            if !s.segment.is_empty() && s.name != "units" && s.name != "tags" {
                jobs.push(Job::List {
                    section: key.clone(),
                });
            }
        }
        jobs.extend(site.pages.iter().map(|p| Job::Page(p.id)));
        jobs
    }

    /// Renders one job (job number `index` of [`Renderer::jobs`]), returning how many files it
    /// wrote; of a paginated list, only page `only_page` when given.
    pub(crate) fn run(
        &self,
        index: usize,
        job: &Job,
        out: &dyn Sink,
        only_page: Option<usize>,
    ) -> Result<usize> {
        deps::reset();
        deps::set_current(index, None);
        let pages = (out, only_page);
        match job {
            Job::Home(lang) => self.home(out, lang),
            Job::Page(id) => self.page(pages, *id),
            Job::List { section } => self.section_list(pages, section),
            Job::Units(lang) => self.units_index(out, lang),
            Job::Unit(id, lang) => self.unit(pages, id, lang),
            Job::Tags(lang) => self.tags_index(out, lang),
            Job::Tag(slug, lang) => self.tag(pages, slug, lang),
            Job::NotFound(lang) => self.not_found(out, lang),
            Job::Feed(lang) => self.feed(out, lang),
            Job::UnitFeed(id, lang) => self.unit_feed(out, id, lang),
            Job::Sitemap(part) => self.sitemap(out, *part),
            Job::SitemapIndex(parts) => self.sitemap_index(out, *parts),
            Job::Robots => self.robots(out),
            Job::Headers => self.headers(out),
            Job::Cms => self.cms(out),
            Job::Search(lang) => self.search_page(out, lang),
        }
    }
}

/// The portal as an output: its jobs are numbered, because `loa serve` records which pages
/// each job's files show by that number.
impl Output for Renderer {
    type Job = (usize, Job);

    fn plan(&self, _site: &Site) -> Result<Vec<(usize, Job)>> {
        Ok(self.jobs().into_iter().enumerate().collect())
    }

    fn produce(&self, _site: &Site, (i, job): &(usize, Job), sink: &dyn Sink) -> Result<Produced> {
        Ok(Produced {
            files: self.run(*i, job, sink, None)?,
            warnings: Vec::new(),
        })
    }
}
