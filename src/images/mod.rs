//! Photos: decode with limits (a file claiming 100 000 × 100 000 pixels is refused before any
//! allocation), turn upright by EXIF orientation, resize, and re-encode **without any metadata**,
//! so GPS positions of a school never reach the portal.
//!
//! Every result is cached under `.loa-cache/images/`, keyed by a hash of the source bytes and the
//! operation, so a build where no photo changed decodes nothing; entries no build used are pruned.

pub(crate) mod bundles;
mod decode;
mod webp;

pub(crate) use crate::content::is_image;
pub(crate) use decode::jpeg_has_gps;
use decode::{decode, resize};
pub(crate) use webp::{WebpMode, encode_webp};

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use image::DynamicImage;

/// Bump when the processing itself changes, so old cache entries are not reused (2: SIMD
/// resize and JPEG encoder).
const PIPELINE_VERSION: u32 = 2;
/// Largest side accepted on input: far above any phone or camera, far below a bomb.
const MAX_SIDE: u32 = 20_000;
/// Largest decoded buffer accepted: a 100-megapixel RGBA image.
const MAX_ALLOC: u64 = 400 * 1024 * 1024;
/// Largest photo file read: no photo loa accepts takes more as a file than decoded, and a file
/// is read whole (to fingerprint it) before its header is looked at.
const MAX_FILE: u64 = MAX_ALLOC;

/// How to fit an image into a box, as Zola's `resize_image` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Scale to fit inside width × height, keeping proportions.
    #[allow(missing_docs)]
    Fit { width: u32, height: u32 },
    /// Scale to width, any height.
    FitWidth(u32),
    /// Scale to height, any width.
    FitHeight(u32),
    /// Cover width × height exactly, cropping the overflow around the centre.
    #[allow(missing_docs)]
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
pub(crate) enum OutFormat {
    Jpeg,
    Png,
}

impl OutFormat {
    pub(crate) fn ext(&self) -> &'static str {
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
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: OutFormat,
    /// The WebP twin of a JPEG result, when WebP output is on.
    pub webp: Option<PathBuf>,
}

/// Why a photo could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is {}", self.problem())]
    NotAnImage { path: PathBuf, detail: String },
    #[error("{path} is {}", self.problem())]
    Truncated { path: PathBuf },
    #[error("{path} is {}", self.problem())]
    TooLarge { path: PathBuf, detail: String },
    #[error("cannot write the image cache at {path}: {source}")]
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ImageError {
    /// The problem without the photo's path, for a message that names the file already (and
    /// after "<path> is" in this error's own message).
    pub(crate) fn problem(&self) -> String {
        match self {
            ImageError::Read { source, .. } => format!("cannot be read: {source}"),
            ImageError::NotAnImage { detail, .. } => {
                format!("not an image loa can read (JPEG, PNG, WebP): {detail}")
            }
            ImageError::Truncated { .. } => "cut short (the JPEG stops before its end marker): copy it again from the phone or camera".to_string(),
            ImageError::TooLarge { detail, .. } => format!(
                "too large to process ({detail}); photos up to {MAX_SIDE} pixels a side are accepted"
            ),
            ImageError::Cache { .. } => self.to_string(),
        }
    }
}

/// Decodes, resizes and re-encodes photos, with a cache keyed by source bytes and operation.
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
    /// Sets made by this build, by source bytes and sizes: a photo published in several bundles
    /// (one stock photo in a gallery and two panos) is decoded and encoded once, and a thread
    /// that asks for it while another is making it waits instead of doing the same work.
    sets: Mutex<HashMap<blake3::Hash, Arc<OnceLock<Option<Set>>>>>,
}

/// A photo at its full size and its narrower variants.
type Set = (Processed, Vec<Processed>);

impl Processor {
    /// Opens (or creates) the cache in `dir`.
    pub fn new(dir: &Path, jpeg_quality: u8) -> Result<Processor, ImageError> {
        // Before any WebP twin is encoded, on the thread that sets the processor up.
        crate::memory::keep_c_heap();
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
            sets: Mutex::new(HashMap::new()),
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
    pub(crate) fn process(&self, src: &Path, op: Op) -> Result<Processed, ImageError> {
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
        let read_err = |source| ImageError::Read {
            path: src.to_path_buf(),
            source,
        };
        let size = std::fs::metadata(src).map_err(read_err)?.len();
        if size > MAX_FILE {
            return Err(ImageError::TooLarge {
                path: src.to_path_buf(),
                detail: format!("a {} MB file", size / (1024 * 1024)),
            });
        }
        let bytes = std::fs::read(src).map_err(read_err)?;
        let source_hash = blake3::hash(&bytes).to_hex().to_string();
        let set_key = blake3::hash(format!("{source_hash}|{}|{widths:?}", full.key()).as_bytes());
        let cell = self
            .sets
            .lock()
            .expect("lock")
            .entry(set_key)
            .or_default()
            .clone();
        let mut failed = None;
        let made = cell.get_or_init(|| {
            self.make_set(src, &bytes, &source_hash, full, widths)
                .map_err(|e| failed = Some(e))
                .ok()
        });
        match (made, failed) {
            (_, Some(e)) => Err(e),
            (Some(set), None) => Ok(set.clone()),
            // Another file with the same bytes failed: this one gets its own error, naming it.
            (None, None) => self.make_set(src, &bytes, &source_hash, full, widths),
        }
    }

    /// [`Processor::process_set`] for a source read and fingerprinted.
    fn make_set(
        &self,
        src: &Path,
        bytes: &[u8],
        source_hash: &str,
        full: Op,
        widths: &[u32],
    ) -> Result<Set, ImageError> {
        let mut decoded: Option<(DynamicImage, image::ImageFormat)> = None;
        let (full_out, full_pixels) = self.one(src, bytes, source_hash, full, &mut decoded)?;
        // Narrower variants are made from the capped image, not the 12-megapixel original: the
        // same result to the eye, several times less resampling work.
        if let (Some(px), Some((_, format))) = (full_pixels, decoded.as_ref()) {
            decoded = Some((px, *format));
        }
        let mut variants = Vec::new();
        for &w in widths.iter().filter(|&&w| w < full_out.width) {
            variants.push(
                self.one(src, bytes, source_hash, Op::FitWidth(w), &mut decoded)?
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
        let out = resize(img, op);
        // PNGs (screenshots, logos, transparency) stay PNG; photos become JPEG.
        let format = if *source_format == image::ImageFormat::Png || out.color().has_alpha() {
            OutFormat::Png
        } else {
            OutFormat::Jpeg
        };
        let stem = format!("{hash}.{}x{}", out.width(), out.height());
        let file = self.dir.join(format!("{stem}.{}", format.ext()));
        // The JPEG and its WebP twin are encoded side by side: a photo's sizes are made one
        // after the other, so without this the last big photo of a build keeps one core busy
        // while the other has nothing left to do. On a thread of its own, not a rayon job: this
        // runs inside the set's `OnceLock`, and a rayon worker waiting for a job may take
        // another, such as the same photo of another bundle, whose `get_or_init` on the same
        // lock would then never return.
        // Only photos written as JPEG get a WebP twin; screenshots and logos stay PNG.
        let twin_quality = self.webp_quality.filter(|_| format == OutFormat::Jpeg);
        let twin = |q: u8| {
            let rgb = loa_pixels::rgb8(&out);
            let size = (rgb.width(), rgb.height());
            let encoded =
                encode_webp(rgb.as_raw(), false, size, WebpMode::Lossy(q)).map_err(|detail| {
                    ImageError::NotAnImage {
                        path: src.to_path_buf(),
                        detail,
                    }
                })?;
            let twin = self.dir.join(format!("{stem}.webp"));
            self.store(&twin, &encoded)?;
            Ok(twin)
        };
        let main = || {
            let mut encoded = Vec::new();
            match format {
                OutFormat::Jpeg => loa_pixels::jpeg(&out, self.jpeg_quality, &mut encoded),
                OutFormat::Png => out
                    .write_to(&mut Cursor::new(&mut encoded), image::ImageFormat::Png)
                    .map_err(|e| e.to_string()),
            }
            .map_err(|e| ImageError::NotAnImage {
                path: src.to_path_buf(),
                detail: format!("encoding failed: {e}"),
            })?;
            self.store(&file, &encoded)
        };
        let (main, webp) = match twin_quality {
            None => (main(), Ok(None)),
            Some(q) => std::thread::scope(|scope| {
                match std::thread::Builder::new().spawn_scoped(scope, move || twin(q)) {
                    Ok(thread) => {
                        let main = main();
                        let webp = thread.join().unwrap_or_else(|_| {
                            Err(ImageError::NotAnImage {
                                path: src.to_path_buf(),
                                detail: "WebP encoding failed".into(),
                            })
                        });
                        (main, webp.map(Some))
                    }
                    // No thread to be had: one after the other.
                    Err(_) => (main(), twin(q).map(Some)),
                }
            }),
        };
        main?;
        let webp = webp?;
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
        // A resampled image goes back for the narrower variants; one left as it was is the
        // decoded image the caller holds already.
        let resampled = match out {
            Cow::Owned(img) => Some(img),
            Cow::Borrowed(_) => None,
        };
        Ok((processed, resampled))
    }

    /// Writes a cache entry: write then rename, so a crash never leaves a truncated entry that
    /// looks valid.
    fn store(&self, file: &Path, bytes: &[u8]) -> Result<(), ImageError> {
        // Two threads may make the same entry at once (a thumbnail asked for by two list
        // pages); `replace` gives each its own temporary file to rename.
        crate::write::replace(file, bytes).map_err(|source| ImageError::Cache {
            path: file.to_path_buf(),
            source,
        })
    }

    /// Deletes cache entries that this run did not use; returns how many.
    pub(crate) fn prune(&self) -> usize {
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

#[cfg(test)]
mod tests;
