//! Typed replies: one success type and the documented error statuses of an operation, so the
//! generated OpenAPI document lists exactly what the contract lists, while every error renders
//! itself in Quay's shape ([`QuayError`]).
//!
//! ```text
//! async fn get(&self, ...) -> Reply<Ok200<OrganizationView>, (E401, E403, E404)>
//! ```

use std::marker::PhantomData;

use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::error::ParseParamError;
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::{ToJSON, Type};

use crate::error::QuayError;
use crate::models::{ApiError, AuthError, BadRequestError, MessageError, ReadOnlyError};

/// The success side of an operation.
pub trait Success: Send {
    /// What the handler returns on success.
    type Value: Send;
    /// The documented success responses.
    fn responses() -> Vec<MetaResponse>;
    /// Registers the schemas used.
    fn register(registry: &mut Registry);
    /// Renders a success.
    fn render(value: Self::Value) -> Response;
}

/// A body of schema `T` sent as `content_type`.
pub(crate) fn media<T: Type>(content_type: &'static str) -> MetaMediaType {
    MetaMediaType {
        content_type,
        schema: T::schema_ref(),
    }
}

pub(crate) fn json_media<T: Type>() -> Vec<MetaMediaType> {
    vec![media::<T>("application/json")]
}

pub(crate) fn json_response<T: ToJSON>(status: u16, value: &T) -> Response {
    let mut text = value
        .to_json()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "null".into());
    text.push('\n');
    Response::builder()
        .status(poem::http::StatusCode::from_u16(status).unwrap_or(poem::http::StatusCode::OK))
        .content_type("application/json")
        .body(text)
}

macro_rules! json_success {
    ($(#[$m:meta])* $name:ident, $status:literal, $desc:literal) => {
        $(#[$m])*
        pub struct $name<T>(PhantomData<T>);

        impl<T: Type + ToJSON> Success for $name<T> {
            type Value = T;
            fn responses() -> Vec<MetaResponse> {
                vec![MetaResponse {
                    description: $desc,
                    status: Some($status),
                    status_range: None,
                    content: json_media::<T>(),
                    headers: vec![],
                }]
            }
            fn register(registry: &mut Registry) {
                T::register(registry);
            }
            fn render(value: T) -> Response {
                json_response($status, &value)
            }
        }
    };
}

json_success!(
    /// 200 with a JSON body.
    Ok200, 200, "Successful invocation"
);
json_success!(
    /// 201 with a JSON body.
    Created201, 201, "Created"
);
json_success!(
    /// 202 with a JSON body.
    Accepted202, 202, "Accepted"
);

/// 204 with no body.
pub struct NoContent204;

impl Success for NoContent204 {
    type Value = ();
    fn responses() -> Vec<MetaResponse> {
        vec![MetaResponse {
            description: "Deleted",
            status: Some(204),
            status_range: None,
            content: vec![],
            headers: vec![],
        }]
    }
    fn register(_: &mut Registry) {}
    fn render(_: ()) -> Response {
        Response::builder()
            .status(poem::http::StatusCode::NO_CONTENT)
            .finish()
    }
}

/// 201 with an empty `text/html` body (approveServiceKey).
pub struct Empty201;

impl Success for Empty201 {
    type Value = ();
    fn responses() -> Vec<MetaResponse> {
        vec![MetaResponse {
            description: "Created",
            status: Some(201),
            status_range: None,
            content: vec![],
            headers: vec![],
        }]
    }
    fn register(_: &mut Registry) {}
    fn render(_: ()) -> Response {
        Response::builder()
            .status(poem::http::StatusCode::CREATED)
            .content_type("text/html; charset=utf-8")
            .finish()
    }
}

/// 201 when newly queued, 202 when already queued or running; body `""` (registry size).
pub struct QueuedOrRunning<T>(PhantomData<T>);

impl<T: Type + ToJSON + Default> Success for QueuedOrRunning<T> {
    /// `true` when newly queued.
    type Value = bool;
    fn responses() -> Vec<MetaResponse> {
        vec![
            MetaResponse {
                description: "Queued",
                status: Some(201),
                status_range: None,
                content: json_media::<T>(),
                headers: vec![],
            },
            MetaResponse {
                description: "Already queued or running",
                status: Some(202),
                status_range: None,
                content: json_media::<T>(),
                headers: vec![],
            },
        ]
    }
    fn register(registry: &mut Registry) {
        T::register(registry);
    }
    fn render(newly: bool) -> Response {
        json_response(if newly { 201 } else { 202 }, &T::default())
    }
}

/// The mirror health checks: 200 when healthy, 503 when not, the same body `T` either way,
/// with `Cache-Control: no-cache, no-store, must-revalidate`.
pub struct HealthOr503<T>(PhantomData<T>);

/// The health checks' `Cache-Control`.
pub const NO_STORE: &str = "no-cache, no-store, must-revalidate";

impl<T: Type + ToJSON> Success for HealthOr503<T> {
    /// Whether healthy, and the report.
    type Value = (bool, T);
    fn responses() -> Vec<MetaResponse> {
        let header = || poem_openapi::registry::MetaHeader {
            name: "Cache-Control".into(),
            description: Some("Always `no-cache, no-store, must-revalidate`.".into()),
            required: false,
            deprecated: false,
            schema: String::schema_ref(),
        };
        [(200, "Healthy"), (503, "Unhealthy")]
            .into_iter()
            .map(|(status, description)| MetaResponse {
                description,
                status: Some(status),
                status_range: None,
                content: json_media::<T>(),
                headers: vec![header()],
            })
            .collect()
    }
    fn register(registry: &mut Registry) {
        T::register(registry);
    }
    fn render((healthy, report): (bool, T)) -> Response {
        let mut response = json_response(if healthy { 200 } else { 503 }, &report);
        response.headers_mut().insert(
            poem::http::header::CACHE_CONTROL,
            poem::http::HeaderValue::from_static(NO_STORE),
        );
        response
    }
}

/// One documented error status.
pub trait ErrorDoc {
    /// Its documentation.
    fn response() -> MetaResponse;
    /// Registers its schemas.
    fn register(registry: &mut Registry);
}

/// Declares an [`ErrorDoc`] type: its status, description and bodies, as in
/// `error_doc!(E403, 403, "Unauthorized access", "application/json" => ApiError)`.
macro_rules! error_doc {
    ($(#[$m:meta])* $name:ident, $status:literal, $desc:literal, $($ct:literal => $schema:ty),+ $(,)?) => {
        $(#[$m])*
        pub struct $name;

        impl $crate::reply::ErrorDoc for $name {
            fn response() -> poem_openapi::registry::MetaResponse {
                $crate::reply::error_response($status, $desc, vec![$($crate::reply::media::<$schema>($ct)),+])
            }
            fn register(registry: &mut poem_openapi::registry::Registry) {
                $(<$schema as poem_openapi::types::Type>::register(registry);)+
            }
        }
    };
}
pub(crate) use error_doc;

/// The documentation of an error status.
pub(crate) fn error_response(
    status: u16,
    description: &'static str,
    content: Vec<MetaMediaType>,
) -> MetaResponse {
    MetaResponse {
        description,
        status: Some(status),
        status_range: None,
        content,
        headers: vec![],
    }
}

/// 400, with the body schema `B` (BadRequestError, ApiError or MessageError).
pub struct E400<B = BadRequestError>(PhantomData<B>);
/// 404, with the body schema `B`.
pub struct E404<B = ApiError>(PhantomData<B>);

error_doc!(
    /// 401: anonymous caller (ApiError), or anonymous access disabled (AuthError, text/html).
    E401, 401, "Session required", "application/json" => ApiError, "text/html" => AuthError
);
error_doc!(
    /// 401 documented as an `ApiError` only (writes whose 401 only a web session can get).
    E401Api, 401, "Session required", "application/json" => ApiError
);
error_doc!(
    /// 403 of a write a handler refuses with Flask's `abort(403)` (`MessageError`), or the CSRF
    /// refusal (`AuthError`, text/html).
    E403Abort, 403, "Unauthorized access", "application/json" => MessageError, "text/html" => AuthError
);
error_doc!(
    /// 403 on a read: missing role or scope (ApiError).
    E403, 403, "Unauthorized access", "application/json" => ApiError
);
error_doc!(
    /// 403 on a write: missing role or scope (ApiError) or the CSRF refusal (AuthError, text/html).
    E403W, 403, "Unauthorized access", "application/json" => ApiError, "text/html" => AuthError
);
error_doc!(
    /// 415: body not sent as JSON.
    E415, 415, "Unsupported Media Type", "application/json" => MessageError
);
error_doc!(
    /// 503: read-only registry.
    E503, 503, "Read-only registry", "application/json" => ReadOnlyError
);
error_doc!(
    /// 403 of a write whose only refusal is the CSRF one (`AuthError`, text/html).
    E403Csrf, 403, "CSRF refusal", "text/html" => AuthError
);
error_doc!(
    /// 401 only as the `text/html` refusal of anonymous callers when anonymous access is off
    /// (operations that otherwise serve anonymous callers).
    E401Html, 401, "Session required", "text/html" => AuthError
);

impl<B: Type> ErrorDoc for E400<B> {
    fn response() -> MetaResponse {
        error_response(400, "Bad Request", json_media::<B>())
    }
    fn register(registry: &mut Registry) {
        B::register(registry);
    }
}

impl<B: Type> ErrorDoc for E404<B> {
    fn response() -> MetaResponse {
        error_response(404, "Not found", json_media::<B>())
    }
    fn register(registry: &mut Registry) {
        B::register(registry);
    }
}

fn status_description(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Session required",
        403 => "Unauthorized access",
        404 => "Not found",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Any error status with a JSON body of schema `B`.
pub struct EJson<const STATUS: u16, B>(PhantomData<B>);

impl<const STATUS: u16, B: Type> ErrorDoc for EJson<STATUS, B> {
    fn response() -> MetaResponse {
        error_response(STATUS, status_description(STATUS), json_media::<B>())
    }
    fn register(registry: &mut Registry) {
        B::register(registry);
    }
}

/// Any error status answered with a non-API HTML page (Werkzeug's, or Quay's web routes').
pub struct EHtml<const STATUS: u16>;

impl<const STATUS: u16> ErrorDoc for EHtml<STATUS> {
    fn response() -> MetaResponse {
        error_response(
            STATUS,
            status_description(STATUS),
            vec![media::<String>("text/html")],
        )
    }
    fn register(_: &mut Registry) {}
}

/// A set of documented error statuses (a tuple of [`ErrorDoc`]s).
pub trait ErrorDocs {
    /// Their documentation.
    fn responses() -> Vec<MetaResponse>;
    /// Registers their schemas.
    fn register(registry: &mut Registry);
}

macro_rules! error_docs_tuple {
    ($($t:ident),*) => {
        impl<$($t: ErrorDoc),*> ErrorDocs for ($($t,)*) {
            fn responses() -> Vec<MetaResponse> {
                vec![$($t::response()),*]
            }
            #[allow(unused_variables)]
            fn register(registry: &mut Registry) {
                $($t::register(registry);)*
            }
        }
    };
}

error_docs_tuple!();
error_docs_tuple!(A);
error_docs_tuple!(A, B);
error_docs_tuple!(A, B, C);
error_docs_tuple!(A, B, C, D);
error_docs_tuple!(A, B, C, D, E);
error_docs_tuple!(A, B, C, D, E, F);
error_docs_tuple!(A, B, C, D, E, F, G);
error_docs_tuple!(A, B, C, D, E, F, G, H);

/// An operation's answer: its success or a [`QuayError`].
pub struct Reply<S: Success, E: ErrorDocs = ()> {
    result: Result<S::Value, QuayError>,
    _errors: PhantomData<fn() -> E>,
}

impl<S: Success, E: ErrorDocs> Reply<S, E> {
    /// The result inside.
    pub fn into_result(self) -> Result<S::Value, QuayError> {
        self.result
    }
}

impl<S: Success, E: ErrorDocs> From<Result<S::Value, QuayError>> for Reply<S, E> {
    fn from(result: Result<S::Value, QuayError>) -> Self {
        Self {
            result,
            _errors: PhantomData,
        }
    }
}

/// Help texts of query parameters, as Quay answers a value it cannot convert.
fn param_help(name: &str) -> &'static str {
    match name {
        "limit" => "Limit to the number of results to return per page. Max 100.",
        "page" => "The page number for the logs",
        "start" => "The first log entry index",
        _ => "Invalid value",
    }
}

/// Converts a poem extraction failure into Quay's answer for it.
pub fn from_poem_error(err: &poem::Error) -> QuayError {
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        let mut map = serde_json::Map::new();
        map.insert(e.name.to_string(), param_help(e.name).into());
        return QuayError::Message {
            status: 400,
            message: serde_json::Value::Object(map),
        };
    }
    match err.status().as_u16() {
        415 => QuayError::message(415, crate::error::NOT_JSON),
        _ => QuayError::message(400, crate::error::MALFORMED_JSON),
    }
}

impl<S: Success, E: ErrorDocs> ApiResponse for Reply<S, E> {
    const BAD_REQUEST_HANDLER: bool = true;

    fn meta() -> MetaResponses {
        let mut responses = S::responses();
        responses.extend(E::responses());
        MetaResponses { responses }
    }

    fn register(registry: &mut Registry) {
        S::register(registry);
        E::register(registry);
    }

    fn from_parse_request_error(err: poem::Error) -> Self {
        Err(from_poem_error(&err)).into()
    }
}

impl<S: Success, E: ErrorDocs> IntoResponse for Reply<S, E> {
    fn into_response(self) -> Response {
        match self.result {
            Ok(v) => S::render(v),
            Err(e) => e.into_response(),
        }
    }
}
