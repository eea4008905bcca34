//! What goes into the kits of one year and language: that year's slogans in every format they
//! are drawn in, and that year's panos, checked so no kit prints another year's slogan.

use crate::artwork::Studio;
use crate::config::Colour;
use crate::content::Kind;
use crate::error::{Error, Location, Result};
use crate::model::{PageData, PageId, Site};
use crate::types::Lang;

/// What goes into every kit of one year and language: the same for each unit.
pub(crate) struct Plan {
    pub(super) year: i32,
    pub(super) lang: Lang,
    /// (slogan page, print or screen format index).
    pub(super) banners: Vec<(PageId, usize)>,
    pub(super) panos: Vec<PageId>,
    /// The colour mode of the print PDFs, as the README states it.
    pub(super) colour: Colour,
}

/// The year a kit is for: the one asked for, or the site's campaign year.
fn kit_year(site: &Site, year: Option<i32>) -> Result<i32> {
    year.or(site.current_year).ok_or_else(|| {
        Error::Other("no campaign year: give --year, or add a content/themes/<year>.md page".into())
    })
}

/// The slogans of `year` in `lang`: a kit or home page of a year shows that year's slogans and
/// no other's (a 2023 banner must not carry a 2022 slogan about the pandemic). None published
/// is an error that says which file to add, since a kit without slogans is no use to a ward.
pub(crate) fn year_slogans<'a>(
    site: &'a Site,
    year: i32,
    lang: &Lang,
) -> Result<Vec<&'a crate::model::Page>> {
    let of = |l: &Lang| -> Vec<&crate::model::Page> {
        site.pages
            .iter()
            .filter(|p| p.kind == Kind::Slogan && &p.lang == l)
            .filter(|p| matches!(&p.data, PageData::Slogan { years, .. } if years.contains(&year)))
            .collect()
    };
    let chosen = of(lang);
    if !chosen.is_empty() {
        return Ok(chosen);
    }
    let default = site.config.default_lang();
    let suffix = |l: &Lang| {
        if l == default {
            ".md".to_string()
        } else {
            format!(".{l}.md")
        }
    };
    let (message, hint) = if lang != default && !of(default).is_empty() {
        (
            format!("no slogans for {year} in {lang}: the {year} slogans are not translated"),
            format!(
                "add content/slogans/<name>{} beside each {year} slogan",
                suffix(lang)
            ),
        )
    } else {
        let others: Vec<String> = site
            .config
            .langs()
            .filter(|l| *l != default)
            .map(|l| format!("its {}", suffix(l)))
            .collect();
        let also = if others.is_empty() {
            String::new()
        } else {
            format!(" (and {})", others.join(", "))
        };
        (
            format!("no slogans for {year} in {lang}"),
            format!("add content/slogans/<name>.md with `years: [{year}]`{also}"),
        )
    };
    Err(Error::content(
        Location::file("content/slogans"),
        message,
        hint,
    ))
}

/// The slogans and panos of `year` in `lang`: that year's slogans only, and the panos of that
/// year. A year without slogans is an error (see `year_slogans`).
pub(crate) fn plan(site: &Site, studio: &Studio, year: Option<i32>, lang: &Lang) -> Result<Plan> {
    let year = kit_year(site, year)?;
    let chosen = year_slogans(site, year, lang)?;
    let mut ids: Vec<PageId> = chosen.iter().map(|p| p.id).collect();
    crate::model::sort_pages(
        &mut ids,
        &site.pages,
        crate::content::frontmatter::SortBy::Order,
    );
    let wanted_jobs = studio.jobs(site)?;
    let banners = ids
        .iter()
        .flat_map(|id| {
            wanted_jobs
                .iter()
                .filter(move |j| j.page == *id)
                .map(|j| (j.page, j.format))
        })
        .collect();
    let panos: Vec<PageId> = studio
        .pano_jobs(site)?
        .into_iter()
        .map(|j| j.page)
        .filter(|&id| {
            let p = &site.pages[id];
            &p.lang == lang
                && matches!(&p.data, PageData::Pano(s) if s.theme_year.or(site.current_year) == Some(year))
        })
        .collect();
    Error::from_list(
        panos
            .iter()
            .filter_map(|&id| pano_slogan_of_other_year(site, id, year))
            .collect(),
    )?;
    Ok(Plan {
        year,
        lang: lang.clone(),
        banners,
        panos,
        colour: studio.colour(),
    })
}

/// A pano of `year` whose foot-band slogan is another year's: the kit would print, say, a 2022
/// slogan on a 2023 billboard.
pub(crate) fn pano_slogan_of_other_year(site: &Site, id: PageId, year: i32) -> Option<Error> {
    let page = &site.pages[id];
    let PageData::Pano(spec) = &page.data else {
        return None;
    };
    let wanted = spec.slogan.as_deref()?;
    let slogan = crate::artwork::pano::find_slogan(site, wanted, &page.lang)?;
    let PageData::Slogan { years, .. } = &slogan.data else {
        return None;
    };
    if years.contains(&year) {
        return None;
    }
    let list: Vec<String> = years.iter().map(i32::to_string).collect();
    Some(Error::content(
        Location::at(&page.rel, spec.lines.get("slogan").copied()),
        format!(
            "the pano is for {year} but its slogan `{wanted}` is for {}",
            list.join(", ")
        ),
        format!("name a slogan with `years: [{year}]` in `slogan:`, or remove `slogan:`"),
    ))
}
