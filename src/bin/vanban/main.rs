//! The `vanban` command line: a thin layer over the library. This file only dispatches
//! each command to its module; the arguments are in `args`, what the user reads on an
//! error in `diagnostic`, reading the input in `input`.

#[macro_use]
mod diagnostic;
mod alloc;
mod args;
mod batch;
mod help;
mod input;
mod issuance;
mod render;
mod serve;
mod signals;
mod templates;
mod validate;

use args::{
    Cli, Command, Extras, InitProfile, IssueStep, MessageFormat, SignStep, TemplatesAction,
};
use batch::{batch, BatchFlags, BatchInput};
use diagnostic::{fail, print_stdout, MESSAGE_FORMAT};
use input::read_notice;
use render::{render, renderer};
use std::path::Path;
use std::process::ExitCode;
use templates::export_templates;
use validate::validate;
use vanban::input::notice::Notice;

/// Exit code: every output written.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the input was fine but some output could not be produced or written.
pub(crate) const EXIT_RENDER_FAILED: u8 = 1;
/// Exit code: bad input or bad usage.
pub(crate) const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    alloc::tune_allocator();
    signals::ignore_file_size_signal();
    // Sets the thread's language (`--lang`, else VANBAN_LANG) before anything is said.
    let cli: Cli = match help::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    if let Some(lang) = cli.lang {
        vanban::messages::set_lang(lang.into());
    }
    let _ = MESSAGE_FORMAT.set(cli.message_format);
    let code = match cli.command {
        Command::Render {
            input,
            out_dir,
            format,
            draft,
            tasks,
            extras,
        } => render(&input, &out_dir, format, (draft, tasks), &extras),
        Command::Batch {
            input,
            base,
            rows,
            sheet,
            out_dir,
            jobs,
            format,
            name,
            quiet,
            overwrite,
            draft,
            extras,
        } => batch(
            match (base, rows) {
                (Some(base), Some(rows)) => BatchInput::Rows { base, rows, sheet },
                _ => BatchInput::Json(input.unwrap_or_else(|| "-".into())),
            },
            out_dir,
            BatchFlags {
                jobs: jobs.map(usize::from),
                format,
                name,
                quiet,
                overwrite,
                draft,
            },
            &extras,
        ),
        Command::Validate { input, profiles } => validate(&input, &profiles),
        Command::Init { profile, file } => {
            let profile = match profile {
                InitProfile::Nd30 => "nd30",
                InitProfile::Hd36 => "hd36",
            };
            if file == "-" {
                print_stdout(vanban::init::starter(profile).unwrap_or_default())
            } else {
                vanban::init::write_starter(profile, Path::new(&file))
                    .map_err(|e| fail(&file, &e, EXIT_BAD_INPUT))
                    .map(|()| {
                        say!("{}", vanban::messages::cli::init_wrote(&file, profile));
                        EXIT_OK
                    })
            }
        }
        Command::Templates {
            action: TemplatesAction::Export { dir },
        } => export_templates(&dir),
        Command::Schema => {
            let schema = schemars::schema_for!(Notice);
            let mut text = serde_json::to_string_pretty(&schema).expect("schema serialises");
            text.push('\n');
            print_stdout(&text)
        }
        command @ (Command::Sign { .. } | Command::Issue { .. } | Command::Edxml { .. }) => {
            issuance::run(command)
        }
        Command::Serve(args) => Ok(serve::run(args)),
        Command::Markup {
            input,
            templates,
            profiles,
        } => (|| {
            let renderer = renderer(&Extras {
                templates,
                profiles,
                ..Extras::default()
            })?;
            let notice = read_notice(&input, None, renderer.profiles())?;
            let markup = renderer
                .markup(&notice)
                .map_err(|e| fail(&input, &e, EXIT_BAD_INPUT))?;
            print_stdout(&markup)
        })(),
    };
    ExitCode::from(code.unwrap_or_else(|c| c))
}
