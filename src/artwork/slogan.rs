//! Slogan artwork: the jobs (every slogan page in every format it is drawn in), the portal's
//! links to their files, and one slogan drawn in one format as SVG, PNG and, for print formats,
//! a PDF.

use std::collections::HashMap;

use super::Studio;
use super::format::Format;

use super::sheet::Sheet;
use super::{ink, pdf};
use crate::content::Kind;
use crate::error::{Error, Location, Result};
use crate::model::{ArtworkLink, Page, PageData, PageId, Site};
use crate::output::{Output, Produced, produce_all};
use crate::write::Sink;

/// One artwork to make: a slogan page in one format.
#[derive(Debug, Clone)]
pub struct Job {
    /// The slogan page.
    pub page: PageId,
    /// Index into [`Studio::formats`].
    pub format: usize,
    /// A unit's campaign kit: the unit's name replaces the campaign organiser.
    pub(crate) organiser: Option<String>,
    /// The year the artwork is for (a kit's year), for a slogan of several years; it must be one
    /// of the slogan's `years` (see `job_year`). None: the slogan's latest year.
    pub year: Option<i32>,
}

/// The year a slogan's artwork prints in its header. A year the slogan is not for is refused:
/// a banner saying "năm 2023" over a 2022 slogan is the mismatch kits must never print.
pub(super) fn job_year(page: &Page, job: &Job, years: &[i32]) -> Result<Option<i32>> {
    match job.year {
        Some(y) if !years.contains(&y) => Err(Error::content(
            Location::file(&page.rel),
            format!("the {y} artwork asks for this slogan, which is not a {y} slogan"),
            format!("add {y} to the slogan's `years:` if it is meant for {y}"),
        )),
        Some(y) => Ok(Some(y)),
        None => Ok(years.iter().max().copied()),
    }
}

/// A finished file, at a path relative to the output root.
pub struct ArtFile {
    /// `artwork/<lang>/<slug>/<format>.<ext>`.
    pub rel: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// Slogan artwork as an output of the site: every slogan in every format it is drawn in, each
/// artwork's files handed to the sink as soon as it is drawn, so only the artworks in progress
/// are held in memory.
pub(crate) struct SloganArt<'a> {
    studio: &'a Studio,
    /// Counts the artworks drawn, on a terminal.
    bar: Option<indicatif::ProgressBar>,
    /// Also draws the screen previews the portal's pages show.
    screens: bool,
}

impl<'a> SloganArt<'a> {
    /// With a progress bar of `jobs` artworks, shown on a terminal.
    pub(crate) fn with_progress(studio: &'a Studio, jobs: usize) -> SloganArt<'a> {
        let bar = indicatif::ProgressBar::new(jobs as u64);
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        bar.set_message("artwork");
        SloganArt {
            studio,
            bar: Some(bar),
            screens: false,
        }
    }

    /// Also draws the screen previews of the portal's slogan pages (not wanted by `loa banner`).
    pub(crate) fn with_screens(mut self) -> SloganArt<'a> {
        self.screens = true;
        self
    }
}

impl Drop for SloganArt<'_> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Output for SloganArt<'_> {
    type Job = Job;

    fn plan(&self, site: &Site) -> Result<Vec<Job>> {
        self.studio.jobs(site)
    }

    fn produce(&self, site: &Site, job: &Job, sink: &dyn Sink) -> Result<Produced> {
        let files = self.studio.render_with(site, job, self.screens)?;
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        for f in &files {
            sink.put(&f.rel, &f.bytes)?;
        }
        Ok(Produced {
            files: files.len(),
            warnings: Vec::new(),
        })
    }
}

impl Studio {
    /// Formats a slogan is drawn in: its own `formats:` list, or all of them.
    fn formats_of<'a>(&'a self, page: &'a Page) -> impl Iterator<Item = usize> + 'a {
        let wanted: &[String] = match &page.data {
            PageData::Slogan { formats, .. } => formats,
            _ => &[],
        };
        self.formats
            .iter()
            .enumerate()
            .filter(move |(_, f)| wanted.is_empty() || wanted.contains(&f.name))
            .map(|(i, _)| i)
    }

    /// Every (slogan page, format) pair, checking that `formats:` in front matter names known
    /// formats.
    pub fn jobs(&self, site: &Site) -> Result<Vec<Job>> {
        let mut jobs = Vec::new();
        let mut errors = Vec::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Slogan) {
            if let PageData::Slogan { formats, .. } = &page.data {
                for f in formats {
                    if !self.formats.iter().any(|k| &k.name == f) {
                        let known: Vec<&str> =
                            self.formats.iter().map(|k| k.name.as_str()).collect();
                        errors.push(Error::content(
                            Location::file(&page.rel),
                            format!("`formats:` names `{f}`, which is not an artwork format"),
                            format!("use some of: {}", known.join(", ")),
                        ));
                    }
                }
            }
            jobs.extend(self.formats_of(page).map(|format| Job {
                page: page.id,
                format,
                organiser: None,
                year: None,
            }));
        }
        Error::from_list(errors)?;
        Ok(jobs)
    }

    fn rel_dir(page: &Page) -> String {
        format!("artwork/{}/{}", page.lang, page.slug)
    }

    /// Links for the slogan pages of the portal, by page.
    pub(crate) fn links(&self, site: &Site) -> HashMap<PageId, Vec<ArtworkLink>> {
        let base = site.config.base_path();
        let mut out: HashMap<PageId, Vec<ArtworkLink>> = HashMap::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Slogan) {
            let dir = Self::rel_dir(page);
            for i in self.formats_of(page) {
                let f = &self.formats[i];
                let (pw, ph) = self.png_size(f);
                let stem = format!("{base}/{dir}/{}", f.name);
                let srcsets = self.srcsets(f, &stem);
                out.entry(page.id).or_default().push(ArtworkLink {
                    format: f.name.clone(),
                    print: f.is_print(),
                    size: f.size_label(),
                    png: format!("{stem}.png"),
                    png_width: pw,
                    png_height: ph,
                    webp_srcset: srcsets.webp,
                    srcset: srcsets.png,
                    pdf: f.is_print().then(|| format!("{base}/{dir}/{}.pdf", f.name)),
                    svg: format!("{base}/{dir}/{}.svg", f.name),
                    download: None,
                    print_page: None,
                });
            }
        }
        out
    }

    /// Draws every job in parallel into `sink`; returns how many files there were. For
    /// benchmarks: the build and `loa banner` produce [`SloganArt`] the same way.
    pub fn render_all(&self, site: &Site, jobs: &[Job], sink: &dyn Sink) -> Result<usize> {
        let art = SloganArt::with_progress(self, jobs.len());
        Ok(produce_all(&art, site, jobs, sink)?.files)
    }

    /// One slogan in one format: the SVG (text as outlines), a PNG preview and, for print, a PDF.
    pub fn render(&self, site: &Site, job: &Job) -> Result<Vec<ArtFile>> {
        self.render_with(site, job, false)
    }

    /// [`Studio::render`], with the portal's screen previews when `screens`.
    pub(crate) fn render_with(
        &self,
        site: &Site,
        job: &Job,
        screens: bool,
    ) -> Result<Vec<ArtFile>> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let PageData::Slogan { text, .. } = &page.data else {
            return Ok(Vec::new());
        };
        let svg = self.slogan_svg(site, job)?;
        let sheet = Sheet {
            screens,
            ..self.slogan_sheet(page, format, text, &svg, true)
        };
        let files = self.draw_sheet(&sheet, |problems| {
            refuse_ink(page, format, &problems)?;
            fits_a_pdf_page(site, format)?;
            Ok(true)
        })?;
        let dir = Self::rel_dir(page);
        Ok(files
            .unwrap_or_default()
            .into_iter()
            .map(|(suffix, bytes)| ArtFile {
                rel: format!("{dir}/{}{suffix}", format.name),
                bytes,
            })
            .collect())
    }

    /// For `loa check`: composes a slogan's artwork (a slogan too long for its format is an
    /// error) and refuses lines that come too close to each other or to the layout's frame
    /// lines, pictures and rules, read back from the drawn SVG, as a build does.
    pub(crate) fn inspect(&self, site: &Site, job: &Job) -> Result<()> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let text = match &page.data {
            PageData::Slogan { text, .. } => text.as_str(),
            _ => "",
        };
        let svg = self.slogan_svg(site, job)?;
        let sheet = self.slogan_sheet(page, format, text, &svg, false);
        self.draw_sheet(&sheet, |problems| {
            refuse_ink(page, format, &problems)?;
            Ok(false)
        })?;
        Ok(())
    }

    /// A slogan's filled-in SVG in one format as a sheet to draw, through the artwork cache
    /// when `cached`.
    fn slogan_sheet<'a>(
        &'a self,
        page: &'a Page,
        format: &'a Format,
        text: &'a str,
        svg: &'a str,
        cached: bool,
    ) -> Sheet<'a> {
        let layout = &self.layouts[&format.layout];
        Sheet {
            svg,
            format,
            layout,
            lang: &page.lang,
            file: &page.rel,
            title: text,
            pdf_what: format!("PDF for format {}", format.name),
            cache_extra: cached
                .then(|| format!("{format:?}|{}|{}|{text}", layout.family, page.lang)),
            keep_clear: Vec::new(),
            screens: false,
            png_only: false,
        }
    }

    /// The finished SVG of one slogan in one format.
    fn slogan_svg(&self, site: &Site, job: &Job) -> Result<String> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let layout = &self.layouts[&format.layout];
        let PageData::Slogan { years, .. } = &page.data else {
            return Ok(String::new());
        };
        let year = job_year(page, job, years)?;
        let boxes = self.compose(site, job)?.boxes;
        let mut ctx = self.sheet_context(format.unit(), format.dims(), &boxes, &page.lang);
        ctx.insert("format", &format.name);
        ctx.insert("year", &year);
        self.layout_svg(&layout.template, &ctx)
    }
}

/// Whether `wanted` names the slogan `page`: its slug, its file name (without .md) or its
/// content key.
pub(super) fn is_named(page: &Page, wanted: &str) -> bool {
    wanted == page.slug.as_str()
        || wanted == page.key.rsplit('/').next().unwrap_or("")
        || wanted == page.key
}

/// Refuses the drawn lines of a slogan's artwork that come too close to each other or to the
/// layout's frame lines, pictures and rules: one error naming the slogan's file and the format.
fn refuse_ink(page: &Page, format: &Format, problems: &[ink::Problem]) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = problems
        .iter()
        .map(|p| format!("{p} ({})", format.unit()))
        .collect();
    Err(Error::content(
        Location::file(&page.rel),
        format!(
            "in the {} artwork ({}), {}",
            format.name,
            format.size_label(),
            list.join("; ")
        ),
        "break the slogan yourself with `lines:` in the front matter, or give the layout's box more `clearance:` or height",
    ))
}

/// Refuses a print format too large for a PDF page even with the largest user unit.
fn fits_a_pdf_page(site: &Site, format: &Format) -> Result<()> {
    match format.page_boxes() {
        Some(boxes) if boxes.user_unit() > pdf::MAX_USER_UNIT => Err(Error::config(
            Location::file(&site.config.file),
            format!("format `{}` is too large for a PDF page", format.name),
            "split the artwork into panels of at most a few hundred metres",
        )),
        _ => Ok(()),
    }
}
