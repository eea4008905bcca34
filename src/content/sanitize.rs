//! HTML from contributed content. Units not marked `trusted: true` in units.yaml are many schools
//! and wards, each with its own editors; raw HTML in their Markdown must not be able to run
//! script on the portal, or hide or restyle the page around it. Their rendered Markdown goes
//! through an allow-list that keeps everything Markdown itself produces (headings with their ids,
//! tables, images, links, code, footnotes) and drops the rest.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use super::shortcode::MARK;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["figure", "figcaption"])
        // The table of contents and footnote links point at these.
        .add_tag_attributes("h1", ["id"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_tag_attributes("div", ["id", "class"])
        // Footnote references: the note links back to the reference's id.
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("a", ["class"])
        .add_tag_attributes("code", ["class"])
        // Schemes only; relative and root-relative URLs (bundle photos, `@/` links) pass.
        // No `data:`: an image is a file in the bundle or on the web.
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .attribute_filter(keep_attribute);
    b
});

/// The `class` values Markdown produces: the theme styles these, and none of them can hide or
/// overlay content. Any other class written by hand is dropped. No `style` is kept at all, not
/// even a table column's `text-align` (which the rest of the table survives without).
fn keep_attribute<'a>(element: &str, attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    let ok = match (element, attribute) {
        ("code", "class") => value
            .split_whitespace()
            .all(|c| c.strip_prefix("language-").is_some_and(safe_word)),
        ("sup", "class") => value == "footnote-reference",
        ("sup", "id") => value.strip_prefix("fnref-").is_some_and(|n| {
            n.split('-')
                .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        }),
        ("a", "class") => value == "footnote-backref",
        ("div", "class") => matches!(value, "footnote-definition" | "table-scroll"),
        _ => true,
    };
    ok.then_some(Cow::Borrowed(value))
}

fn safe_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
}

/// Where the renderer found nothing open between two blocks: the HTML is cleaned in pieces cut
/// there, so the cleaner's tree is never the whole of a long post. Removed from the output.
pub(crate) const CUT: &str = "<!--loa-cut:\u{FDD0}-->\n";

/// Sanitises rendered Markdown in the pieces [`CUT`] marks, keeping shortcode placeholders
/// ([`super::shortcode::placeholder`]), which are HTML comments and would be stripped with every
/// other comment. The HTML is cut at each placeholder and each piece is cleaned on its own, so a
/// placeholder always ends up between complete elements. A piece is cleaned of [`MARK`] too: the
/// cleaner decodes character references, and `&#xFDD0;` in an attribute would otherwise come out
/// as the real mark. `reserved` are the theme's ids, which raw HTML may not give an element.
pub(crate) fn untrusted_html(html: &str, reserved: &BTreeSet<String>) -> String {
    html.split(CUT)
        .map(|piece| keeping_placeholders(piece, reserved))
        .collect()
}

fn keeping_placeholders(html: &str, reserved: &BTreeSet<String>) -> String {
    let prefix = format!("<!--loa-shortcode:{MARK}");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&prefix) {
        let after = &rest[start + prefix.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let whole = digits > 0 && after[digits..].starts_with("-->");
        let end = if whole {
            start + prefix.len() + digits + 3
        } else {
            start + prefix.len()
        };
        out.push_str(&clean(&rest[..start], reserved));
        if whole {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(&clean(rest, reserved));
    out
}

fn clean(html: &str, reserved: &BTreeSet<String>) -> String {
    let mut out = tidy(&CLEANER.clean(html).to_string(), reserved);
    if out.contains(MARK) {
        out.retain(|c| c != MARK);
    }
    out
}

/// What the cleaner leaves that is still wrong. It drops a link's `href` that is not allowed
/// (`javascript:`) but keeps the `<a>` (with its `rel`), which is invalid HTML and a dead link
/// for readers: such a link becomes its text. And an id the theme uses (`<div id="main">`)
/// would be a second element with that id on the page, taking the theme's links and scripts:
/// it is dropped. Reads the cleaner's own serialisation: attribute values in double quotes,
/// `<` in text escaped, every `<a>` closed.
fn tidy(html: &str, reserved: &BTreeSet<String>) -> String {
    let links = html.contains("<a ") || html.contains("<a>");
    let ids = !reserved.is_empty() && html.contains(" id=\"");
    if !links && !ids {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    // For each open `<a>`: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let len = tag_len(&rest[at..]);
        let tag = without_reserved_id(&rest[at..at + len], reserved);
        if tag == "<a>" || tag.starts_with("<a ") {
            let keep = attributes(&tag).any(|(n, _)| n == "href");
            open.push(keep);
            if keep {
                out.push_str(&tag);
            }
        } else if tag == "</a>" {
            if open.pop().unwrap_or(true) {
                out.push_str(&tag);
            }
        } else {
            out.push_str(&tag);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// `tag` without its `id` attribute when that is one of `reserved`.
fn without_reserved_id<'a>(tag: &'a str, reserved: &BTreeSet<String>) -> Cow<'a, str> {
    match attributes(tag).find(|(n, _)| *n == "id") {
        Some((_, id)) if reserved.contains(id) => {
            Cow::Owned(tag.replacen(&format!(" id=\"{id}\""), "", 1))
        }
        _ => Cow::Borrowed(tag),
    }
}

/// Length of the tag `html` starts with, up to its `>` outside quoted values.
fn tag_len(html: &str) -> usize {
    let mut quoted = false;
    for (i, b) in html.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Attributes (name, value as serialised) of a serialised start tag (`<a href="x" rel="y">`).
fn attributes(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut parts = tag.trim_start_matches('<').trim_end_matches('>').split('"');
    std::iter::from_fn(move || {
        loop {
            let before = parts.next()?;
            if let Some(name) = before.trim_end().strip_suffix('=') {
                let name = name.rsplit(' ').next().unwrap_or(name);
                return Some((name, parts.next().unwrap_or("")));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::shortcode::placeholder;

    fn untrusted(html: &str) -> String {
        untrusted_html(html, &BTreeSet::new())
    }

    #[test]
    fn keeps_placeholders_and_markdown_output() {
        let html = format!(
            "<h2 id=\"muc\">Mục</h2>\n{}\n<p><strong>a</strong><script>x()</script></p>\n<table><thead><tr><th style=\"text-align: center\">h</th></tr></thead></table>",
            placeholder(0)
        );
        let out = untrusted(&html);
        assert!(out.contains("<h2 id=\"muc\">Mục</h2>"), "{out}");
        assert!(out.contains(&placeholder(0)), "{out}");
        assert!(out.contains("<strong>a</strong>"), "{out}");
        assert!(!out.contains("script"), "{out}");
        assert!(out.contains("<th>h</th>"), "{out}");
    }

    #[test]
    fn placeholder_inside_an_attribute_lands_outside_the_tag() {
        let out = untrusted(&format!(
            "<p><img alt=\"{}\" src=\"a.jpg\"></p>",
            placeholder(0)
        ));
        let at = out.find(&placeholder(0)).expect(&out);
        // Everything before the placeholder is a closed, clean fragment.
        assert!(out[..at].ends_with("</p>"), "{out}");
    }

    #[test]
    fn drops_hand_written_classes_and_styles() {
        let out = untrusted(
            "<div class=\"hidden\" style=\"display:none\">x</div><td style=\"display:none\">y</td>",
        );
        assert!(!out.contains("hidden") && !out.contains("display"), "{out}");
    }

    #[test]
    fn hand_written_placeholders_are_inert() {
        // Issue #16: a placeholder typed into a post took the shortcode's output. Without the
        // mark it is a comment like any other; with the mark as a character reference, the
        // cleaner decodes it, and the mark is then removed.
        let out =
            untrusted("<!--loa-shortcode:0--><p title=\"<!--loa-shortcode:&#xFDD0;0-->\">x</p>");
        assert!(!out.contains(&placeholder(0)), "{out}");
        assert!(!out.contains(MARK), "{out}");
        assert!(out.starts_with("<p title="), "the comment is gone: {out}");
    }

    #[test]
    fn links_without_an_allowed_href_become_their_text() {
        // Issue #16: `<a rel="noopener noreferrer">` without href, 13 vnu errors.
        let out = untrusted(
            "<p><a href=\"javascript:alert(1)\" title=\"a > b\">js <em>x</em></a> and <a href=\"https://ok.example\">ok</a> <a name=\"x\">n</a></p>",
        );
        assert_eq!(
            out,
            "<p>js <em>x</em> and <a href=\"https://ok.example\" rel=\"noopener noreferrer\">ok</a> n</p>"
        );
    }

    #[test]
    fn raw_html_takes_no_id_of_the_theme() {
        let reserved: BTreeSet<String> = ["main".to_string()].into();
        let out = untrusted_html(
            "<div id=\"main\" title=\"id=&quot;main&quot;\">a</div><h2 id=\"muc\">b id=\"main\"</h2>",
            &reserved,
        );
        assert_eq!(
            out,
            "<div title=\"id=&quot;main&quot;\">a</div><h2 id=\"muc\">b id=\"main\"</h2>"
        );
    }
}
