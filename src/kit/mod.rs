//! Per-unit campaign kits: every ward, school and agency hangs the same slogans under its own
//! name. A kit is one zip per unit with the year's banners (every slogan in every print format)
//! and panos, drawn with the unit as organiser: PDFs for the print shop, PNGs for sharing, and a
//! README in the unit's language listing the sizes.
//!
//! Kits are built by `loa kit` and, when `artwork.kits` is set in site.yaml, with the site. Each
//! unit is independent, so units are drawn in parallel; a zip is assembled in memory and written
//! whole, so a unit's kit is never half-written.

mod asked;
mod pack;
mod plan;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::artwork::Studio;
use crate::artwork::pano::PrintPhotos;
use crate::config::KitsConfig;
use crate::content::units::Unit;
use crate::error::{Error, Location, Result};
use crate::model::{KitLink, Site};
use crate::output::{Output, Produced};
use crate::types::UnitId;
use crate::write::Sink;

pub(crate) use asked::zip_name;
use pack::render_kit;
use plan::{Plan, plan};
pub(crate) use plan::{pano_slogan_of_other_year, year_slogans};

/// Units whose kits the site builds with `artwork.kits`, checked against the registry.
pub(crate) fn configured_units(site: &Site) -> Result<Vec<&Unit>> {
    let Some(kits) = site.config.artwork.as_ref().and_then(|a| a.kits.as_ref()) else {
        return Ok(Vec::new());
    };
    match kits {
        KitsConfig::All(false) => Ok(Vec::new()),
        KitsConfig::All(true) => Ok(site.units.list.iter().collect()),
        KitsConfig::Units(ids) => ids
            .iter()
            .map(|id| {
                site.units.get(id).ok_or_else(|| {
                    let line = site
                        .config
                        .source
                        .lines()
                        .position(|l| l.contains(id.as_str()))
                        .map(|i| i + 1);
                    Error::config(
                        Location::at(&site.config.file, line),
                        format!(
                            "`artwork.kits` names unit `{id}`, which is not in the units registry"
                        ),
                        "use ids from content/units.yaml, or `kits: true` for every unit",
                    )
                })
            })
            .collect(),
    }
}

/// Where a unit's kit is published in the site, relative to the output root.
fn rel_path(year: i32, unit: &UnitId) -> String {
    format!("kits/{year}/{unit}.zip")
}

/// The kit link of every unit whose kit the site builds, for the units' pages.
pub(crate) fn links(site: &Site) -> HashMap<UnitId, KitLink> {
    // Kits are drawn with the artwork; without it there is nothing to link to.
    if site.config.artwork.as_ref().is_some_and(|a| !a.enabled) {
        return HashMap::new();
    }
    let (Ok(units), Some(year)) = (configured_units(site), site.current_year) else {
        return HashMap::new();
    };
    units
        .iter()
        .map(|u| {
            let link = KitLink {
                url: format!("{}/{}", site.config.base_path(), rel_path(year, &u.id)),
                year,
            };
            (u.id.clone(), link)
        })
        .collect()
}

/// Kits as an output: one zip per unit, all made to one plan (year and language).
pub(crate) struct Kits<'a> {
    studio: &'a Studio,
    photos: &'a PrintPhotos,
    kit_plan: Plan,
    units: Vec<&'a Unit>,
    /// Where a unit's zip goes, relative to the sink's root, from the year and the unit.
    place: fn(i32, &UnitId) -> String,
    /// PDFs packed so far, over all kits.
    pdfs: AtomicUsize,
}

impl Kits<'_> {
    /// The campaign year of these kits.
    pub(crate) fn year(&self) -> i32 {
        self.kit_plan.year
    }

    /// PDFs packed into the kits produced so far.
    pub(crate) fn pdfs(&self) -> usize {
        self.pdfs.load(Ordering::Relaxed)
    }
}

impl<'a> Kits<'a> {
    /// The kits of the units `artwork.kits` names, in the site's default language and campaign
    /// year, published at `kits/<year>/<unit>.zip`; None when it names none.
    pub(crate) fn configured(
        site: &'a Site,
        studio: &'a Studio,
        photos: &'a PrintPhotos,
    ) -> Result<Option<Kits<'a>>> {
        let units = configured_units(site)?;
        if units.is_empty() {
            return Ok(None);
        }
        let kit_plan = plan(site, studio, None, site.config.default_lang())?;
        Ok(Some(Kits::new(studio, photos, kit_plan, units, rel_path)))
    }

    fn new(
        studio: &'a Studio,
        photos: &'a PrintPhotos,
        kit_plan: Plan,
        units: Vec<&'a Unit>,
        place: fn(i32, &UnitId) -> String,
    ) -> Kits<'a> {
        Kits {
            studio,
            photos,
            kit_plan,
            units,
            place,
            pdfs: AtomicUsize::new(0),
        }
    }
}

impl<'a> Output for Kits<'a> {
    type Job = &'a Unit;

    fn plan(&self, _site: &Site) -> Result<Vec<&'a Unit>> {
        Ok(self.units.clone())
    }

    fn produce(&self, site: &Site, unit: &&'a Unit, sink: &dyn Sink) -> Result<Produced> {
        let (bytes, pdfs) = render_kit(site, self.studio, self.photos, &self.kit_plan, unit)?;
        sink.put(&(self.place)(self.kit_plan.year, &unit.id), &bytes)?;
        self.pdfs.fetch_add(pdfs, Ordering::Relaxed);
        Ok(Produced {
            files: 1,
            warnings: Vec::new(),
        })
    }
}
