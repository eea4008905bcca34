//! Static files, published as they are: the theme's assets first, then the site's `static/`
//! folder, whose files replace the theme's of the same name (so they must be produced in order).

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::Site;
use crate::output::{Output, Produced};
use crate::theme::Theme;
use crate::write::Sink;

/// The static files of a site and its theme.
pub(crate) struct Assets<'a> {
    pub(crate) theme: &'a Theme,
}

/// One file to publish.
pub(crate) enum Asset {
    /// The theme's static file at this index (its bytes are compiled in or read with the theme).
    Theme(usize),
    /// A file of the site's `static/`, at `rel` inside it.
    Site { rel: String, source: PathBuf },
}

impl Output for Assets<'_> {
    type Job = Asset;

    fn plan(&self, site: &Site) -> Result<Vec<Asset>> {
        let mut jobs: Vec<Asset> = (0..self.theme.static_files.len())
            .map(Asset::Theme)
            .collect();
        let dir = site.config.static_dir();
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::io(&dir, e.into()))?;
                if !entry.file_type().is_file()
                    || entry.file_name().to_string_lossy().starts_with('.')
                {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                jobs.push(Asset::Site {
                    rel: rel.to_string_lossy().into_owned(),
                    source: entry.path().to_path_buf(),
                });
            }
        }
        Ok(jobs)
    }

    fn produce(&self, _site: &Site, job: &Asset, sink: &dyn Sink) -> Result<Produced> {
        let mut produced = Produced {
            files: 1,
            ..Default::default()
        };
        match job {
            Asset::Theme(i) => {
                let f = &self.theme.static_files[*i];
                sink.put(&f.name, &f.bytes)?;
            }
            Asset::Site { rel, source } => {
                produced.warnings.extend(gps_warning(rel, source));
                sink.copy(rel, source)?;
            }
        }
        Ok(produced)
    }
}

/// static/ is published byte for byte, unlike bundle photos: say so when that publishes where a
/// photo was taken.
fn gps_warning(rel: &str, source: &std::path::Path) -> Option<String> {
    let name = rel.to_lowercase();
    if !(name.ends_with(".jpg") || name.ends_with(".jpeg")) {
        return None;
    }
    let mut f = std::fs::File::open(source).ok()?;
    let mut head = Vec::new();
    let _ = std::io::Read::read_to_end(&mut std::io::Read::take(&mut f, 256 * 1024), &mut head);
    crate::images::jpeg_has_gps(&head).then(|| format!(
        "static/{rel} carries a GPS position and static files are published as they are; move the photo into a page bundle (which strips it) or remove the location"
    ))
}
