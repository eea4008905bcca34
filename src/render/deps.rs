//! Which pages each output file shows, recorded while it is rendered, so `loa serve` can redraw
//! exactly the files an edit changes. A render job runs on one thread from start to end, so the
//! pages it reads are noted in a thread-local list; each file written takes a copy of it.

use std::cell::{Cell, RefCell};

use crate::model::PageId;

thread_local! {
    static SEEN: RefCell<Vec<PageId>> = const { RefCell::new(Vec::new()) };
    /// The job being rendered on this thread, and the page of it for paginated jobs.
    static CURRENT: Cell<(usize, Option<usize>)> = const { Cell::new((0, None)) };
}

pub(super) fn set_current(job: usize, page: Option<usize>) {
    CURRENT.with(|c| c.set((job, page)));
}

pub(super) fn current() -> (usize, Option<usize>) {
    CURRENT.with(Cell::get)
}

/// Notes that the file being rendered shows something of page `id` (its card, its body).
pub(super) fn saw(id: PageId) {
    SEEN.with(|s| s.borrow_mut().push(id));
}

/// Starts a new job.
pub(super) fn reset() {
    SEEN.with(|s| s.borrow_mut().clear());
}

/// Where the pages noted so far end: a paginated list notes what all its pages share, then
/// goes back to this mark before each page, so page 7 does not depend on page 6's items.
pub(super) fn mark() -> usize {
    SEEN.with(|s| s.borrow().len())
}

pub(super) fn back_to(mark: usize) {
    SEEN.with(|s| s.borrow_mut().truncate(mark));
}

/// The pages noted since the job started, each once.
pub(super) fn snapshot() -> Vec<PageId> {
    SEEN.with(|s| {
        let mut ids = s.borrow().clone();
        ids.sort_unstable();
        ids.dedup();
        ids
    })
}

/// One output file: which job (and page of a paginated job) writes it, and what it shows.
#[derive(Debug, Clone)]
pub(crate) struct FileDeps {
    pub(crate) rel: String,
    pub(crate) job: usize,
    pub(crate) page: Option<usize>,
    pub(crate) pages: Vec<PageId>,
}
