//! The one place that talks to the YAML library. `serde_yaml` is unmaintained upstream; keeping
//! every call behind these two functions means a maintained fork replaces it here and nowhere else.

use serde::de::DeserializeOwned;

/// A YAML problem with the 1-based line it was found on, relative to the parsed text.
#[derive(Debug, Clone)]
pub(crate) struct YamlError {
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

/// Parses `text` into `T`. Line numbers in the error count from the first line of `text`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let message = clean_message(&e.to_string());
        let line = value_line(text, &message).or_else(|| e.location().map(|l| l.line()));
        YamlError { line, message }
    })
}

/// serde_yaml places errors raised by a type's own `Deserialize` (a bad date, a bad unit id) at
/// the start of the enclosing mapping, not at the value. Our messages for those start with the
/// offending value in backticks, so find the line where that value is written instead.
fn value_line(text: &str, message: &str) -> Option<usize> {
    let value = message.strip_prefix('`')?.split('`').next()?;
    if value.is_empty() {
        return None;
    }
    text.lines()
        .position(|l| {
            l.split_once(':').is_some_and(|(_, v)| {
                let v = v.trim().trim_matches(['"', '\'']);
                v == value || v.trim_start_matches("- ") == value
            }) || l
                .trim_start()
                .trim_start_matches("- ")
                .trim_matches(['"', '\''])
                == value
        })
        .map(|i| i + 1)
}

/// serde_yaml appends " at line L column C" to its messages; we report the line ourselves, with
/// the offset of the front matter applied, so the library's own (relative) position is dropped.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
