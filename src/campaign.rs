//! The campaign profile: what one campaign calls things, which loa's model checks content
//! against. The theme's `campaign.yaml` gives the default profile (the default theme's is the
//! campaign the project began with); `campaign:` in site.yaml replaces any of its values. Nothing
//! in Rust code names a campaign, its period or its categories, so a site can run another
//! campaign without a new loa.
//!
//! A profile has three parts:
//! - `categories`: the ids a learner page's `category:` may take;
//! - `counts`: the ids a news post's `counts:` may give numbers for, which the results report
//!   adds up (participants are counted for every campaign);
//! - `words`: per language, the UI strings that are the campaign's vocabulary (its name, the
//!   headers of its artwork, each category's and count's name). They sit between the theme's
//!   i18n and the site's own `i18n/` files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location, Result};
use crate::types::Lang;
use crate::yaml::KeyLines;

/// Per language code, UI string key → text.
pub(crate) type Words = BTreeMap<String, BTreeMap<String, String>>;

/// A campaign's profile, as the theme gives it and the site's config amends it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Profile {
    /// The starter site that runs this campaign (see `ProfileFields::starter`).
    pub(crate) starter: Option<String>,
    /// The categories of exemplary people (`category:` of a learner page), as URL-safe ids.
    pub(crate) categories: Vec<String>,
    /// What news posts may count under `counts:` besides participants, as URL-safe ids.
    pub(crate) counts: Vec<String>,
    /// The campaign's vocabulary per language code.
    pub(crate) words: Words,
}

/// `campaign.yaml` as written, and the same fields under `campaign:` in site.yaml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileFields {
    #[serde(default)]
    pub(crate) categories: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) counts: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) words: Option<Words>,
    /// The theme's starter site (a folder of `starters/`) that runs this campaign: what
    /// `loa new` writes when no `--campaign` is given. Only the theme's campaign.yaml gives it.
    #[serde(default)]
    pub(crate) starter: Option<String>,
}

/// A word key made from an id: `category_<id>`, `count_<id>`.
const CATEGORY: &str = "category_";
const COUNT: &str = "count_";

impl Profile {
    /// The profile in `bytes`, read from `origin` (for messages).
    pub(crate) fn parse(bytes: &[u8], origin: &Path) -> Result<Profile> {
        let file: ProfileFields = crate::yaml::utf8(bytes)
            .and_then(|text| crate::yaml::from_str(&crate::text::nfc(text)))
            .map_err(|e| {
                Error::config(
                    Location::at(origin, e.line),
                    e.message,
                    "campaign.yaml has `categories:` and `counts:` (lists of ids: lower case \
                     without marks, words joined by `-`) and `words:` (per language, `key: text`)",
                )
            })?;
        let profile = Profile {
            starter: file.starter,
            categories: file.categories.unwrap_or_default(),
            counts: file.counts.unwrap_or_default(),
            words: file.words.unwrap_or_default(),
        };
        profile.check_ids(&Location::file(origin))?;
        Ok(profile)
    }

    /// The values `campaign:` in site.yaml gives replace the theme's. Words given there are a
    /// whole campaign's: every language of the site, every word the theme's profile has, each
    /// category's and count's name. A site that only renames one string does it in `i18n/`.
    pub(crate) fn amend(
        &mut self,
        site: &ProfileFields,
        langs: &[Lang],
        site_yaml: &KeyLines<'_>,
    ) -> Result<()> {
        if let Some(c) = &site.categories {
            self.categories = c.clone();
        }
        if let Some(c) = &site.counts {
            self.counts = c.clone();
        }
        self.check_ids(&site_yaml.at("campaign"))?;
        if let Some(words) = &site.words {
            self.check_words(words, langs, &site_yaml.at("words"))?;
            self.words = words
                .iter()
                .map(|(code, w)| {
                    let w = w
                        .iter()
                        .map(|(k, v)| (k.clone(), crate::text::nfc(v)))
                        .collect();
                    (code.clone(), w)
                })
                .collect();
        }
        Ok(())
    }

    /// Words given in site.yaml (at `at`), before they replace the theme's: only the theme's
    /// words and the names of this profile's categories and counts, for every language of the
    /// site and no other, each language giving every word of the theme's.
    fn check_words(&self, words: &Words, langs: &[Lang], at: &Location) -> Result<()> {
        let vocabulary: BTreeSet<&str> = self
            .words
            .values()
            .flat_map(|w| w.keys())
            .map(String::as_str)
            .filter(|k| !k.starts_with(CATEGORY) && !k.starts_with(COUNT))
            .collect();
        let named: Vec<String> = self.named_keys().collect();
        let known: Vec<&str> = vocabulary
            .iter()
            .copied()
            .chain(named.iter().map(String::as_str))
            .collect();
        for (code, given) in words {
            if !langs.iter().any(|l| l.as_str() == code) {
                let codes: Vec<&str> = langs.iter().map(Lang::as_str).collect();
                return Err(Error::config(
                    at.clone(),
                    format!(
                        "campaign words are given for `{code}`, which is not a language of the site"
                    ),
                    format!("the site's languages are: {}", codes.join(", ")),
                ));
            }
            for key in given.keys() {
                if !known.contains(&key.as_str()) {
                    let near = crate::text::closest(key, known.iter().copied());
                    return Err(Error::config(
                        at.clone(),
                        format!("`{key}` (under `{code}`) is not one of the campaign's words"),
                        match near.first() {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => format!("the campaign's words are: {}", known.join(", ")),
                        },
                    ));
                }
            }
        }
        for lang in langs {
            let Some(given) = words.get(lang.as_str()) else {
                return Err(Error::config(
                    at.clone(),
                    format!("campaign words give no `{lang}`"),
                    format!(
                        "give the campaign's words in every language of the site: add `{lang}:` under `words:`"
                    ),
                ));
            };
            let missing: Vec<&str> = vocabulary
                .iter()
                .copied()
                .filter(|k| !given.contains_key(*k))
                .collect();
            if !missing.is_empty() {
                return Err(Error::config(
                    at.clone(),
                    format!("campaign words for `{lang}` leave out {}", quoted(&missing)),
                    "words given in site.yaml replace the theme's whole campaign, so give each \
                     of them (the theme's campaign.yaml shows what each says)",
                ));
            }
        }
        Ok(())
    }

    /// Every category and count has a name in every language, among `strings` (each language
    /// code's own UI strings: the theme's, the campaign's and the site's, before a language
    /// borrows the default language's; a language with no strings at all is warned about
    /// elsewhere).
    pub(crate) fn check_named<V>(
        &self,
        strings: &HashMap<String, BTreeMap<String, V>>,
        langs: &[Lang],
        site_yaml: &KeyLines<'_>,
    ) -> Result<()> {
        for lang in langs {
            let Some(s) = strings.get(lang.as_str()) else {
                continue;
            };
            for key in self.named_keys() {
                if !s.contains_key(&key) {
                    let field = if key.starts_with(CATEGORY) {
                        "categories"
                    } else {
                        "counts"
                    };
                    return Err(Error::config(
                        site_yaml.at(field),
                        format!("the campaign's `{key}` has no name in `{lang}`"),
                        format!(
                            "add `{key}: …` under `campaign: words: {lang}:` in site.yaml (or in i18n/{lang}.yaml)"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The word keys that name the categories and the counts.
    fn named_keys(&self) -> impl Iterator<Item = String> + '_ {
        let categories = self.categories.iter().map(|c| format!("{CATEGORY}{c}"));
        categories.chain(self.counts.iter().map(|c| format!("{COUNT}{c}")))
    }

    /// A learner's `category:` (at `at`) must be one of the campaign's categories.
    pub(crate) fn check_category(&self, category: &str, at: Location) -> Result<()> {
        check_listed(("category", "categories"), category, &self.categories, at)
    }

    /// A news post's `counts:` key (at `at`) must be one of the campaign's counts.
    pub(crate) fn check_count(&self, count: &str, at: Location) -> Result<()> {
        check_listed(("count", "counts"), count, &self.counts, at)
    }

    /// Ids are what front matter names and templates build string keys from: slugs, each once.
    fn check_ids(&self, at: &Location) -> Result<()> {
        for (what, ids) in [("category", &self.categories), ("count", &self.counts)] {
            for (i, id) in ids.iter().enumerate() {
                if id.is_empty() || crate::text::slugify(id) != *id {
                    return Err(Error::config(
                        at.clone(),
                        format!("campaign {what} `{id}` is not an id"),
                        format!(
                            "write ids in lower case without marks, words joined by `-`: `{}`",
                            crate::text::slugify(id)
                        ),
                    ));
                }
                if ids[..i].contains(id) {
                    return Err(Error::config(
                        at.clone(),
                        format!("campaign {what} `{id}` is listed twice"),
                        format!("list each {what} once"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `value` (at `at`) must be one of `listed`, the profile's `field` (whose items are `what`).
fn check_listed(
    (what, field): (&str, &str),
    value: &str,
    listed: &[String],
    at: Location,
) -> Result<()> {
    if listed.iter().any(|c| c == value) {
        return Ok(());
    }
    let all = listed.join(", ");
    let near = crate::text::closest(value, listed.iter().map(String::as_str));
    let hint = match near.first() {
        Some(near) => format!("did you mean `{near}`? The campaign's {field} are: {all}"),
        None if listed.is_empty() => {
            format!(
                "the campaign profile lists no {field}: add them under `campaign: {field}:` in site.yaml"
            )
        }
        None => format!("the campaign's {field} are: {all}"),
    };
    Err(Error::content(
        at,
        format!("{what} `{value}` is not one of the campaign's {field}"),
        hint,
    ))
}

fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
