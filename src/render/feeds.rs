//! Atom feeds: each language's latest news, and each unit's news beside its page.

use super::Renderer;
use super::views::{UnitView, permalink};
use crate::error::Result;
use crate::types::{Date, Lang, UnitId};
use crate::write::Sink;

impl Renderer {
    /// `/atom.xml`, `/en/atom.xml`: the newest news of a language.
    pub(super) fn feed(&self, out: &dyn Sink, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let mut ctx = self.context(lang, &[]);
        let items = self.latest("news", lang, site.config.feed_limit);
        let updated = site
            .section("news", lang)
            .and_then(|s| s.pages.first())
            .and_then(|&id| site.pages[id].date)
            .or(site.newest)
            .unwrap_or(Date::EPOCH);
        ctx.insert("items", &items);
        ctx.insert("updated", &updated);
        let path = format!("{}/atom.xml", site.config.lang_prefix(lang));
        ctx.insert("feed_permalink", &permalink(site, &path));
        self.write_file(out, &path, "atom.xml", &ctx)?;
        Ok(1)
    }

    /// `<unit page>atom.xml`: a unit's newest news, titled with the unit's name.
    pub(super) fn unit_feed(&self, out: &dyn Sink, id: &UnitId, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let mut ctx = self.context(lang, &[]);
        let ids = site
            .unit_pages
            .get(&(id.clone(), lang.clone()))
            .map(|p| p.news.as_slice())
            .unwrap_or_default();
        let items = self.cards(ids.iter().take(site.config.feed_limit));
        let updated = ids
            .first()
            .and_then(|&i| site.pages[i].date)
            .or(site.newest)
            .unwrap_or(Date::EPOCH);
        ctx.insert("items", &items);
        ctx.insert("updated", &updated);
        let page = site.unit_path(id, lang);
        let path = format!("{page}atom.xml");
        ctx.insert("feed_permalink", &permalink(site, &path));
        ctx.insert("home_permalink", &permalink(site, &page));
        ctx.insert("feed_title", &UnitView::new(site, id, lang).map(|u| u.name));
        self.write_file(out, &path, "atom.xml", &ctx)?;
        Ok(1)
    }
}
