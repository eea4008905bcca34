//! The admin page of the CMS (`admin/index.html`) and its configuration (`admin/config.yml`),
//! both from the theme's templates of those names, with the content model as their context:
//! languages, units, the campaign's categories and counts, and the limits `loa check` applies,
//! so the form refuses what the build would.

use serde::Serialize;

use super::Renderer;
use crate::cms::LocalBackend;
use crate::error::Result;
use crate::write::Sink;

/// `cms` in the templates' context.
#[derive(Serialize)]
struct CmsView<'a> {
    backend: crate::cms::Backend,
    repo: &'a str,
    branch: &'a str,
    base_url: Option<&'a str>,
    /// The host's API on a self-hosted server: `base_url` and the path each host serves it at.
    api_root: Option<String>,
    app_id: Option<&'a str>,
    /// `true`, or decap-server's address; absent when off.
    local_backend: Option<String>,
    script: &'a str,
    /// The portal's address, for the CMS's "view live" links.
    site_url: String,
    /// Language codes, the default first.
    langs: Vec<&'a str>,
    default_lang: &'a str,
    /// Every unit, in the registry's order, named in the default language.
    units: Vec<Named>,
    categories: Vec<Named>,
    counts: Vec<Named>,
    /// Most tags on a post (`limits: tags:`).
    max_tags: usize,
    /// Largest photo the form takes, in bytes: `loa check`'s limit, or `limits: photo_mb:`
    /// when that is lower.
    max_photo_bytes: u64,
}

#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
}

impl Renderer {
    /// `admin/index.html`, `admin/config.yml` and the script that styles previews.
    pub(super) fn cms(&self, out: &dyn Sink) -> Result<usize> {
        let site = &*self.site;
        let Some(cms) = &site.config.cms else {
            return Ok(0);
        };
        let lang = site.config.default_lang();
        let profile = &site.config.profile;
        // The campaign's ids with their names, the UI strings `<prefix><id>`.
        let named = |ids: &[String], prefix: &str| -> Vec<Named> {
            ids.iter()
                .map(|id| Named {
                    id: id.clone(),
                    name: self.theme.text(lang, &format!("{prefix}{id}")),
                })
                .collect()
        };
        let view = CmsView {
            backend: cms.backend,
            repo: &cms.repo,
            branch: &cms.branch,
            base_url: cms.base_url.as_deref(),
            api_root: cms.api_root(),
            app_id: cms.app_id.as_deref(),
            local_backend: match &cms.local_backend {
                Some(LocalBackend::On(true)) => Some("true".into()),
                Some(LocalBackend::Url(u)) => Some(u.clone()),
                Some(LocalBackend::On(false)) | None => None,
            },
            script: cms.script(),
            site_url: super::views::permalink(site, "/"),
            langs: site.config.langs().map(|l| l.as_str()).collect(),
            default_lang: lang.as_str(),
            units: site
                .units
                .list
                .iter()
                .map(|u| Named {
                    id: u.id.to_string(),
                    name: u.name.get(lang, lang),
                })
                .collect(),
            categories: named(&profile.categories, "category_"),
            counts: named(&profile.counts, "count_"),
            max_tags: site.config.limits.tags,
            max_photo_bytes: crate::content::limits::PHOTO_WARN
                .min(site.config.limits.photo_mb.saturating_mul(1024 * 1024)),
        };
        let mut ctx = self.context(lang, &[]);
        ctx.insert("cms", &view);
        self.write_file(out, "admin/index.html", "admin/index.html", &ctx)?;
        self.write_file(out, "admin/config.yml", "admin/config.yml", &ctx)?;
        self.write_file(out, "admin/preview.js", "admin/preview.js", &ctx)?;
        Ok(3)
    }
}
