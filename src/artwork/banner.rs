//! What `loa banner` asks for: the artwork jobs of chosen slogans, formats and languages, each
//! name checked so a typo is an error rather than an empty folder.

use super::Studio;
use super::slogan::{Job, is_named};
use crate::content::Kind;
use crate::error::{Error, Result};
use crate::model::{Page, PageId, Site};

/// The slogan pages matching `wanted` (a slug or file name in any language), or all of them.
fn select_pages<'a>(site: &'a Site, wanted: &[String], langs: &[String]) -> Vec<&'a Page> {
    site.pages
        .iter()
        .filter(|p| p.kind == Kind::Slogan)
        .filter(|p| langs.is_empty() || langs.iter().any(|l| l == p.lang.as_str()))
        .filter(|p| wanted.is_empty() || wanted.iter().any(|w| is_named(p, w)))
        .collect()
}

/// The jobs of the chosen slogans (by slug or file name), formats and languages; empty lists
/// choose all. A name that matches nothing is an error naming what there is.
pub(crate) fn banner_jobs(
    site: &Site,
    studio: &Studio,
    slugs: &[String],
    formats: &[String],
    langs: &[String],
) -> Result<Vec<Job>> {
    for f in formats {
        if !studio.formats.iter().any(|k| &k.name == f) {
            let known: Vec<&str> = studio.formats.iter().map(|k| k.name.as_str()).collect();
            return Err(Error::Other(format!(
                "no artwork format `{f}`; the formats are: {}",
                known.join(", ")
            )));
        }
    }
    for l in langs {
        if !site.config.has_lang(l) {
            return Err(Error::Other(format!("no language `{l}` in site.yaml")));
        }
    }
    let pages = select_pages(site, slugs, langs);
    for s in slugs {
        if !pages.iter().any(|p| is_named(p, s)) {
            return Err(Error::Other(format!(
                "no slogan `{s}`: give a slogan's slug or file name (without .md) from content/slogans/"
            )));
        }
    }
    let chosen: Vec<PageId> = pages.iter().map(|p| p.id).collect();
    Ok(studio
        .jobs(site)?
        .into_iter()
        .filter(|j| chosen.contains(&j.page))
        .filter(|j| formats.is_empty() || formats.contains(&studio.formats[j.format].name))
        .collect())
}
