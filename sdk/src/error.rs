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
        "{operation}: could not decode the HTTP {status} response: {message}; body starts {snippet:?}"
    )]
    Decode {
        /// operationId of the call.
        operation: &'static str,
        /// HTTP status of the response.
        status: u16,
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
            if obj.contains_key("detail") && obj.contains_key("title") {
                if let Ok(e) = serde_json::from_value(value.clone()) {
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

    /// HTTP 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
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
