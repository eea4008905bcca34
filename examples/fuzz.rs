//! A mutation fuzzer over a copy of the demo site, as a hostile or careless contributor would
//! be: each trial changes one file (content, units, config, a template, UI strings, a photo),
//! runs `loa build` on it, and puts the file back. A trial finds a problem when the build
//! panics, dies of a signal (a stack overflow aborts), runs past the time limit, or fails and
//! leaves the previous output changed (or a staging folder behind).
//!
//! ```sh
//! cargo build --release && cargo run --release --example fuzz -- --trials 5000 --seed 1
//! cargo run --release --example fuzz -- --minutes 10 [--seed N] [--keep DIR]
//! ```
//!
//! Trials are reproducible from the seed. Each finding is saved under `--keep` (default
//! `fuzz-findings/`) as the mutated file and the build's stderr, to become a regression test.
//! Builds run with `--strict` every fourth trial, so quarantine and strict mode both get tried.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A build slower than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Args {
    trials: Option<u64>,
    minutes: Option<f64>,
    seed: u64,
    keep: PathBuf,
}

fn parse_args() -> Args {
    let mut args = Args {
        trials: None,
        minutes: None,
        seed: 1,
        keep: PathBuf::from("fuzz-findings"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--trials" => args.trials = value().parse().ok(),
            "--minutes" => args.minutes = value().parse().ok(),
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| usage("--seed N")),
            "--keep" => args.keep = PathBuf::from(value()),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    if args.trials.is_none() && args.minutes.is_none() {
        args.trials = Some(500);
    }
    args
}

fn usage(problem: &str) -> ! {
    eprintln!("{problem}\nusage: fuzz [--trials N] [--minutes M] [--seed N] [--keep DIR]");
    std::process::exit(2)
}

/// splitmix64: small, seedable, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fragments contributors and attackers write: YAML, Markdown, HTML, shortcodes, Tera, and
/// text that is valid nowhere.
const TOKENS: &[&str] = &[
    "---\n",
    "\n---\n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "&a",
    "*a",
    "!!binary ",
    "<<: *a\n",
    "\t",
    "\u{feff}",
    "\r\n",
    "\0",
    "\u{202e}",
    "ạ",
    "Đ",
    "e\u{301}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "{{ gallery() }}",
    "{{ gallery(photos=[\"x.jpg\"]) }}",
    "{{ youtube(id=\"",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<!--loa-shortcode:0-->",
    "<div>",
    "</div>",
    "<pre>",
    "[x](@/khong-co.md)",
    "[x](@/news/)",
    "![a](../../../etc/passwd)",
    "![](anh.jpg)",
    "[^1]",
    "[^1]: note\n",
    "## Main\n",
    "## Kế hoạch {2023}\n",
    "{#main}",
    "```\n",
    "    ",
    "> ",
    "1. ",
    "* ",
    "|a|b|\n|-|-|\n",
    "\\",
    "&#x0;",
    "&amp;",
    "%00",
    "../",
    "/..",
    "..",
    "date: 2023-02-30\n",
    "date: 99999-01-01\n",
    "unit: khong-co\n",
    "unit: thcs-chu-van-an\n",
    "draft: true\n",
    "slug: ../../x\n",
    "slug: .\n",
    "path: .\n",
    "path: \"\"\n",
    "template: ../../x.html\n",
    "tags: [a, A, á]\n",
    "year: -1\n",
    "year: 2023\n",
    "size: {width: 0mm, height: 0mm}\n",
    "size: {width: 99999999mm, height: 1mm}\n",
    "trusted: true\n",
    "base_url: javascript:x\n",
    "languages: []\n",
    "paginate: 0\n",
    "feed_limit: 0\n",
    "999999999999999999999",
    "-0",
    "NaN",
    ".inf",
    "~",
    "null",
];

/// Ways of building a deep structure in few bytes.
const BOMBS: &[&str] = &[
    "[", "{a: ", "- ", "> ", "1. ", "<div>", "*", "[a](", "{{ x(a=[", "  ",
];

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    let at = |rng: &mut Rng, bytes: &Vec<u8>| rng.below(bytes.len() + 1);
    match rng.below(9) {
        0 => {
            let i = at(rng, bytes);
            let t = *rng.pick(TOKENS);
            bytes.splice(i..i, t.bytes());
            format!("insert {t:?} at {i}")
        }
        1 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            let bit = 1u8 << rng.below(8);
            bytes[i] ^= bit;
            format!("flip bit {bit:#x} at {i}")
        }
        2 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            let n = 1 + rng.below(64.min(bytes.len() - i));
            bytes.drain(i..i + n);
            format!("delete {n} at {i}")
        }
        3 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            let n = 1 + rng.below(32.min(bytes.len() - i));
            let times = 2 + rng.below(2000);
            let chunk: Vec<u8> = bytes[i..i + n].repeat(times);
            bytes.splice(i..i, chunk);
            format!("repeat {n} bytes at {i} ×{times}")
        }
        4 => {
            let i = at(rng, bytes);
            let b = *rng.pick(BOMBS);
            let times = 10 + rng.below(50_000);
            bytes.splice(i..i, b.repeat(times).bytes());
            format!("bomb {b:?} ×{times} at {i}")
        }
        5 => {
            let n = rng.below(bytes.len() + 1);
            bytes.truncate(n);
            format!("truncate at {n}")
        }
        6 => {
            let i = at(rng, bytes);
            let n = 1 + rng.below(256);
            let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            bytes.splice(i..i, noise);
            format!("insert {n} random bytes at {i}")
        }
        7 => {
            bytes.clear();
            "empty the file".into()
        }
        _ => {
            // Several tokens at once, for combinations one insert cannot reach.
            let mut what = Vec::new();
            for _ in 0..2 + rng.below(5) {
                let i = at(rng, bytes);
                let t = *rng.pick(TOKENS);
                bytes.splice(i..i, t.bytes());
                what.push(format!("{t:?}@{i}"));
            }
            format!("insert {}", what.join(" "))
        }
    }
}

/// Size, mtime and inode of every file of the output: a failed build that wrote, replaced or
/// removed anything changes one of them.
fn fingerprint(out: &Path) -> BTreeMap<PathBuf, (u64, i64, i64, u64)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(m) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if m.is_dir() {
                stack.push(path);
            } else {
                files.insert(path, (m.len(), m.mtime(), m.mtime_nsec(), m.ino()));
            }
        }
    }
    files
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file a contributor or a site's editor could get wrong.
fn targets(site: &Path) -> Vec<PathBuf> {
    let mut files = vec![site.join("site.yaml")];
    let mut stack = vec![
        site.join("content"),
        site.join("themes/default/templates"),
        site.join("themes/default/i18n"),
    ];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

enum Outcome {
    Built,
    Failed,
    Finding(String),
}

fn run(loa: &Path, site: &Path, strict: bool) -> (Outcome, String) {
    let mut cmd = Command::new(loa);
    cmd.arg("-r").arg(site).arg("build");
    if strict {
        cmd.arg("--strict");
    }
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("LOA_TODAY", "2023-10-04")
        .spawn()
        .expect("run loa");
    let stderr = child.stderr.take().unwrap();
    // Read all of stderr (a closed pipe would make loa's own messages fail) and keep the start.
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let mut all = Vec::new();
        let _ = std::io::BufReader::new(stderr).read_to_end(&mut all);
        all.truncate(1 << 20);
        String::from_utf8_lossy(&all).into_owned()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = reader.join().unwrap_or_default();
    let outcome = match status {
        None => Outcome::Finding(format!("hang: no result in {} s", TIMEOUT.as_secs())),
        Some(s) if s.signal().is_some() => {
            Outcome::Finding(format!("killed by signal {}", s.signal().unwrap()))
        }
        Some(_) if err.contains("panicked") => Outcome::Finding("panic".into()),
        Some(s) if s.success() => Outcome::Built,
        Some(s) if s.code() == Some(1) => Outcome::Failed,
        Some(s) => Outcome::Finding(format!("exit status {s}")),
    };
    (outcome, err)
}

fn main() {
    let args = parse_args();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loa = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("loa")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| usage("build loa first: cargo build --release"));
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    for part in ["content", "static", "themes"] {
        if repo.join(part).is_dir() {
            copy_dir(&repo.join(part), &site.join(part));
        }
    }
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).unwrap();
    let out = site.join("public");
    let (first, err) = run(&loa, &site, false);
    assert!(
        matches!(first, Outcome::Built),
        "the demo does not build:\n{err}"
    );
    let files = targets(&site);
    let mut rng = Rng(args.seed);
    let deadline = args
        .minutes
        .map(|m| Instant::now() + Duration::from_secs_f64(m * 60.0));
    let (mut built, mut failed, mut findings) = (0u64, 0u64, 0u64);
    let started = Instant::now();
    let mut trial = 0u64;
    loop {
        if args.trials.is_some_and(|n| trial >= n) || deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
        trial += 1;
        let file = rng.pick(&files).clone();
        let original = std::fs::read(&file).unwrap();
        let mut bytes = original.clone();
        let what = mutate(&mut rng, &mut bytes);
        std::fs::write(&file, &bytes).unwrap();
        let before = fingerprint(&out);
        let strict = trial.is_multiple_of(4);
        let (outcome, err) = run(&loa, &site, strict);
        let rel = file.strip_prefix(&site).unwrap().display().to_string();
        let mut problem = match outcome {
            Outcome::Built => {
                built += 1;
                None
            }
            Outcome::Failed => {
                failed += 1;
                (fingerprint(&out) != before)
                    .then(|| "a failed build changed the previous output".to_string())
            }
            Outcome::Finding(p) => Some(p),
        };
        let leftovers = std::fs::read_dir(&site)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".loa-tmp-"));
        if leftovers && problem.is_none() {
            problem = Some("a staging folder was left behind".into());
        }
        if let Some(problem) = problem {
            findings += 1;
            eprintln!("trial {trial}: {problem}: {rel}: {what}");
            let dir = args.keep.join(format!("{}-{trial}", args.seed));
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join("file"), &bytes);
            let _ = std::fs::write(
                dir.join("finding.txt"),
                format!("{problem}\nfile: {rel}\nmutation: {what}\nstrict: {strict}\n\n{err}"),
            );
        }
        std::fs::write(&file, &original).unwrap();
        if trial.is_multiple_of(100) {
            eprintln!(
                "{trial} trials in {:.0} s: {built} built, {failed} failed cleanly, {findings} findings",
                started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "seed {}: {trial} trials in {:.0} s: {built} built, {failed} failed cleanly, {findings} findings (panics, signals, hangs, changed output, leftovers)",
        args.seed,
        started.elapsed().as_secs_f64()
    );
    if findings > 0 {
        std::process::exit(1);
    }
}
