//! The results report of a campaign year (báo cáo kết quả, after the form the plans attach):
//! part I, the results, is counted from the year's news (activities per unit, per kind of unit
//! and per tag, participants, representative photos); parts II and III are the Markdown the
//! education office writes in `content/reports/<year>.md`. A CSV of part I goes beside it for
//! the office's spreadsheet.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::units::unit_kind_name;
use super::views::url;
use super::{Renderer, deps};
use crate::content::Kind;
use crate::content::frontmatter::ReportForm;
use crate::error::Result;
use crate::model::{Page, PageData, PageId, PhotoView, Site};
use crate::types::Lang;
use crate::write::Sink;

/// The section whose pages are a year's results report.
pub(super) const REPORTS: &str = "reports";

#[derive(Debug, Serialize)]
struct ReportView {
    year: i32,
    units: Vec<UnitRow>,
    kinds: Vec<KindRow>,
    tags: Vec<TagRow>,
    activities: usize,
    participants: u64,
    /// The campaign's own counts (its profile's `counts`), each added up over the year's news.
    counts: Vec<Count>,
    /// News that gave no participant count (the totals leave them out).
    uncounted: usize,
    csv_url: String,
    /// News with photos, newest first: where representative photos come from.
    with_photos: Vec<PageId>,
    /// The administrative form it prints in (`form:` of the report page).
    form: Option<ReportForm>,
}

#[derive(Debug, Serialize)]
struct UnitRow {
    id: String,
    name: String,
    kind: String,
    url: String,
    activities: usize,
    participants: u64,
    /// Whether any of its news gave a number of participants: a unit that gave none has not
    /// reported it, which the report says instead of showing 0.
    reported: bool,
    /// The campaign's own counts, in the profile's order.
    counts: Vec<Count>,
}

/// One of the campaign's own counts (`counts:` of news posts), added up.
#[derive(Debug, Clone, Serialize)]
struct Count {
    id: String,
    /// Its name in the reader's language (`count_<id>` of the campaign's words).
    name: String,
    total: u64,
    /// Whether any news added up here gave it.
    reported: bool,
}

impl Count {
    /// Adds what one news post gave (`None`: it did not give this count).
    fn add(&mut self, n: Option<u64>) {
        self.total += n.unwrap_or(0);
        self.reported |= n.is_some();
    }
}

/// Adds `from` to `to`, count by count (both in the profile's order).
fn add_counts(to: &mut [Count], from: &[Count]) {
    for (t, f) in to.iter_mut().zip(from) {
        t.add(f.reported.then_some(f.total));
    }
}

#[derive(Debug, Serialize)]
struct KindRow {
    kind: String,
    units: usize,
    activities: usize,
    participants: u64,
    reported: bool,
    counts: Vec<Count>,
}

#[derive(Debug, Serialize)]
struct TagRow {
    name: String,
    activities: usize,
}

impl Renderer {
    /// A results report page (`content/reports/<year>.md`): part I counted from the year's
    /// news, in the context as `report` with `report_photos`, and its CSV written beside it.
    pub(super) fn report_extras(
        &self,
        out: &dyn Sink,
        ctx: &mut Context,
        page: &Page,
        year: i32,
    ) -> Result<()> {
        let site = &*self.site;
        let csv_path = format!("{}report-{year}.csv", page.path);
        let mut news = Vec::new();
        let text = |key: &str| self.theme.text(&page.lang, key);
        let counts: Vec<Count> = site
            .config
            .profile
            .counts
            .iter()
            .map(|id| Count {
                id: id.clone(),
                name: text(&format!("count_{id}")),
                total: 0,
                reported: false,
            })
            .collect();
        let mut view = report(
            site,
            (&page.lang, year),
            &counts,
            url(site, &csv_path),
            &mut news,
        );
        for &id in &news {
            deps::saw(id);
        }
        // Up to six photos, one per activity, newest first.
        let photos: Vec<&PhotoView> = view
            .with_photos
            .iter()
            .filter_map(|id| self.handed.photos.get(id).and_then(|p| p.first()))
            .take(6)
            .collect();
        // Kinds of units in the reader's words, on the page and in the CSV.
        for u in &mut view.units {
            u.kind = text(&u.kind);
        }
        for k in &mut view.kinds {
            k.kind = text(&k.kind);
        }
        let mut header = vec![
            text("report_unit_id"),
            text("report_unit"),
            text("report_unit_kind"),
            text("report_activities"),
            text("report_participants"),
        ];
        header.extend(counts.iter().map(|c| c.name.clone()));
        let csv = csv(&view, &header, &text("report_total"));
        self.emit(out, &csv_path, csv.as_bytes())?;
        if let PageData::Page { form, .. } = &page.data {
            view.form = form.as_deref().cloned();
        }
        ctx.insert("report", &view);
        ctx.insert("report_photos", &photos);
        Ok(())
    }
}

/// The news of `year` in `lang`, counted; `counts` are the campaign's own counts, named and at
/// zero. `news` gets every news page read, so the caller can note them as what the report shows.
fn report(
    site: &Site,
    (lang, year): (&Lang, i32),
    counts: &[Count],
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
            shown,
            ..
        } = &page.data
        else {
            continue;
        };
        news.push(id);
        activities += 1;
        let people = &shown.participants;
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
                url: url(site, &site.unit_path(unit, lang)),
                activities: 0,
                participants: 0,
                reported: false,
                counts: counts.to_vec(),
            }
        });
        row.activities += 1;
        row.participants += people.map_or(0, u64::from);
        row.reported |= people.is_some();
        for c in &mut row.counts {
            c.add(shown.counts.get(&c.id).copied());
        }
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
            reported: false,
            counts: counts.to_vec(),
        });
        k.units += 1;
        k.activities += u.activities;
        k.participants += u.participants;
        k.reported |= u.reported;
        add_counts(&mut k.counts, &u.counts);
    }
    let mut totals = counts.to_vec();
    for u in units.values() {
        add_counts(&mut totals, &u.counts);
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
        counts: totals,
        uncounted,
        csv_url,
        with_photos,
        form: None,
    }
}

/// The i18n key of a unit kind (`unit_kind_school`), as the units index names them.
fn kind_key(kind: crate::content::units::UnitKind) -> String {
    format!("unit_kind_{}", unit_kind_name(kind))
}

/// Part I as CSV (RFC 4180; UTF-8 with a byte-order mark so spreadsheet programs read the
/// diacritics right), one row per unit and a total row.
fn csv(r: &ReportView, header: &[String], total: &str) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("\u{feff}");
    // Empty, not 0, for a unit that did not report it.
    let number = |n: u64, reported: bool| {
        if reported {
            n.to_string()
        } else {
            String::new()
        }
    };
    let counts = |counts: &[Count]| -> String {
        counts
            .iter()
            .map(|c| format!(",{}", number(c.total, c.reported)))
            .collect()
    };
    let header: Vec<String> = header.iter().map(|h| field(h)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for u in &r.units {
        out.push_str(&format!(
            "{},{},{},{},{}{}\r\n",
            field(&u.id),
            field(&u.name),
            field(&u.kind),
            u.activities,
            number(u.participants, u.reported),
            counts(&u.counts),
        ));
    }
    let totals: String = r.counts.iter().map(|c| format!(",{}", c.total)).collect();
    out.push_str(&format!(
        ",{},,{},{}{}\r\n",
        field(total),
        r.activities,
        r.participants,
        totals
    ));
    out
}
