//! Helpers shared by the integration tests: copy a real site into a temp dir, build it, and read
//! the output back.
#![allow(dead_code)]

pub mod pdf;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the repository's demo site (config, content, theme, static files) in a temp dir.
pub fn demo_site() -> tempfile::TempDir {
    demo_site_in(tempfile::tempdir().unwrap())
}

/// A temp folder for what a test binary keeps in a static (built once, read by many tests).
/// Statics are never dropped, so such folders outlived every run (21 GB of them once). Each
/// process keeps them below `loa-tests/<pid>` and removes those of processes that have ended.
pub fn kept_tempdir() -> tempfile::TempDir {
    let root = std::env::temp_dir().join("loa-tests");
    // Whether a process is alive is read from /proc; elsewhere nothing is removed.
    if Path::new("/proc/self").exists()
        && let Ok(entries) = std::fs::read_dir(&root)
    {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.parse::<u32>().is_ok() && !Path::new("/proc").join(&name).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let mine = root.join(std::process::id().to_string());
    std::fs::create_dir_all(&mine).unwrap();
    tempfile::tempdir_in(&mine).unwrap()
}

/// The demo site copied into `dir`, its `.loa-cache` seeded with the demo's shared artwork and
/// photos (see `shared_cache`).
pub fn demo_site_in(dir: tempfile::TempDir) -> tempfile::TempDir {
    let repo = repo();
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for sub in ["content", "themes", "static"] {
        if repo.join(sub).exists() {
            copy_dir(&repo.join(sub), &dir.path().join(sub));
        }
    }
    seed_cache(dir.path(), "demo-cache");
    dir
}

/// Seeds `site`'s `.loa-cache` from the shared `store` (see `shared_cache`), to which its
/// successful builds then add.
fn seed_cache(site: &Path, store: &'static str) {
    for cache in SHARED_CACHES {
        let shared = shared_cache(store).join(cache);
        if shared.exists() {
            copy_dir(&shared, &site.join(".loa-cache").join(cache));
        }
    }
    SEEDED.lock().unwrap().insert(site.to_path_buf(), store);
}

/// The caches of a site whose entries are named by a hash of everything that made them: the
/// drawn artwork, the processed photos and the photos prepared for print.
const SHARED_CACHES: [&str; 3] = ["artwork", "images", "print-photos"];

/// The sites this test binary seeded, and the store each shares with.
static SEEDED: std::sync::Mutex<BTreeMap<PathBuf, &'static str>> =
    std::sync::Mutex::new(BTreeMap::new());

/// Where the demo copies (`demo-cache`) and starter sites (`starter-cache`) of every test
/// binary, of this and later `cargo test` runs, share what their builds drew and processed. A
/// debug build of the demo with a cold cache takes over a minute, nearly all of it artwork and
/// photos, and nine test binaries build it; a cold starter build draws every slogan, poster and
/// share card, and 37 tests build one. The first build of a run draws, the rest reuse. A stale
/// entry is never used (its name is the hash of its inputs), only left over; the cold path
/// stays tested by the first build of a run, by tests/images.rs and tests/artwork.rs, and
/// tests/incremental.rs checks warm equals cold. A store grows by what each change to the sites
/// or the drawing code draws anew; `cargo clean` (or removing it under `target/tmp/`) starts it
/// over.
fn shared_cache(store: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(store)
}

/// Adds what a seeded site's build drew or processed to its shared store: each entry written
/// under a temporary name and renamed, so another test never reads half a file.
fn share_cache(site: &Path) {
    let Some(store) = SEEDED.lock().unwrap().get(site).copied() else {
        return;
    };
    for cache in SHARED_CACHES {
        let Ok(entries) = std::fs::read_dir(site.join(".loa-cache").join(cache)) else {
            continue;
        };
        let shared = shared_cache(store).join(cache);
        std::fs::create_dir_all(&shared).unwrap();
        for entry in entries.flatten() {
            let target = shared.join(entry.file_name());
            if target.exists() || !entry.file_type().unwrap().is_file() {
                continue;
            }
            let mut tmp = tempfile::NamedTempFile::new_in(&shared).unwrap();
            std::io::copy(&mut std::fs::File::open(entry.path()).unwrap(), &mut tmp).unwrap();
            tmp.persist(&target).unwrap();
        }
    }
}

/// The demo site, built once per test binary for the tests that only read it: (site, output).
pub fn built_demo() -> &'static (tempfile::TempDir, PathBuf) {
    static BUILT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let site = demo_site_in(kept_tempdir());
        let out = site.path().join("public");
        build(site.path(), &out, None);
        (site, out)
    })
}

/// A fresh site from `loa new` (the starter site of the built-in theme).
pub fn starter_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    loa::new_site(&site, None).unwrap();
    dir
}

pub fn build(root: &Path, out: &Path, base_url: Option<&str>) -> loa::BuildReport {
    let mut args = build_args(root, out);
    args.base_url = base_url.map(str::to_string);
    let report = loa::build(&args).unwrap_or_else(|e| panic!("build failed: {e}"));
    share_cache(root);
    report
}

/// `loa build` of `root` into `out`.
pub fn build_args(root: &Path, out: &Path) -> loa::BuildArgs {
    loa::BuildArgs {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: None,
        drafts: false,
        colour: None,
        strict: false,
    }
}

/// The starter site's news post, by its school, which is not `trusted`: its HTML is sanitised.
pub const STARTER_POST: &str = "content/news/2023-10-02-le-phat-dong/index.md";
/// Where `STARTER_POST` is published.
pub const STARTER_PAGE: &str = "tin-tuc/2023-10-02-le-phat-dong/index.html";

/// Replaces the body of the starter site's news post, keeping its front matter.
pub fn set_starter_body(site: &Path, body: &str) {
    let path = site.join(STARTER_POST);
    let text = std::fs::read_to_string(&path).unwrap();
    let (front, _) = text.rsplit_once("\n---\n").unwrap();
    std::fs::write(&path, format!("{front}\n---\n{body}")).unwrap();
}

/// Adds a field (`trusted: true`) to the starter site's school in units.yaml, at line 8.
pub fn set_starter_school(site: &Path, field: &str) {
    let units = site.join("content/units.yaml");
    let text = std::fs::read_to_string(&units).unwrap();
    let with = format!("  parent: phong-gddt\n  {field}");
    std::fs::write(&units, text.replace("  parent: phong-gddt", &with)).unwrap();
}

/// Marks the starter site's school `trusted: true`: its HTML is published as written.
pub fn trust_starter_school(site: &Path) {
    set_starter_school(site, "trusted: true");
}

/// A 16×12 PNG, e.g. a bundle photo for `{{ gallery() }}`.
pub fn write_png(path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), 16, 12);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&[90u8; 16 * 12 * 3]).unwrap();
}

pub fn loa(args: &[&str], cwd: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(args)
        .current_dir(cwd)
        .env("LOA_TODAY", "2023-10-04")
        .output()
        .unwrap();
    if out.status.success() {
        share_cache(cwd);
    }
    out
}

/// Every file under `dir` with its bytes, to prove an output folder was left untouched.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
}

pub fn parse(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

/// Maps a site URL (root-relative with the base path, or absolute on the site's origin) to the
/// output file it must be served from, or `None` for links that leave the site.
pub fn target_file(
    out: &Path,
    origin: &str,
    base_path: &str,
    page: &Path,
    link: &str,
) -> Option<PathBuf> {
    let link = link.split('#').next().unwrap().split('?').next().unwrap();
    if link.is_empty() {
        return Some(page.to_path_buf());
    }
    let site_path = if let Some(rest) = link.strip_prefix(origin) {
        rest.to_string()
    } else if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
        return None;
    } else if link.starts_with('/') {
        link.to_string()
    } else {
        // Relative link: resolve against the page's folder.
        let dir = page.parent().unwrap();
        let joined = dir.join(link);
        let rel = joined.strip_prefix(out).ok()?;
        format!("{base_path}/{}", rel.to_string_lossy())
    };
    let Some(inside) = site_path.strip_prefix(base_path) else {
        panic!(
            "{}: link {link} does not start with the base path {base_path}",
            page.display()
        );
    };
    let mut file = out.join(inside.trim_start_matches('/'));
    if inside.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    Some(file)
}

/// Asserts that the build warned with a message containing `needle`.
pub fn assert_warned(report: &loa::BuildReport, needle: &str) {
    assert!(
        report.warnings.iter().any(|w| w.contains(needle)),
        "no warning with `{needle}`: {:?}",
        report.warnings
    );
}

/// The starter site built with `loa build` into its `public/`: (temp dir, site folder, a
/// snapshot of the output). Its `.loa-cache` is seeded from the starter sites' shared store
/// (see `shared_cache`), so each of the many tests that build a starter draws and processes
/// only what it changed (a cold starter build draws every slogan, poster and share card, which
/// in a debug build takes seconds).
pub fn built_starter() -> (tempfile::TempDir, PathBuf, BTreeMap<PathBuf, Vec<u8>>) {
    let dir = starter_site();
    let site = dir.path().join("site");
    seed_cache(&site, "starter-cache");
    let ok = loa(&["build"], &site);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = snapshot(&site.join("public"));
    assert!(before.len() > 20);
    (dir, site, before)
}

/// Builds the starter site once (good), applies `break_it`, builds again and returns stderr of
/// the failed build after checking exit status, untouched output and no leftover staging dirs.
/// The second build is `--strict`: the starter's school is not trusted, so without it a broken
/// news post would be quarantined (tests/quarantine.rs) rather than fail the build.
pub fn fails_cleanly(break_it: impl FnOnce(&Path)) -> String {
    let (_dir, site, before) = built_starter();
    break_it(&site);
    let bad = loa(&["build", "--strict"], &site);
    let stderr = String::from_utf8_lossy(&bad.stderr).to_string();
    assert!(!bad.status.success(), "build should fail:\n{stderr}");
    assert_eq!(bad.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("hint:"), "no hint in:\n{stderr}");
    assert_eq!(
        before,
        snapshot(&site.join("public")),
        "output changed by a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".loa-tmp-") || n.contains(".loa-old-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    stderr
}

/// The starter site's one news post.
pub const NEWS: &str = "content/news/2023-10-02-le-phat-dong/index.md";

/// Adds `yaml` at the end of the site's site.yaml.
pub fn add_config(site: &Path, yaml: &str) {
    let path = site.join("site.yaml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, format!("{config}\n{yaml}")).unwrap();
}

/// Replaces the first `from` in a file of the site with `to`; the file must contain it.
pub fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}
