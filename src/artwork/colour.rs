//! Print colour: the CMYK palette a layout declares beside its RGB colours, and the rewriting of
//! svg2pdf's RGB output into DeviceCMYK with it.
//!
//! svg2pdf writes every fill and stroke as ICC-based sRGB (`/C0 cs r g b scn`) and gradients as
//! sRGB shadings. A RIP would convert those through the output profile, which turns black text
//! and QR codes into four-colour black (mis-registered, blurry at small sizes) and shifts the
//! campaign's red and yellow. A designer's CMYK values for each colour are what print shops
//! expect, so the PDF writer replaces every colour operator of the artwork with `k`/`K` and every
//! shading's colour space and function values with their CMYK equivalents from the palette.
//! Photos (image XObjects) stay RGB, tagged with an sRGB profile, and are converted by the RIP.
//!
//! Soft masks are left alone: they hold luminosity, not ink, and converting them would change
//! what they let through.

use std::collections::{BTreeSet, HashSet};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::palette::Palette;

/// What a colour space operand or resource stands for.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Space {
    Rgb,
    Gray,
    Cmyk,
    /// Pattern, Separation, Lab…: left as they are.
    Other,
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

fn dict_of<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, o)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The `/Resources` a page, form or Type 3 font carries itself, if any.
fn own_resources(doc: &Document, dict: &Dictionary) -> Option<Dictionary> {
    dict.get(b"Resources")
        .ok()
        .and_then(|r| dict_of(doc, r))
        .cloned()
}

/// The kind of a colour space object (a name or an array such as `[/ICCBased 12 0 R]`).
fn space_of(doc: &Document, o: &Object) -> Space {
    match resolve(doc, o) {
        Some(Object::Name(n)) => match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" => Space::Rgb,
            b"DeviceGray" | b"CalGray" => Space::Gray,
            b"DeviceCMYK" => Space::Cmyk,
            _ => Space::Other,
        },
        Some(Object::Array(a)) => match a.first().and_then(|n| n.as_name().ok()) {
            Some(b"ICCBased") => {
                let n = a
                    .get(1)
                    .and_then(|s| dict_of(doc, s))
                    .and_then(|d| d.get(b"N").ok())
                    .and_then(|n| n.as_i64().ok());
                match n {
                    Some(3) => Space::Rgb,
                    Some(1) => Space::Gray,
                    Some(4) => Space::Cmyk,
                    _ => Space::Other,
                }
            }
            Some(b"CalRGB") => Space::Rgb,
            Some(b"CalGray") => Space::Gray,
            _ => Space::Other,
        },
        _ => Space::Other,
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn byte(v: f32) -> u8 {
    (v * 255.0).round().clamp(0.0, 255.0) as u8
}

/// Operands of `space` as an RGB colour (None when they are not plain numbers of that space).
fn rgb_of(space: Space, operands: &[Object]) -> Option<[u8; 3]> {
    let v: Option<Vec<f32>> = operands.iter().map(number).collect();
    match (space, v?.as_slice()) {
        (Space::Rgb, [r, g, b]) => Some([byte(*r), byte(*g), byte(*b)]),
        (Space::Gray, [g]) => Some([byte(*g); 3]),
        _ => None,
    }
}

/// A CMYK number as PDF writes it best: 0 and 1 as integers, so pure K reads `0 0 0 1 k`.
fn ink(v: f32) -> Object {
    let v = (v * 10_000.0).round() / 10_000.0;
    if v == 0.0 || v == 1.0 {
        Object::Integer(v as i64)
    } else {
        Object::Real(v)
    }
}

fn cmyk_op(cmyk: [f32; 4], stroke: bool) -> Operation {
    Operation::new(
        if stroke { "K" } else { "k" },
        cmyk.iter().map(|v| ink(*v)).collect(),
    )
}

/// Content streams to rewrite and shadings to convert, found from the page's resources.
#[derive(Default)]
struct Work {
    /// (stream, the resources its colour space names resolve in).
    streams: Vec<(ObjectId, Option<Dictionary>)>,
    shadings: Vec<ObjectId>,
    seen: HashSet<ObjectId>,
}

impl Work {
    fn resources(&mut self, doc: &Document, res: &Dictionary) {
        let sub = |key: &[u8]| -> Vec<ObjectId> {
            res.get(key)
                .ok()
                .and_then(|o| dict_of(doc, o))
                .map(|d| {
                    d.iter()
                        .filter_map(|(_, v)| v.as_reference().ok())
                        .collect()
                })
                .unwrap_or_default()
        };
        for id in sub(b"XObject") {
            let Ok(Object::Stream(s)) = doc.get_object(id) else {
                continue;
            };
            if s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Form") {
                self.form(doc, id, &s.dict, res);
            }
        }
        for id in sub(b"Pattern") {
            let Some(d) = doc.get_object(id).ok().and_then(|o| dict_of(doc, o)) else {
                continue;
            };
            match d.get(b"PatternType").and_then(|t| t.as_i64()) {
                // Tiling patterns draw with their own content stream.
                Ok(1) => self.form(doc, id, d, res),
                Ok(2) => {
                    if let Ok(s) = d.get(b"Shading").and_then(|s| s.as_reference())
                        && self.seen.insert(s)
                    {
                        self.shadings.push(s);
                    }
                }
                _ => {}
            }
        }
        for id in sub(b"Shading") {
            if self.seen.insert(id) {
                self.shadings.push(id);
            }
        }
        // Type 3 glyphs are content streams too (svg2pdf uses them for colour glyphs).
        for id in sub(b"Font") {
            let Some(font) = doc.get_object(id).ok().and_then(|o| dict_of(doc, o)) else {
                continue;
            };
            if font.get(b"Subtype").and_then(|n| n.as_name()).ok() != Some(b"Type3") {
                continue;
            }
            let own = own_resources(doc, font);
            let procs: Vec<ObjectId> = font
                .get(b"CharProcs")
                .ok()
                .and_then(|c| dict_of(doc, c))
                .map(|d| {
                    d.iter()
                        .filter_map(|(_, v)| v.as_reference().ok())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(r) = &own {
                self.resources(doc, r);
            }
            for p in procs {
                if self.seen.insert(p) {
                    self.streams
                        .push((p, own.clone().or_else(|| Some(res.clone()))));
                }
            }
        }
        // ExtGState soft masks (`/SMask << /G form >>`) are deliberately not followed.
    }

    /// A form XObject or tiling pattern: its content, then what it draws.
    fn form(&mut self, doc: &Document, id: ObjectId, dict: &Dictionary, parent: &Dictionary) {
        if !self.seen.insert(id) {
            return;
        }
        let own = own_resources(doc, dict);
        self.streams
            .push((id, Some(own.clone().unwrap_or_else(|| parent.clone()))));
        if let Some(r) = own {
            self.resources(doc, &r);
        }
    }
}

/// Rewrites the colours of `page` (its content, forms, patterns, shadings, Type 3 glyphs) to
/// DeviceCMYK from `palette`, and tags RGB images with the sRGB profile `srgb`. Returns the
/// colours the palette did not have, which were converted by the plain formula.
pub(super) fn to_cmyk(
    doc: &mut Document,
    page: ObjectId,
    palette: &Palette,
    srgb: ObjectId,
) -> Result<BTreeSet<[u8; 3]>, String> {
    let mut missing = BTreeSet::new();
    let mut work = Work::default();
    let page_dict = doc.get_dictionary(page).map_err(|e| e.to_string())?.clone();
    let page_res = own_resources(doc, &page_dict).unwrap_or_default();
    let contents: Vec<ObjectId> = match page_dict.get(b"Contents") {
        Ok(Object::Reference(id)) => vec![*id],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    };
    for id in contents {
        work.seen.insert(id);
        work.streams.push((id, Some(page_res.clone())));
    }
    work.resources(doc, &page_res);

    for (id, res) in &work.streams {
        rewrite_stream(doc, *id, res.as_ref(), palette, &mut missing)?;
    }
    let mut functions = HashSet::new();
    for id in &work.shadings {
        shading(doc, *id, palette, &mut functions, &mut missing);
    }
    // Photos stay RGB (the RIP converts them with the output intent) but name their profile, as
    // PDF/X wants of every colour that is not CMYK.
    for obj in doc.objects.values_mut() {
        if let Object::Stream(s) = obj
            && s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image")
            && s.dict.get(b"ColorSpace").and_then(|n| n.as_name()).ok() == Some(b"DeviceRGB")
        {
            s.dict.set(
                "ColorSpace",
                Object::Array(vec![
                    Object::Name(b"ICCBased".to_vec()),
                    Object::Reference(srgb),
                ]),
            );
        }
    }
    Ok(missing)
}

/// Rewrites one content stream's colour operators; its transparency group (forms) blends in CMYK.
fn rewrite_stream(
    doc: &mut Document,
    id: ObjectId,
    res: Option<&Dictionary>,
    palette: &Palette,
    missing: &mut BTreeSet<[u8; 3]>,
) -> Result<(), String> {
    let named = |name: &[u8]| -> Space {
        match name {
            b"DeviceRGB" => Space::Rgb,
            b"DeviceGray" => Space::Gray,
            b"DeviceCMYK" => Space::Cmyk,
            _ => res
                .and_then(|r| r.get(b"ColorSpace").ok())
                .and_then(|c| dict_of(doc, c))
                .and_then(|d| d.get(name).ok())
                .map(|o| space_of(doc, o))
                .unwrap_or(Space::Other),
        }
    };
    let group_space = doc
        .get_object(id)
        .ok()
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| s.dict.get(b"Group").ok())
        .and_then(|g| dict_of(doc, g))
        .and_then(|g| g.get(b"CS").ok())
        .map(|cs| space_of(doc, cs));
    let Ok(Object::Stream(stream)) = doc.get_object(id) else {
        return Ok(());
    };
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let content = Content::decode(&data).map_err(|e| format!("content stream {id:?}: {e}"))?;

    // (fill, stroke) colour spaces, saved and restored with the graphics state.
    let mut state = (Space::Gray, Space::Gray);
    let mut stack = Vec::new();
    let mut out: Vec<Operation> = Vec::with_capacity(content.operations.len());
    let mut ops = content.operations.into_iter().peekable();
    let mut changed = false;
    while let Some(op) = ops.next() {
        let stroke = op.operator.chars().all(|c| c.is_ascii_uppercase());
        match op.operator.as_str() {
            "q" => stack.push(state),
            "Q" => state = stack.pop().unwrap_or(state),
            "cs" | "CS" => {
                let space = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .map(named)
                    .unwrap_or(Space::Other);
                if stroke {
                    state.1 = space;
                } else {
                    state.0 = space;
                }
                if matches!(space, Space::Rgb | Space::Gray) {
                    changed = true;
                    let set = if stroke { ["SC", "SCN"] } else { ["sc", "scn"] };
                    // `cs` and the `sc` that follows it become one `k`.
                    let next = ops
                        .next_if(|n| set.contains(&n.operator.as_str()))
                        .and_then(|n| rgb_of(space, &n.operands));
                    // A space set without a colour starts at black in RGB and grey alike.
                    let rgb = next.unwrap_or([0, 0, 0]);
                    out.push(cmyk_op(palette.convert(rgb, missing), stroke));
                    if stroke {
                        state.1 = Space::Cmyk;
                    } else {
                        state.0 = Space::Cmyk;
                    }
                    continue;
                }
            }
            "sc" | "scn" | "SC" | "SCN" => {
                let space = if stroke { state.1 } else { state.0 };
                if let Some(rgb) = rgb_of(space, &op.operands) {
                    changed = true;
                    out.push(cmyk_op(palette.convert(rgb, missing), stroke));
                    continue;
                }
            }
            "rg" | "RG" | "g" | "G" => {
                let space = if op.operator.eq_ignore_ascii_case("rg") {
                    Space::Rgb
                } else {
                    Space::Gray
                };
                if let Some(rgb) = rgb_of(space, &op.operands) {
                    changed = true;
                    out.push(cmyk_op(palette.convert(rgb, missing), stroke));
                    if stroke {
                        state.1 = Space::Cmyk;
                    } else {
                        state.0 = Space::Cmyk;
                    }
                    continue;
                }
            }
            "k" | "K" => {
                if stroke {
                    state.1 = Space::Cmyk;
                } else {
                    state.0 = Space::Cmyk;
                }
            }
            _ => {}
        }
        out.push(op);
    }
    let encoded = if changed {
        Some(
            Content { operations: out }
                .encode()
                .map_err(|e| format!("content stream {id:?}: {e}"))?,
        )
    } else {
        None
    };
    let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
        return Ok(());
    };
    if let Some(bytes) = encoded {
        stream.set_plain_content(bytes);
        stream.compress().map_err(|e| e.to_string())?;
    }
    if matches!(group_space, Some(Space::Rgb))
        && let Ok(Object::Dictionary(g)) = stream.dict.get_mut(b"Group")
    {
        g.set("CS", Object::Name(b"DeviceCMYK".to_vec()));
    }
    Ok(())
}

/// A function shading in RGB or grey becomes one in DeviceCMYK with the same geometry.
fn shading(
    doc: &mut Document,
    id: ObjectId,
    palette: &Palette,
    functions: &mut HashSet<ObjectId>,
    missing: &mut BTreeSet<[u8; 3]>,
) {
    let Some(d) = doc.get_object(id).ok().and_then(|o| dict_of(doc, o)) else {
        return;
    };
    let space = d
        .get(b"ColorSpace")
        .map(|cs| space_of(doc, cs))
        .unwrap_or(Space::Other);
    if !matches!(space, Space::Rgb | Space::Gray) {
        return;
    }
    let function = d.get(b"Function").ok().cloned();
    let Some(Object::Reference(fid)) = function else {
        return; // inline or per-component functions: svg2pdf writes neither
    };
    if !convert_function(doc, fid, space, palette, functions, missing) {
        return;
    }
    let target = match doc.get_object_mut(id) {
        Ok(Object::Dictionary(d)) => d,
        Ok(Object::Stream(s)) => &mut s.dict,
        _ => return,
    };
    target.set("ColorSpace", Object::Name(b"DeviceCMYK".to_vec()));
    target.remove(b"Background");
}

/// Converts an exponential (type 2) or stitching (type 3) function's output to CMYK. Returns
/// false for a function it cannot convert, which is then left as it was.
fn convert_function(
    doc: &mut Document,
    id: ObjectId,
    space: Space,
    palette: &Palette,
    done: &mut HashSet<ObjectId>,
    missing: &mut BTreeSet<[u8; 3]>,
) -> bool {
    if done.contains(&id) {
        return true;
    }
    let Some(d) = doc
        .get_object(id)
        .ok()
        .and_then(|o| dict_of(doc, o))
        .cloned()
    else {
        return false;
    };
    let range = Object::Array([0, 1, 0, 1, 0, 1, 0, 1].map(Object::Integer).to_vec());
    let mut new = d.clone();
    match d.get(b"FunctionType").and_then(|t| t.as_i64()) {
        Ok(2) => {
            if d.get(b"N").ok().and_then(number) != Some(1.0) {
                return false;
            }
            let width = if space == Space::Rgb { 3 } else { 1 };
            for (key, default) in [(b"C0", 0.0f32), (b"C1", 1.0f32)] {
                let values: Vec<Object> = match d.get(key) {
                    Ok(Object::Array(a)) => a.clone(),
                    _ => vec![Object::Real(default); width],
                };
                let Some(rgb) = rgb_of(space, &values) else {
                    return false;
                };
                let cmyk = palette.convert(rgb, missing);
                new.set(
                    key.to_vec(),
                    Object::Array(cmyk.iter().map(|v| ink(*v)).collect()),
                );
            }
        }
        Ok(3) => {
            let parts: Vec<ObjectId> = match d.get(b"Functions") {
                Ok(Object::Array(a)) => a.iter().filter_map(|f| f.as_reference().ok()).collect(),
                _ => return false,
            };
            for p in parts {
                if !convert_function(doc, p, space, palette, done, missing) {
                    return false;
                }
            }
        }
        _ => return false,
    }
    new.set("Range", range);
    match doc.get_object_mut(id) {
        Ok(Object::Dictionary(target)) => *target = new,
        Ok(Object::Stream(s)) => s.dict = new,
        _ => return false,
    }
    done.insert(id);
    true
}
