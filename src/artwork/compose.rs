//! Composing a slogan's artwork: every box of its layout filled in (slogan, year, theme,
//! organiser…) and fitted with the font's real metrics, held to the format's legibility minimum.

use std::collections::HashMap;

use super::Studio;
use super::boxes::{BoxOut, Composition, as_drawn, campaign_organiser, place};
use super::fit::{self, Frame, Measurer};
use super::format::{Format, trim_num};
use super::slogan::{Job, job_year};
use crate::error::{Error, Location, Result};
use crate::model::{Page, PageData, Site};

impl Studio {
    /// Fits the text of every box of a slogan's layout in one format: the lines and sizes the
    /// SVG template will draw.
    pub fn compose(&self, site: &Site, job: &Job) -> Result<Composition> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let layout = &self.layouts[&format.layout];
        let PageData::Slogan {
            text, years, lines, ..
        } = &page.data
        else {
            return Ok(Composition::default());
        };
        let slogan: &str = text;
        let (tw, th, bleed) = format.dims();
        let year = job_year(page, job, years)?;
        let lang = &page.lang;
        let mut text_ctx = self.text_context(site, lang);
        text_ctx.insert("slogan", text);
        text_ctx.insert("year", &year);
        let theme_page = year.and_then(|y| site.theme_of_year(y, lang));
        text_ctx.insert("theme", &theme_page.map(|p| p.title.clone()));
        text_ctx.insert(
            "organiser",
            &job.organiser
                .clone()
                .or_else(|| campaign_organiser(site, lang)),
        );

        let mut boxes: HashMap<String, BoxOut> = HashMap::new();
        let may_use = "box texts may use slogan, year, theme, organiser, site_title, lang";
        for text in self.box_texts(&format.layout, layout, &text_ctx, may_use) {
            let (name, spec, text) = text?;
            let (content, weight, m) = (text.content, text.weight, text.measurer);
            let missing = m.missing_glyphs(&content);
            if !missing.is_empty() {
                let list: String = missing
                    .iter()
                    .map(|c| format!("`{c}` (U+{:04X}) ", *c as u32))
                    .collect();
                // The file to fix is where the text came from: the slogan, the year's theme, the
                // unit a kit is for, or the site's config.
                let has = |t: &str| missing.iter().any(|c| t.contains(*c));
                let at = if has(slogan) {
                    Location::file(&page.rel)
                } else if let Some(theme) = theme_page.filter(|t| has(&t.title)) {
                    Location::file(&theme.rel)
                } else if job.organiser.as_deref().is_some_and(has) {
                    Location::file(
                        std::path::Path::new("content").join(crate::content::units::UNITS_FILE),
                    )
                } else {
                    Location::file(&site.config.file)
                };
                return Err(Error::content(
                    at,
                    format!(
                        "the font {} has no glyph for {}in the {} artwork",
                        layout.family, list, format.name
                    ),
                    "replace those characters (check for look-alike letters pasted from other scripts), or add a font that has them to the theme",
                ));
            }
            let mut frame = spec.frame(tw, th);
            if spec.main {
                frame.min_size = format.min_text;
            }
            let explicit: Option<Vec<String>> = spec
                .main
                .then(|| lines.as_ref().and_then(|l| l.for_format(&format.name)))
                .flatten()
                .map(|l| l.iter().map(|s| as_drawn(s, spec.uppercase)).collect());
            let fitted = match explicit {
                Some(lines) => fit::size_for(
                    m,
                    &lines,
                    Frame {
                        max_lines: lines.len(),
                        ..frame
                    },
                ),
                None => fit::fit(m, &content, frame, &self.keep),
            };
            let fitted = spec.capped(fitted, th);
            if spec.main && !content.is_empty() && fitted.size + 1e-9 < format.min_text {
                return Err(too_long(page, format, m, &content, frame, fitted.size));
            }
            boxes.insert(
                name.to_string(),
                place(spec, &layout.family, weight, &fitted, (tw, th, bleed)),
            );
        }
        Ok(Composition { boxes })
    }
}

/// The slogan does not fit at the smallest legible size: say how much would.
fn too_long(
    page: &Page,
    format: &Format,
    m: &Measurer,
    text: &str,
    frame: Frame,
    size: f64,
) -> Error {
    let chars = text.chars().count();
    let needed = m.width(text);
    let capacity = frame.max_lines as f64 * frame.w / format.min_text;
    let fit_chars = ((chars as f64) * capacity / needed).floor() as usize;
    Error::content(
        Location::file(&page.rel),
        format!(
            "the slogan is too long for format `{}` ({}): at {} lines its text would be {:.0} {unit} high, below the legible minimum of {} {unit}; it has {chars} characters and about {} fit",
            format.name,
            format.size_label(),
            frame.max_lines,
            size,
            trim_num(format.min_text),
            fit_chars.min(chars.saturating_sub(1)),
            unit = format.unit(),
        ),
        "shorten it, break it yourself with `lines:` in the front matter, or leave this format out with `formats:`",
    )
}
