//! How the allocator gives memory back, for builds of province-sized sites. `main.rs` makes
//! mimalloc the allocator; mimalloc 3 keeps memory a program frees for a second
//! (`purge_delay`, 1000 ms) before it returns it to the system, so that memory freed and soon
//! needed again costs no new page faults.
//!
//! That suits a build of the demo (photos and artwork decoded, freed and decoded again: purging
//! at once cost it 0.4–0.6 s more system time on a 6.5 s first build). It does not suit a site
//! of 100 000 pages, where documents are freed in bulk as they become pages: the second of
//! freed memory kept was 150–200 MiB on top of what the build held, and set its peak (525 MiB
//! against 412 MiB with a 50 ms delay, for the same CPU time).

/// Markdown files a site must have for its freed memory to go back within [`SHORT_DELAY_MS`]
/// (from the first file read): 10 000 bilingual posts are 20 000 files.
pub(crate) const LARGE_SITE: usize = 20_000;

/// The purge delay of large sites: most of the gain of purging at once (376 MiB at 0 ms,
/// 410–412 MiB at 50 ms, 510–530 MiB at 1000 ms for 50 000 bilingual posts), less of its cost
/// (the demo's first build paid 0.5 s more at 0 ms, 0.3 s more at 50 ms).
const SHORT_DELAY_MS: std::ffi::c_long = 50;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (libmimalloc-sys names no constant
/// for it in mimalloc 3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system within [`SHORT_DELAY_MS`] from now on, unless the
/// user set `MIMALLOC_PURGE_DELAY` themselves. Harmless where mimalloc is not the allocator
/// (tests, benches): it sets an option nothing reads.
pub(crate) fn return_freed_memory_sooner() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a documented option; any value is valid, at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, SHORT_DELAY_MS) };
    }
}
