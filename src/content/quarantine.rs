//! Quarantine: a province portal takes news from hundreds of schools and wards, and one school's
//! mistake must not stop everyone's news. A page of a unit not marked `trusted` that fails to
//! load or render is left out of the build with a warning (file, line, unit) instead of failing
//! it; the write stage keeps the page the previous build published for it. Problems in config,
//! theme, templates and trusted or unattributed content still fail the build, and `--strict`
//! (and `loa check`) make quarantined problems errors again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::Document;
use super::units::Units;
use crate::error::Error;
use crate::types::UnitId;

/// One page (all its languages) left out of the build.
#[derive(Debug)]
pub(crate) struct Quarantined {
    pub(crate) unit: UnitId,
    /// The first problem found, with its file and line.
    pub(crate) error: Error,
    /// Its Markdown files, one per language (relative to the site folder), for finding the pages
    /// they were published as by the previous build.
    pub(crate) files: BTreeSet<PathBuf>,
    /// Its bundle folder, whose photos are left out with it.
    pub(crate) bundle: Option<PathBuf>,
}

/// Pages left out so far, by page key; or none at all when the build is strict.
#[derive(Debug, Default)]
pub(crate) struct Quarantine {
    strict: bool,
    pages: BTreeMap<String, Quarantined>,
}

impl Quarantine {
    /// A strict quarantine takes nothing: every problem stays an error.
    pub(crate) fn new(strict: bool) -> Quarantine {
        Quarantine {
            strict,
            pages: BTreeMap::new(),
        }
    }

    /// Takes the page `key` out of the build for `error` when it is the work of an untrusted
    /// unit (and the build is not strict); otherwise gives the error back to fail the build.
    pub(crate) fn take(
        &mut self,
        units: &Units,
        key: &str,
        unit: Option<&UnitId>,
        file: &Path,
        bundle: Option<&Path>,
        error: Error,
    ) -> Option<Error> {
        let Some(unit) =
            unit.filter(|u| !self.strict && units.get(u).is_some() && !units.trusted(u))
        else {
            return Some(error);
        };
        let entry = self
            .pages
            .entry(key.to_string())
            .or_insert_with(|| Quarantined {
                unit: unit.clone(),
                error,
                files: BTreeSet::new(),
                bundle: None,
            });
        entry.files.insert(file.to_path_buf());
        if entry.bundle.is_none() {
            entry.bundle = bundle.map(Path::to_path_buf);
        }
        None
    }

    /// Takes out the pages found broken after they were read (by bundle folder, or by Markdown
    /// file for a page outside a bundle, with the problem): a photo that cannot be published, a
    /// pano naming what does not exist. As [`Quarantine::take`] does; gives back the errors that
    /// must fail the build, among them those of folders that are no page's. A page's unit is
    /// the one its Markdown names in any language (a translation may leave it to the original).
    pub(crate) fn take_broken(
        &mut self,
        units: &Units,
        documents: &[Document],
        broken: Vec<(PathBuf, Error)>,
    ) -> Vec<Error> {
        let mut errors = Vec::new();
        for (at, error) in broken {
            let docs: Vec<&Document> = documents
                .iter()
                .filter(|d| {
                    d.bundle.as_deref() == Some(at.as_path()) || (d.bundle.is_none() && d.rel == at)
                })
                .collect();
            let Some(first) = docs.first() else {
                errors.push(error);
                continue;
            };
            let unit = docs.iter().find_map(|d| d.front.unit());
            let (rel, bundle) = (first.rel.clone(), first.bundle.clone());
            errors.extend(self.take(units, &first.key, unit, &rel, bundle.as_deref(), error));
        }
        errors
    }

    /// Whether the file `file` of page `key` stays in the build; when the page was taken out,
    /// the file is recorded with it (every language of a quarantined page goes, as
    /// translations inherit from the original).
    pub(crate) fn keeps(&mut self, key: &str, file: &Path) -> bool {
        match self.pages.get_mut(key) {
            Some(q) => {
                q.files.insert(file.to_path_buf());
                false
            }
            None => true,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    pub(crate) fn bundles(&self) -> impl Iterator<Item = &Path> {
        self.pages.values().filter_map(|q| q.bundle.as_deref())
    }

    pub(crate) fn into_list(self) -> Vec<Quarantined> {
        self.pages.into_values().collect()
    }
}

/// The `unit:` written in a Markdown file's front matter, read from its text alone: for a file
/// whose front matter cannot be parsed, to know whose work it is. At most the first 64 KiB are
/// looked at, and a value that is not a unit id is no unit.
pub(crate) fn unit_in_text(path: &Path) -> Option<UnitId> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("unit:"))
        .map(|v| {
            v.split(" #")
                .next()
                .unwrap_or(v)
                .trim()
                .trim_matches(['"', '\''])
        })
        .and_then(UnitId::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_of_a_file_whose_yaml_is_broken() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                "---\ntitle: [x\nunit: thcs-a # trường\n---\n",
                Some("thcs-a"),
            ),
            ("---\nunit: \"thcs-b\"\ntitle: : :\n---\n", Some("thcs-b")),
            ("---\ntitle: x\n---\nunit: thcs-c\n", None),
            ("no front matter\nunit: thcs-d\n", None),
            ("---\nunit: Không phải mã\n---\n", None),
        ];
        for (text, unit) in cases {
            let path = dir.path().join("x.md");
            std::fs::write(&path, text).unwrap();
            assert_eq!(
                unit_in_text(&path).map(|u| u.to_string()),
                unit.map(str::to_string),
                "{text}"
            );
        }
    }
}
