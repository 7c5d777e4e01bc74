//! Quay's four error-body shapes and the non-API pages, as one error type every handler returns.
//!
//! The `type` URL of an `ApiError` is built from the request's scheme and host, as Quay does; the
//! middleware sets it for the request in [`REQUEST_BASE`].

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use serde_json::{Value, json};

tokio::task_local! {
    /// `scheme://host` of the request being served.
    pub static REQUEST_BASE: String;
}

/// Quay's text for malformed JSON bodies.
pub const MALFORMED_JSON: &str =
    "The browser (or proxy) sent a request that this server could not understand.";
/// Quay's text for bodies not sent as JSON.
pub const NOT_JSON: &str = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.";
/// Quay's CSRF refusal.
pub const CSRF: &str = "CSRF token was invalid or missing.";
/// Quay's read-only refusal.
pub const READ_ONLY: &str = "System is currently read-only. Pulls will succeed but all write operations are currently suspended.";
/// Flask's 404 text for unknown API URLs.
pub const URL_NOT_FOUND: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
/// Flask's 405 text.
pub const METHOD_NOT_ALLOWED: &str = "The method is not allowed for the requested URL.";

/// An error answer, in the shape Quay uses for it.
#[derive(Debug, Clone, PartialEq)]
pub enum QuayError {
    /// Quay's problem document (`ApiError`).
    Api {
        /// HTTP status.
        status: u16,
        /// Error type code (`title`).
        title: &'static str,
        /// Message (`detail`).
        detail: String,
        /// Sent with 401 `invalid_token` by some endpoints.
        session_required: Option<bool>,
        /// A machine-readable cause some handlers add (`reason`).
        reason: Option<&'static str>,
    },
    /// `{"message": ...}` (a string, or an object for query-parameter errors).
    Message {
        /// HTTP status.
        status: u16,
        /// The message value.
        message: Value,
    },
    /// `{"error": ...}` sent as `text/html`.
    Auth {
        /// HTTP status.
        status: u16,
        /// The refusal text.
        error: String,
    },
    /// The read-only registry's 503.
    ReadOnly,
    /// `{"detail": ...}` alone: an error a handler returns as a plain dictionary (the mirror
    /// area's 400 and 409).
    Detail {
        /// HTTP status.
        status: u16,
        /// The error text.
        detail: String,
    },
    /// A handler's own dictionary answered with an error status (the sign-in refusals'
    /// `{"invalidCredentials": ..., "message": ...}`).
    Json {
        /// HTTP status.
        status: u16,
        /// The body.
        body: Value,
    },
    /// A non-API HTML page (unknown route, disabled feature, trailing-slash mistakes).
    Page {
        /// HTTP status.
        status: u16,
        /// The page.
        html: String,
        /// `Location` for redirects, `Allow` for 405s.
        header: Option<(&'static str, String)>,
    },
    /// A failure of this server (database, task); logged, answered 500.
    Internal(String),
}

/// The scheme and host of the request being answered (`http://localhost` outside one).
pub fn request_base() -> String {
    REQUEST_BASE
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "http://localhost".into())
}

impl QuayError {
    /// Quay's sign-in back-off refusal: 429, plain text sent as `text/html`, `Retry-After` in
    /// whole seconds (Python's `int` of the wait).
    pub fn too_many_login_attempts(wait_s: f64) -> Self {
        Self::Page {
            status: 429,
            html: "Too many login attempts. \nPlease reset your Quay password and try again."
                .into(),
            header: Some(("Retry-After", (wait_s.trunc() as i64).to_string())),
        }
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        Self::api(404, "not_found", "Not Found")
    }

    /// 400 `invalid_request` with a detail.
    pub fn invalid_request(detail: impl Into<String>) -> Self {
        Self::api(400, "invalid_request", detail)
    }

    /// 400 `{"message": "Organization does not exist: <name>"}` (Quay's
    /// `InvalidOrganizationException`).
    pub fn unknown_organization(name: &str) -> Self {
        Self::message(400, format!("Organization does not exist: {name}"))
    }

    /// Flask's `abort(403)`: `{"message": ...}` with Werkzeug's text (handlers that refuse
    /// without Quay's `Unauthorized`).
    pub fn flask_forbidden() -> Self {
        Self::message(
            403,
            "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
        )
    }

    /// 400 `invalid_response` with a detail.
    pub fn invalid_response(detail: impl Into<String>) -> Self {
        Self::api(400, "invalid_response", detail)
    }

    /// Quay's `Unauthorized`: 401 `invalid_token` for anonymous callers, 403
    /// `insufficient_scope` for authenticated ones.
    pub fn unauthorized(authenticated: bool) -> Self {
        if authenticated {
            Self::api(403, "insufficient_scope", "Unauthorized")
        } else {
            Self::api(401, "invalid_token", "Requires authentication")
        }
    }

    /// An `ApiError`.
    pub fn api(status: u16, title: &'static str, detail: impl Into<String>) -> Self {
        Self::Api {
            status,
            title,
            detail: detail.into(),
            session_required: None,
            reason: None,
        }
    }

    /// `{"message": text}`.
    pub fn message(status: u16, text: impl Into<String>) -> Self {
        Self::Message {
            status,
            message: Value::String(text.into()),
        }
    }

    /// `{"detail": text}` alone, with `status`.
    pub fn bare_detail(status: u16, text: impl Into<String>) -> Self {
        Self::Detail {
            status,
            detail: text.into(),
        }
    }

    /// A failure of this server.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }

    /// The text of an `ApiError` (its `detail`) or of a `MessageError`.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Api { detail, .. } | Self::Detail { detail, .. } => Some(detail.clone()),
            Self::Message { message, .. } => message.as_str().map(str::to_string),
            _ => None,
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            Self::Api { status, .. }
            | Self::Message { status, .. }
            | Self::Auth { status, .. }
            | Self::Detail { status, .. }
            | Self::Json { status, .. }
            | Self::Page { status, .. } => *status,
            Self::ReadOnly => 503,
            Self::Internal(_) => 500,
        }
    }

    /// The JSON body (none for pages and internal errors).
    pub fn body(&self) -> Option<Value> {
        match self {
            Self::Api {
                status,
                title,
                detail,
                session_required,
                reason,
            } => {
                let base = request_base();
                let mut v = json!({
                    "detail": detail,
                    "error_message": detail,
                    "error_type": title,
                    "title": title,
                    "type": format!("{base}/api/v1/error/{title}"),
                    "status": status,
                });
                if let Some(s) = session_required {
                    v["session_required"] = Value::Bool(*s);
                }
                if let Some(r) = reason {
                    v["reason"] = Value::String((*r).into());
                }
                Some(v)
            }
            Self::Message { message, .. } => Some(json!({ "message": message })),
            Self::Auth { error, .. } => Some(json!({ "error": error })),
            Self::Detail { detail, .. } => Some(json!({ "detail": detail })),
            Self::Json { body, .. } => Some(body.clone()),
            Self::ReadOnly => Some(json!({ "message": READ_ONLY, "is_readonly": true })),
            Self::Page { .. } | Self::Internal(_) => None,
        }
    }
}

impl std::fmt::Display for QuayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.body() {
            Some(b) => write!(f, "HTTP {} {}", self.status(), b),
            None => write!(f, "HTTP {}", self.status()),
        }
    }
}

impl std::error::Error for QuayError {}

impl From<rusqlite::Error> for QuayError {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(e)
    }
}

/// Quay's generic 500 page.
const INTERNAL_PAGE: &str = "<html>\n  <head>\n    <title>Internal Server Error</title>\n  </head>\n  <body>\n    <h1><p>Internal Server Error</p></h1>\n    \n  </body>\n</html>\n";

impl IntoResponse for QuayError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self {
            Self::Auth { .. } => Response::builder()
                .status(status)
                .content_type("text/html; charset=utf-8")
                .body(self.body().map(|b| b.to_string()).unwrap_or_default()),
            Self::Page { html, header, .. } => {
                let mut b = Response::builder()
                    .status(status)
                    .content_type("text/html; charset=utf-8");
                if let Some((name, value)) = header {
                    b = b.header(name, value);
                }
                b.body(html)
            }
            Self::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                Response::builder()
                    .status(status)
                    .content_type("text/html")
                    .body(INTERNAL_PAGE)
            }
            other => {
                let mut text = other.body().map(|b| b.to_string()).unwrap_or_default();
                text.push('\n');
                Response::builder()
                    .status(status)
                    .content_type("application/json")
                    .body(text)
            }
        }
    }
}
