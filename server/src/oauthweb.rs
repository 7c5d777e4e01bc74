//! `POST /oauth/authorize/assignuser`, Quay's web route by which an organization administrator
//! assigns one of the organization's OAuth applications' tokens to a user, who then grants it
//! in the browser or declines it (listAssignedAuthorizations, deleteAssignedAuthorization).
//!
//! As in Quay: the query parameters `client_id`, `redirect_uri`, `scope` and `username` are
//! required (400 `{"error": "Required param: <name>"}`), then the caller is its web session
//! (a bearer token does not count here, and a write needs the session's CSRF token: 403), the
//! feature must be on (`FEATURE_ASSIGN_OAUTH_TOKEN`, else 404), the session must be signed in
//! (401), the user must be an enabled user and the application must exist (404), and the caller
//! must administer the application's organization (403). The assignment notifies the user
//! (`assigned_authorization`) and is audited (`oauth_token_assigned`). `format=json` answers
//! `{"message": "Token assigned successfully"}`, anything else Quay's message page.

use poem::http::StatusCode;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response};
use serde_json::json;

use crate::auth::{Identity, is_org_admin};
use crate::error::QuayError;
use crate::state::AppState;
use crate::store::assigned::{self, Assignment};
use crate::store::{namespace, organization, session};
use crate::websession;

/// The route's path.
pub const ASSIGN_USER: &str = "/oauth/authorize/assignuser";

const ASSIGNED: &str = "Token assigned successfully";
const UNAUTHORIZED_PAGE: &str = "<!doctype html>\n<html lang=en>\n<title>401 Unauthorized</title>\n<h1>Unauthorized</h1>\n<p>The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn&#39;t understand how to supply the credentials required.</p>\n";
const FORBIDDEN_PAGE: &str = "<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n<h1>Forbidden</h1>\n<p>You don&#39;t have the permission to access the requested resource. It is either read-protected or not readable by the server.</p>\n";

fn page(status: u16, html: &str) -> QuayError {
    QuayError::Page {
        status,
        html: html.into(),
        header: None,
    }
}

/// The route as an endpoint (POST only; other methods are Quay's 405 page).
pub fn endpoint(state: AppState) -> impl Endpoint<Output = Response> {
    poem::endpoint::make(move |req: Request| {
        let state = state.clone();
        async move {
            if req.method() != poem::http::Method::POST {
                return Ok::<_, poem::Error>(
                    Response::builder()
                        .status(StatusCode::METHOD_NOT_ALLOWED)
                        .header("Allow", "OPTIONS, POST")
                        .content_type("text/html; charset=utf-8")
                        .body(crate::middleware::METHOD_NOT_ALLOWED_PAGE),
                );
            }
            Ok(match assign(&state, &req).await {
                Ok(json_requested) if json_requested => Response::builder()
                    .content_type("application/json")
                    .body(format!("{}\n", json!({ "message": ASSIGNED }))),
                Ok(_) => Response::builder()
                    .content_type("text/html; charset=utf-8")
                    .body(format!(
                        "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Quay</title>\n  </head>\n  <body>\n    <h1>{ASSIGNED}</h1>\n  </body>\n</html>\n"
                    )),
                Err(e) => e.into_response(),
            })
        }
    })
    .map_to_response()
}

/// Assigns the token; whether the caller asked for JSON.
async fn assign(state: &AppState, req: &Request) -> Result<bool, QuayError> {
    let args: Vec<(String, String)> = req
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let arg = |name: &str| args.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let mut required = Vec::new();
    for name in ["client_id", "redirect_uri", "scope", "username"] {
        let Some(value) = arg(name) else {
            return Err(QuayError::Auth {
                status: 400,
                error: format!("Required param: {name}"),
            });
        };
        required.push(value);
    }
    let [client_id, redirect_uri, scope, username] =
        <[String; 4]>::try_from(required).map_err(|_| QuayError::Internal("parameters".into()))?;
    let response_type = arg("response_type").unwrap_or_else(|| "code".into());
    let json_requested = arg("format").is_some_and(|f| f.eq_ignore_ascii_case("json"));
    let key = websession::cookie_key(req);
    let csrf = websession::request_csrf(req);
    let cfg = state.config.clone();
    state
        .store
        .write(move |tx| {
            let found = match &key {
                Some(key) => session::lookup(tx, key)?,
                None => None,
            };
            let csrf_ok = found.as_ref().is_some_and(|s| {
                csrf.as_deref()
                    .is_some_and(|t| websession::same_token(t, &s.csrf_token))
            });
            let Some(found) = found.filter(|_| csrf_ok) else {
                return Err(QuayError::Auth {
                    status: 403,
                    error: crate::error::CSRF.into(),
                });
            };
            if !cfg.FEATURE_ASSIGN_OAUTH_TOKEN {
                return Err(page(404, crate::middleware::NOT_FOUND_PAGE));
            }
            let who = Identity::of_session(found);
            let Some((me, my_name)) = who.user.clone() else {
                return Err(page(401, UNAUTHORIZED_PAGE));
            };
            let user = namespace::by_name(tx, &username)?
                .filter(|u| u.kind == "user" && u.enabled)
                .ok_or_else(|| page(404, crate::middleware::NOT_FOUND_PAGE))?;
            let app = organization::app_by_client_id(tx, &client_id)?
                .ok_or_else(|| page(404, crate::middleware::NOT_FOUND_PAGE))?;
            if !is_org_admin(tx, &cfg, &who, app.org_id)? {
                return Err(page(403, FORBIDDEN_PAGE));
            }
            assigned::create(
                tx,
                &Assignment {
                    app_id: app.id,
                    user_id: user.id,
                    username: &user.name,
                    redirect_uri: &redirect_uri,
                    scope: &scope,
                    response_type: &response_type,
                },
            )?;
            namespace::log(
                tx,
                "oauth_token_assigned",
                Some(me),
                Some(app.org_id),
                json!({
                    "assigning_user": my_name,
                    "assigned_user": user.name,
                    "application": app.name,
                    "client_id": app.client_id,
                }),
            )?;
            Ok(json_requested)
        })
        .await
}
