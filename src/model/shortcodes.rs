//! Shortcode calls checked while the model is built, against the theme's shortcodes and the
//! site's albums and photos: a call naming no shortcode, album or photo is a mistake in the
//! page, found with the page's other mistakes (so an untrusted unit's page with one is
//! quarantined like any broken page), not later while pages are written.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::{Links, Page};
use crate::content::shortcode::{Arg, Call};
use crate::error::{Error, Location, Result};

/// What calls may name: the theme's shortcodes, and each bundle's photos.
pub(crate) struct Shortcodes<'a> {
    names: &'a [String],
    links: &'a Links,
    /// Photo file names (as written in `photos=[…]`) by bundle folder.
    photos: HashMap<PathBuf, BTreeSet<String>>,
    /// The bundle folder of each album (`galleries/<name>`), by page key.
    albums: HashMap<String, PathBuf>,
}

impl<'a> Shortcodes<'a> {
    pub(crate) fn new(
        names: &'a [String],
        links: &'a Links,
        assets: &[(PathBuf, PathBuf)],
        pages: &[Page],
    ) -> Shortcodes<'a> {
        let mut photos: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
        for (bundle, file) in assets.iter().filter(|(_, f)| crate::content::is_image(f)) {
            let name = file.strip_prefix(bundle).unwrap_or(file);
            photos
                .entry(bundle.clone())
                .or_default()
                .insert(crate::text::nfc(&name.to_string_lossy().replace('\\', "/")));
        }
        let albums = pages
            .iter()
            .filter(|p| p.key.starts_with("galleries/"))
            .filter_map(|p| Some((p.key.clone(), p.bundle.clone()?)))
            .collect();
        Shortcodes {
            names,
            links,
            photos,
            albums,
        }
    }

    /// The first mistake of `page`'s calls, with its line.
    pub(crate) fn check(&self, page: &Page, calls: &[Call]) -> Result<()> {
        for call in calls {
            let at = Location::line(&page.rel, page.body_line + call.line);
            let fail =
                |message: String, hint: String| Err(Error::content(at.clone(), message, hint));
            if !self.names.contains(&call.name) {
                return fail(
                    format!("there is no shortcode `{}`", call.name),
                    format!(
                        "the theme has: {}; add templates/shortcodes/{}.html to make one",
                        self.names.join(", "),
                        call.name
                    ),
                );
            }
            let arg = |k: &str| call.args.iter().find(|(key, _)| key == k).map(|(_, v)| v);
            let bundle = match arg("album") {
                None => page.bundle.as_deref(),
                Some(Arg::Str(album)) => {
                    let key = format!("galleries/{album}");
                    let exists = [&page.lang, self.links.config.default_lang()]
                        .iter()
                        .any(|l| self.links.by_key.contains_key(&(key.clone(), (*l).clone())));
                    if !exists {
                        return fail(
                            format!(
                                "there is no album `{album}` (content/galleries/{album}/index.md)"
                            ),
                            "give the name of a folder in content/galleries/".into(),
                        );
                    }
                    self.albums.get(&key).map(PathBuf::as_path)
                }
                Some(_) => {
                    return fail(
                        "`album=` takes the album's folder name in quotes".into(),
                        "e.g. {{ gallery(album=\"ngay-hoi-doc-sach\") }}".into(),
                    );
                }
            };
            let have = bundle.and_then(|b| self.photos.get(b));
            match arg("photos") {
                None => {}
                Some(Arg::List(names)) => {
                    for name in names {
                        let Arg::Str(name) = name else {
                            return fail(
                                "`photos=` lists file names in quotes".into(),
                                "e.g. photos=[\"anh-1.jpg\", \"anh-2.jpg\"]".into(),
                            );
                        };
                        if !have.is_some_and(|h| h.contains(name)) {
                            let listed: Vec<&str> = have
                                .iter()
                                .flat_map(|h| h.iter().map(String::as_str))
                                .collect();
                            return fail(
                                format!("`photos=`: there is no photo `{name}` here"),
                                format!("photos here: {}", listed.join(", ")),
                            );
                        }
                    }
                }
                Some(_) => {
                    return fail(
                        "`photos=` takes a list of file names".into(),
                        "e.g. photos=[\"anh-1.jpg\", \"anh-2.jpg\"]".into(),
                    );
                }
            }
        }
        Ok(())
    }
}
