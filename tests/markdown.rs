//! The Markdown dialect through a real build, read back from the published HTML (issue #16):
//! nesting past `limits: nesting:` is an error with file and line, footnotes and headings never
//! give an id twice or link nowhere, headings stay clear of the theme's ids, shortcodes shown as
//! code stay text, a hand-written placeholder cannot take a shortcode's output, and a link whose
//! address the sanitiser removes becomes its text.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::*;

const POST: &str = STARTER_POST;
const PAGE: &str = STARTER_PAGE;
/// Lines of the starter post's front matter (with its `---` lines) before the body.
const FRONT_LINES: usize = 8;

/// Strict: the starter's school is not trusted, and a post it breaks would be quarantined
/// (tests/quarantine.rs) instead of failing the build these tests read the error of.
fn args(site: &Path) -> loa::BuildArgs {
    loa::BuildArgs {
        strict: true,
        ..build_args(site, &site.join("public"))
    }
}

fn set_body(site: &Path, body: &str) {
    set_starter_body(site, body);
    let text = std::fs::read_to_string(site.join(POST)).unwrap();
    let front = text.split("\n---\n").next().unwrap();
    assert_eq!(front.lines().count() + 1, FRONT_LINES);
}

fn build_error(site: &Path) -> String {
    match loa::build(&args(site)) {
        Ok(_) => panic!("the build should fail"),
        Err(e) => e.to_string(),
    }
}

/// The post's content (`.prose`) as HTML.
fn prose(site: &Path) -> String {
    let doc = parse(&site.join("public").join(PAGE));
    select(&doc, ".prose")[0].html()
}

#[test]
fn nesting_past_the_limit_is_an_error_at_its_line() {
    let dir = starter_site();
    let site = dir.path().join("site");
    // Issue #16: 80 KB of `- ` took the sanitiser 71 s. A shortcode before it must not move
    // the line.
    let cases = [
        (
            format!("{}x", "- ".repeat(40_000)),
            "a list nested more than 32 deep",
        ),
        ("1. ".repeat(40_000), "a list nested more than 32 deep"),
        (
            "> ".repeat(40_000),
            "a block quote nested more than 32 deep",
        ),
        (
            "<div>".repeat(40_000),
            "an HTML element <div> nested more than 32 deep",
        ),
    ];
    for (deep, says) in cases {
        set_body(
            &site,
            &format!("Mở đầu.\n\n{{{{ gallery() }}}}\n\n{deep}\n"),
        );
        let err = build_error(&site);
        let line = FRONT_LINES + 5;
        assert!(err.contains(&format!("{POST}:{line}: {says}")), "{err}");
        assert!(
            err.contains("site.yaml `limits: nesting:` allows 32"),
            "{err}"
        );
    }

    // The limit is the site's to set; a trusted unit's raw HTML is never parsed again.
    let list = format!("{}x\n", "- ".repeat(40));
    let divs = format!("{}x{}", "<div>".repeat(100), "</div>".repeat(100));
    set_body(&site, &format!("{list}\n{divs}\n"));
    let err = build_error(&site);
    assert!(
        err.contains(&format!("{POST}:{}", FRONT_LINES + 1)),
        "{err}"
    );
    let config = site.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\nlimits:\n  nesting: 45\n")).unwrap();
    let err = build_error(&site);
    assert!(
        err.contains(&format!("{POST}:{}", FRONT_LINES + 3)),
        "{err}"
    );
    assert!(err.contains("<div>"), "{err}");
    trust_starter_school(&site);
    loa::build(&args(&site)).unwrap();
    assert_eq!(
        select(&parse(&site.join("public").join(PAGE)), ".prose li").len(),
        40
    );
}

#[test]
fn every_anchor_of_a_post_goes_somewhere_and_no_id_is_given_twice() {
    let dir = starter_site();
    let site = dir.path().join("site");
    set_body(
        &site,
        "## Main\n\nMột câu[^Ghi chú] và câu khác[^ghi chú], rồi[^b].\n\n## Header q\n\n## Fn 1\n\n[^ghi chú]: Nguồn một.\n\n[^B]: Nguồn hai.\n\n<div id=\"main\">Sao chép từ trang khác.</div>\n",
    );
    loa::build(&args(&site)).unwrap();
    let doc = parse(&site.join("public").join(PAGE));
    let mut ids = HashSet::new();
    for el in select(&doc, "[id]") {
        let id = el.value().attr("id").unwrap();
        assert!(ids.insert(id.to_string()), "id `{id}` twice on the page");
    }
    let links = select(&doc, "a[href^='#']");
    assert!(links.len() >= 5);
    for a in links {
        let href = a.value().attr("href").unwrap();
        assert!(ids.contains(&href[1..]), "`{href}` goes nowhere");
    }
    // Headings named like the theme's elements (`<main id="main">`, the header's search box
    // `header-q`) and like a footnote get their own ids; raw HTML of an untrusted unit loses a
    // theme's id.
    assert!(ids.contains("main") && ids.contains("header-q"));
    for id in [
        "main-1",
        "header-q-1",
        "fn-1-1",
        "fn-1",
        "fn-2",
        "fnref-1-2",
    ] {
        assert!(ids.contains(id), "no `{id}` in {ids:?}");
    }
}

#[test]
fn shortcodes_work_once_where_written_and_nowhere_else() {
    let dir = starter_site();
    let site = dir.path().join("site");
    write_png(&site.join("content/news/2023-10-02-le-phat-dong/anh.png"));
    let body = "<!--loa-shortcode:0--> <img alt=\"<!--loa-shortcode:&#xFDD0;0-->\" src=\"a.png\">\n\n    {{ gallery() }}\n\nViết `{{ gallery() }}` hoặc ``\n{{ gallery() }}\n`` để hiện ảnh.\n\n{{ gallery() }}\n\nHết.\n";
    for trusted in [false, true] {
        if trusted {
            trust_starter_school(&site);
        }
        set_body(&site, body);
        loa::build(&args(&site)).unwrap();
        let html = prose(&site);
        // Issue #16: the hand-written placeholder took the gallery's place.
        assert_eq!(html.matches("class=\"gallery").count(), 1, "{html}");
        let gallery = html.find("class=\"gallery").unwrap();
        assert!(gallery > html.find("để hiện ảnh").unwrap(), "{html}");
        assert!(gallery < html.find("Hết.").unwrap(), "{html}");
        assert_eq!(html.matches("{{ gallery() }}").count(), 3, "{html}");
        // (A reader's browser decodes the reference; loa's own mark never reaches the page.)
        let raw = std::fs::read_to_string(site.join("public").join(PAGE)).unwrap();
        assert!(!raw.contains('\u{FDD0}'), "{html}");
    }
}

#[test]
fn links_whose_address_is_removed_become_their_text() {
    let dir = starter_site();
    let site = dir.path().join("site");
    set_body(
        &site,
        "[trang](javascript:alert(1)) và <a href=\"vbscript:x\" title=\"t\">kia</a>, [đây](https://moet.gov.vn).\n",
    );
    loa::build(&args(&site)).unwrap();
    let doc = parse(&site.join("public").join(PAGE));
    let links = select(&doc, ".prose a");
    assert_eq!(links.len(), 1, "{}", prose(&site));
    assert_eq!(links[0].value().attr("href"), Some("https://moet.gov.vn"));
    let text: String = select(&doc, ".prose p")[0].text().collect();
    assert_eq!(text, "trang và kia, đây.");
}

#[test]
fn smart_punctuation_pairs_quotes_and_can_be_switched_off() {
    let dir = starter_site();
    let site = dir.path().join("site");
    set_body(&site, "Màn hình 15\" và \"đẹp\" -- rẻ...\n");
    loa::build(&args(&site)).unwrap();
    let text = |site: &Path| -> String {
        select(&parse(&site.join("public").join(PAGE)), ".prose p")[0]
            .text()
            .collect()
    };
    assert_eq!(text(&site), "Màn hình 15\" và “đẹp” – rẻ…");
    let config = site.join("site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{yaml}\nmarkdown:\n  smart_punctuation: false\n"),
    )
    .unwrap();
    loa::build(&args(&site)).unwrap();
    assert_eq!(text(&site), "Màn hình 15\" và \"đẹp\" -- rẻ...");
    std::fs::write(
        &config,
        format!("{yaml}\nmarkdown:\n  smart_quotes: false\n"),
    )
    .unwrap();
    let err = build_error(&site);
    assert!(err.contains("smart_quotes"), "{err}");
}
