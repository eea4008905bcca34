//! The whole pipeline, in order: config → load content → site model → theme → render → write.
//! Nothing is written to the output folder unless every stage succeeded.

use std::path::PathBuf;

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::load::BuildArgs;
use crate::render::Renderer;
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

/// A build that, unless it was skipped, also keeps the renderer with the dependencies it
/// recorded: what `loa serve` needs to rebuild only the files an edit changes.
pub(crate) fn build_keeping(args: &BuildArgs) -> Result<(BuildReport, Option<Renderer>)> {
    build_with(args, true)
}

fn build_with(args: &BuildArgs, keep: bool) -> Result<(BuildReport, Option<Renderer>)> {
    let started = Instant::now();
    let mut timings = Timings::new();
    let out = crate::write::safe_output(&args.root, args.output.as_deref())?;
    let manifest = crate::write::manifest_path(&args.root, &out);
    // Two independent walks (the site's files, the output folder), one per core.
    let (inputs, previous) = rayon::join(
        || crate::load::inputs_fingerprint(args, &out),
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
    let bundles = crate::images::bundles::Bundles::process(&site, &images)?;
    let photos = bundles.photo_views(&site);
    timings.done("photos");

    let staging = Staging::new(&out, &manifest, previous)?;
    staging.write(
        crate::write::OUTPUT_MARKER,
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
    let assets = crate::assets::Assets { theme: &theme };
    let copied = crate::output::produce_in_order(&assets, &site, &staging)?;
    warnings.extend(copied.warnings);
    let mut static_files = copied.files;
    static_files += crate::output::produce_in_order(&bundles, &site, &staging)?.files;
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
    // The kept renderer must hold the only reference, to patch the site later.
    drop(site);

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
        renderer,
    ))
}
