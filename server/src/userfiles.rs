//! `/userfiles/<file_id>`: Quay's user-files storage with its local driver, where a client
//! uploads a build archive (`PUT`, the body as sent, with its `Content-Type`) under the id
//! getFiledropUrl gave, and where the archive is read back (`GET`). As in Quay, the route takes
//! no credentials: the random file id is the secret. Ids are Quay's `[0-9a-zA-Z-]+`; uploads
//! over [`MAX_FILE`] are refused (413).

use poem::http::{Method, StatusCode};
use poem::{Body, Endpoint, EndpointExt, IntoResponse, Request, Response};

use crate::error::QuayError;
use crate::middleware::{METHOD_NOT_ALLOWED_PAGE, NOT_FOUND_PAGE};
use crate::state::AppState;
use crate::store::build as store;

/// The largest file taken, in bytes.
pub const MAX_FILE: usize = 256 * 1024 * 1024;

fn page(status: StatusCode, html: &str) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .body(html.to_string())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The route as an endpoint.
pub fn endpoint(state: AppState) -> impl Endpoint<Output = Response> {
    poem::endpoint::make(move |req: Request| {
        let state = state.clone();
        async move { Ok::<_, poem::Error>(handle(&state, req).await) }
    })
    .map_to_response()
}

async fn handle(state: &AppState, mut req: Request) -> Response {
    let id = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    if !valid_id(&id) {
        return page(StatusCode::NOT_FOUND, NOT_FOUND_PAGE);
    }
    match *req.method() {
        Method::PUT => {
            let content_type = req.content_type().map(str::to_string);
            let body: Body = req.take_body();
            let bytes = match body.into_bytes_limit(MAX_FILE).await {
                Ok(b) => b,
                Err(_) => {
                    return page(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "<!doctype html>\n<html lang=en>\n<title>413 Request Entity Too Large</title>\n<h1>Request Entity Too Large</h1>\n<p>The data value transmitted exceeds the capacity limit.</p>\n",
                    );
                }
            };
            let result = state
                .store
                .write(move |tx| store::put_file(tx, &id, content_type.as_deref(), &bytes))
                .await;
            match result {
                Ok(()) => Response::builder()
                    .content_type("text/html; charset=utf-8")
                    .body("Okay"),
                Err(e) => e.into_response(),
            }
        }
        Method::GET | Method::HEAD => {
            let found = state.store.read(move |tx| store::file(tx, &id)).await;
            match found {
                Ok(Some(file)) => Response::builder()
                    .content_type(
                        file.content_type
                            .unwrap_or_else(|| "application/octet-stream".into()),
                    )
                    .body(file.content),
                Ok(None) => page(StatusCode::NOT_FOUND, NOT_FOUND_PAGE),
                Err(e) => QuayError::into_response(e),
            }
        }
        _ => Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .header("Allow", "GET, HEAD, OPTIONS, PUT")
            .content_type("text/html; charset=utf-8")
            .body(METHOD_NOT_ALLOWED_PAGE),
    }
}
