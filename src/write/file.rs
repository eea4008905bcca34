//! Single files, for everything that is not a build's output folder: caches, `loa serve`'s
//! rebuilt pages, `loa banner` and `loa kit` folders, new sites and news posts. A file is
//! written beside its place and renamed over it, so a reader (a web server, a print shop's
//! upload, a second build) sees the old bytes or the new ones, never half a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Sink;
use crate::error::{IoContext, Result};

/// Puts `bytes` at `path` in one step, making its folder if needed.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Caches call this for every entry into a folder that almost always exists: the folder is
    // made only when the first write finds it missing, not checked before each file.
    match replace_in_place(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            match path.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(parent) => std::fs::create_dir_all(parent)?,
                None => return Err(e),
            }
            replace_in_place(path, bytes)
        }
        done => done,
    }
}

/// Writes a temporary file beside `path` and renames it over `path`.
fn replace_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Unique per process and call: parallel writers of one cache never share a temporary file.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(
        ".tmp{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = PathBuf::from(tmp);
    let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes a new file at `path`, refusing to replace one that exists (even one that appeared a
/// moment ago): for files people write in, such as a news post just started.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)
}

/// A plain folder as a sink (`loa banner`, `loa kit`): each file replaced in one step, so an
/// interrupted or failed run never leaves a half-written file (files already finished stay).
pub(crate) struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `root`, made if missing.
    pub(crate) fn create(root: &Path) -> Result<Folder> {
        std::fs::create_dir_all(root).at(root)?;
        Ok(Folder {
            root: root.to_path_buf(),
        })
    }
}

impl Sink for Folder {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.root.join(rel.trim_start_matches('/'));
        replace(&path, bytes).at(&path)
    }
}
