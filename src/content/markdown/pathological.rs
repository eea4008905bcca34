//! Hostile Markdown at 1 MB through the renderer and the sanitiser, as an untrusted unit's post
//! goes (issue #16, acceptance 2). The whole list, with a site build around each pattern, is
//! `cargo bench --bench pathological`; these few run in every `cargo test`, where the debug
//! build is some ten times slower than a release build, hence the bound.

use std::collections::BTreeSet;
use std::time::Instant;

use super::{Deep, Settings, TooDeep, render};

/// Debug build, two shared cores; a release build stays well under 1 s for each.
const BOUND_SECONDS: f64 = 8.0;

static NONE: BTreeSet<String> = BTreeSet::new();

fn settings(sanitised: bool) -> Settings<'static> {
    Settings {
        base_path: "",
        smart_punctuation: true,
        max_nesting: 32,
        max_elements: 100_000,
        sanitised,
        reserved_ids: &NONE,
    }
}

fn rendered_and_sanitised(md: &str) -> Result<String, String> {
    let (r, _) = render(md, &settings(true), &|_| None).map_err(|e| format!("{:?}", e.what))?;
    Ok(crate::content::sanitize::untrusted_html(&r.html, &NONE))
}

fn nested(open: &str, middle: &str, close: &str) -> String {
    let n = 1_000_000 / (open.len() + close.len());
    format!("{}{middle}{}", open.repeat(n), close.repeat(n))
}

#[test]
fn hostile_patterns_at_a_megabyte_end_quickly() {
    let patterns = [
        ("nested lists", nested("- ", "x", ""), false),
        ("nested ordered lists", nested("1. ", "x", ""), false),
        ("nested quotes", nested("> ", "x", ""), false),
        ("nested <div>", nested("<div>", "x", "</div>"), false),
        (
            "nested strong emph",
            nested("*a **a ", "b", " a** a*"),
            false,
        ),
        ("nested brackets", nested("[", "a", "]"), true),
        ("many link openers", "[a".repeat(500_000), true),
        (
            "many attributes",
            format!("<p {}>", "a ".repeat(500_000)),
            false,
        ),
    ];
    for (name, md, builds) in patterns {
        let started = Instant::now();
        let result = rendered_and_sanitised(&md);
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(result.is_ok(), builds, "{name}: {result:?}");
        assert!(seconds < BOUND_SECONDS, "{name}: {seconds:.1} s");
    }
}

#[test]
fn cleaning_a_long_post_in_pieces_changes_nothing() {
    let block = "## Mục\n\n| a | b |\n|---|---|\n| <b>x</b> | [y](javascript:z) |\n\n<div onclick=\"x()\">\n\n*md* trong div\n\n</div>\n\n> - <span>một\n\nĐoạn <span style=\"x\">văn</span>.\n\n";
    let md = block.repeat(300_000 / block.len());
    let (whole, _) = render(&md, &settings(false), &|_| None).unwrap();
    let whole = crate::content::sanitize::untrusted_html(&whole.html, &NONE);
    let (cut, _) = render(&md, &settings(true), &|_| None).unwrap();
    assert!(cut.html.matches(crate::content::sanitize::CUT).count() >= 4);
    let cut = crate::content::sanitize::untrusted_html(&cut.html, &NONE);
    if let Some(at) = cut.bytes().zip(whole.bytes()).position(|(a, b)| a != b) {
        let show = |s: &str| s[at.saturating_sub(80)..(at + 80).min(s.len())].to_string();
        panic!("differs at {at}:\n{}\n---\n{}", show(&cut), show(&whole));
    }
    assert_eq!(cut.len(), whole.len());
}

#[test]
fn a_note_cited_many_times_links_back_to_the_first_twenty() {
    let md = format!("[^a]: Nguồn.\n\n{}", "x[^a] ".repeat(100_000));
    // 200 000 elements: past the default limit, which is not what this test is about.
    let unlimited = Settings {
        max_elements: usize::MAX,
        ..settings(true)
    };
    let (r, _) = render(&md, &unlimited, &|_| None).unwrap();
    let html = crate::content::sanitize::untrusted_html(&r.html, &NONE);
    assert_eq!(html.matches("class=\"footnote-backref\"").count(), 20);
    assert_eq!(html.matches("id=\"fnref-").count(), 20);
    assert_eq!(html.matches("href=\"#fn-1\"").count(), 100_000);
    // About 90 bytes of HTML for each 6 of Markdown, as plain footnotes.
    assert!(html.len() < 10_000_000, "{}", html.len());
}

fn deep(md: &str, untrusted: bool) -> Option<TooDeep> {
    render(md, &settings(untrusted), &|_| None).err()
}

#[test]
fn nesting_past_the_limit_is_refused_where_it_starts() {
    // 32 levels are fine, the 33rd is not, whatever makes it.
    // (`- - -` alone on a line is a rule, not lists.)
    assert!(deep(&format!("{}x", "- ".repeat(32)), false).is_none());
    let d = deep(&format!("a\n\n{}x", "- ".repeat(33)), false).unwrap();
    assert_eq!((d.what, d.offset), (Deep::List, 3 + 2 * 32));
    assert_eq!(deep(&"1. ".repeat(40), false).unwrap().what, Deep::List);
    assert_eq!(deep(&"> ".repeat(40), false).unwrap().what, Deep::Quote);
    assert_eq!(deep(&"> - ".repeat(20), false).unwrap().what, Deep::Quote);
    let nested_lines: String = (0..40)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let d = deep(&nested_lines, false).unwrap();
    assert_eq!(nested_lines[..d.offset].matches('\n').count(), 32);
    let emphasis = format!("{}a{}", "*a **a ".repeat(20), " a** a*".repeat(20));
    assert_eq!(deep(&emphasis, false).unwrap().what, Deep::Emphasis);
    // Raw HTML counts where it is sanitised, with the Markdown around it.
    let divs = "<div>".repeat(40);
    assert!(deep(&divs, false).is_none());
    assert_eq!(
        deep(&divs, true).unwrap().what,
        Deep::Html("div".to_string())
    );
    let mixed = format!("{}{}", "> ".repeat(16), "<div><span>".repeat(8));
    assert!(deep(&mixed, true).is_none());
    let mixed = format!("{}{}", "> ".repeat(16), "<div><span>".repeat(9));
    assert_eq!(deep(&mixed, true).unwrap().what, Deep::Html("div".into()));
    assert!(deep(&"<ul><li>a<li>b<li>c</ul>".repeat(20), true).is_none());
}

#[test]
fn elements_past_the_limit_are_refused_where_they_pass_it() {
    let limited = |sanitised| Settings {
        max_elements: 1000,
        ..settings(sanitised)
    };
    let count = |md: &str, sanitised| render(md, &limited(sanitised), &|_| None).err();
    // A paragraph and 999 links are 1000 elements; one more link is too many.
    let links = |n| format!("[a]: /b\n\n{}", "[a] ".repeat(n));
    assert!(count(&links(999), true).is_none());
    let d = count(&links(1000), true).unwrap();
    assert_eq!((d.what, d.offset), (Deep::Elements, 9 + 4 * 999));
    // Table rows and notes count, as do raw HTML elements, parsed or not.
    let rows = format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(400));
    assert_eq!(count(&rows, false).unwrap().what, Deep::Elements);
    let notes = format!("[^a]: n\n\n{}", "x[^a] ".repeat(600));
    assert_eq!(count(&notes, false).unwrap().what, Deep::Elements);
    let raw = "<i>x</i><br>".repeat(600);
    assert_eq!(count(&raw, true).unwrap().what, Deep::Elements);
    assert_eq!(count(&raw, false).unwrap().what, Deep::Elements);
    // End tags, comments and a `<` in text are no elements.
    assert!(count(&"</i><!-- c --> a < b ".repeat(600), false).is_none());
}
