//! `loa check` finds each problem seeded into a site, names its file (and line), and exits
//! non-zero on errors; the demo site checks clean.

mod common;

use std::path::Path;

use common::*;

fn check(site: &Path, json: bool) -> (i32, String) {
    let mut args = vec!["check"];
    if json {
        args.extend(["--format", "json"]);
    }
    let out = loa(&args, site);
    let text = if json {
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    (out.status.code().unwrap_or(-1), text)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_demo_checks_clean() {
    let dir = demo_site();
    let (code, text) = check(dir.path(), false);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 errors"), "{text}");
}

#[test]
fn errors_a_build_stops_on_are_reported_with_file_and_line() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join("content/news/2023-10-02-le-phat-dong/index.md");
    let text = std::fs::read_to_string(&post).unwrap();
    write(&post, &text.replace("unit: thcs-mau", "unit: thcs-mua"));
    let (code, out) = check(&site, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("2023-10-02-le-phat-dong/index.md:5: unit `thcs-mua`")
            && out.contains("did you mean `thcs-mau`"),
        "unknown unit with file, line and suggestion:\n{out}"
    );
    let (code, json) = check(&site, true);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["line"] == 5
            && e["file"]
                .as_str()
                .unwrap()
                .ends_with("le-phat-dong/index.md")),
        "{json}"
    );

    // Like a compiler, the next stage's problems show once the first ones are fixed.
    write(&post, &text);
    write(
        &site.join("content/news/2023-10-03-lien-ket-hong.md"),
        "---\ntitle: Liên kết hỏng\ndate: 2023-10-03\nunit: thcs-mau\n---\n\nĐoạn một.\n\nXem [bài](@/news/khong-co.md).\n",
    );
    write(
        &site.join("content/news/2023-10-04-trung.md"),
        "---\ntitle: Trùng địa chỉ\ndate: 2023-10-04\nunit: thcs-mau\nslug: 2023-10-02-le-phat-dong\n---\n\nNội dung.\n",
    );
    let (code, out) = check(&site, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("2023-10-04-trung.md") && out.contains("2023-10-02-le-phat-dong"),
        "duplicate URL:\n{out}"
    );
    std::fs::remove_file(site.join("content/news/2023-10-04-trung.md")).unwrap();
    let (code, out) = check(&site, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("2023-10-03-lien-ket-hong.md:9") && out.contains("@/news/khong-co.md"),
        "broken link with file and line:\n{out}"
    );
}

#[test]
fn problems_readers_would_see_are_warnings_and_long_slogans_errors() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let bundle = site.join("content/news/2023-10-02-le-phat-dong");
    // A photo without a caption, and one far too large.
    let jpeg = first_jpeg(&repo().join("content"));
    std::fs::write(bundle.join("anh-1.jpg"), &jpeg).unwrap();
    let big = std::fs::File::create(bundle.join("anh-lon.jpg")).unwrap();
    std::io::Write::write_all(&mut &big, &jpeg).unwrap();
    big.set_len(13 * 1024 * 1024).unwrap();
    let post = bundle.join("index.md");
    let text = std::fs::read_to_string(&post).unwrap();
    write(
        &post,
        &text.replace(
            "Viết nội dung tin ở đây.",
            "Viết nội dung tin ở đây.\n\nXem [chủ đề](@/themes/2023.md#khong-co-muc-nay).\n\n![Ảnh không có](khong-co.jpg)\n\n![](anh-1.jpg)\n",
        ),
    );
    // A post with no English version.
    write(
        &site.join("content/news/2023-10-05-chi-tieng-viet.md"),
        "---\ntitle: Chỉ có tiếng Việt\ndate: 2023-10-05\nunit: thcs-mau\n---\n\nNội dung.\n",
    );
    // A slogan far too long for a street banner.
    write(
        &site.join("content/slogans/qua-dai.md"),
        &format!(
            "---\ntext: {}\nyears: [2023]\norder: 9\n---\n",
            "Học tập suốt đời vì một xã hội học tập ".repeat(40)
        ),
    );
    let (code, text) = check(&site, false);
    assert_eq!(code, 1, "the long slogan is an error:\n{text}");
    for needle in [
        "qua-dai.md",
        "too long",
        "index.md:12: link `@/themes/2023.md#khong-co-muc-nay`",
        "picture `khong-co.jpg` does not exist",
        "picture `anh-1.jpg` has no alt text",
        "photo `anh-1.jpg` has no caption in vi",
        "anh-lon.jpg: photo is 13.0 MB",
        "news/2023-10-05-chi-tieng-viet",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }

    // Without the slogan: only warnings, so exit 0.
    std::fs::remove_file(site.join("content/slogans/qua-dai.md")).unwrap();
    let (code, json) = check(&site, true);
    assert_eq!(code, 0, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["errors"].as_array().unwrap().is_empty(), "{json}");
    assert!(v["warnings"].as_array().unwrap().len() >= 5, "{json}");
    let untranslated = v["untranslated"].as_array().unwrap();
    assert!(
        untranslated
            .iter()
            .any(|u| u["page"] == "news/2023-10-05-chi-tieng-viet" && u["missing"][0] == "en"),
        "{json}"
    );
}

/// Bytes of the first JPEG found under `dir`.
fn first_jpeg(dir: &Path) -> Vec<u8> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .map(|e| std::fs::read(e.path()).unwrap())
        .expect("a JPEG in the demo content")
}
