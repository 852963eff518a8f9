//! What the user reads when something is wrong: one diagnostic per error, in plain
//! sentences or as one JSON object per line (`--message-format json`).

use crate::args::MessageFormat;
use crate::{EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
use vanban::messages::cli;

pub(crate) static MESSAGE_FORMAT: std::sync::OnceLock<MessageFormat> = std::sync::OnceLock::new();

/// One error for the user: where it is and what is wrong.
#[derive(serde::Serialize)]
pub(crate) struct Diagnostic<'a> {
    pub(crate) level: &'static str,
    pub(crate) input: &'a str,
    /// Batch item, counted from 1, when the error belongs to one item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) item: Option<usize>,
    /// The ward of that batch item, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ward: Option<&'a str>,
    /// The document number of that batch item, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) number: Option<u32>,
    /// Spreadsheet row of the item (a batch of rows), from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) row: Option<usize>,
    /// Spreadsheet cell of the bad value (`Sheet1!C7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cell: Option<&'a str>,
    /// JSON path of the bad value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
    /// The kind of input error, stable across versions (`invalid-date`…), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) code: Option<&'static str>,
    /// The message names its file itself (a profile's error names the file of a
    /// folder it came from, and its line): the plain line does not name it twice.
    #[serde(skip)]
    pub(crate) names_its_file: bool,
}

/// `eprintln!` that never panics: with stderr closed or full (`2>&-`, `2>/dev/full`,
/// `| head -1`) a message is lost, and the command goes on to its end and exit code.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// A diagnostic as `--message-format json` prints it: its fields and the language its
/// message is in (`vi`, `en`), for a program that shows it or asks again.
#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    #[serde(flatten)]
    diagnostic: &'a Diagnostic<'a>,
    lang: &'static str,
}

impl Diagnostic<'_> {
    pub(crate) fn emit(&self) {
        if MESSAGE_FORMAT.get() == Some(&MessageFormat::Json) {
            let json = JsonDiagnostic {
                diagnostic: self,
                lang: vanban::messages::lang().tag(),
            };
            say!(
                "{}",
                serde_json::to_string(&json).expect("diagnostic serialises")
            );
            return;
        }
        say!("{}", self.human());
    }

    /// The one line a person reads: `lỗi: notice.json: 3:14: tại `date`: …`.
    fn human(&self) -> String {
        let level = match self.level {
            "warning" => cli::level_warning(),
            _ => cli::level_error(),
        };
        let mut s = match self.names_its_file {
            true => level,
            false => format!("{level}: {}", self.input),
        };
        match (self.cell, self.row, self.item) {
            // A spreadsheet's cell: `Sheet1!C7 (meeting.date)`.
            (Some(cell), _, _) => {
                s.push_str(&format!(": {cell}"));
                if let Some(p) = self.path.filter(|p| !p.is_empty()) {
                    s.push_str(&format!(" ({p})"));
                }
            }
            (None, Some(row), _) => s.push_str(&format!(": {}", cli::place_row(row))),
            (None, None, Some(i)) => s.push_str(&format!(": {}", cli::place_item(i))),
            (None, None, None) => {}
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push_str(&format!(": {l}:{c}"));
        }
        if let (Some(p), None) = (self.path, self.cell) {
            s.push_str(&format!(": {}", cli::place_path(p)));
        }
        format!("{s}: {}", self.message)
    }
}

/// Why an operating-system call failed, in the thread's language: the common
/// reasons in plain words, any other as the system says it.
pub(crate) fn reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => cli::io_not_found(),
        K::PermissionDenied => cli::io_permission_denied(),
        K::IsADirectory => cli::io_is_a_directory(),
        K::StorageFull => cli::io_storage_full(),
        K::FileTooLarge => cli::io_file_too_large(),
        K::ReadOnlyFilesystem => cli::io_read_only(),
        _ => cli::io_other(e),
    }
}

/// Write a command's result to standard output. A reader that stops early (`| head`)
/// is not an error: the command ends quietly, as grep and ripgrep do.
pub(crate) fn print_stdout(text: &str) -> Result<u8, u8> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(fail_with(
            "stdout",
            "cannot-write",
            &cli::cannot_write_stdout(reason(&e)),
            EXIT_RENDER_FAILED,
        )),
    }
}

impl<'a> Diagnostic<'a> {
    /// An error about `input` as a whole: no item, place or code; the other
    /// constructors fill in what they know (`Diagnostic { line, ..Diagnostic::error(…) }`).
    pub(crate) fn error(input: &'a str, message: String) -> Diagnostic<'a> {
        Diagnostic {
            level: "error",
            input,
            item: None,
            ward: None,
            number: None,
            row: None,
            cell: None,
            path: None,
            line: None,
            column: None,
            message,
            code: None,
            names_its_file: false,
        }
    }
}

/// Print an error about `input` and give back the exit code.
pub(crate) fn fail(input: &str, e: &dyn std::fmt::Display, code: u8) -> u8 {
    Diagnostic::error(input, e.to_string()).emit();
    code
}

/// [`fail`], with the stable code of the kind of error (`cannot-read`…) for
/// `--message-format json`.
pub(crate) fn fail_with(
    input: &str,
    code: &'static str,
    e: &dyn std::fmt::Display,
    exit: u8,
) -> u8 {
    Diagnostic {
        code: Some(code),
        ..Diagnostic::error(input, e.to_string())
    }
    .emit();
    exit
}

/// Print input errors, each with its JSON path and position.
pub(crate) fn fail_inputs(input: &str, errors: &[vanban::input::notice::InputError]) -> u8 {
    for e in errors {
        fail_input(input, e);
    }
    EXIT_BAD_INPUT
}

/// Print an input error with its JSON path and position.
pub(crate) fn fail_input(input: &str, e: &vanban::input::notice::InputError) -> u8 {
    Diagnostic {
        path: Some(&e.path),
        line: (e.line > 0).then_some(e.line),
        column: (e.line > 0).then_some(e.column),
        code: Some(e.code.as_str()),
        ..Diagnostic::error(input, e.message.clone())
    }
    .emit();
    EXIT_BAD_INPUT
}
