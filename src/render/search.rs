//! The search page's data: one JSON index per language, read by the theme's `js/search.js` in
//! the browser, so search works offline and on any static host, with no service to run.
//!
//! Format (`/search-index.json`, `/en/search-index.json`):
//!
//! ```json
//! { "lang": "vi",
//!   "sections": { "news": "Tin tức", … },
//!   "pages": [ { "title": …, "url": …, "section": "news", "date": "04/10/2023",
//!                "unit": …, "tags": […], "summary": …, "body": "hoc tap suot doi …" } ] }
//! ```
//!
//! Pages come newest first, which is the order ties are shown in. `date` is already formatted
//! with the theme's `date_short`. Empty fields are left out. `body` is only matched, never shown,
//! so it is written folded (lower case, no diacritics, words separated by single spaces): folded
//! Vietnamese is a third smaller than written Vietnamese, and the browser folds it no further.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::url;
use super::{Renderer, deps};
use crate::error::{Error, Location, Result};
use crate::model::{PageData, Site};
use crate::theme::{I18nValue, Theme};
use crate::types::Lang;
use crate::write::Sink;

/// What a language's index may spend on body text, in words over all its pages. A small site
/// gets [`BODY_WORDS_MAX`] words of every page; a province-sized one fewer, down to
/// [`BODY_WORDS_MIN`], so the file a reader downloads stays a few megabytes at most.
const BODY_WORDS_BUDGET: usize = 400_000;
const BODY_WORDS_MAX: usize = 300;
const BODY_WORDS_MIN: usize = 40;

/// The search page's path in every language (`/tim-kiem/`, `/en/search/`), or `None` when the
/// site turns search off or its theme has no `search.html`. The URL word is the theme's
/// `search_path` string, so it is translated with the rest of the theme.
pub(super) fn paths(
    site: &Site,
    theme: &Theme,
    has_template: bool,
) -> Result<Option<BTreeMap<Lang, String>>> {
    if !site.config.search || !has_template {
        return Ok(None);
    }
    let mut paths = BTreeMap::new();
    for lang in site.config.langs() {
        let word = match theme.strings.get(lang).and_then(|s| s.get("search_path")) {
            Some(I18nValue::Text(w)) => crate::text::slugify(w),
            _ => String::new(),
        };
        let word = if word.is_empty() {
            "search".to_string()
        } else {
            word
        };
        let path = format!("{}/{word}/", site.config.lang_prefix(lang));
        // A page or section already published there would be overwritten without a word.
        let taken = site
            .pages
            .iter()
            .find(|p| p.path == path)
            .map(|p| p.rel.display().to_string())
            .or_else(|| {
                site.sections
                    .values()
                    .find(|s| s.path == path && !s.segment.is_empty())
                    .map(|s| format!("the list page of content/{}/", s.name))
            });
        if let Some(owner) = taken {
            return Err(Error::config(
                Location::file(&site.config.file),
                format!("the search page would be published at {path}, which {owner} already uses"),
                format!(
                    "set another `search_path:` in i18n/{lang}.yaml, move the page, or turn search off with `search: false`"
                ),
            ));
        }
        paths.insert(lang.clone(), path);
    }
    Ok(Some(paths))
}

impl Renderer {
    /// The search page of `lang` and its index (two files).
    pub(super) fn search_page(&self, out: &dyn Sink, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let Some(path) = self.search.as_ref().and_then(|s| s.get(lang)) else {
            return Ok(0);
        };
        let alternates: Vec<(Lang, String)> = self
            .search
            .iter()
            .flatten()
            .map(|(l, p)| (l.clone(), p.clone()))
            .collect();
        let mut ctx = self.context(lang, &alternates);
        let index_path = format!("{}/search-index.json", site.config.lang_prefix(lang));
        ctx.insert("search_index_url", &url(site, &index_path));
        self.set_url(&mut ctx, path);
        self.write_html(out, path, "search.html", &ctx)?;
        // The index shows every page of the language (`index` notes each), so `loa serve`
        // redraws it after any edit; the page above depends on none.
        let cache = self.record.as_ref().map(|_| &self.search_cache);
        let json = index(site, &self.theme, lang, cache);
        self.emit(out, &index_path, &json)?;
        Ok(2)
    }
}

#[derive(Serialize)]
struct Index<'a> {
    lang: &'a str,
    sections: BTreeMap<&'a str, &'a str>,
    pages: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    section: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "String::is_empty")]
    body: String,
}

/// Each page's index entry as JSON, kept by `loa serve` between rebuilds: after an edit only
/// the edited pages' entries are made again, not the folded text of every page of the site.
pub(super) type EntryCache = std::sync::Mutex<std::collections::HashMap<(usize, usize), String>>;

/// The index of `lang`'s pages as JSON. It shows every page of the language, and notes each
/// one as shown, so `loa serve` rewrites it after any edit.
fn index(site: &Site, theme: &Theme, lang: &Lang, cache: Option<&EntryCache>) -> Vec<u8> {
    let strings = theme.strings.get(lang);
    let mut ids: Vec<usize> = site
        .pages
        .iter()
        .filter(|p| &p.lang == lang)
        .map(|p| p.id)
        .collect();
    // Newest first, undated pages (slogans, learners, about pages) after, in id order.
    ids.sort_by_key(|&id| (std::cmp::Reverse(site.pages[id].date), id));
    let words = (BODY_WORDS_BUDGET / ids.len().max(1)).clamp(BODY_WORDS_MIN, BODY_WORDS_MAX);
    let entry = |id: usize| -> String {
        let p = &site.pages[id];
        let unit = p
            .unit()
            .and_then(|u| site.units.get(u))
            .map(|u| u.name.get(lang, site.config.default_lang()));
        let tags = match &p.data {
            PageData::News { tags, .. } => tags.iter().map(|t| t.name.as_str()).collect(),
            _ => Vec::new(),
        };
        let e = Entry {
            title: &p.title,
            url: url(site, &p.path),
            section: &p.section,
            date: p
                .date
                .map(|d| crate::theme::format_date(d, "short", strings)),
            unit,
            tags,
            summary: &p.summary,
            body: fold_words(&crate::text::strip_tags(&p.html.text()), words),
        };
        serde_json::to_string(&e).unwrap_or_default()
    };
    let mut cached = cache.and_then(|c| c.lock().ok());
    let mut pages = String::new();
    for (i, &id) in ids.iter().enumerate() {
        deps::saw(id);
        if i > 0 {
            pages.push(',');
        }
        match cached.as_deref_mut() {
            Some(c) => pages.push_str(c.entry((id, words)).or_insert_with(|| entry(id))),
            None => pages.push_str(&entry(id)),
        }
    }
    let sections: BTreeMap<&str, &str> = site
        .sections
        .iter()
        .filter(|((_, l), _)| l == lang)
        .map(|((name, _), s)| (name.as_str(), s.title.as_str()))
        .collect();
    // The same bytes serde_json writes for the whole `Index`, assembled from the entries.
    let head = serde_json::to_string(&Index {
        lang: lang.as_str(),
        sections,
        pages: Vec::new(),
    })
    .unwrap_or_default();
    let head = head.strip_suffix("[]}").unwrap_or(&head);
    format!("{head}[{pages}]}}").into_bytes()
}

/// Text as search matches it: lower case, no diacritics (`đ` → `d`), only letters and digits,
/// single spaces between words; at most `max_words` words. `js/search.js` folds the same way.
fn fold_words(text: &str, max_words: usize) -> String {
    // Folded a whitespace-separated piece at a time, stopping once there are enough words: a
    // province-sized site keeps 40 words of a page, and folding (NFD) the whole text of every
    // page was most of the index's time. Folding never moves whitespace, so this gives the same
    // words as folding the whole text first.
    let mut out = String::new();
    let mut count = 0;
    for piece in text.split_whitespace() {
        if count >= max_words {
            break;
        }
        let folded = crate::text::strip_diacritics(&piece.to_lowercase());
        for word in folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if count >= max_words {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            count += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_like_the_browser() {
        assert_eq!(
            fold_words("ĐỒNG HÀNH — Học tập suốt đời, 2023!", 100),
            "dong hanh hoc tap suot doi 2023"
        );
        assert_eq!(fold_words("một hai ba bốn", 2), "mot hai");
    }
}
