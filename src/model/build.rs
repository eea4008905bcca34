//! Documents → [`Site`]: sections first (page URLs need their segments), then pages, links,
//! Markdown bodies, section lists, tags and units' pages, each a named step of [`Site::build`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::body::{Source, render_markdown};
use super::html::Bodies;
use super::page::make_page;
use super::shortcodes::Shortcodes;
use super::validate::{check_config_targets, check_duplicate_urls};
use super::*;
use crate::content::frontmatter::{SectionFront, SortBy};
use crate::content::quarantine::Quarantine;
use crate::content::{Document, Front, Kind, Loaded};
use crate::error::{Error, Location, Result};

/// Sections by (name, language), and the home "section" of each language.
type Sections = BTreeMap<(String, Lang), Section>;
type Homes = BTreeMap<Lang, Section>;
/// Tags per language: slug → (display name, news pages newest first).
type Tags = BTreeMap<Lang, BTreeMap<Slug, (String, Vec<PageId>)>>;

impl Site {
    /// Makes the model of a loaded site. Every error of a step is reported (with file and
    /// line) before the next step runs, so one build lists all the mistakes of one kind.
    pub(crate) fn build(config: Config, loaded: Loaded, opts: &BuildOptions) -> Result<Site> {
        let Loaded {
            documents,
            units,
            mut assets,
            mut warnings,
            mut quarantine,
        } = loaded;
        // In place: a partition into two new lists would hold every document twice.
        let mut page_docs = documents;
        let index_docs: Vec<Document> = page_docs.extract_if(.., |d| d.is_index).collect();
        // Sections first: page URLs need each section's URL segment.
        let (mut sections, mut homes) =
            make_sections(&config, &index_docs, &page_docs, &mut warnings)?;
        let pages = make_pages(&config, &units, &sections, page_docs, opts, &mut quarantine)?;
        check_duplicate_urls(&config, &units, &pages, &sections)?;
        let mut links = Arc::new(make_links(&config, &pages, &sections));
        // Markdown after URLs, so `@/` links can be resolved to the page's own language.
        let before = pages.len();
        let shortcodes = Shortcodes::new(&opts.shortcodes, &links, &assets, &pages);
        let bodies = Bodies::new(&config.root.join(".loa-cache"));
        let inputs = BodyInputs {
            units: &units,
            links: &links,
            shortcodes: &shortcodes,
            bodies: &bodies,
        };
        let pages = render_bodies(&inputs, pages, &mut sections, &mut homes, &mut quarantine)?;
        drop(shortcodes);
        if pages.len() < before {
            // Pages were quarantined: ids and links name only the pages that remain. Links
            // made to a quarantined page keep its URL, where its previous version stays.
            links = Arc::new(make_links(&config, &pages, &sections));
        }
        let bundles: Vec<&std::path::Path> = quarantine.bundles().collect();
        assets.retain(|(b, _)| !bundles.contains(&b.as_path()));
        fill_sections(&pages, &mut sections);
        let (tags, unit_pages) = index_tags_and_units(&pages);
        check_config_targets(&config, &sections, &links.by_key)?;
        let current_year = config.campaign.current_year.or_else(|| {
            pages
                .iter()
                .filter(|p| p.kind == Kind::Theme)
                .filter_map(|p| p.year())
                .max()
        });
        let newest = pages.iter().filter_map(|p| p.date).max();
        Ok(Site {
            config,
            units,
            pages,
            sections,
            homes,
            links,
            tags,
            unit_pages,
            assets,
            newest,
            current_year,
            warnings,
            quarantined: quarantine.into_list(),
        })
    }
}

/// Every section in every language (a language without its own `_index.<lang>.md` gets the
/// default language's), plus `units` and `tags`, and each language's home.
fn make_sections(
    config: &Config,
    index_docs: &[Document],
    page_docs: &[Document],
    warnings: &mut Vec<String>,
) -> Result<(Sections, Homes)> {
    let mut homes = BTreeMap::new();
    let mut errors = Vec::new();
    let mut sections: BTreeMap<(String, Lang), Section> = BTreeMap::new();
    for d in index_docs {
        let Front::Section(f) = &d.front else {
            continue;
        };
        if d.key.contains('/') {
            warnings.push(format!(
                "{}: `_index.md` is only read at the top of a section (content/<section>/_index.md); this one is ignored",
                d.rel.display()
            ));
            continue;
        }
        if let Some(path) = f.path.as_deref().filter(|p| !is_url_folder(p)) {
            errors.push(Error::content(
                d.at_field("path"),
                format!("`path: {}` is not a folder name for URLs", crate::text::ellipsis(path, 60)),
                "write the section's URL folder, e.g. `path: news` or `path: tin-tuc`, without `.` or `..` parts and at most 120 characters a part (`path: \"\"` puts its pages at the top of the site)",
            ));
            continue;
        }
        let section = make_section(config, &d.key, &d.lang, Some((f, d)));
        if d.key.is_empty() {
            homes.insert(d.lang.clone(), section);
        } else {
            sections.insert((d.key.clone(), d.lang.clone()), section);
        }
    }
    let mut section_names: Vec<String> = page_docs.iter().map(|d| d.section.clone()).collect();
    section_names.extend(["units".to_string(), "tags".to_string()]);
    section_names.sort();
    section_names.dedup();
    for name in section_names.iter().filter(|n| !n.is_empty()) {
        for lang in config.langs() {
            let default_version = sections
                .get(&(name.clone(), config.default_lang().clone()))
                .cloned();
            sections
                .entry((name.clone(), lang.clone()))
                .or_insert_with(|| match default_version {
                    // A language with no `_index.<lang>.md` keeps the default language's
                    // segment, so its URLs still exist, and gets the title as a fallback.
                    Some(mut s) => {
                        s.lang = lang.clone();
                        s.path = section_path(config, lang, &s.segment);
                        s.pages.clear();
                        s
                    }
                    None => make_section(config, name, lang, None),
                });
        }
    }
    for lang in config.langs() {
        homes
            .entry(lang.clone())
            .or_insert_with(|| make_section(config, "", lang, None));
    }
    Error::from_list(errors)?;
    Ok((sections, homes))
}

/// Whether a section's `path:` names a folder of the site: one or more URL segments, none of
/// them empty, `.` or `..` (which would publish the section over another one, or outside the
/// output), or the empty path of a section whose pages live at the top.
fn is_url_folder(path: &str) -> bool {
    let path = path.trim_matches('/');
    path.is_empty()
        || path.split('/').all(|s| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && !s.contains('\\')
                && s.len() <= crate::types::Slug::MAX_LEN
        })
}

/// Pages of every document (drafts left out unless asked for), in key and language order,
/// their ids their places in that order.
fn make_pages(
    config: &Config,
    units: &Units,
    sections: &Sections,
    page_docs: Vec<Document>,
    opts: &BuildOptions,
    quarantine: &mut Quarantine,
) -> Result<Vec<Page>> {
    let mut errors = Vec::new();
    let mut pages: Vec<Page> = Vec::new();
    for d in page_docs {
        let (key, rel, bundle) = (d.key.clone(), d.rel.clone(), d.bundle.clone());
        let unit = d.front.unit().cloned();
        match make_page(config, units, sections, d, opts) {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(e) => errors.extend(quarantine.take(
                units,
                &key,
                unit.as_ref(),
                &rel,
                bundle.as_deref(),
                e,
            )),
        }
    }
    Error::from_list(errors)?;
    let pages = leave_out(pages, quarantine);
    Ok(pages)
}

/// The pages that are not quarantined, in key order, numbered: a page id is its place here.
/// Every language of a quarantined page goes, as translations inherit from the original.
fn leave_out(mut pages: Vec<Page>, quarantine: &mut Quarantine) -> Vec<Page> {
    pages.retain(|p| quarantine.keeps(&p.key, &p.rel));
    pages.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
    for (i, p) in pages.iter_mut().enumerate() {
        p.id = i;
    }
    pages
}

/// What `@/` links resolve against: pages by key and every page's and section's URL.
fn make_links(config: &Config, pages: &[Page], sections: &Sections) -> Links {
    Links {
        by_key: pages
            .iter()
            .map(|p| ((p.key.clone(), p.lang.clone()), p.id))
            .collect(),
        paths: pages.iter().map(|p| p.path.clone()).collect(),
        section_paths: sections
            .iter()
            .map(|(k, s)| (k.clone(), s.path.clone()))
            .collect(),
        config: config.clone(),
    }
}

/// Markdown to HTML for every page and section page. Each page's Markdown is replaced by its
/// HTML as soon as that is made, so the bodies of a province-sized site are never held twice.
/// What rendering the bodies reads: the units (whose news is sanitised), the links `@/`
/// resolves to, the theme's shortcodes, and where the HTML is kept.
struct BodyInputs<'a> {
    units: &'a Units,
    links: &'a Links,
    shortcodes: &'a Shortcodes<'a>,
    bodies: &'a Bodies,
}

fn render_bodies(
    inputs: &BodyInputs,
    mut pages: Vec<Page>,
    sections: &mut Sections,
    homes: &mut Homes,
    quarantine: &mut Quarantine,
) -> Result<Vec<Page>> {
    let BodyInputs {
        units,
        links,
        shortcodes,
        bodies,
    } = *inputs;
    let resolve_ctx = links;
    let failed: Vec<(PageId, Error)> = pages
        .par_iter_mut()
        .filter_map(|p| {
            let markdown = std::mem::take(&mut p.markdown).text();
            let source = Source::of(units, p);
            let rendered = render_markdown(resolve_ctx, &source, &markdown)
                .and_then(|(md, calls)| shortcodes.check(p, &calls).map(|()| (md, calls)));
            match rendered {
                Ok((md, calls)) => {
                    drop(markdown);
                    p.take_markdown(md, calls, Some(bodies));
                    None
                }
                Err(e) => Some((p.id, e)),
            }
        })
        .collect();
    let page_errors: Vec<Error> = failed
        .into_iter()
        .filter_map(|(id, e)| {
            let p = &pages[id];
            quarantine.take(units, &p.key, p.unit(), &p.rel, p.bundle.as_deref(), e)
        })
        .collect();
    let section_rendered: Vec<(String, Lang, Result<_>)> = sections
        .values()
        .chain(homes.values())
        .filter_map(|s| {
            let rel = s.rel.as_ref()?;
            let source = Source {
                lang: &s.lang,
                rel,
                body_line: s.body_line,
                trusted: true,
            };
            let md = render_markdown(resolve_ctx, &source, &s.html);
            Some((s.name.clone(), s.lang.clone(), md))
        })
        .collect();
    let mut errors = page_errors;
    for (name, lang, r) in section_rendered {
        match r {
            Ok((md, calls)) => {
                if let Some(c) = calls.first() {
                    let s = if name.is_empty() {
                        homes.get(&lang)
                    } else {
                        sections.get(&(name.clone(), lang.clone()))
                    };
                    if let Some(rel) = s.and_then(|s| s.rel.as_ref()) {
                        errors.push(Error::content(
                            Location::line(rel, s.map_or(0, |s| s.body_line) + c.line),
                            format!("`{{{{ {}(…) }}}}`: shortcodes work in pages, not in section pages (_index.md)", c.name),
                            "move it to a page, or write the HTML in the section's template",
                        ));
                    }
                }
                let target = if name.is_empty() {
                    homes.get_mut(&lang)
                } else {
                    sections.get_mut(&(name, lang))
                };
                if let Some(s) = target {
                    s.html = md.html;
                }
            }
            Err(e) => errors.push(e),
        }
    }
    Error::from_list(errors)?;
    Ok(if quarantine.is_empty() {
        pages
    } else {
        leave_out(pages, quarantine)
    })
}

/// Each section's list of pages, sorted as the section asks.
fn fill_sections(pages: &[Page], sections: &mut Sections) {
    for p in pages {
        if let Some(s) = sections.get_mut(&(p.section.clone(), p.lang.clone())) {
            s.pages.push(p.id);
        }
    }
    for s in sections.values_mut() {
        sort_pages(&mut s.pages, pages, s.sort_by);
    }
}

/// Tag pages' lists (newest first) and each unit's news (newest first) and learners (by name).
fn index_tags_and_units(pages: &[Page]) -> (Tags, HashMap<(UnitId, Lang), UnitPages>) {
    let mut tags: Tags = BTreeMap::new();
    let mut unit_pages: HashMap<(UnitId, Lang), UnitPages> = HashMap::new();
    for p in pages {
        match &p.data {
            PageData::News {
                tags: page_tags,
                unit,
                ..
            } => {
                for t in page_tags {
                    tags.entry(p.lang.clone())
                        .or_default()
                        .entry(t.slug.clone())
                        .or_insert_with(|| (t.name.clone(), Vec::new()))
                        .1
                        .push(p.id);
                }
                unit_pages
                    .entry((unit.clone(), p.lang.clone()))
                    .or_default()
                    .news
                    .push(p.id);
            }
            PageData::Learner { unit, .. } => unit_pages
                .entry((unit.clone(), p.lang.clone()))
                .or_default()
                .learners
                .push(p.id),
            _ => {}
        }
    }
    for list in tags.values_mut() {
        for (_, ids) in list.values_mut() {
            sort_pages(ids, pages, SortBy::Date);
        }
    }
    for up in unit_pages.values_mut() {
        sort_pages(&mut up.news, pages, SortBy::Date);
        sort_pages(&mut up.learners, pages, SortBy::Title);
    }
    (tags, unit_pages)
}

fn section_path(config: &Config, lang: &Lang, segment: &str) -> String {
    let prefix = config.lang_prefix(lang);
    if segment.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{segment}/")
    }
}

fn default_sort(name: &str) -> SortBy {
    match Kind::of_section(name) {
        Kind::News => SortBy::Date,
        Kind::Theme => SortBy::Year,
        Kind::Slogan => SortBy::Order,
        Kind::Learner => SortBy::Title,
        Kind::Pano | Kind::Page => SortBy::Weight,
    }
}

fn make_section(
    config: &Config,
    name: &str,
    lang: &Lang,
    front: Option<(&SectionFront, &Document)>,
) -> Section {
    let f = front.map(|(f, _)| f.clone()).unwrap_or_default();
    let segment = f
        .path
        .clone()
        .map(|p| p.trim_matches('/').to_string())
        .unwrap_or_else(|| name.to_string());
    let title = f.title.clone().unwrap_or_else(|| {
        let mut c = name.chars();
        c.next()
            .map(|first| first.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    Section {
        name: name.to_string(),
        lang: lang.clone(),
        title,
        description: f.description.clone().unwrap_or_default(),
        path: section_path(config, lang, &segment),
        segment,
        sort_by: f.sort_by.unwrap_or_else(|| default_sort(name)),
        paginate: f.paginate.unwrap_or(config.paginate).max(1),
        template: f.template.clone(),
        // Holds the Markdown until the model renders it to HTML.
        html: front.map(|(_, d)| d.body.text()).unwrap_or_default(),
        pages: Vec::new(),
        rel: front.map(|(_, d)| d.rel.clone()),
        body_line: front.map_or(1, |(_, d)| d.body_line),
    }
}
