//! Share cards of the portal's pages: for every page without a picture of its own (a news post
//! with no photo, a results report, an about page, a section's list, a unit's or a tag's page),
//! a 1200 × 630 px PNG with the page's title drawn from the theme's `page-card` layout, so a
//! page shared on Facebook or Zalo shows its own headline instead of the site's card. Files at
//! `share/<page path>.png`, through the artwork cache like every drawing.
//!
//! A card is decoration, not the page: a title the card cannot hold is cut at a word with "…",
//! and characters the font lacks are left out, where a slogan's artwork would stop the build.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Studio;
use super::boxes::{BoxOut, campaign_organiser, place};
use super::fit;
use super::format::{Format, Size};
use super::sheet::Sheet;
use crate::error::Result;
use crate::model::{CardLink, Page, Site};
use crate::output::{Output, Produced};
use crate::types::Lang;
use crate::write::Sink;

/// The theme's layout for page cards.
pub(super) const LAYOUT: &str = "page-card";
/// Open Graph's recommended size; Facebook and Zalo crop other proportions.
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 630.0;
/// Below this the title is cut rather than shrunk: a card is read as a thumbnail in a feed.
const MIN_TITLE_PX: f64 = 44.0;

/// One card to draw: what a page of the portal is called, for the page at `path`.
#[derive(Debug, Clone)]
pub(crate) struct CardJob {
    /// Site-relative URL path of the page (`/tin-tuc/khai-mac/`): the card's file and key.
    pub(crate) path: String,
    lang: Lang,
    /// What the card says in large type.
    title: String,
    year: Option<i32>,
    /// The section of a content page, by its title.
    section: Option<String>,
    /// The unit a news post or learner belongs to, by name.
    unit: Option<String>,
    /// The list a unit's or a tag's page is one of ("Đơn vị", "Chủ đề tin").
    group: Option<String>,
    /// Where the title comes from, for messages.
    file: PathBuf,
}

impl CardJob {
    /// The card of a content page.
    pub(crate) fn page(site: &Site, page: &Page) -> CardJob {
        let lang = &page.lang;
        let default = site.config.default_lang();
        CardJob {
            path: page.path.clone(),
            lang: lang.clone(),
            title: page.title.clone(),
            year: page.year(),
            section: site.section(&page.section, lang).map(|s| s.title.clone()),
            unit: page
                .unit()
                .and_then(|u| site.units.get(u))
                .map(|u| u.name.get(lang, default)),
            group: None,
            file: page.rel.clone(),
        }
    }

    /// The card of a generated page (a section's list, a unit's or a tag's page).
    fn list(site: &Site, path: String, lang: &Lang, title: String, group: Option<&str>) -> Self {
        CardJob {
            path,
            lang: lang.clone(),
            title,
            year: None,
            section: None,
            unit: None,
            group: group.map(str::to_string),
            file: site.config.file.clone(),
        }
    }
}

/// The cards of a site: every content page `wanted` (those without a picture of their own),
/// then every section's list, every unit's page and every tag's page in every language. The
/// home pages keep the site's card: the year's slogan says more than the site's name.
pub(crate) fn card_jobs(site: &Site, wanted: impl Fn(&Page) -> bool) -> Vec<CardJob> {
    let mut jobs: Vec<CardJob> = site
        .pages
        .iter()
        .filter(|p| wanted(p))
        .map(|p| CardJob::page(site, p))
        .collect();
    let default = site.config.default_lang();
    for ((_, lang), s) in &site.sections {
        // Sections at the site's root (pages) have no list of their own.
        if !s.segment.is_empty() {
            jobs.push(CardJob::list(
                site,
                s.path.clone(),
                lang,
                s.title.clone(),
                None,
            ));
        }
    }
    for lang in site.config.langs() {
        let group = |name: &str| site.section(name, lang).map(|s| s.title.as_str());
        for u in &site.units.list {
            let (path, name) = (site.unit_path(&u.id, lang), u.name.get(lang, default));
            jobs.push(CardJob::list(site, path, lang, name, group("units")));
        }
        for (slug, (name, _)) in site.tags.get(lang).into_iter().flatten() {
            let path = site.tag_path(slug, lang);
            jobs.push(CardJob::list(site, path, lang, name.clone(), group("tags")));
        }
    }
    jobs
}

/// The page cards of a build, as an output: one job per card.
pub(crate) struct PageCards<'a> {
    pub(crate) studio: &'a Studio,
    pub(crate) jobs: &'a [CardJob],
}

impl Output for PageCards<'_> {
    type Job = CardJob;

    fn plan(&self, _site: &Site) -> Result<Vec<CardJob>> {
        Ok(self.jobs.to_vec())
    }

    fn produce(&self, site: &Site, job: &CardJob, sink: &dyn Sink) -> Result<Produced> {
        let rel = card_rel(&job.path);
        match self.studio.page_card(site, job)? {
            Some(Png::Cached(path)) => sink.link_cached(&rel, &path)?,
            Some(Png::Drawn(png)) => sink.put(&rel, &png)?,
            None => return Ok(Produced::default()),
        }
        Ok(Produced {
            files: 1,
            warnings: Vec::new(),
        })
    }
}

/// Where the card of the page at `path` is written: `share/tin-tuc/khai-mac.png` for
/// `/tin-tuc/khai-mac/`. Page paths are unique, so card names are; one folder per section keeps
/// the folders few.
fn card_rel(path: &str) -> String {
    let path = path.trim_matches('/');
    let path = if path.is_empty() { "index" } else { path };
    format!("share/{path}.png")
}

/// A drawn card: as the artwork cache keeps it, or in memory when there is no cache.
enum Png {
    Cached(PathBuf),
    Drawn(Vec<u8>),
}

impl Studio {
    /// Whether the theme draws page cards: a theme without the layout leaves pages with the
    /// site's card (its template was checked with the theme's other layouts).
    pub(crate) fn draws_page_cards(&self) -> bool {
        self.layouts.contains_key(LAYOUT)
    }

    /// The links to the cards of `jobs`, by page path.
    pub(crate) fn card_links(&self, site: &Site, jobs: &[CardJob]) -> HashMap<String, CardLink> {
        let base = site.config.base_path();
        jobs.iter()
            .map(|job| {
                let link = CardLink {
                    png: format!("{base}/{}", card_rel(&job.path)),
                    width: WIDTH as u32,
                    height: HEIGHT as u32,
                    title: job.title.clone(),
                };
                (job.path.clone(), link)
            })
            .collect()
    }

    /// A card as PNG; None when the layout leaves it with nothing to show. A card the cache has
    /// (or keeps once drawn) is left there for the sink to link: a site of 10 000 posts has as
    /// many cards, and reading each to write it again was most of a build into a new folder.
    fn page_card(&self, site: &Site, job: &CardJob) -> Result<Option<Png>> {
        let Some(layout) = self.layouts.get(LAYOUT) else {
            return Ok(None);
        };
        let format = Format {
            name: LAYOUT.into(),
            size: Size::Screen {
                w: WIDTH,
                h: HEIGHT,
            },
            layout: LAYOUT.into(),
            min_text: MIN_TITLE_PX,
        };
        let boxes = self.card_boxes(site, job, &format)?;
        if boxes.values().all(|b| b.lines.is_empty()) {
            return Ok(None);
        }
        let ctx = self.sheet_context("px", format.dims(), &boxes, &job.lang);
        let svg = self.layout_svg(&layout.template, &ctx)?;
        let sheet = Sheet {
            svg: &svg,
            format: &format,
            layout,
            lang: &job.lang,
            file: &job.file,
            title: &job.title,
            pdf_what: String::new(),
            cache_extra: Some(format!("card|{}|{}", layout.family, job.lang)),
            keep_clear: Vec::new(),
            screens: false,
            png_only: true,
        };
        let cache = self.cache_key(&sheet);
        let cache = cache.as_ref().map(|(c, key)| (*c, key.as_str()));
        let cached = || cache.and_then(|(c, key)| c.file(key, ".png"));
        if let Some(path) = cached() {
            return Ok(Some(Png::Cached(path)));
        }
        // Lines are set apart by their ink as they are fitted; the check that stops a slogan
        // whose editor broke it too tightly has nothing to say to a title.
        let files = self.draw_sheet_keyed(&sheet, cache, |_| Ok(true))?;
        let png = files
            .unwrap_or_default()
            .into_iter()
            .find(|(suffix, _)| suffix == ".png")
            .map(|(_, png)| png);
        // Linked from where the cache now keeps it, as every later build will: the output's
        // manifest then records the same fingerprint for the card, drawn or cached.
        Ok(png.map(|png| match cached() {
            Some(path) => Png::Cached(path),
            None => Png::Drawn(png),
        }))
    }

    /// Every box of the card's layout filled in and fitted; the main box (the title) cut at a
    /// word with "…" where it would fall below its legible size.
    fn card_boxes(
        &self,
        site: &Site,
        job: &CardJob,
        format: &Format,
    ) -> Result<HashMap<String, BoxOut>> {
        let layout = &self.layouts[LAYOUT];
        let mut ctx = self.text_context(site, &job.lang);
        ctx.insert("title", &job.title);
        ctx.insert("year", &job.year);
        ctx.insert("section", &job.section);
        ctx.insert("unit", &job.unit);
        ctx.insert("group", &job.group);
        ctx.insert("organiser", &campaign_organiser(site, &job.lang));
        let (tw, th, bleed) = format.dims();
        let may_use = "card box texts may use title, year, section, unit, group, organiser, site_title, lang, t";
        let mut boxes = HashMap::new();
        for text in self.box_texts(LAYOUT, layout, &ctx, may_use) {
            let (name, spec, text) = text?;
            let m = text.measurer;
            // Left out rather than refused: the title is the editor's, the card only shows it.
            let missing = m.missing_glyphs(&text.content);
            let content: String = text
                .content
                .chars()
                .filter(|c| !missing.contains(c))
                .collect();
            let frame = spec.frame(tw, th);
            let fitted = if spec.main {
                let frame = fit::Frame {
                    min_size: format.min_text,
                    ..frame
                };
                fit_or_cut(m, &content, frame, &self.keep)
            } else {
                fit::fit(m, &content, frame, &self.keep)
            };
            let fitted = spec.capped(fitted, th);
            boxes.insert(
                name.to_string(),
                place(spec, &layout.family, text.weight, &fitted, (tw, th, bleed)),
            );
        }
        Ok(boxes)
    }
}

/// Fits `text`, or as many of its first words as fit at the frame's legible size, with "…".
fn fit_or_cut(
    m: &fit::Measurer,
    text: &str,
    frame: fit::Frame,
    keep: &super::breaks::KeepTogether,
) -> fit::Fitted {
    let whole = fit::fit(m, text, frame, keep);
    if whole.size + 1e-9 >= frame.min_size {
        return whole;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let cut = |n: usize| fit::fit(m, &format!("{}…", words[..n].join(" ")), frame, keep);
    // The most words that still fit: fewer words never need a smaller size.
    let (mut lo, mut hi) = (1, words.len().saturating_sub(1));
    if hi < lo {
        return whole;
    }
    let mut best = cut(lo);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let f = cut(mid);
        if f.size + 1e-9 >= frame.min_size {
            best = f;
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    best
}
