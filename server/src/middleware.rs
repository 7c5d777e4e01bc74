//! What Quay does around its handlers: trailing-slash routing, `{repository}` with a raw slash,
//! feature-gated routes, the caller's identity, the CSRF refusal of writes without a valid
//! bearer token, anonymous-access and read-only refusals, and Quay's bodies for unknown routes.

use std::sync::Arc;

use poem::http::{Method, StatusCode, Uri};
use poem::{Endpoint, IntoResponse, Request, Response};

use crate::auth::Identity;
use crate::error::{CSRF, METHOD_NOT_ALLOWED, QuayError, REQUEST_BASE, URL_NOT_FOUND};
use crate::state::AppState;

/// Whether Quay defines `path` (without parameters, outside `{repository}`) with a trailing
/// slash (the slash-less form answers 308): the spec's templates say so.
fn is_slash_path(path: &str) -> bool {
    path.ends_with('/')
        && crate::routing::ROUTES
            .iter()
            .any(|r| r.template == path && !r.template.contains('{'))
}

/// Suffixes (after `{repository}`) that Quay defines with a trailing slash.
const REPO_SLASH_SUFFIXES: &[&str] = &["/permissions/user/", "/permissions/team/", "/build/"];

/// Quay's HTML page for a non-API 404.
pub const NOT_FOUND_PAGE: &str = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Quay</title>\n  </head>\n  <body>\n    <h1>404: Not Found</h1>\n  </body>\n</html>\n";

fn page(status: u16, html: String, header: Option<(&'static str, String)>) -> Response {
    QuayError::Page {
        status,
        html,
        header,
    }
    .into_response()
}

/// Werkzeug's HTML page for a 405 outside the API.
pub const METHOD_NOT_ALLOWED_PAGE: &str = "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n";

fn method_not_allowed_page() -> Response {
    page(
        405,
        METHOD_NOT_ALLOWED_PAGE.into(),
        Some(("allow", "HEAD, OPTIONS, GET".into())),
    )
}

fn redirect_page(location: &str) -> Response {
    page(
        308,
        format!(
            "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{location}\">{location}</a>. If not, click the link.\n"
        ),
        Some(("location", location.to_string())),
    )
}

/// Splits a repository path into (`ns/name...`, suffix) as Werkzeug does with Quay's
/// `apirepopath` converter (`[^/]+(/[^/]+)+`: at least one slash): a `/permissions/` suffix
/// belongs to a permission route only when a namespace precedes it, otherwise the whole rest
/// is one (nested) repository name and Quay's repository routes swallow it.
fn split_repository_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/api/v1/repository/")?;
    // A route without a converter (`/api/v1/repository/mirror/health`) outranks the
    // repository routes in Werkzeug.
    if crate::routing::ROUTES
        .iter()
        .any(|r| !r.template.contains('{') && r.template == path)
    {
        return None;
    }
    let end = match rest.find("/permissions/") {
        Some(i) if has_namespace(&rest[..i]) => i,
        _ => repository_route_suffix(rest).unwrap_or(rest.len()),
    };
    Some((&rest[..end], &rest[end..]))
}

/// Where a repository route's suffix (`/logs`, `/build/{build_uuid}/status`, ... from the route
/// table) starts in `rest`, when a namespaced repository precedes it: Werkzeug tries the rules
/// with more literal segments first, so `ns/name/logs` is the logs of `ns/name` and
/// `ns/name/build/<id>` a build of `ns/name`. A `{param}` segment matches any one segment.
fn repository_route_suffix(rest: &str) -> Option<usize> {
    let trimmed = rest.trim_end_matches('/');
    let segments: Vec<&str> = trimmed.split('/').collect();
    crate::routing::ROUTES
        .iter()
        .filter_map(|r| r.template.strip_prefix("/api/v1/repository/{repository}/"))
        .filter(|suffix| !suffix.is_empty())
        .filter_map(|suffix| {
            let parts: Vec<&str> = suffix.trim_end_matches('/').split('/').collect();
            let literals = parts.iter().filter(|p| !p.starts_with('{')).count();
            if literals == 0 || parts.len() >= segments.len() {
                return None;
            }
            let tail = &segments[segments.len() - parts.len()..];
            let matches = parts.iter().zip(tail).all(|(p, s)| {
                if p.starts_with('{') {
                    !s.is_empty()
                } else {
                    p == s
                }
            });
            let repo_len = segments[..segments.len() - parts.len()].join("/").len();
            (matches && has_namespace(&trimmed[..repo_len])).then_some((literals, repo_len))
        })
        .max_by_key(|&(literals, _)| literals)
        .map(|(_, len)| len)
}

/// Whether a `{repository}` value has a namespace: a slash, literal or encoded.
fn has_namespace(repo: &str) -> bool {
    repo.contains('/') || repo.to_ascii_lowercase().contains("%2f")
}

/// The routing decision for a path: the path to dispatch, or a page to answer at once.
enum Routing {
    Dispatch(String),
    Answer(Response),
}

fn route(method: &Method, path: &str, base: &str, query: Option<&str>) -> Routing {
    // deleteStar's `{repository}` (the only one outside `/api/v1/repository/`): `ns/name...`
    // as one segment; without a namespace or with a trailing slash Werkzeug matches nothing.
    if let Some(repo) = path.strip_prefix("/api/v1/user/starred/")
        && has_namespace(repo)
        && !repo.ends_with('/')
    {
        return Routing::Dispatch(format!("/api/v1/user/starred/{}", repo.replace('/', "%2F")));
    }
    // `{repository}`: accept `ns/name` and `ns%2Fname`; dispatch as `ns%2Fname` (one segment).
    if let Some((repo, suffix)) = split_repository_path(path) {
        // No namespace, or a trailing slash on a repository: no API route matches, and Quay's
        // web routes answer (their strict-slash redirect, their 404 page, or a 405).
        if suffix.is_empty() && !has_namespace(repo) {
            return Routing::Answer(if method == Method::GET || method == Method::HEAD {
                redirect_page(&format!(
                    "{base}{path}/{}",
                    query.map(|q| format!("?{q}")).unwrap_or_default()
                ))
            } else {
                method_not_allowed_page()
            });
        }
        if suffix.is_empty() && repo.ends_with('/') {
            return Routing::Answer(web_page_answer(method));
        }
        let encoded = repo.replace('/', "%2F");
        let with_slash = REPO_SLASH_SUFFIXES
            .iter()
            .find(|s| suffix == s.trim_end_matches('/'));
        if let Some(s) = with_slash {
            let location = format!(
                "{base}/api/v1/repository/{repo}{s}{}",
                query.map(|q| format!("?{q}")).unwrap_or_default()
            );
            return Routing::Answer(redirect_page(&location));
        }
        let suffix = if REPO_SLASH_SUFFIXES.contains(&suffix) {
            suffix.trim_end_matches('/')
        } else {
            suffix
        };
        return Routing::Dispatch(format!("/api/v1/repository/{encoded}{suffix}"));
    }
    if is_slash_path(path) {
        return Routing::Dispatch(path.trim_end_matches('/').to_string());
    }
    if !path.ends_with('/') && is_slash_path(&format!("{path}/")) {
        let location = format!(
            "{base}{path}/{}",
            query.map(|q| format!("?{q}")).unwrap_or_default()
        );
        return Routing::Answer(redirect_page(&location));
    }
    if path.len() > "/api/v1/".len() && path.ends_with('/') {
        // A path Quay defines without a slash, requested with one: its web routes answer.
        return Routing::Answer(web_page_answer(method));
    }
    Routing::Dispatch(path.to_string())
}

/// What Quay's web routes answer for a path with a trailing slash that no API route has.
fn web_page_answer(method: &Method) -> Response {
    if method == Method::GET {
        page(404, NOT_FOUND_PAGE.into(), None)
    } else {
        method_not_allowed_page()
    }
}

fn not_found_json() -> Response {
    QuayError::message(404, URL_NOT_FOUND).into_response()
}

/// Whether the operation a request names is switched off: Quay does not register an operation
/// whose `x-quay-feature` flags are not all on. Decided on the matched route (the dispatched
/// path), so an organization named `proxycache` or `invite` is still an organization.
fn gated_off(state: &AppState, method: &Method, dispatched: &str) -> bool {
    crate::routing::routes_of(dispatched)
        .any(|r| r.method == method.as_str() && !state.config.registers(r))
}

/// Quay's JSON 405 with the `Allow` header Werkzeug sends: the methods the path serves.
fn method_not_allowed_json(state: &AppState, dispatched: &str) -> Response {
    let mut resp = QuayError::message(405, METHOD_NOT_ALLOWED).into_response();
    if let Some(allow) = crate::routing::allow(dispatched, |r| state.config.registers(r))
        && let Ok(value) = allow.parse()
    {
        resp.headers_mut().insert("allow", value);
    }
    resp
}

fn bearer(req: &Request) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The whole request pipeline around the routes.
pub async fn quay<E: Endpoint>(
    ep: Arc<E>,
    state: AppState,
    mut req: Request,
) -> poem::Result<Response> {
    let host = req
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let scheme = req
        .headers()
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http")
        .to_string();
    let base = format!("{scheme}://{host}");
    REQUEST_BASE
        .scope(base.clone(), async move {
            let path = req.uri().path().to_string();
            if path == "/csrf_token" && matches!(*req.method(), Method::GET | Method::HEAD) {
                return Ok(crate::websession::csrf_token(&state, &req).await);
            }
            if !path.starts_with("/api/")
                || path.starts_with("/api/v1/docs")
                || path.starts_with("/api/v1/openapi.")
            {
                return ep.call(req).await.map(IntoResponse::into_response);
            }
            let method = req.method().clone();
            let query = req.uri().query().map(str::to_string);
            let dispatch = match route(&method, &path, &base, query.as_deref()) {
                Routing::Answer(resp) => return Ok(resp),
                Routing::Dispatch(p) => p,
            };
            if gated_off(&state, &method, &dispatch) {
                // initializeUser is a web route: off, it is Quay's HTML 404 for every method.
                return Ok(
                    if method == Method::GET || path == "/api/v1/user/initialize" {
                        page(404, NOT_FOUND_PAGE.into(), None)
                    } else {
                        method_not_allowed_page()
                    },
                );
            }
            if dispatch != path {
                let pq = match &query {
                    Some(q) => format!("{dispatch}?{q}"),
                    None => dispatch.clone(),
                };
                if let Ok(uri) = pq.parse::<Uri>() {
                    *req.uri_mut() = uri;
                }
            }
            // Identity: an unknown or invalid token is anonymous.
            let token = bearer(&req);
            // Usually no database at all: a token identified since the last write is
            // remembered; otherwise a read, and a write only when its last access is due.
            let mut identity = match state
                .identities
                .identify(&state.store, token.as_deref())
                .await
            {
                Ok(i) => i,
                Err(e) => return Ok(e.into_response()),
            };
            // Without a bearer token, the session cookie (Quay's `process_oauth` tries the
            // bearer token first and the cookie only when there is none).
            if token.is_none()
                && let Some(key) = crate::websession::cookie_key(&req)
            {
                match state
                    .store
                    .read(move |tx| crate::store::session::lookup(tx, &key))
                    .await
                {
                    Ok(Some(s)) => identity = Arc::new(Identity::of_session(s)),
                    Ok(None) => {}
                    Err(e) => return Ok(e.into_response()),
                }
            }
            let is_write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
            let web_route = path == "/api/v1/user/initialize";
            // Quay's `csrf_protect`: a write without a valid bearer token must carry its
            // session's CSRF token.
            let by_token = identity.user.is_some() && identity.session.is_none();
            let csrf_ok = identity.session.as_ref().is_some_and(|s| {
                crate::websession::request_csrf(&req)
                    .is_some_and(|t| crate::websession::same_token(&t, &s.csrf_token))
            });
            if is_write && !by_token && !csrf_ok && !web_route {
                return Ok(QuayError::Auth {
                    status: 403,
                    error: CSRF.into(),
                }
                .into_response());
            }
            // Quay's `@anon_allowed` handlers serve anonymous callers even with anonymous
            // access off.
            let anon_allowed = crate::routing::routes_of(&dispatch)
                .any(|r| r.method == method.as_str() && r.anon_allowed);
            if identity.user.is_none()
                && !state.config.FEATURE_ANONYMOUS_ACCESS
                && !web_route
                && !anon_allowed
            {
                return Ok(QuayError::Auth {
                    status: 401,
                    error: "Anonymous access is not allowed".into(),
                }
                .into_response());
            }
            // Quay's `@readonly_call_allowed` (signing in) works on a read-only registry.
            let readonly_allowed = crate::routing::routes_of(&dispatch)
                .any(|r| r.method == method.as_str() && r.readonly_allowed);
            if is_write && state.config.read_only() && !web_route && !readonly_allowed {
                return Ok(QuayError::ReadOnly.into_response());
            }
            if let Err(e) = fresh_login(&state, &identity, &method, &dispatch).await {
                return Ok(e.into_response());
            }
            let token = identity.oauth_token.clone();
            req.extensions_mut().insert(identity as Arc<Identity>);
            match crate::store::audit::scope(token, ep.call(req)).await {
                Ok(resp) => Ok(quay_fallbacks(resp.into_response(), &state, &dispatch)),
                Err(e) if e.status() == StatusCode::NOT_FOUND => Ok(not_found_json()),
                Err(e) if e.status() == StatusCode::METHOD_NOT_ALLOWED => {
                    Ok(method_not_allowed_json(&state, &dispatch))
                }
                Err(e) => Ok(e.into_response()),
            }
        })
        .await
}

/// Quay's `require_fresh_login` on the operations that have it: a web session whose sign-in
/// is older than `FRESH_LOGIN_TIMEOUT` is refused when its user has a password to sign in
/// again with. Bearer tokens and anonymous callers pass (the handler refuses the latter).
async fn fresh_login(
    state: &AppState,
    identity: &Identity,
    method: &Method,
    dispatched: &str,
) -> Result<(), QuayError> {
    let Some(user_id) = identity.session.as_ref().and(identity.user_id()) else {
        return Ok(());
    };
    let fresh_s = state.config.fresh_login_s();
    if identity.is_fresh(fresh_s, true)
        || !crate::routing::routes_of(dispatched)
            .any(|r| r.method == method.as_str() && r.fresh_login)
    {
        return Ok(());
    }
    let has_password = state
        .store
        .read(move |tx| crate::store::namespace::has_password(tx, user_id))
        .await?;
    if identity.is_fresh(fresh_s, has_password) {
        Ok(())
    } else {
        Err(crate::websession::fresh_login_required())
    }
}

/// poem answers unmatched routes itself in plain text; Quay answers JSON.
fn quay_fallbacks(resp: Response, state: &AppState, dispatched: &str) -> Response {
    let plain = resp
        .headers()
        .get("content-type")
        .and_then(|c| c.to_str().ok())
        .is_none_or(|c| c.starts_with("text/plain"));
    match resp.status() {
        StatusCode::NOT_FOUND if plain => not_found_json(),
        StatusCode::METHOD_NOT_ALLOWED if plain => method_not_allowed_json(state, dispatched),
        _ => resp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dispatch(method: Method, path: &str) -> Result<String, u16> {
        match route(&method, path, "http://h", None) {
            Routing::Dispatch(p) => Ok(p),
            Routing::Answer(r) => Err(r.status().as_u16()),
        }
    }

    #[test]
    fn repository_paths_are_dispatched_as_one_segment() {
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/acme/web").unwrap(),
            "/api/v1/repository/acme%2Fweb"
        );
        assert_eq!(
            dispatch(Method::DELETE, "/api/v1/user/starred/acme/web/x").unwrap(),
            "/api/v1/user/starred/acme%2Fweb%2Fx"
        );
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/acme/web/permissions/user/").unwrap(),
            "/api/v1/repository/acme%2Fweb/permissions/user"
        );
        assert_eq!(
            dispatch(
                Method::PUT,
                "/api/v1/repository/acme%2Fweb/permissions/user/bob"
            )
            .unwrap(),
            "/api/v1/repository/acme%2Fweb/permissions/user/bob"
        );
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/acme/web/permissions/team"),
            Err(308)
        );
    }

    /// As a real Quay answered (ffba0c70e2d8): a `{repository}` without a namespace matches
    /// no API route, and permission suffixes after one are part of a nested repository name.
    #[test]
    fn repository_paths_without_a_namespace_behave_like_quay() {
        // A route's literal suffix belongs to the route, the rest to the (nested) repository.
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/acme/web/logs").unwrap(),
            "/api/v1/repository/acme%2Fweb/logs"
        );
        assert_eq!(
            dispatch(
                Method::GET,
                "/api/v1/repository/acme/team/web/aggregatelogs"
            )
            .unwrap(),
            "/api/v1/repository/acme%2Fteam%2Fweb/aggregatelogs"
        );
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/logs/x").unwrap(),
            "/api/v1/repository/logs%2Fx"
        );
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/mirror/health").unwrap(),
            "/api/v1/repository/mirror/health"
        );
        assert_eq!(dispatch(Method::GET, "/api/v1/repository/0"), Err(308));
        assert_eq!(dispatch(Method::DELETE, "/api/v1/repository/0"), Err(405));
        assert_eq!(dispatch(Method::POST, "/api/v1/repository/0"), Err(405));
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/justname/"),
            Err(404)
        );
        assert_eq!(
            dispatch(Method::DELETE, "/api/v1/repository/justname/"),
            Err(405)
        );
        assert_eq!(dispatch(Method::GET, "/api/v1/repository/a/b/"), Err(404));
        assert_eq!(
            dispatch(Method::GET, "/api/v1/repository/justname/permissions/user/"),
            Err(404)
        );
        // getRepo, deleteRepository of the nested name `justname/permissions/user/admin`.
        for m in [Method::GET, Method::DELETE] {
            assert_eq!(
                dispatch(m, "/api/v1/repository/justname/permissions/user/admin").unwrap(),
                "/api/v1/repository/justname%2Fpermissions%2Fuser%2Fadmin"
            );
        }
        assert_eq!(
            dispatch(
                Method::GET,
                "/api/v1/repository/justname/permissions/user/admin/transitive"
            )
            .unwrap(),
            "/api/v1/repository/justname%2Fpermissions%2Fuser%2Fadmin%2Ftransitive"
        );
    }

    #[test]
    fn trailing_slashes_behave_like_quay() {
        assert_eq!(
            dispatch(Method::POST, "/api/v1/organization/").unwrap(),
            "/api/v1/organization"
        );
        assert_eq!(dispatch(Method::POST, "/api/v1/organization"), Err(308));
        assert_eq!(
            dispatch(Method::GET, "/api/v1/organization/acme/"),
            Err(404)
        );
        assert_eq!(
            dispatch(Method::DELETE, "/api/v1/organization/acme/"),
            Err(405)
        );
        assert_eq!(
            dispatch(Method::GET, "/api/v1/organization/acme").unwrap(),
            "/api/v1/organization/acme"
        );
    }
}
