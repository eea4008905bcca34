//! `loa kit`: each unit's campaign kit, one zip per unit, in a folder of the user's choosing.

use std::path::{Path, PathBuf};

use crate::artwork::Studio;
use crate::artwork::pano::PrintPhotos;
use crate::error::Result;
use crate::kit::{Kits, zip_name};
use crate::load::BuildArgs;
use crate::output::{Output, produce_all};
use crate::write::Folder;

pub(crate) fn run(
    args: &BuildArgs,
    units: &[String],
    year: Option<i32>,
    lang: Option<&str>,
    output: &Path,
) -> Result<()> {
    let started = std::time::Instant::now();
    let report = kit(args, units, year, lang, output)?;
    say!(
        "{} kits for {} ({} PDFs) in {} in {:.1} s",
        report.kits,
        report.year,
        report.pdfs,
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What `loa kit` made.
pub struct KitReport {
    /// The campaign year of the kits.
    pub year: i32,
    /// Kits written, one zip per unit.
    pub kits: usize,
    /// PDFs in all of them.
    pub pdfs: usize,
    /// The zips, in the order of the units.
    pub files: Vec<PathBuf>,
}

/// The kits of the named units (all when none are named) for `year` in `lang`, into `out` as
/// `<unit>-<year>.zip`, each zip written whole or not at all.
pub fn kit(
    args: &BuildArgs,
    wanted: &[String],
    year: Option<i32>,
    lang: Option<&str>,
    out: &Path,
) -> Result<KitReport> {
    let (site, theme) = crate::load::load(args)?;
    let studio = Studio::new(&site, &theme)?;
    let photos = PrintPhotos::new(&site)?;
    let kits = Kits::asked(&site, &studio, &photos, wanted, year, lang)?;
    let jobs = kits.plan(&site)?;
    let folder = Folder::create(out)?;
    produce_all(&kits, &site, &jobs, &folder)?;
    let year = kits.year();
    Ok(KitReport {
        year,
        kits: jobs.len(),
        pdfs: kits.pdfs(),
        files: jobs
            .iter()
            .map(|u| out.join(zip_name(year, &u.id)))
            .collect(),
    })
}
