//! `loa banner`: slogan artwork without the portal, for the communications office, into a
//! folder as `<lang>/<slug>/<format>.*`.

use std::path::Path;

use crate::artwork::{SloganArt, Studio, banner_jobs};
use crate::error::Result;
use crate::load::BuildArgs;
use crate::output::produce_all;
use crate::write::{Folder, Sink};

pub(crate) fn run(
    args: &BuildArgs,
    slugs: &[String],
    formats: &[String],
    langs: &[String],
    output: &Path,
) -> Result<()> {
    let n = banner(args, slugs, formats, langs, output)?;
    say!("rendered {n} files into {}", output.display());
    Ok(())
}

/// Draws the chosen slogans, formats and languages (empty lists: all) into `out`, each file
/// written whole or not at all; returns how many files were written.
pub fn banner(
    args: &BuildArgs,
    slugs: &[String],
    formats: &[String],
    langs: &[String],
    out: &Path,
) -> Result<usize> {
    let (site, theme) = crate::load::load(args)?;
    let studio = Studio::new(&site, &theme)?;
    let jobs = banner_jobs(&site, &studio, slugs, formats, langs)?;
    let art = SloganArt::with_progress(&studio, jobs.len());
    let folder = Folder::create(out)?;
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
