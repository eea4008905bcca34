//! Photos: decode with limits (a file claiming 100 000 × 100 000 pixels is refused before any
//! allocation), turn upright by EXIF orientation, resize, and re-encode **without any metadata**,
//! so GPS positions of a school never reach the portal.
//!
//! Every result is cached under `.loa-cache/images/`, keyed by a hash of the source bytes and the
//! operation, so a build where no photo changed decodes nothing; entries no build used are pruned.
//!
//! This module is the processing core of the galleries issue; wiring it into bundles, templates
//! and the `resize_image` template function comes next.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};

/// Bump when the processing itself changes, so old cache entries are not reused.
const PIPELINE_VERSION: u32 = 1;
/// Largest side accepted on input: far above any phone or camera, far below a bomb.
const MAX_SIDE: u32 = 20_000;
/// Largest decoded buffer accepted: a 100-megapixel RGBA image.
const MAX_ALLOC: u64 = 400 * 1024 * 1024;

/// How to fit an image into a box, as Zola's `resize_image` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Scale to fit inside width × height, keeping proportions.
    Fit { width: u32, height: u32 },
    /// Scale to width, any height.
    FitWidth(u32),
    /// Scale to height, any width.
    FitHeight(u32),
    /// Cover width × height exactly, cropping the overflow around the centre.
    Fill { width: u32, height: u32 },
}

impl Op {
    fn key(&self) -> String {
        match self {
            Op::Fit { width, height } => format!("fit-{width}x{height}"),
            Op::FitWidth(w) => format!("fitw-{w}"),
            Op::FitHeight(h) => format!("fith-{h}"),
            Op::Fill { width, height } => format!("fill-{width}x{height}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Jpeg,
    Png,
}

impl OutFormat {
    pub fn ext(&self) -> &'static str {
        match self {
            OutFormat::Jpeg => "jpg",
            OutFormat::Png => "png",
        }
    }
}

/// A processed image: its bytes live in the cache file.
#[derive(Debug, Clone)]
pub struct Processed {
    pub file: PathBuf,
    pub width: u32,
    pub height: u32,
    pub format: OutFormat,
    /// The WebP twin of a JPEG result, when WebP output is on.
    pub webp: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not an image loa can read (JPEG, PNG, WebP): {detail}")]
    NotAnImage { path: PathBuf, detail: String },
    #[error(
        "{path} is cut short (the JPEG stops before its end marker): copy it again from the phone or camera"
    )]
    Truncated { path: PathBuf },
    #[error(
        "{path} is too large to process ({detail}); photos up to {MAX_SIDE} pixels a side are accepted"
    )]
    TooLarge { path: PathBuf, detail: String },
    #[error("cannot write the image cache at {path}: {source}")]
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub struct Processor {
    dir: PathBuf,
    jpeg_quality: u8,
    webp_quality: Option<u8>,
    /// Cache entries present at start: hash → (file, width, height, format).
    index: HashMap<String, Processed>,
    /// WebP files whose JPEG is gone: removed by `prune`.
    orphans: Vec<PathBuf>,
    used: Mutex<Vec<PathBuf>>,
    decoded: AtomicUsize,
}

impl Processor {
    /// Opens (or creates) the cache in `dir`.
    pub fn new(dir: &Path, jpeg_quality: u8) -> Result<Processor, ImageError> {
        std::fs::create_dir_all(dir).map_err(|source| ImageError::Cache {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut index: HashMap<String, Processed> = HashMap::new();
        let mut twins: Vec<(String, PathBuf)> = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                // <hash>.<w>x<h>.<ext>
                let parts: Vec<&str> = name.split('.').collect();
                if let [hash, dims, ext] = parts[..]
                    && let Some((w, h)) = dims.split_once('x')
                    && let (Ok(width), Ok(height)) = (w.parse(), h.parse())
                {
                    let format = match ext {
                        "png" => OutFormat::Png,
                        "jpg" => OutFormat::Jpeg,
                        "webp" => {
                            twins.push((hash.to_string(), e.path()));
                            continue;
                        }
                        _ => continue,
                    };
                    index.insert(
                        hash.to_string(),
                        Processed {
                            file: e.path(),
                            width,
                            height,
                            format,
                            webp: None,
                        },
                    );
                }
            }
        }
        let mut orphans = Vec::new();
        for (hash, file) in twins {
            match index.get_mut(&hash) {
                Some(p) => p.webp = Some(file),
                None => orphans.push(file),
            }
        }
        Ok(Processor {
            dir: dir.to_path_buf(),
            jpeg_quality: jpeg_quality.clamp(30, 100),
            webp_quality: None,
            index,
            orphans,
            used: Mutex::new(Vec::new()),
            decoded: AtomicUsize::new(0),
        })
    }

    /// Also writes a WebP twin (at this quality) of every JPEG result.
    pub fn with_webp(mut self, quality: Option<u8>) -> Processor {
        self.webp_quality = quality.map(|q| q.clamp(30, 100));
        self
    }

    /// How many images were decoded so far: zero on a build where every result was cached.
    pub fn decoded(&self) -> usize {
        self.decoded.load(Ordering::Relaxed)
    }

    /// Processes `src` (or finds the cached result). Never upscales.
    pub fn process(&self, src: &Path, op: Op) -> Result<Processed, ImageError> {
        Ok(self.process_set(src, op, &[])?.0)
    }

    /// A photo at `full` plus width variants narrower than that result, decoding the source at
    /// most once whatever is missing from the cache.
    pub fn process_set(
        &self,
        src: &Path,
        full: Op,
        widths: &[u32],
    ) -> Result<(Processed, Vec<Processed>), ImageError> {
        let bytes = std::fs::read(src).map_err(|source| ImageError::Read {
            path: src.to_path_buf(),
            source,
        })?;
        let source_hash = blake3::hash(&bytes).to_hex().to_string();
        let mut decoded: Option<(DynamicImage, image::ImageFormat)> = None;
        let (full_out, full_pixels) = self.one(src, &bytes, &source_hash, full, &mut decoded)?;
        // Narrower variants are made from the capped image, not the 12-megapixel original: the
        // same result to the eye, several times less resampling work.
        if let (Some(px), Some((_, format))) = (full_pixels, decoded.as_ref()) {
            decoded = Some((px, *format));
        }
        let mut variants = Vec::new();
        for &w in widths.iter().filter(|&&w| w < full_out.width) {
            variants.push(
                self.one(src, &bytes, &source_hash, Op::FitWidth(w), &mut decoded)?
                    .0,
            );
        }
        Ok((full_out, variants))
    }

    fn one(
        &self,
        src: &Path,
        bytes: &[u8],
        source_hash: &str,
        op: Op,
        decoded: &mut Option<(DynamicImage, image::ImageFormat)>,
    ) -> Result<(Processed, Option<DynamicImage>), ImageError> {
        let key = format!(
            "{source_hash}|v{PIPELINE_VERSION}|{}|q{}",
            op.key(),
            self.jpeg_quality
        );
        let hash = blake3::hash(key.as_bytes()).to_hex()[..32].to_string();
        if let Some(hit) = self.index.get(&hash) {
            let twin_ok =
                hit.format != OutFormat::Jpeg || self.webp_quality.is_none() || hit.webp.is_some();
            if twin_ok {
                let mut used = self.used.lock().expect("lock");
                used.push(hit.file.clone());
                if self.webp_quality.is_some() {
                    used.extend(hit.webp.clone());
                }
                let mut hit = hit.clone();
                if self.webp_quality.is_none() {
                    hit.webp = None;
                }
                return Ok((hit, None));
            }
        }
        if decoded.is_none() {
            *decoded = Some(decode(src, bytes)?);
            self.decoded.fetch_add(1, Ordering::Relaxed);
        }
        let Some((img, source_format)) = decoded.as_ref() else {
            unreachable!("decoded just above")
        };
        let out = resize(img.clone(), op);
        // PNGs (screenshots, logos, transparency) stay PNG; photos become JPEG.
        let format = if *source_format == image::ImageFormat::Png || out.color().has_alpha() {
            OutFormat::Png
        } else {
            OutFormat::Jpeg
        };
        let mut encoded = Vec::new();
        match format {
            OutFormat::Jpeg => {
                let rgb = out.to_rgb8();
                let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(
                    &mut encoded,
                    self.jpeg_quality,
                );
                rgb.write_with_encoder(encoder)
            }
            OutFormat::Png => out.write_to(&mut Cursor::new(&mut encoded), image::ImageFormat::Png),
        }
        .map_err(|e| ImageError::NotAnImage {
            path: src.to_path_buf(),
            detail: format!("encoding failed: {e}"),
        })?;
        let stem = format!("{hash}.{}x{}", out.width(), out.height());
        let file = self.dir.join(format!("{stem}.{}", format.ext()));
        self.store(&file, &encoded)?;
        let webp = match (format, self.webp_quality) {
            (OutFormat::Jpeg, Some(q)) => {
                let rgb = out.to_rgb8();
                let encoded = webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
                    .encode_simple(false, q as f32)
                    .map_err(|e| ImageError::NotAnImage {
                        path: src.to_path_buf(),
                        detail: format!("WebP encoding failed: {e:?}"),
                    })?;
                let twin = self.dir.join(format!("{stem}.webp"));
                self.store(&twin, &encoded)?;
                Some(twin)
            }
            _ => None,
        };
        {
            let mut used = self.used.lock().expect("lock");
            used.push(file.clone());
            used.extend(webp.clone());
        }
        let processed = Processed {
            file,
            width: out.width(),
            height: out.height(),
            format,
            webp,
        };
        Ok((processed, Some(out)))
    }

    /// Writes a cache entry: write then rename, so a crash never leaves a truncated entry that
    /// looks valid.
    fn store(&self, file: &Path, bytes: &[u8]) -> Result<(), ImageError> {
        // Unique per call: two threads may make the same entry at once (a thumbnail asked for by
        // two list pages), and each must rename its own file.
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let mut tmp = file.as_os_str().to_owned();
        tmp.push(format!(
            ".tmp{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, bytes)
            .and_then(|_| std::fs::rename(&tmp, file))
            .map_err(|source| ImageError::Cache {
                path: file.to_path_buf(),
                source,
            })
    }

    /// Deletes cache entries that this run did not use; returns how many.
    pub fn prune(&self) -> usize {
        let used: std::collections::HashSet<PathBuf> =
            self.used.lock().expect("lock").iter().cloned().collect();
        let mut removed = 0;
        let files = self
            .index
            .values()
            .flat_map(|p| std::iter::once(&p.file).chain(p.webp.as_ref()))
            .chain(&self.orphans);
        for f in files {
            if !used.contains(f) && std::fs::remove_file(f).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// Decodes with limits and applies the EXIF orientation, so the pixels are upright.
fn decode(src: &Path, bytes: &[u8]) -> Result<(DynamicImage, image::ImageFormat), ImageError> {
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
/// append after the end marker (motion photos) does not matter.
fn jpeg_is_truncated(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return true;
    };
    !bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Whether a JPEG carries a GPS position (an EXIF GPS block), judged from its first bytes. Used
/// to warn about photos in `static/`, which are published byte for byte.
pub fn jpeg_has_gps(bytes: &[u8]) -> bool {
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

/// Whether a file name looks like a photo the pipeline handles.
pub fn is_image(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}

fn resize(img: DynamicImage, op: Op) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let filter = FilterType::Lanczos3;
    match op {
        Op::Fit { width, height } if w > width || h > height => img.resize(width, height, filter),
        Op::FitWidth(width) if w > width => img.resize(width, u32::MAX, filter),
        Op::FitHeight(height) if h > height => img.resize(u32::MAX, height, filter),
        Op::Fill { width, height } => {
            // Never upscale: a small photo is cropped to the box's proportions at its own size.
            let scale = (width as f64 / w as f64)
                .max(height as f64 / h as f64)
                .min(1.0);
            let (tw, th) = (
                ((width as f64 / scale.max(1e-9)).min(w as f64) * scale).round() as u32,
                ((height as f64 / scale.max(1e-9)).min(h as f64) * scale).round() as u32,
            );
            img.resize_to_fill(tw.max(1), th.max(1), filter)
        }
        _ => img,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, RgbImage};

    /// A minimal little-endian EXIF block: IFD0 with Orientation and a GPS IFD with a latitude.
    fn exif(orientation: u16) -> Vec<u8> {
        let mut t = Vec::new();
        t.extend_from_slice(b"II*\0");
        t.extend_from_slice(&8u32.to_le_bytes());
        // IFD0: 2 entries.
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
        t.extend_from_slice(&3u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&(orientation as u32).to_le_bytes());
        t.extend_from_slice(&0x8825u16.to_le_bytes()); // GPS IFD pointer
        t.extend_from_slice(&4u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&38u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        // GPS IFD at 38: GPSLatitudeRef = "N".
        t.extend_from_slice(&1u16.to_le_bytes());
        t.extend_from_slice(&0x0001u16.to_le_bytes());
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&2u32.to_le_bytes());
        t.extend_from_slice(b"N\0\0\0");
        t.extend_from_slice(&0u32.to_le_bytes());
        t
    }

    /// A 400 × 300 landscape photo stored sideways: red on the left half, blue on the right.
    fn sideways_jpeg(path: &Path) {
        let img = RgbImage::from_fn(400, 300, |x, _| {
            if x < 200 {
                Rgb([230, 20, 20])
            } else {
                Rgb([20, 20, 230])
            }
        });
        let mut bytes = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
        enc.set_exif_metadata(exif(6)).unwrap();
        enc.write_image(&img, 400, 300, image::ExtendedColorType::Rgb8)
            .unwrap();
        assert!(bytes.windows(4).any(|w| w == b"Exif"));
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn exif_orientation_is_applied_and_no_metadata_survives() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("anh.jpg");
        sideways_jpeg(&src);
        let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
        let out = p.process(&src, Op::FitWidth(960)).unwrap();
        // Orientation 6 = rotate 90° clockwise: the 400 × 300 photo stands 300 × 400, never upscaled.
        assert_eq!((out.width, out.height), (300, 400));
        let bytes = std::fs::read(&out.file).unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "EXIF left in output"
        );
        assert!(
            !bytes.windows(2).any(|w| w == [0xFF, 0xE1]),
            "APP1 segment left in output"
        );
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        // After rotating clockwise, the red (left) half is on top.
        let top = img.get_pixel(150, 50);
        let bottom = img.get_pixel(150, 350);
        assert!(top[0] > 150 && top[2] < 100, "top is {top:?}");
        assert!(bottom[2] > 150 && bottom[0] < 100, "bottom is {bottom:?}");
    }

    #[test]
    fn widths_are_respected_and_a_second_run_decodes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("anh.png");
        RgbImage::from_pixel(2000, 1000, Rgb([1, 2, 3]))
            .save(&src)
            .unwrap();
        let cache = dir.path().join("cache");
        let first = Processor::new(&cache, 82).unwrap();
        for (w, expect) in [(480, (480, 240)), (960, (960, 480)), (4000, (2000, 1000))] {
            let out = first.process(&src, Op::FitWidth(w)).unwrap();
            assert_eq!((out.width, out.height), expect);
        }
        let fill = first
            .process(
                &src,
                Op::Fill {
                    width: 300,
                    height: 300,
                },
            )
            .unwrap();
        assert_eq!((fill.width, fill.height), (300, 300));
        assert_eq!(first.decoded(), 4);
        assert_eq!(first.prune(), 0);

        let second = Processor::new(&cache, 82).unwrap();
        let again = second.process(&src, Op::FitWidth(480)).unwrap();
        assert_eq!((again.width, again.height), (480, 240));
        assert_eq!(second.decoded(), 0, "a cached result was decoded again");
        // The three entries this run did not ask for are pruned.
        assert_eq!(second.prune(), 3);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn webp_twins_are_cached_and_pruned_with_their_jpeg() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("anh.jpg");
        sideways_jpeg(&src);
        let cache = dir.path().join("cache");
        let on = Processor::new(&cache, 82).unwrap().with_webp(Some(78));
        let out = on.process(&src, Op::FitWidth(960)).unwrap();
        let twin = out.webp.clone().expect("a WebP twin");
        let img = image::open(&twin).unwrap();
        assert_eq!((img.width(), img.height()), (out.width, out.height));

        let again = Processor::new(&cache, 82).unwrap().with_webp(Some(78));
        assert_eq!(
            again.process(&src, Op::FitWidth(960)).unwrap().webp,
            Some(twin.clone())
        );
        assert_eq!(again.decoded(), 0);

        // WebP switched off: the JPEG is still a hit, and the unused twin is pruned.
        let off = Processor::new(&cache, 82).unwrap();
        assert_eq!(off.process(&src, Op::FitWidth(960)).unwrap().webp, None);
        assert_eq!(off.decoded(), 0);
        assert_eq!(off.prune(), 1);
        assert!(!twin.exists() && out.file.exists());

        // Switched on again: the missing twin is made, decoding once.
        let back = Processor::new(&cache, 82).unwrap().with_webp(Some(78));
        assert!(
            back.process(&src, Op::FitWidth(960))
                .unwrap()
                .webp
                .is_some()
        );
        assert_eq!(back.decoded(), 1);
    }

    #[test]
    fn gps_blocks_are_found_in_jpegs() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("anh.jpg");
        sideways_jpeg(&src);
        assert!(jpeg_has_gps(&std::fs::read(&src).unwrap()));
        let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
        let out = p.process(&src, Op::FitWidth(960)).unwrap();
        assert!(!jpeg_has_gps(&std::fs::read(out.file).unwrap()));
        assert!(!jpeg_has_gps(b"not a jpeg"));
    }

    #[test]
    fn bad_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
        let text = dir.path().join("ghi-chu.jpg");
        std::fs::write(&text, "không phải ảnh").unwrap();
        let e = p.process(&text, Op::FitWidth(480)).unwrap_err().to_string();
        assert!(
            e.contains("ghi-chu.jpg") && e.contains("not an image"),
            "{e}"
        );

        let src = dir.path().join("cut.png");
        RgbImage::from_pixel(200, 200, Rgb([9, 9, 9]))
            .save(&src)
            .unwrap();
        let bytes = std::fs::read(&src).unwrap();
        std::fs::write(&src, &bytes[..bytes.len() / 2]).unwrap();
        let e = p.process(&src, Op::FitWidth(480)).unwrap_err().to_string();
        assert!(e.contains("cut.png"), "{e}");

        // A PNG header claiming 100 000 × 100 000 pixels.
        let mut bomb = Vec::new();
        bomb.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\r");
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        bomb.extend_from_slice(&ihdr);
        bomb.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        let path = dir.path().join("bomb.png");
        std::fs::write(&path, bomb).unwrap();
        let e = p.process(&path, Op::FitWidth(480)).unwrap_err().to_string();
        assert!(e.contains("bomb.png") && e.contains("too large"), "{e}");

        let e = p
            .process(&dir.path().join("khong-co.jpg"), Op::FitWidth(480))
            .unwrap_err()
            .to_string();
        assert!(e.contains("khong-co.jpg"), "{e}");
    }
}
