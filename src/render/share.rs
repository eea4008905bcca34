//! The picture a page shows when it is shared (Open Graph and Twitter cards): the page's own
//! artwork or photo when it has one, else the site's card of its language. Facebook and Zalo
//! need absolute URLs; the sizes, when known, let them lay the card out before fetching it.

use serde::Serialize;

use super::Renderer;
use super::pages::slogan_years;
use super::views::permalink;
use crate::model::{ArtworkLink, Page, PageData};
use crate::types::Lang;

/// `share_image` in templates.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ShareImage {
    /// Absolute URL.
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    /// What the picture shows, for readers who cannot see it.
    alt: String,
}

/// The format of the slogan artwork drawn for sharing (1200 × 630 px).
const SOCIAL: &str = "social";

impl Renderer {
    /// The site's card in `lang`: the social card of the current year's first slogan (the
    /// campaign's own words on its banner colours), else of the latest slogan that has one.
    pub(super) fn site_share_image(&self, lang: &Lang) -> Option<ShareImage> {
        let site = &*self.site;
        let slogans = site.section("slogans", lang)?;
        let with_card = |&&id: &&crate::model::PageId| {
            self.handed
                .artwork
                .get(&id)
                .is_some_and(|l| l.iter().any(|a| a.format == SOCIAL))
        };
        let current = slogans.pages.iter().filter(with_card).find(|&&id| {
            site.current_year
                .is_some_and(|y| slogan_years(&site.pages[id]).contains(&y))
        });
        let latest = || {
            slogans
                .pages
                .iter()
                .filter(with_card)
                .max_by_key(|&&id| slogan_years(&site.pages[id]).iter().max().copied())
        };
        let id = *current.or_else(latest)?;
        self.artwork_share_image(&site.pages[id], &self.handed.artwork[&id])
    }

    /// The page's own picture: its social card or first artwork, else its cover or photo (the
    /// bundle's file of that name, else the first photo of its bundle).
    pub(super) fn page_share_image(&self, page: &Page) -> Option<ShareImage> {
        if let Some(links) = self.handed.artwork.get(&page.id) {
            return self.artwork_share_image(page, links);
        }
        let named = match &page.data {
            PageData::News { cover, .. } => cover.as_deref(),
            PageData::Learner { photo, .. } => photo.as_deref(),
            _ => None,
        };
        let photos = self.handed.photos.get(&page.id).map_or(&[][..], |v| v);
        let photo = named
            .and_then(|n| photos.iter().find(|p| p.name == n))
            .or_else(|| photos.first());
        if let Some(p) = photo {
            return Some(ShareImage {
                url: self.absolute(&p.src),
                width: Some(p.width),
                height: Some(p.height),
                alt: p.caption.clone().unwrap_or_else(|| page.title.clone()),
            });
        }
        // A picture outside the bundle (a static file or another site's), size unknown.
        let named = named?;
        let url = if named.contains("://") {
            named.to_string()
        } else if let Some(abs) = named.strip_prefix('/') {
            permalink(&self.site, &format!("/{abs}"))
        } else {
            permalink(&self.site, &format!("{}{named}", page.path))
        };
        Some(ShareImage {
            url,
            width: None,
            height: None,
            alt: page.title.clone(),
        })
    }

    fn artwork_share_image(&self, page: &Page, links: &[ArtworkLink]) -> Option<ShareImage> {
        let l = links
            .iter()
            .find(|l| l.format == SOCIAL)
            .or(links.first())?;
        let alt = match &page.data {
            PageData::Slogan { text, .. } => text.clone(),
            _ => page.title.clone(),
        };
        Some(ShareImage {
            url: self.absolute(&l.png),
            width: Some(l.png_width),
            height: Some(l.png_height),
            alt,
        })
    }

    /// A root-relative URL that already carries the base path, made absolute.
    fn absolute(&self, href: &str) -> String {
        let config = &self.site.config;
        let origin = config
            .base_url
            .strip_suffix(config.base_path())
            .unwrap_or(&config.base_url);
        format!("{origin}{href}")
    }
}
