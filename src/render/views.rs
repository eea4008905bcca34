//! What templates see: plain serialisable views of the model, with URLs already resolved for the
//! page's language and the site's base path.

use serde::Serialize;

use crate::model::Site;
use crate::types::{Lang, Slug, UnitId};

#[derive(Debug, Clone, Serialize)]
pub(super) struct UnitView {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) kind: crate::content::units::UnitKind,
    pub(super) url: String,
    pub(super) parent: Option<String>,
    pub(super) website: Option<String>,
    pub(super) logo: Option<String>,
    /// The unit's Atom feed of news in this language.
    pub(super) feed_url: String,
}

impl UnitView {
    pub(super) fn new(site: &Site, id: &UnitId, lang: &Lang) -> Option<UnitView> {
        let u = site.units.get(id)?;
        Some(UnitView {
            id: u.id.to_string(),
            name: u.name.get(lang, site.config.default_lang()),
            kind: u.kind,
            url: url(site, &site.unit_path(id, lang)),
            parent: u.parent.as_ref().map(|p| p.to_string()),
            website: u.website.clone(),
            logo: u.logo.as_ref().map(|l| {
                if l.starts_with('/') {
                    url(site, l)
                } else {
                    l.clone()
                }
            }),
            feed_url: url(site, &format!("{}atom.xml", site.unit_path(id, lang))),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct TagView {
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) url: String,
}

impl TagView {
    /// Tag `slug`, named `name`, with the URL of its page in `lang`.
    pub(super) fn new(site: &Site, slug: &Slug, name: &str, lang: &Lang) -> TagView {
        TagView {
            name: name.to_string(),
            slug: slug.to_string(),
            url: url(site, &site.tag_path(slug, lang)),
        }
    }
}

/// A root-relative URL with the site's base path in front.
pub(super) fn url(site: &Site, path: &str) -> String {
    format!("{}{}", site.config.base_path(), path)
}

/// An absolute URL, for feeds, sitemaps, canonical links and social cards.
pub(super) fn permalink(site: &Site, path: &str) -> String {
    let origin = site
        .config
        .base_url
        .strip_suffix(site.config.base_path())
        .unwrap_or(&site.config.base_url);
    format!("{origin}{}", url(site, path))
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LangLink {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) url: String,
    /// `false` when the page has no translation and the link goes elsewhere in that language.
    pub(super) translated: bool,
    /// Then, the title of the section list it goes to; empty when it goes to the home page.
    pub(super) fallback: String,
    pub(super) current: bool,
}

/// `<link rel="alternate" hreflang>` target.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    pub(super) url: String,
    pub(super) permalink: String,
}

impl Alternate {
    /// The version in `lang`, published at `path`.
    pub(super) fn new(site: &Site, lang: &Lang, path: &str) -> Alternate {
        Alternate {
            lang: lang.to_string(),
            url: url(site, path),
            permalink: permalink(site, path),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct PaginatorLink {
    pub(super) number: usize,
    pub(super) url: String,
    pub(super) current: bool,
    /// Stands for the page numbers left out between its neighbours (`…`); no number or URL.
    pub(super) gap: bool,
}

/// The page numbers a paginator shows on page `current` of `total`: the first two, the last two
/// and two either side of the current one, with `None` for each run left out. Listing every page
/// would make each of a 5 000-page list's pages carry 5 000 links.
pub(super) fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<usize> = [1, 2, total.saturating_sub(1), total]
        .into_iter()
        .chain(current.saturating_sub(2)..=current + 2)
        .filter(|&k| (1..=total).contains(&k))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &k) in shown.iter().enumerate() {
        if i > 0 && k > shown[i - 1] + 1 {
            out.push(None);
        }
        out.push(Some(k));
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Paginator {
    pub(super) current: usize,
    pub(super) total_pages: usize,
    pub(super) total_items: usize,
    pub(super) first: String,
    pub(super) last: String,
    pub(super) previous: Option<String>,
    pub(super) next: Option<String>,
    pub(super) links: Vec<PaginatorLink>,
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn long_lists_show_a_window_of_page_numbers() {
        let w = |c, t| -> Vec<usize> {
            page_window(c, t)
                .into_iter()
                .map(|k| k.unwrap_or(0))
                .collect()
        };
        assert_eq!(w(1, 1), [1]);
        assert_eq!(w(3, 6), [1, 2, 3, 4, 5, 6]);
        assert_eq!(w(1, 5000), [1, 2, 3, 0, 4999, 5000]);
        assert_eq!(
            w(2500, 5000),
            [1, 2, 0, 2498, 2499, 2500, 2501, 2502, 0, 4999, 5000]
        );
        assert_eq!(w(5000, 5000), [1, 2, 0, 4998, 4999, 5000]);
    }
}
