//! Load stage: a site folder (site.yaml, content, theme) becomes the immutable [`Site`] model and
//! its [`Theme`]. Every check that needs no output happens here; every command starts here.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{BuildOptions, Site};
use crate::theme::Theme;
use crate::types::Date;

/// What a command was asked to load and where it writes.
#[derive(Debug, Clone, Default)]
pub struct BuildArgs {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when not given.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The date "today" for campaign status; `LOA_TODAY=YYYY-MM-DD` or the clock otherwise.
    pub today: Option<Date>,
    /// `--colour`: overrides `artwork.colour` of site.yaml for print PDFs.
    pub colour: Option<crate::config::Colour>,
}

/// The date "today" for campaign status: `LOA_TODAY=YYYY-MM-DD`, or the clock.
pub fn today() -> Date {
    if let Ok(s) = std::env::var("LOA_TODAY")
        && let Some(d) = Date::parse(&s)
    {
        return d;
    }
    Date(chrono::Local::now().date_naive())
}

/// The output folder: `-o` taken from the working directory, or `public/` inside the site.
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

/// Loads a site and its theme into the model: every check that needs no output.
pub fn load(args: &BuildArgs) -> Result<(Site, Theme)> {
    load_marking(args, &mut |_| {})
}

/// [`load`], calling `done` with the name of each phase as it ends (for `loa build --timings`).
pub fn load_marking(args: &BuildArgs, done: &mut dyn FnMut(&'static str)) -> Result<(Site, Theme)> {
    let mut config = Config::load(&args.root)?;
    if let Some(url) = &args.base_url {
        config.base_url = crate::config::check_base_url(url)
            .map_err(|m| Error::Other(format!("--base-url: {m}")))?;
    }
    if let Some(c) = args.colour {
        config.artwork.get_or_insert_with(Default::default).colour = Some(c);
    }
    let theme = Theme::load(&config)?;
    let loaded = crate::content::load(&config)?;
    done("read content");
    let opts = BuildOptions {
        drafts: args.drafts,
        today: args.today.unwrap_or_else(today),
    };
    let site = Site::build(config, loaded, &opts)?;
    done("site model and Markdown");
    Ok((site, theme))
}
