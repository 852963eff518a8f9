//! `vanban batch`: many notices from a batch file, a folder or a spreadsheet, with a
//! progress bar.

use crate::args::{Extras, Format};
use crate::diagnostic::{fail, Diagnostic};
use crate::input::base_dir;
use crate::render::renderer;
use crate::signals;
use crate::{EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
use std::io::Read;
use std::path::PathBuf;
use vanban::messages::batch as msg;

/// The options of `vanban batch` besides its input, folder and rendering extras.
pub(crate) struct BatchFlags {
    pub(crate) jobs: Option<usize>,
    pub(crate) format: Format,
    pub(crate) name: String,
    pub(crate) quiet: bool,
    pub(crate) overwrite: bool,
    /// Drafts for issuance (`--draft`).
    pub(crate) draft: bool,
}

/// Where a batch's items come from.
pub(crate) enum BatchInput {
    /// A batch file (`-`: standard input).
    Json(String),
    /// A base notice and a spreadsheet of rows.
    Rows {
        base: PathBuf,
        rows: PathBuf,
        sheet: Option<String>,
    },
}

/// Say every error of a failed item, each as one diagnostic with the item (from 1),
/// its ward and number when known, the row and cell of a spreadsheet's, the path,
/// and the error's code; `removed` (for `vanban batch`) names the earlier files of
/// the item that were removed, after the first error.
pub(crate) fn emit_errors(input: &str, r: &vanban::batch::ItemReport, removed: Option<&[String]>) {
    for (i, e) in r.errors.iter().enumerate() {
        let message = match removed {
            Some(files) if i == 0 && !files.is_empty() => {
                msg::removed_earlier(&e.message, files.join(&msg::and()))
            }
            _ => e.message.clone(),
        };
        Diagnostic {
            item: Some(r.item),
            ward: r.ward.as_deref(),
            number: r.number,
            row: r.row,
            cell: e.cell.as_deref(),
            path: (!e.path.is_empty()).then_some(e.path.as_str()),
            line: e.line,
            column: e.column,
            code: Some(e.code),
            ..Diagnostic::error(input, message)
        }
        .emit();
    }
}

pub(crate) fn batch(
    source: BatchInput,
    out_dir: PathBuf,
    flags: BatchFlags,
    extras: &Extras,
) -> Result<u8, u8> {
    use std::io::IsTerminal;
    use vanban::batch::{BatchOptions, End, Progress};

    // A spreadsheet is read whole (its rows are few) and checked before anything is
    // rendered: a wrong header is the file's fault, not a row's.
    let (input, rows) = match &source {
        BatchInput::Json(input) => (input.clone(), None),
        BatchInput::Rows { base, rows, sheet } => {
            let name = rows.display().to_string();
            let table = vanban::batch::sheet::read(rows, sheet.as_deref())
                .map_err(|e| fail(&name, &e, EXIT_BAD_INPUT))?;
            let items =
                vanban::batch::sheet::items(&table).map_err(|e| fail(&name, &e, EXIT_BAD_INPUT))?;
            let base_name = base.display().to_string();
            let base_value = std::fs::File::open(base)
                .map_err(msg::cannot_read)
                .and_then(vanban::batch::read_base)
                .map_err(|e| fail(&base_name, &e, EXIT_BAD_INPUT))?;
            (name, Some((base_dir(&base_name), base_value, items)))
        }
    };
    let input = input.as_str();

    let BatchFlags {
        jobs,
        format,
        name,
        quiet,
        overwrite,
        draft,
    } = flags;
    let mut renderer = renderer(extras)?;
    if draft {
        renderer = renderer.with_pdf_options(vanban::pdf::PdfOptions {
            pdfa: extras.pdfa,
            signature_field: true,
            draft: true,
        });
    }
    let open_raw = || -> Result<Box<dyn Read + Send>, u8> {
        if input == "-" {
            Ok(Box::new(std::io::stdin()))
        } else {
            std::fs::File::open(input)
                .map(|f| Box::new(f) as Box<dyn Read + Send>)
                .map_err(|e| fail(input, &msg::cannot_read(e), EXIT_BAD_INPUT))
        }
    };
    // A byte order mark (Windows Notepad) is no part of the JSON.
    let open = || -> Result<Box<dyn Read + Send>, u8> {
        crate::input::without_bom(open_raw()?)
            .map(|r| Box::new(r) as Box<dyn Read + Send>)
            .map_err(|e| fail(input, &msg::cannot_read(e), EXIT_BAD_INPUT))
    };
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let bar = if !quiet && input != "-" && std::io::stderr().is_terminal() {
        let total = match &rows {
            Some((_, _, items)) => items.len(),
            None => vanban::batch::count_items(open()?).unwrap_or(0),
        };
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(&msg::progress_bar())
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let report = |p: Progress| {
        let Progress::Item(r) = p;
        if !r.ok {
            match &bar {
                Some(b) => b.suspend(|| emit_errors(input, r, Some(&r.removed))),
                None => emit_errors(input, r, Some(&r.removed)),
            }
        } else if !quiet && bar.is_none() {
            let files: Vec<&str> = r.files.iter().map(|f| f.file.as_str()).collect();
            let files = files.join(" ");
            let ward = r.ward.as_deref().unwrap_or("");
            match r.row {
                Some(row) => say!("{}", msg::row_ok(row, ward, files)),
                None => say!("{}", msg::item_ok(r.item, ward, files)),
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let opts = BatchOptions {
        // Image paths of a spreadsheet batch are in its base, relative to its folder.
        base_dir: extras.assets.clone().unwrap_or_else(|| match &rows {
            Some((dir, _, _)) => dir.clone(),
            None => base_dir(input),
        }),
        out_dir: out_dir.clone(),
        jobs,
        format: format.into(),
        name_pattern: name,
        overwrite,
        cancel: signals::catch_stop_signals(),
    };
    let result = match rows {
        Some((_, base, items)) => vanban::batch::run_rows(base, items, &opts, &renderer, &report),
        None => vanban::batch::run(open()?, &opts, &renderer, &report),
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let summary = result.map_err(|e| {
        let code = if e.bad_input {
            EXIT_BAD_INPUT
        } else {
            EXIT_RENDER_FAILED
        };
        fail(input, &e, code)
    })?;
    if let Some(pid) = summary.previous_unfinished {
        say!(
            "{}",
            msg::earlier_unfinished(out_dir.display(), pid, summary.cleaned)
        );
    }
    let manifest = out_dir.join("manifest.json");
    let listed = if summary.manifest_written {
        msg::manifest_at(manifest.display())
    } else {
        msg::manifest_not_written(manifest.display())
    };
    let listed = if summary.end == End::Complete {
        listed
    } else {
        msg::incomplete(listed)
    };
    let all = summary.total + summary.not_rendered;
    match &summary.end {
        End::Complete => {
            if !quiet || summary.failed > 0 || !summary.manifest_written {
                say!(
                    "{}",
                    msg::rendered_of(summary.succeeded, all, summary.failed, listed)
                );
            }
            Ok(if summary.failed > 0 || !summary.manifest_written {
                EXIT_RENDER_FAILED
            } else {
                EXIT_OK
            })
        }
        End::Interrupted => {
            say!(
                "{}",
                msg::interrupted(
                    summary.succeeded,
                    all,
                    summary.failed,
                    summary.not_rendered,
                    listed
                )
            );
            signals::die_of_stop_signal();
            Ok(EXIT_RENDER_FAILED)
        }
        End::Stopped { cause, bad_input } => {
            let code = if *bad_input {
                EXIT_BAD_INPUT
            } else {
                EXIT_RENDER_FAILED
            };
            fail(input, &msg::stopped(cause), code);
            say!(
                "{}",
                msg::rendered_of_stopped(
                    summary.succeeded,
                    all,
                    summary.failed,
                    summary.not_rendered,
                    listed
                )
            );
            Ok(code)
        }
    }
}
