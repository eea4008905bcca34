//! The campaign profile: the words of one campaign that loa's model checks content against
//! (today the categories of exemplary people). The theme's `campaign.yaml` gives the default
//! profile, the default theme's being Lifelong Learning Week; `campaign:` in site.yaml replaces
//! any of its values. Nothing in Rust code names a campaign's category, so a site can run
//! another campaign without a new loa.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location, Result};

/// A campaign's profile, as the theme gives it and the site's config amends it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Profile {
    /// The categories of exemplary people (`category:` of a learner page), as URL-safe ids.
    pub(crate) categories: Vec<String>,
}

/// `campaign.yaml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    categories: Vec<String>,
}

impl Profile {
    /// The profile in `bytes`, read from `origin` (for messages).
    pub(crate) fn parse(bytes: &[u8], origin: &Path) -> Result<Profile> {
        let file: ProfileFile = crate::yaml::utf8(bytes)
            .and_then(|text| crate::yaml::from_str(&crate::text::nfc(text)))
            .map_err(|e| {
                Error::config(
                    Location::at(origin, e.line),
                    e.message,
                    "campaign.yaml has `categories:`, a list of ids (lower case without marks, words joined by `-`)",
                )
            })?;
        let profile = Profile {
            categories: file.categories,
        };
        profile.check(origin)?;
        Ok(profile)
    }

    /// `categories` given in site.yaml replace the theme's.
    pub(crate) fn amend(&mut self, categories: Option<&[String]>, site_yaml: &Path) -> Result<()> {
        if let Some(c) = categories {
            self.categories = c.to_vec();
            self.check(site_yaml)?;
        }
        Ok(())
    }

    /// A learner's `category:` (at `at`) must be one of the campaign's categories.
    pub(crate) fn check_category(&self, category: &str, at: Location) -> Result<()> {
        let categories = &self.categories;
        if categories.iter().any(|c| c == category) {
            return Ok(());
        }
        let listed = categories.join(", ");
        let near = crate::text::closest(category, categories.iter().map(String::as_str));
        let hint = match near.first() {
            Some(near) => format!("did you mean `{near}`? The campaign's categories are: {listed}"),
            None if categories.is_empty() => {
                "the campaign profile lists no categories: add them under `campaign: categories:` \
                 in site.yaml"
                    .to_string()
            }
            None => format!("the campaign's categories are: {listed}"),
        };
        Err(Error::content(
            at,
            format!("category `{category}` is not one of the campaign's categories"),
            hint,
        ))
    }

    /// Ids are what front matter names and templates build string keys from: slugs, each once.
    fn check(&self, origin: &Path) -> Result<()> {
        for (i, id) in self.categories.iter().enumerate() {
            if id.is_empty() || crate::text::slugify(id) != *id {
                return Err(Error::config(
                    Location::file(origin),
                    format!("campaign category `{id}` is not an id"),
                    format!(
                        "write ids in lower case without marks, words joined by `-`: `{}`",
                        crate::text::slugify(id)
                    ),
                ));
            }
            if self.categories[..i].contains(id) {
                return Err(Error::config(
                    Location::file(origin),
                    format!("campaign category `{id}` is listed twice"),
                    "list each category once",
                ));
            }
        }
        Ok(())
    }
}
