//! Writing output files safely.
//!
//! A file is written under a temporary name in the destination folder and renamed
//! into place only when complete, so a failed or interrupted render never leaves a
//! truncated PDF where a clerk might attach it. (A process killed mid-write can leave
//! a hidden `.vanban-*.part` file, never a file under the output's name.)

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically (temporary file + rename in the same folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".vanban-")
        .suffix(".part")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // No fsync: the rename already guarantees that a reader never sees a partial
    // file, and syncing every file of a 10,000-notice batch would cost more than
    // rendering it. Durability across a power cut is the file system's business.
    // Temporary files are created private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
}
