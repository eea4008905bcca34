//! Markdown → HTML fragment. Two things beyond plain CommonMark: headings get stable ids (for
//! anchors and a table of contents), and `@/path.md` links are resolved to the URL of that
//! content in the page's own language.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

pub(crate) struct Rendered {
    pub(crate) html: String,
    /// Headings of level 2 and 3, for a table of contents: (level, id, text).
    pub(crate) toc: Vec<(u8, String, String)>,
    /// Plain text of the first paragraph, the fallback summary.
    pub(crate) first_paragraph: String,
    /// Words of text (not markup), for reading time.
    pub(crate) word_count: usize,
}

/// An `@/` link that names no content, with its 0-based byte offset in the Markdown.
pub(crate) struct BrokenLink {
    pub(crate) target: String,
    pub(crate) offset: usize,
}

/// Renders `markdown`; `resolve` maps an `@/news/x.md` target (without `@/`, anchor split off)
/// to a URL, or `None` when no such content exists.
/// Root-relative links and images (`/img/x.png`) get `base_path` in front, so content written for
/// a site at a domain's root keeps working when it is published below a sub-path.
pub(crate) fn render(
    markdown: &str,
    base_path: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> (Rendered, Vec<BrokenLink>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut broken = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    // The `{…}` of a heading that is not all `#id` and `.class` (say `## Kế hoạch {2023}`): the
    // extension would turn it into HTML attributes and the words would vanish; it stays text.
    let mut kept_braces: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                mut id,
                mut classes,
                mut attrs,
            }) if !attrs.is_empty() => {
                // From the last `{` to its `}`: a setext heading's underline comes after.
                let source = &markdown[range];
                kept_braces = source.rfind('{').and_then(|at| {
                    let len = source[at..].find('}')? + 1;
                    Some(format!(" {}", &source[at..at + len]))
                });
                // Not written in braces after all: what the parser found stays.
                if kept_braces.is_some() {
                    (id, classes, attrs) = (None, Vec::new(), Vec::new());
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            // A footnote's label becomes its HTML id, which may not hold spaces (`[^ghi chú]`).
            Event::FootnoteReference(label) if label.contains(char::is_whitespace) => {
                Event::FootnoteReference(CowStr::from(id_of_label(&label)))
            }
            Event::Start(Tag::FootnoteDefinition(label)) if label.contains(char::is_whitespace) => {
                Event::Start(Tag::FootnoteDefinition(CowStr::from(id_of_label(&label))))
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(text) = kept_braces.take() {
                    events.push(Event::Text(CowStr::from(text)));
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let (target, anchor) = match dest_url[2..].split_once('#') {
                    Some((t, a)) => (t.to_string(), format!("#{a}")),
                    None => (dest_url[2..].to_string(), String::new()),
                };
                let url = match resolve(&target) {
                    Some(u) => format!("{u}{anchor}"),
                    None => {
                        broken.push(BrokenLink {
                            target: dest_url.to_string(),
                            offset: range.start,
                        });
                        String::from("#")
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: with_base(dest_url, base_path),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: with_base(dest_url, base_path),
                title,
                id,
            }),
            other => other,
        };
        events.push(event);
    }

    let mut toc = Vec::new();
    // A set and a counter per id: thousands of identical headings stay linear.
    let mut used_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut next_suffix: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map(|p| p + i)
                .unwrap_or(events.len());
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let mut anchor = match id {
                Some(id) => id.to_string(),
                None => {
                    let s = crate::text::slugify(&text);
                    if s.is_empty() { "muc".to_string() } else { s }
                }
            };
            if used_ids.contains(&anchor) {
                let n = next_suffix.entry(anchor.clone()).or_insert(1);
                while used_ids.contains(&format!("{anchor}-{n}")) {
                    *n += 1;
                }
                anchor = format!("{anchor}-{n}");
            }
            used_ids.insert(anchor.clone());
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                toc.push((level as u8, anchor.clone(), text));
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor));
            }
            i = end;
        }
        i += 1;
    }

    let first_paragraph = first_paragraph(&events);
    let word_count = events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum();
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Kept for the whole build: give back the slack of the size guess.
    out.shrink_to_fit();
    (
        Rendered {
            html: out,
            toc,
            first_paragraph,
            word_count,
        },
        broken,
    )
}

/// A root-relative URL (`/img/a.png`, not `//host/…`) with the base path in front.
fn with_base<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if !base_path.is_empty() && url.starts_with('/') && !url.starts_with("//") {
        CowStr::from(format!("{base_path}{url}"))
    } else {
        url
    }
}

fn first_paragraph(events: &[Event]) -> String {
    let Some(start) = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return String::new();
    };
    let mut text = String::new();
    for e in &events[start + 1..] {
        match e {
            Event::End(TagEnd::Paragraph) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A footnote label as an HTML id: each run of whitespace becomes one `-`.
fn id_of_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_ids_have_no_spaces() {
        let html = render("Một câu[^ghi chú].\n\n[^ghi chú]: Nguồn.\n", "", &|_| None)
            .0
            .html;
        assert!(html.contains("href=\"#ghi-chú\""), "{html}");
        assert!(html.contains("id=\"ghi-chú\""), "{html}");
        assert!(!html.contains("ghi chú\""), "{html}");
    }

    #[test]
    fn braces_that_are_not_an_id_or_class_stay_in_the_heading() {
        let html = |md: &str| render(md, "", &|_| None).0.html;
        // Issue #16: the year became an HTML attribute and vanished from the heading.
        let h = html("## Kế hoạch {2023}\n");
        assert!(h.contains(">Kế hoạch {2023}</h2>"), "{h}");
        assert!(!h.contains("2023=\""), "{h}");
        let h = html("Kế hoạch {năm 2023}\n===\n");
        assert!(h.contains(">Kế hoạch {năm 2023}</h1>"), "{h}");
        // An id stays an id.
        let h = html("## Mục tiêu {#muc-tieu}\n");
        assert!(h.contains("<h2 id=\"muc-tieu\">Mục tiêu</h2>"), "{h}");
    }

    #[test]
    fn headings_get_vietnamese_slug_ids() {
        let (r, _) = render(
            "## Mục đích, yêu cầu\n\ntext\n\n## Mục đích, yêu cầu\n",
            "",
            &|_| None,
        );
        assert!(
            r.html.contains(r#"<h2 id="muc-dich-yeu-cau">"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"<h2 id="muc-dich-yeu-cau-1">"#),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.first_paragraph, "text");
    }

    #[test]
    fn resolves_internal_links_and_reports_broken_ones() {
        let resolve = |t: &str| (t == "themes/2023.md").then(|| "/chu-de/2023/".to_string());
        let (r, broken) = render(
            "See [2023](@/themes/2023.md#muc) and\n[x](@/nope.md). ![a](/img/a.png) [b](//cdn.example/x)",
            "/portal",
            &resolve,
        );
        assert!(r.html.contains(r#"src="/portal/img/a.png""#), "{}", r.html);
        assert!(r.html.contains(r#"href="//cdn.example/x""#), "{}", r.html);
        assert!(r.html.contains(r#"href="/chu-de/2023/#muc""#), "{}", r.html);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].target, "@/nope.md");
    }
}
