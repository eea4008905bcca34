//! Sheets: from a layout's filled-in SVG template to what is printed and shown. Parses the SVG
//! with the theme's fonts, rasterises the PNG preview of the trim area and gives every template
//! the same facts about its sheet. Shared by slogan artwork and panos.

use std::collections::HashMap;

use tera::Context;

use super::Studio;
use super::boxes::BoxOut;
use super::format::{Format, PX_PER_MM, Size};
use crate::error::{Error, Result};
use crate::types::Lang;

impl Studio {
    /// The layout's SVG template filled in (banners and panos alike).
    pub(super) fn layout_svg(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| Error::Template {
                template: format!("artwork/{template}"),
                message: e.to_string(),
                hint: "fix the artwork template at the line shown".into(),
            })
    }

    /// The filled-in SVG as usvg lays it out, with the theme's fonts and pictures from static/.
    pub(super) fn parse_svg(
        &self,
        svg: &str,
        family: &str,
        lang: &Lang,
        template: &str,
    ) -> Result<usvg::Tree> {
        let mut options = usvg::Options {
            fontdb: self.fontdb.clone(),
            font_family: family.to_string(),
            resources_dir: Some(self.static_dir.clone()),
            ..Default::default()
        };
        options.languages = vec![lang.to_string()];
        usvg::Tree::from_str(svg, &options).map_err(|e| Error::Template {
            template: format!("artwork/{template}"),
            message: format!("the rendered SVG is not valid: {e}"),
            hint: "check the template's markup".into(),
        })
    }

    /// Pixel size of the PNG of a format: exact for screen formats; for print, the long side is
    /// `preview_px`.
    pub(super) fn png_size(&self, f: &Format) -> (u32, u32) {
        let (w, h, _) = f.dims();
        match f.size {
            Size::Screen { .. } => (w.round().max(1.0) as u32, h.round().max(1.0) as u32),
            Size::Print { .. } => {
                let s = self.preview_px as f64 / w.max(h);
                (
                    (w * s).round().max(1.0) as u32,
                    (h * s).round().max(1.0) as u32,
                )
            }
        }
    }

    /// PNG of the trim area (bleed cropped off): what the finished banner looks like.
    pub(super) fn png(&self, tree: &usvg::Tree, format: &Format) -> Result<Vec<u8>> {
        let (pw, ph) = self.png_size(format);
        let (tw, _, bleed) = format.dims();
        let unit_px = match format.size {
            Size::Print { .. } => PX_PER_MM,
            Size::Screen { .. } => 1.0,
        };
        let scale = pw as f64 / (tw * unit_px);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(pw, ph).ok_or_else(|| {
            Error::Other(format!(
                "format {}: PNG size {pw}×{ph} is not possible",
                format.name
            ))
        })?;
        let shift = -(bleed * unit_px * scale) as f32;
        let transform = resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32)
            .post_translate(shift, shift);
        resvg::render(tree, transform, &mut pixmap.as_mut());
        pixmap
            .encode_png()
            .map_err(|e| Error::Other(format!("format {}: PNG encoding failed: {e}", format.name)))
    }
}

/// What every artwork template gets about its sheet: unit, trim size, bleed, full size (trim and
/// bleed) and the fitted text boxes.
pub(super) fn sheet_context(
    unit: &str,
    (tw, th, bleed): (f64, f64, f64),
    boxes: &HashMap<String, BoxOut>,
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("unit", unit);
    ctx.insert("width", &tw);
    ctx.insert("height", &th);
    ctx.insert("bleed", &bleed);
    ctx.insert("full_width", &(tw + 2.0 * bleed));
    ctx.insert("full_height", &(th + 2.0 * bleed));
    ctx.insert("boxes", boxes);
    ctx
}
