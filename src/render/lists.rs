//! Lists of cards, split into pages: each section's list, the tag index and each tag's page;
//! and the pagination every list (units' news, a theme's year of news too) shares.

use serde::Serialize;
use tera::Context;

use super::views::{Paginator, PaginatorLink, TagView, page_window, url};
use super::{Renderer, deps};
use crate::error::Result;
use crate::model::{PageId, Site};
use crate::types::{Lang, Slug};
use crate::write::Sink;

/// The sink a list is written to, and the one page of it to write (`loa serve`), if not all.
pub(super) type ListOut<'a> = (&'a dyn Sink, Option<usize>);

/// One language's version of a paginated list.
pub(super) struct ListSpec {
    lang: Lang,
    path: String,
    word: String,
    per_page: usize,
    total_pages: usize,
}

impl ListSpec {
    pub(super) fn new(
        site: &Site,
        lang: &Lang,
        path: &str,
        count: usize,
        per_page: usize,
    ) -> ListSpec {
        let per_page = per_page.max(1);
        ListSpec {
            lang: lang.clone(),
            path: path.to_string(),
            word: site
                .config
                .language(lang)
                .map_or_else(|| "page".into(), |l| l.pagination_path.clone()),
            per_page,
            total_pages: count.div_ceil(per_page).max(1),
        }
    }

    pub(super) fn page_path(&self, n: usize) -> String {
        if n == 1 {
            self.path.clone()
        } else {
            format!("{}{}/{n}/", self.path, self.word)
        }
    }

    /// The items page `n` of the list shows.
    pub(super) fn items<'a>(&self, ids: &'a [PageId], n: usize) -> &'a [PageId] {
        let from = ((n - 1) * self.per_page).min(ids.len());
        &ids[from..(from + self.per_page).min(ids.len())]
    }
}

/// Where page `n` of a list is in each language whose list has that many pages.
pub(super) fn alternates(lists: &[ListSpec], n: usize) -> Vec<(Lang, String)> {
    lists
        .iter()
        .filter(|l| n <= l.total_pages)
        .map(|l| (l.lang.clone(), l.page_path(n)))
        .collect()
}

impl Renderer {
    /// A section's list page, paginated, in the section's template.
    pub(super) fn section_list(&self, out: ListOut, section: &(String, Lang)) -> Result<usize> {
        let site = &*self.site;
        let s = &site.sections[section];
        let mut ctx = Context::new();
        ctx.insert("section", &self.section_view(s));
        let template = match (&s.template, &s.rel) {
            (Some(t), Some(rel)) => self.chosen_template(t, rel)?,
            _ => self.first_template(&[&format!("{}_list.html", s.name)], "list.html"),
        };
        let lists: Vec<ListSpec> = site
            .config
            .langs()
            .filter_map(|l| site.section(&s.name, l))
            .map(|other| {
                ListSpec::new(
                    site,
                    &other.lang,
                    &other.path,
                    other.pages.len(),
                    other.paginate,
                )
            })
            .collect();
        let near = s.name.clone();
        self.paginate(out, ctx, (&s.lang, &near), &lists, &s.pages, &template)
    }

    /// Every tag of a language, the most used first.
    pub(super) fn tags_index(&self, out: &dyn Sink, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let s = &site.sections[&("tags".to_string(), lang.clone())];
        let mut ctx = self.context(lang, &self.section_alternates("tags"));
        ctx.insert("section", &self.section_view(s));
        #[derive(Serialize)]
        struct TagCount {
            name: String,
            url: String,
            count: usize,
        }
        let mut tags: Vec<TagCount> = site
            .tags
            .get(lang)
            .map(|t| {
                t.iter()
                    .map(|(slug, (name, ids))| TagCount {
                        name: name.clone(),
                        url: url(site, &site.tag_path(slug, lang)),
                        count: ids.len(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        tags.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| crate::text::sort_key(&a.name).cmp(&crate::text::sort_key(&b.name)))
        });
        ctx.insert("tags", &tags);
        self.set_url(&mut ctx, &s.path);
        self.write_html(out, &s.path, "tags.html", &ctx)?;
        Ok(1)
    }

    /// A tag's news, paginated.
    pub(super) fn tag(&self, out: ListOut, slug: &Slug, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let (name, ids) = &site.tags[lang][slug];
        let path = site.tag_path(slug, lang);
        // Tags are words of one language; the switcher goes to the other languages' tags.
        let mut ctx = Context::new();
        ctx.insert("tag", &TagView::new(site, slug, name, lang));
        if let Some(s) = site.section("tags", lang) {
            ctx.insert("section", &self.section_view(s));
        }
        let lists = [ListSpec::new(
            site,
            lang,
            &path,
            ids.len(),
            self.news_per_page(lang),
        )];
        self.paginate(out, ctx, (lang, "tags"), &lists, ids, "tag.html")
    }

    /// How many news a page of a list of news shows: the news section's `paginate`.
    pub(super) fn news_per_page(&self, lang: &Lang) -> usize {
        self.site
            .section("news", lang)
            .map_or(self.site.config.paginate, |s| s.paginate)
    }

    /// Renders a list in pages: page 1 at its path, page N at `path/<word>/N/`. `lists` holds
    /// the same list in every language, so page N's hreflang links go to page N of each
    /// translation that has that many pages; a language without goes to section `near`'s list
    /// (see [`Renderer::context_near`]). `extra` is added to each page's context.
    pub(super) fn paginate(
        &self,
        (out, only_page): ListOut,
        extra: Context,
        (lang, near): (&Lang, &str),
        lists: &[ListSpec],
        ids: &[PageId],
        template: &str,
    ) -> Result<usize> {
        let site = &*self.site;
        each_page(lists, lang, only_page, |own, n| {
            let mut ctx = self.context_near(lang, &alternates(lists, n), near);
            ctx.extend(extra.clone());
            ctx.insert("items", &self.cards(own.items(ids, n)));
            ctx.insert("paginator", &paginator(site, own, n, ids.len()));
            self.set_url(&mut ctx, &own.page_path(n));
            // Later pages of a list are shared with its first page's card.
            if let Some(card) = self.card_share_image(&own.page_path(1)) {
                ctx.insert("share_image", &card);
            }
            self.write_html(out, &own.page_path(n), template, &ctx)
        })
    }
}

/// Runs `page` for each page number of the list of `lists` in `lang` (only `only_page` when
/// given), returning how many it ran. Each page's record of what it shows (for `loa serve`)
/// starts from what its list's pages share, so page 7 does not depend on page 6's items.
pub(super) fn each_page(
    lists: &[ListSpec],
    lang: &Lang,
    only_page: Option<usize>,
    mut page: impl FnMut(&ListSpec, usize) -> Result<()>,
) -> Result<usize> {
    let own = lists
        .iter()
        .find(|l| &l.lang == lang)
        .expect("a list is always given in its own language");
    let (job, _) = deps::current();
    let shared = deps::mark();
    let mut written = 0;
    for n in (1..=own.total_pages).filter(|&n| only_page.is_none_or(|o| o == n)) {
        deps::back_to(shared);
        deps::set_current(job, Some(n));
        page(own, n)?;
        written += 1;
    }
    Ok(written)
}

/// The paginator of page `n` of a list of `total_items`.
pub(super) fn paginator(site: &Site, own: &ListSpec, n: usize, total_items: usize) -> Paginator {
    Paginator {
        current: n,
        total_pages: own.total_pages,
        total_items,
        first: url(site, &own.page_path(1)),
        last: url(site, &own.page_path(own.total_pages)),
        previous: (n > 1).then(|| url(site, &own.page_path(n - 1))),
        next: (n < own.total_pages).then(|| url(site, &own.page_path(n + 1))),
        links: page_window(n, own.total_pages)
            .into_iter()
            .map(|k| match k {
                Some(k) => PaginatorLink {
                    number: k,
                    url: url(site, &own.page_path(k)),
                    current: k == n,
                    gap: false,
                },
                None => PaginatorLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    }
}
