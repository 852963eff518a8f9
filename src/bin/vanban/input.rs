//! Reading the input: a file or standard input, with a size limit and UTF-8 errors
//! given a line and column, into a notice.

use crate::diagnostic::{fail_input, fail_inputs, fail_with, reason, Diagnostic};
use crate::EXIT_BAD_INPUT;
use std::io::Read;
use std::path::{Path, PathBuf};
use vanban::input::notice::Notice;
use vanban::messages::cli;
use vanban::profile::ProfileSet;

/// Report that `input` cannot be read.
fn cannot_read(input: &str, e: &std::io::Error) -> u8 {
    fail_with(
        input,
        "cannot-read",
        &cli::cannot_read(reason(e)),
        EXIT_BAD_INPUT,
    )
}

pub(crate) fn open_input(input: &str) -> Result<Box<dyn Read>, u8> {
    if input == "-" {
        Ok(Box::new(std::io::stdin()))
    } else {
        std::fs::File::open(input)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| cannot_read(input, &e))
    }
}

/// `reader` without the UTF-8 byte order mark Windows Notepad starts a file with: it
/// is no part of the JSON, and an editor shows no column for it.
pub(crate) fn without_bom<R: Read>(
    mut reader: R,
) -> std::io::Result<std::io::Chain<std::io::Cursor<Vec<u8>>, R>> {
    let mut head = Vec::with_capacity(3);
    (&mut reader).take(3).read_to_end(&mut head)?;
    if head == [0xEF, 0xBB, 0xBF] {
        head.clear();
    }
    Ok(std::io::Cursor::new(head).chain(reader))
}

pub(crate) fn read_input(input: &str) -> Result<String, u8> {
    read_input_from(input, open_input(input)?)
}

pub(crate) fn read_input_from(input: &str, reader: Box<dyn Read>) -> Result<String, u8> {
    /// A notice is a few tens of kilobytes (a 500-task notice is about 350 KB). Past
    /// this size the input is almost certainly the wrong file, and rendering it would
    /// take some 60 bytes of memory per byte of text (600 MB for 10 MB), so it is
    /// refused unread.
    const MAX_INPUT: u64 = 1 << 20;
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(input, &e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(fail_with(
            input,
            "too-large",
            &cli::input_too_large(MAX_INPUT >> 20),
            EXIT_BAD_INPUT,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let vanban::util::position::Position { line, column } =
            vanban::util::position::Position::after(before);
        let message = cli::not_utf8(format!("{:02X}", e.as_bytes()[valid.len()]));
        Diagnostic {
            line: Some(line),
            column: Some(column),
            code: Some("not-utf8"),
            ..Diagnostic::error(input, message)
        }
        .emit();
        EXIT_BAD_INPUT
    })
}

/// Read, check and load the images of a notice; image files come from `assets`, or
/// the input's folder.
pub(crate) fn read_notice(
    input: &str,
    assets: Option<&Path>,
    profiles: &ProfileSet,
) -> Result<Notice, u8> {
    read_notice_as(input, assets, false, profiles)
}

/// [`read_notice`], for a draft for issuance when `draft`.
pub(crate) fn read_notice_as(
    input: &str,
    assets: Option<&Path>,
    draft: bool,
    profiles: &ProfileSet,
) -> Result<Notice, u8> {
    let text = read_input(input)?;
    notice_from_text(input, &text, assets, draft, profiles)
}

/// Read and check a notice against `profiles` (the renderer's), then load its images.
pub(crate) fn notice_from_text(
    input: &str,
    text: &str,
    assets: Option<&Path>,
    draft: bool,
    profiles: &ProfileSet,
) -> Result<Notice, u8> {
    use vanban::input::check::{read_all, Reading};
    let reading = if draft {
        Reading::Draft
    } else {
        Reading::Notice
    };
    // Every error of the notice at once: a clerk fixes them in one go.
    let mut notice = read_all(text, reading, Some(profiles)).map_err(|e| fail_inputs(input, &e))?;
    let profile = notice
        .check_profile(profiles, Some(text))
        .map_err(|e| fail_input(input, &e))?;
    let assets = assets.map_or_else(|| base_dir(input), Path::to_path_buf);
    notice
        .load_images(&assets, Some(text), profile)
        .map_err(|e| fail_input(input, &e))?;
    Ok(notice)
}

/// Whether the JSON that begins with `head` is a batch: a list, or an object whose
/// first key is one of a batch's (`base`, `items`, `description`, `$comment`).
pub(crate) fn looks_like_batch(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if t.starts_with('[') {
        return true;
    }
    let Some(t) = t.strip_prefix('{') else {
        return false;
    };
    let t = t.trim_start_matches([' ', '\t', '\r', '\n']);
    ["\"base\"", "\"items\"", "\"description\"", "\"$comment\""]
        .iter()
        .any(|k| t.starts_with(k))
}

/// The built-in profiles and those of `files` (each a TOML file or a folder of them).
pub(crate) fn load_profiles(files: &[std::path::PathBuf]) -> Result<ProfileSet, u8> {
    let mut set = ProfileSet::builtin();
    for f in files {
        // The message names the file (and the TOML parser's line and key).
        set.load(f).map_err(|e| {
            let input = f.display().to_string();
            Diagnostic {
                names_its_file: e.contains(&input),
                ..Diagnostic::error(&input, e)
            }
            .emit();
            EXIT_BAD_INPUT
        })?;
    }
    Ok(set)
}

/// The folder image paths in `input` are relative to.
pub(crate) fn base_dir(input: &str) -> PathBuf {
    match Path::new(input).parent() {
        Some(p) if input != "-" && !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
