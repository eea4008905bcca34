//! `loa banner`: slogan artwork without the portal, for the communications office.

use std::path::Path;

use crate::error::Result;
use crate::load::BuildArgs;

pub(crate) fn run(
    args: &BuildArgs,
    slugs: &[String],
    formats: &[String],
    langs: &[String],
    output: &Path,
) -> Result<()> {
    let n = crate::artwork::banner(args, slugs, formats, langs, output)?;
    eprintln!("rendered {n} files into {}", output.display());
    Ok(())
}
