//! WebP encoding, through libwebp (image-rs encodes only lossless WebP). loa calls libwebp-sys
//! itself rather than through the `webp` crate, which always hands libwebp ARGB pixels: a lossy
//! picture then costs an RGB → ARGB copy of 4 bytes a pixel before libwebp turns it into the
//! YUV it encodes. Handed RGB with `use_argb` off, libwebp makes the YUV straight from it, with
//! the same conversion and so the same bytes, in about a tenth less time per photo.

use std::ffi::c_void;
use std::mem::MaybeUninit;

use libwebp_sys as sys;

/// How a WebP is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WebpMode {
    /// At a quality from 0 to 100: photos.
    Lossy(u8),
    /// Flat colour and type, which lossy compression blurs and lossless keeps sharp in fewer
    /// bytes. `fast` for pictures of many colours (gradients), where libwebp's quickest effort
    /// costs a few percent in size and saves half the time; flat pictures (a palette) lose
    /// nothing to the search and would double in size without it.
    Lossless { fast: bool },
}

/// Encodes `width × height` pixels, RGB or, with `alpha`, RGBA, as WebP.
pub(crate) fn encode_webp(
    pixels: &[u8],
    alpha: bool,
    (width, height): (u32, u32),
    mode: WebpMode,
) -> Result<Vec<u8>, String> {
    let channels = if alpha { 4 } else { 3 };
    // libwebp reads width × height pixels from the pointer it is given: the slice must hold
    // them, and sizes must fit its ints.
    let (w, h) = match (i32::try_from(width), i32::try_from(height)) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 && w <= sys::WEBP_MAX_DIMENSION as i32 => (w, h),
        _ => return Err(format!("a {width} × {height} picture cannot be a WebP")),
    };
    if (pixels.len() as u64) < u64::from(width) * u64::from(height) * channels {
        return Err(format!(
            "{} bytes are too few for {width} × {height} pixels",
            pixels.len()
        ));
    }
    let mut config =
        sys::WebPConfig::new().map_err(|()| "WebP encoder settings failed".to_string())?;
    match mode {
        WebpMode::Lossy(q) => {
            config.quality = f32::from(q);
            // Effort 2 of 0–6 (libwebp's default is 4): half the time per photo; on the demo's
            // photos at 960 px, SSIM against the source 0.958 instead of 0.960 and files 4 %
            // larger; no difference to see on 4× crops. From 3 up the rate-distortion search
            // costs most of the time, and below 2 the files grow fast (+18 % at 1).
            config.method = 2;
        }
        WebpMode::Lossless { fast } => {
            config.lossless = 1;
            config.alpha_compression = 0;
            // Efforts 1 and 0 (of 0-6): files within a few percent of the slowest's, in a third
            // (a sixth) of the time; see `WebpMode::Lossless` for which.
            config.quality = 25.0;
            config.method = if fast { 0 } else { 1 };
        }
    }
    let mut picture = Picture::new()?;
    // Lossless encodes ARGB; lossy encodes YUV, made at import.
    picture.0.use_argb = i32::from(config.lossless == 1);
    picture.0.width = w;
    picture.0.height = h;
    let stride = w * channels as i32;
    // SAFETY: `picture` was initialised by libwebp, and `pixels` holds the `h` rows of `stride`
    // bytes checked above; libwebp copies them into the picture's own buffers.
    let imported = unsafe {
        if alpha {
            sys::WebPPictureImportRGBA(&mut picture.0, pixels.as_ptr(), stride)
        } else {
            sys::WebPPictureImportRGB(&mut picture.0, pixels.as_ptr(), stride)
        }
    };
    if imported == 0 {
        return Err("WebP encoding failed: out of memory".into());
    }
    let mut writer = Writer::new();
    picture.0.writer = Some(sys::WebPMemoryWrite);
    picture.0.custom_ptr = writer.0.as_mut_ptr().cast::<c_void>();
    // SAFETY: the config came from libwebp's own initialiser, the picture holds its pixels, and
    // the writer it appends to lives until after the call.
    let done = unsafe { sys::WebPEncode(&config, &mut picture.0) };
    if done == 0 {
        return Err(format!("WebP encoding failed: {:?}", picture.0.error_code));
    }
    Ok(writer.bytes().to_vec())
}

/// A libwebp picture, its buffers freed when dropped.
struct Picture(sys::WebPPicture);

impl Picture {
    fn new() -> Result<Picture, String> {
        sys::WebPPicture::new()
            .map(Picture)
            .map_err(|()| "WebP encoder version mismatch".to_string())
    }
}

impl Drop for Picture {
    fn drop(&mut self) {
        // SAFETY: initialised by libwebp; freeing an empty picture is allowed.
        unsafe { sys::WebPPictureFree(&mut self.0) }
    }
}

/// libwebp's in-memory output, freed when dropped. Boxed, because the picture keeps a pointer
/// to it while encoding.
struct Writer(Box<MaybeUninit<sys::WebPMemoryWriter>>);

impl Writer {
    fn new() -> Writer {
        let mut w = Box::new(MaybeUninit::uninit());
        // SAFETY: WebPMemoryWriterInit sets every field.
        unsafe { sys::WebPMemoryWriterInit(w.as_mut_ptr()) };
        Writer(w)
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: initialised in `new`; `mem` holds `size` bytes written by libwebp, or is null
        // with a size of 0.
        unsafe {
            let w = self.0.assume_init_ref();
            if w.mem.is_null() {
                &[]
            } else {
                std::slice::from_raw_parts(w.mem, w.size)
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`; clearing frees libwebp's buffer once.
        unsafe { sys::WebPMemoryWriterClear(self.0.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gradient with a hard edge: enough structure for both encoders to work on.
    fn picture(w: u32, h: u32, channels: usize) -> Vec<u8> {
        let mut px = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let edge = if x < w / 2 { 30 } else { 220 };
                px.extend([(x * 255 / w) as u8, (y * 255 / h) as u8, edge, 255][..channels].iter());
            }
        }
        px
    }

    #[test]
    fn lossy_and_lossless_decode_back_to_the_picture() {
        let (w, h) = (64, 48);
        for alpha in [false, true] {
            let px = picture(w, h, if alpha { 4 } else { 3 });
            for mode in [WebpMode::Lossy(90), WebpMode::Lossless { fast: false }] {
                let bytes = encode_webp(&px, alpha, (w, h), mode).unwrap();
                assert_eq!(&bytes[..4], b"RIFF");
                assert_eq!(&bytes[8..12], b"WEBP");
                let back = image::load_from_memory(&bytes).unwrap().to_rgb8();
                assert_eq!(back.dimensions(), (w, h));
                let src = picture(w, h, 3);
                let worst = back
                    .as_raw()
                    .iter()
                    .zip(&src)
                    .map(|(a, b)| a.abs_diff(*b))
                    .max()
                    .unwrap();
                match mode {
                    WebpMode::Lossless { .. } => assert_eq!(worst, 0, "lossless changed a pixel"),
                    // Lossy: close, away from the edge's ringing.
                    WebpMode::Lossy(_) => {
                        let mid = back.get_pixel(w / 4, h / 2);
                        let i = ((h / 2 * w + w / 4) * 3) as usize;
                        for c in 0..3 {
                            assert!(
                                mid[c].abs_diff(src[i + c]) < 12,
                                "{mid:?} vs {:?}",
                                &src[i..i + 3]
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn too_few_bytes_or_no_pixels_is_an_error_not_a_read_past_the_end() {
        let px = picture(10, 10, 3);
        assert!(encode_webp(&px[..299], false, (10, 10), WebpMode::Lossy(80)).is_err());
        assert!(encode_webp(&px, true, (10, 10), WebpMode::Lossy(80)).is_err());
        assert!(encode_webp(&px, false, (0, 10), WebpMode::Lossy(80)).is_err());
        assert!(encode_webp(&px, false, (10, 10), WebpMode::Lossy(80)).is_ok());
    }
}
