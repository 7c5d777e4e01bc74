//! The SDK's one error type, with Quay's error bodies decoded.
//!
//! Quay answers failures with four body shapes (see `openapi.yaml`): the `ApiError` problem
//! document, `{"message": ...}`, `{"error": ...}` (sent as `text/html`) and the read-only 503.
//! [`ErrorBody`] decodes each of them and keeps the raw text when the body is none of them.

use std::time::Duration;

use crate::models::{ApiError, ApiErrorType, AuthError, MessageError, MessageText, ReadOnlyError};

/// How much of an undecodable body an error keeps.
pub const SNIPPET_LIMIT: usize = 512;
/// How much of an unrecognised error body [`ErrorBody::Raw`] keeps.
pub const RAW_BODY_LIMIT: usize = 16 * 1024;

/// Result alias of the SDK.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong calling Quay.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Quay answered with an error status.
    #[error("{0}")]
    Api(Box<ApiFailure>),
    /// The request could not be sent or its response not received.
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// operationId of the call.
        operation: &'static str,
        /// The underlying client error.
        #[source]
        source: reqwest::Error,
    },
    /// No response within the configured timeout.
    #[error("{operation}: timed out")]
    Timeout {
        /// operationId of the call.
        operation: &'static str,
        /// The underlying client error.
        #[source]
        source: reqwest::Error,
    },
    /// A success status whose body is not what the contract says.
    #[error(
        "{operation}: could not decode the HTTP {status} response at `{path}`: {message}; body starts {snippet:?}"
    )]
    Decode {
        /// operationId of the call.
        operation: &'static str,
        /// HTTP status of the response.
        status: u16,
        /// Where in the body decoding failed, as a JSON path (`repositories[3].kind`; `.` for
        /// the whole body).
        path: String,
        /// What did not match.
        message: String,
        /// The first [`SNIPPET_LIMIT`] bytes of the body.
        snippet: String,
    },
    /// An argument was refused before anything was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The client could not be built from its configuration.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// What kind of failure an [`Error`] is, with Quay's per-operation quirks normalised: a 400
/// `{"message"}` that means "no such team" is [`NotFound`](ErrorKind::NotFound), one that
/// means "already exists" is [`AlreadyExists`](ErrorKind::AlreadyExists) (the spec lists them:
/// `x-quay-error-kind` on its examples), a write without a valid bearer token is
/// [`CsrfRefused`](ErrorKind::CsrfRefused), not a plain 403.
///
/// ```
/// use quay_sdk::{ErrorBody, ErrorKind};
/// let body = ErrorBody::decode(br#"{"message": "Team 'ops' is not a team in org 'acme'"}"#);
/// assert_eq!(ErrorKind::of("deleteOrganizationTeam", 400, &body), ErrorKind::NotFound);
/// assert_eq!(ErrorKind::of("createRepo", 400, &body), ErrorKind::InvalidRequest);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The object does not exist: a 404, or an answer the spec marks as meaning "not found"
    /// (Quay often answers 400 or 403 instead).
    NotFound,
    /// The object already exists (a duplicate name, an existing member).
    AlreadyExists,
    /// The request was refused as invalid: a schema violation, a bad value (400, 413, 415).
    InvalidRequest,
    /// No authenticated user: no token, or an invalid or expired one (401), or anonymous
    /// access is switched off.
    Unauthorized,
    /// The caller lacks the role or the token the scope (403 `insufficient_scope`).
    Forbidden,
    /// A write without a valid bearer token: Quay demands a session CSRF token (403).
    CsrfRefused,
    /// The registry is read-only (503 with `is_readonly`).
    ReadOnly,
    /// The method is not served at this path (405), e.g. an operation switched off by a
    /// feature flag.
    MethodNotAllowed,
    /// Too many requests (429).
    RateLimited,
    /// Quay failed (5xx other than read-only).
    ServerError,
    /// Another error status.
    OtherStatus,
    /// The request could not be sent or its answer not received.
    Transport,
    /// No answer within the configured timeout.
    Timeout,
    /// A success answer whose body is not what the contract says.
    Decode,
    /// An argument was refused before anything was sent.
    InvalidInput,
    /// The client could not be built from its configuration.
    Config,
}

impl ErrorKind {
    /// The kind of an error answer of `operation` with this status and body.
    pub fn of(operation: &str, status: u16, body: &ErrorBody) -> ErrorKind {
        if let Some(message) = body.message() {
            let listed = crate::operations::error_kinds::MESSAGE_KINDS.iter().find(
                |(op, st, pattern, _)| *op == operation && *st == status && glob(pattern, &message),
            );
            if let Some((_, _, _, kind)) = listed {
                return *kind;
            }
        }
        match (status, body) {
            (_, ErrorBody::ReadOnly(_)) => ErrorKind::ReadOnly,
            (403, ErrorBody::Auth(e)) if e.error.contains("CSRF") => ErrorKind::CsrfRefused,
            (401, _) | (_, ErrorBody::Auth(_)) => ErrorKind::Unauthorized,
            (403, _) => ErrorKind::Forbidden,
            (404 | 410, _) => ErrorKind::NotFound,
            (400 | 413 | 415 | 422, _) => ErrorKind::InvalidRequest,
            (405, _) => ErrorKind::MethodNotAllowed,
            (409, _) => ErrorKind::AlreadyExists,
            (429, _) => ErrorKind::RateLimited,
            (500..=599, _) => ErrorKind::ServerError,
            // Quay's handlers that fall through (createStar, deleteStar on an unknown
            // repository) answer 200 `null`; the SDK reports that as the failure it means.
            (200..=299, ErrorBody::Raw(raw)) if raw == "null" => ErrorKind::NotFound,
            _ => ErrorKind::OtherStatus,
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    for (i, part) in rest.iter().enumerate() {
        if i + 1 == rest.len() {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.is_empty()
}

/// An error status from Quay, with its decoded body.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    /// operationId of the call.
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The decoded body.
    pub body: ErrorBody,
    /// The `Retry-After` delay Quay asked for, if any.
    pub retry_after: Option<Duration>,
}

impl ApiFailure {
    /// What kind of failure this is (see [`ErrorKind::of`]).
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::of(self.operation, self.status, &self.body)
    }
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        match &self.body {
            ErrorBody::Api(e) => write!(f, " {}: {}", e.title, e.detail),
            ErrorBody::Message(m) => write!(f, ": {}", m.message),
            ErrorBody::Auth(e) => write!(f, ": {}", e.error),
            ErrorBody::ReadOnly(e) => write!(f, " (read-only registry): {}", e.message),
            ErrorBody::Raw(raw) if raw.is_empty() => Ok(()),
            ErrorBody::Raw(raw) => write!(f, ": {}", snippet(raw.as_bytes())),
        }
    }
}

/// The body of an error response, in whichever of Quay's shapes it came.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// Quay's problem document.
    Api(ApiError),
    /// `{"message": ...}`.
    Message(MessageError),
    /// `{"error": ...}`: CSRF refusal, anonymous access disabled.
    Auth(AuthError),
    /// The read-only registry's 503.
    ReadOnly(ReadOnlyError),
    /// Anything else (HTML pages, empty bodies), at most [`RAW_BODY_LIMIT`] bytes of it.
    Raw(String),
}

impl ErrorBody {
    /// Decodes an error body; never fails.
    pub fn decode(bytes: &[u8]) -> Self {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
            && let Some(obj) = value.as_object()
        {
            if obj.contains_key("detail") || obj.contains_key("error_type") {
                if let Some(e) = lenient_api_error(obj) {
                    return ErrorBody::Api(e);
                }
            } else if obj.get("is_readonly").is_some() {
                if let Ok(e) = serde_json::from_value(value.clone()) {
                    return ErrorBody::ReadOnly(e);
                }
            } else if obj.contains_key("message") {
                if let Ok(e) = serde_json::from_value(value.clone()) {
                    return ErrorBody::Message(e);
                }
            } else if obj.contains_key("error")
                && let Ok(e) = serde_json::from_value(value.clone())
            {
                return ErrorBody::Auth(e);
            }
        }
        let mut end = bytes.len().min(RAW_BODY_LIMIT);
        while end > 0 && end < bytes.len() && !is_char_boundary(bytes, end) {
            end -= 1;
        }
        ErrorBody::Raw(String::from_utf8_lossy(&bytes[..end]).into_owned())
    }

    /// The human-readable message of the body, whatever its shape.
    pub fn message(&self) -> Option<String> {
        match self {
            ErrorBody::Api(e) => Some(e.detail.clone()),
            ErrorBody::Message(m) => Some(m.message.to_string()),
            ErrorBody::Auth(e) => Some(e.error.clone()),
            ErrorBody::ReadOnly(e) => Some(e.message.clone()),
            ErrorBody::Raw(_) => None,
        }
    }
}

/// Quay's problem document, also when a proxy or an older Quay left members out or sent them
/// with other types: `detail` falls back to `error_message`, `title` to `error_type`, `type`
/// to `""`, `status` to 0. `None` when neither a message nor an error type is there.
fn lenient_api_error(obj: &serde_json::Map<String, serde_json::Value>) -> Option<ApiError> {
    if let Ok(e) = serde_json::from_value(serde_json::Value::Object(obj.clone())) {
        return Some(e);
    }
    let text = |k: &str| {
        obj.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let detail = text("detail").or_else(|| text("error_message"));
    let title = text("title").or_else(|| text("error_type"));
    if detail.is_none() && title.is_none() {
        return None;
    }
    let detail = detail.unwrap_or_default();
    let title = ApiErrorType::from(title.unwrap_or_default());
    let status = obj
        .get("status")
        .and_then(serde_json::Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(0);
    let mut lenient = serde_json::Map::new();
    lenient.insert("detail".into(), detail.clone().into());
    lenient.insert(
        "error_message".into(),
        text("error_message").unwrap_or(detail).into(),
    );
    lenient.insert("error_type".into(), title.as_str().into());
    lenient.insert("title".into(), title.as_str().into());
    lenient.insert("type".into(), text("type").unwrap_or_default().into());
    lenient.insert("status".into(), status.into());
    if let Some(b) = obj
        .get("session_required")
        .and_then(serde_json::Value::as_bool)
    {
        lenient.insert("session_required".into(), b.into());
    }
    serde_json::from_value(serde_json::Value::Object(lenient)).ok()
}

fn is_char_boundary(bytes: &[u8], i: usize) -> bool {
    // A UTF-8 continuation byte is 0b10xx_xxxx.
    bytes.get(i).is_none_or(|b| (*b as i8) >= -0x40)
}

/// The first [`SNIPPET_LIMIT`] bytes of a body, lossily decoded.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let mut end = bytes.len().min(SNIPPET_LIMIT);
    while end > 0 && end < bytes.len() && !is_char_boundary(bytes, end) {
        end -= 1;
    }
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl Error {
    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }

    /// The HTTP status, when Quay answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(f) => Some(f.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport { source, .. } | Error::Timeout { source, .. } => {
                source.status().map(|s| s.as_u16())
            }
            _ => None,
        }
    }

    /// The decoded error response, when Quay answered with an error status.
    pub fn api(&self) -> Option<&ApiFailure> {
        match self {
            Error::Api(f) => Some(f),
            _ => None,
        }
    }

    /// The decoded error body, when Quay answered with an error status.
    pub fn body(&self) -> Option<&ErrorBody> {
        self.api().map(|f| &f.body)
    }

    /// Quay's error type (`title` of an `ApiError` body), e.g. `not_found`.
    pub fn error_type(&self) -> Option<&ApiErrorType> {
        match self.body()? {
            ErrorBody::Api(e) => Some(&e.title),
            _ => None,
        }
    }

    /// The message of Quay's error body, whatever its shape.
    pub fn message(&self) -> Option<String> {
        self.body().and_then(ErrorBody::message)
    }

    /// What kind of failure this is, Quay's per-operation quirks normalised ([`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(f) => f.kind(),
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::Config(_) => ErrorKind::Config,
        }
    }

    /// The object does not exist: a 404, or an answer the spec marks as meaning "not found"
    /// (`kind() == ErrorKind::NotFound`).
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }

    /// The object already exists (`kind() == ErrorKind::AlreadyExists`).
    pub fn is_already_exists(&self) -> bool {
        self.kind() == ErrorKind::AlreadyExists
    }

    /// HTTP 401: no authenticated user (Quay treats a bad token as anonymous).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// HTTP 403: the caller lacks a role or scope, or (for writes) sent no valid bearer token.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// Quay's CSRF refusal: a write without a valid bearer token.
    pub fn is_csrf_refusal(&self) -> bool {
        matches!(self.body(), Some(ErrorBody::Auth(e)) if e.error.contains("CSRF"))
    }

    /// The registry is read-only (503 with `is_readonly`).
    pub fn is_read_only(&self) -> bool {
        matches!(self.body(), Some(ErrorBody::ReadOnly(_)))
    }

    /// A timeout of the whole request or of connecting.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

impl MessageText {
    fn to_string_lossy(&self) -> String {
        match self {
            MessageText::Text(s) => s.clone(),
            MessageText::Fields(map) => map
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

impl std::fmt::Display for MessageText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(op: &str, status: u16, body: &str) -> ErrorKind {
        ErrorKind::of(op, status, &ErrorBody::decode(body.as_bytes()))
    }

    #[test]
    fn kinds_follow_status_and_shape() {
        let csrf = r#"{"error": "CSRF token was invalid or missing."}"#;
        assert_eq!(kind("createRepo", 403, csrf), ErrorKind::CsrfRefused);
        let scope = r#"{"detail": "Unauthorized", "error_message": "Unauthorized", "error_type": "insufficient_scope", "title": "insufficient_scope", "type": "t", "status": 403}"#;
        assert_eq!(kind("getRepo", 403, scope), ErrorKind::Forbidden);
        assert_eq!(kind("getRepo", 401, "{}"), ErrorKind::Unauthorized);
        let anonymous = r#"{"error": "Anonymous access is not allowed"}"#;
        assert_eq!(kind("getRepo", 401, anonymous), ErrorKind::Unauthorized);
        assert_eq!(kind("getRepo", 404, "<html>"), ErrorKind::NotFound);
        let ro = r#"{"message": "System is currently read-only.", "is_readonly": true}"#;
        assert_eq!(kind("createRepo", 503, ro), ErrorKind::ReadOnly);
        assert_eq!(kind("createRepo", 502, ""), ErrorKind::ServerError);
        assert_eq!(
            kind("createRepo", 405, "<html>"),
            ErrorKind::MethodNotAllowed
        );
        assert_eq!(kind("createRepo", 429, ""), ErrorKind::RateLimited);
    }

    #[test]
    fn per_operation_messages_are_normalised() {
        let unknown_team = r#"{"message": "Team 'noteam' is not a team in org 'acme'"}"#;
        assert_eq!(
            kind("deleteOrganizationTeam", 400, unknown_team),
            ErrorKind::NotFound
        );
        // The same text from another operation is not classified by it.
        assert_eq!(
            kind("createRepo", 400, unknown_team),
            ErrorKind::InvalidRequest
        );
        let exists = r#"{"detail": "Repository already exists", "error_message": "Repository already exists", "error_type": "invalid_request", "title": "invalid_request", "type": "t", "status": 400}"#;
        assert_eq!(kind("createRepo", 400, exists), ErrorKind::AlreadyExists);
        let other = r#"{"message": "Team 'noteam' is now a team"}"#;
        assert_eq!(
            kind("deleteOrganizationTeam", 400, other),
            ErrorKind::InvalidRequest
        );
    }

    #[test]
    fn globs_match_whole_texts() {
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exactly"));
        assert!(!glob("a*c", "ab"));
        assert!(glob("x*", "x"));
    }

    #[test]
    fn problem_documents_decode_leniently() {
        // No `type`, no `status`, a title only in `error_type`: still an ApiError.
        let partial = br#"{"detail": "Not Found", "error_type": "not_found"}"#;
        match ErrorBody::decode(partial) {
            ErrorBody::Api(e) => {
                assert_eq!(e.title, ApiErrorType::NotFound);
                assert_eq!(e.detail, "Not Found");
                assert_eq!(e.status, 0);
            }
            other => panic!("{other:?}"),
        }
        let wrong_types = br#"{"detail": "x", "title": "not_found", "status": "404"}"#;
        assert!(matches!(ErrorBody::decode(wrong_types), ErrorBody::Api(_)));
    }

    #[test]
    fn decodes_the_four_shapes() {
        let api = br#"{"detail": "Not Found", "error_message": "Not Found", "error_type": "not_found", "title": "not_found", "type": "http://h/api/v1/error/not_found", "status": 404}"#;
        assert!(
            matches!(ErrorBody::decode(api), ErrorBody::Api(e) if e.title == ApiErrorType::NotFound)
        );
        let msg = br#"{"message": {"limit": "Limit to the number"}}"#;
        match ErrorBody::decode(msg) {
            ErrorBody::Message(m) => {
                assert_eq!(m.message.to_string(), "limit: Limit to the number")
            }
            other => panic!("{other:?}"),
        }
        let csrf = br#"{"error": "CSRF token was invalid or missing."}"#;
        assert!(matches!(ErrorBody::decode(csrf), ErrorBody::Auth(_)));
        let ro = br#"{"message": "System is currently read-only.", "is_readonly": true}"#;
        assert!(matches!(ErrorBody::decode(ro), ErrorBody::ReadOnly(_)));
        assert_eq!(
            ErrorBody::decode(b"<html>"),
            ErrorBody::Raw("<html>".into())
        );
        assert_eq!(ErrorBody::decode(b""), ErrorBody::Raw(String::new()));
    }

    #[test]
    fn raw_bodies_are_bounded_on_a_char_boundary() {
        let big = "é".repeat(RAW_BODY_LIMIT);
        match ErrorBody::decode(big.as_bytes()) {
            ErrorBody::Raw(s) => assert!(s.len() <= RAW_BODY_LIMIT && !s.contains('\u{FFFD}')),
            other => panic!("{other:?}"),
        }
        assert!(snippet("é".repeat(1000).as_bytes()).len() <= SNIPPET_LIMIT);
    }

    #[test]
    fn unknown_error_types_still_decode() {
        let body = br#"{"detail": "x", "error_message": "x", "error_type": "brand_new", "title": "brand_new", "type": "t", "status": 400}"#;
        match ErrorBody::decode(body) {
            ErrorBody::Api(e) => assert_eq!(e.title, ApiErrorType::from("brand_new")),
            other => panic!("{other:?}"),
        }
    }
}
