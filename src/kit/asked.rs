//! What `loa kit` asks for: the kits of the named units (all when none are named) for a year
//! and language, each written as `<unit>-<year>.zip` in a folder of the user's choosing.

use super::Kits;
use super::plan::plan;
use crate::artwork::Studio;
use crate::artwork::pano::PrintPhotos;
use crate::content::units::Unit;
use crate::error::{Error, Result};
use crate::model::Site;
use crate::types::{Lang, UnitId};

impl<'a> Kits<'a> {
    /// The kits of the units named in `wanted` (every unit when empty), for `year` (default:
    /// the campaign's) in `lang` (default: the site's first language). Unknown names, languages
    /// and a year with nothing to print are errors that say what there is.
    pub(crate) fn asked(
        site: &'a Site,
        studio: &'a Studio,
        photos: &'a PrintPhotos,
        wanted: &[String],
        year: Option<i32>,
        lang: Option<&str>,
    ) -> Result<Kits<'a>> {
        let lang = match lang {
            Some(l) => Lang::parse(l)
                .filter(|l| site.config.has_lang(l.as_str()))
                .ok_or_else(|| Error::Other(format!("no language `{l}` in site.yaml")))?,
            None => site.config.default_lang().clone(),
        };
        let units = units_named(site, wanted)?;
        let kit_plan = plan(site, studio, year, &lang)?;
        if kit_plan.banners.is_empty() && kit_plan.panos.is_empty() {
            return Err(Error::Other(format!(
                "nothing to put in a {} kit: its slogans are limited to formats without print or screen artwork and there are no panos for it",
                kit_plan.year
            )));
        }
        Ok(Kits::new(studio, photos, kit_plan, units, zip_name))
    }
}

/// The units of `wanted`, by id, or every unit when it is empty.
fn units_named<'a>(site: &'a Site, wanted: &[String]) -> Result<Vec<&'a Unit>> {
    if wanted.is_empty() {
        return Ok(site.units.list.iter().collect());
    }
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
    Ok(units)
}

/// The name of a unit's zip in the folder `loa kit` writes: `<unit>-<year>.zip`.
pub(crate) fn zip_name(year: i32, unit: &UnitId) -> String {
    format!("{unit}-{year}.zip")
}
