//! Incremental rebuilds for `loa serve`. A full build run with [`build_session`]
//! records which pages every output file shows; after an edit that changes only what pages show
//! (their text, title, summary…, not their URL, date, unit, tags or pictures), the pages are read
//! again, patched into the site, and exactly the files that show them are rendered and written,
//! with the share card of a page whose title changed drawn again.
//! Anything else (a new, renamed or deleted page, a template, config or asset change) is a full
//! build. Either way the output is the same as a full build's, which the tests check.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::artwork::{CardJob, PageCards, Studio};
use crate::error::{Error, Result};
use crate::load::BuildArgs;
use crate::model::{BuildOptions, PageId, Patch};
use crate::output::produce_all;
use crate::pipeline::{BuildReport, Kept};
use crate::render::deps::FileDeps;
use crate::render::{Job, Renderer};
use crate::write::Collected;

/// What `loa serve` keeps between saves: the renderer and which pages each output file shows.
pub struct Session {
    renderer: Renderer,
    /// Draws the share card of a page whose title an edit changed.
    studio: Option<Studio>,
    jobs: Vec<Job>,
    files: Vec<FileDeps>,
    /// Output file → its index in `files`.
    by_rel: HashMap<String, usize>,
    /// Page → the files that show it.
    by_page: HashMap<PageId, HashSet<usize>>,
    out: PathBuf,
    opts: BuildOptions,
}

/// What an incremental rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Pages read again.
    pub(crate) pages: usize,
    /// Files rendered, and of those written because their bytes changed.
    pub rendered: usize,
    pub(crate) written: usize,
    pub(crate) elapsed: Duration,
}

/// A full build that, unless it was skipped, also returns the session that rebuilds only the
/// files an edit changes.
pub fn build_session(args: &BuildArgs) -> Result<(BuildReport, Option<Session>)> {
    let (report, kept) = crate::pipeline::build_keeping(args)?;
    let session = kept.map(|k| Session::new(k, &report.output, args));
    Ok((report, session))
}

impl Session {
    pub(crate) fn new(kept: Kept, out: &Path, args: &BuildArgs) -> Session {
        let Kept { renderer, studio } = kept;
        let jobs = renderer.jobs();
        let files = renderer.take_deps();
        let shortcodes = renderer.theme().shortcodes();
        let mut session = Session {
            renderer,
            studio,
            jobs,
            files: Vec::new(),
            by_rel: HashMap::new(),
            by_page: HashMap::new(),
            out: out.to_path_buf(),
            opts: BuildOptions {
                drafts: args.drafts,
                shortcodes,
            },
        };
        for f in files {
            session.record(f);
        }
        session
    }

    fn record(&mut self, file: FileDeps) {
        let index = match self.by_rel.get(&file.rel) {
            Some(&i) => {
                for id in &self.files[i].pages {
                    if let Some(set) = self.by_page.get_mut(id) {
                        set.remove(&i);
                    }
                }
                i
            }
            None => {
                self.files.push(file.clone());
                self.by_rel.insert(file.rel.clone(), self.files.len() - 1);
                self.files.len() - 1
            }
        };
        for &id in &file.pages {
            self.by_page.entry(id).or_default().insert(index);
        }
        self.files[index] = file;
    }

    /// Rebuilds after `changed` files (relative to the site root) were saved. `Ok(None)` means
    /// the change needs a full build; an error leaves the session and the output as they were.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Option<Rebuilt>> {
        let started = Instant::now();
        let config = &self.renderer.site().config;
        let content = Path::new("content");
        let simple = !changed.is_empty()
            && changed.iter().all(|p| {
                p.starts_with(content)
                    && p.extension().is_some_and(|e| e == "md")
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("_index"))
                    && config.root.join(p).is_file()
            });
        if !simple {
            return Ok(None);
        }
        let docs = crate::content::reload(config, changed)?;
        let count = docs.len();
        let opts = &self.opts;
        let Some(patched) = self.renderer.patch_site(|site| site.patch(docs, opts)) else {
            return Ok(None);
        };
        let ids = match patched? {
            Patch::Pages(ids) => ids,
            Patch::Structure => return Ok(None),
        };
        if ids.iter().any(|id| self.renderer.base_deps().contains(id)) {
            return Ok(None);
        }
        let cards = self.renderer.stale_cards(&ids);
        if !cards.is_empty() && self.studio.is_none() {
            return Ok(None);
        }
        self.renderer.forget(&ids);

        let mut units: Vec<(usize, Option<usize>)> = ids
            .iter()
            .filter_map(|id| self.by_page.get(id))
            .flatten()
            .map(|&i| (self.files[i].job, self.files[i].page))
            .collect();
        units.sort_unstable();
        units.dedup();
        let collected = Collected::default();
        let renderer = &self.renderer;
        let jobs = &self.jobs;
        units
            .par_iter()
            .map(|&(job, page)| renderer.run(job, &jobs[job], &collected, page).map(|_| ()))
            .collect::<Result<Vec<()>>>()?;
        if let Some(studio) = &self.studio {
            let site = renderer.site();
            let jobs: Vec<CardJob> = cards
                .iter()
                .map(|&id| CardJob::page(site, &site.pages[id]))
                .collect();
            let output = PageCards {
                studio,
                jobs: &jobs,
            };
            produce_all(&output, site, &jobs, &collected)?;
        }
        let files = collected.0.into_inner().unwrap_or_default();
        // Everything rendered: only now is anything written.
        let mut written = 0;
        for (rel, bytes) in &files {
            let path = self.out.join(rel.trim_start_matches('/'));
            if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
                continue;
            }
            crate::write::replace(&path, bytes).map_err(|e| Error::io(&path, e))?;
            written += 1;
        }
        self.renderer.cards_drawn(&cards);
        for f in self.renderer.take_deps() {
            self.record(f);
        }
        Ok(Some(Rebuilt {
            pages: count,
            rendered: files.len(),
            written,
            elapsed: started.elapsed(),
        }))
    }
}
