//! RFC 9457 problem documents: every error the service answers, in one shape.
//!
//! The errors of a notice carry the same fields as the command line's
//! `--message-format json` (level, path, line, column, message), so that a program
//! that reads one reads the other.

use hyper::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

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
    /// What is wrong, in plain words.
    pub message: String,
}

impl FieldError {
    pub fn new(path: Option<String>, pos: Option<(usize, usize)>, message: String) -> FieldError {
        FieldError {
            level: "error",
            path,
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            message,
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

/// The problem document (RFC 9457) itself.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemDoc {
    /// A URI naming the kind of problem (`urn:vanban:problem:…`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What happened to this request, in plain words (for an invalid notice: the first
    /// error's message).
    pub detail: String,
    /// Every error of the input, when the input is at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
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
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem(Box::new(ProblemDoc {
            kind: format!("urn:vanban:problem:{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
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

    fn with_retry_after(mut self, secs: u64) -> Problem {
        self.retry_after = Some(secs);
        self
    }

    /// The input is not JSON at all, or not UTF-8 (400).
    pub fn malformed(errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .first()
            .map_or_else(|| "malformed JSON".to_string(), |e| e.message.clone());
        Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-input",
            "The request body is not valid JSON",
            detail,
        )
        .with_errors(errors)
        .rejected("bad_input")
    }

    /// Valid JSON that is not a valid notice (422).
    pub fn invalid(errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .first()
            .map_or_else(|| "invalid notice".to_string(), |e| e.message.clone());
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-notice",
            "The notice is not valid",
            detail,
        )
        .with_errors(errors)
        .rejected("bad_input")
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
        .rejected("bad_request")
    }

    pub fn too_large(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            "The request body is too large",
            detail,
        )
        .rejected("body_too_large")
    }

    pub fn unsupported_type(got: Option<&str>) -> Problem {
        let detail = match got {
            Some(t) => format!("the body must be `application/json`, not `{t}`"),
            None => "the body must be `application/json` (no Content-Type was given)".into(),
        };
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail,
        )
        .rejected("unsupported_media_type")
    }

    pub fn not_acceptable(accept: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            "not-acceptable",
            "Not acceptable",
            format!("cannot answer `{accept}`; this endpoint gives application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document or application/zip"),
        )
        .rejected("not_acceptable")
    }

    pub fn queue_full(retry_after: u64) -> Problem {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "queue-full",
            "The server is busy",
            "every render slot is busy and the queue is full; try again shortly",
        )
        .with_retry_after(retry_after)
        .rejected("queue_full")
    }

    pub fn draining() -> Problem {
        Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "draining",
                "The server is shutting down",
                "the server is shutting down and takes no new work; send the request to another replica",
            )
        .with_retry_after(1)
        .rejected("draining")
    }

    pub fn timeout(secs: u64) -> Problem {
        Problem::new(
            StatusCode::GATEWAY_TIMEOUT,
            "deadline",
            "The request took too long",
            format!("the request was not done within the server's limit of {secs} s"),
        )
        .rejected("timeout")
    }

    pub fn body_timeout(secs: u64) -> Problem {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            "The request body came too slowly",
            format!("the request body was not received within {secs} s"),
        )
        .rejected("slow_client")
    }

    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            detail,
        )
        .rejected("internal")
    }

    pub fn not_found(path: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            format!("no endpoint `{path}`; the list is at /openapi.json"),
        )
    }

    pub fn method_not_allowed(allowed: &'static str) -> Problem {
        Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            format!("this endpoint answers {allowed} only"),
        )
    }
}
