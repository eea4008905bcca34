//! A unit's campaign kit read back: every slogan of the kit's year (and no other year's) in
//! every print format and every pano of the year, each PDF carrying the unit's name and nothing
//! of another unit's, every file named with the unit's id, and a README that gives each file's
//! size, bleed, colour mode and finishing; a year without slogans is refused with what to add.

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

/// The texts of the slogans of `year` in the site's default language, squeezed.
fn slogan_texts(site: &std::path::Path, year: &str) -> Vec<String> {
    slogans_of(site, year)
        .iter()
        .map(|s| {
            let text =
                std::fs::read_to_string(site.join(format!("content/slogans/{s}.md"))).unwrap();
            let line = text.lines().find_map(|l| l.strip_prefix("text: ")).unwrap();
            squeeze(line.trim_matches('"'))
        })
        .collect()
}

fn args(site: &std::path::Path) -> loa::BuildArgs {
    loa::BuildArgs {
        root: site.to_path_buf(),
        ..Default::default()
    }
}

/// Makes the kits of `units` for the site's current year; returns the zip of each.
fn kits(site: &std::path::Path, units: &[&str]) -> Vec<zip::ZipArchive<std::fs::File>> {
    let out = site.join("kits");
    let wanted: Vec<String> = units.iter().map(|u| u.to_string()).collect();
    loa::kit(&args(site), &wanted, None, None, &out).unwrap_or_else(|e| panic!("{e}"));
    units
        .iter()
        .map(|u| {
            let f = std::fs::File::open(out.join(format!("{u}-2023.zip"))).unwrap();
            zip::ZipArchive::new(f).unwrap()
        })
        .collect()
}

fn read(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

/// The text of a PDF in a zip, squeezed.
fn pdf_text(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, read(zip, name)).unwrap();
    squeeze(&Pdf::load(&path).text())
}

#[test]
fn a_units_kit_has_every_slogan_in_every_print_format_under_its_own_name() {
    let site = demo_site();
    let out = site.path().join("kits");
    let report = loa::kit(
        &args(site.path()),
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

    // The kit of 2023 carries the 2023 slogans, and only those.
    let slogans = slogans_of(site.path(), "2023");
    assert_eq!(slogans.len(), 5);
    let mut expected: BTreeSet<String> = slogans
        .iter()
        .flat_map(|s| {
            ["bang-ron", "co-phuon"]
                .map(|f| format!("phuong-an-my-2023/pdf/phuong-an-my_{f}_{s}.pdf"))
        })
        .collect();
    expected.insert("phuong-an-my-2023/pdf/phuong-an-my_pano_2023-pano-ngang.pdf".into());
    expected.insert("phuong-an-my-2023/pdf/phuong-an-my_pano_2023-a3.pdf".into());
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
    let this_year = slogan_texts(site.path(), "2023");
    let earlier: Vec<String> = ["2021", "2022"]
        .iter()
        .flat_map(|y| slogan_texts(site.path(), y))
        .collect();
    assert_eq!(earlier.len(), 8);
    for name in &expected {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, read(&mut zip, name)).unwrap();
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
        // Every banner: the kit's year in its header over a slogan of that year, no other's.
        if !name.contains("_pano_") {
            assert!(
                this_year.iter().any(|t| text.contains(t.as_str())),
                "{name} carries no 2023 slogan: {text}"
            );
        }
        for old in &earlier {
            assert!(!text.contains(old.as_str()), "{name} carries `{old}`");
        }
        assert!(!text.contains("đạidịch"), "{name}: {text}");
        if name.contains("bang-ron") {
            assert!(text.contains("năm2023"), "{name}: {text}");
            assert!(!text.contains("năm2022"), "{name}: {text}");
        }
    }

    let readme =
        String::from_utf8(read(&mut zip, "phuong-an-my-2023/phuong-an-my_README.txt")).unwrap();
    assert!(
        readme.contains("Đơn vị: Ủy ban nhân dân phường An Mỹ"),
        "{readme}"
    );
    // Every file has its line: size, bleed and colour mode for print, finishing by kind.
    for name in names.iter().filter(|n| !n.ends_with("README.txt")) {
        let rel = name.strip_prefix("phuong-an-my-2023/").unwrap();
        let line = readme
            .lines()
            .find(|l| l.starts_with(&format!("- {rel}: ")))
            .unwrap_or_else(|| panic!("no README line for {rel}:\n{readme}"));
        // Print PDFs are CMYK (the default colour mode); pictures for screens are RGB.
        if rel.starts_with("pdf/") {
            assert!(line.contains("tràn lề"), "{line}");
            assert!(line.contains("hệ màu CMYK"), "{line}");
            let pdf = read(&mut zip, name);
            assert!(
                pdf.windows(9).any(|w| w == b"/GTS_PDFX"),
                "{rel} has no PDF/X output intent"
            );
        } else {
            assert!(line.contains("hệ màu RGB"), "{line}");
        }
        if rel.contains("_bang-ron_") {
            assert!(
                line.contains("khổ 5000 × 800 mm, tràn lề 20 mm") && line.contains("khoen"),
                "{line}"
            );
        }
        if rel.contains("_co-phuon_") && rel.ends_with(".pdf") {
            assert!(
                line.contains("khổ 800 × 2500 mm") && line.contains("ống luồn cán"),
                "{line}"
            );
        }
        if rel == "pdf/phuong-an-my_pano_2023-pano-ngang.pdf" {
            assert!(
                line.contains("tràn lề 10 mm") && line.contains("khung"),
                "{line}"
            );
        }
        if rel == "pdf/phuong-an-my_pano_2023-a3.pdf" {
            assert!(
                line.contains("khổ A3 · 297 × 420 mm, tràn lề 3 mm") && line.contains("dấu cắt"),
                "{line}"
            );
        }
    }
    // The PDFs are CMYK, and the README tells the print shop they print as they are.
    assert!(readme.contains("đã ở hệ màu CMYK"), "{readme}");
}

#[test]
fn every_file_of_a_kit_carries_the_units_id_so_kits_never_collide() {
    let site = demo_site();
    let units = ["phuong-an-my", "xa-tam-thang"];
    let mut all = BTreeSet::new();
    let mut count = 0;
    for (unit, zip) in units.iter().zip(kits(site.path(), &units)) {
        for name in zip.file_names() {
            let name = name.unwrap();
            let file = name.rsplit('/').next().unwrap();
            assert!(
                file.starts_with(&format!("{unit}_")),
                "{name} does not start with the unit's id"
            );
            all.insert(file.to_string());
            count += 1;
        }
    }
    // Unpacked into one folder at the print shop, no file of one kit replaces another's.
    assert_eq!(all.len(), count);
}

#[test]
fn a_year_without_slogans_is_refused_saying_what_to_add() {
    let site = demo_site();
    // 2020 has its theme page in the demo but no slogans.
    let err = loa::kit(
        &args(site.path()),
        &["phuong-an-my".to_string()],
        Some(2020),
        None,
        &site.path().join("kits"),
    )
    .err()
    .expect("a 2020 kit without 2020 slogans")
    .to_string();
    assert!(err.contains("no slogans for 2020 in vi"), "{err}");
    assert!(
        err.contains("add content/slogans/<name>.md with `years: [2020]` (and its .en.md)"),
        "{err}"
    );
    assert!(!site.path().join("kits/phuong-an-my-2020.zip").exists());

    // Slogans in Vietnamese only: the English kit says to translate them.
    for f in std::fs::read_dir(site.path().join("content/slogans")).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("2023-") && name.ends_with(".en.md") {
            std::fs::remove_file(&p).unwrap();
        }
    }
    let err = loa::kit(
        &args(site.path()),
        &["phuong-an-my".to_string()],
        None,
        Some("en"),
        &site.path().join("kits"),
    )
    .err()
    .expect("an English kit without English slogans")
    .to_string();
    assert!(err.contains("no slogans for 2023 in en"), "{err}");
    assert!(err.contains("content/slogans/<name>.en.md"), "{err}");
}

#[test]
fn a_pano_with_another_years_slogan_is_refused_in_a_kit() {
    let site = demo_site();
    let pano = site.path().join("content/panos/2023-a3/index.md");
    let text = std::fs::read_to_string(&pano).unwrap();
    std::fs::write(
        &pano,
        text.replace(
            "slogan: 2023-tu-hoc-vung-buoc",
            "slogan: 2022-chia-khoa-thanh-cong",
        ),
    )
    .unwrap();
    let err = loa::kit(
        &args(site.path()),
        &["phuong-an-my".to_string()],
        None,
        None,
        &site.path().join("kits"),
    )
    .err()
    .expect("a 2023 pano with a 2022 slogan")
    .to_string();
    assert!(
        err.contains("content/panos/2023-a3/index.md:6")
            && err.contains("its slogan `2022-chia-khoa-thanh-cong` is for 2022"),
        "{err}"
    );
}

#[test]
fn a_units_own_opening_is_on_its_billboard_and_no_one_elses_place_is() {
    let site = demo_site();
    let units = site.path().join("content/units.yaml");
    let text = std::fs::read_to_string(&units).unwrap();
    std::fs::write(
        &units,
        text.replace(
            "    en: An My Ward\n  parent: tp-tam-ky\n",
            "    en: An My Ward\n  parent: tp-tam-ky\n  opening: {date: 2023-10-03, time: 14 giờ 00, place: Nhà văn hóa khối phố 4}\n",
        ),
    )
    .unwrap();
    let mut zips = kits(site.path(), &["phuong-an-my", "xa-tam-thang"]);
    let an_my = pdf_text(
        &mut zips[0],
        "phuong-an-my-2023/pdf/phuong-an-my_pano_2023-pano-ngang.pdf",
    );
    for needle in [
        "Nhà văn hóa khối phố 4",
        "14 giờ 00",
        "03 tháng 10 năm 2023",
    ] {
        assert!(an_my.contains(&squeeze(needle)), "`{needle}` in {an_my}");
    }
    let tam_thang = pdf_text(
        &mut zips[1],
        "xa-tam-thang-2023/pdf/xa-tam-thang_pano_2023-pano-ngang.pdf",
    );
    // No place at all: not the sample pano's (Tam Kỳ's ceremony), not the province's, not An Mỹ's.
    assert!(
        tam_thang.contains(&squeeze("02 tháng 10 năm 2023")),
        "{tam_thang}"
    );
    for needle in [
        "Chu Văn An",
        "Các huyện, thị xã",
        "Nhà văn hóa khối phố 4",
        "7 giờ 30",
        "14 giờ 00",
    ] {
        assert!(
            !tam_thang.contains(&squeeze(needle)),
            "`{needle}` in {tam_thang}"
        );
    }
}

#[test]
fn a_units_opening_is_checked_with_its_line() {
    let site = demo_site();
    let units = site.path().join("content/units.yaml");
    let text = std::fs::read_to_string(&units).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("en: An My Ward"))
        .unwrap()
        + 3;
    for (bad, needle) in [
        ("  opening: {date: 2023-10-03, plac: Nhà văn hóa}\n", "plac"),
        (
            "  opening: {date: 2023-13-03, place: Nhà văn hóa}\n",
            "2023-13-03",
        ),
        ("  opening: {date: 2023-10-03}\n", "without a time or place"),
        ("  opening: {place: \"  \"}\n", "empty"),
    ] {
        std::fs::write(
            &units,
            text.replace(
                "    en: An My Ward\n  parent: tp-tam-ky\n",
                &format!("    en: An My Ward\n  parent: tp-tam-ky\n{bad}"),
            ),
        )
        .unwrap();
        let err = loa::kit(
            &args(site.path()),
            &["phuong-an-my".to_string()],
            None,
            None,
            &site.path().join("kits"),
        )
        .err()
        .unwrap_or_else(|| panic!("{bad} accepted"))
        .to_string();
        assert!(
            err.contains(&format!("content/units.yaml:{line}")) && err.contains(needle),
            "{bad}: {err}"
        );
    }
}

#[test]
fn an_unknown_unit_is_refused_with_a_suggestion() {
    let site = demo_site();
    let err = loa::kit(
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

#[test]
fn an_artwork_cannot_print_a_year_its_slogan_is_not_for() {
    let site = demo_site();
    let (model, theme) = loa::load(&args(site.path())).unwrap();
    let studio = loa::Studio::new(&model, &theme).unwrap();
    let mut job = studio
        .jobs(&model)
        .unwrap()
        .into_iter()
        .find(|j| model.pages[j.page].slug.as_str() == "2022-chia-khoa-thanh-cong")
        .unwrap();
    job.year = Some(2023);
    let err = studio
        .render(&model, &job)
        .err()
        .expect("a 2022 slogan under a 2023 header")
        .to_string();
    assert!(
        err.contains("content/slogans/2022-chia-khoa-thanh-cong.md")
            && err.contains("not a 2023 slogan"),
        "{err}"
    );
    job.year = Some(2022);
    assert!(studio.compose(&model, &job).is_ok());
}
