//! A plain folder as a sink, for the commands that write into a folder the user names
//! (`loa banner`, `loa kit`) rather than a site's output: each file is written beside its place
//! and renamed into it, so an interrupted or failed run never leaves a half-written file (files
//! already finished stay). Belongs with the other writers in `write`; kept here until it moves.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::write::Sink;

/// Files put at paths relative to `dir`, each written whole or not at all.
pub(crate) struct Folder {
    pub(crate) dir: PathBuf,
}

impl Sink for Folder {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut part = path.clone().into_os_string();
        part.push(".part");
        let part = PathBuf::from(part);
        std::fs::write(&part, bytes).map_err(|e| Error::io(&part, e))?;
        std::fs::rename(&part, &path).map_err(|e| Error::io(&path, e))
    }
}
