//! Single pages: each content page with its body, neighbours, photos, artwork and the extras of
//! its kind (a theme's year, a results report); and each language's 404 page.

use tera::{Context, Value};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::Renderer;
use super::cards::{Fields, FullCard, as_struct};
use super::lists::{ListOut, ListSpec, alternates, each_page, paginator};
use super::report::REPORTS;
use super::share::ShareImage;
use crate::content::Kind;
use crate::error::Result;
use crate::model::{Page, PageData, PageId};
use crate::types::Lang;
use crate::write::Sink;

impl Renderer {
    /// Page `id`, and for a theme with more news in its year than a page of news shows, the
    /// later pages of that list (of them, only page `only_page` when given).
    pub(super) fn page(&self, (out, only_page): ListOut, id: PageId) -> Result<usize> {
        let site = &*self.site;
        super::deps::saw(id);
        let page = &site.pages[id];
        let alternates: Vec<(Lang, String)> = site
            .translations(page)
            .iter()
            .map(|p| (p.lang.clone(), p.path.clone()))
            .collect();
        let mut ctx = self.context_near(&page.lang, &alternates, &page.section);
        let card = &self.cards.card(site, page).into_full(site, page);
        let content = self.fill_shortcodes(page, &ctx, card)?;
        ctx.insert(
            "photos_in_content",
            &page
                .shortcodes
                .iter()
                .any(|c| c.name == "gallery" && !c.args.iter().any(|(k, _)| k == "album")),
        );
        let full = FullPage {
            card,
            content: &content,
            toc: page
                .toc
                .iter()
                .map(|(level, id, title)| TocEntry {
                    level: *level,
                    id,
                    title,
                })
                .collect(),
        };
        ctx.insert("page", &full);
        self.set_url(&mut ctx, &page.path);
        if let Some(s) = site.section(&page.section, &page.lang) {
            ctx.insert("section", &self.section_view(s));
            let pos = s.pages.iter().position(|&p| p == id);
            let neighbour =
                |i: Option<usize>| i.and_then(|i| s.pages.get(i)).map(|&n| self.card(n));
            ctx.insert("newer", &neighbour(pos.and_then(|p| p.checked_sub(1))));
            ctx.insert("older", &neighbour(pos.map(|p| p + 1)));
        }
        if page.kind == Kind::Theme {
            ctx.insert("year_slogans", &self.year_slogans(page));
        }
        ctx.insert(
            "photos",
            &self
                .handed
                .photos
                .get(&id)
                .map_or(&[][..], |v| v.as_slice()),
        );
        if let Some(links) = self.handed.artwork.get(&id) {
            ctx.insert("artwork", links);
        }
        let share_image = self.page_share_image(page);
        if let Some(image) = &share_image {
            ctx.insert("share_image", image);
        }
        if page.section == REPORTS
            && let Some(year) = page.year()
        {
            self.report_extras(out, &mut ctx, page, year)?;
        }
        // A section's own stylesheet (`<section>_page.css` in the theme: a poster's paper size
        // for printing), rendered beside the page when it says anything, and then linked as
        // `page_css`: a strict Content-Security-Policy allows no <style> in the page itself.
        let stylesheet = format!("{}_page.css", page.section);
        if self.tera.contains_template(&stylesheet) {
            let css = self.render(&stylesheet, &ctx)?;
            if !css.trim().is_empty() {
                let rel = format!("{}page.css", page.path);
                self.emit(out, &rel, css.as_bytes())?;
                ctx.insert("page_css", &super::views::url(site, &rel));
            }
        }
        let template = match &page.template {
            Some(t) => self.chosen_template(t, &page.rel)?,
            None => self.first_template(
                &[
                    &format!("{}_page.html", page.section),
                    &format!("{}.html", kind_name(page.kind)),
                ],
                "page.html",
            ),
        };
        if page.kind == Kind::Theme {
            let own = (ctx, share_image.as_ref());
            return self.theme_pages((out, only_page), own, page, &template);
        }
        self.write_html(out, &page.path, &template, &ctx)?;
        Ok(1)
    }

    /// A theme's page with its year's news, a page of news at a time: the first page at the
    /// theme's path, page N at `path/<word>/N/` (as a unit's news). At a province's scale a year
    /// has thousands of news; all of them on one page made a page of 1.6 MB.
    fn theme_pages(
        &self,
        (out, only_page): ListOut,
        (ctx, share_image): (Context, Option<&ShareImage>),
        page: &Page,
        template: &str,
    ) -> Result<usize> {
        let site = &*self.site;
        let ids = self.in_year(page, "news");
        let lists: Vec<ListSpec> = site
            .translations(page)
            .into_iter()
            .map(|t| {
                let count = if t.id == page.id {
                    ids.len()
                } else {
                    self.in_year(t, "news").len()
                };
                ListSpec::new(site, &t.lang, &t.path, count, self.news_per_page(&t.lang))
            })
            .collect();
        each_page(&lists, &page.lang, only_page, |own, n| {
            let mut ctx = ctx.clone();
            let path = own.page_path(n);
            if n > 1 {
                self.set_languages(&mut ctx, &page.lang, &alternates(&lists, n), &page.section);
                self.set_url(&mut ctx, &path);
                if let Some(image) = share_image {
                    ctx.insert("share_image", image);
                }
            }
            ctx.insert("year_news", &self.cards(own.items(&ids, n)));
            ctx.insert("paginator", &paginator(site, own, n, ids.len()));
            self.write_html(out, &path, template, &ctx)
        })
    }

    /// The year's slogans, as cards.
    fn year_slogans(&self, page: &Page) -> Vec<Value> {
        self.cards(&self.in_year(page, "slogans"))
    }

    /// The pages of `section` in a theme page's language and for its year, in the section's
    /// order: a slogan by the years it is for, others by their date.
    fn in_year(&self, page: &Page, section: &str) -> Vec<PageId> {
        let site = &*self.site;
        let year = page.year();
        site.section(section, &page.lang)
            .map(|s| {
                s.pages
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let p = &site.pages[i];
                        let years = slogan_years(p);
                        years.iter().any(|y| Some(*y) == year)
                            || (years.is_empty() && p.year() == year)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn not_found(&self, out: &dyn Sink, lang: &Lang) -> Result<usize> {
        let mut ctx = self.context(lang, &[]);
        let path = format!("{}/404.html", self.site.config.lang_prefix(lang));
        self.set_url(&mut ctx, &path);
        self.write_file(out, &path, "404.html", &ctx)?;
        Ok(1)
    }
}

/// A page with its body, for its own page: the card's fields, then these.
struct FullPage<'a> {
    card: &'a FullCard,
    content: &'a str,
    toc: Vec<TocEntry<'a>>,
}

impl Fields for FullPage<'_> {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> std::result::Result<(), S::Error> {
        let FullPage { card, content, toc } = self;
        card.fields(s)?;
        s.serialize_field("content", content)?;
        s.serialize_field("toc", toc)
    }
}

impl Serialize for FullPage<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        as_struct("FullPage", 42, self, serializer)
    }
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

/// The campaign years a slogan is for (none for other pages).
pub(super) fn slogan_years(page: &Page) -> &[i32] {
    match &page.data {
        PageData::Slogan { years, .. } => years,
        _ => &[],
    }
}

/// The template name of a kind of page (`news` → `news.html`).
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Theme => "theme",
        Kind::Slogan => "slogan",
        Kind::News => "news",
        Kind::Learner => "learner",
        Kind::Pano => "pano",
        Kind::Page => "page",
    }
}
