//! Write stage. A build never writes into the output folder while it runs: new and changed files
//! go to a staging folder beside it, and only a build that finished without error is committed.
//! A failed build therefore leaves the previous output byte-for-byte as it was, which matters
//! when `public/` is what a web server is serving.
//!
//! Files whose bytes are the same as in the previous build are not written at all, so their
//! modification times and inodes stay: rsync and CDN uploads see only real changes, and a
//! no-change rebuild writes nothing. What the previous build wrote is known from a manifest in
//! the cache (path, content fingerprint, size and mtime of each output file); a file that was
//! touched since (size or mtime differ) is written again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, IoContext, Result};

mod file;
mod folder;
mod manifest;
mod sink;

pub(crate) use file::{Folder, create_new, replace};
pub(crate) use folder::{OUTPUT_MARKER, manifest_path, safe_output};
use manifest::{Entry, mtime_ns};
pub(crate) use manifest::{Previous, Summary};
pub(crate) use sink::Collected;
pub use sink::Sink;

pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    manifest: PathBuf,
    /// Files of the previous output that are as its build left them.
    previous: HashMap<String, Entry>,
    /// Every file of the previous output, as found on disk: what this build does not write again
    /// is stale and removed.
    on_disk: Vec<String>,
    /// Whether the previous output can be updated file by file (it has a trustworthy manifest).
    incremental: bool,
    /// Every file of this build.
    files: Mutex<HashMap<String, Staged>>,
    /// The previous build's pages: Markdown file → URL folder of the page made from it.
    previous_pages: HashMap<String, String>,
    /// This build's pages, recorded in the manifest for the next build.
    pages: Mutex<BTreeMap<String, String>>,
    /// Folders of the staging folder made so far. Each is made once: asking the kernel again
    /// for every file (a failed mkdir and a stat) cost as much as a link for the 20 000 share
    /// cards of one folder.
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

/// A file of this build.
struct Staged {
    fingerprint: [u8; 32],
    /// Whether it was staged (it differs from the previous output's).
    changed: bool,
    /// Size and mtime of a staged file, as the writer's open file or the linked file told them:
    /// the manifest then asks the kernel for no path per file at commit, which took one thread
    /// about 27 000 lookups at the end of a 10 000-post build. Renames keep both.
    stat: Option<(u64, u128)>,
}

/// How a commit went: files written, left as they were, and removed.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Commit {
    pub(crate) written: usize,
    pub(crate) unchanged: usize,
    pub(crate) removed: usize,
}

impl Staging {
    /// Stages a build of `out`; `manifest` is where the list of output files is kept between
    /// builds (in the site's cache, so it is never published). `previous` is what the last
    /// build left there ([`Previous::load`]); without it the output is replaced as a whole.
    pub(crate) fn new(out: &Path, manifest: &Path, previous: Option<Previous>) -> Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).at(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        folder::remove_dead_staging(parent, &name);
        let dir = parent.join(format!(".{name}.loa-tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).at(&dir)?;
        }
        std::fs::create_dir_all(&dir).at(&dir)?;
        let mut staging = Staging {
            out: out.to_path_buf(),
            dir,
            manifest: manifest.to_path_buf(),
            previous: HashMap::new(),
            on_disk: Vec::new(),
            incremental: false,
            files: Mutex::new(HashMap::new()),
            previous_pages: HashMap::new(),
            pages: Mutex::new(BTreeMap::new()),
            made: Mutex::new(HashSet::new()),
            committed: false,
        };
        if let Some(Previous {
            mut recorded,
            disk,
            pages,
            ..
        }) = previous
        {
            staging.previous_pages = pages;
            for (rel, (size, mtime_ns)) in &disk {
                if let Some(e) = recorded.remove(rel)
                    && e.size == *size
                    && e.mtime_ns == *mtime_ns
                {
                    staging.previous.insert(rel.clone(), e);
                }
            }
            staging.on_disk = disk.into_keys().collect();
            staging.incremental = true;
        }
        Ok(staging)
    }

    /// Writes a file at a site-relative path such as `en/news/index.html`, unless the previous
    /// output holds exactly these bytes there.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel)?;
        let fingerprint = *blake3::hash(bytes).as_bytes();
        if self.keep(rel, fingerprint) {
            return Ok(());
        }
        self.make_parent(&path)?;
        let mut file = std::fs::File::create(&path).at(&path)?;
        std::io::Write::write_all(&mut file, bytes).at(&path)?;
        if let Ok(meta) = file.metadata() {
            self.record_stat(rel, &meta);
        }
        Ok(())
    }

    fn record_stat(&self, rel: &str, meta: &std::fs::Metadata) {
        let mut files = self.files.lock().expect("lock");
        if let Some(staged) = files.get_mut(rel.trim_start_matches('/')) {
            staged.stat = Some((meta.len(), mtime_ns(meta)));
        }
    }

    /// Makes the folder `path` goes in, unless this build made it already.
    fn make_parent(&self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.made.lock().expect("lock").contains(parent) {
            return Ok(());
        }
        std::fs::create_dir_all(parent).at(parent)?;
        self.made.lock().expect("lock").insert(parent.to_path_buf());
        Ok(())
    }

    /// Copies `from` to a site-relative path, unless the previous output has a copy of the same
    /// file (same path, size and mtime) there. Copies are photos and assets: reading them only to
    /// compare would cost as much as copying.
    ///
    /// With `link`, for files of loa's own cache only, the file is hard-linked where the
    /// filesystem allows: at 10 000 news posts the share cards alone are 460 MB that a build into
    /// a new folder would otherwise copy. A user's own files (photos, `static/`) are copied,
    /// so nothing done to the output can reach them.
    pub(crate) fn copy(&self, rel: &str, from: &Path, link: bool) -> Result<()> {
        let path = self.path_of(rel)?;
        let meta = std::fs::metadata(from).at(from)?;
        let mut h = blake3::Hasher::new();
        h.update(b"copy\0");
        h.update(from.as_os_str().as_encoded_bytes());
        h.update(&meta.len().to_le_bytes());
        h.update(&mtime_ns(&meta).to_le_bytes());
        if self.keep(rel, *h.finalize().as_bytes()) {
            return Ok(());
        }
        self.make_parent(&path)?;
        // Another filesystem (the output on a mounted disk) or one without links: copied.
        if link && std::fs::hard_link(from, &path).is_ok() {
            // One inode: the link's size and mtime are the cached file's.
            self.record_stat(rel, &meta);
            return Ok(());
        }
        std::fs::copy(from, &path).at(from).map(|_| ())
    }

    /// Records which Markdown file each page of this build was made from (`content/news/x.md`)
    /// and its URL folder (`tin-tuc/x/`), for [`Staging::keep_page`] in a later build.
    pub(crate) fn record_pages<'a>(&self, pages: impl Iterator<Item = (String, &'a str)>) {
        let mut recorded = self.pages.lock().expect("lock");
        for (source, url) in pages {
            recorded.insert(source, url.trim_start_matches('/').to_string());
        }
    }

    /// Keeps, as the previous build published them, the files of the page made from `source`
    /// (everything below its URL folder that this build does not write itself): for a page left
    /// out of this build (quarantined). Returns the page's URL folder, or `None` when the
    /// previous build had no such page.
    pub(crate) fn keep_page(&self, source: &str) -> Option<String> {
        let folder = self.previous_pages.get(source)?;
        if folder.is_empty() {
            return None;
        }
        let mut files = self.files.lock().expect("lock");
        for (rel, e) in &self.previous {
            if rel.starts_with(folder.as_str()) && !files.contains_key(rel) {
                files.insert(
                    rel.clone(),
                    Staged {
                        fingerprint: e.fingerprint,
                        changed: false,
                        stat: None,
                    },
                );
            }
        }
        self.pages
            .lock()
            .expect("lock")
            .insert(source.to_string(), folder.clone());
        Some(format!("/{folder}"))
    }

    /// Records a file of this build; true when the previous output already has it.
    fn keep(&self, rel: &str, fingerprint: [u8; 32]) -> bool {
        let rel = rel.trim_start_matches('/');
        let same = self
            .previous
            .get(rel)
            .is_some_and(|e| e.fingerprint == fingerprint);
        let again = self
            .files
            .lock()
            .expect("lock")
            .insert(
                rel.to_string(),
                Staged {
                    fingerprint,
                    changed: !same,
                    stat: None,
                },
            )
            .is_some();
        if again {
            // One path put twice in a build is a bug elsewhere, but its staged file may be a
            // link into a cache: writing through it would change the cache, so it goes first.
            let _ = std::fs::remove_file(self.dir.join(rel));
        }
        same
    }

    /// Refuses paths that would escape the output folder: slugs are sanitised already, but a
    /// theme or a future content kind must not be able to write outside it either.
    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        let rel = rel.trim_start_matches('/');
        let p = Path::new(rel);
        // `Path::components` drops `.` parts (`en/./index.html` is `en/index.html`), so they are
        // refused on the text: two names for one file would make the commit move it twice.
        if rel.is_empty()
            || rel.split('/').any(|s| s == "." || s == "..")
            || p.components().any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Error::Other(format!(
                "refusing to write `{rel}`: output paths must stay inside the output folder"
            )));
        }
        Ok(self.dir.join(p))
    }

    /// Puts the build in place: changed files are moved into the output and stale ones removed;
    /// without a previous output (or its manifest) the staged folder replaces it whole.
    pub(crate) fn commit(mut self, summary: Option<Summary>) -> Result<Commit> {
        let files = std::mem::take(&mut *self.files.lock().expect("lock"));
        let mut report = Commit::default();
        if self.incremental {
            for (rel, staged) in &files {
                if !staged.changed {
                    report.unchanged += 1;
                    continue;
                }
                let to = self.out.join(rel);
                if let Some(parent) = to.parent() {
                    // A file where a folder must go (or the reverse) is replaced.
                    if parent.is_file() {
                        std::fs::remove_file(parent).at(parent)?;
                    }
                    std::fs::create_dir_all(parent).at(parent)?;
                }
                if to.is_dir() {
                    std::fs::remove_dir_all(&to).at(&to)?;
                }
                std::fs::rename(self.dir.join(rel), &to).at(&to)?;
                report.written += 1;
            }
            for rel in &self.on_disk {
                if !files.contains_key(rel) {
                    let path = self.out.join(rel);
                    if std::fs::remove_file(&path).is_ok() {
                        report.removed += 1;
                    }
                    remove_empty_parents(&self.out, &path);
                }
            }
            std::fs::remove_dir_all(&self.dir).at(&self.dir)?;
        } else {
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
            if old.exists() {
                std::fs::remove_dir_all(&old).at(&old)?;
            }
            report.written = files.len();
        }
        self.committed = true;
        self.write_manifest(&files, summary);
        Ok(report)
    }

    /// Records what is now in the output. Failing to write it only costs the next build its
    /// shortcut, so errors are ignored.
    fn write_manifest(&self, files: &HashMap<String, Staged>, summary: Option<Summary>) {
        let mut rels: Vec<&String> = files.keys().collect();
        rels.sort();
        let entries = rels.into_iter().filter_map(|rel| {
            let staged = &files[rel];
            let (size, mtime_ns) = match (self.previous.get(rel.as_str()), staged.stat) {
                (Some(e), _) if !staged.changed => (e.size, e.mtime_ns),
                (_, Some(known)) if staged.changed => known,
                _ => {
                    let m = std::fs::metadata(self.out.join(rel)).ok()?;
                    (m.len(), mtime_ns(&m))
                }
            };
            let entry = Entry {
                fingerprint: staged.fingerprint,
                size,
                mtime_ns,
            };
            Some((rel.as_str(), entry))
        });
        let pages = self.pages.lock().expect("lock");
        let text = manifest::text(summary.as_ref(), &pages, entries);
        // Without a manifest the next build replaces the output whole: slower, still right.
        let _ = replace(&self.manifest, &text);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes the folders above a deleted file up to the output folder, while they are empty.
fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(out: &Path, manifest: &Path, files: &[(&str, &str)]) -> Commit {
        let s = Staging::new(out, manifest, Previous::load(out, manifest)).unwrap();
        for (rel, text) in files {
            s.write(rel, text.as_bytes()).unwrap();
        }
        s.commit(None).unwrap()
    }

    #[test]
    fn unchanged_files_are_left_alone_and_stale_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let manifest = dir.path().join("cache/manifest");
        let first = build(
            &out,
            &manifest,
            &[
                ("index.html", "a"),
                ("tin/1/index.html", "b"),
                ("x.css", "c"),
            ],
        );
        assert_eq!(first.written, 3);
        let ino = |rel: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(rel)).unwrap().ino()
        };
        let before = ino("index.html");

        let second = build(
            &out,
            &manifest,
            &[
                ("index.html", "a"),
                ("x.css", "c2"),
                ("tin/2/index.html", "d"),
            ],
        );
        assert_eq!(
            (second.written, second.unchanged, second.removed),
            (2, 1, 1)
        );
        assert_eq!(ino("index.html"), before);
        assert_eq!(std::fs::read_to_string(out.join("x.css")).unwrap(), "c2");
        assert!(
            !out.join("tin/1").exists(),
            "empty folders of stale files go too"
        );

        // A file edited by hand since is written again even though the build did not change it.
        std::fs::write(out.join("index.html"), "hand-edited").unwrap();
        let third = build(
            &out,
            &manifest,
            &[
                ("index.html", "a"),
                ("x.css", "c2"),
                ("tin/2/index.html", "d"),
            ],
        );
        assert_eq!((third.written, third.unchanged), (1, 2));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_cache_file_is_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let cached = dir.path().join("cache/card.png");
        std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
        std::fs::write(&cached, b"cached").unwrap();
        let out = dir.path().join("public");
        let s = Staging::new(&out, &dir.path().join("manifest"), None).unwrap();
        s.copy("share/card.png", &cached, true).unwrap();
        assert_eq!(std::fs::metadata(&cached).unwrap().nlink(), 2, "not linked");
        // The same path again, with other bytes: the cache keeps its own.
        s.write("share/card.png", b"other").unwrap();
        s.commit(None).unwrap();
        assert_eq!(std::fs::read(&cached).unwrap(), b"cached");
        assert_eq!(std::fs::read(out.join("share/card.png")).unwrap(), b"other");
    }

    #[test]
    fn a_dropped_build_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let manifest = dir.path().join("manifest");
        build(&out, &manifest, &[("index.html", "a")]);
        let s = Staging::new(&out, &manifest, Previous::load(&out, &manifest)).unwrap();
        s.write("index.html", b"b").unwrap();
        s.write("new.html", b"c").unwrap();
        drop(s);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
        assert!(!out.join("new.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 2, "only public/ and the manifest remain");
    }

    #[test]
    fn staging_folders_of_killed_builds_are_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let manifest = dir.path().join("manifest");
        // A pid that cannot be running (above the kernel's pid_max), one that is (this test's
        // own parent), and another output's folder.
        let dead = dir.path().join(".public.loa-tmp-4294967295");
        let old = dir.path().join(".public.loa-old-4294967294");
        let live = dir.path().join(format!(
            ".public.loa-tmp-{}",
            std::os::unix::process::parent_id()
        ));
        let other = dir.path().join(".site.loa-tmp-4294967295");
        for d in [&dead, &old, &live, &other] {
            std::fs::create_dir_all(d.join("x")).unwrap();
        }
        build(&out, &manifest, &[("index.html", "a")]);
        assert!(!dead.exists() && !old.exists());
        assert!(live.exists() && other.exists());
    }
}
