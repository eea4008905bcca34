//! Print-ready PDF at physical size: the SVG becomes a vector form XObject (svg2pdf), placed on a
//! page whose MediaBox is trim + bleed, with TrimBox and BleedBox for the print shop. Pages larger
//! than PDF's 200-inch limit get a UserUnit so they still come out at true size.
//!
//! Crop marks sit in the bleed, on the lines of the trim, and stop short of the trim corner: the
//! page stays exactly trim + 2 × bleed (the size print shops check a file against), and the marks
//! fall away with the bleed when the sheet is cut.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

use crate::types::Mm;

/// The largest page side PDF readers accept in default user space: 14 400 pt = 200 inches.
pub const MAX_PT: f64 = 14_400.0;
/// PDF 1.6 allows UserUnit up to 75 000; we refuse far before that makes sense.
pub const MAX_USER_UNIT: f64 = 75_000.0;

pub struct PageBoxes {
    /// Trim size (the finished banner).
    pub trim_w: Mm,
    pub trim_h: Mm,
    pub bleed: Mm,
    /// Draw crop marks in the bleed (needs a bleed of at least 2 mm to be seen).
    pub crop_marks: bool,
}

impl PageBoxes {
    /// The user unit needed so that the media box fits the 200-inch limit (1 when it fits).
    pub fn user_unit(&self) -> f64 {
        let w = Mm(self.trim_w.0 + 2.0 * self.bleed.0).to_pt();
        let h = Mm(self.trim_h.0 + 2.0 * self.bleed.0).to_pt();
        let largest = w.max(h);
        if largest <= MAX_PT {
            1.0
        } else {
            (largest / MAX_PT).ceil()
        }
    }
}

/// Writes a one-page PDF of `tree` (whose size is trim + 2 × bleed) with print boxes.
pub fn write(tree: &usvg::Tree, boxes: &PageBoxes, title: &str) -> Result<Vec<u8>, String> {
    let (chunk, svg_ref) = svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| e.to_string())?;

    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let page_tree_id = alloc.bump();
    let page_id = alloc.bump();
    let content_id = alloc.bump();
    let info_id = alloc.bump();
    // svg2pdf numbers its objects in drawing order, which is stable; numbering them in the order
    // they sit in the chunk (HashMap order) would not be.
    let offset = alloc.get() - 1;
    let chunk = chunk.renumber(|old| Ref::new(old.get() + offset));
    let svg_id = Ref::new(svg_ref.get() + offset);

    let unit = boxes.user_unit();
    let u = |mm: f64| (Mm(mm).to_pt() / unit) as f32;
    let (tw, th, b) = (boxes.trim_w.0, boxes.trim_h.0, boxes.bleed.0);
    let (mw, mh) = (u(tw + 2.0 * b), u(th + 2.0 * b));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(page_tree_id);
    pdf.pages(page_tree_id).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, mw, mh));
    page.bleed_box(Rect::new(0.0, 0.0, mw, mh));
    page.trim_box(Rect::new(u(b), u(b), u(b + tw), u(b + th)));
    if unit > 1.0 {
        page.user_unit(unit as f32);
    }
    page.parent(page_tree_id);
    page.contents(content_id);
    let svg_name = Name(b"S1");
    page.resources().x_objects().pair(svg_name, svg_id);
    page.finish();

    // The XObject is 1 pt square; scale it to the whole media box.
    let mut content = Content::new();
    content
        .save_state()
        .transform([mw, 0.0, 0.0, mh, 0.0, 0.0])
        .x_object(svg_name)
        .restore_state();
    if boxes.crop_marks && b >= 2.0 {
        crop_marks(&mut content, tw, th, b, &u);
    }
    pdf.stream(content_id, &content.finish());
    pdf.document_info(info_id)
        .title(TextStr(title))
        .producer(TextStr(concat!("loa ", env!("CARGO_PKG_VERSION"))));
    pdf.extend(&chunk);
    canonical(&pdf.finish())
}

/// Eight marks, two at each corner, on the extensions of the trim lines from the page edge to a
/// gap before the trim. A white stroke under each registration-black hairline keeps the marks
/// visible on dark bleed.
fn crop_marks(content: &mut Content, tw: f64, th: f64, b: f64, u: &dyn Fn(f64) -> f32) {
    // The gap keeps a mark from showing on the finished piece when the cut is off by a little.
    let gap = (b / 3.0).min(3.0);
    let reach = b - gap;
    let mut segments = Vec::with_capacity(8);
    for x in [b, b + tw] {
        segments.push(((x, 0.0), (x, reach)));
        segments.push(((x, th + 2.0 * b - reach), (x, th + 2.0 * b)));
    }
    for y in [b, b + th] {
        segments.push(((0.0, y), (reach, y)));
        segments.push(((tw + 2.0 * b - reach, y), (tw + 2.0 * b, y)));
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
fn canonical(bytes: &[u8]) -> Result<Vec<u8>, String> {
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
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
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
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
