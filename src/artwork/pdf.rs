//! Print-ready PDF at physical size: the SVG becomes a vector form XObject (svg2pdf), placed on a
//! page whose MediaBox is trim + bleed, with TrimBox and BleedBox for the print shop. Pages larger
//! than PDF's 200-inch limit get a UserUnit so they still come out at true size.

use std::collections::HashMap;

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
    let mut map = HashMap::new();
    let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
    let svg_id = map
        .get(&svg_ref)
        .copied()
        .ok_or("svg2pdf returned no XObject")?;

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
        .transform([mw, 0.0, 0.0, mh, 0.0, 0.0])
        .x_object(svg_name);
    pdf.stream(content_id, &content.finish());
    pdf.document_info(info_id)
        .title(TextStr(title))
        .producer(TextStr(concat!("loa ", env!("CARGO_PKG_VERSION"))));
    pdf.extend(&chunk);
    Ok(pdf.finish())
}
