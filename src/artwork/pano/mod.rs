//! Panos: posters and billboards announcing the campaign (theme, dates, opening ceremony, organiser,
//! a photo and a QR code to the portal), drawn from the theme's pano layouts at their physical
//! size and written as a print-ready PDF (bleed, crop marks, TrimBox/BleedBox, embedded fonts,
//! photos at full resolution), a PNG preview and an SVG. Every pano is preflighted as it is
//! drawn.

mod context;
mod draw;
mod photos;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::iter::Either;
use rayon::prelude::*;

use super::format::{Format, Size};
use super::preflight::Issue;
use super::{BoxOut, Studio};
use crate::content::Kind;
use crate::content::pano::PanoSpec;
use crate::error::{Error, Location, Result};
use crate::model::{ArtworkLink, PrintPage};
use crate::model::{Page, PageData, PageId, Site};
use crate::output::{Output, Produced};
use crate::write::Sink;

pub(crate) use context::find_slogan;
use draw::Draw;
pub use photos::PrintPhotos;

/// File names of a pano's outputs in its page folder. Fixed, so list templates can find the
/// preview of every pano from its URL alone.
const FILE_STEM: &str = "pano";

/// One pano to draw; in a unit's kit, with that unit as organiser.
#[derive(Debug, Clone)]
pub struct PanoJob {
    /// The pano page.
    pub page: PageId,
    pub(crate) organiser: Option<String>,
    /// With `organiser`: the unit's own opening ceremony, which replaces the pano's (another
    /// unit's). None prints the campaign's opening date with no time or place.
    pub(crate) opening: Option<crate::content::pano::OpeningField>,
}

/// A drawn pano.
pub struct PanoArt {
    /// The SVG, text as outlines.
    pub svg: Vec<u8>,
    pub(crate) png: Vec<u8>,
    pub(crate) pdf: Vec<u8>,
    /// The portal's screen previews, by what follows the file stem (`-480w.webp`), when asked
    /// for.
    pub(crate) screens: Vec<(String, Vec<u8>)>,
    pub(super) issues: Vec<Issue>,
    /// The fitted text boxes, by name, as the SVG template got them.
    pub boxes: HashMap<String, BoxOut>,
}

fn spec_of(page: &Page) -> Option<&PanoSpec> {
    match &page.data {
        PageData::Pano(s) => Some(s),
        _ => None,
    }
}

impl Studio {
    /// Every pano page, after checking what its front matter points at: the layout, the year's
    /// theme, the slogan and an `@/` QR target must exist.
    pub fn pano_jobs(&self, site: &Site) -> Result<Vec<PanoJob>> {
        let (jobs, errors) = self.pano_checks(site);
        Error::from_list(errors.into_iter().map(|(_, e)| e).collect())?;
        Ok(jobs)
    }

    /// The pano pages that pass [`Studio::pano_jobs`]'s checks, and the problems of those that
    /// do not, each with its page (`None` for a problem of the theme's, not the page's).
    pub(crate) fn pano_checks(&self, site: &Site) -> (Vec<PanoJob>, Vec<(Option<PageId>, Error)>) {
        let mut problems = Vec::new();
        let mut jobs = Vec::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Pano) {
            let Some(spec) = spec_of(page) else { continue };
            match self.check_pano(site, page, spec) {
                Ok(found) if found.is_empty() => jobs.push(PanoJob {
                    page: page.id,
                    organiser: None,
                    opening: None,
                }),
                Ok(found) => problems.extend(found.into_iter().map(|e| (Some(page.id), e))),
                Err(theme) => problems.push((None, theme)),
            }
        }
        (jobs, problems)
    }

    /// What is wrong with what one pano page's front matter points at; `Err` when the theme's
    /// layout has no template.
    fn check_pano(&self, site: &Site, page: &Page, spec: &PanoSpec) -> Result<Vec<Error>> {
        let at = |field: &str| Location::at(&page.rel, spec.lines.get(field).copied());
        let mut errors = Vec::new();
        let Some(layout) = self.layouts.get(&spec.layout) else {
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
            return Ok(errors);
        };
        let file = format!("artwork/{}.yaml", spec.layout);
        if let Some(e) = layout.missing_template(&self.tera, file) {
            return Err(e);
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
        if spec.photos.len() > layout.frames.len() {
            errors.push(Error::content(
                at("photos"),
                format!(
                    "the layout `{}` has {} photo frame(s), but {} photos are listed",
                    spec.layout,
                    layout.frames.len(),
                    spec.photos.len()
                ),
                "list fewer photos, or choose a layout with more frames",
            ));
        }
        Ok(errors)
    }

    /// The size of a pano as an artwork format (for the PNG preview).
    pub(super) fn pano_format(spec: &PanoSpec) -> Format {
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

    /// Draws one pano and preflights it; refuses a pano whose preflight finds errors (text running into its frame, lines whose
    /// marks collide): a print shop would send it back.
    pub fn render_pano(&self, site: &Site, photos: &PrintPhotos, job: &PanoJob) -> Result<PanoArt> {
        self.render_pano_with(site, photos, job, false)
    }

    /// [`Studio::render_pano`], with the portal's screen previews when `screens`.
    pub(crate) fn render_pano_with(
        &self,
        site: &Site,
        photos: &PrintPhotos,
        job: &PanoJob,
        screens: bool,
    ) -> Result<PanoArt> {
        let art = self.pano(site, photos, job, Draw::Files { screens })?;
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

    /// Links for pano pages of the portal, by page.
    pub(crate) fn pano_links(&self, site: &Site) -> HashMap<PageId, Vec<ArtworkLink>> {
        let base = site.config.base_path();
        let mut out = HashMap::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Pano) {
            let Some(spec) = spec_of(page) else { continue };
            let format = Self::pano_format(spec);
            let (pw, ph) = self.png_size(&format);
            let stem = format!("{base}{}{FILE_STEM}", page.path);
            let url = |ext: &str| format!("{stem}.{ext}");
            let srcsets = self.srcsets(&format, &stem);
            out.insert(
                page.id,
                vec![ArtworkLink {
                    format: FILE_STEM.into(),
                    print: true,
                    size: spec.size_label(),
                    png: url("png"),
                    png_width: pw,
                    png_height: ph,
                    webp_srcset: srcsets.webp,
                    srcset: srcsets.png,
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

    /// Preflight findings of every pano, as `loa check` reports them: (pano file, issue).
    pub fn preflight(&self, site: &Site, photos: &PrintPhotos) -> Result<Vec<(PathBuf, Issue)>> {
        let jobs = self.pano_jobs(site)?;
        // Both lists keep the order of the jobs.
        let (found, errors): (Vec<Vec<(PathBuf, Issue)>>, Vec<Error>) =
            jobs.par_iter().partition_map(|job| {
                let page = &site.pages[job.page];
                match self.pano(site, photos, job, Draw::Check) {
                    Ok(art) => Either::Left(
                        art.issues
                            .into_iter()
                            .map(|i| (page.rel.clone(), i))
                            .collect(),
                    ),
                    Err(e) => Either::Right(e),
                }
            });
        Error::from_list(errors)?;
        let mut out: Vec<(PathBuf, Issue)> = found.into_iter().flatten().collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

/// The panos of the portal as an output of the site: each drawn into its page's folder, its
/// preflight warnings (each naming its pano's file) reported with the build's.
pub(crate) struct Panos<'a> {
    pub(crate) studio: &'a Studio,
    pub(crate) photos: &'a PrintPhotos,
}

impl Output for Panos<'_> {
    type Job = PanoJob;

    fn plan(&self, site: &Site) -> Result<Vec<PanoJob>> {
        self.studio.pano_jobs(site)
    }

    fn produce(&self, site: &Site, job: &PanoJob, sink: &dyn Sink) -> Result<Produced> {
        let page = &site.pages[job.page];
        let art = self.studio.render_pano_with(site, self.photos, job, true)?;
        // A pano's files go in its page's own folder.
        let dir = page.path.trim_start_matches('/');
        let print = [(".svg", &art.svg), (".png", &art.png), (".pdf", &art.pdf)];
        let screens = art.screens.iter().map(|(s, b)| (s.as_str(), b));
        for (suffix, bytes) in print.into_iter().chain(screens) {
            sink.put(&format!("{dir}{FILE_STEM}{suffix}"), bytes)?;
        }
        let warnings = art
            .issues
            .iter()
            .filter(|i| !i.is_error())
            .map(|i| format!("{}: preflight: {i}", page.rel.display()))
            .collect();
        Ok(Produced {
            files: 3 + art.screens.len(),
            warnings,
        })
    }
}
