//! How deep a post nests: its Markdown lists, block quotes, emphasis and links, and, for units
//! whose HTML is sanitised, the raw HTML elements it writes. The sanitiser (html5ever under
//! ammonia) does work per element that grows with the depth, so `"- "` × 40 000 took 71 s; the
//! depth is counted while the Markdown is rendered and the post refused before it is sanitised.
//! Counting is linear (see `raw_html` for the raw HTML). The number of elements is bounded
//! too: the sanitiser's work and memory grow with each, so 1 MB of `[a] ` (250 000 links) or of
//! table rows took over 2 s and 300 MB although nothing in it nests.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::raw_html::{HtmlStack, MAX_ATTRIBUTES};
use crate::config::Limits;

/// What went past the limit first, for the message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Deep {
    List,
    Quote,
    /// Emphasis, strong or strikethrough.
    Emphasis,
    Link,
    /// A raw HTML element, by name.
    Html(String),
    /// A raw HTML element with more than [`MAX_ATTRIBUTES`], by name.
    Attributes(String),
    /// Not depth but count: more elements (Markdown's and raw HTML's) than the post may have.
    Elements,
}

impl Deep {
    /// What is wrong and what to do, under the site's `limits`.
    pub(crate) fn explain(&self, limits: &Limits) -> (String, String) {
        let limit = limits.nesting;
        let what = match self {
            Deep::List => "a list".to_string(),
            Deep::Quote => "a block quote".to_string(),
            Deep::Emphasis => "emphasis".to_string(),
            Deep::Link => "a link".to_string(),
            Deep::Html(name) => format!("an HTML element <{name}>"),
            Deep::Attributes(name) => {
                return (
                    format!(
                        "an HTML element <{name}> with more than {MAX_ATTRIBUTES} attributes starts here"
                    ),
                    "write the element with the few attributes it needs".to_string(),
                );
            }
            Deep::Elements => {
                let most = limits.elements;
                return (
                    format!(
                        "the post has more than {most} HTML elements (links, table cells, notes…) by here"
                    ),
                    format!(
                        "split it into several posts, or publish a long table as a file to download; site.yaml `limits: elements:` allows {most}"
                    ),
                );
            }
        };
        (
            format!("{what} nested more than {limit} deep starts here"),
            format!(
                "flatten the list or quote, close each HTML element you open (<b>…</b>); site.yaml `limits: nesting:` allows {limit}"
            ),
        )
    }
}

/// Open Markdown containers plus open raw HTML elements, against the limit; and elements made
/// so far, against theirs.
pub(crate) struct Nesting {
    limit: usize,
    markdown: usize,
    max_elements: usize,
    /// Markdown elements started, and raw HTML start tags where the HTML is not parsed.
    elements: usize,
    /// `None` when raw HTML is published as written (trusted units): it is never parsed again.
    html: Option<HtmlStack>,
}

impl Nesting {
    pub(crate) fn new(limit: usize, max_elements: usize, count_html: bool) -> Nesting {
        Nesting {
            limit,
            markdown: 0,
            max_elements,
            elements: 0,
            html: count_html.then(HtmlStack::default),
        }
    }

    /// Whether nothing is open: no Markdown container, no raw HTML element, tag or comment.
    pub(crate) fn is_flat(&self) -> bool {
        self.markdown == 0 && self.html.as_ref().is_none_or(HtmlStack::is_idle)
    }

    /// Takes the next event; `Err` names what went past the limit.
    pub(crate) fn event(&mut self, event: &Event) -> Result<(), Deep> {
        self.elements += match event {
            Event::Start(_) => 1,
            // A `<sup>` and its `<a>`.
            Event::FootnoteReference(_) => 2,
            // Parsed below when sanitised; else only counted, as `<` before a letter.
            Event::Html(text) | Event::InlineHtml(text) if self.html.is_none() => text
                .as_bytes()
                .windows(2)
                .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
                .count(),
            _ => 0,
        };
        if let Some(html) = &mut self.html {
            match event {
                Event::Start(_) => html.markdown_start(),
                Event::End(tag) => html.markdown_end(tag),
                _ => {}
            }
        }
        let opened = match event {
            Event::Start(Tag::List(_)) => Some(Deep::List),
            Event::Start(Tag::BlockQuote(_)) => Some(Deep::Quote),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => Some(Deep::Emphasis),
            Event::Start(Tag::Link { .. }) => Some(Deep::Link),
            Event::End(
                TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link,
            ) => {
                self.markdown = self.markdown.saturating_sub(1);
                None
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                if let Some(html) = &mut self.html {
                    let room = self.limit.saturating_sub(self.markdown);
                    html.feed(text, room)?;
                }
                None
            }
            _ => None,
        };
        let raw = self.html.as_ref().map_or(0, HtmlStack::started);
        if self.elements + raw > self.max_elements {
            return Err(Deep::Elements);
        }
        if let Some(what) = opened {
            self.markdown += 1;
            let html = self.html.as_ref().map_or(0, HtmlStack::depth);
            if self.markdown + html > self.limit {
                return Err(what);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_elements_end_with_the_markdown_element_they_are_in() {
        let events = |md: &str| {
            let mut n = Nesting::new(32, usize::MAX, true);
            for e in pulldown_cmark::Parser::new(md) {
                n.event(&e)?;
            }
            Ok::<_, Deep>(n.html.map_or(0, |h| h.depth()))
        };
        // Elements left open in many paragraphs are not nesting…
        assert_eq!(events(&"Đoạn <span>chữ <sub>nhỏ\n\n".repeat(100)), Ok(0));
        assert_eq!(events(&"- <span>mục\n".repeat(100)), Ok(0));
        // … unless they are formatting, which the parser opens again inside each other.
        assert!(events(&"Đoạn <b>đậm\n\n".repeat(40)).is_err());
        // A block in a paragraph ends the paragraph and stays open after it, as do elements
        // in a table cell: these still count.
        assert!(events(&"x <div>\n\n".repeat(40)).is_err());
        assert!(events(&"- <table><tr><td>\n".repeat(40)).is_err());
        // An HTML block is no element: `<div>` stays open across the Markdown inside it.
        assert_eq!(events("<div>\n\n*a*\n\n</div>\n\n<div>\n\nb\n"), Ok(1));
    }
}
