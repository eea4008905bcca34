//! The one place that talks to the YAML library. `serde_yaml` is unmaintained upstream; keeping
//! every call behind these two functions means a maintained fork replaces it here and nowhere else.

use serde::de::DeserializeOwned;

/// A YAML problem with the 1-based line it was found on, relative to the parsed text.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses `text` into `T`. Line numbers in the error count from the first line of `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        YamlError {
            line,
            message: clean_message(&e.to_string()),
        }
    })
}

/// serde_yaml appends " at line L column C" to its messages; we report the line ourselves, with
/// the offset of the front matter applied, so the library's own (relative) position is dropped.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
