//! Every way a build can fail, each carrying the file (and line where there is one) and a hint
//! that tells the user what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a user's file. The line is 1-based, as editors show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub(crate) file: PathBuf,
    pub(crate) line: Option<usize>,
}

impl Location {
    pub(crate) fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: None,
        }
    }

    /// A file and, when known, a line (as YAML errors and line searches give them).
    pub(crate) fn at(file: impl Into<PathBuf>, line: Option<usize>) -> Self {
        Location {
            file: file.into(),
            line,
        }
    }

    pub(crate) fn line(file: impl Into<PathBuf>, line: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file.display(), line),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// Everything that can stop a command, each with where it happened and, for what a person
/// wrote, a hint of what to do.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // the fields are the same in every variant: where, what, what to do
pub enum Error {
    /// A mistake in site.yaml.
    #[error("{at}: {message}\n  hint: {hint}")]
    Config {
        at: Location,
        message: String,
        hint: String,
    },

    /// A mistake in a content file (front matter, Markdown, units registry).
    #[error("{at}: {message}\n  hint: {hint}")]
    Content {
        at: Location,
        message: String,
        hint: String,
    },

    /// A template of the theme or site that does not parse or render.
    #[error("template {template}: {message}\n  hint: {hint}")]
    Template {
        template: String,
        message: String,
        hint: String,
    },

    /// A file that could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Several independent problems found in one pass, so the user can fix them all at once.
    #[error("{}", list(.0))]
    Many(Vec<Error>),

    /// Anything else, already worded for the person at the terminal.
    #[error("{0}")]
    Other(String),
}

fn list(errors: &[Error]) -> String {
    let mut out = String::new();
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&e.to_string());
    }
    out.push_str(&format!(
        "\n\n{} error{} found",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    ));
    out
}

impl Error {
    pub(crate) fn content(
        at: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Error::Content {
            at,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn config(
        at: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Error::Config {
            at,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// Collapses a list of errors: none is fine, one is itself, more become `Many`.
    /// The values of `results` in order, or every error among them (not just the first), so
    /// work done in parallel reports all its mistakes at once.
    pub(crate) fn collect<T>(results: impl IntoIterator<Item = Result<T>>) -> Result<Vec<T>> {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(v) => values.push(v),
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        Ok(values)
    }

    pub(crate) fn from_list(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }
}

/// A result whose error is an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds the path to an I/O error.
pub(crate) trait IoContext<T> {
    fn at(self, path: impl AsRef<Path>) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: impl AsRef<Path>) -> Result<T> {
        self.map_err(|e| Error::io(path, e))
    }
}
