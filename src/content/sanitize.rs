//! HTML from contributed content. Units not marked `trusted: true` in units.yaml are many schools
//! and wards, each with its own editors; raw HTML in their Markdown must not be able to run
//! script on the portal, or hide or restyle the page around it. Their rendered Markdown goes
//! through an allow-list that keeps everything Markdown itself produces (headings with their ids,
//! tables, images, links, code, footnotes) and drops the rest.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

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
        .add_tag_attributes("sup", ["class"])
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
        ("div", "class") => value == "footnote-definition",
        _ => true,
    };
    ok.then_some(Cow::Borrowed(value))
}

fn safe_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
}

const PLACEHOLDER_START: &str = "<!--loa-shortcode:";

/// Sanitises rendered Markdown, keeping shortcode placeholders (`<!--loa-shortcode:N-->`), which
/// are HTML comments and would be stripped with every other comment. The HTML is cut at each
/// placeholder and each piece is cleaned on its own, so a placeholder always ends up between
/// complete elements: one written by hand inside an attribute or a tag cannot put the
/// shortcode's HTML there.
pub(crate) fn untrusted_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(PLACEHOLDER_START) {
        let after = &rest[start + PLACEHOLDER_START.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let whole = digits > 0 && after[digits..].starts_with("-->");
        let end = if whole {
            start + PLACEHOLDER_START.len() + digits + 3
        } else {
            start + PLACEHOLDER_START.len()
        };
        out.push_str(&CLEANER.clean(&rest[..start]).to_string());
        if whole {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(&CLEANER.clean(rest).to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_placeholders_and_markdown_output() {
        let html = "<h2 id=\"muc\">Mục</h2>\n<!--loa-shortcode:0-->\n<p><strong>a</strong><script>x()</script></p>\n<table><thead><tr><th style=\"text-align: center\">h</th></tr></thead></table>";
        let out = untrusted_html(html);
        assert!(out.contains("<h2 id=\"muc\">Mục</h2>"), "{out}");
        assert!(out.contains("<!--loa-shortcode:0-->"), "{out}");
        assert!(out.contains("<strong>a</strong>"), "{out}");
        assert!(!out.contains("script"), "{out}");
        assert!(out.contains("<th>h</th>"), "{out}");
    }

    #[test]
    fn placeholder_inside_an_attribute_lands_outside_the_tag() {
        let out = untrusted_html("<p><img alt=\"<!--loa-shortcode:0-->\" src=\"a.jpg\"></p>");
        let at = out.find("<!--loa-shortcode:0-->").expect(&out);
        // Everything before the placeholder is a closed, clean fragment.
        assert!(out[..at].ends_with("</p>"), "{out}");
    }

    #[test]
    fn drops_hand_written_classes_and_styles() {
        let out = untrusted_html(
            "<div class=\"hidden\" style=\"display:none\">x</div><td style=\"display:none\">y</td>",
        );
        assert!(!out.contains("hidden") && !out.contains("display"), "{out}");
    }
}
