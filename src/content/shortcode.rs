//! Shortcodes: a line of Markdown that is only `{{ name(key=value, …) }}` is replaced by the
//! theme's `shortcodes/<name>.html`, as in Zola. Markdown is turned into HTML while the site model
//! is built, before photos are processed and templates loaded, so this module only finds the calls
//! and leaves a placeholder comment; the renderer fills it in with the template's output.

use serde::Serialize;

/// One call found in a page's Markdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) args: Vec<(String, Arg)>,
    /// 0-based line of the call in the Markdown body.
    pub(crate) line: usize,
}

/// An argument value: the literals Zola's shortcodes take.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Arg>),
}

/// A call that could not be read, with its 0-based line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BadCall {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// A character no content may hold: it is taken out of every Markdown body before shortcodes are
/// found (`extract`) and out of the sanitiser's output (`sanitize`), so only loa writes it, and
/// a placeholder typed or pasted into a post (`<!--loa-shortcode:0-->`) is an inert comment
/// that cannot take a shortcode's output. U+FDD0 is a Unicode noncharacter: never text.
pub(crate) const MARK: char = '\u{FDD0}';

/// The comment that stands for call `n` in the HTML until the renderer replaces it.
pub(crate) fn placeholder(n: usize) -> String {
    format!("<!--loa-shortcode:{MARK}{n}-->")
}

/// `html` with each placeholder `n` replaced by `outputs[n]`, in one pass: a post with
/// thousands of shortcodes costs each of them once, not once per placeholder before it.
pub(crate) fn fill(html: &str, outputs: &[String]) -> String {
    let prefix = format!("<!--loa-shortcode:{MARK}");
    let mut out =
        String::with_capacity(html.len() + outputs.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(at) = rest.find(&prefix) {
        out.push_str(&rest[..at]);
        let after = &rest[at + prefix.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n = after[..digits].parse::<usize>().ok();
        match n.and_then(|n| outputs.get(n)) {
            Some(output) if after[digits..].starts_with("-->") => {
                out.push_str(output.trim());
                rest = &after[digits + 3..];
            }
            _ => {
                out.push_str(&prefix);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Most shortcode calls in one page. A page shows a few galleries; 60 000 calls (a megabyte of
/// `{{ gallery() }}` lines) took the renderer seconds.
const MAX_CALLS: usize = 1000;

/// Replaces every shortcode line of `markdown` with a placeholder, so the Markdown parser passes
/// it through as an HTML block, on the same line (line numbers of later messages stay right).
/// Not in code (fenced, indented, a code span) nor in a raw `<pre>`: there an author shows a
/// call rather than makes one. `markdown` must not hold [`MARK`].
pub(crate) fn extract(markdown: &str) -> (String, Vec<Call>, Vec<BadCall>) {
    let mut calls = Vec::new();
    let mut bad = Vec::new();
    if !markdown.contains("{{") {
        return (markdown.to_string(), calls, bad);
    }
    let mut out = String::with_capacity(markdown.len());
    let mut code = code_ranges(markdown).into_iter().peekable();
    let mut offset = 0;
    let mut over_limit = false;
    for (line_no, line) in markdown.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let opens = start + (line.len() - line.trim_start().len());
        while code.peek().is_some_and(|r| r.end <= opens) {
            code.next();
        }
        let in_code = code.peek().is_some_and(|r| r.start <= opens);
        let call = (!in_code && trimmed.starts_with("{{") && trimmed.ends_with("}}"))
            .then(|| trimmed[2..trimmed.len() - 2].trim());
        match call.map(parse_call) {
            // Said once: the lines after it stay as they are.
            Some(Ok(_)) if calls.len() == MAX_CALLS => {
                if !over_limit {
                    over_limit = true;
                    bad.push(BadCall {
                    line: line_no,
                    message: format!(
                            "more than {MAX_CALLS} shortcodes in one page: each is a template rendered with the whole page, so show the photos in fewer galleries"
                        ),
                    });
                }
                out.push_str(line);
            }
            Some(Ok((name, args))) => {
                out.push_str(&placeholder(calls.len()));
                out.push('\n');
                calls.push(Call {
                    name,
                    args,
                    line: line_no,
                });
            }
            Some(Err(message)) => {
                bad.push(BadCall {
                    line: line_no,
                    message,
                });
                out.push_str(line);
            }
            None => out.push_str(line),
        }
    }
    (out, calls, bad)
}

/// Byte ranges of `markdown` that are code, in order: code blocks, code spans, and raw HTML
/// blocks whose content is not Markdown (`<pre>`, `<script>`, `<style>`, `<textarea>`).
fn code_ranges(markdown: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in
        Parser::new_ext(markdown, crate::content::markdown::dialect()).into_offset_iter()
    {
        let code = match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => true,
            Event::Start(Tag::HtmlBlock) => {
                let head = markdown[range.clone()].trim_start().as_bytes();
                let head = &head[..head.len().min(10)];
                ["<pre", "<script", "<style", "<textarea"].iter().any(|t| {
                    head.len() > t.len()
                        && head[..t.len()].eq_ignore_ascii_case(t.as_bytes())
                        && matches!(head[t.len()], b'>' | b' ' | b'\t' | b'\n' | b'\r')
                })
            }
            _ => false,
        };
        if code {
            ranges.push(range);
        }
    }
    ranges
}

/// `name(key=value, …)` → name and arguments.
fn parse_call(s: &str) -> Result<(String, Vec<(String, Arg)>), String> {
    let mut p = Parser {
        s,
        pos: 0,
        depth: 0,
    };
    let name = p
        .ident()
        .ok_or("a shortcode starts with its name, e.g. `{{ gallery() }}`")?;
    p.skip_ws();
    p.expect('(')
        .map_err(|_| format!("`{name}` needs parentheses: `{{{{ {name}() }}}}`"))?;
    let mut args = Vec::new();
    loop {
        p.skip_ws();
        if p.eat(')') {
            break;
        }
        let key = p
            .ident()
            .ok_or_else(|| format!("`{name}(…)`: expected an argument name at `{}`", p.rest()))?;
        p.skip_ws();
        p.expect('=')
            .map_err(|_| format!("`{name}(…)`: write `{key}=value`"))?;
        p.skip_ws();
        let value = p.value()?;
        if args.iter().any(|(k, _)| k == &key) {
            return Err(format!("`{name}(…)`: `{key}` is given twice"));
        }
        args.push((key, value));
        p.skip_ws();
        if p.eat(')') {
            break;
        }
        p.expect(',')
            .map_err(|_| format!("`{name}(…)`: separate arguments with commas"))?;
    }
    p.skip_ws();
    if !p.rest().is_empty() {
        return Err(format!("unexpected `{}` after `{name}(…)`", p.rest()));
    }
    Ok((name, args))
}

/// How deep lists may nest in a shortcode's arguments. Real calls use one level
/// (`photos=["a.jpg", "b.jpg"]`); without a limit, a call nested thousands deep would overflow
/// the stack of the recursive parser and abort the build instead of failing with a message.
const MAX_NESTING: usize = 8;

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    /// Lists open around the current value.
    depth: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(0, char::len_utf8);
        }
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char) -> Result<(), ()> {
        if self.eat(c) { Ok(()) } else { Err(()) }
    }
    fn ident(&mut self) -> Option<String> {
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        if len == 0 || self.rest().starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let id = self.rest()[..len].to_string();
        self.pos += len;
        Some(id)
    }
    fn value(&mut self) -> Result<Arg, String> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => {
                self.pos += 1;
                let mut text = String::new();
                let mut chars = self.rest().char_indices();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                text.push(e);
                            }
                        }
                        c if c == q => {
                            self.pos += i + 1;
                            return Ok(Arg::Str(text));
                        }
                        c => text.push(c),
                    }
                }
                Err(format!("a text starting with {q} is never closed"))
            }
            Some('[') => {
                if self.depth == MAX_NESTING {
                    return Err(format!(
                        "lists nest at most {MAX_NESTING} deep: write a list of values, e.g. [\"a.jpg\", \"b.jpg\"]"
                    ));
                }
                self.pos += 1;
                self.depth += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.eat(']') {
                        self.depth -= 1;
                        return Ok(Arg::List(items));
                    }
                    items.push(self.value()?);
                    self.skip_ws();
                    if self.eat(']') {
                        self.depth -= 1;
                        return Ok(Arg::List(items));
                    }
                    if !self.eat(',') {
                        return Err(
                            "separate list items with commas: [\"a.jpg\", \"b.jpg\"]".into()
                        );
                    }
                }
            }
            _ => {
                let len = self
                    .rest()
                    .find([',', ')', ']', ' '])
                    .unwrap_or(self.rest().len());
                let word = &self.rest()[..len];
                let arg = match word {
                    "true" => Arg::Bool(true),
                    "false" => Arg::Bool(false),
                    w => w
                        .parse::<i64>()
                        .map(Arg::Int)
                        .or_else(|_| w.parse::<f64>().map(Arg::Float))
                        .map_err(|_| format!("`{w}` is not a value: quote texts, e.g. \"{w}\""))?,
                };
                self.pos += len;
                Ok(arg)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_become_placeholders_outside_code() {
        let md = "Mở đầu\n{{ gallery(photos=[\"a.jpg\", 'b.jpg'], columns=3, caption=true) }}\n\n```\n{{ gallery() }}\n```\nHết\n";
        let (out, calls, bad) = extract(md);
        assert!(bad.is_empty());
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, "gallery");
        assert_eq!(calls[0].line, 1);
        assert_eq!(
            calls[0].args,
            vec![
                (
                    "photos".into(),
                    Arg::List(vec![Arg::Str("a.jpg".into()), Arg::Str("b.jpg".into())])
                ),
                ("columns".into(), Arg::Int(3)),
                ("caption".into(), Arg::Bool(true)),
            ]
        );
        assert!(out.contains(&placeholder(0)));
        assert!(out.contains("```\n{{ gallery() }}\n```"), "{out}");
    }

    #[test]
    fn deeply_nested_lists_are_an_error_not_a_stack_overflow() {
        // Issue #16: 10 000 levels aborted `loa build` (SIGABRT) before the limit.
        let deep = format!(
            "gallery(photos={}{})",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let err = parse_call(&deep).unwrap_err();
        assert!(err.contains("nest at most 8 deep"), "{err}");
        let ok = format!(
            "gallery(photos={}\"a.jpg\"{})",
            "[".repeat(8),
            "]".repeat(8)
        );
        assert!(parse_call(&ok).is_ok());
    }

    #[test]
    fn calls_shown_in_a_raw_pre_block_stay_text() {
        // Issue #16: a call an author showed inside <pre> was run.
        let md = "<pre>\n{{ gallery() }}\n</pre>\n\n{{ gallery() }}\n";
        let (out, calls, bad) = extract(md);
        assert_eq!(calls.len(), 1, "{out}");
        assert_eq!(calls[0].line, 4);
        assert!(bad.is_empty());
        assert!(out.contains("<pre>\n{{ gallery() }}\n</pre>"), "{out}");
    }

    #[test]
    fn calls_shown_as_code_stay_text() {
        // Issue #16: only fenced code was left alone.
        let md = "Mở đầu\n\n    {{ gallery() }}\n\nViết ``\n{{ gallery() }}\n`` để hiện ảnh.\n\n\t{{ gallery() }}\n\n- mục\n\n      {{ gallery() }}\n\n{{ gallery() }}\n";
        let (out, calls, bad) = extract(md);
        assert!(bad.is_empty());
        assert_eq!(calls.len(), 1, "{out}");
        assert_eq!(calls[0].line, 14);
        assert_eq!(out.matches("{{ gallery() }}").count(), 4, "{out}");
        // A call after a paragraph line is a call, though indented: it is not code there.
        let (_, calls, _) = extract("Mở đầu\n    {{ gallery() }}\n");
        assert_eq!(calls.len(), 1);
    }

    #[test]
    fn fill_puts_each_output_in_its_place() {
        let html = format!("a{}b{}c{}", placeholder(1), placeholder(0), placeholder(7));
        let out = fill(&html, &["zero\n".to_string(), "one".to_string()]);
        assert_eq!(out, format!("aonebzeroc{}", placeholder(7)));
    }

    #[test]
    fn placeholders_keep_line_numbers() {
        let (out, calls, _) = extract("a\n{{ gallery() }}\nb\n");
        assert_eq!(calls.len(), 1);
        assert_eq!(out.lines().count(), 3, "{out}");
        assert_eq!(out.lines().nth(2), Some("b"));
    }

    #[test]
    fn a_page_has_at_most_a_thousand_calls() {
        let (_, calls, bad) = extract(&"{{ gallery() }}\n".repeat(1002));
        assert_eq!(calls.len(), 1000);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 1000);
        assert!(bad[0].message.contains("more than 1000 shortcodes"));
    }

    #[test]
    fn bad_calls_say_what_is_wrong() {
        for (md, says) in [
            ("{{ gallery }}", "parentheses"),
            ("{{ gallery(album=kho) }}", "quote"),
            ("{{ gallery(album=\"kho) }}", "never closed"),
            ("{{ gallery(a=1, a=2) }}", "twice"),
            ("{{ gallery(a=1 b=2) }}", "commas"),
        ] {
            let (_, calls, bad) = extract(md);
            assert!(calls.is_empty(), "{md}");
            assert!(bad[0].message.contains(says), "{md}: {}", bad[0].message);
        }
    }
}
