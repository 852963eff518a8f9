//! Signals of a batch run.

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

pub(crate) static CANCEL: AtomicBool = AtomicBool::new(false);
pub(crate) static RECEIVED: AtomicUsize = AtomicUsize::new(0);
pub(crate) static LAST: AtomicI32 = AtomicI32::new(0);

/// Writing past a file-size limit (`ulimit -f`) kills a process by default;
/// ignored, the write fails with "file too large" and is reported like a full
/// disk.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(unix)]
extern "C" fn on_stop_signal(sig: libc::c_int) {
    if RECEIVED.fetch_add(1, Ordering::SeqCst) > 0 {
        // The second signal: leave at once (only async-signal-safe calls here).
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(128 + sig) };
    }
    LAST.store(sig, Ordering::SeqCst);
    CANCEL.store(true, Ordering::SeqCst);
}

/// SIGINT, SIGTERM and SIGHUP make a batch stop taking items, finish the running
/// ones and write a manifest that says so; a second signal ends the process at
/// once. Returns the flag the batch watches.
pub fn catch_stop_signals() -> &'static AtomicBool {
    #[cfg(unix)]
    // SAFETY: installs a handler that only touches atomics and calls _exit. No
    // SA_RESTART: a read of an idle pipe returns, so the reader sees the flag.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_stop_signal as extern "C" fn(libc::c_int) as usize;
        libc::sigemptyset(&mut action.sa_mask);
        action.sa_flags = 0;
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
    &CANCEL
}

/// After a cancelled run has cleaned up: end as killed by the signal, so that a
/// shell or supervisor sees what happened (exit status 130 for Ctrl-C).
pub fn die_of_stop_signal() {
    #[cfg(unix)]
    {
        let sig = LAST.load(Ordering::SeqCst);
        if sig != 0 {
            // SAFETY: restore the default action and raise the signal again.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
                libc::raise(sig);
            }
        }
    }
}
