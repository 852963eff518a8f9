//! `vanban init`: a starter notice to edit, for a clerk who begins with nothing.
//!
//! The starters are complete notices in the shape of the fixtures (every section
//! filled, the optional fields a clerk is likely to need shown with their values),
//! so that the first run of `vanban render` on an unedited starter already gives a
//! notice, and every field to change is there to be seen. They are fixed texts:
//! the same command writes the same bytes (the dates are examples, to be changed).

use std::io::Write;
use std::path::Path;

/// The built-in profiles that have a starter notice.
pub const STARTERS: [&str; 2] = ["nd30", "hd36"];

/// The starter notice of a built-in profile, as JSON text (`None` for a profile
/// without one: a loaded profile starts from the starter of the one it was copied
/// from, its `"profile"` changed).
pub fn starter(profile: &str) -> Option<&'static str> {
    match profile {
        "hd36" => Some(include_str!("init/hd36.json")),
        "nd30" => Some(include_str!("init/nd30.json")),
        _ => None,
    }
}

/// Write the starter of `profile` to `path`, never over an existing file (nor a
/// half-written one: it is written under a temporary name and linked into place
/// only if the name is still free).
pub fn write_starter(profile: &str, path: &Path) -> Result<(), String> {
    let text = starter(profile)
        .ok_or_else(|| crate::messages::input::init_no_starter(profile, STARTERS.join(", ")))?;
    write_new(path, text.as_bytes())
}

/// Write `bytes` to `path` only if nothing has that name (checked again at the last
/// moment, so a file made meanwhile is not replaced either).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use crate::messages::input as m;
    if path.symlink_metadata().is_ok() {
        return Err(m::init_exists());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".vanban-init-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                m::io_no_such_folder()
            } else {
                crate::input::files::io_words(&e)
            };
            m::init_cannot_write_in(dir.display(), why)
        })?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| m::init_cannot_write(crate::input::files::io_words(&e)))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            m::init_exists()
        } else {
            m::init_cannot_write(crate::input::files::io_words(&e.error))
        }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::notice::Notice;

    #[test]
    fn starters_are_valid_notices_of_their_profile() {
        let profiles = crate::profile::ProfileSet::builtin();
        for p in STARTERS {
            let text = starter(p).unwrap();
            let n = Notice::from_json_in(text, &profiles).unwrap_or_else(|e| panic!("{p}: {e}"));
            assert_eq!(n.profile.as_str(), p);
            assert!(!n.body.tasks.is_empty() && !n.body.proposals.is_empty());
            assert!(n.ward.is_some() && !n.recipients.is_empty());
        }
    }
}
