//! Shortcodes: each `{{ name(…) }}` placeholder of a page's HTML filled with the theme's
//! `shortcodes/<name>.html`, given the page's card, the call's arguments and the photos it shows.

use tera::Context;

use super::Renderer;
use super::cards::FullCard;
use crate::content::shortcode::Arg;
use crate::error::{Error, Result};
use crate::model::{Page, PhotoView};

impl Renderer {
    /// The page's HTML with each shortcode placeholder replaced by the theme's
    /// `shortcodes/<name>.html`. Every shortcode gets the page, its arguments, and `photos`: the
    /// page's photos, an album's with `album="slug"`, only those named with `photos=[…]`.
    pub(super) fn fill_shortcodes(
        &self,
        page: &Page,
        ctx: &Context,
        card: &FullCard,
    ) -> Result<String> {
        if page.shortcodes.is_empty() {
            return Ok(page.html.clone());
        }
        let mut outputs = Vec::with_capacity(page.shortcodes.len());
        for call in &page.shortcodes {
            let at = crate::error::Location::line(&page.rel, page.body_line + call.line);
            let template = format!("shortcodes/{}.html", call.name);
            if !self.tera.contains_template(&template) {
                let mut known: Vec<&str> = self
                    .tera
                    .get_template_names()
                    .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
                    .collect();
                known.sort();
                return Err(Error::content(
                    at,
                    format!("there is no shortcode `{}`", call.name),
                    format!(
                        "the theme has: {}; add templates/shortcodes/{}.html to make one",
                        known.join(", "),
                        call.name
                    ),
                ));
            }
            let arg = |k: &str| call.args.iter().find(|(key, _)| key == k).map(|(_, v)| v);
            let mut photos: Vec<PhotoView> = match arg("album") {
                None => self
                    .handed
                    .photos
                    .get(&page.id)
                    .cloned()
                    .unwrap_or_default(),
                Some(Arg::Str(album)) => {
                    let key = format!("galleries/{album}");
                    let album_id = [&page.lang, self.site.config.default_lang()]
                        .iter()
                        .find_map(|l| self.site.links.by_key.get(&(key.clone(), (*l).clone())))
                        .ok_or_else(|| {
                            Error::content(
                                at.clone(),
                                format!("there is no album `{album}` (content/galleries/{album}/index.md)"),
                                "give the name of a folder in content/galleries/",
                            )
                        })?;
                    self.handed
                        .photos
                        .get(album_id)
                        .cloned()
                        .unwrap_or_default()
                }
                Some(_) => {
                    return Err(Error::content(
                        at,
                        "`album=` takes the album's folder name in quotes",
                        "e.g. {{ gallery(album=\"ngay-hoi-doc-sach\") }}",
                    ));
                }
            };
            match arg("photos") {
                None => {}
                Some(Arg::List(names)) => {
                    let mut chosen = Vec::new();
                    for name in names {
                        let Arg::Str(name) = name else {
                            return Err(Error::content(
                                at,
                                "`photos=` lists file names in quotes",
                                "e.g. photos=[\"anh-1.jpg\", \"anh-2.jpg\"]",
                            ));
                        };
                        match photos.iter().find(|p| p.name == *name) {
                            Some(p) => chosen.push(p.clone()),
                            None => {
                                let have: Vec<&str> =
                                    photos.iter().map(|p| p.name.as_str()).collect();
                                return Err(Error::content(
                                    at,
                                    format!("`photos=`: there is no photo `{name}` here"),
                                    format!("photos here: {}", have.join(", ")),
                                ));
                            }
                        }
                    }
                    photos = chosen;
                }
                Some(_) => {
                    return Err(Error::content(
                        at,
                        "`photos=` takes a list of file names",
                        "e.g. photos=[\"anh-1.jpg\", \"anh-2.jpg\"]",
                    ));
                }
            }
            let mut sc = ctx.clone();
            sc.insert("page", card);
            sc.insert("photos", &photos);
            for (k, v) in &call.args {
                if k != "photos" {
                    sc.insert(k.clone(), v);
                }
            }
            outputs.push(self.render(&template, &sc)?);
        }
        Ok(crate::content::shortcode::fill(&page.html, &outputs))
    }
}
