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

#[test]
fn a_current_year_without_slogans_is_reported_and_an_error_when_kits_are_built() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let yaml = site.join("site.yaml");
    let config = std::fs::read_to_string(&yaml).unwrap();
    // The starter's slogan is for 2023; the campaign moves on to 2024.
    let config = config.replace("campaign:\n", "campaign:\n  current_year: 2024\n");
    write(&yaml, &config);
    // The portal still builds (its home page says the slogans are not out yet): a warning.
    let (code, out) = check(&site, false);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: content/slogans: no slogans for 2024 in vi")
            && out.contains("add content/slogans/<name>.md with `years: [2024]` (and its .en.md)"),
        "{out}"
    );
    // Kits of 2024 would be built without slogans: an error, as `loa build` stops on it.
    write(&yaml, &format!("{config}\nartwork:\n  kits: true\n"));
    let (code, out) = check(&site, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error: content/slogans: no slogans for 2024 in vi")
            && out.contains("`artwork.kits` in site.yaml")
            && out.contains("add content/slogans/<name>.md with `years: [2024]` (and its .en.md)"),
        "{out}"
    );
    let (_, json) = check(&site, true);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["file"] == "content/slogans"
                && e["message"]
                    .as_str()
                    .unwrap()
                    .contains("no slogans for 2024")),
        "{json}"
    );
    // Once a 2024 slogan (and its translation) is written, the site checks clean.
    write(
        &site.join("content/slogans/2024.md"),
        "---\ntext: Học tập suốt đời cho mọi người\nyears: [2024]\n---\n",
    );
    write(
        &site.join("content/slogans/2024.en.md"),
        "---\ntext: Lifelong learning for all\n---\n",
    );
    let (code, out) = check(&site, false);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("no slogans"), "{out}");
}

#[test]
fn a_pano_of_the_year_with_another_years_slogan_is_reported() {
    let dir = demo_site();
    let pano = dir.path().join("content/panos/2023-pano-ngang/index.md");
    let text = std::fs::read_to_string(&pano).unwrap();
    write(
        &pano,
        &text.replace(
            "slogan: 2023-nhiet-liet-huong-ung",
            "slogan: 2022-chia-khoa-thanh-cong",
        ),
    );
    // The demo builds kits, whose panos would print the 2022 slogan: an error.
    let (code, out) = check(dir.path(), false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/panos/2023-pano-ngang/index.md:6: the pano is for 2023 but its slogan `2022-chia-khoa-thanh-cong` is for 2022"),
        "{out}"
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
