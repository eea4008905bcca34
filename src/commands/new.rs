//! `loa new DIR`: a new site from the starter.

use std::path::Path;

use crate::error::Result;

pub(crate) fn run(dir: &Path) -> Result<()> {
    let n = crate::new::new_site(dir)?;
    say!(
        "created a new site with {n} files in {}\nnext: cd {} && loa serve",
        dir.display(),
        dir.display()
    );
    Ok(())
}
