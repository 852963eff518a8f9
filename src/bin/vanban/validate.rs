//! `vanban validate`: check a notice or a batch file without writing anything.

use crate::diagnostic::fail;
use crate::input::{
    base_dir, load_profiles, looks_like_batch, notice_from_text, open_input, read_input_from,
};
use crate::{EXIT_BAD_INPUT, EXIT_OK};
use std::io::Read;
use vanban::messages::batch as msg;

/// `vanban validate`: one notice, or every item of a batch file (each failure
/// reported, items counted from 1 as a person counts them).
pub(crate) fn validate(input: &str, profile_files: &[std::path::PathBuf]) -> Result<u8, u8> {
    let profiles = load_profiles(profile_files)?;
    let mut reader = open_input(input)?;
    let mut head = Vec::new();
    (&mut reader)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| fail(input, &msg::cannot_read(e), EXIT_BAD_INPUT))?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        // A byte order mark (Windows Notepad) is no part of the JSON.
        head.drain(..3);
    }
    let batch = looks_like_batch(&head);
    let reader = std::io::Cursor::new(head).chain(reader);
    if !batch {
        let text = read_input_from(input, Box::new(reader))?;
        notice_from_text(input, &text, None, false, &profiles)?;
        say!("{}", msg::valid(input));
        return Ok(EXIT_OK);
    }
    let mut report = |r: &vanban::batch::ItemReport| crate::batch::emit_errors(input, r, None);
    let checked = vanban::batch::validate(reader, &base_dir(input), &profiles, &mut report)
        .map_err(|e| fail(input, &e, EXIT_BAD_INPUT))?;
    if checked.failed > 0 {
        say!("{}", msg::invalid_of(input, checked.failed, checked.total));
        return Err(EXIT_BAD_INPUT);
    }
    say!("{}", msg::valid_batch(input, checked.total));
    Ok(EXIT_OK)
}
