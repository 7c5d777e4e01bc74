//! The `organization` tag: organizations, their members and collaborators, OAuth applications
//! and application tokens, proxy-cache configuration (Quay's `endpoints/api/organization.py` and
//! `organization_application_tokens.py`).
//!
//! Permission rules follow Quay's: `AdministerOrganizationPermission` is an admin team with an
//! `org:admin` token, the caller's own user namespace with `org:admin`, or a full-access
//! superuser; reads of the admin pages also admit global read-only superusers. Bodies are
//! validated before the permission check (except createOrganization, where Quay's
//! `require_user_admin` runs first).

use std::collections::BTreeMap;
use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::MaybeUndefined;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{
    Identity, Scope, Scopes, administers_namespace, is_org_admin, member_of_namespace,
};
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    ApiError, Application, ApplicationInformation, AuthError, Avatar, AvatarKind, Created,
    CreatedOAuthApplicationToken, Deleted, MessageError, NewApp, NewApplicationToken, NewOrg,
    NewProxyCacheConfig, OAuthApplicationToken, OAuthApplicationTokenList, OrgCollaborator,
    OrgCollaboratorList, OrgMemberDetail, OrgMemberKind, OrgMemberList, OrgMemberTeam,
    OrganizationApplicationList, OrganizationView, ProxyCacheConfig, ProxyCacheConfigured,
    ProxyCacheEmptyField, ProxyCacheNotConfigured, ProxyCacheValidationResult, TeamRole,
    TeamSummary, UpdateApp, UpdateOrg, UserKind,
};
use crate::reply::{
    Accepted202, Created201, E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply,
    error_doc,
};
use crate::store::namespace::{self, Namespace, Setting};
use crate::store::organization::{self as store, AppFields, AppRow, ProxyRow, TeamRow, TokenRow};
use crate::store::team as teams;

/// Operations of the `organization` tag.
pub struct OrganizationApi {
    state: AppState,
}

impl OrganizationApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

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
fn can_admin(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<bool, QuayError> {
    administers_namespace(tx, cfg, who, name, namespace::by_name(tx, name)?.as_ref())
}

/// Quay's `OrganizationMemberPermission(name)` ([`member_of_namespace`]).
fn can_member(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<bool, QuayError> {
    member_of_namespace(tx, cfg, who, name, namespace::by_name(tx, name)?.as_ref())
}

/// A global read-only superuser, or a superuser with full access: sees admin views.
fn viewing_superuser(cfg: &Config, who: &Identity) -> bool {
    who.is_global_readonly(cfg) || who.has_full_access(cfg)
}

/// The read rule of the admin pages: admin, global read-only superuser, full-access superuser.
fn can_read_admin_page(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<bool, QuayError> {
    Ok(can_admin(tx, cfg, who, name)? || viewing_superuser(cfg, who))
}

fn require_org(tx: &Transaction<'_>, name: &str) -> Result<Namespace, QuayError> {
    namespace::organization(tx, name)?.ok_or_else(QuayError::not_found)
}

/// The admin check (refused before anything else), then the organization (404).
fn admin_org(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
) -> Result<Namespace, QuayError> {
    require_admin(tx, cfg, who, name)?;
    require_org(tx, name)
}

/// Refuses a caller that does not administer `name`.
fn require_admin(
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
fn readable_org(
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
fn check_app_name(name: &str) -> Result<(), QuayError> {
    if name == store::BOOTSTRAP_APP_NAME {
        return Err(QuayError::invalid_request(
            "Application name is reserved for bootstrap token provisioning",
        ));
    }
    Ok(())
}

/// An OAuth application of the organization by client id (404).
fn require_app(tx: &Transaction<'_>, org_id: i64, client_id: &str) -> Result<AppRow, QuayError> {
    store::app_of(tx, org_id, client_id)?.ok_or_else(QuayError::not_found)
}

fn team_avatar(name: &str) -> Avatar {
    Avatar::new(name, Some(name), AvatarKind::Team)
}

/// Quay's `org_view`: what the caller may see of an organization. `teams` is `None` when the
/// caller may not see them.
fn org_view(
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
fn app_view(
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
fn iso(stored: Option<&str>) -> Option<String> {
    let t = crate::time::parse_db(stored?)?;
    Some(if t.timestamp_subsec_micros() == 0 {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    })
}

fn token_view(t: &TokenRow) -> OAuthApplicationToken {
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
fn encode_page(start_id: i64) -> String {
    json!({ "start_id": start_id })
        .to_string()
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Decodes a page token; anything invalid starts at the first page, as in Quay.
fn decode_page(token: Option<&str>) -> Option<i64> {
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
fn normalize_scope(scope: &str) -> String {
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
fn parse_scopes(normalized: &str) -> Option<Vec<Scope>> {
    let scopes: Option<Vec<Scope>> = normalized.split([' ', ',']).map(Scope::parse).collect();
    scopes.filter(|s| !s.is_empty())
}

/// Quay's `_can_mint_scope` for a caller that already administers the organization: the
/// requested scopes must be covered by the caller's own token, and the caller must hold the
/// right behind each.
fn can_mint(
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
const URL_NOT_ALLOWED: &str = "The provided registry URL is not allowed";
/// Quay's text when the upstream refuses or fails.
const FAILED_LOGIN: &str =
    "Failed login to remote registry. Please verify entered details and try again.";

/// Checks an upstream registry reference the way Quay's `_validate_upstream_registry` does
/// (format, embedded credentials, SSRF protection with `SSRF_ALLOWED_HOSTS`) and returns
/// the base URL of its registry API.
fn upstream_base(cfg: &Config, upstream: &str, insecure: bool) -> Result<String, QuayError> {
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

/// Credentials and the authorization the probe sends.
#[derive(Clone)]
enum Auth {
    None,
    Basic(String, String),
    Header(String),
}

fn with_auth(req: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
    match auth {
        Auth::None => req,
        Auth::Basic(u, p) => req.basic_auth(u, Some(p)),
        Auth::Header(h) => req.header("authorization", h),
    }
}

/// Quay's `parse_www_auth`: the scheme and the `key=value` parameters.
fn parse_www_auth(value: &str) -> BTreeMap<String, String> {
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
/// upstream cannot be reached or refuses the credentials (`UpstreamRegistryError`).
async fn authorize(http: &reqwest::Client, base: &str, creds: &Auth) -> Result<Auth, ()> {
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
async fn probe(
    http: &reqwest::Client,
    base: &str,
    creds: Auth,
) -> Result<ProxyCacheValidationResult, QuayError> {
    let failed = |_| QuayError::invalid_request(FAILED_LOGIN);
    let get = |auth: Auth| {
        let req = with_auth(http.get(format!("{base}/v2/")), &auth);
        async move { req.send().await }
    };
    let auth = authorize(http, base, &creds).await.map_err(failed)?;
    let mut resp = get(auth)
        .await
        .map_err(|_| QuayError::invalid_request(FAILED_LOGIN))?;
    if resp.status().as_u16() == 401 {
        let auth = authorize(http, base, &creds).await.map_err(failed)?;
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

// ------------------------------------------------------------------ operations

#[OpenApi(tag = "ApiTags::Organization")]
impl OrganizationApi {
    /// Create an organization
    ///
    /// Creates an organization; the caller becomes the only member of its `owners` team (role
    /// `admin`). Needs a token with `user:admin`, checked before the body.
    #[oai(
        path = "/api/v1/organization/",
        method = "post",
        operation_id = "createOrganization"
    )]
    async fn create_organization(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<NewOrg>,
    ) -> Reply<Created201<Created>, (E400, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let creator = who.require_user()?;
                if !who.scopes.has(Scope::UserAdmin) {
                    return Err(who.refuse());
                }
                let new = body.first_line()?;
                if cfg.FEATURE_SUPERUSERS_ORG_CREATION_ONLY && !who.is_superuser(&cfg) {
                    return Err(who.refuse());
                }
                if namespace::by_name(tx, &new.name)?.is_some() {
                    return Err(QuayError::invalid_request(
                        "A user or organization with this name already exists",
                    ));
                }
                let email = new
                    .contact_email
                    .clone()
                    .filter(|e| !e.is_empty())
                    .or_else(|| new.email.clone().filter(|e| !e.is_empty()));
                if let Some(e) = &email
                    && !namespace::quay_valid_email(e)
                {
                    return Err(QuayError::invalid_request("Invalid email address"));
                }
                if let Some(e) = &email
                    && namespace::user_email_taken(tx, e)?
                {
                    return Err(QuayError::invalid_request(format!(
                        "Email has already been used: {e}"
                    )));
                }
                namespace::check_name(&new.name).map_err(|reason| {
                    QuayError::invalid_request(format!("Invalid namespace {}: {reason}", new.name))
                })?;
                let tag_expiration =
                    crate::config::parse_duration(&cfg.DEFAULT_TAG_EXPIRATION).unwrap_or(1_209_600);
                let org = store::create(tx, &new.name, email.as_deref(), creator, tag_expiration)?;
                namespace::log(
                    tx,
                    "org_create",
                    Some(creator),
                    Some(org),
                    json!({"email": email, "namespace": new.name}),
                )?;
                Ok(Created::Created)
            })
            .await
            .into()
    }

    /// Get an organization
    ///
    /// The organization as seen by the caller; anyone may call it. An unknown organization (or
    /// a user namespace) is 404 for everyone.
    #[oai(
        path = "/api/v1/organization/:orgname",
        method = "get",
        operation_id = "getOrganization"
    )]
    async fn get_organization(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrganizationView>, (E401Anonymous, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = require_org(tx, &orgname)?;
                let teams =
                    if can_member(tx, &cfg, &who, &org.name)? || viewing_superuser(&cfg, &who) {
                        Some(store::teams(tx, org.id)?)
                    } else {
                        None
                    };
                org_view(tx, &cfg, &who, &org, teams)
            })
            .await
            .into()
    }

    /// Change an organization's details
    ///
    /// Changes the contact e-mail, invoice settings and tag expiration. A refused field answers
    /// 400 and nothing is changed (Quay keeps the fields it applied before the refused one, a
    /// defect this server does not reproduce). Organization admins only.
    #[oai(
        path = "/api/v1/organization/:orgname",
        method = "put",
        operation_id = "changeOrganizationDetails"
    )]
    async fn change_organization_details(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<UpdateOrg>,
    ) -> Reply<Ok200<OrganizationView>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let result = self
            .state
            .store
            .write(move |tx| {
                let change = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let performer = who.user_id();
                // Fields are applied in Quay's order; a refusal rolls all of them back.
                let applied = (|| -> Result<(), QuayError> {
                    let log = |kind: &str, meta: Value| {
                        namespace::log(tx, kind, performer, Some(org.id), meta)
                    };
                    if let Some(flag) = change.invoice_email {
                        namespace::set_setting(tx, org.id, Setting::InvoiceEmail, flag)?;
                        log(
                            "org_change_invoicing",
                            json!({"invoice_email": flag, "namespace": org.name}),
                        )?;
                    }
                    if !change.invoice_email_address.is_undefined() {
                        let new = change.invoice_email_address.clone().take();
                        if new != org.invoice_email_address {
                            let stored = new.clone().filter(|a| !a.is_empty());
                            namespace::set_setting(
                                tx,
                                org.id,
                                Setting::InvoiceEmailAddress,
                                stored,
                            )?;
                            log(
                                "org_change_invoicing",
                                json!({"invoice_email_address": new, "namespace": org.name}),
                            )?;
                        }
                    }
                    if !change.contact_email.is_undefined() || change.email.is_some() {
                        let new = if change.contact_email.is_undefined() {
                            change.email.clone()
                        } else {
                            change.contact_email.clone().take()
                        }
                        .unwrap_or_default();
                        let current = org
                            .email
                            .clone()
                            .filter(|e| namespace::quay_valid_email(e))
                            .unwrap_or_default();
                        if new != current {
                            if !new.is_empty() && !namespace::quay_valid_email(&new) {
                                return Err(QuayError::invalid_request("Invalid email address"));
                            }
                            namespace::set_setting(
                                tx,
                                org.id,
                                Setting::Email,
                                (!new.is_empty()).then_some(new.as_str()),
                            )?;
                            log(
                                "org_change_email",
                                json!({"email": new, "namespace": org.name, "old_email": current}),
                            )?;
                        }
                    }
                    if cfg.FEATURE_CHANGE_TAG_EXPIRATION
                        && let Some(seconds) = change.tag_expiration_s
                    {
                        if !cfg.tag_expiration_seconds().contains(&seconds) {
                            return Err(QuayError::message(400, "Invalid tag expiration option"));
                        }
                        namespace::set_setting(tx, org.id, Setting::TagExpiration, seconds)?;
                        log(
                            "org_change_tag_expiration",
                            json!({"tag_expiration": seconds, "namespace": org.name}),
                        )?;
                    }
                    Ok(())
                })();
                applied?;
                let org = require_org(tx, &orgname)?;
                let teams = store::teams(tx, org.id)?;
                org_view(tx, &cfg, &who, &org, Some(teams))
            })
            .await;
        result.into()
    }

    /// Delete an organization
    ///
    /// Deletes the organization and everything under it (teams, repositories, robots,
    /// applications and their tokens, quotas, proxy-cache configuration). Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname",
        method = "delete",
        operation_id = "deleteAdminedOrganization"
    )]
    async fn delete_admined_organization(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<NoContent204, (E401Fresh, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "org_delete",
                    performer,
                    Some(org.id),
                    json!({"namespace": org.name}),
                )?;
                namespace::delete(tx, org.id)
            })
            .await
            .into()
    }

    /// List an organization's members
    ///
    /// Every user (robots left out) in at least one team, with their teams and direct
    /// repository permissions in the organization.
    #[oai(
        path = "/api/v1/organization/:orgname/members",
        method = "get",
        operation_id = "getOrganizationMembers"
    )]
    async fn get_organization_members(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrgMemberList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let mut members: Vec<OrgMemberDetail> = Vec::new();
                for (m, team) in store::memberships(tx, org.id)? {
                    if m.kind == "robot" {
                        continue;
                    }
                    let entry = match members.iter_mut().position(|x| x.name == m.name) {
                        Some(i) => &mut members[i],
                        None => {
                            members.push(OrgMemberDetail {
                                name: m.name.clone(),
                                kind: OrgMemberKind::User,
                                avatar: Avatar::account(&m.name, m.email.as_deref(), &m.kind),
                                teams: vec![],
                                repositories: vec![],
                            });
                            members
                                .last_mut()
                                .ok_or_else(|| QuayError::internal("empty"))?
                        }
                    };
                    entry.teams.push(OrgMemberTeam {
                        avatar: team_avatar(&team),
                        name: team,
                    });
                }
                for (holder, repo) in store::direct_permissions(tx, org.id, None)? {
                    if let Some(m) = members.iter_mut().find(|x| x.name == holder.name) {
                        m.repositories.push(repo);
                    }
                }
                Ok(OrgMemberList { members })
            })
            .await
            .into()
    }

    /// Get an organization member
    ///
    /// One member with its teams and direct repository permissions; also a robot of the
    /// organization in no team.
    #[oai(
        path = "/api/v1/organization/:orgname/members/:membername",
        method = "get",
        operation_id = "getOrganizationMember"
    )]
    async fn get_organization_member(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        membername: Path<String>,
    ) -> Reply<Ok200<OrgMemberDetail>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                if !can_read_admin_page(tx, &cfg, &who, &orgname)? {
                    return Err(who.refuse());
                }
                // Quay's `get_user` (users and robots) and `get_user_or_org` (no robots).
                let member =
                    namespace::user_or_robot(tx, &membername)?.ok_or_else(QuayError::not_found)?;
                let owner =
                    namespace::user_or_org(tx, &orgname)?.ok_or_else(QuayError::not_found)?;
                let teams = teams::team_names_of(tx, owner.id, member.id)?;
                if teams.is_empty() {
                    let robot_of_org = member.kind == "robot"
                        && member.name.split_once('+').map(|(ns, _)| ns) == Some(orgname.as_str());
                    if !robot_of_org {
                        return Err(QuayError::not_found());
                    }
                }
                let repositories = store::direct_permissions(tx, owner.id, Some(member.id))?
                    .into_iter()
                    .map(|(_, repo)| repo)
                    .collect();
                Ok(OrgMemberDetail {
                    kind: if member.kind == "robot" {
                        OrgMemberKind::Robot
                    } else {
                        OrgMemberKind::User
                    },
                    avatar: Avatar::account(&member.name, member.email.as_deref(), &member.kind),
                    name: member.name,
                    teams: teams
                        .into_iter()
                        .map(|t| OrgMemberTeam {
                            avatar: team_avatar(&t),
                            name: t,
                        })
                        .collect(),
                    repositories,
                })
            })
            .await
            .into()
    }

    /// Remove a member from an organization
    ///
    /// Removes a user from every team of the organization and deletes its direct permissions
    /// on the organization's repositories; 204 also when it was not a member. The only admin
    /// cannot be removed.
    #[oai(
        path = "/api/v1/organization/:orgname/members/:membername",
        method = "delete",
        operation_id = "removeOrganizationMember"
    )]
    async fn remove_organization_member(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        membername: Path<String>,
    ) -> Reply<NoContent204, (E400<MessageError>, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                require_admin(tx, &cfg, &who, &orgname)?;
                let user = namespace::by_name_kind(tx, &membername, "user")?
                    .ok_or_else(QuayError::not_found)?;
                let org = require_org(tx, &orgname)?;
                store::remove_member(tx, org.id, user.id)
            })
            .await
            .into()
    }

    /// List an organization's outside collaborators
    ///
    /// Users in no team of the organization holding a direct permission on at least one of its
    /// repositories, with those repositories.
    #[oai(
        path = "/api/v1/organization/:orgname/collaborators",
        method = "get",
        operation_id = "getOrganizationCollaborators"
    )]
    async fn get_organization_collaborators(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrgCollaboratorList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let members: Vec<String> = store::memberships(tx, org.id)?
                    .into_iter()
                    .map(|(m, _)| m.name)
                    .collect();
                let mut collaborators: Vec<OrgCollaborator> = Vec::new();
                for (holder, repo) in store::direct_permissions(tx, org.id, None)? {
                    if members.contains(&holder.name) {
                        continue;
                    }
                    match collaborators.iter_mut().find(|c| c.name == holder.name) {
                        Some(c) => c.repositories.push(repo),
                        None => collaborators.push(OrgCollaborator {
                            kind: UserKind::User,
                            avatar: Avatar::account(&holder.name, holder.email.as_deref(), "user"),
                            name: holder.name,
                            repositories: vec![repo],
                        }),
                    }
                }
                Ok(OrgCollaboratorList { collaborators })
            })
            .await
            .into()
    }

    /// List an organization's OAuth applications
    ///
    /// Secrets, redirect URIs and avatar e-mails only for admins of the organization.
    #[oai(
        path = "/api/v1/organization/:orgname/applications",
        method = "get",
        operation_id = "getOrganizationApplications"
    )]
    async fn get_organization_applications(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrganizationApplicationList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let applications = store::apps(tx, org.id)?
                    .iter()
                    .map(|a| app_view(tx, &cfg, &who, &org.name, a))
                    .collect::<Result<_, _>>()?;
                Ok(OrganizationApplicationList { applications })
            })
            .await
            .into()
    }

    /// Create an OAuth application
    ///
    /// Creates an OAuth application owned by the organization; answers 200 with it (client id
    /// and secret included).
    #[oai(
        path = "/api/v1/organization/:orgname/applications",
        method = "post",
        operation_id = "createOrganizationApplication"
    )]
    async fn create_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewApp>,
    ) -> Reply<Ok200<Application>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                check_app_name(&new.name)?;
                let fields = AppFields {
                    name: new.name.clone(),
                    description: new.description.clone().unwrap_or_default(),
                    application_uri: new.application_uri.clone().unwrap_or_default(),
                    redirect_uri: new.redirect_uri.clone().unwrap_or_default(),
                    avatar_email: new.avatar_email.clone(),
                };
                let app = store::create_app(tx, org.id, &fields)?;
                let mut meta = json!({
                    "name": new.name,
                    "application_name": app.name,
                    "client_id": app.client_id,
                });
                for (k, v) in [
                    ("redirect_uri", &new.redirect_uri),
                    ("application_uri", &new.application_uri),
                    ("description", &new.description),
                    ("avatar_email", &new.avatar_email),
                ] {
                    if let Some(v) = v {
                        meta[k] = json!(v);
                    }
                }
                let performer = who.user_id();
                namespace::log(tx, "create_application", performer, Some(org.id), meta)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Get an OAuth application
    ///
    /// One OAuth application of the organization.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id",
        method = "get",
        operation_id = "getOrganizationApplication"
    )]
    async fn get_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
    ) -> Reply<Ok200<Application>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Update an OAuth application
    ///
    /// Replaces the name, URIs, description and avatar e-mail (an omitted description becomes
    /// `""`, an omitted avatar e-mail none); the client id and secret stay.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id",
        method = "put",
        operation_id = "updateOrganizationApplication"
    )]
    async fn update_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        body: Body<UpdateApp>,
    ) -> Reply<Ok200<Application>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                check_app_name(&new.name)?;
                let fields = AppFields {
                    name: new.name.clone(),
                    description: new.description.clone().unwrap_or_default(),
                    application_uri: new.application_uri.clone(),
                    redirect_uri: new.redirect_uri.clone(),
                    avatar_email: new.avatar_email.clone(),
                };
                store::update_app(tx, app.id, &fields)?;
                let mut meta = json!({
                    "name": new.name,
                    "redirect_uri": new.redirect_uri,
                    "application_uri": new.application_uri,
                    "application_name": new.name,
                    "client_id": app.client_id,
                });
                if let Some(d) = &new.description {
                    meta["description"] = json!(d);
                }
                if let Some(a) = &new.avatar_email {
                    meta["avatar_email"] = json!(a);
                }
                let performer = who.user_id();
                namespace::log(tx, "update_application", performer, Some(org.id), meta)?;
                let app = require_app(tx, org.id, &client_id)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Delete an OAuth application
    ///
    /// Deletes the application with every token issued for it.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id",
        method = "delete",
        operation_id = "deleteOrganizationApplication"
    )]
    async fn delete_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
    ) -> Reply<NoContent204, (E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                store::delete_app(tx, app.id)?;
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "delete_application",
                    performer,
                    Some(org.id),
                    json!({"application_name": app.name, "client_id": app.client_id}),
                )
            })
            .await
            .into()
    }

    /// List an OAuth application's tokens
    ///
    /// The application's unexpired access tokens, newest first, 50 per page (`next_page`
    /// only when more exist). Secrets are never listed.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/tokens",
        method = "get",
        operation_id = "listOrganizationApplicationTokens"
    )]
    async fn list_organization_application_tokens(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<OAuthApplicationTokenList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                let start = decode_page(next_page.0.as_deref());
                let (tokens, next) = store::app_tokens(tx, app.id, start, 50)?;
                Ok(OAuthApplicationTokenList {
                    tokens: tokens.iter().map(token_view).collect(),
                    next_page: next.map(encode_page),
                })
            })
            .await
            .into()
    }

    /// Mint an access token for an OAuth application
    ///
    /// Mints a token of the application acting as the caller, with the requested scopes (each
    /// covered by the caller's own token and rights), and returns it with its secret once.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/tokens",
        method = "post",
        operation_id = "createOrganizationApplicationToken"
    )]
    async fn create_organization_application_token(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        body: Body<NewApplicationToken>,
    ) -> Reply<Ok200<CreatedOAuthApplicationToken>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                let display_name = new.name.trim().to_string();
                if display_name.is_empty() {
                    return Err(QuayError::message(400, "'name' must not be empty"));
                }
                let normalized = normalize_scope(&new.scope);
                let Some(requested) = parse_scopes(&normalized) else {
                    return Err(QuayError::message(
                        400,
                        format!("Invalid scope: {}", new.scope),
                    ));
                };
                let uid = who.require_user()?;
                if !can_mint(tx, &cfg, &who, &org, &requested)? {
                    return Err(who.refuse());
                }
                let expiration = match new.expiration {
                    None => DEFAULT_TOKEN_EXPIRATION_S,
                    Some(e) if !e.is_finite() => {
                        return Err(QuayError::message(
                            400,
                            "'expiration' must be a finite number of seconds",
                        ));
                    }
                    Some(e) if e <= 0.0 => {
                        return Err(QuayError::message(
                            400,
                            "'expiration' must be a positive number of seconds",
                        ));
                    }
                    Some(e) => (e as i64).clamp(1, DEFAULT_TOKEN_EXPIRATION_S),
                };
                let expires = (chrono::Utc::now() + chrono::Duration::seconds(expiration))
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
                let scopes = Scopes::parse(&normalized).map_err(QuayError::internal)?;
                let (uuid, secret) = namespace::mint_token(
                    tx,
                    uid,
                    scopes,
                    Some(app.id),
                    &display_name,
                    Some(expires),
                )?;
                store::set_token_scope(tx, &uuid, &normalized)?;
                namespace::log(
                    tx,
                    "create_oauth_api_token",
                    Some(uid),
                    Some(org.id),
                    json!({
                        "oauth_token_uuid": uuid,
                        "scope": normalized,
                        "token_display_name": display_name,
                        "application_name": app.name,
                        "auth_method": "OAuth",
                        "client_id": app.client_id,
                    }),
                )?;
                let row = store::app_token(tx, app.id, &uuid)?
                    .ok_or_else(|| QuayError::internal("token vanished"))?;
                let view = token_view(&row);
                Ok(CreatedOAuthApplicationToken {
                    uuid: view.uuid,
                    name: view.name,
                    scope: view.scope,
                    expires_at: view.expires_at,
                    created: view.created,
                    created_by: view.created_by,
                    last_accessed: None,
                    token: secret,
                })
            })
            .await
            .into()
    }

    /// Revoke an OAuth application token
    ///
    /// Deletes one access token of the application, whoever it was issued to.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/tokens/:token_uuid",
        method = "delete",
        operation_id = "deleteOrganizationApplicationToken"
    )]
    async fn delete_organization_application_token(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        token_uuid: Path<String>,
    ) -> Reply<NoContent204, (E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                if !store::delete_app_token(tx, app.id, &token_uuid)? {
                    return Err(QuayError::not_found());
                }
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "revoke_oauth_api_token",
                    performer,
                    Some(org.id),
                    json!({
                        "oauth_token_uuid": token_uuid.0,
                        "application_name": app.name,
                        "client_id": app.client_id,
                    }),
                )
            })
            .await
            .into()
    }

    /// Get public information about an OAuth application
    ///
    /// The application looked up by client id alone, with its organization as seen by the
    /// caller (`teams` always `{}`). Anyone may call it.
    #[oai(
        path = "/api/v1/app/:client_id",
        method = "get",
        operation_id = "getApplicationInformation"
    )]
    async fn get_application_information(
        &self,
        who: Data<&Arc<Identity>>,
        client_id: Path<String>,
    ) -> Reply<Ok200<ApplicationInformation>, (E401Anonymous, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let app =
                    store::app_by_client_id(tx, &client_id)?.ok_or_else(QuayError::not_found)?;
                let org = namespace::by_id(tx, app.org_id)?.ok_or_else(QuayError::not_found)?;
                let email = app
                    .avatar_email
                    .clone()
                    .filter(|e| !e.is_empty())
                    .or_else(|| org.email.clone());
                Ok(ApplicationInformation {
                    avatar: Avatar::new(&app.name, email.as_deref(), AvatarKind::App),
                    name: app.name,
                    description: app.description,
                    uri: app.application_uri,
                    organization: org_view(tx, &cfg, &who, &org, Some(vec![]))?,
                })
            })
            .await
            .into()
    }

    /// Get an organization's proxy-cache configuration
    ///
    /// The configuration (credentials never included), or all-empty strings when there is
    /// none. Any member of the organization may read it.
    #[oai(
        path = "/api/v1/organization/:orgname/proxycache",
        method = "get",
        operation_id = "getProxyCacheConfig"
    )]
    async fn get_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<ProxyCacheConfig>, (E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                if !can_member(tx, &cfg, &who, &orgname)? && !viewing_superuser(&cfg, &who) {
                    return Err(who.refuse());
                }
                Ok(match store::proxy_config(tx, &orgname)? {
                    Some(p) => ProxyCacheConfig::ProxyCacheConfigured(ProxyCacheConfigured {
                        upstream_registry: p.upstream_registry,
                        expiration_s: p.expiration_s,
                        insecure: p.insecure,
                    }),
                    None => ProxyCacheConfig::ProxyCacheNotConfigured(ProxyCacheNotConfigured {
                        upstream_registry: ProxyCacheEmptyField::Empty,
                        expiration_s: ProxyCacheEmptyField::Empty,
                        insecure: ProxyCacheEmptyField::Empty,
                    }),
                })
            })
            .await
            .into()
    }

    /// Configure an organization as a proxy cache
    ///
    /// Makes the organization a pull-through cache of an upstream registry (the upstream is
    /// not contacted). Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname/proxycache",
        method = "post",
        operation_id = "createProxyCacheConfig"
    )]
    async fn create_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewProxyCacheConfig>,
    ) -> Reply<Created201<Created>, (E400, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                require_admin(tx, &cfg, &who, &orgname)?;
                if store::proxy_config(tx, &orgname)?.is_some() {
                    return Err(QuayError::invalid_request(
                        "Proxy Cache Configuration already exists",
                    ));
                }
                let insecure = new.insecure.unwrap_or(false);
                upstream_base(&cfg, &new.upstream_registry, insecure)?;
                let Some(org) = namespace::organization(tx, &orgname)? else {
                    return Err(QuayError::invalid_request(
                        "Error while creating Proxy cache configuration",
                    ));
                };
                store::create_proxy_config(
                    tx,
                    org.id,
                    &ProxyRow {
                        upstream_registry: new.upstream_registry.clone(),
                        username: new.upstream_registry_username.clone(),
                        password: new.upstream_registry_password.clone(),
                        expiration_s: new.expiration_s.unwrap_or(DEFAULT_PROXY_CACHE_EXPIRATION_S),
                        insecure,
                    },
                )?;
                let performer = who.user_id();
                let upstream =
                    (!new.upstream_registry.is_empty()).then_some(&new.upstream_registry);
                namespace::log(
                    tx,
                    "create_proxy_cache_config",
                    performer,
                    Some(org.id),
                    json!({ "upstream_registry": upstream }),
                )?;
                Ok(Created::Created)
            })
            .await
            .into()
    }

    /// Delete an organization's proxy-cache configuration
    ///
    /// Removes the configuration; answers 201 with `"Deleted"`. Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname/proxycache",
        method = "delete",
        operation_id = "deleteProxyCacheConfig"
    )]
    async fn delete_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Created201<Deleted>, (E400<ApiError>, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                require_admin(tx, &cfg, &who, &orgname)?;
                if store::proxy_config(tx, &orgname)?.is_none() {
                    return Err(QuayError::not_found());
                }
                let org = require_org(tx, &orgname)?;
                if !store::delete_proxy_config(tx, org.id)? {
                    return Err(QuayError::invalid_request(
                        "Proxy Cache Configuration failed to delete",
                    ));
                }
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "delete_proxy_cache_config",
                    performer,
                    Some(org.id),
                    json!({}),
                )?;
                Ok(Deleted::Deleted)
            })
            .await
            .into()
    }

    /// Check a proxy-cache configuration against its upstream
    ///
    /// Sends `GET <scheme>://<upstream>/v2/` with the given credentials, as Quay's proxy does:
    /// 202 `"Valid"` when it answers 200, `"Anonymous"` when it answers 401. Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname/validateproxycache",
        method = "post",
        operation_id = "validateProxyCacheConfig"
    )]
    async fn validate_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewProxyCacheConfig>,
    ) -> Reply<Accepted202<ProxyCacheValidationResult>, (E400, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let checked = self
            .state
            .store
            .read(move |tx| {
                let new = body.first_line()?;
                require_admin(tx, &cfg, &who, &orgname)?;
                if store::proxy_config(tx, &orgname)?.is_some() {
                    return Err(QuayError::invalid_request(
                        "Proxy Cache Configuration already exists",
                    ));
                }
                let base =
                    upstream_base(&cfg, &new.upstream_registry, new.insecure.unwrap_or(false))?;
                if namespace::organization(tx, &orgname)?.is_none() {
                    return Err(QuayError::unknown_organization(&orgname));
                }
                let creds = match (
                    new.upstream_registry_username,
                    new.upstream_registry_password,
                ) {
                    (Some(u), Some(p)) => Auth::Basic(u, p),
                    _ => Auth::None,
                };
                Ok((base, creds))
            })
            .await;
        let result = match checked {
            Ok((base, creds)) => probe(&self.state.http, &base, creds).await,
            Err(e) => Err(e),
        };
        result.into()
    }
}

/// Quay's default and maximum lifetime of an application token: ten years.
const DEFAULT_TOKEN_EXPIRATION_S: i64 = 315_576_000;
/// Quay's default expiration of proxy-cached tags.
const DEFAULT_PROXY_CACHE_EXPIRATION_S: i64 = 86_400;

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
