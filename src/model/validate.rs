//! Checks across pages: site.yaml names what exists, no two outputs share a URL.

use std::collections::{BTreeMap, HashMap};

use super::{PageId, Section, link_key};
use crate::config::Config;
use crate::content::units::Units;
use crate::error::{Error, Location, Result};
use crate::types::Lang;

use super::Page;

/// What site.yaml names in the content must exist: a menu entry's section or page (a misspelt
/// target would otherwise quietly link to the home page) and the contact page; and the contact
/// e-mail must be an address. All found by their line in site.yaml.
pub(super) fn check_config_targets(
    config: &Config,
    sections: &BTreeMap<(String, Lang), Section>,
    by_key: &HashMap<(String, Lang), PageId>,
) -> Result<()> {
    let text = &config.source;
    let at = |needle: &str| match text.lines().position(|l| l.contains(needle)) {
        Some(i) => Location::line(&config.file, i + 1),
        None => Location::file(&config.file),
    };
    let mut errors = Vec::new();
    let exists = |page: &str| {
        let key = link_key(page, config);
        config
            .langs()
            .any(|l| by_key.contains_key(&(key.clone(), l.clone())))
    };
    let contact = config.campaign.contact.as_ref();
    if let Some(page) = contact.and_then(|c| c.page.as_ref())
        && !exists(page)
    {
        errors.push(Error::config(
            at(&format!("page: {page}")),
            format!("the contact page `{page}` does not exist"),
            "give the path of a Markdown file below content/, e.g. pages/lien-he.md",
        ));
    }
    if let Some(email) = contact.and_then(|c| c.email.as_ref())
        && !is_email(email)
    {
        errors.push(Error::config(
            at(&format!("email: {email}")),
            format!("`email: {email}` is not an e-mail address"),
            "write it as name@domain, e.g. tuanle@example.vn",
        ));
    }
    for lc in &config.languages {
        for item in &lc.menu {
            if let Some(name) = &item.section
                && !sections.contains_key(&(name.clone(), lc.code.clone()))
            {
                let mut known: Vec<&str> = sections
                    .keys()
                    .filter(|(_, l)| l == &lc.code)
                    .map(|(n, _)| n.as_str())
                    .collect();
                known.dedup();
                errors.push(Error::config(
                    at(&format!("section: {name}")),
                    format!(
                        "menu item `{}` names section `{name}`, which does not exist",
                        item.name
                    ),
                    format!("use a folder of content/: {}", known.join(", ")),
                ));
            }
            if let Some(page) = &item.page
                && !exists(page)
            {
                errors.push(Error::config(
                    at(&format!("page: {page}")),
                    format!(
                        "menu item `{}` names page `{page}`, which does not exist",
                        item.name
                    ),
                    "give the path of a Markdown file below content/, e.g. pages/gioi-thieu.md",
                ));
            }
        }
    }
    Error::from_list(errors)
}

/// `name@domain.tld`, without spaces or characters that would end a `mailto:` link.
fn is_email(s: &str) -> bool {
    let ok = |part: &str| {
        !part.is_empty()
            && !part.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '?' | '&')
            })
    };
    s.split_once('@').is_some_and(|(name, domain)| {
        ok(name) && ok(domain) && domain.contains('.') && !domain.contains('@')
    })
}

/// Two outputs at one URL would silently overwrite each other: every page must have a URL that
/// no other page, home page, section list or unit page uses.
pub(super) fn check_duplicate_urls(
    config: &Config,
    units: &Units,
    pages: &[Page],
    sections: &BTreeMap<(String, Lang), Section>,
) -> Result<()> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut errors = Vec::new();
    for lang in config.langs() {
        seen.insert(
            format!("{}/", config.lang_prefix(lang)),
            format!("the {lang} home page"),
        );
    }
    for s in sections.values().filter(|s| !s.segment.is_empty()) {
        let owner = match &s.rel {
            Some(rel) => rel.display().to_string(),
            None => format!("the list page of content/{}/", s.name),
        };
        if let Some(other) = seen.insert(s.path.clone(), owner) {
            let at = s.rel.as_deref().map_or_else(
                || Location::file(&config.file),
                |rel| Location::line(rel, 2),
            );
            errors.push(Error::content(
                at,
                format!(
                    "the list of content/{}/ would be published at {}, which {other} already uses",
                    s.name, s.path
                ),
                "give `path:` in the section's _index file a folder name no other section uses",
            ));
        }
        if s.name == "units" {
            for u in &units.list {
                seen.insert(
                    format!("{}{}/", s.path, u.id),
                    format!("the page of unit `{}`", u.id),
                );
            }
        }
    }
    for p in pages {
        if let Some(other) = seen.insert(p.path.clone(), p.rel.display().to_string()) {
            errors.push(Error::content(
                Location::file(&p.rel),
                format!(
                    "this page would be published at {}, which {other} already uses",
                    p.path
                ),
                "give this page a different `slug:` in its front matter",
            ));
        }
    }
    Error::from_list(errors)
}
