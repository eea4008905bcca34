//! The files read by machines rather than people: the sitemap (one file, or an index of parts on
//! a big site) with each URL's translations, robots.txt, which points to it, and the hosts'
//! `_headers`.

use serde::Serialize;
use tera::Context;

use super::views::{Alternate, permalink};
use super::{Job, Renderer};
use crate::error::Result;
use crate::model::PageId;
use crate::types::{Lang, Slug, UnitId};
use crate::write::Sink;

/// The sitemap protocol allows 50 000 URLs per file; like Zola, loa splits well before that and
/// writes `sitemap.xml` as an index of `sitemap1.xml`, `sitemap2.xml`, … instead.
const SITEMAP_MAX_URLS: usize = 30_000;

/// The template, and the file, of the headers hosts such as Netlify and Cloudflare Pages send.
pub(super) const HEADERS: &str = "_headers";

enum SitemapEntry {
    Home(Lang),
    Section((String, Lang)),
    Unit(UnitId, Lang),
    Tag(Slug, Lang),
    Page(PageId),
}

#[derive(Serialize)]
struct Entry {
    url: String,
    lastmod: Option<String>,
    alternates: Vec<Alternate>,
}

impl Renderer {
    /// The sitemap's jobs: one file, or the index and its parts.
    pub(super) fn sitemap_jobs(&self) -> Vec<Job> {
        let parts = self.sitemap_entries().len().div_ceil(SITEMAP_MAX_URLS);
        if parts <= 1 {
            vec![Job::Sitemap(0)]
        } else {
            std::iter::once(Job::SitemapIndex(parts))
                .chain((1..=parts).map(Job::Sitemap))
                .collect()
        }
    }

    /// `sitemap.xml` (`part` 0), or `sitemap<part>.xml` of a split sitemap.
    pub(super) fn sitemap(&self, out: &dyn Sink, part: usize) -> Result<usize> {
        let all = self.sitemap_entries();
        let (name, chunk) = match part {
            0 => ("sitemap.xml".to_string(), &all[..]),
            n => {
                let start = (n - 1) * SITEMAP_MAX_URLS;
                let end = (start + SITEMAP_MAX_URLS).min(all.len());
                (format!("sitemap{n}.xml"), &all[start..end])
            }
        };
        let ctx = self.sitemap_context(chunk);
        self.write_file(out, &name, "sitemap.xml", &ctx)?;
        Ok(1)
    }

    /// `sitemap.xml` as the index of `parts` parts.
    pub(super) fn sitemap_index(&self, out: &dyn Sink, parts: usize) -> Result<usize> {
        let mut ctx = Context::new();
        let sitemaps: Vec<String> = (1..=parts)
            .map(|n| permalink(&self.site, &format!("/sitemap{n}.xml")))
            .collect();
        ctx.insert("sitemaps", &sitemaps);
        self.write_file(out, "sitemap.xml", "sitemap_index.xml", &ctx)?;
        Ok(1)
    }

    pub(super) fn robots(&self, out: &dyn Sink) -> Result<usize> {
        let mut ctx = Context::new();
        ctx.insert("sitemap", &permalink(&self.site, "/sitemap.xml"));
        self.write_file(out, "robots.txt", "robots.txt", &ctx)?;
        Ok(1)
    }

    /// `_headers`, for the hosts that read it: the theme's template of that name.
    pub(super) fn headers(&self, out: &dyn Sink) -> Result<usize> {
        let mut ctx = Context::new();
        // The CMS's admin page needs a policy of its own (its script, its Git host's API).
        if let Some(cms) = &self.site.config.cms {
            ctx.insert("cms_origins", &cms.origins());
        }
        self.write_file(out, HEADERS, HEADERS, &ctx)?;
        Ok(1)
    }

    /// Every URL of the site in sitemap order, as references: the URLs themselves are only
    /// made for the part of the sitemap being written.
    fn sitemap_entries(&self) -> Vec<SitemapEntry> {
        let site = &*self.site;
        let mut entries = Vec::new();
        entries.extend(site.config.langs().map(|l| SitemapEntry::Home(l.clone())));
        entries.extend(
            site.sections
                .iter()
                .filter(|(_, s)| !s.segment.is_empty())
                .map(|(k, _)| SitemapEntry::Section(k.clone())),
        );
        for lang in site.config.langs() {
            entries.extend(
                site.units
                    .list
                    .iter()
                    .map(|u| SitemapEntry::Unit(u.id.clone(), lang.clone())),
            );
        }
        for (lang, tags) in &site.tags {
            entries.extend(
                tags.keys()
                    .map(|slug| SitemapEntry::Tag(slug.clone(), lang.clone())),
            );
        }
        entries.extend(site.pages.iter().map(|p| SitemapEntry::Page(p.id)));
        entries
    }

    fn sitemap_context(&self, entries: &[SitemapEntry]) -> Context {
        let site = &*self.site;
        let alts = |list: Vec<(Lang, String)>| -> Vec<Alternate> {
            if list.len() < 2 {
                return Vec::new();
            }
            list.iter()
                .map(|(l, p)| Alternate::new(site, l, p))
                .collect()
        };
        let entry = |e: &SitemapEntry| match e {
            SitemapEntry::Home(lang) => Entry {
                url: permalink(site, &site.home_path(lang)),
                lastmod: None,
                alternates: alts(self.section_alternates("")),
            },
            SitemapEntry::Section(key) => {
                let s = &site.sections[key];
                Entry {
                    url: permalink(site, &s.path),
                    lastmod: None,
                    alternates: alts(self.section_alternates(&s.name)),
                }
            }
            SitemapEntry::Unit(id, lang) => Entry {
                url: permalink(site, &site.unit_path(id, lang)),
                lastmod: None,
                alternates: alts(
                    site.config
                        .langs()
                        .map(|l| (l.clone(), site.unit_path(id, l)))
                        .collect(),
                ),
            },
            // Tags are words of one language, so their pages have no alternates.
            SitemapEntry::Tag(slug, lang) => Entry {
                url: permalink(site, &site.tag_path(slug, lang)),
                lastmod: None,
                alternates: Vec::new(),
            },
            SitemapEntry::Page(id) => {
                let p = &site.pages[*id];
                Entry {
                    url: permalink(site, &p.path),
                    lastmod: p.date.map(|d| d.iso()),
                    alternates: alts(
                        site.translations(p)
                            .iter()
                            .map(|t| (t.lang.clone(), t.path.clone()))
                            .collect(),
                    ),
                }
            }
        };
        let entries: Vec<Entry> = entries.iter().map(entry).collect();
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        ctx
    }
}
