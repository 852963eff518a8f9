//! The `vanban` command line: a thin layer over the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban::notice::Notice;
use vanban::render::{Error, Renderer};

mod serve;

/// Exit code: every output written.
const EXIT_OK: u8 = 0;
/// Exit code: the input was fine but some output could not be produced or written.
const EXIT_RENDER_FAILED: u8 = 1;
/// Exit code: bad input or bad usage.
const EXIT_BAD_INPUT: u8 = 2;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Render Vietnamese official conclusion notices (THÔNG BÁO KẾT LUẬN) from JSON to PDF and DOCX",
    long_about = "vanban turns a conclusion notice written as JSON into an A4 PDF (and an editable DOCX) laid out as Nghị định 30/2020/NĐ-CP (State bodies, profile nd30) or Hướng dẫn 36-HD/VPTW (Party bodies, profile hd36) require.\n\nExit codes: 0 success, 1 some output failed, 2 bad input or usage.",
    after_help = "Examples:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  vanban validate fixtures/phuc-loi-2018.json\n  vanban schema > notice.schema.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How errors are printed: plain sentences, or one JSON object per line.
    #[arg(long, global = true, value_enum, default_value = "human")]
    message_format: MessageFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

static MESSAGE_FORMAT: std::sync::OnceLock<MessageFormat> = std::sync::OnceLock::new();

/// One error for the user: where it is and what is wrong.
#[derive(serde::Serialize)]
struct Diagnostic<'a> {
    level: &'static str,
    input: &'a str,
    /// Batch item index, when the error belongs to one item.
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<usize>,
    /// Spreadsheet row of the item (a batch of rows), from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    /// Spreadsheet cell of the bad value (`Sheet1!C7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
    /// JSON path of the bad value.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: String,
}

/// `eprintln!` that never panics: with stderr closed or full (`2>&-`, `2>/dev/full`,
/// `| head -1`) a message is lost, and the command goes on to its end and exit code.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

impl Diagnostic<'_> {
    fn emit(&self) {
        if MESSAGE_FORMAT.get() == Some(&MessageFormat::Json) {
            say!(
                "{}",
                serde_json::to_string(self).expect("diagnostic serialises")
            );
            return;
        }
        let mut s = format!("error: {}", self.input);
        match (self.cell, self.row, self.item) {
            // A spreadsheet's cell: `Sheet1!C7 (meeting.date)`.
            (Some(cell), _, _) => {
                s.push_str(&format!(": {cell}"));
                if let Some(p) = self.path.filter(|p| !p.is_empty()) {
                    s.push_str(&format!(" ({p})"));
                }
            }
            (None, Some(row), _) => s.push_str(&format!(": row {row}")),
            (None, None, Some(i)) => s.push_str(&format!(": item {i}")),
            (None, None, None) => {}
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push_str(&format!(": {l}:{c}"));
        }
        if let (Some(p), None) = (self.path, self.cell) {
            s.push_str(&format!(": at `{p}`"));
        }
        say!("{s}: {}", self.message);
    }
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Write the built-in templates and partials into DIR, to edit and give back with
    /// `--templates DIR` (unchanged, they render the same bytes).
    #[command(
        after_help = "Example:\n  vanban templates export my-templates/\n  vanban render notice.json --templates my-templates/"
    )]
    Export {
        /// The folder to write into (created if missing; no file in it is replaced).
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InitProfile {
    Nd30,
    Hd36,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Pdf,
    Docx,
    All,
}

#[derive(Subcommand)]
enum Command {
    /// Render one notice to PDF (and/or DOCX).
    #[command(
        after_help = "Example:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  cat notice.json | vanban render - --out-dir out/   (writes out/notice.pdf)"
    )]
    Render {
        /// The notice as JSON; `-` reads standard input.
        input: String,
        /// Folder for the output files (created if missing).
        #[arg(long, default_value = ".")]
        out_dir: PathBuf,
        /// What to write.
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        /// A draft for electronic issuance: blanks with form fields where the number
        /// and the day go (filled by `vanban issue`), and the signing place;
        /// `number` and `date` may be left out.
        #[arg(long)]
        draft: bool,
        /// Also write the conclusion's tasks as <stem>.tasks.json and as iCalendar
        /// to-dos, <stem>.tasks.ics.
        #[arg(long)]
        tasks: bool,
        #[command(flatten)]
        extras: Extras,
    },
    /// Render one notice per item of a batch file, in parallel.
    #[command(
        after_help = "A batch is {\"base\": {…shared fields…}, \"items\": [{…merge patch…}, …]} (RFC 7396) or an array of complete notices. With --rows, each row of a spreadsheet is an item over the notice in --base; its first row names the fields (ward, number, meeting.date, body.tasks[0].text, recipients[] …).\n\nExample:\n  vanban batch fixtures/long-bien-2018-batch.json --out-dir out/long-bien --format all\n  vanban batch wards.json --out-dir out --name '{{number}}-{{slug ward}}' --jobs 2\n  vanban batch --base base.json --rows wards.xlsx --out-dir out"
    )]
    Batch {
        /// The batch as JSON; `-` reads standard input (not with --rows).
        #[arg(required_unless_present = "rows", conflicts_with = "rows")]
        input: Option<String>,
        /// The fields every notice shares (JSON), for --rows.
        #[arg(long, value_name = "BASE.json", requires = "rows")]
        base: Option<PathBuf>,
        /// A spreadsheet (.xlsx, .ods, .csv): one notice per row, over --base.
        #[arg(long, value_name = "FILE", requires = "base")]
        rows: Option<PathBuf>,
        /// The sheet of --rows to read (default: the first).
        #[arg(long, value_name = "NAME", requires = "rows")]
        sheet: Option<String>,
        /// Folder for the output files and manifest.json (created if missing).
        #[arg(long, default_value = "out")]
        out_dir: PathBuf,
        /// Parallel workers, 1 to 256 (default: all cores).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=vanban::batch::MAX_JOBS as i64))]
        jobs: Option<u16>,
        /// What to write for each item.
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        /// File-name pattern (Handlebars; fields: index, number, number_padded, ward, date, profile, issuer, summary; helper: slug).
        #[arg(long, default_value = vanban::batch::DEFAULT_NAME_PATTERN)]
        name: String,
        /// No progress output (failures are still reported).
        #[arg(long, short)]
        quiet: bool,
        /// Replace files in the folder that differ from what vanban last wrote there
        /// (edited by hand, or not written by vanban); without it they are kept and
        /// their items fail.
        #[arg(long)]
        overwrite: bool,
        #[command(flatten)]
        extras: Extras,
    },
    /// Write a starter notice to edit (a complete example that validates and renders).
    #[command(
        after_help = "Example:\n  vanban init thong-bao.json                 (a State notice, Nghị định 30)\n  vanban init --profile hd36 thong-bao.json  (a Party notice, Hướng dẫn 36)\n  vanban render thong-bao.json --out-dir out/"
    )]
    Init {
        /// The standard the notice follows: nd30 (State bodies) or hd36 (Party bodies).
        #[arg(long, value_enum, default_value = "nd30")]
        profile: InitProfile,
        /// The file to write (never overwritten); `-` prints the notice instead.
        #[arg(default_value = "notice.json")]
        file: String,
    },
    /// The built-in templates, for template authors.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Check a notice without rendering it.
    #[command(after_help = "Example:\n  vanban validate fixtures/phuc-loi-2018.json")]
    Validate {
        /// The notice as JSON; `-` reads standard input.
        input: String,
        /// Load a formatting profile from a TOML file, or every `.toml` file of a
        /// folder (repeatable); see `--profile` of `render`.
        #[arg(long = "profile", value_name = "FILE")]
        profiles: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the notice input.
    #[command(after_help = "Example:\n  vanban schema > notice.schema.json")]
    Schema,
    /// Sign a draft as the competent person: a PAdES signature in the signer's place.
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = "The PDF needs the signing place: render it with --draft (or --signature-field).\nThe time is --time, else SOURCE_DATE_EPOCH, else the clock.\nA key on a USB token or at a remote-signing service: `vanban sign prepare`, then `vanban sign finish`.\n\nExample:\n  SIGNER_PASSWORD=... vanban sign out/draft.pdf --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out out/signed.pdf"
    )]
    Sign {
        #[command(subcommand)]
        step: Option<SignStep>,
        /// The draft PDF.
        #[arg(required = true)]
        input: Option<PathBuf>,
        /// The PKCS#12 file (.p12, .pfx) with the private key and its certificate.
        #[arg(long, value_name = "FILE", required = true)]
        p12: Option<PathBuf>,
        /// The environment variable holding the PKCS#12 password.
        #[arg(long, value_name = "VAR", required = true)]
        password_env: Option<String>,
        /// The signing time (ISO 8601 with its zone, or seconds since 1970); default
        /// SOURCE_DATE_EPOCH, else the clock.
        #[arg(long, value_name = "TIME")]
        time: Option<String>,
        /// The signature image (PNG, blue, transparent background) shown in the signer's block.
        #[arg(long, value_name = "PNG")]
        image: Option<PathBuf>,
        /// Printed width of the signature image, before it is fitted into the block.
        #[arg(long, value_name = "MM", default_value_t = 35.0)]
        image_width_mm: f64,
        /// Where to write the signed PDF.
        #[arg(long, required = true)]
        out: Option<PathBuf>,
    },
    /// Issue a signed draft as the văn thư: fill in the number and the day, and
    /// apply the agency's signature with the seal.
    #[command(
        after_help = "Example:\n  AGENCY_PASSWORD=... vanban issue out/signed.pdf --number 125 --date 2026-12-01 --p12 agency.p12 --password-env AGENCY_PASSWORD --seal seal.png --seal-width-mm 36 --out out/issued.pdf"
    )]
    Issue {
        /// The PDF signed by the competent person.
        input: PathBuf,
        /// The number the register gives the document.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        number: u32,
        /// The issue date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        #[command(flatten)]
        key: KeyArgs,
        /// The agency's seal image (PNG, red, transparent background), printed at its real size.
        #[arg(long, value_name = "PNG")]
        seal: Option<PathBuf>,
        /// The seal's real width.
        #[arg(long, value_name = "MM", default_value_t = 36.0)]
        seal_width_mm: f64,
        /// The agency's name shown with the seal (default: the name in its certificate).
        #[arg(long)]
        agency: Option<String>,
        /// Where to write the issued PDF.
        #[arg(long)]
        out: PathBuf,
    },
    /// Package an issued notice as an edXML packet for the document-exchange axis,
    /// or check a packet (--check).
    #[command(
        after_help = "The number and date come from the issued PDF (vanban issue); the other fields from the notice.\n\nExamples:\n  vanban edxml notice.json --pdf out/issued.pdf --from 000.00.00.H26 --to 000.00.01.H26 --to 000.00.02.H26 --out out/notice.edxml\n  vanban edxml --check out/notice.edxml"
    )]
    Edxml {
        /// The notice as JSON (number and date may be left out, as in a draft).
        #[arg(required_unless_present = "check")]
        input: Option<String>,
        /// The issued PDF, attached zipped and base64-encoded.
        #[arg(long, required_unless_present = "check")]
        pdf: Option<PathBuf>,
        /// The sending body's organ code (mã định danh, e.g. 000.00.00.H26).
        #[arg(long, required_unless_present = "check")]
        from: Option<String>,
        /// A receiving body's organ code; once per body.
        #[arg(long, required_unless_present = "check")]
        to: Vec<String>,
        /// Where to write the packet.
        #[arg(long, required_unless_present = "check")]
        out: Option<PathBuf>,
        /// Check this packet against the axis's required-field rules instead.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["input", "pdf", "from", "out"])]
        check: Option<PathBuf>,
    },
    /// Serve rendering over HTTP (POST /v1/render, /v1/validate, /v1/batch; see /openapi.json).
    #[command(
        after_help = "Example:\n  vanban serve --listen 127.0.0.1:8080 --jobs 2\n  curl -sS -H 'Content-Type: application/json' --data-binary @fixtures/phuc-loi-2018.json -o out.pdf http://127.0.0.1:8080/v1/render"
    )]
    Serve(serve::ServeArgs),
    /// Print the markup a template produces for a notice (for template authors).
    #[command(
        after_help = "Example:\n  vanban markup fixtures/phuc-loi-2018.json --templates my-templates/"
    )]
    Markup {
        /// The notice as JSON; `-` reads standard input.
        input: String,
        /// Folder of `.hbs` templates overriding the built-in ones by name.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Load a formatting profile from a TOML file, or every `.toml` file of a
        /// folder (repeatable); see `--profile` of `render`.
        #[arg(long = "profile", value_name = "FILE")]
        profiles: Vec<PathBuf>,
    },
}

/// Deferred signing, for keys on USB tokens and at remote-signing services.
#[derive(Subcommand)]
enum SignStep {
    /// Reserve the signature's place with the signer's certificate and print the
    /// SHA-256 digest to sign (hex; JSON with --message-format json).
    #[command(
        after_help = "Example:\n  vanban sign prepare out/draft.pdf --cert signer.pem --image signature.png --out out/prepared.pdf > digest.hex\n  xxd -r -p digest.hex > digest.bin\n  openssl pkeyutl -sign -inkey key.pem -pkeyopt digest:sha256 -in digest.bin -out sig.bin\n  vanban sign finish out/prepared.pdf --signature sig.bin --out out/signed.pdf"
    )]
    Prepare {
        /// The draft PDF.
        input: PathBuf,
        /// The signer's certificate (PEM, the chain may follow, or DER).
        #[arg(long, value_name = "FILE")]
        cert: PathBuf,
        #[arg(long, value_name = "TIME")]
        time: Option<String>,
        #[arg(long, value_name = "PNG")]
        image: Option<PathBuf>,
        #[arg(long, value_name = "MM", default_value_t = 35.0)]
        image_width_mm: f64,
        /// Where to write the prepared PDF.
        #[arg(long)]
        out: PathBuf,
    },
    /// Put the signature made over the printed digest into the prepared PDF.
    Finish {
        /// The PDF `vanban sign prepare` wrote.
        input: PathBuf,
        /// The raw signature over the digest (RSA PKCS#1 v1.5 or ECDSA DER).
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "cms",
            conflicts_with = "cms"
        )]
        signature: Option<PathBuf>,
        /// A whole CMS SignedData (DER) over the prepared PDF's byte ranges.
        #[arg(long, value_name = "FILE")]
        cms: Option<PathBuf>,
        /// Where to write the signed PDF.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The key and time of a signature.
#[derive(clap::Args)]
struct KeyArgs {
    /// The PKCS#12 file (.p12, .pfx) with the private key and its certificate.
    #[arg(long, value_name = "FILE")]
    p12: PathBuf,
    /// The environment variable holding the PKCS#12 password (never the password
    /// itself on the command line, where other users can see it).
    #[arg(long, value_name = "VAR")]
    password_env: String,
    /// The signing time (ISO 8601 with its zone, e.g. 2026-12-01T09:30:00+07:00, or
    /// seconds since 1970); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    time: Option<String>,
}

/// Options shared by `render` and `batch`.
#[derive(clap::Args, Default)]
struct Extras {
    /// Folder of `.hbs` templates overriding the built-in ones by name.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Load a formatting profile from a TOML file, or every `.toml` file of a folder
    /// (repeatable). A notice's "profile" may then name its `id`; a loaded profile
    /// with the id of a built-in one (nd30, hd36) replaces it.
    #[arg(long = "profile", value_name = "FILE")]
    profiles: Vec<PathBuf>,
    /// Write PDF/A-2b for archiving: XMP identification and an sRGB output intent.
    #[arg(long)]
    pdfa: bool,
    /// Also write <stem>.meta.json: the edXML envelope fields (number, date, signer,
    /// recipients, page count…).
    #[arg(long)]
    meta: bool,
    /// Reserve the signing place with an empty PDF signature field over the signer's
    /// block, for a token or remote-signing tool to sign in place.
    #[arg(long)]
    signature_field: bool,
    /// Folder the signature and seal image files are read from (default: the
    /// input's folder); paths in the input may not lead outside it.
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
}

fn main() -> ExitCode {
    tune_allocator();
    signals::ignore_file_size_signal();
    let cli = Cli::parse();
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
                        say!(
                            "wrote {file}: a {} notice to edit; then `vanban validate {file}` and `vanban render {file}`",
                            profile
                        );
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
        Command::Sign {
            step: Some(step), ..
        } => issuance::deferred(step),
        Command::Sign {
            step: None,
            input,
            p12,
            password_env,
            time,
            image,
            image_width_mm,
            out,
        } => issuance::sign(
            &input.unwrap_or_default(),
            &KeyArgs {
                p12: p12.unwrap_or_default(),
                password_env: password_env.unwrap_or_default(),
                time,
            },
            image.as_deref(),
            image_width_mm,
            &out.unwrap_or_default(),
        ),
        Command::Issue {
            input,
            number,
            date,
            key,
            seal,
            seal_width_mm,
            agency,
            out,
        } => issuance::issue(
            &input,
            &key,
            issuance::IssueArgs {
                number,
                date: &date,
                seal: seal.as_deref(),
                seal_width_mm,
                agency: agency.as_deref(),
            },
            &out,
        ),
        Command::Edxml {
            input,
            pdf,
            from,
            to,
            out,
            check,
        } => match check {
            Some(file) => issuance::edxml_check(&file),
            None => issuance::edxml(
                input.as_deref().unwrap_or_default(),
                pdf.as_deref().unwrap_or(Path::new("")),
                from.as_deref().unwrap_or_default(),
                &to,
                out.as_deref().unwrap_or(Path::new("")),
            ),
        },
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

/// `vanban templates export DIR`: every file is checked before any is written, so
/// that a folder holding one of them is left as it was.
fn export_templates(dir: &Path) -> Result<u8, u8> {
    let files = vanban::template::exported();
    let name = dir.display().to_string();
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(&name, &format!("cannot create: {e}"), EXIT_RENDER_FAILED))?;
    for (file, _) in &files {
        let path = dir.join(file);
        if path.symlink_metadata().is_ok() {
            return Err(fail(
                &path.display().to_string(),
                &"already exists; vanban does not overwrite it (export into an empty folder, or remove it first)",
                EXIT_BAD_INPUT,
            ));
        }
    }
    for (file, text) in &files {
        let path = dir.join(file);
        vanban::init::write_new(&path, text.as_bytes())
            .map_err(|e| fail(&path.display().to_string(), &e, EXIT_RENDER_FAILED))?;
        say!("wrote {}", path.display());
    }
    Ok(EXIT_OK)
}

/// Write a command's result to standard output. A reader that stops early (`| head`)
/// is not an error: the command ends quietly, as grep and ripgrep do.
fn print_stdout(text: &str) -> Result<u8, u8> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(fail(
            "stdout",
            &format!("cannot write: {e}"),
            EXIT_RENDER_FAILED,
        )),
    }
}

/// Print an error about `input` and give back the exit code.
fn fail(input: &str, e: &dyn std::fmt::Display, code: u8) -> u8 {
    Diagnostic {
        level: "error",
        input,
        item: None,
        row: None,
        cell: None,
        path: None,
        line: None,
        column: None,
        message: e.to_string(),
    }
    .emit();
    code
}

/// Print an input error with its JSON path and position.
fn fail_input(input: &str, e: &vanban::notice::InputError) -> u8 {
    Diagnostic {
        level: "error",
        input,
        item: None,
        row: None,
        cell: None,
        path: Some(&e.path),
        line: (e.line > 0).then_some(e.line),
        column: (e.line > 0).then_some(e.column),
        message: e.message.clone(),
    }
    .emit();
    EXIT_BAD_INPUT
}

fn open_input(input: &str) -> Result<Box<dyn Read>, u8> {
    if input == "-" {
        Ok(Box::new(std::io::stdin()))
    } else {
        std::fs::File::open(input)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| fail(input, &format!("cannot read: {e}"), EXIT_BAD_INPUT))
    }
}

fn read_input(input: &str) -> Result<String, u8> {
    read_input_from(input, open_input(input)?)
}

fn read_input_from(input: &str, reader: Box<dyn Read>) -> Result<String, u8> {
    /// A notice is a few tens of kilobytes (a 500-task notice is about 350 KB). Past
    /// this size the input is almost certainly the wrong file, and rendering it would
    /// take some 60 bytes of memory per byte of text (600 MB for 10 MB), so it is
    /// refused unread.
    const MAX_INPUT: u64 = 1 << 20;
    let cannot_read = |e: std::io::Error| fail(input, &format!("cannot read: {e}"), EXIT_BAD_INPUT);
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(fail(
            input,
            &format!(
                "the input is larger than {} MiB, the limit for one notice (a notice is a few tens of kilobytes); check that this is the right file (a batch of notices goes to `vanban batch`)",
                MAX_INPUT >> 20
            ),
            EXIT_BAD_INPUT,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic {
            level: "error",
            input,
            item: None,
            row: None,
            cell: None,
            path: None,
            line: Some(line),
            column: Some(column),
            message: format!(
                "byte 0x{:02X} is not UTF-8 text; save the file as UTF-8 (Unicode)",
                e.as_bytes()[valid.len()]
            ),
        }
        .emit();
        EXIT_BAD_INPUT
    })
}

/// Read, check and load the images of a notice; image files come from `assets`, or
/// the input's folder.
fn read_notice(
    input: &str,
    assets: Option<&Path>,
    profiles: &vanban::profile::ProfileSet,
) -> Result<Notice, u8> {
    read_notice_as(input, assets, false, profiles)
}

/// [`read_notice`], for a draft for issuance when `draft`.
fn read_notice_as(
    input: &str,
    assets: Option<&Path>,
    draft: bool,
    profiles: &vanban::profile::ProfileSet,
) -> Result<Notice, u8> {
    let text = read_input(input)?;
    notice_from_text(input, &text, assets, draft, profiles)
}

/// Read and check a notice against `profiles` (the renderer's), then load its images.
fn notice_from_text(
    input: &str,
    text: &str,
    assets: Option<&Path>,
    draft: bool,
    profiles: &vanban::profile::ProfileSet,
) -> Result<Notice, u8> {
    let parsed = if draft {
        Notice::from_json_draft(text)
    } else {
        Notice::from_json(text)
    };
    let mut notice = parsed.map_err(|e| fail_input(input, &e))?;
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
fn looks_like_batch(head: &[u8]) -> bool {
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

/// `vanban validate`: one notice, or every item of a batch file (each failure
/// reported, items counted from 1 as a person counts them).
fn validate(input: &str, profile_files: &[PathBuf]) -> Result<u8, u8> {
    let profiles = load_profiles(profile_files)?;
    let mut reader = open_input(input)?;
    let mut head = Vec::new();
    (&mut reader)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| fail(input, &format!("cannot read: {e}"), EXIT_BAD_INPUT))?;
    let batch = looks_like_batch(&head);
    let reader = std::io::Cursor::new(head).chain(reader);
    if !batch {
        let text = read_input_from(input, Box::new(reader))?;
        notice_from_text(input, &text, None, false, &profiles)?;
        say!("{input}: valid");
        return Ok(EXIT_OK);
    }
    let mut report = |r: &vanban::batch::ItemReport| {
        Diagnostic {
            level: "error",
            input,
            item: Some(r.index + 1),
            row: None,
            cell: None,
            path: r.path.as_deref(),
            line: r.line,
            column: r.column,
            message: r.error.clone().unwrap_or_default(),
        }
        .emit();
    };
    let checked = vanban::batch::validate(reader, &base_dir(input), &profiles, &mut report)
        .map_err(|e| fail(input, &e, EXIT_BAD_INPUT))?;
    if checked.failed > 0 {
        say!(
            "{input}: {} of {} notices are invalid",
            checked.failed,
            checked.total
        );
        return Err(EXIT_BAD_INPUT);
    }
    say!("{input}: valid ({} notices)", checked.total);
    Ok(EXIT_OK)
}

/// The folder image paths in `input` are relative to.
fn base_dir(input: &str) -> PathBuf {
    match Path::new(input).parent() {
        Some(p) if input != "-" && !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The built-in profiles and those of `files` (each a TOML file or a folder of them).
fn load_profiles(files: &[PathBuf]) -> Result<vanban::profile::ProfileSet, u8> {
    let mut set = vanban::profile::ProfileSet::builtin();
    for f in files {
        // The message names the file (and the TOML parser's line and key).
        set.load(f).map_err(|e| {
            let input = f.display().to_string();
            let message = match e.strip_prefix(&format!("profile {input}: ")) {
                Some(rest) => rest.to_string(),
                None => e,
            };
            Diagnostic {
                level: "error",
                input: &input,
                item: None,
                row: None,
                cell: None,
                path: None,
                line: None,
                column: None,
                message,
            }
            .emit();
            EXIT_BAD_INPUT
        })?;
    }
    Ok(set)
}

fn renderer(extras: &Extras) -> Result<Renderer, u8> {
    let r = match &extras.templates {
        Some(dir) => Renderer::with_templates(dir)
            .map_err(|e| fail(&dir.display().to_string(), &e, EXIT_BAD_INPUT))?,
        None => Renderer::new(),
    };
    let r = if extras.profiles.is_empty() {
        r
    } else {
        let set = load_profiles(&extras.profiles)?;
        r.with_profiles(set).map_err(|e| {
            fail(
                &extras.profiles[0].display().to_string(),
                &e,
                EXIT_BAD_INPUT,
            )
        })?
    };
    Ok(r.with_pdf_options(vanban::pdf::PdfOptions {
        pdfa: extras.pdfa,
        signature_field: extras.signature_field,
        draft: false,
    })
    .with_sidecar(extras.meta))
}

fn stem(input: &str) -> String {
    if input == "-" {
        return "notice".into();
    }
    Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notice".into())
}

fn render(
    input: &str,
    out_dir: &Path,
    format: Format,
    (draft, tasks): (bool, bool),
    extras: &Extras,
) -> Result<u8, u8> {
    let mut renderer = renderer(extras)?;
    let notice = read_notice_as(input, extras.assets.as_deref(), draft, renderer.profiles())?;
    if draft {
        renderer = renderer.with_pdf_options(vanban::pdf::PdfOptions {
            pdfa: extras.pdfa,
            signature_field: true,
            draft: true,
        });
    }
    let outputs = renderer.outputs(&notice, format.into()).map_err(|e| {
        let code = match e {
            Error::Input(_) | Error::Template(_) | Error::Markup(_) => EXIT_BAD_INPUT,
            _ => EXIT_RENDER_FAILED,
        };
        fail(input, &e, code)
    })?;
    std::fs::create_dir_all(out_dir).map_err(|e| {
        fail(
            input,
            &format!("cannot create {}: {e}", out_dir.display()),
            EXIT_RENDER_FAILED,
        )
    })?;
    let stem = stem(input);
    let mut outputs: Vec<(String, Vec<u8>)> = outputs
        .into_iter()
        .map(|o| (o.extension.to_string(), o.bytes))
        .collect();
    if tasks {
        let profile = renderer
            .profile(notice.profile.as_str())
            .ok_or_else(|| fail(input, &"the profile is not known", EXIT_BAD_INPUT))?;
        outputs.push((
            "tasks.json".into(),
            vanban::issue::tasks::json(&notice, profile),
        ));
        outputs.push((
            "tasks.ics".into(),
            vanban::issue::tasks::icalendar(&notice, profile),
        ));
    }
    for (extension, bytes) in outputs {
        let path = out_dir.join(format!("{stem}.{}", extension));
        vanban::output::write_atomic(&path, &bytes).map_err(|e| {
            fail(
                input,
                &format!("cannot write {}: {e}", path.display()),
                EXIT_RENDER_FAILED,
            )
        })?;
        say!("wrote {}", path.display());
    }
    Ok(EXIT_OK)
}

impl From<Format> for vanban::render::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Pdf => vanban::render::Format::Pdf,
            Format::Docx => vanban::render::Format::Docx,
            Format::All => vanban::render::Format::All,
        }
    }
}

/// The options of `vanban batch` besides its input, folder and rendering extras.
struct BatchFlags {
    jobs: Option<usize>,
    format: Format,
    name: String,
    quiet: bool,
    overwrite: bool,
}

/// Where a batch's items come from.
enum BatchInput {
    /// A batch file (`-`: standard input).
    Json(String),
    /// A base notice and a spreadsheet of rows.
    Rows {
        base: PathBuf,
        rows: PathBuf,
        sheet: Option<String>,
    },
}

fn batch(
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
            let table = vanban::sheet::read(rows, sheet.as_deref())
                .map_err(|e| fail(&name, &e, EXIT_BAD_INPUT))?;
            let items =
                vanban::sheet::items(&table).map_err(|e| fail(&name, &e, EXIT_BAD_INPUT))?;
            let base_name = base.display().to_string();
            let base_value = std::fs::File::open(base)
                .map_err(|e| format!("cannot read: {e}"))
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
    } = flags;
    let renderer = renderer(extras)?;
    let open = || -> Result<Box<dyn Read + Send>, u8> {
        if input == "-" {
            Ok(Box::new(std::io::stdin()))
        } else {
            std::fs::File::open(input)
                .map(|f| Box::new(f) as Box<dyn Read + Send>)
                .map_err(|e| fail(input, &format!("cannot read: {e}"), EXIT_BAD_INPUT))
        }
    };
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let bar = if !quiet && input != "-" && std::io::stderr().is_terminal() {
        let total = match &rows {
            Some((_, _, items)) => items.len(),
            None => vanban::batch::count_items(open()?).unwrap_or(0),
        };
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} notices  {elapsed} {msg}",
            )
            .expect("template"),
        );
        Some(bar)
    } else {
        None
    };
    let report = |p: Progress| {
        let Progress::Item(r) = p;
        if !r.ok {
            let diag = Diagnostic {
                level: "error",
                input,
                item: Some(r.index),
                row: r.row,
                cell: r.cell.as_deref(),
                path: r.path.as_deref(),
                line: r.line,
                column: r.column,
                message: match r.removed.as_slice() {
                    [] => r.error.clone().unwrap_or_default(),
                    removed => format!(
                        "{}; removed the earlier {}",
                        r.error.as_deref().unwrap_or_default(),
                        removed.join(" and ")
                    ),
                },
            };
            match &bar {
                Some(b) => b.suspend(|| diag.emit()),
                None => diag.emit(),
            }
        } else if !quiet && bar.is_none() {
            let files: Vec<&str> = r.files.iter().map(|f| f.file.as_str()).collect();
            let ward = r.ward.as_deref().unwrap_or("");
            match r.row {
                Some(row) => say!("row {row} {ward}: ok {}", files.join(" ")),
                None => say!("item {} {ward}: ok {}", r.index, files.join(" ")),
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
            "note: an earlier batch into {} (pid {pid}) did not finish; removed the {} temporary files it left",
            out_dir.display(),
            summary.cleaned
        );
    }
    let manifest = out_dir.join("manifest.json");
    let listed = if summary.manifest_written {
        format!("manifest: {}", manifest.display())
    } else {
        format!(
            "the full manifest could not be written; {} only says that the run did not complete",
            manifest.display()
        )
    };
    let counts = format!(
        "rendered {} of {} notices ({} failed",
        summary.succeeded,
        summary.total + summary.not_rendered,
        summary.failed
    );
    let listed = if summary.end == End::Complete {
        listed
    } else {
        format!("{listed} (\"complete\": false)")
    };
    match &summary.end {
        End::Complete => {
            if !quiet || summary.failed > 0 || !summary.manifest_written {
                say!("{counts}); {listed}");
            }
            Ok(if summary.failed > 0 || !summary.manifest_written {
                EXIT_RENDER_FAILED
            } else {
                EXIT_OK
            })
        }
        End::Interrupted => {
            say!(
                "interrupted: {counts}, {} read but not rendered); {listed}",
                summary.not_rendered
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
            fail(input, &format!("the batch stopped: {cause}"), code);
            say!(
                "{counts}, {} read but not rendered); {listed}",
                summary.not_rendered
            );
            Ok(code)
        }
    }
}

/// `vanban sign` and `vanban issue`: read the key and the PDF, refuse before
/// writing anything, write the result whole or not at all.
mod issuance {
    use super::{fail, KeyArgs, EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
    use std::path::Path;
    use vanban::image::{decode_png, Kind, Picture};
    use vanban::issue::keys::Credentials;
    use vanban::issue::time::SigningTime;
    use vanban::issue::IssueError;

    fn code(e: &IssueError) -> u8 {
        match e {
            IssueError::Internal(_) => EXIT_RENDER_FAILED,
            _ => EXIT_BAD_INPUT,
        }
    }

    /// Files read here are small (a PDF of a notice, a key, a PNG); 64 MB bounds them.
    fn read(path: &Path, what: &str) -> Result<Vec<u8>, u8> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| {
            fail(
                &name,
                &format!("cannot read the {what}: {e}"),
                EXIT_BAD_INPUT,
            )
        })?;
        if meta.len() > 64 << 20 {
            return Err(fail(
                &name,
                &format!("the {what} is larger than 64 MB"),
                EXIT_BAD_INPUT,
            ));
        }
        std::fs::read(path).map_err(|e| {
            fail(
                &name,
                &format!("cannot read the {what}: {e}"),
                EXIT_BAD_INPUT,
            )
        })
    }

    fn time(key: &KeyArgs) -> Result<SigningTime, u8> {
        if let Some(t) = &key.time {
            return SigningTime::parse(t).map_err(|m| fail("--time", &m, EXIT_BAD_INPUT));
        }
        if let Ok(t) = std::env::var("SOURCE_DATE_EPOCH") {
            return SigningTime::parse(&t)
                .map_err(|m| fail("SOURCE_DATE_EPOCH", &m, EXIT_BAD_INPUT));
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Ok(SigningTime(now))
    }

    fn credentials(key: &KeyArgs) -> Result<Credentials, u8> {
        let name = key.p12.display().to_string();
        let password = std::env::var(&key.password_env).map_err(|_| {
            fail(
                &name,
                &format!(
                    "the environment variable {} that should hold the password is not set",
                    key.password_env
                ),
                EXIT_BAD_INPUT,
            )
        })?;
        let bytes = read(&key.p12, "key file")?;
        Credentials::from_pkcs12(&bytes, &password, &name).map_err(|e| fail("sign", &e, code(&e)))
    }

    fn picture(path: &Path, width_mm: f64, kind: Kind) -> Result<Picture, u8> {
        let bytes = read(path, "image")?;
        decode_png(bytes, width_mm, kind)
            .map_err(|m| fail(&path.display().to_string(), &m, EXIT_BAD_INPUT))
    }

    fn write(out: &Path, bytes: &[u8]) -> Result<u8, u8> {
        vanban::output::write_atomic(out, bytes).map_err(|e| {
            fail(
                &out.display().to_string(),
                &format!("cannot write: {e}"),
                EXIT_RENDER_FAILED,
            )
        })?;
        say!("wrote {}", out.display());
        Ok(EXIT_OK)
    }

    pub fn sign(
        input: &Path,
        key: &KeyArgs,
        image: Option<&Path>,
        image_width_mm: f64,
        out: &Path,
    ) -> Result<u8, u8> {
        let time = time(key)?;
        let creds = credentials(key)?;
        let image = image
            .map(|p| picture(p, image_width_mm, Kind::Signature))
            .transpose()?;
        let pdf = read(input, "PDF")?;
        let name = input.display().to_string();
        let key_path = key.p12.display().to_string();
        let signed = vanban::issue::sign(
            &pdf,
            &name,
            &vanban::issue::SignRequest {
                creds: &creds,
                key_path: &key_path,
                time,
                image: image.as_ref(),
            },
        )
        .map_err(|e| fail("sign", &e, code(&e)))?;
        write(out, &signed)
    }

    pub fn edxml(input: &str, pdf: &Path, from: &str, to: &[String], out: &Path) -> Result<u8, u8> {
        // An edXML packet is made for a notice of a built-in profile.
        let profiles = vanban::profile::ProfileSet::builtin();
        let mut notice = super::read_notice_as(input, None, true, &profiles)?;
        let bytes = read(pdf, "PDF")?;
        let name = pdf.display().to_string();
        let issued =
            vanban::issue::issued_values(&bytes, &name).map_err(|e| fail("edxml", &e, code(&e)))?;
        let pages = match &issued {
            Some(i) => {
                notice.number = i.number;
                notice.date = i.date;
                i.pages
            }
            None => {
                // A PDF that prints its number: the notice's own number and date.
                let text = super::read_input(input)?;
                notice = vanban::notice::Notice::from_json_in(&text, &profiles)
                    .map_err(|e| super::fail_input(input, &e))?;
                lopdf::Document::load_mem(&bytes)
                    .map(|d| d.get_pages().len())
                    .map_err(|_| fail(&name, &"the PDF cannot be read", EXIT_BAD_INPUT))?
            }
        };
        notice.draft = None;
        let profile = notice
            .check_profile(&profiles, None)
            .map_err(|e| super::fail_input(input, &e))?;
        let signed_at = issued.as_ref().and_then(|i| i.signed_at).map(|t| t.edxml());
        let pdf_name = pdf
            .file_name()
            .map_or_else(|| "notice.pdf".into(), |n| n.to_string_lossy().into_owned());
        let xml = vanban::issue::edxml::packet(&vanban::issue::edxml::PacketRequest {
            notice: &notice,
            profile,
            pdf: &bytes,
            pdf_name: &pdf_name,
            pages,
            from,
            to,
            signed_at: signed_at.as_deref(),
        })
        .map_err(|e| fail("edxml", &e, code(&e)))?;
        write(out, xml.as_bytes())
    }

    pub fn edxml_check(file: &Path) -> Result<u8, u8> {
        let name = file.display().to_string();
        let bytes = read(file, "packet")?;
        let text = String::from_utf8(bytes)
            .map_err(|_| fail(&name, &"the packet is not UTF-8 text", EXIT_BAD_INPUT))?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let today = SigningTime(now).vietnam_date();
        let report = vanban::issue::edxml::check(&text, today);
        for w in &report.warnings {
            say!("warning: {name}: {w}");
        }
        for e in &report.errors {
            fail(&name, e, EXIT_BAD_INPUT);
        }
        if report.errors.is_empty() {
            say!("{name}: the packet has every required field");
            Ok(EXIT_OK)
        } else {
            Err(EXIT_BAD_INPUT)
        }
    }

    pub fn deferred(step: super::SignStep) -> Result<u8, u8> {
        use vanban::issue::{Completion, SignRequest};
        match step {
            super::SignStep::Prepare {
                input,
                cert,
                time: t,
                image,
                image_width_mm,
                out,
            } => {
                let time = time(&KeyArgs {
                    p12: Default::default(),
                    password_env: String::new(),
                    time: t,
                })?;
                let cert_name = cert.display().to_string();
                let creds =
                    Credentials::from_certificates(&read(&cert, "certificate")?, &cert_name)
                        .map_err(|e| fail("sign prepare", &e, code(&e)))?;
                let image = image
                    .map(|p| picture(&p, image_width_mm, Kind::Signature))
                    .transpose()?;
                let pdf = read(&input, "PDF")?;
                let prepared = vanban::issue::prepare(
                    &pdf,
                    &input.display().to_string(),
                    &SignRequest {
                        creds: &creds,
                        key_path: &cert_name,
                        time,
                        image: image.as_ref(),
                    },
                )
                .map_err(|e| fail("sign prepare", &e, code(&e)))?;
                write(&out, &prepared.pdf)?;
                let hex: String = prepared.digest.iter().map(|b| format!("{b:02x}")).collect();
                let line = if super::MESSAGE_FORMAT.get() == Some(&super::MessageFormat::Json) {
                    serde_json::json!({"digest_sha256": hex, "prepared": out.display().to_string()})
                        .to_string()
                } else {
                    hex
                };
                super::print_stdout(&format!("{line}\n"))
            }
            super::SignStep::Finish {
                input,
                signature,
                cms,
                out,
            } => {
                let pdf = read(&input, "PDF")?;
                let (bytes, raw) = match (&signature, &cms) {
                    (Some(s), _) => (read(s, "signature")?, true),
                    (None, Some(c)) => (read(c, "CMS file")?, false),
                    (None, None) => {
                        return Err(fail(
                            "sign finish",
                            &"give --signature or --cms",
                            EXIT_BAD_INPUT,
                        ))
                    }
                };
                let with = if raw {
                    Completion::Raw(&bytes)
                } else {
                    Completion::Cms(&bytes)
                };
                let signed = vanban::issue::finish(&pdf, &input.display().to_string(), with)
                    .map_err(|e| fail("sign finish", &e, code(&e)))?;
                write(&out, &signed)
            }
        }
    }

    pub struct IssueArgs<'a> {
        pub number: u32,
        pub date: &'a str,
        pub seal: Option<&'a Path>,
        pub seal_width_mm: f64,
        pub agency: Option<&'a str>,
    }

    pub fn issue(input: &Path, key: &KeyArgs, args: IssueArgs, out: &Path) -> Result<u8, u8> {
        let date: vanban::date::Date =
            serde_json::from_value(serde_json::Value::String(args.date.to_string()))
                .map_err(|e| fail("--date", &e, EXIT_BAD_INPUT))?;
        let time = time(key)?;
        let creds = credentials(key)?;
        let seal = args
            .seal
            .map(|p| picture(p, args.seal_width_mm, Kind::Seal))
            .transpose()?;
        let pdf = read(input, "PDF")?;
        let name = input.display().to_string();
        let key_path = key.p12.display().to_string();
        let issued = vanban::issue::issue(
            &pdf,
            &name,
            &vanban::issue::IssueRequest {
                creds: &creds,
                key_path: &key_path,
                time,
                number: args.number,
                date,
                seal: seal.as_ref(),
                agency: args.agency,
            },
        )
        .map_err(|e| fail("issue", &e, code(&e)))?;
        write(out, &issued)
    }
}

/// Signals of a batch run.
mod signals {
    use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

    static CANCEL: AtomicBool = AtomicBool::new(false);
    static RECEIVED: AtomicUsize = AtomicUsize::new(0);
    static LAST: AtomicI32 = AtomicI32::new(0);

    /// Writing past a file-size limit (`ulimit -f`) kills a process by default;
    /// ignored, the write fails with "file too large" and is reported like a full
    /// disk.
    pub fn ignore_file_size_signal() {
        #[cfg(unix)]
        // SAFETY: setting a signal's disposition to "ignore" before any thread exists.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        }
    }

    #[cfg(unix)]
    extern "C" fn on_stop_signal(sig: libc::c_int) {
        if RECEIVED.fetch_add(1, Ordering::SeqCst) > 0 {
            // The second signal: leave at once (only async-signal-safe calls here).
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(128 + sig) };
        }
        LAST.store(sig, Ordering::SeqCst);
        CANCEL.store(true, Ordering::SeqCst);
    }

    /// SIGINT, SIGTERM and SIGHUP make a batch stop taking items, finish the running
    /// ones and write a manifest that says so; a second signal ends the process at
    /// once. Returns the flag the batch watches.
    pub fn catch_stop_signals() -> &'static AtomicBool {
        #[cfg(unix)]
        // SAFETY: installs a handler that only touches atomics and calls _exit. No
        // SA_RESTART: a read of an idle pipe returns, so the reader sees the flag.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_stop_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = 0;
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaction(sig, &action, std::ptr::null_mut());
            }
        }
        &CANCEL
    }

    /// After a cancelled run has cleaned up: end as killed by the signal, so that a
    /// shell or supervisor sees what happened (exit status 130 for Ctrl-C).
    pub fn die_of_stop_signal() {
        #[cfg(unix)]
        {
            let sig = LAST.load(Ordering::SeqCst);
            if sig != 0 {
                // SAFETY: restore the default action and raise the signal again.
                unsafe {
                    libc::signal(sig, libc::SIG_DFL);
                    libc::raise(sig);
                }
            }
        }
    }
}

/// A notice is thousands of small allocations (template values, markup, layout
/// pieces, PDF objects); when printpdf still drew the text (one string per glyph)
/// the system allocator spent a quarter of the time on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults trade memory for speed a batch does not need: with immediate
/// purging and lazily committed arenas, a 1,000-notice batch on two threads peaks at
/// 25 MB instead of 35 MB, at the same speed (`/usr/bin/time -v`). (While printpdf
/// still drew the text, one small allocation per glyph made immediate purging cost a
/// third more system time; the text layer no longer allocates per glyph.)
fn tune_allocator() {
    // Indices of `mi_option_e` in mimalloc 2 (libmimalloc-sys 0.1.x, which the
    // lock file pins): arena_eager_commit = 4, purge_delay = 15.
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain option setters, called once on the main thread before any other
    // thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}
