//! The loops of loa that touch every pixel, and the generic SIMD photo code they call.
//!
//! They live in a crate of their own so that debug and test builds compile them optimised
//! (`[profile.dev.package.loa-pixels]` in loa's Cargo.toml) while loa itself stays at -O0 for
//! short compiles: generic code is compiled into the crate that names its concrete types, so
//! calling `fast_image_resize` or `jpeg-encoder` from loa made them -O0 code, and loa's palette
//! loop at -O0 made a debug build of a 400-post site four times slower than it needs to be.
//! Nothing here knows about sites, files or errors beyond a message.

use std::borrow::Cow;

use image::DynamicImage;
use tiny_skia::Pixmap;

/// The colours of an opaque pixmap in the order they first appear, and each pixel's index
/// among them; None when a pixel is not opaque or there are more than 256.
pub fn palette(pixmap: &Pixmap) -> Option<(Vec<[u8; 3]>, Vec<u8>)> {
    let mut indices = Vec::with_capacity(pixmap.data().len() / 4);
    let palette = scan(pixmap, |i| indices.push(i))?;
    Some((palette, indices))
}

/// Whether a pixmap is opaque and has at most 256 colours (flat fields and the anti-aliased
/// edges of type, without gradients or photos): [`palette`] without the indices.
pub fn is_flat(pixmap: &Pixmap) -> bool {
    scan(pixmap, |_| {}).is_some()
}

/// The palette of an opaque pixmap of at most 256 colours, handing each pixel's index to
/// `index` in order; None as soon as a pixel is not opaque or a 257th colour appears.
fn scan(pixmap: &Pixmap, mut index: impl FnMut(u8)) -> Option<Vec<[u8; 3]>> {
    // An open-addressed table of the colours seen (as RGBA words; an opaque pixel is never 0,
    // which marks a free slot): a lookup per change of colour costs a multiply, not a SipHash.
    const SLOTS: usize = 1024;
    let mut table = [(0u32, 0u8); SLOTS];
    let mut palette: Vec<[u8; 3]> = Vec::new();
    // Runs of one colour are the rule in flat artwork: most pixels skip the lookup.
    let (mut last, mut last_i) = (0u32, 0u8);
    for px in pixmap.data().chunks_exact(4) {
        let word = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
        if word != last {
            if px[3] != u8::MAX {
                return None;
            }
            let mut slot = (word.wrapping_mul(0x9E37_79B9) >> 22) as usize;
            last_i = loop {
                match table[slot] {
                    (0, _) => {
                        let i = u8::try_from(palette.len()).ok()?;
                        palette.push([px[0], px[1], px[2]]);
                        table[slot] = (word, i);
                        break i;
                    }
                    (w, i) if w == word => break i,
                    _ => slot = (slot + 1) % SLOTS,
                }
            };
            last = word;
        }
        index(last_i);
    }
    Some(palette)
}

/// A pixmap's pixels with alpha divided out, as encoders take them: RGB when every pixel is
/// opaque, else RGBA; and whether alpha was kept.
pub fn straight_alpha(pixmap: &Pixmap) -> (Vec<u8>, bool) {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX);
    let mut pixels = Vec::with_capacity(pixmap.pixels().len() * if opaque { 3 } else { 4 });
    for p in pixmap.pixels() {
        let c = p.demultiply();
        pixels.extend_from_slice(&[c.red(), c.green(), c.blue()]);
        if !opaque {
            pixels.push(c.alpha());
        }
    }
    (pixels, !opaque)
}
/// `img` resampled to `width` × `height` with a Lanczos3 filter (alpha premultiplied while
/// resampling); when `fill`, cropped about its centre to that box's proportions first, as
/// image's `resize_to_fill` does. None for pixel layouts other than 8-bit RGB and RGBA, which
/// photos nearly always are (image's own resampling takes the rest).
pub fn resize(img: &DynamicImage, width: u32, height: u32, fill: bool) -> Option<DynamicImage> {
    use fast_image_resize::pixels::{U8x3, U8x4};
    let options = fast_image_resize::ResizeOptions::new()
        .resize_alg(fast_image_resize::ResizeAlg::Convolution(
            fast_image_resize::FilterType::Lanczos3,
        ))
        .fit_into_destination(fill.then_some((0.5, 0.5)));
    let from = (img.width(), img.height());
    let to = (width, height);
    Some(match img {
        DynamicImage::ImageRgb8(i) => DynamicImage::ImageRgb8(image::RgbImage::from_raw(
            width,
            height,
            resample::<U8x3>(i.as_raw(), from, to, &options)?,
        )?),
        DynamicImage::ImageRgba8(i) => DynamicImage::ImageRgba8(image::RgbaImage::from_raw(
            width,
            height,
            resample::<U8x4>(i.as_raw(), from, to, &options)?,
        )?),
        _ => return None,
    })
}

/// The pixels of one layout resampled. Typed, so that only the layouts photos come in are
/// compiled: resizing a `DynamicImage` through the crate's `image` feature instantiated every
/// pixel type with every SIMD variant, and this crate took two minutes to compile.
fn resample<P: fast_image_resize::PixelTrait>(
    pixels: &[u8],
    (w, h): (u32, u32),
    (tw, th): (u32, u32),
    options: &fast_image_resize::ResizeOptions,
) -> Option<Vec<u8>> {
    use fast_image_resize::images::{TypedImage, TypedImageRef};
    let src = TypedImageRef::<P>::from_buffer(w, h, pixels).ok()?;
    let mut out = vec![0; tw as usize * th as usize * P::size()];
    let mut dst = TypedImage::<P>::from_buffer(tw, th, &mut out).ok()?;
    fast_image_resize::Resizer::new()
        .resize_typed(&src, &mut dst, options)
        .ok()?;
    Some(out)
}

/// `img` as a baseline JPEG without metadata, colour at full resolution (4:4:4, as image's
/// encoder writes it: 4:2:0 makes files a fifth smaller but measurably softer, SSIM against the
/// source 0.005–0.02 lower on the demo's photos, which blurs red banners' edges). Grey photos
/// stay one channel.
pub fn jpeg(img: &DynamicImage, quality: u8, out: &mut Vec<u8>) -> Result<(), String> {
    let (Ok(w), Ok(h)) = (u16::try_from(img.width()), u16::try_from(img.height())) else {
        return Err(format!(
            "{} × {} is too large for JPEG",
            img.width(),
            img.height()
        ));
    };
    let mut encoder = jpeg_encoder::Encoder::new(out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    // Through `encode_image` with the two layouts photos come in: `encode` instantiates the
    // whole encoder for nine colour types twice over (AVX2 and not), a minute of compiling.
    match img {
        DynamicImage::ImageLuma8(g) => encoder.encode_image(Rows::<1>(g.as_raw(), w, h)),
        other => encoder.encode_image(Rows::<3>(rgb8(other).as_raw(), w, h)),
    }
    .map_err(|e| e.to_string())
}

/// `img` as 8-bit RGB, converted only when it is not that already (photos nearly always are:
/// `to_rgb8` would copy every size of every photo once more).
pub fn rgb8(img: &DynamicImage) -> Cow<'_, image::RgbImage> {
    match img {
        DynamicImage::ImageRgb8(rgb) => Cow::Borrowed(rgb),
        other => Cow::Owned(other.to_rgb8()),
    }
}

/// Rows of 8-bit grey (`N` = 1) or RGB (`N` = 3) pixels, as jpeg-encoder reads an image.
struct Rows<'a, const N: usize>(&'a [u8], u16, u16);

impl<const N: usize> jpeg_encoder::ImageBuffer for Rows<'_, N> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        if N == 1 {
            jpeg_encoder::JpegColorType::Luma
        } else {
            jpeg_encoder::JpegColorType::Ycbcr
        }
    }

    fn width(&self) -> u16 {
        self.1
    }

    fn height(&self) -> u16 {
        self.2
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let row = usize::from(self.1) * N;
        let start = usize::from(y) * row;
        let line = &self.0[start..start + row];
        if N == 1 {
            buffers[0].extend_from_slice(line);
            return;
        }
        for px in line.chunks_exact(3) {
            let (luma, cb, cr) = jpeg_encoder::rgb_to_ycbcr(px[0], px[1], px[2]);
            buffers[0].push(luma);
            buffers[1].push(cb);
            buffers[2].push(cr);
        }
    }
}
