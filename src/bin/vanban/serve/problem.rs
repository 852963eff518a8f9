//! RFC 9457 problem documents: every error the service answers, in one shape.
//!
//! The errors of a notice carry the same fields as the command line's
//! `--message-format json` (level, path, line, column, message), so that a program
//! that reads one reads the other.

use hyper::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use vanban::input::messages::ErrorCode;
use vanban::messages::serve as msg;

/// One error in the input, as `vanban render --message-format json` prints it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// Always `error`.
    pub level: &'static str,
    /// JSON path of the bad value (`.` for the whole input), as in the CLI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line of the bad value in the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) of the bad value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in plain words, in the language `Accept-Language` asked for.
    pub message: String,
    /// The kind of error, stable across versions and languages (`missing-field`,
    /// `invalid-date`…; the codes of `vanban --message-format json`), for a program
    /// that reacts to the kind, not the words.
    pub code: &'static str,
}

impl FieldError {
    pub fn new(
        path: Option<String>,
        pos: Option<(usize, usize)>,
        message: String,
        code: ErrorCode,
    ) -> FieldError {
        FieldError::with_code(path, pos, message, code.as_str())
    }

    /// An error whose code is the service's own (a packet's field, say).
    pub fn with_code(
        path: Option<String>,
        pos: Option<(usize, usize)>,
        message: String,
        code: &'static str,
    ) -> FieldError {
        FieldError {
            level: "error",
            path,
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            message,
            code,
        }
    }
}

/// An error answer (`application/problem+json`), boxed: it travels in every `Result`
/// of the handlers, most of which succeed.
#[derive(Debug, Clone)]
pub struct Problem(pub Box<ProblemDoc>);

impl std::ops::Deref for Problem {
    type Target = ProblemDoc;
    fn deref(&self) -> &ProblemDoc {
        &self.0
    }
}

impl std::ops::DerefMut for Problem {
    fn deref_mut(&mut self) -> &mut ProblemDoc {
        &mut self.0
    }
}

/// The answers of the OpenAPI document that every endpoint reading a request body
/// can give besides its own (a body too slow or too large, an internal error, a full
/// queue), declared once and named in each path's `responses(..)`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum BodyErrors {
    /// 408.
    #[response(
        status = 408,
        description = "The body came too slowly",
        content_type = "application/problem+json"
    )]
    Slow(ProblemDoc),
    /// 413.
    #[response(
        status = 413,
        description = "Over the body limit",
        content_type = "application/problem+json"
    )]
    TooLarge(ProblemDoc),
    /// 500.
    #[response(
        status = 500,
        description = "Internal error (logged)",
        content_type = "application/problem+json"
    )]
    Internal(ProblemDoc),
    /// 503.
    #[response(status = 503, description = "Queue full or draining; see `Retry-After`", content_type = "application/problem+json", headers(("Retry-After" = u32)))]
    Busy(ProblemDoc),
}

/// The 415 of every endpoint that takes a JSON body.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum JsonBodyOnly {
    /// 415.
    #[response(
        status = 415,
        description = "The body is not `application/json`",
        content_type = "application/problem+json"
    )]
    NotJson(ProblemDoc),
}

/// The 504 of every endpoint that answers once its work is done (a streamed batch
/// documents its own: past the deadline it is not started).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Deadline {
    /// 504.
    #[response(
        status = 504,
        description = "Past the server's deadline",
        content_type = "application/problem+json"
    )]
    Past(ProblemDoc),
}

/// The problem document (RFC 9457) itself.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemDoc {
    /// A URI naming the kind of problem (`urn:vanban:problem:…`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind of problem as a stable code (the last part of `type`:
    /// `invalid-notice`, `bad-pdf`…), the same in every language.
    pub code: &'static str,
    /// Short summary of the kind of problem, in the language `Accept-Language` asked
    /// for (as is `detail`, and each error's `message`).
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What happened to this request, in plain words (for an invalid notice: the first
    /// error's message).
    pub detail: String,
    /// Every error of the input, when the input is at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Warnings that do not make the input wrong (an edXML packet's organ codes of
    /// an unusual shape).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The request's id (`X-Request-Id`), to find its log line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Seconds to wait before trying again (503 only; also in `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u64>,
    /// Label of `vanban_rejections_total` this answer counts under, if any.
    #[serde(skip)]
    pub rejection: Option<&'static str>,
}

impl Problem {
    /// A problem of kind `code` (also the last part of its `type`).
    pub fn new(
        status: StatusCode,
        code: &'static str,
        title: String,
        detail: impl Into<String>,
    ) -> Problem {
        Problem(Box::new(ProblemDoc {
            kind: format!("urn:vanban:problem:{code}"),
            code,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            warnings: Vec::new(),
            request_id: None,
            retry_after: None,
            rejection: None,
        }))
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn rejected(mut self, reason: &'static str) -> Problem {
        self.rejection = Some(reason);
        self
    }

    fn with_errors(mut self, errors: Vec<FieldError>) -> Problem {
        self.errors = errors;
        self
    }

    pub fn with_warnings(mut self, warnings: Vec<String>) -> Problem {
        self.warnings = warnings;
        self
    }

    fn with_retry_after(mut self, secs: u64) -> Problem {
        self.retry_after = Some(secs);
        self
    }

    /// The input is not JSON at all, or not UTF-8 (400).
    pub fn malformed(errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .first()
            .map_or_else(msg::malformed_json, |e| e.message.clone());
        Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-input",
            msg::title_malformed(),
            detail,
        )
        .with_errors(errors)
        .rejected("bad_input")
    }

    /// Valid JSON that is not a valid notice (422).
    pub fn invalid(errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .first()
            .map_or_else(msg::invalid_notice, |e| e.message.clone());
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-notice",
            msg::title_invalid_notice(),
            detail,
        )
        .with_errors(errors)
        .rejected("bad_input")
    }

    /// A request of the issuance endpoints whose fields are wrong (422): missing,
    /// of the wrong type, not base64.
    pub fn invalid_request(errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .first()
            .map_or_else(String::new, |e| e.message.clone());
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-request",
            msg::title_invalid_request(),
            detail,
        )
        .with_errors(errors)
        .rejected("bad_input")
    }

    /// A signing, issuing or packaging step refused (422), or failed (500), as
    /// `vanban sign`, `vanban issue` and `vanban edxml` refuse it; or the
    /// time-stamping service of `--tsa` failed (502).
    pub fn issue(e: vanban::issue::IssueError) -> Problem {
        use vanban::issue::IssueError;
        let (code, title) = match &e {
            IssueError::Key(_) => ("bad-key", msg::title_bad_key()),
            IssueError::Pdf(_) => ("bad-pdf", msg::title_bad_pdf()),
            IssueError::Input(_) => ("bad-value", msg::title_bad_value()),
            IssueError::Internal(_) => return Problem::internal(e.to_string()),
            IssueError::Tsa(_) => return Problem::tsa_failed(e.to_string()),
        };
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, code, title, e.to_string())
            .rejected("bad_input")
    }

    /// The time-stamping service of `--tsa` is down or answered wrongly (502): the
    /// signature cannot be B-T, so nothing is answered but this.
    pub fn tsa_failed(detail: String) -> Problem {
        Problem::new(
            StatusCode::BAD_GATEWAY,
            "tsa-failed",
            msg::title_tsa_failed(),
            detail,
        )
        .rejected("tsa_failed")
    }

    /// An edXML packet that misses required fields (422), each an error.
    pub fn invalid_packet(errors: Vec<String>, warnings: Vec<String>) -> Problem {
        let detail = msg::packet_errors(errors.len());
        let errors = errors
            .into_iter()
            .map(|m| FieldError::with_code(None, None, m, "packet-field"))
            .collect();
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-packet",
            msg::title_invalid_packet(),
            detail,
        )
        .with_errors(errors)
        .with_warnings(warnings)
        .rejected("bad_input")
    }

    /// `/v1/issue` on a server without the agency's key (409).
    pub fn no_agency_key() -> Problem {
        Problem::new(
            StatusCode::CONFLICT,
            "no-agency-key",
            msg::title_no_agency_key(),
            msg::no_agency_key(),
        )
        .rejected("no_agency_key")
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            msg::title_bad_request(),
            detail,
        )
        .rejected("bad_request")
    }

    pub fn too_large(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            msg::title_too_large(),
            detail,
        )
        .rejected("body_too_large")
    }

    /// The body is not of the type `wanted` (415).
    pub fn unsupported_type(wanted: &str, got: Option<&str>) -> Problem {
        let detail = match got {
            Some(t) => msg::wrong_content_type(wanted, t),
            None => msg::no_content_type(wanted),
        };
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            msg::title_unsupported_type(),
            detail,
        )
        .rejected("unsupported_media_type")
    }

    pub fn not_acceptable(accept: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            "not-acceptable",
            msg::title_not_acceptable(),
            msg::not_acceptable(
                accept,
                choices(&[
                    "application/pdf",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/zip",
                ]),
            ),
        )
        .rejected("not_acceptable")
    }

    pub fn queue_full(retry_after: u64) -> Problem {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "queue-full",
            msg::title_queue_full(),
            msg::queue_full(),
        )
        .with_retry_after(retry_after)
        .rejected("queue_full")
    }

    pub fn draining() -> Problem {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "draining",
            msg::title_draining(),
            msg::draining(),
        )
        .with_retry_after(1)
        .rejected("draining")
    }

    pub fn timeout(secs: u64) -> Problem {
        Problem::new(
            StatusCode::GATEWAY_TIMEOUT,
            "deadline",
            msg::title_timeout(),
            msg::timeout(secs),
        )
        .rejected("timeout")
    }

    pub fn body_timeout(secs: u64) -> Problem {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            msg::title_body_timeout(),
            msg::body_timeout(secs),
        )
        .rejected("slow_client")
    }

    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            msg::title_internal(),
            detail,
        )
        .rejected("internal")
    }

    pub fn not_found(path: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            msg::title_not_found(),
            msg::not_found(path),
        )
    }

    pub fn method_not_allowed(allowed: &'static str) -> Problem {
        Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            msg::title_method_not_allowed(),
            msg::method_not_allowed(allowed),
        )
    }
}

/// `a, b or c` in the thread's language.
pub fn choices(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), msg::or()),
    }
}
