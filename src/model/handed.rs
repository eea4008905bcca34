//! What one output shows of another, as plain data the renderer is handed: the artwork files of
//! a slogan or pano page, the photos of a bundle as published, the kit of a unit, the share
//! card of a page. The outputs that make these files compute them from the model; the renderer
//! never calls those outputs.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::PageId;
use crate::types::UnitId;

/// Links from the portal to the files other outputs write.
#[derive(Debug, Default)]
pub(crate) struct Handed {
    /// Per slogan or pano page: every artwork drawn of it.
    pub(crate) artwork: HashMap<PageId, Vec<ArtworkLink>>,
    /// Per page with a bundle: its photos, as published.
    pub(crate) photos: HashMap<PageId, Vec<PhotoView>>,
    /// Per unit that gets a campaign kit: where the zip is.
    pub(crate) kits: HashMap<UnitId, KitLink>,
    /// Per page path (content pages without a picture of their own, lists, units, tags): the
    /// share card drawn with its title.
    pub(crate) cards: HashMap<String, CardLink>,
}

/// A page's share card (`og:image`).
#[derive(Debug, Clone)]
pub(crate) struct CardLink {
    /// Root-relative URL, with the base path.
    pub(crate) png: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The title drawn on it: `loa serve` draws the card again when an edit changes it.
    pub(crate) title: String,
}

/// What templates of the portal get for each artwork of a slogan page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArtworkLink {
    pub(crate) format: String,
    pub(crate) print: bool,
    pub(crate) size: String,
    pub(crate) png: String,
    pub(crate) png_width: u32,
    pub(crate) png_height: u32,
    /// The previews a page shows (narrower copies and the PNG's size) as a `srcset` of WebP
    /// files, for a `<source type="image/webp">`, when the site makes WebP.
    pub(crate) webp_srcset: Option<String>,
    /// The same as PNG files, when the site makes no WebP.
    pub(crate) srcset: Option<String>,
    pub(crate) pdf: Option<String>,
    pub(crate) svg: String,
    /// File name (without extension) a download is saved under.
    pub(crate) download: Option<String>,
    /// For sheet sizes: the paper a printable HTML page of the artwork is laid out on.
    pub(crate) print_page: Option<PrintPage>,
}

/// Paper of a printable HTML version (CSS `@page`), in millimetres.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PrintPage {
    pub(crate) width_mm: f64,
    pub(crate) height_mm: f64,
    pub(crate) bleed_mm: f64,
}

/// A photo of a page bundle, as published: full size (capped) plus narrower variants.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PhotoView {
    /// File name inside the bundle.
    pub(crate) name: String,
    pub(crate) src: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// `srcset` value listing every variant and the full size.
    pub(crate) srcset: String,
    /// The full-size WebP twin, for the lightbox.
    pub(crate) webp_src: Option<String>,
    /// The same list as WebP, for a `<source type="image/webp">`, when WebP twins are on.
    pub(crate) webp_srcset: Option<String>,
    /// From `captions:` in the page's front matter, in the page's language.
    pub(crate) caption: Option<String>,
    /// From `photos:`, where the alt text says more than the caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) alt: Option<String>,
}

/// A unit's campaign kit (its banners and panos in one zip), for the unit's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KitLink {
    pub(crate) url: String,
    pub(crate) year: i32,
}
