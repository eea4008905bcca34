//! The output folder across builds: a parallel build is deterministic, a no-change rebuild
//! rewrites nothing (mtimes and inodes stay, so rsync and CDN uploads see no change), and an edit
//! rewrites only what shows it.

mod common;
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

/// Every file under `dir` by relative path, with what `f` reads of it.
fn files<T>(dir: &Path, f: impl Fn(&walkdir::DirEntry) -> T) -> BTreeMap<String, T> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, f(&e))
        })
        .collect()
}

/// Inode and mtime (ns) of every file.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64)> {
    files(dir, |e| {
        let m = e.metadata().unwrap();
        (m.ino(), m.mtime() * 1_000_000_000 + m.mtime_nsec())
    })
}

fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir, |e| std::fs::read(e.path()).unwrap())
}

#[test]
fn parallel_builds_of_a_generated_corpus_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("corpus");
    gen_corpus::generate(&gen_corpus::Args {
        posts: 400,
        langs: vec!["vi".into(), "en".into()],
        en_share: 0.7,
        units: 40,
        photos: 0,
        out: site.clone(),
    });
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let first = build(&site, &a, None);
    assert!(first.pages > 600, "{} pages", first.pages);
    build(&site, &b, None);
    let (ta, tb) = (contents(&a), contents(&b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "the two builds wrote different files"
    );
    for (rel, bytes) in &ta {
        assert!(bytes == &tb[rel], "{rel} differs between two builds");
    }
}

/// Sets every file and folder under `dir` an hour back, as a site edited earlier in the day:
/// loa does not trust the mtimes of files written in the last seconds.
fn backdate(dir: &Path) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut entries: Vec<_> = walkdir::WalkDir::new(dir).into_iter().flatten().collect();
    // Files before their folders: setting a file's time does not change its folder's.
    entries.reverse();
    for e in entries {
        let f = std::fs::File::open(e.path()).unwrap();
        f.set_modified(then).unwrap();
    }
}

#[test]
fn a_no_change_rebuild_rewrites_nothing_and_an_edit_rewrites_little() {
    let dir = starter_site();
    let site = dir.path().join("site");
    backdate(&site);
    let out = site.join("public");
    let first = build(&site, &out, None);
    let before = stamps(&out);
    assert!(first.written > 20, "{first:?}");

    let second = build(&site, &out, None);
    assert!(
        second.skipped,
        "same inputs and intact output: nothing to build"
    );
    assert_eq!((second.written, second.removed), (0, 0), "{second:?}");
    assert_eq!(second.unchanged, before.len());
    assert_eq!(second.pages, first.pages);
    assert_eq!(stamps(&out), before, "a no-change rebuild touched files");

    // A content file saved again with the same bytes: the site is rendered again, but every
    // page comes out the same, so no file is written.
    let post = site.join("content/news/2023-10-02-le-phat-dong/index.md");
    let md = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, &md).unwrap();
    let resaved = build(&site, &out, None);
    assert!(!resaved.skipped);
    assert_eq!((resaved.written, resaved.removed), (0, 0), "{resaved:?}");
    assert_eq!(
        stamps(&out),
        before,
        "re-rendering identical pages touched files"
    );

    // An output file deleted by hand is noticed and written back.
    std::fs::remove_file(out.join("index.html")).unwrap();
    let repaired = build(&site, &out, None);
    assert!(!repaired.skipped);
    assert_eq!(repaired.written, 1, "{repaired:?}");
    assert!(out.join("index.html").is_file());
    let before = stamps(&out);

    // Edit one post's body: its page changes, and pages that do not show the body stay put.
    std::fs::write(
        &post,
        md.replace("Viết nội dung tin ở đây.", "Nội dung mới."),
    )
    .unwrap();
    let third = build(&site, &out, None);
    let after = stamps(&out);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(rel, s)| before.get(*rel) != Some(s))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        changed.contains(&&"tin-tuc/2023-10-02-le-phat-dong/index.html".to_string()),
        "{changed:?}"
    );
    assert_eq!(third.written, changed.len(), "{changed:?}");
    assert!(
        changed.len() * 4 < after.len(),
        "an edit rewrote {} of {} files: {changed:?}",
        changed.len(),
        after.len()
    );
    let page = std::fs::read_to_string(out.join("tin-tuc/2023-10-02-le-phat-dong/index.html"));
    assert!(page.unwrap().contains("Nội dung mới."));

    // Removing the post removes its pages, and folders left empty.
    std::fs::remove_dir_all(post.parent().unwrap()).unwrap();
    let fourth = build(&site, &out, None);
    assert!(fourth.removed >= 2, "{fourth:?}");
    assert!(!out.join("tin-tuc/2023-10-02-le-phat-dong").exists());
}

/// The build does not read the clock: the demo built on another day (a moved clock,
/// `LOA_TODAY`) is byte-identical, feeds and the home page's campaign status included (issue
/// #16: unit feeds without news once took the build day as `<updated>`).
#[test]
fn the_demo_builds_the_same_on_any_day() {
    let (site, out) = built_demo();
    let other_day = site.path().join("public-other-day");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["build", "-o"])
        .arg(&other_day)
        .current_dir(site.path())
        .env("LOA_TODAY", "2023-09-20")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (a, b) = (snapshot(out), snapshot(&other_day));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (file, bytes) in &a {
        assert!(bytes == &b[file], "{} differs", file.display());
    }
    // A unit without news still has a feed, dated by the site's newest content.
    let feeds = a.keys().filter(|f| f.ends_with("atom.xml")).count();
    assert!(feeds > 10, "{feeds} feeds");
}
