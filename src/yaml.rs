//! The one place that talks to the YAML library. `serde_yaml` is unmaintained upstream; keeping
//! every call behind these two functions means a maintained fork replaces it here and nowhere else.

use serde::de::DeserializeOwned;

/// A YAML problem with the 1-based line it was found on, relative to the parsed text.
#[derive(Debug, Clone)]
pub(crate) struct YamlError {
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

/// How deep YAML files other than front matter may nest (site.yaml, units.yaml, the theme's
/// files): far beyond what any of them needs, far below where parsing gets slow.
pub(crate) const MAX_DEPTH: usize = 32;

/// Parses `text` into `T`. Line numbers in the error count from the first line of `text`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    from_str_nesting(text, MAX_DEPTH)
}

/// [`from_str`] for text nested at most `max_depth` deep: the YAML library's time grows with the
/// square of the nesting (`[[[…]]]` 100 KB deep took 15 s), so deeper text is refused before it
/// is parsed.
pub(crate) fn from_str_nesting<T: DeserializeOwned>(
    text: &str,
    max_depth: usize,
) -> Result<T, YamlError> {
    if let Some(line) = too_deep(text, max_depth) {
        return Err(YamlError {
            line: Some(line),
            message: format!(
                "the YAML nests more than {max_depth} levels deep here (lists and mappings inside each other); write it flatter"
            ),
        });
    }
    serde_yaml::from_str(text).map_err(|e| {
        let message = clean_message(&e.to_string());
        let line = value_line(text, &message).or_else(|| e.location().map(|l| l.line()));
        YamlError { line, message }
    })
}

/// `bytes` as text, or where they stop being UTF-8 (line and column, 1-based): a file saved in
/// a legacy Vietnamese encoding (TCVN3, VNI) or cut mid-character must be findable in an editor.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, YamlError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        YamlError {
            line: Some(line),
            message: format!(
                "the file is not UTF-8 text: byte 0x{:02X} at line {line}, column {column}; save it as UTF-8 (\"Save with encoding → UTF-8\")",
                bytes[e.valid_up_to()]
            ),
        }
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

/// The 1-based line where `text` first nests deeper than `max`, counting block levels
/// (indentation and `- ` items) and flow levels (`[` and `{`) together. One pass, linear in the
/// text. It over-counts rather than under-counts: it only has to be right about deep text.
fn too_deep(text: &str, max: usize) -> Option<usize> {
    // Indentations of the open block levels.
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // Inside a `|` or `>` block scalar: lines indented more than this are text, not structure.
    let mut scalar_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(at) = scalar_indent {
            if rest.is_empty() || indent > at {
                continue;
            }
            scalar_indent = None;
        }
        if flow == 0 {
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut depth = indents.len();
        let mut chars = rest.char_indices().peekable();
        // Whether the next character starts a value, where `[`, `{` and quotes have meaning.
        let mut at_value = true;
        let mut after_space = true;
        while let Some((at, c)) = chars.next() {
            let next_is_space = chars.peek().is_none_or(|&(_, n)| n == ' ');
            match c {
                '"' | '\'' if at_value || flow > 0 => {
                    let mut escaped = false;
                    for (_, q) in chars.by_ref() {
                        if q == c && !escaped {
                            break;
                        }
                        escaped = c == '"' && q == '\\' && !escaped;
                    }
                    at_value = false;
                }
                '[' | '{' if at_value || flow > 0 => {
                    flow += 1;
                    at_value = true;
                }
                ']' | '}' if flow > 0 => flow -= 1,
                ',' if flow > 0 => at_value = true,
                '-' if at_value && flow == 0 && next_is_space => depth += 1,
                ':' if next_is_space => {
                    at_value = true;
                    let value = rest[at + 1..].trim_start();
                    if flow == 0 && (value.starts_with('|') || value.starts_with('>')) {
                        scalar_indent = Some(indent);
                    }
                }
                '#' if after_space => break,
                ' ' => {}
                _ => at_value = false,
            }
            after_space = c == ' ';
            if depth + flow > max {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A YAML file's name (as messages show it) and text: a message about a key checked after
/// parsing points at the key's line.
pub(crate) struct KeyLines<'a> {
    pub(crate) file: &'a std::path::Path,
    pub(crate) text: &'a str,
}

impl KeyLines<'_> {
    /// The line of `key:` (its first), or the file when it has none.
    pub(crate) fn at(&self, key: &str) -> crate::error::Location {
        crate::error::Location::at(self.file, line_of_key(self.text, key))
    }
}

/// Finds the first line on which `key:` starts (ignoring indentation), for errors that come from
/// checks after parsing, where the YAML library can no longer tell us the line.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let needle = format!("{key}:");
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(&needle)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> Option<usize> {
        from_str_nesting::<serde_yaml::Value>(text, 8)
            .err()
            .filter(|e| e.message.contains("levels deep"))
            .and_then(|e| e.line)
    }

    #[test]
    fn deep_flow_block_and_sequence_nesting_is_refused_at_its_line() {
        let n = 100_000;
        let flow = format!("title: x\ntags: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(depth_error(&flow), Some(2));
        let block: String = (0..20).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert_eq!(depth_error(&format!("title: x\n{block}")), Some(10));
        assert_eq!(depth_error(&format!("t:\n{}x\n", "- ".repeat(n))), Some(2));
        let map = format!("t: {}1{}\n", "{a: ".repeat(50), "}".repeat(50));
        assert_eq!(depth_error(&map), Some(1));
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let ok = [
            "title: \"[[[[[[[[[[[[\"\n",
            "title: '{{{{{{{{{{{{{{'\n",
            "title: Kế hoạch [[[[[[[[[[[[[[ 2023\n",
            "body: |\n  [[[[[[[[[[[[[[[[[[\n  {{{{{{{{{{{{{{{{{{\nnext: 1\n",
            "title: a # [[[[[[[[[[[[[[[[[[\n",
            "tags: [a, \"[[[[[[[[[[[[[[\", b]\n",
            "list:\n  - a\n  - b\n  - c: 1\n    d: [1, [2, [3]]]\n",
        ];
        for text in ok {
            assert_eq!(depth_error(text), None, "{text}");
            assert!(
                from_str_nesting::<serde_yaml::Value>(text, 8).is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn nesting_up_to_the_limit_parses() {
        let text = format!("t: {}1{}\n", "[".repeat(7), "]".repeat(7));
        assert!(from_str_nesting::<serde_yaml::Value>(&text, 8).is_ok());
        let text = format!("t: {}1{}\n", "[".repeat(8), "]".repeat(8));
        assert_eq!(depth_error(&text), Some(1));
    }

    #[test]
    fn text_that_is_not_utf8_is_placed_by_line_and_column() {
        // "Học" in TCVN3 (a legacy Vietnamese encoding) on the third line, after "  - ".
        let bytes = b"a: 1\nb:\n  - H\xa7c\n";
        let e = utf8(bytes).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("byte 0xA7 at line 3, column 6"),
            "{}",
            e.message
        );
        let e = utf8(
            "tên: Đà Nẵng \u{1ea0}"
                .as_bytes()
                .iter()
                .chain(b"\xff")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap_err();
        assert!(e.message.contains("line 1, column 15"), "{}", e.message);
        assert_eq!(utf8("Đà Nẵng".as_bytes()).unwrap(), "Đà Nẵng");
    }
}
