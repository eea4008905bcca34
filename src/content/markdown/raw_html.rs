//! The raw HTML of a post as the sanitiser's parser will see it, closely enough to bound its
//! work: which elements are open (with implied end tags, void elements, raw text, comments and
//! formatting elements understood) and how many attributes a tag has. A streaming tokenizer:
//! each byte is looked at once, each element pushed and popped at most once.

use std::collections::HashMap;

use pulldown_cmark::TagEnd;

use super::nesting::Deep;

/// Where the tokenizer is between two pieces of raw HTML (a tag may span the lines of an HTML
/// block, which come as separate events).
#[derive(Default)]
enum State {
    #[default]
    Data,
    /// After `<`.
    Open,
    /// In a tag's name.
    Name {
        end: bool,
    },
    /// After a tag's name, up to `>`.
    Attributes(Attributes),
    /// After `<!`, counting the dashes of `<!--`.
    Bang {
        dashes: u8,
    },
    Comment {
        dashes: u8,
    },
    /// `<!DOCTYPE …>`, `<?…>` and the like, up to `>`.
    Bogus,
    /// Inside `<script>`, `<style>`, `<textarea>`…: text up to the matching end tag; `matched`
    /// counts the bytes of `</name` seen so far.
    RawText {
        matched: usize,
    },
    /// After `<plaintext>` everything is text.
    Plaintext,
}

/// Where the tokenizer is among a tag's attributes.
#[derive(Clone, Copy)]
struct Attributes {
    end: bool,
    quote: Option<u8>,
    after_equals: bool,
    /// The last byte was `/` (`<br/>`).
    slash: bool,
    /// Inside an attribute's name or unquoted value.
    word: bool,
    count: usize,
}

impl Attributes {
    fn new(end: bool, slash: bool) -> Attributes {
        Attributes {
            end,
            quote: None,
            after_equals: false,
            slash,
            word: false,
            count: 0,
        }
    }

    /// The state after byte `b` (not the `>` that ends the tag).
    fn next(self, b: u8) -> Attributes {
        let mut a = Attributes {
            slash: false,
            ..self
        };
        match (self.quote, b) {
            (Some(q), c) => a.quote = (c != q).then_some(q),
            (None, q @ (b'"' | b'\'')) if self.after_equals => {
                a.quote = Some(q);
                a.after_equals = false;
            }
            (None, b'=') => {
                a.after_equals = true;
                a.word = false;
            }
            (None, c) if c.is_ascii_whitespace() || c == b'/' => {
                a.word = false;
                a.slash = c == b'/';
            }
            (None, _) => {
                if !self.word && !self.after_equals {
                    a.count += 1;
                }
                a.word = true;
                a.after_equals = false;
            }
        }
        a
    }
}

/// Most attributes on one raw HTML element: the sanitiser's parser looks for a duplicate among
/// the attributes before each new one, so their cost grows with the square of their number.
pub(super) const MAX_ATTRIBUTES: usize = 256;

/// The raw HTML elements open at this point, as an HTML parser would have them, closely enough
/// to bound its work: implied end tags (`<li>` closes an open `<li>`, a block closes a `<p>`),
/// void elements, raw text and comments are understood.
#[derive(Default)]
pub(super) struct HtmlStack {
    state: State,
    name: String,
    open: Vec<String>,
    /// For each Markdown element open: how many raw elements were open when it started.
    floors: Vec<usize>,
    /// Open elements by name, so an end tag that matches nothing costs nothing.
    count: HashMap<String, usize>,
    /// Start tags read so far, void elements included.
    started: usize,
}

/// Longer names are no element an HTML parser treats specially; the rest is not kept.
const MAX_NAME: usize = 16;

impl HtmlStack {
    /// Raw elements open.
    pub(super) fn depth(&self) -> usize {
        self.open.len()
    }

    /// Start tags read so far: elements the sanitiser will build.
    pub(super) fn started(&self) -> usize {
        self.started
    }

    /// Whether nothing is open: no element, and no tag, comment or raw text half read.
    pub(super) fn is_idle(&self) -> bool {
        self.open.is_empty() && matches!(self.state, State::Data)
    }

    /// A Markdown element starts.
    pub(super) fn markdown_start(&mut self) {
        self.floors.push(self.open.len());
    }

    /// Reads `text`; `Err` when an element opens with `room` elements open already, or has too
    /// many attributes.
    pub(super) fn feed(&mut self, text: &str, room: usize) -> Result<(), Deep> {
        for &b in text.as_bytes() {
            self.state = match std::mem::take(&mut self.state) {
                State::Data => {
                    if b == b'<' {
                        State::Open
                    } else {
                        State::Data
                    }
                }
                State::Open => match b {
                    b'/' => {
                        self.name.clear();
                        State::Name { end: true }
                    }
                    b'!' => State::Bang { dashes: 0 },
                    b'?' => State::Bogus,
                    b'<' => State::Open,
                    c if c.is_ascii_alphabetic() => {
                        self.name.clear();
                        self.name.push(c.to_ascii_lowercase() as char);
                        State::Name { end: false }
                    }
                    _ => State::Data,
                },
                State::Name { end } => match b {
                    b'>' => self.tag(end, false, room)?,
                    c if c.is_ascii_whitespace() || c == b'/' => {
                        State::Attributes(Attributes::new(end, c == b'/' && !end))
                    }
                    c => {
                        if self.name.len() < MAX_NAME {
                            self.name.push(c.to_ascii_lowercase() as char);
                        }
                        State::Name { end }
                    }
                },
                State::Attributes(a) if a.quote.is_none() && b == b'>' => {
                    self.tag(a.end, a.slash, room)?
                }
                State::Attributes(a) => {
                    let a = a.next(b);
                    if a.count > MAX_ATTRIBUTES {
                        return Err(Deep::Attributes(std::mem::take(&mut self.name)));
                    }
                    State::Attributes(a)
                }
                State::Bang { dashes } => match b {
                    b'-' if dashes == 1 => State::Comment { dashes: 0 },
                    b'-' => State::Bang { dashes: 1 },
                    b'>' => State::Data,
                    _ => State::Bogus,
                },
                State::Comment { dashes } => match b {
                    b'>' if dashes >= 2 => State::Data,
                    b'-' => State::Comment {
                        dashes: dashes.saturating_add(1),
                    },
                    _ => State::Comment { dashes: 0 },
                },
                State::Bogus => {
                    if b == b'>' {
                        State::Data
                    } else {
                        State::Bogus
                    }
                }
                State::RawText { matched } => {
                    // `</` then the element's name, which is the top of the stack.
                    let name = self.open.last().map_or("", String::as_str).as_bytes();
                    let next = match matched {
                        0 => b == b'<',
                        1 => b == b'/',
                        n => name.get(n - 2) == Some(&b.to_ascii_lowercase()),
                    };
                    if next && matched == name.len() + 1 {
                        self.name = String::from_utf8_lossy(name).into_owned();
                        State::Name { end: true }
                    } else if next {
                        State::RawText {
                            matched: matched + 1,
                        }
                    } else {
                        State::RawText {
                            matched: usize::from(b == b'<'),
                        }
                    }
                }
                State::Plaintext => State::Plaintext,
            };
        }
        Ok(())
    }

    /// A tag has been read (its name is in `self.name`): the state that follows it.
    fn tag(&mut self, end: bool, self_closing: bool, room: usize) -> Result<State, Deep> {
        let name = std::mem::take(&mut self.name);
        if end {
            if self.count.get(&name).is_some_and(|&n| n > 0) {
                while let Some(top) = self.open.pop() {
                    self.uncount(&top);
                    if top == name {
                        break;
                    }
                }
            }
            return Ok(State::Data);
        }
        self.started += 1;
        while self.open.last().is_some_and(|top| closes(&name, top)) {
            if let Some(top) = self.open.pop() {
                self.uncount(&top);
            }
        }
        let foreign = self_closing
            && (matches!(name.as_str(), "svg" | "math")
                || self.count.get("svg").is_some_and(|&n| n > 0)
                || self.count.get("math").is_some_and(|&n| n > 0));
        if VOID.contains(&name.as_str()) || foreign {
            return Ok(State::Data);
        }
        if self.open.len() >= room {
            return Err(Deep::Html(name));
        }
        let state = if name == "plaintext" {
            State::Plaintext
        } else if RAW_TEXT.contains(&name.as_str()) {
            State::RawText { matched: 0 }
        } else {
            State::Data
        };
        *self.count.entry(name.clone()).or_default() += 1;
        self.open.push(name);
        Ok(state)
    }

    /// A Markdown element ends (`</p>`, `</li>`…): raw elements opened inside it and still open
    /// end with it, as the HTML parser ends them, unless one of them takes them out of its reach:
    /// a table, cell or list (the parser's scope boundaries), or, in a paragraph, a block such as
    /// `<div>` (which ended the paragraph where it started). Formatting elements (`<b>`, `<i>`,
    /// `<a>`…) stay: the parser opens them again after the end, one inside the other, so that
    /// `Đoạn <b>đậm` in 40 paragraphs nests 40 deep. Emphasis and links end nothing (the parser's
    /// rules for them are the adoption agency's): raw elements are counted deeper rather than
    /// shallower than the parser has them.
    pub(super) fn markdown_end(&mut self, tag: &TagEnd) {
        let floor = self.floors.pop().unwrap_or(0);
        let paragraph = match tag {
            TagEnd::Paragraph => true,
            TagEnd::HtmlBlock
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript => return,
            _ => false,
        };
        let floor = floor.min(self.open.len());
        let kept = !matches!(self.state, State::Data)
            || self.open[floor..].iter().any(|n| {
                SCOPE.contains(&n.as_str())
                    || (paragraph
                        && (CLOSES_P.contains(&n.as_str())
                            || matches!(n.as_str(), "li" | "dd" | "dt")))
            });
        if kept {
            return;
        }
        let above = self.open.split_off(floor);
        for name in above {
            if FORMATTING.contains(&name.as_str()) {
                self.open.push(name);
            } else {
                self.uncount(&name);
            }
        }
    }

    fn uncount(&mut self, name: &str) {
        if let Some(n) = self.count.get_mut(name) {
            *n = n.saturating_sub(1);
        }
    }
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Elements the HTML parser opens again after an end that closed them, until their own end tag.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements that end the reach of an end tag: the HTML parser's scope boundaries (default,
/// list item and button scope).
const SCOPE: &[&str] = &[
    "applet", "button", "caption", "html", "marquee", "math", "object", "ol", "svg", "table", "td",
    "template", "th", "ul",
];

/// Elements a `<p>` does not survive the start of.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Whether the start tag `new` implies the end of the open element `top`, as in HTML's
/// "implied end tags": `<li>a<li>b` is two items side by side, not one inside the other.
fn closes(new: &str, top: &str) -> bool {
    match new {
        "li" => top == "li",
        "dt" | "dd" => matches!(top, "dt" | "dd"),
        "td" | "th" => matches!(top, "td" | "th"),
        "tr" => matches!(top, "td" | "th" | "tr"),
        "thead" | "tbody" | "tfoot" => matches!(top, "td" | "th" | "tr" | "thead" | "tbody"),
        "option" => top == "option",
        "optgroup" => matches!(top, "option" | "optgroup"),
        "rb" | "rt" | "rp" | "rtc" => matches!(top, "rb" | "rt" | "rp" | "rtc"),
        _ => top == "p" && CLOSES_P.contains(&new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(html: &str) -> usize {
        let mut s = HtmlStack::default();
        s.feed(html, usize::MAX).unwrap();
        s.open.len()
    }

    #[test]
    fn counts_open_elements_as_a_parser_would() {
        assert_eq!(depth_of("<div><div><span>"), 3);
        assert_eq!(depth_of("<div><p>a</p></div>"), 0);
        // Implied ends, void elements, self-closing only in SVG.
        assert_eq!(depth_of("<ul><li>a<li>b<li>c"), 2);
        assert_eq!(depth_of("<p>a<p>b<div>"), 1);
        assert_eq!(depth_of("<br><img src=x><hr/>"), 0);
        assert_eq!(depth_of("<div/><div/>"), 2);
        assert_eq!(depth_of("<svg><g/><g/></svg>"), 0);
        // End tags close what they match, and nothing when nothing matches.
        assert_eq!(depth_of("<div><b><i></div>"), 0);
        assert_eq!(depth_of("<div></span></span>"), 1);
        // Tags in comments, quoted attributes and raw text are not tags.
        assert_eq!(depth_of("<!-- <div><div> -->"), 0);
        assert_eq!(depth_of("<a title=\"<div>\" href='>'>x</a>"), 0);
        assert_eq!(depth_of("<script>if (a<b) '<div>'</SCRIPT >"), 0);
        assert_eq!(depth_of("<textarea><div></div></textarea><div>"), 1);
        // A tag may span two pieces.
        let mut s = HtmlStack::default();
        s.feed("<div\n", 9).unwrap();
        s.feed("  class=\"a>b\">", 9).unwrap();
        assert_eq!(s.open, ["div"]);
    }

    #[test]
    fn refuses_the_element_past_the_limit() {
        let mut s = HtmlStack::default();
        assert_eq!(
            s.feed(&"<div>".repeat(40), 32),
            Err(Deep::Html("div".into()))
        );
        assert_eq!(s.open.len(), 32);
    }

    #[test]
    fn refuses_an_element_with_too_many_attributes() {
        let tag = |n: usize| {
            let attributes: String = (0..n)
                .map(|i| format!(" a{i}=\"x y\" b{i}=z c{i}"))
                .collect();
            format!("<p{attributes}>x</p>")
        };
        assert!(
            HtmlStack::default()
                .feed(&tag(MAX_ATTRIBUTES / 3), 9)
                .is_ok()
        );
        assert_eq!(
            HtmlStack::default().feed(&tag(MAX_ATTRIBUTES / 3 + 1), 9),
            Err(Deep::Attributes("p".into()))
        );
    }
}
