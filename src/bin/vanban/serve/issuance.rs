//! Electronic issuance over HTTP: the steps of `vanban sign`, `vanban issue` and
//! `vanban edxml`, with the same refusals.
//!
//! Requests are JSON objects carrying PDFs, pictures and signatures in base64 (a
//! request never names a file). Remote signing services (VNPT SmartCA, Viettel
//! MySign) take a hash and give back a raw signature, so each signature can be
//! deferred: `prepare` answers the prepared PDF and the SHA-256 digest to sign,
//! `finish` puts the signature in. The agency's own key may instead stay on the
//! server (`--agency-p12`), read once at start; no request can bring or name a key.
//!
//! The fields are read one by one rather than by serde so that every error of a
//! request is reported at once, in the client's language, with its path and place.

use super::check;
use super::handlers::{self, Body};
use super::problem::{BodyErrors, Deadline, FieldError, JsonBodyOnly, Problem, ProblemDoc};
use super::State;
use base64::Engine as _;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;
use vanban::input::check::Reading;
use vanban::input::date::Date;
use vanban::input::image::{decode_png, Kind, Picture};
use vanban::input::messages::{locate, locate_end, ErrorCode};
use vanban::issue::keys::Credentials;
use vanban::issue::time::SigningTime;
use vanban::issue::{Completion, IssueError, PreparedSignature};
use vanban::messages::serve as msg;

/// Read the agency's PKCS#12 at start, its password from the variable `var`: a
/// wrong password or an unusable file stops the server before it listens.
pub fn agency_key(file: &Path, var: &str) -> Result<Credentials, String> {
    let password = std::env::var(var).map_err(|_| msg::password_env_unset(var))?;
    let bytes = std::fs::read(file).map_err(|e| msg::cannot_read(file.display(), e.to_string()))?;
    Credentials::from_pkcs12(&bytes, &password, &file.display().to_string())
        .map_err(|e| e.to_string())
}

/// The time-stamping service of `--tsa` at `url`, trusting the CA file `ca` too:
/// a bad address or an unreadable CA stops the server before it listens. Whether
/// the service answers is only known when a signature needs it.
pub fn tsa_service(url: &str, ca: Option<&Path>) -> Result<vanban::issue::tsa::Tsa, String> {
    let extra = match ca {
        Some(file) => {
            Some(std::fs::read(file).map_err(|e| msg::cannot_read(file.display(), e.to_string()))?)
        }
        None => None,
    };
    let name = ca.map(|p| p.display().to_string()).unwrap_or_default();
    vanban::issue::tsa::Tsa::new(url, extra.as_deref(), &name).map_err(|e| e.to_string())
}

/// The fields of a request's JSON object, read one by one; the errors gather.
pub(super) struct Fields<'a> {
    pub(super) text: &'a str,
    pub(super) map: Map<String, Value>,
    pub(super) errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    /// The body as a JSON object whose fields are all among `allowed`.
    pub(super) fn parse(body: &'a [u8], allowed: &[&str]) -> Result<Fields<'a>, Problem> {
        let text = check::utf8(body)?;
        let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(unmarked).map_err(|e| {
            Problem::malformed(vec![FieldError::new(
                None,
                Some((e.line(), e.column())),
                msg::malformed_json(),
                ErrorCode::BadJson,
            )])
        })?;
        let Value::Object(map) = value else {
            return Err(Problem::invalid_request(vec![FieldError::new(
                Some(".".into()),
                Some((1, 1)),
                msg::not_an_object(),
                ErrorCode::NotANotice,
            )]));
        };
        let mut fields = Fields {
            text,
            map,
            errors: Vec::new(),
        };
        let unknown: Vec<String> = fields
            .map
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        for k in unknown {
            let m = msg::unknown_field(&k, allowed.join(", "));
            fields.error(&k, m, ErrorCode::UnknownField);
        }
        Ok(fields)
    }

    pub(super) fn error(&mut self, name: &str, message: String, code: ErrorCode) {
        let at = locate(self.text, name);
        self.errors
            .push(FieldError::new(Some(name.into()), at, message, code));
    }

    /// A missing field, placed where the CLI places one: at the object's closing brace.
    pub(super) fn missing(&mut self, name: &str) {
        self.errors.push(FieldError::new(
            Some(name.into()),
            locate_end(self.text, "."),
            msg::missing_field(name),
            ErrorCode::MissingField,
        ));
    }

    pub(super) fn opt_text(&mut self, name: &str) -> Option<String> {
        match self.map.remove(name)? {
            Value::String(s) => Some(s),
            _ => {
                self.error(
                    name,
                    msg::wrong_type(name, msg::type_text()),
                    ErrorCode::WrongType,
                );
                None
            }
        }
    }

    pub(super) fn text(&mut self, name: &str) -> Option<String> {
        if !self.map.contains_key(name) {
            self.missing(name);
            return None;
        }
        self.opt_text(name)
    }

    pub(super) fn opt_base64(&mut self, name: &str) -> Option<Vec<u8>> {
        let s = self.opt_text(name)?;
        let compact: String = s.split_ascii_whitespace().collect();
        match base64::engine::general_purpose::STANDARD.decode(compact) {
            Ok(b) if !b.is_empty() => Some(b),
            _ => {
                self.error(name, msg::bad_base64(name), ErrorCode::InvalidValue);
                None
            }
        }
    }

    pub(super) fn base64(&mut self, name: &str) -> Option<Vec<u8>> {
        if !self.map.contains_key(name) {
            self.missing(name);
            return None;
        }
        self.opt_base64(name)
    }

    pub(super) fn number(&mut self, name: &str) -> Option<u32> {
        let Some(v) = self.map.remove(name) else {
            self.missing(name);
            return None;
        };
        match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if n > 0 => Some(n),
            _ => {
                self.error(
                    name,
                    msg::wrong_type(name, msg::type_number()),
                    ErrorCode::WrongType,
                );
                None
            }
        }
    }

    pub(super) fn mm(&mut self, name: &str, default: f64) -> f64 {
        match self.map.remove(name) {
            None => default,
            Some(v) => v.as_f64().unwrap_or_else(|| {
                self.error(
                    name,
                    msg::wrong_type(name, msg::type_mm()),
                    ErrorCode::WrongType,
                );
                default
            }),
        }
    }

    /// The signing time: the field, else the clock (as `vanban sign` without
    /// `--time` and SOURCE_DATE_EPOCH).
    pub(super) fn time(&mut self) -> SigningTime {
        match self.opt_text("time") {
            Some(t) => SigningTime::parse(&t).unwrap_or_else(|m| {
                self.error("time", msg::bad_time(m), ErrorCode::InvalidValue);
                SigningTime(0)
            }),
            None => SigningTime(now()),
        }
    }

    pub(super) fn date(&mut self, name: &str) -> Option<Date> {
        let s = self.text(name)?;
        match Date::parse(s.trim()) {
            Ok(d) => Some(d),
            Err(m) => {
                self.error(name, msg::bad_date(m), ErrorCode::InvalidDate);
                None
            }
        }
    }

    pub(super) fn picture(
        &mut self,
        name: &str,
        width_field: &str,
        default_mm: f64,
        kind: Kind,
    ) -> Option<Picture> {
        let width = self.mm(width_field, default_mm);
        let bytes = self.opt_base64(name)?;
        match decode_png(bytes, width, kind) {
            Ok(p) => Some(p),
            Err(m) => {
                self.error(name, msg::bad_picture(name, m), ErrorCode::BadImage);
                None
            }
        }
    }

    pub(super) fn certificate(&mut self, name: &str) -> Option<Credentials> {
        let pem = self.text(name)?;
        match Credentials::from_certificates(pem.as_bytes(), name) {
            Ok(c) => Some(c),
            Err(e) => {
                self.error(name, e.to_string(), ErrorCode::InvalidValue);
                None
            }
        }
    }

    /// The request's errors, if any, as one problem.
    pub(super) fn done(self) -> Result<(), Problem> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Problem::invalid_request(self.errors))
        }
    }
}

/// A field [`Fields::done`] vouched for: absent only through a bug here.
pub(super) fn present<T>(v: Option<T>) -> Result<T, Problem> {
    v.ok_or_else(|| Problem::internal(msg::internal_issue()))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The shared part of every issuance endpoint: no query, the body's type, its size,
/// a slot, then `work` on the blocking pool in the request's language, within the
/// deadline.
pub(super) async fn blocking(
    state: Arc<State>,
    req: Request<Incoming>,
    xml: bool,
    work: impl FnOnce(Bytes, &State) -> Result<Response<Body>, Problem> + Send + 'static,
) -> Result<Response<Body>, Problem> {
    let deadline = tokio::time::Instant::now() + state.timeout;
    handlers::query(req.uri().query(), &[])?;
    if xml {
        xml_body(req.headers())?;
    } else {
        handlers::json_body(req.headers())?;
    }
    let body = handlers::read_body(&state, req, state.max_body, deadline).await?;
    let permit = state.admit(deadline).await?;
    let lang = vanban::messages::lang();
    let st = state.clone();
    let job = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        vanban::messages::with_lang(lang, || work(body, &st))
    });
    match tokio::time::timeout_at(deadline, job).await {
        Err(_) => Err(Problem::timeout(state.timeout.as_secs())),
        Ok(Err(_)) => Err(Problem::internal(msg::internal_issue())),
        Ok(Ok(r)) => r,
    }
}

/// Refuse a packet that is not XML by its type (415).
fn xml_body(headers: &hyper::HeaderMap) -> Result<(), Problem> {
    let t = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("").to_string());
    let media = t
        .as_deref()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if matches!(media.as_str(), "application/xml" | "text/xml") || media.ends_with("+xml") {
        Ok(())
    } else {
        Err(Problem::unsupported_type(
            "application/xml",
            t.map(|t| t.chars().take(100).collect::<String>())
                .as_deref(),
        ))
    }
}

pub(super) fn pdf_answer(bytes: Vec<u8>, name: &str) -> Response<Body> {
    let mut r = handlers::response(StatusCode::OK, handlers::PDF, handlers::full(bytes));
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn prepared_answer(p: PreparedSignature) -> Response<Body> {
    handlers::json(
        StatusCode::OK,
        &serde_json::json!({
            "prepared_pdf_base64": base64::engine::general_purpose::STANDARD.encode(&p.pdf),
            "digest_sha256": super::batch::hex(&p.digest),
        }),
    )
}

/// What the two `prepare` endpoints answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Prepared {
    /// The prepared PDF (base64): the signature's place reserved, the certificate in
    /// its signed attributes. Send it back to the `finish` endpoint with the signature.
    pub prepared_pdf_base64: String,
    /// SHA-256 of the signed attributes, in hex: what the token or the remote signing
    /// service signs (RSA PKCS#1 v1.5 or ECDSA, as `openssl pkeyutl -sign -pkeyopt
    /// digest:sha256` does).
    pub digest_sha256: String,
}

// The request bodies below document the endpoints in /openapi.json; the handlers
// read the same fields one by one ([`Fields`]), to report every error at once in
// the client's language.

/// A deferred signature of the competent person, first half.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SignPrepareBody {
    /// The draft PDF (`/v1/render?draft=true`), base64.
    pdf_base64: String,
    /// The signer's certificate, PEM (the chain may follow).
    certificate_pem: String,
    /// The signing time, ISO 8601 with its zone (`2026-12-01T09:30:00+07:00`) or
    /// seconds since 1970; default: the server's clock.
    time: Option<String>,
    /// The signature image (PNG, blue, transparent background), base64.
    image_base64: Option<String>,
    /// The signature image's width (default 35).
    image_width_mm: Option<f64>,
}

/// The second half of a deferred signature: exactly one of the two signatures.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FinishBody {
    /// The PDF the `prepare` endpoint answered, base64.
    pdf_base64: String,
    /// A raw signature over the digest (RSA PKCS#1 v1.5, or ECDSA in DER), base64.
    signature_base64: Option<String>,
    /// A whole CMS SignedData (DER) over the byte ranges, base64.
    cms_base64: Option<String>,
}

/// Issuance with the agency's key held by the server.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct IssueBody {
    /// The PDF signed by the competent person, base64.
    pdf_base64: String,
    /// The number the register gives the document (1 or more).
    number: u32,
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

/// Deferred issuance, first half: as [`IssueBody`] with the agency's certificate.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct IssuePrepareBody {
    /// The PDF signed by the competent person, base64.
    pdf_base64: String,
    /// The agency's certificate, PEM (the chain may follow).
    certificate_pem: String,
    /// The number the register gives the document (1 or more).
    number: u32,
    /// The issue date, YYYY-MM-DD.
    date: String,
    /// The signing time; default: the server's clock.
    time: Option<String>,
    /// The agency's seal (PNG), base64.
    seal_base64: Option<String>,
    /// The seal's real width (default 36).
    seal_width_mm: Option<f64>,
    /// The agency's name shown with the seal.
    agency: Option<String>,
}

/// An edXML packet to make.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct EdxmlBody {
    /// The notice (number and date may be left out: the issued PDF gives them).
    #[schema(value_type = Object)]
    notice: Value,
    /// The issued PDF, base64.
    pdf_base64: String,
    /// The PDF's file name inside the packet (default `notice.pdf`).
    pdf_name: Option<String>,
    /// The sending body's organ code (mã định danh).
    from: String,
    /// The receiving bodies' organ codes.
    to: Vec<String>,
}

/// A packet that has every required field.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PacketValid {
    /// Always true (a packet with errors is a 422 problem document).
    pub valid: bool,
    /// Values of an unusual shape (organ codes): worth a look, not fatal.
    pub warnings: Vec<String>,
}

#[utoipa::path(post, path = "/v1/sign/prepare", tag = "issuance",
    description = "Deferred signing by the competent person, first half (`vanban sign prepare`): the signer's place in a draft reserved with the signer's certificate (no key); answers the prepared PDF and the SHA-256 digest a USB token or a remote signing service (VNPT SmartCA, Viettel MySign) signs. Then `/v1/sign/finish`.",
    request_body(content = SignPrepareBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The prepared PDF and the digest to sign", body = Prepared),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "A bad field, or refused as `vanban sign prepare` refuses it (`bad-key`, `bad-pdf`, `bad-value`)", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn sign_prepare(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    blocking(state, req, false, |body, _| {
        let allowed = [
            "pdf_base64",
            "certificate_pem",
            "time",
            "image_base64",
            "image_width_mm",
        ];
        let mut f = Fields::parse(&body, &allowed)?;
        let pdf = f.base64("pdf_base64");
        let creds = f.certificate("certificate_pem");
        let time = f.time();
        let image = f.picture("image_base64", "image_width_mm", 35.0, Kind::Signature);
        f.done()?;
        let (pdf, creds) = (present(pdf)?, present(creds)?);
        let prepared = vanban::issue::prepare(
            &pdf,
            "pdf_base64",
            &vanban::issue::SignRequest {
                creds: &creds,
                key_path: "certificate_pem",
                time,
                image: image.as_ref(),
                tsa: None,
            },
        )
        .map_err(Problem::issue)?;
        Ok(prepared_answer(prepared))
    })
    .await
}

/// The signature `finish` puts in: exactly one of the two fields.
fn finish_work(body: &[u8], name: &str, st: &State) -> Result<Response<Body>, Problem> {
    let mut f = Fields::parse(body, &["pdf_base64", "signature_base64", "cms_base64"])?;
    let given = [
        f.map.contains_key("signature_base64"),
        f.map.contains_key("cms_base64"),
    ];
    let pdf = f.base64("pdf_base64");
    let raw = f.opt_base64("signature_base64");
    let cms = f.opt_base64("cms_base64");
    match given {
        [true, true] => {
            let m = msg::one_of("signature_base64", "cms_base64");
            f.error("cms_base64", m, ErrorCode::InvalidValue);
        }
        [false, false] => f.errors.push(FieldError::new(
            Some("signature_base64".into()),
            locate_end(f.text, "."),
            msg::one_of("signature_base64", "cms_base64"),
            ErrorCode::MissingField,
        )),
        _ => {}
    }
    f.done()?;
    let pdf = present(pdf)?;
    let with = match (&raw, &cms) {
        (Some(r), _) => Completion::Raw(r),
        (None, c) => Completion::Cms(present(c.as_deref())?),
    };
    let signed = vanban::issue::finish_with(&pdf, "pdf_base64", with, st.tsa.as_ref())
        .map_err(Problem::issue)?;
    Ok(pdf_answer(signed, name))
}

#[utoipa::path(post, path = "/v1/sign/finish", tag = "issuance",
    description = "Deferred signing, second half (`vanban sign finish`): the raw signature over the digest of `/v1/sign/prepare` (or a whole CMS) put into the prepared PDF; answers the signed PDF.",
    request_body(content = FinishBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The signed PDF", content_type = "application/pdf", body = Vec<u8>, headers(("Content-Disposition" = String))),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "A bad field, a PDF not prepared, or a signature that does not match (`bad-pdf`, `bad-value`)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 502, description = "The time-stamping service of `--tsa` is down or answered wrongly (`tsa-failed`); nothing is signed", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn sign_finish(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    blocking(state, req, false, |body, st| {
        finish_work(&body, "signed.pdf", st)
    })
    .await
}

#[utoipa::path(post, path = "/v1/issue/finish", tag = "issuance",
    description = "Deferred issuance, second half (`vanban issue finish`): the agency's raw signature over the digest of `/v1/issue/prepare` (or a whole CMS) put into the prepared PDF; answers the issued PDF.",
    request_body(content = FinishBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The issued PDF", content_type = "application/pdf", body = Vec<u8>, headers(("Content-Disposition" = String))),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "A bad field, a PDF not prepared, or a signature that does not match (`bad-pdf`, `bad-value`)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 502, description = "The time-stamping service of `--tsa` is down or answered wrongly (`tsa-failed`); nothing is signed", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn issue_finish(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    blocking(state, req, false, |body, st| {
        finish_work(&body, "issued.pdf", st)
    })
    .await
}

/// The fields issuance fills in, as `vanban issue` takes them.
struct Fill {
    pdf: Vec<u8>,
    number: u32,
    date: Date,
    time: SigningTime,
    seal: Option<Picture>,
    agency: Option<String>,
}

const FILL_FIELDS: [&str; 7] = [
    "pdf_base64",
    "number",
    "date",
    "time",
    "seal_base64",
    "seal_width_mm",
    "agency",
];

/// Read the fill of an issuance, and the certificate when `cert` is asked for.
fn fill(body: &[u8], cert: bool) -> Result<(Fill, Option<Credentials>), Problem> {
    let mut allowed = FILL_FIELDS.to_vec();
    if cert {
        allowed.push("certificate_pem");
    }
    let mut f = Fields::parse(body, &allowed)?;
    let pdf = f.base64("pdf_base64");
    let creds = if cert {
        f.certificate("certificate_pem")
    } else {
        None
    };
    let number = f.number("number");
    let date = f.date("date");
    let time = f.time();
    let seal = f.picture("seal_base64", "seal_width_mm", 36.0, Kind::Seal);
    let agency = f.opt_text("agency");
    f.done()?;
    let (pdf, number, date) = (present(pdf)?, present(number)?, present(date)?);
    Ok((
        Fill {
            pdf,
            number,
            date,
            time,
            seal,
            agency,
        },
        creds,
    ))
}

fn issue_request<'a>(
    fill: &'a Fill,
    creds: &'a Credentials,
    key_path: &'a str,
) -> vanban::issue::IssueRequest<'a> {
    vanban::issue::IssueRequest {
        creds,
        key_path,
        time: fill.time,
        number: fill.number,
        date: fill.date,
        seal: fill.seal.as_ref(),
        agency: fill.agency.as_deref(),
        tsa: None,
    }
}

#[utoipa::path(post, path = "/v1/issue", tag = "issuance",
    description = "Issue a signed PDF with the agency's key held by the server (`vanban issue`; the server runs with `--agency-p12`): the number and the day filled in, the agency's signature with the seal over the left third of the signer's image; answers the issued PDF. A PDF already issued, not signed, or a number or date the draft cannot take is refused. Without the key on the server: 409, and `/v1/issue/prepare` then `/v1/issue/finish`.",
    request_body(content = IssueBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The issued PDF", content_type = "application/pdf", body = Vec<u8>, headers(("Content-Disposition" = String))),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        (status = 409, description = "The server holds no agency key (`no-agency-key`)", body = ProblemDoc, content_type = "application/problem+json"),
        JsonBodyOnly,
        (status = 422, description = "A bad field, or refused as `vanban issue` refuses it (`bad-key`, `bad-pdf`, `bad-value`)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 502, description = "The time-stamping service of `--tsa` is down or answered wrongly (`tsa-failed`); nothing is signed", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn issue(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Body>, Problem> {
    if state.agency.is_none() {
        return Err(Problem::no_agency_key());
    }
    blocking(state, req, false, |body, st| {
        let (fill, _) = fill(&body, false)?;
        let creds = st.agency.as_ref().ok_or_else(Problem::no_agency_key)?;
        let name = msg::agency_key_name();
        let issued = vanban::issue::issue_with(
            &fill.pdf,
            "pdf_base64",
            &issue_request(&fill, creds, &name),
            st.tsa.as_ref(),
        )
        .map_err(Problem::issue)?;
        Ok(pdf_answer(issued, "issued.pdf"))
    })
    .await
}

#[utoipa::path(post, path = "/v1/issue/prepare", tag = "issuance",
    description = "Deferred issuance, first half (`vanban issue prepare`), for an agency key on a USB token or at a remote signing service: the number and the day filled in and the agency's place reserved with its certificate; answers the prepared PDF and the SHA-256 digest to sign. Then `/v1/issue/finish`.",
    request_body(content = IssuePrepareBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The prepared PDF and the digest to sign", body = Prepared),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "A bad field, or refused as `vanban issue prepare` refuses it (`bad-key`, `bad-pdf`, `bad-value`)", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn issue_prepare(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    blocking(state, req, false, |body, _| {
        let (fill, creds) = fill(&body, true)?;
        let creds = present(creds)?;
        let prepared = vanban::issue::issue_prepare(
            &fill.pdf,
            "pdf_base64",
            &issue_request(&fill, &creds, "certificate_pem"),
        )
        .map_err(Problem::issue)?;
        Ok(prepared_answer(prepared))
    })
    .await
}

/// The notice of an edXML request: read as the CLI reads it, its errors placed in
/// the request (path under `notice`, line and column in the body).
fn packet_notice(
    body_text: &str,
    notice: &Value,
    reading: Reading,
    assets: &Path,
    profiles: &vanban::profile::ProfileSet,
) -> Result<vanban::input::notice::Notice, Problem> {
    let text = serde_json::to_string_pretty(notice).unwrap_or_default();
    check::notice_as(&text, assets, profiles, reading).map_err(|mut p| {
        for e in &mut p.errors {
            let path = match e.path.as_deref() {
                None | Some(".") | Some("") => "notice".to_string(),
                Some(inner) => format!("notice.{inner}"),
            };
            let at = locate(body_text, &path);
            e.line = at.map(|a| a.0);
            e.column = at.map(|a| a.1);
            e.path = Some(path);
        }
        p
    })
}

#[utoipa::path(post, path = "/v1/edxml", tag = "issuance",
    description = "An edXML packet for the exchange axis (`vanban edxml`): the notice, the issued PDF (number and date are taken from it) and the organ codes; answers the packet, the PDF zipped and base64-encoded as its attachment. The packet's XML signature belongs to the exchange client.",
    request_body(content = EdxmlBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The packet", content_type = "application/xml", body = String, headers(("Content-Disposition" = String))),
        (status = 400, description = "Not JSON, not UTF-8, or a query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "A bad field, an invalid notice (`invalid-notice`, paths under `notice`), or a PDF refused as `vanban edxml` refuses it (`bad-pdf`)", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn edxml(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Body>, Problem> {
    blocking(state, req, false, |body, st| {
        let allowed = ["notice", "pdf_base64", "pdf_name", "from", "to"];
        let mut f = Fields::parse(&body, &allowed)?;
        let notice = match f.map.remove("notice") {
            None => {
                f.missing("notice");
                None
            }
            Some(v @ Value::Object(_)) => Some(v),
            Some(_) => {
                f.error(
                    "notice",
                    msg::wrong_type("notice", msg::type_object()),
                    ErrorCode::WrongType,
                );
                None
            }
        };
        let pdf = f.base64("pdf_base64");
        let pdf_name = f.opt_text("pdf_name");
        let from = f.text("from");
        let to = recipients(&mut f);
        let text = f.text;
        f.done()?;
        let (notice, pdf) = (present(notice)?, present(pdf)?);
        let (from, to) = (present(from)?, present(to)?);
        // An edXML packet is made for a notice of a built-in profile, as in the CLI.
        let profiles = vanban::profile::ProfileSet::builtin();
        let issued = vanban::issue::issued_values(&pdf, "pdf_base64").map_err(Problem::issue)?;
        let (mut n, pages) = match &issued {
            Some(i) => {
                let mut n =
                    packet_notice(text, &notice, Reading::Draft, &st.empty_assets, &profiles)?;
                n.number = i.number;
                n.date = i.date;
                (n, i.pages)
            }
            None => {
                // A PDF that prints its number: the notice's own number and date.
                let n = packet_notice(text, &notice, Reading::Notice, &st.empty_assets, &profiles)?;
                let pages = lopdf::Document::load_mem(&pdf)
                    .map(|d| d.get_pages().len())
                    .map_err(|_| {
                        Problem::issue(IssueError::Pdf(msg::unreadable_pdf("pdf_base64")))
                    })?;
                (n, pages)
            }
        };
        n.draft = None;
        let profile = n
            .check_profile(&profiles, None)
            .map_err(|e| Problem::invalid(vec![check::field_error(&e)]))?;
        let signed_at = issued.as_ref().and_then(|i| i.signed_at).map(|t| t.edxml());
        let pdf_name = pdf_name.unwrap_or_else(|| "notice.pdf".into());
        let xml = vanban::issue::edxml::packet(&vanban::issue::edxml::PacketRequest {
            notice: &n,
            profile,
            pdf: &pdf,
            pdf_name: &pdf_name,
            pages,
            from: &from,
            to: &to,
            signed_at: signed_at.as_deref(),
        })
        .map_err(Problem::issue)?;
        let mut r = handlers::response(StatusCode::OK, "application/xml", handlers::full(xml));
        r.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"notice.edxml\""),
        );
        Ok(r)
    })
    .await
}

#[utoipa::path(post, path = "/v1/edxml/check", tag = "issuance",
    description = "Check an edXML packet against the published required-field rules (`vanban edxml --check`); organ codes of an unusual shape are warnings.",
    request_body(content = String, content_type = "application/xml", description = "The packet"),
    responses(
        (status = 200, description = "Every required field is there", body = PacketValid),
        (status = 400, description = "A query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        (status = 415, description = "The body is not `application/xml`", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "Required fields missing or malformed (`invalid-packet`: each an error, code `packet-field`), or not UTF-8", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn edxml_check(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    blocking(state, req, true, |body, _| {
        let text = std::str::from_utf8(&body).map_err(|_| {
            Problem::invalid_request(vec![FieldError::new(
                None,
                None,
                msg::packet_not_utf8(),
                ErrorCode::BadText,
            )])
        })?;
        let today = SigningTime(now()).vietnam_date();
        let report = vanban::issue::edxml::check(text, today);
        if report.errors.is_empty() {
            Ok(handlers::json(
                StatusCode::OK,
                &serde_json::json!({"valid": true, "warnings": report.warnings}),
            ))
        } else {
            Err(Problem::invalid_packet(report.errors, report.warnings))
        }
    })
    .await
}

/// The field `to`: a non-empty list of organ codes.
pub(super) fn recipients(f: &mut Fields) -> Option<Vec<String>> {
    match f.map.remove("to") {
        None => {
            f.missing("to");
            None
        }
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => {
            let list: Vec<String> = a
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            if list.is_empty() {
                f.error("to", msg::no_recipient("to"), ErrorCode::InvalidValue);
            }
            Some(list)
        }
        Some(_) => {
            f.error(
                "to",
                msg::wrong_type("to", msg::type_text_list()),
                ErrorCode::WrongType,
            );
            None
        }
    }
}
