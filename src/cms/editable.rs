//! Which pages the CMS form can open. Decap's `multiple_files` i18n names every language's
//! file, the default language's too (`index.vi.md`, `dong-ho.vi.md`), and finds a page's
//! languages by those names. A page whose default-language file is `index.md` (as `loa news new`
//! writes it on a site without `cms:`, and as people write it by hand) shows in the form's list
//! as its translation only, with an empty form. loa reads both names as the same page, so
//! renaming the file is all it takes.

use std::path::{Path, PathBuf};

use crate::types::Lang;

/// The content folders the generated CMS configuration makes collections of
/// (`templates/admin/config.yml` of the theme), and whether a page there is a bundle.
const COLLECTIONS: [(&str, Shape); 4] = [
    ("news", Shape::Bundle),
    ("learners", Shape::File),
    ("slogans", Shape::File),
    ("pages", Shape::File),
];

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// `<folder>/<post>/index.<lang>.md`, photos beside it.
    Bundle,
    /// `<folder>/<name>.<lang>.md`.
    File,
}

/// A default-language file the form cannot open, and the name it would open.
pub(crate) struct Unopenable {
    pub(crate) file: PathBuf,
    pub(crate) rename: PathBuf,
}

impl Unopenable {
    /// The shell command that renames the file, making the post's folder first where it is a
    /// post of one file (`git mv` does not make folders).
    pub(crate) fn command(&self) -> String {
        let mv = format!("git mv {} {}", self.file.display(), self.rename.display());
        match self.rename.parent() {
            Some(folder) if Some(folder) != self.file.parent() => {
                format!("mkdir -p {} && {mv}", folder.display())
            }
            _ => mv,
        }
    }
}

/// Each default-language file in `files` (paths relative to the site folder, `content_dir` the
/// content folder's) that the form cannot open, with the name it can, in the order given.
/// Files outside the collections are left out.
pub(crate) fn unopenable<'a>(
    content_dir: &Path,
    default: &Lang,
    files: impl IntoIterator<Item = &'a Path>,
) -> Vec<Unopenable> {
    let mut found = Vec::new();
    for file in files {
        let Ok(inside) = file.strip_prefix(content_dir) else {
            continue;
        };
        let Some(folder) = inside
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
        else {
            continue;
        };
        let Some(&(_, shape)) = COLLECTIONS.iter().find(|(name, _)| *name == folder) else {
            continue;
        };
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        // A section's own page (`_index.md`) is not an entry of the collection.
        if stem.starts_with("_index") {
            continue;
        }
        let depth = inside.components().count();
        let named = stem
            .rsplit_once('.')
            .is_some_and(|(_, lang)| lang == default.as_str());
        let rename = match shape {
            Shape::Bundle if depth == 3 && (stem == "index" || stem.starts_with("index.")) => {
                (!named).then(|| file.with_file_name(format!("index.{default}.md")))
            }
            // A post that is one file, not a folder with its photos: the form writes posts as
            // folders, and opens only those.
            Shape::Bundle if depth == 2 => Some(
                file.with_file_name(stem.split('.').next().unwrap_or(stem))
                    .join(format!("index.{default}.md")),
            ),
            Shape::File if depth == 2 => {
                (!named).then(|| file.with_file_name(format!("{stem}.{default}.md")))
            }
            // Deeper folders are not listed by the form at all.
            Shape::Bundle | Shape::File => None,
        };
        if let Some(rename) = rename {
            found.push(Unopenable {
                file: file.to_path_buf(),
                rename,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(files: &[&str]) -> Vec<Unopenable> {
        let vi = Lang::parse("vi").unwrap();
        unopenable(
            Path::new("content"),
            &vi,
            files.iter().map(|f| Path::new(*f)),
        )
    }

    fn commands(files: &[&str]) -> Vec<String> {
        found(files).iter().map(Unopenable::command).collect()
    }

    fn names(files: &[&str]) -> Vec<(String, String)> {
        found(files)
            .iter()
            .map(|u| (u.file.display().to_string(), u.rename.display().to_string()))
            .collect()
    }

    #[test]
    fn default_language_files_without_their_language_are_renamed_with_it() {
        assert_eq!(
            names(&[
                "content/news/2023-10-02-khai-mac/index.md",
                "content/news/2023-10-05-doc-sach/index.vi.md",
                "content/learners/dong-ho.md",
                "content/slogans/2023-chung-tay.vi.md",
                "content/pages/gioi-thieu.md",
            ]),
            [
                (
                    "content/news/2023-10-02-khai-mac/index.md".into(),
                    "content/news/2023-10-02-khai-mac/index.vi.md".into()
                ),
                (
                    "content/learners/dong-ho.md".into(),
                    "content/learners/dong-ho.vi.md".into()
                ),
                (
                    "content/pages/gioi-thieu.md".into(),
                    "content/pages/gioi-thieu.vi.md".into()
                ),
            ]
        );
    }

    #[test]
    fn a_news_post_of_one_file_moves_into_a_folder_and_other_folders_are_not_the_forms() {
        assert_eq!(
            names(&[
                "content/news/khai-mac.md",
                "content/news/_index.md",
                "content/galleries/album/index.md",
                "content/themes/2023.md",
                "content/pages/so-tay/muc-luc.md",
                "content/news/2023/khai-mac/index.md",
            ]),
            [(
                "content/news/khai-mac.md".into(),
                "content/news/khai-mac/index.vi.md".into()
            )]
        );
        // `git mv` makes no folder: the command makes it first.
        assert_eq!(
            commands(&["content/news/khai-mac.md", "content/news/a/index.md"]),
            [
                "mkdir -p content/news/khai-mac && git mv content/news/khai-mac.md content/news/khai-mac/index.vi.md",
                "git mv content/news/a/index.md content/news/a/index.vi.md",
            ]
        );
    }
}
