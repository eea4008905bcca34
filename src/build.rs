//! The whole pipeline, in order: config → load content → site model → theme → render → write.
//! Nothing is written to the output folder unless every stage succeeded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{BuildOptions, Site};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::types::Date;
use crate::write::Staging;

#[derive(Debug, Clone, Default)]
pub struct BuildArgs {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when not given.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The date "today" for campaign status; `LOA_TODAY=YYYY-MM-DD` or the clock otherwise.
    pub today: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub static_files: usize,
    /// Slogan × format artworks drawn.
    pub artworks: usize,
    pub languages: usize,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
}

pub fn today() -> Date {
    if let Ok(s) = std::env::var("LOA_TODAY")
        && let Some(d) = Date::parse(&s)
    {
        return d;
    }
    Date(chrono::Local::now().date_naive())
}

pub fn output_dir(root: &Path, output: Option<&Path>) -> PathBuf {
    // Drop `.` components so messages show `/site/public`, not `/site/./public`.
    let clean = |p: PathBuf| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    clean(match output {
        Some(o) if o.is_absolute() => o.to_path_buf(),
        Some(o) => std::env::current_dir()
            .map(|d| d.join(o))
            .unwrap_or_else(|_| o.to_path_buf()),
        None => root.join("public"),
    })
}

pub fn build(args: &BuildArgs) -> Result<BuildReport> {
    let started = Instant::now();
    let mut config = Config::load(&args.root)?;
    if let Some(url) = &args.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let out = output_dir(&args.root, args.output.as_deref());
    if out == config.root || config.content_dir().starts_with(&out) {
        return Err(Error::Other(format!(
            "refusing to build into {}: it would replace the site's own files; choose an output folder such as public/",
            out.display()
        )));
    }
    let theme = Theme::load(&config)?;
    let loaded = crate::content::load(&config)?;
    let opts = BuildOptions {
        drafts: args.drafts,
        today: args.today.unwrap_or_else(today),
    };
    let site = Site::build(config, loaded, &opts)?;
    let mut warnings = site.warnings.clone();
    for lang in theme.untranslated_langs(&site.config) {
        warnings.push(format!(
            "the theme has no UI strings for `{lang}` (i18n/{lang}.yaml); pages in {lang} use the default language's strings"
        ));
    }

    // Artwork is planned before rendering, so slogan pages can link their banners, and
    // checked (layouts, formats, fonts) before anything is written.
    let artwork_on = site.config.artwork.as_ref().is_none_or(|a| a.enabled);
    let studio = if artwork_on {
        Some(crate::artwork::Studio::new(&site, &theme)?)
    } else {
        None
    };
    let (jobs, links) = match &studio {
        Some(s) => (s.jobs(&site)?, s.links(&site)),
        None => (Vec::new(), Default::default()),
    };

    let renderer = Renderer::new(&site, &theme, links)?;
    let staging = Staging::new(&out)?;
    let stats = renderer.render_all(&staging)?;
    let mut artworks = 0;
    if let Some(studio) = &studio {
        for o in studio.render_all(&site, &jobs)? {
            staging.write(&o.rel, &o.bytes)?;
        }
        artworks = jobs.len();
    }
    let static_files = copy_static(&site, &theme, &staging)?;
    staging.commit()?;
    Ok(BuildReport {
        output: out,
        pages: stats.pages,
        static_files,
        artworks,
        languages: site.config.languages.len(),
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Theme assets first, then the site's `static/` (which may replace them), then the files of
/// each page bundle beside every language version of that page.
fn copy_static(site: &Site, theme: &Theme, staging: &Staging) -> Result<usize> {
    let mut count = 0;
    for f in &theme.static_files {
        staging.write(&f.name, &f.bytes)?;
        count += 1;
    }
    let dir = site.config.static_dir();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(&dir, e.into()))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            staging.copy(&rel.to_string_lossy(), entry.path())?;
            count += 1;
        }
    }
    for page in &site.pages {
        let Some(bundle) = &page.bundle else { continue };
        for (b, file) in &site.assets {
            if b != bundle {
                continue;
            }
            let rel = file.strip_prefix(bundle).unwrap_or(file);
            staging.copy(&format!("{}{}", page.path, rel.to_string_lossy()), file)?;
            count += 1;
        }
    }
    Ok(count)
}
