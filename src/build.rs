//! The whole pipeline, in order: config → load content → site model → theme → render → write.
//! Nothing is written to the output folder unless every stage succeeded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::load::BuildArgs;
use crate::model::Site;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::write::Staging;

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub static_files: usize,
    /// Slogan × format artworks drawn.
    pub artworks: usize,
    /// Photos decoded this build (0 when every processed photo came from the cache).
    pub images_decoded: usize,
    pub languages: usize,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
    /// Output files written, left untouched because their bytes did not change, and removed.
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Wall time of each phase, in order (`loa build --timings`).
    pub timings: Vec<(&'static str, Duration)>,
    /// Resident memory after each phase, where the platform tells.
    pub memory: Vec<Option<u64>>,
    /// Nothing was built: the inputs and the output were as the previous build left them.
    pub skipped: bool,
}

/// Wall time per build phase, and the process's resident memory after it (Linux only).
struct Timings {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
    rss: Vec<Option<u64>>,
}

/// Resident memory of this process in bytes, from /proc (None elsewhere).
pub fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb * 1024)
}

impl Timings {
    fn new() -> Timings {
        Timings {
            last: Instant::now(),
            phases: Vec::new(),
            rss: Vec::new(),
        }
    }
    fn done(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.phases.push((phase, now - self.last));
        self.rss.push(rss_bytes());
        self.last = now;
    }
}

pub fn build(args: &BuildArgs) -> Result<BuildReport> {
    build_with(args, false).map(|(report, _)| report)
}

/// A build that, unless it was skipped, also returns what `loa serve` needs to rebuild only the
/// files an edit changes (see [`crate::incremental::Session`]).
pub fn build_session(
    args: &BuildArgs,
) -> Result<(BuildReport, Option<crate::incremental::Session>)> {
    build_with(args, true)
}

fn build_with(
    args: &BuildArgs,
    keep: bool,
) -> Result<(BuildReport, Option<crate::incremental::Session>)> {
    let started = Instant::now();
    let mut timings = Timings::new();
    let out = safe_output(&args.root, args.output.as_deref())?;
    let manifest = manifest_path(&args.root, &out);
    // Two independent walks (the site's files, the output folder), one per core.
    let (inputs, previous) = rayon::join(
        || inputs_fingerprint(args, &out),
        || crate::write::Previous::load(&out, &manifest),
    );
    if let Some((prev, files)) = inputs
        .as_deref()
        .zip(previous.as_ref())
        .and_then(|(i, p)| p.unchanged(i))
    {
        // Same inputs, same program, output as the last build left it: nothing would change.
        timings.done("check inputs (unchanged)");
        let [pages, static_files, artworks, languages] = prev.counts;
        return Ok((
            BuildReport {
                output: out,
                pages,
                static_files,
                artworks,
                images_decoded: 0,
                languages,
                elapsed: started.elapsed(),
                warnings: prev.warnings,
                written: 0,
                unchanged: files,
                removed: 0,
                timings: timings.phases,
                memory: timings.rss,
                skipped: true,
            },
            None,
        ));
    }
    timings.done("check inputs");
    let (site, theme) = crate::load::load_marking(args, &mut |phase| timings.done(phase))?;
    // Shared with the template functions, which must own what they use.
    let site = std::sync::Arc::new(site);
    let mut warnings = site.warnings.clone();
    for lang in theme.untranslated_langs(&site.config) {
        warnings.push(format!(
            "the theme has no UI strings for `{lang}` (i18n/{lang}.yaml); pages in {lang} use the default language's strings"
        ));
    }

    // Artwork is planned before rendering, so slogan pages can link their banners, and
    // checked (layouts, formats, fonts) before anything is written.
    let artwork_on = site.config.artwork.as_ref().is_none_or(|a| a.enabled);
    let studio = if artwork_on {
        Some(
            crate::artwork::Studio::new(&site, &theme)?
                .with_cache(&site.config.root.join(".loa-cache").join("artwork"), &theme),
        )
    } else {
        None
    };
    let (jobs, mut artwork_links) = match &studio {
        Some(s) => (s.jobs(&site)?, s.links(&site)),
        None => (Vec::new(), Default::default()),
    };
    let pano_jobs = match &studio {
        Some(s) => {
            artwork_links.extend(s.pano_links(&site));
            s.pano_jobs(&site)?
        }
        None => Vec::new(),
    };

    // Photos before pages: templates need each photo's size and variants.
    let images = std::sync::Arc::new(
        crate::images::Processor::new(
            &site.config.root.join(".loa-cache").join("images"),
            site.config.images.jpeg_quality,
        )
        .map_err(|e| Error::Other(e.to_string()))?
        .with_webp(
            site.config
                .images
                .webp
                .then_some(site.config.images.webp_quality),
        ),
    );
    let bundles = process_bundles(&site, &images)?;
    let photos = photo_views(&site, &bundles);
    timings.done("photos");

    let staging = Staging::new(&out, &manifest, previous)?;
    staging.write(
        OUTPUT_MARKER,
        b"This folder is written by loa and kept in step with the site on every build: files it no longer writes are removed.\n",
    )?;
    timings.done("previous output");
    let theme = std::sync::Arc::new(theme);
    let handed = crate::model::Handed {
        artwork: artwork_links,
        photos,
        kits: crate::kit::links(&site),
    };
    let mut renderer = Renderer::new(site.clone(), theme.clone(), handed, images.clone())?;
    if keep {
        renderer.record_deps();
    }
    timings.done("templates and cards");
    let stats = renderer.render_all(&staging)?;
    timings.done("render and stage pages");
    // The cards go before the artwork is drawn: its raster and font buffers then reuse their
    // memory instead of adding to it (unless serve keeps them for the next rebuild).
    let resized = renderer.resized_images();
    let renderer = keep.then_some(renderer);
    let mut artworks = 0;
    if let Some(studio) = &studio {
        let slogans = crate::artwork::SloganArt::with_progress(studio, jobs.len());
        crate::output::produce_all(&slogans, &site, &jobs, &staging)?;
        artworks = jobs.len();
    }
    let print_photos = crate::artwork::pano::PrintPhotos::new(&site)?;
    if let Some(studio) = &studio {
        // Preflight findings of panos are warnings: the files are still worth looking at.
        let panos = crate::artwork::Panos {
            studio,
            photos: &print_photos,
        };
        let found = crate::output::produce_all(&panos, &site, &pano_jobs, &staging)?.warnings;
        artworks += pano_jobs.len();
        warnings.extend(found);
        if let Some(kits) = crate::kit::Kits::configured(&site, studio, &print_photos)? {
            let units = crate::output::Output::plan(&kits, &site)?;
            crate::output::produce_all(&kits, &site, &units, &staging)?;
        }
    }
    timings.done("artwork");
    let mut static_files = copy_static(&site, &theme, &staging, &mut warnings)?;
    static_files += publish_bundles(&site, &staging, &bundles)?;
    // Images that templates asked for with resize_image().
    for (rel, file) in resized {
        staging.copy(&rel, &file)?;
        static_files += 1;
    }
    let images_decoded = images.decoded();
    timings.done("static files");
    let summary = inputs.map(|inputs| crate::write::Summary {
        inputs,
        counts: [
            stats.pages,
            static_files,
            artworks,
            site.config.languages.len(),
        ],
        warnings: warnings.clone(),
    });
    let commit = staging.commit(summary)?;
    // Only after a successful build: a failed one must not throw away work a fix will reuse.
    images.prune();
    print_photos.prune();
    if let Some(studio) = &studio {
        studio.prune_cache();
    }
    timings.done("commit");
    let languages = site.config.languages.len();
    // The session's renderer must hold the only reference, to patch the site later.
    drop(site);
    let session = renderer.map(|r| crate::incremental::Session::new(r, &out, args));
    Ok((
        BuildReport {
            output: out,
            pages: stats.pages,
            static_files,
            artworks,
            images_decoded,
            languages,
            elapsed: started.elapsed(),
            warnings,
            written: commit.written,
            unchanged: commit.unchanged,
            removed: commit.removed,
            timings: timings.phases,
            memory: timings.rss,
            skipped: false,
        },
        session,
    ))
}

/// A fingerprint of everything a build reads: the program itself, the arguments, and the name,
/// size, mtime and inode of every file of the site's config, content, templates, strings,
/// artwork, static files and themes; `None` while a file is too fresh to trust its mtime. Like make and cargo, it trusts file metadata rather than
/// reading every file: a no-change rebuild of a province-sized site then costs a few stats.
fn inputs_fingerprint(args: &BuildArgs, out: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let mut h = blake3::Hasher::new();
    let add_meta = |h: &mut blake3::Hasher, rel: &[u8], m: &std::fs::Metadata| {
        h.update(rel);
        h.update(&[0]);
        h.update(&m.len().to_le_bytes());
        h.update(&m.mtime().to_le_bytes());
        h.update(&m.mtime_nsec().to_le_bytes());
        h.update(&m.ino().to_le_bytes());
    };
    // A file written in the last seconds may be written again within the same mtime tick on
    // coarse file systems (git's "racy" case). Then no fingerprint is given: this build cannot
    // be skipped and records none, so the next one builds too and records a settled one.
    let now = std::time::SystemTime::now();
    let mut racy = false;
    let recent = |m: &std::fs::Metadata| {
        m.modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_none_or(|age| age < Duration::from_secs(3))
    };
    h.update(concat!("loa ", env!("CARGO_PKG_VERSION"), "\0").as_bytes());
    // The executable too: a rebuilt loa (or theme compiled into it) may write different pages.
    if let Ok(exe) = std::env::current_exe()
        && let Ok(m) = std::fs::metadata(&exe)
    {
        add_meta(&mut h, b"exe", &m);
    }
    h.update(
        format!(
            "{:?}|{}|{:?}|{:?}|{}",
            args.base_url,
            args.drafts,
            args.colour,
            args.today.unwrap_or_else(crate::load::today),
            out.display()
        )
        .as_bytes(),
    );
    for part in [
        "site.yaml",
        "content",
        "templates",
        "i18n",
        "artwork",
        "static",
        "themes",
    ] {
        let path = args.root.join(part);
        for entry in walkdir::WalkDir::new(&path)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(m) = entry.metadata() {
                let rel = entry
                    .path()
                    .strip_prefix(&args.root)
                    .unwrap_or(entry.path());
                add_meta(&mut h, rel.as_os_str().as_encoded_bytes(), &m);
                racy |= recent(&m);
            }
        }
    }
    (!racy).then(|| h.finalize().to_hex().to_string())
}

/// Where the list of files in `out` is kept between builds: in the site's cache, one file per
/// output folder, so `public/` and the folder `serve` uses do not share one.
fn manifest_path(root: &Path, out: &Path) -> PathBuf {
    let key = blake3::hash(out.as_os_str().as_encoded_bytes()).to_hex();
    root.join(".loa-cache")
        .join("outputs")
        .join(format!("{}.tsv", &key[..16]))
}

/// A marker left in every output folder: only a folder that has it (or is empty) is replaced,
/// so `-o` pointed at a folder of other files by mistake never deletes them.
pub const OUTPUT_MARKER: &str = ".loa-output";

/// The output folder, refused when replacing it would destroy the site's own files or a folder
/// loa did not make. A symlinked output folder is followed, so the link keeps working.
fn safe_output(root: &Path, output: Option<&Path>) -> Result<PathBuf> {
    let mut out = crate::load::output_dir(root, output);
    if out.is_symlink()
        && let Ok(real) = out.canonicalize()
    {
        out = real;
    }
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let root_abs = abs(root);
    let out_abs = abs(&out);
    let refuse = |why: String| {
        Err(Error::Other(format!(
            "refusing to build into {}: {why}; choose an output folder of its own, such as public/",
            out.display()
        )))
    };
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site itself".into());
    }
    for own in [
        "content",
        "templates",
        "themes",
        "static",
        "i18n",
        "artwork",
        "site.yaml",
    ] {
        if out_abs.starts_with(root_abs.join(own)) {
            return refuse(format!("it is part of the site's {own}"));
        }
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(&out).map_err(|e| Error::io(&out, e))?;
        let empty = entries.next().is_none();
        if !empty && !out.join(OUTPUT_MARKER).exists() {
            return refuse(format!(
                "it already holds files that loa did not write (no {OUTPUT_MARKER} marker), and a build replaces the whole folder"
            ));
        }
    } else if out.exists() {
        return refuse("it is a file".into());
    }
    Ok(out)
}

/// Theme assets first, then the site's `static/` (which may replace them), then the files of
/// each page bundle beside every language version of that page.
fn copy_static(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    warnings: &mut Vec<String>,
) -> Result<usize> {
    let mut count = 0;
    for f in &theme.static_files {
        staging.write(&f.name, &f.bytes)?;
        count += 1;
    }
    let dir = site.config.static_dir();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(&dir, e.into()))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            // static/ is published byte for byte, unlike bundle photos: say so when that
            // publishes where a photo was taken.
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if (name.ends_with(".jpg") || name.ends_with(".jpeg"))
                && let Ok(mut f) = std::fs::File::open(entry.path())
            {
                let mut head = Vec::new();
                let _ = std::io::Read::read_to_end(
                    &mut std::io::Read::take(&mut f, 256 * 1024),
                    &mut head,
                );
                if crate::images::jpeg_has_gps(&head) {
                    warnings.push(format!(
                        "static/{} carries a GPS position and static files are published as they are; move the photo into a page bundle (which strips it) or remove the location",
                        rel.to_string_lossy()
                    ));
                }
            }
            staging.copy(&rel.to_string_lossy(), entry.path())?;
            count += 1;
        }
    }
    Ok(count)
}

/// A bundle's published files: (path inside the bundle, file to copy), and its photos.
#[derive(Default)]
struct BundleFiles {
    files: Vec<(String, PathBuf)>,
    photos: Vec<Photo>,
}

/// One bundle file's published files, and the photo it is when it is one.
type ProcessedAsset = (Vec<(String, PathBuf)>, Option<Photo>);

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

/// Files of page bundles. Photos go through the image pipeline: capped in size, turned upright,
/// stripped of EXIF/GPS, and joined by narrower variants (`anh-480w.jpg`) for `srcset`.
fn process_bundles(
    site: &Site,
    images: &crate::images::Processor,
) -> Result<HashMap<PathBuf, BundleFiles>> {
    use crate::images::{Op, is_image};
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
            let rel = file
                .strip_prefix(bundle)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            if !is_image(file) {
                return Ok((vec![(rel, file.to_path_buf())], None));
            }
            let shown = file.strip_prefix(&site.config.root).unwrap_or(file);
            let err = |e: crate::images::ImageError| {
                Error::content(
                    crate::error::Location::file(shown),
                    e.to_string(),
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
            let mut out = vec![(full_rel.clone(), full.file.clone())];
            let mut variants = Vec::new();
            let mut webp = Vec::new();
            if let Some(twin) = &full.webp {
                webp.push((format!("{stem}.webp"), full.width));
                out.push((format!("{stem}.webp"), twin.clone()));
            }
            for v in narrower {
                let name = format!("{stem}-{}w.{}", v.width, v.format.ext());
                variants.push((name.clone(), v.width));
                out.push((name, v.file));
                if let Some(twin) = v.webp {
                    let name = format!("{stem}-{}w.webp", v.width);
                    webp.insert(webp.len() - 1, (name.clone(), v.width));
                    out.push((name, twin));
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
                    if let Some(other) = names.insert((bundle.to_path_buf(), name.clone()), file)
                        && other != *file
                    {
                        let shown = |f: &Path| {
                            f.strip_prefix(&site.config.root)
                                .unwrap_or(f)
                                .display()
                                .to_string()
                        };
                        errors.push(Error::content(
                            crate::error::Location::file(
                                file.strip_prefix(&site.config.root).unwrap_or(file),
                            ),
                            format!(
                                "{} and {} would both be published as {name}",
                                shown(other),
                                shown(file)
                            ),
                            "rename one of them",
                        ));
                    }
                }
                let entry = bundles.entry(bundle.to_path_buf()).or_default();
                entry.files.extend(files);
                entry.photos.extend(photo);
            }
            Err(e) => errors.push(e),
        }
    }
    Error::from_list(errors)?;
    Ok(bundles)
}

/// What templates get as `page.photos`, per page, with URLs in that page's folder.
fn photo_views(
    site: &Site,
    bundles: &HashMap<PathBuf, BundleFiles>,
) -> HashMap<crate::model::PageId, Vec<crate::model::PhotoView>> {
    let base = site.config.base_path();
    let mut out = HashMap::new();
    for page in &site.pages {
        let Some(b) = page.bundle.as_ref().and_then(|b| bundles.get(b)) else {
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
                crate::model::PhotoView {
                    name: p.source.clone(),
                    webp_srcset: (!webp.is_empty()).then(|| webp.join(", ")),
                    webp_src: p.webp.last().map(|(r, _)| url(r)),
                    src: url(&p.rel),
                    width: p.width,
                    height: p.height,
                    srcset: srcset.join(", "),
                    caption: page.captions.get(&p.source).cloned(),
                }
            })
            .collect();
        out.insert(page.id, views);
    }
    out
}

/// Publishes every bundle's files beside each language version of its page.
fn publish_bundles(
    site: &Site,
    staging: &Staging,
    bundles: &HashMap<PathBuf, BundleFiles>,
) -> Result<usize> {
    let mut count = 0;
    for page in &site.pages {
        let Some(b) = page.bundle.as_ref().and_then(|b| bundles.get(b)) else {
            continue;
        };
        for (rel, src) in &b.files {
            staging.copy(&format!("{}{rel}", page.path), src)?;
            count += 1;
        }
    }
    Ok(count)
}
