//! Cards: what lists, feeds and `pages()` show of each page, made once per build and shared
//! by every list that shows the page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Value;

use super::Renderer;
use super::deps;
use super::views::{Card, TagView, UnitView};
use crate::content::Kind;
use crate::model::{Page, PageData, PageId, Site};
use crate::types::{Lang, Slug, UnitId};

/// Bundles with photos: the number of photos and the first, as `resize_image` takes it.
pub(super) type BundlePhotos = HashMap<PathBuf, (usize, Option<String>)>;

/// Photos per bundle, gathered once: scanning every asset for every page would be quadratic on
/// a site with thousands of posts.
pub(super) fn bundle_photos(site: &Site) -> BundlePhotos {
    let mut by_bundle: HashMap<&Path, Vec<&Path>> = HashMap::new();
    for (bundle, file) in &site.assets {
        if crate::images::is_image(file) {
            by_bundle.entry(bundle).or_default().push(file);
        }
    }
    by_bundle
        .into_iter()
        .map(|(bundle, files)| {
            let first = files.iter().min().and_then(|f| {
                f.strip_prefix(site.config.content_dir())
                    .ok()
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
            });
            (bundle.to_path_buf(), (files.len(), first))
        })
        .collect()
}

/// Every page's card as lists see it, in page order.
pub(super) fn card_values(site: &Site, bundle_photos: &BundlePhotos) -> Vec<Value> {
    let shared = SharedViews::new(site);
    site.pages
        .par_iter()
        .map(|p| card_value(site, &shared, card_of(site, bundle_photos, p)))
        .collect()
}

/// Makes the cards of pages `ids` again, after `loa serve` patched them.
pub(super) fn refresh(
    site: &Site,
    bundle_photos: &BundlePhotos,
    card_values: &mut [Value],
    ids: &[PageId],
) {
    let shared = SharedViews::new(site);
    for &id in ids {
        let card = card_of(site, bundle_photos, &site.pages[id]);
        card_values[id] = card_value(site, &shared, card);
    }
}

impl Renderer {
    /// A template value of page `id`'s card; notes that the file being rendered shows it.
    pub(super) fn card(&self, id: PageId) -> &Value {
        deps::saw(id);
        &self.card_values[id]
    }

    /// The newest `limit` cards of a section in a language.
    pub(super) fn latest(&self, section: &str, lang: &Lang, limit: usize) -> Vec<&Value> {
        self.site
            .section(section, lang)
            .map(|s| {
                s.pages
                    .iter()
                    .take(limit)
                    .map(|&id| self.card(id))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A page's card: what lists and its own page show of it.
pub(super) fn card_of(site: &Site, bundle_photos: &BundlePhotos, page: &Page) -> Card {
    let mut card = Card::new(site, page);
    if let Some((count, first)) = page.bundle.as_ref().and_then(|b| bundle_photos.get(b)) {
        card.photo_count = *count;
        card.first_photo_path = first.clone();
    }
    card
}

/// Unit and tag views as template values, one per unit or tag and language. Every card of a unit
/// points at the same value (tera values are reference-counted), instead of carrying a copy.
struct SharedViews {
    units: HashMap<(UnitId, Lang), Value>,
    tags: HashMap<(Slug, Lang), Value>,
}

impl SharedViews {
    fn new(site: &Site) -> SharedViews {
        let mut units = HashMap::new();
        let mut tags = HashMap::new();
        for lang in site.config.langs() {
            for u in &site.units.list {
                if let Some(v) = UnitView::new(site, &u.id, lang) {
                    units.insert((u.id.clone(), lang.clone()), Value::from_serializable(&v));
                }
            }
            for (slug, (name, _)) in site.tags.get(lang).into_iter().flatten() {
                let view = TagView::new(site, slug, name, lang);
                tags.insert(
                    (slug.clone(), lang.clone()),
                    Value::from_serializable(&view),
                );
            }
        }
        SharedViews { units, tags }
    }
}

/// A card as lists see it: the fields common to every page plus those of the page's kind (a news
/// card has `cover`, not `week_start`). Leaving the other kinds' empty fields out, and sharing
/// unit and tag views, more than halves what the cards of a province-sized site hold.
fn card_value(site: &Site, shared: &SharedViews, mut card: Card) -> Value {
    let page = &site.pages[card.id];
    let lang = &page.lang;
    card.unit = None;
    card.tags = Vec::new();
    let Some(mut map) = Value::from_serializable(&card).into_map() else {
        return Value::none();
    };
    let kind_fields: &[&str] = match page.kind {
        Kind::Theme => &[
            "theme",
            "week_start",
            "week_end",
            "opening",
            "report_deadline",
            "issuer",
            "source",
        ],
        Kind::Slogan => &["text", "years", "order", "source"],
        Kind::News => &["cover", "cover_path", "participants"],
        Kind::Learner => &["name", "category", "quote", "photo", "photo_path"],
        Kind::Pano => &[],
        Kind::Page => &["weight"],
    };
    map.retain(|k, _| {
        k.as_str()
            .is_some_and(|k| CARD_COMMON.contains(&k) || kind_fields.contains(&k))
    });
    let unit = page
        .unit()
        .and_then(|u| shared.units.get(&(u.clone(), lang.clone())))
        .cloned()
        .unwrap_or_else(Value::none);
    map.insert(tera::value::Key::Str("unit"), unit);
    let tags: Vec<Value> = match &page.data {
        PageData::News { tags, .. } => tags
            .iter()
            .filter_map(|t| shared.tags.get(&(t.slug.clone(), lang.clone())).cloned())
            .collect(),
        _ => Vec::new(),
    };
    map.insert(tera::value::Key::Str("tags"), Value::from(tags));
    if card.description == card.summary
        && let Some(summary) = map.get(&tera::value::Key::Str("summary")).cloned()
    {
        map.insert(tera::value::Key::Str("description"), summary);
    }
    Value::from(map)
}

/// Card fields every kind of page has.
const CARD_COMMON: &[&str] = &[
    "id",
    "kind",
    "lang",
    "section",
    "title",
    "url",
    "permalink",
    "date",
    "summary",
    "description",
    "sample",
    "word_count",
    "reading_minutes",
    "year",
    "first_photo_path",
    "photo_count",
];
