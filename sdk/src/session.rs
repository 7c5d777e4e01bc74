//! Web sessions: what Quay's web UI uses instead of a token. [`crate::Client::sign_in`] gets an
//! anonymous session and its CSRF token from `GET /csrf_token`, signs in with it (signinUser),
//! and keeps the session cookie (`_csrf_token`) and CSRF token Quay hands out; every request
//! then carries the cookie, and every write the CSRF token (`X-CSRF-Token`).

use std::sync::RwLock;

use reqwest::header::{COOKIE, HeaderMap, SET_COOKIE};

use crate::models::Secret;

/// Quay's session cookie name (its `SESSION_COOKIE_NAME`).
const COOKIE_NAME: &str = "_csrf_token";
/// The header carrying a write's CSRF token.
const CSRF_HEADER: &str = "X-CSRF-Token";
/// The header carrying a new session's CSRF token.
const NEXT_CSRF_HEADER: &str = "X-Next-CSRF-Token";

/// A session's cookie pair (`_csrf_token=...`) and CSRF token; both redacted in `Debug`.
#[derive(Debug, Clone)]
pub(crate) struct WebSession {
    pub(crate) cookie: Secret,
    pub(crate) csrf: Secret,
}

/// The `_csrf_token=...` pair of the `Set-Cookie` headers, if one sets Quay's cookie.
pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<Secret> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| {
            pair.trim()
                .split_once('=')
                .is_some_and(|(name, _)| name == COOKIE_NAME)
        })
        .map(|pair| Secret::new(pair.trim()))
}

/// The new session an answer hands out: a session cookie and `X-Next-CSRF-Token`.
pub(crate) fn handed_out(headers: &HeaderMap) -> Option<WebSession> {
    let csrf = headers.get(NEXT_CSRF_HEADER)?.to_str().ok()?;
    Some(WebSession {
        cookie: session_cookie(headers)?,
        csrf: Secret::new(csrf),
    })
}

/// Adds the session's cookie, and for a write its CSRF token, to a request.
pub(crate) fn attach(
    req: reqwest::RequestBuilder,
    slot: &RwLock<WebSession>,
    write: bool,
) -> reqwest::RequestBuilder {
    let session = match slot.read() {
        Ok(s) => s.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    let req = req.header(COOKIE, session.cookie.expose());
    if write {
        req.header(CSRF_HEADER, session.csrf.expose())
    } else {
        req
    }
}

/// Keeps the session Quay handed out.
pub(crate) fn replace(slot: &RwLock<WebSession>, new: WebSession) {
    match slot.write() {
        Ok(mut s) => *s = new,
        Err(poisoned) => *poisoned.into_inner() = new,
    }
}
