//! The write floor for benchmarks: what it costs this machine just to create N folders with one
//! 6 KB `index.html` each, and nothing else. A site build that writes N pages cannot beat it, so
//! build times are reported as a ratio to it, measured in the same run.
//!
//! ```sh
//! cargo run --release --example write_floor -- 22000 /tmp/floor
//! ```

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(22_000);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "floor".into()));
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove old floor folder");
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
