//! What every output of a language shares: the base context (site, UI strings, menu, sections,
//! the current campaign), made once per language, and per output its URL, the language switcher
//! and hreflang alternates.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::Renderer;
use super::views::{Alternate, LangLink, permalink, url};
use crate::model::{Page, PageData, Section};
use crate::types::Lang;

/// A section as templates see it (`section`, `sections.<name>`).
#[derive(Serialize)]
pub(super) struct SectionView {
    name: String,
    title: String,
    description: String,
    url: String,
    content: String,
    total: usize,
}

/// The dates of this year's campaign period, from which the default theme says in the reader's browser
/// whether it is still ahead, running or over. Not said at build time: a page built weeks ago
/// would say what was true then, and the same site would give different output every day.
#[derive(Serialize)]
struct CampaignStatus {
    start: String,
    end: String,
}

impl CampaignStatus {
    fn new(theme: &Page) -> Option<CampaignStatus> {
        let PageData::Theme { start, end, .. } = theme.data else {
            return None;
        };
        Some(CampaignStatus {
            start: start.iso(),
            end: end.iso(),
        })
    }
}

impl Renderer {
    /// Context shared by every page of a language, plus the switcher and hreflang links for
    /// this output's translations; a language without one is linked to its home.
    pub(super) fn context(&self, lang: &Lang, alternates: &[(Lang, String)]) -> Context {
        self.context_near(lang, alternates, "")
    }

    /// [`Renderer::context`], where a language without a translation of this output is linked
    /// to the list of section `near` in that language (a news post without English → the
    /// English news), or to its home when it has no such section or `near` is empty.
    pub(super) fn context_near(
        &self,
        lang: &Lang,
        alternates: &[(Lang, String)],
        near: &str,
    ) -> Context {
        let mut ctx = self.base[lang].clone();
        self.set_languages(&mut ctx, lang, alternates, near);
        ctx
    }

    /// The switcher (`languages`) and hreflang links (`alternates`) of an output whose
    /// translations are at `alternates`, as [`Renderer::context_near`] makes them: for a page
    /// whose later pages of a list have translations of their own.
    pub(super) fn set_languages(
        &self,
        ctx: &mut Context,
        lang: &Lang,
        alternates: &[(Lang, String)],
        near: &str,
    ) {
        let site = &*self.site;
        let links: Vec<LangLink> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let translated = alternates.iter().find(|(al, _)| al == &l.code);
                let section = (!near.is_empty())
                    .then(|| site.section(near, &l.code))
                    .flatten();
                let (path, fallback) = match (translated, section) {
                    (Some((_, p)), _) => (p.clone(), String::new()),
                    (None, Some(s)) => (s.path.clone(), s.title.clone()),
                    (None, None) => (site.home_path(&l.code), String::new()),
                };
                LangLink {
                    code: l.code.to_string(),
                    name: l.name.clone(),
                    url: url(site, &path),
                    translated: translated.is_some(),
                    fallback,
                    current: &l.code == lang,
                }
            })
            .collect();
        let alts: Vec<Alternate> = if alternates.len() > 1 {
            alternates
                .iter()
                .map(|(l, p)| Alternate::new(site, l, p))
                .collect()
        } else {
            Vec::new()
        };
        ctx.insert("languages", &links);
        ctx.insert("alternates", &alts);
    }

    /// The output's own URL (for "current page" marks) and its absolute canonical URL.
    /// The page's URL, canonical URL and, when one was drawn with its title, its share card
    /// (content pages with a picture of their own show that instead: `page_share_image`).
    pub(super) fn set_url(&self, ctx: &mut Context, path: &str) {
        ctx.insert("page_url", &url(&self.site, path));
        ctx.insert("canonical", &permalink(&self.site, path));
        if let Some(card) = self.card_share_image(path) {
            ctx.insert("share_image", &card);
        }
    }

    /// The home page (`name` empty) or section `name` in every language that has it.
    pub(super) fn section_alternates(&self, name: &str) -> Vec<(Lang, String)> {
        self.site
            .config
            .langs()
            .filter_map(|l| {
                if name.is_empty() {
                    Some((l.clone(), self.site.home_path(l)))
                } else {
                    self.site
                        .section(name, l)
                        .map(|s| (l.clone(), s.path.clone()))
                }
            })
            .collect()
    }

    pub(super) fn section_view(&self, s: &Section) -> SectionView {
        SectionView {
            name: s.name.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
            url: url(&self.site, &s.path),
            content: s.html.clone(),
            total: s.pages.len(),
        }
    }

    /// What every output of `lang` shows: the site, UI strings, home and feed URLs, the menu,
    /// every section, and the current campaign theme with its status.
    pub(super) fn base_context(&self, lang: &Lang) -> Context {
        let site = &*self.site;
        let config = &site.config;
        let lc = config.language(lang).expect("language from config");
        let mut ctx = Context::new();
        #[derive(Serialize)]
        struct SiteView<'a> {
            title: &'a str,
            description: &'a str,
            base_url: &'a str,
            base_path: &'a str,
            default_lang: &'a str,
            organiser: Option<String>,
            contact: Option<ContactView>,
            generator: &'static str,
        }
        #[derive(Serialize)]
        struct ContactView {
            address: Option<String>,
            phone: Option<String>,
            /// The phone number as a `tel:` link takes it: digits and a leading `+`.
            tel: Option<String>,
            email: Option<String>,
            url: Option<String>,
        }
        let contact = config.campaign.contact.as_ref().map(|c| ContactView {
            address: c
                .address
                .as_ref()
                .map(|a| a.get(lang, config.default_lang())),
            phone: c.phone.clone(),
            tel: c.phone.as_ref().map(|p| {
                p.chars()
                    .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                    .collect()
            }),
            email: c.email.clone(),
            url: c.page.as_ref().and_then(|p| site.content_url(p, lang)),
        });
        ctx.insert(
            "site",
            &SiteView {
                title: &lc.title,
                description: &lc.description,
                base_url: &config.base_url,
                base_path: config.base_path(),
                default_lang: config.default_lang().as_str(),
                organiser: config
                    .campaign
                    .organiser
                    .as_ref()
                    .map(|o| o.get(lang, config.default_lang())),
                contact,
                generator: concat!("loa ", env!("CARGO_PKG_VERSION")),
            },
        );
        ctx.insert("lang", lang.as_str());
        ctx.insert("t", &self.theme.strings[lang]);
        ctx.insert("home_url", &url(site, &site.home_path(lang)));
        ctx.insert("home_permalink", &permalink(site, &site.home_path(lang)));
        ctx.insert(
            "feed_url",
            &url(site, &format!("{}/atom.xml", config.lang_prefix(lang))),
        );
        ctx.insert(
            "search_url",
            &self
                .search
                .as_ref()
                .and_then(|s| s.get(lang))
                .map(|p| url(site, p)),
        );
        ctx.insert("menu", &self.menu(lang));
        ctx.insert("share_image", &self.site_share_image(lang));
        let sections: BTreeMap<String, SectionView> = site
            .sections
            .iter()
            .filter(|((_, l), _)| l == lang)
            .map(|((name, _), s)| (name.clone(), self.section_view(s)))
            .collect();
        ctx.insert("sections", &sections);
        ctx.insert("current_year", &site.current_year);
        let current_theme = site
            .current_year
            .and_then(|y| site.theme_of_year(y, lang))
            .map(|p| self.card(p.id));
        ctx.insert("current_theme", &current_theme);
        ctx.insert(
            "campaign_status",
            &current_theme.and_then(|_| {
                let theme = site.theme_of_year(site.current_year?, lang)?;
                CampaignStatus::new(theme)
            }),
        );
        ctx
    }

    /// The site's menu in `lang`: each entry a section, a content page or a URL.
    fn menu(&self, lang: &Lang) -> Vec<MenuView> {
        let site = &*self.site;
        let config = &site.config;
        let lc = config.language(lang).expect("language from config");
        lc.menu
            .iter()
            .map(|m| {
                let (u, external) = if let Some(s) = &m.section {
                    let path = site
                        .section(s, lang)
                        .map(|s| s.path.clone())
                        .unwrap_or_else(|| site.home_path(lang));
                    (url(site, &path), false)
                } else if let Some(p) = &m.page {
                    let target = site
                        .content_url(p, lang)
                        .unwrap_or_else(|| url(site, &site.home_path(lang)));
                    (target, false)
                } else {
                    let raw = m.url.clone().unwrap_or_default();
                    if raw.contains("://") {
                        (raw, true)
                    } else {
                        let rel = format!(
                            "{}/{}",
                            config.lang_prefix(lang),
                            raw.trim_start_matches('/')
                        );
                        (url(site, &rel), false)
                    }
                };
                MenuView {
                    name: m.name.clone(),
                    url: u,
                    external,
                    section: m.section.clone(),
                }
            })
            .collect()
    }
}

#[derive(Serialize)]
struct MenuView {
    name: String,
    url: String,
    external: bool,
    section: Option<String>,
}
