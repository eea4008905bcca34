//! The search page and its index, one per language, read by the theme's `js/search.js` in the
//! browser: search works offline and on any static host, with no service to run, and a query
//! fetches only the part of the index it needs.
//!
//! Files of a language (under its prefix, `/en/` for English):
//!
//! - `search-index.json`, the manifest: the index's version, the number of pages, the first
//!   key of each word shard and of each pair shard (the script finds a word's shard by binary
//!   search), the size of metadata chunks and the section names.
//! - `search-index/w<n>.bin` and `b<n>.bin`: every word of every page, and adjacent pairs of
//!   words for phrases (format: [`index`]).
//! - `search-index/p<n>.json`: what a result shows (title, URL, section, date, unit, tags,
//!   summary) for [`CHUNK`] pages, fetched only for the results shown.
//! - `search-index/facets.json`: each page's year, unit (and its kind) and tags, for filters
//!   with counts; fetched after the first results are shown.
//!
//! Pages are numbered newest first (undated ones after, in id order), which is the order ties
//! are shown in. The files keep their names from build to build; the script asks for them with
//! `?v=<version>`, so a browser or CDN never mixes shards of two builds.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use index::{PageWords, Text};

use super::views::url;
use super::{Renderer, deps};
use crate::error::{Error, Location, Result};
use crate::model::{PageData, PageId, Site};
use crate::theme::{I18nValue, Theme};
use crate::types::Lang;
use crate::write::Sink;

mod facets;
mod index;
mod postings;
mod words;

/// Pages per metadata chunk: a result list of 20 mostly-newest pages fetches one or two.
const CHUNK: usize = 16;

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

/// Each page's words, kept by `loa serve` between rebuilds: after an edit only the edited
/// pages are read again, not every word of the site.
pub(super) type WordsCache = std::sync::Mutex<HashMap<PageId, Arc<PageWords>>>;

impl Renderer {
    /// The search page of `lang` and its index files.
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
        let prefix = site.config.lang_prefix(lang);
        let manifest_path = format!("{prefix}/search-index.json");
        ctx.insert("search_index_url", &url(site, &manifest_path));
        self.set_url(&mut ctx, path);
        self.write_html(out, path, "search.html", &ctx)?;

        let ids = numbered(site, lang);
        let cache = self.record.as_ref().map(|_| &self.search_cache);
        let shards = index_words(site, lang, &ids, cache)?;
        // The shards' bytes move into the files written; the manifest keeps their first keys.
        let (word_keys, words): (Vec<String>, Vec<Vec<u8>>) = shards.words.into_iter().unzip();
        let (pair_keys, pairs): (Vec<String>, Vec<Vec<u8>>) = shards.pairs.into_iter().unzip();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (n, bytes) in words.into_iter().enumerate() {
            files.push((format!("w{n}.bin"), bytes));
        }
        for (n, bytes) in pairs.into_iter().enumerate() {
            files.push((format!("b{n}.bin"), bytes));
        }
        let strings = self.theme.strings.get(lang);
        for (n, chunk) in ids.chunks(CHUNK).enumerate() {
            let entries: Vec<Entry> = chunk
                .iter()
                .map(|&id| entry(site, lang, strings, id))
                .collect();
            files.push((format!("p{n}.json"), json(&entries)));
        }
        files.push((
            "facets.json".into(),
            json(&facets::facets(site, &self.theme, lang, &ids)),
        ));

        let mut version = blake3::Hasher::new();
        for (name, bytes) in &files {
            version.update(name.as_bytes());
            version.update(&(bytes.len() as u64).to_le_bytes());
            version.update(bytes);
        }
        let manifest = Manifest {
            v: version.finalize().to_hex()[..12].to_string(),
            lang: lang.as_str(),
            pages: ids.len(),
            chunk: CHUNK,
            words: word_keys.iter().map(String::as_str).collect(),
            pairs: pair_keys.iter().map(String::as_str).collect(),
            sections: site
                .sections
                .iter()
                .filter(|((_, l), _)| l == lang)
                .map(|((name, _), s)| (name.as_str(), s.title.as_str()))
                .collect(),
        };
        for (name, bytes) in &files {
            self.emit(out, &format!("{prefix}/search-index/{name}"), bytes)?;
        }
        // Only the manifest notes the pages it indexes: `loa serve` writes every file of the
        // index again whenever it writes the manifest, and a note of every page for each of
        // hundreds of shards would hold megabytes for nothing.
        for &id in &ids {
            deps::saw(id);
        }
        self.emit(out, &manifest_path, &json(&manifest))?;
        Ok(files.len() + 2)
    }
}

/// `lang`'s pages in index order: newest first, undated pages (slogans, learners, about pages)
/// after, in id order.
fn numbered(site: &Site, lang: &Lang) -> Vec<PageId> {
    let mut ids: Vec<PageId> = site
        .pages
        .iter()
        .filter(|p| &p.lang == lang)
        .map(|p| p.id)
        .collect();
    ids.sort_by_key(|&id| (std::cmp::Reverse(site.pages[id].date), id));
    ids
}

/// Pages read for words at a time: in parallel, while the words of the pages before are
/// added to the index, and dropped once added, so a province-sized site never holds the words of
/// every page at once (unless `loa serve` keeps them in `cache`).
const READ_AHEAD: usize = 256;

/// The index of `ids`, in that order, each page's words read in parallel or taken from `cache`.
fn index_words(
    site: &Site,
    lang: &Lang,
    ids: &[PageId],
    cache: Option<&WordsCache>,
) -> Result<index::Shards> {
    let read = |id: PageId| -> Result<Arc<PageWords>> {
        let p = &site.pages[id];
        let unit = p
            .unit()
            .and_then(|u| site.units.get(u))
            .map(|u| u.name.get(lang, site.config.default_lang()))
            .unwrap_or_default();
        let body = p.html.text()?;
        let mut texts = vec![
            Text(&p.title, false, index::TITLE),
            Text(&unit, false, index::META),
            Text(&p.summary, false, index::SUMMARY),
            Text(&body, true, index::BODY),
        ];
        if let PageData::News { tags, .. } = &p.data {
            texts.extend(tags.iter().map(|t| Text(&t.name, false, index::META)));
        }
        Ok(Arc::new(index::page_words(&texts)))
    };
    let cached: HashMap<PageId, Arc<PageWords>> = cache
        .and_then(|c| c.lock().ok().map(|c| c.clone()))
        .unwrap_or_default();
    let read_all = |chunk: &[PageId]| -> Result<Vec<Arc<PageWords>>> {
        chunk
            .par_iter()
            .map(|&id| cached.get(&id).cloned().map_or_else(|| read(id), Ok))
            .collect()
    };
    let mut builder = index::Builder::new(ids.len());
    let mut ready: Vec<Arc<PageWords>> = Vec::new();
    for chunk in ids.chunks(READ_AHEAD) {
        let ((), next) = rayon::join(
            || ready.iter().for_each(|w| builder.add(w)),
            || read_all(chunk),
        );
        let next = next?;
        if let Some(mut c) = cache.and_then(|c| c.lock().ok()) {
            for (&id, w) in chunk.iter().zip(&next) {
                c.entry(id).or_insert_with(|| w.clone());
            }
        }
        ready = next;
    }
    ready.iter().for_each(|w| builder.add(w));
    Ok(builder.finish())
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: String,
    lang: &'a str,
    pages: usize,
    chunk: usize,
    words: Vec<&'a str>,
    pairs: Vec<&'a str>,
    sections: BTreeMap<&'a str, &'a str>,
}

/// What a result shows of a page. Empty fields are left out.
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
}

fn entry<'a>(
    site: &'a Site,
    lang: &Lang,
    strings: Option<&crate::theme::Strings>,
    id: PageId,
) -> Entry<'a> {
    let p = &site.pages[id];
    Entry {
        title: &p.title,
        url: url(site, &p.path),
        section: &p.section,
        date: p
            .date
            .map(|d| crate::theme::format_date(d, "short", strings)),
        unit: p
            .unit()
            .and_then(|u| site.units.get(u))
            .map(|u| u.name.get(lang, site.config.default_lang())),
        tags: match &p.data {
            PageData::News { tags, .. } => tags.iter().map(|t| t.name.as_str()).collect(),
            _ => Vec::new(),
        },
        summary: &p.summary,
    }
}

/// serde_json cannot fail on these types (string keys, no maps of other keys).
fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}
