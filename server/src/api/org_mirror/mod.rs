//! The `org_mirror` tag: an organization's mirror of a Harbor project or Quay organization
//! (Quay's `endpoints/api/org_mirror.py`).
//!
//! Rights: reads admit an organization administrator (`org:admin`), a global read-only
//! superuser or a full-access superuser; writes (verify included) the first and the last.
//! They are checked before the organization is looked up; create and update check their body
//! first. No worker runs here: the configuration stays scheduled, its discovered repositories
//! are only what the store holds, and syncs move only through the API. The `verify` module talks to
//! the source registry.

use std::sync::Arc;

use chrono::Utc;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::ParseFromJSON;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{Identity, administers_namespace};
use crate::body::{Body, str_member as text, string_list};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    BadRequestError, EmptyJsonString, NewOrgMirrorConfig, OrgMirrorConfig, OrgMirrorConfigChanges,
    OrgMirrorRegistryConfig, OrgMirrorRegistryType, OrgMirrorRepoStatus, OrgMirrorRepository,
    OrgMirrorRepositoryList, OrgMirrorStatusCounts, OrgMirrorVerification, OrgMirrorVisibility,
    RepoMirrorStatus,
};
use crate::params::LooseInt;
use crate::reply::{
    Created201, E400, E401, E401Api, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply,
};
use crate::store::namespace::{self, Namespace};
use crate::store::org_mirror::{self as store, OrgMirror};
use crate::store::{organization, robot};
use crate::time::{db_form, parse_start_date, stored_iso_z};

mod verify;

/// Operations of the `org_mirror` tag.
pub struct OrgMirrorApi {
    state: AppState,
}

impl OrgMirrorApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's answer to a URL the SSRF rules refuse (create and update).
const URL_NOT_ALLOWED: &str = "The provided registry URL is not allowed";
const BAD_DATE: &str = "Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ";
const NOT_EMPTY: &str = "Cannot create organization mirror: the organization already contains repositories. Organization mirroring requires an empty organization.";
const HAS_PROXY_CACHE: &str = "Cannot create organization mirror: the organization has a proxy cache configuration. Remove the proxy cache configuration first.";
const EXISTS: &str = "Mirror configuration already exists for this organization";
const REPO_STATUSES: [&str; 7] = [
    "CANCEL",
    "FAIL",
    "NEVER_RUN",
    "SUCCESS",
    "SYNCING",
    "SYNC_NOW",
    "SKIP",
];

/// The rights (before the lookup), then the organization (404 when missing or a user) and
/// its configuration.
fn target(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    orgname: &str,
    read: bool,
) -> Result<(Namespace, Option<OrgMirror>), QuayError> {
    let ns = namespace::by_name(tx, orgname)?;
    let allowed = administers_namespace(tx, cfg, who, orgname, ns.as_ref())?
        || (read && who.is_global_readonly(cfg));
    if !allowed {
        return Err(who.refuse());
    }
    let org = ns
        .filter(|n| n.kind == "org")
        .ok_or_else(QuayError::not_found)?;
    let mirror = store::get(tx, org.id)?;
    Ok((org, mirror))
}

/// The robot of a configuration: it must exist and belong to `org`; its (id, name).
fn robot_of(tx: &Transaction<'_>, org: &str, name: &str) -> Result<(i64, String), QuayError> {
    let robot = robot::lookup(tx, name)?
        .ok_or_else(|| QuayError::invalid_request(format!("Invalid robot account: {name}")))?;
    match robot.name.split_once('+') {
        Some((owner, _)) if owner == org => Ok((robot.id, robot.name)),
        _ => Err(QuayError::invalid_request(
            "Robot account must belong to the organization",
        )),
    }
}

/// `sync_start_date`, exactly `YYYY-MM-DDTHH:MM:SSZ`; its stored form.
fn start_date(text: &str) -> Result<String, QuayError> {
    parse_start_date(text).ok_or_else(|| QuayError::invalid_request(BAD_DATE))
}

/// The source URL by Quay's rules and the SSRF rules (the name resolved).
async fn check_url(state: &AppState, url: &str) -> Result<(), QuayError> {
    let host = crate::upstream::url_host(url).map_err(QuayError::invalid_request)?;
    let lookup = crate::outbound::Lookup::System;
    crate::upstream::check_host(&host, &state.config.SSRF_ALLOWED_HOSTS, &lookup)
        .await
        .map_err(|r| QuayError::invalid_request(r.message(URL_NOT_ALLOWED)))
}

/// A credential as Quay stores it: an empty one is none.
fn credential(body: &Value, key: &str) -> Option<String> {
    text(body, key).filter(|s| !s.is_empty())
}

fn view(tx: &Transaction<'_>, m: OrgMirror) -> Result<OrgMirrorConfig, QuayError> {
    let counts = store::status_counts(tx, m.org_id)?;
    let count = |s: &str| {
        counts
            .iter()
            .find(|(status, _)| status == s)
            .map_or(0, |(_, n)| *n)
    };
    let date = |d: Option<&str>| d.and_then(stored_iso_z);
    Ok(OrgMirrorConfig {
        is_enabled: m.is_enabled,
        external_registry_type: if m.registry_type == "harbor" {
            OrgMirrorRegistryType::Harbor
        } else {
            OrgMirrorRegistryType::Quay
        },
        external_registry_url: m.registry_url.clone(),
        external_namespace: m.external_namespace.clone(),
        external_registry_username: m.username.clone(),
        has_external_registry_password: m.password.is_some(),
        external_registry_config: OrgMirrorRegistryConfig::parse_from_json(Some(
            m.registry_config.clone(),
        ))
        .unwrap_or(OrgMirrorRegistryConfig {
            verify_tls: None,
            proxy: None,
            timeout: None,
            page_size: None,
        }),
        repository_filters: string_list(&m.repository_filters),
        robot_username: Some(m.robot_name.clone()),
        visibility: if m.visibility == "public" {
            OrgMirrorVisibility::Public
        } else {
            OrgMirrorVisibility::Private
        },
        sync_interval: m.sync_interval,
        sync_start_date: date(m.sync_start_date.as_deref()),
        sync_expiration_date: date(m.sync_expiration_date.as_deref()),
        sync_status: RepoMirrorStatus::parse(&m.sync_status).unwrap_or(RepoMirrorStatus::NeverRun),
        sync_retries_remaining: m.sync_retries_remaining,
        repo_sync_status_counts: OrgMirrorStatusCounts {
            cancel: count("CANCEL"),
            fail: count("FAIL"),
            never_run: count("NEVER_RUN"),
            success: count("SUCCESS"),
            syncing: count("SYNCING"),
            sync_now: count("SYNC_NOW"),
            skip: count("SKIP"),
        },
        skopeo_timeout: m.skopeo_timeout,
        creation_date: date(Some(&m.created_at)).unwrap_or_default(),
    })
}

fn log(
    tx: &Transaction<'_>,
    who: &Identity,
    org: &Namespace,
    kind: &str,
    metadata: Value,
) -> Result<(), QuayError> {
    namespace::log(tx, kind, who.user_id(), Some(org.id), metadata)
}

#[OpenApi(tag = "ApiTags::OrgMirror")]
impl OrgMirrorApi {
    /// Get an organization's mirror configuration
    #[oai(
        path = "/api/v1/organization/:orgname/mirror",
        method = "get",
        operation_id = "getOrgMirrorConfig"
    )]
    async fn get_org_mirror_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrgMirrorConfig>, (E401, E403, E404)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .read(move |tx| {
                let (_, mirror) = target(tx, &cfg, &who, &orgname.0, true)?;
                view(tx, mirror.ok_or_else(QuayError::not_found)?)
            })
            .await
            .into()
    }

    /// Create an organization's mirror configuration
    #[oai(
        path = "/api/v1/organization/:orgname/mirror",
        method = "post",
        operation_id = "createOrgMirrorConfig"
    )]
    async fn create_org_mirror_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewOrgMirrorConfig>,
    ) -> Reply<Created201<EmptyJsonString>, (E400<BadRequestError>, E401Api, E403W, E404, E415, E503)>
    {
        let result = async {
            let body = body.checked()?;
            let (cfg, w, name, b) = (
                self.state.config.clone(),
                who.0.clone(),
                orgname.0.clone(),
                body.clone(),
            );
            let (org, robot, start) = self
                .state
                .store
                .read(move |tx| {
                    let (org, _) = target(tx, &cfg, &w, &name, false)?;
                    let robot =
                        robot_of(tx, &name, &text(&b, "robot_username").unwrap_or_default())?;
                    let start = start_date(&text(&b, "sync_start_date").unwrap_or_default())?;
                    Ok((org, robot, start))
                })
                .await?;
            let url = text(&body, "external_registry_url").unwrap_or_default();
            check_url(&self.state, &url).await?;
            let (cfg, who) = (self.state.config.clone(), who.0.clone());
            self.state
                .store
                .write(move |tx| {
                    if store::holds_repositories(tx, org.id)? {
                        return Err(QuayError::invalid_request(NOT_EMPTY));
                    }
                    if cfg.FEATURE_PROXY_CACHE
                        && organization::proxy_config(tx, &org.name)?.is_some()
                    {
                        return Err(QuayError::invalid_request(HAS_PROXY_CACHE));
                    }
                    if store::get(tx, org.id)?.is_some() {
                        return Err(QuayError::invalid_request(EXISTS));
                    }
                    let m = OrgMirror {
                        org_id: org.id,
                        is_enabled: body["is_enabled"].as_bool().unwrap_or(true),
                        registry_type: text(&body, "external_registry_type").unwrap_or_default(),
                        registry_url: url,
                        external_namespace: text(&body, "external_namespace").unwrap_or_default(),
                        username: credential(&body, "external_registry_username"),
                        password: credential(&body, "external_registry_password"),
                        registry_config: match &body["external_registry_config"] {
                            Value::Object(o) => Value::Object(o.clone()),
                            _ => json!({}),
                        },
                        robot_id: robot.0,
                        robot_name: robot.1,
                        repository_filters: match &body["repository_filters"] {
                            Value::Array(a) => Value::Array(a.clone()),
                            _ => json!([]),
                        },
                        visibility: text(&body, "visibility").unwrap_or_default(),
                        sync_interval: body["sync_interval"].as_i64().unwrap_or_default(),
                        sync_start_date: Some(start),
                        sync_expiration_date: None,
                        sync_retries_remaining: 3,
                        sync_status: "NEVER_RUN".into(),
                        skopeo_timeout: body["skopeo_timeout"].as_i64().unwrap_or(300),
                        created_at: String::new(),
                    };
                    store::save(tx, &m)?;
                    log(
                        tx,
                        &who,
                        &org,
                        "org_mirror_enabled",
                        json!({
                            "external_registry_type": m.registry_type,
                            "external_registry_url": m.registry_url,
                            "external_namespace": m.external_namespace,
                            "sync_interval": m.sync_interval,
                            "robot_username": body["robot_username"],
                        }),
                    )?;
                    Ok(EmptyJsonString::Empty)
                })
                .await
        }
        .await;
        result.into()
    }

    /// Change an organization's mirror configuration
    #[oai(
        path = "/api/v1/organization/:orgname/mirror",
        method = "put",
        operation_id = "updateOrgMirrorConfig"
    )]
    async fn update_org_mirror_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<OrgMirrorConfigChanges>,
    ) -> Reply<Ok200<EmptyJsonString>, (E400<BadRequestError>, E401Api, E403W, E404, E415, E503)>
    {
        let result = async {
            let values = body.checked()?;
            let fields = body.keys_in_order();
            let (cfg, w, name) = (self.state.config.clone(), who.0.clone(), orgname.0.clone());
            self.state
                .store
                .read(move |tx| {
                    let (_, mirror) = target(tx, &cfg, &w, &name, false)?;
                    mirror.map(|_| ()).ok_or_else(QuayError::not_found)
                })
                .await?;
            if let Some(url) = values.get("external_registry_url").and_then(Value::as_str) {
                check_url(&self.state, url).await?;
            }
            let (cfg, who, name) = (self.state.config.clone(), who.0.clone(), orgname.0);
            self.state
                .store
                .write(move |tx| {
                    let (org, mirror) = target(tx, &cfg, &who, &name, false)?;
                    let mut m = mirror.ok_or_else(QuayError::not_found)?;
                    let old_reference = m.external_reference();
                    if let Some(enabled) = values.get("is_enabled").and_then(Value::as_bool) {
                        m.is_enabled = enabled;
                    }
                    if let Some(url) = text(&values, "external_registry_url") {
                        m.registry_url = url;
                    }
                    if let Some(ns) = text(&values, "external_namespace") {
                        m.external_namespace = ns;
                    }
                    if let Some(robot) = text(&values, "robot_username") {
                        (m.robot_id, m.robot_name) = robot_of(tx, &name, &robot)?;
                    }
                    if let Some(visibility) = text(&values, "visibility") {
                        m.visibility = visibility;
                    }
                    if let Some(interval) = values.get("sync_interval").and_then(Value::as_i64) {
                        m.sync_interval = interval;
                    }
                    if let Some(date) = values.get("sync_start_date") {
                        m.sync_start_date = Some(start_date(date.as_str().unwrap_or_default())?);
                    }
                    if values.get("external_registry_username").is_some() {
                        m.username = credential(&values, "external_registry_username");
                    }
                    if values.get("external_registry_password").is_some() {
                        m.password = credential(&values, "external_registry_password");
                    }
                    if let Some(config) = values.get("external_registry_config") {
                        m.registry_config = config.clone();
                    }
                    if let Some(filters) = values.get("repository_filters") {
                        m.repository_filters = filters.clone();
                    }
                    if let Some(timeout) = values.get("skopeo_timeout").and_then(Value::as_i64) {
                        m.skopeo_timeout = timeout;
                    }
                    store::save(tx, &m)?;
                    log(
                        tx,
                        &who,
                        &org,
                        "org_mirror_config_changed",
                        json!({
                            "updated_fields": fields,
                            "old_external_reference": old_reference,
                            "external_reference": m.external_reference(),
                        }),
                    )?;
                    Ok(EmptyJsonString::Empty)
                })
                .await
        }
        .await;
        result.into()
    }

    /// Delete an organization's mirror configuration
    #[oai(
        path = "/api/v1/organization/:orgname/mirror",
        method = "delete",
        operation_id = "deleteOrgMirrorConfig"
    )]
    async fn delete_org_mirror_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.change(&who, orgname.0, |tx, m| {
            store::delete(tx, m.org_id)?;
            Ok("org_mirror_disabled")
        })
        .await
        .into()
    }

    /// Start an organization mirror sync now
    #[oai(
        path = "/api/v1/organization/:orgname/mirror/sync-now",
        method = "post",
        operation_id = "syncOrgMirrorNow"
    )]
    async fn sync_org_mirror_now(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<NoContent204, (E400<crate::models::ApiError>, E401Api, E403W, E404, E503)> {
        self.change(&who, orgname.0, |tx, m| {
            if m.sync_status == "SYNCING" {
                return Err(QuayError::invalid_request(
                    "Cannot trigger sync: discovery is currently in progress.",
                ));
            }
            if store::active_repositories(tx, m.org_id)? > 0 {
                return Err(QuayError::invalid_request(
                    "Cannot trigger sync: repositories are still syncing. Cancel the current sync and wait for all repositories to reach a terminal state before triggering a new sync.",
                ));
            }
            let mut m = m.clone();
            m.sync_status = "SYNC_NOW".into();
            m.sync_start_date = Some(db_form(&Utc::now()));
            m.sync_expiration_date = None;
            m.sync_retries_remaining = m.sync_retries_remaining.max(1);
            store::save(tx, &m)?;
            Ok("org_mirror_sync_now_requested")
        })
        .await
        .into()
    }

    /// Cancel an organization mirror sync
    #[oai(
        path = "/api/v1/organization/:orgname/mirror/sync-cancel",
        method = "post",
        operation_id = "cancelOrgMirrorSync"
    )]
    async fn cancel_org_mirror_sync(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<NoContent204, (E400<crate::models::ApiError>, E401Api, E403W, E404, E503)> {
        self.change(&who, orgname.0, |tx, m| {
            if m.sync_status == "CANCEL" {
                return Err(QuayError::invalid_request(
                    "Cannot cancel: mirror is already cancelled",
                ));
            }
            let mut m = m.clone();
            m.sync_status = "CANCEL".into();
            m.sync_expiration_date = Some(db_form(&Utc::now()));
            m.sync_retries_remaining = 0;
            store::save(tx, &m)?;
            Ok("org_mirror_sync_cancelled")
        })
        .await
        .into()
    }

    /// Test the connection to an organization mirror's source
    #[oai(
        path = "/api/v1/organization/:orgname/mirror/verify",
        method = "post",
        operation_id = "verifyOrgMirrorConnection"
    )]
    async fn verify_org_mirror_connection(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrgMirrorVerification>, (E401Api, E403W, E404, E503)> {
        let result = async {
            let (cfg, w) = (self.state.config.clone(), who.0.clone());
            let mirror = self
                .state
                .store
                .read(move |tx| {
                    let (_, mirror) = target(tx, &cfg, &w, &orgname.0, false)?;
                    mirror.ok_or_else(QuayError::not_found)
                })
                .await?;
            let (success, message) = verify::test_connection(&self.state, &mirror).await;
            Ok(OrgMirrorVerification { success, message })
        }
        .await;
        result.into()
    }

    /// List an organization mirror's discovered repositories
    #[oai(
        path = "/api/v1/organization/:orgname/mirror/repositories",
        method = "get",
        operation_id = "listOrgMirrorRepositories"
    )]
    async fn list_org_mirror_repositories(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        page: Query<Option<LooseInt>>,
        limit: Query<Option<LooseInt>>,
        status: Query<Option<String>>,
    ) -> Reply<Ok200<OrgMirrorRepositoryList>, (E400<crate::models::ApiError>, E401, E403, E404)>
    {
        // Flask's `type=int`: a value that is no integer is the default.
        let page = page.0.and_then(|p| p.0).unwrap_or(1).max(1);
        let limit = match limit.0.and_then(|l| l.0).unwrap_or(100).min(500) {
            l if l < 1 => 100,
            l => l,
        };
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .read(move |tx| {
                let (org, mirror) = target(tx, &cfg, &who, &orgname.0, true)?;
                mirror.ok_or_else(QuayError::not_found)?;
                let status = match status.0 {
                    None => None,
                    Some(s) => Some(
                        REPO_STATUSES
                            .into_iter()
                            .find(|v| v.eq_ignore_ascii_case(&s))
                            .ok_or_else(|| {
                                QuayError::invalid_request(format!(
                                    "Invalid status filter '{s}'. Valid values: {}",
                                    REPO_STATUSES.join(", ")
                                ))
                            })?,
                    ),
                };
                let (rows, total) =
                    store::discovered(tx, org.id, status, limit, (page - 1) * limit)?;
                Ok(OrgMirrorRepositoryList {
                    repositories: rows
                        .into_iter()
                        .map(|r| OrgMirrorRepository {
                            quay_repository: r.linked.then(|| format!("{}/{}", orgname.0, r.name)),
                            sync_status: OrgMirrorRepoStatus::parse(&r.sync_status)
                                .unwrap_or(OrgMirrorRepoStatus::NeverRun),
                            discovery_date: stored_iso_z(&r.discovery_date).unwrap_or_default(),
                            last_sync_date: r.last_sync_date.as_deref().and_then(stored_iso_z),
                            status_message: r.status_message,
                            name: r.name,
                        })
                        .collect(),
                    page,
                    limit,
                    total,
                    has_next: page * limit < total,
                })
            })
            .await
            .into()
    }
}

impl OrgMirrorApi {
    /// A write on the configuration (delete, sync now, cancel): the rights, the organization
    /// and its configuration (404), `f`, and the entry of the kind `f` answers, naming the
    /// source.
    async fn change(
        &self,
        who: &Arc<Identity>,
        orgname: String,
        f: impl FnOnce(&Transaction<'_>, &OrgMirror) -> Result<&'static str, QuayError> + Send + 'static,
    ) -> Result<(), QuayError> {
        let (cfg, who) = (self.state.config.clone(), who.clone());
        self.state
            .store
            .write(move |tx| {
                let (org, mirror) = target(tx, &cfg, &who, &orgname, false)?;
                let m = mirror.ok_or_else(QuayError::not_found)?;
                let kind = f(tx, &m)?;
                log(
                    tx,
                    &who,
                    &org,
                    kind,
                    json!({"external_reference": m.external_reference()}),
                )
            })
            .await
    }
}
