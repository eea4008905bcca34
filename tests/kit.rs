//! A unit's campaign kit read back: every slogan in every print format and every pano of the
//! year, each PDF carrying the unit's name and nothing of another unit's, and a README that
//! lists the sizes.

mod common;

use std::collections::BTreeSet;
use std::io::Read;

use common::pdf::{Pdf, assert_crop_marks};
use common::*;

fn slogans_of(site: &std::path::Path, year: &str) -> BTreeSet<String> {
    std::fs::read_dir(site.join("content/slogans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.ends_with(".md") && !name.starts_with('_') && !name.ends_with(".en.md")
        })
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(&format!("years: [{year}]"))
        })
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect()
}

#[test]
fn a_units_kit_has_every_slogan_in_every_print_format_under_its_own_name() {
    let site = demo_site();
    let out = site.path().join("kits");
    let report = loa::kit::kit(
        &loa::BuildArgs {
            root: site.path().to_path_buf(),
            ..Default::default()
        },
        &["phuong-an-my".to_string()],
        None,
        None,
        &out,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.kits, 1);
    assert_eq!(report.year, 2023);
    let zip_path = out.join("phuong-an-my-2023.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();

    // No slogans are published for 2023 in the demo, so the kit carries the latest year's.
    let slogans = slogans_of(site.path(), "2022");
    assert_eq!(slogans.len(), 5);
    let mut expected: BTreeSet<String> = slogans
        .iter()
        .flat_map(|s| {
            ["bang-ron", "co-phuon"].map(|f| format!("phuong-an-my-2023/pdf/{s}-{f}.pdf"))
        })
        .collect();
    expected.insert("phuong-an-my-2023/pdf/2023-pano-ngang.pdf".into());
    expected.insert("phuong-an-my-2023/pdf/2023-a3.pdf".into());
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    let pdfs: BTreeSet<String> = names
        .iter()
        .filter(|n| n.ends_with(".pdf"))
        .cloned()
        .collect();
    assert_eq!(pdfs, expected);
    assert_eq!(report.pdfs, expected.len());
    // Pictures to share: the social and square cards of each slogan, and each pano.
    let pngs = names.iter().filter(|n| n.ends_with(".png")).count();
    assert_eq!(pngs, slogans.len() * 2 + 2);

    let units = std::fs::read_to_string(site.path().join("content/units.yaml")).unwrap();
    let others: Vec<String> = units
        .lines()
        .filter_map(|l| l.trim().strip_prefix("vi: "))
        .filter(|n| *n != "Phường An Mỹ")
        .map(squeeze)
        .collect();
    assert_eq!(others.len(), 13);
    let dir = tempfile::tempdir().unwrap();
    for name in &expected {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, &bytes).unwrap();
        // Lines of a box are separate runs of glyphs: compare without spaces.
        let pdf = Pdf::load(&path);
        // Banners for the print shop carry crop marks like panos.
        assert_crop_marks(&pdf);
        let text = squeeze(&pdf.text());
        assert!(
            text.contains(&squeeze("Ủy ban nhân dân phường An Mỹ")),
            "{name} does not carry the unit's name: {text}"
        );
        for other in &others {
            assert!(!text.contains(other.as_str()), "{name} mentions `{other}`");
        }
        // The kit's year on every banner, even for a slogan first published in 2022.
        if name.contains("bang-ron") {
            assert!(text.contains("năm2023"), "{name}: {text}");
        }
    }

    let mut readme = String::new();
    zip.by_name("phuong-an-my-2023/README.txt")
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    assert!(
        readme.contains("Đơn vị: Ủy ban nhân dân phường An Mỹ"),
        "{readme}"
    );
    assert!(
        readme.contains("khổ 5000 × 800 mm, tràn lề 20 mm"),
        "{readme}"
    );
    assert!(
        readme.contains("khổ A3 · 297 × 420 mm, tràn lề 3 mm"),
        "{readme}"
    );
}

#[test]
fn an_unknown_unit_is_refused_with_a_suggestion() {
    let site = demo_site();
    let err = loa::kit::kit(
        &loa::BuildArgs {
            root: site.path().to_path_buf(),
            ..Default::default()
        },
        &["phuong-an-mi".to_string()],
        None,
        None,
        &site.path().join("kits"),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(err.contains("no unit `phuong-an-mi`"), "{err}");
    assert!(err.contains("`phuong-an-my`"), "{err}");
}
