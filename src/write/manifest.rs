//! The manifest: what a build leaves in the site's cache about its output folder, for the next
//! build. One line per output file (content fingerprint, size, mtime, path), the pages each
//! Markdown file was published as (for quarantine), and a summary of the build (its inputs'
//! fingerprint, counts and warnings) so a build with the same inputs can be skipped.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// What the manifest remembers of one output file.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// blake3 of the bytes written, or of a copied file's path, size and mtime.
    pub(super) fingerprint: [u8; 32],
    pub(super) size: u64,
    pub(super) mtime_ns: u128,
}

pub(super) fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Files, summary and pages (Markdown file → URL folder) of a manifest.
type Manifest = (
    HashMap<String, Entry>,
    Option<Summary>,
    HashMap<String, String>,
);

const FIRST_LINE: &str = "loa-manifest 2";

fn read(path: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != FIRST_LINE {
        return None;
    }
    let mut out = HashMap::new();
    let mut summary = Summary::default();
    let mut has_summary = false;
    let mut pages = HashMap::new();
    for line in lines {
        if let Some(meta) = line.strip_prefix('#') {
            let (key, value) = meta.split_once('\t')?;
            match key {
                "inputs" => {
                    summary.inputs = value.to_string();
                    has_summary = true;
                }
                "counts" => {
                    for (slot, n) in summary.counts.iter_mut().zip(value.split('\t')) {
                        *slot = n.parse().ok()?;
                    }
                }
                "warning" => summary.warnings.push(value.to_string()),
                "page" => {
                    let (source, folder) = value.split_once('\t')?;
                    pages.insert(source.to_string(), folder.to_string());
                }
                _ => {}
            }
            continue;
        }
        let mut parts = line.splitn(4, '\t');
        let (Some(hex), Some(size), Some(mtime), Some(rel)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let mut fingerprint = [0u8; 32];
        if hex.len() != 64 {
            return None;
        }
        for (i, b) in fingerprint.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        out.insert(
            rel.to_string(),
            Entry {
                fingerprint,
                size: size.parse().ok()?,
                mtime_ns: mtime.parse().ok()?,
            },
        );
    }
    Some((out, has_summary.then_some(summary), pages))
}

/// What a finished build leaves for the next one beside its file list: a fingerprint of all its
/// inputs, its counts and warnings, so a build with the same inputs can report the same.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Summary {
    pub(crate) inputs: String,
    /// Build counts (pages, static files, artworks, languages).
    pub(crate) counts: [usize; 4],
    pub(crate) warnings: Vec<String>,
}

/// What the last build left in an output folder: its manifest, and the files on disk now. Read
/// once per build, both to decide whether the build can be skipped and to stage it.
pub(crate) struct Previous {
    pub(super) recorded: HashMap<String, Entry>,
    summary: Option<Summary>,
    pub(super) disk: HashMap<String, (u64, u128)>,
    pub(super) pages: HashMap<String, String>,
}

impl Previous {
    /// None when there is no output folder or no readable manifest for it.
    pub(crate) fn load(out: &Path, manifest: &Path) -> Option<Previous> {
        if !out.is_dir() {
            return None;
        }
        let (recorded, summary, pages) = read(manifest)?;
        Some(Previous {
            recorded,
            summary,
            disk: scan(out),
            pages,
        })
    }

    /// The previous build's summary when it was made from `inputs` and its output is exactly as
    /// it left it (every file present with its size and mtime, nothing added): then building
    /// again would write the same bytes, and can be skipped. Also returns how many files the
    /// output holds.
    pub(crate) fn unchanged(&self, inputs: &str) -> Option<(Summary, usize)> {
        let summary = self.summary.as_ref().filter(|s| s.inputs == inputs)?;
        let intact = self.disk.len() == self.recorded.len()
            && self.recorded.iter().all(|(rel, e)| {
                self.disk
                    .get(rel)
                    .is_some_and(|(size, mtime)| *size == e.size && *mtime == e.mtime_ns)
            });
        intact.then(|| (summary.clone(), self.recorded.len()))
    }
}

/// Every file under `out` (relative, `/`-separated) with its size and mtime.
fn scan(out: &Path) -> HashMap<String, (u64, u128)> {
    let mut files = HashMap::new();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(out) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Ok(m) = entry.metadata() {
            files.insert(rel, (m.len(), mtime_ns(&m)));
        }
    }
    files
}

/// The manifest's text: the summary, the pages (Markdown file → URL folder), then one line per
/// output file (fingerprint, size, mtime, path), in the order given.
pub(super) fn text<'a>(
    summary: Option<&Summary>,
    pages: &BTreeMap<String, String>,
    files: impl Iterator<Item = (&'a str, Entry)>,
) -> Vec<u8> {
    let mut text = Vec::new();
    let _ = writeln!(text, "{FIRST_LINE}");
    if let Some(summary) = summary {
        let _ = writeln!(text, "#inputs\t{}", summary.inputs);
        let _ = writeln!(
            text,
            "#counts\t{}",
            summary.counts.map(|n| n.to_string()).join("\t")
        );
        for w in &summary.warnings {
            let _ = writeln!(text, "#warning\t{}", w.replace('\n', " "));
        }
    }
    for (source, folder) in pages {
        let _ = writeln!(text, "#page\t{source}\t{folder}");
    }
    for (rel, e) in files {
        let hex: String = e.fingerprint.iter().map(|b| format!("{b:02x}")).collect();
        let _ = writeln!(text, "{hex}\t{}\t{}\t{rel}", e.size, e.mtime_ns);
    }
    text
}
