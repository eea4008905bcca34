//! Print-ready PDF at physical size: the SVG becomes a vector form XObject (svg2pdf), placed on a
//! page with TrimBox (the finished piece) and BleedBox (trim + bleed) for the print shop. Pages
//! larger than PDF's 200-inch limit get a UserUnit so they still come out at true size.
//!
//! Crop marks sit outside the bleed, in a margin around the BleedBox that only the MediaBox
//! covers: a mark inside the bleed would print on the artwork's own background, which reaches the
//! bleed edge, and on A-sizes with 3 mm of bleed there was no room for a mark a cutter can see.
//! Print shops impose by TrimBox/BleedBox, so the larger MediaBox costs them nothing; the marks
//! follow the usual convention of lying on the trim lines and starting a few millimetres beyond
//! the bleed edge, so they never touch the printed area even when the sheet shifts.

use std::sync::Arc;

use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, TextStr};
use serde::Deserialize;

use super::palette::Palette;
use crate::config::Colour;
use crate::error::{Error, Location, Result};
use crate::theme::Theme;
use crate::types::Mm;

/// The largest page side PDF readers accept in default user space: 14 400 pt = 200 inches.
pub(super) const MAX_PT: f64 = 14_400.0;
/// PDF 1.6 allows UserUnit up to 75 000; we refuse far before that makes sense.
pub(super) const MAX_USER_UNIT: f64 = 75_000.0;

/// Gap between the bleed edge and the start of a crop mark: a sheet that shifts on the press by
/// less than this never shows a mark on the artwork.
pub(super) const MARK_OFFSET_MM: f64 = 3.0;
/// Length of a crop mark, enough for a cutter to line a blade up against.
pub(super) const MARK_LENGTH_MM: f64 = 6.0;
/// The margin the MediaBox adds around the BleedBox on every side: the marks and 1 mm to spare.
pub(super) const MARKS_MARGIN_MM: f64 = MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0;

pub(super) struct PageBoxes {
    /// Trim size (the finished banner).
    pub(super) trim_w: Mm,
    pub(super) trim_h: Mm,
    pub(super) bleed: Mm,
    /// Draw crop marks outside the bleed (the page then has a margin for them).
    pub(super) crop_marks: bool,
}

impl PageBoxes {
    /// The margin between the MediaBox and the BleedBox, in mm.
    pub(super) fn margin(&self) -> f64 {
        if self.crop_marks {
            MARKS_MARGIN_MM
        } else {
            0.0
        }
    }

    /// The user unit needed so that the media box fits the 200-inch limit (1 when it fits).
    pub(super) fn user_unit(&self) -> f64 {
        let m = 2.0 * (self.bleed.0 + self.margin());
        let w = Mm(self.trim_w.0 + m).to_pt();
        let h = Mm(self.trim_h.0 + m).to_pt();
        let largest = w.max(h);
        if largest <= MAX_PT {
            1.0
        } else {
            (largest / MAX_PT).ceil()
        }
    }
}

/// How print PDFs give their colours: the mode and the printing condition they are made for.
#[derive(Clone)]
pub(super) struct Print {
    pub(super) colour: Colour,
    pub(super) intent: Arc<OutputIntent>,
}

/// An ICC profile as it goes into the PDF: Flate-compressed where that makes it smaller.
/// Compressed when the first PDF is written, not when the studio loads: a build whose artwork
/// all comes from the cache writes no PDF, and a CMYK profile takes a tenth of a second to
/// compress.
struct Profile {
    raw: Vec<u8>,
    /// The bytes embedded, and whether they are Flate-compressed.
    packed: std::sync::OnceLock<(Vec<u8>, bool)>,
}

impl Profile {
    fn new(raw: Vec<u8>) -> Profile {
        Profile {
            raw,
            packed: std::sync::OnceLock::new(),
        }
    }

    fn write(&self, pdf: &mut Pdf, id: Ref, n: i32) {
        let (bytes, flate) = self.packed.get_or_init(|| {
            let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), self.raw.clone());
            // lopdf keeps the bytes as they were when compressing fails or does not pay.
            let _ = stream.compress();
            let flate = stream.dict.get(b"Filter").is_ok();
            (stream.content, flate)
        });
        let mut s = pdf.icc_profile(id, bytes);
        s.n(n);
        if *flate {
            s.filter(Filter::FlateDecode);
        }
    }
}

/// `icc/output-intent.yaml` of the theme.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentFile {
    profile: String,
    condition: String,
    info: String,
    registry: String,
    rgb_profile: String,
}

/// The PDF/X output intent and the profiles print PDFs embed (compressed once per build, for the
/// first PDF that embeds them).
pub(super) struct OutputIntent {
    condition: String,
    info: String,
    registry: String,
    /// The CMYK output profile and the sRGB profile of photos.
    cmyk: Profile,
    srgb: Profile,
    /// A hash of all of the above, for cache keys.
    pub(super) digest: String,
}

impl OutputIntent {
    /// Reads the theme's `icc/output-intent.yaml` and the two profiles it names, checking that
    /// the output profile is CMYK and the photo profile RGB.
    pub(super) fn load(theme: &Theme) -> Result<OutputIntent> {
        let file = |name: &str| theme.icc.iter().find(|f| f.name == name);
        let yaml = file("output-intent.yaml").ok_or_else(|| Error::Template {
            template: format!("themes/{}/icc/output-intent.yaml", theme.name),
            message: "the theme has ICC profiles but no output-intent.yaml naming them".into(),
            hint: "copy icc/output-intent.yaml of the default theme and name your profiles".into(),
        })?;
        let spec: IntentFile = crate::yaml::utf8(&yaml.bytes)
            .and_then(crate::yaml::from_str)
            .map_err(|e| {
            Error::config(
                Location::at(&yaml.origin, e.line),
                e.message,
                "output-intent.yaml has `profile`, `condition`, `info`, `registry` and `rgb_profile`",
            )
        })?;
        let profile = |name: &str, space: &[u8; 4], what: &str| -> Result<Profile> {
            let f = file(name).ok_or_else(|| {
                Error::config(
                    Location::file(&yaml.origin),
                    format!("`{name}` is not in the theme's icc/ folder"),
                    "put the profile beside output-intent.yaml or fix its name",
                )
            })?;
            // Bytes 16–19 of an ICC header name the profile's colour space.
            if f.bytes.len() < 128 || &f.bytes[16..20] != space {
                return Err(Error::config(
                    Location::file(&f.origin),
                    format!("this is not {what} ICC profile"),
                    format!("give a {what} profile as `{name}` in output-intent.yaml"),
                ));
            }
            Ok(Profile::new(f.bytes.clone()))
        };
        let cmyk = profile(&spec.profile, b"CMYK", "a CMYK")?;
        let srgb = profile(&spec.rgb_profile, b"RGB ", "an RGB")?;
        let mut h = blake3::Hasher::new();
        for part in [
            spec.condition.as_bytes(),
            spec.info.as_bytes(),
            spec.registry.as_bytes(),
            &cmyk.raw,
            &srgb.raw,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        Ok(OutputIntent {
            condition: spec.condition,
            info: spec.info,
            registry: spec.registry,
            cmyk,
            srgb,
            digest: h.finalize().to_hex().to_string(),
        })
    }
}

/// Writes a one-page PDF of `tree` (whose size is trim + 2 × bleed) with print boxes. In CMYK
/// mode its colours come from `palette` and it carries a PDF/X-4 output intent.
pub(super) fn write(
    tree: &usvg::Tree,
    boxes: &PageBoxes,
    title: &str,
    print: &Print,
    palette: &Palette,
) -> std::result::Result<Vec<u8>, String> {
    let (chunk, svg_ref) = svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| e.to_string())?;
    let cmyk = print.colour == Colour::Cmyk;

    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let page_tree_id = alloc.bump();
    let page_id = alloc.bump();
    let content_id = alloc.bump();
    let info_id = alloc.bump();
    let cmyk_icc_id = alloc.bump();
    let srgb_icc_id = alloc.bump();
    // svg2pdf numbers its objects in drawing order, which is stable; numbering them in the order
    // they sit in the chunk (HashMap order) would not be.
    let offset = alloc.get() - 1;
    let chunk = chunk.renumber(|old| Ref::new(old.get() + offset));
    let svg_id = Ref::new(svg_ref.get() + offset);

    let unit = boxes.user_unit();
    let u = |mm: f64| (Mm(mm).to_pt() / unit) as f32;
    let (tw, th, b) = (boxes.trim_w.0, boxes.trim_h.0, boxes.bleed.0);
    let m = boxes.margin();
    // The artwork (trim + bleed) and the page around it, which adds the marks' margin.
    let (aw, ah) = (tw + 2.0 * b, th + 2.0 * b);
    let (mw, mh) = (u(aw + 2.0 * m), u(ah + 2.0 * m));

    let mut pdf = Pdf::new();
    // 1.6: UserUnit and PDF/X-4 both need it.
    pdf.set_version(1, 6);
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(page_tree_id);
    if cmyk {
        catalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFX)
            .output_condition_identifier(TextStr(&print.intent.condition))
            .registry_name(TextStr(&print.intent.registry))
            .info(TextStr(&print.intent.info))
            .dest_output_profile(cmyk_icc_id);
    }
    catalog.finish();
    pdf.pages(page_tree_id).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, mw, mh));
    page.bleed_box(Rect::new(u(m), u(m), u(m + aw), u(m + ah)));
    page.trim_box(Rect::new(u(m + b), u(m + b), u(m + b + tw), u(m + b + th)));
    if unit > 1.0 {
        page.user_unit(unit as f32);
    }
    page.parent(page_tree_id);
    page.contents(content_id);
    let svg_name = Name(b"S1");
    page.resources().x_objects().pair(svg_name, svg_id);
    page.finish();

    // The XObject is 1 pt square; scale it to the bleed box.
    let mut content = Content::new();
    content
        .save_state()
        .transform([u(aw), 0.0, 0.0, u(ah), u(m), u(m)])
        .x_object(svg_name)
        .restore_state();
    if boxes.crop_marks {
        crop_marks(&mut content, tw, th, b, m, &u);
    }
    pdf.stream(content_id, &content.finish());
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(title))
        .producer(TextStr(concat!("loa ", env!("CARGO_PKG_VERSION"))))
        // Nobody has trapped the file; the print shop's RIP decides.
        .pair(Name(b"Trapped"), Name(b"False"));
    if cmyk {
        info.pair(Name(b"GTS_PDFXVersion"), TextStr("PDF/X-4"));
    }
    info.finish();
    if cmyk {
        print.intent.cmyk.write(&mut pdf, cmyk_icc_id, 4);
        print.intent.srgb.write(&mut pdf, srgb_icc_id, 3);
    }
    pdf.extend(&chunk);
    let mut doc = lopdf::Document::load_mem(&pdf.finish()).map_err(|e| e.to_string())?;
    if cmyk {
        super::colour::to_cmyk(
            &mut doc,
            (page_id.get() as u32, 0),
            palette,
            (srgb_icc_id.get() as u32, 0),
        )?;
    }
    canonical(doc)
}

/// Eight marks, two at each corner, on the extensions of the trim lines, from `MARK_OFFSET_MM`
/// beyond the bleed edge outwards. `m` is the margin around the bleed box (page coordinates have
/// their origin at the media box corner). A white stroke under each registration-black hairline
/// keeps the marks visible on a dark sheet.
fn crop_marks(content: &mut Content, tw: f64, th: f64, b: f64, m: f64, u: &dyn Fn(f64) -> f32) {
    // Trim edges in page coordinates, and where the marks start and end on each side.
    let (x0, x1) = (m + b, m + b + tw);
    let (y0, y1) = (m + b, m + b + th);
    let near = m - MARK_OFFSET_MM;
    let far = near - MARK_LENGTH_MM;
    let (right, top) = (2.0 * m + 2.0 * b + tw, 2.0 * m + 2.0 * b + th);
    let mut segments = Vec::with_capacity(8);
    for x in [x0, x1] {
        segments.push(((x, far), (x, near)));
        segments.push(((x, top - near), (x, top - far)));
    }
    for y in [y0, y1] {
        segments.push(((far, y), (near, y)));
        segments.push(((right - near, y), (right - far, y)));
    }
    for (width, white) in [(0.8f32, true), (0.25f32, false)] {
        content.save_state();
        content.set_line_width(width * u(25.4 / 72.0));
        if white {
            content.set_stroke_cmyk(0.0, 0.0, 0.0, 0.0);
        } else {
            // Registration colour: the mark prints on every plate.
            content.set_stroke_cmyk(1.0, 1.0, 1.0, 1.0);
        }
        for ((x1, y1), (x2, y2)) in &segments {
            content.move_to(u(*x1), u(*y1)).line_to(u(*x2), u(*y2));
        }
        content.stroke();
        content.restore_state();
    }
}

/// The same PDF with objects in number order and dictionary keys sorted: identical bytes for
/// identical artwork, whatever order svg2pdf's hash maps wrote them in.
fn canonical(mut doc: lopdf::Document) -> std::result::Result<Vec<u8>, String> {
    use lopdf::{Dictionary, Object};
    fn sort(o: &mut Object) {
        match o {
            Object::Dictionary(d) => sort_dict(d),
            Object::Stream(s) => sort_dict(&mut s.dict),
            Object::Array(a) => a.iter_mut().for_each(sort),
            _ => {}
        }
    }
    fn sort_dict(d: &mut Dictionary) {
        let mut entries: Vec<(Vec<u8>, Object)> = std::mem::take(d).into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut sorted = Dictionary::new();
        for (k, mut v) in entries {
            sort(&mut v);
            sorted.set(k, v);
        }
        *d = sorted;
    }
    /// References inside `o`, in the order they are written.
    fn refs(o: &Object, out: &mut Vec<lopdf::ObjectId>) {
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Dictionary(d) => d.iter().for_each(|(_, v)| refs(v, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, v)| refs(v, out)),
            Object::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    fn renumber(o: &mut Object, map: &std::collections::HashMap<lopdf::ObjectId, u32>) {
        match o {
            Object::Reference(id) => {
                if let Some(n) = map.get(id) {
                    *id = (*n, 0);
                }
            }
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| renumber(v, map)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| renumber(v, map)),
            Object::Array(a) => a.iter_mut().for_each(|v| renumber(v, map)),
            _ => {}
        }
    }
    doc.objects.values_mut().for_each(sort);
    sort_dict(&mut doc.trailer);
    // Object numbers in the order the objects are reached from the trailer: svg2pdf numbers
    // some of them (font parts) in hash-map order.
    let mut order: Vec<lopdf::ObjectId> = Vec::new();
    let mut map = std::collections::HashMap::new();
    let mut queue = Vec::new();
    refs(&Object::Dictionary(doc.trailer.clone()), &mut queue);
    let mut next = 0;
    while next < queue.len() {
        let id = queue[next];
        next += 1;
        if map.contains_key(&id) || !doc.objects.contains_key(&id) {
            continue;
        }
        map.insert(id, order.len() as u32 + 1);
        order.push(id);
        refs(&doc.objects[&id], &mut queue);
    }
    let mut objects = std::collections::BTreeMap::new();
    for (id, mut obj) in std::mem::take(&mut doc.objects) {
        let Some(&n) = map.get(&id) else {
            continue; // unreachable, so unused
        };
        renumber(&mut obj, &map);
        objects.insert((n, 0), obj);
    }
    doc.objects = objects;
    let mut trailer = Object::Dictionary(std::mem::take(&mut doc.trailer));
    renumber(&mut trailer, &map);
    if let Object::Dictionary(d) = trailer {
        doc.trailer = d;
    }
    doc.max_id = order.len() as u32;
    doc.version = "1.6".into();
    doc.trailer.remove(b"ID");
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    // The file identifier PDF/X asks for: a hash of the file itself, so the same artwork keeps
    // the same ID and the bytes stay identical from build to build.
    let hash = blake3::hash(&out);
    let id = Object::String(
        hash.as_bytes()[..16].to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    out.clear();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
