//! Page bundles as published: each photo processed once (capped, upright, without metadata,
//! with narrower variants and WebP twins) however many languages publish it, the views templates
//! get of them, and every bundle file copied beside each language version of its page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{ImageError, Op, Processor, is_image};
use crate::error::{Error, Result};
use crate::model::{PageId, PhotoView, Site};
use crate::output::{Output, Produced};
use crate::write::Sink;

/// The processed files of every bundle, by bundle folder.
pub(crate) struct Bundles {
    by_folder: HashMap<PathBuf, BundleFiles>,
}

/// A bundle's published files: (path inside the bundle, file to publish), and its photos.
#[derive(Default)]
struct BundleFiles {
    files: Vec<(String, Source)>,
    photos: Vec<Photo>,
}

/// Where a published file comes from.
enum Source {
    /// The author's own file (a PDF, a video): copied, so nothing done to the output reaches it.
    Own(PathBuf),
    /// A processed photo in loa's image cache: linked where the filesystem allows.
    Cached(PathBuf),
}

/// One bundle file's published files, and the photo it is when it is one.
type ProcessedAsset = (Vec<(String, Source)>, Option<Photo>);

/// Bundle folders with files that cannot be published, each with the problem: for the load to
/// quarantine their pages, or, as an [`Error`], to fail the build.
pub(crate) struct Broken(pub(crate) Vec<(PathBuf, Error)>);

impl From<Broken> for Error {
    fn from(broken: Broken) -> Error {
        match Error::from_list(broken.0.into_iter().map(|(_, e)| e).collect()) {
            Err(e) => e,
            Ok(()) => Error::Other("no bundle file is broken".into()),
        }
    }
}

struct Photo {
    /// The source file, inside the bundle: what `captions:` names.
    source: String,
    /// The published full-size file, inside the bundle.
    rel: String,
    width: u32,
    height: u32,
    /// (path inside the bundle, width) of each narrower variant.
    variants: Vec<(String, u32)>,
    /// The same sizes as WebP, when WebP twins are on.
    webp: Vec<(String, u32)>,
}

impl Bundles {
    /// Files of page bundles. Photos go through the image pipeline: capped in size, turned upright,
    /// stripped of EXIF/GPS, and joined by narrower variants (`anh-480w.jpg`) for `srcset`.
    pub(crate) fn process(site: &Site, images: &Processor) -> std::result::Result<Bundles, Broken> {
        let cfg = &site.config.images;
        let jobs: Vec<(&Path, &Path)> = site
            .assets
            .iter()
            .map(|(b, f)| (b.as_path(), f.as_path()))
            .collect();
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        let results: Vec<Result<ProcessedAsset>> = jobs
        .par_iter()
        .map(|(bundle, file)| {
            bar.inc(1);
            // Published under its NFC name, the one Markdown and front matter use.
            let rel = crate::text::nfc(
                &file
                    .strip_prefix(bundle)
                    .unwrap_or(file)
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
            if !is_image(file) {
                return Ok((vec![(rel, Source::Own(file.to_path_buf()))], None));
            }
            let shown = file.strip_prefix(&site.config.root).unwrap_or(file);
            let err = |e: ImageError| {
                Error::content(
                    crate::error::Location::file(shown),
                    e.problem(),
                    "replace the file with a JPEG, PNG or WebP photo, or remove it from the bundle",
                )
            };
            let (full, narrower) = images
                .process_set(
                    file,
                    Op::Fit {
                        width: cfg.max_size,
                        height: cfg.max_size,
                    },
                    &cfg.widths,
                )
                .map_err(err)?;
            // Published names follow the format actually written (a WebP or HEIC-named source
            // becomes `.jpg`), so servers send the right type.
            let (stem, _) = rel.rsplit_once('.').unwrap_or((&rel, ""));
            let full_rel = format!("{stem}.{}", full.format.ext());
            let mut out = vec![(full_rel.clone(), Source::Cached(full.file.clone()))];
            let mut variants = Vec::new();
            let mut webp = Vec::new();
            if let Some(twin) = &full.webp {
                webp.push((format!("{stem}.webp"), full.width));
                out.push((format!("{stem}.webp"), Source::Cached(twin.clone())));
            }
            for v in narrower {
                let name = format!("{stem}-{}w.{}", v.width, v.format.ext());
                variants.push((name.clone(), v.width));
                out.push((name, Source::Cached(v.file)));
                if let Some(twin) = v.webp {
                    let name = format!("{stem}-{}w.webp", v.width);
                    webp.insert(webp.len() - 1, (name.clone(), v.width));
                    out.push((name, Source::Cached(twin)));
                }
            }
            let photo = Photo {
                source: rel.clone(),
                rel: full_rel,
                width: full.width,
                height: full.height,
                variants,
                webp,
            };
            Ok((out, Some(photo)))
        })
        .collect();
        bar.finish_and_clear();
        let mut bundles: HashMap<PathBuf, BundleFiles> = HashMap::new();
        let mut errors = Vec::new();
        // Published name → the bundle file it came from, to catch `anh.jpg` beside `anh.webp`.
        let mut names: HashMap<(PathBuf, String), &Path> = HashMap::new();
        for ((bundle, file), r) in jobs.iter().zip(results) {
            match r {
                Ok((files, photo)) => {
                    for (name, _) in &files {
                        if let Some(other) =
                            names.insert((bundle.to_path_buf(), name.clone()), file)
                            && other != *file
                        {
                            let shown = |f: &Path| {
                                f.strip_prefix(&site.config.root)
                                    .unwrap_or(f)
                                    .display()
                                    .to_string()
                            };
                            errors.push((
                                bundle.to_path_buf(),
                                Error::content(
                                    crate::error::Location::file(
                                        file.strip_prefix(&site.config.root).unwrap_or(file),
                                    ),
                                    format!(
                                        "{} and {} would both be published as {name}",
                                        shown(other),
                                        shown(file)
                                    ),
                                    "rename one of them",
                                ),
                            ));
                        }
                    }
                    let entry = bundles.entry(bundle.to_path_buf()).or_default();
                    entry.files.extend(files);
                    entry.photos.extend(photo);
                }
                Err(e) => errors.push((bundle.to_path_buf(), e)),
            }
        }
        if !errors.is_empty() {
            return Err(Broken(errors));
        }
        Ok(Bundles { by_folder: bundles })
    }

    /// What templates get as `page.photos`, per page, with URLs in that page's folder.
    pub(crate) fn photo_views(&self, site: &Site) -> HashMap<PageId, Vec<PhotoView>> {
        let base = site.config.base_path();
        let mut out = HashMap::new();
        for page in &site.pages {
            let Some(b) = page.bundle.as_ref().and_then(|b| self.by_folder.get(b)) else {
                continue;
            };
            let views = b
                .photos
                .iter()
                .map(|p| {
                    let url = |rel: &str| format!("{base}{}{rel}", page.path);
                    let mut srcset: Vec<String> = p
                        .variants
                        .iter()
                        .map(|(r, w)| format!("{} {w}w", url(r)))
                        .collect();
                    srcset.push(format!("{} {}w", url(&p.rel), p.width));
                    let webp: Vec<String> = p
                        .webp
                        .iter()
                        .map(|(r, w)| format!("{} {w}w", url(r)))
                        .collect();
                    PhotoView {
                        name: p.source.clone(),
                        webp_srcset: (!webp.is_empty()).then(|| webp.join(", ")),
                        webp_src: p.webp.last().map(|(r, _)| url(r)),
                        src: url(&p.rel),
                        width: p.width,
                        height: p.height,
                        srcset: srcset.join(", "),
                        caption: page.captions.get(&p.source).cloned(),
                        alt: page.alts.get(&p.source).cloned(),
                    }
                })
                .collect();
            out.insert(page.id, views);
        }
        out
    }
}

/// Every bundle's files are published beside each language version of its page.
impl Output for Bundles {
    type Job = PageId;

    fn plan(&self, site: &Site) -> Result<Vec<PageId>> {
        Ok(site
            .pages
            .iter()
            .filter(|p| {
                p.bundle
                    .as_ref()
                    .is_some_and(|b| self.by_folder.contains_key(b))
            })
            .map(|p| p.id)
            .collect())
    }

    fn produce(&self, site: &Site, id: &PageId, sink: &dyn Sink) -> Result<Produced> {
        let page = &site.pages[*id];
        let mut produced = Produced::default();
        if let Some(b) = page.bundle.as_ref().and_then(|b| self.by_folder.get(b)) {
            for (rel, src) in &b.files {
                let rel = format!("{}{rel}", page.path);
                match src {
                    Source::Own(file) => sink.copy(&rel, file)?,
                    Source::Cached(file) => sink.link_cached(&rel, file)?,
                }
                produced.files += 1;
            }
        }
        Ok(produced)
    }
}
