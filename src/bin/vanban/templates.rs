//! `vanban templates export`: the built-in templates as files to learn from and edit.

use crate::diagnostic::{fail, fail_with, reason};
use crate::{EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
use std::path::Path;
use vanban::messages::cli;

/// `vanban templates export DIR`: every file is checked before any is written, so
/// that a folder holding one of them is left as it was.
pub(crate) fn export_templates(dir: &Path) -> Result<u8, u8> {
    let files = vanban::compose::template::exported();
    let name = dir.display().to_string();
    std::fs::create_dir_all(dir).map_err(|e| {
        fail_with(
            &name,
            "cannot-create",
            &cli::cannot_create_here(reason(&e)),
            EXIT_RENDER_FAILED,
        )
    })?;
    for (file, _) in &files {
        let path = dir.join(file);
        if path.symlink_metadata().is_ok() {
            return Err(fail_with(
                &path.display().to_string(),
                "exists",
                &cli::template_exists(),
                EXIT_BAD_INPUT,
            ));
        }
    }
    for (file, text) in &files {
        let path = dir.join(file);
        vanban::init::write_new(&path, text.as_bytes())
            .map_err(|e| fail(&path.display().to_string(), &e, EXIT_RENDER_FAILED))?;
        say!("{}", cli::wrote(path.display()));
    }
    Ok(EXIT_OK)
}
