//! `loa kit`: the kits of the named units (all when none are named) for a year and language,
//! into a folder as `<unit>-<year>.zip`.

use std::path::{Path, PathBuf};

use super::Kits;
use super::plan::plan;
use crate::artwork::pano::PrintPhotos;
use crate::artwork::{Folder, Studio};
use crate::content::units::Unit;
use crate::error::{Error, Result};
use crate::output::{Output, produce_all};
use crate::types::{Lang, UnitId};

/// What `loa kit` made.
pub struct KitReport {
    /// The campaign year of the kits.
    pub year: i32,
    /// Kits written, one zip per unit.
    pub kits: usize,
    /// PDFs in all of them.
    pub pdfs: usize,
    /// The zips, in the order of the units.
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
    let kit_plan = plan(&site, &studio, year, &lang)?;
    if kit_plan.banners.is_empty() && kit_plan.panos.is_empty() {
        return Err(Error::Other(format!(
            "nothing to put in a {} kit: its slogans are limited to formats without print or screen artwork and there are no panos for it",
            kit_plan.year
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let photos = PrintPhotos::new(&site)?;
    let year = kit_plan.year;
    let kits = Kits::new(&studio, &photos, kit_plan, units, zip_name);
    let jobs = kits.plan(&site)?;
    // Each zip is written beside and renamed, so an interrupted run never leaves a broken one.
    let folder = Folder {
        dir: out.to_path_buf(),
    };
    produce_all(&kits, &site, &jobs, &folder)?;
    Ok(KitReport {
        year,
        kits: jobs.len(),
        pdfs: kits.pdfs.into_inner(),
        files: jobs
            .iter()
            .map(|u| out.join(zip_name(year, &u.id)))
            .collect(),
    })
}

/// The name of a unit's zip in the folder `loa kit` writes: `<unit>-<year>.zip`.
fn zip_name(year: i32, unit: &UnitId) -> String {
    format!("{unit}-{year}.zip")
}
