//! `limits:` of site.yaml: one post cannot stop or exhaust the build for everyone (issue #16).
//! Each limit ends in an error naming the file (and line) before anything is staged, so the
//! previous output stays as it was; the defaults hold without any `limits:` written.

mod common;

use std::path::Path;

use common::*;

/// Front matter line of the starter news post's `tags:`.
const TAGS_LINE: usize = 7;

fn set_tags(site: &Path, tags: &str) {
    edit(site, NEWS, "tags: [phát động]", &format!("tags: {tags}"));
}

#[test]
fn deeply_nested_front_matter_is_refused_before_it_is_parsed() {
    // 100 000 levels took serde_yaml 15 s (its time grows with the square of the depth).
    let n = 100_000;
    let err = fails_cleanly(|s| set_tags(s, &format!("{}{}", "[".repeat(n), "]".repeat(n))));
    assert!(err.contains(&format!("{NEWS}:{TAGS_LINE}")), "{err}");
    assert!(err.contains("more than 32 levels deep"), "{err}");
}

#[test]
fn a_post_with_thousands_of_tags_is_refused() {
    // 16 000 tags once wrote 14 GB of tag pages in 65 s.
    let tags: Vec<String> = (0..16_000).map(|i| format!("t{i}")).collect();
    let err = fails_cleanly(|s| set_tags(s, &format!("[{}]", tags.join(", "))));
    assert!(err.contains(&format!("{NEWS}:{TAGS_LINE}")), "{err}");
    assert!(err.contains("16000 tags, over the limit of 50"), "{err}");
}

#[test]
fn cards_show_five_tags_and_the_post_all_of_them() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let tags: Vec<String> = (1..=8).map(|i| format!("chủ đề {i}")).collect();
    set_tags(&site, &format!("[{}]", tags.join(", ")));
    let out = dir.path().join("out");
    build(&site, &out, None);
    let pages = html_files(&out);
    let tag_counts = |css: &str| -> Vec<(std::path::PathBuf, usize)> {
        pages
            .iter()
            .map(|p| (p.clone(), select(&parse(p), css).len()))
            .filter(|(_, n)| *n > 0)
            .collect()
    };
    // The post itself lists all eight (its English translation keeps its own tags).
    let posts = tag_counts(".article-foot .tags li");
    let post = posts
        .iter()
        .find(|(p, _)| p.to_string_lossy().contains("le-phat-dong"));
    assert_eq!(post.map(|(_, n)| *n), Some(8), "{posts:?}");
    let tag_page = pages
        .iter()
        .find(|p| p.to_string_lossy().contains("/chu-de-1/"))
        .expect("a page for the tag `chủ đề 1`");
    let doc = parse(tag_page);
    assert_eq!(select(&doc, ".news-card").len(), 1);
    assert_eq!(select(&doc, ".news-card .tags li").len(), 5);
}

#[test]
fn an_oversized_post_is_refused_from_its_size() {
    let err = fails_cleanly(|s| {
        let path = s.join(NEWS);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&"Một dòng tin rất dài. ".repeat(120_000));
        std::fs::write(path, text).unwrap();
    });
    assert!(err.contains(NEWS), "{err}");
    assert!(err.contains("over the limit of 2048 KiB"), "{err}");

    // The limit is the site's to set.
    let err = fails_cleanly(|s| {
        let config = s.join("site.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("limits:\n  post_kb: 1\n");
        std::fs::write(config, text).unwrap();
        let path = s.join(NEWS);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&"x ".repeat(1000));
        std::fs::write(path, text).unwrap();
    });
    assert!(err.contains("over the limit of 1 KiB"), "{err}");
}

#[test]
fn an_oversized_photo_is_refused_without_reading_it() {
    // A 3 GB sparse file named .jpg was read whole (3.1 GB of memory) before being rejected.
    let bundle = Path::new(NEWS).parent().unwrap();
    let photo = bundle.join("huge.jpg");
    let err = fails_cleanly(|s| {
        let f = std::fs::File::create(s.join(&photo)).unwrap();
        f.set_len(3 << 30).unwrap();
    });
    assert!(err.contains(&*photo.to_string_lossy()), "{err}");
    assert!(err.contains("3072 MiB, over the limit of 100 MiB"), "{err}");
}

#[test]
fn too_many_photos_in_one_bundle_are_refused() {
    let bundle = Path::new(NEWS).parent().unwrap();
    let err = fails_cleanly(|s| {
        let config = s.join("site.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("limits: { photos: 2 }\n");
        std::fs::write(config, text).unwrap();
        for i in 0..3 {
            std::fs::write(s.join(bundle).join(format!("anh-{i}.jpg")), b"x").unwrap();
        }
    });
    assert!(err.contains(&*bundle.to_string_lossy()), "{err}");
    assert!(err.contains("3 photos, over the limit of 2"), "{err}");
}

#[test]
fn unknown_limits_are_named() {
    let err = fails_cleanly(|s| {
        let config = s.join("site.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("limits:\n  photo_kb: 2\n");
        std::fs::write(config, text).unwrap();
    });
    assert!(err.contains("site.yaml"), "{err}");
    assert!(err.contains("photo_kb"), "{err}");
}

#[test]
fn symbolic_links_in_content_are_named_in_a_warning() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let outside = dir.path().join("secret.md");
    std::fs::write(&outside, "---\ntitle: x\n---\n").unwrap();
    std::os::unix::fs::symlink(&outside, site.join("content/pages/link.md")).unwrap();
    let report = build(&site, &dir.path().join("out"), None);
    assert_warned(&report, "content/pages/link.md: a symbolic link");
}

#[test]
fn url_parts_too_long_for_a_folder_name_are_named_before_anything_is_written() {
    // `path:` with "1. " pasted 45 000 times failed with "File name too long" while the output
    // was staged, quoting the 130 KB path 13 times (found by examples/fuzz.rs).
    let long = "chu-de ".repeat(40);
    let cases = [
        (
            "content/news/_index.md",
            "path: tin-tuc",
            format!("path: {long}"),
            3,
        ),
        (
            NEWS,
            "tags: [phát động]",
            format!("tags: [{long}]"),
            TAGS_LINE,
        ),
        (
            NEWS,
            "tags: [phát động]",
            format!("tags: [phát động]\nslug: {long}"),
            8,
        ),
    ];
    for (file, from, to, line) in cases {
        let err = fails_cleanly(|s| edit(s, file, from, &to));
        assert!(err.contains(&format!("{file}:{line}")), "{file}: {err}");
        assert!(err.len() < 2000, "{err}");
    }
}

#[test]
fn a_slogan_too_long_for_a_banner_is_refused_before_it_is_laid_out() {
    // "1. " pasted 27 708 times into a slogan's text kept the line breaker busy for over a
    // minute (found by examples/fuzz.rs).
    let file = "content/slogans/hoc-tap-suot-doi.md";
    let err = fails_cleanly(|s| {
        let path = s.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("text: ").unwrap() + "text: ".len();
        let mut long = text.clone();
        long.insert_str(at, &"1. ".repeat(27_708));
        std::fs::write(path, long).unwrap();
    });
    assert!(err.contains(&format!("{file}:2")), "{err}");
    assert!(err.contains("over the 4000 loa lays out"), "{err}");
}

#[test]
fn a_post_with_too_many_elements_is_refused_at_the_row_that_passes_the_limit() {
    // 1 MB of table rows or links took the sanitiser over 2 s and 300 MB (issue #16).
    let rows = "|x|y|\n".repeat(40);
    let err = fails_cleanly(|s| {
        let config = s.join("site.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("limits: { elements: 50 }\n");
        std::fs::write(config, text).unwrap();
        set_starter_body(s, &format!("|a|b|\n|-|-|\n{rows}"));
    });
    // Table, head and its two cells are 4; each row 3 more: row 16's first cell is the 51st.
    let site = starter_site();
    let text = std::fs::read_to_string(site.path().join("site").join(NEWS)).unwrap();
    let body_line = text.rsplit_once("\n---\n").unwrap().0.lines().count() + 2;
    let line = body_line + 2 + 15;
    assert!(err.contains(&format!("{NEWS}:{line}:")), "{err}");
    assert!(err.contains("more than 50 HTML elements"), "{err}");
    assert!(err.contains("`limits: elements:` allows 50"), "{err}");
}
