//! Sheets: from a layout's filled-in SVG template to what is printed and shown. Parses the SVG
//! with the theme's fonts, rasterises the PNG preview of the trim area and gives every template
//! the same facts about its sheet. Shared by slogan artwork and panos.

use std::collections::HashMap;

use tera::Context;

use std::path::Path;

use super::Studio;
use super::boxes::BoxOut;
use super::cache::ArtCache;
use super::format::{Format, Size};
use super::layout::Layout;
use super::{ink, pdf};
use crate::error::{Error, Result};
use crate::types::Lang;

/// A filled-in layout to draw: its SVG, and what its files depend on beside it.
pub(super) struct Sheet<'a> {
    pub(super) svg: &'a str,
    /// The size the sheet is drawn at; print formats also get a PDF. Its name is the files'
    /// stem.
    pub(super) format: &'a Format,
    pub(super) layout: &'a Layout,
    pub(super) lang: &'a Lang,
    /// The content file the sheet is drawn from, for messages.
    pub(super) file: &'a Path,
    /// The PDF's title.
    pub(super) title: &'a str,
    /// What the PDF is, for a message when it cannot be written: "PDF of the pano".
    pub(super) pdf_what: String,
    /// What the drawn files depend on beside the SVG, the format and the studio (which the
    /// artwork cache keys on); None draws without the cache.
    pub(super) cache_extra: Option<String>,
    /// Areas text keeps clear of beside what the SVG draws (frame lines, rules, pictures), in
    /// the format's unit.
    pub(super) keep_clear: Vec<(String, usvg::Rect)>,
    /// Also draws the portal's screen previews (see `screen`): the portal's artwork has them,
    /// `loa banner` and kits do not.
    pub(super) screens: bool,
    /// Only the PNG (a page's share card): no SVG, PDF or previews.
    pub(super) png_only: bool,
}

/// A drawn sheet's files by what follows the file stem: `.svg` (text as outlines), `.png`
/// (the preview), for print `.pdf`, and the screen previews (`-480w.webp`, `.webp`).
pub(super) type Files = Vec<(String, Vec<u8>)>;

impl Studio {
    /// The artwork cache and `sheet`'s key in it, when the sheet is cached. The key hashes the
    /// SVG and reads every picture it refers to, so a caller that needs it beside
    /// [`Studio::draw_sheet_keyed`] makes it once.
    pub(super) fn cache_key(&self, sheet: &Sheet) -> Option<(&ArtCache, String)> {
        let (c, extra) = self.cache.as_ref().zip(sheet.cache_extra.as_ref())?;
        Some((
            c,
            c.key(sheet.svg, &sheet.format.name, extra, &self.static_dir),
        ))
    }

    /// Draws a sheet's files, or takes them from the artwork cache. Before drawing, the lines of
    /// the parsed SVG that come too close to each other or to what they must keep clear of are
    /// handed to `judge`: its error refuses the sheet, and `false` stops without files (a check
    /// that needs the ink, not the pixels). Only sheets that passed are drawn, so only those are
    /// ever cached.
    pub(super) fn draw_sheet(
        &self,
        sheet: &Sheet,
        judge: impl FnOnce(Vec<ink::Problem>) -> Result<bool>,
    ) -> Result<Option<Files>> {
        let cache = self.cache_key(sheet);
        self.draw_sheet_keyed(sheet, cache.as_ref().map(|(c, k)| (*c, k.as_str())), judge)
    }

    /// [`Studio::draw_sheet`] with the sheet's [`Studio::cache_key`] made by the caller.
    pub(super) fn draw_sheet_keyed(
        &self,
        sheet: &Sheet,
        cache: Option<(&ArtCache, &str)>,
        judge: impl FnOnce(Vec<ink::Problem>) -> Result<bool>,
    ) -> Result<Option<Files>> {
        let Sheet {
            svg,
            format,
            layout,
            ..
        } = *sheet;
        // Beside the PNG: the SVG, a print format's PDF and the previews.
        let whole = !sheet.png_only;
        let pdf_page = format.page_boxes().filter(|_| whole);
        let mut suffixes: Vec<String> = vec![".png".into()];
        if whole {
            suffixes.insert(0, ".svg".into());
        }
        if pdf_page.is_some() {
            suffixes.push(".pdf".into());
        }
        if whole && sheet.screens {
            suffixes.extend(self.screen_suffixes(format));
        }
        if let Some((c, key)) = cache
            && let Some(files) = c.get(key, &suffixes)
        {
            return Ok(Some(suffixes.into_iter().zip(files).collect()));
        }

        let tree = self.parse_svg(svg, &layout.family, sheet.lang, &layout.template)?;
        let problems = ink::inspect(
            &tree,
            layout.clearance(),
            &sheet.keep_clear,
            format.px_per_unit(),
        );
        if !judge(problems)? {
            return Ok(None);
        }
        let mut files: Files = Vec::with_capacity(3);
        if whole {
            let flat_svg = tree.to_string(&usvg::WriteOptions::default());
            files.push((".svg".into(), flat_svg.into_bytes()));
        }
        // Drawn once: the PNG preview's pixels are also the full-size screen preview's.
        let preview = self.raster(&tree, format, self.png_size(format))?;
        files.push((".png".into(), self.png(&preview, format)?));
        if let Some(boxes) = pdf_page {
            let bytes = pdf::write(&tree, &boxes, sheet.title, &self.print, &layout.palette)
                .map_err(|e| {
                    Error::Other(format!("{}: {}: {e}", sheet.file.display(), sheet.pdf_what))
                })?;
            files.push((".pdf".into(), bytes));
        }
        if whole && sheet.screens {
            files.extend(self.screen_files(&tree, format, &preview)?);
        }
        if let Some((c, key)) = cache {
            let kept: Vec<(&str, &[u8])> = files
                .iter()
                .map(|(s, b)| (s.as_str(), b.as_slice()))
                .collect();
            c.put(key, &kept);
        }
        Ok(Some(files))
    }

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

    /// What every artwork template gets about its sheet: unit, trim size, bleed, full size (trim
    /// and bleed), the fitted text boxes, the language and the site's logo.
    pub(super) fn sheet_context(
        &self,
        unit: &str,
        (tw, th, bleed): (f64, f64, f64),
        boxes: &HashMap<String, BoxOut>,
        lang: &Lang,
    ) -> Context {
        let mut ctx = Context::new();
        ctx.insert("unit", unit);
        ctx.insert("width", &tw);
        ctx.insert("height", &th);
        ctx.insert("bleed", &bleed);
        ctx.insert("full_width", &(tw + 2.0 * bleed));
        ctx.insert("full_height", &(th + 2.0 * bleed));
        ctx.insert("boxes", boxes);
        ctx.insert("lang", lang.as_str());
        ctx.insert("logo", &self.logo.as_ref().map(|p| p.display().to_string()));
        ctx
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

    /// The PNG preview, from the trim area (bleed cropped off) drawn at [`Studio::png_size`]:
    /// what the finished banner looks like.
    pub(super) fn png(
        &self,
        preview: &resvg::tiny_skia::Pixmap,
        format: &Format,
    ) -> Result<Vec<u8>> {
        encode_png(preview)
            .map_err(|e| Error::Other(format!("format {}: PNG encoding failed: {e}", format.name)))
    }

    /// The trim area drawn `pw` pixels wide (and `ph` high, its proportion rounded).
    pub(super) fn raster(
        &self,
        tree: &usvg::Tree,
        format: &Format,
        (pw, ph): (u32, u32),
    ) -> Result<resvg::tiny_skia::Pixmap> {
        let (tw, _, bleed) = format.dims();
        let unit_px = format.px_per_unit();
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
        Ok(pixmap)
    }
}

/// A drawn pixmap as PNG, as small as it comes without changing a pixel: an opaque drawing of
/// at most 256 colours (flat fields and the anti-aliased edges of text between them, as page
/// cards are) as an indexed PNG, about a seventh of the RGBA file; anything else (gradients,
/// photos, transparency) as tiny-skia writes it.
pub(super) fn encode_png(
    pixmap: &resvg::tiny_skia::Pixmap,
) -> std::result::Result<Vec<u8>, String> {
    let Some((palette, indices)) = loa_pixels::palette(pixmap) else {
        return pixmap.encode_png().map_err(|e| e.to_string());
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    // Unfiltered rows at zlib level 3: smaller than level 6 with adaptive filters (indices are
    // not sample values, so differencing them only adds entropy), in two thirds of the time.
    encoder.set_deflate_compression(png::DeflateCompression::Level(3));
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&indices)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::encode_png;
    use resvg::tiny_skia::{Color, Paint, Pixmap, Rect, Transform};

    /// The pixels of a PNG, as RGBA.
    fn decoded(png: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut d = png::Decoder::new(std::io::Cursor::new(png));
        d.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut r = d.read_info().unwrap();
        let colour = r.info().color_type;
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (colour, buf)
    }

    fn fill(p: &mut Pixmap, x: f32, w: f32, rgba: [u8; 4]) {
        let mut paint = Paint::default();
        let [r, g, b, a] = rgba;
        paint.set_color(Color::from_rgba8(r, g, b, a));
        let rect = Rect::from_xywh(x, 0.0, w, p.height() as f32).unwrap();
        p.fill_rect(rect, &paint, Transform::identity(), None);
    }

    #[test]
    fn flat_artwork_is_indexed_and_every_pixel_survives() {
        let mut p = Pixmap::new(300, 20).unwrap();
        p.fill(Color::from_rgba8(0xc8, 0x10, 0x2e, 255));
        // Anti-aliased edges: fractional rectangles give in-between colours.
        fill(&mut p, 10.3, 100.4, [255, 255, 255, 255]);
        fill(&mut p, 150.7, 60.2, [255, 205, 0, 255]);
        let (colour, pixels) = decoded(&encode_png(&p).unwrap());
        assert_eq!(colour, png::ColorType::Indexed);
        assert_eq!(pixels, p.data());
    }

    #[test]
    fn many_colours_or_transparency_stay_rgba() {
        let mut ramp = Pixmap::new(300, 4).unwrap();
        for x in 0..300 {
            fill(&mut ramp, x as f32, 1.0, [x as u8, (x / 2) as u8, 7, 255]);
        }
        let mut clear = Pixmap::new(8, 8).unwrap();
        fill(&mut clear, 0.0, 4.0, [255, 255, 255, 255]);
        for p in [ramp, clear] {
            let (colour, pixels) = decoded(&encode_png(&p).unwrap());
            assert_eq!(colour, png::ColorType::Rgba);
            // tiny-skia stores premultiplied colour; these are opaque or fully clear.
            assert_eq!(pixels, p.data());
        }
    }
}
