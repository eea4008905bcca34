//! Front matter of panos (`content/panos/`): posters and billboards printed for the campaign. The
//! editor names a paper size or billboard preset, the campaign year whose theme and dates the
//! poster announces, and photos and a QR target; this module turns that into a checked
//! [`PanoSpec`]. References to other pages (the year's theme, a slogan, an `@/` QR target) are
//! checked by the artwork stage, which sees the whole site.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::content::Document;
use crate::content::frontmatter::PanoFront;
use crate::content::units::Units;
use crate::error::{Error, Result};
use crate::types::{Date, Length, Mm, UnitId};

/// ISO 216 portrait sizes and the two common billboard sizes, in millimetres (width, height).
pub(crate) const PRESETS: &[(&str, f64, f64)] = &[
    ("A4", 210.0, 297.0),
    ("A3", 297.0, 420.0),
    ("A2", 420.0, 594.0),
    ("A1", 594.0, 841.0),
    ("A0", 841.0, 1189.0),
    ("pano-ngang", 2400.0, 1200.0),
    ("pano-doc", 1200.0, 2400.0),
];

/// Print shops' usual bleed: 3 mm on sheet paper, 10 mm on billboard vinyl that is wrapped and
/// stapled.
const BLEED_SHEET: Mm = Mm(3.0);
const BLEED_LARGE: Mm = Mm(10.0);

/// `size:` as written: a preset name or `{width: 1500mm, height: 3000mm}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum SizeField {
    Preset(String),
    Explicit { width: Length, height: Length },
}

/// `opening:` of a pano: the ceremony this office holds (the theme page's date is the default).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OpeningField {
    #[serde(default)]
    pub(crate) date: Option<Date>,
    /// Free text such as "7 giờ 30".
    #[serde(default)]
    pub(crate) time: Option<String>,
    #[serde(default)]
    pub(crate) place: Option<String>,
}

/// One entry of `photos:`: a file name, or the file with how it fills its frame.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum PhotoField {
    File(String),
    Full {
        file: String,
        #[serde(default)]
        fit: Option<Fit>,
        #[serde(default)]
        focus: Option<[f64; 2]>,
    },
}

/// How a photo fills its frame: `cover` crops it around the focal point, `contain` shows all of
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Fit {
    #[default]
    Cover,
    Contain,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PanoPhoto {
    /// As written in front matter: how messages name the photo.
    pub(crate) name: String,
    /// The file on disk.
    pub(crate) source: PathBuf,
    pub(crate) fit: Fit,
    /// Focal point as fractions of the photo (0,0 top left): the part kept when cropping.
    pub(crate) focus: (f64, f64),
}

/// A checked pano: its physical size and everything its layout draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanoSpec {
    /// The preset named in `size:`, if one was.
    pub(crate) preset: Option<String>,
    pub(crate) width: Mm,
    pub(crate) height: Mm,
    pub(crate) bleed: Mm,
    /// A sheet size (A-series) rather than a billboard: sets the bleed default, the preflight
    /// thresholds and whether the portal offers a printable HTML page.
    pub(crate) sheet: bool,
    pub(crate) layout: String,
    pub(crate) theme_year: Option<i32>,
    pub(crate) slogan: Option<String>,
    pub(crate) headline: Option<String>,
    pub(crate) organiser: Option<String>,
    pub(crate) unit: Option<UnitId>,
    pub(crate) opening: Option<OpeningField>,
    pub(crate) photos: Vec<PanoPhoto>,
    /// A web address or an `@/` content path.
    pub(crate) qr: Option<String>,
    /// Line of each front-matter field, for messages found after the whole site is loaded.
    #[serde(skip)]
    pub(crate) lines: BTreeMap<String, usize>,
}

impl PanoSpec {
    /// "A3 · 297 × 420 mm", "2400 × 1200 mm".
    pub(crate) fn size_label(&self) -> String {
        let dims = format!("{} × {} mm", num(self.width.0), num(self.height.0));
        match &self.preset {
            Some(p) if p.starts_with('A') => format!("{p} · {dims}"),
            _ => dims,
        }
    }

    /// A billboard or other large format, seen from metres away.
    pub(crate) fn large(&self) -> bool {
        !self.sheet
    }
}

fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Checks a pano's front matter on its own (sizes, files, unit); the page's other fields are
/// handled like any page's.
pub(crate) fn spec(
    config: &Config,
    units: &Units,
    d: &Document,
    f: &PanoFront,
) -> Result<PanoSpec> {
    let err = |field: &str, what: String, hint: &str| Error::content(d.at_field(field), what, hint);
    let (preset, width, height) = match &f.size {
        None => {
            return Err(err(
                "size",
                "this pano has no `size:`".into(),
                "add e.g. `size: A3` (A4, A3, A2, A1, A0, pano-ngang for 2400 × 1200 mm, pano-doc for 1200 × 2400 mm) or `size: {width: 1500mm, height: 3000mm}`",
            ));
        }
        Some(SizeField::Preset(name)) => {
            let found = PRESETS
                .iter()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(name.trim()));
            match found {
                Some((n, w, h)) => (Some(n.to_string()), Mm(*w), Mm(*h)),
                None => {
                    let names: Vec<&str> = PRESETS.iter().map(|(n, _, _)| *n).collect();
                    return Err(err(
                        "size",
                        format!("`size: {name}` is not a size preset"),
                        &format!(
                            "use one of {}, or give `size: {{width: 1500mm, height: 3000mm}}`",
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        Some(SizeField::Explicit { width, height }) => match (width, height) {
            (Length::Mm(w), Length::Mm(h)) if w.0 >= 50.0 && h.0 >= 50.0 => (None, *w, *h),
            (Length::Mm(_), Length::Mm(_)) => {
                return Err(err(
                    "size",
                    "the pano is smaller than 50 mm on a side".into(),
                    "give the printed size in mm, e.g. `{width: 1500mm, height: 3000mm}`",
                ));
            }
            _ => {
                return Err(err(
                    "size",
                    "a pano's size is a print size and must be in mm or cm".into(),
                    "write e.g. `{width: 1500mm, height: 3000mm}`",
                ));
            }
        },
    };
    // A-series by preset, or by an explicit size that is one of them either way round.
    let sheet = PRESETS.iter().take(5).any(|(_, w, h)| {
        let same = |a: f64, b: f64| (a - b).abs() < 0.5;
        (same(width.0, *w) && same(height.0, *h)) || (same(width.0, *h) && same(height.0, *w))
    });
    let bleed = match f.bleed.as_deref() {
        None => {
            if sheet {
                BLEED_SHEET
            } else {
                BLEED_LARGE
            }
        }
        Some(b) => match Length::parse(b) {
            Some(Length::Mm(m)) if m.0 <= width.0.min(height.0) / 4.0 => m,
            _ => {
                return Err(err(
                    "bleed",
                    format!("`bleed: {b}` is not a bleed in mm that fits the pano"),
                    "write e.g. `bleed: 5mm` (print shops ask for 3 mm on paper, 10 mm or more on billboards)",
                ));
            }
        },
    };
    let layout = f.layout.clone().unwrap_or_else(|| {
        if width.0 > height.0 {
            "pano-ngang".into()
        } else {
            "pano-doc".into()
        }
    });
    if let Some(u) = &f.unit
        && units.get(u).is_none()
    {
        return Err(err(
            "unit",
            format!("unit `{u}` is not in the units registry"),
            "use the id of a unit in content/units.yaml, or write the organiser's name with `organiser:`",
        ));
    }
    if let Some(q) = &f.qr {
        let q = q.trim();
        if !(q.starts_with("https://") || q.starts_with("http://") || q.starts_with("@/")) {
            return Err(err(
                "qr",
                format!("`qr: {q}` is neither a web address nor a page of the site"),
                "write the full address (https://…) or a content path such as `@/themes/2023.md`",
            ));
        }
    }
    let mut photos = Vec::new();
    for p in f.photos.iter().flatten() {
        let (file, fit, focus) = match p {
            PhotoField::File(file) => (file, None, None),
            PhotoField::Full { file, fit, focus } => (file, *fit, *focus),
        };
        let file = file.trim();
        let source = photo_path(config, d, file)?;
        let focus = match focus {
            None => (0.5, 0.5),
            Some([x, y]) if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => (x, y),
            Some([x, y]) => {
                return Err(err(
                    "photos",
                    format!("photo `{file}` has `focus: [{x}, {y}]`, outside the photo"),
                    "give the focal point as fractions from the top left: [0.5, 0.5] is the centre, [0.5, 0.2] near the top",
                ));
            }
        };
        photos.push(PanoPhoto {
            name: file.to_string(),
            source,
            fit: fit.unwrap_or_default(),
            focus,
        });
    }
    let lines = [
        "size", "theme", "slogan", "photos", "qr", "layout", "unit", "bleed",
    ]
    .iter()
    .filter_map(|k| crate::yaml::line_of_key(&d.yaml, k).map(|l| (k.to_string(), l + 1)))
    .collect();
    let nfc = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(crate::text::nfc)
    };
    Ok(PanoSpec {
        preset,
        width,
        height,
        bleed,
        sheet,
        layout,
        theme_year: f.theme,
        slogan: nfc(&f.slogan),
        headline: nfc(&f.headline),
        organiser: nfc(&f.organiser),
        unit: f.unit.clone(),
        opening: f.opening.clone().map(|o| OpeningField {
            date: o.date,
            time: nfc(&o.time),
            place: nfc(&o.place),
        }),
        photos,
        qr: nfc(&f.qr),
        lines,
    })
}

/// A photo of a pano: a file in the page's bundle folder, or in static/ when written `/img/…`.
/// Print needs the original pixels, so web addresses are refused.
fn photo_path(config: &Config, d: &Document, file: &str) -> Result<PathBuf> {
    let err = |what: String, hint: &str| Error::content(d.at_field("photos"), what, hint);
    if file.starts_with("https://") || file.starts_with("http://") {
        return Err(err(
            format!("photo `{file}` is a web address; a printed pano needs the photo file itself"),
            "download the original photo and put it beside the pano's index.md",
        ));
    }
    if Path::new(file)
        .components()
        .any(|c| matches!(c, Component::ParentDir))
    {
        return Err(err(
            format!("photo `{file}` points outside the site"),
            "put the photo in the pano's folder, or in static/ and write it as /img/name.jpg",
        ));
    }
    let path = match (file.strip_prefix('/'), &d.bundle) {
        (Some(rel), _) => config.static_dir().join(rel),
        (None, Some(bundle)) => bundle.join(file),
        (None, None) => {
            return Err(err(
                format!(
                    "photo `{file}` is a file name, but this pano is not a folder (page bundle) that could hold it"
                ),
                "make the pano a folder with index.md and the photo beside it, or put the photo in static/ and write /img/name.jpg",
            ));
        }
    };
    if !path.is_file() {
        return Err(err(
            format!("photo `{file}`: there is no such file ({})", path.display()),
            "check the file name (letters, accents and case must match)",
        ));
    }
    if !super::is_image(&path) {
        return Err(err(
            format!("photo `{file}` is not a JPEG, PNG or WebP photo"),
            "export the photo as JPEG",
        ));
    }
    Ok(path)
}
