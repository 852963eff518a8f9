//! `vanban sign`, `vanban issue` and `vanban edxml`, one by one or as a batch: read
//! the key and the PDF, refuse before writing anything, write the result whole or
//! not at all. Every sentence is from `vanban::messages::issue`.

use crate::args::{Command, FinishArgs, IssueFill, KeyArgs};
use crate::diagnostic::{fail, fail_input};
use crate::input::{read_input, read_notice_as};
use crate::{EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vanban::input::image::{decode_png, Kind, Picture};
use vanban::issue::keys::Credentials;
use vanban::issue::time::SigningTime;
use vanban::issue::IssueError;
use vanban::messages::issue as m;

pub(crate) fn code(e: &IssueError) -> u8 {
    match e {
        IssueError::Internal(_) => EXIT_RENDER_FAILED,
        _ => EXIT_BAD_INPUT,
    }
}

/// `vanban sign`, `vanban issue`, `vanban edxml`: their flags to the step they ask for.
pub(crate) fn run(command: Command) -> Result<u8, u8> {
    match command {
        Command::Sign {
            step: Some(step), ..
        } => deferred(step),
        Command::Sign {
            step: None,
            input,
            batch,
            out_dir,
            p12,
            password_env,
            time,
            image,
            image_width_mm,
            tsa,
            tsa_ca,
            out,
        } => {
            let key = KeyArgs {
                p12: p12.unwrap_or_default(),
                password_env: password_env.unwrap_or_default(),
                time,
            };
            let tsa = tsa_of(tsa.as_deref(), tsa_ca.as_deref())?;
            match (batch, &input[..]) {
                (true, _) => sign_batch(
                    &input,
                    &key,
                    image.as_deref(),
                    image_width_mm,
                    tsa.as_ref(),
                    &out_dir.unwrap_or_default(),
                ),
                (false, [one]) => sign(
                    one,
                    &key,
                    image.as_deref(),
                    image_width_mm,
                    tsa.as_ref(),
                    &out.unwrap_or_default(),
                ),
                (false, _) => Err(fail("sign", &m::sign_one_or_batch(), EXIT_BAD_INPUT)),
            }
        }
        Command::Issue {
            step: Some(step), ..
        } => issue_deferred(step),
        Command::Issue {
            step: None,
            input,
            fill,
            batch,
            first_number,
            numbers,
            out_dir,
            p12,
            password_env,
            tsa,
            tsa_ca,
            out,
        } => {
            let key = KeyArgs {
                p12: p12.unwrap_or_default(),
                password_env: password_env.unwrap_or_default(),
                time: fill.time.clone(),
            };
            let tsa = tsa_of(tsa.as_deref(), tsa_ca.as_deref())?;
            if batch {
                let order = match (first_number, numbers) {
                    (Some(n), None) => Numbering::From(n),
                    (None, Some(file)) => Numbering::Register(file),
                    _ => return Err(fail("issue", &m::batch_numbers(), EXIT_BAD_INPUT)),
                };
                return issue_batch(
                    &input,
                    &order,
                    &key,
                    &fill,
                    tsa.as_ref(),
                    &out_dir.unwrap_or_default(),
                );
            }
            let [one] = &input[..] else {
                return Err(fail("issue", &m::issue_one_or_batch(), EXIT_BAD_INPUT));
            };
            issue(one, &key, &fill, tsa.as_ref(), &out.unwrap_or_default())
        }
        Command::Edxml {
            input,
            pdf,
            from,
            to,
            out,
            check,
            batch,
            manifest,
            pdf_dir,
            out_dir,
            base,
            rows,
            sheet,
        } => match (check, batch) {
            (Some(file), _) => edxml_check(&file),
            (None, true) => edxml_batch(
                match (rows, base) {
                    (Some(rows), Some(base)) => {
                        crate::batch::BatchInput::Rows { base, rows, sheet }
                    }
                    _ => crate::batch::BatchInput::Json(input.unwrap_or_default()),
                },
                &manifest.unwrap_or_default(),
                pdf_dir.as_deref(),
                from.as_deref().unwrap_or_default(),
                &to,
                &out_dir.unwrap_or_default(),
            ),
            (None, false) => edxml(
                input.as_deref().unwrap_or_default(),
                pdf.as_deref().unwrap_or(Path::new("")),
                from.as_deref().unwrap_or_default(),
                &to,
                out.as_deref().unwrap_or(Path::new("")),
            ),
        },
        _ => unreachable!("only the issuance commands come here"),
    }
}

/// The time-stamping service of `--tsa`, with the extra CA of `--tsa-ca`.
fn tsa_of(url: Option<&str>, ca: Option<&Path>) -> Result<Option<vanban::issue::tsa::Tsa>, u8> {
    let Some(url) = url else {
        if let Some(ca) = ca {
            return Err(fail(
                &ca.display().to_string(),
                &m::tsa_ca_without_tsa(),
                EXIT_BAD_INPUT,
            ));
        }
        return Ok(None);
    };
    let extra = match ca {
        Some(path) => Some(read(path, &m::what_certificate())?),
        None => None,
    };
    let name = ca.map(|p| p.display().to_string()).unwrap_or_default();
    vanban::issue::tsa::Tsa::new(url, extra.as_deref(), &name)
        .map(Some)
        .map_err(|e| fail("--tsa", &e, code(&e)))
}

/// Files read here are small (a PDF of a notice, a key, a PNG); 64 MB bounds them.
pub(crate) fn read(path: &Path, what: &str) -> Result<Vec<u8>, u8> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(&name, &m::cannot_read(what, e), EXIT_BAD_INPUT))?;
    if meta.len() > 64 << 20 {
        return Err(fail(&name, &m::too_large(what), EXIT_BAD_INPUT));
    }
    std::fs::read(path).map_err(|e| fail(&name, &m::cannot_read(what, e), EXIT_BAD_INPUT))
}

pub(crate) fn time(key: &KeyArgs) -> Result<SigningTime, u8> {
    if let Some(t) = &key.time {
        return SigningTime::parse(t).map_err(|m| fail("--time", &m, EXIT_BAD_INPUT));
    }
    if let Ok(t) = std::env::var("SOURCE_DATE_EPOCH") {
        return SigningTime::parse(&t).map_err(|m| fail("SOURCE_DATE_EPOCH", &m, EXIT_BAD_INPUT));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Ok(SigningTime(now))
}

pub(crate) fn credentials(key: &KeyArgs) -> Result<Credentials, u8> {
    let name = key.p12.display().to_string();
    let password = std::env::var(&key.password_env).map_err(|_| {
        fail(
            &name,
            &m::password_env_unset(&key.password_env),
            EXIT_BAD_INPUT,
        )
    })?;
    let bytes = read(&key.p12, &m::what_key_file())?;
    Credentials::from_pkcs12(&bytes, &password, &name).map_err(|e| fail("sign", &e, code(&e)))
}

/// A signing key as `sign`, `issue` and their batches take it: the time, the
/// key file read and checked at that time, before any PDF is read.
pub(crate) struct Key {
    time: SigningTime,
    creds: Credentials,
    path: String,
}

/// The prelude of every signing step with a PKCS#12 key.
pub(crate) fn key(args: &KeyArgs, step: &str) -> Result<Key, u8> {
    let time = time(args)?;
    let creds = credentials(args)?;
    let path = args.p12.display().to_string();
    creds
        .check_usable(time, &path)
        .map_err(|e| fail(step, &e, code(&e)))?;
    Ok(Key { time, creds, path })
}

pub(crate) fn picture(path: &Path, width_mm: f64, kind: Kind) -> Result<Picture, u8> {
    let bytes = read(path, &m::what_image())?;
    decode_png(bytes, width_mm, kind)
        .map_err(|m| fail(&path.display().to_string(), &m, EXIT_BAD_INPUT))
}

/// Write `bytes` to `out` whole (a temporary file renamed), quietly.
fn write_quiet(out: &Path, bytes: &[u8]) -> Result<(), u8> {
    vanban::util::output::write_atomic(out, bytes).map_err(|e| {
        fail(
            &out.display().to_string(),
            &m::cannot_write(e),
            EXIT_RENDER_FAILED,
        )
    })
}

pub(crate) fn write(out: &Path, bytes: &[u8]) -> Result<u8, u8> {
    write_quiet(out, bytes)?;
    say!("{}", m::wrote(out.display()));
    Ok(EXIT_OK)
}

/// The PDFs of `inputs`: files as given, the `*.pdf` of a folder sorted by name.
fn pdfs_of(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, u8> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| {
                fail(
                    &input.display().to_string(),
                    &m::cannot_read_folder(e),
                    EXIT_BAD_INPUT,
                )
            })?;
            let mut pdfs: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
                })
                .collect();
            pdfs.sort_by(|a, b| natural_order(a, b));
            files.extend(pdfs);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// File names in the order a person lists them: runs of digits by their value
/// (`2-…` before `10-…`), the rest as text. A batch numbers a folder's PDFs in
/// this order.
fn natural_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    fn runs(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (a, b) = (a.to_string_lossy(), b.to_string_lossy());
    let key = |s: &str| -> Vec<(u8, u128, String)> {
        runs(s)
            .into_iter()
            .map(|(digits, run)| match digits {
                true => (0, run.parse().unwrap_or(u128::MAX), run.to_string()),
                false => (1, 0, run.to_string()),
            })
            .collect()
    };
    key(&a).cmp(&key(&b)).then_with(|| a.cmp(&b))
}

fn create_dir(dir: &Path) -> Result<(), u8> {
    std::fs::create_dir_all(dir).map_err(|e| {
        fail(
            &dir.display().to_string(),
            &m::cannot_create(e),
            EXIT_RENDER_FAILED,
        )
    })
}

/// The stem of a PDF of the issuance flow without the step's suffix
/// (`125-phuc-loi.signed.pdf` → `125-phuc-loi`).
fn base_stem(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map_or_else(|| "notice".into(), |s| s.to_string_lossy().into_owned());
    [".signed", ".issued"]
        .iter()
        .find_map(|s| stem.strip_suffix(s))
        .map_or(stem.clone(), str::to_string)
}

/// Sign one draft with a key checked already.
fn sign_pdf(
    file: &Path,
    key: &Key,
    image: Option<&Picture>,
    tsa: Option<&vanban::issue::tsa::Tsa>,
) -> Result<Vec<u8>, u8> {
    let pdf = read(file, &m::what_pdf())?;
    vanban::issue::sign_with(
        &pdf,
        &file.display().to_string(),
        &vanban::issue::SignRequest {
            creds: &key.creds,
            key_path: &key.path,
            time: key.time,
            image,
            tsa: None,
        },
        tsa,
    )
    .map_err(|e| fail("sign", &e, code(&e)))
}

pub fn sign(
    input: &Path,
    key: &KeyArgs,
    image: Option<&Path>,
    image_width_mm: f64,
    tsa: Option<&vanban::issue::tsa::Tsa>,
    out: &Path,
) -> Result<u8, u8> {
    let key = self::key(key, "sign")?;
    let image = image
        .map(|p| picture(p, image_width_mm, Kind::Signature))
        .transpose()?;
    let signed = sign_pdf(input, &key, image.as_ref(), tsa)?;
    write(out, &signed)
}

/// `vanban sign --batch`: the key read and checked once, then each draft signed
/// on its own; a refused draft is reported and does not stop the others. The
/// exit code is the worst of the drafts'.
pub fn sign_batch(
    inputs: &[PathBuf],
    key: &KeyArgs,
    image: Option<&Path>,
    image_width_mm: f64,
    tsa: Option<&vanban::issue::tsa::Tsa>,
    out_dir: &Path,
) -> Result<u8, u8> {
    let key = self::key(key, "sign")?;
    let image = image
        .map(|p| picture(p, image_width_mm, Kind::Signature))
        .transpose()?;
    let files = pdfs_of(inputs)?;
    if files.is_empty() {
        return Err(fail("sign", &m::no_pdf_to_sign(), EXIT_BAD_INPUT));
    }
    create_dir(out_dir)?;
    let (mut signed, mut worst) = (0usize, EXIT_OK);
    for file in &files {
        let out = out_dir.join(format!("{}.signed.pdf", base_stem(file)));
        let result = if files.iter().any(|f| f == &out) {
            Err(fail(
                &file.display().to_string(),
                &m::output_is_an_input(out.display()),
                EXIT_BAD_INPUT,
            ))
        } else {
            sign_pdf(file, &key, image.as_ref(), tsa).and_then(|bytes| write(&out, &bytes))
        };
        match result {
            Ok(_) => signed += 1,
            Err(c) => worst = worst.max(c),
        }
    }
    say!(
        "{}",
        m::signed_summary(signed, files.len(), out_dir.display())
    );
    batch_exit(worst)
}

/// How a batch of issuance gives its numbers.
enum Numbering {
    /// From this number on, in the order the PDFs are given (a folder's by name);
    /// a PDF that cannot be issued takes no number, so the register has no gap.
    From(u32),
    /// The numbers of a register file (CSV `file,number`), each PDF its own.
    Register(PathBuf),
}

/// The register file of `vanban issue --batch --numbers`: a CSV with the columns
/// `file` and `number` (a header row; other columns are ignored), files relative
/// to the register's folder. A number or a file given twice refuses the whole
/// register: that is a mistake in the register, not in one document.
fn read_register(path: &Path) -> Result<Vec<(PathBuf, u32)>, u8> {
    let name = path.display().to_string();
    let bytes = read(path, &m::what_register())?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail(&name, &m::register_not_utf8(), EXIT_BAD_INPUT))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| fail(&name, &m::register_unreadable(e), EXIT_BAD_INPUT))?
        .clone();
    let column = |want: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
    };
    let (Some(file_col), Some(number_col)) = (column("file"), column("number")) else {
        return Err(fail(&name, &m::register_columns(), EXIT_BAD_INPUT));
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut rows = Vec::new();
    let mut numbers: BTreeMap<u32, usize> = BTreeMap::new();
    let mut files: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut bad = false;
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| fail(&name, &m::register_unreadable(e), EXIT_BAD_INPUT))?;
        let file = record.get(file_col).unwrap_or_default().trim();
        let number = record.get(number_col).unwrap_or_default().trim();
        if file.is_empty() && number.is_empty() {
            continue;
        }
        let Some(n) = number.parse::<u32>().ok().filter(|&n| n > 0) else {
            fail(&name, &m::register_bad_number(line, number), EXIT_BAD_INPUT);
            bad = true;
            continue;
        };
        if file.is_empty() {
            fail(&name, &m::register_no_file(line), EXIT_BAD_INPUT);
            bad = true;
            continue;
        }
        let file = dir.join(file);
        if let Some(first) = numbers.insert(n, line) {
            fail(
                &name,
                &m::register_number_twice(n, first, line),
                EXIT_BAD_INPUT,
            );
            bad = true;
        }
        if let Some(first) = files.insert(file.clone(), line) {
            fail(
                &name,
                &m::register_file_twice(file.display(), first, line),
                EXIT_BAD_INPUT,
            );
            bad = true;
        }
        rows.push((file, n));
    }
    if bad {
        return Err(EXIT_BAD_INPUT);
    }
    if rows.is_empty() {
        return Err(fail(&name, &m::register_empty(), EXIT_BAD_INPUT));
    }
    Ok(rows)
}

/// The numbers of the issued PDFs already in `dir`, by year: a batch never gives
/// a number a document of the same year in that folder carries.
fn numbers_in(dir: &Path) -> BTreeMap<(u16, u32), PathBuf> {
    let mut used = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return used;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if !path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
        {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if let Ok(Some(issued)) = vanban::issue::issued_values(&bytes, "") {
            used.insert((issued.date.year, issued.number), path);
        }
    }
    used
}

/// `vanban issue --batch`: one agency key read and checked once; each signed PDF
/// issued on its own, numbered as `order` says. A PDF that cannot be issued is
/// reported and the others go on; no number is given twice (within the batch, or
/// to a document of the same year already issued into the folder); each issued
/// PDF is written whole or not at all. The exit code is the worst of the PDFs'.
fn issue_batch(
    inputs: &[PathBuf],
    order: &Numbering,
    key: &KeyArgs,
    fill: &IssueFill,
    tsa: Option<&vanban::issue::tsa::Tsa>,
    out_dir: &Path,
) -> Result<u8, u8> {
    let key = self::key(key, "issue")?;
    let date = issue_date(fill)?;
    let seal = seal_of(fill)?;
    let (files, mut next): (Vec<(PathBuf, Option<u32>)>, u32) = match order {
        Numbering::From(n) => {
            let files = pdfs_of(inputs)?;
            (files.into_iter().map(|f| (f, None)).collect(), *n)
        }
        Numbering::Register(path) => {
            if !inputs.is_empty() {
                return Err(fail("issue", &m::register_and_files(), EXIT_BAD_INPUT));
            }
            let rows = read_register(path)?;
            (rows.into_iter().map(|(f, n)| (f, Some(n))).collect(), 0)
        }
    };
    if files.is_empty() {
        return Err(fail("issue", &m::no_pdf_to_issue(), EXIT_BAD_INPUT));
    }
    create_dir(out_dir)?;
    let mut used = numbers_in(out_dir);
    let (mut issued, mut worst) = (0usize, EXIT_OK);
    for (file, given) in &files {
        let name = file.display().to_string();
        let out = out_dir.join(format!("{}.issued.pdf", base_stem(file)));
        let number = given.unwrap_or(next);
        let result = (|| {
            if files.iter().any(|(f, _)| f == &out) {
                return Err(fail(
                    &name,
                    &m::output_is_an_input(out.display()),
                    EXIT_BAD_INPUT,
                ));
            }
            if let Some(other) = used.get(&(date.year, number)) {
                if other != &out {
                    return Err(fail(
                        &name,
                        &m::number_used(number, date.year, other.display()),
                        EXIT_BAD_INPUT,
                    ));
                }
            }
            let pdf = read(file, &m::what_pdf())?;
            let fill = IssueFill {
                number: Some(number),
                ..fill.clone()
            };
            let bytes = vanban::issue::issue_with(
                &pdf,
                &name,
                &issue_request(
                    &key.creds,
                    &key.path,
                    key.time,
                    &fill,
                    seal.as_ref(),
                    date,
                    None,
                ),
                tsa,
            )
            .map_err(|e| fail("issue", &e, code(&e)))?;
            write_quiet(&out, &bytes)
        })();
        match result {
            Ok(()) => {
                say!("{}", m::issued_as(&name, number, out.display()));
                used.insert((date.year, number), out);
                issued += 1;
                if given.is_none() {
                    next = next.checked_add(1).unwrap_or(next);
                }
            }
            Err(c) => worst = worst.max(c),
        }
    }
    say!(
        "{}",
        m::issued_summary(issued, files.len(), out_dir.display())
    );
    batch_exit(worst)
}

/// The notice, its number and date set from the issued PDF, and the PDF's page
/// count and signing time: what a packet is made of.
fn packet_of(
    name: &str,
    notice_text: &str,
    pdf: &[u8],
    pdf_name: &str,
    from: &str,
    to: &[String],
) -> Result<String, u8> {
    let profiles = vanban::profile::ProfileSet::builtin();
    let issued =
        vanban::issue::issued_values(pdf, pdf_name).map_err(|e| fail(pdf_name, &e, code(&e)))?;
    let mut notice = match &issued {
        Some(_) => vanban::input::notice::Notice::from_json_draft(notice_text),
        None => vanban::input::notice::Notice::from_json(notice_text),
    }
    .map_err(|e| fail_input(name, &e))?;
    let pages = match &issued {
        Some(i) => {
            notice.number = i.number;
            notice.date = i.date;
            i.pages
        }
        None => lopdf::Document::load_mem(pdf)
            .map(|d| d.get_pages().len())
            .map_err(|_| fail(pdf_name, &m::pdf_unreadable(), EXIT_BAD_INPUT))?,
    };
    notice.draft = None;
    let profile = notice
        .check_profile(&profiles, None)
        .map_err(|e| fail_input(name, &e))?;
    let signed_at = issued.as_ref().and_then(|i| i.signed_at).map(|t| t.edxml());
    let file_name = Path::new(pdf_name)
        .file_name()
        .map_or_else(|| "notice.pdf".into(), |n| n.to_string_lossy().into_owned());
    vanban::issue::edxml::packet(&vanban::issue::edxml::PacketRequest {
        notice: &notice,
        profile,
        pdf,
        pdf_name: &file_name,
        pages,
        from,
        to,
        signed_at: signed_at.as_deref(),
    })
    .map_err(|e| fail("edxml", &e, code(&e)))
}

pub fn edxml(input: &str, pdf: &Path, from: &str, to: &[String], out: &Path) -> Result<u8, u8> {
    // An edXML packet is made for a notice of a built-in profile; the notice is
    // read (and its images checked) as `render` reads it.
    let profiles = vanban::profile::ProfileSet::builtin();
    read_notice_as(input, None, true, &profiles)?;
    let text = read_input(input)?;
    let bytes = read(pdf, &m::what_pdf())?;
    let xml = packet_of(input, &text, &bytes, &pdf.display().to_string(), from, to)?;
    write(out, xml.as_bytes())
}

/// The notices of a batch as `vanban batch` read them: a batch file's base and
/// items, or a base and the rows of a spreadsheet (read by the batch's own reader,
/// [`vanban::batch::sheet`], so a row here is the row the batch rendered).
struct Batched {
    /// The batch file or the spreadsheet, as the messages name it.
    name: String,
    base: Option<serde_json::Value>,
    items: Vec<Batch>,
}

/// One item of a [`Batched`].
enum Batch {
    Json(serde_json::Value),
    Row(vanban::batch::RowItem),
}

impl Batched {
    fn read(source: crate::batch::BatchInput) -> Result<Batched, u8> {
        match source {
            crate::batch::BatchInput::Json(input) => {
                let text = read_input(&input)?;
                let batch: serde_json::Value =
                    serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
                        .map_err(|e| fail(&input, &m::batch_file_unreadable(e), EXIT_BAD_INPUT))?;
                let (base, items) = match batch {
                    serde_json::Value::Array(items) => (None, items),
                    serde_json::Value::Object(mut o) => match o.remove("items") {
                        Some(serde_json::Value::Array(items)) => (o.remove("base"), items),
                        _ => return Err(fail(&input, &m::batch_file_shape(), EXIT_BAD_INPUT)),
                    },
                    _ => return Err(fail(&input, &m::batch_file_shape(), EXIT_BAD_INPUT)),
                };
                Ok(Batched {
                    name: input,
                    base,
                    items: items.into_iter().map(Batch::Json).collect(),
                })
            }
            crate::batch::BatchInput::Rows { base, rows, sheet } => {
                let name = rows.display().to_string();
                let table = vanban::batch::sheet::read(&rows, sheet.as_deref())
                    .map_err(|e| fail(&name, &e, EXIT_BAD_INPUT))?;
                let items = vanban::batch::sheet::items(&table)
                    .map_err(|e| fail(&name, &e, EXIT_BAD_INPUT))?;
                let base_name = base.display().to_string();
                let base = std::fs::File::open(&base)
                    .map_err(vanban::messages::batch::cannot_read)
                    .and_then(vanban::batch::read_base)
                    .map_err(|e| fail(&base_name, &e, EXIT_BAD_INPUT))?;
                Ok(Batched {
                    name,
                    base: Some(base),
                    items: items.into_iter().map(Batch::Row).collect(),
                })
            }
        }
    }

    /// The notice of the manifest's `entry` (item `index`), checked against what the
    /// manifest says of it (its row, its ward), and the name its messages carry.
    fn notice(
        &self,
        index: usize,
        entry: &serde_json::Value,
    ) -> Result<(serde_json::Value, String), u8> {
        let listed_row = entry
            .get("row")
            .and_then(|v| v.as_u64())
            .map(|r| r as usize);
        let (patch, item_name) = match self.items.get(index) {
            None => {
                let (name, message) = match listed_row {
                    Some(row) => (
                        format!("{}: {}", self.name, vanban::messages::cli::place_row(row)),
                        m::row_not_in_sheet(),
                    ),
                    None => (format!("{} #{index}", self.name), m::item_not_in_batch()),
                };
                return Err(fail(&name, &message, EXIT_BAD_INPUT));
            }
            Some(Batch::Json(patch)) => (patch.clone(), format!("{} #{index}", self.name)),
            Some(Batch::Row(row)) => {
                let item_name = format!(
                    "{}: {}",
                    self.name,
                    vanban::messages::cli::place_row(row.origin.row)
                );
                if let Some(listed) = listed_row.filter(|&r| r != row.origin.row) {
                    return Err(fail(
                        &item_name,
                        &m::row_moved(listed, row.origin.row),
                        EXIT_BAD_INPUT,
                    ));
                }
                // A cell that cannot be what its column names, as `vanban batch` names it.
                if !row.problems.is_empty() {
                    for p in &row.problems {
                        crate::diagnostic::Diagnostic {
                            row: Some(row.origin.row),
                            cell: row.origin.cell_of(&p.path),
                            path: Some(p.path.as_str()),
                            code: Some(vanban::batch::codes::BAD_CELL),
                            ..crate::diagnostic::Diagnostic::error(&self.name, p.message.clone())
                        }
                        .emit();
                    }
                    return Err(EXIT_BAD_INPUT);
                }
                (row.patch.clone(), item_name)
            }
        };
        let notice = match &self.base {
            Some(b) => {
                let mut n = b.clone();
                vanban::batch::merge_patch(&mut n, patch);
                n
            }
            None => patch,
        };
        let ward =
            |v: &serde_json::Value| v.get("ward").and_then(|w| w.as_str()).map(str::to_string);
        if let (Some(listed), Some(now)) = (ward(entry), ward(&notice)) {
            if listed != now {
                return Err(fail(
                    &item_name,
                    &m::ward_moved(listed, now),
                    EXIT_BAD_INPUT,
                ));
            }
        }
        Ok((notice, item_name))
    }
}

/// `vanban edxml --batch`: a packet for each item a batch rendered. The batch file
/// (or the spreadsheet and its base) gives each notice, the folder's manifest the
/// file each item was written to, and the issued PDF is `<stem>.issued.pdf` in
/// `pdf_dir` (or `<stem>.pdf` when the batch printed its numbers). An item whose
/// PDF is missing or whose packet cannot be made, or an issued PDF no item names,
/// is reported; the others go on.
fn edxml_batch(
    source: crate::batch::BatchInput,
    manifest: &Path,
    pdf_dir: Option<&Path>,
    from: &str,
    to: &[String],
    out_dir: &Path,
) -> Result<u8, u8> {
    let batch = Batched::read(source)?;
    let manifest_name = manifest.display().to_string();
    let listed: serde_json::Value =
        serde_json::from_slice(&read(manifest, &m::what_manifest())?)
            .map_err(|e| fail(&manifest_name, &m::manifest_unreadable(e), EXIT_BAD_INPUT))?;
    let Some(entries) = listed.get("items").and_then(|i| i.as_array()) else {
        return Err(fail(
            &manifest_name,
            &m::manifest_no_items(),
            EXIT_BAD_INPUT,
        ));
    };
    let pdf_dir = pdf_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest.parent().unwrap_or(Path::new("")).to_path_buf());
    create_dir(out_dir)?;
    let (mut made, mut total, mut worst) = (0usize, 0usize, EXIT_OK);
    let mut used = std::collections::BTreeSet::new();
    for entry in entries {
        let ok = entry.get("ok").and_then(|v| v.as_bool()) == Some(true);
        let index = entry.get("index").and_then(|v| v.as_u64());
        let pdf = entry
            .get("files")
            .and_then(|f| f.as_array())
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("file").and_then(|n| n.as_str()))
            .find(|f| f.to_ascii_lowercase().ends_with(".pdf"));
        let (Some(index), Some(pdf), true) = (index, pdf, ok) else {
            continue;
        };
        total += 1;
        let stem = base_stem(Path::new(pdf));
        let issued = pdf_dir.join(format!("{stem}.issued.pdf"));
        used.insert(issued.clone());
        let result = (|| {
            let (notice, item_name) = batch.notice(index as usize, entry)?;
            let chosen = if issued.is_file() {
                issued.clone()
            } else {
                pdf_dir.join(pdf)
            };
            if !chosen.is_file() {
                return Err(fail(
                    &item_name,
                    &m::item_pdf_missing(issued.display()),
                    EXIT_BAD_INPUT,
                ));
            }
            let bytes = read(&chosen, &m::what_pdf())?;
            let xml = packet_of(
                &item_name,
                &notice.to_string(),
                &bytes,
                &chosen.display().to_string(),
                from,
                to,
            )?;
            let out = out_dir.join(format!("{stem}.edxml"));
            write_quiet(&out, xml.as_bytes())?;
            Ok(out)
        })();
        match result {
            Ok(out) => {
                say!("{}", m::wrote(out.display()));
                made += 1;
            }
            Err(c) => worst = worst.max(c),
        }
    }
    if total == 0 {
        return Err(fail(&manifest_name, &m::manifest_nothing(), EXIT_BAD_INPUT));
    }
    // An issued PDF of the folder that no item names is a document that would not
    // be sent: said, not passed over.
    let mut unused: Vec<PathBuf> = std::fs::read_dir(&pdf_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(".issued.pdf")
            }) && !used.contains(p)
        })
        .collect();
    unused.sort();
    for p in &unused {
        worst = worst.max(fail(
            &p.display().to_string(),
            &m::pdf_unused(),
            EXIT_BAD_INPUT,
        ));
    }
    say!("{}", m::packets_summary(made, total, out_dir.display()));
    batch_exit(worst)
}

pub fn edxml_check(file: &Path) -> Result<u8, u8> {
    let name = file.display().to_string();
    let bytes = read(file, &m::what_packet())?;
    let text =
        String::from_utf8(bytes).map_err(|_| fail(&name, &m::packet_not_utf8(), EXIT_BAD_INPUT))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let today = SigningTime(now).vietnam_date();
    let report = vanban::issue::edxml::check(&text, today);
    for w in &report.warnings {
        say!("{}", m::check_warning(&name, w));
    }
    for e in &report.errors {
        fail(&name, e, EXIT_BAD_INPUT);
    }
    if report.errors.is_empty() {
        say!("{}", m::check_passed(&name));
        Ok(EXIT_OK)
    } else {
        Err(EXIT_BAD_INPUT)
    }
}

/// The time of a deferred step: `--time`, else SOURCE_DATE_EPOCH, else the clock.
fn deferred_time(t: Option<String>) -> Result<SigningTime, u8> {
    time(&KeyArgs {
        p12: Default::default(),
        password_env: String::new(),
        time: t,
    })
}

pub fn deferred(step: super::SignStep) -> Result<u8, u8> {
    use vanban::issue::SignRequest;
    match step {
        super::SignStep::Prepare {
            input,
            cert,
            time: t,
            image,
            image_width_mm,
            out,
        } => {
            let time = deferred_time(t)?;
            let cert_name = cert.display().to_string();
            let creds =
                Credentials::from_certificates(&read(&cert, &m::what_certificate())?, &cert_name)
                    .map_err(|e| fail("sign prepare", &e, code(&e)))?;
            let image = image
                .map(|p| picture(&p, image_width_mm, Kind::Signature))
                .transpose()?;
            let pdf = read(&input, &m::what_pdf())?;
            let prepared = vanban::issue::prepare(
                &pdf,
                &input.display().to_string(),
                &SignRequest {
                    creds: &creds,
                    key_path: &cert_name,
                    time,
                    image: image.as_ref(),
                    tsa: None,
                },
            )
            .map_err(|e| fail("sign prepare", &e, code(&e)))?;
            print_digest(&out, &prepared)
        }
        super::SignStep::Finish(args) => finish(&args, "sign finish"),
    }
}

/// Write the prepared PDF and print the digest to sign.
pub(crate) fn print_digest(
    out: &Path,
    prepared: &vanban::issue::PreparedSignature,
) -> Result<u8, u8> {
    write(out, &prepared.pdf)?;
    let hex: String = prepared.digest.iter().map(|b| format!("{b:02x}")).collect();
    let line = if super::MESSAGE_FORMAT.get() == Some(&super::MessageFormat::Json) {
        serde_json::json!({"digest_sha256": hex, "prepared": out.display().to_string()}).to_string()
    } else {
        hex
    };
    super::print_stdout(&format!("{line}\n"))
}

/// `sign finish` and `issue finish`: the signature into the prepared PDF.
pub(crate) fn finish(args: &FinishArgs, step: &str) -> Result<u8, u8> {
    use vanban::issue::Completion;
    let tsa = tsa_of(args.tsa.as_deref(), args.tsa_ca.as_deref())?;
    let pdf = read(&args.input, &m::what_pdf())?;
    let (bytes, raw) = match (&args.signature, &args.cms) {
        (Some(s), _) => (read(s, &m::what_signature())?, true),
        (None, Some(c)) => (read(c, &m::what_cms())?, false),
        (None, None) => return Err(fail(step, &m::finish_needs(), EXIT_BAD_INPUT)),
    };
    let with = if raw {
        Completion::Raw(&bytes)
    } else {
        Completion::Cms(&bytes)
    };
    let signed =
        vanban::issue::finish_with(&pdf, &args.input.display().to_string(), with, tsa.as_ref())
            .map_err(|e| fail(step, &e, code(&e)))?;
    write(&args.out, &signed)
}

/// `vanban issue prepare` and `vanban issue finish`.
pub fn issue_deferred(step: super::IssueStep) -> Result<u8, u8> {
    match step {
        super::IssueStep::Prepare {
            input,
            fill,
            cert,
            out,
        } => {
            let time = deferred_time(fill.time.clone())?;
            let cert_name = cert.display().to_string();
            let creds =
                Credentials::from_certificates(&read(&cert, &m::what_certificate())?, &cert_name)
                    .map_err(|e| fail("issue prepare", &e, code(&e)))?;
            let (pdf, seal, date) = issue_inputs(&input, &fill)?;
            let prepared = vanban::issue::issue_prepare(
                &pdf,
                &input.display().to_string(),
                &issue_request(&creds, &cert_name, time, &fill, seal.as_ref(), date, None),
            )
            .map_err(|e| fail("issue prepare", &e, code(&e)))?;
            print_digest(&out, &prepared)
        }
        super::IssueStep::Finish(args) => finish(&args, "issue finish"),
    }
}

/// The issue date of `--date`.
fn issue_date(fill: &IssueFill) -> Result<vanban::input::date::Date, u8> {
    serde_json::from_value(serde_json::Value::String(
        fill.date.clone().unwrap_or_default(),
    ))
    .map_err(|e| fail("--date", &e, EXIT_BAD_INPUT))
}

/// The seal image of `--seal`, at its real width.
fn seal_of(fill: &IssueFill) -> Result<Option<Picture>, u8> {
    fill.seal
        .as_deref()
        .map(|p| picture(p, fill.seal_width_mm, Kind::Seal))
        .transpose()
}

/// The signed PDF, the seal and the date `issue` and `issue prepare` read; the
/// number is required when one PDF is issued.
pub(crate) fn issue_inputs(
    input: &Path,
    fill: &IssueFill,
) -> Result<(Vec<u8>, Option<Picture>, vanban::input::date::Date), u8> {
    if fill.number.is_none() {
        return Err(fail("issue", &m::number_needed(), EXIT_BAD_INPUT));
    }
    let date = issue_date(fill)?;
    let seal = seal_of(fill)?;
    Ok((read(input, &m::what_pdf())?, seal, date))
}

pub(crate) fn issue_request<'a>(
    creds: &'a Credentials,
    key_path: &'a str,
    time: SigningTime,
    fill: &'a IssueFill,
    seal: Option<&'a Picture>,
    date: vanban::input::date::Date,
    tsa: Option<&'a str>,
) -> vanban::issue::IssueRequest<'a> {
    vanban::issue::IssueRequest {
        creds,
        key_path,
        time,
        number: fill.number.unwrap_or_default(),
        date,
        seal,
        agency: fill.agency.as_deref(),
        tsa,
    }
}

pub fn issue(
    input: &Path,
    key: &KeyArgs,
    fill: &IssueFill,
    tsa: Option<&vanban::issue::tsa::Tsa>,
    out: &Path,
) -> Result<u8, u8> {
    let key = self::key(key, "issue")?;
    let (pdf, seal, date) = issue_inputs(input, fill)?;
    let name = input.display().to_string();
    let issued = vanban::issue::issue_with(
        &pdf,
        &name,
        &issue_request(
            &key.creds,
            &key.path,
            key.time,
            fill,
            seal.as_ref(),
            date,
            None,
        ),
        tsa,
    )
    .map_err(|e| fail("issue", &e, code(&e)))?;
    write(out, &issued)
}

/// The exit of a batch step (`sign`, `issue`, `edxml` with `--batch`): success when
/// every file went through, else the worst code of the files that did not.
fn batch_exit(worst: u8) -> Result<u8, u8> {
    if worst == EXIT_OK {
        Ok(EXIT_OK)
    } else {
        Err(worst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_listed_as_a_person_numbers_them() {
        let mut files: Vec<PathBuf> = [
            "10-a.pdf", "2-b.pdf", "1-c.pdf", "b.pdf", "a.pdf", "2-a.pdf",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        files.sort_by(|a, b| natural_order(a, b));
        let names: Vec<_> = files
            .iter()
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["1-c.pdf", "2-a.pdf", "2-b.pdf", "10-a.pdf", "a.pdf", "b.pdf"]
        );
        assert_eq!(base_stem(Path::new("d/125-x.signed.pdf")), "125-x");
        assert_eq!(base_stem(Path::new("125-x.pdf")), "125-x");
    }
}
