//! `vanban sign` and `vanban issue`: read the key and the PDF, refuse before
//! writing anything, write the result whole or not at all.

use crate::args::{FinishArgs, IssueFill, KeyArgs};
use crate::diagnostic::{fail, fail_input};
use crate::input::{read_input, read_notice_as};
use crate::{EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
use std::path::Path;
use vanban::input::image::{decode_png, Kind, Picture};
use vanban::issue::keys::Credentials;
use vanban::issue::time::SigningTime;
use vanban::issue::IssueError;

pub(crate) fn code(e: &IssueError) -> u8 {
    match e {
        IssueError::Internal(_) => EXIT_RENDER_FAILED,
        _ => EXIT_BAD_INPUT,
    }
}

/// Files read here are small (a PDF of a notice, a key, a PNG); 64 MB bounds them.
pub(crate) fn read(path: &Path, what: &str) -> Result<Vec<u8>, u8> {
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

pub(crate) fn picture(path: &Path, width_mm: f64, kind: Kind) -> Result<Picture, u8> {
    let bytes = read(path, "image")?;
    decode_png(bytes, width_mm, kind)
        .map_err(|m| fail(&path.display().to_string(), &m, EXIT_BAD_INPUT))
}

pub(crate) fn write(out: &Path, bytes: &[u8]) -> Result<u8, u8> {
    vanban::util::output::write_atomic(out, bytes).map_err(|e| {
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
    tsa: Option<&str>,
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
            tsa,
        },
    )
    .map_err(|e| fail("sign", &e, code(&e)))?;
    write(out, &signed)
}

/// `vanban sign --batch`: the key read and checked once, then each draft signed
/// on its own; a refused draft is reported and does not stop the others. The
/// exit code is the worst of the drafts'.
pub fn sign_batch(
    inputs: &[std::path::PathBuf],
    key: &KeyArgs,
    image: Option<&Path>,
    image_width_mm: f64,
    tsa: Option<&str>,
    out_dir: &Path,
) -> Result<u8, u8> {
    let time = time(key)?;
    let creds = credentials(key)?;
    let key_path = key.p12.display().to_string();
    creds
        .check_usable(time, &key_path)
        .map_err(|e| fail("sign", &e, code(&e)))?;
    let image = image
        .map(|p| picture(p, image_width_mm, Kind::Signature))
        .transpose()?;
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| {
                fail(
                    &input.display().to_string(),
                    &format!("cannot read the folder: {e}"),
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
            pdfs.sort();
            files.extend(pdfs);
        } else {
            files.push(input.clone());
        }
    }
    if files.is_empty() {
        return Err(fail("sign", &"no PDF to sign", EXIT_BAD_INPUT));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| {
        fail(
            &out_dir.display().to_string(),
            &format!("cannot create: {e}"),
            EXIT_RENDER_FAILED,
        )
    })?;
    let (mut signed, mut worst) = (0usize, EXIT_OK);
    for file in &files {
        let stem = file
            .file_stem()
            .map_or_else(|| "draft".into(), |s| s.to_string_lossy().into_owned());
        let out = out_dir.join(format!("{stem}.signed.pdf"));
        let result = if files.iter().any(|f| f == &out) {
            Err(fail(
                &file.display().to_string(),
                &format!("{} is one of the drafts; not overwritten", out.display()),
                EXIT_BAD_INPUT,
            ))
        } else {
            read(file, "PDF").and_then(|pdf| {
                let name = file.display().to_string();
                vanban::issue::sign(
                    &pdf,
                    &name,
                    &vanban::issue::SignRequest {
                        creds: &creds,
                        key_path: &key_path,
                        time,
                        image: image.as_ref(),
                        tsa,
                    },
                )
                .map_err(|e| fail("sign", &e, code(&e)))
                .and_then(|bytes| write(&out, &bytes))
            })
        };
        match result {
            Ok(_) => signed += 1,
            Err(c) => worst = worst.max(c),
        }
    }
    say!(
        "signed {signed} of {} drafts into {}",
        files.len(),
        out_dir.display()
    );
    if worst == EXIT_OK {
        Ok(EXIT_OK)
    } else {
        Err(worst)
    }
}

pub fn edxml(input: &str, pdf: &Path, from: &str, to: &[String], out: &Path) -> Result<u8, u8> {
    // An edXML packet is made for a notice of a built-in profile.
    let profiles = vanban::profile::ProfileSet::builtin();
    let mut notice = read_notice_as(input, None, true, &profiles)?;
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
            let text = read_input(input)?;
            notice = vanban::input::notice::Notice::from_json_in(&text, &profiles)
                .map_err(|e| fail_input(input, &e))?;
            lopdf::Document::load_mem(&bytes)
                .map(|d| d.get_pages().len())
                .map_err(|_| fail(&name, &"the PDF cannot be read", EXIT_BAD_INPUT))?
        }
    };
    notice.draft = None;
    let profile = notice
        .check_profile(&profiles, None)
        .map_err(|e| fail_input(input, &e))?;
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
            let time = time(&KeyArgs {
                p12: Default::default(),
                password_env: String::new(),
                time: t,
            })?;
            let cert_name = cert.display().to_string();
            let creds = Credentials::from_certificates(&read(&cert, "certificate")?, &cert_name)
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
    let pdf = read(&args.input, "PDF")?;
    let (bytes, raw) = match (&args.signature, &args.cms) {
        (Some(s), _) => (read(s, "signature")?, true),
        (None, Some(c)) => (read(c, "CMS file")?, false),
        (None, None) => return Err(fail(step, &"give --signature or --cms", EXIT_BAD_INPUT)),
    };
    let with = if raw {
        Completion::Raw(&bytes)
    } else {
        Completion::Cms(&bytes)
    };
    let signed = vanban::issue::finish(
        &pdf,
        &args.input.display().to_string(),
        with,
        args.tsa.as_deref(),
    )
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
            let time = time(&KeyArgs {
                p12: Default::default(),
                password_env: String::new(),
                time: fill.time.clone(),
            })?;
            let cert_name = cert.display().to_string();
            let creds = Credentials::from_certificates(&read(&cert, "certificate")?, &cert_name)
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

/// The signed PDF, the seal and the date `issue` and `issue prepare` read.
pub(crate) fn issue_inputs(
    input: &Path,
    fill: &IssueFill,
) -> Result<(Vec<u8>, Option<Picture>, vanban::input::date::Date), u8> {
    let date: vanban::input::date::Date = serde_json::from_value(serde_json::Value::String(
        fill.date.clone().unwrap_or_default(),
    ))
    .map_err(|e| fail("--date", &e, EXIT_BAD_INPUT))?;
    let seal = fill
        .seal
        .as_deref()
        .map(|p| picture(p, fill.seal_width_mm, Kind::Seal))
        .transpose()?;
    Ok((read(input, "PDF")?, seal, date))
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
    tsa: Option<&str>,
    out: &Path,
) -> Result<u8, u8> {
    let time = time(key)?;
    let creds = credentials(key)?;
    let (pdf, seal, date) = issue_inputs(input, fill)?;
    let name = input.display().to_string();
    let key_path = key.p12.display().to_string();
    let issued = vanban::issue::issue(
        &pdf,
        &name,
        &issue_request(&creds, &key_path, time, fill, seal.as_ref(), date, tsa),
    )
    .map_err(|e| fail("issue", &e, code(&e)))?;
    write(out, &issued)
}
