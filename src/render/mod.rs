//! Render stage: the tera environment (theme templates, site overrides, helper functions and
//! filters) and every page of the portal, feeds, sitemap and robots.txt, rendered in parallel
//! into the staging folder.

pub mod deps;
pub(crate) mod functions;
mod report;
pub mod search;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::content::Kind;
use crate::error::{Error, Result};
use crate::model::{Handed, Page, PageData, PageId, PhotoView, Section, Site};
use crate::theme::Theme;
use crate::types::{Lang, Slug, UnitId};
use crate::write::Sink;
use views::*;

/// What a build produced, for the summary line.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

/// One output to render; the list of jobs is built first and rendered in parallel.
#[derive(Debug, Clone)]
pub enum Job {
    Home(Lang),
    Page(PageId),
    List {
        section: (String, Lang),
    },
    Units(Lang),
    Unit(UnitId, Lang),
    Tags(Lang),
    Tag(crate::types::Slug, Lang),
    NotFound(Lang),
    Feed(Lang),
    /// A unit's news as an Atom feed, beside its page.
    UnitFeed(UnitId, Lang),
    /// One file of the sitemap: all of it, or part `n` (from 1) when it is split.
    Sitemap(usize),
    /// The sitemap index naming the parts, when there is more than one.
    SitemapIndex(usize),
    Robots,
    /// The search page of a language and its JSON index.
    Search(Lang),
}

pub struct Renderer {
    site: Arc<Site>,
    theme: Arc<Theme>,
    tera: Tera,
    /// Every page's card as templates see it, built once and shared (by reference count) by
    /// every list that shows the page. Only this form is kept: a typed copy would double the
    /// memory a province-sized site needs; the page's own job rebuilds its typed card.
    card_values: Vec<Value>,
    /// Pages every file shows (the current campaign theme, in the base context).
    base_deps: Vec<PageId>,
    /// What each file written shows, when recording for `loa serve`.
    record: Option<std::sync::Mutex<Vec<deps::FileDeps>>>,
    /// Search index entries kept between rebuilds while recording (see `search::EntryCache`).
    search_cache: search::EntryCache,
    /// Bundles with photos: (photo count, first photo as `resize_image` takes it).
    bundle_photos: HashMap<std::path::PathBuf, (usize, Option<String>)>,
    base: HashMap<Lang, Context>,
    /// Artwork, photo and kit links, computed by the outputs that write those files.
    handed: Handed,
    /// Files produced by `resize_image()` during rendering: (output path, cache file).
    resized: functions::Resized,
    /// The search page's path per language, when the site has one.
    search: Option<BTreeMap<Lang, String>>,
}

impl Renderer {
    pub fn new(
        shared_site: Arc<Site>,
        shared_theme: Arc<Theme>,
        handed: Handed,
        images: std::sync::Arc<crate::images::Processor>,
    ) -> Result<Renderer> {
        let site: &Site = &shared_site;
        let theme: &Theme = &shared_theme;
        // Photos per bundle, gathered once: scanning every asset for every page would be
        // quadratic on a site with thousands of posts.
        let mut by_bundle: HashMap<&std::path::Path, Vec<&std::path::Path>> = HashMap::new();
        for (bundle, file) in &site.assets {
            if crate::images::is_image(file) {
                by_bundle.entry(bundle).or_default().push(file);
            }
        }
        let bundle_photos: HashMap<std::path::PathBuf, (usize, Option<String>)> = by_bundle
            .into_iter()
            .map(|(bundle, files)| {
                let first = files.iter().min().and_then(|f| {
                    f.strip_prefix(site.config.content_dir())
                        .ok()
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                });
                (bundle.to_path_buf(), (files.len(), first))
            })
            .collect();
        let shared = SharedViews::new(site);
        let card_values: Vec<Value> = site
            .pages
            .par_iter()
            .map(|p| card_value(site, &shared, card_of(site, &bundle_photos, p)))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        let resized = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        functions::register(&mut tera, site, theme, &card_values);
        functions::register_resize_image(&mut tera, site, images, resized.clone());
        let mut sources = Vec::new();
        for f in &theme.templates {
            let text = String::from_utf8(f.bytes.clone()).map_err(|_| Error::Template {
                template: f.origin.display().to_string(),
                message: "the template is not UTF-8 text".into(),
                hint: "save it as UTF-8".into(),
            })?;
            sources.push((f.name.clone(), text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(theme, e))?;
        for required in [
            "base.html",
            "home.html",
            "list.html",
            "page.html",
            "404.html",
        ] {
            if !tera.contains_template(required) {
                return Err(Error::Template {
                    template: required.into(),
                    message: format!("the theme `{}` has no `{required}`", theme.name),
                    hint: "copy it from themes/default/templates/ into your theme or the site's templates/ folder".into(),
                });
            }
        }
        let search = search::paths(site, theme, tera.contains_template("search.html"))?;
        let mut renderer = Renderer {
            search,
            site: shared_site.clone(),
            theme: shared_theme.clone(),
            tera,
            card_values,
            base_deps: Vec::new(),
            record: None,
            search_cache: Default::default(),
            bundle_photos,
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
    pub fn resized_images(&self) -> Vec<(String, std::path::PathBuf)> {
        let mut list = self.resized.lock().map(|l| l.clone()).unwrap_or_default();
        list.sort();
        list.dedup();
        list
    }

    pub fn render_all(&self, out: &dyn Sink) -> Result<Stats> {
        let jobs = self.jobs();
        let results: Vec<Result<usize>> = jobs
            .par_iter()
            .enumerate()
            .map(|(i, j)| self.run(i, j, out, None))
            .collect();
        let mut stats = Stats::default();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(n) => stats.pages += n,
                Err(e) => {
                    // One broken template fails every page that uses it: report it once.
                    let text = e.to_string();
                    if !errors.iter().any(|x: &Error| x.to_string() == text) {
                        errors.push(e);
                    }
                }
            }
        }
        Error::from_list(errors)?;
        stats.files = stats.pages;
        Ok(stats)
    }

    /// Records, from now on, which pages each written file shows (see [`deps`]).
    pub fn record_deps(&mut self) {
        self.record = Some(std::sync::Mutex::new(Vec::new()));
    }

    /// What the files written so far show, and forgets it.
    pub fn take_deps(&self) -> Vec<deps::FileDeps> {
        self.record
            .as_ref()
            .and_then(|r| r.lock().ok().map(|mut v| std::mem::take(&mut *v)))
            .unwrap_or_default()
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The site, to patch it; `None` while anything else holds it.
    pub fn site_mut(&mut self) -> Option<&mut Site> {
        Arc::get_mut(&mut self.site)
    }

    /// Makes the cards of pages patched in the site again.
    pub fn refresh_cards(&mut self, ids: &[PageId]) {
        if let Ok(cache) = self.search_cache.get_mut() {
            cache.retain(|(id, _), _| !ids.contains(id));
        }
        let site = &*self.site;
        let shared = SharedViews::new(site);
        for &id in ids {
            let card = card_of(site, &self.bundle_photos, &site.pages[id]);
            self.card_values[id] = card_value(site, &shared, card);
        }
        functions::register_pages(&mut self.tera, site, &self.card_values);
    }

    /// The pages every file shows.
    pub fn base_deps(&self) -> &[PageId] {
        &self.base_deps
    }

    /// A template value of page `id`'s card; notes that the file being rendered shows it.
    fn card(&self, id: PageId) -> &Value {
        deps::saw(id);
        &self.card_values[id]
    }

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

    pub fn jobs(&self) -> Vec<Job> {
        let site = &*self.site;
        let mut jobs = vec![Job::Robots];
        let parts = self.sitemap_entries().len().div_ceil(SITEMAP_MAX_URLS);
        if parts <= 1 {
            jobs.push(Job::Sitemap(0));
        } else {
            jobs.push(Job::SitemapIndex(parts));
            jobs.extend((1..=parts).map(Job::Sitemap));
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

    /// Renders one job, returning how many files it wrote.
    pub fn run(
        &self,
        index: usize,
        job: &Job,
        out: &dyn Sink,
        only_page: Option<usize>,
    ) -> Result<usize> {
        let site = &*self.site;
        deps::reset();
        deps::set_current(index, None);
        match job {
            Job::Home(lang) => {
                let mut ctx = self.context(lang, &self.section_alternates("", lang));
                let home = &site.homes[lang];
                ctx.insert("section", &self.section_view(home));
                ctx.insert("latest_news", &self.latest("news", lang, 6));
                // The most recently honoured learners lead the home page.
                let mut learners: Vec<PageId> = site
                    .section("learners", lang)
                    .map_or_else(Vec::new, |s| s.pages.clone());
                learners.sort_by_key(|&id| std::cmp::Reverse(site.pages[id].year()));
                let featured: Vec<&Value> =
                    learners.iter().take(3).map(|&id| self.card(id)).collect();
                ctx.insert("featured_learners", &featured);
                // This year's slogans only: another year's under "Slogans of <this year>" would
                // be wrong, so before any are published the template says so instead. A site
                // without campaign years shows them all, unlabelled.
                let all: &[PageId] = site.section("slogans", lang).map_or(&[], |s| &s.pages);
                let year = site.current_year;
                let slogans: Vec<&Value> = all
                    .iter()
                    .filter(|&&id| year.is_none_or(|y| slogan_years(&site.pages[id]).contains(&y)))
                    .map(|&id| self.card(id))
                    .collect();
                ctx.insert("slogans_year", &year);
                ctx.insert("current_slogans", &slogans);
                self.set_url(&mut ctx, &site.home_path(lang));
                self.write_html(out, &site.home_path(lang), "home.html", &ctx)?;
                Ok(1)
            }
            Job::Page(id) => {
                deps::saw(*id);
                let page = &site.pages[*id];
                let alternates: Vec<(Lang, String)> = site
                    .translations(page)
                    .iter()
                    .map(|p| (p.lang.clone(), p.path.clone()))
                    .collect();
                let mut ctx = self.context(&page.lang, &alternates);
                let card = &card_of(site, &self.bundle_photos, page);
                let content = self.fill_shortcodes(page, &ctx, card)?;
                ctx.insert(
                    "photos_in_content",
                    &page
                        .shortcodes
                        .iter()
                        .any(|c| c.name == "gallery" && !c.args.iter().any(|(k, _)| k == "album")),
                );
                let full = FullPage {
                    card,
                    content: &content,
                    toc: page
                        .toc
                        .iter()
                        .map(|(level, id, title)| TocEntry {
                            level: *level,
                            id,
                            title,
                        })
                        .collect(),
                };
                ctx.insert("page", &full);
                self.set_url(&mut ctx, &page.path);
                if let Some(s) = site.section(&page.section, &page.lang) {
                    ctx.insert("section", &self.section_view(s));
                    let pos = s.pages.iter().position(|p| p == id);
                    let neighbour =
                        |i: Option<usize>| i.and_then(|i| s.pages.get(i)).map(|&n| self.card(n));
                    ctx.insert("newer", &neighbour(pos.and_then(|p| p.checked_sub(1))));
                    ctx.insert("older", &neighbour(pos.map(|p| p + 1)));
                }
                self.page_extras(&mut ctx, *id);
                ctx.insert(
                    "photos",
                    &self.handed.photos.get(id).map_or(&[][..], |v| v.as_slice()),
                );
                if let Some(links) = self.handed.artwork.get(id) {
                    ctx.insert("artwork", links);
                    // The social card is the picture shown when the page is shared.
                    let card = links
                        .iter()
                        .find(|l| l.format == "social")
                        .or(links.first());
                    if let Some(l) = card {
                        let origin = site
                            .config
                            .base_url
                            .strip_suffix(site.config.base_path())
                            .unwrap_or(&site.config.base_url);
                        ctx.insert("og_image", &format!("{origin}{}", l.png));
                        ctx.insert("og_image_width", &l.png_width);
                        ctx.insert("og_image_height", &l.png_height);
                    }
                }
                if page.section == REPORTS
                    && let Some(year) = page.year()
                {
                    self.report_extras(out, &mut ctx, page, year)?;
                }
                let template = match &page.template {
                    Some(t) => self.chosen_template(t, &page.rel)?,
                    None => self.first_template(
                        &[
                            &format!("{}_page.html", page.section),
                            &format!("{}.html", kind_name(page.kind)),
                        ],
                        "page.html",
                    ),
                };
                self.write_html(out, &page.path, &template, &ctx)?;
                Ok(1)
            }
            Job::List { section } => {
                let s = &site.sections[section];
                let mut ctx = Context::new();
                ctx.insert("section", &self.section_view(s));
                let template = match (&s.template, &s.rel) {
                    (Some(t), Some(rel)) => self.chosen_template(t, rel)?,
                    _ => self.first_template(&[&format!("{}_list.html", s.name)], "list.html"),
                };
                let lists: Vec<ListSpec> = site
                    .config
                    .langs()
                    .filter_map(|l| site.section(&s.name, l))
                    .map(|other| {
                        ListSpec::new(
                            site,
                            &other.lang,
                            &other.path,
                            other.pages.len(),
                            other.paginate,
                        )
                    })
                    .collect();
                self.paginate((out, only_page), ctx, &s.lang, &lists, &s.pages, &template)
            }
            Job::Units(lang) => {
                let s = &site.sections[&("units".to_string(), lang.clone())];
                let mut ctx = self.context(lang, &self.section_alternates("units", lang));
                ctx.insert("section", &self.section_view(s));
                ctx.insert("unit_groups", &self.unit_groups(lang));
                ctx.insert("unit_parents", &self.unit_parents(lang));
                self.set_url(&mut ctx, &s.path);
                self.write_html(out, &s.path, "units.html", &ctx)?;
                Ok(1)
            }
            Job::Unit(id, lang) => {
                let mut ctx = Context::new();
                ctx.insert("unit", &UnitView::new(site, id, lang));
                ctx.insert("kit", &self.handed.kits.get(id));
                let pages = site.unit_pages.get(&(id.clone(), lang.clone()));
                let learners: Vec<&Value> = pages
                    .map(|p| p.learners.iter().map(|&i| self.card(i)).collect())
                    .unwrap_or_default();
                ctx.insert("learners", &learners);
                let children: Vec<UnitView> = site
                    .units
                    .list
                    .iter()
                    .filter(|u| u.parent.as_ref() == Some(id))
                    .filter_map(|u| UnitView::new(site, &u.id, lang))
                    .collect();
                ctx.insert("children", &children);
                let parent = site
                    .units
                    .get(id)
                    .and_then(|u| u.parent.as_ref())
                    .and_then(|p| UnitView::new(site, p, lang));
                ctx.insert("parent", &parent);
                let news = pages.map(|p| p.news.clone()).unwrap_or_default();
                let lists: Vec<ListSpec> = site
                    .config
                    .langs()
                    .map(|l| {
                        let count = site
                            .unit_pages
                            .get(&(id.clone(), l.clone()))
                            .map_or(0, |p| p.news.len());
                        ListSpec::new(
                            site,
                            l,
                            &site.unit_path(id, l),
                            count,
                            self.news_per_page(l),
                        )
                    })
                    .collect();
                self.paginate((out, only_page), ctx, lang, &lists, &news, "unit.html")
            }
            Job::Tags(lang) => {
                let s = &site.sections[&("tags".to_string(), lang.clone())];
                let mut ctx = self.context(lang, &self.section_alternates("tags", lang));
                ctx.insert("section", &self.section_view(s));
                #[derive(Serialize)]
                struct TagCount {
                    name: String,
                    url: String,
                    count: usize,
                }
                let mut tags: Vec<TagCount> = site
                    .tags
                    .get(lang)
                    .map(|t| {
                        t.iter()
                            .map(|(slug, (name, ids))| TagCount {
                                name: name.clone(),
                                url: url(site, &site.tag_path(slug, lang)),
                                count: ids.len(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                tags.sort_by(|a, b| {
                    b.count.cmp(&a.count).then_with(|| {
                        crate::text::sort_key(&a.name).cmp(&crate::text::sort_key(&b.name))
                    })
                });
                ctx.insert("tags", &tags);
                self.set_url(&mut ctx, &s.path);
                self.write_html(out, &s.path, "tags.html", &ctx)?;
                Ok(1)
            }
            Job::Tag(slug, lang) => {
                let (name, ids) = &site.tags[lang][slug];
                let path = site.tag_path(slug, lang);
                // Tags are words of one language; the switcher goes to the other homes.
                let mut ctx = Context::new();
                ctx.insert(
                    "tag",
                    &TagView {
                        name: name.clone(),
                        slug: slug.to_string(),
                        url: url(site, &path),
                    },
                );
                if let Some(s) = site.section("tags", lang) {
                    ctx.insert("section", &self.section_view(s));
                }
                let lists = [ListSpec::new(
                    site,
                    lang,
                    &path,
                    ids.len(),
                    self.news_per_page(lang),
                )];
                self.paginate((out, only_page), ctx, lang, &lists, ids, "tag.html")
            }
            Job::NotFound(lang) => {
                let mut ctx = self.context(lang, &[]);
                let path = format!("{}/404.html", site.config.lang_prefix(lang));
                self.set_url(&mut ctx, &path);
                let html = self.render("404.html", &ctx)?;
                self.emit(out, &path, html.as_bytes())?;
                Ok(1)
            }
            Job::Feed(lang) => {
                let mut ctx = self.context(lang, &[]);
                let items = self.latest("news", lang, site.config.feed_limit);
                let updated = site
                    .section("news", lang)
                    .and_then(|s| s.pages.first())
                    .and_then(|&id| site.pages[id].date)
                    .unwrap_or(site.today);
                ctx.insert("items", &items);
                ctx.insert("updated", &updated);
                let path = format!("{}/atom.xml", site.config.lang_prefix(lang));
                ctx.insert("feed_permalink", &permalink(site, &path));
                let xml = self.render("atom.xml", &ctx)?;
                self.emit(out, &path, xml.as_bytes())?;
                Ok(1)
            }
            Job::UnitFeed(id, lang) => {
                let mut ctx = self.context(lang, &[]);
                let ids = site
                    .unit_pages
                    .get(&(id.clone(), lang.clone()))
                    .map(|p| p.news.as_slice())
                    .unwrap_or_default();
                let items: Vec<&Value> = ids
                    .iter()
                    .take(site.config.feed_limit)
                    .map(|&i| self.card(i))
                    .collect();
                let updated = ids
                    .first()
                    .and_then(|&i| site.pages[i].date)
                    .unwrap_or(site.today);
                ctx.insert("items", &items);
                ctx.insert("updated", &updated);
                let page = site.unit_path(id, lang);
                let path = format!("{page}atom.xml");
                ctx.insert("feed_permalink", &permalink(site, &path));
                ctx.insert("home_permalink", &permalink(site, &page));
                ctx.insert("feed_title", &UnitView::new(site, id, lang).map(|u| u.name));
                let xml = self.render("atom.xml", &ctx)?;
                self.emit(out, &path, xml.as_bytes())?;
                Ok(1)
            }
            Job::Sitemap(part) => {
                let all = self.sitemap_entries();
                let (name, chunk) = match part {
                    0 => ("sitemap.xml".to_string(), &all[..]),
                    n => {
                        let start = (n - 1) * SITEMAP_MAX_URLS;
                        let end = (start + SITEMAP_MAX_URLS).min(all.len());
                        (format!("sitemap{n}.xml"), &all[start..end])
                    }
                };
                let ctx = self.sitemap_context(chunk);
                let xml = self.render("sitemap.xml", &ctx)?;
                self.emit(out, &name, xml.as_bytes())?;
                Ok(1)
            }
            Job::SitemapIndex(parts) => {
                let mut ctx = Context::new();
                let sitemaps: Vec<String> = (1..=*parts)
                    .map(|n| permalink(site, &format!("/sitemap{n}.xml")))
                    .collect();
                ctx.insert("sitemaps", &sitemaps);
                let xml = self.render("sitemap_index.xml", &ctx)?;
                self.emit(out, "sitemap.xml", xml.as_bytes())?;
                Ok(1)
            }
            Job::Search(lang) => {
                let Some(path) = self.search.as_ref().and_then(|s| s.get(lang)) else {
                    return Ok(0);
                };
                let alternates: Vec<(Lang, String)> = self
                    .search
                    .iter()
                    .flatten()
                    .map(|(l, p)| (l.clone(), p.clone()))
                    .collect();
                let mut ctx = self.context(lang, &alternates);
                let index = format!("{}/search-index.json", site.config.lang_prefix(lang));
                ctx.insert("search_index_url", &url(site, &index));
                self.set_url(&mut ctx, path);
                self.write_html(out, path, "search.html", &ctx)?;
                // The index shows every page of the language (`search::index` notes each), so
                // `loa serve` redraws it after any edit; the page above depends on none.
                let cache = self.record.as_ref().map(|_| &self.search_cache);
                let json = search::index(site, &self.theme, lang, cache);
                self.emit(out, &index, &json)?;
                Ok(2)
            }
            Job::Robots => {
                let mut ctx = Context::new();
                ctx.insert("sitemap", &permalink(site, "/sitemap.xml"));
                let txt = self.render("robots.txt", &ctx)?;
                self.emit(out, "robots.txt", txt.as_bytes())?;
                Ok(1)
            }
        }
    }

    /// The output's own URL (for "current page" marks) and its absolute canonical URL.
    fn set_url(&self, ctx: &mut Context, path: &str) {
        ctx.insert("page_url", &url(&self.site, path));
        ctx.insert("canonical", &permalink(&self.site, path));
    }

    /// A template named by `template:` in front matter, which must exist.
    fn chosen_template(&self, name: &str, rel: &std::path::Path) -> Result<String> {
        if self.tera.contains_template(name) {
            return Ok(name.to_string());
        }
        let mut known: Vec<&str> = self
            .tera
            .get_template_names()
            .filter(|n| {
                n.ends_with(".html") && !n.starts_with("partials/") && !n.starts_with("shortcodes/")
            })
            .collect();
        known.sort();
        Err(Error::content(
            crate::error::Location::file(rel),
            format!("`template: {name}` names a template that does not exist"),
            format!(
                "put {name} in the site's templates/ folder, or use one of: {}",
                known.join(", ")
            ),
        ))
    }

    /// The page's HTML with each shortcode placeholder replaced by the theme's
    /// `shortcodes/<name>.html`. Every shortcode gets the page, its arguments, and `photos`: the
    /// page's photos, an album's with `album="slug"`, only those named with `photos=[…]`.
    fn fill_shortcodes(&self, page: &Page, ctx: &Context, card: &Card) -> Result<String> {
        if page.shortcodes.is_empty() {
            return Ok(page.html.clone());
        }
        let mut html = page.html.clone();
        for (n, call) in page.shortcodes.iter().enumerate() {
            let at = crate::error::Location::line(&page.rel, page.body_line + call.line);
            let template = format!("shortcodes/{}.html", call.name);
            if !self.tera.contains_template(&template) {
                let mut known: Vec<&str> = self
                    .tera
                    .get_template_names()
                    .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
                    .collect();
                known.sort();
                return Err(Error::content(
                    at,
                    format!("there is no shortcode `{}`", call.name),
                    format!(
                        "the theme has: {}; add templates/shortcodes/{}.html to make one",
                        known.join(", "),
                        call.name
                    ),
                ));
            }
            let arg = |k: &str| call.args.iter().find(|(key, _)| key == k).map(|(_, v)| v);
            use crate::shortcode::Arg;
            let mut photos: Vec<PhotoView> = match arg("album") {
                None => self
                    .handed
                    .photos
                    .get(&page.id)
                    .cloned()
                    .unwrap_or_default(),
                Some(Arg::Str(album)) => {
                    let key = format!("galleries/{album}");
                    let album_id = [&page.lang, self.site.config.default_lang()]
                        .iter()
                        .find_map(|l| self.site.links.by_key.get(&(key.clone(), (*l).clone())))
                        .ok_or_else(|| {
                            Error::content(
                                at.clone(),
                                format!("there is no album `{album}` (content/galleries/{album}/index.md)"),
                                "give the name of a folder in content/galleries/",
                            )
                        })?;
                    self.handed
                        .photos
                        .get(album_id)
                        .cloned()
                        .unwrap_or_default()
                }
                Some(_) => {
                    return Err(Error::content(
                        at,
                        "`album=` takes the album's folder name in quotes",
                        "e.g. {{ gallery(album=\"ngay-hoi-doc-sach\") }}",
                    ));
                }
            };
            match arg("photos") {
                None => {}
                Some(Arg::List(names)) => {
                    let mut chosen = Vec::new();
                    for name in names {
                        let Arg::Str(name) = name else {
                            return Err(Error::content(
                                at,
                                "`photos=` lists file names in quotes",
                                "e.g. photos=[\"anh-1.jpg\", \"anh-2.jpg\"]",
                            ));
                        };
                        match photos.iter().find(|p| p.name == *name) {
                            Some(p) => chosen.push(p.clone()),
                            None => {
                                let have: Vec<&str> =
                                    photos.iter().map(|p| p.name.as_str()).collect();
                                return Err(Error::content(
                                    at,
                                    format!("`photos=`: there is no photo `{name}` here"),
                                    format!("photos here: {}", have.join(", ")),
                                ));
                            }
                        }
                    }
                    photos = chosen;
                }
                Some(_) => {
                    return Err(Error::content(
                        at,
                        "`photos=` takes a list of file names",
                        "e.g. photos=[\"anh-1.jpg\", \"anh-2.jpg\"]",
                    ));
                }
            }
            let mut sc = ctx.clone();
            sc.insert("page", card);
            sc.insert("photos", &photos);
            for (k, v) in &call.args {
                if k != "photos" {
                    sc.insert(k.clone(), v);
                }
            }
            let out = self.render(&template, &sc)?;
            html = html.replacen(&crate::shortcode::placeholder(n), out.trim(), 1);
        }
        Ok(html)
    }

    fn first_template(&self, candidates: &[&str], fallback: &str) -> String {
        candidates
            .iter()
            .find(|c| self.tera.contains_template(c))
            .map(|c| c.to_string())
            .unwrap_or_else(|| fallback.to_string())
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&self.theme, e))
    }

    fn write_html(&self, out: &dyn Sink, path: &str, template: &str, ctx: &Context) -> Result<()> {
        // Straight into bytes: rendering to a String would check every page's UTF-8 again.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut html)
            .map_err(|e| template_error(&self.theme, e))?;
        self.emit(out, &format!("{path}index.html"), &html)
    }

    fn news_per_page(&self, lang: &Lang) -> usize {
        self.site
            .section("news", lang)
            .map_or(self.site.config.paginate, |s| s.paginate)
    }

    /// Renders a list in pages: page 1 at its path, page N at `path/<word>/N/`. `lists` holds
    /// the same list in every language, so page N's hreflang links go to page N of each
    /// translation that has that many pages.
    /// Writes the pages of a list to `out` (only page `n` with `(out, Some(n))`).
    fn paginate(
        &self,
        (out, only_page): (&dyn Sink, Option<usize>),
        extra: Context,
        lang: &Lang,
        lists: &[ListSpec],
        ids: &[PageId],
        template: &str,
    ) -> Result<usize> {
        let site = &*self.site;
        let own = lists
            .iter()
            .find(|l| &l.lang == lang)
            .expect("a list is always given in its own language");
        let (job, _) = deps::current();
        let shared = deps::mark();
        let mut written = 0;
        for n in 1..=own.total_pages {
            if only_page.is_some_and(|o| o != n) {
                continue;
            }
            deps::back_to(shared);
            deps::set_current(job, Some(n));
            written += 1;
            let alternates: Vec<(Lang, String)> = lists
                .iter()
                .filter(|l| n <= l.total_pages)
                .map(|l| (l.lang.clone(), l.page_path(n)))
                .collect();
            let mut ctx = self.context(lang, &alternates);
            ctx.extend(extra.clone());
            let items: Vec<&Value> = ids
                .iter()
                .skip((n - 1) * own.per_page)
                .take(own.per_page)
                .map(|&id| self.card(id))
                .collect();
            let paginator = Paginator {
                current: n,
                total_pages: own.total_pages,
                total_items: ids.len(),
                first: url(site, &own.page_path(1)),
                last: url(site, &own.page_path(own.total_pages)),
                previous: (n > 1).then(|| url(site, &own.page_path(n - 1))),
                next: (n < own.total_pages).then(|| url(site, &own.page_path(n + 1))),
                links: page_window(n, own.total_pages)
                    .into_iter()
                    .map(|k| match k {
                        Some(k) => PaginatorLink {
                            number: k,
                            url: url(site, &own.page_path(k)),
                            current: k == n,
                            gap: false,
                        },
                        None => PaginatorLink {
                            number: 0,
                            url: String::new(),
                            current: false,
                            gap: true,
                        },
                    })
                    .collect(),
            };
            ctx.insert("items", &items);
            ctx.insert("paginator", &paginator);
            self.set_url(&mut ctx, &own.page_path(n));
            self.write_html(out, &own.page_path(n), template, &ctx)?;
        }
        Ok(written)
    }

    /// The newest `limit` cards of a section in a language.
    fn latest(&self, section: &str, lang: &Lang, limit: usize) -> Vec<&Value> {
        self.site
            .section(section, lang)
            .map(|s| {
                s.pages
                    .iter()
                    .take(limit)
                    .map(|&id| self.card(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn section_alternates(&self, name: &str, _lang: &Lang) -> Vec<(Lang, String)> {
        self.site
            .config
            .langs()
            .filter_map(|l| {
                if name.is_empty() {
                    Some((l.clone(), self.site.home_path(l)))
                } else {
                    self.site
                        .section(name, l)
                        .map(|s| (l.clone(), s.path.clone()))
                }
            })
            .collect()
    }

    fn section_view(&self, s: &Section) -> SectionView {
        SectionView {
            name: s.name.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
            url: url(&self.site, &s.path),
            content: s.html.clone(),
            total: s.pages.len(),
        }
    }

    /// Extra data for single pages of some kinds: a theme year's slogans and news, a learner's
    /// unit colleagues.
    /// A results report page (`content/reports/<year>.md`): part I counted from the year's
    /// news, in the context as `report` with `report_photos`, and its CSV written beside it.
    fn report_extras(
        &self,
        out: &dyn Sink,
        ctx: &mut Context,
        page: &Page,
        year: i32,
    ) -> Result<()> {
        let site = &*self.site;
        let csv_path = format!("{}report-{year}.csv", page.path);
        let mut news = Vec::new();
        let view = report::report(site, &page.lang, year, url(site, &csv_path), &mut news);
        for &id in &news {
            deps::saw(id);
        }
        let strings = &self.theme.strings[&page.lang];
        let text = |key: &str| match strings.get(key) {
            Some(crate::theme::I18nValue::Text(t)) => t.clone(),
            _ => key.to_string(),
        };
        // Up to six photos, one per activity, newest first.
        let photos: Vec<&PhotoView> = view
            .with_photos
            .iter()
            .filter_map(|id| self.handed.photos.get(id).and_then(|p| p.first()))
            .take(6)
            .collect();
        let mut readable = report::ReportView { ..view };
        for u in &mut readable.units {
            u.kind = text(&u.kind);
        }
        for k in &mut readable.kinds {
            k.kind = text(&k.kind);
        }
        let csv = report::csv(
            &readable,
            [
                &text("report_unit_id"),
                &text("report_unit"),
                &text("report_unit_kind"),
                &text("report_activities"),
                &text("report_participants"),
            ],
            &text("report_total"),
        );
        self.emit(out, &csv_path, csv.as_bytes())?;
        ctx.insert("report", &readable);
        ctx.insert("report_photos", &photos);
        Ok(())
    }

    fn page_extras(&self, ctx: &mut Context, id: PageId) {
        let site = &*self.site;
        let page = &site.pages[id];
        if page.kind == Kind::Theme {
            let year = page.year();
            let in_year = |section: &str| -> Vec<&Value> {
                site.section(section, &page.lang)
                    .map(|s| {
                        s.pages
                            .iter()
                            .filter(|&&i| {
                                let p = &site.pages[i];
                                let years = slogan_years(p);
                                years.iter().any(|y| Some(*y) == year)
                                    || (years.is_empty() && p.year() == year)
                            })
                            .map(|&i| self.card(i))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            ctx.insert("year_slogans", &in_year("slogans"));
            ctx.insert("year_news", &in_year("news"));
        }
    }

    /// The units index by parent: units without one first, then each unit with sub-units, in
    /// registry order; within each, the kinds as `unit_groups` orders them.
    fn unit_parents(&self, lang: &Lang) -> Vec<ParentGroup> {
        let site = &*self.site;
        let mut parents: Vec<Option<&UnitId>> = vec![None];
        for u in &site.units.list {
            if let Some(p) = &u.parent
                && !parents.contains(&Some(p))
            {
                parents.push(Some(p));
            }
        }
        let by_kind = self.unit_groups(lang);
        parents
            .into_iter()
            .map(|parent| {
                let groups: Vec<UnitGroup> = by_kind
                    .iter()
                    .map(|g| UnitGroup {
                        kind: g.kind,
                        units: g
                            .units
                            .iter()
                            .filter(|c| c.unit.parent.as_deref() == parent.map(|p| p.as_str()))
                            .map(|c| UnitCount {
                                unit: c.unit.clone(),
                                news: c.news,
                            })
                            .collect(),
                    })
                    .filter(|g| !g.units.is_empty())
                    .collect();
                ParentGroup {
                    parent: parent.and_then(|p| UnitView::new(site, p, lang)),
                    units: groups.iter().map(|g| g.units.len()).sum(),
                    news: groups.iter().flat_map(|g| &g.units).map(|c| c.news).sum(),
                    groups,
                }
            })
            .filter(|p| p.units > 0)
            .collect()
    }

    fn unit_groups(&self, lang: &Lang) -> Vec<UnitGroup> {
        let site = &*self.site;
        let mut groups: Vec<UnitGroup> = Vec::new();
        for u in &site.units.list {
            let Some(view) = UnitView::new(site, &u.id, lang) else {
                continue;
            };
            let count = site
                .unit_pages
                .get(&(u.id.clone(), lang.clone()))
                .map_or(0, |p| p.news.len());
            let kind = serde_plain_kind(u.kind);
            match groups.iter_mut().find(|g| g.kind == kind) {
                Some(g) => g.units.push(UnitCount {
                    unit: view,
                    news: count,
                }),
                None => groups.push(UnitGroup {
                    kind,
                    units: vec![UnitCount {
                        unit: view,
                        news: count,
                    }],
                }),
            }
        }
        let order = [
            "province",
            "district",
            "agency",
            "association",
            "ward",
            "school",
        ];
        groups.sort_by_key(|g| order.iter().position(|o| *o == g.kind).unwrap_or(99));
        for g in &mut groups {
            g.units.sort_by(|a, b| {
                crate::text::sort_key(&a.unit.name).cmp(&crate::text::sort_key(&b.unit.name))
            });
        }
        groups
    }

    /// Context shared by every page of a language, plus the switcher and hreflang links for
    /// this output's translations.
    fn context(&self, lang: &Lang, alternates: &[(Lang, String)]) -> Context {
        let site = &*self.site;
        let mut ctx = self.base[lang].clone();
        let links: Vec<LangLink> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let translated = alternates.iter().find(|(al, _)| al == &l.code);
                LangLink {
                    code: l.code.to_string(),
                    name: l.name.clone(),
                    url: url(
                        site,
                        &translated
                            .map(|(_, p)| p.clone())
                            .unwrap_or_else(|| site.home_path(&l.code)),
                    ),
                    translated: translated.is_some(),
                    current: &l.code == lang,
                }
            })
            .collect();
        let alts: Vec<Alternate> = if alternates.len() > 1 {
            alternates
                .iter()
                .map(|(l, p)| Alternate {
                    lang: l.to_string(),
                    url: url(site, p),
                    permalink: permalink(site, p),
                })
                .collect()
        } else {
            Vec::new()
        };
        ctx.insert("languages", &links);
        ctx.insert("alternates", &alts);
        ctx
    }

    fn base_context(&self, lang: &Lang) -> Context {
        let site = &*self.site;
        let config = &site.config;
        let lc = config.language(lang).expect("language from config");
        let mut ctx = Context::new();
        #[derive(Serialize)]
        struct SiteView<'a> {
            title: &'a str,
            description: &'a str,
            base_url: &'a str,
            base_path: &'a str,
            default_lang: &'a str,
            organiser: Option<String>,
            generator: &'static str,
        }
        ctx.insert(
            "site",
            &SiteView {
                title: &lc.title,
                description: &lc.description,
                base_url: &config.base_url,
                base_path: config.base_path(),
                default_lang: config.default_lang().as_str(),
                organiser: config
                    .campaign
                    .organiser
                    .as_ref()
                    .map(|o| o.get(lang, config.default_lang())),
                generator: concat!("loa ", env!("CARGO_PKG_VERSION")),
            },
        );
        ctx.insert("lang", lang.as_str());
        ctx.insert("t", &self.theme.strings[lang]);
        ctx.insert("home_url", &url(site, &site.home_path(lang)));
        ctx.insert("home_permalink", &permalink(site, &site.home_path(lang)));
        ctx.insert(
            "feed_url",
            &url(site, &format!("{}/atom.xml", config.lang_prefix(lang))),
        );
        ctx.insert("today", &site.today);
        ctx.insert(
            "search_url",
            &self
                .search
                .as_ref()
                .and_then(|s| s.get(lang))
                .map(|p| url(site, p)),
        );
        #[derive(Serialize)]
        struct MenuView {
            name: String,
            url: String,
            external: bool,
            section: Option<String>,
        }
        let menu: Vec<MenuView> = lc
            .menu
            .iter()
            .map(|m| {
                let (u, external) = if let Some(s) = &m.section {
                    let path = site
                        .section(s, lang)
                        .map(|s| s.path.clone())
                        .unwrap_or_else(|| site.home_path(lang));
                    (url(site, &path), false)
                } else if let Some(p) = &m.page {
                    let target = site
                        .content_url(p, lang)
                        .unwrap_or_else(|| url(site, &site.home_path(lang)));
                    (target, false)
                } else {
                    let raw = m.url.clone().unwrap_or_default();
                    if raw.contains("://") {
                        (raw, true)
                    } else {
                        let rel = format!(
                            "{}/{}",
                            config.lang_prefix(lang),
                            raw.trim_start_matches('/')
                        );
                        (url(site, &rel), false)
                    }
                };
                MenuView {
                    name: m.name.clone(),
                    url: u,
                    external,
                    section: m.section.clone(),
                }
            })
            .collect();
        ctx.insert("menu", &menu);
        let sections: BTreeMap<String, SectionView> = site
            .sections
            .iter()
            .filter(|((_, l), _)| l == lang)
            .map(|((name, _), s)| (name.clone(), self.section_view(s)))
            .collect();
        ctx.insert("sections", &sections);
        ctx.insert("current_year", &site.current_year);
        let current_theme = site
            .current_year
            .and_then(|y| site.theme_of_year(y, lang))
            .map(|p| self.card(p.id));
        ctx.insert("current_theme", &current_theme);
        ctx.insert(
            "campaign_status",
            &current_theme.and_then(|_| {
                let theme = site.theme_of_year(site.current_year?, lang)?;
                CampaignStatus::new(theme, site.today)
            }),
        );
        ctx
    }

    /// Every URL of the site in sitemap order, as references: the URLs themselves are only
    /// made for the part of the sitemap being written.
    fn sitemap_entries(&self) -> Vec<SitemapEntry> {
        let site = &*self.site;
        let mut entries = Vec::new();
        entries.extend(site.config.langs().map(|l| SitemapEntry::Home(l.clone())));
        entries.extend(
            site.sections
                .iter()
                .filter(|(_, s)| !s.segment.is_empty())
                .map(|(k, _)| SitemapEntry::Section(k.clone())),
        );
        for lang in site.config.langs() {
            entries.extend(
                site.units
                    .list
                    .iter()
                    .map(|u| SitemapEntry::Unit(u.id.clone(), lang.clone())),
            );
        }
        for (lang, tags) in &site.tags {
            entries.extend(
                tags.keys()
                    .map(|slug| SitemapEntry::Tag(slug.clone(), lang.clone())),
            );
        }
        entries.extend(site.pages.iter().map(|p| SitemapEntry::Page(p.id)));
        entries
    }

    fn sitemap_context(&self, entries: &[SitemapEntry]) -> Context {
        let site = &*self.site;
        #[derive(Serialize)]
        struct Entry {
            url: String,
            lastmod: Option<String>,
            alternates: Vec<Alternate>,
        }
        let alts = |list: Vec<(Lang, String)>| -> Vec<Alternate> {
            if list.len() < 2 {
                return Vec::new();
            }
            list.into_iter()
                .map(|(l, p)| Alternate {
                    lang: l.to_string(),
                    url: url(site, &p),
                    permalink: permalink(site, &p),
                })
                .collect()
        };
        let entry = |e: &SitemapEntry| match e {
            SitemapEntry::Home(lang) => Entry {
                url: permalink(site, &site.home_path(lang)),
                lastmod: None,
                alternates: alts(self.section_alternates("", lang)),
            },
            SitemapEntry::Section(key) => {
                let s = &site.sections[key];
                Entry {
                    url: permalink(site, &s.path),
                    lastmod: None,
                    alternates: alts(self.section_alternates(&s.name, &s.lang)),
                }
            }
            SitemapEntry::Unit(id, lang) => Entry {
                url: permalink(site, &site.unit_path(id, lang)),
                lastmod: None,
                alternates: alts(
                    site.config
                        .langs()
                        .map(|l| (l.clone(), site.unit_path(id, l)))
                        .collect(),
                ),
            },
            // Tags are words of one language, so their pages have no alternates.
            SitemapEntry::Tag(slug, lang) => Entry {
                url: permalink(site, &site.tag_path(slug, lang)),
                lastmod: None,
                alternates: Vec::new(),
            },
            SitemapEntry::Page(id) => {
                let p = &site.pages[*id];
                Entry {
                    url: permalink(site, &p.path),
                    lastmod: p.date.map(|d| d.iso()),
                    alternates: alts(
                        site.translations(p)
                            .iter()
                            .map(|t| (t.lang.clone(), t.path.clone()))
                            .collect(),
                    ),
                }
            }
        };
        let entries: Vec<Entry> = entries.iter().map(entry).collect();
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        ctx
    }
}

/// The section whose pages are a year's results report (see `report`).
const REPORTS: &str = "reports";

/// The sitemap protocol allows 50 000 URLs per file; like Zola, loa splits well before that and
/// writes `sitemap.xml` as an index of `sitemap1.xml`, `sitemap2.xml`, … instead.
const SITEMAP_MAX_URLS: usize = 30_000;

enum SitemapEntry {
    Home(Lang),
    Section((String, Lang)),
    Unit(UnitId, Lang),
    Tag(Slug, Lang),
    Page(PageId),
}

/// One language's version of a paginated list.
struct ListSpec {
    lang: Lang,
    path: String,
    word: String,
    per_page: usize,
    total_pages: usize,
}

impl ListSpec {
    fn new(site: &Site, lang: &Lang, path: &str, count: usize, per_page: usize) -> ListSpec {
        let per_page = per_page.max(1);
        ListSpec {
            lang: lang.clone(),
            path: path.to_string(),
            word: site
                .config
                .language(lang)
                .map_or_else(|| "page".into(), |l| l.pagination_path.clone()),
            per_page,
            total_pages: count.div_ceil(per_page).max(1),
        }
    }

    fn page_path(&self, n: usize) -> String {
        if n == 1 {
            self.path.clone()
        } else {
            format!("{}{}/{n}/", self.path, self.word)
        }
    }
}

#[derive(Serialize)]
struct SectionView {
    name: String,
    title: String,
    description: String,
    url: String,
    content: String,
    total: usize,
}

#[derive(Serialize)]
struct UnitCount {
    unit: UnitView,
    news: usize,
}

#[derive(Serialize)]
struct ParentGroup {
    /// `None` for the units at the top of the registry.
    parent: Option<UnitView>,
    groups: Vec<UnitGroup>,
    /// Units and news in this group, for its heading.
    units: usize,
    news: usize,
}

#[derive(Serialize)]
struct UnitGroup {
    kind: &'static str,
    units: Vec<UnitCount>,
}

fn serde_plain_kind(k: crate::content::units::UnitKind) -> &'static str {
    use crate::content::units::UnitKind::*;
    match k {
        Province => "province",
        District => "district",
        Ward => "ward",
        School => "school",
        Agency => "agency",
        Association => "association",
    }
}

/// Whether this year's week is still ahead, running or over, as of the build date. The default
/// theme also recomputes this in the browser, so a page built weeks ago still says the truth.
#[derive(Serialize)]
struct CampaignStatus {
    state: &'static str,
    days: i64,
    start: String,
    end: String,
}

impl CampaignStatus {
    fn new(theme: &Page, today: crate::types::Date) -> Option<CampaignStatus> {
        let PageData::Theme {
            week_start: start,
            week_end: end,
            ..
        } = theme.data
        else {
            return None;
        };
        let (state, days) = if today < start {
            ("upcoming", today.days_until(start))
        } else if today <= end {
            ("running", today.days_until(end) + 1)
        } else {
            ("ended", end.days_until(today))
        };
        Some(CampaignStatus {
            state,
            days,
            start: start.iso(),
            end: end.iso(),
        })
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Theme => "theme",
        Kind::Slogan => "slogan",
        Kind::News => "news",
        Kind::Learner => "learner",
        Kind::Pano => "pano",
        Kind::Page => "page",
    }
}

/// Turns a tera error into one naming the template file the user can open.
fn template_error(theme: &Theme, e: tera::Error) -> Error {
    let (name, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.filename().to_string(), e.to_string())
        }
        _ => (String::new(), e.to_string()),
    };
    let mut message = message;
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    let origin = theme
        .templates
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.origin.display().to_string())
        .unwrap_or(if name.is_empty() {
            "(theme)".into()
        } else {
            name
        });
    Error::Template {
        template: origin,
        message,
        hint: "fix the template at the line shown; the previous output was left as it was".into(),
    }
}

/// A page's card: what lists and its own page show of it.
fn card_of(
    site: &Site,
    bundle_photos: &HashMap<std::path::PathBuf, (usize, Option<String>)>,
    page: &Page,
) -> Card {
    let mut card = Card::new(site, page);
    if let Some((count, first)) = page.bundle.as_ref().and_then(|b| bundle_photos.get(b)) {
        card.photo_count = *count;
        card.first_photo_path = first.clone();
    }
    card
}

/// The campaign years a slogan is for (none for other pages).
fn slogan_years(page: &Page) -> &[i32] {
    match &page.data {
        PageData::Slogan { years, .. } => years,
        _ => &[],
    }
}

/// Unit and tag views as template values, one per unit or tag and language. Every card of a unit
/// points at the same value (tera values are reference-counted), instead of carrying a copy.
struct SharedViews {
    units: HashMap<(UnitId, Lang), Value>,
    tags: HashMap<(Slug, Lang), Value>,
}

impl SharedViews {
    fn new(site: &Site) -> SharedViews {
        let mut units = HashMap::new();
        let mut tags = HashMap::new();
        for lang in site.config.langs() {
            for u in &site.units.list {
                if let Some(v) = UnitView::new(site, &u.id, lang) {
                    units.insert((u.id.clone(), lang.clone()), Value::from_serializable(&v));
                }
            }
            for (slug, (name, _)) in site.tags.get(lang).into_iter().flatten() {
                let view = TagView {
                    name: name.clone(),
                    slug: slug.to_string(),
                    url: url(site, &site.tag_path(slug, lang)),
                };
                tags.insert(
                    (slug.clone(), lang.clone()),
                    Value::from_serializable(&view),
                );
            }
        }
        SharedViews { units, tags }
    }
}

/// A card as lists see it: the fields common to every page plus those of the page's kind (a news
/// card has `cover`, not `week_start`). Leaving the other kinds' empty fields out, and sharing
/// unit and tag views, more than halves what the cards of a province-sized site hold.
fn card_value(site: &Site, shared: &SharedViews, mut card: Card) -> Value {
    let page = &site.pages[card.id];
    let lang = &page.lang;
    card.unit = None;
    card.tags = Vec::new();
    let Some(mut map) = Value::from_serializable(&card).into_map() else {
        return Value::none();
    };
    let kind_fields: &[&str] = match page.kind {
        Kind::Theme => &[
            "theme",
            "week_start",
            "week_end",
            "opening",
            "report_deadline",
            "issuer",
            "source",
        ],
        Kind::Slogan => &["text", "years", "order", "source"],
        Kind::News => &["cover", "cover_path", "participants"],
        Kind::Learner => &["name", "category", "quote", "photo", "photo_path"],
        Kind::Pano => &[],
        Kind::Page => &["weight"],
    };
    map.retain(|k, _| {
        k.as_str()
            .is_some_and(|k| CARD_COMMON.contains(&k) || kind_fields.contains(&k))
    });
    let unit = page
        .unit()
        .and_then(|u| shared.units.get(&(u.clone(), lang.clone())))
        .cloned()
        .unwrap_or_else(Value::none);
    map.insert(tera::value::Key::Str("unit"), unit);
    let tags: Vec<Value> = match &page.data {
        PageData::News { tags, .. } => tags
            .iter()
            .filter_map(|t| shared.tags.get(&(t.slug.clone(), lang.clone())).cloned())
            .collect(),
        _ => Vec::new(),
    };
    map.insert(tera::value::Key::Str("tags"), Value::from(tags));
    if card.description == card.summary
        && let Some(summary) = map.get(&tera::value::Key::Str("summary")).cloned()
    {
        map.insert(tera::value::Key::Str("description"), summary);
    }
    Value::from(map)
}

/// Card fields every kind of page has.
const CARD_COMMON: &[&str] = &[
    "id",
    "kind",
    "lang",
    "section",
    "title",
    "url",
    "permalink",
    "date",
    "summary",
    "description",
    "sample",
    "word_count",
    "reading_minutes",
    "year",
    "first_photo_path",
    "photo_count",
];
