//! Drawing one pano, step by step: its text boxes fitted, its photos and QR code placed, the
//! facts preflight judges, the filled-in SVG, and from it the print files.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::photos::{PhotoOut, PrintPhotos, place_photos};
use super::{FILE_STEM, PanoArt, PanoJob, spec_of};
use crate::artwork::boxes::{BoxOut, place, round};
use crate::artwork::format::PX_PER_MM;
use crate::artwork::layout::Layout;
use crate::artwork::preflight::{self, Facts, Issue};
use crate::artwork::{Studio, ink, pdf, qr};
use crate::content::pano::PanoSpec;
use crate::error::{Error, Location, Result};
use crate::model::{Page, Site};
use crate::types::Mm;

#[derive(Serialize)]
struct QrOut {
    x: f64,
    y: f64,
    size: f64,
    /// Scale from QR modules to millimetres.
    scale: f64,
    span: usize,
    path: String,
}

/// A pano's text boxes fitted and placed, with what preflight needs of them.
struct Texts {
    /// By box name, as the SVG template gets them.
    boxes: HashMap<String, BoxOut>,
    /// (box name, text, extent of its lines in trim coordinates: x0, y0, x1, y1 in mm).
    extents: Vec<(String, String, [f64; 4])>,
    /// (box name, characters the font has no glyph for).
    missing: Vec<(String, Vec<char>)>,
}

impl Studio {
    /// Lays a pano out and preflights it; draws its files only when `draw` (preflight alone
    /// needs the layout, not the pixels).
    pub(super) fn pano(
        &self,
        site: &Site,
        photos: &PrintPhotos,
        job: &PanoJob,
        draw: bool,
    ) -> Result<PanoArt> {
        let page = &site.pages[job.page];
        let (spec, layout) = self.pano_layout(page)?;
        let dims = (spec.width.0, spec.height.0, spec.bleed.0);
        let mut text_ctx = self.pano_context(site, page, spec, job);
        let qr_data = Self::qr_target(site, page, spec);
        text_ctx.insert("qr_url", &qr_data);

        let texts = self.pano_texts(spec, layout, &text_ctx, dims)?;
        let (photo_out, photo_facts) = place_photos(photos, page, spec, layout, dims)?;
        let qr = place_qr(page, spec, layout, qr_data.as_deref(), dims)?;
        let facts = Facts {
            width: spec.width,
            height: spec.height,
            large: spec.large(),
            photos: photo_facts
                .iter()
                .map(|(n, px, w)| (n.as_str(), *px, *w))
                .collect(),
            texts: texts
                .extents
                .iter()
                .map(|(n, t, r)| (n.as_str(), t.as_str(), *r))
                .collect(),
            missing: texts
                .missing
                .iter()
                .map(|(n, c)| (n.as_str(), c.clone()))
                .collect(),
            qr_module: qr.as_ref().map(|q| Mm(q.scale)),
        };
        let mut issues = preflight::judge(&facts);
        let boxes = texts.boxes;
        let mut ctx = crate::artwork::sheet::sheet_context("mm", dims, &boxes);
        ctx.insert("photos", &photo_out);
        ctx.insert("qr", &qr);
        ctx.insert("lang", page.lang.as_str());
        ctx.insert("logo", &self.logo.as_ref().map(|p| p.display().to_string()));
        let svg = self.layout_svg(&layout.template, &ctx)?;
        // The artwork cache (on in builds) keys on the finished SVG and the bytes of the photos
        // it names, so a rebuild redraws a pano only when something on it changed. Only panos
        // that passed the ink check are drawn, so only those are ever cached.
        const EXTS: [&str; 3] = ["svg", "png", "pdf"];
        let key = self.cache.as_ref().filter(|_| draw).map(|c| {
            let extra = format!(
                "pano|{:?}|{:?}|{:?}|{}|{}|{}",
                spec.width, spec.height, spec.bleed, layout.family, page.lang, page.title
            );
            c.key(&svg, FILE_STEM, &extra, &self.static_dir)
        });
        if let (Some(c), Some(key)) = (&self.cache, &key)
            && let Some(files) = c.get(key, &EXTS)
            && let Ok([svg, png, pdf]) = <[Vec<u8>; 3]>::try_from(files)
        {
            return Ok(PanoArt {
                svg,
                png,
                pdf,
                issues,
                boxes,
            });
        }
        let tree = self.parse_svg(&svg, &layout.family, &page.lang, &layout.template)?;
        issues.extend(
            ink::inspect(
                &tree,
                layout.clearance(),
                &keep_clear(&photo_out, qr.as_ref()),
                PX_PER_MM,
            )
            .into_iter()
            .map(Issue::Typesetting),
        );
        if !draw || issues.iter().any(Issue::is_error) {
            return Ok(PanoArt {
                svg: Vec::new(),
                png: Vec::new(),
                pdf: Vec::new(),
                issues,
                boxes,
            });
        }
        let format = Self::pano_format(spec);
        let png = self.png(&tree, &format)?;
        let page_boxes = pdf::PageBoxes {
            trim_w: spec.width,
            trim_h: spec.height,
            bleed: spec.bleed,
            crop_marks: true,
        };
        let pdf = pdf::write(
            &tree,
            &page_boxes,
            &page.title,
            &self.print,
            &layout.palette,
        )
        .map_err(|e| Error::Other(format!("{}: PDF of the pano: {e}", page.rel.display())))?;
        let svg = tree.to_string(&usvg::WriteOptions::default()).into_bytes();
        if let (Some(c), Some(key)) = (&self.cache, &key) {
            c.put(
                key,
                &[("svg", &svg[..]), ("png", &png[..]), ("pdf", &pdf[..])],
            );
        }
        Ok(PanoArt {
            svg,
            png,
            pdf,
            issues,
            boxes,
        })
    }

    /// A pano's front matter and the layout it names.
    fn pano_layout<'a>(&'a self, page: &'a Page) -> Result<(&'a PanoSpec, &'a Layout)> {
        let Some(spec) = spec_of(page) else {
            return Err(Error::Other(format!(
                "{} is not a pano",
                page.rel.display()
            )));
        };
        let layout = self.layouts.get(&spec.layout).ok_or_else(|| {
            Error::content(
                Location::file(&page.rel),
                format!("the theme has no pano layout `{}`", spec.layout),
                "use pano-ngang or pano-doc",
            )
        })?;
        Ok((spec, layout))
    }

    /// Fills, fits and places every text box of a pano's layout. `dims` is (trim width, trim
    /// height, bleed) in mm.
    fn pano_texts(
        &self,
        spec: &PanoSpec,
        layout: &Layout,
        text_ctx: &Context,
        (tw, th, bleed): (f64, f64, f64),
    ) -> Result<Texts> {
        let mut boxes: HashMap<String, BoxOut> = HashMap::new();
        let mut texts: Vec<(String, String, [f64; 4])> = Vec::new();
        let mut missing: Vec<(String, Vec<char>)> = Vec::new();
        for (name, b) in &layout.boxes {
            let raw = self
                .tera
                .render(&format!("{}#{name}", spec.layout), text_ctx)
                .map_err(|e| Error::Template {
                    template: format!("artwork/{}.yaml (box {name})", spec.layout),
                    message: e.to_string(),
                    hint: "pano boxes may use theme, year, week.start/end (.short, .long, .day_month), opening (.date, .time, .place), slogan, headline, organiser, site_title, lang, t".into(),
                })?;
            let weight = b.weight.unwrap_or(700);
            let (content, m) = self.box_text(
                &raw,
                b.uppercase,
                &layout.family,
                weight,
                &format!("artwork/{}.yaml (box {name})", spec.layout),
            )?;
            missing.push((name.clone(), m.missing_glyphs(&content)));
            let fitted = b.fit(m, &content, tw, th, &self.keep);
            let placed = place(b, &layout.family, weight, &fitted, (tw, th, bleed));
            if let (Some(first), Some(last)) = (placed.lines.first(), placed.lines.last()) {
                let (mut x0, mut x1) = (f64::MAX, f64::MIN);
                for (l, w) in placed.lines.iter().zip(&fitted.widths) {
                    let left = match placed.anchor {
                        "start" => l.x,
                        "end" => l.x - w,
                        _ => l.x - w / 2.0,
                    };
                    x0 = x0.min(left - bleed);
                    x1 = x1.max(left + w - bleed);
                }
                let y0 = first.y - fitted.above * fitted.size - bleed;
                let y1 = last.y + fitted.below * fitted.size - bleed;
                texts.push((name.clone(), content.clone(), [x0, y0, x1, y1]));
            }
            boxes.insert(name.clone(), placed);
        }
        Ok(Texts {
            boxes,
            extents: texts,
            missing,
        })
    }
}

/// Where a pano's QR code goes: the largest square that fits the layout's QR frame, at its top
/// centre. None when the layout has no QR frame or the pano no `qr:`.
fn place_qr(
    page: &Page,
    spec: &PanoSpec,
    layout: &Layout,
    data: Option<&str>,
    (tw, th, bleed): (f64, f64, f64),
) -> Result<Option<QrOut>> {
    let (Some(f), Some(data)) = (&layout.qr, data) else {
        return Ok(None);
    };
    let code = qr::encode(data).map_err(|e| {
        Error::content(
            Location::at(&page.rel, spec.lines.get("qr").copied()),
            e,
            "QR codes hold up to about 2 000 characters; give a shorter address",
        )
    })?;
    let (fw, fh) = (f.w * tw, f.h * th);
    let side = fw.min(fh);
    Ok(Some(QrOut {
        x: round(bleed + f.x * tw + (fw - side) / 2.0),
        y: round(bleed + f.y * th),
        size: round(side),
        scale: side / code.span as f64,
        span: code.span,
        path: code.path,
    }))
}

/// Photo frames and the QR code: areas text keeps clear of, beside what the tree draws (frame
/// lines, rules, pictures), in mm.
fn keep_clear(photos: &HashMap<String, PhotoOut>, qr: Option<&QrOut>) -> Vec<(String, usvg::Rect)> {
    let mut areas: Vec<(String, usvg::Rect)> = photos
        .iter()
        .filter_map(|(name, p)| {
            usvg::Rect::from_xywh(p.fx as f32, p.fy as f32, p.fw as f32, p.fh as f32)
                .map(|r| (format!("photo frame `{name}`"), r))
        })
        .collect();
    if let Some(q) = qr {
        areas.extend(
            usvg::Rect::from_xywh(q.x as f32, q.y as f32, q.size as f32, q.size as f32)
                .map(|r| ("QR code".to_string(), r)),
        );
    }
    areas
}
