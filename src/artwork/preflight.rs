//! Print preflight: the checks a print shop runs before it accepts a file, run on every pano at
//! build time so an office hears about a blurry photo before it pays for a billboard. The rules
//! are here; `pano` measures each pano and hands the facts over. `loa check` can call
//! [`crate::artwork::Studio::preflight`] for the same findings without writing anything.

use std::fmt;

use crate::types::Mm;

/// Sheets (A-series) are read at arm's length and need 200 dpi; billboards are seen from metres
/// away, where 100 dpi is already finer than the eye resolves.
const MIN_DPI_SHEET: f64 = 200.0;
const MIN_DPI_LARGE: f64 = 100.0;
/// The smallest QR module a phone reads reliably on an A4 sheet at reading distance.
const MIN_QR_MODULE_A4: Mm = Mm(0.8);
/// The long side of A4: the viewing distance scales from there with the poster's size.
const A4_LONG_SIDE: f64 = 297.0;
/// Text closer to the trim than this may be cut off or fall under a billboard's eyelets and
/// frame.
const SAFE_SHEET: Mm = Mm(5.0);
const SAFE_LARGE: Mm = Mm(25.0);

/// What preflight knows about one pano.
pub(super) struct Facts<'a> {
    pub(super) width: Mm,
    pub(super) height: Mm,
    pub(super) large: bool,
    /// (photo as named in front matter, pixels across, printed width).
    pub(super) photos: Vec<(&'a str, u32, Mm)>,
    /// (box name, text, extent of its lines in trim coordinates: x0, y0, x1, y1 in mm).
    pub(super) texts: Vec<(&'a str, &'a str, [f64; 4])>,
    /// (box name, characters the font has no glyph for).
    pub(super) missing: Vec<(&'a str, Vec<char>)>,
    /// Printed size of one QR module.
    pub(super) qr_module: Option<Mm>,
}

/// A preflight finding on a pano, as a print shop would word it.
#[derive(Debug, Clone, PartialEq)]
pub enum Issue {
    /// A photo printed at fewer dots per inch than its distance needs.
    LowResolution {
        /// The photo's file name.
        photo: String,
        /// Dots per inch it prints at.
        dpi: f64,
        /// Dots per inch the pano's size needs.
        min: f64,
    },
    /// Text closer to the trim than the safe margin.
    OutsideSafeArea {
        /// The box the text is in.
        what: String,
        /// The safe margin.
        margin: Mm,
        /// How far inside the margin the text reaches.
        by: Mm,
    },
    /// Characters the font has no glyph for.
    MissingGlyphs {
        /// The box the text is in.
        what: String,
        /// The characters.
        chars: Vec<char>,
    },
    /// A QR code whose modules are too small to scan at the pano's distance.
    QrTooSmall {
        /// Side of one module as printed.
        module: Mm,
        /// The smallest side that scans.
        min: Mm,
    },
    /// Lines too close to each other or to a frame line, photo or QR code (distances in mm).
    Typesetting(super::ink::Problem),
}

impl Issue {
    /// Findings that make a file a print shop would send back: the build stops on them. The
    /// others are warnings (a soft photo may be the only one there is).
    pub(crate) fn is_error(&self) -> bool {
        matches!(self, Issue::Typesetting(_))
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issue::LowResolution { photo, dpi, min } => write!(
                f,
                "photo `{photo}` prints at {dpi:.0} dpi, below the {min:.0} dpi this size needs; use a larger original of it, or a smaller frame"
            ),
            Issue::OutsideSafeArea { what, margin, by } => write!(
                f,
                "the text of `{what}` reaches {:.1} mm into the {:.0} mm safe margin at the edge, where it may be cut off; shorten it or move the layout's box inward",
                by.0, margin.0
            ),
            Issue::MissingGlyphs { what, chars } => {
                let list: Vec<String> = chars
                    .iter()
                    .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
                    .collect();
                write!(
                    f,
                    "the font has no glyph for {} in `{what}`, so it would print as a gap; replace the characters (look-alike letters pasted from other scripts?) or add a font that has them",
                    list.join(", ")
                )
            }
            Issue::Typesetting(p) => write!(f, "{p} (mm)"),
            Issue::QrTooSmall { module, min } => write!(
                f,
                "the QR code's modules print {:.2} mm wide, below the {:.2} mm a phone needs at this poster's viewing distance; shorten the address or give the QR a larger frame",
                module.0, min.0
            ),
        }
    }
}

/// The smallest QR module for a poster: 0.8 mm on A4, growing with the viewing distance, which
/// grows with the poster's long side.
fn min_qr_module(width: Mm, height: Mm) -> Mm {
    let scale = (width.0.max(height.0) / A4_LONG_SIDE).max(1.0);
    Mm(MIN_QR_MODULE_A4.0 * scale)
}

/// Effective resolution of a photo printed `printed` wide from `pixels` across.
fn dpi(pixels: u32, printed: Mm) -> f64 {
    pixels as f64 / (printed.0 / Mm::PER_INCH)
}

pub(super) fn judge(facts: &Facts) -> Vec<Issue> {
    let mut issues = Vec::new();
    let min_dpi = if facts.large {
        MIN_DPI_LARGE
    } else {
        MIN_DPI_SHEET
    };
    for (photo, px, printed) in &facts.photos {
        let d = dpi(*px, *printed);
        if d + 0.5 < min_dpi {
            issues.push(Issue::LowResolution {
                photo: photo.to_string(),
                dpi: d,
                min: min_dpi,
            });
        }
    }
    let margin = if facts.large { SAFE_LARGE } else { SAFE_SHEET };
    let (w, h, m) = (facts.width.0, facts.height.0, margin.0);
    for (what, text, [x0, y0, x1, y1]) in &facts.texts {
        if text.trim().is_empty() {
            continue;
        }
        let by = [m - x0, m - y0, x1 - (w - m), y1 - (h - m)]
            .into_iter()
            .fold(0.0, f64::max);
        // Tenths of a millimetre are rounding, not a layout fault.
        if by > 0.1 {
            issues.push(Issue::OutsideSafeArea {
                what: what.to_string(),
                margin,
                by: Mm(by),
            });
        }
    }
    for (what, chars) in &facts.missing {
        if !chars.is_empty() {
            issues.push(Issue::MissingGlyphs {
                what: what.to_string(),
                chars: chars.clone(),
            });
        }
    }
    if let Some(module) = facts.qr_module {
        let min = min_qr_module(facts.width, facts.height);
        if module.0 + 1e-6 < min.0 {
            issues.push(Issue::QrTooSmall { module, min });
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>() -> Facts<'a> {
        Facts {
            width: Mm(841.0),
            height: Mm(1189.0),
            large: false,
            photos: Vec::new(),
            texts: Vec::new(),
            missing: Vec::new(),
            qr_module: None,
        }
    }

    #[test]
    fn a_phone_photo_on_a0_is_too_coarse() {
        let mut f = facts();
        // 1600 px across 700 mm: 58 dpi.
        f.photos.push(("anh.jpg", 1600, Mm(700.0)));
        let issues = judge(&f);
        assert!(
            matches!(&issues[..], [Issue::LowResolution { dpi, .. }] if (*dpi - 58.06).abs() < 0.1),
            "{issues:?}"
        );
    }

    #[test]
    fn qr_threshold_grows_with_the_poster() {
        assert!((min_qr_module(Mm(210.0), Mm(297.0)).0 - 0.8).abs() < 1e-9);
        assert!(min_qr_module(Mm(2400.0), Mm(1200.0)).0 > 6.0);
        let mut f = facts();
        f.qr_module = Some(Mm(1.0));
        assert!(matches!(judge(&f)[..], [Issue::QrTooSmall { .. }]));
    }

    #[test]
    fn text_in_the_margin_is_named() {
        let mut f = facts();
        f.texts
            .push(("theme", "Chủ đề", [2.0, 100.0, 500.0, 200.0]));
        f.texts.push(("ok", "Được", [10.0, 100.0, 500.0, 200.0]));
        let issues = judge(&f);
        assert_eq!(issues.len(), 1);
        assert!(issues[0].to_string().contains("`theme`"));
    }
}
