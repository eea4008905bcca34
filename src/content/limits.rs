//! `limits:` of site.yaml applied to what content/ holds, from file sizes on disk, before any
//! file is read: one contributor's post must not be able to stop or exhaust a province's build.

use std::path::{Path, PathBuf};

use super::is_image;
use crate::config::Config;
use crate::error::{Error, IoContext, Location, Result};

/// Photos larger than this are refused by most upload forms (and by the CMS's form, see
/// `render::cms`) and slow every build that decodes them, so `loa check` warns about them; a
/// phone photo is 3–6 MB.
pub(crate) const PHOTO_WARN: u64 = 12 * 1024 * 1024;

/// Reads a Markdown file, refusing one over `limits: post_kb:` from the size of the file it
/// opened, before reading it (one open and one stat: at province scale, content/ is 20 000
/// files).
pub(super) fn read_post(config: &Config, abs: &Path, rel: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(abs).at(rel)?;
    let size = file.metadata().at(rel)?.len();
    let max = config.limits.post_kb * 1024;
    let too_big = |size: u64| {
        Error::content(
            Location::file(rel),
            format!(
                "the file is {} KiB, over the limit of {} KiB for one Markdown file",
                size.div_ceil(1024),
                config.limits.post_kb
            ),
            "split it into several pages, or raise `limits: post_kb:` in site.yaml",
        )
    };
    if size > max {
        return Err(too_big(size));
    }
    // Read through `take`: `File::read_to_end` would stat the file again for its size, and the
    // limit then also holds for a file that grows while it is read.
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, max + 1), &mut bytes).at(rel)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Photos over `limits: photo_mb:` are refused from their size on disk, before a byte is read:
/// a 3 GB file named `.jpg` must not be read into memory to find out it is not a photo.
pub(super) fn check_photo_size(config: &Config, abs: &Path, rel: &Path) -> Result<()> {
    if !is_image(abs) {
        return Ok(());
    }
    let max_mb = config.limits.photo_mb;
    let size = std::fs::metadata(abs).at(rel)?.len();
    if size <= max_mb * 1024 * 1024 {
        return Ok(());
    }
    Err(Error::content(
        Location::file(rel),
        format!(
            "this photo is {} MiB, over the limit of {max_mb} MiB",
            size.div_ceil(1024 * 1024)
        ),
        "export it smaller (a phone photo is 3–10 MiB), or raise `limits: photo_mb:` in site.yaml",
    ))
}

/// Bundles with more photos than `limits: photos:`; each is named once, with its folder.
pub(super) fn check_photo_count(
    config: &Config,
    assets: &[(PathBuf, PathBuf)],
) -> Vec<(PathBuf, Error)> {
    let max = config.limits.photos;
    let mut counts: std::collections::BTreeMap<&Path, usize> = Default::default();
    for (bundle, _) in assets.iter().filter(|(_, f)| is_image(f)) {
        *counts.entry(bundle).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n > max)
        .map(|(bundle, n)| {
            let error = Error::content(
                Location::file(bundle.strip_prefix(&config.root).unwrap_or(bundle)),
                format!("this page bundle has {n} photos, over the limit of {max}"),
                "choose the best photos, or split them into several albums, or raise `limits: photos:` in site.yaml",
            );
            (bundle.to_path_buf(), error)
        })
        .collect()
}
