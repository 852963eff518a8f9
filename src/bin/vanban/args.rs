//! The command line's arguments: every command, flag and value, as clap reads them.
//!
//! The doc comments here are for developers (and clap's fallback): what `--help`
//! shows, in Vietnamese and English, is the table `HELP` of `src/messages/cli.rs`,
//! applied by `help.rs`. A new flag needs its line there; a test names any without.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Render Vietnamese official conclusion notices (THÔNG BÁO KẾT LUẬN) from JSON to PDF and DOCX",
    long_about = "vanban turns a conclusion notice written as JSON into an A4 PDF (and an editable DOCX) laid out as Nghị định 30/2020/NĐ-CP (State bodies, profile nd30) or Hướng dẫn 36-HD/VPTW (Party bodies, profile hd36) require.\n\nExit codes: 0 success, 1 some output failed, 2 bad input or usage.",
    after_help = "Examples:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  vanban validate fixtures/phuc-loi-2018.json\n  vanban schema > notice.schema.json"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// How errors are printed: plain sentences, or one JSON object per line.
    #[arg(long, global = true, value_enum, default_value = "human")]
    pub(crate) message_format: MessageFormat,
    /// The language of messages: Vietnamese (default) or English. Without the flag,
    /// the environment variable VANBAN_LANG, then Vietnamese.
    #[arg(long, global = true, value_enum)]
    pub(crate) lang: Option<LangArg>,
}

/// A language of `--lang`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for vanban::messages::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => vanban::messages::Lang::Vi,
            LangArg::En => vanban::messages::Lang::En,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
pub(crate) enum TemplatesAction {
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
pub(crate) enum InitProfile {
    Nd30,
    Hd36,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Pdf,
    Docx,
    All,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// Drafts for electronic issuance, as `render --draft` makes them: number and
        /// date may be left out, and are blanks with form fields for `vanban issue`.
        #[arg(long)]
        draft: bool,
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
        after_help = "The PDF needs the signing place: render it with --draft (or --signature-field).\nThe time is --time, else SOURCE_DATE_EPOCH, else the clock.\nA key on a USB token or at a remote-signing service: `vanban sign prepare`, then `vanban sign finish`.\n\nExamples:\n  SIGNER_PASSWORD=... vanban sign out/draft.pdf --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out out/signed.pdf\n  SIGNER_PASSWORD=... vanban sign --batch drafts/ --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out-dir signed/"
    )]
    Sign {
        #[command(subcommand)]
        step: Option<SignStep>,
        /// The draft PDF; with --batch, any number of PDFs and folders (their *.pdf).
        #[arg(required = true)]
        input: Vec<PathBuf>,
        /// Sign many drafts with one key: each into --out-dir as <stem>.signed.pdf; a
        /// draft that cannot be signed is reported and the others go on.
        #[arg(long, requires = "out_dir")]
        batch: bool,
        /// With --batch: the folder the signed PDFs are written to.
        #[arg(long, value_name = "DIR", requires = "batch")]
        out_dir: Option<PathBuf>,
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
        /// An RFC 3161 time-stamping service (http:// or https://): the signature
        /// gets its timestamp (PAdES B-T).
        #[arg(long, value_name = "URL")]
        tsa: Option<String>,
        /// A CA certificate (PEM) to trust for an https:// --tsa besides the system's
        /// (a private time-stamping service).
        #[arg(long, value_name = "FILE", requires = "tsa")]
        tsa_ca: Option<PathBuf>,
        /// Where to write the signed PDF.
        #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
        out: Option<PathBuf>,
    },
    /// Issue a signed draft as the văn thư: fill in the number and the day, and
    /// apply the agency's signature with the seal.
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = "An agency key on a USB token or at a remote-signing service: `vanban issue prepare`, then `vanban issue finish`.\nA batch: numbers from --first-number in the order the PDFs are given (a folder's by name, 2-… before 10-…), or from a register (--numbers, CSV with the columns file,number).\n\nExamples:\n  AGENCY_PASSWORD=... vanban issue out/signed.pdf --number 125 --date 2026-12-01 --p12 agency.p12 --password-env AGENCY_PASSWORD --seal seal.png --seal-width-mm 36 --out out/issued.pdf\n  AGENCY_PASSWORD=... vanban issue --batch signed/ --first-number 125 --date 2026-12-01 --p12 agency.p12 --password-env AGENCY_PASSWORD --seal seal.png --out-dir issued/\n  AGENCY_PASSWORD=... vanban issue --batch --numbers register.csv --date 2026-12-01 --p12 agency.p12 --password-env AGENCY_PASSWORD --out-dir issued/"
    )]
    Issue {
        #[command(subcommand)]
        step: Option<IssueStep>,
        /// The PDF signed by the competent person; with --batch, any number of PDFs
        /// and folders (their *.pdf, by name), in the order their numbers are given.
        #[arg(required_unless_present = "numbers")]
        input: Vec<PathBuf>,
        #[command(flatten)]
        fill: IssueFill,
        /// Issue many signed PDFs with one agency key: each into --out-dir as
        /// <stem>.issued.pdf; a PDF that cannot be issued is reported and the others go on.
        #[arg(long, requires = "out_dir", conflicts_with = "number")]
        batch: bool,
        /// With --batch: the number of the first PDF issued; the next ones follow
        /// (a PDF that cannot be issued takes no number).
        #[arg(long, value_name = "N", requires = "batch", conflicts_with = "numbers", value_parser = clap::value_parser!(u32).range(1..))]
        first_number: Option<u32>,
        /// With --batch: the register giving each PDF its number, a CSV file with the
        /// columns `file` and `number` (files relative to the register's folder).
        #[arg(long, value_name = "CSV", requires = "batch")]
        numbers: Option<PathBuf>,
        /// With --batch: the folder the issued PDFs are written to.
        #[arg(long, value_name = "DIR", requires = "batch")]
        out_dir: Option<PathBuf>,
        /// The PKCS#12 file (.p12, .pfx) with the agency's private key and its certificate.
        #[arg(long, value_name = "FILE", required = true)]
        p12: Option<PathBuf>,
        /// The environment variable holding the PKCS#12 password (never the password
        /// itself on the command line, where other users can see it).
        #[arg(long, value_name = "VAR", required = true)]
        password_env: Option<String>,
        /// An RFC 3161 time-stamping service (http:// or https://): the agency's
        /// signature gets its timestamp (PAdES B-T).
        #[arg(long, value_name = "URL")]
        tsa: Option<String>,
        /// A CA certificate (PEM) to trust for an https:// --tsa besides the system's
        /// (a private time-stamping service).
        #[arg(long, value_name = "FILE", requires = "tsa")]
        tsa_ca: Option<PathBuf>,
        /// Where to write the issued PDF.
        #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
        out: Option<PathBuf>,
    },
    /// Package an issued notice as an edXML packet for the document-exchange axis,
    /// or check a packet (--check).
    #[command(
        after_help = "The number and date come from the issued PDF (vanban issue); the other fields from the notice.\nA batch: the batch file, the manifest.json of the folder `vanban batch` wrote, and the issued PDFs (<stem>.issued.pdf in --pdf-dir, default the manifest's folder).\n\nExamples:\n  vanban edxml notice.json --pdf out/issued.pdf --from 000.00.00.H26 --to 000.00.01.H26 --to 000.00.02.H26 --out out/notice.edxml\n  vanban edxml --batch batch.json --manifest out/manifest.json --pdf-dir issued/ --from 000.00.00.H26 --to 000.00.01.H26 --out-dir packets/\n  vanban edxml --batch --base base.json --rows wards.xlsx --manifest out/manifest.json --pdf-dir issued/ --from 000.00.00.H26 --to 000.00.01.H26 --out-dir packets/\n  vanban edxml --check out/notice.edxml"
    )]
    Edxml {
        /// The notice as JSON (number and date may be left out, as in a draft); with
        /// --batch, the batch file (not with --rows).
        #[arg(required_unless_present_any = ["check", "rows"], conflicts_with = "rows")]
        input: Option<String>,
        /// The issued PDF, attached zipped and base64-encoded.
        #[arg(long, required_unless_present_any = ["check", "batch"], conflicts_with = "batch")]
        pdf: Option<PathBuf>,
        /// The sending body's organ code (mã định danh, e.g. 000.00.00.H26).
        #[arg(long, required_unless_present = "check")]
        from: Option<String>,
        /// A receiving body's organ code; once per body.
        #[arg(long, required_unless_present = "check")]
        to: Vec<String>,
        /// Where to write the packet.
        #[arg(long, required_unless_present_any = ["check", "batch"], conflicts_with = "batch")]
        out: Option<PathBuf>,
        /// Check this packet against the axis's required-field rules instead.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["input", "pdf", "from", "out", "batch"])]
        check: Option<PathBuf>,
        /// A packet for each notice of a batch: INPUT is the batch file, --manifest
        /// the manifest.json of the folder `vanban batch` wrote.
        #[arg(long, requires_all = ["manifest", "out_dir"])]
        batch: bool,
        /// With --batch: the manifest.json of the batch's folder (which file each item is).
        #[arg(long, value_name = "FILE", requires = "batch")]
        manifest: Option<PathBuf>,
        /// With --batch: the folder of the issued PDFs (<stem>.issued.pdf); default the
        /// manifest's folder.
        #[arg(long, value_name = "DIR", requires = "batch")]
        pdf_dir: Option<PathBuf>,
        /// With --batch: the folder the packets are written to (<stem>.edxml).
        #[arg(long, value_name = "DIR", requires = "batch")]
        out_dir: Option<PathBuf>,
        /// With --batch --rows: the fields every notice shares (JSON), as `vanban batch`
        /// was given them.
        #[arg(long, value_name = "BASE.json", requires = "rows")]
        base: Option<PathBuf>,
        /// With --batch: the spreadsheet (.xlsx, .ods, .csv) `vanban batch --rows` read,
        /// one notice per row over --base, instead of a batch file.
        #[arg(long, value_name = "FILE", requires_all = ["batch", "base"])]
        rows: Option<PathBuf>,
        /// The sheet of --rows to read (default: the first).
        #[arg(long, value_name = "NAME", requires = "rows")]
        sheet: Option<String>,
    },
    /// Serve rendering over HTTP (POST /v1/render, /v1/validate, /v1/batch; see /openapi.json).
    #[command(
        after_help = "Example:\n  vanban serve --listen 127.0.0.1:8080 --jobs 2\n  curl -sS -H 'Content-Type: application/json' --data-binary @fixtures/phuc-loi-2018.json -o out.pdf http://127.0.0.1:8080/v1/render"
    )]
    Serve(crate::serve::ServeArgs),
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
pub(crate) enum SignStep {
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
    Finish(FinishArgs),
}

/// Deferred issuance, for an agency key on a USB token or at a remote-signing service.
#[derive(Subcommand)]
pub(crate) enum IssueStep {
    /// Fill in the number and the day, reserve the agency's signature with its
    /// certificate, and print the SHA-256 digest to sign (hex; JSON with
    /// --message-format json).
    #[command(
        after_help = "Example:\n  vanban issue prepare out/signed.pdf --number 125 --date 2026-12-01 --cert agency.pem --seal seal.png --out out/prepared.pdf > digest.hex\n  xxd -r -p digest.hex > digest.bin\n  openssl pkeyutl -sign -inkey agency.key -pkeyopt digest:sha256 -in digest.bin -out sig.bin\n  vanban issue finish out/prepared.pdf --signature sig.bin --out out/issued.pdf"
    )]
    Prepare {
        /// The PDF signed by the competent person.
        input: PathBuf,
        #[command(flatten)]
        fill: IssueFill,
        /// The agency's certificate (PEM, the chain may follow, or DER).
        #[arg(long, value_name = "FILE")]
        cert: PathBuf,
        /// Where to write the prepared PDF.
        #[arg(long)]
        out: PathBuf,
    },
    /// Put the agency's signature made over the printed digest into the prepared PDF
    /// (the same as `vanban sign finish`).
    Finish(FinishArgs),
}

/// What issuance fills in and shows.
#[derive(clap::Args, Clone)]
pub(crate) struct IssueFill {
    /// The number the register gives the document (with --batch: --first-number or
    /// --numbers instead).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) number: Option<u32>,
    /// The issue date, YYYY-MM-DD.
    #[arg(long, required = true)]
    pub(crate) date: Option<String>,
    /// The signing time (ISO 8601 with its zone, e.g. 2026-12-01T09:30:00+07:00, or
    /// seconds since 1970); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) time: Option<String>,
    /// The agency's seal image (PNG, red, transparent background), printed at its real size.
    #[arg(long, value_name = "PNG")]
    pub(crate) seal: Option<PathBuf>,
    /// The seal's real width.
    #[arg(long, value_name = "MM", default_value_t = 36.0)]
    pub(crate) seal_width_mm: f64,
    /// The agency's name shown with the seal (default: the name in its certificate).
    #[arg(long)]
    pub(crate) agency: Option<String>,
}

/// The second half of deferred signing, for the signer's and the agency's signature.
#[derive(clap::Args)]
pub(crate) struct FinishArgs {
    /// The PDF `vanban sign prepare` or `vanban issue prepare` wrote.
    pub(crate) input: PathBuf,
    /// The raw signature over the digest (RSA PKCS#1 v1.5 or ECDSA DER).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "cms",
        conflicts_with = "cms"
    )]
    pub(crate) signature: Option<PathBuf>,
    /// A whole CMS SignedData (DER) over the prepared PDF's byte ranges.
    #[arg(long, value_name = "FILE")]
    pub(crate) cms: Option<PathBuf>,
    /// An RFC 3161 time-stamping service (http:// or https://): the signature gets
    /// its timestamp (PAdES B-T).
    #[arg(long, value_name = "URL")]
    pub(crate) tsa: Option<String>,
    /// A CA certificate (PEM) to trust for an https:// --tsa besides the system's
    /// (a private time-stamping service).
    #[arg(long, value_name = "FILE", requires = "tsa")]
    pub(crate) tsa_ca: Option<PathBuf>,
    /// Where to write the signed PDF.
    #[arg(long)]
    pub(crate) out: PathBuf,
}

/// The key and time of a signature, as `sign` and `issue` take them.
pub(crate) struct KeyArgs {
    /// The PKCS#12 file with the private key and its certificate.
    pub(crate) p12: PathBuf,
    /// The environment variable holding the PKCS#12 password.
    pub(crate) password_env: String,
    /// The signing time as given.
    pub(crate) time: Option<String>,
}

/// Options shared by `render` and `batch`.
#[derive(clap::Args, Default)]
pub(crate) struct Extras {
    /// Folder of `.hbs` templates overriding the built-in ones by name.
    #[arg(long)]
    pub(crate) templates: Option<PathBuf>,
    /// Load a formatting profile from a TOML file, or every `.toml` file of a folder
    /// (repeatable). A notice's "profile" may then name its `id`; a loaded profile
    /// with the id of a built-in one (nd30, hd36) replaces it.
    #[arg(long = "profile", value_name = "FILE")]
    pub(crate) profiles: Vec<PathBuf>,
    /// Write PDF/A-2b for archiving: XMP identification and an sRGB output intent.
    #[arg(long)]
    pub(crate) pdfa: bool,
    /// Also write <stem>.meta.json: the edXML envelope fields (number, date, signer,
    /// recipients, page count…).
    #[arg(long)]
    pub(crate) meta: bool,
    /// Reserve the signing place with an empty PDF signature field over the signer's
    /// block, for a token or remote-signing tool to sign in place.
    #[arg(long)]
    pub(crate) signature_field: bool,
    /// Folder the signature and seal image files are read from (default: the
    /// input's folder); paths in the input may not lead outside it.
    #[arg(long, value_name = "DIR")]
    pub(crate) assets: Option<PathBuf>,
}
