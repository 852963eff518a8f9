//! Writing output files safely.
//!
//! A file is written under a temporary name in the destination folder and renamed
//! into place only when complete, so a failed or interrupted render never leaves a
//! truncated PDF where a clerk might attach it. Temporary names are hidden and
//! recognisable (`.vanban-<pid>-<n>.part`, `.vanban-batch-<pid>-<n>.part` for a
//! batch) so that a later run can remove what a killed one left behind.
//!
//! Files are created with mode 0666 and the process umask decides the rest, as for
//! any other program: under `umask 077` a confidential notice stays private, under
//! the usual 022 it is readable by the group and others.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of every temporary file vanban creates.
pub const TEMP_PREFIX: &str = ".vanban-";
/// Suffix of every temporary file vanban creates.
pub const TEMP_SUFFIX: &str = ".part";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// This process's id, asked of the system once: a batch names two temporary files a
/// notice, and `std::process::id` is a system call each time.
fn pid() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// A file being written under a temporary name; removed on drop unless persisted.
pub struct TempFile {
    path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    /// Create a new temporary file in `dir`, named `<prefix><pid>-<n>.part`.
    pub fn new_in(dir: &Path, prefix: &str) -> std::io::Result<TempFile> {
        let pid = pid();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("{prefix}{pid}-{n}{TEMP_SUFFIX}"));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o666);
            }
            match options.open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file: Some(file),
                    })
                }
                // Left by an earlier process that had the same pid.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The open file.
    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("open until persisted")
    }

    /// Rename into place (replacing any file of that name).
    pub fn persist(mut self, to: &Path) -> std::io::Result<()> {
        drop(self.file.take());
        std::fs::rename(&self.path, to)?;
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            drop(self.file.take());
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Write `bytes` to `path` atomically (temporary file + rename in the same folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, TEMP_PREFIX)
}

/// [`write_atomic`] with a chosen temporary prefix (a batch uses its own, which it
/// may clean up while it holds the folder's lock).
pub fn write_atomic_with(path: &Path, bytes: &[u8], prefix: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = TempFile::new_in(dir, prefix)?;
    tmp.file().write_all(bytes)?;
    // No fsync: the rename already guarantees that a reader never sees a partial
    // file, and syncing every file of a 10,000-notice batch would cost more than
    // rendering it. Durability across a power cut is the file system's business.
    tmp.persist(path)
}

/// Whether an I/O error concerns the folder or the file system as a whole (full,
/// read-only, gone, over quota or file-size limit): no other file will fare better,
/// so a batch stops instead of failing the same way for every remaining item.
pub fn is_fatal(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        StorageFull
            | QuotaExceeded
            | FileTooLarge
            | ReadOnlyFilesystem
            | NotFound
            | PermissionDenied
            | NotADirectory
            | StaleNetworkFileHandle
    ) || e.raw_os_error() == Some(5) // EIO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"%PDF-1.7").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"%PDF-1.7");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn unwritable_folder_is_an_error() {
        let r = write_atomic(Path::new("/nonexistent-vanban-dir/a.pdf"), b"x");
        assert!(r.is_err());
    }

    #[test]
    fn a_dropped_temporary_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = TempFile::new_in(dir.path(), ".vanban-test-").unwrap();
        t.file().write_all(b"partial").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(t);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
