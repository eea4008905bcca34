//! `loa banner`: chosen slogans in chosen formats and languages drawn into a folder
//! (`<lang>/<slug>/<format>.*`), without building the portal.

use super::Studio;
use super::folder::Folder;
use super::slogan::{Job, SloganArt, is_named};
use crate::content::Kind;
use crate::error::{Error, Result};
use crate::model::{Page, PageId, Site};
use crate::output::produce_all;
use crate::write::Sink;

/// Used by `loa banner`: the slogan pages matching `wanted` (a slug or file name in any
/// language), or all of them.
fn select_pages<'a>(site: &'a Site, wanted: &[String], langs: &[String]) -> Vec<&'a Page> {
    site.pages
        .iter()
        .filter(|p| p.kind == Kind::Slogan)
        .filter(|p| langs.is_empty() || langs.iter().any(|l| l == p.lang.as_str()))
        .filter(|p| wanted.is_empty() || wanted.iter().any(|w| is_named(p, w)))
        .collect()
}

/// `loa banner`: renders the chosen slogans and formats into `out` (`<lang>/<slug>/<format>.*`),
/// without building the portal, each file written whole or not at all. Returns the number of
/// files written.
pub(crate) fn banner(
    args: &crate::load::BuildArgs,
    slugs: &[String],
    formats: &[String],
    langs: &[String],
    out: &std::path::Path,
) -> Result<usize> {
    let (site, theme) = crate::load::load(args)?;
    let studio = Studio::new(&site, &theme)?;
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
    let pages = select_pages(&site, slugs, langs);
    for s in slugs {
        if !pages.iter().any(|p| is_named(p, s)) {
            return Err(Error::Other(format!(
                "no slogan `{s}`: give a slogan's slug or file name (without .md) from content/slogans/"
            )));
        }
    }
    let chosen: Vec<PageId> = pages.iter().map(|p| p.id).collect();
    let jobs: Vec<Job> = studio
        .jobs(&site)?
        .into_iter()
        .filter(|j| chosen.contains(&j.page))
        .filter(|j| formats.is_empty() || formats.contains(&studio.formats[j.format].name))
        .collect();
    let art = SloganArt::with_progress(&studio, jobs.len());
    let folder = Folder {
        dir: out.to_path_buf(),
    };
    Ok(produce_all(&art, &site, &jobs, &OutOfArtwork(&folder))?.files)
}

/// Puts the files of the site's `artwork/` folder at the same paths under another sink.
struct OutOfArtwork<'a>(&'a dyn Sink);

impl Sink for OutOfArtwork<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.0
            .put(rel.strip_prefix("artwork/").unwrap_or(rel), bytes)
    }
}
