//! `loa kit`: the kits of the named units (all when none are named) for a year and language,
//! into a folder as `<unit>-<year>.zip`.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::pack::render_kit;
use super::plan::plan;
use crate::artwork::Studio;
use crate::artwork::pano::PrintPhotos;
use crate::content::units::Unit;
use crate::error::{Error, Result};
use crate::types::{Lang, UnitId};

/// What `loa kit` made.
pub struct KitReport {
    pub year: i32,
    pub kits: usize,
    pub pdfs: usize,
    pub files: Vec<PathBuf>,
}

/// `loa kit`: the kits of the named units (all when none are named) into `out`, as
/// `<unit>-<year>.zip`.
pub fn kit(
    args: &crate::load::BuildArgs,
    wanted: &[String],
    year: Option<i32>,
    lang: Option<&str>,
    out: &Path,
) -> Result<KitReport> {
    let (site, theme) = crate::load::load(args)?;
    let studio = Studio::new(&site, &theme)?;
    let lang = match lang {
        Some(l) => Lang::parse(l)
            .filter(|l| site.config.has_lang(l.as_str()))
            .ok_or_else(|| Error::Other(format!("no language `{l}` in site.yaml")))?,
        None => site.config.default_lang().clone(),
    };
    let mut units: Vec<&Unit> = Vec::new();
    for w in wanted {
        match UnitId::parse(w).and_then(|id| site.units.get(&id)) {
            Some(u) => units.push(u),
            None => {
                let near: Vec<String> = site
                    .units
                    .suggest(w)
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect();
                let hint = if near.is_empty() {
                    "give unit ids from content/units.yaml".to_string()
                } else {
                    format!("did you mean {}?", near.join(" or "))
                };
                return Err(Error::Other(format!(
                    "no unit `{w}` in content/units.yaml; {hint}"
                )));
            }
        }
    }
    if wanted.is_empty() {
        units = site.units.list.iter().collect();
    }
    let plan = plan(&site, &studio, year, &lang)?;
    if plan.banners.is_empty() && plan.panos.is_empty() {
        return Err(Error::Other(format!(
            "nothing to put in a {} kit: its slogans are limited to formats without print or screen artwork and there are no panos for it",
            plan.year
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let photos = PrintPhotos::new(&site)?;
    let results: Vec<Result<(PathBuf, usize)>> = units
        .par_iter()
        .map(|u| {
            let (bytes, pdfs) = render_kit(&site, &studio, &photos, &plan, u)?;
            let path = out.join(format!("{}-{}.zip", u.id, plan.year));
            // Written beside and renamed, so an interrupted run never leaves a broken zip.
            let tmp = path.with_extension("zip.part");
            std::fs::write(&tmp, &bytes).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
            Ok((path, pdfs))
        })
        .collect();
    let mut report = KitReport {
        year: plan.year,
        kits: 0,
        pdfs: 0,
        files: Vec::new(),
    };
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((p, n)) => {
                report.kits += 1;
                report.pdfs += n;
                report.files.push(p);
            }
            Err(e) => errors.push(e),
        }
    }
    Error::from_list(errors)?;
    Ok(report)
}
