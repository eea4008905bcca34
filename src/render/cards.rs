//! Cards: what lists, feeds and `pages()` show of each page. A card is made when a file shows
//! it, not kept for the build: at 50 000 bilingual posts every page's card, made once and kept,
//! held 190 MiB through the whole render, while making the dozen a list page shows costs a few
//! microseconds each.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::Value;
use tera::value::Key;

use super::views::{TagView, UnitView, permalink, url};
use super::{Renderer, deps};
use crate::content::Kind;
use crate::content::frontmatter::Opening;
use crate::model::{ArtworkLink, NewsShown, Page, PageData, PageId, Site};
use crate::types::{Date, Lang, Slug, UnitId};

mod fields;
pub(super) use fields::{Fields, as_struct};

/// Bundles with photos: the number of photos and the first, as `resize_image` takes it.
type BundlePhotos = HashMap<PathBuf, (usize, Option<String>)>;

/// The artwork drawn of each slogan and pano page, as handed to the renderer.
pub(super) type Artwork = HashMap<PageId, Vec<ArtworkLink>>;

/// What a page's card is made from besides the page itself: its bundle's photos, its artwork,
/// and the unit and tag values every card of a unit or tag shares.
pub(super) struct Cards {
    bundle_photos: BundlePhotos,
    art: Artwork,
    shared: SharedViews,
}

impl Cards {
    pub(super) fn new(site: &Site, art: &Artwork) -> Cards {
        Cards {
            bundle_photos: bundle_photos(site),
            art: art.clone(),
            shared: SharedViews::new(site),
        }
    }

    /// Page `id`'s card as a template value, for lists.
    pub(super) fn value(&self, site: &Site, id: PageId) -> Value {
        let page = &site.pages[id];
        self.card(site, page).into_value(page, &self.shared)
    }

    /// Page `page`'s card, to make a list's value or the page's own view of it.
    pub(super) fn card(&self, site: &Site, page: &Page) -> Card {
        Card::new(site, &self.bundle_photos, &self.art, page)
    }
}

/// Photos per bundle: how many, and the first by name.
fn bundle_photos(site: &Site) -> BundlePhotos {
    site.photos_by_bundle()
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

impl Renderer {
    /// A template value of page `id`'s card; notes that the file being rendered shows it.
    pub(super) fn card(&self, id: PageId) -> Value {
        deps::saw(id);
        self.cards.value(&self.site, id)
    }

    /// The template values of the cards of `ids`, in that order.
    pub(super) fn cards<'a>(&self, ids: impl IntoIterator<Item = &'a PageId>) -> Vec<Value> {
        ids.into_iter().map(|&id| self.card(id)).collect()
    }

    /// The newest `limit` cards of a section in a language.
    pub(super) fn latest(&self, section: &str, lang: &Lang, limit: usize) -> Vec<Value> {
        self.site
            .section(section, lang)
            .map(|s| self.cards(s.pages.iter().take(limit)))
            .unwrap_or_default()
    }
}

/// A page's card as lists see it: the fields every page has, then its kind's and its bundle's.
/// [`Card::into_value`] adds `unit` and `tags` last, as shared values; [`Card::into_full`] makes
/// the form the page's own template sees. Each is written as one struct of its parts' fields
/// (see [`fields`]).
pub(super) struct Card {
    common: CardCommon,
    /// The campaign year: a theme's, a learner's, or that of the page's date.
    year: Option<i32>,
    kind: KindCard,
    photos: BundleCard,
}

/// Fields every kind of page has.
struct CardCommon {
    id: PageId,
    kind: Kind,
    lang: String,
    section: String,
    title: String,
    url: String,
    permalink: String,
    date: Option<Date>,
    summary: String,
    description: String,
    sample: bool,
    word_count: usize,
    reading_minutes: usize,
}

/// The page's bundle, for album covers.
struct BundleCard {
    /// The first photo of the bundle, as `resize_image(path=…)` takes it.
    first_photo_path: Option<String>,
    photo_count: usize,
}

/// The fields of the page's kind: a news card has `cover`, not `start`. Leaving the other
/// kinds' empty fields out of list cards, and sharing unit and tag views, more than halves what
/// the cards of a province-sized site hold.
enum KindCard {
    Theme {
        theme: ThemeCard,
        source: Option<String>,
    },
    Slogan {
        source: Option<String>,
        slogan: SloganCard,
    },
    News(NewsCard),
    Learner(LearnerCard),
    Pano(PanoCard),
    Page(PageCard),
}

// The kinds' fields are options, so that `Default` is how they show on other kinds' pages (see
// `EveryKind`); on a page of their kind, those the model always has are `Some`.

#[derive(Default)]
struct ThemeCard {
    theme: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
    opening: Option<Opening>,
    report_deadline: Option<Date>,
    issuer: Option<String>,
}

#[derive(Default)]
struct SloganCard {
    text: Option<String>,
    years: Vec<i32>,
    order: Option<i32>,
}

#[derive(Default)]
struct LearnerCard {
    name: Option<String>,
    category: Option<String>,
    quote: Option<String>,
    photo: Option<String>,
    /// The photo as `resize_image(path=…)` takes it.
    photo_path: Option<String>,
}

#[derive(Default)]
struct NewsCard {
    cover: Option<String>,
    /// The cover as `resize_image(path=…)` takes it (content-relative, or /static path).
    cover_path: Option<String>,
    /// Every field of the model's `NewsShown`, as it is.
    shown: NewsShown,
}

#[derive(Default)]
struct PageCard {
    weight: Option<i32>,
}

/// A pano in lists: its screen previews, for a thumbnail. (Its own page gets them as `artwork`.)
struct PanoCard {
    preview: Option<ArtworkLink>,
}

/// Every kind's fields, the page's own filled and the others' empty, so that a template shared
/// by pages of several kinds can test any of them. `source` is a theme's and a slogan's.
#[derive(Default)]
struct EveryKind {
    theme: ThemeCard,
    source: Option<String>,
    slogan: SloganCard,
    learner: LearnerCard,
    news: NewsCard,
    page: PageCard,
}

impl From<KindCard> for EveryKind {
    fn from(kind: KindCard) -> EveryKind {
        match kind {
            KindCard::Theme { theme, source } => EveryKind {
                theme,
                source,
                ..Default::default()
            },
            KindCard::Slogan { source, slogan } => EveryKind {
                source,
                slogan,
                ..Default::default()
            },
            KindCard::News(news) => EveryKind {
                news,
                ..Default::default()
            },
            KindCard::Learner(learner) => EveryKind {
                learner,
                ..Default::default()
            },
            KindCard::Pano(_) => EveryKind::default(),
            KindCard::Page(page) => EveryKind {
                page,
                ..Default::default()
            },
        }
    }
}

/// A page as its own template and its shortcodes see it: its card with the unit and tags as
/// views and every kind's fields (see [`EveryKind`]).
pub(super) struct FullCard {
    common: CardCommon,
    unit: Option<UnitView>,
    tags: Vec<TagView>,
    year: Option<i32>,
    kinds: EveryKind,
    photos: BundleCard,
}

impl Card {
    fn new(site: &Site, bundle_photos: &BundlePhotos, art: &Artwork, page: &Page) -> Card {
        let (photo_count, first_photo_path) = page
            .bundle
            .as_ref()
            .and_then(|b| bundle_photos.get(b))
            .cloned()
            .unwrap_or_default();
        Card {
            common: CardCommon {
                id: page.id,
                kind: page.kind,
                lang: page.lang.to_string(),
                section: page.section.clone(),
                title: page.title.clone(),
                url: url(site, &page.path),
                permalink: permalink(site, &page.path),
                date: page.date,
                summary: page.summary.clone(),
                // An empty description is the summary's (the model keeps one copy).
                description: if page.description.is_empty() {
                    page.summary.clone()
                } else {
                    page.description.clone()
                },
                sample: page.sample,
                word_count: page.word_count,
                reading_minutes: page.word_count.div_ceil(200).max(1),
            },
            year: page.year(),
            kind: KindCard::new(site, page, art),
            photos: BundleCard {
                first_photo_path,
                photo_count,
            },
        }
    }

    /// The card as a template value, for lists: `unit` and `tags` are the shared values of
    /// `shared`, so every card of a unit points at one.
    fn into_value(self, page: &Page, shared: &SharedViews) -> Value {
        let lang = &page.lang;
        let description_is_summary = self.common.description == self.common.summary;
        let Some(mut map) = Value::from_serializable(&self).into_map() else {
            return Value::none();
        };
        let unit = page
            .unit()
            .and_then(|u| shared.units.get(&(u.clone(), lang.clone())))
            .cloned()
            .unwrap_or_else(Value::none);
        map.insert(Key::Str("unit"), unit);
        let tags: Vec<Value> = match &page.data {
            PageData::News { tags, .. } => tags
                .iter()
                .filter_map(|t| shared.tags.get(&(t.slug.clone(), lang.clone())).cloned())
                .collect(),
            _ => Vec::new(),
        };
        map.insert(Key::Str("tags"), Value::from(tags));
        // One string for both, as in the model.
        if description_is_summary && let Some(summary) = map.get(&Key::Str("summary")).cloned() {
            map.insert(Key::Str("description"), summary);
        }
        Value::from(map)
    }

    /// The card as page `page`'s own template sees it.
    pub(super) fn into_full(self, site: &Site, page: &Page) -> FullCard {
        let lang = &page.lang;
        let tags = match &page.data {
            PageData::News { tags, .. } => tags
                .iter()
                .map(|t| TagView::new(site, &t.slug, &t.name, lang))
                .collect(),
            _ => Vec::new(),
        };
        FullCard {
            common: self.common,
            unit: page.unit().and_then(|u| UnitView::new(site, u, lang)),
            tags,
            year: self.year,
            kinds: self.kind.into(),
            photos: self.photos,
        }
    }
}

impl KindCard {
    fn new(site: &Site, page: &Page, art: &Artwork) -> KindCard {
        match &page.data {
            PageData::Theme {
                theme,
                start,
                end,
                opening,
                report_deadline,
                issuer,
                source,
                ..
            } => KindCard::Theme {
                theme: ThemeCard {
                    theme: Some(theme.clone()),
                    start: Some(*start),
                    end: Some(*end),
                    opening: opening.clone(),
                    report_deadline: *report_deadline,
                    issuer: issuer.clone(),
                },
                source: source.clone(),
            },
            PageData::Slogan {
                text,
                years,
                order,
                source,
                ..
            } => KindCard::Slogan {
                source: source.clone(),
                slogan: SloganCard {
                    text: Some(text.clone()),
                    years: years.clone(),
                    order: Some(*order),
                },
            },
            PageData::News { cover, shown, .. } => KindCard::News(NewsCard {
                cover: asset_url(site, page, cover),
                cover_path: image_path(site, page, cover),
                shown: shown.clone(),
            }),
            PageData::Learner {
                name,
                category,
                quote,
                photo,
                ..
            } => KindCard::Learner(LearnerCard {
                name: Some(name.clone()),
                category: Some(category.clone()),
                quote: quote.clone(),
                photo: asset_url(site, page, photo),
                photo_path: image_path(site, page, photo),
            }),
            PageData::Page { weight, .. } => KindCard::Page(PageCard {
                weight: Some(*weight),
            }),
            PageData::Pano(_) => KindCard::Pano(PanoCard {
                preview: art.get(&page.id).and_then(|a| a.first()).cloned(),
            }),
        }
    }
}

/// Resolves a path given in front matter (a cover, a photo): relative to the page when it has no
/// leading slash, as editors write it inside a bundle; site-relative otherwise.
fn asset_url(site: &Site, page: &Page, path: &Option<String>) -> Option<String> {
    let p = path.as_deref()?;
    if p.starts_with("http://") || p.starts_with("https://") {
        return Some(p.to_string());
    }
    Some(match p.strip_prefix('/') {
        Some(abs) => url(site, &format!("/{abs}")),
        None => url(site, &format!("{}{p}", page.path)),
    })
}

/// A front-matter picture as `resize_image` addresses it: inside content/ for bundle files,
/// unchanged for static (`/img/…`); web addresses cannot be resized.
fn image_path(site: &Site, page: &Page, path: &Option<String>) -> Option<String> {
    let p = path.as_deref()?;
    if p.contains("://") {
        return None;
    }
    if p.starts_with('/') {
        return Some(p.to_string());
    }
    let bundle = page.bundle.as_ref()?;
    let rel = bundle.strip_prefix(site.config.content_dir()).ok()?;
    Some(format!("{}/{p}", rel.to_string_lossy().replace('\\', "/")))
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

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    fn keys(v: &impl Serialize) -> Vec<String> {
        let map = Value::from_serializable(v).into_map().expect("a map");
        map.keys()
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    }

    /// The order templates (and anything printing a card) have always seen.
    #[test]
    fn a_list_card_has_its_kind_fields_and_a_full_card_every_kind_in_one_order() {
        let common = || CardCommon {
            id: 0,
            kind: Kind::Slogan,
            lang: "vi".into(),
            section: "slogans".into(),
            title: "Chung tay vì cộng đồng".into(),
            url: "/khau-hieu/a/".into(),
            permalink: "https://example.vn/khau-hieu/a/".into(),
            date: None,
            summary: String::new(),
            description: String::new(),
            sample: false,
            word_count: 0,
            reading_minutes: 1,
        };
        let kind = || KindCard::Slogan {
            source: Some("Bộ GD&ĐT".into()),
            slogan: SloganCard {
                text: Some("Chung tay vì cộng đồng".into()),
                years: vec![2023],
                order: Some(1),
            },
        };
        let photos = || BundleCard {
            first_photo_path: None,
            photo_count: 0,
        };
        let head = "id kind lang section title url permalink date summary description sample \
                    word_count reading_minutes";
        let list = Card {
            common: common(),
            year: Some(2023),
            kind: kind(),
            photos: photos(),
        };
        assert_eq!(
            keys(&list).join(" "),
            format!("{head} year source text years order first_photo_path photo_count")
        );
        // Each key is the field's static name, not a string Tera allocates per card (see
        // `fields`).
        let map = Value::from_serializable(&list).into_map().expect("a map");
        assert!(map.keys().all(|k| matches!(k, Key::Str(_))));
        let full = FullCard {
            common: common(),
            unit: None,
            tags: Vec::new(),
            year: Some(2023),
            kinds: kind().into(),
            photos: photos(),
        };
        assert_eq!(
            keys(&full).join(" "),
            format!(
                "{head} unit tags year theme start end opening report_deadline issuer \
                 source text years order name category quote photo photo_path cover cover_path \
                 participants weight first_photo_path photo_count"
            )
        );
        let full = Value::from_serializable(&full);
        let value = |key: &str| full.get_from_path(key).cloned();
        assert_eq!(
            value("source")
                .and_then(|v| v.as_str().map(str::to_string))
                .as_deref(),
            Some("Bộ GD&ĐT")
        );
        assert!(value("theme").is_some_and(|v| v.is_none()));
    }
}
