//! Reading photos safely: decoding with size limits, spotting truncated JPEGs and GPS
//! positions, and the resampling every output size goes through.

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::{ImageError, MAX_ALLOC, MAX_SIDE, Op};

/// Decodes with limits and applies the EXIF orientation, so the pixels are upright.
pub(super) fn decode(
    src: &Path,
    bytes: &[u8],
) -> Result<(DynamicImage, image::ImageFormat), ImageError> {
    let not_image = |detail: String| ImageError::NotAnImage {
        path: src.to_path_buf(),
        detail,
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| not_image(e.to_string()))?;
    let Some(format) = reader.format() else {
        return Err(not_image("unknown file format".into()));
    };
    // The JPEG decoder fills a cut-off photo with grey instead of failing; a half-uploaded photo
    // must not reach the portal.
    if format == image::ImageFormat::Jpeg && jpeg_is_truncated(bytes) {
        return Err(ImageError::Truncated {
            path: src.to_path_buf(),
        });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let map = |e: image::ImageError| match e {
        image::ImageError::Limits(l) => ImageError::TooLarge {
            path: src.to_path_buf(),
            detail: l.to_string(),
        },
        other => not_image(other.to_string()),
    };
    let mut decoder = reader.into_decoder().map_err(map)?;
    let orientation = decoder.orientation().map_err(map)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(map)?;
    img.apply_orientation(orientation);
    Ok((img, format))
}

/// Whether a JPEG has no end-of-image marker after its first scan. Entropy-coded data never
/// holds `FF D9` (0xFF bytes are stuffed), so its absence means the file was cut; data phones
/// append after the end marker (motion photos) does not matter. Looked for from the end, where
/// a whole photo has it, instead of through megabytes of scan data.
fn jpeg_is_truncated(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return true;
    };
    !bytes[sos..].windows(2).rev().any(|w| w == [0xFF, 0xD9])
}

/// Whether a JPEG carries a GPS position (an EXIF GPS block), judged from its first bytes. Used
/// to warn about photos in `static/`, which are published byte for byte.
pub(crate) fn jpeg_has_gps(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xDA {
            break; // image data starts: no more metadata
        }
        let seg = bytes.get(i + 4..i + 2 + len).unwrap_or(&[]);
        if marker == 0xE1 && seg.starts_with(b"Exif\0\0") && tiff_has_gps(&seg[6..]) {
            return true;
        }
        i += 2 + len;
    }
    false
}

/// Whether IFD0 of a TIFF/EXIF block points to a GPS IFD (tag 0x8825).
fn tiff_has_gps(t: &[u8]) -> bool {
    let le = t.starts_with(b"II");
    let u16_at = |o: usize| {
        t.get(o..o + 2).map(|b| {
            if le {
                u16::from_le_bytes([b[0], b[1]])
            } else {
                u16::from_be_bytes([b[0], b[1]])
            }
        })
    };
    let u32_at = |o: usize| {
        t.get(o..o + 4).map(|b| {
            let a = [b[0], b[1], b[2], b[3]];
            if le {
                u32::from_le_bytes(a)
            } else {
                u32::from_be_bytes(a)
            }
        })
    };
    let Some(ifd) = u32_at(4).map(|o| o as usize) else {
        return false;
    };
    let Some(n) = u16_at(ifd) else {
        return false;
    };
    (0..n as usize).any(|k| u16_at(ifd + 2 + 12 * k) == Some(0x8825))
}

/// `img` fitted or cropped into the box `op` describes, never enlarged.
pub(super) fn resize(img: &DynamicImage, op: Op) -> Cow<'_, DynamicImage> {
    let (w, h) = (img.width(), img.height());
    let ((tw, th), fill) = match op {
        Op::Fit { width, height } if w > width || h > height => {
            (fitted(w, h, width, height), false)
        }
        Op::FitWidth(width) if w > width => (fitted(w, h, width, u32::MAX), false),
        Op::FitHeight(height) if h > height => (fitted(w, h, u32::MAX, height), false),
        Op::Fill { width, height } => {
            // Never upscale: a small photo is cropped to the box's proportions at its own size.
            let scale = (width as f64 / w as f64)
                .max(height as f64 / h as f64)
                .min(1.0);
            let (tw, th) = (
                ((width as f64 / scale.max(1e-9)).min(w as f64) * scale).round() as u32,
                ((height as f64 / scale.max(1e-9)).min(h as f64) * scale).round() as u32,
            );
            ((tw.max(1), th.max(1)), true)
        }
        _ => return Cow::Borrowed(img),
    };
    if (tw, th) == (w, h) {
        return Cow::Borrowed(img);
    }
    Cow::Owned(match loa_pixels::resize(img, tw, th, fill) {
        Some(out) => out,
        // A pixel layout the SIMD resizer does not take: image's own resampling.
        None if fill => img.resize_to_fill(tw, th, FilterType::Lanczos3),
        None => img.resize_exact(tw, th, FilterType::Lanczos3),
    })
}

/// The size of a `w` × `h` image scaled to fit `max_w` × `max_h`, proportions kept, as
/// `image`'s `resize` computes it (rounded, at least one pixel).
fn fitted(w: u32, h: u32, max_w: u32, max_h: u32) -> (u32, u32) {
    let ratio = (max_w as f64 / w as f64).min(max_h as f64 / h as f64);
    let side = |v: u32| ((v as f64 * ratio).round() as u64).clamp(1, u32::MAX as u64) as u32;
    (side(w), side(h))
}
