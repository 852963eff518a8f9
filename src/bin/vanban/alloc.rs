//! The allocator: mimalloc, tuned for a batch's many small allocations.

/// A notice is thousands of small allocations (template values, markup, layout
/// pieces, PDF objects); when printpdf still drew the text (one string per glyph)
/// the system allocator spent a quarter of the time on them.
#[global_allocator]
pub(crate) static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults trade memory for speed a batch does not need:
/// - immediate purging and lazily committed arenas (with mimalloc 2, a 1,000-notice
///   batch on two threads peaked at 25 MB instead of 35 MB, at the same speed);
/// - no transparent huge pages: mimalloc 3 (the lock file's libmimalloc-sys 0.1.49
///   builds it) gets them where the kernel offers them on request (`madvise`,
///   Debian's default) and then purges only whole 2 MB pages: a 10,000-notice batch
///   (PDF+DOCX, two threads) peaked at 39–47 MB over runs, and at 20 MB without
///   them, no slower (`/usr/bin/time -v`, with `MIMALLOC_ALLOW_THP=0`). mimalloc
///   reads that option when it starts, before `main`, so setting it here is too
///   late; the process is asked instead (`PR_SET_THP_DISABLE`, which the kernel
///   checks at every page fault), and purges are let down to 64 KB.
pub(crate) fn tune_allocator() {
    // Indices of `mi_option_e` in mimalloc 3, the version libmimalloc-sys builds
    // without its `v2` feature: arena_eager_commit = 4, purge_delay = 15,
    // minimal_purge_size = 44 (KiB). The enum's length is checked below, so that
    // another version's (whose indices differ) fails the build instead of setting
    // some other option.
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const MINIMAL_PURGE_SIZE: libmimalloc_sys::mi_option_t = 44;
    const _: () = assert!(
        libmimalloc_sys::_mi_option_last == 47,
        "mimalloc's option indices changed: check the indices in tune_allocator"
    );
    // SAFETY: plain option setters, called once on the main thread before any other
    // thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(MINIMAL_PURGE_SIZE, 64);
    }
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and changes only
    // how the kernel backs this process's memory. Its result is ignored: a kernel
    // without it (before 3.15) keeps huge pages, which costs memory, not output.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
