//! `loa new DIR && cd DIR && loa build` works with nothing else on disk: the theme and the
//! starter content come from the binary.

mod common;

use common::*;

#[test]
fn new_site_builds_with_no_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let new = loa(&["new", "x"], dir.path());
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let site = dir.path().join("x");
    assert!(site.join("site.yaml").is_file());
    assert!(
        !site.join("themes").exists(),
        "the theme should come from the binary"
    );

    let out = loa(&["build"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = site.join("public");
    for f in [
        "index.html",
        "en/index.html",
        "css/site.css",
        "fonts/BeVietnamPro_400Regular.subset.woff2",
        "fonts/OFL.txt",
        "sitemap.xml",
        "atom.xml",
        "404.html",
    ] {
        assert!(public.join(f).is_file(), "{f} missing");
    }
    // The TTFs are the artwork's: browsers get the WOFF2, and nothing links the TTF (#15).
    assert!(!public.join("fonts/BeVietnamPro_400Regular.ttf").exists());
    let home = parse(&public.join("index.html"));
    let h1: String = select(&home, "h1")[0].text().collect();
    assert!(h1.contains("Xây dựng năng lực tự học"), "{h1}");

    // An office that puts the new site under Git commits its content, not what the build made.
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&site)
            .output()
            .expect("git runs")
    };
    assert!(git(&["init", "-q"]).status.success());
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    let listed = String::from_utf8_lossy(&status.stdout);
    assert!(listed.contains("site.yaml"), "{listed}");
    for made in ["public/", ".loa-cache/"] {
        assert!(
            !listed.lines().any(|l| l[3..].starts_with(made)),
            "{made} should be ignored by the starter's .gitignore:\n{listed}"
        );
    }
    assert!(site.join(".loa-cache").is_dir(), "the build makes a cache");
}

#[test]
fn new_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = loa(&["new", "."], dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("site.yaml").exists());
}

#[test]
fn build_outside_a_site_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = loa(&["build"], dir.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("site.yaml") && err.contains("loa new"),
        "{err}"
    );
}

#[test]
fn every_verb_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for verb in [
        &["--help"][..],
        &["build", "--help"],
        &["new", "--help"],
        &["serve", "--help"],
    ] {
        let out = loa(verb, dir.path());
        assert!(out.status.success(), "{verb:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{verb:?}"
        );
    }
}
