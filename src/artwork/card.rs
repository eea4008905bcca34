//! Share cards of the portal's pages: for every page without a picture of its own (a news post
//! with no photo, a results report, an about page), a 1200 × 630 px PNG with the page's title
//! drawn from the theme's `page-card` layout, so a post shared on Facebook or Zalo shows its own
//! headline instead of the site's card. Files at `share/<page path>.png`, through the artwork
//! cache like every drawing.
//!
//! A card is decoration, not the page: a title the card cannot hold is cut at a word with "…",
//! and characters the font lacks are left out, where a slogan's artwork would stop the build.

use std::collections::HashMap;

use super::Studio;
use super::boxes::{BoxOut, campaign_organiser, place};
use super::fit;
use super::format::{Format, Size};
use super::sheet::Sheet;
use crate::error::Result;
use crate::model::{CardLink, Page, PageId, Site};
use crate::output::{Output, Produced};
use crate::write::Sink;

/// The theme's layout for page cards.
const LAYOUT: &str = "page-card";
/// Open Graph's recommended size; Facebook and Zalo crop other proportions.
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 630.0;
/// Below this the title is cut rather than shrunk: a card is read as a thumbnail in a feed.
const MIN_TITLE_PX: f64 = 44.0;

/// The page cards of a build, as an output: one job per page that gets a card.
pub(crate) struct PageCards<'a> {
    pub(crate) studio: &'a Studio,
    pub(crate) pages: &'a [PageId],
}

impl Output for PageCards<'_> {
    type Job = PageId;

    fn plan(&self, _site: &Site) -> Result<Vec<PageId>> {
        Ok(self.pages.to_vec())
    }

    fn produce(&self, site: &Site, id: &PageId, sink: &dyn Sink) -> Result<Produced> {
        let page = &site.pages[*id];
        let Some(png) = self.studio.page_card(site, page)? else {
            return Ok(Produced::default());
        };
        sink.put(&card_rel(page), &png)?;
        Ok(Produced {
            files: 1,
            warnings: Vec::new(),
        })
    }
}

/// Where a page's card is written: `share/tin-tuc/khai-mac.png` for `/tin-tuc/khai-mac/`. Page
/// paths are unique, so card names are; one folder per section keeps the folders few.
fn card_rel(page: &Page) -> String {
    let path = page.path.trim_matches('/');
    let path = if path.is_empty() { "index" } else { path };
    format!("share/{path}.png")
}

impl Studio {
    /// Whether the theme draws page cards (a theme without the layout leaves pages with the
    /// site's card); a layout whose SVG template is missing is the theme's error.
    pub(crate) fn draws_page_cards(&self, theme: &str) -> Result<bool> {
        let Some(layout) = self.layouts.get(LAYOUT) else {
            return Ok(false);
        };
        let file = format!("themes/{theme}/artwork/{LAYOUT}.yaml");
        match layout.missing_template(&self.tera, file) {
            Some(e) => Err(e),
            None => Ok(true),
        }
    }

    /// The links to the cards of `pages`, by page.
    pub(crate) fn card_links(&self, site: &Site, pages: &[PageId]) -> HashMap<PageId, CardLink> {
        let base = site.config.base_path();
        pages
            .iter()
            .map(|&id| {
                let page = &site.pages[id];
                let link = CardLink {
                    png: format!("{base}/{}", card_rel(page)),
                    width: WIDTH as u32,
                    height: HEIGHT as u32,
                    title: page.title.clone(),
                };
                (id, link)
            })
            .collect()
    }

    /// A page's card as PNG; None when the layout leaves it with nothing to show.
    fn page_card(&self, site: &Site, page: &Page) -> Result<Option<Vec<u8>>> {
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
        let boxes = self.card_boxes(site, page, &format)?;
        if boxes.values().all(|b| b.lines.is_empty()) {
            return Ok(None);
        }
        let ctx = self.sheet_context("px", format.dims(), &boxes, &page.lang);
        let svg = self.layout_svg(&layout.template, &ctx)?;
        let sheet = Sheet {
            svg: &svg,
            format: &format,
            layout,
            lang: &page.lang,
            file: &page.rel,
            title: &page.title,
            pdf_what: String::new(),
            cache_extra: Some(format!("card|{}|{}", layout.family, page.lang)),
            keep_clear: Vec::new(),
            screens: false,
            png_only: true,
        };
        // Lines are set apart by their ink as they are fitted; the check that stops a slogan
        // whose editor broke it too tightly has nothing to say to a title.
        let files = self.draw_sheet(&sheet, |_| Ok(true))?;
        Ok(files
            .unwrap_or_default()
            .into_iter()
            .find(|(suffix, _)| suffix == ".png")
            .map(|(_, png)| png))
    }

    /// Every box of the card's layout filled in and fitted; the main box (the title) cut at a
    /// word with "…" where it would fall below its legible size.
    fn card_boxes(
        &self,
        site: &Site,
        page: &Page,
        format: &Format,
    ) -> Result<HashMap<String, BoxOut>> {
        let layout = &self.layouts[LAYOUT];
        let lang = &page.lang;
        let default = site.config.default_lang();
        let mut ctx = self.text_context(site, lang);
        ctx.insert("title", &page.title);
        ctx.insert("year", &page.year());
        ctx.insert(
            "section",
            &site.section(&page.section, lang).map(|s| s.title.clone()),
        );
        ctx.insert(
            "unit",
            &page
                .unit()
                .and_then(|u| site.units.get(u))
                .map(|u| u.name.get(lang, default)),
        );
        ctx.insert("organiser", &campaign_organiser(site, lang));
        let (tw, th, bleed) = format.dims();
        let may_use =
            "card box texts may use title, year, section, unit, organiser, site_title, lang, t";
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
            let mut frame = spec.frame(tw, th);
            if spec.main {
                frame.min_size = format.min_text;
            }
            let fitted = if spec.main {
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
