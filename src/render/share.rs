//! The picture a page shows when it is shared (Open Graph and Twitter cards): the page's own
//! artwork or photo when it has one, else the card drawn with its title, else the site's card
//! of its language. Facebook and Zalo
//! need absolute URLs; the sizes, when known, let them lay the card out before fetching it.

use serde::Serialize;

use super::Renderer;
use super::pages::slogan_years;
use super::views::permalink;
use crate::model::{ArtworkLink, Handed, Page, PageData, PageId, PhotoView};
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

/// A page's own picture, which it is shared with rather than a drawn card.
enum Own<'a> {
    /// Its artwork (a slogan's or pano's files).
    Artwork(&'a [ArtworkLink]),
    /// A photo of its bundle.
    Photo(&'a PhotoView),
    /// A picture named in front matter that is not in its bundle.
    Elsewhere(&'a str),
}

/// The page's own picture: its artwork, else its cover or photo (the bundle's file of that
/// name, else the first photo of its bundle, else the file named outside the bundle).
fn own_picture<'a>(handed: &'a Handed, page: &'a Page) -> Option<Own<'a>> {
    if let Some(links) = handed.artwork.get(&page.id).filter(|l| !l.is_empty()) {
        return Some(Own::Artwork(links));
    }
    let named = match &page.data {
        PageData::News { cover, .. } => cover.as_deref(),
        PageData::Learner { photo, .. } => photo.as_deref(),
        _ => None,
    };
    let photos = handed.photos.get(&page.id).map_or(&[][..], |v| v);
    let photo = named
        .and_then(|n| photos.iter().find(|p| p.name == n))
        .or_else(|| photos.first());
    match photo {
        Some(p) => Some(Own::Photo(p)),
        None => named.map(Own::Elsewhere),
    }
}

/// Whether a page is shared with a picture of its own; the pages that are not get a card drawn
/// with their title.
pub(crate) fn has_own_picture(handed: &Handed, page: &Page) -> bool {
    own_picture(handed, page).is_some()
}

/// The format of the slogan artwork drawn for sharing (1200 × 630 px).
const SOCIAL: &str = "social";

impl Renderer {
    /// The site's card in `lang`: the social card of the current year's first slogan (the
    /// campaign's own words on its banner colours), else of the latest slogan that has one.
    pub(super) fn site_share_image(&self, lang: &Lang) -> Option<ShareImage> {
        let site = &*self.site;
        let slogans = site.section("slogans", lang)?;
        let with_card = |&&id: &&PageId| {
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

    /// The page's picture: its own (see [`own_picture`]), else the card drawn with its title.
    pub(super) fn page_share_image(&self, page: &Page) -> Option<ShareImage> {
        let own = match own_picture(&self.handed, page) {
            Some(own) => own,
            None => {
                // The page's title as it is now: `loa serve` may have patched it since.
                let card = self.card_share_image(&page.path)?;
                return Some(ShareImage {
                    alt: page.title.clone(),
                    ..card
                });
            }
        };
        match own {
            Own::Artwork(links) => self.artwork_share_image(page, links),
            Own::Photo(p) => Some(ShareImage {
                url: self.absolute(&p.src),
                width: Some(p.width),
                height: Some(p.height),
                alt: p.caption.clone().unwrap_or_else(|| page.title.clone()),
            }),
            // A picture outside the bundle (a static file or another site's), size unknown.
            Own::Elsewhere(named) => {
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
        }
    }

    /// The card drawn with the title of the page at `path`, if it has one.
    pub(super) fn card_share_image(&self, path: &str) -> Option<ShareImage> {
        let card = self.handed.cards.get(path)?;
        Some(ShareImage {
            url: self.absolute(&card.png),
            width: Some(card.width),
            height: Some(card.height),
            alt: card.title.clone(),
        })
    }

    /// Those of `ids`, pages just read again, whose card was drawn with another title.
    pub(crate) fn stale_cards(&self, ids: &[PageId]) -> Vec<PageId> {
        let site = &self.site;
        ids.iter()
            .copied()
            .filter(|&id| {
                let page = &site.pages[id];
                (self.handed.cards.get(&page.path)).is_some_and(|c| c.title != page.title)
            })
            .collect()
    }

    /// Records that the cards of `ids` were drawn again with their pages' titles.
    pub(crate) fn cards_drawn(&mut self, ids: &[PageId]) {
        for &id in ids {
            let page = &self.site.pages[id];
            if let Some(card) = self.handed.cards.get_mut(&page.path) {
                card.title = page.title.clone();
            }
        }
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
