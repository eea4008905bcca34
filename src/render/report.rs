//! The results report of a campaign year (báo cáo kết quả, after the form the plans attach):
//! part I, the results, is counted from the year's news (activities per unit, per kind of unit
//! and per tag, participants, representative photos); parts II and III are the Markdown the
//! education office writes in `content/reports/<year>.md`. A CSV of part I goes beside it for
//! the office's spreadsheet.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::Kind;
use crate::model::{PageData, PageId, Site};
use crate::types::Lang;

#[derive(Debug, Serialize)]
pub struct ReportView {
    pub year: i32,
    pub units: Vec<UnitRow>,
    pub kinds: Vec<KindRow>,
    pub tags: Vec<TagRow>,
    pub activities: usize,
    pub participants: u64,
    /// News that gave no participant count (the totals leave them out).
    pub uncounted: usize,
    pub csv_url: String,
    /// News with photos, newest first: where representative photos come from.
    pub with_photos: Vec<PageId>,
}

#[derive(Debug, Serialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub url: String,
    pub activities: usize,
    pub participants: u64,
}

#[derive(Debug, Serialize)]
pub struct KindRow {
    pub kind: String,
    pub units: usize,
    pub activities: usize,
    pub participants: u64,
}

#[derive(Debug, Serialize)]
pub struct TagRow {
    pub name: String,
    pub activities: usize,
}

/// The news of `year` in `lang`, counted. `news` gets every news page read, so the caller can
/// note them as what the report shows.
pub fn report(
    site: &Site,
    lang: &Lang,
    year: i32,
    csv_url: String,
    news: &mut Vec<PageId>,
) -> ReportView {
    let mut units: BTreeMap<String, UnitRow> = BTreeMap::new();
    let mut tags: BTreeMap<String, TagRow> = BTreeMap::new();
    let (mut activities, mut participants, mut uncounted) = (0, 0u64, 0);
    let mut with_photos = Vec::new();
    let ids = site.section("news", lang).map_or(&[][..], |s| &s.pages);
    for &id in ids {
        let page = &site.pages[id];
        if page.kind != Kind::News || page.year() != Some(year) {
            continue;
        }
        let PageData::News {
            unit,
            tags: page_tags,
            participants: people,
            ..
        } = &page.data
        else {
            continue;
        };
        news.push(id);
        activities += 1;
        match people {
            Some(n) => participants += u64::from(*n),
            None => uncounted += 1,
        }
        if page.bundle.is_some() {
            with_photos.push(id);
        }
        let row = units.entry(unit.to_string()).or_insert_with(|| {
            let u = site.units.get(unit);
            UnitRow {
                id: unit.to_string(),
                name: u.map_or_else(
                    || unit.to_string(),
                    |u| u.name.get(lang, site.config.default_lang()),
                ),
                kind: u.map_or_else(String::new, |u| kind_key(u.kind)),
                url: super::views::url(site, &site.unit_path(unit, lang)),
                activities: 0,
                participants: 0,
            }
        });
        row.activities += 1;
        row.participants += people.map_or(0, u64::from);
        for t in page_tags {
            tags.entry(t.slug.to_string())
                .or_insert_with(|| TagRow {
                    name: t.name.clone(),
                    activities: 0,
                })
                .activities += 1;
        }
    }
    let mut kinds: BTreeMap<String, KindRow> = BTreeMap::new();
    for u in units.values() {
        let k = kinds.entry(u.kind.clone()).or_insert_with(|| KindRow {
            kind: u.kind.clone(),
            units: 0,
            activities: 0,
            participants: 0,
        });
        k.units += 1;
        k.activities += u.activities;
        k.participants += u.participants;
    }
    let mut units: Vec<UnitRow> = units.into_values().collect();
    units.sort_by(|a, b| {
        b.activities
            .cmp(&a.activities)
            .then_with(|| crate::text::sort_key(&a.name).cmp(&crate::text::sort_key(&b.name)))
    });
    let mut tags: Vec<TagRow> = tags.into_values().collect();
    tags.sort_by(|a, b| {
        b.activities
            .cmp(&a.activities)
            .then_with(|| a.name.cmp(&b.name))
    });
    ReportView {
        year,
        units,
        kinds: kinds.into_values().collect(),
        tags,
        activities,
        participants,
        uncounted,
        csv_url,
        with_photos,
    }
}

/// The i18n key of a unit kind (`unit_kind_school`), as the units index names them.
fn kind_key(kind: crate::content::units::UnitKind) -> String {
    let name = serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("unit_kind_{name}")
}

/// Part I as CSV (RFC 4180; UTF-8 with a byte-order mark so spreadsheet programs read the
/// diacritics right), one row per unit and a total row.
pub fn csv(r: &ReportView, header: [&str; 5], total: &str) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&header.map(field).join(","));
    out.push_str("\r\n");
    for u in &r.units {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            field(&u.id),
            field(&u.name),
            field(&u.kind),
            u.activities,
            u.participants
        ));
    }
    out.push_str(&format!(
        ",{},,{},{}\r\n",
        field(total),
        r.activities,
        r.participants
    ));
    out
}
