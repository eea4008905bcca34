//! What one hostile post can cost (issue #16, acceptance 2): every CommonMark pathological
//! pattern (cmark's and pulldown-cmark's `test/pathological_tests.py`) and the nesting patterns,
//! at about 1 MB, as the body of a news post by a unit that is not `trusted` (so its HTML is
//! sanitised), in the starter site with artwork off. Each pattern runs in a child process, which
//! reports the time to load the site (content, Markdown, sanitiser), the time of a whole
//! `loa build`, its peak resident memory, and whether the build ended in an error.
//!
//!   cargo bench --bench pathological                 # every pattern, 1 MB
//!   cargo bench --bench pathological -- 200000 emph  # 200 kB, patterns whose name has "emph"
//!
//! The target: each build ends (built, or a clear error) in ≤ 2 s with ≤ 300 MiB.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A pattern: name and body of about `size` bytes.
type Pattern = (&'static str, fn(usize) -> String);

/// `open` × n, `middle`, `close` × n, for about `size` bytes.
fn nested(open: &str, middle: &str, close: &str, size: usize) -> String {
    let n = size / (open.len() + close.len()).max(1);
    format!("{}{middle}{}", open.repeat(n), close.repeat(n))
}

fn times(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len())
}

const PATTERNS: &[Pattern] = &[
    // Ordinary prose, for comparison.
    ("baseline: paragraphs", |s| {
        times(
            "Học sinh trao đổi sách cũ tại sân trường, **rất vui**.\n\n",
            s,
        )
    }),
    // cmark's pathological_tests.py
    ("nested strong emph", |s| {
        nested("*a **a ", "b", " a** a*", s)
    }),
    ("many emph closers with no openers", |s| times("a_ ", s)),
    ("many emph openers with no closers", |s| times("_a ", s)),
    ("many 3-emph openers with no closers", |s| times("a***", s)),
    ("many link closers with no openers", |s| times("a]", s)),
    ("many link openers with no closers", |s| times("[a", s)),
    ("mismatched openers and closers", |s| times("*a_ ", s)),
    ("openers and closers multiple of 3", |s| {
        format!("a**b{}", times("c* ", s))
    }),
    ("link openers and emph closers", |s| times("[ a_", s)),
    ("pattern [ (]( repeated", |s| times("[ (](", s)),
    ("pattern ![[]() repeated", |s| times("![[]()", s)),
    ("hard link/emph case", |s| {
        format!("**x [a*b**c*](d){}", times("*a ", s))
    }),
    ("nested brackets", |s| nested("[", "a", "]", s)),
    ("nested block quotes", |s| nested("> ", "a", "", s)),
    ("deep emphasis", |s| nested("*", "a", "*", s)),
    ("backticks", |s| {
        let mut out = String::new();
        let mut i = 1;
        while out.len() < s {
            out.push('e');
            out.push_str(&"`".repeat(i));
            i += 1;
        }
        out
    }),
    ("unclosed links A", |s| times("[a](<b", s)),
    ("unclosed links B", |s| times("[a](b", s)),
    ("unclosed links C", |s| times("[a](", s)),
    ("unclosed <!--", |s| format!("</{}", times("<!--", s))),
    ("unclosed <?", |s| times("<?", s)),
    ("unclosed <!X", |s| times("<!A ", s)),
    ("unclosed <![CDATA[", |s| times("<![CDATA[", s)),
    ("runs of <", |s| times("<", s)),
    ("runs of a<", |s| times("a<", s)),
    ("runs of <a", |s| times("<a", s)),
    ("entity-like &", |s| times("&", s)),
    ("entity-like &#", |s| times("&#", s)),
    ("entity-like &#x", |s| times("&#x", s)),
    ("entity-like &a…", |s| format!("&{};", "a".repeat(s))),
    ("entity-like &#9…", |s| format!("&#{};", "9".repeat(s))),
    ("many references", |s| {
        format!("[a]: /b\n\n{}", times("[a] ", s))
    }),
    ("many definitions", |s| {
        let mut out = String::new();
        let mut i = 0;
        while out.len() < s {
            out.push_str(&format!("[l{i}]: /u{i}\n"));
            i += 1;
        }
        out
    }),
    ("table: many rows", |s| {
        format!("|a|b|\n|-|-|\n{}", times("|x|y|\n", s))
    }),
    ("table: wide header, narrow rows", |s| {
        let cols = s / 8;
        format!(
            "{}|\n{}|\n{}",
            "|a".repeat(cols),
            "|-".repeat(cols),
            times("|x\n", s / 2)
        )
    }),
    ("table: many tables", |s| times("|a|\n|-|\n\n", s)),
    ("footnote references", |s| {
        format!("[^a]: n\n\n{}", times("x[^a] ", s))
    }),
    ("footnote definitions", |s| {
        let mut out = String::new();
        let mut i = 0;
        while out.len() < s {
            out.push_str(&format!("x[^{i}]\n\n[^{i}]: n\n\n"));
            i += 1;
        }
        out
    }),
    ("same heading", |s| times("## Mục\n\n", s)),
    ("heading attributes", |s| {
        format!("## a {{{}}}\n", times(".c ", s))
    }),
    ("straight quotes", |s| times("\"a ", s)),
    ("autolinks <http://", |s| times("<http://", s)),
    ("backslashes", |s| times("\\", s)),
    ("hard breaks", |s| times("a  \n", s)),
    ("shortcodes", |s| times("{{ gallery() }}\n\n", s)),
    ("shortcode-like lines", |s| times("{{ gallery( }}\n\n", s)),
    // Nesting (issue #16): refused at `limits: nesting:`.
    ("nested lists -", |s| nested("- ", "x", "", s)),
    ("nested lists 1.", |s| nested("1. ", "x", "", s)),
    ("nested lists, one per line", |s| {
        let mut out = String::new();
        let mut i = 0;
        while out.len() < s {
            out.push_str(&format!("{}- x\n", "  ".repeat(i)));
            i += 1;
        }
        out
    }),
    ("nested quotes and lists", |s| nested("> - 1. ", "x", "", s)),
    ("raw <div>", |s| nested("<div>", "x", "", s)),
    ("raw <div> closed", |s| nested("<div>", "x", "</div>", s)),
    ("raw <div/>", |s| nested("<div/>", "x", "", s)),
    ("raw <b>", |s| nested("<b>", "x", "", s)),
    ("raw <a>", |s| nested("<a>", "x", "", s)),
    ("raw <table>", |s| nested("<table><tr><td>", "x", "", s)),
    ("raw <p> unclosed", |s| times("<p>x", s)),
    ("raw <li> unclosed", |s| {
        format!("<ul>{}", times("<li>x", s))
    }),
    ("raw <svg><g/>", |s| format!("<svg>{}", times("<g/>", s))),
    ("raw attributes", |s| {
        let mut out = String::from("<p");
        let mut i = 0;
        while out.len() < s {
            out.push_str(&format!(" a{i}"));
            i += 1;
        }
        out.push_str(">x</p>");
        out
    }),
    ("raw html in emphasis", |s| {
        nested("*<span>", "x", "</span>*", s)
    }),
    ("raw <b> left open per paragraph", |s| {
        times("Đoạn <b>đậm\n\n", s)
    }),
    ("raw <span> left open per paragraph", |s| {
        times("Đoạn <span>x\n\n", s)
    }),
    ("raw <i> per item, one quote", |s| times("> - <i>x\n", s)),
    ("raw <div> per paragraph", |s| times("x <div>\n\n", s)),
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().is_some_and(|a| a == "--one") {
        let size = args[1].parse().unwrap();
        let (name, make) = PATTERNS.iter().find(|(n, _)| *n == args[2]).unwrap();
        one(name, make(size));
        return;
    }
    let size: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let filter = args.iter().find(|a| a.parse::<usize>().is_err());
    let exe = std::env::current_exe().unwrap();
    println!(
        "{:<38} {:>9} {:>9} {:>9} {:>9}  result",
        "pattern", "bytes", "load s", "build s", "peak MiB"
    );
    for (name, _) in PATTERNS {
        if filter.is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let out = Command::new(&exe)
            .args(["--one", &size.to_string(), name])
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout);
        if out.status.success() {
            print!("{line}");
        } else {
            println!(
                "{name:<38} child failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Builds the starter site with `body` as its news post; prints one line.
fn one(name: &str, body: String) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    loa::new_site(&site, None).unwrap();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        format!("{yaml}\nartwork:\n  enabled: false\n"),
    )
    .unwrap();
    let bundle = site.join("content/news/2023-10-02-le-phat-dong");
    write_png(&bundle.join("anh.png"));
    let post = bundle.join("index.md");
    let text = std::fs::read_to_string(&post).unwrap();
    let (front, _) = text.rsplit_once("\n---\n").unwrap();
    let bytes = body.len();
    std::fs::write(&post, format!("{front}\n---\n{body}\n")).unwrap();
    drop(body);
    let args = loa::BuildArgs {
        root: site.clone(),
        output: Some(site.join("public")),
        base_url: None,
        drafts: false,
        colour: None,
        // A refused post is the result to time, not a quarantined one.
        strict: true,
    };
    let started = Instant::now();
    let loaded = loa::load(&args).map(drop);
    let load = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let built = loa::build(&args);
    let build = started.elapsed().as_secs_f64();
    let result = match (&loaded, &built) {
        (_, Ok(_)) => "built".to_string(),
        (_, Err(e)) => {
            let e = e.to_string();
            let first = e.lines().next().unwrap_or("");
            format!("error: {}", first.chars().take(90).collect::<String>())
        }
    };
    println!(
        "{name:<38} {bytes:>9} {load:>9.3} {build:>9.3} {:>9.0}  {result}",
        peak_mib()
    );
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<f64>()
                .ok()
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn write_png(path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), 16, 12);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&[90u8; 16 * 12 * 3]).unwrap();
}
