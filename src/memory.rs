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
//!
//! libwebp, the one C library loa calls that allocates much, does not use mimalloc but the C
//! library's `malloc` ([`keep_c_heap`]).

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

/// Lets glibc's `malloc`, which libwebp allocates with, keep the memory it frees for the next
/// picture. By default each WebP encode maps its hash chains and YUV planes fresh and unmaps
/// them at `free`, so they fault in again for the next one: 220 000 page faults in the demo's
/// first build, against 28 000 with these limits, and about 0.3 s less system time (peak
/// memory 30–40 MiB more). Once per process, before the first picture; left alone where the
/// user tunes glibc's malloc (`GLIBC_TUNABLES`) and where the C library is not glibc.
pub(crate) fn keep_c_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        /// Buffers malloc maps on their own and unmaps at `free`: only those over 32 MiB (the
        /// most glibc allows), not those over 128 KiB.
        const MMAP_THRESHOLD: std::ffi::c_int = 32 << 20;
        /// Free memory kept at the top of a heap before it goes back: 64 MiB, not 128 KiB.
        const TRIM_THRESHOLD: std::ffi::c_int = 64 << 20;
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            if std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains("malloc")) {
                return;
            }
            // SAFETY: mallopt takes any value for these two parameters, at any time; setting
            // either also stops glibc from moving them on its own.
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
                libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
            }
        });
    }
}
