//! Issuance by the batch over HTTP: `POST /v1/issue/batch` (the work of `vanban
//! issue --batch`) and `POST /v1/edxml/batch` (of `vanban edxml --batch`).
//!
//! A request carries its PDFs in base64 with their file names; the answer is a zip
//! of the files the CLI would write into its folder, and `manifest.json` saying for
//! each PDF or item what became of it. One bad PDF or item does not stop the
//! others: it is listed with its error and its code, as the CLI reports it and goes
//! on. The whole batch is bounded by `--max-body` and runs in one slot.

use super::batch::zip_of;
use super::handlers::{self, Body};
use super::issuance::{blocking, present, recipients, Fields};
use super::problem::{BodyErrors, Deadline, FieldError, JsonBodyOnly, Problem, ProblemDoc};
use super::State;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use vanban::input::image::Kind;
use vanban::input::messages::ErrorCode;
use vanban::messages::serve as msg;

/// One PDF of a request: its name as the client gave it, and its bytes.
struct NamedPdf {
    name: String,
    bytes: Vec<u8>,
}

/// The stem of a PDF of the issuance flow without its step's suffix, as the CLI
/// names its outputs (`125-phuc-loi.signed.pdf` → `125-phuc-loi`); `None` for a
/// name that gives no file name.
fn base_stem(name: &str) -> Option<String> {
    // A client may send a path: only its last part names the file.
    let file = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let stem = Path::new(file).file_stem()?.to_string_lossy().into_owned();
    let stem = [".signed", ".issued"]
        .iter()
        .find_map(|s| stem.strip_suffix(s))
        .map_or(stem.clone(), str::to_string);
    (!stem.is_empty() && stem != "." && stem != "..").then_some(stem)
}

/// The file name inside a name the client gave (its last path part).
fn file_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The field `pdfs`: a non-empty list of `{name, pdf_base64}`, each error placed.
fn pdfs(f: &mut Fields) -> Option<Vec<NamedPdf>> {
    let Some(v) = f.map.remove("pdfs") else {
        f.missing("pdfs");
        return None;
    };
    let Value::Array(items) = v else {
        f.error(
            "pdfs",
            msg::wrong_type("pdfs", msg::type_pdf_list()),
            ErrorCode::WrongType,
        );
        return None;
    };
    if items.is_empty() {
        f.error("pdfs", msg::no_pdfs("pdfs"), ErrorCode::InvalidValue);
        return None;
    }
    let mut out = Vec::new();
    let mut bad = false;
    for (i, item) in items.into_iter().enumerate() {
        let at = format!("pdfs[{i}]");
        let Value::Object(mut o) = item else {
            f.error(
                &at,
                msg::wrong_type(&at, msg::type_pdf_list()),
                ErrorCode::WrongType,
            );
            bad = true;
            continue;
        };
        for k in o.keys() {
            if k != "name" && k != "pdf_base64" {
                let path = format!("{at}.{k}");
                f.error(
                    &path,
                    msg::unknown_field(&path, "name, pdf_base64"),
                    ErrorCode::UnknownField,
                );
                bad = true;
            }
        }
        let name = match o.remove("name") {
            Some(Value::String(s)) if base_stem(&s).is_some() => Some(s),
            Some(Value::String(_)) => {
                let path = format!("{at}.name");
                f.error(&path, msg::bad_pdf_name(&path), ErrorCode::InvalidValue);
                None
            }
            Some(_) => {
                let path = format!("{at}.name");
                f.error(
                    &path,
                    msg::wrong_type(&path, msg::type_text()),
                    ErrorCode::WrongType,
                );
                None
            }
            None => {
                f.missing(&format!("{at}.name"));
                None
            }
        };
        let path = format!("{at}.pdf_base64");
        let bytes = match o.remove("pdf_base64") {
            Some(Value::String(s)) => {
                use base64::Engine as _;
                let compact: String = s.split_ascii_whitespace().collect();
                match base64::engine::general_purpose::STANDARD.decode(compact) {
                    Ok(b) if !b.is_empty() => Some(b),
                    _ => {
                        f.error(&path, msg::bad_base64(&path), ErrorCode::InvalidValue);
                        None
                    }
                }
            }
            Some(_) => {
                f.error(
                    &path,
                    msg::wrong_type(&path, msg::type_text()),
                    ErrorCode::WrongType,
                );
                None
            }
            None => {
                f.missing(&path);
                None
            }
        };
        match (name, bytes) {
            (Some(name), Some(bytes)) => out.push(NamedPdf { name, bytes }),
            _ => bad = true,
        }
    }
    (!bad).then_some(out)
}

/// How the batch gives its numbers: from `first_number` on, in the order of
/// `pdfs`, or each PDF its own from `numbers`.
enum Numbering {
    From(u32),
    Given(Vec<u32>),
}

fn numbering(f: &mut Fields, count: Option<usize>) -> Option<Numbering> {
    let given = [
        f.map.contains_key("first_number"),
        f.map.contains_key("numbers"),
    ];
    match given {
        [true, false] => f.number("first_number").map(Numbering::From),
        [false, true] => {
            let v = f.map.remove("numbers")?;
            let list: Option<Vec<u32>> = v.as_array().and_then(|a| {
                a.iter()
                    .map(|n| {
                        n.as_u64()
                            .and_then(|n| u32::try_from(n).ok())
                            .filter(|&n| n > 0)
                    })
                    .collect()
            });
            let Some(list) = list else {
                f.error(
                    "numbers",
                    msg::wrong_type("numbers", msg::type_number_list()),
                    ErrorCode::WrongType,
                );
                return None;
            };
            if let Some(count) = count.filter(|&c| c != list.len()) {
                f.error(
                    "numbers",
                    msg::numbers_count(list.len(), count),
                    ErrorCode::InvalidValue,
                );
                return None;
            }
            let mut first: BTreeMap<u32, usize> = BTreeMap::new();
            let mut twice = false;
            for (i, &n) in list.iter().enumerate() {
                if let Some(&j) = first.get(&n) {
                    let path = format!("numbers[{i}]");
                    f.error(
                        &path,
                        msg::number_given_twice(n, j + 1),
                        ErrorCode::InvalidValue,
                    );
                    twice = true;
                } else {
                    first.insert(n, i);
                }
            }
            (!twice).then_some(Numbering::Given(list))
        }
        [true, true] => {
            f.error(
                "numbers",
                msg::one_of("first_number", "numbers"),
                ErrorCode::InvalidValue,
            );
            None
        }
        [false, false] => {
            f.errors.push(FieldError::new(
                Some("first_number".into()),
                vanban::input::messages::locate_end(f.text, "."),
                msg::one_of("first_number", "numbers"),
                ErrorCode::MissingField,
            ));
            None
        }
    }
}

/// A manifest entry of a failure: the problem's code and words, and its errors.
fn failed(mut entry: Value, p: &Problem) -> Value {
    entry["ok"] = false.into();
    entry["code"] = p.code.into();
    entry["error"] = p.detail.clone().into();
    if !p.errors.is_empty() {
        entry["errors"] = serde_json::to_value(&p.errors).unwrap_or_default();
    }
    entry
}

/// The answer: the files, then `manifest.json`, in one zip.
fn zip_answer(
    mut files: Vec<(String, Vec<u8>)>,
    manifest: &Value,
    name: &str,
) -> Result<Response<Body>, Problem> {
    let mut text = serde_json::to_string_pretty(manifest).unwrap_or_default();
    text.push('\n');
    files.push(("manifest.json".into(), text.into_bytes()));
    let zip = zip_of(files.iter().map(|(n, b)| (n.clone(), &b[..])))
        .map_err(|e| Problem::internal(msg::cannot_zip(e)))?;
    let mut r = handlers::response(StatusCode::OK, handlers::ZIP, handlers::full(zip));
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// A batch of issuance: as [`super::issuance::IssueBody`] for many PDFs.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct IssueBatchBody {
    /// The PDFs signed by the competent person, in the order they are numbered.
    pdfs: Vec<NamedPdfBody>,
    /// The first number: the PDFs take it and the next ones in their order; a PDF
    /// that cannot be issued takes no number. Or `numbers`.
    first_number: Option<u32>,
    /// Each PDF's own number, in the order of `pdfs`. Or `first_number`.
    numbers: Option<Vec<u32>>,
    /// The issue date, YYYY-MM-DD.
    date: String,
    /// The signing time (as in `/v1/sign/prepare`); default: the server's clock.
    time: Option<String>,
    /// The agency's seal (PNG, red, transparent background), base64.
    seal_base64: Option<String>,
    /// The seal's real width (default 36).
    seal_width_mm: Option<f64>,
    /// The agency's name shown with the seal (default: the certificate's name).
    agency: Option<String>,
}

/// A PDF of a batch request.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct NamedPdfBody {
    /// Its file name (`125-phuc-loi.signed.pdf`): the output is named after it.
    name: String,
    /// The PDF, base64.
    pdf_base64: String,
}

#[utoipa::path(post, path = "/v1/issue/batch", tag = "issuance",
    description = "Issue a batch of signed PDFs with the agency's key held by the server (`vanban issue --batch`): numbered from `first_number` in the order given (a PDF that cannot be issued takes no number, and the others go on) or each by `numbers`; answers a zip of `<stem>.issued.pdf` files, the bytes of the CLI, and `manifest.json` (each PDF's name and number, or its error and code). Without the key on the server: 409.",
    request_body(content = IssueBatchBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The zip: the issued PDFs and `manifest.json`", content_type = "application/zip", body = Vec<u8>, headers(("Content-Disposition" = String))),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        (status = 409, description = "The server holds no agency key (`no-agency-key`)", body = ProblemDoc, content_type = "application/problem+json"),
        JsonBodyOnly,
        (status = 422, description = "A bad field (`invalid-request`)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 502, description = "The time-stamping service of `--tsa` is down or answered wrongly (`tsa-failed`); nothing is signed", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn issue_batch(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    if state.agency.is_none() {
        return Err(Problem::no_agency_key());
    }
    blocking(state, req, false, |body, st| {
        let allowed = [
            "pdfs",
            "first_number",
            "numbers",
            "date",
            "time",
            "seal_base64",
            "seal_width_mm",
            "agency",
        ];
        let mut f = Fields::parse(&body, &allowed)?;
        let pdfs = pdfs(&mut f);
        let count = pdfs.as_ref().map(Vec::len);
        let order = numbering(&mut f, count);
        let date = f.date("date");
        let time = f.time();
        let seal = f.picture("seal_base64", "seal_width_mm", 36.0, Kind::Seal);
        let agency = f.opt_text("agency");
        f.done()?;
        let (pdfs, order, date) = (present(pdfs)?, present(order)?, present(date)?);
        let creds = st.agency.as_ref().ok_or_else(Problem::no_agency_key)?;
        let key_name = msg::agency_key_name();
        // As `vanban issue --batch`: a key unusable at the signing time refuses the
        // whole batch before any PDF, rather than failing each PDF alike.
        creds
            .check_usable(time, &key_name)
            .map_err(Problem::issue)?;
        let mut next = match &order {
            Numbering::From(n) => *n,
            Numbering::Given(_) => 0,
        };
        let mut outputs: BTreeMap<String, usize> = BTreeMap::new();
        let (mut files, mut entries) = (Vec::new(), Vec::new());
        for (i, pdf) in pdfs.iter().enumerate() {
            let stem = base_stem(&pdf.name).unwrap_or_default();
            let out = format!("{stem}.issued.pdf");
            let number = match &order {
                Numbering::From(_) => next,
                Numbering::Given(list) => list[i],
            };
            let entry = json!({"name": pdf.name});
            if let Some(&first) = outputs.get(&out) {
                // As `vanban batch` says of two items named alike: the later one fails.
                let mut entry = entry;
                entry["ok"] = false.into();
                entry["code"] = vanban::batch::codes::NAME_CLASH.into();
                entry["error"] = msg::pdf_name_twice(&pdf.name, first + 1).into();
                entry["path"] = format!("pdfs[{i}].name").into();
                entries.push(entry);
                continue;
            }
            let request = vanban::issue::IssueRequest {
                creds,
                key_path: &key_name,
                time,
                number,
                date,
                seal: seal.as_ref(),
                agency: agency.as_deref(),
                tsa: None,
            };
            match vanban::issue::issue_with(&pdf.bytes, &pdf.name, &request, st.tsa.as_ref()) {
                Ok(bytes) => {
                    outputs.insert(out.clone(), i);
                    let mut entry = entry;
                    entry["ok"] = true.into();
                    entry["number"] = number.into();
                    entry["file"] = out.clone().into();
                    entry["sha256"] = super::batch::hex(&sha256(&bytes)).into();
                    entries.push(entry);
                    files.push((out, bytes));
                    if matches!(order, Numbering::From(_)) {
                        next = next.checked_add(1).unwrap_or(next);
                    }
                }
                // A time-stamping service that fails fails every PDF after this one
                // alike, and a batch numbered in order cannot leave a gap: the whole
                // batch is refused, nothing issued, as one PDF is (502).
                Err(e @ vanban::issue::IssueError::Tsa(_)) => return Err(Problem::issue(e)),
                Err(e) => entries.push(failed(entry, &Problem::issue(e))),
            }
        }
        let manifest = json!({
            "date": date.to_string(),
            "issued": files.len(),
            "total": pdfs.len(),
            "items": entries,
        });
        zip_answer(files, &manifest, "issued.zip")
    })
    .await
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).to_vec()
}

/// The packet of one item, made as `vanban edxml --batch` makes it: the notice
/// read as a draft when the PDF is issued (its number and date then come from the
/// PDF), the PDF's page count and signing time.
fn packet_of(
    notice: &Value,
    pdf: &[u8],
    pdf_name: &str,
    from: &str,
    to: &[String],
) -> Result<String, Problem> {
    let profiles = vanban::profile::ProfileSet::builtin();
    let issued = vanban::issue::issued_values(pdf, pdf_name).map_err(Problem::issue)?;
    let text = notice.to_string();
    let mut n = match &issued {
        Some(_) => vanban::input::notice::Notice::from_json_draft(&text),
        None => vanban::input::notice::Notice::from_json(&text),
    }
    .map_err(|e| Problem::invalid(vec![super::check::field_error(&e)]))?;
    let pages = match &issued {
        Some(i) => {
            n.number = i.number;
            n.date = i.date;
            i.pages
        }
        None => lopdf::Document::load_mem(pdf)
            .map(|d| d.get_pages().len())
            .map_err(|_| {
                Problem::issue(vanban::issue::IssueError::Pdf(msg::unreadable_pdf(
                    pdf_name,
                )))
            })?,
    };
    n.draft = None;
    let profile = n
        .check_profile(&profiles, None)
        .map_err(|e| Problem::invalid(vec![super::check::field_error(&e)]))?;
    let signed_at = issued.as_ref().and_then(|i| i.signed_at).map(|t| t.edxml());
    vanban::issue::edxml::packet(&vanban::issue::edxml::PacketRequest {
        notice: &n,
        profile,
        pdf,
        pdf_name,
        pages,
        from,
        to,
        signed_at: signed_at.as_deref(),
    })
    .map_err(Problem::issue)
}

/// The batch's items and its base, as `vanban batch` reads them.
fn items_of(batch: &Value) -> Option<(Option<Value>, Vec<Value>)> {
    match batch {
        Value::Array(items) => Some((None, items.clone())),
        Value::Object(o) => match o.get("items") {
            Some(Value::Array(items)) => Some((o.get("base").cloned(), items.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// The manifest `vanban batch --draft` writes for `batch`: it names each item's
/// files as the client's draft batch named them. The drafts are rendered into a
/// folder of the request's own, which goes with it.
fn draft_manifest(st: &State, batch: &Value) -> Result<Value, Problem> {
    let dir = tempfile::Builder::new()
        .prefix("edxml-")
        .tempdir_in(st.work.path())
        .map_err(|e| Problem::internal(msg::cannot_make_folder(e)))?;
    let out = dir.path().join("out");
    let opts = vanban::batch::BatchOptions {
        base_dir: st.empty_assets.clone(),
        out_dir: out.clone(),
        jobs: 1,
        format: vanban::render::Format::Pdf,
        name_pattern: vanban::batch::DEFAULT_NAME_PATTERN.into(),
        overwrite: false,
        cancel: &vanban::batch::NEVER,
    };
    let text = serde_json::to_vec(batch).unwrap_or_default();
    vanban::batch::run(
        std::io::Cursor::new(&text[..]),
        &opts,
        &st.renderer(true, false, false),
        &|_| {},
    )
    .map_err(|e| {
        let message = e
            .message
            .replace(&dir.path().display().to_string(), &msg::work_folder());
        if e.bad_input {
            Problem::invalid_request(vec![FieldError::new(
                Some("batch".into()),
                None,
                message,
                ErrorCode::NotANotice,
            )])
        } else {
            Problem::internal(msg::batch_failed(message))
        }
    })?;
    let manifest = std::fs::read(out.join("manifest.json"))
        .map_err(|e| Problem::internal(msg::batch_failed(e)))?;
    serde_json::from_slice(&manifest).map_err(|e| Problem::internal(msg::batch_failed(e)))
}

/// A batch of edXML packets.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct EdxmlBatchBody {
    /// The batch file the drafts were rendered from (`/v1/batch?draft=true`).
    #[schema(value_type = Object)]
    batch: Value,
    /// The issued PDFs, each named `<stem>.issued.pdf` or as the draft batch's
    /// manifest names its draft.
    pdfs: Vec<NamedPdfBody>,
    /// The sending body's organ code (mã định danh).
    from: String,
    /// The receiving bodies' organ codes.
    to: Vec<String>,
}

#[utoipa::path(post, path = "/v1/edxml/batch", tag = "issuance",
    description = "edXML packets for a batch (`vanban edxml --batch`): the batch file of the drafts (`/v1/batch?draft=true`), the issued PDFs named as its manifest names the drafts or as `<stem>.issued.pdf`, and the organ codes; answers a zip of `<stem>.edxml` packets, the packets of the CLI, and `manifest.json` (each item's packet, or its error and code). An item without its PDF, or whose packet cannot be made, is listed and the others go on.",
    request_body(content = EdxmlBatchBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The zip: the packets and `manifest.json`", content_type = "application/zip", body = Vec<u8>, headers(("Content-Disposition" = String))),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "A bad field, not a batch, or no item to package (`invalid-request`)", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn edxml_batch(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    blocking(state, req, false, |body, st| {
        let mut f = Fields::parse(&body, &["batch", "pdfs", "from", "to"])?;
        let batch = match f.map.remove("batch") {
            None => {
                f.missing("batch");
                None
            }
            Some(v) => match items_of(&v) {
                Some(parts) => Some((v, parts)),
                None => {
                    f.error(
                        "batch",
                        msg::wrong_type("batch", msg::type_batch()),
                        ErrorCode::WrongType,
                    );
                    None
                }
            },
        };
        let pdfs = pdfs(&mut f);
        let from = f.text("from");
        let to = recipients(&mut f);
        f.done()?;
        let ((batch, (base, items)), pdfs) = (present(batch)?, present(pdfs)?);
        let (from, to) = (present(from)?, present(to)?);
        let listed = draft_manifest(st, &batch)?;
        drop(batch);
        let mut used = vec![false; pdfs.len()];
        let (mut files, mut entries) = (Vec::new(), Vec::new());
        let mut total = 0usize;
        let empty = Vec::new();
        for entry in listed
            .get("items")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            let index = entry.get("index").and_then(Value::as_u64);
            let draft = entry
                .get("files")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|f| f.get("file").and_then(Value::as_str))
                .find(|f| f.to_ascii_lowercase().ends_with(".pdf"));
            let ok = entry.get("ok").and_then(Value::as_bool) == Some(true);
            let (Some(index), Some(draft), true) = (index, draft, ok) else {
                // The batch itself refused the item: its errors, as the batch gave them.
                let mut e = json!({"item": entry.get("item"), "index": index, "ok": false});
                if let Some(errors) = entry.get("errors") {
                    e["code"] = errors[0]["code"].clone();
                    e["error"] = errors[0]["message"].clone();
                    e["errors"] = errors.clone();
                }
                entries.push(e);
                continue;
            };
            total += 1;
            let stem = base_stem(draft).unwrap_or_default();
            let issued = format!("{stem}.issued.pdf");
            let found = pdfs
                .iter()
                .position(|p| file_name(&p.name) == issued)
                .or_else(|| pdfs.iter().position(|p| file_name(&p.name) == draft));
            let e = json!({"item": index + 1, "index": index, "draft": draft});
            let Some(k) = found else {
                entries.push(json!({"item": index + 1, "index": index, "draft": draft,
                    "ok": false, "code": "missing-pdf", "path": "pdfs",
                    "error": msg::item_pdf_missing(&issued, draft)}));
                continue;
            };
            used[k] = true;
            let notice = match (&base, items.get(index as usize)) {
                (Some(b), Some(patch)) => {
                    let mut n = b.clone();
                    vanban::batch::merge_patch(&mut n, patch.clone());
                    n
                }
                (None, Some(n)) => n.clone(),
                (_, None) => {
                    return Err(Problem::internal(msg::internal_issue()));
                }
            };
            let pdf_name = file_name(&pdfs[k].name);
            let mut e = e;
            e["pdf"] = pdf_name.clone().into();
            match packet_of(&notice, &pdfs[k].bytes, &pdf_name, &from, &to) {
                Ok(xml) => {
                    let out = format!("{stem}.edxml");
                    e["ok"] = true.into();
                    e["file"] = out.clone().into();
                    e["sha256"] = super::batch::hex(&sha256(xml.as_bytes())).into();
                    entries.push(e);
                    files.push((out, xml.into_bytes()));
                }
                Err(p) => entries.push(failed(e, &p)),
            }
        }
        if total == 0 {
            return Err(Problem::invalid_request(vec![FieldError::new(
                Some("batch".into()),
                None,
                msg::batch_nothing_to_package(),
                ErrorCode::InvalidValue,
            )]));
        }
        for (k, p) in pdfs.iter().enumerate().filter(|(k, _)| !used[*k]) {
            entries.push(json!({"name": p.name, "ok": false, "code": "unused-pdf",
                "error": msg::pdf_not_in_batch(&p.name), "path": format!("pdfs[{k}]")}));
        }
        let manifest = json!({"made": files.len(), "total": total, "items": entries});
        zip_answer(files, &manifest, "edxml.zip")
    })
    .await
}
