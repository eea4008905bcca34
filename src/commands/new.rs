//! `loa new DIR [--campaign NAME]`: a new site from one of the built-in starters.

use std::path::Path;

use crate::error::Result;

pub(crate) fn run(dir: &Path, campaign: Option<&str>) -> Result<()> {
    let n = crate::new::new_site(dir, campaign)?;
    say!(
        "created a new site with {n} files in {}\nnext: cd {} && loa serve",
        dir.display(),
        dir.display()
    );
    Ok(())
}
