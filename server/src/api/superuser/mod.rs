//! The `superuser` tag: the superuser panel (users, organizations, the registry-wide audit log,
//! service keys, namespace quotas, builds, the registry size, every user's app-specific tokens,
//! the change log, mirror health). Four `#[OpenApi]` types share the tag: [`SuperuserApi`] (this
//! module and `accounts`), [`SuperuserKeysApi`] (`keys`), [`SuperuserQuotaApi`] (`quotas`) and
//! [`SuperuserMirrorApi`] (`mirror`).
//!
//! Rights (reference 3): *SU-read* operations accept a regular superuser whose token has
//! `super:user` or a global read-only superuser (any token); *SU-write* operations only the
//! former. Anonymous callers get 401 on reads (writes never get here: the middleware answers the
//! CSRF 403), other users 403. Request bodies are validated before the rights check, with the
//! texts Quay's jsonschema 3.2 produces ([`crate::body::schema`]).
//!
//! What this server does not have: builds (no build UUID ever matches, so the four build
//! operations answer what Quay answers for an unknown build), blob storage and the workers (the registry size
//! is always 0, and a queued calculation stays queued, as in a Quay without its workers), e-mail (no
//! confirmation mail is sent by createInstallUser).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};

use super::{ApiTags, AppState};
use crate::api::appspecifictokens::token_list;
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    ApiError, AppTokenList, BuildLogs, ChangeLog, CreateInstallUser, CreatedInstallUser,
    LiveBuildLogs, RegistrySize, RegistrySizeQueued, RepositoryBuild, SuperUserLogList,
    SuperUserOrg, SuperUserOrgList, SuperUserUpdateOrg, SuperUserUser, SuperUserUserList,
    TakenNamespace, UpdateInstallUser,
};
use crate::params::{Lenient, TruthyBool, truthy};
use crate::reply::{
    E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, QueuedOrRunning, Reply,
};

mod accounts;
pub mod instance_key;
mod keys;
mod mirror;
mod quotas;
mod support;

pub use keys::SuperuserKeysApi;
pub use mirror::SuperuserMirrorApi;
pub use quotas::SuperuserQuotaApi;
pub(crate) use support::encrypt_user_password;
use support::*;

/// The `superuser` tag's operations, by sub-area.
pub type Apis = (
    SuperuserApi,
    SuperuserKeysApi,
    SuperuserQuotaApi,
    SuperuserMirrorApi,
);

/// Every sub-area of the panel over `state`.
pub fn apis(state: &AppState) -> Apis {
    (
        SuperuserApi::new(state.clone()),
        SuperuserKeysApi::new(state.clone()),
        SuperuserQuotaApi::new(state.clone()),
        SuperuserMirrorApi::new(state.clone()),
    )
}

/// The panel's users, organizations, logs, builds and registry size.
pub struct SuperuserApi {
    pub(super) state: AppState,
}

impl SuperuserApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

// ------------------------------------------------------------------------------------------
// Request plumbing

/// What getChangeLog answers: this server's own change log.
const CHANGELOG: &str = include_str!("../../../../CHANGELOG.md");

/// Quay's answer for a build UUID that matches no build (this server runs no builds).
fn unknown_build(uuid: &str) -> QuayError {
    QuayError::invalid_response(format!("Unable to locate a build by id: {uuid}"))
}

impl SuperuserApi {
    /// SU-read, then the build `uuid` of any repository as the caller sees it (`unknown` for a
    /// UUID no build has).
    async fn any_build(
        &self,
        who: Arc<Identity>,
        uuid: String,
        unknown: fn(&str) -> QuayError,
    ) -> Result<RepositoryBuild, QuayError> {
        su_read(&who, &self.state.config)?;
        let base = crate::error::request_base();
        self.state
            .store
            .read(move |tx| {
                let build = crate::store::build::get(tx, &uuid)?.ok_or_else(|| unknown(&uuid))?;
                crate::api::build::view::build(tx, &base, &who, build)
            })
            .await
    }
}

#[OpenApi(tag = "ApiTags::Superuser")]
impl SuperuserApi {
    /// List all users
    ///
    /// Users of the registry (no robots, no organizations), with `limit` paged by id; SU-read.
    #[oai(
        path = "/api/v1/superuser/users/",
        method = "get",
        operation_id = "listAllUsers"
    )]
    async fn list_all_users(
        &self,
        who: Data<&Arc<Identity>>,
        disabled: Query<Option<TruthyBool>>,
        limit: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserUserList>, (E400, E401, E403)> {
        self.list_users(
            who.0.clone(),
            truthy(&disabled.0, true),
            limit.0,
            next_page.0,
        )
        .await
        .into()
    }

    /// Create a user
    ///
    /// Creates a user with a generated 32-character password, returned once; SU-write.
    #[oai(
        path = "/api/v1/superuser/users/",
        method = "post",
        operation_id = "createInstallUser"
    )]
    async fn create_install_user(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<CreateInstallUser>,
    ) -> Reply<Ok200<CreatedInstallUser>, (E400, E401, E403W, E415, E503)> {
        self.create_user(who.0.clone(), body).await.into()
    }

    /// Delete a user
    ///
    /// Deletes a user (not a superuser); SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:username",
        method = "delete",
        operation_id = "deleteInstallUser"
    )]
    async fn delete_install_user(
        &self,
        who: Data<&Arc<Identity>>,
        username: Path<String>,
    ) -> Reply<NoContent204, (E400<ApiError>, E401, E403W, E404, E503)> {
        self.delete_user(who.0.clone(), username.0).await.into()
    }

    /// List the registry's audit log
    ///
    /// Every area's log entries between two days, newest first, 20 a page; SU-read.
    #[oai(
        path = "/api/v1/superuser/logs",
        method = "get",
        operation_id = "listAllLogs"
    )]
    async fn list_all_logs(
        &self,
        who: Data<&Arc<Identity>>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        #[allow(unused_variables)] page: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserLogList>, (E400<crate::models::MessageError>, E401, E403)> {
        self.list_logs(who.0.clone(), starttime.0, endtime.0, next_page.0)
            .await
            .into()
    }

    /// Count the registry's log entries per day and kind
    ///
    /// SU-read; more than 31 days is 400 (Quay crashes).
    #[oai(
        path = "/api/v1/superuser/aggregatelogs",
        method = "get",
        operation_id = "listAllAggregateLogs"
    )]
    async fn list_all_aggregate_logs(
        &self,
        who: Data<&Arc<Identity>>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
    ) -> Reply<
        Ok200<crate::models::AggregatedLogs>,
        (E400<crate::models::MessageError>, E401, E403, E404),
    > {
        let result = async {
            su_read(&who, &self.state.config)?;
            if self.state.config.is_quay_io() {
                return Err(QuayError::not_found());
            }
            let range = crate::api::logs::raw_range(starttime.0.as_deref(), endtime.0.as_deref());
            self.state
                .store
                .read(move |tx| {
                    crate::api::logs::aggregated(
                        tx,
                        &crate::store::logs::LogFilter::default(),
                        range,
                    )
                })
                .await
        }
        .await;
        result.into()
    }

    /// Get a user
    ///
    /// The panel's view of one user (not a robot or an organization); SU-read.
    #[oai(
        path = "/api/v1/superuser/users/:username",
        method = "get",
        operation_id = "getInstallUser"
    )]
    async fn get_install_user(
        &self,
        who: Data<&Arc<Identity>>,
        username: Path<String>,
    ) -> Reply<Ok200<SuperUserUser>, (E401, E403, E404)> {
        let result = async {
            let cfg = self.state.config.clone();
            su_read(&who, &cfg)?;
            if cfg.is_quay_io() {
                return Err(QuayError::not_found());
            }
            let name = username.0;
            self.state
                .store
                .read(move |tx| {
                    let user = crate::store::namespace::by_name_kind(tx, &name, "user")?
                        .ok_or_else(QuayError::not_found)?;
                    user_view(tx, &cfg, &user)
                })
                .await
        }
        .await;
        result.into()
    }

    /// List all organizations
    ///
    /// Organizations of the registry, with `limit` paged by id; SU-read.
    #[oai(
        path = "/api/v1/superuser/organizations/",
        method = "get",
        operation_id = "listAllOrganizations"
    )]
    async fn list_all_organizations(
        &self,
        who: Data<&Arc<Identity>>,
        limit: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserOrgList>, (E400, E401, E403)> {
        self.list_orgs(who.0.clone(), limit.0, next_page.0)
            .await
            .into()
    }

    /// Rename an organization
    ///
    /// Renames an organization and its robots (`{}` changes nothing); SU-write.
    #[oai(
        path = "/api/v1/superuser/organizations/:name",
        method = "put",
        operation_id = "changeOrganization"
    )]
    async fn change_organization(
        &self,
        who: Data<&Arc<Identity>>,
        name: Path<String>,
        body: Body<SuperUserUpdateOrg>,
    ) -> Reply<Ok200<SuperUserOrg>, (E400, E401, E403W, E415, E503)> {
        self.change_org(who.0.clone(), name.0, body).await.into()
    }

    /// Delete an organization
    ///
    /// Deletes an organization and everything it owns; SU-write.
    #[oai(
        path = "/api/v1/superuser/organizations/:name",
        method = "delete",
        operation_id = "deleteOrganization"
    )]
    async fn delete_organization(
        &self,
        who: Data<&Arc<Identity>>,
        name: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        self.delete_org(who.0.clone(), name.0).await.into()
    }

    /// Get a build's status
    ///
    /// Any repository's build by UUID (the decoded view Quay means; unknown: 400
    /// `invalid_response`); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/status",
        method = "get",
        operation_id = "getRepoBuildStatusSuperUser"
    )]
    async fn get_repo_build_status_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        build_uuid: Path<String>,
    ) -> Reply<Ok200<RepositoryBuild>, (E400<ApiError>, E401, E403)> {
        self.any_build(who.0.clone(), build_uuid.0, unknown_build)
            .await
            .into()
    }

    /// Get a build
    ///
    /// Any repository's build by UUID (unknown: 404); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/build",
        method = "get",
        operation_id = "getRepoBuildSuperUser"
    )]
    async fn get_repo_build_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        build_uuid: Path<String>,
    ) -> Reply<Ok200<RepositoryBuild>, (E401, E403, E404)> {
        self.any_build(who.0.clone(), build_uuid.0, |_| QuayError::not_found())
            .await
            .into()
    }

    /// Get a build's logs
    ///
    /// Any repository's build's logs by UUID: empty, as no build worker wrote any (unknown:
    /// 400 `invalid_response`); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/logs",
        method = "get",
        operation_id = "getRepoBuildLogsSuperUser"
    )]
    async fn get_repo_build_logs_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        build_uuid: Path<String>,
        start: Query<Option<Lenient<i64>>>,
    ) -> Reply<Ok200<BuildLogs>, (E400<ApiError>, E401, E403)> {
        let result = self
            .any_build(who.0.clone(), build_uuid.0, unknown_build)
            .await
            .and_then(|_| {
                // Quay's `int(start)` crashes on anything else; what it means is a 400.
                let start = match &start.0 {
                    None => 0,
                    Some(v) => crate::params::python_int_saturating(&v.0)
                        .ok_or_else(|| QuayError::invalid_request("start must be an integer"))?,
                };
                Ok(BuildLogs::LiveBuildLogs(crate::models::LiveBuildLogs {
                    start,
                    total: 0,
                    logs: Vec::new(),
                }))
            });
        result.into()
    }

    /// Get the registry size
    ///
    /// The size of the registry as last computed, and whether a calculation is queued or
    /// running. No size worker runs here (as in a Quay without its workers): a queued
    /// calculation stays queued. SU-read.
    #[oai(
        path = "/api/v1/superuser/registrysize/",
        method = "get",
        operation_id = "getRegistrySize"
    )]
    async fn get_registry_size(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<RegistrySize>, (E401, E403)> {
        self.registry_size(who.0.clone()).await.into()
    }

    /// Queue a registry size calculation
    ///
    /// 201 when newly queued, 202 when already queued; completed by the next getRegistrySize.
    /// SU-write.
    #[oai(
        path = "/api/v1/superuser/registrysize/",
        method = "post",
        operation_id = "queueRegistrySizeCalculation"
    )]
    async fn queue_registry_size_calculation(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<QueuedOrRunning<RegistrySizeQueued>, (E400<ApiError>, E401, E403W, E503)> {
        self.queue_registry_size(who.0.clone()).await.into()
    }

    /// Change a user
    ///
    /// Changes a user's password, e-mail address or enabled state; answers the user as it was
    /// before, with the new e-mail and an encrypted password. SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:username",
        method = "put",
        operation_id = "changeInstallUser"
    )]
    async fn change_install_user(
        &self,
        who: Data<&Arc<Identity>>,
        username: Path<String>,
        body: Body<UpdateInstallUser>,
    ) -> Reply<Ok200<SuperUserUser>, (E400, E401, E403W, E404, E415, E503)> {
        let result = async {
            if self.state.config.is_quay_io() {
                return Err(QuayError::not_found());
            }
            self.change_user(who.0.clone(), username.0, body).await
        }
        .await;
        result.into()
    }

    /// Take ownership of a namespace
    ///
    /// Adds the caller to an admin team of an organization, or converts a user into an
    /// organization owned by the caller. SU-write; internal.
    #[oai(
        path = "/api/v1/superuser/takeownership/:namespace",
        method = "post",
        operation_id = "takeOwnership"
    )]
    async fn take_ownership_of(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
    ) -> Reply<Ok200<TakenNamespace>, (E400<ApiError>, E401, E403W, E404, E503)> {
        let result = async {
            if self.state.config.is_quay_io() {
                return Err(QuayError::not_found());
            }
            self.take_ownership(who.0.clone(), namespace.0).await
        }
        .await;
        result.into()
    }

    /// Get the installation's change log
    ///
    /// This server's own change log; SU-read; internal.
    #[oai(
        path = "/api/v1/superuser/changelog/",
        method = "get",
        operation_id = "getChangeLog"
    )]
    async fn get_change_log(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<ChangeLog>, (E401, E403, E404)> {
        let result = (|| {
            if self.state.config.is_quay_io() {
                return Err(QuayError::not_found());
            }
            su_read(who.0, &self.state.config)?;
            Ok(ChangeLog {
                log: CHANGELOG.to_string(),
            })
        })();
        result.into()
    }

    /// List every user's app-specific tokens
    ///
    /// Every token without its code (`expiring`: only those expiring soon); global read-only
    /// superusers, or superusers with full access.
    #[oai(
        path = "/api/v1/superuser/apptokens",
        method = "get",
        operation_id = "listAllAppTokens"
    )]
    async fn list_all_app_tokens(
        &self,
        who: Data<&Arc<Identity>>,
        expiring: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<AppTokenList>, (E401, E403)> {
        let result = async {
            let cfg = &self.state.config;
            if !(who.is_global_readonly(cfg) || who.has_full_access(cfg)) {
                return Err(who.refuse());
            }
            token_list(&self.state, None, expiring.0).await
        }
        .await;
        result.into()
    }

    /// Get a build's archived logs
    ///
    /// This server runs no builds: every UUID is unknown (400 `invalid_response`); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/logs/archive",
        method = "get",
        operation_id = "getRepoBuildLogsArchiveSuperUser"
    )]
    async fn get_repo_build_logs_archive_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        build_uuid: Path<String>,
    ) -> Reply<Ok200<LiveBuildLogs>, (E400<ApiError>, E401, E403)> {
        // No build worker ever archives logs here: a known build's archive is missing, which
        // Quay means to answer with this 400 (it crashes streaming the missing file instead).
        let result = self
            .any_build(who.0.clone(), build_uuid.0, unknown_build)
            .await
            .and_then(|_| Err(QuayError::invalid_response("Archived logs not available")));
        result.into()
    }
}
