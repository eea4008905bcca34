//! `loa serve`'s patch: pages read again replace the old ones when every list, URL and file
//! stays as it was; anything else asks for a full build.

use super::body::{Source, render_markdown};
use super::page::make_page;
use super::shortcodes::Shortcodes;
use super::sort::in_order;
use super::*;
use crate::content::Document;
use crate::content::frontmatter::SortBy;
use crate::error::Result;

/// What re-reading some pages (`Site::patch`) changed.
#[derive(Debug)]
pub(crate) enum Patch {
    /// Only what these pages show: lists, order, URLs and files are as they were.
    Pages(Vec<PageId>),
    /// The site's structure: it must be built again.
    Structure,
}

impl Site {
    /// Puts pages read again from their files in place of the old ones, for `loa serve`. Only
    /// changes that leave every list, URL and file as it was are taken; anything else is
    /// `Patch::Structure` and the site is left unchanged.
    pub(crate) fn patch(&mut self, docs: Vec<Document>, opts: &BuildOptions) -> Result<Patch> {
        let mut fresh: Vec<Page> = Vec::new();
        // Once for all the pages read again: it indexes every bundle's photos.
        let shortcodes = Shortcodes::new(&opts.shortcodes, &self.links, &self.assets, &self.pages);
        for d in docs {
            if d.is_index {
                return Ok(Patch::Structure);
            }
            let Some(&id) = self.links.by_key.get(&(d.key.clone(), d.lang.clone())) else {
                return Ok(Patch::Structure);
            };
            // None: the page became a draft, so it leaves the site.
            let Some(mut page) = make_page(&self.config, &self.units, &self.sections, d, opts)?
            else {
                return Ok(Patch::Structure);
            };
            page.id = id;
            let markdown = std::mem::take(&mut page.markdown).text();
            let (md, calls) =
                render_markdown(&self.links, &Source::of(&self.units, &page), &markdown)?;
            shortcodes.check(&page, &calls)?;
            page.take_markdown(md, calls, None);
            if !self.pages[id].same_structure(&page) {
                return Ok(Patch::Structure);
            }
            fresh.push(page);
        }
        let page_of = |id: PageId| fresh.iter().find(|p| p.id == id).unwrap_or(&self.pages[id]);
        for p in &fresh {
            let mut lists: Vec<(&[PageId], SortBy)> = Vec::new();
            if let Some(s) = self.sections.get(&(p.section.clone(), p.lang.clone())) {
                lists.push((&s.pages, s.sort_by));
            }
            if let Some(unit) = p.unit()
                && let Some(up) = self.unit_pages.get(&(unit.clone(), p.lang.clone()))
            {
                lists.push((&up.news, SortBy::Date));
                lists.push((&up.learners, SortBy::Title));
            }
            if let PageData::News { tags, .. } = &p.data {
                for t in tags {
                    if let Some((_, ids)) = self.tags.get(&p.lang).and_then(|l| l.get(&t.slug)) {
                        lists.push((ids, SortBy::Date));
                    }
                }
            }
            for (ids, by) in lists {
                if let Some(pos) = ids.iter().position(|&i| i == p.id)
                    && !in_order(ids, pos, by, page_of)
                {
                    return Ok(Patch::Structure);
                }
            }
        }
        let ids = fresh.iter().map(|p| p.id).collect();
        for p in fresh {
            let id = p.id;
            self.pages[id] = p;
        }
        Ok(Patch::Pages(ids))
    }
}

impl Page {
    /// Whether `other` (the same page read again) differs only in what it shows: its text,
    /// title, summary and such, not its URL, date, unit, tags, pictures or template, which
    /// decide what lists it is on and which files exist. Lists sorted by title are checked
    /// apart (`in_order`).
    fn same_structure(&self, other: &Page) -> bool {
        match (self.structure(), other.structure()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// The page with what it only shows blanked out. Every field not blanked here counts as
    /// structure, so a field added to pages is structural until someone says otherwise: serve
    /// then rebuilds more than it must, never shows a stale list. `None` for kinds whose every
    /// edit is structural: themes are in every page's context, slogans and panos are drawn.
    fn structure(&self) -> Option<Page> {
        if matches!(self.kind, Kind::Theme | Kind::Slogan | Kind::Pano) {
            return None;
        }
        let mut p = self.clone();
        p.id = 0;
        p.title.clear();
        p.summary.clear();
        p.description.clear();
        p.html = Default::default();
        p.shortcodes.clear();
        p.toc.clear();
        p.word_count = 0;
        p.body_line = 0;
        match &mut p.data {
            PageData::News { shown, .. } => *shown = NewsShown::default(),
            PageData::Learner { name, quote, .. } => {
                name.clear();
                *quote = None;
            }
            _ => {}
        }
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_page;

    fn news(participants: Option<u32>, tag: &str) -> PageData {
        PageData::News {
            unit: crate::types::UnitId::parse("phuong-an-my").unwrap(),
            tags: vec![crate::model::page::Tag {
                name: tag.into(),
                slug: crate::types::Slug::from_text(tag),
            }],
            cover: None,
            shown: NewsShown {
                participants,
                ..NewsShown::default()
            },
        }
    }

    #[test]
    fn what_a_page_only_shows_is_not_structure_and_the_rest_is() {
        let before = test_page(
            0,
            "Khai mạc",
            Some("2023-10-02"),
            news(Some(40), "đọc sách"),
        );
        let mut shown = before.clone();
        shown.title = "Khai mạc ngày hội".into();
        shown.html = super::Html::new("<p>Đã sửa</p>");
        shown.data = news(Some(85), "đọc sách");
        assert!(before.same_structure(&shown));
        let mut dated = before.clone();
        dated.date = Date::parse("2023-10-03");
        assert!(!before.same_structure(&dated));
        let mut tagged = before.clone();
        tagged.data = news(Some(40), "kỹ năng số");
        assert!(!before.same_structure(&tagged));
        let mut captioned = before.clone();
        captioned
            .captions
            .insert("anh-1.jpg".into(), "Lễ khai mạc".into());
        assert!(!before.same_structure(&captioned));
        // Themes are in every page's context: any edit is structure.
        let theme = test_page(
            1,
            "2023",
            None,
            PageData::Page {
                weight: 0,
                form: None,
            },
        );
        let mut theme = theme;
        theme.kind = crate::content::Kind::Theme;
        assert!(!theme.same_structure(&theme.clone()));
    }
}
