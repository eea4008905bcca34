//! Campaign kit benchmark: the demo site with its units registry grown to N units (default
//! 1000), and `loa kit` for every one of them: per unit, the 5 demo slogans in both print
//! formats (PDF) and both screen formats (PNG), and the two 2023 panos (PDF + PNG), zipped.
//!
//! Run: `cargo bench --bench kit -- 1000`. Reports wall time, PDFs, kits per second and bytes
//! written; the kits go to a temporary folder that is removed afterwards. Figures depend on the
//! machine; compare runs on one machine only.

use std::fmt::Write as _;
use std::time::Instant;

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
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

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).unwrap();
    for sub in ["content", "themes"] {
        copy_dir(&repo.join(sub), &site.join(sub));
    }
    // The demo's 14 units, then wards and schools up to N: names as long as real ones.
    let units_file = site.join("content/units.yaml");
    let mut units = std::fs::read_to_string(&units_file).unwrap();
    let existing = units.matches("\n- id:").count();
    for i in existing..n {
        let (kind, vi, en) = if i % 3 == 0 {
            (
                "school",
                format!("Trường Trung học cơ sở Nguyễn Văn Trỗi số {i}"),
                format!("Nguyen Van Troi Lower Secondary School No. {i}"),
            )
        } else {
            (
                "ward",
                format!("Phường Hòa Khánh Bắc {i}"),
                format!("Hoa Khanh Bac Ward {i}"),
            )
        };
        write!(
            units,
            "\n- id: don-vi-{i}\n  kind: {kind}\n  name:\n    vi: {vi}\n    en: {en}\n  parent: tp-tam-ky\n"
        )
        .unwrap();
    }
    std::fs::write(&units_file, units).unwrap();

    let out = dir.path().join("kits");
    let args = loa::BuildArgs {
        root: site.clone(),
        ..Default::default()
    };
    // One unit first, so the print photos are processed (and cached) before the timed run,
    // as they are after a site's first build.
    loa::kit(&args, &["phuong-an-my".into()], None, None, &out).expect("warm-up kit");

    let t = Instant::now();
    let report = loa::kit(&args, &[], None, None, &out).expect("kits");
    let secs = t.elapsed().as_secs_f64();
    let bytes: u64 = report
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "{} kits for {} ({} PDFs: {} slogan banners + {} panos) in {:.1} s on {} threads: {:.0} ms per kit, {:.1} PDFs/s; {:.2} GB of zips",
        report.kits,
        report.year,
        report.pdfs,
        report.pdfs - 2 * report.kits,
        2 * report.kits,
        secs,
        rayon::current_num_threads(),
        secs * 1000.0 / report.kits as f64,
        report.pdfs as f64 / secs,
        bytes as f64 / 1e9
    );
}
