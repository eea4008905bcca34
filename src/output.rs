//! One shape for every output of a site: portal pages, photos, static files, slogan artwork,
//! panos, kits and the report each plan their jobs against the model, then produce each job's
//! files into a [`Sink`]. Planning checks everything that can be checked before a byte is
//! written, so a bad layout or a missing slogan stops the build with the previous output intact.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::Site;
use crate::write::Sink;

/// An output: what it writes for a site, and how it writes one piece of it.
pub(crate) trait Output: Sync {
    /// One unit of work: a page, an artwork in one format, a unit's kit.
    type Job: Sync;

    /// The jobs this output has for `site`, in a stable order; errors here write nothing.
    fn plan(&self, site: &Site) -> Result<Vec<Self::Job>>;

    /// Produces one job's files into `sink`.
    fn produce(&self, site: &Site, job: &Self::Job, sink: &dyn Sink) -> Result<Produced>;
}

/// What producing some jobs gave, for the build's summary.
#[derive(Debug, Default)]
pub(crate) struct Produced {
    /// Files handed to the sink.
    pub(crate) files: usize,
    /// Findings worth telling that do not stop the build (e.g. pano preflight).
    pub(crate) warnings: Vec<String>,
}

impl Produced {
    fn add(mut self, other: Produced) -> Produced {
        self.files += other.files;
        self.warnings.extend(other.warnings);
        self
    }
}

/// Produces `jobs` in parallel; every job's error is reported (once), in job order, not just the
/// first.
pub(crate) fn produce_all<O: Output>(
    output: &O,
    site: &Site,
    jobs: &[O::Job],
    sink: &dyn Sink,
) -> Result<Produced> {
    let results: Vec<Result<Produced>> = jobs
        .par_iter()
        .map(|job| output.produce(site, job, sink))
        .collect();
    gather(results)
}

/// What several jobs (or outputs) gave, in their order; every error among them, each once.
pub(crate) fn gather(results: impl IntoIterator<Item = Result<Produced>>) -> Result<Produced> {
    let mut produced = Produced::default();
    let mut errors: Vec<Error> = Vec::new();
    for r in results {
        match r {
            Ok(p) => produced = produced.add(p),
            // One broken template or layout fails every job that uses it: report it once.
            Err(e) => {
                let text = e.to_string();
                if !errors.iter().any(|x| x.to_string() == text) {
                    errors.push(e);
                }
            }
        }
    }
    Error::from_list(errors)?;
    Ok(produced)
}

/// Produces every job of `output` one after the other, in plan order: for outputs whose later
/// files replace earlier ones at the same path (the site's `static/` over the theme's).
pub(crate) fn produce_in_order<O: Output>(
    output: &O,
    site: &Site,
    sink: &dyn Sink,
) -> Result<Produced> {
    let mut produced = Produced::default();
    for job in output.plan(site)? {
        produced = produced.add(output.produce(site, &job, sink)?);
    }
    Ok(produced)
}
