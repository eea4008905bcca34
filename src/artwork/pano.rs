//! Panos: posters and billboards announcing the week (theme, dates, opening ceremony, organiser,
//! a photo and a QR code to the portal), drawn from the theme's pano layouts at their physical
//! size and written as a print-ready PDF (bleed, crop marks, TrimBox/BleedBox, embedded fonts,
//! photos at full resolution), a PNG preview and an SVG. Every pano is preflighted as it is
//! drawn.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::preflight::{self, Facts, Issue};
use super::{BoxOut, Format, Size, Studio, pdf, place};
use crate::content::Kind;
use crate::content::pano::{Fit, PanoSpec};
use crate::error::{Error, Location, Result};
use crate::images::{Op, Processed, Processor};
use crate::model::{ArtworkLink, PrintPage};
use crate::model::{Page, PageData, PageId, Site};
use crate::types::{Lang, Mm};

/// File names of a pano's outputs in its page folder. Fixed, so list templates can find the
/// preview of every pano from its URL alone.
pub const FILE_STEM: &str = "pano";

/// One pano to draw; in a unit's kit, with that unit as organiser.
#[derive(Debug, Clone)]
pub struct PanoJob {
    pub page: PageId,
    pub organiser: Option<String>,
    /// With `organiser`: the unit's own opening ceremony, which replaces the pano's (another
    /// unit's). None prints the campaign's opening date with no time or place.
    pub opening: Option<crate::content::pano::OpeningField>,
}

/// A drawn pano.
pub struct PanoArt {
    pub svg: Vec<u8>,
    pub png: Vec<u8>,
    pub pdf: Vec<u8>,
    pub issues: Vec<Issue>,
    /// The fitted text boxes, by name, as the SVG template got them.
    pub boxes: HashMap<String, BoxOut>,
}

/// Photos of panos at print resolution: upright and stripped of metadata, but never resized
/// (the web pipeline's capped copies would print soft). Kept in their own cache folder so the
/// portal's image cache and this one prune independently.
pub struct PrintPhotos {
    processor: Processor,
    done: Mutex<HashMap<PathBuf, Processed>>,
}

impl PrintPhotos {
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
    pub fn prune(&self) {
        self.processor.prune();
    }
}

#[derive(Serialize)]
struct DateParts {
    short: String,
    long: String,
    day_month: String,
}

#[derive(Serialize)]
struct PhotoOut {
    href: String,
    /// The drawn image (larger than the frame when cropped to cover it).
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// The frame, which clips the image.
    fx: f64,
    fy: f64,
    fw: f64,
    fh: f64,
}

#[derive(Serialize)]
struct QrOut {
    x: f64,
    y: f64,
    size: f64,
    /// Scale from QR modules to millimetres.
    scale: f64,
    span: usize,
    path: String,
}

fn spec_of(page: &Page) -> Option<&PanoSpec> {
    match &page.data {
        PageData::Pano(s) => Some(s),
        _ => None,
    }
}

/// `v` clamped to `lo..=hi`, where rounding may leave `lo` a hair above `hi` (a photo that
/// exactly fills its frame).
fn within(v: f64, lo: f64, hi: f64) -> f64 {
    if lo >= hi { hi } else { v.clamp(lo, hi) }
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl Studio {
    /// Every pano page, after checking what its front matter points at: the layout, the year's
    /// theme, the slogan and an `@/` QR target must exist.
    pub fn pano_jobs(&self, site: &Site) -> Result<Vec<PanoJob>> {
        let mut errors = Vec::new();
        let mut jobs = Vec::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Pano) {
            let Some(spec) = spec_of(page) else { continue };
            let at = |field: &str| Location::at(&page.rel, spec.lines.get(field).copied());
            match self.layouts.get(&spec.layout) {
                None => {
                    let mut known: Vec<&str> = self
                        .layouts
                        .iter()
                        .filter(|(_, l)| !l.frames.is_empty() || l.qr.is_some())
                        .map(|(n, _)| n.as_str())
                        .collect();
                    known.sort();
                    errors.push(Error::content(
                        at("layout"),
                        format!("the theme has no pano layout `{}`", spec.layout),
                        format!("use one of: {}", known.join(", ")),
                    ));
                    continue;
                }
                Some(l) if !self.tera.contains_template(&l.template) => {
                    errors.push(Error::Template {
                        template: format!("artwork/{}.yaml", spec.layout),
                        message: format!(
                            "the layout names template `{}`, which does not exist",
                            l.template
                        ),
                        hint: "put the SVG template beside the layout file".into(),
                    });
                    continue;
                }
                Some(_) => {}
            }
            if let Some(y) = spec.theme_year
                && site.theme_of_year(y, &page.lang).is_none()
            {
                errors.push(Error::content(
                    at("theme"),
                    format!("`theme: {y}`: there is no theme page for {y} in content/themes/"),
                    "give a year that has a content/themes/<year>.md, or add that page",
                ));
            }
            if let Some(s) = &spec.slogan
                && find_slogan(site, s, &page.lang).is_none()
            {
                errors.push(Error::content(
                    at("slogan"),
                    format!("`slogan: {s}`: there is no such slogan"),
                    "give the slug or file name (without .md) of a slogan in content/slogans/",
                ));
            }
            if let Some(q) = &spec.qr
                && q.starts_with("@/")
                && site.content_url(q, &page.lang).is_none()
            {
                errors.push(Error::content(
                    at("qr"),
                    format!("`qr: {q}` names a page that does not exist"),
                    "give the path of a Markdown file below content/, e.g. @/themes/2023.md",
                ));
            }
            if let Some(l) = self.layouts.get(&spec.layout)
                && spec.photos.len() > l.frames.len()
            {
                errors.push(Error::content(
                    at("photos"),
                    format!(
                        "the layout `{}` has {} photo frame(s), but {} photos are listed",
                        spec.layout,
                        l.frames.len(),
                        spec.photos.len()
                    ),
                    "list fewer photos, or choose a layout with more frames",
                ));
            }
            jobs.push(PanoJob {
                page: page.id,
                organiser: None,
                opening: None,
            });
        }
        Error::from_list(errors)?;
        Ok(jobs)
    }

    /// The size of a pano as an artwork format (for the PNG preview).
    fn pano_format(spec: &PanoSpec) -> Format {
        Format {
            name: FILE_STEM.into(),
            size: Size::Print {
                w: spec.width,
                h: spec.height,
                bleed: spec.bleed,
            },
            layout: spec.layout.clone(),
            min_text: 0.0,
        }
    }

    /// The text context of a pano: what its boxes may say.
    fn pano_context(&self, site: &Site, page: &Page, spec: &PanoSpec, job: &PanoJob) -> Context {
        let lang = &page.lang;
        let strings = self.strings.get(lang);
        let parts = |d: crate::types::Date| {
            let f = |format: &str| crate::theme::format_date(d, format, strings);
            DateParts {
                short: f("short"),
                long: f("long"),
                day_month: f("day_month"),
            }
        };
        let year = spec.theme_year.or(site.current_year);
        let theme = year.and_then(|y| site.theme_of_year(y, lang));
        let mut ctx = Context::new();
        ctx.insert("year", &year);
        ctx.insert("lang", lang.as_str());
        ctx.insert("t", &strings);
        ctx.insert(
            "site_title",
            &site.config.language(lang).map(|l| l.title.clone()),
        );
        ctx.insert("headline", &spec.headline);
        let mut opening_date = None;
        if let Some(PageData::Theme {
            theme: text,
            week_start,
            week_end,
            opening,
            ..
        }) = theme.map(|t| &t.data)
        {
            ctx.insert("theme", text);
            ctx.insert(
                "week",
                &HashMap::from([("start", parts(*week_start)), ("end", parts(*week_end))]),
            );
            opening_date = opening.as_ref().and_then(|o| o.date);
        }
        // In a unit's kit the pano's own ceremony is another unit's: the unit's own replaces it.
        let own = match job.organiser {
            Some(_) => job.opening.as_ref(),
            None => spec.opening.as_ref(),
        };
        if let Some(o) = own {
            opening_date = o.date.or(opening_date);
        }
        if let Some(date) = opening_date {
            #[derive(Serialize)]
            struct OpeningOut<'a> {
                date: DateParts,
                time: Option<&'a str>,
                place: Option<&'a str>,
            }
            let o = own;
            ctx.insert(
                "opening",
                &OpeningOut {
                    date: parts(date),
                    time: o.and_then(|o| o.time.as_deref()),
                    place: o.and_then(|o| o.place.as_deref()),
                },
            );
        }
        let slogan = spec
            .slogan
            .as_deref()
            .and_then(|s| find_slogan(site, s, lang))
            .and_then(|p| match &p.data {
                PageData::Slogan { text, .. } => Some(text.clone()),
                _ => None,
            });
        ctx.insert("slogan", &slogan);
        let organiser = job
            .organiser
            .clone()
            .or_else(|| spec.organiser.clone())
            .or_else(|| {
                spec.unit
                    .as_ref()
                    .and_then(|u| site.units.get(u))
                    .map(|u| u.name.get(lang, site.config.default_lang()))
            })
            .or_else(|| {
                site.config
                    .campaign
                    .organiser
                    .as_ref()
                    .map(|o| o.get(lang, site.config.default_lang()))
            });
        ctx.insert("organiser", &organiser);
        ctx
    }

    /// The address a pano's QR code holds: a web address as written, or the absolute URL of an
    /// `@/` page in the pano's language.
    fn qr_target(site: &Site, page: &Page, spec: &PanoSpec) -> Option<String> {
        let q = spec.qr.as_deref()?;
        if !q.starts_with("@/") {
            return Some(q.to_string());
        }
        let path = site.content_url(q, &page.lang)?;
        let origin = site
            .config
            .base_url
            .strip_suffix(site.config.base_path())
            .unwrap_or(&site.config.base_url);
        Some(format!("{origin}{path}"))
    }

    /// Draws one pano and preflights it.
    /// Refuses a pano whose preflight finds errors (text running into its frame, lines whose
    /// marks collide): a print shop would send it back.
    pub fn render_pano(&self, site: &Site, photos: &PrintPhotos, job: &PanoJob) -> Result<PanoArt> {
        let art = self.pano(site, photos, job, true)?;
        let errors: Vec<Error> = art
            .issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| {
                Error::content(
                    Location::file(&site.pages[job.page].rel),
                    format!("preflight: {i}"),
                    "shorten the text, or move the layout's box (themes/…/artwork/<layout>.yaml) clear of it",
                )
            })
            .collect();
        Error::from_list(errors)?;
        Ok(art)
    }

    /// Lays a pano out and preflights it; draws its files only when `draw` (preflight alone
    /// needs the layout, not the pixels).
    fn pano(
        &self,
        site: &Site,
        photos: &PrintPhotos,
        job: &PanoJob,
        draw: bool,
    ) -> Result<PanoArt> {
        let page = &site.pages[job.page];
        let Some(spec) = spec_of(page) else {
            return Err(Error::Other(format!(
                "{} is not a pano",
                page.rel.display()
            )));
        };
        let layout = self.layouts.get(&spec.layout).ok_or_else(|| {
            Error::content(
                Location::file(&page.rel),
                format!("the theme has no pano layout `{}`", spec.layout),
                "use pano-ngang or pano-doc",
            )
        })?;
        let (tw, th, bleed) = (spec.width.0, spec.height.0, spec.bleed.0);
        let mut text_ctx = self.pano_context(site, page, spec, job);
        let qr_data = Self::qr_target(site, page, spec);
        text_ctx.insert("qr_url", &qr_data);

        let mut boxes: HashMap<String, BoxOut> = HashMap::new();
        let mut texts: Vec<(String, String, [f64; 4])> = Vec::new();
        let mut missing: Vec<(String, Vec<char>)> = Vec::new();
        for (name, b) in &layout.boxes {
            let raw = self
                .tera
                .render(&format!("{}#{name}", spec.layout), &text_ctx)
                .map_err(|e| Error::Template {
                    template: format!("artwork/{}.yaml (box {name})", spec.layout),
                    message: e.to_string(),
                    hint: "pano boxes may use theme, year, week.start/end (.short, .long, .day_month), opening (.date, .time, .place), slogan, headline, organiser, site_title, lang, t".into(),
                })?;
            let weight = b.weight.unwrap_or(700);
            let (content, m) = self.box_text(
                &raw,
                b.uppercase,
                &layout.family,
                weight,
                &format!("artwork/{}.yaml (box {name})", spec.layout),
            )?;
            missing.push((name.clone(), m.missing_glyphs(&content)));
            let fitted = b.fit(m, &content, tw, th, &self.keep);
            let placed = place(b, &layout.family, weight, &fitted, (tw, th, bleed));
            if let (Some(first), Some(last)) = (placed.lines.first(), placed.lines.last()) {
                let (mut x0, mut x1) = (f64::MAX, f64::MIN);
                for (l, w) in placed.lines.iter().zip(&fitted.widths) {
                    let left = match placed.anchor {
                        "start" => l.x,
                        "end" => l.x - w,
                        _ => l.x - w / 2.0,
                    };
                    x0 = x0.min(left - bleed);
                    x1 = x1.max(left + w - bleed);
                }
                let y0 = first.y - fitted.above * fitted.size - bleed;
                let y1 = last.y + fitted.below * fitted.size - bleed;
                texts.push((name.clone(), content.clone(), [x0, y0, x1, y1]));
            }
            boxes.insert(name.clone(), placed);
        }

        // Photos: each frame filled by the photo listed in the same place.
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

        let qr = match (&layout.qr, &qr_data) {
            (Some(f), Some(data)) => {
                let code = super::qr::encode(data).map_err(|e| {
                    Error::content(
                        Location::at(&page.rel, spec.lines.get("qr").copied()),
                        e,
                        "QR codes hold up to about 2 000 characters; give a shorter address",
                    )
                })?;
                let (fw, fh) = (f.w * tw, f.h * th);
                let side = fw.min(fh);
                Some(QrOut {
                    x: round(bleed + f.x * tw + (fw - side) / 2.0),
                    y: round(bleed + f.y * th),
                    size: round(side),
                    scale: side / code.span as f64,
                    span: code.span,
                    path: code.path,
                })
            }
            _ => None,
        };

        let facts = Facts {
            width: spec.width,
            height: spec.height,
            large: spec.large(),
            photos: photo_facts
                .iter()
                .map(|(n, px, w)| (n.as_str(), *px, *w))
                .collect(),
            texts: texts
                .iter()
                .map(|(n, t, r)| (n.as_str(), t.as_str(), *r))
                .collect(),
            missing: missing
                .iter()
                .map(|(n, c)| (n.as_str(), c.clone()))
                .collect(),
            qr_module: qr.as_ref().map(|q| Mm(q.scale)),
        };
        let mut issues = preflight::judge(&facts);
        let mut ctx = super::sheet_context("mm", (tw, th, bleed), &boxes);
        ctx.insert("photos", &photo_out);
        ctx.insert("qr", &qr);
        ctx.insert("lang", page.lang.as_str());
        ctx.insert("logo", &self.logo.as_ref().map(|p| p.display().to_string()));
        let svg = self.layout_svg(&layout.template, &ctx)?;
        // The artwork cache (on in builds) keys on the finished SVG and the bytes of the photos
        // it names, so a rebuild redraws a pano only when something on it changed. Only panos
        // that passed the ink check are drawn, so only those are ever cached.
        const EXTS: [&str; 3] = ["svg", "png", "pdf"];
        let key = self.cache.as_ref().filter(|_| draw).map(|c| {
            let extra = format!(
                "pano|{:?}|{:?}|{:?}|{}|{}|{}",
                spec.width, spec.height, spec.bleed, layout.family, page.lang, page.title
            );
            c.key(&svg, FILE_STEM, &extra, &self.static_dir)
        });
        if let (Some(c), Some(key)) = (&self.cache, &key)
            && let Some(files) = c.get(key, &EXTS)
            && let Ok([svg, png, pdf]) = <[Vec<u8>; 3]>::try_from(files)
        {
            return Ok(PanoArt {
                svg,
                png,
                pdf,
                issues,
                boxes,
            });
        }
        let tree = self.parse_svg(&svg, &layout.family, &page.lang, &layout.template)?;
        issues.extend(
            super::ink::inspect(
                &tree,
                layout.clearance(),
                &keep_clear(&photo_out, qr.as_ref()),
                super::PX_PER_MM,
            )
            .into_iter()
            .map(Issue::Typesetting),
        );
        if !draw || issues.iter().any(Issue::is_error) {
            return Ok(PanoArt {
                svg: Vec::new(),
                png: Vec::new(),
                pdf: Vec::new(),
                issues,
                boxes,
            });
        }
        let format = Self::pano_format(spec);
        let png = self.png(&tree, &format)?;
        let page_boxes = pdf::PageBoxes {
            trim_w: spec.width,
            trim_h: spec.height,
            bleed: spec.bleed,
            crop_marks: true,
        };
        let pdf = pdf::write(
            &tree,
            &page_boxes,
            &page.title,
            &self.print,
            &layout.palette,
        )
        .map_err(|e| Error::Other(format!("{}: PDF of the pano: {e}", page.rel.display())))?;
        let svg = tree.to_string(&usvg::WriteOptions::default()).into_bytes();
        if let (Some(c), Some(key)) = (&self.cache, &key) {
            c.put(
                key,
                &[("svg", &svg[..]), ("png", &png[..]), ("pdf", &pdf[..])],
            );
        }
        Ok(PanoArt {
            svg,
            png,
            pdf,
            issues,
            boxes,
        })
    }

    pub(super) fn parse_svg(
        &self,
        svg: &str,
        family: &str,
        lang: &Lang,
        template: &str,
    ) -> Result<usvg::Tree> {
        let mut options = usvg::Options {
            fontdb: self.fontdb.clone(),
            font_family: family.to_string(),
            resources_dir: Some(self.static_dir.clone()),
            ..Default::default()
        };
        options.languages = vec![lang.to_string()];
        usvg::Tree::from_str(svg, &options).map_err(|e| Error::Template {
            template: format!("artwork/{template}"),
            message: format!("the rendered SVG is not valid: {e}"),
            hint: "check the template's markup".into(),
        })
    }

    /// Folder of a pano's files: its page's own folder.
    fn pano_dir(page: &Page) -> String {
        page.path.trim_start_matches('/').to_string()
    }

    /// Links for pano pages of the portal, by page.
    pub fn pano_links(&self, site: &Site) -> HashMap<PageId, Vec<ArtworkLink>> {
        let base = site.config.base_path();
        let mut out = HashMap::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Pano) {
            let Some(spec) = spec_of(page) else { continue };
            let format = Self::pano_format(spec);
            let (pw, ph) = self.png_size(&format);
            let url = |ext: &str| format!("{base}{}{FILE_STEM}.{ext}", page.path);
            out.insert(
                page.id,
                vec![ArtworkLink {
                    format: FILE_STEM.into(),
                    print: true,
                    size: spec.size_label(),
                    png: url("png"),
                    png_width: pw,
                    png_height: ph,
                    pdf: Some(url("pdf")),
                    svg: url("svg"),
                    download: Some(format!("{}-{}", page.slug, page.lang)),
                    print_page: spec.sheet.then_some(PrintPage {
                        width_mm: spec.width.0,
                        height_mm: spec.height.0,
                        bleed_mm: spec.bleed.0,
                    }),
                }],
            );
        }
        out
    }

    /// Draws every pano of the portal into `sink`, in parallel; returns the number of files and
    /// the preflight warnings, each naming its pano's file.
    pub fn render_panos(
        &self,
        site: &Site,
        photos: &PrintPhotos,
        jobs: &[PanoJob],
        sink: &(dyn Fn(&super::Output) -> Result<()> + Sync),
    ) -> Result<(usize, Vec<String>)> {
        let results: Vec<Result<(usize, Vec<String>)>> = jobs
            .par_iter()
            .map(|job| {
                let page = &site.pages[job.page];
                let art = self.render_pano(site, photos, job)?;
                let dir = Self::pano_dir(page);
                for (ext, bytes) in [("svg", &art.svg), ("png", &art.png), ("pdf", &art.pdf)] {
                    sink(&super::Output {
                        rel: format!("{dir}{FILE_STEM}.{ext}"),
                        bytes: bytes.clone(),
                    })?;
                }
                let warnings = art
                    .issues
                    .iter()
                    .filter(|i| !i.is_error())
                    .map(|i| format!("{}: preflight: {i}", page.rel.display()))
                    .collect();
                Ok((3, warnings))
            })
            .collect();
        let mut count = 0;
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok((n, w)) => {
                    count += n;
                    warnings.extend(w);
                }
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        Ok((count, warnings))
    }

    /// Preflight findings of every pano, as `loa check` reports them: (pano file, issue).
    pub fn preflight(&self, site: &Site, photos: &PrintPhotos) -> Result<Vec<(PathBuf, Issue)>> {
        let jobs = self.pano_jobs(site)?;
        let results: Vec<Result<Vec<(PathBuf, Issue)>>> = jobs
            .par_iter()
            .map(|job| {
                let page = &site.pages[job.page];
                let art = self.pano(site, photos, job, false)?;
                Ok(art
                    .issues
                    .into_iter()
                    .map(|i| (page.rel.clone(), i))
                    .collect())
            })
            .collect();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(v) => out.extend(v),
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

/// Photo frames and the QR code: areas text keeps clear of, beside what the tree draws (frame
/// lines, rules, pictures), in mm.
fn keep_clear(photos: &HashMap<String, PhotoOut>, qr: Option<&QrOut>) -> Vec<(String, usvg::Rect)> {
    let mut areas: Vec<(String, usvg::Rect)> = photos
        .iter()
        .filter_map(|(name, p)| {
            usvg::Rect::from_xywh(p.fx as f32, p.fy as f32, p.fw as f32, p.fh as f32)
                .map(|r| (format!("photo frame `{name}`"), r))
        })
        .collect();
    if let Some(q) = qr {
        areas.extend(
            usvg::Rect::from_xywh(q.x as f32, q.y as f32, q.size as f32, q.size as f32)
                .map(|r| ("QR code".to_string(), r)),
        );
    }
    areas
}

/// A slogan by slug, file name or content key, in `lang` or else the default language.
pub fn find_slogan<'a>(site: &'a Site, wanted: &str, lang: &Lang) -> Option<&'a Page> {
    let matches = |p: &&Page| {
        p.kind == Kind::Slogan
            && (p.slug.as_str() == wanted
                || p.key == wanted
                || p.key.rsplit('/').next() == Some(wanted)
                || p.key == format!("slogans/{}", wanted.trim_end_matches(".md")))
    };
    let any: Vec<&Page> = site.pages.iter().filter(matches).collect();
    let key = any.first()?.key.clone();
    site.links
        .by_key
        .get(&(key.clone(), lang.clone()))
        .or_else(|| {
            site.links
                .by_key
                .get(&(key, site.config.default_lang().clone()))
        })
        .map(|&id| &site.pages[id])
}
