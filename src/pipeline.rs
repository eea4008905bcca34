//! A build, stage by stage: load the site, plan every output against the model (artwork first,
//! so pages can link it), process photos, render the portal, produce artwork, panos, kits and
//! static files, and commit. Every output goes into one staging folder, and nothing reaches the
//! output folder unless every stage succeeded. `build` and `serve` run this; `serve` keeps the
//! renderer for incremental rebuilds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::artwork::pano::{PanoJob, PrintPhotos};
use crate::artwork::{CardJob, Job, PageCards, Panos, SloganArt, Studio, card_jobs};
use crate::assets::Assets;
use crate::error::{Error, Result};
use crate::images::Processor;
use crate::images::bundles::{Broken, Bundles};
use crate::kit::Kits;
use crate::load::BuildArgs;
use crate::model::{ArtworkLink, CardLink, Handed, Page, PageId, Quarantined, Site};
use crate::output::{Output, Produced, gather, produce_all, produce_in_order};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::write::{Previous, Sink as _, Staging};

/// What a build did, for the summary `loa build` prints.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub(crate) output: PathBuf,
    /// HTML pages rendered.
    pub pages: usize,
    pub(crate) static_files: usize,
    /// Slogan × format artworks drawn.
    pub artworks: usize,
    /// Photos decoded this build (0 when every processed photo came from the cache).
    pub images_decoded: usize,
    /// Languages of the site.
    pub languages: usize,
    pub(crate) elapsed: Duration,
    /// Problems worth telling that did not stop the build.
    pub warnings: Vec<String>,
    /// Output files written, left untouched because their bytes did not change, and removed.
    pub written: usize,
    /// Output files left as they were (same bytes).
    pub unchanged: usize,
    /// Output files the previous build wrote and this one did not.
    pub removed: usize,
    /// Wall time of each phase, in order (`loa build --timings`).
    pub(crate) timings: Vec<(&'static str, Duration)>,
    /// Resident memory after each phase, where the platform tells.
    pub(crate) memory: Vec<Option<u64>>,
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
fn rss_bytes() -> Option<u64> {
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
    /// The report with the phases measured.
    fn into_report(self, report: BuildReport) -> BuildReport {
        BuildReport {
            timings: self.phases,
            memory: self.rss,
            ..report
        }
    }

    fn done(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.phases.push((phase, now - self.last));
        self.rss.push(rss_bytes());
        self.last = now;
    }
}

/// Builds the site into its output folder (see the module documentation).
pub fn build(args: &BuildArgs) -> Result<BuildReport> {
    build_with(args, false).map(|(report, _)| report)
}

/// What `loa serve` keeps of a build to rebuild only the files an edit changes: the renderer
/// with the dependencies it recorded, and the studio that draws a page's card again when its
/// title changes (None when the site draws no artwork).
pub(crate) struct Kept {
    pub(crate) renderer: Renderer,
    pub(crate) studio: Option<Studio>,
}

/// A build that, unless it was skipped, also keeps what `loa serve` needs (see [`Kept`]).
pub(crate) fn build_keeping(args: &BuildArgs) -> Result<(BuildReport, Option<Kept>)> {
    build_with(args, true)
}

fn build_with(args: &BuildArgs, keep: bool) -> Result<(BuildReport, Option<Kept>)> {
    let started = Instant::now();
    let mut timings = Timings::new();
    let out = crate::write::safe_output(&args.root, args.output.as_deref())?;
    let manifest = crate::write::manifest_path(&args.root, &out);
    // Two independent walks (the site's files, the output folder), one per core.
    let (inputs, previous) = rayon::join(
        || crate::load::inputs_fingerprint(args, &out),
        || Previous::load(&out, &manifest),
    );
    if let Some(report) = unchanged(inputs.as_deref(), previous.as_ref(), &out, started) {
        timings.done("check inputs (unchanged)");
        return Ok((timings.into_report(report), None));
    }
    timings.done("check inputs");
    let Checked {
        site,
        theme,
        images,
        bundles,
        mut artwork,
    } = load_checked(args, &mut timings)?;
    let images = Arc::new(images);
    // Shared with the template functions, which must own what they use.
    let site = Arc::new(site);
    let mut warnings = load_warnings(&site, &theme);

    let staging = Staging::new(&out, &manifest, previous)?;
    staging.write(
        crate::write::OUTPUT_MARKER,
        b"This folder is written by loa and kept in step with the site on every build: files it no longer writes are removed.\n",
    )?;
    timings.done("previous output");
    let theme = Arc::new(theme);
    let mut handed = Handed {
        artwork: artwork.links(&site),
        photos: bundles.photo_views(&site),
        kits: crate::kit::links(&site),
        cards: Default::default(),
    };
    handed.cards = artwork.plan_cards(&site, |page| !crate::render::has_own_picture(&handed, page));
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
    let print_photos = PrintPhotos::new(&site)?;
    let (artworks, found) = artwork.produce(&site, &print_photos, &staging)?;
    warnings.extend(found);
    timings.done("artwork");
    let assets = produce_in_order(&Assets { theme: &theme }, &site, &staging)?;
    warnings.extend(assets.warnings);
    let mut static_files = assets.files;
    static_files += produce_in_order(&bundles, &site, &staging)?.files;
    // Images that templates asked for with resize_image(), from the image cache.
    for (rel, file) in resized {
        staging.link_cached(&rel, &file)?;
        static_files += 1;
    }
    let images_decoded = images.decoded();
    timings.done("static files");
    staging.record_pages(
        site.pages
            .iter()
            .map(|p| (source_name(&p.rel), p.path.as_str())),
    );
    warnings.extend(
        site.quarantined
            .iter()
            .map(|q| keep_quarantined(q, &staging)),
    );
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
    artwork.prune();
    timings.done("commit");
    let languages = site.config.languages.len();
    // The kept renderer must hold the only reference, to patch the site later.
    drop(site);
    let report = BuildReport {
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
        timings: Vec::new(),
        memory: Vec::new(),
        skipped: false,
    };
    let kept = renderer.map(|renderer| Kept {
        renderer,
        studio: artwork.studio.take(),
    });
    Ok((timings.into_report(report), kept))
}

/// The report of a build that can be skipped: same inputs, same program, and the output as the
/// last build left it, so nothing would change.
fn unchanged(
    inputs: Option<&str>,
    previous: Option<&Previous>,
    out: &Path,
    started: Instant,
) -> Option<BuildReport> {
    let (prev, files) = inputs.zip(previous).and_then(|(i, p)| p.unchanged(i))?;
    let [pages, static_files, artworks, languages] = prev.counts;
    Some(BuildReport {
        output: out.to_path_buf(),
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
        timings: Vec::new(),
        memory: Vec::new(),
        skipped: true,
    })
}

/// How a Markdown file is named in the manifest: relative to the site folder, with `/`.
fn source_name(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Keeps the previous build's pages of a quarantined page and says so: the warning names the
/// problem (file, line, hint), the unit, and where the page stays published.
fn keep_quarantined(q: &Quarantined, staging: &Staging) -> String {
    let kept: Vec<String> = q
        .files
        .iter()
        .filter_map(|f| staging.keep_page(&source_name(f)))
        .collect();
    let published = if kept.is_empty() {
        "it is not published until it is fixed".to_string()
    } else {
        format!("the version published before stays at {}", kept.join(", "))
    };
    format!(
        "{}\n  left out of this build: unit `{}` is not marked trusted, so its broken page does not stop the others; {published} (`--strict` makes this an error)",
        q.error, q.unit
    )
}

/// What loading found worth telling: the model's warnings, and languages the theme has no UI
/// strings for.
fn load_warnings(site: &Site, theme: &Theme) -> Vec<String> {
    let mut warnings = site.warnings.clone();
    for lang in theme.untranslated_langs(&site.config) {
        warnings.push(format!(
            "the theme has no UI strings for `{lang}` (i18n/{lang}.yaml); pages in {lang} use the default language's strings"
        ));
    }
    warnings
}

/// The photo pipeline with the site's settings and its cache in `.loa-cache/images/`.
fn photo_processor(site: &Site) -> Result<Processor> {
    let cfg = &site.config.images;
    Ok(Processor::new(
        &site.config.root.join(".loa-cache").join("images"),
        cfg.jpeg_quality,
    )
    .map_err(|e| Error::Other(e.to_string()))?
    .with_webp(cfg.webp.then_some(cfg.webp_quality)))
}

/// A loaded site with its photos processed and its artwork planned.
struct Checked {
    site: Site,
    theme: Theme,
    images: Processor,
    bundles: Bundles,
    artwork: ArtworkPlan,
}

/// Loads the site, processes its photos (before pages: templates need each photo's size and
/// variants) and plans its artwork. Some problems of a page show only here, after the load: a
/// photo that cannot be published (not a photo, cut off) is found by reading it, a pano naming
/// a slogan or layout that does not exist by planning it. The site is then loaded again with
/// those pages quarantined when their units are not trusted (else the load fails with their
/// errors); photos already processed come from the cache the second time. A problem the second
/// load still finds (a pano whose QR code named a page just quarantined) fails the build.
fn load_checked(args: &BuildArgs, timings: &mut Timings) -> Result<Checked> {
    let (site, theme) =
        crate::load::load_marking(args, Vec::new(), &mut |phase| timings.done(phase))?;
    let broken = match photos_and_plan(site, theme)? {
        Ok(checked) => {
            timings.done("photos and artwork plan");
            return Ok(checked);
        }
        Err(broken) => broken,
    };
    let (site, theme) = crate::load::load_marking(args, broken, &mut |_| {})?;
    let checked = photos_and_plan(site, theme)?.map_err(|broken| Error::from(Broken(broken)))?;
    timings.done("photos and artwork plan, quarantine");
    Ok(checked)
}

/// Photos and artwork plan of a loaded site, or its pages found broken on the way (by bundle
/// folder or Markdown file).
fn photos_and_plan(
    site: Site,
    theme: Theme,
) -> Result<std::result::Result<Checked, Vec<(PathBuf, Error)>>> {
    let images = photo_processor(&site)?;
    let bundles = Bundles::process(&site, &images);
    let mut artwork = ArtworkPlan::new(&site, &theme)?;
    let panos = artwork.broken(&site);
    Ok(match bundles {
        Ok(bundles) if panos.is_empty() => Ok(Checked {
            site,
            theme,
            images,
            bundles,
            artwork,
        }),
        Ok(_) => Err(panos),
        Err(Broken(mut photos)) => {
            photos.extend(panos);
            Err(photos)
        }
    })
}

/// Slogan artwork, panos and kits, planned before rendering so slogan and pano pages can link
/// their files, and checked (layouts, formats, fonts) before anything is written.
struct ArtworkPlan {
    /// None when `artwork.enabled` is false.
    studio: Option<Studio>,
    slogans: Vec<Job>,
    panos: Vec<PanoJob>,
    /// Pano pages left out of `panos` for what they point at, with the problem.
    broken: Vec<(PageId, Error)>,
    /// Share cards drawn with pages' titles (`plan_cards`).
    cards: Vec<CardJob>,
}

impl ArtworkPlan {
    fn new(site: &Site, theme: &Theme) -> Result<ArtworkPlan> {
        if site.config.artwork.as_ref().is_some_and(|a| !a.enabled) {
            return Ok(ArtworkPlan {
                studio: None,
                slogans: Vec::new(),
                panos: Vec::new(),
                broken: Vec::new(),
                cards: Vec::new(),
            });
        }
        let studio = Studio::new(site, theme)?
            .with_cache(&site.config.root.join(".loa-cache").join("artwork"), theme);
        let slogans = studio.jobs(site)?;
        let (panos, problems) = studio.pano_checks(site);
        // A problem of the theme's (a layout without its template) fails the build whoever's
        // pano met it.
        let (broken, theme): (Vec<_>, Vec<_>) =
            problems.into_iter().partition(|(p, _)| p.is_some());
        Error::from_list(theme.into_iter().map(|(_, e)| e).collect())?;
        let broken = broken
            .into_iter()
            .filter_map(|(page, e)| Some((page?, e)))
            .collect();
        Ok(ArtworkPlan {
            studio: Some(studio),
            slogans,
            panos,
            broken,
            cards: Vec::new(),
        })
    }

    /// Takes the pano pages left out of the plan, each by its bundle folder (or Markdown file,
    /// outside a bundle) with its problem, for the load to quarantine.
    fn broken(&mut self, site: &Site) -> Vec<(PathBuf, Error)> {
        std::mem::take(&mut self.broken)
            .into_iter()
            .map(|(id, e)| {
                let page = &site.pages[id];
                (page.bundle.clone().unwrap_or_else(|| page.rel.clone()), e)
            })
            .collect()
    }

    /// What slogan and pano pages link to.
    fn links(&self, site: &Site) -> std::collections::HashMap<PageId, Vec<ArtworkLink>> {
        let Some(studio) = &self.studio else {
            return Default::default();
        };
        let mut links = studio.links(site);
        links.extend(studio.pano_links(site));
        links
    }

    /// Plans the share cards (of every content page `wanted`, those without a picture of their
    /// own, and of lists, units and tags) when the site draws page cards and the theme has their
    /// layout; returns the links to them by page path.
    fn plan_cards(
        &mut self,
        site: &Site,
        wanted: impl Fn(&Page) -> bool,
    ) -> std::collections::HashMap<String, CardLink> {
        let Some(studio) = &self.studio else {
            return Default::default();
        };
        let on = site.config.artwork.as_ref().is_none_or(|a| a.page_cards);
        if !on || !studio.draws_page_cards() {
            return Default::default();
        }
        self.cards = card_jobs(site, wanted);
        studio.card_links(site, &self.cards)
    }

    /// Draws the slogans, the panos, the kits and the page cards into `sink`; returns how many
    /// artworks were drawn and the panos' preflight findings, which are warnings: the files are
    /// still worth looking at.
    fn produce(
        &self,
        site: &Site,
        photos: &PrintPhotos,
        sink: &dyn crate::write::Sink,
    ) -> Result<(usize, Vec<String>)> {
        let Some(studio) = &self.studio else {
            return Ok((0, Vec::new()));
        };
        // Kits are planned before anything is drawn, as the other outputs were.
        let kits = Kits::configured(site, studio, photos)?
            .map(|kits| kits.plan(site).map(|units| (kits, units)))
            .transpose()?;
        let slogans = SloganArt::with_progress(studio, self.slogans.len()).with_screens();
        let panos = Panos { studio, photos };
        let cards = PageCards {
            studio,
            jobs: &self.cards,
        };
        // The four outputs draw side by side, not one after the other: each ends on its slowest
        // job, and one core would wait at every switch. The heaviest jobs (panos and kits, half
        // a second each) are taken first by the second core, so the last jobs to finish are
        // light ones.
        let ((slogans, cards), (panos, kits)) = rayon::join(
            || {
                rayon::join(
                    || produce_all(&slogans, site, &self.slogans, sink),
                    || produce_all(&cards, site, &self.cards, sink),
                )
            },
            || {
                rayon::join(
                    || produce_all(&panos, site, &self.panos, sink),
                    || match &kits {
                        Some((kits, units)) => produce_all(kits, site, units, sink),
                        None => Ok(Produced::default()),
                    },
                )
            },
        );
        let found = gather([slogans, panos, kits, cards])?.warnings;
        Ok((self.slogans.len() + self.panos.len(), found))
    }

    /// Drops cache entries this build did not use.
    fn prune(&self) {
        if let Some(studio) = &self.studio {
            studio.prune_cache();
        }
    }
}
