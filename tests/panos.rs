//! Panos read back as a print shop and a phone would: the PDF's page size and print boxes, crop
//! marks outside the trim, the photo embedded at full resolution, the QR code decoded from the
//! PDF's vector paths and from the preview, and preflight warnings for a blurry photo.

mod common;

use std::path::Path;

use common::pdf::{Pdf, assert_crop_marks, qr_modules};
use common::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.05
}

/// A fresh copy of the demo site made after the shared build, whose artwork and photos seed it
/// (see `demo_site_in`), so only what the test changes is processed again.
fn demo_site_cached() -> tempfile::TempDir {
    built_demo();
    demo_site()
}

/// Trim and bleed boxes at the artwork's size; the page (MediaBox) is larger on every side, for
/// the crop marks outside the bleed.
fn assert_boxes(pdf: &Pdf, trim: (f64, f64), bleed: f64) {
    let media = pdf.box_mm(b"MediaBox");
    let (w, h) = (trim.0 + 2.0 * bleed, trim.1 + 2.0 * bleed);
    let bleed_box = pdf.box_mm(b"BleedBox");
    assert!(
        close(bleed_box[2] - bleed_box[0], w) && close(bleed_box[3] - bleed_box[1], h),
        "bleed box {bleed_box:?} is not {w} × {h} mm"
    );
    assert!(close(media[0], 0.0) && close(media[1], 0.0), "{media:?}");
    assert!(
        media[2] > bleed_box[2] + 5.0 && media[3] > bleed_box[3] + 5.0,
        "page {media:?} leaves no room for marks outside {bleed_box:?}"
    );
    assert!(
        close(media[2] - bleed_box[2], bleed_box[0])
            && close(media[3] - bleed_box[3], bleed_box[1]),
        "the bleed box {bleed_box:?} is not centred on the page {media:?}"
    );
    let t = pdf.box_mm(b"TrimBox");
    assert!(
        close(t[0], bleed_box[0] + bleed)
            && close(t[1], bleed_box[1] + bleed)
            && close(t[2], bleed_box[0] + bleed + trim.0)
            && close(t[3], bleed_box[1] + bleed + trim.1),
        "trim box {t:?}"
    );
}

fn jpeg_size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap()
}

#[test]
fn pano_pdfs_are_print_ready() {
    let (site, out) = built_demo();
    // Billboard: 2400 × 1200 mm with the large-format bleed of 10 mm.
    let ngang = Pdf::load(&out.join("pano/2023-pano-ngang/pano.pdf"));
    assert_boxes(&ngang, (2400.0, 1200.0), 10.0);
    assert_crop_marks(&ngang);
    assert!(ngang.embedded_fonts() >= 2, "fonts are not embedded");
    // The photo at the pixel size of the processed original, not a web thumbnail.
    let source = site
        .path()
        .join("content/panos/2023-pano-ngang/hoa-bo-cong-anh.jpg");
    assert_eq!(ngang.images(), vec![jpeg_size(&source)]);
    assert_eq!(jpeg_size(&source), (3000, 1688));

    // A3 sheet: 3 mm bleed.
    let a3 = Pdf::load(&out.join("en/posters/2023-a3-poster/pano.pdf"));
    assert_boxes(&a3, (297.0, 420.0), 3.0);
    assert_crop_marks(&a3);
    assert_eq!(a3.images(), vec![(3000, 1688)]);
    let text = a3.text();
    assert!(text.contains("BUILDING SELF"), "{text}");
    assert!(text.contains("QUANG NAM DEPARTMENT OF EDUCATION"), "{text}");

    // The Vietnamese text is real text with its diacritics, for search and accessibility.
    let text = ngang.text();
    assert!(text.contains("XÂY DỰNG NĂNG LỰC TỰ HỌC"), "{text}");
    assert!(text.contains("Từ 02/10 đến 08/10/2023"), "{text}");
    assert!(text.contains("ỦY BAN NHÂN DÂN THÀNH PHỐ TAM KỲ"), "{text}");
}

/// A phone reads the QR code: from the PDF's own vector modules and from the PNG preview.
#[test]
fn qr_code_decodes_to_the_theme_page() {
    let (_, out) = built_demo();
    let base = "https://hoctapsuotdoi.quangnam.example.vn";
    for (pdf, png) in [
        (
            "pano/2023-pano-ngang/pano.pdf",
            "pano/2023-pano-ngang/pano.png",
        ),
        (
            "en/posters/2023-a3-poster/pano.pdf",
            "en/posters/2023-a3-poster/pano.png",
        ),
    ] {
        let modules = qr_modules(&Pdf::load(&out.join(pdf)));
        let n = modules.len();
        let scale = 8;
        let img = image::GrayImage::from_fn((n * scale) as u32, (n * scale) as u32, |x, y| {
            let dark = modules[y as usize / scale][x as usize / scale];
            image::Luma([if dark { 0 } else { 255 }])
        });
        let from_pdf = decode(img);

        let preview = image::open(out.join(png)).unwrap().to_luma8();
        let from_png = decode(preview);
        assert_eq!(from_pdf, from_png, "{pdf}: PDF and preview disagree");

        // The address is the 2023 theme page of the portal, in the pano's language.
        let path = from_pdf
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{pdf}: QR holds {from_pdf}"));
        let page = out.join(path.trim_start_matches('/')).join("index.html");
        let html = std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("{from_pdf}: no page"));
        assert!(html.contains("2023"), "{from_pdf}");
        let lang = if pdf.starts_with("en/") {
            "lang=\"en\""
        } else {
            "lang=\"vi\""
        };
        assert!(
            html.contains(lang),
            "{from_pdf} is not in the pano's language"
        );
    }
}

fn decode(img: image::GrayImage) -> String {
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "expected one QR code");
    grids[0].decode().expect("QR decodes").1
}

#[test]
fn preflight_flags_a_low_resolution_photo_with_its_dpi_a_missing_glyph_and_a_dense_qr() {
    let site = demo_site_cached();
    let dir = site.path().join("content/panos/a0-thu");
    std::fs::create_dir_all(&dir).unwrap();
    // 1365 px across the A0 portrait layout's photo frame (84 % of 841 mm).
    std::fs::copy(
        site.path()
            .join("content/galleries/kho-anh-dung-chung/03-co-ve.jpg"),
        dir.join("co-ve.jpg"),
    )
    .unwrap();
    std::fs::write(
        dir.join("index.md"),
        "---\ntitle: Pano A0\nsize: A0\ntheme: 2023\nphotos: [co-ve.jpg]\n---\n",
    )
    .unwrap();
    // A character the theme's font does not have, and a QR code too dense for an A4 sheet.
    std::fs::write(
        site.path().join("content/panos/a4-thu.md"),
        "---\ntitle: Pano A4\nsize: A4\nheadline: Học tập suốt đời 学\nqr: https://hoctapsuotdoi.quangnam.example.vn/tin-tuc/2023-10-02-tam-ky-phat-dong-tuan-le-2023/?utm_source=pano&utm_medium=print&utm_campaign=tuan-le-hoc-tap-suot-doi-2023\n---\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let report = build(site.path(), &out, None);
    let a4: Vec<&String> = report
        .warnings
        .iter()
        .filter(|w| w.contains("content/panos/a4-thu.md"))
        .collect();
    assert!(a4.iter().any(|w| w.contains("U+5B66")), "{a4:?}");
    assert!(
        a4.iter()
            .any(|w| w.contains("QR code") && w.contains("below the 0.80 mm")),
        "{a4:?}"
    );
    let expected = 1365.0 / (0.84 * 841.0 / 25.4);
    let warning = report
        .warnings
        .iter()
        .find(|w| w.contains("co-ve.jpg"))
        .unwrap_or_else(|| panic!("no warning about the photo: {:?}", report.warnings));
    assert!(
        warning.contains("content/panos/a0-thu/index.md"),
        "{warning}"
    );
    assert!(warning.contains(&format!("{expected:.0} dpi")), "{warning}");
    assert!(warning.contains("200 dpi"), "{warning}");
    // The demo's own panos pass.
    assert!(
        !report
            .warnings
            .iter()
            .any(|w| w.contains("2023-pano-ngang") || w.contains("2023-a3")),
        "{:?}",
        report.warnings
    );
    // Still drawn: a warning, not a refusal.
    assert!(out.join("pano/a0-thu/pano.pdf").is_file());

    // What `loa check` will call: the same findings, without drawing anything.
    let (model, theme) = loa::load(&loa::BuildArgs {
        root: site.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let studio = loa::Studio::new(&model, &theme).unwrap();
    let photos = loa::PrintPhotos::new(&model).unwrap();
    let found = studio.preflight(&model, &photos).unwrap();
    let low: Vec<_> = found
        .iter()
        .filter(|(file, _)| file.ends_with("content/panos/a0-thu/index.md"))
        .collect();
    assert!(
        matches!(
            low.as_slice(),
            [(_, loa::PanoIssue::LowResolution { photo, dpi, .. })]
                if photo == "co-ve.jpg" && (dpi - expected).abs() < 0.5
        ),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(f, _)| !f.to_string_lossy().contains("2023-"))
    );
}

#[test]
fn bad_pano_front_matter_names_the_file_and_line() {
    let site = demo_site();
    let dir = site.path().join("content/panos");
    let cases = [
        ("size: A7\n", "`size: A7` is not a size preset", 3),
        ("size: A3\nslogan: khong-co\n", "`slogan: khong-co`", 4),
        ("size: A3\ntheme: 1999\n", "no theme page for 1999", 4),
        ("size: A3\nqr: ftp://x\n", "neither a web address", 4),
        ("size: A3\nphotos: [thieu.jpg]\n", "not a folder", 4),
    ];
    for (fields, needle, line) in cases {
        std::fs::write(
            dir.join("hong.md"),
            format!("---\ntitle: Hỏng\n{fields}---\n"),
        )
        .unwrap();
        let err = loa::build(&loa::BuildArgs {
            root: site.path().to_path_buf(),
            output: Some(site.path().join("public")),
            ..Default::default()
        })
        .err()
        .unwrap_or_else(|| panic!("{fields}: the build passed"))
        .to_string();
        assert!(err.contains(needle), "{fields}: {err}");
        assert!(
            err.contains(&format!("content/panos/hong.md:{line}")),
            "{fields}: {err}"
        );
    }
}

#[test]
fn the_portal_lists_panos_with_previews_downloads_and_a_printable_a3_page() {
    let (_, out) = built_demo();
    for (list, pages) in [
        (
            "pano/index.html",
            ["pano/2023-a3/", "pano/2023-pano-ngang/"],
        ),
        (
            "en/posters/index.html",
            [
                "en/posters/2023-a3-poster/",
                "en/posters/2023-billboard-tam-ky/",
            ],
        ),
    ] {
        let doc = parse(&out.join(list));
        let previews: Vec<String> = select(&doc, ".pano-card img")
            .iter()
            .map(|i| i.value().attr("src").unwrap().to_string())
            .collect();
        assert_eq!(previews.len(), 2, "{list}");
        for (src, page) in previews.iter().zip(pages) {
            assert_eq!(src, &format!("/{page}pano.png"));
            let png = image::open(out.join(format!("{page}pano.png"))).unwrap();
            assert_eq!(png.width().max(png.height()), 1200);
            let page_doc = parse(&out.join(page).join("index.html"));
            let pdf = select(&page_doc, "a[href$='pano.pdf']");
            assert_eq!(pdf.len(), 1, "{page}: PDF download");
            assert!(out.join(format!("{page}pano.pdf")).is_file());
        }
    }
    // A-sizes print from the browser at their paper size; a billboard does not pretend to.
    // The paper size is in the page's own stylesheet (no <style> in pages, for a strict CSP).
    let a3 = std::fs::read_to_string(out.join("pano/2023-a3/index.html")).unwrap();
    assert!(!a3.contains("<style"), "no inline style");
    let a3_doc = parse(&out.join("pano/2023-a3/index.html"));
    let sheets = select(
        &a3_doc,
        "link[rel=stylesheet][href$='/pano/2023-a3/page.css']",
    );
    assert_eq!(sheets.len(), 1, "the A3 page links its own stylesheet");
    let a3_css = std::fs::read_to_string(out.join("pano/2023-a3/page.css")).unwrap();
    assert!(
        a3_css.contains("@page { size: 297.0mm 420.0mm; margin: 0; }"),
        "no @page for A3: {a3_css}"
    );
    assert!(a3.contains("class=\"pano-print\""));
    assert!(a3.contains("Khổ in: A3 · 297 × 420 mm"));
    let ngang = std::fs::read_to_string(out.join("pano/2023-pano-ngang/index.html")).unwrap();
    assert!(!ngang.contains("page.css"));
    assert!(!out.join("pano/2023-pano-ngang/page.css").exists());
    assert!(ngang.contains("2400 × 1200 mm"));
}

#[test]
fn unit_pages_link_the_kits_the_site_builds() {
    let (_, out) = built_demo();
    // site.yaml builds kits for two units.
    for lang_dir in ["don-vi", "en/units"] {
        let doc = parse(&out.join(lang_dir).join("phuong-an-my/index.html"));
        let links = select(&doc, ".kit-box a[href$='.zip']");
        assert_eq!(links.len(), 1, "{lang_dir}");
        assert_eq!(
            links[0].value().attr("href"),
            Some("/kits/2023/phuong-an-my.zip")
        );
        let other = parse(&out.join(lang_dir).join("phuong-hoa-thuan/index.html"));
        assert!(
            select(&other, ".kit-box").is_empty(),
            "{lang_dir}: no kit for this unit"
        );
    }
    let zip = std::fs::File::open(out.join("kits/2023/phuong-an-my.zip")).unwrap();
    let zip = zip::ZipArchive::new(zip).unwrap();
    assert!(
        zip.file_names()
            .any(|n| n.unwrap() == "phuong-an-my-2023/phuong-an-my_README.txt")
    );
}
