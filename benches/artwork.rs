//! Artwork benchmark: every demo slogan × every format × every language, timed one artwork at
//! a time (ms per artwork, by kind of output) and all together in parallel.
//!
//! Run: `cargo bench --bench artwork`. Figures depend on the machine; compare runs on one machine.

use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (site, theme) = loa::load(&loa::BuildArgs {
        root,
        ..Default::default()
    })
    .expect("demo site loads");
    let studio = loa::Studio::new(&site, &theme).expect("studio");
    let jobs = studio.jobs(&site).expect("jobs");
    let rounds = 3;

    let mut per_format: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for _ in 0..rounds {
        for job in &jobs {
            let t = Instant::now();
            let out = studio.render(&site, job).expect("render");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(!out.is_empty());
            per_format
                .entry(studio.formats()[job.format].name.clone())
                .or_default()
                .push(ms);
        }
    }
    println!(
        "{} artworks (slogans × formats × languages), {rounds} rounds, one thread:",
        jobs.len()
    );
    for (format, times) in &per_format {
        let mut t = times.clone();
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let median = t[t.len() / 2];
        let max = t[t.len() - 1];
        println!(
            "  {format:<10} median {median:6.1} ms   max {max:6.1} ms   (SVG + PNG{})",
            if studio
                .formats()
                .iter()
                .any(|f| &f.name == format && f.is_print())
            {
                " + PDF"
            } else {
                ""
            }
        );
    }
    let t = Instant::now();
    let outputs = studio
        .render_all(&site, &jobs, &Discard)
        .expect("render_all");
    let total = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "all {} artworks in parallel ({} threads): {total:.0} ms, {:.1} ms per artwork, {} files",
        jobs.len(),
        rayon::current_num_threads(),
        total / jobs.len() as f64,
        outputs
    );
}

/// Drawn files are measured, not kept.
struct Discard;

impl loa::Sink for Discard {
    fn put(&self, _rel: &str, _bytes: &[u8]) -> loa::Result<()> {
        Ok(())
    }
}
