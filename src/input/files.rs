//! Reading the files a notice or a template folder names: regular files only, and
//! never more than a limit.
//!
//! A path in the input is the input's word, not the operator's: it may name a device
//! (`/dev/zero` reads forever), a FIFO (opening it waits for a writer that never
//! comes) or a huge file. A size from `metadata` proves nothing (devices and FIFOs
//! report 0), so the file is opened without blocking, checked through the opened
//! handle, and read through `take(limit + 1)`.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: a folder, a device, a FIFO or a socket.
    NotAFile,
    /// Larger than the limit (bytes).
    TooLarge(u64),
    /// The file could not be read.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::messages::input as m;
        // Said after the file's name: "`a.png` is not a regular file".
        f.write_str(&match self {
            ReadError::NotAFile => m::file_not_regular(),
            ReadError::TooLarge(limit) => m::file_too_large(size(*limit)),
            ReadError::Io(e) => m::file_unreadable(io_words(e)),
        })
    }
}

/// A byte count in the unit people read: "8 MB", "256 KB".
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KB", bytes >> 10)
    } else {
        crate::messages::input::bytes(bytes)
    }
}

/// An I/O error in plain words, without the "(os error 2)" tail.
pub fn io_words(e: &std::io::Error) -> String {
    use crate::messages::input as m;
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => m::io_not_found(),
        PermissionDenied => m::io_permission_denied(),
        IsADirectory => m::io_is_a_folder(),
        _ => {
            let s = e.to_string();
            m::io_other(match s.find(" (os error") {
                Some(i) => &s[..i],
                None => &s,
            })
        }
    }
}

/// Read the regular file at `path`, at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer; without blocking it opens at
    // once and is refused below.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_not_files() {
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile)
        ));
        assert!(matches!(
            read_regular(Path::new("."), 10),
            Err(ReadError::NotAFile) | Err(ReadError::Io(_))
        ));
    }

    #[test]
    fn the_limit_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, [7u8; 100]).unwrap();
        assert_eq!(read_regular(&p, 100).unwrap().len(), 100);
        assert!(matches!(read_regular(&p, 99), Err(ReadError::TooLarge(99))));
        assert_eq!(size(8 << 20), "8 MB");
    }
}
