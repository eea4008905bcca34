//! The units index (units by parent and kind, with their news counts) and each unit's page: its
//! learners, sub-units, campaign kit and news, paginated.

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use super::lists::{ListOut, ListSpec};
use super::views::UnitView;
use crate::content::units::UnitKind;
use crate::error::Result;
use crate::types::{Lang, UnitId};
use crate::write::Sink;

#[derive(Serialize)]
struct UnitCount {
    unit: UnitView,
    news: usize,
}

#[derive(Serialize)]
struct ParentGroup {
    /// `None` for the units at the top of the registry.
    parent: Option<UnitView>,
    groups: Vec<UnitGroup>,
    /// Units and news in this group, for its heading.
    units: usize,
    news: usize,
}

#[derive(Serialize)]
struct UnitGroup {
    kind: &'static str,
    units: Vec<UnitCount>,
}

/// How the units index orders kinds of units.
pub(super) const KIND_ORDER: [&str; 6] = [
    "province",
    "district",
    "agency",
    "association",
    "ward",
    "school",
];

/// A kind of unit as templates and UI string keys name it (`unit_kind_school`).
pub(super) fn unit_kind_name(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Province => "province",
        UnitKind::District => "district",
        UnitKind::Ward => "ward",
        UnitKind::School => "school",
        UnitKind::Agency => "agency",
        UnitKind::Association => "association",
    }
}

impl Renderer {
    pub(super) fn units_index(&self, out: &dyn Sink, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let s = &site.sections[&("units".to_string(), lang.clone())];
        let mut ctx = self.context(lang, &self.section_alternates("units"));
        ctx.insert("section", &self.section_view(s));
        ctx.insert("unit_groups", &self.unit_groups(lang));
        ctx.insert("unit_parents", &self.unit_parents(lang));
        self.set_url(&mut ctx, &s.path);
        self.write_html(out, &s.path, "units.html", &ctx)?;
        Ok(1)
    }

    pub(super) fn unit(&self, out: ListOut, id: &UnitId, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let mut ctx = Context::new();
        ctx.insert("unit", &UnitView::new(site, id, lang));
        ctx.insert("kit", &self.handed.kits.get(id));
        let pages = site.unit_pages.get(&(id.clone(), lang.clone()));
        let learners: Vec<Value> = pages.map(|p| self.cards(&p.learners)).unwrap_or_default();
        ctx.insert("learners", &learners);
        let children: Vec<UnitView> = site
            .units
            .list
            .iter()
            .filter(|u| u.parent.as_ref() == Some(id))
            .filter_map(|u| UnitView::new(site, &u.id, lang))
            .collect();
        ctx.insert("children", &children);
        let parent = site
            .units
            .get(id)
            .and_then(|u| u.parent.as_ref())
            .and_then(|p| UnitView::new(site, p, lang));
        ctx.insert("parent", &parent);
        let news = pages.map(|p| p.news.clone()).unwrap_or_default();
        let lists: Vec<ListSpec> = site
            .config
            .langs()
            .map(|l| {
                ListSpec::new(
                    site,
                    l,
                    &site.unit_path(id, l),
                    self.news_count(id, l),
                    self.news_per_page(l),
                )
            })
            .collect();
        self.paginate(out, ctx, (lang, "units"), &lists, &news, "unit.html")
    }

    /// How many news unit `id` has in `lang`.
    fn news_count(&self, id: &UnitId, lang: &Lang) -> usize {
        self.site
            .unit_pages
            .get(&(id.clone(), lang.clone()))
            .map_or(0, |p| p.news.len())
    }

    /// The units index by parent: units without one first, then each unit with sub-units, in
    /// registry order; within each, the kinds as `unit_groups` orders them.
    fn unit_parents(&self, lang: &Lang) -> Vec<ParentGroup> {
        let site = &*self.site;
        let mut parents: Vec<Option<&UnitId>> = vec![None];
        for u in &site.units.list {
            if let Some(p) = &u.parent
                && !parents.contains(&Some(p))
            {
                parents.push(Some(p));
            }
        }
        let by_kind = self.unit_groups(lang);
        parents
            .into_iter()
            .map(|parent| {
                let groups: Vec<UnitGroup> = by_kind
                    .iter()
                    .map(|g| UnitGroup {
                        kind: g.kind,
                        units: g
                            .units
                            .iter()
                            .filter(|c| c.unit.parent.as_deref() == parent.map(|p| p.as_str()))
                            .map(|c| UnitCount {
                                unit: c.unit.clone(),
                                news: c.news,
                            })
                            .collect(),
                    })
                    .filter(|g| !g.units.is_empty())
                    .collect();
                ParentGroup {
                    parent: parent.and_then(|p| UnitView::new(site, p, lang)),
                    units: groups.iter().map(|g| g.units.len()).sum(),
                    news: groups.iter().flat_map(|g| &g.units).map(|c| c.news).sum(),
                    groups,
                }
            })
            .filter(|p| p.units > 0)
            .collect()
    }

    /// The units index by kind (in [`KIND_ORDER`]), each kind's units by name.
    fn unit_groups(&self, lang: &Lang) -> Vec<UnitGroup> {
        let site = &*self.site;
        let mut groups: Vec<UnitGroup> = Vec::new();
        for u in &site.units.list {
            let Some(view) = UnitView::new(site, &u.id, lang) else {
                continue;
            };
            let count = UnitCount {
                unit: view,
                news: self.news_count(&u.id, lang),
            };
            let kind = unit_kind_name(u.kind);
            match groups.iter_mut().find(|g| g.kind == kind) {
                Some(g) => g.units.push(count),
                None => groups.push(UnitGroup {
                    kind,
                    units: vec![count],
                }),
            }
        }
        groups.sort_by_key(|g| KIND_ORDER.iter().position(|o| *o == g.kind).unwrap_or(99));
        for g in &mut groups {
            g.units.sort_by(|a, b| {
                crate::text::sort_key(&a.unit.name).cmp(&crate::text::sort_key(&b.unit.name))
            });
        }
        groups
    }
}
