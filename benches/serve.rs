//! Save-to-rebuilt latency of `loa serve` (issue #6): starts the server on a generated bilingual
//! corpus, edits one news post at a time the way an editor saves it, and times from the save to
//! the rebuild's report, and to the new text being served.
//!
//!   cargo bench --bench serve                 # 10 000 posts, 15 edits
//!   cargo bench --bench serve -- 2000 30      # posts, edits
//!   cargo bench --bench serve -- /path/corpus # an existing site (e.g. scripts/bench.sh's)
//!
//! Figures are for the machine it runs on; the full build time is printed beside them.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let (site, edits) = match args.first() {
        Some(p) if Path::new(p).join("site.yaml").is_file() => (
            PathBuf::from(p),
            args.get(1).and_then(|n| n.parse().ok()).unwrap_or(15),
        ),
        first => {
            let posts = first.and_then(|n| n.parse().ok()).unwrap_or(10_000);
            let site = tmp.path().join("corpus");
            eprintln!("generating {posts} bilingual posts…");
            gen_corpus::generate(&gen_corpus::Args {
                posts,
                langs: vec!["vi".into(), "en".into()],
                en_share: 1.0,
                units: 200,
                photos: 0,
                out: site.clone(),
            });
            // loa does not trust mtimes of files written in the last seconds.
            std::thread::sleep(Duration::from_secs(4));
            (site, args.get(1).and_then(|n| n.parse().ok()).unwrap_or(15))
        }
    };
    let exe = env!("CARGO_BIN_EXE_loa");
    let mut child = Command::new(exe)
        .args(["serve", "--port", "0"])
        .current_dir(&site)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let mut addr = String::new();
    let mut full = String::new();
    while addr.is_empty() {
        let (_, line) = rx
            .recv_timeout(Duration::from_secs(600))
            .expect("serve started");
        if line.starts_with("built ") {
            full = line.clone();
        }
        if let Some(rest) = line.split("at http://").nth(1) {
            addr = rest.split('/').next().unwrap().to_string();
        }
    }
    eprintln!("{full}");

    let news = site.join("content/news");
    let mut posts: Vec<PathBuf> = std::fs::read_dir(&news)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("index.md"))
        .filter(|p| p.is_file())
        .collect();
    posts.sort();
    let step = (posts.len() / edits.max(1)).max(1);
    let (mut to_report, mut to_served) = (Vec::new(), Vec::new());
    for (i, post) in posts.iter().step_by(step).take(edits).enumerate() {
        let marker = format!("Câu sửa số {i} của bài đo.");
        let text = std::fs::read_to_string(post).unwrap();
        let edited = text.replacen("\n---\n", &format!("\n---\n\n{marker}\n"), 1);
        // Saved the way most editors save: a temporary file renamed over the post.
        let tmp_file = post.with_file_name(".index.md.tmp");
        std::fs::write(&tmp_file, &edited).unwrap();
        let saved = Instant::now();
        std::fs::rename(&tmp_file, post).unwrap();
        let (at, line) = loop {
            let (at, line) = rx
                .recv_timeout(Duration::from_secs(120))
                .expect("a rebuild");
            if line.starts_with("rebuilt")
                || line.starts_with("no output")
                || line.starts_with("error")
            {
                break (at, line);
            }
        };
        to_report.push(at - saved);
        let rel = post
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let path = format!("/tin-tuc/{rel}/");
        loop {
            if get(&addr, &path).contains(&marker) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        to_served.push(saved.elapsed());
        eprintln!("  {line}");
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        ms(&v[v.len() / 2])
    };
    println!(
        "{} edits: save → rebuild reported: median {:.0} ms (max {:.0}); save → new page served: median {:.0} ms",
        to_report.len(),
        median(&mut to_report.clone()),
        to_report.iter().map(ms).fold(0.0, f64::max),
        median(&mut to_served)
    );
    println!("full build for comparison: {full}");
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    String::from_utf8_lossy(&buf).into_owned()
}
