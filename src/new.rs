//! `loa new DIR`: writes a small working site. The starter site lives in the default theme
//! (`themes/default/starter/`), compiled into the binary, so it is content a theme author can
//! change, not strings in the code.

use std::path::Path;

use crate::error::{Error, IoContext, Result};
use crate::theme::embedded;

/// Creates the starter site in `dir`, which must be missing or empty; returns the files written.
pub fn new_site(dir: &Path) -> Result<usize> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).at(dir)?;
        if entries.next().is_some() {
            return Err(Error::Other(format!(
                "{} exists and is not empty; loa new only writes into a new or empty folder, so nothing was changed",
                dir.display()
            )));
        }
    }
    let starter = embedded("starter")
        .ok_or_else(|| Error::Other("the built-in theme has no starter site".into()))?;
    let mut written = 0;
    let mut stack = vec![starter];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            let target = dir.join(f.path());
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).at(parent)?;
            }
            std::fs::write(&target, f.contents()).at(&target)?;
            written += 1;
        }
        stack.extend(d.dirs());
    }
    if written == 0 {
        return Err(Error::Other(
            "the built-in theme's starter site is empty".into(),
        ));
    }
    Ok(written)
}
