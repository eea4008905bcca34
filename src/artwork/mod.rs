//! Slogan artwork: every slogan in every configured format (street banner, vertical flag, social
//! cards) as SVG, PNG and, for print formats, a PDF at physical size with bleed.
//!
//! Layouts are data in the theme: `artwork/<layout>.yaml` names the SVG template and its text
//! boxes (as fractions of the trim size); this module fits each box's text with the font's real
//! metrics and hands the lines and sizes to the tera SVG template. It reads the site model and the
//! theme and changes neither.

pub mod breaks;
pub mod cache;
pub mod colour;
pub mod fit;
pub mod ink;
pub mod palette;
pub mod pano;
pub mod pdf;
pub mod preflight;
pub mod qr;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tera::{Context, Tera};

use crate::config::{FormatConfig, ordered::OrderedMap};
use crate::content::Kind;
use crate::error::{Error, Location, Result};
use crate::model::{ArtworkLink, Page, PageData, PageId, Site};
use crate::theme::Theme;
use crate::types::{Length, Mm};
use breaks::KeepTogether;
use fit::{Fitted, Frame, Measurer};

/// Screen pixels per millimetre as SVG and usvg count them (96 dpi).
const PX_PER_MM: f64 = 96.0 / 25.4;
const DEFAULT_FAMILY: &str = "Be Vietnam Pro";

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    Print { w: Mm, h: Mm, bleed: Mm },
    Screen { w: f64, h: f64 },
}

#[derive(Debug, Clone)]
pub struct Format {
    pub name: String,
    pub size: Size,
    pub layout: String,
    /// Smallest legible text size, in the format's unit.
    pub min_text: f64,
}

impl Format {
    pub fn unit(&self) -> &'static str {
        match self.size {
            Size::Print { .. } => "mm",
            Size::Screen { .. } => "px",
        }
    }

    /// Trim width and height and bleed in the format's unit.
    pub fn dims(&self) -> (f64, f64, f64) {
        match self.size {
            Size::Print { w, h, bleed } => (w.0, h.0, bleed.0),
            Size::Screen { w, h } => (w, h, 0.0),
        }
    }

    /// Canvas pixels (as usvg lays the SVG out, at 96 dpi) per unit of the format.
    pub fn px_per_unit(&self) -> f64 {
        match self.size {
            Size::Print { .. } => PX_PER_MM,
            Size::Screen { .. } => 1.0,
        }
    }

    pub fn is_print(&self) -> bool {
        matches!(self.size, Size::Print { .. })
    }

    /// "5000 × 800 mm", "1200 × 630 px".
    pub fn size_label(&self) -> String {
        let (w, h, _) = self.dims();
        format!("{} × {} {}", trim_num(w), trim_num(h), self.unit())
    }
}

fn trim_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The formats of site.yaml, or the defaults: `bang-ron` 5000×800 mm, `co-phuon` 800×2500 mm,
/// `social` 1200×630 px (Open Graph), `square` 1080×1080 px.
pub fn formats(site: &Site) -> Result<Vec<Format>> {
    let configured = site.config.artwork.as_ref().and_then(|a| a.formats.clone());
    let list: Vec<(String, FormatConfig)> = match configured {
        Some(OrderedMap(list)) => list,
        None => default_formats(),
    };
    let at = || Location::file(&site.config.file);
    list.into_iter()
        .map(|(name, f)| {
            let size = match (f.width, f.height, f.bleed) {
                (Length::Mm(w), Length::Mm(h), bleed) => {
                    let bleed = match bleed {
                        None => Mm(0.0),
                        Some(Length::Mm(b)) => b,
                        Some(Length::Px(_)) => {
                            return Err(Error::config(
                                at(),
                                format!("format `{name}`: bleed must be in mm like its size"),
                                "write e.g. `bleed: 20mm`",
                            ));
                        }
                    };
                    Size::Print { w, h, bleed }
                }
                (Length::Px(w), Length::Px(h), None) => Size::Screen { w, h },
                (Length::Px(_), Length::Px(_), Some(_)) => {
                    return Err(Error::config(
                        at(),
                        format!("format `{name}` is a screen format (px) and cannot have bleed"),
                        "remove `bleed`, or give the size in mm for print",
                    ));
                }
                _ => {
                    return Err(Error::config(
                        at(),
                        format!("format `{name}` mixes mm and px in its width and height"),
                        "give both in mm (print) or both in px (screen)",
                    ));
                }
            };
            let (w, h) = match size {
                Size::Print { w, h, .. } => (w.0, h.0),
                Size::Screen { w, h } => (w, h),
            };
            if w <= 0.0 || h <= 0.0 {
                return Err(Error::config(
                    at(),
                    format!("format `{name}` has a zero size"),
                    "give a width and height above zero",
                ));
            }
            let min_text = match (size, f.min_text) {
                (Size::Print { .. }, Length::Mm(m)) => m.0,
                (Size::Screen { .. }, Length::Px(p)) => p,
                _ => {
                    return Err(Error::config(
                        at(),
                        format!("format `{name}`: min_text must use the same unit as the size"),
                        "e.g. `min_text: 100mm` for a print format, `min_text: 40px` for a screen one",
                    ));
                }
            };
            Ok(Format {
                name,
                size,
                layout: f.layout,
                min_text,
            })
        })
        .collect()
}

fn default_formats() -> Vec<(String, FormatConfig)> {
    let f = |w: &str, h: &str, bleed: Option<&str>, layout: &str, min: &str| FormatConfig {
        width: Length::parse(w).expect("valid default"),
        height: Length::parse(h).expect("valid default"),
        bleed: bleed.map(|b| Length::parse(b).expect("valid default")),
        layout: layout.to_string(),
        min_text: Length::parse(min).expect("valid default"),
    };
    vec![
        (
            "bang-ron".into(),
            f("5000mm", "800mm", Some("20mm"), "banner", "100mm"),
        ),
        (
            "co-phuon".into(),
            f("800mm", "2500mm", Some("20mm"), "flag", "60mm"),
        ),
        ("social".into(), f("1200px", "630px", None, "card", "36px")),
        (
            "square".into(),
            f("1080px", "1080px", None, "square", "40px"),
        ),
    ]
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoxSpec {
    /// A tera expression for the text (`{{ slogan }}`, `{{ organiser }}`…).
    text: String,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    #[serde(default)]
    max_lines: Option<usize>,
    #[serde(default)]
    weight: Option<u16>,
    #[serde(default)]
    uppercase: bool,
    #[serde(default)]
    line_height: Option<f64>,
    /// Least distance between the ink of two lines, as a fraction of the text size.
    #[serde(default)]
    clearance: Option<f64>,
    #[serde(default)]
    align: Option<Align>,
    /// The slogan itself: held to the format's legibility minimum, and the box explicit
    /// `lines:` from front matter apply to.
    #[serde(default)]
    main: bool,
    /// Largest text size, as a fraction of the trim height: a short text would otherwise grow
    /// to fill its box and outshout the boxes around it.
    #[serde(default)]
    max_size: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayoutFile {
    template: String,
    #[serde(default)]
    font_family: Option<String>,
    boxes: OrderedMap<BoxSpec>,
    /// Photo frames of pano layouts, filled in the order of the pano's `photos:`.
    #[serde(default)]
    frames: Option<OrderedMap<FrameSpec>>,
    /// Where a pano's QR code goes: the largest square that fits this frame, at its top centre.
    #[serde(default)]
    qr: Option<FrameSpec>,
    /// CMYK percentages of the template's colours, for print PDFs.
    #[serde(default)]
    palette: palette::Palette,
}

/// A rectangle as fractions of the trim size.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameSpec {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

struct Layout {
    template: String,
    family: String,
    boxes: Vec<(String, BoxSpec)>,
    frames: Vec<(String, FrameSpec)>,
    qr: Option<FrameSpec>,
    palette: palette::Palette,
}

impl Layout {
    /// The clearance the finished artwork is checked against: the least any box asks for.
    fn clearance(&self) -> f64 {
        self.boxes
            .iter()
            .map(|(_, b)| b.clearance.unwrap_or(fit::DEFAULT_CLEARANCE))
            .fold(f64::INFINITY, f64::min)
            .min(fit::DEFAULT_CLEARANCE)
    }
}

/// One artwork to make: a slogan page in one format.
#[derive(Debug, Clone)]
pub struct Job {
    pub page: PageId,
    pub format: usize,
    /// A unit's campaign kit: the unit's name replaces the campaign organiser.
    pub organiser: Option<String>,
    /// The year the artwork is for (a kit's year), for a slogan of several years; it must be one
    /// of the slogan's `years` (see `job_year`). None: the slogan's latest year.
    pub year: Option<i32>,
}

/// The year a slogan's artwork prints in its header. A year the slogan is not for is refused:
/// a banner saying "năm 2023" over a 2022 slogan is the mismatch kits must never print.
fn job_year(page: &Page, job: &Job, years: &[i32]) -> Result<Option<i32>> {
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
pub struct Output {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// Everything loaded once to render artwork: fonts, layouts, templates and formats.
pub struct Studio {
    formats: Vec<Format>,
    layouts: HashMap<String, Layout>,
    tera: Tera,
    fontdb: Arc<usvg::fontdb::Database>,
    /// Measurers by (family, weight).
    measurers: HashMap<(String, u16), Measurer>,
    keep: KeepTogether,
    preview_px: u32,
    logo: Option<PathBuf>,
    static_dir: PathBuf,
    strings: HashMap<crate::types::Lang, crate::theme::Strings>,
    /// Artwork drawn by earlier builds (`with_cache`).
    cache: Option<cache::ArtCache>,
    /// Colour mode and output intent of print PDFs.
    print: pdf::Print,
}

impl Studio {
    pub fn new(site: &Site, theme: &Theme) -> Result<Studio> {
        let formats = formats(site)?;
        let art = site.config.artwork.as_ref();
        let mut db = usvg::fontdb::Database::new();
        for f in &theme.fonts {
            db.load_font_data(f.bytes.clone());
        }
        let mut measurers = HashMap::new();
        for face in db.faces() {
            let family = face
                .families
                .first()
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let weight = face.weight.0;
            let data = db.with_face_data(face.id, |data, _| data.to_vec());
            if let Some(m) = data.and_then(|d| Measurer::new(Arc::new(d))) {
                measurers.insert((family, weight), m);
            }
        }
        if measurers.is_empty() {
            return Err(Error::Template {
                template: format!("themes/{}/fonts/", theme.name),
                message: "the theme has no fonts, so slogan artwork cannot be drawn".into(),
                hint: "put TTF files in the theme's fonts/ folder (the default theme ships Be Vietnam Pro)".into(),
            });
        }

        let mut tera = Tera::new();
        tera.autoescape_on(vec![".svg"]);
        tera.register_filter(
            "upper_vi",
            |val: &str, _: tera::Kwargs, _: &tera::State| -> String {
                crate::text::nfc(&val.to_uppercase())
            },
        );
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut layouts = HashMap::new();
        let mut keep = KeepTogether::default();
        for f in &theme.artwork {
            let text = crate::text::nfc(&String::from_utf8_lossy(&f.bytes));
            if f.name.ends_with(".svg") {
                sources.push((f.name.clone(), text));
            } else if f.name.ends_with(".txt") {
                // Every list in artwork/ (the theme's and the site's own) adds words and
                // phrases that must not be broken across lines.
                keep.add_list(&text);
            } else if let Some(name) = f.name.strip_suffix(".yaml") {
                let file: LayoutFile = crate::yaml::from_str(&text).map_err(|e| {
                    let at = Location::at(&f.origin, e.line);
                    Error::config(
                        at,
                        e.message,
                        "a layout names its `template:` and lists `boxes:` with text, x, y, w, h (fractions of the trim size), max_lines, weight, uppercase, line_height, clearance, align, main, max_size; pano layouts add `frames:` and `qr:` (x, y, w, h); `palette:` maps each colour of the template to CMYK percentages, e.g. \"#c8102e\": [0, 100, 85, 20]",
                    )
                })?;
                for (box_name, b) in &file.boxes.0 {
                    sources.push((format!("{name}#{box_name}"), b.text.clone()));
                }
                layouts.insert(
                    name.to_string(),
                    Layout {
                        template: file.template,
                        family: file.font_family.unwrap_or_else(|| DEFAULT_FAMILY.into()),
                        boxes: file.boxes.0,
                        frames: file.frames.map(|f| f.0).unwrap_or_default(),
                        qr: file.qr,
                        palette: file.palette,
                    },
                );
            }
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Template {
                template: format!("themes/{}/artwork/", theme.name),
                message: e.to_string(),
                hint: "fix the artwork template or layout at the line shown".into(),
            })?;
        for f in &formats {
            let Some(layout) = layouts.get(&f.layout) else {
                let mut known: Vec<&String> = layouts.keys().collect();
                known.sort();
                return Err(Error::config(
                    Location::file(&site.config.file),
                    format!(
                        "format `{}` uses layout `{}`, which the theme does not have",
                        f.name, f.layout
                    ),
                    format!(
                        "use one of: {}",
                        known
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            };
            if !tera.contains_template(&layout.template) {
                return Err(Error::Template {
                    template: format!("themes/{}/artwork/{}.yaml", theme.name, f.layout),
                    message: format!(
                        "the layout names template `{}`, which does not exist",
                        layout.template
                    ),
                    hint: "put the SVG template beside the layout file".into(),
                });
            }
        }
        // The proper part of unit and organiser names ("Kim Đồng", "Quảng Nam") is one word.
        let default = site.config.default_lang();
        for unit in &site.units.list {
            for lang in site.config.languages.iter() {
                keep.add_name(&unit.name.get(&lang.code, default));
            }
        }
        if let Some(o) = &site.config.campaign.organiser {
            for lang in site.config.languages.iter() {
                keep.add_name(&o.get(&lang.code, default));
            }
        }
        let logo = match art.and_then(|a| a.logo.as_ref()) {
            Some(l) => {
                let p = site.config.static_dir().join(l.trim_start_matches('/'));
                if !p.is_file() || l.contains("..") {
                    return Err(Error::config(
                        Location::file(&site.config.file),
                        format!("artwork logo `{l}` is not a file in static/"),
                        "give a path inside static/, e.g. `logo: img/logo.svg`",
                    ));
                }
                // Absolute, because usvg resolves relative hrefs against its resources folder.
                Some(p.canonicalize().unwrap_or(p))
            }
            None => None,
        };
        Ok(Studio {
            formats,
            layouts,
            tera,
            fontdb: Arc::new(db),
            measurers,
            keep,
            preview_px: art
                .and_then(|a| a.preview_px)
                .unwrap_or(1200)
                .clamp(64, 8000),
            logo,
            static_dir: site.config.static_dir(),
            strings: theme.strings.clone(),
            cache: None,
            print: pdf::Print {
                colour: art.and_then(|a| a.colour).unwrap_or_default(),
                intent: Arc::new(pdf::OutputIntent::load(theme)?),
            },
        })
    }

    /// Reuses artwork drawn by earlier builds from `dir`, and keeps what this one draws there.
    pub fn with_cache(mut self, dir: &std::path::Path, theme: &Theme) -> Studio {
        let fonts: Vec<&[u8]> = theme.fonts.iter().map(|f| f.bytes.as_slice()).collect();
        // PDFs also depend on the colour mode, the output intent and the layouts' palettes.
        let mut palettes: Vec<String> = self
            .layouts
            .iter()
            .map(|(n, l)| format!("{n}:{}", l.palette.digest()))
            .collect();
        palettes.sort();
        let print = format!(
            "{:?}|{}|{}",
            self.print.colour,
            self.print.intent.digest,
            palettes.join("|")
        );
        self.cache = Some(cache::ArtCache::new(dir, &fonts, self.preview_px, &print));
        self
    }

    /// Forgets cached artwork this build did not use; call after a successful build.
    pub fn prune_cache(&self) {
        if let Some(c) = &self.cache {
            c.prune();
        }
    }

    /// The colour mode print PDFs are written in.
    pub fn colour(&self) -> crate::config::Colour {
        self.print.colour
    }

    pub fn formats(&self) -> &[Format] {
        &self.formats
    }

    /// A UI string of the theme in `lang`.
    pub fn string(&self, lang: &crate::types::Lang, key: &str) -> Option<String> {
        match self.strings.get(lang)?.get(key)? {
            crate::theme::I18nValue::Text(t) => Some(t.clone()),
            crate::theme::I18nValue::List(_) => None,
        }
    }

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
    pub fn links(&self, site: &Site) -> HashMap<PageId, Vec<ArtworkLink>> {
        let base = site.config.base_path();
        let mut out: HashMap<PageId, Vec<ArtworkLink>> = HashMap::new();
        for page in site.pages.iter().filter(|p| p.kind == Kind::Slogan) {
            let dir = Self::rel_dir(page);
            for i in self.formats_of(page) {
                let f = &self.formats[i];
                let (pw, ph) = self.png_size(f);
                out.entry(page.id).or_default().push(ArtworkLink {
                    format: f.name.clone(),
                    print: f.is_print(),
                    size: f.size_label(),
                    png: format!("{base}/{dir}/{}.png", f.name),
                    png_width: pw,
                    png_height: ph,
                    pdf: f.is_print().then(|| format!("{base}/{dir}/{}.pdf", f.name)),
                    svg: format!("{base}/{dir}/{}.svg", f.name),
                    download: None,
                    print_page: None,
                });
            }
        }
        out
    }

    /// Pixel size of the PNG of a format: exact for screen formats; for print, the long side is
    /// `preview_px`.
    fn png_size(&self, f: &Format) -> (u32, u32) {
        let (w, h, _) = f.dims();
        match f.size {
            Size::Screen { .. } => (w.round().max(1.0) as u32, h.round().max(1.0) as u32),
            Size::Print { .. } => {
                let s = self.preview_px as f64 / w.max(h);
                (
                    (w * s).round().max(1.0) as u32,
                    (h * s).round().max(1.0) as u32,
                )
            }
        }
    }

    /// Renders every job in parallel, with a progress bar on a terminal.
    /// Renders every job in parallel and hands each output to `sink` as soon as it is drawn, so
    /// only the artworks in progress are held in memory; returns how many outputs there were.
    pub fn render_all(
        &self,
        site: &Site,
        jobs: &[Job],
        sink: &(dyn Fn(&Output) -> Result<()> + Sync),
    ) -> Result<usize> {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        bar.set_message("artwork");
        let results: Vec<Result<usize>> = jobs
            .par_iter()
            .map(|j| {
                let outputs = self.render(site, j)?;
                bar.inc(1);
                for o in &outputs {
                    sink(o)?;
                }
                Ok(outputs.len())
            })
            .collect();
        bar.finish_and_clear();
        let mut count = 0;
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(n) => count += n,
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        Ok(count)
    }

    /// Fits the text of every box of a slogan's layout in one format: the lines and sizes the
    /// SVG template will draw.
    pub fn compose(&self, site: &Site, job: &Job) -> Result<Composition> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let layout = &self.layouts[&format.layout];
        let PageData::Slogan {
            text, years, lines, ..
        } = &page.data
        else {
            return Ok(Composition::default());
        };
        let (tw, th, bleed) = format.dims();
        let year = job_year(page, job, years)?;
        let lang = &page.lang;
        let mut text_ctx = Context::new();
        text_ctx.insert("slogan", text);
        text_ctx.insert("year", &year);
        text_ctx.insert(
            "theme",
            &year
                .and_then(|y| site.theme_of_year(y, lang))
                .map(|p| p.title.clone()),
        );
        text_ctx.insert(
            "organiser",
            &job.organiser.clone().or_else(|| {
                site.config
                    .campaign
                    .organiser
                    .as_ref()
                    .map(|o| o.get(lang, site.config.default_lang()))
            }),
        );
        text_ctx.insert(
            "site_title",
            &site.config.language(lang).map(|l| l.title.clone()),
        );
        text_ctx.insert("lang", lang.as_str());
        text_ctx.insert("t", &self.strings.get(lang));

        let mut boxes: HashMap<String, BoxOut> = HashMap::new();
        for (name, spec) in &layout.boxes {
            let raw = self
                .tera
                .render(&format!("{}#{name}", format.layout), &text_ctx)
                .map_err(|e| Error::Template {
                    template: format!("artwork/{}.yaml (box {name})", format.layout),
                    message: e.to_string(),
                    hint: "box texts may use slogan, year, theme, organiser, site_title, lang"
                        .into(),
                })?;
            let weight = spec.weight.unwrap_or(700);
            let (content, m) = self.box_text(
                &raw,
                spec.uppercase,
                &layout.family,
                weight,
                &format!("artwork/{}.yaml (box {name})", format.layout),
            )?;
            let missing = m.missing_glyphs(&content);
            if !missing.is_empty() {
                let list: String = missing
                    .iter()
                    .map(|c| format!("`{c}` (U+{:04X}) ", *c as u32))
                    .collect();
                return Err(Error::content(
                    Location::file(&page.rel),
                    format!(
                        "the font {} has no glyph for {}in the {} artwork",
                        layout.family, list, format.name
                    ),
                    "replace those characters (check for look-alike letters pasted from other scripts), or add a font that has them to the theme",
                ));
            }
            let mut frame = spec.frame(tw, th);
            if spec.main {
                frame.min_size = format.min_text;
            }
            let explicit: Option<Vec<String>> = spec
                .main
                .then(|| lines.as_ref().and_then(|l| l.for_format(&format.name)))
                .flatten()
                .map(|l| {
                    l.iter()
                        .map(|s| {
                            let s = crate::text::nfc(s.trim());
                            if spec.uppercase {
                                crate::text::nfc(&s.to_uppercase())
                            } else {
                                s
                            }
                        })
                        .collect()
                });
            let fitted = match explicit {
                Some(lines) => fit::size_for(
                    m,
                    &lines,
                    Frame {
                        max_lines: lines.len(),
                        ..frame
                    },
                ),
                None => fit::fit(m, &content, frame, &self.keep),
            };
            let fitted = spec.capped(fitted, th);
            if spec.main && !content.is_empty() && fitted.size + 1e-9 < format.min_text {
                return Err(too_long(page, format, m, &content, frame, fitted.size));
            }
            boxes.insert(
                name.clone(),
                place(spec, &layout.family, weight, &fitted, (tw, th, bleed)),
            );
        }
        Ok(Composition { boxes })
    }

    /// One slogan in one format: the SVG (text as outlines), a PNG preview and, for print, a PDF.
    pub fn render(&self, site: &Site, job: &Job) -> Result<Vec<Output>> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let layout = &self.layouts[&format.layout];
        let PageData::Slogan { text, .. } = &page.data else {
            return Ok(Vec::new());
        };
        let lang = &page.lang;
        let svg = self.slogan_svg(site, job)?;

        let dir = Self::rel_dir(page);
        let exts: &[&str] = if format.is_print() {
            &["svg", "png", "pdf"]
        } else {
            &["svg", "png"]
        };
        let key = self.cache.as_ref().map(|c| {
            let extra = format!("{format:?}|{}|{lang}|{text}", layout.family);
            c.key(&svg, &format.name, &extra, &self.static_dir)
        });
        if let (Some(c), Some(key)) = (&self.cache, &key)
            && let Some(files) = c.get(key, exts)
        {
            return Ok(exts
                .iter()
                .zip(files)
                .map(|(ext, bytes)| Output {
                    rel: format!("{dir}/{}.{ext}", format.name),
                    bytes,
                })
                .collect());
        }

        let tree = self.parse_svg(&svg, &layout.family, lang, &layout.template)?;
        Self::refuse_ink(page, format, layout, &tree)?;

        let mut outputs = Vec::with_capacity(3);
        let flat_svg = tree.to_string(&usvg::WriteOptions::default());
        outputs.push(Output {
            rel: format!("{dir}/{}.svg", format.name),
            bytes: flat_svg.into_bytes(),
        });
        outputs.push(Output {
            rel: format!("{dir}/{}.png", format.name),
            bytes: self.png(&tree, format)?,
        });
        if let Size::Print { w, h, bleed } = format.size {
            let boxes = pdf::PageBoxes {
                trim_w: w,
                trim_h: h,
                bleed,
                crop_marks: true,
            };
            if boxes.user_unit() > pdf::MAX_USER_UNIT {
                return Err(Error::config(
                    Location::file(&site.config.file),
                    format!("format `{}` is too large for a PDF page", format.name),
                    "split the artwork into panels of at most a few hundred metres",
                ));
            }
            let bytes =
                pdf::write(&tree, &boxes, text, &self.print, &layout.palette).map_err(|e| {
                    Error::Other(format!(
                        "{}: PDF for format {}: {e}",
                        page.rel.display(),
                        format.name
                    ))
                })?;
            outputs.push(Output {
                rel: format!("{dir}/{}.pdf", format.name),
                bytes,
            });
        }
        if let (Some(c), Some(key)) = (&self.cache, &key) {
            let files: Vec<(&str, &[u8])> = exts
                .iter()
                .zip(&outputs)
                .map(|(ext, o)| (*ext, o.bytes.as_slice()))
                .collect();
            c.put(key, &files);
        }
        Ok(outputs)
    }

    /// For `loa check`: composes a slogan's artwork (a slogan too long for its format is an
    /// error) and refuses lines that come too close to each other or to the layout's frame
    /// lines, pictures and rules, read back from the drawn SVG, as a build does.
    pub fn inspect(&self, site: &Site, job: &Job) -> Result<()> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let layout = &self.layouts[&format.layout];
        let svg = self.slogan_svg(site, job)?;
        let tree = self.parse_svg(&svg, &layout.family, &page.lang, &layout.template)?;
        Self::refuse_ink(page, format, layout, &tree)
    }

    /// Reads the drawn lines of a slogan's artwork back: those that come too close to each
    /// other or to the layout's frame lines, pictures and rules are one error naming the
    /// slogan's file and the format.
    fn refuse_ink(page: &Page, format: &Format, layout: &Layout, tree: &usvg::Tree) -> Result<()> {
        let problems = ink::inspect(tree, layout.clearance(), &[], format.px_per_unit());
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

    /// The finished SVG of one slogan in one format.
    fn slogan_svg(&self, site: &Site, job: &Job) -> Result<String> {
        let page = &site.pages[job.page];
        let format = &self.formats[job.format];
        let layout = &self.layouts[&format.layout];
        let PageData::Slogan { years, .. } = &page.data else {
            return Ok(String::new());
        };
        let (tw, th, bleed) = format.dims();
        let year = job_year(page, job, years)?;
        let lang = &page.lang;
        let boxes = self.compose(site, job)?.boxes;

        let mut ctx = sheet_context(format.unit(), (tw, th, bleed), &boxes);
        ctx.insert("format", &format.name);
        ctx.insert("lang", lang.as_str());
        ctx.insert("year", &year);
        ctx.insert("logo", &self.logo.as_ref().map(|p| p.display().to_string()));
        self.layout_svg(&layout.template, &ctx)
    }

    /// The layout's SVG template filled in (banners and panos alike).
    fn layout_svg(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| Error::Template {
                template: format!("artwork/{template}"),
                message: e.to_string(),
                hint: "fix the artwork template at the line shown".into(),
            })
    }

    /// A box's text as it is drawn (NFC, upper-cased when the box says so) and the font that
    /// measures it; `template` names the box in messages.
    fn box_text(
        &self,
        raw: &str,
        uppercase: bool,
        family: &str,
        weight: u16,
        template: &str,
    ) -> Result<(String, &Measurer)> {
        let mut content = crate::text::nfc(raw.trim());
        if uppercase {
            content = crate::text::nfc(&content.to_uppercase());
        }
        let m = self
            .measurer(family, weight)
            .ok_or_else(|| Error::Template {
                template: template.to_string(),
                message: format!("no font `{family}` of weight {weight} in the theme"),
                hint: "add that weight's TTF to the theme's fonts/ folder or change `weight`"
                    .into(),
            })?;
        Ok((content, m))
    }

    fn measurer(&self, family: &str, weight: u16) -> Option<&Measurer> {
        self.measurers
            .get(&(family.to_string(), weight))
            .or_else(|| {
                // The nearest weight of the family, as CSS would pick.
                self.measurers
                    .iter()
                    .filter(|((f, _), _)| f == family)
                    .min_by_key(|((_, w), _)| (*w as i32 - weight as i32).abs())
                    .map(|(_, m)| m)
            })
    }

    /// PNG of the trim area (bleed cropped off): what the finished banner looks like.
    fn png(&self, tree: &usvg::Tree, format: &Format) -> Result<Vec<u8>> {
        let (pw, ph) = self.png_size(format);
        let (tw, _, bleed) = format.dims();
        let unit_px = match format.size {
            Size::Print { .. } => PX_PER_MM,
            Size::Screen { .. } => 1.0,
        };
        let scale = pw as f64 / (tw * unit_px);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(pw, ph).ok_or_else(|| {
            Error::Other(format!(
                "format {}: PNG size {pw}×{ph} is not possible",
                format.name
            ))
        })?;
        let shift = -(bleed * unit_px * scale) as f32;
        let transform = resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32)
            .post_translate(shift, shift);
        resvg::render(tree, transform, &mut pixmap.as_mut());
        pixmap
            .encode_png()
            .map_err(|e| Error::Other(format!("format {}: PNG encoding failed: {e}", format.name)))
    }
}

impl BoxSpec {
    /// Fits `content` to the box; with `max_size`, on the fewest lines that still reach it, so
    /// a capped text does not wrap where it no longer needs to.
    fn fit(&self, m: &Measurer, content: &str, tw: f64, th: f64, keep: &KeepTogether) -> Fitted {
        let frame = self.frame(tw, th);
        if let Some(cap) = self.max_size.map(|f| f * th) {
            for k in 1..frame.max_lines {
                let f = fit::fit(
                    m,
                    content,
                    Frame {
                        max_lines: k,
                        ..frame
                    },
                    keep,
                );
                if f.size >= cap {
                    return self.capped(f, th);
                }
            }
        }
        self.capped(fit::fit(m, content, frame, keep), th)
    }

    fn capped(&self, mut fitted: Fitted, th: f64) -> Fitted {
        if let Some(cap) = self.max_size.map(|f| f * th)
            && fitted.size > cap
        {
            let k = cap / fitted.size;
            fitted.widths.iter_mut().for_each(|w| *w *= k);
            fitted.size = cap;
        }
        fitted
    }

    fn frame(&self, tw: f64, th: f64) -> Frame {
        Frame {
            w: self.w * tw,
            h: self.h * th,
            max_lines: self.max_lines.unwrap_or(1).max(1),
            line_height: self.line_height.unwrap_or(1.15),
            clearance: self.clearance.unwrap_or(fit::DEFAULT_CLEARANCE),
            min_size: 0.0,
        }
    }
}

/// Positions fitted lines in their box: centred vertically, aligned as the box asks, with
/// baselines from the font's real ascender. `dims` is (trim width, trim height, bleed).
fn place(
    spec: &BoxSpec,
    family: &str,
    weight: u16,
    fitted: &Fitted,
    (tw, th, bleed): (f64, f64, f64),
) -> BoxOut {
    let frame = spec.frame(tw, th);
    let top = bleed + spec.y * th + (frame.h - fitted.height()) / 2.0;
    let (x, anchor) = match spec.align.unwrap_or(Align::Center) {
        Align::Left => (bleed + spec.x * tw, "start"),
        Align::Center => (bleed + (spec.x + spec.w / 2.0) * tw, "middle"),
        Align::Right => (bleed + (spec.x + spec.w) * tw, "end"),
    };
    let lines = fitted
        .lines
        .iter()
        .enumerate()
        .map(|(i, t)| LineOut {
            text: t.clone(),
            x: round(x),
            y: round(top + (fitted.above + i as f64 * fitted.leading) * fitted.size),
        })
        .collect();
    BoxOut {
        lines,
        size: round(fitted.size),
        weight,
        anchor,
        family: family.to_string(),
        x: round(bleed + spec.x * tw),
        y: round(bleed + spec.y * th),
        w: round(spec.w * tw),
        h: round(spec.h * th),
    }
}

/// What every artwork template gets about its sheet: unit, trim size, bleed, full size (trim and
/// bleed) and the fitted text boxes.
fn sheet_context(
    unit: &str,
    (tw, th, bleed): (f64, f64, f64),
    boxes: &HashMap<String, BoxOut>,
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("unit", unit);
    ctx.insert("width", &tw);
    ctx.insert("height", &th);
    ctx.insert("bleed", &bleed);
    ctx.insert("full_width", &(tw + 2.0 * bleed));
    ctx.insert("full_height", &(th + 2.0 * bleed));
    ctx.insert("boxes", boxes);
    ctx
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The fitted boxes of one artwork, by box name.
#[derive(Debug, Default)]
pub struct Composition {
    pub boxes: HashMap<String, BoxOut>,
}

#[derive(Debug, Serialize)]
pub struct LineOut {
    pub text: String,
    pub x: f64,
    /// Baseline.
    pub y: f64,
}

/// A text box as the SVG template gets it, in the format's units (origin at the bleed corner).
#[derive(Debug, Serialize)]
pub struct BoxOut {
    pub lines: Vec<LineOut>,
    pub size: f64,
    pub weight: u16,
    pub anchor: &'static str,
    pub family: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The slogan does not fit at the smallest legible size: say how much would.
fn too_long(
    page: &Page,
    format: &Format,
    m: &Measurer,
    text: &str,
    frame: Frame,
    size: f64,
) -> Error {
    let chars = text.chars().count();
    let needed = m.width(text);
    let capacity = frame.max_lines as f64 * frame.w / format.min_text;
    let fit_chars = ((chars as f64) * capacity / needed).floor() as usize;
    Error::content(
        Location::file(&page.rel),
        format!(
            "the slogan is too long for format `{}` ({}): at {} lines its text would be {:.0} {unit} high, below the legible minimum of {} {unit}; it has {chars} characters and about {} fit",
            format.name,
            format.size_label(),
            frame.max_lines,
            size,
            trim_num(format.min_text),
            fit_chars.min(chars.saturating_sub(1)),
            unit = format.unit(),
        ),
        "shorten it, break it yourself with `lines:` in the front matter, or leave this format out with `formats:`",
    )
}

/// Used by `loa banner`: the slogan pages matching `wanted` (a slug or file name in any
/// language), or all of them.
pub fn select_pages<'a>(site: &'a Site, wanted: &[String], langs: &[String]) -> Vec<&'a Page> {
    site.pages
        .iter()
        .filter(|p| p.kind == Kind::Slogan)
        .filter(|p| langs.is_empty() || langs.iter().any(|l| l == p.lang.as_str()))
        .filter(|p| {
            wanted.is_empty()
                || wanted.iter().any(|w| {
                    w == p.slug.as_str()
                        || w == p.key.rsplit('/').next().unwrap_or("")
                        || w == &p.key
                })
        })
        .collect()
}

/// `loa banner`: renders the chosen slogans and formats into `out` (`<lang>/<slug>/<format>.*`),
/// without building the portal. Returns the number of files written.
pub fn banner(
    args: &crate::load::BuildArgs,
    slugs: &[String],
    formats: &[String],
    langs: &[String],
    out: &std::path::Path,
) -> Result<usize> {
    let (site, theme) = crate::load::load(args)?;
    let studio = Studio::new(&site, &theme)?;
    for f in formats {
        if !studio.formats.iter().any(|k| &k.name == f) {
            let known: Vec<&str> = studio.formats.iter().map(|k| k.name.as_str()).collect();
            return Err(Error::Other(format!(
                "no artwork format `{f}`; the formats are: {}",
                known.join(", ")
            )));
        }
    }
    for l in langs {
        if !site.config.has_lang(l) {
            return Err(Error::Other(format!("no language `{l}` in site.yaml")));
        }
    }
    let pages = select_pages(&site, slugs, langs);
    for s in slugs {
        if !pages.iter().any(|p| {
            s == p.slug.as_str() || s == p.key.rsplit('/').next().unwrap_or("") || s == &p.key
        }) {
            return Err(Error::Other(format!(
                "no slogan `{s}`: give a slogan's slug or file name (without .md) from content/slogans/"
            )));
        }
    }
    let chosen: Vec<PageId> = pages.iter().map(|p| p.id).collect();
    let jobs: Vec<Job> = studio
        .jobs(&site)?
        .into_iter()
        .filter(|j| chosen.contains(&j.page))
        .filter(|j| formats.is_empty() || formats.contains(&studio.formats[j.format].name))
        .collect();
    studio.render_all(&site, &jobs, &|o| {
        let rel = o.rel.strip_prefix("artwork/").unwrap_or(&o.rel);
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &o.bytes).map_err(|e| Error::io(&path, e))
    })
}
