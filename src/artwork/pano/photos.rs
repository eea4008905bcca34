//! A pano's photos: the print-resolution copies of its photos, and each placed in the layout's
//! frame of the same rank (cropped to cover it around the focal point, or contained in it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use super::super::boxes::round;
use super::super::layout::Layout;
use crate::content::pano::{Fit, PanoSpec};
use crate::error::{Error, Location, Result};
use crate::images::{Op, Processed, Processor};
use crate::model::{Page, Site};
use crate::types::Mm;

/// Photos of panos at print resolution: upright and stripped of metadata, but never resized
/// (the web pipeline's capped copies would print soft). Kept in their own cache folder so the
/// portal's image cache and this one prune independently.
pub struct PrintPhotos {
    processor: Processor,
    done: Mutex<HashMap<PathBuf, Processed>>,
}

impl PrintPhotos {
    /// Print photos cached in the site's `.loa-cache/print-photos/`.
    pub fn new(site: &Site) -> Result<PrintPhotos> {
        let dir = site.config.root.join(".loa-cache").join("print-photos");
        let processor = Processor::new(&dir, site.config.images.jpeg_quality.max(92))
            .map_err(|e| Error::Other(e.to_string()))?;
        Ok(PrintPhotos {
            processor,
            done: Mutex::new(HashMap::new()),
        })
    }

    fn get(&self, src: &Path) -> std::result::Result<Processed, crate::images::ImageError> {
        if let Some(p) = self.done.lock().ok().and_then(|d| d.get(src).cloned()) {
            return Ok(p);
        }
        // The processor never enlarges, so a box this big keeps every pixel of the original.
        let p = self.processor.process(
            src,
            Op::Fit {
                width: 20_000,
                height: 20_000,
            },
        )?;
        if let Ok(mut d) = self.done.lock() {
            d.insert(src.to_path_buf(), p.clone());
        }
        Ok(p)
    }

    /// Drops cache entries this build did not use (call after a successful build only).
    pub(crate) fn prune(&self) {
        self.processor.prune();
    }
}

#[derive(Serialize)]
pub(super) struct PhotoOut {
    pub(super) href: String,
    /// The drawn image (larger than the frame when cropped to cover it).
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
    /// The frame, which clips the image.
    pub(super) fx: f64,
    pub(super) fy: f64,
    pub(super) fw: f64,
    pub(super) fh: f64,
}

/// The photos of a pano placed in their frames, by frame name, and what preflight needs of each:
/// (photo as named in front matter, pixels across, printed width).
pub(super) type Placed = (HashMap<String, PhotoOut>, Vec<(String, u32, Mm)>);

/// Fills each frame of `layout` with the photo listed in the same place. `dims` is (trim width,
/// trim height, bleed) in mm.
pub(super) fn place_photos(
    photos: &PrintPhotos,
    page: &Page,
    spec: &PanoSpec,
    layout: &Layout,
    (tw, th, bleed): (f64, f64, f64),
) -> Result<Placed> {
    let mut photo_out: HashMap<String, PhotoOut> = HashMap::new();
    let mut photo_facts: Vec<(String, u32, Mm)> = Vec::new();
    for ((frame_name, f), photo) in layout.frames.iter().zip(&spec.photos) {
        let processed = photos.get(&photo.source).map_err(|e| {
            Error::content(
                Location::at(&page.rel, spec.lines.get("photos").copied()),
                e.to_string(),
                "replace the photo with a JPEG, PNG or WebP file",
            )
        })?;
        let (iw, ih) = (processed.width as f64, processed.height as f64);
        let (fx, fy, fw, fh) = (bleed + f.x * tw, bleed + f.y * th, f.w * tw, f.h * th);
        let scale = match photo.fit {
            Fit::Cover => (fw / iw).max(fh / ih),
            Fit::Contain => (fw / iw).min(fh / ih),
        };
        let (dw, dh) = (iw * scale, ih * scale);
        let (x, y) = match photo.fit {
            // The focal point goes to the frame's centre, as far as the photo still covers
            // the frame.
            Fit::Cover => (
                within(fx + fw / 2.0 - photo.focus.0 * dw, fx + fw - dw, fx),
                within(fy + fh / 2.0 - photo.focus.1 * dh, fy + fh - dh, fy),
            ),
            Fit::Contain => (fx + (fw - dw) / 2.0, fy + (fh - dh) / 2.0),
        };
        photo_facts.push((photo.name.clone(), processed.width, Mm(dw)));
        photo_out.insert(
            frame_name.clone(),
            PhotoOut {
                // Absolute: usvg resolves relative hrefs against static/.
                href: processed
                    .file
                    .canonicalize()
                    .unwrap_or_else(|_| processed.file.clone())
                    .display()
                    .to_string(),
                x: round(x),
                y: round(y),
                w: round(dw),
                h: round(dh),
                fx: round(fx),
                fy: round(fy),
                fw: round(fw),
                fh: round(fh),
            },
        );
    }
    Ok((photo_out, photo_facts))
}

/// `v` clamped to `lo..=hi`, where rounding may leave `lo` a hair above `hi` (a photo that
/// exactly fills its frame).
fn within(v: f64, lo: f64, hi: f64) -> f64 {
    if lo >= hi { hi } else { v.clamp(lo, hi) }
}
