//! Print PDFs read back as a print shop's preflight would: structurally valid (see
//! `common::pdf::assert_sound`; `.ci/run` also runs `qpdf --check` on the demo's), every
//! vector colour in DeviceCMYK from the layout's palette with black on the K plate alone, photos
//! tagged with an ICC profile, a PDF/X-4 output intent with an embedded CMYK profile, and crop
//! marks outside the bleed. `--colour rgb` keeps the RGB artwork.

mod common;

use std::path::{Path, PathBuf};

use common::pdf::{Pdf, assert_crop_marks, assert_sound, number};
use common::*;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    out.sort();
    out
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match deref(doc, o) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// Forms used as soft masks (luminosity, not ink), which keep their grey or RGB on purpose.
fn mask_forms(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"SMask").ok())
        .filter_map(|m| match m {
            Object::Dictionary(m) => m.get(b"G").ok()?.as_reference().ok(),
            Object::Reference(id) => doc
                .get_dictionary(*id)
                .ok()?
                .get(b"G")
                .ok()?
                .as_reference()
                .ok(),
            _ => None,
        })
        .collect()
}

/// Every content stream that puts ink on the page: the page's own, forms that are not masks.
fn ink_streams(pdf: &Pdf) -> Vec<(String, Vec<lopdf::content::Operation>)> {
    let masks = mask_forms(&pdf.doc);
    let mut out = vec![("page".to_string(), pdf.page_ops())];
    for (id, obj) in &pdf.doc.objects {
        let Ok(s) = obj.as_stream() else { continue };
        if s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() != Some(b"Form")
            || masks.contains(id)
        {
            continue;
        }
        let data = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        out.push((
            format!("form {id:?}"),
            Content::decode(&data).unwrap().operations,
        ));
    }
    out
}

fn operands(op: &lopdf::content::Operation) -> Vec<f64> {
    op.operands.iter().map(number).collect()
}

/// Checks one CMYK print PDF; returns the fill colours (CMYK) of glyphs drawn and of the QR path.
fn assert_print_ready(path: &Path) -> (Vec<Vec<f64>>, Option<Vec<f64>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-1.6"),
        "{}: not PDF 1.6",
        path.display()
    );
    let pdf = Pdf::load(path);
    let doc = &pdf.doc;
    let name = path.display();

    // PDF/X-4 output intent with an embedded CMYK profile.
    let catalog = doc.catalog().unwrap();
    let intents = deref(doc, catalog.get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1, "{name}");
    let intent = dict(doc, &intents[0]);
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    for key in [
        b"OutputConditionIdentifier".as_slice(),
        b"RegistryName",
        b"Info",
    ] {
        assert!(intent.get(key).unwrap().as_str().is_ok(), "{name}: {key:?}");
    }
    let profile = deref(doc, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let icc = profile.decompressed_content().unwrap();
    assert_eq!(
        &icc[16..20],
        b"CMYK",
        "{name}: the output profile is not CMYK"
    );
    let info = dict(doc, doc.trailer.get(b"Info").unwrap());
    assert_eq!(
        info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap(),
        b"PDF/X-4"
    );
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    assert_eq!(doc.trailer.get(b"ID").unwrap().as_array().unwrap().len(), 2);

    // Boxes and marks: the page is larger than the bleed box, the marks outside it.
    let (media, bleed) = (pdf.box_mm(b"MediaBox"), pdf.box_mm(b"BleedBox"));
    let trim = pdf.box_mm(b"TrimBox");
    assert!(media[0] < bleed[0] && media[2] > bleed[2], "{name}");
    assert!(bleed[0] <= trim[0] && bleed[2] >= trim[2], "{name}");
    assert_crop_marks(&pdf);

    // Every colour operator is DeviceCMYK; patterns (gradients) are allowed by name.
    let mut glyphs = Vec::new();
    let mut qr = None;
    for (what, ops) in ink_streams(&pdf) {
        let mut fill: Vec<f64> = vec![0.0, 0.0, 0.0, 1.0];
        let mut rects = 0;
        let mut integral = true;
        for op in &ops {
            match op.operator.as_str() {
                "rg" | "RG" | "g" | "G" | "sc" | "SC" => {
                    panic!("{name} {what}: non-CMYK colour operator {op:?}")
                }
                "cs" | "CS" => assert_eq!(
                    op.operands[0].as_name().unwrap(),
                    b"Pattern",
                    "{name} {what}: colour space {op:?}"
                ),
                "scn" | "SCN" => assert!(
                    op.operands.len() == 1 && op.operands[0].as_name().is_ok(),
                    "{name} {what}: {op:?} sets a colour that is not a pattern"
                ),
                "k" => fill = operands(op),
                "Tj" | "TJ" => glyphs.push(fill.clone()),
                "m" | "l" => {
                    let (x, y) = (number(&op.operands[0]), number(&op.operands[1]));
                    integral &= x.fract() == 0.0 && y.fract() == 0.0;
                    rects += (op.operator == "m") as usize;
                }
                "f" | "f*" => {
                    // The QR code: one path of many integer-coordinate module squares.
                    if integral && rects > 20 {
                        qr = Some(fill.clone());
                    }
                    rects = 0;
                    integral = true;
                }
                "n" | "S" | "B" => {
                    rects = 0;
                    integral = true;
                }
                _ => {}
            }
        }
    }
    // Shadings (gradients) that put ink down are CMYK too; grey ones belong to soft masks.
    for obj in doc.objects.values() {
        let d = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if d.has(b"ShadingType") {
            let cs = deref(doc, d.get(b"ColorSpace").unwrap());
            let ok = match cs {
                Object::Name(n) => n == b"DeviceCMYK",
                Object::Array(a) => dict(doc, &a[1]).get(b"N").unwrap().as_i64().unwrap() == 1,
                _ => false,
            };
            assert!(ok, "{name}: shading in {cs:?}");
        }
        // Photos stay RGB, tagged with an ICC profile.
        if d.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image") {
            let cs = deref(doc, d.get(b"ColorSpace").unwrap());
            assert!(
                matches!(cs, Object::Name(n) if n == b"DeviceGray")
                    || cs
                        .as_array()
                        .is_ok_and(|a| a[0].as_name().unwrap() == b"ICCBased"),
                "{name}: image in {cs:?}"
            );
        }
    }
    (glyphs, qr)
}

#[test]
fn every_print_pdf_of_the_demo_is_cmyk_with_an_output_intent() {
    let (_, out) = built_demo();
    let pdfs = pdfs_under(out);
    // Banners and flags of every slogan, and every pano.
    assert!(pdfs.len() >= 10, "{pdfs:?}");
    let mut qr_codes = 0;
    let mut glyphs = 0;
    for path in &pdfs {
        assert_sound(path);
        let (g, qr) = assert_print_ready(path);
        glyphs += g.len();
        if let Some(k) = qr {
            assert_eq!(k, vec![0.0, 0.0, 0.0, 1.0], "{}: QR code", path.display());
            qr_codes += 1;
        }
    }
    assert!(glyphs > 100);
    assert!(qr_codes >= 2, "no QR code found in the panos");

    // The banner's red field is the palette's CMYK, not a conversion of the RGB.
    let banner = pdfs
        .iter()
        .find(|p| p.ends_with("bang-ron.pdf"))
        .expect("a banner PDF");
    let pdf = Pdf::load(banner);
    let colours: Vec<Vec<f64>> = ink_streams(&pdf)
        .into_iter()
        .flat_map(|(_, ops)| ops)
        .filter(|op| op.operator == "k")
        .map(|op| operands(&op))
        .collect();
    let red = [0.0, 1.0, 0.85, 0.2];
    assert!(
        colours
            .iter()
            .any(|c| c.iter().zip(red).all(|(a, b)| (a - b).abs() < 1e-4)),
        "{colours:?}"
    );
}

/// The PDFs inside the unit kits (which a build writes for `artwork.kits`) are as print-ready as
/// the portal's: each is taken out of its zip and read back like the others.
#[test]
fn every_kit_pdf_is_cmyk_with_an_output_intent() {
    let (_, out) = built_demo();
    let zips: Vec<PathBuf> = walkdir::WalkDir::new(out.join("kits"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    assert!(zips.len() >= 2, "{zips:?}");
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for zip_path in &zips {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            if !entry.name().is_ok_and(|n| n.ends_with(".pdf")) {
                continue;
            }
            let path = dir.path().join(format!("{count}.pdf"));
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            std::fs::write(&path, bytes).unwrap();
            assert_sound(&path);
            assert_print_ready(&path);
            count += 1;
        }
    }
    assert!(count >= 20, "{count} kit PDFs");
}

/// Black text prints on the K plate alone: a layout whose footer is black.
#[test]
fn black_text_is_pure_k() {
    let site = demo_site();
    let svg = site.path().join("themes/default/artwork/banner.svg");
    let text = std::fs::read_to_string(&svg).unwrap();
    let black = text.replace(
        r##"{{ <text_box b={boxes.footer} fill="#ffffff" /> }}"##,
        r##"{{ <text_box b={boxes.footer} fill="#000000" /> }}"##,
    );
    assert_ne!(text, black);
    std::fs::write(&svg, black).unwrap();
    let out = site.path().join("banners");
    let r = loa(
        &["banner", "-f", "bang-ron", "-l", "vi", "-o", "banners"],
        site.path(),
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pdfs = pdfs_under(&out);
    assert!(!pdfs.is_empty());
    for path in &pdfs {
        let (glyphs, _) = assert_print_ready(path);
        assert!(
            glyphs.contains(&vec![0.0, 0.0, 0.0, 1.0]),
            "{}: no glyph in pure K: {glyphs:?}",
            path.display()
        );
        // Nothing drawn is four-colour black.
        assert!(
            !glyphs
                .iter()
                .any(|c| c[3] == 1.0 && c[..3].iter().any(|v| *v > 0.0)),
            "{glyphs:?}"
        );
    }
}

/// `--colour rgb` (screens, hiflex RIPs): RGB colours, no output intent, marks still outside.
#[test]
fn colour_rgb_keeps_the_rgb_artwork() {
    let site = demo_site();
    let r = loa(
        &[
            "banner", "-f", "co-phuon", "-l", "en", "--colour", "rgb", "-o", "rgb",
        ],
        site.path(),
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pdfs = pdfs_under(&site.path().join("rgb"));
    assert!(!pdfs.is_empty());
    for path in &pdfs {
        let pdf = Pdf::load(path);
        assert!(pdf.doc.catalog().unwrap().get(b"OutputIntents").is_err());
        let rgb_fills = pdf
            .form_ops()
            .iter()
            .flat_map(|(ops, _)| ops.iter())
            .filter(|op| {
                matches!(op.operator.as_str(), "sc" | "scn" | "rg") && op.operands.len() == 3
            })
            .count();
        assert!(rgb_fills > 0, "{}: no RGB colour", path.display());
        assert_crop_marks(&pdf);
    }
    // site.yaml can ask for it too, and `--colour cmyk` wins over it.
    let yaml = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        text.replace("artwork:\n", "artwork:\n  colour: rgb\n"),
    )
    .unwrap();
    let r = loa(
        &["banner", "-f", "co-phuon", "-l", "en", "-o", "cfg"],
        site.path(),
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for path in pdfs_under(&site.path().join("cfg")) {
        assert!(
            Pdf::load(&path)
                .doc
                .catalog()
                .unwrap()
                .get(b"OutputIntents")
                .is_err()
        );
    }
    let r = loa(
        &[
            "banner", "-f", "co-phuon", "-l", "en", "--colour", "cmyk", "-o", "cli",
        ],
        site.path(),
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for path in pdfs_under(&site.path().join("cli")) {
        assert_print_ready(&path);
    }
}

/// A palette that is not CMYK percentages is an error naming the layout file and line.
#[test]
fn a_bad_palette_names_the_layout_file_and_line() {
    let site = demo_site();
    let layout = site.path().join("themes/default/artwork/flag.yaml");
    let text = std::fs::read_to_string(&layout).unwrap();
    std::fs::write(
        &layout,
        text.replace(
            r##""#9e0b22": [0, 100, 85, 40]"##,
            r##""#9e0b22": [0, 100, 85]"##,
        ),
    )
    .unwrap();
    let r = loa(&["banner", "-o", "x"], site.path());
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("flag.yaml"), "{err}");
    assert!(err.contains("four CMYK percentages"), "{err}");
    assert!(err.contains("palette"), "{err}");
}

/// The structural check finds what a print shop's preflight would refuse: a file cut short,
/// objects moved from where the table says, a stream longer than its /Length, damaged Flate data.
#[test]
fn a_damaged_pdf_fails_the_structural_check() {
    let (_, out) = built_demo();
    let path = pdfs_under(out)
        .into_iter()
        .find(|p| p.ends_with("bang-ron.pdf"))
        .expect("a banner PDF");
    let good = std::fs::read(&path).unwrap();
    assert_sound(&path);
    let dir = tempfile::tempdir().unwrap();
    let find = |needle: &[u8]| {
        good.windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    // The first Flate stream's data, and where its /Length is written.
    let flate = find(b"/FlateDecode");
    let data = flate
        + good[flate..]
            .windows(7)
            .position(|w| w == b"stream\n")
            .unwrap()
        + 7;
    let mut damaged: Vec<(&str, Vec<u8>)> = Vec::new();
    damaged.push(("cut short", good[..good.len() / 2].to_vec()));
    let mut moved = good.clone();
    moved.insert(9, b' ');
    damaged.push(("objects moved", moved));
    let mut flipped = good.clone();
    for b in &mut flipped[data + 8..data + 24] {
        *b = !*b;
    }
    damaged.push(("Flate data damaged", flipped));
    let mut longer = good.clone();
    longer.splice(data..data, *b"xx");
    damaged.push(("stream longer than /Length", longer));
    for (what, bytes) in damaged {
        let bad = dir.path().join("bad.pdf");
        std::fs::write(&bad, bytes).unwrap();
        let refused = std::panic::catch_unwind(|| assert_sound(&bad)).is_err();
        assert!(refused, "{what}: passed the structural check");
    }
}
