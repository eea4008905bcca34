//! The studio: everything loaded once to draw artwork (fonts and their measurers, layouts and
//! templates, formats, the logo, the theme's UI strings, print settings and the artwork cache),
//! checked before anything is drawn.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::Tera;

use super::breaks::KeepTogether;
use super::fit::Measurer;
use super::format::{Format, formats};
use super::layout::{Layout, ThemeArt};
use super::screen::Screens;
use super::{cache, pdf};
use crate::error::{Error, Location, Result};
use crate::model::Site;
use crate::theme::Theme;

/// A measurer for every font face of the theme, by (family, weight).
type Measurers = HashMap<(String, u16), Measurer>;

/// Everything loaded once to render artwork: fonts, layouts, templates and formats.
pub struct Studio {
    pub(super) formats: Vec<Format>,
    pub(super) layouts: HashMap<String, Layout>,
    pub(super) tera: Tera,
    pub(super) fontdb: Arc<usvg::fontdb::Database>,
    pub(super) measurers: Measurers,
    pub(super) keep: KeepTogether,
    pub(super) preview_px: u32,
    /// Sizes and type of the previews the portal's pages show.
    pub(super) screens: Screens,
    pub(super) logo: Option<PathBuf>,
    pub(super) static_dir: PathBuf,
    pub(super) strings: HashMap<crate::types::Lang, crate::theme::Strings>,
    /// Artwork drawn by earlier builds (`with_cache`).
    pub(super) cache: Option<cache::ArtCache>,
    /// Colour mode and output intent of print PDFs.
    pub(super) print: pdf::Print,
}

impl Studio {
    /// Loads and checks the site's formats, the theme's fonts, layouts and templates, the logo
    /// and the print settings: a bad layout or a missing font stops here, before anything is
    /// drawn.
    pub fn new(site: &Site, theme: &Theme) -> Result<Studio> {
        // Before any WebP preview is encoded.
        crate::memory::keep_c_heap();
        let formats = formats(site)?;
        let art = site.config.artwork.as_ref();
        let (db, measurers) = fonts(theme)?;
        let mut theme_art = ThemeArt::load(theme)?;
        theme_art.check(site, theme, &formats)?;
        keep_names_whole(site, &mut theme_art.keep);
        let logo = logo(site)?;
        let ThemeArt {
            layouts,
            tera,
            keep,
        } = theme_art;
        Ok(Studio {
            formats,
            layouts,
            tera,
            fontdb: Arc::new(db),
            measurers,
            keep,
            preview_px: art
                .and_then(|a| a.preview_px)
                .unwrap_or(1200)
                .clamp(64, 8000),
            screens: Screens::new(&site.config.images),
            logo,
            static_dir: site.config.static_dir(),
            strings: theme.strings.clone(),
            cache: None,
            print: pdf::Print {
                colour: art.and_then(|a| a.colour).unwrap_or_default(),
                intent: Arc::new(pdf::OutputIntent::load(theme)?),
            },
        })
    }

    /// Reuses artwork drawn by earlier builds from `dir`, and keeps what this one draws there.
    pub(crate) fn with_cache(mut self, dir: &std::path::Path, theme: &Theme) -> Studio {
        let fonts: Vec<&[u8]> = theme.fonts.iter().map(|f| f.bytes.as_slice()).collect();
        // PDFs also depend on the colour mode, the output intent and the layouts' palettes;
        // screen previews on their sizes and WebP quality.
        let mut palettes: Vec<String> = self
            .layouts
            .iter()
            .map(|(n, l)| format!("{n}:{}", l.palette.digest()))
            .collect();
        palettes.sort();
        let print = format!(
            "{:?}|{}|{}|{}",
            self.print.colour,
            self.print.intent.digest,
            palettes.join("|"),
            self.screens.digest()
        );
        self.cache = Some(cache::ArtCache::new(dir, &fonts, self.preview_px, &print));
        self
    }

    /// Forgets cached artwork this build did not use; call after a successful build.
    pub(crate) fn prune_cache(&self) {
        if let Some(c) = &self.cache {
            c.prune();
        }
    }

    /// The colour mode print PDFs are written in.
    pub(crate) fn colour(&self) -> crate::config::Colour {
        self.print.colour
    }

    /// The formats slogans are drawn in; a [`Job`](super::Job)'s `format` indexes them.
    pub fn formats(&self) -> &[Format] {
        &self.formats
    }

    /// A UI string of the theme in `lang`.
    pub(crate) fn string(&self, lang: &crate::types::Lang, key: &str) -> Option<String> {
        match self.strings.get(lang)?.get(key)? {
            crate::theme::I18nValue::Text(t) => Some(t.clone()),
            crate::theme::I18nValue::List(_) => None,
        }
    }
}

/// The proper part of unit and organiser names ("Kim Đồng", "Quảng Nam") is one word.
fn keep_names_whole(site: &Site, keep: &mut KeepTogether) {
    let default = site.config.default_lang();
    for unit in &site.units.list {
        for lang in site.config.languages.iter() {
            keep.add_name(&unit.name.get(&lang.code, default));
        }
    }
    if let Some(o) = &site.config.campaign.organiser {
        for lang in site.config.languages.iter() {
            keep.add_name(&o.get(&lang.code, default));
        }
    }
}

/// The artwork logo of site.yaml, as an absolute path in static/.
fn logo(site: &Site) -> Result<Option<PathBuf>> {
    let art = site.config.artwork.as_ref();
    Ok(match art.and_then(|a| a.logo.as_ref()) {
        Some(l) => {
            let p = site.config.static_dir().join(l.trim_start_matches('/'));
            if !p.is_file() || l.contains("..") {
                return Err(Error::config(
                    Location::file(&site.config.file),
                    format!("artwork logo `{l}` is not a file in static/"),
                    "give a path inside static/, e.g. `logo: img/logo.svg`",
                ));
            }
            // Absolute, because usvg resolves relative hrefs against its resources folder.
            Some(p.canonicalize().unwrap_or(p))
        }
        None => None,
    })
}

/// The theme's fonts as usvg finds them, and a measurer for every face by (family, weight).
fn fonts(theme: &Theme) -> Result<(usvg::fontdb::Database, Measurers)> {
    let mut db = usvg::fontdb::Database::new();
    for f in &theme.fonts {
        db.load_font_data(f.bytes.clone());
    }
    let mut measurers = HashMap::new();
    for face in db.faces() {
        let family = face
            .families
            .first()
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let weight = face.weight.0;
        let data = db.with_face_data(face.id, |data, _| data.to_vec());
        if let Some(m) = data.and_then(|d| Measurer::new(Arc::new(d))) {
            measurers.insert((family, weight), m);
        }
    }
    if measurers.is_empty() {
        return Err(Error::Template {
            template: format!("themes/{}/fonts/", theme.name),
            message: "the theme has no fonts, so slogan artwork cannot be drawn".into(),
            hint: "put TTF files in the theme's fonts/ folder (the default theme ships Be Vietnam Pro)".into(),
        });
    }
    Ok((db, measurers))
}
