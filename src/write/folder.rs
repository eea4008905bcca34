//! The output folder itself: which folder a build may replace, the marker that says loa made
//! it, and where the list of its files is kept between builds.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the list of files in `out` is kept between builds: in the site's cache, one file per
/// output folder, so `public/` and the folder `serve` uses do not share one.
pub(crate) fn manifest_path(root: &Path, out: &Path) -> PathBuf {
    let key = blake3::hash(out.as_os_str().as_encoded_bytes()).to_hex();
    root.join(".loa-cache")
        .join("outputs")
        .join(format!("{}.tsv", &key[..16]))
}

/// A marker left in every output folder: only a folder that has it (or is empty) is replaced,
/// so `-o` pointed at a folder of other files by mistake never deletes them.
pub(crate) const OUTPUT_MARKER: &str = ".loa-output";

/// The output folder, refused when replacing it would destroy the site's own files or a folder
/// loa did not make. A symlinked output folder is followed, so the link keeps working.
pub(crate) fn safe_output(root: &Path, output: Option<&Path>) -> Result<PathBuf> {
    let mut out = output_dir(root, output);
    if out.is_symlink()
        && let Ok(real) = out.canonicalize()
    {
        out = real;
    }
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let root_abs = abs(root);
    let out_abs = abs(&out);
    let refuse = |why: String| {
        Err(Error::Other(format!(
            "refusing to build into {}: {why}; choose an output folder of its own, such as public/",
            out.display()
        )))
    };
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site itself".into());
    }
    for own in [
        "content",
        "templates",
        "themes",
        "static",
        "i18n",
        "artwork",
        "site.yaml",
    ] {
        if out_abs.starts_with(root_abs.join(own)) {
            return refuse(format!("it is part of the site's {own}"));
        }
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(&out).map_err(|e| Error::io(&out, e))?;
        let empty = entries.next().is_none();
        if !empty && !out.join(OUTPUT_MARKER).exists() {
            return refuse(format!(
                "it already holds files that loa did not write (no {OUTPUT_MARKER} marker), and a build replaces the whole folder"
            ));
        }
    } else if out.exists() {
        return refuse("it is a file".into());
    }
    Ok(out)
}

/// The output folder: `-o` taken from the working directory, or `public/` inside the site.
pub(super) fn output_dir(root: &Path, output: Option<&Path>) -> PathBuf {
    // Drop `.` components so messages show `/site/public`, not `/site/./public`.
    let clean = |p: PathBuf| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    clean(match output {
        Some(o) if o.is_absolute() => o.to_path_buf(),
        Some(o) => std::env::current_dir()
            .map(|d| d.join(o))
            .unwrap_or_else(|_| o.to_path_buf()),
        None => root.join("public"),
    })
}

/// Removes the staging folders (`.public.loa-tmp-PID`, `.public.loa-old-PID`) that builds killed
/// before they finished left beside `out`: nothing else ever would. Only folders of processes
/// that no longer run go, so two builds at once never remove each other's; where running
/// processes cannot be seen (no `/proc`), nothing is removed.
pub(super) fn remove_dead_staging(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.loa-tmp-"), format!(".{name}.loa-old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
