//! What templates see: plain serialisable views of the model, with URLs already resolved for the
//! page's language and the site's base path.

use serde::Serialize;

use crate::content::Kind;
use crate::content::frontmatter::Opening;
use crate::model::{Page, PageData, Site};
use crate::types::{Date, Lang, Slug, UnitId};

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

/// A page as it appears in lists (no body). Kind-specific fields are `None` for other kinds.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Card {
    pub(super) id: usize,
    pub(super) kind: Kind,
    pub(super) lang: String,
    pub(super) section: String,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) permalink: String,
    pub(super) date: Option<Date>,
    pub(super) summary: String,
    pub(super) description: String,
    pub(super) sample: bool,
    pub(super) word_count: usize,
    pub(super) reading_minutes: usize,
    pub(super) unit: Option<UnitView>,
    pub(super) tags: Vec<TagView>,
    // Theme
    pub(super) year: Option<i32>,
    pub(super) theme: Option<String>,
    pub(super) week_start: Option<Date>,
    pub(super) week_end: Option<Date>,
    pub(super) opening: Option<Opening>,
    pub(super) report_deadline: Option<Date>,
    pub(super) issuer: Option<String>,
    pub(super) source: Option<String>,
    // Slogan
    pub(super) text: Option<String>,
    pub(super) years: Vec<i32>,
    pub(super) order: Option<i32>,
    // Learner
    pub(super) name: Option<String>,
    pub(super) category: Option<&'static str>,
    pub(super) quote: Option<String>,
    pub(super) photo: Option<String>,
    /// The photo as `resize_image(path=…)` takes it.
    pub(super) photo_path: Option<String>,
    // News
    pub(super) cover: Option<String>,
    /// The cover as `resize_image(path=…)` takes it (content-relative, or /static path).
    pub(super) cover_path: Option<String>,
    pub(super) participants: Option<u32>,
    pub(super) weight: Option<i32>,
    /// The first photo of the page's bundle, for album covers (`resize_image(path=…)`).
    pub(super) first_photo_path: Option<String>,
    pub(super) photo_count: usize,
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

impl Card {
    pub(super) fn new(site: &Site, page: &Page) -> Card {
        let lang = &page.lang;
        let mut card = Card {
            id: page.id,
            kind: page.kind,
            lang: lang.to_string(),
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
            unit: page.unit().and_then(|u| UnitView::new(site, u, lang)),
            tags: Vec::new(),
            year: page.year(),
            theme: None,
            week_start: None,
            week_end: None,
            opening: None,
            report_deadline: None,
            issuer: None,
            source: None,
            text: None,
            years: Vec::new(),
            order: None,
            name: None,
            category: None,
            quote: None,
            photo: None,
            photo_path: None,
            cover: None,
            cover_path: None,
            participants: None,
            weight: None,
            first_photo_path: None,
            photo_count: 0,
        };
        match &page.data {
            PageData::Theme {
                theme,
                week_start,
                week_end,
                opening,
                report_deadline,
                issuer,
                source,
                ..
            } => {
                card.theme = Some(theme.clone());
                card.week_start = Some(*week_start);
                card.week_end = Some(*week_end);
                card.opening = opening.clone();
                card.report_deadline = *report_deadline;
                card.issuer = issuer.clone();
                card.source = source.clone();
            }
            PageData::Slogan {
                text,
                years,
                order,
                source,
                ..
            } => {
                card.text = Some(text.clone());
                card.years = years.clone();
                card.order = Some(*order);
                card.source = source.clone();
            }
            PageData::News {
                tags,
                cover,
                participants,
                ..
            } => {
                card.tags = tags
                    .iter()
                    .map(|t| TagView::new(site, &t.slug, &t.name, lang))
                    .collect();
                card.cover = asset_url(site, page, cover);
                card.cover_path = image_path(site, page, cover);
                card.participants = *participants;
            }
            PageData::Learner {
                name,
                category,
                quote,
                photo,
                ..
            } => {
                card.name = Some(name.clone());
                card.category = Some(category.key());
                card.quote = quote.clone();
                card.photo = asset_url(site, page, photo);
                card.photo_path = image_path(site, page, photo);
            }
            PageData::Page { weight } => card.weight = Some(*weight),
            PageData::Pano(_) => {}
        }
        card
    }
}

/// A page with its body, for its own page.
#[derive(Serialize)]
pub(super) struct FullPage<'a> {
    #[serde(flatten)]
    pub(super) card: &'a Card,
    pub(super) content: &'a str,
    pub(super) toc: Vec<TocEntry<'a>>,
}

#[derive(Serialize)]
pub(super) struct TocEntry<'a> {
    pub(super) level: u8,
    pub(super) id: &'a str,
    pub(super) title: &'a str,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LangLink {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) url: String,
    /// `false` when the page has no translation and the link goes to that language's home.
    pub(super) translated: bool,
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
