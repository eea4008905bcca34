//! Where outputs put their files: one trait, so the portal, photos, artwork, panos and kits
//! are written the same way whether they go to the build's staging folder or to memory.

use std::path::Path;

use super::Staging;
use crate::error::{IoContext, Result};

/// Where every output puts its files: the build's staging folder, or memory for an incremental
/// rebuild. Paths are relative to the output root, with `/` separators.
pub trait Sink: Sync {
    /// Puts `bytes` at `rel`.
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Puts a copy of the file `source` at `rel` (a sink that can link or copy without reading
    /// the file into memory does so).
    fn copy(&self, rel: &str, source: &Path) -> Result<()> {
        let bytes = std::fs::read(source).at(source)?;
        self.put(rel, &bytes)
    }

    /// Puts the file `source` of loa's own cache at `rel`. The cache replaces its files and
    /// never writes into one, so a sink may link the file rather than copy it.
    fn link_cached(&self, rel: &str, source: &Path) -> Result<()> {
        self.copy(rel, source)
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.write(rel, bytes)
    }

    fn copy(&self, rel: &str, source: &Path) -> Result<()> {
        Staging::copy(self, rel, source, false)
    }

    fn link_cached(&self, rel: &str, source: &Path) -> Result<()> {
        Staging::copy(self, rel, source, true)
    }
}

/// Files kept in memory, in the order they were rendered.
#[derive(Default)]
pub(crate) struct Collected(pub std::sync::Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Collected {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if let Ok(mut files) = self.0.lock() {
            files.push((rel.to_string(), bytes.to_vec()));
        }
        Ok(())
    }
}
