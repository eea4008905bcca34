//! `@/` links: the content key a link names, and the URL it resolves to in a language.

use std::collections::{BTreeMap, HashMap};

use super::PageId;
use crate::config::Config;
use crate::types::Lang;

/// The content key named by an `@/` link target: `news/x.md`, `news/x/index.md`, `news/x/` and
/// `news/x.en.md` all name `news/x`.
pub(crate) fn link_key(target: &str, config: &Config) -> String {
    let mut key = target
        .trim_start_matches("@/")
        .trim_end_matches('/')
        .to_string();
    for suffix in ["/_index.md", "/index.md", ".md"] {
        if let Some(k) = key.strip_suffix(suffix) {
            key = k.to_string();
            break;
        }
    }
    if let Some((base, l)) = key.rsplit_once('.')
        && config.has_lang(l)
    {
        key = base.to_string();
    }
    if let Some(k) = key.strip_suffix("/_index") {
        key = k.to_string();
    }
    if key == "_index" {
        key.clear();
    }
    crate::text::nfc(&key)
}

/// Pages by key and the URL path of every page and section: what `@/` links resolve against.
pub(crate) struct Links {
    pub(crate) by_key: HashMap<(String, Lang), PageId>,
    /// Site-relative URL path of each page, by id.
    pub(crate) paths: Vec<String>,
    pub(super) section_paths: BTreeMap<(String, Lang), String>,
    pub(super) config: Config,
}

impl Links {
    pub(crate) fn has_lang(&self, lang: &Lang) -> bool {
        self.config.has_lang(lang.as_str())
    }

    /// Resolves `@/news/x.md` to the URL of that content in `lang`, falling back to the default
    /// language when the page has no translation. Sections (`@/news/`) resolve to their list page.
    pub(crate) fn resolve(&self, lang: &Lang, target: &str) -> Option<String> {
        let (by_key, config) = (&self.by_key, &self.config);
        let key = link_key(target, config);
        let base_path = config.base_path();
        // The page in this language, else in the default language, else in any language it has.
        let found = by_key
            .get(&(key.clone(), lang.clone()))
            .or_else(|| by_key.get(&(key.clone(), config.default_lang().clone())))
            .or_else(|| {
                config
                    .langs()
                    .find_map(|l| by_key.get(&(key.clone(), l.clone())))
            });
        if let Some(&id) = found {
            return Some(format!("{base_path}{}", self.paths[id]));
        }
        if key.is_empty() {
            return Some(format!("{base_path}{}/", config.lang_prefix(lang)));
        }
        self.section_paths
            .get(&(key, lang.clone()))
            .map(|p| format!("{base_path}{p}"))
    }
}
