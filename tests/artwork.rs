//! Slogan artwork read back as a print shop and a phone would: PDF boxes at physical size,
//! embedded fonts, PNG sizes, identical output for NFC and NFD input, and clear refusals.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const PT_PER_MM: f64 = 72.0 / 25.4;

fn starter() -> (tempfile::TempDir, PathBuf) {
    let dir = starter_site();
    let site = dir.path().join("site");
    (dir, site)
}

fn set_formats(site: &Path, formats: &str) {
    add_config(site, &format!("artwork:\n  formats:\n{formats}"));
}

fn slogan(site: &Path, name: &str, text: &str) {
    std::fs::write(
        site.join(format!("content/slogans/{name}.md")),
        format!("---\ntext: \"{text}\"\nyears: [2023]\n---\n"),
    )
    .unwrap();
}

fn number(obj: &lopdf::Object) -> f64 {
    match obj {
        lopdf::Object::Integer(i) => *i as f64,
        lopdf::Object::Real(r) => *r as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn rect(dict: &lopdf::Dictionary, key: &[u8]) -> [f64; 4] {
    let arr = dict.get(key).unwrap().as_array().unwrap();
    [
        number(&arr[0]),
        number(&arr[1]),
        number(&arr[2]),
        number(&arr[3]),
    ]
}

struct PdfPage {
    media: [f64; 4],
    trim: [f64; 4],
    bleed: [f64; 4],
    user_unit: f64,
    pages: usize,
    embedded_fonts: usize,
}

fn read_pdf(path: &Path) -> PdfPage {
    let doc = lopdf::Document::load(path).unwrap();
    let pages = doc.get_pages();
    let page_id = *pages.values().next().unwrap();
    let page = doc.get_dictionary(page_id).unwrap();
    let embedded_fonts = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"))
        .count();
    PdfPage {
        media: rect(page, b"MediaBox"),
        trim: rect(page, b"TrimBox"),
        bleed: rect(page, b"BleedBox"),
        user_unit: page.get(b"UserUnit").map(number).unwrap_or(1.0),
        pages: pages.len(),
        embedded_fonts,
    }
}

fn png_size(path: &Path) -> (u32, u32, Vec<u8>) {
    let mut decoder =
        png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    // RGBA whatever the file holds: indexed PNGs (flat artwork) read as the colours they index.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn print_pdfs_are_true_size_with_trim_and_bleed_boxes() {
    let (_d, site) = starter();
    let out = site.join("public");
    let report = build(&site, &out, None);
    // One slogan × 4 formats × 2 languages.
    assert_eq!(report.artworks, 8);
    let dir = out.join("artwork/vi/hoc-tap-suot-doi");
    for (format, w, h, bleed) in [
        ("bang-ron", 5000.0, 800.0, 20.0),
        ("co-phuon", 800.0, 2500.0, 20.0),
    ] {
        let pdf = read_pdf(&dir.join(format!("{format}.pdf")));
        let tol = 0.1 * PT_PER_MM;
        assert_eq!(pdf.pages, 1);
        assert_eq!(pdf.user_unit, 1.0);
        // The bleed box is the artwork, trim + bleed; the trim box sits `bleed` inside it.
        assert!(
            close(
                pdf.bleed[2] - pdf.bleed[0],
                (w + 2.0 * bleed) * PT_PER_MM,
                tol
            ),
            "{format} bleed {:?}",
            pdf.bleed
        );
        assert!(
            close(
                pdf.bleed[3] - pdf.bleed[1],
                (h + 2.0 * bleed) * PT_PER_MM,
                tol
            ),
            "{format} bleed {:?}",
            pdf.bleed
        );
        assert!(
            close(pdf.trim[0] - pdf.bleed[0], bleed * PT_PER_MM, tol)
                && close(pdf.trim[1] - pdf.bleed[1], bleed * PT_PER_MM, tol),
            "{format} trim {:?}",
            pdf.trim
        );
        assert!(
            close(pdf.trim[2] - pdf.trim[0], w * PT_PER_MM, tol),
            "{format} trim {:?}",
            pdf.trim
        );
        assert!(
            close(pdf.trim[3] - pdf.trim[1], h * PT_PER_MM, tol),
            "{format} trim {:?}",
            pdf.trim
        );
        // The page adds a margin on every side for the crop marks outside the bleed.
        assert!(
            close(pdf.media[0], 0.0, tol)
                && close(pdf.media[1], 0.0, tol)
                && pdf.bleed[0] > 5.0 * PT_PER_MM
                && close(pdf.media[2] - pdf.bleed[2], pdf.bleed[0], tol)
                && close(pdf.media[3] - pdf.bleed[3], pdf.bleed[1], tol),
            "{format} media {:?} around bleed {:?}",
            pdf.media,
            pdf.bleed
        );
        assert!(pdf.embedded_fonts >= 1, "{format}: fonts not embedded");
    }
    // Screen formats have no PDF.
    assert!(!dir.join("social.pdf").exists());
    assert!(dir.join("social.svg").is_file());
}

#[test]
fn pngs_have_the_configured_sizes() {
    let (_d, site) = starter();
    let out = site.join("public");
    build(&site, &out, None);
    let dir = out.join("artwork/en/lifelong-learning-key-to-success");
    assert_eq!(png_size(&dir.join("social.png")).0, 1200);
    assert_eq!(png_size(&dir.join("social.png")).1, 630);
    assert_eq!(png_size(&dir.join("square.png")).0, 1080);
    // Print previews: 1200 px on the long side, in proportion.
    let (w, h, _) = png_size(&dir.join("bang-ron.png"));
    assert_eq!((w, h), (1200, 192));
    let (w, h, _) = png_size(&dir.join("co-phuon.png"));
    assert_eq!((w, h), (384, 1200));
    // The slogan page shows the preview and links the downloads; og:image is the social card.
    let page = parse(&out.join("en/slogans/lifelong-learning-key-to-success/index.html"));
    let og = select(&page, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert!(
        og.ends_with("/artwork/en/lifelong-learning-key-to-success/social.png"),
        "{og}"
    );
    assert!(og.starts_with("https://"), "{og}");
    let pdf_links = select(&page, "a[href$='.pdf']");
    assert_eq!(pdf_links.len(), 2);
}

/// Files below `dir` whose names contain `part`.
fn files_named(dir: &Path, part: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect()
}

#[test]
fn without_webp_slogan_pages_show_png_copies_drawn_at_each_width() {
    let (_d, site) = starter();
    add_config(&site, "images:\n  webp: false\n  widths: [300]\n");
    let out = site.join("public");
    build(&site, &out, None);
    assert!(files_named(&out.join("artwork"), ".webp").is_empty());
    let dir = out.join("artwork/vi/hoc-tap-suot-doi");
    let page = parse(&out.join("khau-hieu/hoc-tap-suot-doi/index.html"));
    assert!(select(&page, "main source").is_empty(), "no WebP offered");
    let imgs = select(&page, "main img");
    // The banner at the top, then each of the four formats beside its downloads.
    assert_eq!(imgs.len(), 5);
    let banner = "/artwork/vi/hoc-tap-suot-doi/bang-ron";
    assert_eq!(
        imgs[0].value().attr("srcset"),
        Some(format!("{banner}-300w.png 300w, {banner}.png 1200w").as_str())
    );
    assert!(imgs[0].value().attr("sizes").is_some());
    // Drawn at that width from the vectors, in the banner's proportion (5000 × 800 mm).
    let (w, h, _) = png_size(&dir.join("bang-ron-300w.png"));
    assert_eq!((w, h), (300, 48));
    // The flag's preview is 384 px wide: no copy is drawn wider than it, nor one of 300 px
    // that would only ever be asked for at the same size.
    let flag = imgs
        .iter()
        .find(|i| i.value().attr("src").unwrap().ends_with("co-phuon.png"))
        .unwrap();
    assert_eq!(
        flag.value().attr("srcset"),
        Some(
            "/artwork/vi/hoc-tap-suot-doi/co-phuon-300w.png 300w, /artwork/vi/hoc-tap-suot-doi/co-phuon.png 384w"
        )
    );
    assert_eq!(png_size(&dir.join("co-phuon-300w.png")).1, 938);
}

#[test]
fn screen_previews_are_drawn_once_and_only_for_the_portal() {
    let (_d, site) = starter();
    let out = site.join("public");
    build(&site, &out, None);
    let cache = site.join(".loa-cache/artwork");
    let modified = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let drawn: Vec<(PathBuf, std::time::SystemTime)> = files_named(&cache, ".")
        .into_iter()
        .map(|p| (p.clone(), modified(&p)))
        .collect();
    assert!(
        drawn
            .iter()
            .any(|(p, _)| p.to_string_lossy().ends_with("-480w.webp")),
        "screen previews are kept with the artwork: {drawn:?}"
    );
    // An edit elsewhere rebuilds the site, but draws no artwork again. (Not the post's title:
    // that is drawn on the post's share card.)
    edit(&site, NEWS, "\n---\n", "\n---\n\nMột câu mới.\n");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = build(&site, &out, None);
    assert!(!report.skipped);
    for (file, then) in &drawn {
        assert_eq!(modified(file), *then, "{} was drawn again", file.display());
    }
    // `loa banner` writes the print files and the PNG to share, not the portal's previews.
    let ok = loa(&["banner", "-o", "ra"], &site);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(site.join("ra/vi/hoc-tap-suot-doi/bang-ron.png").is_file());
    assert!(files_named(&site.join("ra"), ".webp").is_empty());
    assert!(files_named(&site.join("ra"), "w.png").is_empty());
}

#[test]
fn nfd_and_nfc_slogans_give_identical_pngs() {
    use unicode_normalization::UnicodeNormalization;
    let (_d, site) = starter();
    let text = "Học tập suốt đời – ngậm ngùi Đồng Tháp ỷ lại";
    slogan(&site, "nfc", text);
    slogan(&site, "nfd", &text.nfd().collect::<String>());
    let out = site.join("public");
    build(&site, &out, None);
    for format in ["social", "bang-ron", "co-phuon"] {
        let a = png_size(&out.join(format!("artwork/vi/nfc/{format}.png"))).2;
        let b = png_size(&out.join(format!("artwork/vi/nfd/{format}.png"))).2;
        assert!(a == b, "{format}: NFD and NFC render differently");
    }
}

#[test]
fn explicit_lines_are_used_as_written_and_balanced_otherwise() {
    let (_d, site) = starter();
    std::fs::write(
        site.join("content/slogans/hai-dong.md"),
        "---\ntext: Học tập suốt đời là chìa khóa của sự thành công\nyears: [2023]\nlines:\n  bang-ron: [Học tập suốt đời, là chìa khóa của sự thành công]\n---\n",
    )
    .unwrap();
    let (model, theme) = loa::load(&loa::BuildArgs {
        root: site.clone(),
        ..Default::default()
    })
    .unwrap();
    let studio = loa::Studio::new(&model, &theme).unwrap();
    let jobs = studio.jobs(&model).unwrap();
    let lines_of = |format: &str| -> Vec<String> {
        let job = jobs
            .iter()
            .find(|j| {
                let p = &model.pages[j.page];
                p.slug.as_str() == "hai-dong" && studio.formats()[j.format].name == format
            })
            .unwrap();
        let c = studio.compose(&model, job).unwrap();
        c.boxes["slogan"]
            .lines
            .iter()
            .map(|l| l.text.clone())
            .collect()
    };
    assert_eq!(
        lines_of("bang-ron"),
        vec!["HỌC TẬP SUỐT ĐỜI", "LÀ CHÌA KHÓA CỦA SỰ THÀNH CÔNG"]
    );
    // The vertical flag balances by itself and never splits the listed two-syllable words.
    let flag = lines_of("co-phuon");
    assert!(flag.len() >= 3, "{flag:?}");
    for l in &flag {
        for split in ["HỌC", "SUỐT", "CHÌA", "THÀNH"] {
            assert!(!l.ends_with(split), "split after {split}: {flag:?}");
        }
    }
}

#[test]
fn an_over_long_slogan_is_refused_naming_the_file() {
    let (_d, site) = starter();
    let long = "Học tập suốt đời ".repeat(30);
    slogan(&site, "qua-dai", long.trim());
    let out = loa(&["build"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("content/slogans/qua-dai.md"), "{err}");
    assert!(err.contains("too long"), "{err}");
    assert!(err.contains("about") && err.contains("fit"), "{err}");
    assert!(!site.join("public").exists(), "a failed build wrote output");
}

#[test]
fn a_character_missing_from_the_font_is_an_error() {
    let (_d, site) = starter();
    slogan(&site, "chu-han", "Học tập 學習 suốt đời");
    let out = loa(&["build"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("content/slogans/chu-han.md"), "{err}");
    assert!(err.contains("U+5B78"), "{err}");
}

#[test]
fn a_character_missing_from_the_font_in_a_unit_name_names_the_registry() {
    // The kit prints the unit's name as organiser: the error blamed a slogan (issue #16).
    let (_d, site) = starter();
    let units = site.join("content/units.yaml");
    let text = std::fs::read_to_string(&units).unwrap();
    std::fs::write(
        &units,
        text.replace("Trường THCS Mẫu", "Trường THCS 學 Mẫu"),
    )
    .unwrap();
    let out = loa(&["kit", "thcs-mau"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("content/units.yaml"), "{err}");
    assert!(err.contains("U+5B78"), "{err}");
}

#[test]
fn a_ten_metre_banner_keeps_its_true_size_with_user_unit() {
    let (_d, site) = starter();
    set_formats(
        &site,
        "    dai: { width: 10000mm, height: 2000mm, bleed: 10mm, layout: banner, min_text: 100mm }\n",
    );
    let out = site.join("public");
    build(&site, &out, None);
    let pdf = read_pdf(&out.join("artwork/vi/hoc-tap-suot-doi/dai.pdf"));
    assert!(pdf.user_unit > 1.0);
    // The artwork (bleed box) at true size; the page around it adds the crop marks' margin.
    let width_mm = (pdf.bleed[2] - pdf.bleed[0]) * pdf.user_unit / PT_PER_MM;
    let height_mm = (pdf.bleed[3] - pdf.bleed[1]) * pdf.user_unit / PT_PER_MM;
    assert!(close(width_mm, 10020.0, 0.1), "{width_mm}");
    assert!(close(height_mm, 2020.0, 0.1), "{height_mm}");
    assert!(pdf.media[2] > pdf.bleed[2] && pdf.media[3] > pdf.bleed[3]);
    let trim_w = (pdf.trim[2] - pdf.trim[0]) * pdf.user_unit / PT_PER_MM;
    assert!(close(trim_w, 10000.0, 0.1), "{trim_w}");
    assert!(pdf.media[2] <= 14_400.0, "page side over the PDF limit");
}

#[test]
fn bad_format_config_and_unknown_formats_are_errors() {
    let (_d, site) = starter();
    set_formats(
        &site,
        "    x: { width: 100mm, height: 100px, layout: banner, min_text: 10mm }\n",
    );
    let out = loa(&["build"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("mixes mm and px"),
        "{err}"
    );

    let (_d, site) = starter();
    std::fs::write(
        site.join("content/slogans/mot.md"),
        "---\ntext: Một\nyears: [2023]\nformats: [bang-ron, pano]\n---\n",
    )
    .unwrap();
    let out = loa(&["build"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("content/slogans/mot.md") && err.contains("`pano`"),
        "{err}"
    );
}

#[test]
fn banner_command_renders_chosen_slogans_and_formats_only() {
    let (_d, site) = starter();
    let out = loa(
        &[
            "banner",
            "hoc-tap-suot-doi",
            "-f",
            "bang-ron",
            "-l",
            "vi",
            "-o",
            "ra",
        ],
        &site,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = site.join("ra/vi/hoc-tap-suot-doi");
    for ext in ["pdf", "png", "svg"] {
        assert!(dir.join(format!("bang-ron.{ext}")).is_file(), "{ext}");
    }
    assert!(!dir.join("social.png").exists());
    assert!(!site.join("ra/en").exists());
    assert!(
        !site.join("public").exists(),
        "banner must not build the portal"
    );
    let bad = loa(&["banner", "khong-co"], &site);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no slogan `khong-co`"));
    let bad = loa(&["banner", "-f", "pano"], &site);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no artwork format `pano`"));
}

#[test]
fn a_logo_from_static_is_drawn_and_a_missing_one_is_refused() {
    let (_d, site) = starter();
    assert!(
        loa(
            &["banner", "-f", "bang-ron", "-l", "vi", "-o", "plain"],
            &site
        )
        .status
        .success()
    );
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::write(
        site.join("static/img/emblem.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><rect width='10' height='10' fill='#00ff00'/></svg>",
    )
    .unwrap();
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        format!("{config}\nartwork:\n  logo: img/emblem.svg\n"),
    )
    .unwrap();
    // Relative root on purpose: the logo must resolve however loa was started.
    let out = loa(
        &["banner", "-f", "bang-ron", "-l", "vi", "-o", "logo"],
        &site,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, _, plain) = png_size(&site.join("plain/vi/hoc-tap-suot-doi/bang-ron.png"));
    let (_, _, with_logo) = png_size(&site.join("logo/vi/hoc-tap-suot-doi/bang-ron.png"));
    let green = |px: &[u8]| {
        px.chunks(4)
            .filter(|p| p[0] < 40 && p[1] > 200 && p[2] < 40)
            .count()
    };
    assert_eq!(green(&plain), 0);
    assert!(green(&with_logo) > 50, "logo not drawn");

    std::fs::write(
        site.join("site.yaml"),
        format!("{config}\nartwork:\n  logo: img/khong-co.svg\n"),
    )
    .unwrap();
    let out = loa(&["banner"], &site);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("img/khong-co.svg"));
}
