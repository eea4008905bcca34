//! Watches the site's inputs and hands each settled batch of changes to the rebuild.
//!
//! Editors save in many ways: write in place, write a temporary file and rename it over the old
//! one, delete and recreate, or touch a swap file first. The folders are watched (not the files),
//! so a rename over a file is seen like any write; editor scratch files are ignored; and events
//! are gathered until the site has been quiet for a moment, so one save is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::error::{Error, Result};
use crate::load::BuildArgs;

/// Folders of the site that a build reads.
const WATCHED: [&str; 6] = [
    "content",
    "templates",
    "static",
    "themes",
    "i18n",
    "artwork",
];
/// A batch ends when no event came for this long…
const QUIET: Duration = Duration::from_millis(25);
/// …or when it has lasted this long (a long copy must not postpone the rebuild forever).
const LONGEST: Duration = Duration::from_millis(1500);

/// The files one batch of events touched, relative to the site root.
#[derive(Debug, Default)]
pub(super) struct Changes {
    pub(crate) paths: Vec<PathBuf>,
}

impl Changes {
    /// Every change is a stylesheet: browsers can swap it without a reload.
    pub(super) fn only_css(&self) -> bool {
        !self.paths.is_empty()
            && self
                .paths
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"))
    }

    /// "content/news/x.md" or "content/news/x.md and 3 more".
    pub(super) fn describe(&self) -> String {
        match self.paths.as_slice() {
            [] => "no files".into(),
            [one] => one.display().to_string(),
            [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
        }
    }
}

/// The site's inputs, watched from `new` on: an edit saved after it returns is seen.
pub(super) struct Watch {
    root: PathBuf,
    output: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    watching: Vec<PathBuf>,
}

impl Watch {
    pub(super) fn new(args: &BuildArgs, output: &Path) -> Result<Watch> {
        let root = args
            .root
            .canonicalize()
            .map_err(|e| Error::io(&args.root, e))?;
        let output = output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf());
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx)
            .map_err(|e| Error::Other(format!("cannot watch the site for changes: {e}")))?;
        let watch_err = |path: &Path, e: notify::Error| {
            Error::Other(format!(
                "cannot watch {}: {e}; on Linux, raise fs.inotify.max_user_watches if the site is very large",
                path.display()
            ))
        };
        // The root itself, not recursively: site.yaml, and watched folders created later.
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_err(&root, e))?;
        let mut watching: Vec<PathBuf> = Vec::new();
        for dir in WATCHED {
            let path = root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| watch_err(&path, e))?;
                watching.push(path);
            }
        }
        Ok(Watch {
            root,
            output,
            watcher,
            events: rx,
            watching,
        })
    }

    /// Watches until the process ends, calling `on_change` once per settled batch.
    pub(super) fn run(self, mut on_change: impl FnMut(&Changes)) -> Result<()> {
        let Watch {
            root,
            output,
            mut watcher,
            events: rx,
            mut watching,
        } = self;
        loop {
            let Ok(first) = rx.recv() else {
                return Ok(());
            };
            let started = Instant::now();
            let mut batch = vec![first];
            loop {
                let left = LONGEST.saturating_sub(started.elapsed());
                match rx.recv_timeout(QUIET.min(left)) {
                    Ok(event) => batch.push(event),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
                if left.is_zero() {
                    break;
                }
            }
            let mut changes = Changes::default();
            for event in batch.into_iter().flatten() {
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                for path in event.paths {
                    // A watched folder created after the start (a first `static/`): watch it too.
                    if path.parent() == Some(root.as_path())
                        && WATCHED.iter().any(|w| path.ends_with(w))
                        && path.is_dir()
                        && !watching.contains(&path)
                        && watcher.watch(&path, RecursiveMode::Recursive).is_ok()
                    {
                        watching.push(path.clone());
                    }
                    if let Some(rel) = relevant(&root, &output, &path)
                        && !changes.paths.contains(&rel)
                    {
                        changes.paths.push(rel);
                    }
                }
            }
            // A save through a temporary file leaves events for a file that is gone again; what
            // is left of it is the rename onto the real name, which is in the batch too.
            changes
                .paths
                .retain(|p| root.join(p).exists() || is_site_file(p));
            if !changes.paths.is_empty() {
                on_change(&changes);
            }
        }
    }
}

/// The path relative to the root, when a build reads it: inside a watched folder or
/// `site.yaml`, not in the output or cache, and not an editor's scratch file.
fn relevant(root: &Path, output: &Path, path: &Path) -> Option<PathBuf> {
    if path.starts_with(output) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let top = parts.next()?.as_os_str().to_str()?;
    let name = rel.file_name()?.to_str()?;
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913"; // vim checks that it may write the folder with this file
    if scratch {
        return None;
    }
    let inside = WATCHED.contains(&top) || (top == "site.yaml" && parts.next().is_none());
    inside.then(|| rel.to_path_buf())
}

/// A deleted file a build would have read: Markdown, YAML, a template, a stylesheet, a picture…
/// (a temporary file of an editor has no such extension, or one of its own).
fn is_site_file(rel: &Path) -> bool {
    rel.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        [
            "md", "yaml", "yml", "html", "xml", "txt", "svg", "css", "js", "json", "jpg", "jpeg",
            "png", "webp", "gif", "ico", "ttf", "otf", "woff", "woff2", "pdf",
        ]
        .contains(&e.to_ascii_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_inputs_count() {
        let root = Path::new("/s");
        let out = Path::new("/s/.loa-cache/serve");
        let ok = |p: &str| relevant(root, out, Path::new(p)).is_some();
        assert!(ok("/s/content/news/a.md"));
        assert!(ok("/s/site.yaml"));
        assert!(ok("/s/static/css/x.css"));
        assert!(!ok("/s/.loa-cache/serve/index.html"));
        assert!(!ok("/s/content/news/.a.md.swp"));
        assert!(!ok("/s/content/news/a.md~"));
        assert!(!ok("/s/content/4913"));
        assert!(!ok("/s/README.md"));
        assert!(!ok("/elsewhere/content/a.md"));
        let css = Changes {
            paths: vec!["static/a.css".into(), "themes/t/static/b.css".into()],
        };
        assert!(css.only_css());
        let mixed = Changes {
            paths: vec!["static/a.css".into(), "content/x.md".into()],
        };
        assert!(!mixed.only_css());
        assert_eq!(mixed.describe(), "static/a.css and 1 more");
    }
}
