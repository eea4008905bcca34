//! What a pano's text boxes may say: the year's theme and dates, the opening ceremony (in a
//! unit's kit, the unit's own), the slogan, headline and organiser, and the address its QR code
//! holds.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::PanoJob;
use crate::artwork::Studio;
use crate::artwork::boxes::campaign_organiser;
use crate::artwork::slogan::is_named;
use crate::content::Kind;
use crate::content::pano::PanoSpec;
use crate::model::{Page, PageData, Site};
use crate::types::Lang;

#[derive(Serialize)]
struct DateParts {
    short: String,
    long: String,
    day_month: String,
}

impl Studio {
    /// The text context of a pano: what its boxes may say.
    pub(super) fn pano_context(
        &self,
        site: &Site,
        page: &Page,
        spec: &PanoSpec,
        job: &PanoJob,
    ) -> Context {
        let lang = &page.lang;
        let strings = self.strings.get(lang);
        let parts = |d: crate::types::Date| {
            let f = |format: &str| crate::theme::format_date(d, format, strings);
            DateParts {
                short: f("short"),
                long: f("long"),
                day_month: f("day_month"),
            }
        };
        let year = spec.theme_year.or(site.current_year);
        let theme = year.and_then(|y| site.theme_of_year(y, lang));
        let mut ctx = self.text_context(site, lang);
        ctx.insert("year", &year);
        ctx.insert("headline", &spec.headline);
        let mut opening_date = None;
        if let Some(PageData::Theme {
            theme: text,
            start,
            end,
            opening,
            ..
        }) = theme.map(|t| &t.data)
        {
            ctx.insert("theme", text);
            ctx.insert(
                "dates",
                &HashMap::from([("start", parts(*start)), ("end", parts(*end))]),
            );
            opening_date = opening.as_ref().and_then(|o| o.date);
        }
        // In a unit's kit the pano's own ceremony is another unit's: the unit's own replaces it.
        let own = match job.organiser {
            Some(_) => job.opening.as_ref(),
            None => spec.opening.as_ref(),
        };
        if let Some(o) = own {
            opening_date = o.date.or(opening_date);
        }
        if let Some(date) = opening_date {
            #[derive(Serialize)]
            struct OpeningOut<'a> {
                date: DateParts,
                time: Option<&'a str>,
                place: Option<&'a str>,
            }
            let o = own;
            ctx.insert(
                "opening",
                &OpeningOut {
                    date: parts(date),
                    time: o.and_then(|o| o.time.as_deref()),
                    place: o.and_then(|o| o.place.as_deref()),
                },
            );
        }
        let slogan = spec
            .slogan
            .as_deref()
            .and_then(|s| find_slogan(site, s, lang))
            .and_then(|p| match &p.data {
                PageData::Slogan { text, .. } => Some(text.clone()),
                _ => None,
            });
        ctx.insert("slogan", &slogan);
        let organiser = job
            .organiser
            .clone()
            .or_else(|| spec.organiser.clone())
            .or_else(|| {
                spec.unit
                    .as_ref()
                    .and_then(|u| site.units.get(u))
                    .map(|u| u.name.get(lang, site.config.default_lang()))
            })
            .or_else(|| campaign_organiser(site, lang));
        ctx.insert("organiser", &organiser);
        ctx
    }

    /// The address a pano's QR code holds: a web address as written, or the absolute URL of an
    /// `@/` page in the pano's language.
    pub(super) fn qr_target(site: &Site, page: &Page, spec: &PanoSpec) -> Option<String> {
        let q = spec.qr.as_deref()?;
        if !q.starts_with("@/") {
            return Some(q.to_string());
        }
        let path = site.content_url(q, &page.lang)?;
        let origin = site
            .config
            .base_url
            .strip_suffix(site.config.base_path())
            .unwrap_or(&site.config.base_url);
        Some(format!("{origin}{path}"))
    }
}

/// A slogan by slug, file name or content key, in `lang` or else the default language.
pub(crate) fn find_slogan<'a>(site: &'a Site, wanted: &str, lang: &Lang) -> Option<&'a Page> {
    let matches = |p: &&Page| {
        p.kind == Kind::Slogan
            && (is_named(p, wanted)
                || p.key == format!("slogans/{}", wanted.trim_end_matches(".md")))
    };
    let any: Vec<&Page> = site.pages.iter().filter(matches).collect();
    let key = any.first()?.key.clone();
    site.links
        .by_key
        .get(&(key.clone(), lang.clone()))
        .or_else(|| {
            site.links
                .by_key
                .get(&(key, site.config.default_lang().clone()))
        })
        .map(|&id| &site.pages[id])
}
