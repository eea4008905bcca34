// Building a site allocates millions of short strings from two threads; mimalloc is faster at
// that than glibc's malloc and returns memory instead of fragmenting it (see `scripts/bench.sh`;
// `src/memory.rs` says when it returns it sooner).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    loa::cli_main()
}
