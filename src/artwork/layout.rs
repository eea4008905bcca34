//! Layouts: the theme's `artwork/<layout>.yaml` files (an SVG template, its text boxes, photo
//! frames and QR frame as fractions of the trim size, and the CMYK palette of its colours), read
//! once with the templates they name and the word lists that must not be broken across lines.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tera::Tera;

use super::breaks::KeepTogether;
use super::fit::{self, Fitted, Frame, Measurer};
use super::format::Format;
use super::palette;
use crate::config::ordered::OrderedMap;
use crate::error::{Error, Location, Result};
use crate::model::Site;
use crate::theme::Theme;

const DEFAULT_FAMILY: &str = "Be Vietnam Pro";

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BoxSpec {
    /// A tera expression for the text (`{{ slogan }}`, `{{ organiser }}`…).
    pub(super) text: String,
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
    #[serde(default)]
    pub(super) max_lines: Option<usize>,
    #[serde(default)]
    pub(super) weight: Option<u16>,
    #[serde(default)]
    pub(super) uppercase: bool,
    #[serde(default)]
    pub(super) line_height: Option<f64>,
    /// Least distance between the ink of two lines, as a fraction of the text size.
    #[serde(default)]
    pub(super) clearance: Option<f64>,
    #[serde(default)]
    pub(super) align: Option<Align>,
    /// The slogan itself: held to the format's legibility minimum, and the box explicit
    /// `lines:` from front matter apply to.
    #[serde(default)]
    pub(super) main: bool,
    /// Largest text size, as a fraction of the trim height: a short text would otherwise grow
    /// to fill its box and outshout the boxes around it.
    #[serde(default)]
    pub(super) max_size: Option<f64>,
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
pub(super) struct FrameSpec {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

pub(super) struct Layout {
    pub(super) template: String,
    pub(super) family: String,
    pub(super) boxes: Vec<(String, BoxSpec)>,
    pub(super) frames: Vec<(String, FrameSpec)>,
    pub(super) qr: Option<FrameSpec>,
    pub(super) palette: palette::Palette,
}

impl Layout {
    /// The error for a layout whose SVG template the theme does not have, naming the layout's
    /// `file`.
    pub(super) fn missing_template(&self, tera: &Tera, file: String) -> Option<Error> {
        (!tera.contains_template(&self.template)).then(|| Error::Template {
            template: file,
            message: format!(
                "the layout names template `{}`, which does not exist",
                self.template
            ),
            hint: "put the SVG template beside the layout file".into(),
        })
    }

    /// The clearance the finished artwork is checked against: the least any box asks for.
    pub(super) fn clearance(&self) -> f64 {
        self.boxes
            .iter()
            .map(|(_, b)| b.clearance.unwrap_or(fit::DEFAULT_CLEARANCE))
            .fold(f64::INFINITY, f64::min)
            .min(fit::DEFAULT_CLEARANCE)
    }
}

impl BoxSpec {
    /// Fits `content` to the box; with `max_size`, on the fewest lines that still reach it, so
    /// a capped text does not wrap where it no longer needs to.
    pub(super) fn fit(
        &self,
        m: &Measurer,
        content: &str,
        tw: f64,
        th: f64,
        keep: &KeepTogether,
    ) -> Fitted {
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

    pub(super) fn capped(&self, mut fitted: Fitted, th: f64) -> Fitted {
        if let Some(cap) = self.max_size.map(|f| f * th)
            && fitted.size > cap
        {
            let k = cap / fitted.size;
            fitted.widths.iter_mut().for_each(|w| *w *= k);
            fitted.size = cap;
        }
        fitted
    }

    pub(super) fn frame(&self, tw: f64, th: f64) -> Frame {
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

/// The artwork of a theme, ready to draw with: its layouts by name, the tera templates (each SVG
/// and each box's text, as `<layout>#<box>`) and the words and phrases no line may split.
pub(super) struct ThemeArt {
    pub(super) layouts: HashMap<String, Layout>,
    pub(super) tera: Tera,
    pub(super) keep: KeepTogether,
}

impl ThemeArt {
    /// Reads every file of the theme's (and the site's) artwork/ folder.
    pub(super) fn load(theme: &Theme) -> Result<ThemeArt> {
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
                let file: LayoutFile = crate::yaml::utf8(&f.bytes)
                    .and_then(|_| crate::yaml::from_str(&text))
                    .map_err(|e| {
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
        Ok(ThemeArt {
            layouts,
            tera,
            keep,
        })
    }

    /// Refuses a format whose layout, or the layout's SVG template, the theme does not have, and
    /// a page-card layout without its template.
    pub(super) fn check(&self, site: &Site, theme: &Theme, formats: &[Format]) -> Result<()> {
        for f in formats {
            let Some(layout) = self.layouts.get(&f.layout) else {
                let mut known: Vec<&String> = self.layouts.keys().collect();
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
            let file = format!("themes/{}/artwork/{}.yaml", theme.name, f.layout);
            if let Some(e) = layout.missing_template(&self.tera, file) {
                return Err(e);
            }
        }
        // The page-card layout is optional, but one without its template is the theme's error.
        if let Some(layout) = self.layouts.get(super::card::LAYOUT) {
            let file = format!("themes/{}/artwork/{}.yaml", theme.name, super::card::LAYOUT);
            if let Some(e) = layout.missing_template(&self.tera, file) {
                return Err(e);
            }
        }
        Ok(())
    }
}
