//! One unit's kit packed: its banners and panos drawn with the unit as organiser, the README in
//! the unit's language listing each file's size, colour mode and finishing, and the zip.

use std::io::Write;

use rayon::prelude::*;

use super::plan::Plan;
use crate::artwork::pano::{PanoJob, PrintPhotos};
use crate::artwork::{Job, Size, Studio};
use crate::config::Colour;
use crate::content::units::{Unit, UnitKind};
use crate::error::{Error, Result};
use crate::model::{PageData, PageId, Site};
use crate::types::{Lang, UnitId};

/// A file of a kit: path in the zip, bytes, and its line in the README (if listed).
type KitFile = (String, Vec<u8>, Option<String>);

/// Draws one unit's kit and returns the zip's bytes and how many PDFs it holds.
pub(crate) fn render_kit(
    site: &Site,
    studio: &Studio,
    photos: &PrintPhotos,
    plan: &Plan,
    unit: &Unit,
) -> Result<(Vec<u8>, usize)> {
    let kit = Packing {
        site,
        studio,
        plan,
        unit,
        name: organiser(site, studio, unit, &plan.lang),
        folder: format!("{}-{}", unit.id, plan.year),
    };
    let banners: Vec<Result<Vec<KitFile>>> = plan
        .banners
        .par_iter()
        .map(|&(page, format)| kit.banner_files(page, format))
        .collect();
    let panos: Vec<Result<Vec<KitFile>>> = plan
        .panos
        .par_iter()
        .map(|&page| kit.pano_files(photos, page))
        .collect();
    let mut files: Vec<_> = Error::collect(banners.into_iter().chain(panos))?
        .into_iter()
        .flatten()
        .collect();

    files.sort_by(|a, b| a.0.cmp(&b.0));
    let readme = kit.readme(&files);
    let pdfs = files.iter().filter(|(p, _, _)| p.ends_with(".pdf")).count();
    Ok((kit.zip(&readme, &files)?, pdfs))
}

/// One unit's kit being packed: who signs it and the folder its files go in, in the zip.
struct Packing<'a> {
    site: &'a Site,
    studio: &'a Studio,
    plan: &'a Plan,
    unit: &'a Unit,
    /// The organiser the artwork names: the unit, in the theme's words.
    name: String,
    /// `<unit>-<year>`, the zip's one top folder.
    folder: String,
}

impl Packing<'_> {
    /// A slogan in one format: the PDF of a print format, the PNG of a screen one.
    fn banner_files(&self, page: PageId, format: usize) -> Result<Vec<KitFile>> {
        let (site, studio, plan, lang) = (self.site, self.studio, self.plan, &self.plan.lang);
        let job = Job {
            page,
            format,
            organiser: Some(self.name.clone()),
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
                        "{}/{ext}/{}",
                        self.folder,
                        file_name(&self.unit.id, &f.name, slug.as_str(), ext)
                    ),
                    o.bytes,
                    line,
                ));
            }
        }
        Ok(files)
    }

    /// A pano with the unit as organiser (and its own opening ceremony): its PDF and PNG.
    fn pano_files(&self, photos: &PrintPhotos, page: PageId) -> Result<Vec<KitFile>> {
        let (site, studio, plan, lang) = (self.site, self.studio, self.plan, &self.plan.lang);
        let art = studio.render_pano(
            site,
            photos,
            &PanoJob {
                page,
                organiser: Some(self.name.clone()),
                opening: unit_opening(self.unit, plan.year),
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
        let path = |ext: &str| {
            format!(
                "{}/{ext}/{}",
                self.folder,
                file_name(&self.unit.id, "pano", p.slug.as_str(), ext)
            )
        };
        Ok(vec![
            (path("pdf"), art.pdf, Some(line)),
            (path("png"), art.png, Some(png_line)),
        ])
    }

    /// The README: whom the kit is for, its colour mode, and a line for each listed file.
    fn readme(&self, files: &[KitFile]) -> String {
        let (studio, plan, lang) = (self.studio, self.plan, &self.plan.lang);
        let mut readme = String::new();
        let year = plan.year.to_string();
        readme.push_str(&text(studio, lang, "kit_readme_title").replace("{year}", &year));
        readme.push_str("\n\n");
        readme.push_str(&text(studio, lang, "kit_readme_for").replace("{unit}", &self.name));
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
        for (path, _, line) in files {
            if let Some(line) = line {
                let rel = path
                    .strip_prefix(&format!("{}/", self.folder))
                    .unwrap_or(path);
                readme.push_str(&format!("- {rel}: {line}\n"));
            }
        }
        readme
    }

    /// The zip: the README (with CRLF line ends) first, then the files in order.
    fn zip(&self, readme: &str, files: &[KitFile]) -> Result<Vec<u8>> {
        let unit = &self.unit.id;
        let zip_err = |e: zip::result::ZipError| Error::Other(format!("kit of {unit}: {e}"));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // PDFs and PNGs are compressed already: stored, they cost no time to pack or unpack.
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(format!("{}/{unit}_README.txt", self.folder), deflated)
            .map_err(zip_err)?;
        zip.write_all(readme.replace('\n', "\r\n").as_bytes())
            .map_err(|e| Error::Other(format!("kit of {unit}: {e}")))?;
        for (path, bytes, _) in files {
            zip.start_file(path.as_str(), stored).map_err(zip_err)?;
            zip.write_all(bytes)
                .map_err(|e| Error::Other(format!("kit of {unit}: {e}")))?;
        }
        Ok(zip.finish().map_err(zip_err)?.into_inner())
    }
}

/// The name a unit signs its kit with, from the theme's `organiser_<kind>` pattern (a ward's
/// campaign is run by its People's Committee), or the registry name.
fn organiser(site: &Site, studio: &Studio, unit: &Unit, lang: &Lang) -> String {
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
fn file_name(unit: &UnitId, what: &str, slug: &str, ext: &str) -> String {
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

/// "RGB colour", "hệ màu CMYK": how a README line names a colour mode, in the theme's words.
fn colour_words(studio: &Studio, lang: &Lang, colour: Colour) -> String {
    text(studio, lang, "kit_readme_colour").replace("{colour}", colour.label())
}
