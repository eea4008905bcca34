//! Markdown → HTML fragment. Beyond plain CommonMark: headings get stable ids (for anchors and a
//! table of contents) that never take an id of the theme or of a footnote, footnotes are
//! numbered and linked both ways (`footnotes`), `@/path.md` links are resolved to the URL of that
//! content in the page's own language, smart quotes are paired (`quotes`), and nesting is
//! bounded (`nesting`).

mod footnotes;
mod nesting;
#[cfg(test)]
mod pathological;
mod quotes;
mod raw_html;

use std::collections::{BTreeSet, HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

pub(crate) use nesting::Deep;

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

/// Nesting past the limit: what went too deep, and its 0-based byte offset in the Markdown.
#[derive(Debug)]
pub(crate) struct TooDeep {
    pub(crate) what: Deep,
    pub(crate) offset: usize,
}

/// How a page's Markdown is rendered.
pub(crate) struct Settings<'a> {
    /// Put in front of root-relative links and images (`/img/x.png`), so content written for a
    /// site at a domain's root keeps working when it is published below a sub-path.
    pub(crate) base_path: &'a str,
    /// `"quotes"` → “quotes”, `--` → –, `...` → … (site.yaml `markdown: smart_punctuation:`).
    pub(crate) smart_punctuation: bool,
    /// Deepest nesting allowed (site.yaml `limits: nesting:`).
    pub(crate) max_nesting: usize,
    /// Most elements a post may make (site.yaml `limits: elements:`).
    pub(crate) max_elements: usize,
    /// Whether the HTML goes through the sanitiser (`sanitize::untrusted_html`): then raw HTML
    /// elements count towards the nesting, and the HTML is marked where it may be cut.
    pub(crate) sanitised: bool,
    /// Ids the theme's templates use, which no heading may take.
    pub(crate) reserved_ids: &'a BTreeSet<String>,
}

/// Around every table (see `render`).
const TABLE_OPEN: &str = "<div class=\"table-scroll\">\n";
const TABLE_CLOSE: &str = "</div>\n";

/// Markdown bytes between two places the sanitiser may cut the HTML at.
const CUT_EVERY: usize = 64 * 1024;

/// The extensions loa's Markdown has, without smart punctuation (shortcodes are found with
/// these too, so that code means the same to both).
pub(crate) fn dialect() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown`; `resolve` maps an `@/news/x.md` target (without `@/`, anchor split off)
/// to a URL, or `None` when no such content exists. Stops at the first nesting past the limit.
pub(crate) fn render(
    markdown: &str,
    settings: &Settings,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Result<(Rendered, Vec<BrokenLink>), TooDeep> {
    let base_path = settings.base_path;
    let mut options = dialect();
    if settings.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut broken = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut nesting = nesting::Nesting::new(
        settings.max_nesting,
        settings.max_elements,
        settings.sanitised,
    );
    let mut quotes = quotes::Quotes::default();
    // The `{…}` of a heading that is not all `#id` and `.class` (say `## Kế hoạch {2023}`): the
    // extension would turn it into HTML attributes and the words would vanish; it stays text.
    let mut kept_braces: Option<String> = None;
    // Elements open, and where the sanitiser last may cut.
    let mut open = 0usize;
    let mut last_cut = 0;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let end = range.end;
        match event {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            _ => {}
        }
        if let Err(what) = nesting.event(&event) {
            return Err(TooDeep {
                what,
                offset: range.start,
            });
        }
        quotes.note(events.len(), &event, markdown, range.clone());
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
        // A table wider than a phone scrolls in its own box instead of widening the page; the
        // theme styles `.table-scroll`, and its script makes the box focusable when it scrolls.
        let closes_table = matches!(event, Event::End(TagEnd::Table));
        if matches!(event, Event::Start(Tag::Table(_))) {
            events.push(Event::Html(CowStr::Borrowed(TABLE_OPEN)));
        }
        events.push(event);
        if closes_table {
            events.push(Event::Html(CowStr::Borrowed(TABLE_CLOSE)));
        }
        // The sanitiser's parser holds the whole document as a tree, hundreds of bytes per
        // element: a megabyte of table rows took 200 MB. Between top-level blocks, where nothing
        // is open, the HTML can be cleaned in pieces instead.
        if settings.sanitised && open == 0 && end - last_cut >= CUT_EVERY && nesting.is_flat() {
            events.push(Event::Html(CowStr::Borrowed(crate::content::sanitize::CUT)));
            last_cut = end;
        }
    }
    quotes.unpaired_back(&mut events);

    // Headings take no id the theme or a footnote has.
    let mut used_ids: HashSet<String> = settings.reserved_ids.iter().cloned().collect();
    used_ids.extend(footnotes::rewrite(&mut events));
    let mut toc = Vec::new();
    // A set and a counter per id: thousands of identical headings stay linear.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
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
    Ok((
        Rendered {
            html: out,
            toc,
            first_paragraph,
            word_count,
        },
        broken,
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    static NONE: BTreeSet<String> = BTreeSet::new();

    fn settings() -> Settings<'static> {
        Settings {
            base_path: "",
            smart_punctuation: true,
            max_nesting: 32,
            max_elements: 100_000,
            sanitised: false,
            reserved_ids: &NONE,
        }
    }

    fn html(md: &str) -> String {
        render(md, &settings(), &|_| None).unwrap().0.html
    }

    #[test]
    fn footnote_ids_have_no_spaces() {
        let html = html("Một câu[^ghi chú].\n\n[^ghi chú]: Nguồn.\n");
        // Issue #16: the label became the id, spaces and all; now notes are numbered.
        assert!(html.contains("href=\"#fn-1\""), "{html}");
        assert!(html.contains("id=\"fn-1\""), "{html}");
        assert!(!html.contains("ghi chú\""), "{html}");
        assert!(!html.contains("ghi-chú\""), "{html}");
    }

    #[test]
    fn braces_that_are_not_an_id_or_class_stay_in_the_heading() {
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
            &settings(),
            &|_| None,
        )
        .unwrap();
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
            &Settings {
                base_path: "/portal",
                ..settings()
            },
            &resolve,
        )
        .unwrap();
        assert!(r.html.contains(r#"src="/portal/img/a.png""#), "{}", r.html);
        assert!(r.html.contains(r#"href="//cdn.example/x""#), "{}", r.html);
        assert!(r.html.contains(r#"href="/chu-de/2023/#muc""#), "{}", r.html);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].target, "@/nope.md");
    }

    /// Every `href="#…"` of `html` names an id in it, and no id is given twice.
    fn assert_anchors_resolve(html: &str) {
        let doc = scraper::Html::parse_fragment(html);
        let all = scraper::Selector::parse("[id]").unwrap();
        let mut ids = HashSet::new();
        for el in doc.select(&all) {
            let id = el.value().attr("id").unwrap();
            assert!(ids.insert(id.to_string()), "id {id} twice in {html}");
        }
        let links = scraper::Selector::parse("a[href^='#']").unwrap();
        let mut n = 0;
        for a in doc.select(&links) {
            let target = &a.value().attr("href").unwrap()[1..];
            assert!(ids.contains(target), "#{target} goes nowhere in {html}");
            n += 1;
        }
        assert!(n > 0, "{html}");
    }

    #[test]
    fn footnotes_are_numbered_and_linked_both_ways() {
        let md = "## Fn 1\n\nMột[^Ghi], hai[^ghi] và ba[^b].\n\n[^ghi]: Nguồn một.\n[^B]: Nguồn hai.\n\n## Fnref 1\n";
        let h = html(md);
        assert_anchors_resolve(&h);
        // Case variants are one note (GFM), numbered in order, with a way back from each.
        assert!(
            h.contains(
                "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"
            ),
            "{h}"
        );
        assert!(
            h.contains("id=\"fnref-1-2\"><a href=\"#fn-1\">1</a>"),
            "{h}"
        );
        assert!(h.contains("id=\"fnref-2\"><a href=\"#fn-2\">2</a>"), "{h}");
        assert!(h.contains("<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>Nguồn một. <a href=\"#fnref-1\" class=\"footnote-backref\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-backref\">↩<sup>2</sup></a></p>"), "{h}");
        // Headings keep clear of the notes' ids.
        assert!(h.contains("<h2 id=\"fn-1-1\">Fn 1</h2>"), "{h}");
        assert!(h.contains("<h2 id=\"fnref-1-1\">Fnref 1</h2>"), "{h}");
        // A second note with the same label gets no second id.
        assert_anchors_resolve(&html("a[^x]\n\n[^x]: one\n\n[^X]: two\n"));
    }

    #[test]
    fn headings_take_no_id_of_the_theme() {
        let reserved: BTreeSet<String> = ["main", "header-q"].map(String::from).into();
        let s = Settings {
            reserved_ids: &reserved,
            ..settings()
        };
        let (r, _) = render("# Main\n\n## Header q\n\n## Main {#main}\n", &s, &|_| None).unwrap();
        assert!(r.html.contains("<h1 id=\"main-1\">Main</h1>"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"header-q-1\">Header q</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"main-2\">Main</h2>"), "{}", r.html);
        assert_eq!(r.toc[0].1, "header-q-1");
    }

    #[test]
    fn tables_scroll_in_a_box_of_their_own() {
        assert_eq!(
            html("| a |\n|---|\n| b |\n"),
            "<div class=\"table-scroll\">\n<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>b</td></tr>\n</tbody></table>\n</div>\n"
        );
        // Kept by the sanitiser, which drops other classes.
        let clean = crate::content::sanitize::untrusted_html(
            &html("| a |\n|---|\n| b |\n"),
            &BTreeSet::new(),
        );
        assert!(clean.starts_with("<div class=\"table-scroll\">"), "{clean}");
    }

    #[test]
    fn a_lone_straight_quote_opens_nothing() {
        // Issue #16: every `"` that could not close became an opening “.
        assert_eq!(
            html("Màn hình 15\" và \"đẹp\".\n"),
            "<p>Màn hình 15\" và “đẹp”.</p>\n"
        );
        assert_eq!(html("\"Mở mà không đóng\n"), "<p>\"Mở mà không đóng</p>\n");
        // Pairs stay pairs, also nested in emphasis; a quote does not pair across paragraphs.
        assert_eq!(html("\"a *\"b\"* c\"\n"), "<p>“a <em>“b”</em> c”</p>\n");
        assert_eq!(html("\"a\n\nb\"\n"), "<p>\"a</p>\n<p>b\"</p>\n");
        // Quotes the author typed curly are left as typed.
        assert_eq!(html("“a\n"), "<p>“a</p>\n");
        // Switched off, quotes stay straight.
        let s = Settings {
            smart_punctuation: false,
            ..settings()
        };
        let (r, _) = render("\"a\" -- b...\n", &s, &|_| None).unwrap();
        assert_eq!(r.html, "<p>\"a\" -- b...</p>\n");
    }
}
