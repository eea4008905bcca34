//! Write stage: everything is rendered into a staging folder beside the output, and only a build
//! that finished without error is swapped in. A failed build therefore leaves the previous output
//! byte-for-byte as it was, which matters when `public/` is what a web server is serving.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, IoContext, Result};

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).at(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.loa-tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).at(&dir)?;
        }
        std::fs::create_dir_all(&dir).at(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a file at a site-relative path such as `en/news/index.html`.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).at(parent)?;
        }
        std::fs::write(&path, bytes).at(&path)
    }

    pub fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).at(parent)?;
        }
        std::fs::copy(from, &path).at(from).map(|_| ())
    }

    /// Refuses paths that would escape the output folder: slugs are sanitised already, but a
    /// theme or a future content kind must not be able to write outside it either.
    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        let rel = rel.trim_start_matches('/');
        let p = Path::new(rel);
        if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(Error::Other(format!(
                "refusing to write `{rel}`: output paths must stay inside the output folder"
            )));
        }
        Ok(self.dir.join(p))
    }

    /// Swaps the staged output in place of the old one.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().replace(".loa-tmp-", ".loa-old-"))
                .unwrap_or_default(),
        );
        if self.out.exists() {
            if old.exists() {
                std::fs::remove_dir_all(&old).at(&old)?;
            }
            std::fs::rename(&self.out, &old).at(&self.out)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // Put the previous output back rather than leave the site with none.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(Error::io(&self.out, e));
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old).at(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
