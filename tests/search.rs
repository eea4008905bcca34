//! Search: the JSON index the build writes per language, the search page, and the theme's
//! `js/search.js` run under Node against the built index, as a browser would run it.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

struct Built {
    site: tempfile::TempDir,
    out: PathBuf,
}

/// The demo site, built once for all tests here. Search reads only text, so artwork is off and
/// photos are published small: the build then takes seconds instead of a minute.
fn built() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let site = demo_site_in(kept_tempdir());
        let config = site.path().join("site.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(
            text.contains("\nartwork:\n"),
            "the demo's site.yaml changed"
        );
        let text = text.replace("\nartwork:\n", "\nartwork:\n  enabled: false\n")
            + "images:\n  webp: false\n  widths: [320]\n  max_size: 320\n";
        std::fs::write(&config, text).unwrap();
        let out = site.path().join("public");
        build(site.path(), &out, None);
        Built { site, out }
    })
}

fn index(lang_prefix: &str) -> Value {
    let file = built().out.join(lang_prefix).join("search-index.json");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file:?} is not JSON: {e}"))
}

fn page_file(out: &Path, url: &str) -> PathBuf {
    out.join(url.trim_start_matches('/')).join("index.html")
}

#[test]
fn each_language_has_an_index_of_its_own_pages() {
    let b = built();
    for (prefix, lang) in [("", "vi"), ("en", "en")] {
        let index = index(prefix);
        assert_eq!(index["lang"], lang);
        let pages = index["pages"].as_array().unwrap();
        assert!(pages.len() > 30, "{lang}: only {} pages", pages.len());
        assert_eq!(
            index["sections"]["news"],
            if lang == "vi" { "Tin tức" } else { "News" }
        );
        for p in pages {
            let url = p["url"].as_str().unwrap();
            assert_eq!(url.starts_with("/en/"), lang == "en", "{lang}: {url}");
            let file = page_file(&b.out, url);
            assert!(file.is_file(), "{lang}: {url} is not in the output");
            let doc = parse(&file);
            let title: String = select(&doc, "title")[0].text().collect();
            assert!(
                title.contains(p["title"].as_str().unwrap()),
                "{url}: {title}"
            );
            assert!(index["sections"][p["section"].as_str().unwrap()].is_string());
            // The body is only matched, so it is stored folded: no capitals, no diacritics.
            let body = p["body"].as_str().unwrap_or("");
            assert!(
                body.chars()
                    .all(|c| c == ' ' || c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{url}: body not folded: {body}"
            );
            assert!(body.split(' ').count() <= 300, "{url}: body too long");
        }
    }
    // Dates are the theme's short format, newest first.
    let vi = index("");
    // The newest page of the demo is the 2023 results report (content/reports/2023.md).
    assert_eq!(vi["pages"][0]["date"], "20/10/2023");
    let en = index("en");
    assert!(
        en["pages"][0]["date"]
            .as_str()
            .unwrap()
            .contains("October 2023")
    );
}

#[test]
fn search_pages_are_linked_from_the_header_and_load_their_index() {
    let b = built();
    for (page, home, index) in [
        ("tim-kiem/index.html", "index.html", "/search-index.json"),
        (
            "en/search/index.html",
            "en/index.html",
            "/en/search-index.json",
        ),
    ] {
        let search = b.out.join(page);
        assert!(search.is_file(), "{page} missing");
        let doc = parse(&search);
        let list = select(&doc, "#search-results");
        assert_eq!(list[0].value().attr("data-index"), Some(index));
        let form = select(&doc, "form.search-form-page");
        let action = form[0].value().attr("action").unwrap();
        assert_eq!(page_file(&b.out, action), search);
        assert_eq!(select(&doc, "form.search-form-page input[name=q]").len(), 1);
        assert_eq!(
            select(&doc, "script[src]")
                .iter()
                .filter(|s| s.value().attr("src") == Some("/js/search.js"))
                .count(),
            1
        );
        // Every other page has the box in its header, sending the query to the search page.
        let home = parse(&b.out.join(home));
        let header = select(&home, ".site-header form[role=search]");
        assert_eq!(header[0].value().attr("action"), Some(action));
        assert_eq!(header[0].value().attr("method"), Some("get"));
    }
    assert!(b.out.join("js/search.js").is_file());
    // The script says "1 result" in English, from the theme's [one, other] forms (#15).
    let en = parse(&b.out.join("en/search/index.html"));
    let list = select(&en, "#search-results")[0].value();
    assert_eq!(list.attr("data-results-one"), Some("{n} result for “{q}”"));
    assert_eq!(list.attr("data-results"), Some("{n} results for “{q}”"));
    let js = std::fs::read_to_string(b.out.join("js/search.js")).unwrap();
    assert!(
        js.contains("text.resultsOne"),
        "search.js reads the singular"
    );
    let vi = std::fs::read_to_string(b.out.join("tim-kiem/index.html")).unwrap();
    assert!(
        vi.contains("placeholder=\"Nhập từ khóa"),
        "vi strings come from the theme"
    );
    assert!(
        vi.contains(
            "hreflang=\"en\" href=\"https://hoctapsuotdoi.quangnam.example.vn/en/search/\""
        )
    );
}

/// Runs the shipped `js/search.js` under Node: for each (index file, query), the URLs found, best
/// first. Node is part of the test toolchain here; a machine without it fails, loudly.
fn node_search(cases: &[(&Path, &str)]) -> Vec<Vec<String>> {
    let script = built().out.join("js/search.js");
    let harness = built().site.path().join("harness.js");
    std::fs::write(
        &harness,
        r#"
const search = require(process.argv[2]);
const fs = require("fs");
const cases = JSON.parse(process.argv[3]);
const out = cases.map(([file, query]) => {
  const index = file.startsWith("{") ? JSON.parse(file) : JSON.parse(fs.readFileSync(file, "utf8"));
  return search.search(search.prepare(index), query).map((h) => h.page.url);
});
process.stdout.write(JSON.stringify(out));
"#,
    )
    .unwrap();
    let cases: Vec<(String, &str)> = cases
        .iter()
        .map(|(f, q)| (f.to_string_lossy().into_owned(), *q))
        .collect();
    let output = Command::new("node")
        .arg(&harness)
        .arg(&script)
        .arg(serde_json::to_string(&cases).unwrap())
        .output()
        .unwrap_or_else(|e| {
            panic!("these tests run js/search.js under Node, but `node` did not start: {e}")
        });
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn node_finds_pages_with_and_without_diacritics_in_each_language() {
    let b = built();
    let vi = b.out.join("search-index.json");
    let en = b.out.join("en/search-index.json");
    let r = node_search(&[
        (&vi, "hoc tap suot doi"),
        (&vi, "học tập suốt đời"),
        (&vi, "HỌC TẬP Suốt Đời"),
        (&en, "hoc tap suot doi"),
        (&en, "học tập suốt đời"),
        (&en, "lifelong learning"),
        (&vi, "Đồng"),
        (&vi, "dong"),
        (&vi, "học tập suốt đời xyzzy"),
    ]);
    let tam_ky = "/tin-tuc/2023-10-02-tam-ky-phat-dong-tuan-le-2023/";
    assert!(r[0].len() > 10, "vi: {:?}", r[0]);
    assert!(r[0].iter().any(|u| u == tam_ky), "vi: {:?}", r[0]);
    assert_eq!(r[0], r[1], "vi: with and without diacritics differ");
    assert_eq!(
        r[1].iter().collect::<BTreeSet<_>>(),
        r[2].iter().collect::<BTreeSet<_>>()
    );
    // English pages are written in English; the Vietnamese name of the week is on the About page.
    assert!(!r[3].is_empty(), "en: nothing for hoc tap suot doi");
    assert_eq!(r[3], r[4], "en: with and without diacritics differ");
    assert!(r[3].iter().all(|u| u.starts_with("/en/")), "{:?}", r[3]);
    assert!(
        r[5].contains(&"/en/news/tam-ky-launches-lifelong-learning-week-2023/".to_string()),
        "en: {:?}",
        r[5]
    );
    // "Đồng" and "dong" find the same pages, Kim Đồng primary school among them.
    assert!(r[6].len() > 3, "{:?}", r[6]);
    assert_eq!(
        r[6].iter().collect::<BTreeSet<_>>(),
        r[7].iter().collect::<BTreeSet<_>>()
    );
    assert!(r[6].iter().any(|u| u.contains("kim-dong")), "{:?}", r[6]);
    // Every word must be found.
    assert!(r[8].is_empty(), "{:?}", r[8]);
}

#[test]
fn title_hits_rank_above_body_hits() {
    let b = built();
    // In the demo: every page with "dong" in its title comes before every page without.
    let vi = b.out.join("search-index.json");
    let index = index("");
    let titles: std::collections::HashMap<&str, String> = index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let folded = loa::strip_diacritics(&p["title"].as_str().unwrap().to_lowercase());
            (p["url"].as_str().unwrap(), folded)
        })
        .collect();
    let hits = node_search(&[(&vi, "đồng")]).remove(0);
    let in_title: Vec<bool> = hits
        .iter()
        .map(|u| {
            titles[u.as_str()]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "dong")
        })
        .collect();
    let first_other = in_title.iter().position(|t| !t).expect("a body-only hit");
    assert!(first_other > 0, "no title hit first: {hits:?}");
    assert!(
        in_title[first_other..].iter().all(|t| !t),
        "{hits:?} / {in_title:?}"
    );

    // And on its own: the newer page mentions the words only in its body, yet comes second.
    let small = r#"{"lang":"vi","sections":{"news":"Tin tức"},"pages":[
      {"title":"Ngày hội đọc sách","url":"/a/","section":"news","body":"hoc tap suot doi o thon"},
      {"title":"Học tập suốt đời ở thôn","url":"/b/","section":"news"},
      {"title":"Tin khác","url":"/c/","section":"news","summary":"không liên quan"}]}"#;
    let r = node_search(&[
        (Path::new(small), "hoc tap"),
        (Path::new(small), "học tập suốt đời"),
    ]);
    assert_eq!(r[0], ["/b/", "/a/"]);
    assert_eq!(r[1], ["/b/", "/a/"]);
}

#[test]
fn search_can_be_turned_off() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let config = site.join("site.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    let out = dir.path().join("public");
    build(&site, &out, None);
    assert!(
        out.join("search-index.json").is_file(),
        "the starter site has search"
    );
    text.push_str("\nsearch: false\n");
    std::fs::write(&config, text).unwrap();
    build(&site, &out, None);
    assert!(!out.join("search-index.json").exists());
    let home = parse(&out.join("index.html"));
    assert!(select(&home, "form[role=search]").is_empty());
}
