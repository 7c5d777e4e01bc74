//! The `organization` area's plumbing: rights, views, page tokens, scopes, and the proxy cache's
//! upstream checks.

use std::collections::BTreeMap;

use poem_openapi::types::MaybeUndefined;
use rusqlite::Transaction;
use serde_json::{Value, json};

use crate::auth::{Identity, Scope, administers_namespace, is_org_admin, member_of_namespace};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    ApiError, Application, AuthError, Avatar, AvatarKind, OAuthApplicationToken, OrganizationView,
    ProxyCacheValidationResult, TeamRole, TeamSummary,
};
use crate::reply::error_doc;
use crate::store::namespace::{self, Namespace};
use crate::store::organization::{self as store, AppRow, TeamRow, TokenRow};
use crate::store::team as teams;

// ------------------------------------------------------------------ error documents

error_doc!(
    /// 401 documented as `AuthError` (`text/html`) only: anonymous access switched off, on the
    /// operations anyone may call.
    E401Anonymous, 401, "Anonymous access disabled", "text/html" => AuthError
);
error_doc!(
    /// 401 documented as `ApiError` only: `fresh_login_required` (never with a bearer token).
    E401Fresh, 401, "Fresh login required", "application/json" => ApiError
);

// ------------------------------------------------------------------ helpers

/// Quay's `AdministerOrganizationPermission(name)` ([`administers_namespace`]).
pub(super) fn can_admin(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<bool, QuayError> {
    administers_namespace(tx, cfg, who, name, namespace::by_name(tx, name)?.as_ref())
}

/// Quay's `OrganizationMemberPermission(name)` ([`member_of_namespace`]).
pub(super) fn can_member(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<bool, QuayError> {
    member_of_namespace(tx, cfg, who, name, namespace::by_name(tx, name)?.as_ref())
}

/// A global read-only superuser, or a superuser with full access: sees admin views.
pub(super) fn viewing_superuser(cfg: &Config, who: &Identity) -> bool {
    who.is_global_readonly(cfg) || who.has_full_access(cfg)
}

/// The read rule of the admin pages: admin, global read-only superuser, full-access superuser.
pub(super) fn can_read_admin_page(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<bool, QuayError> {
    Ok(can_admin(tx, cfg, who, name)? || viewing_superuser(cfg, who))
}

pub(super) fn require_org(tx: &Transaction<'_>, name: &str) -> Result<Namespace, QuayError> {
    namespace::organization(tx, name)?.ok_or_else(QuayError::not_found)
}

/// The admin check (refused before anything else), then the organization (404).
pub(crate) fn admin_org(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<Namespace, QuayError> {
    require_admin(tx, cfg, who, name)?;
    require_org(tx, name)
}

/// Refuses a caller that does not administer `name`.
pub(super) fn require_admin(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<(), QuayError> {
    if can_admin(tx, cfg, who, name)? {
        Ok(())
    } else {
        Err(who.refuse())
    }
}

/// The read check of the admin pages (refused before anything else), then the organization.
pub(crate) fn readable_org(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<Namespace, QuayError> {
    if !can_read_admin_page(tx, cfg, who, name)? {
        return Err(who.refuse());
    }
    require_org(tx, name)
}

/// Refuses the name reserved for the bootstrap application.
pub(super) fn check_app_name(name: &str) -> Result<(), QuayError> {
    if name == store::BOOTSTRAP_APP_NAME {
        return Err(QuayError::invalid_request(
            "Application name is reserved for bootstrap token provisioning",
        ));
    }
    Ok(())
}

/// An OAuth application of the organization by client id (404).
pub(super) fn require_app(
    tx: &Transaction<'_>,
    org_id: i64,
    client_id: &str,
) -> Result<AppRow, QuayError> {
    store::app_of(tx, org_id, client_id)?.ok_or_else(QuayError::not_found)
}

pub(super) fn team_avatar(name: &str) -> Avatar {
    Avatar::new(name, Some(name), AvatarKind::Team)
}

/// Quay's `org_view`: what the caller may see of an organization. `teams` is `None` when the
/// caller may not see them.
pub(super) fn org_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org: &Namespace,
    teams: Option<Vec<TeamRow>>,
) -> Result<OrganizationView, QuayError> {
    let mut is_admin = can_admin(tx, cfg, who, &org.name)?;
    let mut is_member = can_member(tx, cfg, who, &org.name)?;
    if viewing_superuser(cfg, who) {
        is_admin = true;
        is_member = true;
    }
    let email = match &org.email {
        Some(e) if is_admin && namespace::quay_valid_email(e) => e.clone(),
        _ => String::new(),
    };
    let mut view = OrganizationView {
        name: org.name.clone(),
        email,
        avatar: Avatar::new(&org.name, org.email.as_deref(), AvatarKind::User),
        is_admin,
        is_member,
        teams: None,
        ordered_teams: None,
        invoice_email: None,
        invoice_email_address: MaybeUndefined::Undefined,
        tag_expiration_s: None,
        is_free_account: None,
        quotas: None,
        quota_report: None,
    };
    if let Some(teams) = teams {
        // Quay's `get_viewable_teams_for_org`: admins (by database role) see every team,
        // others the teams they belong to.
        let viewable: Option<Vec<String>> = match &who.user {
            _ if is_admin => None,
            Some((uid, _)) if teams::in_admin_team(tx, org.id, *uid)? => None,
            Some((uid, _)) => Some(teams::team_names_of(tx, org.id, *uid)?),
            None => Some(vec![]),
        };
        let mut map = BTreeMap::new();
        for t in &teams {
            map.insert(
                t.name.clone(),
                TeamSummary {
                    name: t.name.clone(),
                    description: t.description.clone(),
                    role: TeamRole::stored(&t.role),
                    avatar: team_avatar(&t.name),
                    can_view: viewable.as_ref().is_none_or(|v| v.contains(&t.name)),
                    repo_count: t.repo_count,
                    member_count: t.member_count,
                    is_synced: false,
                },
            );
        }
        view.teams = Some(map);
        view.ordered_teams = Some(teams.into_iter().map(|t| t.name).collect());
    }
    if is_admin {
        view.invoice_email = Some(org.invoice_email);
        view.invoice_email_address = match &org.invoice_email_address {
            Some(a) => MaybeUndefined::Value(a.clone()),
            None => MaybeUndefined::Null,
        };
        view.tag_expiration_s = Some(org.tag_expiration_s);
        view.is_free_account = Some(true);
    }
    if (is_admin || is_member) && cfg.quotas_enabled() {
        view.quotas = Some(crate::api::quota_lites(tx, org.id)?);
        view.quota_report = Some(crate::api::quota_report(tx, cfg, org.id)?);
    }
    Ok(view)
}

/// Quay's `app_view`: secret, redirect URI and avatar e-mail only for admins of the owner.
pub(super) fn app_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org_name: &str,
    app: &AppRow,
) -> Result<Application, QuayError> {
    let admin = can_admin(tx, cfg, who, org_name)?;
    Ok(Application {
        name: app.name.clone(),
        description: app.description.clone(),
        application_uri: app.application_uri.clone(),
        client_id: app.client_id.clone(),
        client_secret: admin.then(|| app.client_secret.clone()),
        redirect_uri: admin.then(|| app.redirect_uri.clone()),
        avatar_email: if admin {
            app.avatar_email.clone()
        } else {
            None
        },
    })
}

/// A stored timestamp as Python's `isoformat() + "Z"` (microseconds only when non-zero).
pub(super) fn iso(stored: Option<&str>) -> Option<String> {
    let t = crate::time::parse_db(stored?)?;
    Some(if t.timestamp_subsec_micros() == 0 {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    })
}

pub(super) fn token_view(t: &TokenRow) -> OAuthApplicationToken {
    OAuthApplicationToken {
        uuid: t.uuid.clone(),
        name: (!t.name.is_empty()).then(|| t.name.clone()),
        scope: t.scope.clone(),
        expires_at: iso(t.expires_at.as_deref()),
        created: iso(Some(&t.created_at)),
        created_by: t.user.clone(),
        last_accessed: iso(t.last_accessed.as_deref()),
    }
}

/// Opaque page tokens: the id the next page starts at, hex-encoded JSON.
pub(super) fn encode_page(start_id: i64) -> String {
    json!({ "start_id": start_id })
        .to_string()
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Decodes a page token; anything invalid starts at the first page, as in Quay.
pub(super) fn decode_page(token: Option<&str>) -> Option<i64> {
    let hex = token?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let value: Value = serde_json::from_slice(&bytes?).ok()?;
    value.get("start_id")?.as_i64()
}

/// Quay's `normalize_scope`: commas to spaces, de-duplicated, in the order given.
pub(super) fn normalize_scope(scope: &str) -> String {
    let spaced = scope.replace(',', " ");
    let mut seen: Vec<&str> = Vec::new();
    for s in spaced.split_whitespace() {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join(" ")
}

/// Quay's `scopes_from_scope_string`: every part known, else nothing.
pub(super) fn parse_scopes(normalized: &str) -> Option<Vec<Scope>> {
    let scopes: Option<Vec<Scope>> = normalized.split([' ', ',']).map(Scope::parse).collect();
    scopes.filter(|s| !s.is_empty())
}

/// Quay's `_can_mint_scope` for a caller that already administers the organization: the
/// requested scopes must be covered by the caller's own token, and the caller must hold the
/// right behind each.
pub(super) fn can_mint(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org: &Namespace,
    requested: &[Scope],
) -> Result<bool, QuayError> {
    let Some((uid, _)) = &who.user else {
        return Ok(false);
    };
    if !requested.iter().all(|s| who.scopes.has(*s)) {
        return Ok(false);
    }
    let full = who.has_full_access(cfg);
    for scope in requested {
        let ok = match scope {
            // Namespace-wide repository roles come from an admin team (capped by the token's
            // repository scope, which the subset check above guarantees).
            Scope::RepoRead | Scope::RepoWrite | Scope::RepoAdmin => {
                full || teams::in_admin_team(tx, org.id, *uid)?
            }
            Scope::RepoCreate => {
                full || matches!(
                    crate::auth::org_role(tx, org.id, *uid)?.as_deref(),
                    Some("admin" | "creator")
                ) && (who.scopes.has(Scope::OrgAdmin) || who.scopes.has(Scope::RepoCreate))
            }
            Scope::UserRead | Scope::UserAdmin => true,
            Scope::OrgAdmin => is_org_admin(tx, cfg, who, org.id)?,
            Scope::SuperUser => who.is_superuser(cfg) && !who.is_global_readonly(cfg),
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

// ------------------------------------------------------------------ proxy cache upstreams

/// Quay's generic SSRF refusal.
pub(super) const URL_NOT_ALLOWED: &str = "The provided registry URL is not allowed";
/// Quay's text when the upstream refuses or fails.
pub(super) const FAILED_LOGIN: &str =
    "Failed login to remote registry. Please verify entered details and try again.";

/// Checks an upstream registry reference the way Quay's `_validate_upstream_registry` does
/// (format, embedded credentials, SSRF protection with `SSRF_ALLOWED_HOSTS`) and returns
/// the base URL of its registry API.
pub(super) fn upstream_base(
    cfg: &Config,
    upstream: &str,
    insecure: bool,
) -> Result<String, QuayError> {
    let authority = upstream.split('/').next().unwrap_or("");
    let scheme = if insecure { "http" } else { "https" };
    if authority.contains('@') {
        return Err(QuayError::invalid_request(
            "URLs with embedded credentials are not allowed",
        ));
    }
    let host = if let Some(rest) = authority.strip_prefix('[') {
        match rest.split_once(']') {
            Some((h, _)) => h,
            None => return Err(QuayError::invalid_request("Invalid URL format")),
        }
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err(QuayError::invalid_request("URL must include a hostname"));
    }
    if crate::ssrf::blocked(host, &cfg.SSRF_ALLOWED_HOSTS) {
        return Err(QuayError::invalid_request(URL_NOT_ALLOWED));
    }
    // Quay's REGISTRY_URLS: Docker Hub's registry API lives elsewhere.
    let authority = if authority == "docker.io" {
        "registry-1.docker.io"
    } else {
        authority
    };
    Ok(format!("{scheme}://{authority}"))
}

/// The DNS half of Quay's SSRF check (`validate_url_for_ssrf` with `resolve_dns`): an upstream
/// named by a host name must resolve (400 `Cannot resolve hostname '...'`, as a Quay without
/// outbound DNS answers for quay.io), and every address it resolves to must be allowed (400
/// `The provided registry URL is not allowed`). `base` is what [`upstream_base`] returned; IP
/// literals were judged there. Runs outside any transaction (a lookup may take seconds).
pub(super) async fn resolve_upstream(cfg: &Config, base: &str) -> Result<(), QuayError> {
    let url =
        reqwest::Url::parse(base).map_err(|_| QuayError::invalid_request("Invalid URL format"))?;
    let Some(url::Host::Domain(host)) = url.host() else {
        return Ok(());
    };
    match crate::outbound::resolve(host, &cfg.SSRF_ALLOWED_HOSTS).await {
        Ok(_) => Ok(()),
        Err(e @ crate::outbound::Refused::Unresolvable(_)) => {
            Err(QuayError::invalid_request(e.to_string()))
        }
        Err(crate::outbound::Refused::NotAllowed(_)) => {
            Err(QuayError::invalid_request(URL_NOT_ALLOWED))
        }
    }
}

/// Credentials and the authorization the probe sends.
#[derive(Clone)]
pub(super) enum Auth {
    None,
    Basic(String, String),
    Header(String),
}

pub(super) fn with_auth(req: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
    match auth {
        Auth::None => req,
        Auth::Basic(u, p) => req.basic_auth(u, Some(p)),
        Auth::Header(h) => req.header("authorization", h),
    }
}

/// Quay's `parse_www_auth`: the scheme and the `key=value` parameters.
pub(super) fn parse_www_auth(value: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    for part in rest.split(',') {
        if let Some((k, v)) = part.split_once('=') {
            let key: String = k
                .trim()
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let v = v.trim().trim_matches('"');
            if !key.is_empty() && !v.is_empty() {
                out.insert(key, v.to_string());
            }
        }
    }
    if !scheme.is_empty() {
        out.insert("scheme".into(), scheme.to_string());
    }
    out
}

/// Quay's `Proxy._authorize` in validation mode: what to send to `/v2/`, or `Err` when the
/// upstream cannot be reached or refuses the credentials (`UpstreamRegistryError`). The
/// challenge's realm is an outbound destination like any other: one the SSRF rules refuse is
/// never sent the credentials (names are checked as `http` resolves them, IP literals here).
pub(super) async fn authorize(
    http: &reqwest::Client,
    base: &str,
    creds: &Auth,
    allowed: &[String],
) -> Result<Auth, ()> {
    let resp = http
        .get(format!("{base}/v2/"))
        .send()
        .await
        .map_err(|_| ())?;
    if resp.status().as_u16() == 200 {
        return Ok(Auth::None);
    }
    let www = parse_www_auth(
        resp.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    );
    let scheme = www.get("scheme").cloned().unwrap_or_default();
    if scheme.eq_ignore_ascii_case("basic") && !matches!(creds, Auth::None) {
        return Ok(creds.clone());
    }
    let realm = www.get("realm").ok_or(())?;
    let mut url = reqwest::Url::parse(realm).map_err(|_| ())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(());
    }
    crate::outbound::check_url(&url, allowed).map_err(|_| ())?;
    if let Some(service) = www.get("service") {
        url.query_pairs_mut().append_pair("service", service);
    }
    let resp = with_auth(http.get(url), creds)
        .send()
        .await
        .map_err(|_| ())?;
    let status = resp.status().as_u16();
    if matches!(status, 401 | 403) && matches!(creds, Auth::None) {
        return Ok(Auth::None);
    }
    if status >= 400 {
        return Err(());
    }
    let body: Value = resp.json().await.map_err(|_| ())?;
    let token = body
        .get("token")
        .or_else(|| body.get("access_token"))
        .and_then(Value::as_str)
        .ok_or(())?;
    Ok(Auth::Header(format!("{scheme} {token}")))
}

/// The live check of validateProxyCacheConfig: `GET <base>/v2/` as Quay's proxy does it.
pub(super) async fn probe(
    http: &reqwest::Client,
    base: &str,
    creds: Auth,
    allowed: &[String],
) -> Result<ProxyCacheValidationResult, QuayError> {
    let failed = |_| QuayError::invalid_request(FAILED_LOGIN);
    let get = |auth: Auth| {
        let req = with_auth(http.get(format!("{base}/v2/")), &auth);
        async move { req.send().await }
    };
    let auth = authorize(http, base, &creds, allowed)
        .await
        .map_err(failed)?;
    let mut resp = get(auth)
        .await
        .map_err(|_| QuayError::invalid_request(FAILED_LOGIN))?;
    if resp.status().as_u16() == 401 {
        let auth = authorize(http, base, &creds, allowed)
            .await
            .map_err(failed)?;
        resp = get(auth)
            .await
            .map_err(|_| QuayError::invalid_request(FAILED_LOGIN))?;
    }
    match resp.status().as_u16() {
        200 => Ok(ProxyCacheValidationResult::Valid),
        401 => Ok(ProxyCacheValidationResult::Anonymous),
        s if s >= 400 => Err(QuayError::invalid_request(FAILED_LOGIN)),
        _ => Err(QuayError::invalid_request(
            "Failed to validate Proxy cache configuration",
        )),
    }
}

/// Quay's default and maximum lifetime of an application token: ten years.
pub(super) const DEFAULT_TOKEN_EXPIRATION_S: i64 = 315_576_000;
/// Quay's default expiration of proxy-cached tags.
pub(super) const DEFAULT_PROXY_CACHE_EXPIRATION_S: i64 = 86_400;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_normalized_like_quay() {
        assert_eq!(
            normalize_scope("org:admin,repo:read  org:admin"),
            "org:admin repo:read"
        );
        assert!(parse_scopes("").is_none());
        assert!(parse_scopes("repo:read nonsense").is_none());
        assert_eq!(parse_scopes("repo:read").map(|s| s.len()), Some(1));
    }

    #[test]
    fn page_tokens_round_trip() {
        assert_eq!(decode_page(Some(&encode_page(42))), Some(42));
        assert_eq!(decode_page(Some("garbage")), None);
        assert_eq!(decode_page(None), None);
    }

    #[test]
    fn www_authenticate_is_parsed() {
        let p = parse_www_auth(r#"Bearer realm="http://h/token",service="reg""#);
        assert_eq!(p["scheme"], "Bearer");
        assert_eq!(p["realm"], "http://h/token");
        assert_eq!(p["service"], "reg");
    }

    #[test]
    fn upstreams_are_checked() {
        let cfg = Config::default();
        assert_eq!(
            upstream_base(&cfg, "quay.io/someorg", false).unwrap(),
            "https://quay.io"
        );
        assert_eq!(
            upstream_base(&cfg, "docker.io", true).unwrap(),
            "http://registry-1.docker.io"
        );
        assert!(upstream_base(&cfg, "", false).is_err());
        assert!(upstream_base(&cfg, "u:p@quay.io", false).is_err());
        assert!(upstream_base(&cfg, "quay.io/x", false).is_ok());
        assert_eq!(
            upstream_base(&cfg, "127.0.0.1:5000", false).unwrap_err(),
            QuayError::invalid_request(URL_NOT_ALLOWED)
        );
        let cfg = Config {
            SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
            ..Config::default()
        };
        assert!(upstream_base(&cfg, "127.0.0.1:5000", false).is_ok());
    }
}
