//! `cms:` in site.yaml: a Git-based CMS (Decap CMS) in the browser, for school staff who post
//! news without a terminal. loa knows its content model exactly (kinds, required fields, units,
//! languages, the campaign's categories and counts, photo limits), so the build writes the CMS's
//! configuration itself (`admin/config.yml`, from the theme's template of that name) and keeps it
//! true to the model; a hand-written configuration drifts.

use serde::{Deserialize, Serialize};

pub(crate) mod drift;
pub(crate) mod editable;

/// The Decap CMS release the admin page loads when `cms: script:` gives none: pinned, so a new
/// release cannot change what editors see without a change here. Its bundle is about 5 MB
/// (1.5 MB gzipped), which is why it is loaded from a CDN rather than published with every
/// build; an office that wants no third-party host copies it into `static/` and names it.
pub(crate) const DECAP_SCRIPT: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";

/// `cms:` as written in site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CmsConfig {
    /// The Git host the CMS commits to.
    pub(crate) backend: Backend,
    /// `owner/name` of the site's repository on that host.
    pub(crate) repo: String,
    /// The branch published from.
    #[serde(default = "main")]
    pub(crate) branch: String,
    /// The host's address, for a self-hosted GitLab, Gitea or Forgejo
    /// (`https://git.so-gddt.vn`).
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    /// The id of the OAuth application editors log in through, on GitLab, Gitea or Forgejo
    /// (PKCE: no server of the office's own is needed).
    #[serde(default)]
    pub(crate) app_id: Option<String>,
    /// Trying the CMS on one machine: `true` for `npx decap-server` on its default port, or the
    /// address of its API (`http://127.0.0.1:8082/api/v1`).
    #[serde(default)]
    pub(crate) local_backend: Option<LocalBackend>,
    /// Where the admin page loads the CMS from (default: [`DECAP_SCRIPT`]).
    #[serde(default)]
    pub(crate) script: Option<String>,
}

/// What the admin page's Content-Security-Policy allows besides the site itself.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Origins {
    pub(crate) script: Vec<String>,
    pub(crate) connect: Vec<String>,
}

fn main() -> String {
    "main".into()
}

/// The Git hosts Decap CMS commits to (its backend names).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Backend {
    Github,
    Gitlab,
    /// Gitea and Forgejo (which speaks Gitea's API).
    Gitea,
}

/// `local_backend:` — on, or the address of decap-server's API.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum LocalBackend {
    On(bool),
    Url(String),
}

impl CmsConfig {
    /// What is wrong with it, as (key, message, hint), for the config's error.
    pub(crate) fn problem(&self) -> Option<(&'static str, String, String)> {
        let parts: Vec<&str> = self.repo.split('/').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.trim().is_empty()) {
            return Some((
                "repo",
                format!("cms: repo `{}` is not `owner/name`", self.repo),
                "give the repository as the host names it, e.g. `repo: so-gddt/cong-thong-tin`"
                    .into(),
            ));
        }
        let url_ok = |u: &str| u.starts_with("https://") || u.starts_with("http://");
        for (key, value) in [
            ("base_url", self.base_url.as_deref()),
            ("script", self.script.as_deref()),
        ] {
            if let Some(v) = value.filter(|v| !url_ok(v) && !v.starts_with('/')) {
                return Some((
                    key,
                    format!("cms: {key} `{v}` is not a web address"),
                    "write it with https:// (or, for a file in static/, starting with /)".into(),
                ));
            }
        }
        if self.app_id.is_some() && self.backend == Backend::Github {
            return Some((
                "app_id",
                "cms: app_id is for GitLab, Gitea and Forgejo logins".into(),
                "GitHub logins go through an OAuth gateway: give its address as `base_url` and \
                 leave out `app_id`"
                    .into(),
            ));
        }
        if let Some(LocalBackend::Url(u)) = &self.local_backend
            && !url_ok(u)
        {
            return Some((
                "local_backend",
                format!("cms: local_backend `{u}` is neither true, false nor a web address"),
                "write `local_backend: true`, or the address of decap-server's API, e.g. \
                 `http://127.0.0.1:8081/api/v1`"
                    .into(),
            ));
        }
        None
    }

    /// The API of a self-hosted host (`base_url`), at the path each host serves it.
    pub(crate) fn api_root(&self) -> Option<String> {
        let base = self.base_url.as_deref()?.trim_end_matches('/');
        let path = match self.backend {
            Backend::Github => "api/v3",
            Backend::Gitlab => "api/v4",
            Backend::Gitea => "api/v1",
        };
        Some(format!("{base}/{path}"))
    }

    /// The origins the admin page talks to besides its own: where the CMS script comes from
    /// (script-src), and the Git host's API, its login gateway and decap-server (connect-src).
    pub(crate) fn origins(&self) -> Origins {
        let origin = |url: &str| -> Option<String> {
            let rest = url
                .strip_prefix("https://")
                .map(|r| ("https://", r))
                .or_else(|| url.strip_prefix("http://").map(|r| ("http://", r)))?;
            let host = rest.1.split('/').next().filter(|h| !h.is_empty())?;
            Some(format!("{}{host}", rest.0))
        };
        let mut connect: Vec<String> = Vec::new();
        let mut add = |o: Option<String>| {
            if let Some(o) = o
                && !connect.contains(&o)
            {
                connect.push(o);
            }
        };
        match (self.backend, self.base_url.as_deref()) {
            (Backend::Github, base) => {
                add(Some("https://api.github.com".into()));
                add(base.and_then(origin));
            }
            (Backend::Gitlab, None) => add(Some("https://gitlab.com".into())),
            (_, Some(base)) => add(origin(base)),
            (Backend::Gitea, None) => {}
        }
        match &self.local_backend {
            Some(LocalBackend::Url(u)) => add(origin(u)),
            Some(LocalBackend::On(true)) => add(Some("http://localhost:8081".into())),
            _ => {}
        }
        Origins {
            script: origin(self.script()).into_iter().collect(),
            connect,
        }
    }

    /// The script the admin page loads.
    pub(crate) fn script(&self) -> &str {
        self.script.as_deref().unwrap_or(DECAP_SCRIPT)
    }
}
