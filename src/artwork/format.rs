//! Artwork formats: the sizes slogans are drawn at (print in mm with bleed, screen in px), from
//! site.yaml or the defaults, and what each size means for the drawing (units, pixels per unit,
//! labels).

use super::pdf::PageBoxes;
use crate::config::{FormatConfig, ordered::OrderedMap};
use crate::error::{Error, Location, Result};
use crate::model::Site;
use crate::types::{Length, Mm};

/// Screen pixels per millimetre as SVG and usvg count them (96 dpi).
pub(super) const PX_PER_MM: f64 = 96.0 / 25.4;

/// The size of a format: physical (print, with bleed) or in screen pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Size {
    Print { w: Mm, h: Mm, bleed: Mm },
    Screen { w: f64, h: f64 },
}

/// An artwork format: a size slogans are drawn at, and the layout that draws them there.
#[derive(Debug, Clone)]
pub struct Format {
    /// As site.yaml names it: `bang-ron`, `social`.
    pub name: String,
    pub(crate) size: Size,
    pub(crate) layout: String,
    /// Smallest legible text size, in the format's unit.
    pub(super) min_text: f64,
}

impl Format {
    pub(super) fn unit(&self) -> &'static str {
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
    pub(super) fn px_per_unit(&self) -> f64 {
        match self.size {
            Size::Print { .. } => PX_PER_MM,
            Size::Screen { .. } => 1.0,
        }
    }

    /// Print formats (sizes in mm) are drawn as PDF too.
    pub fn is_print(&self) -> bool {
        matches!(self.size, Size::Print { .. })
    }

    /// The PDF page of a print format: trim size and bleed, with crop marks. None on screen.
    pub(super) fn page_boxes(&self) -> Option<PageBoxes> {
        match self.size {
            Size::Print { w, h, bleed } => Some(PageBoxes {
                trim_w: w,
                trim_h: h,
                bleed,
                crop_marks: true,
            }),
            Size::Screen { .. } => None,
        }
    }

    /// "5000 × 800 mm", "1200 × 630 px".
    pub(crate) fn size_label(&self) -> String {
        let (w, h, _) = self.dims();
        format!("{} × {} {}", trim_num(w), trim_num(h), self.unit())
    }
}

pub(super) fn trim_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The formats of site.yaml, or the defaults: `bang-ron` 5000×800 mm, `co-phuon` 800×2500 mm,
/// `social` 1200×630 px (Open Graph), `square` 1080×1080 px.
pub(super) fn formats(site: &Site) -> Result<Vec<Format>> {
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
