// Building a site allocates millions of short strings from two threads; mimalloc is faster at
// that than glibc's malloc and returns memory instead of fragmenting it (see `scripts/bench.sh`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (libmimalloc-sys names no constant
/// for it): how long freed memory is kept before it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // A build frees in bulk between its stages (documents become pages, pages' HTML is
    // written), and mimalloc 3 keeps freed memory for a second by default. At 50 000 bilingual
    // posts that second held 150–200 MiB the build no longer used, and set its peak (525 MiB
    // against 376 MiB with purging at once, for the same CPU time).
    // SAFETY: sets a documented option before any thread is started; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    loa::cli_main()
}
