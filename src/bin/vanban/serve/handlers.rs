//! The endpoints. Each returns its answer or a [`Problem`]; [`route`] turns the
//! latter into `application/problem+json`.

use super::check;
use super::problem::{BodyErrors, Deadline, JsonBodyOnly, Problem, ProblemDoc};
use super::State;
use http_body_util::BodyExt as _;
use hyper::body::{Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex, OnceLock};
use vanban::input::check::Reading;
use vanban::input::notice::Notice;
use vanban::messages::serve as msg;
use vanban::render::{Format, Renderer};

/// The body of every answer: whole, or streamed from a channel (a batch).
pub type Body = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const ZIP: &str = "application/zip";
pub const PROBLEM: &str = "application/problem+json";

/// Set on an answer whose log line is written when its stream ends.
#[derive(Clone)]
pub struct DeferredLog(pub Arc<Mutex<Option<tokio::sync::oneshot::Sender<super::RequestLog>>>>);

impl DeferredLog {
    pub fn send(&self, line: super::RequestLog) {
        if let Some(tx) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = tx.send(line);
        }
    }
}

pub fn full(bytes: impl Into<Bytes>) -> Body {
    http_body_util::Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

/// A body fed by a channel: each message is one chunk; an error cuts the answer.
pub struct ChannelBody(pub tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0.poll_recv(cx).map(|m| m.map(|r| r.map(Frame::data)))
    }
}

pub(super) fn response(status: StatusCode, content_type: &str, body: Body) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("static content type"),
    );
    r
}

pub(super) fn json(status: StatusCode, v: &serde_json::Value) -> Response<Body> {
    response(status, "application/json", full(v.to_string()))
}

pub fn problem_response(state: &State, mut p: Problem, id: &str) -> Response<Body> {
    if let Some(reason) = p.rejection {
        state.metrics.reject(reason);
    }
    p.request_id = Some(id.to_string());
    let body = serde_json::to_vec(&*p.0).expect("problem serialises");
    let mut r = response(p.status(), PROBLEM, full(body));
    if let Some(s) = p.retry_after {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    // The body of a refused request may still be on its way: do not read it.
    if matches!(p.status, 408 | 413) {
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    r
}

/// Route a request to its endpoint.
pub async fn route(state: Arc<State>, req: Request<Incoming>, id: String) -> Response<Body> {
    let path = req.uri().path().to_string();
    let m = req.method().clone();
    let answer = match (m, path.as_str()) {
        (Method::GET, "/healthz") => Ok(healthz()),
        (Method::GET, "/readyz") => Ok(readyz(&state)),
        (Method::GET, "/metrics") => Ok(metrics(&state)),
        (Method::GET, "/v1/schema") => Ok(schema()),
        (Method::GET, "/openapi.json") => Ok(openapi()),
        (Method::POST, "/v1/render") => render(state.clone(), req).await,
        (Method::POST, "/v1/validate") => validate(state.clone(), req).await,
        (Method::POST, "/v1/batch") => super::batch::batch(state.clone(), req).await,
        (Method::POST, "/v1/sign/prepare") => {
            super::issuance::sign_prepare(state.clone(), req).await
        }
        (Method::POST, "/v1/sign/finish") => super::issuance::sign_finish(state.clone(), req).await,
        (Method::POST, "/v1/issue") => super::issuance::issue(state.clone(), req).await,
        (Method::POST, "/v1/issue/batch") => {
            super::issue_batch::issue_batch(state.clone(), req).await
        }
        (Method::POST, "/v1/edxml/batch") => {
            super::issue_batch::edxml_batch(state.clone(), req).await
        }
        (Method::POST, "/v1/issue/prepare") => {
            super::issuance::issue_prepare(state.clone(), req).await
        }
        (Method::POST, "/v1/issue/finish") => {
            super::issuance::issue_finish(state.clone(), req).await
        }
        (Method::POST, "/v1/edxml") => super::issuance::edxml(state.clone(), req).await,
        (Method::POST, "/v1/edxml/check") => super::issuance::edxml_check(state.clone(), req).await,
        (_, "/healthz" | "/readyz" | "/metrics" | "/v1/schema" | "/openapi.json") => {
            Err(Problem::method_not_allowed("GET"))
        }
        (
            _,
            "/v1/render" | "/v1/validate" | "/v1/batch" | "/v1/sign/prepare" | "/v1/sign/finish"
            | "/v1/issue" | "/v1/issue/prepare" | "/v1/issue/finish" | "/v1/edxml"
            | "/v1/edxml/check" | "/v1/issue/batch" | "/v1/edxml/batch",
        ) => Err(Problem::method_not_allowed("POST")),
        (_, p) => Err(Problem::not_found(p)),
    };
    answer.unwrap_or_else(|p| {
        let allow = match p.status {
            405 if path.starts_with("/v1/") && path != "/v1/schema" => Some("POST"),
            405 => Some("GET"),
            _ => None,
        };
        let mut r = problem_response(&state, p, &id);
        if let Some(a) = allow {
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(a));
        }
        r
    })
}

#[utoipa::path(get, path = "/healthz", tag = "operations",
    description = "The process is alive and answering.",
    responses((status = 200, description = "Alive", body = Health)))]
pub fn healthz() -> Response<Body> {
    json(StatusCode::OK, &serde_json::json!({"status": "ok"}))
}

/// Whether the server takes work.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
}

/// Whether the server takes work.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Ready {
    /// False while the server drains before it stops.
    pub ready: bool,
    /// True when the server runs with `--tsa`: every signature it makes or finishes
    /// then carries an RFC 3161 time-stamp (PAdES B-T).
    pub tsa: bool,
}

#[utoipa::path(get, path = "/readyz", tag = "operations",
    description = "Ready to take work; 503 while draining after SIGTERM (take the replica out of the load balancer).",
    responses((status = 200, description = "Ready", body = Ready),
              (status = 503, description = "Draining", body = Ready)))]
pub fn readyz(state: &State) -> Response<Body> {
    let draining = state.draining.load(std::sync::atomic::Ordering::SeqCst);
    let status = if draining {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    json(
        status,
        &serde_json::json!({"ready": !draining, "tsa": state.tsa.is_some()}),
    )
}

#[utoipa::path(get, path = "/metrics", tag = "operations",
    description = "Prometheus text format: vanban_http_requests_total{endpoint,status}, vanban_http_request_duration_seconds (histogram), vanban_renders_total{format}, vanban_in_flight, vanban_queue_depth, vanban_rejections_total{reason}.",
    responses((status = 200, description = "Counters", body = String, content_type = "text/plain; version=0.0.4")))]
pub fn metrics(state: &State) -> Response<Body> {
    response(
        StatusCode::OK,
        "text/plain; version=0.0.4; charset=utf-8",
        full(state.metrics.text()),
    )
}

#[utoipa::path(get, path = "/v1/schema", tag = "notices",
    description = "The JSON Schema of a notice (the same as `vanban schema`).",
    responses((status = 200, description = "JSON Schema 2020-12", body = Object, content_type = "application/schema+json")))]
pub fn schema() -> Response<Body> {
    static TEXT: OnceLock<Bytes> = OnceLock::new();
    let text = TEXT.get_or_init(|| {
        let schema = schemars::schema_for!(Notice);
        let mut text = serde_json::to_string_pretty(&schema).expect("schema serialises");
        text.push('\n');
        Bytes::from(text)
    });
    response(
        StatusCode::OK,
        "application/schema+json",
        full(text.clone()),
    )
}

#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    description = "This document.",
    responses((status = 200, description = "OpenAPI 3.1", body = Object)))]
pub fn openapi() -> Response<Body> {
    static TEXT: OnceLock<Bytes> = OnceLock::new();
    let text = TEXT.get_or_init(|| Bytes::from(super::api::document()));
    response(StatusCode::OK, "application/json", full(text.clone()))
}

/// What `/v1/render` answers with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OutFormat {
    Pdf,
    Docx,
    Zip,
}

impl OutFormat {
    fn content_type(self) -> &'static str {
        match self {
            OutFormat::Pdf => PDF,
            OutFormat::Docx => DOCX,
            OutFormat::Zip => ZIP,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OutFormat::Pdf => "pdf",
            OutFormat::Docx => "docx",
            OutFormat::Zip => "zip",
        }
    }
}

/// The query string as `name=value` pairs; a parameter not in `allowed` is refused
/// (a mistyped `?fromat=docx` must not quietly give a PDF).
pub fn query<'a>(q: Option<&'a str>, allowed: &[&str]) -> Result<Vec<(&'a str, &'a str)>, Problem> {
    let mut out = Vec::new();
    for pair in q.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if !allowed.contains(&k) {
            return Err(Problem::bad_request(msg::unknown_parameter(
                k.chars().take(40).collect::<String>(),
                allowed.join(", "),
            )));
        }
        out.push((k, v));
    }
    Ok(out)
}

pub fn flag(name: &str, v: &str) -> Result<bool, Problem> {
    match v {
        "true" | "1" | "" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(Problem::bad_request(msg::bad_choice(
            name,
            super::problem::choices(&["true", "false"]),
            v.chars().take(40).collect::<String>(),
        ))),
    }
}

/// The format asked for by `Accept` (highest quality first; `*/*` or none: PDF).
fn negotiate(accept: Option<&HeaderValue>) -> Result<OutFormat, Problem> {
    let Some(raw) = accept else {
        return Ok(OutFormat::Pdf);
    };
    let text = raw.to_str().unwrap_or("");
    let mut ranges: Vec<(f32, usize, &str)> = text
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let media = it.next()?.trim();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty()).then_some((q, i, media))
        })
        .collect();
    if ranges.is_empty() {
        return Ok(OutFormat::Pdf);
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (q, _, media) in ranges {
        if q <= 0.0 {
            continue;
        }
        let f = match media.to_ascii_lowercase().as_str() {
            "application/pdf" | "application/*" | "*/*" => OutFormat::Pdf,
            m if m == DOCX => OutFormat::Docx,
            "application/zip" => OutFormat::Zip,
            _ => continue,
        };
        return Ok(f);
    }
    Err(Problem::not_acceptable(
        &text.chars().take(100).collect::<String>(),
    ))
}

/// Refuse a body that is not JSON by its type (415).
pub fn json_body(headers: &hyper::HeaderMap) -> Result<(), Problem> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Err(Problem::unsupported_type("application/json", None));
    };
    let t = ct.to_str().unwrap_or("");
    let media = t
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media == "application/json"
        || (media.starts_with("application/") && media.ends_with("+json"))
    {
        Ok(())
    } else {
        Err(Problem::unsupported_type(
            "application/json",
            Some(&t.chars().take(100).collect::<String>()),
        ))
    }
}

/// Read the body within `limit` bytes and the request's deadline.
pub async fn read_body(
    state: &State,
    req: Request<Incoming>,
    limit: u64,
    deadline: tokio::time::Instant,
) -> Result<Bytes, Problem> {
    let too_large = || {
        if limit < state.max_body || limit == check::MAX_NOTICE_BYTES as u64 {
            Problem::too_large(msg::notice_too_large(check::MAX_NOTICE_BYTES >> 20))
        } else {
            Problem::too_large(msg::body_too_large(vanban::input::files::size(limit)))
        }
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(req.into_body(), limit as usize);
    match tokio::time::timeout_at(deadline, limited.collect()).await {
        Err(_) => Err(Problem::body_timeout(state.timeout.as_secs())),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(e)) => Err(Problem::bad_request(msg::unreadable_body(e))),
        Ok(Ok(c)) => Ok(c.to_bytes()),
    }
}

/// Fault injection for the tests: `VANBAN_FAULT_PANIC_NUMBER=N` makes the render of a
/// notice numbered N panic, as a bug in a stage would; `VANBAN_FAULT_SLOW_NUMBER=N`
/// makes it take 1.5 s more (a full queue, a deadline, a drain with work in flight).
fn injected_fault(number: u32) {
    static AT: OnceLock<(Option<u32>, Option<u32>)> = OnceLock::new();
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    let (panic_at, slow_at) = *AT.get_or_init(|| {
        (
            var("VANBAN_FAULT_PANIC_NUMBER"),
            var("VANBAN_FAULT_SLOW_NUMBER"),
        )
    });
    if panic_at == Some(number) {
        panic!("fault injected for notice number {number}");
    }
    if slow_at == Some(number) {
        std::thread::sleep(std::time::Duration::from_millis(1500));
    }
}

/// The file name a batch gives a notice, the notice being the batch's only item
/// (the default pattern of `vanban batch`: `125-phuc-loi`).
pub fn stable_stem(renderer: &Renderer, n: &Notice) -> String {
    // The notice was checked against the renderer's profiles.
    let padded = renderer.profile(n.profile.as_str()).map_or_else(
        || format!("{:02}", n.number),
        |p| p.numbering.padded(n.number),
    );
    let tail = match n.ward.as_deref() {
        Some(w) => vanban::batch::slug(w),
        None => "1".into(),
    };
    vanban::batch::safe_file_stem(&format!("{padded}-{tail}")).unwrap_or_else(|| "notice".into())
}

/// A rendered answer.
struct Rendered {
    bytes: Vec<u8>,
    pages: usize,
    stem: String,
}

/// Parse, check and render on the blocking pool.
fn render_blocking(
    body: &[u8],
    renderer: &Renderer,
    assets: &std::path::Path,
    format: OutFormat,
    reading: Reading,
) -> Result<Rendered, Problem> {
    let text = check::utf8(body)?;
    let notice = check::notice_as(text, assets, renderer.profiles(), reading)?;
    injected_fault(notice.number);
    let fmt = match format {
        OutFormat::Pdf => Format::Pdf,
        OutFormat::Docx => Format::Docx,
        OutFormat::Zip => Format::All,
    };
    let outputs = renderer.outputs(&notice, fmt).map_err(render_error)?;
    let stem = stable_stem(renderer, &notice);
    let pages = match outputs.iter().find_map(|o| o.pages) {
        Some(p) => p,
        None => {
            let doc = renderer.document(&notice).map_err(render_error)?;
            renderer
                .layout(&notice, &doc)
                .map_err(render_error)?
                .pages
                .len()
        }
    };
    let bytes = match format {
        OutFormat::Zip => super::batch::zip_of(
            outputs
                .iter()
                .map(|o| (format!("{stem}.{}", o.extension), o.bytes.as_slice())),
        )
        .map_err(|e| Problem::internal(msg::cannot_zip(e)))?,
        _ => outputs
            .into_iter()
            .next()
            .map(|o| o.bytes)
            .unwrap_or_default(),
    };
    Ok(Rendered { bytes, pages, stem })
}

fn render_error(e: vanban::render::Error) -> Problem {
    match e {
        vanban::render::Error::Input(e) => Problem::invalid(vec![check::field_error(&e)]),
        e => Problem::internal(msg::render_failed(e)),
    }
}

/// The answer of a render: the format asked for (or 406), PDF/A, a draft.
fn render_format(req: &Request<Incoming>) -> Result<(OutFormat, bool, bool), Problem> {
    let mut format = None;
    let (mut pdfa, mut draft) = (false, false);
    for (k, v) in query(req.uri().query(), &["format", "pdfa", "draft"])? {
        match k {
            "format" => {
                format = Some(match v {
                    "pdf" => OutFormat::Pdf,
                    "docx" => OutFormat::Docx,
                    "zip" => OutFormat::Zip,
                    _ => {
                        return Err(Problem::bad_request(msg::bad_choice(
                            "format",
                            super::problem::choices(&["pdf", "docx", "zip"]),
                            v.chars().take(40).collect::<String>(),
                        )))
                    }
                })
            }
            "draft" => draft = flag("draft", v)?,
            _ => pdfa = flag("pdfa", v)?,
        }
    }
    let format = match format {
        Some(f) => f,
        None => negotiate(req.headers().get(header::ACCEPT))?,
    };
    Ok((format, pdfa, draft))
}

#[utoipa::path(post, path = "/v1/render", tag = "notices",
    description = "Render one notice (the JSON of `vanban render`). The bytes are those `vanban render` writes for the same input and options. Without `format`, the `Accept` header chooses (default PDF). Image fields accept `data_base64` only.",
    params(
        ("format" = Option<String>, Query, description = "pdf, docx or zip (zip: the PDF, the DOCX and the .meta.json sidecar)", pattern = "^(pdf|docx|zip)$"),
        ("pdfa" = Option<bool>, Query, description = "PDF/A-2b"),
        ("draft" = Option<bool>, Query, description = "A draft for electronic issuance (`vanban render --draft`): `number` and `date` may be left out; the PDF prints blanks with form fields where the văn thư fills them at issuance, and reserves the signer's signature field"),
    ),
    request_body(content = NoticeRef, content_type = "application/json", description = "A notice"),
    responses(
        (status = 200, description = "The file; `Content-Disposition` has the name a batch gives it, `X-Page-Count` the pages, `ETag` a hash of the bytes",
            headers(("Content-Disposition" = String), ("X-Page-Count" = u32), ("ETag" = String)),
            content(
                (Vec<u8> = "application/pdf"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                (Vec<u8> = "application/zip"),
            )),
        (status = 304, description = "Unchanged (`If-None-Match` matched the ETag)"),
        (status = 400, description = "Not JSON, not UTF-8, or a bad query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 406, description = "`Accept` names no format this endpoint gives", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "Not a valid notice: every error, with path, line and column", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn render(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Body>, Problem> {
    let deadline = tokio::time::Instant::now() + state.timeout;
    let (format, pdfa, draft) = render_format(&req)?;
    json_body(req.headers())?;
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let limit = state.max_body.min(check::MAX_NOTICE_BYTES as u64);
    let body = read_body(&state, req, limit, deadline).await?;
    let permit = state.admit(deadline).await?;
    let renderer = state.renderer(draft, pdfa, format == OutFormat::Zip);
    let assets = state.empty_assets.clone();
    let reading = if draft {
        Reading::Draft
    } else {
        Reading::Notice
    };
    let lang = vanban::messages::lang();
    let job = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        vanban::messages::with_lang(lang, || {
            render_blocking(&body, &renderer, &assets, format, reading)
        })
    });
    let out = match tokio::time::timeout_at(deadline, job).await {
        Err(_) => return Err(Problem::timeout(state.timeout.as_secs())),
        Ok(Err(_)) => return Err(Problem::internal(msg::internal_render())),
        Ok(Ok(r)) => r?,
    };
    state.metrics.render(format.label());
    let digest = Sha256::digest(&out.bytes);
    let etag = format!("\"{}\"", super::batch::hex(&digest[..16]));
    let matched = if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let ext = match format {
        OutFormat::Pdf => "pdf",
        OutFormat::Docx => "docx",
        OutFormat::Zip => "zip",
    };
    let mut r = if matched {
        let mut r = Response::new(full(Bytes::new()));
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        response(StatusCode::OK, format.content_type(), full(out.bytes))
    };
    let h = r.headers_mut();
    h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    h.insert("x-page-count", HeaderValue::from(out.pages));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.{ext}\"", out.stem)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// The answer of a valid notice.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Valid {
    /// Always true (an invalid notice is a 422 problem listing every error).
    pub valid: bool,
    /// The pages the notice will have.
    pub pages: usize,
}

#[utoipa::path(post, path = "/v1/validate", tag = "notices",
    description = "Check a notice without rendering it: every error at once, each with its JSON path, line, column and message (the first exactly as `vanban validate --message-format json` gives it).",
    request_body(content = NoticeRef, content_type = "application/json", description = "A notice"),
    responses(
        (status = 200, description = "Valid", body = Valid),
        (status = 400, description = "Not JSON or not UTF-8", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "Not a valid notice: every error", body = ProblemDoc, content_type = "application/problem+json"),
        Deadline,
    ))]
pub async fn validate(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Problem> {
    let deadline = tokio::time::Instant::now() + state.timeout;
    query(req.uri().query(), &[])?;
    json_body(req.headers())?;
    let limit = state.max_body.min(check::MAX_NOTICE_BYTES as u64);
    let body = read_body(&state, req, limit, deadline).await?;
    let permit = state.admit(deadline).await?;
    let renderer = state.renderer(false, false, false);
    let assets = state.empty_assets.clone();
    let lang = vanban::messages::lang();
    let job = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        vanban::messages::with_lang(lang, || {
            let text = check::utf8(&body)?;
            let notice = check::notice(text, &assets, renderer.profiles())?;
            let doc = renderer.document(&notice).map_err(render_error)?;
            let laid = renderer.layout(&notice, &doc).map_err(render_error)?;
            Ok::<_, Problem>(laid.pages.len())
        })
    });
    let pages = match tokio::time::timeout_at(deadline, job).await {
        Err(_) => return Err(Problem::timeout(state.timeout.as_secs())),
        Ok(Err(_)) => return Err(Problem::internal(msg::internal_check())),
        Ok(Ok(r)) => r?,
    };
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"valid": true, "pages": pages}),
    ))
}

/// Stands for the notice's JSON Schema (`/v1/schema`), which the OpenAPI document
/// holds under `components/schemas/Notice`.
pub struct NoticeRef;

impl utoipa::PartialSchema for NoticeRef {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Notice"))
    }
}
impl utoipa::ToSchema for NoticeRef {}

/// Stands for a batch file (see `components/schemas/Batch`).
pub struct BatchRef;

impl utoipa::PartialSchema for BatchRef {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Batch"))
    }
}
impl utoipa::ToSchema for BatchRef {}
