//! The HTTP side of web sessions: Quay's session cookie (`_csrf_token`, its
//! `SESSION_COOKIE_NAME`), the CSRF token a session's writes carry (`X-CSRF-Token` or the
//! `_csrf_token` parameter), the next token a sign-in hands out (`X-Next-CSRF-Token`), and
//! `GET /csrf_token`, which starts an anonymous session for a client about to sign in.

use poem::http::header;
use poem::{Request, Response};
use serde_json::json;

use crate::config::Config;
use crate::error::QuayError;
use crate::state::AppState;
use crate::store::session::{self, NewSession};

/// Quay's session cookie name.
pub const COOKIE: &str = "_csrf_token";
/// The header carrying a write's CSRF token.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// The header carrying a new session's CSRF token.
pub const NEXT_CSRF_HEADER: &str = "X-Next-CSRF-Token";

/// The session key the request's cookie holds.
pub fn cookie_key(req: &Request) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
}

/// The CSRF token a request carries: the `_csrf_token` query parameter, else the header.
pub fn request_csrf(req: &Request) -> Option<String> {
    let from_query = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == COOKIE)
            .map(|(_, v)| v.into_owned())
    });
    from_query.filter(|t| !t.is_empty()).or_else(|| {
        req.headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    })
}

/// Whether two tokens are equal, in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The `Set-Cookie` value for a session key, with Quay's attributes (`HttpOnly`,
/// `SameSite=Lax`, and an expiry with `FEATURE_PERMANENT_SESSIONS`).
pub fn set_cookie(cfg: &Config, key: &str) -> String {
    let mut cookie = format!("{COOKIE}={key}; HttpOnly; Path=/; SameSite=Lax");
    if cfg.FEATURE_PERMANENT_SESSIONS {
        let lifetime = cfg.session_s();
        let expires = chrono::Utc::now() + chrono::Duration::seconds(lifetime);
        cookie.push_str(&format!(
            "; Expires={}; Max-Age={lifetime}",
            expires.format("%a, %d %b %Y %H:%M:%S GMT")
        ));
    }
    cookie
}

/// How long an anonymous session lives at most: Quay keeps sessions in a signed cookie and
/// stores nothing, while each one here is a row, so the ones nobody signs in with go soon.
pub const ANONYMOUS_SESSION_S: i64 = 3600;

/// `GET /csrf_token`: `{"csrf_token": ...}` of the request's session, starting an anonymous
/// one (and setting its cookie) when the request has none.
pub async fn csrf_token(state: &AppState, req: &Request) -> Response {
    let key = cookie_key(req);
    let lifetime = state.config.session_s().min(ANONYMOUS_SESSION_S);
    let found = state
        .store
        .write(move |tx| {
            if let Some(key) = key
                && let Some(s) = session::lookup(tx, &key)?
            {
                return Ok((s.csrf_token, None));
            }
            session::purge_expired(tx)?;
            let NewSession { key, csrf_token } = session::create(tx, None, lifetime)?;
            Ok((csrf_token, Some(key)))
        })
        .await;
    match found {
        Ok((token, new_key)) => {
            let mut b = Response::builder().content_type("application/json");
            if let Some(key) = new_key {
                b = b.header(header::SET_COOKIE, set_cookie(&state.config, &key));
            }
            b.body(format!("{}\n", json!({ "csrf_token": token })))
        }
        Err(e) => poem::IntoResponse::into_response(e),
    }
}

/// A session-only refusal: [`QuayError`] `fresh_login_required`.
pub fn fresh_login_required() -> QuayError {
    QuayError::api(401, "fresh_login_required", "Requires fresh login")
}
