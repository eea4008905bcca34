//! Per-unit campaign kits: every ward, school and agency hangs the same slogans under its own
//! name. A kit is one zip per unit with the year's banners (every slogan in every print format)
//! and panos, drawn with the unit as organiser: PDFs for the print shop, PNGs for sharing, and a
//! README in the unit's language listing the sizes.
//!
//! Kits are built by `loa kit` and, when `artwork.kits` is set in site.yaml, with the site. Each
//! unit is independent, so units are drawn in parallel; a zip is assembled in memory and written
//! whole, so a unit's kit is never half-written.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::collections::HashMap;

use crate::artwork::pano::{PanoJob, PrintPhotos};
use crate::artwork::{Job, Size, Studio};
use crate::config::{Colour, KitsConfig};
use crate::content::Kind;
use crate::content::units::{Unit, UnitKind};
use crate::error::{Error, Location, Result};
use crate::model::{KitLink, PageData, PageId, Site};
use crate::types::{Lang, UnitId};

/// A file of a kit: path in the zip, bytes, and its line in the README (if listed).
type KitFile = (String, Vec<u8>, Option<String>);

/// What goes into every kit of one year and language: the same for each unit.
pub struct Plan {
    pub year: i32,
    pub lang: Lang,
    /// (slogan page, print or screen format index).
    pub banners: Vec<(PageId, usize)>,
    pub panos: Vec<PageId>,
    /// The colour mode of the print PDFs, as the README states it.
    pub colour: Colour,
}

/// "RGB colour", "hệ màu CMYK": how a README line names a colour mode, in the theme's words.
fn colour_words(studio: &Studio, lang: &Lang, colour: Colour) -> String {
    text(studio, lang, "kit_readme_colour").replace("{colour}", colour.label())
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
pub fn plan(site: &Site, studio: &Studio, year: Option<i32>, lang: &Lang) -> Result<Plan> {
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

/// The name a unit signs its kit with, from the theme's `organiser_<kind>` pattern (a ward's
/// campaign is run by its People's Committee), or the registry name.
pub fn organiser(site: &Site, studio: &Studio, unit: &Unit, lang: &Lang) -> String {
    let name = unit.name.get(lang, site.config.default_lang());
    let kind = match unit.kind {
        UnitKind::Province => "province",
        UnitKind::District => "district",
        UnitKind::Ward => "ward",
        _ => return name,
    };
    match studio.string(lang, &format!("organiser_{kind}")) {
        Some(pattern) => {
            let mut chars = name.chars();
            let lower: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            pattern
                .replace("{name_lower}", &lower)
                .replace("{name}", &name)
        }
        None => name,
    }
}

/// A unit's own opening ceremony for a kit of `year`: one dated in another year is an old
/// ceremony, not this year's, so it is left out like a missing one.
fn unit_opening(unit: &Unit, year: i32) -> Option<crate::content::pano::OpeningField> {
    unit.opening
        .clone()
        .filter(|o| o.date.is_none_or(|d| d.year() == year))
}

fn text(studio: &Studio, lang: &Lang, key: &str) -> String {
    studio.string(lang, key).unwrap_or_default()
}

/// The name of a file in a unit's kit: `<unit>_<what>_<slug>.<ext>`. Every name carries the
/// unit's id, so the files of many wards' kits can share one folder at the print shop without
/// one ward's banner overwriting another's; `_` separates the parts, as ids and slugs never
/// contain it.
pub(crate) fn file_name(unit: &UnitId, what: &str, slug: &str, ext: &str) -> String {
    format!("{unit}_{what}_{slug}.{ext}")
}

/// One README line: what a print file is, its size and bleed, its colour mode and how to finish
/// it. The words are the theme's (`kit_readme_*`, `kit_finish_*`).
fn print_line(studio: &Studio, lang: &Lang, plan: &Plan, what: &PrintFacts) -> String {
    let mut line = format!(
        "{}, {}, {}.",
        what.label,
        text(studio, lang, "kit_readme_size")
            .replace("{size}", &what.size)
            .replace("{bleed}", &format!("{}", what.bleed)),
        colour_words(studio, lang, plan.colour),
    );
    if let Some(finish) = studio.string(lang, &format!("kit_finish_{}", what.finish)) {
        line.push(' ');
        line.push_str(&finish.replace("{bleed}", &format!("{}", what.bleed)));
    }
    line
}

/// What the README says of a print file.
struct PrintFacts {
    label: String,
    size: String,
    bleed: f64,
    /// The `kit_finish_<finish>` string: the layout's name for banners (`banner`, `flag`),
    /// `pano` for billboards and `sheet` for A-size posters.
    finish: String,
}

/// Draws one unit's kit and returns the zip's bytes and how many PDFs it holds.
pub fn render_kit(
    site: &Site,
    studio: &Studio,
    photos: &PrintPhotos,
    plan: &Plan,
    unit: &Unit,
) -> Result<(Vec<u8>, usize)> {
    let lang = &plan.lang;
    let name = organiser(site, studio, unit, lang);
    let folder = format!("{}-{}", unit.id, plan.year);
    let banners: Vec<Result<Vec<KitFile>>> = plan
        .banners
        .par_iter()
        .map(|&(page, format)| {
            let job = Job {
                page,
                format,
                organiser: Some(name.clone()),
                year: Some(plan.year),
            };
            let f = &studio.formats()[format];
            let slug = &site.pages[page].slug;
            let label = studio
                .string(lang, &format!("format_{}", f.name))
                .unwrap_or_else(|| f.name.clone());
            let mut files = Vec::new();
            for o in studio.render(site, &job)? {
                let ext = o.rel.rsplit('.').next().unwrap_or("");
                let line = match (ext, f.size) {
                    ("pdf", Size::Print { bleed, .. }) => Some(print_line(
                        studio,
                        lang,
                        plan,
                        &PrintFacts {
                            label: label.clone(),
                            size: f.size_label(),
                            bleed: bleed.0,
                            finish: f.layout.clone(),
                        },
                    )),
                    // Screen pictures are RGB whatever the print files are.
                    ("png", _) => Some(format!(
                        "{label}, {}, {}.",
                        f.size_label(),
                        colour_words(studio, lang, Colour::Rgb)
                    )),
                    _ => None,
                };
                // Print formats go to the print shop as PDFs; screen formats are the pictures
                // to share.
                let wanted = if f.is_print() {
                    ext == "pdf"
                } else {
                    ext == "png"
                };
                if wanted {
                    files.push((
                        format!(
                            "{folder}/{ext}/{}",
                            file_name(&unit.id, &f.name, slug.as_str(), ext)
                        ),
                        o.bytes,
                        line,
                    ));
                }
            }
            Ok(files)
        })
        .collect();
    let panos: Vec<Result<Vec<KitFile>>> = plan
        .panos
        .par_iter()
        .map(|&page| {
            let art = studio.render_pano(
                site,
                photos,
                &PanoJob {
                    page,
                    organiser: Some(name.clone()),
                    opening: unit_opening(unit, plan.year),
                },
            )?;
            let p = &site.pages[page];
            let PageData::Pano(spec) = &p.data else {
                return Ok(Vec::new());
            };
            let line = print_line(
                studio,
                lang,
                plan,
                &PrintFacts {
                    label: p.title.clone(),
                    size: spec.size_label(),
                    bleed: spec.bleed.0,
                    finish: if spec.large() { "pano" } else { "sheet" }.into(),
                },
            );
            let png_line = format!("{}, {}.", p.title, colour_words(studio, lang, Colour::Rgb));
            Ok(vec![
                (
                    format!(
                        "{folder}/pdf/{}",
                        file_name(&unit.id, "pano", p.slug.as_str(), "pdf")
                    ),
                    art.pdf,
                    Some(line),
                ),
                (
                    format!(
                        "{folder}/png/{}",
                        file_name(&unit.id, "pano", p.slug.as_str(), "png")
                    ),
                    art.png,
                    Some(png_line),
                ),
            ])
        })
        .collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for r in banners.into_iter().chain(panos) {
        match r {
            Ok(f) => files.extend(f),
            Err(e) => errors.push(e),
        }
    }
    Error::from_list(errors)?;

    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut readme = String::new();
    let year = plan.year.to_string();
    readme.push_str(&text(studio, lang, "kit_readme_title").replace("{year}", &year));
    readme.push_str("\n\n");
    readme.push_str(&text(studio, lang, "kit_readme_for").replace("{unit}", &name));
    readme.push_str("\n\n");
    readme.push_str(&text(studio, lang, "kit_readme_intro"));
    readme.push_str("\n\n");
    readme.push_str(
        &text(
            studio,
            lang,
            &format!("kit_readme_colour_{}", plan.colour.key()),
        )
        .replace("{colour}", plan.colour.label()),
    );
    readme.push_str("\n\n");
    readme.push_str(&text(studio, lang, "kit_readme_files"));
    readme.push('\n');
    for (path, _, line) in &files {
        if let Some(line) = line {
            let rel = path.strip_prefix(&format!("{folder}/")).unwrap_or(path);
            readme.push_str(&format!("- {rel}: {line}\n"));
        }
    }

    let pdfs = files.iter().filter(|(p, _, _)| p.ends_with(".pdf")).count();
    let zip_err = |e: zip::result::ZipError| Error::Other(format!("kit of {}: {e}", unit.id));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PDFs and PNGs are compressed already: stored, they cost no time to pack or unpack.
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(format!("{folder}/{}_README.txt", unit.id), deflated)
        .map_err(zip_err)?;
    zip.write_all(readme.replace('\n', "\r\n").as_bytes())
        .map_err(|e| Error::Other(format!("kit of {}: {e}", unit.id)))?;
    for (path, bytes, _) in &files {
        zip.start_file(path.as_str(), stored).map_err(zip_err)?;
        zip.write_all(bytes)
            .map_err(|e| Error::Other(format!("kit of {}: {e}", unit.id)))?;
    }
    let bytes = zip.finish().map_err(zip_err)?.into_inner();
    Ok((bytes, pdfs))
}

/// Units whose kits the site builds with `artwork.kits`, checked against the registry.
pub fn configured_units(site: &Site) -> Result<Vec<&Unit>> {
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
pub fn links(site: &Site) -> HashMap<UnitId, KitLink> {
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

/// The kits of the units `artwork.kits` names, in the site's default language, handed to `sink`
/// as (path in the output, zip bytes). Returns how many kits were made.
pub fn build_kits(
    site: &Site,
    studio: &Studio,
    photos: &PrintPhotos,
    sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<usize> {
    let units = configured_units(site)?;
    if units.is_empty() {
        return Ok(0);
    }
    let plan = plan(site, studio, None, site.config.default_lang())?;
    let results: Vec<Result<()>> = units
        .par_iter()
        .map(|u| {
            let (bytes, _) = render_kit(site, studio, photos, &plan, u)?;
            sink(&rel_path(plan.year, &u.id), &bytes)
        })
        .collect();
    let n = results.len();
    Error::from_list(results.into_iter().filter_map(|r| r.err()).collect())?;
    Ok(n)
}

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
