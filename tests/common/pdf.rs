//! Reading print PDFs back without poppler: boxes, images, the vector paths and the text of the
//! artwork (decoded through each font's ToUnicode map, as pdftotext does).
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object};

pub const PT_PER_MM: f64 = 72.0 / 25.4;

pub fn number(obj: &Object) -> f64 {
    match obj {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        other => panic!("not a number: {other:?}"),
    }
}

pub fn rect(dict: &Dictionary, key: &[u8]) -> [f64; 4] {
    let arr = dict.get(key).unwrap().as_array().unwrap();
    [
        number(&arr[0]),
        number(&arr[1]),
        number(&arr[2]),
        number(&arr[3]),
    ]
}

pub struct Pdf {
    pub doc: Document,
    pub page: lopdf::ObjectId,
}

impl Pdf {
    pub fn load(path: &Path) -> Pdf {
        let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1, "{}: one page", path.display());
        let page = *pages.values().next().unwrap();
        Pdf { doc, page }
    }

    pub fn page_dict(&self) -> &Dictionary {
        self.doc.get_dictionary(self.page).unwrap()
    }

    pub fn box_mm(&self, key: &[u8]) -> [f64; 4] {
        rect(self.page_dict(), key).map(|v| v / PT_PER_MM)
    }

    /// Operations of the page's own content stream (not of the XObjects it draws).
    pub fn page_ops(&self) -> Vec<Operation> {
        Content::decode(&self.doc.get_page_content(self.page))
            .unwrap()
            .operations
    }

    /// Streams of the given /Subtype (Image, Form).
    pub fn streams(&self, subtype: &[u8]) -> Vec<&lopdf::Stream> {
        self.doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(subtype))
            .collect()
    }

    /// (width, height) of every embedded raster image.
    pub fn images(&self) -> Vec<(u32, u32)> {
        self.streams(b"Image")
            .iter()
            .map(|s| {
                (
                    number(s.dict.get(b"Width").unwrap()) as u32,
                    number(s.dict.get(b"Height").unwrap()) as u32,
                )
            })
            .collect()
    }

    pub fn embedded_fonts(&self) -> usize {
        self.doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"))
            .count()
    }

    /// Operations of every form XObject: where svg2pdf draws the artwork.
    pub fn form_ops(&self) -> Vec<(Vec<Operation>, &Dictionary)> {
        self.streams(b"Form")
            .into_iter()
            .map(|s| {
                let data = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                (Content::decode(&data).unwrap().operations, &s.dict)
            })
            .collect()
    }

    /// The text drawn by the artwork, in drawing order (svg2pdf places glyphs one by one, so
    /// there are no line breaks to recover; spaces are glyphs and come through).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (ops, dict) in self.form_ops() {
            let fonts = self.fonts_of(dict);
            let mut current: Option<&HashMap<u16, String>> = None;
            for op in &ops {
                match op.operator.as_str() {
                    "Tf" => {
                        let name = op.operands[0].as_name().unwrap();
                        current = fonts.get(name);
                    }
                    "Tj" | "TJ" => {
                        let strings: Vec<&Object> = match &op.operands[0] {
                            Object::Array(a) => a.iter().collect(),
                            o => vec![o],
                        };
                        for s in strings {
                            if let (Object::String(bytes, _), Some(map)) = (s, current) {
                                for pair in bytes.chunks(2) {
                                    let cid =
                                        u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                                    if let Some(t) = map.get(&cid) {
                                        out.push_str(t);
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    fn fonts_of(&self, form: &Dictionary) -> HashMap<Vec<u8>, HashMap<u16, String>> {
        let mut out = HashMap::new();
        let Ok(res) = form.get(b"Resources").and_then(|r| self.deref_dict(r)) else {
            return out;
        };
        let Ok(fonts) = res.get(b"Font").and_then(|f| self.deref_dict(f)) else {
            return out;
        };
        for (name, f) in fonts.iter() {
            let Ok(font) = self.deref_dict(f) else {
                continue;
            };
            let Ok(tu) = font.get(b"ToUnicode").and_then(|t| t.as_reference()) else {
                continue;
            };
            let stream = self.doc.get_object(tu).unwrap().as_stream().unwrap();
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            out.insert(name.clone(), parse_cmap(&String::from_utf8_lossy(&data)));
        }
        out
    }

    fn deref_dict<'a>(&'a self, o: &'a Object) -> lopdf::Result<&'a Dictionary> {
        match o {
            Object::Reference(id) => self.doc.get_dictionary(*id),
            o => o.as_dict(),
        }
    }
}

fn hex_u16(s: &str) -> u16 {
    u16::from_str_radix(s.trim_matches(['<', '>']), 16).unwrap()
}

fn hex_text(s: &str) -> String {
    let h = s.trim_matches(['<', '>']);
    let units: Vec<u16> = (0..h.len() / 4)
        .map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).unwrap())
        .collect();
    String::from_utf16_lossy(&units)
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_cmap(text: &str) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let mut mode = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (mode, parts.as_slice()) {
            ("char", [cid, uni]) => {
                map.insert(hex_u16(cid), hex_text(uni));
            }
            ("range", [lo, hi, start]) if start.starts_with('<') => {
                let (lo, hi) = (hex_u16(lo), hex_u16(hi));
                let first = hex_text(start).chars().next().unwrap() as u32;
                for (i, cid) in (lo..=hi).enumerate() {
                    if let Some(c) = char::from_u32(first + i as u32) {
                        map.insert(cid, c.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    map
}

/// Straight segments (`m`, `l`) of the page content stream, in page units.
pub fn segments(ops: &[Operation]) -> Vec<((f64, f64), (f64, f64))> {
    let mut out = Vec::new();
    let mut at = None;
    for op in ops {
        match op.operator.as_str() {
            "m" => at = Some((number(&op.operands[0]), number(&op.operands[1]))),
            "l" => {
                let to = (number(&op.operands[0]), number(&op.operands[1]));
                if let Some(from) = at {
                    out.push((from, to));
                }
                at = Some(to);
            }
            _ => {}
        }
    }
    out
}

/// The QR code drawn as vector modules in the artwork: the filled path of integer-coordinate
/// rectangles with the most parts, turned back into a grid of modules (true = dark). The quiet
/// zone is in the coordinates, as loa draws it.
pub fn qr_modules(pdf: &Pdf) -> Vec<Vec<bool>> {
    let mut best: Vec<[f64; 4]> = Vec::new();
    for (ops, _) in pdf.form_ops() {
        let mut rects: Vec<[f64; 4]> = Vec::new();
        let mut current: Vec<(f64, f64)> = Vec::new();
        let mut integral = true;
        let close = |pts: &mut Vec<(f64, f64)>, rects: &mut Vec<[f64; 4]>| {
            if pts.len() >= 4 {
                let xs = pts.iter().map(|p| p.0);
                let ys = pts.iter().map(|p| p.1);
                rects.push([
                    xs.clone().fold(f64::MAX, f64::min),
                    ys.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                    ys.fold(f64::MIN, f64::max),
                ]);
            }
            pts.clear();
        };
        for op in &ops {
            match op.operator.as_str() {
                "m" | "l" => {
                    let (x, y) = (number(&op.operands[0]), number(&op.operands[1]));
                    integral &= x.fract() == 0.0 && y.fract() == 0.0;
                    if op.operator == "m" {
                        close(&mut current, &mut rects);
                    }
                    current.push((x, y));
                }
                "h" => close(&mut current, &mut rects),
                "f" | "f*" => {
                    close(&mut current, &mut rects);
                    if integral && rects.len() > best.len() {
                        best = std::mem::take(&mut rects);
                    }
                    rects.clear();
                    integral = true;
                }
                "n" | "S" | "B" => {
                    current.clear();
                    rects.clear();
                    integral = true;
                }
                _ => {}
            }
        }
    }
    assert!(best.len() > 20, "no QR path found in the PDF");
    let span = best.iter().map(|r| r[2]).fold(0.0, f64::max) as usize + 4;
    let mut grid = vec![vec![false; span]; span];
    for [x0, y0, x1, y1] in best {
        for row in grid.iter_mut().take(y1 as usize).skip(y0 as usize) {
            for cell in row.iter_mut().take(x1 as usize).skip(x0 as usize) {
                *cell = true;
            }
        }
    }
    grid
}

/// Every crop mark lies on the line of a trim edge, outside the bleed box (at least 3 mm beyond
/// its edge, so a shifted sheet never shows one on the artwork), and inside the page.
pub fn assert_crop_marks(pdf: &Pdf) {
    let t = pdf.box_mm(b"TrimBox");
    let b = pdf.box_mm(b"BleedBox");
    let m = pdf.box_mm(b"MediaBox");
    let marks: Vec<((f64, f64), (f64, f64))> = segments(&pdf.page_ops())
        .into_iter()
        .map(|((x1, y1), (x2, y2))| {
            let mm = |v: f64| v / PT_PER_MM;
            ((mm(x1), mm(y1)), (mm(x2), mm(y2)))
        })
        .collect();
    // Eight marks, each drawn twice (white under black).
    assert_eq!(marks.len(), 16, "{marks:?}");
    let eps = 0.01;
    for ((x1, y1), (x2, y2)) in marks {
        for (x, y) in [(x1, y1), (x2, y2)] {
            assert!(
                x >= m[0] - eps && x <= m[2] + eps && y >= m[1] - eps && y <= m[3] + eps,
                "mark point ({x}, {y}) outside the page {m:?}"
            );
        }
        let on_trim_line = [t[0], t[2]]
            .iter()
            .any(|v| (x1 - v).abs() < eps && (x2 - v).abs() < eps)
            || [t[1], t[3]]
                .iter()
                .any(|v| (y1 - v).abs() < eps && (y2 - v).abs() < eps);
        assert!(
            on_trim_line,
            "mark ({x1}, {y1})–({x2}, {y2}) mm is not on a trim line"
        );
        // The whole segment lies beyond one edge of the bleed box, by at least 3 mm.
        let (lo_x, hi_x) = (x1.min(x2), x1.max(x2));
        let (lo_y, hi_y) = (y1.min(y2), y1.max(y2));
        let gap = 3.0 - eps;
        assert!(
            hi_x <= b[0] - gap || lo_x >= b[2] + gap || hi_y <= b[1] - gap || lo_y >= b[3] + gap,
            "mark ({x1}, {y1})–({x2}, {y2}) mm is not 3 mm outside the bleed box {b:?}"
        );
        let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
        assert!(
            (5.0..=10.0).contains(&len),
            "mark ({x1}, {y1})–({x2}, {y2}) is {len} mm long"
        );
    }
}

/// A PDF's structure checked as print shops' preflight tools read it (what `qpdf --check`
/// checks, which `.ci/run` also runs on the demo's print files): the header and end marker, the
/// cross-reference table where `startxref` says, every object at the offset the table gives,
/// every stream exactly its `/Length` long and decodable, every reference to an object that
/// exists, and every page's content stream parsable.
pub fn assert_sound(path: &Path) {
    let name = path.display();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(bytes.starts_with(b"%PDF-1."), "{name}: no PDF header");
    let end = bytes.trim_ascii_end();
    assert!(end.ends_with(b"%%EOF"), "{name}: no %%EOF at the end");
    // The last `startxref` names the offset of the cross-reference table.
    let at = rfind(end, b"startxref").unwrap_or_else(|| panic!("{name}: no startxref"));
    let xref: usize = std::str::from_utf8(&end[at + 9..end.len() - 5])
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name}: startxref without an offset"));
    assert!(
        bytes.get(xref..).is_some_and(|b| b.starts_with(b"xref")),
        "{name}: startxref {xref} is not at the cross-reference table"
    );
    let offsets = xref_table(&bytes[xref..], &name.to_string());
    let doc = Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let size = doc.trailer.get(b"Size").map(number).unwrap_or(-1.0) as usize;
    assert_eq!(
        size,
        offsets.len(),
        "{name}: trailer /Size against the table"
    );
    for (id, entry) in offsets.iter().enumerate() {
        let Some((offset, generation)) = entry else {
            continue;
        };
        let head = format!("{id} {generation} obj");
        assert!(
            bytes[*offset..].starts_with(head.as_bytes()),
            "{name}: object {id} is not at offset {offset}"
        );
        let object = doc
            .objects
            .get(&(id as u32, *generation))
            .unwrap_or_else(|| panic!("{name}: object {id} unreadable"));
        if let Object::Stream(stream) = object {
            assert_stream(&bytes[*offset..], stream, &format!("{name}: object {id}"));
        }
    }
    for (id, object) in &doc.objects {
        assert_references(&doc, object, &format!("{name}: object {id:?}"));
    }
    let pages = doc.get_pages();
    let root = doc
        .catalog()
        .unwrap_or_else(|e| panic!("{name}: catalog: {e}"));
    let tree = root
        .get(b"Pages")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .unwrap_or_else(|e| panic!("{name}: /Pages: {e}"));
    assert_eq!(
        tree.get(b"Count").map(number).ok(),
        Some(pages.len() as f64),
        "{name}: /Count"
    );
    assert!(!pages.is_empty(), "{name}: no page");
    for page in pages.values() {
        Content::decode(&doc.get_page_content(*page))
            .unwrap_or_else(|e| panic!("{name}: page content: {e}"));
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The classic cross-reference table at the start of `table`: for each object number, its
/// offset and generation when in use.
fn xref_table(table: &[u8], name: &str) -> Vec<Option<(usize, u16)>> {
    let text = String::from_utf8_lossy(table);
    let mut lines = text.lines().skip(1);
    let mut entries: Vec<Option<(usize, u16)>> = Vec::new();
    loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("{name}: xref ends early"));
        if line.starts_with("trailer") {
            break;
        }
        let mut head = line.split_whitespace().map(|n| n.parse::<usize>());
        let (Some(Ok(first)), Some(Ok(count))) = (head.next(), head.next()) else {
            panic!("{name}: xref subsection header {line:?}");
        };
        assert_eq!(
            first,
            entries.len(),
            "{name}: xref subsections out of order"
        );
        for _ in 0..count {
            let entry = lines
                .next()
                .unwrap_or_else(|| panic!("{name}: xref ends early"));
            let parts: Vec<&str> = entry.split_whitespace().collect();
            match parts[..] {
                [offset, generation, "n"] => entries.push(Some((
                    offset
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}: {entry:?}")),
                    generation
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}: {entry:?}")),
                ))),
                [_, _, "f"] => entries.push(None),
                _ => panic!("{name}: xref entry {entry:?}"),
            }
        }
    }
    assert_eq!(
        entries.first(),
        Some(&None),
        "{name}: object 0 must be free"
    );
    entries
}

/// A stream object (`object` starts at its `N G obj`) holds exactly `/Length` bytes between
/// `stream` and `endstream`, and they decode through its filters.
fn assert_stream(object: &[u8], stream: &lopdf::Stream, what: &str) {
    let length = stream.dict.get(b"Length").map(number).expect("/Length") as usize;
    assert_eq!(stream.content.len(), length, "{what}: /Length");
    // The data starts after the `stream` keyword's end of line: CRLF or LF, never CR alone.
    let keyword = object
        .windows(7)
        .position(|w| w == b"stream\n" || w == b"stream\r")
        .unwrap_or_else(|| panic!("{what}: no `stream` keyword"));
    let data = &object[keyword + 6..];
    let data = data
        .strip_prefix(b"\r\n")
        .or(data.strip_prefix(b"\n"))
        .unwrap_or_else(|| panic!("{what}: `stream` not followed by an end of line"));
    assert!(
        data.get(..length) == Some(&stream.content[..]),
        "{what}: the data is not the /Length bytes after `stream`"
    );
    let after = &data[length..];
    let after = after
        .strip_prefix(b"\r\n")
        .or(after.strip_prefix(b"\n"))
        .unwrap_or(after);
    assert!(
        after.starts_with(b"endstream"),
        "{what}: no endstream after /Length bytes"
    );
    let filters = stream.filters().unwrap_or_default();
    match filters.as_slice() {
        [] => {}
        [b"FlateDecode"] => {
            let mut out = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::ZlibDecoder::new(&stream.content[..]),
                &mut out,
            )
            .unwrap_or_else(|e| panic!("{what}: Flate data: {e}"));
        }
        [b"DCTDecode"] => {
            image::load_from_memory_with_format(&stream.content, image::ImageFormat::Jpeg)
                .unwrap_or_else(|e| panic!("{what}: JPEG data: {e}"));
        }
        other => panic!("{what}: unexpected filters {other:?}"),
    }
}

/// Every reference inside `object` names an object of the file.
fn assert_references(doc: &Document, object: &Object, what: &str) {
    match object {
        Object::Reference(id) => {
            assert!(doc.objects.contains_key(id), "{what}: dangling {id:?}");
        }
        Object::Array(items) => items.iter().for_each(|o| assert_references(doc, o, what)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| assert_references(doc, o, what)),
        Object::Stream(s) => s
            .dict
            .iter()
            .for_each(|(_, o)| assert_references(doc, o, what)),
        _ => {}
    }
}
