//! Drawing one pano, step by step: its text boxes fitted, its photos and QR code placed, the
//! facts preflight judges, the filled-in SVG, and from it the print files.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::photos::{PhotoOut, PrintPhotos, place_photos};
use super::{PanoArt, PanoJob, spec_of};
use crate::artwork::boxes::{BoxOut, BoxText, place, round};
use crate::artwork::layout::Layout;
use crate::artwork::preflight::{self, Facts, Issue};
use crate::artwork::sheet::Sheet;
use crate::artwork::{Studio, qr};
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

/// How far [`Studio::pano`] goes after laying a pano out and preflighting it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Draw {
    /// No further: preflight needs the layout, not the pixels.
    Check,
    /// Draws the files, and the portal's screen previews when `screens`.
    Files { screens: bool },
}

impl Studio {
    /// Lays a pano out and preflights it, and draws it as `draw` says.
    pub(super) fn pano(
        &self,
        site: &Site,
        photos: &PrintPhotos,
        job: &PanoJob,
        draw: Draw,
    ) -> Result<PanoArt> {
        let (draw, screens) = match draw {
            Draw::Check => (false, false),
            Draw::Files { screens } => (true, screens),
        };
        let page = &site.pages[job.page];
        let (spec, layout) = self.pano_layout(page)?;
        let dims = (spec.width.0, spec.height.0, spec.bleed.0);
        let mut text_ctx = self.pano_context(site, page, spec, job);
        let qr_data = Self::qr_target(site, page, spec);
        text_ctx.insert("qr_url", &qr_data);

        let texts = self.pano_texts(spec, layout, &text_ctx, dims)?;
        let (photo_out, photo_facts) = place_photos(photos, page, spec, layout, dims)?;
        let qr = place_qr(page, spec, layout, qr_data.as_deref(), dims)?;
        let mut issues = preflight::judge(&facts(spec, &texts, &photo_facts, qr.as_ref()));
        let boxes = texts.boxes;
        let mut ctx = self.sheet_context("mm", dims, &boxes, &page.lang);
        ctx.insert("photos", &photo_out);
        ctx.insert("qr", &qr);
        let svg = self.layout_svg(&layout.template, &ctx)?;

        let format = Self::pano_format(spec);
        let sheet = Sheet {
            svg: &svg,
            format: &format,
            layout,
            lang: &page.lang,
            file: &page.rel,
            title: &page.title,
            pdf_what: "PDF of the pano".into(),
            // The artwork cache (on in builds) keys on the finished SVG and the bytes of the
            // photos it names, so a rebuild redraws a pano only when something on it changed.
            cache_extra: draw.then(|| {
                format!(
                    "pano|{:?}|{:?}|{:?}|{}|{}|{}",
                    spec.width, spec.height, spec.bleed, layout.family, page.lang, page.title
                )
            }),
            keep_clear: keep_clear(&photo_out, qr.as_ref()),
            screens,
            png_only: false,
        };
        let files = self.draw_sheet(&sheet, |problems| {
            issues.extend(problems.into_iter().map(Issue::Typesetting));
            Ok(draw && !issues.iter().any(Issue::is_error))
        })?;
        let mut art = PanoArt {
            svg: Vec::new(),
            png: Vec::new(),
            pdf: Vec::new(),
            screens: Vec::new(),
            issues,
            boxes,
        };
        for (suffix, bytes) in files.unwrap_or_default() {
            match suffix.as_str() {
                ".svg" => art.svg = bytes,
                ".png" => art.png = bytes,
                ".pdf" => art.pdf = bytes,
                _ => art.screens.push((suffix, bytes)),
            }
        }
        Ok(art)
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
        let may_use = "pano boxes may use theme, year, dates.start/end (.short, .long, .day_month), opening (.date, .time, .place), slogan, headline, organiser, site_title, lang, t";
        for text in self.box_texts(&spec.layout, layout, text_ctx, may_use) {
            let (
                name,
                b,
                BoxText {
                    content,
                    weight,
                    measurer: m,
                },
            ) = text?;
            let name = name.to_string();
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

/// What preflight judges of a pano: its size, photos, texts and QR code.
fn facts<'a>(
    spec: &PanoSpec,
    texts: &'a Texts,
    photos: &'a [(String, u32, Mm)],
    qr: Option<&QrOut>,
) -> Facts<'a> {
    Facts {
        width: spec.width,
        height: spec.height,
        large: spec.large(),
        photos: photos
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
        qr_module: qr.map(|q| Mm(q.scale)),
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
