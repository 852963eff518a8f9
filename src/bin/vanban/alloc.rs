//! The allocator: mimalloc, tuned for a batch's many small allocations.

/// A notice is thousands of small allocations (template values, markup, layout
/// pieces, PDF objects); when printpdf still drew the text (one string per glyph)
/// the system allocator spent a quarter of the time on them.
#[global_allocator]
pub(crate) static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults trade memory for speed a batch does not need: with immediate
/// purging and lazily committed arenas, a 1,000-notice batch on two threads peaks at
/// 25 MB instead of 35 MB, at the same speed (`/usr/bin/time -v`). (While printpdf
/// still drew the text, one small allocation per glyph made immediate purging cost a
/// third more system time; the text layer no longer allocates per glyph.)
pub(crate) fn tune_allocator() {
    // Indices of `mi_option_e` in mimalloc 2 (libmimalloc-sys 0.1.x, which the
    // lock file pins): arena_eager_commit = 4, purge_delay = 15.
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain option setters, called once on the main thread before any other
    // thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}
