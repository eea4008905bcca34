//! Screen previews: what the portal's pages show of an artwork. The print files (PDF, SVG) and
//! the PNG preview are downloads, far heavier than a screen needs; pages show copies at the
//! widths of site.yaml's `images.widths` that are narrower than the PNG preview, plus the
//! preview's own size, offered through `srcset`. They are WebP when `images.webp` is on (a
//! browser without WebP gets the PNG preview), else PNG.
//!
//! Each copy is drawn from the sheet's vectors at its size rather than scaled down from the PNG,
//! so flat colour stays flat and type stays sharp: lossless WebP then takes a fraction of the
//! PNG's bytes. Sheets with a photo in them (panos) are lossy, at `images.webp_quality`, as
//! photos are.

use resvg::tiny_skia::Pixmap;

use super::Studio;
use super::format::Format;
use super::sheet::Files;
use crate::config::ImagesConfig;
use crate::error::{Error, Result};
use crate::images::{WebpMode, encode_webp};

/// The sizes and file type of screen previews, from site.yaml's `images:`.
#[derive(Debug, Clone)]
pub(super) struct Screens {
    /// Widths to draw below the preview's own, ascending.
    widths: Vec<u32>,
    /// The quality of lossy previews, when previews are WebP.
    webp: Option<u8>,
}

impl Screens {
    pub(super) fn new(images: &ImagesConfig) -> Screens {
        let mut widths: Vec<u32> = images.widths.iter().copied().filter(|&w| w > 0).collect();
        widths.sort_unstable();
        widths.dedup();
        Screens {
            widths,
            webp: images.webp.then_some(images.webp_quality),
        }
    }

    /// What decides the previews' bytes beside the sheet, for the artwork cache's key.
    pub(super) fn digest(&self) -> String {
        format!("screens {:?} {:?}", self.widths, self.webp)
    }

    /// The suffix (after the file stem) and pixel size of every screen preview of a sheet in
    /// `format` whose PNG preview is `full`: narrower copies (`-480w.webp`), then the preview's
    /// own size (`.webp`; with PNG previews, the PNG preview itself).
    fn sizes(&self, format: &Format, full: (u32, u32)) -> Vec<(String, (u32, u32))> {
        let (tw, th, _) = format.dims();
        let ext = if self.webp.is_some() { "webp" } else { "png" };
        let mut sizes: Vec<(String, (u32, u32))> = self
            .widths
            .iter()
            .filter(|&&w| w < full.0)
            .map(|&w| {
                let h = (th * w as f64 / tw).round().max(1.0) as u32;
                (format!("-{w}w.{ext}"), (w, h))
            })
            .collect();
        sizes.push((format!(".{ext}"), full));
        sizes
    }
}

/// The `srcset` attributes of an artwork's screen previews, for its page.
pub(crate) struct Srcsets {
    /// WebP previews, for a `<source type="image/webp">`.
    pub(crate) webp: Option<String>,
    /// PNG previews, when previews are not WebP.
    pub(crate) png: Option<String>,
}

impl Studio {
    /// The suffixes of the screen previews drawn for a sheet in `format` (all but the PNG
    /// preview, which every sheet has).
    pub(super) fn screen_suffixes(&self, format: &Format) -> Vec<String> {
        self.screens
            .sizes(format, self.png_size(format))
            .into_iter()
            .map(|(suffix, _)| suffix)
            .filter(|s| s != ".png")
            .collect()
    }

    /// The `srcset` of an artwork's screen previews, whose files are `stem` + suffix.
    pub(super) fn srcsets(&self, format: &Format, stem: &str) -> Srcsets {
        let list: Vec<String> = self
            .screens
            .sizes(format, self.png_size(format))
            .iter()
            .map(|(suffix, (w, _))| format!("{stem}{suffix} {w}w"))
            .collect();
        let list = list.join(", ");
        let webp = self.screens.webp.is_some();
        Srcsets {
            webp: webp.then(|| list.clone()),
            png: (!webp).then_some(list),
        }
    }

    /// Draws a parsed sheet's screen previews (see [`Studio::screen_suffixes`]); `preview` is
    /// the sheet drawn at the PNG preview's size, the largest of them.
    pub(super) fn screen_files(
        &self,
        tree: &usvg::Tree,
        format: &Format,
        preview: &Pixmap,
    ) -> Result<Files> {
        // Photos in the drawing: lossy at the site's quality; otherwise lossless.
        let lossy = self.screens.webp.filter(|_| has_photo(tree.root()));
        let mut files = Files::new();
        for (suffix, size) in self.screens.sizes(format, self.png_size(format)) {
            if suffix == ".png" {
                continue;
            }
            let drawn;
            let pixmap = if size == (preview.width(), preview.height()) {
                preview
            } else {
                drawn = self.raster(tree, format, size)?;
                &drawn
            };
            let bytes = match self.screens.webp {
                Some(_) => webp(pixmap, lossy),
                None => super::sheet::encode_png(pixmap),
            }
            .map_err(|e| Error::Other(format!("format {}: screen preview: {e}", format.name)))?;
            files.push((suffix, bytes));
        }
        Ok(files)
    }
}

/// Whether a drawing holds a raster picture (a photo), whose grain lossless compression keeps
/// at great cost. Pictures that are themselves SVG (a logo) are vectors.
fn has_photo(group: &usvg::Group) -> bool {
    group.children().iter().any(|node| match node {
        usvg::Node::Group(g) => has_photo(g),
        usvg::Node::Image(image) => !matches!(image.kind(), usvg::ImageKind::SVG(_)),
        _ => false,
    })
}

/// A drawn pixmap as WebP: RGB when it is opaque (artwork always is), else RGBA; lossy at
/// quality `lossy`, or lossless (at the quicker effort when it has too many colours for a
/// palette).
fn webp(pixmap: &Pixmap, lossy: Option<u8>) -> std::result::Result<Vec<u8>, String> {
    let mode = match lossy {
        Some(q) => WebpMode::Lossy(q),
        None => WebpMode::Lossless {
            fast: !loa_pixels::is_flat(pixmap),
        },
    };
    let (pixels, alpha) = loa_pixels::straight_alpha(pixmap);
    encode_webp(&pixels, alpha, (pixmap.width(), pixmap.height()), mode)
}
