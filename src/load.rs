//! Load stage: a site folder (site.yaml, content, theme) becomes the immutable [`Site`] model and
//! its [`Theme`]. Every check that needs no output happens here; every command starts here.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{BuildOptions, Site};
use crate::theme::Theme;
use crate::types::Date;

/// What a command was asked to load and where it writes.
#[derive(Debug, Clone, Default)]
pub struct BuildArgs {
    /// The site folder (the one with site.yaml).
    pub root: PathBuf,
    /// Output folder; `public/` under the root when not given.
    pub output: Option<PathBuf>,
    /// `--base-url`: publish at this address instead of site.yaml's `base_url`.
    pub base_url: Option<String>,
    /// `--drafts`: include pages marked `draft: true`.
    pub drafts: bool,
    /// `--colour`: overrides `artwork.colour` of site.yaml for print PDFs.
    pub colour: Option<crate::config::Colour>,
    /// `--strict`: a broken page of an untrusted unit fails the build instead of being left out
    /// of it (quarantined) with a warning.
    pub strict: bool,
}

/// The date "today", for a new post's date: `LOA_TODAY=YYYY-MM-DD`, or the clock. Builds never
/// read it: the same site gives the same output on any day.
pub(crate) fn today() -> Date {
    if let Ok(s) = std::env::var("LOA_TODAY")
        && let Some(d) = Date::parse(&s)
    {
        return d;
    }
    Date(chrono::Local::now().date_naive())
}

/// Loads a site and its theme into the model: every check that needs no output.
pub fn load(args: &BuildArgs) -> Result<(Site, Theme)> {
    load_marking(args, Vec::new(), &mut |_| {})
}

/// [`load`], calling `done` with the name of each phase as it ends (for `loa build --timings`).
/// `broken` are bundle folders found to hold files that cannot be published, with the problem:
/// their pages are quarantined as if their Markdown were broken (see `content::load`).
pub(crate) fn load_marking(
    args: &BuildArgs,
    broken: Vec<(PathBuf, Error)>,
    done: &mut dyn FnMut(&'static str),
) -> Result<(Site, Theme)> {
    let mut config = Config::load(&args.root)?;
    if let Some(url) = &args.base_url {
        config.base_url = crate::config::check_base_url(url)
            .map_err(|m| Error::Other(format!("--base-url: {m}")))?;
    }
    if let Some(c) = args.colour {
        config.artwork.get_or_insert_with(Default::default).colour = Some(c);
    }
    // The profile first: its words are UI strings the theme merges.
    config.profile = crate::theme::campaign_profile(&config)?;
    let theme = Theme::load(&config)?;
    config.theme_ids = theme.element_ids();
    let loaded = crate::content::load(&config, args.strict, broken)?;
    done("read content");
    let opts = BuildOptions {
        drafts: args.drafts,
        shortcodes: theme.shortcodes(),
    };
    let site = Site::build(config, loaded, &opts)?;
    done("site model and Markdown");
    Ok((site, theme))
}

/// A fingerprint of everything a build reads: the program itself, the arguments, and the name,
/// size, mtime and inode of every file of the site's config, content, templates, strings,
/// artwork, static files and themes; `None` while a file is too fresh to trust its mtime. Like make and cargo, it trusts file metadata rather than
/// reading every file: a no-change rebuild of a province-sized site then costs a few stats.
pub(crate) fn inputs_fingerprint(args: &BuildArgs, out: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let mut h = blake3::Hasher::new();
    let add_meta = |h: &mut blake3::Hasher, rel: &[u8], m: &std::fs::Metadata| {
        h.update(rel);
        h.update(&[0]);
        h.update(&m.len().to_le_bytes());
        h.update(&m.mtime().to_le_bytes());
        h.update(&m.mtime_nsec().to_le_bytes());
        h.update(&m.ino().to_le_bytes());
    };
    // A file written in the last seconds may be written again within the same mtime tick on
    // coarse file systems (git's "racy" case). Then no fingerprint is given: this build cannot
    // be skipped and records none, so the next one builds too and records a settled one.
    let now = std::time::SystemTime::now();
    let mut racy = false;
    let recent = |m: &std::fs::Metadata| {
        m.modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_none_or(|age| age < Duration::from_secs(3))
    };
    h.update(concat!("loa ", env!("CARGO_PKG_VERSION"), "\0").as_bytes());
    // The executable too: a rebuilt loa (or theme compiled into it) may write different pages.
    if let Ok(exe) = std::env::current_exe()
        && let Ok(m) = std::fs::metadata(&exe)
    {
        add_meta(&mut h, b"exe", &m);
    }
    h.update(
        format!(
            "{:?}|{}|{:?}|{}|{}",
            args.base_url,
            args.drafts,
            args.colour,
            args.strict,
            out.display()
        )
        .as_bytes(),
    );
    for part in [
        "site.yaml",
        "content",
        "templates",
        "i18n",
        "artwork",
        "static",
        "themes",
    ] {
        let path = args.root.join(part);
        for entry in walkdir::WalkDir::new(&path)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(m) = entry.metadata() {
                let rel = entry
                    .path()
                    .strip_prefix(&args.root)
                    .unwrap_or(entry.path());
                add_meta(&mut h, rel.as_os_str().as_encoded_bytes(), &m);
                racy |= recent(&m);
            }
        }
    }
    (!racy).then(|| h.finalize().to_hex().to_string())
}
