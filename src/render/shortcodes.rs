//! Shortcodes: each `{{ name(…) }}` placeholder of a page's HTML filled with the theme's
//! `shortcodes/<name>.html`, given the page's card, the call's arguments and the photos it shows.

use tera::Context;

use super::Renderer;
use super::cards::FullCard;
use crate::content::shortcode::Arg;
use crate::error::Result;
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
            return page.html.text();
        }
        let mut outputs = Vec::with_capacity(page.shortcodes.len());
        // Calls were checked against the theme's shortcodes, the albums and the photos when the
        // model was built (model::shortcodes), so every name here is found.
        for call in &page.shortcodes {
            let template = format!("shortcodes/{}.html", call.name);
            let arg = |k: &str| call.args.iter().find(|(key, _)| key == k).map(|(_, v)| v);
            let shown = match arg("album") {
                Some(Arg::Str(album)) => {
                    let key = format!("galleries/{album}");
                    [&page.lang, self.site.config.default_lang()]
                        .iter()
                        .find_map(|l| self.site.links.by_key.get(&(key.clone(), (*l).clone())))
                        .copied()
                }
                _ => Some(page.id),
            };
            let mut photos: Vec<PhotoView> = shown
                .and_then(|id| self.handed.photos.get(&id))
                .cloned()
                .unwrap_or_default();
            if let Some(Arg::List(names)) = arg("photos") {
                photos = names
                    .iter()
                    .filter_map(|name| match name {
                        Arg::Str(name) => photos.iter().find(|p| p.name == *name).cloned(),
                        _ => None,
                    })
                    .collect();
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
        Ok(crate::content::shortcode::fill(
            &page.html.text()?,
            &outputs,
        ))
    }
}
