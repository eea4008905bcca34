//! What search results can be filtered by, with counts: the year, the unit, the kind of unit
//! and the tags of every page of a language (`search-index/facets.json`).
//!
//! ```json
//! { "year": { "values": [["2025", "2025"], …], "of": [1, 1, 2, 0, …] },
//!   "kind": { "values": [["school", "Trường học, trung tâm"], …] },
//!   "unit": { "values": [["thpt-a", "Trường THPT A", 0], …], "of": [3, 0, …] },
//!   "tag":  { "values": [["doc-sach", "đọc sách"], …], "of": [[0, 4], [], …] } }
//! ```
//!
//! A value is its id in the address (`?unit=thpt-a`) and its label; a unit's third field is the
//! index of its kind. `of` gives each page, in index order, the index of its value plus one (0:
//! none); for tags, the list of its tags' indexes. Years come newest first, units and tags in
//! Vietnamese dictionary order of their labels, kinds in the order of the units page.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{PageData, PageId, Site};
use crate::render::units::{KIND_ORDER, unit_kind_name};
use crate::theme::{I18nValue, Theme};
use crate::types::Lang;

#[derive(Serialize)]
pub(super) struct Facets {
    year: Facet,
    kind: Labels,
    unit: UnitFacet,
    tag: TagFacet,
}

#[derive(Serialize)]
struct Facet {
    values: Vec<(String, String)>,
    of: Vec<u32>,
}

#[derive(Serialize)]
struct Labels {
    values: Vec<(&'static str, String)>,
}

#[derive(Serialize)]
struct UnitFacet {
    values: Vec<(String, String, usize)>,
    of: Vec<u32>,
}

#[derive(Serialize)]
struct TagFacet {
    values: Vec<(String, String)>,
    of: Vec<Vec<u32>>,
}

/// The facets of `ids`, the language's pages in index order.
pub(super) fn facets(site: &Site, theme: &Theme, lang: &Lang, ids: &[PageId]) -> Facets {
    let pages = || ids.iter().map(|&id| &site.pages[id]);
    let default = site.config.default_lang();

    let years: BTreeSet<i32> = pages().filter_map(|p| p.year()).collect();
    let years: Vec<i32> = years.into_iter().rev().collect();
    let year = Facet {
        values: years
            .iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect(),
        of: pages()
            .map(|p| p.year().and_then(|y| years.iter().position(|&x| x == y)))
            .map(|i| i.map_or(0, |i| i as u32 + 1))
            .collect(),
    };

    let mut units: Vec<&crate::content::units::Unit> = pages()
        .filter_map(|p| p.unit())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|u| site.units.get(u))
        .collect();
    units.sort_by_cached_key(|u| crate::text::sort_key(&u.name.get(lang, default)));
    let kinds: Vec<&'static str> = KIND_ORDER
        .into_iter()
        .filter(|k| units.iter().any(|u| unit_kind_name(u.kind) == *k))
        .collect();
    let strings = theme.strings.get(lang);
    let kind = Labels {
        values: kinds
            .iter()
            .map(|&k| {
                let label = match strings.and_then(|s| s.get(&format!("unit_kind_{k}"))) {
                    Some(I18nValue::Text(t)) => t.clone(),
                    _ => k.to_string(),
                };
                (k, label)
            })
            .collect(),
    };
    let unit_index: HashMap<&str, u32> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i as u32 + 1))
        .collect();
    let unit = UnitFacet {
        values: units
            .iter()
            .map(|u| {
                let kind = unit_kind_name(u.kind);
                (
                    u.id.as_str().to_string(),
                    u.name.get(lang, default),
                    kinds.iter().position(|k| *k == kind).unwrap_or(0),
                )
            })
            .collect(),
        of: pages()
            .map(|p| {
                p.unit()
                    .and_then(|u| unit_index.get(u.as_str()))
                    .copied()
                    .unwrap_or(0)
            })
            .collect(),
    };

    // A tag is its slug; the label is the first spelling met, newest page first.
    let mut labels: HashMap<&str, &str> = HashMap::new();
    for p in pages() {
        if let PageData::News { tags, .. } = &p.data {
            for t in tags {
                labels.entry(t.slug.as_str()).or_insert(&t.name);
            }
        }
    }
    let mut slugs: Vec<&str> = labels.keys().copied().collect();
    slugs.sort_by_cached_key(|s| (crate::text::sort_key(labels[s]), s.to_string()));
    let tag_index: HashMap<&str, u32> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let tag = TagFacet {
        values: slugs
            .iter()
            .map(|s| (s.to_string(), labels[s].to_string()))
            .collect(),
        of: pages()
            .map(|p| match &p.data {
                PageData::News { tags, .. } => {
                    let mut of: Vec<u32> =
                        tags.iter().map(|t| tag_index[t.slug.as_str()]).collect();
                    of.sort_unstable();
                    of.dedup();
                    of
                }
                _ => Vec::new(),
            })
            .collect(),
    };
    Facets {
        year,
        kind,
        unit,
        tag,
    }
}
