//! Photo pipeline benchmark: N phone-sized photos (4000 × 3000 JPEG) through the pipeline the
//! build uses (capped original + 480/960/1600 variants), first with an empty cache, then cached.
//!
//! Run: `cargo bench --bench photos -- 40` (default 24 photos), or `-- DIR` to run the photos in a
//! folder instead (e.g. the demo albums, for realistic WebP savings). Add `--no-webp` to leave out
//! the WebP twins. Reports photos per second, the bytes of JPEG and WebP outputs, and the
//! process's peak memory; compare figures from one machine only.

use std::time::Instant;

/// `println!`, but a closed stdout (`… | head -1`) ends the run quietly instead of panicking.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

use image::{Rgb, RgbImage};
use loa::{Op, Processor};
use rayon::prelude::*;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let webp = !args.iter().any(|a| a == "--no-webp");
    let folder = args
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_dir());
    let dir = tempfile::tempdir().expect("temp dir");
    let photos: Vec<_> = match &folder {
        Some(folder) => walkdir::WalkDir::new(folder)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| loa::is_image(p))
            .collect(),
        None => {
            let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(24);
            (0..n)
                .into_par_iter()
                .map(|i| {
                    // Noise-like content so JPEG sizes resemble real photos (3–6 MB), not flat
                    // colour.
                    let img = RgbImage::from_fn(4000, 3000, |x, y| {
                        let v =
                            (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503) ^ i as u32) % 256;
                        Rgb([v as u8, (x / 16) as u8, (y / 12) as u8])
                    });
                    let path = dir.path().join(format!("anh-{i}.jpg"));
                    img.save(&path).expect("write photo");
                    path
                })
                .collect()
        }
    };
    let n = photos.len();
    let bytes: u64 = photos
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    match &folder {
        Some(f) => say!(
            "{n} photos from {}, {:.1} MB in all",
            f.display(),
            bytes as f64 / 1e6
        ),
        None => say!(
            "{n} photos of 4000 × 3000, {:.1} MB in all",
            bytes as f64 / 1e6
        ),
    }

    let cache = dir.path().join("cache");
    for round in ["empty cache", "cached"] {
        let p = Processor::new(&cache, 82)
            .expect("cache")
            .with_webp(webp.then_some(78));
        let t = Instant::now();
        let sizes: Vec<(u64, u64)> = photos
            .par_iter()
            .map(|src| {
                let (full, variants) = p
                    .process_set(
                        src,
                        Op::Fit {
                            width: 2400,
                            height: 2400,
                        },
                        &[480, 960, 1600],
                    )
                    .expect("process");
                let len = |f: &std::path::Path| std::fs::metadata(f).map_or(0, |m| m.len());
                std::iter::once(full)
                    .chain(variants)
                    .filter(|o| o.webp.is_some())
                    .fold((0, 0), |(j, w), o| {
                        (j + len(&o.file), w + o.webp.as_deref().map_or(0, len))
                    })
            })
            .collect();
        let s = t.elapsed().as_secs_f64();
        say!(
            "{round:>12}: {s:6.2} s, {:6.1} photos/s, {} decoded, {} threads",
            n as f64 / s,
            p.decoded(),
            rayon::current_num_threads()
        );
        let (jpeg, webp): (u64, u64) = sizes.iter().fold((0, 0), |(a, b), (j, w)| (a + j, b + w));
        if round == "cached" && webp > 0 {
            say!(
                "JPEG sizes with a WebP twin: {:.2} MB as JPEG, {:.2} MB as WebP ({:.0} % smaller)",
                jpeg as f64 / 1e6,
                webp as f64 / 1e6,
                100.0 * (1.0 - webp as f64 / jpeg as f64)
            );
        }
    }
    say!("peak memory of the whole run: {:.0} MiB", peak_rss_mib());
}
