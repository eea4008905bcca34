//! The write floor for benchmarks: what it costs this machine just to create N folders with one
//! 6 KB `index.html` each, and nothing else. A site build that writes N pages cannot beat it, so
//! build times are reported as a ratio to it, measured in the same run.
//!
//! ```sh
//! cargo run --release --example write_floor -- 22000 /tmp/floor
//! ```

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: write_floor N OUT (OUT must not exist)");
        std::process::exit(2);
    };
    let out = std::path::PathBuf::from(out);
    // Not emptied here: on ext4 without a journal, files created in the minutes after a large
    // deletion are several times slower (scripts/bench.sh), and the floor would measure that.
    if out.exists() {
        eprintln!(
            "write_floor: {} exists; give a folder that does not",
            out.display()
        );
        std::process::exit(2);
    }
    let page = "<p>Học tập suốt đời là chìa khóa của sự thành công.</p>\n".repeat(6 * 1024 / 60);
    let t = Instant::now();
    for i in 0..n {
        let dir = out.join(format!("tin-tuc/tin-{i}"));
        std::fs::create_dir_all(&dir).expect("create folder");
        std::fs::write(dir.join("index.html"), &page).expect("write page");
    }
    println!("{:.3}", t.elapsed().as_secs_f64());
}
