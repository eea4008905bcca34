//! Content rules an editor relies on: drafts, translations inheriting front matter, decomposed
//! Unicode, a third language, page bundles, section paths.

mod common;

use std::path::Path;

use common::*;

fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = starter_site();
    let site = dir.path().join("site");
    (dir, site)
}

fn text_of(path: &Path, css: &str) -> String {
    let doc = parse(path);
    select(&doc, css)
        .first()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

#[test]
fn drafts_are_built_only_when_asked() {
    let (_d, site) = site();
    std::fs::write(
        site.join("content/pages/nhap.md"),
        "---\ntitle: Bản nháp\ndraft: true\n---\nChưa xong.\n",
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, None);
    assert!(!out.join("nhap/index.html").exists());
    let with = loa::build(&loa::BuildArgs {
        root: site.clone(),
        output: Some(out.clone()),
        drafts: true,
        ..Default::default()
    })
    .unwrap();
    assert!(with.pages > 0);
    assert!(out.join("nhap/index.html").is_file());
}

#[test]
fn translations_inherit_dates_and_units() {
    let (_d, site) = site();
    let out = site.join("public");
    build(&site, &out, None);
    // index.en.md sets only title, slug, summary and tags; date and unit come from index.md.
    let en = out.join("en/news/week-launched/index.html");
    let meta = text_of(&en, ".page-head .meta");
    assert!(meta.contains("2 October 2023"), "{meta}");
    assert!(meta.contains("Sample Lower Secondary School"), "{meta}");
    let h1 = text_of(&en, "h1");
    assert_eq!(h1.trim(), "Lifelong Learning Week launched");
}

#[test]
fn decomposed_unicode_renders_like_composed() {
    use unicode_normalization::UnicodeNormalization;
    let (_d, site) = site();
    let nfd: String = "---\ntitle: Học tập suốt đời\n---\nĐọc sách mỗi ngày.\n"
        .nfd()
        .collect();
    std::fs::write(site.join("content/pages/hoc-tap.md"), nfd).unwrap();
    let out = site.join("public");
    build(&site, &out, None);
    let html = std::fs::read_to_string(out.join("hoc-tap/index.html")).unwrap();
    assert!(html.contains("<h1>Học tập suốt đời</h1>"), "title not NFC");
    assert!(html.contains("Đọc sách mỗi ngày."), "body not NFC");
    let decomposed: String = "Học".nfd().collect();
    assert!(!html.contains(&decomposed));
}

#[test]
fn a_third_language_works_and_falls_back_to_default_strings() {
    let (_d, site) = site();
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let config = config.replace(
        "campaign:",
        "  - code: fr\n    name: Français\n    title: Semaine de l'apprentissage\n    menu:\n      - { name: Accueil, url: / }\ncampaign:",
    );
    std::fs::write(site.join("site.yaml"), config).unwrap();
    std::fs::write(
        site.join("content/pages/gioi-thieu.fr.md"),
        "---\ntitle: À propos\nslug: a-propos\n---\nVoir [le thème](@/themes/2023.md).\n",
    )
    .unwrap();
    let out = site.join("public");
    let report = build(&site, &out, None);
    assert_eq!(report.languages, 3);
    assert!(
        report.warnings.iter().any(|w| w.contains("fr")),
        "{:?}",
        report.warnings
    );
    let fr = out.join("fr/a-propos/index.html");
    let doc = parse(&fr);
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("fr"));
    // The French page links to the theme page in French, which falls back to the Vietnamese
    // version's URL because no French translation exists.
    let link = select(&doc, ".prose a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(link, "/chu-de/2023/");
    assert!(out.join("fr/index.html").is_file());
    // Switchers on the French page reach all three languages.
    let langs: Vec<String> = select(&doc, ".lang-switch li")
        .iter()
        .map(|l| l.text().collect::<String>())
        .collect();
    assert_eq!(langs, vec!["Tiếng Việt", "English", "Français"]);
}

#[test]
fn bundle_files_are_published_beside_each_language_version() {
    let (_d, site) = site();
    let bundle = site.join("content/news/2023-10-02-le-phat-dong");
    std::fs::write(
        bundle.join("anh.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, None);
    assert!(
        out.join("tin-tuc/2023-10-02-le-phat-dong/anh.svg")
            .is_file()
    );
    assert!(out.join("en/news/week-launched/anh.svg").is_file());
}

#[test]
fn stray_files_outside_bundles_are_reported() {
    let (_d, site) = site();
    std::fs::write(site.join("content/news/ghi-chu.txt"), "x").unwrap();
    let out = site.join("public");
    let report = build(&site, &out, None);
    assert_warned(&report, "content/news/ghi-chu.txt");
}
