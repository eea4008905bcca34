//! Search: the sharded index the build writes per language, the search page, and the theme's
//! `js/search.js` run under Node against the built index files, as a browser would run it.

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

/// A language's manifest (`search-index.json`).
fn manifest(out: &Path, lang_prefix: &str) -> Value {
    let file = out.join(lang_prefix).join("search-index.json");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file:?} is not JSON: {e}"))
}

/// Every page entry of a language's index, in index order, read from its chunks.
fn entries(out: &Path, lang_prefix: &str) -> Vec<Value> {
    let m = manifest(out, lang_prefix);
    let count = m["pages"].as_u64().unwrap() as usize;
    let chunk = m["chunk"].as_u64().unwrap() as usize;
    let mut all = Vec::new();
    for n in 0..count.div_ceil(chunk) {
        let file = out
            .join(lang_prefix)
            .join(format!("search-index/p{n}.json"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let list: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert!(
            list.len() == chunk || n == count / chunk,
            "{file:?}: {}",
            list.len()
        );
        all.extend(list);
    }
    assert_eq!(all.len(), count);
    all
}

fn page_file(out: &Path, url: &str) -> PathBuf {
    out.join(url.trim_start_matches('/')).join("index.html")
}

#[test]
fn each_language_has_an_index_of_its_own_pages() {
    let b = built();
    for (prefix, lang) in [("", "vi"), ("en", "en")] {
        let m = manifest(&b.out, prefix);
        assert_eq!(m["lang"], lang);
        let pages = entries(&b.out, prefix);
        assert!(pages.len() > 30, "{lang}: only {} pages", pages.len());
        assert_eq!(
            m["sections"]["news"],
            if lang == "vi" { "Tin tức" } else { "News" }
        );
        for p in &pages {
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
            assert!(m["sections"][p["section"].as_str().unwrap()].is_string());
            assert!(p.get("body").is_none(), "{url}: text is in the word shards");
        }
        // Shards: the first starts at the smallest key, the others in JavaScript's order.
        for list in ["words", "pairs"] {
            let keys: Vec<&str> = m[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            assert_eq!(keys.first(), Some(&""), "{lang} {list}");
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "{lang} {list}: {keys:?}"
            );
            let prefix_dir = b.out.join(prefix).join("search-index");
            let letter = if list == "words" { "w" } else { "b" };
            for n in 0..keys.len() {
                assert!(prefix_dir.join(format!("{letter}{n}.bin")).is_file());
            }
            assert!(
                !prefix_dir
                    .join(format!("{letter}{}.bin", keys.len()))
                    .exists()
            );
        }
    }
    // Dates are the theme's short format, newest first.
    let vi = entries(&b.out, "");
    // The newest page of the demo is the 2023 results report (content/reports/2023.md).
    assert_eq!(vi[0]["date"], "20/10/2023");
    let en = entries(&b.out, "en");
    assert!(en[0]["date"].as_str().unwrap().contains("October 2023"));
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

/// One search run under Node: the folder of a language's index (the output root, or `en/`),
/// the query and the filters chosen.
struct Case<'a> {
    dir: &'a Path,
    query: &'a str,
    filters: &'a [(&'a str, &'a str)],
}

fn case<'a>(dir: &'a Path, query: &'a str) -> Case<'a> {
    Case {
        dir,
        query,
        filters: &[],
    }
}

/// What a search found: the pages kept by the filters, best first (URL and title), and the
/// count of each filter value as the page shows it.
#[derive(Debug)]
struct Found {
    urls: Vec<String>,
    titles: Vec<String>,
    counts: Value,
}

/// Runs the shipped `js/search.js` under Node against the built index files, as the browser
/// does (the same functions; only fetching is replaced by reading files). Node is part of the
/// test toolchain here; a machine without it fails, loudly.
fn node_search(cases: &[Case]) -> Vec<Found> {
    let script = built().out.join("js/search.js");
    // One file per call: tests run at once, and a harness rewritten while another test's Node
    // reads it is read empty, runs no case and exits 0 with nothing on stdout.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let harness = built().site.path().join(format!("harness-{n}.js"));
    std::fs::write(
        &harness,
        r#"
const search = require(process.argv[2]);
const fs = require("fs");
const path = require("path");
const cases = JSON.parse(process.argv[3]);
(async () => {
  const out = [];
  for (const [dir, query, filters] of cases) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "search-index.json"), "utf8"));
    const index = search.open(manifest, async (name, json) => {
      const bytes = fs.readFileSync(path.join(dir, "search-index", name));
      return json ? JSON.parse(bytes.toString("utf8")) : bytes;
    });
    const { hits } = await search.search(index, query);
    const values = search.pageValues(await index.facets());
    const kept = search.filter(values, hits, Object.fromEntries(filters));
    const shown = await search.entries(index, kept.hits);
    out.push({
      urls: shown.map((s) => s.entry.url),
      titles: shown.map((s) => s.entry.title),
      counts: kept.counts,
    });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
"#,
    )
    .unwrap();
    let cases: Vec<Value> = cases
        .iter()
        .map(|c| serde_json::json!([c.dir, c.query, c.filters]))
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
    let found: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    found
        .into_iter()
        .map(|f| {
            let strings = |key: &str| -> Vec<String> {
                f[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap().to_string())
                    .collect()
            };
            Found {
                urls: strings("urls"),
                titles: strings("titles"),
                counts: f["counts"].clone(),
            }
        })
        .collect()
}

#[test]
fn node_finds_pages_with_and_without_diacritics_in_each_language() {
    let b = built();
    let vi = &b.out;
    let en = &b.out.join("en");
    let r: Vec<Vec<String>> = node_search(&[
        case(vi, "hoc tap suot doi"),
        case(vi, "học tập suốt đời"),
        case(vi, "HỌC TẬP Suốt Đời"),
        case(en, "hoc tap suot doi"),
        case(en, "học tập suốt đời"),
        case(en, "lifelong learning"),
        case(vi, "Đồng"),
        case(vi, "dong"),
        case(vi, "học tập suốt đời xyzzy"),
        // The last word while it is typed: the start of a word.
        case(vi, "hoc tap suot do"),
    ])
    .into_iter()
    .map(|f| f.urls)
    .collect();
    let tam_ky = "/tin-tuc/2023-10-02-tam-ky-phat-dong-tuan-le-2023/";
    assert!(r[0].len() > 10, "vi: {:?}", r[0]);
    assert!(r[0].iter().any(|u| u == tam_ky), "vi: {:?}", r[0]);
    let set = |v: &Vec<String>| v.iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(
        set(&r[0]),
        set(&r[1]),
        "vi: with and without diacritics differ"
    );
    assert_eq!(r[1], r[2], "capitals change nothing");
    // English pages are written in English; the Vietnamese name of the week is on the About page.
    assert!(!r[3].is_empty(), "en: nothing for hoc tap suot doi");
    assert_eq!(
        set(&r[3]),
        set(&r[4]),
        "en: with and without diacritics differ"
    );
    assert!(r[3].iter().all(|u| u.starts_with("/en/")), "{:?}", r[3]);
    assert!(
        r[5].contains(&"/en/news/tam-ky-launches-lifelong-learning-week-2023/".to_string()),
        "en: {:?}",
        r[5]
    );
    // "Đồng" and "dong" find the same pages, Kim Đồng primary school among them.
    assert!(r[6].len() > 3, "{:?}", r[6]);
    assert_eq!(set(&r[6]), set(&r[7]));
    assert!(r[6].iter().any(|u| u.contains("kim-dong")), "{:?}", r[6]);
    // Every word must be found.
    assert!(r[8].is_empty(), "{:?}", r[8]);
    assert!(set(&r[0]).is_subset(&set(&r[9])), "{:?}", r[9]);
}

#[test]
fn title_hits_rank_above_body_hits() {
    let b = built();
    let r = node_search(&[case(&b.out, "dong"), case(&b.out, "đồng")]);
    // Whether each title has `word`, as written or folded.
    let has = |found: &Found, word: &str, fold: bool| -> Vec<bool> {
        found
            .titles
            .iter()
            .map(|t| {
                let t = t.to_lowercase();
                let t = if fold { loa::strip_diacritics(&t) } else { t };
                t.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
            })
            .collect()
    };
    // Without marks: every page with "dong" in its title (Đồng, đông, dòng…) comes first.
    // With them: every page with "đồng" as written in its title.
    for (found, word, fold) in [(&r[0], "dong", true), (&r[1], "đồng", false)] {
        let in_title = has(found, word, fold);
        let first_other = in_title.iter().position(|t| !t).expect("a body-only hit");
        assert!(first_other > 0, "no title hit first: {found:?}");
        assert!(
            in_title[first_other..].iter().all(|t| !t),
            "{word}: {:?} / {in_title:?}",
            found.titles
        );
    }
    // "Dòng họ Phan" is found by "đồng" too, but after every page with "đồng" as typed.
    let dong_ho = r[1]
        .titles
        .iter()
        .position(|t| t.starts_with("Dòng họ Phan"));
    assert!(dong_ho.is_some(), "{:?}", r[1].titles);
}

/// The words of a Markdown body a reader sees, in order: no front matter, shortcodes, HTML,
/// link targets or Markdown marks.
fn body_words(markdown: &str) -> Vec<String> {
    let body = markdown
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(markdown, |(_, body)| body);
    let mut words = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.starts_with("{{") || line.starts_with('<') || line.starts_with("```") {
            continue;
        }
        let mut text = String::new();
        let mut rest = line;
        // [text](target) keeps the text only.
        while let Some(at) = rest.find("](") {
            text.push_str(&rest[..at]);
            rest = rest[at..].split_once(')').map_or("", |(_, r)| r);
        }
        text.push_str(rest);
        words.extend(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
                .map(str::to_string),
        );
    }
    words
}

#[test]
fn every_word_of_every_page_is_found_even_at_the_end_of_long_bodies() {
    let b = built();
    let content = b.site.path().join("content");
    let mut cases: Vec<(PathBuf, String, String, usize)> = Vec::new();
    for entry in walkdir::WalkDir::new(&content) {
        let path = entry.unwrap().into_path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".md") || name.starts_with("_index") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("\ndraft: true") {
            continue;
        }
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .or_else(|| text.lines().find_map(|l| l.strip_prefix("name: ")));
        let Some(title) = title else { continue };
        let title = title.trim();
        let quoted = |q: char| title.strip_prefix(q).and_then(|t| t.strip_suffix(q));
        let title = match (quoted('"'), quoted('\'')) {
            (Some(t), _) => t.replace("\\\"", "\""),
            (_, Some(t)) => t.replace("''", "'"),
            _ => title.to_string(),
        };
        let words = body_words(&text);
        let dir = if name.ends_with(".en.md") {
            b.out.join("en")
        } else {
            b.out.clone()
        };
        // The last two words of the body, and how deep in it they are.
        for w in words.iter().rev().take(2) {
            cases.push((dir.clone(), w.clone(), title.clone(), words.len()));
        }
    }
    assert!(cases.len() > 100, "{} cases", cases.len());
    assert!(
        // The index used to keep only the first 300 words of a page.
        cases.iter().any(|c| c.3 > 300),
        "the demo has no long body to test the end of"
    );
    let found = node_search(
        &cases
            .iter()
            .map(|(dir, word, _, _)| case(dir, word))
            .collect::<Vec<_>>(),
    );
    let missed: Vec<String> = cases
        .iter()
        .zip(&found)
        .filter(|((_, _, title, _), f)| !f.titles.iter().any(|t| t == title))
        .map(|((dir, word, title, n), _)| format!("{word:?} ({n} words) of {title:?} in {dir:?}"))
        .collect();
    assert!(missed.is_empty(), "not found: {missed:#?}");
}

/// The starter site with posts that tell Vietnamese words apart, built.
fn words_site() -> (tempfile::TempDir, PathBuf) {
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = |slug: &str, date: &str, unit: &str, title: &str, tags: &str, body: &str| {
        let folder = site.join("content/news").join(slug);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("index.md"),
            format!(
                "---\ntitle: {title}\ndate: {date}\nunit: {unit}\nsummary: Tin của đơn vị.\ntags: [{tags}]\n---\n\n{body}\n"
            ),
        )
        .unwrap();
    };
    // Only "hóc" in the newest post, and in its title.
    post(
        "2023-10-09-hoc-bua",
        "2023-10-09",
        "thcs-mau",
        "Câu đố hóc búa ở thôn",
        "đố vui",
        "Một câu đố khó.",
    );
    post(
        "2022-10-03-dien-thoai",
        "2022-10-03",
        "phong-gddt",
        "Người dân dùng điện thoại",
        "kỹ năng số",
        "Người dân học cách dùng điện thoại.",
    );
    post(
        "2023-10-08-ngay-hoi",
        "2023-10-08",
        "phong-gddt",
        "Ngày hội ở thôn",
        "đố vui",
        "Cả thôn cùng học tập suốt đời.",
    );
    // Every word of the phrase, never side by side.
    post(
        "2023-10-07-doi-song",
        "2023-10-07",
        "thcs-mau",
        "Gắn bó với thôn",
        "kỹ năng số",
        "Suốt đời gắn bó, học tập không ngừng.",
    );
    // A long body whose last words are in no other page.
    let long = "Người dân trong thôn cùng nhau đọc sách mỗi tối. ".repeat(300)
        + "Cuối cùng là lời cảm ơn cô Thơm.";
    post(
        "2021-10-01-thu-cam-on",
        "2021-10-01",
        "phong-gddt",
        "Thư cảm ơn",
        "đố vui",
        &long,
    );
    let out = dir.path().join("public");
    build(&site, &out, None);
    (dir, out)
}

#[test]
fn marks_as_typed_rank_first_and_quoted_phrases_find_the_phrase_only() {
    let (_dir, out) = words_site();
    let hoc_bua = "/tin-tuc/2023-10-09-hoc-bua/";
    let doi_song = "/tin-tuc/2023-10-07-doi-song/";
    let ngay_hoi = "/tin-tuc/2023-10-08-ngay-hoi/";
    let r = node_search(&[
        case(&out, "học"),
        case(&out, "hóc"),
        case(&out, "hoc"),
        case(&out, "\"học tập suốt đời\""),
        case(&out, "học tập suốt đời"),
        case(&out, "\"hoc tap suot doi\""),
        case(&out, "thom"),
        case(&out, "cảm ơn cô thơm"),
    ]);
    // "học": every page with "học" first, the newest post (only "hóc", in its title) last.
    assert!(r[0].urls.len() > 3, "{:?}", r[0].urls);
    assert_eq!(
        r[0].urls.last().map(String::as_str),
        Some(hoc_bua),
        "{:?}",
        r[0].urls
    );
    // "hóc": that post first; "hoc" without marks finds both spellings.
    assert_eq!(
        r[1].urls.first().map(String::as_str),
        Some(hoc_bua),
        "{:?}",
        r[1].urls
    );
    assert_eq!(
        r[2].urls.iter().collect::<BTreeSet<_>>(),
        r[0].urls.iter().collect::<BTreeSet<_>>()
    );
    // Quoted: the phrase only, with or without marks.
    assert!(r[3].urls.iter().any(|u| u == ngay_hoi), "{:?}", r[3].urls);
    assert!(!r[3].urls.iter().any(|u| u == doi_song), "{:?}", r[3].urls);
    assert_eq!(r[3].urls, r[5].urls);
    // Unquoted: all the words anywhere, the phrase first.
    assert!(r[4].urls.iter().any(|u| u == doi_song), "{:?}", r[4].urls);
    assert_eq!(
        r[4].urls.last().map(String::as_str),
        Some(doi_song),
        "{:?}",
        r[4].urls
    );
    assert_eq!(
        r[3].urls.iter().collect::<BTreeSet<_>>(),
        r[4].urls[..r[4].urls.len() - 1]
            .iter()
            .collect::<BTreeSet<_>>()
    );
    // The last words of a body of 3 000 words.
    assert_eq!(r[6].urls, ["/tin-tuc/2021-10-01-thu-cam-on/"]);
    assert_eq!(r[7].urls, ["/tin-tuc/2021-10-01-thu-cam-on/"]);
}

/// `unit:` and the year (`year:`, else the date's) of each Vietnamese content file of `site`.
fn front_matter_facets(site: &Path) -> Vec<(Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let path = entry.unwrap().into_path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".md") || name.starts_with("_index") || name.ends_with(".en.md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_string())
        };
        let year = field("year: ").or_else(|| field("date: ").map(|d| d[..4].to_string()));
        out.push((field("unit: "), year));
    }
    out
}

#[test]
fn filters_by_unit_and_year_count_what_the_content_says() {
    let (dir, out) = words_site();
    let facts = front_matter_facets(&dir.path().join("site"));
    let count = |unit: Option<&str>, year: Option<&str>| {
        facts
            .iter()
            .filter(|(u, y)| {
                unit.is_none_or(|w| u.as_deref() == Some(w))
                    && year.is_none_or(|w| y.as_deref() == Some(w))
            })
            .count() as u64
    };
    let r = node_search(&[
        case(&out, ""),
        Case {
            dir: &out,
            query: "",
            filters: &[("unit", "thcs-mau")],
        },
        Case {
            dir: &out,
            query: "",
            filters: &[("unit", "thcs-mau"), ("year", "2023")],
        },
        Case {
            dir: &out,
            query: "thôn",
            filters: &[("kind", "school")],
        },
    ]);
    for unit in ["thcs-mau", "phong-gddt"] {
        assert_eq!(r[0].counts["unit"][unit], count(Some(unit), None), "{unit}");
    }
    for year in ["2022", "2023"] {
        assert_eq!(r[0].counts["year"][year], count(None, Some(year)), "{year}");
    }
    assert_eq!(r[1].urls.len() as u64, count(Some("thcs-mau"), None));
    // Counts for the other filters follow the unit chosen; its own still show every unit.
    assert_eq!(
        r[1].counts["year"]["2023"],
        count(Some("thcs-mau"), Some("2023"))
    );
    assert_eq!(
        r[1].counts["unit"]["phong-gddt"],
        count(Some("phong-gddt"), None)
    );
    assert_eq!(
        r[2].urls.len() as u64,
        count(Some("thcs-mau"), Some("2023"))
    );
    // A query and a kind of unit: the school's posts about the village.
    assert_eq!(
        r[3].urls,
        [
            "/tin-tuc/2023-10-09-hoc-bua/",
            "/tin-tuc/2023-10-07-doi-song/"
        ]
    );
    // Two of the office's posts are about the village too.
    assert_eq!(r[3].counts["kind"]["agency"], 2);
    assert_eq!(r[3].counts["tag"]["do-vui"], 1);
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
    assert!(!out.join("search-index").exists());
    let home = parse(&out.join("index.html"));
    assert!(select(&home, "form[role=search]").is_empty());
}
