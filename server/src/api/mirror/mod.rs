//! The `mirror` tag: a repository's mirror configuration and its syncs (Quay's
//! `endpoints/api/mirror.py`).
//!
//! Every operation is `require_repo_admin(allow_for_superuser=True)` (the read also admits
//! global read-only superusers), checked before the body and before the repository is looked
//! up. No mirror worker runs here: a configuration stays scheduled, `syncNow` requests a sync
//! and `syncCancel` cancels it, as the API moves them in Quay. What the bodies may hold and
//! how Quay checks it lives in the `checks` module.

use std::sync::Arc;

use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::types::ParseFromJSON;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{Identity, require_repo_admin};
use crate::body::{Body, QuayBody, string_list};
use crate::error::QuayError;
use crate::models::{
    DetailError, EmptyJsonString, MirrorBadRequestError, NewRepoMirrorConfig, RepoMirrorConfig,
    RepoMirrorConfigChanges, RepoMirrorRegistryConfig, RepoMirrorRule, RepoMirrorRuleKind,
    RepoMirrorStatus, RepoMirrorType,
};
use crate::reply::{
    Created201, E400, E401, E401Api, E403, E403W, E404, E415, E503, EJson, NoContent204, Ok200,
    Reply,
};
use crate::store::mirror::{self as store, MAX_SYNC_RETRIES, Mirror};
use crate::store::namespace;
use crate::store::repository::{self as repo_store, Repo};
use crate::time::stored_iso_z;

mod changes;
mod checks;

/// Operations of the `mirror` tag.
pub struct MirrorApi {
    state: AppState,
}

impl MirrorApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// A `repo_mirror_config_changed` entry, as Quay's `track_and_log` writes it.
pub(crate) fn log_change(
    tx: &Transaction<'_>,
    who: &Identity,
    agent: &str,
    repo: &Repo,
    changed: &str,
    to: Value,
) -> Result<(), QuayError> {
    namespace::log(
        tx,
        "repo_mirror_config_changed",
        who.user_id(),
        Some(repo.namespace_id),
        json!({
            "repo": repo.name,
            "namespace": repo.namespace,
            "user-agent": agent,
            "changed": changed,
            "to": to,
            "username": who.username(),
        }),
    )
}

/// The mirror configuration as getRepoMirrorConfig shows it (never the password).
fn view(m: Mirror) -> RepoMirrorConfig {
    let date = |d: Option<String>| d.as_deref().and_then(stored_iso_z);
    RepoMirrorConfig {
        is_enabled: m.is_enabled,
        mirror_type: RepoMirrorType::Pull,
        external_reference: m.external_reference,
        external_registry_username: m.username,
        external_registry_config: RepoMirrorRegistryConfig::parse_from_json(Some(
            m.registry_config,
        ))
        .unwrap_or(RepoMirrorRegistryConfig {
            verify_tls: None,
            unsigned_images: None,
            proxy: None,
        }),
        sync_interval: m.sync_interval,
        sync_start_date: date(m.sync_start_date),
        sync_expiration_date: date(m.sync_expiration_date),
        sync_retries_remaining: m.sync_retries_remaining,
        sync_status: RepoMirrorStatus::parse(&m.sync_status).unwrap_or(RepoMirrorStatus::NeverRun),
        root_rule: RepoMirrorRule {
            rule_kind: RepoMirrorRuleKind::TagGlobCsv,
            rule_value: string_list(&m.rule_value),
        },
        robot_username: m.robot_name,
        skopeo_timeout_interval: m.skopeo_timeout,
        architecture_filter: string_list(&m.architecture_filter),
    }
}

/// The rights, then the repository (404 when missing) and its mirror configuration.
fn target(
    tx: &Transaction<'_>,
    state: &AppState,
    who: &Identity,
    repository: &str,
    read: bool,
) -> Result<(Repo, Option<Mirror>), QuayError> {
    let repo = require_repo_admin(tx, &state.config, who, repository, read)?
        .ok_or_else(QuayError::not_found)?;
    let mirror = store::get(tx, repo.id)?;
    Ok((repo, mirror))
}

type MirrorBadRequest = E400<MirrorBadRequestError>;
type Conflict = EJson<409, DetailError>;

#[OpenApi(tag = "ApiTags::Mirror")]
impl MirrorApi {
    /// Get a repository's mirror configuration
    #[oai(
        path = "/api/v1/repository/:repository/mirror",
        method = "get",
        operation_id = "getRepoMirrorConfig"
    )]
    async fn get_repo_mirror_config(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
    ) -> Reply<Ok200<RepoMirrorConfig>, (E401, E403, E404)> {
        let (state, who) = (self.state.clone(), who.0.clone());
        let result = self
            .state
            .store
            .read(move |tx| {
                let (_, mirror) = target(tx, &state, &who, &repository.0, true)?;
                mirror.map(view).ok_or_else(QuayError::not_found)
            })
            .await;
        result.into()
    }

    /// Create a repository's mirror configuration
    #[oai(
        path = "/api/v1/repository/:repository/mirror",
        method = "post",
        operation_id = "createRepoMirrorConfig"
    )]
    async fn create_repo_mirror_config(
        &self,
        req: &Request,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        body: Body<NewRepoMirrorConfig>,
    ) -> Reply<
        Created201<EmptyJsonString>,
        (MirrorBadRequest, E401Api, E403W, E404, Conflict, E415, E503),
    > {
        let agent = crate::api::user_agent(req);
        let result = async {
            let (body, repo, existing) = self.write_target(&who, repository.0, &body).await?;
            if existing.is_some() {
                return Err(already_exists(&repo));
            }
            let new = checks::new_config(&self.state, &body).await?;
            let who = who.0.clone();
            self.state
                .store
                .write(move |tx| {
                    if store::get(tx, repo.id)?.is_some() {
                        return Err(already_exists(&repo));
                    }
                    let robot = checks::mirroring_robot(tx, &repo, new.robot.as_deref())?;
                    let reference = new.external_reference.clone();
                    store::save(tx, &new.into_mirror(repo.id, robot))?;
                    repo_store::set_state(tx, repo.id, "MIRROR")?;
                    log_change(
                        tx,
                        &who,
                        &agent,
                        &repo,
                        "external_reference",
                        json!(reference),
                    )?;
                    Ok(EmptyJsonString::Empty)
                })
                .await
        }
        .await;
        result.into()
    }

    /// Change a repository's mirror configuration
    #[oai(
        path = "/api/v1/repository/:repository/mirror",
        method = "put",
        operation_id = "changeRepoMirrorConfig"
    )]
    async fn change_repo_mirror_config(
        &self,
        req: &Request,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        body: Body<RepoMirrorConfigChanges>,
    ) -> Reply<Created201<EmptyJsonString>, (MirrorBadRequest, E401Api, E403W, E404, E415, E503)>
    {
        let agent = crate::api::user_agent(req);
        let result = async {
            let (body, repo, existing) = self.write_target(&who, repository.0, &body).await?;
            if existing.is_none() {
                return Err(QuayError::not_found());
            }
            let changes = changes::Changes::checked(&self.state, body).await?;
            let who = who.0.clone();
            self.state
                .store
                .write(move |tx| {
                    let mirror = store::get(tx, repo.id)?.ok_or_else(QuayError::not_found)?;
                    changes.apply(tx, &who, &agent, &repo, mirror)?;
                    Ok(EmptyJsonString::Empty)
                })
                .await
        }
        .await;
        result.into()
    }

    /// Start a mirror sync now
    #[oai(
        path = "/api/v1/repository/:repository/mirror/sync-now",
        method = "post",
        operation_id = "syncNow"
    )]
    async fn sync_now(
        &self,
        req: &Request,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.set_sync(req, &who, repository.0, SyncChange::Now)
            .await
            .into()
    }

    /// Cancel a mirror sync
    #[oai(
        path = "/api/v1/repository/:repository/mirror/sync-cancel",
        method = "post",
        operation_id = "syncCancel"
    )]
    async fn sync_cancel(
        &self,
        req: &Request,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.set_sync(req, &who, repository.0, SyncChange::Cancel)
            .await
            .into()
    }
}

/// Quay's 409 (with its typo) for a second configuration.
fn already_exists(repo: &Repo) -> QuayError {
    QuayError::bare_detail(
        409,
        format!(
            "Mirror configuration already exits for repository {}/{}",
            repo.namespace, repo.name
        ),
    )
}

/// What syncNow and syncCancel do to the sync status.
#[derive(Clone, Copy)]
enum SyncChange {
    Now,
    Cancel,
}

impl MirrorApi {
    /// A write with a body, in Quay's order: the rights, the body's schema, the repository
    /// (404); the body, the repository and its mirror configuration.
    async fn write_target<T: QuayBody>(
        &self,
        who: &Arc<Identity>,
        repository: String,
        body: &Body<T>,
    ) -> Result<(Value, Repo, Option<Mirror>), QuayError> {
        let (state, who) = (self.state.clone(), who.clone());
        let rights = self
            .state
            .store
            .read(move |tx| require_repo_admin(tx, &state.config, &who, &repository, false))
            .await?;
        let body = body.checked()?;
        let repo = rights.ok_or_else(QuayError::not_found)?;
        let (id, ns) = (repo.id, repo.namespace_id);
        let (mirror, org_mirrored) = self
            .state
            .store
            .read(move |tx| {
                Ok((
                    store::get(tx, id)?,
                    crate::store::org_mirror::mirrors(tx, ns)?,
                ))
            })
            .await?;
        // Whatever FEATURE_ORG_MIRROR says, as in Quay.
        if org_mirrored {
            return Err(QuayError::invalid_request(
                "Repository mirror configuration cannot be managed when organization-level mirroring is configured",
            ));
        }
        Ok((body, repo, mirror))
    }

    async fn set_sync(
        &self,
        req: &Request,
        who: &Arc<Identity>,
        repository: String,
        change: SyncChange,
    ) -> Result<(), QuayError> {
        let (state, who, agent) = (self.state.clone(), who.clone(), crate::api::user_agent(req));
        self.state
            .store
            .write(move |tx| {
                let (repo, mirror) = target(tx, &state, &who, &repository, false)?;
                let mut m = mirror.ok_or_else(QuayError::not_found)?;
                let status = RepoMirrorStatus::parse(&m.sync_status);
                let logged = match change {
                    // Refused only while a sync runs.
                    SyncChange::Now if status == Some(RepoMirrorStatus::Syncing) => {
                        return Err(QuayError::not_found());
                    }
                    SyncChange::Now => {
                        m.sync_status = "SYNC_NOW".into();
                        m.sync_retries_remaining = m.sync_retries_remaining.max(1);
                        "SYNC_NOW"
                    }
                    SyncChange::Cancel
                        if matches!(
                            status,
                            Some(RepoMirrorStatus::Syncing | RepoMirrorStatus::SyncNow)
                        ) =>
                    {
                        m.sync_status = "CANCEL".into();
                        m.sync_retries_remaining = 0;
                        "SYNC_CANCEL"
                    }
                    SyncChange::Cancel => return Err(QuayError::not_found()),
                };
                m.sync_expiration_date = None;
                store::save(tx, &m)?;
                log_change(tx, &who, &agent, &repo, "sync_status", json!(logged))
            })
            .await
    }
}

/// A new configuration's fields, checked ([`checks::new_config`]) but not yet stored.
pub(crate) struct NewMirror {
    pub is_enabled: bool,
    pub external_reference: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub registry_config: Value,
    pub architecture_filter: Value,
    pub sync_interval: i64,
    pub sync_start_date: String,
    pub rule_value: Value,
    pub skopeo_timeout: i64,
    pub robot: Option<String>,
}

impl NewMirror {
    fn into_mirror(self, repo_id: i64, robot: (i64, String)) -> Mirror {
        Mirror {
            repo_id,
            is_enabled: self.is_enabled,
            robot_id: robot.0,
            robot_name: robot.1,
            external_reference: self.external_reference,
            username: self.username,
            password: self.password,
            registry_config: self.registry_config,
            architecture_filter: self.architecture_filter,
            sync_interval: self.sync_interval,
            sync_start_date: Some(self.sync_start_date),
            sync_expiration_date: None,
            sync_retries_remaining: MAX_SYNC_RETRIES,
            sync_status: "NEVER_RUN".into(),
            rule_value: self.rule_value,
            skopeo_timeout: self.skopeo_timeout,
        }
    }
}
