//! The home page of each language: its section text, the latest news, featured learners and
//! this year's slogans.

use tera::{Context, Value};

use super::Renderer;
use super::pages::slogan_years;
use crate::error::Result;
use crate::model::PageId;
use crate::types::Lang;
use crate::write::Sink;

impl Renderer {
    pub(super) fn home(&self, out: &dyn Sink, lang: &Lang) -> Result<usize> {
        let site = &*self.site;
        let mut ctx: Context = self.context(lang, &self.section_alternates(""));
        let home = &site.homes[lang];
        ctx.insert("section", &self.section_view(home));
        ctx.insert("latest_news", &self.latest("news", lang, 6));
        // The most recently honoured learners lead the home page.
        let mut learners: Vec<PageId> = site
            .section("learners", lang)
            .map_or_else(Vec::new, |s| s.pages.clone());
        learners.sort_by_key(|&id| std::cmp::Reverse(site.pages[id].year()));
        let featured = self.cards(learners.iter().take(3));
        ctx.insert("featured_learners", &featured);
        // This year's slogans only: another year's under "Slogans of <this year>" would
        // be wrong, so before any are published the template says so instead. A site
        // without campaign years shows them all, unlabelled.
        let all: &[PageId] = site.section("slogans", lang).map_or(&[], |s| &s.pages);
        let year = site.current_year;
        let slogans: Vec<Value> = all
            .iter()
            .filter(|&&id| year.is_none_or(|y| slogan_years(&site.pages[id]).contains(&y)))
            .map(|&id| self.card(id))
            .collect();
        ctx.insert("slogans_year", &year);
        ctx.insert("current_slogans", &slogans);
        self.set_url(&mut ctx, &site.home_path(lang));
        self.write_html(out, &site.home_path(lang), "home.html", &ctx)?;
        Ok(1)
    }
}
