//! `loa kit`: each unit's campaign kit, one zip per unit.

use std::path::Path;

use crate::error::Result;
use crate::load::BuildArgs;

pub(crate) fn run(
    args: &BuildArgs,
    units: &[String],
    year: Option<i32>,
    lang: Option<&str>,
    output: &Path,
) -> Result<()> {
    let started = std::time::Instant::now();
    let report = crate::kit::kit(args, units, year, lang, output)?;
    eprintln!(
        "{} kits for {} ({} PDFs) in {} in {:.1} s",
        report.kits,
        report.year,
        report.pdfs,
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
