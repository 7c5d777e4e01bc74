//! The `superuser` tag: the superuser panel (users, organizations, logs, service keys, quotas,
//! builds, registry size). Registered by Quay only when `FEATURE_SUPER_USERS` is on.
//!
//! Reads ("SU-read") are open to every superuser: a regular superuser whose token has
//! `super:user`, or a global read-only superuser with a token of any scope. Writes ("SU-write")
//! need a regular superuser and a token with `super:user`. Other callers get 403; reads without
//! a valid token 401, writes without a valid bearer token 403 (Quay's CSRF refusal). On a
//! server whose hostname contains `quay.io` most of these operations answer 404.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use futures_util::TryStreamExt;
//! use quay_sdk::{Client, api::AllUsersQuery, models::{CreateInstallUser, NewNamespaceQuota}};
//!
//! let quay = Client::new("https://quay.example.com", "superuser-token")?;
//! let su = quay.superuser();
//! let created = su.users().create(&CreateInstallUser::new("alice").email("alice@example.com")).await?;
//! println!("temporary password: {}", created.password.expose());
//! su.user_quota("alice").create(&NewNamespaceQuota::size("5 GiB")).await?;
//! let users: Vec<_> = su.users().list_stream(AllUsersQuery::new().limit(100)).try_collect().await?;
//! # Ok(()) }
//! ```

use futures_util::stream::BoxStream;

use crate::client::Client;
use crate::error::{Error, Result, snippet};
use crate::models::{
    ApproveServiceKey, BuildLogs, CreateInstallUser, CreateServiceKey, Created, CreatedInstallUser,
    CreatedServiceKey, LogEntry, NewNamespaceQuota, PutServiceKey, QuotaView, QuotaViewList,
    RegistrySize, RegistrySizeQueued, RepositoryBuild, ServiceKey, ServiceKeyList,
    SuperUserLogList, SuperUserOrg, SuperUserOrgList, SuperUserUpdateOrg, SuperUserUser,
    SuperUserUserList, UpdateNamespaceQuota,
};
use crate::operations as op;
use crate::pagination::paginate;
use crate::path::PathValue;

/// The superuser panel, from [`Client::superuser`].
#[derive(Debug, Clone)]
pub struct SuperuserHandler {
    pub(crate) client: Client,
}

impl Client {
    /// The superuser panel. Writes need a superuser's token with `super:user`.
    pub fn superuser(&self) -> SuperuserHandler {
        SuperuserHandler {
            client: self.clone(),
        }
    }
}

impl SuperuserHandler {
    /// Every user of the registry: list, create, delete.
    pub fn users(&self) -> SuperuserUsersHandler {
        SuperuserUsersHandler {
            client: self.client.clone(),
        }
    }

    /// Every organization of the registry: list, rename, delete.
    pub fn organizations(&self) -> SuperuserOrganizationsHandler {
        SuperuserOrganizationsHandler {
            client: self.client.clone(),
        }
    }

    /// The registry-wide audit log.
    pub fn logs(&self) -> SuperuserLogsHandler {
        SuperuserLogsHandler {
            client: self.client.clone(),
        }
    }

    /// The registry's service keys.
    pub fn service_keys(&self) -> SuperuserServiceKeysHandler {
        SuperuserServiceKeysHandler {
            client: self.client.clone(),
        }
    }

    /// The quota of the namespace `namespace` (a user or an organization) through the
    /// `/api/v1/superuser/users/{namespace}/quota` paths.
    pub fn user_quota(&self, namespace: impl Into<String>) -> SuperuserUserQuotaHandler {
        SuperuserUserQuotaHandler {
            client: self.client.clone(),
            namespace: namespace.into(),
        }
    }

    /// The quota of the namespace `namespace` (an organization or a user) through the
    /// `/api/v1/superuser/organization/{namespace}/quota` paths.
    pub fn organization_quota(
        &self,
        namespace: impl Into<String>,
    ) -> SuperuserOrganizationQuotaHandler {
        SuperuserOrganizationQuotaHandler {
            client: self.client.clone(),
            namespace: namespace.into(),
        }
    }

    /// The repository build with this UUID, whatever its repository.
    pub fn build(&self, uuid: impl Into<String>) -> SuperuserBuildHandler {
        SuperuserBuildHandler {
            client: self.client.clone(),
            uuid: uuid.into(),
        }
    }

    /// The size of the whole registry.
    pub fn registry_size(&self) -> SuperuserRegistrySizeHandler {
        SuperuserRegistrySizeHandler {
            client: self.client.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Users.

/// Query of `listAllUsers`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllUsersQuery {
    /// Whether disabled users are listed (Quay's default: true).
    pub disabled: Option<bool>,
    /// Page size, at most 100; turns paging on. Without it every user comes in one page.
    pub limit: Option<i64>,
}

impl AllUsersQuery {
    /// No parameters: every user, disabled ones included, in one response.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lists disabled users too (`true`, Quay's default) or only enabled ones (`false`).
    pub fn disabled(mut self, include: bool) -> Self {
        self.disabled = Some(include);
        self
    }

    /// Pages by `limit` users (at most 100).
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// The registry's users, from [`SuperuserHandler::users`].
#[derive(Debug, Clone)]
pub struct SuperuserUsersHandler {
    client: Client,
}

impl SuperuserUsersHandler {
    /// `listAllUsers`: one page of the registry's users (robots, organizations and users
    /// marked for deletion excluded). Without `limit` every user comes at once and there is no
    /// `next_page`; `next_page` is honoured only together with `limit`. SU-read. A `limit`
    /// above 100 is refused with 400.
    pub async fn list(
        &self,
        query: &AllUsersQuery,
        next_page: Option<&str>,
    ) -> Result<SuperUserUserList> {
        self.client
            .call(&op::LIST_ALL_USERS, &[])
            .query("disabled", query.disabled)
            .query("limit", query.limit)
            .query("next_page", next_page)
            .send()
            .await
    }

    /// Every user, following `next_page` (through [`list`](Self::list), `listAllUsers`);
    /// the query, `limit` included, is sent with every page.
    pub fn list_stream(&self, query: AllUsersQuery) -> BoxStream<'static, Result<SuperUserUser>> {
        let this = self.clone();
        paginate::<SuperUserUserList, _, _>(move |token| {
            let (this, query) = (this.clone(), query.clone());
            async move { this.list(&query, token.as_deref()).await }
        })
    }

    /// `createInstallUser`: creates a user with a generated 32-character password, returned
    /// only here (answered with 200). SU-write; needs `AUTHENTICATION_TYPE: Database` (else
    /// 400). A name already taken, or an invalid one, is a 400 `{"message"}`. With
    /// `FEATURE_MAILING` on the e-mail is required and the user must confirm it.
    pub async fn create(&self, body: &CreateInstallUser) -> Result<CreatedInstallUser> {
        self.client
            .call(&op::CREATE_INSTALL_USER, &[])
            .json(body)
            .send()
            .await
    }

    /// `deleteInstallUser`: marks the user `username` for deletion (a background worker
    /// removes it). SU-write. 404 for an unknown name (robots and organizations included),
    /// 400 for a superuser.
    pub async fn delete(&self, username: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_INSTALL_USER, &[PathValue::Segment(username)])
            .send_empty()
            .await
    }
}

// ---------------------------------------------------------------------------------------------
// Organizations.

/// Query of `listAllOrganizations`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllOrganizationsQuery {
    /// Page size, at most 100; turns paging on. Without it every organization comes at once.
    pub limit: Option<i64>,
}

impl AllOrganizationsQuery {
    /// No parameters: every organization in one response.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pages by `limit` organizations (at most 100).
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// The registry's organizations, from [`SuperuserHandler::organizations`].
#[derive(Debug, Clone)]
pub struct SuperuserOrganizationsHandler {
    client: Client,
}

impl SuperuserOrganizationsHandler {
    /// `listAllOrganizations`: one page of the registry's organizations (those marked for
    /// deletion excluded). Without `limit` every organization comes at once and there is no
    /// `next_page`. SU-read. A `limit` above 100 is refused with 400.
    pub async fn list(
        &self,
        query: &AllOrganizationsQuery,
        next_page: Option<&str>,
    ) -> Result<SuperUserOrgList> {
        self.client
            .call(&op::LIST_ALL_ORGANIZATIONS, &[])
            .query("limit", query.limit)
            .query("next_page", next_page)
            .send()
            .await
    }

    /// Every organization, following `next_page` (through [`list`](Self::list),
    /// `listAllOrganizations`); the query, `limit` included, is sent with every page.
    pub fn list_stream(
        &self,
        query: AllOrganizationsQuery,
    ) -> BoxStream<'static, Result<SuperUserOrg>> {
        let this = self.clone();
        paginate::<SuperUserOrgList, _, _>(move |token| {
            let (this, query) = (this.clone(), query.clone());
            async move { this.list(&query, token.as_deref()).await }
        })
    }

    /// `changeOrganization`: renames the organization `name` to `new_name` (its robots with
    /// it) and returns it. SU-write. An invalid new name is a 400 `{"message"}`; an unknown
    /// organization, or a new name already taken, crashes Quay (500, known defect).
    pub async fn rename(&self, name: &str, new_name: &str) -> Result<SuperUserOrg> {
        self.client
            .call(&op::CHANGE_ORGANIZATION, &[PathValue::Segment(name)])
            .json(&SuperUserUpdateOrg::new().name(new_name))
            .send()
            .await
    }

    /// `deleteOrganization`: marks the organization `name` for deletion (a background worker
    /// removes it). SU-write. 404 for an unknown (or already deleted) organization.
    pub async fn delete(&self, name: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_ORGANIZATION, &[PathValue::Segment(name)])
            .send_empty()
            .await
    }
}

// ---------------------------------------------------------------------------------------------
// Logs.

/// Query of `listAllLogs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogsQuery {
    /// Earliest day, `MM/DD/YYYY` (UTC). Quay's default (also for an unparsable value): now
    /// minus one day.
    pub starttime: Option<String>,
    /// Latest day, `MM/DD/YYYY` (UTC), inclusive. Quay's default (also for an unparsable
    /// value): today.
    pub endtime: Option<String>,
    /// Declared by Quay but ignored (deprecated): page with `next_page` instead.
    pub page: Option<i64>,
}

impl LogsQuery {
    /// No parameters: the last day or so.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the first day, `MM/DD/YYYY` (UTC).
    pub fn starttime(mut self, day: impl Into<String>) -> Self {
        self.starttime = Some(day.into());
        self
    }

    /// Sets the last day, `MM/DD/YYYY` (UTC), inclusive.
    pub fn endtime(mut self, day: impl Into<String>) -> Self {
        self.endtime = Some(day.into());
        self
    }
}

/// The registry-wide audit log, from [`SuperuserHandler::logs`].
#[derive(Debug, Clone)]
pub struct SuperuserLogsHandler {
    client: Client,
}

impl SuperuserLogsHandler {
    /// `listAllLogs`: one page (20 entries, newest first) of the audit log of the whole
    /// registry between two days. SU-read. When the logs backend cannot search, Quay answers
    /// an empty page with `search_unavailable`.
    pub async fn list(
        &self,
        query: &LogsQuery,
        next_page: Option<&str>,
    ) -> Result<SuperUserLogList> {
        self.client
            .call(&op::LIST_ALL_LOGS, &[])
            .query("starttime", query.starttime.as_deref())
            .query("endtime", query.endtime.as_deref())
            .query("page", query.page)
            .query("next_page", next_page)
            .send()
            .await
    }

    /// Every log entry of the range, following `next_page` (through [`list`](Self::list),
    /// `listAllLogs`).
    pub fn list_stream(&self, query: LogsQuery) -> BoxStream<'static, Result<LogEntry>> {
        let this = self.clone();
        paginate::<SuperUserLogList, _, _>(move |token| {
            let (this, query) = (this.clone(), query.clone());
            async move { this.list(&query, token.as_deref()).await }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Service keys.

/// The registry's service keys, from [`SuperuserHandler::service_keys`].
#[derive(Debug, Clone)]
pub struct SuperuserServiceKeysHandler {
    client: Client,
}

impl SuperuserServiceKeysHandler {
    /// `listServiceKeys`: every service key in any state (approved or not, alive or
    /// expired), in no particular order. SU-read.
    pub async fn list(&self) -> Result<ServiceKeyList> {
        self.client.call(&op::LIST_SERVICE_KEYS, &[]).send().await
    }

    /// `createServiceKey`: generates an RSA key pair for a service, stores the public half and
    /// approves it at once; the private key is returned only here (answered with 200).
    /// SU-write. A bad name, an expiry in the past or a bad service name is a 400.
    pub async fn create(&self, body: &CreateServiceKey) -> Result<CreatedServiceKey> {
        self.client
            .call(&op::CREATE_SERVICE_KEY, &[])
            .json(body)
            .send()
            .await
    }

    /// `getServiceKey`: the service key `kid` in any state. SU-read. 404 for an unknown kid.
    pub async fn get(&self, kid: &str) -> Result<ServiceKey> {
        self.client
            .call(&op::GET_SERVICE_KEY, &[PathValue::Segment(kid)])
            .send()
            .await
    }

    /// `updateServiceKey`: changes the name, merges metadata into the stored metadata and/or
    /// changes the expiry of the key `kid`, and returns it. SU-write. An expiry in the past or
    /// a bad name is a 400 (the expiry is written before the name is checked); 404 for an
    /// unknown kid.
    pub async fn update(&self, kid: &str, body: &PutServiceKey) -> Result<ServiceKey> {
        self.client
            .call(&op::UPDATE_SERVICE_KEY, &[PathValue::Segment(kid)])
            .json(body)
            .send()
            .await
    }

    /// `deleteServiceKey`: deletes the key `kid` whatever its state (and garbage-collects
    /// stale keys of its service). SU-write. 404 for an unknown kid.
    pub async fn delete(&self, kid: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_SERVICE_KEY, &[PathValue::Segment(kid)])
            .send_empty()
            .await
    }

    /// `approveServiceKey`: approves the key `kid` with optional notes, recording the caller as
    /// approver. Idempotent: a key already approved keeps its approval. SU-write. 404 for an
    /// unknown kid.
    pub async fn approve(&self, kid: &str, notes: Option<&str>) -> Result<()> {
        let body = ApproveServiceKey {
            notes: notes.map(str::to_string),
        };
        self.client
            .call(&op::APPROVE_SERVICE_KEY, &[PathValue::Segment(kid)])
            .json(&body)
            .send_empty()
            .await
    }
}

// ---------------------------------------------------------------------------------------------
// Quotas.

/// A namespace's quota through the `/api/v1/superuser/users/{namespace}/quota` paths, from
/// [`SuperuserHandler::user_quota`]. Quay serves the same handler under this path and the
/// organization one; both accept users and organizations. Registered only with
/// `FEATURE_QUOTA_MANAGEMENT` and `FEATURE_EDIT_QUOTA` on.
#[derive(Debug, Clone)]
pub struct SuperuserUserQuotaHandler {
    client: Client,
    namespace: String,
}

impl SuperuserUserQuotaHandler {
    /// The namespace this handler addresses.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// `listUserQuotaSuperUser`: the namespace's quota, empty or one element. SU-read. 404 for
    /// an unknown namespace.
    pub async fn list(&self) -> Result<QuotaViewList> {
        let path = [PathValue::Segment(&self.namespace)];
        self.client
            .call(&op::LIST_USER_QUOTA_SUPER_USER, &path)
            .send()
            .await
    }

    /// `createUserQuotaSuperUser`: sets a quota on a namespace that has none. SU-write. 400 when
    /// the namespace already has one or the size is invalid; an unknown namespace crashes
    /// Quay (500, known defect).
    pub async fn create(&self, body: &NewNamespaceQuota) -> Result<Created> {
        let path = [PathValue::Segment(&self.namespace)];
        self.client
            .call(&op::CREATE_USER_QUOTA_SUPER_USER, &path)
            .json(body)
            .send()
            .await
    }

    /// `changeUserQuotaSuperUser`: changes the size of the quota `id` and returns it (a size of
    /// 0 changes nothing). SU-write. 404 when `id` is not a quota of the namespace; an unknown
    /// namespace crashes Quay (500, known defect).
    pub async fn update(&self, id: u64, body: &UpdateNamespaceQuota) -> Result<QuotaView> {
        let id = id.to_string();
        let path = [PathValue::Segment(&self.namespace), PathValue::Segment(&id)];
        self.client
            .call(&op::CHANGE_USER_QUOTA_SUPER_USER, &path)
            .json(body)
            .send()
            .await
    }

    /// `deleteUserQuotaSuperUser`: removes the quota `id` with its limits. SU-write. 404 when
    /// `id` is not a quota of the namespace; an unknown namespace crashes Quay (500).
    pub async fn delete(&self, id: u64) -> Result<()> {
        let id = id.to_string();
        let path = [PathValue::Segment(&self.namespace), PathValue::Segment(&id)];
        self.client
            .call(&op::DELETE_USER_QUOTA_SUPER_USER, &path)
            .send_empty()
            .await
    }
}

/// A namespace's quota through the `/api/v1/superuser/organization/{namespace}/quota` paths,
/// from [`SuperuserHandler::organization_quota`]. Quay serves the same handler under this path
/// and the users one; both accept users and organizations. Registered only with
/// `FEATURE_QUOTA_MANAGEMENT` and `FEATURE_EDIT_QUOTA` on.
#[derive(Debug, Clone)]
pub struct SuperuserOrganizationQuotaHandler {
    client: Client,
    namespace: String,
}

impl SuperuserOrganizationQuotaHandler {
    /// The namespace this handler addresses.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// `listOrganizationQuotaSuperUser`: the namespace's quota, empty or one element.
    /// SU-read. 404 for an unknown namespace.
    pub async fn list(&self) -> Result<QuotaViewList> {
        let path = [PathValue::Segment(&self.namespace)];
        self.client
            .call(&op::LIST_ORGANIZATION_QUOTA_SUPER_USER, &path)
            .send()
            .await
    }

    /// `createOrganizationQuotaSuperUser`: sets a quota on a namespace that has none.
    /// SU-write. 400 when the namespace already has one or the size is invalid; an unknown
    /// namespace crashes Quay (500, known defect).
    pub async fn create(&self, body: &NewNamespaceQuota) -> Result<Created> {
        let path = [PathValue::Segment(&self.namespace)];
        self.client
            .call(&op::CREATE_ORGANIZATION_QUOTA_SUPER_USER, &path)
            .json(body)
            .send()
            .await
    }

    /// `changeOrganizationQuotaSuperUser`: changes the size of the quota `id` and returns it (a
    /// size of 0 changes nothing). SU-write. 404 when `id` is not a quota of the namespace; an
    /// unknown namespace crashes Quay (500, known defect).
    pub async fn update(&self, id: u64, body: &UpdateNamespaceQuota) -> Result<QuotaView> {
        let id = id.to_string();
        let path = [PathValue::Segment(&self.namespace), PathValue::Segment(&id)];
        self.client
            .call(&op::CHANGE_ORGANIZATION_QUOTA_SUPER_USER, &path)
            .json(body)
            .send()
            .await
    }

    /// `deleteOrganizationQuotaSuperUser`: removes the quota `id` with its limits. SU-write.
    /// 404 when `id` is not a quota of the namespace; an unknown namespace crashes Quay (500).
    pub async fn delete(&self, id: u64) -> Result<()> {
        let id = id.to_string();
        let path = [PathValue::Segment(&self.namespace), PathValue::Segment(&id)];
        self.client
            .call(&op::DELETE_ORGANIZATION_QUOTA_SUPER_USER, &path)
            .send_empty()
            .await
    }
}

// ---------------------------------------------------------------------------------------------
// Builds.

/// One repository build by UUID, from [`SuperuserHandler::build`].
#[derive(Debug, Clone)]
pub struct SuperuserBuildHandler {
    client: Client,
    uuid: String,
}

impl SuperuserBuildHandler {
    /// The build's UUID.
    pub fn uuid(&self) -> &str {
        &self.uuid
    }

    /// `getRepoBuildStatusSuperUser`: the build. SU-read. An unknown UUID is a **400**
    /// `invalid_response`, not a 404. Known defect: the job configuration fields come back
    /// empty (see [`RepositoryBuild`]).
    pub async fn status(&self) -> Result<RepositoryBuild> {
        let path = [PathValue::Segment(&self.uuid)];
        self.client
            .call(&op::GET_REPO_BUILD_STATUS_SUPER_USER, &path)
            .send()
            .await
    }

    /// `getRepoBuildSuperUser`: the build, the same view as [`status`](Self::status) but an
    /// unknown UUID is a 404. SU-read.
    pub async fn get(&self) -> Result<RepositoryBuild> {
        let path = [PathValue::Segment(&self.uuid)];
        self.client
            .call(&op::GET_REPO_BUILD_SUPER_USER, &path)
            .send()
            .await
    }

    /// `getRepoBuildLogsSuperUser`: the build's logs from entry `start` on (Quay's default 0),
    /// or the URL of their archive. SU-read. An unknown UUID is a **400** `invalid_response`.
    pub async fn logs(&self, start: Option<i64>) -> Result<BuildLogs> {
        let path = [PathValue::Segment(&self.uuid)];
        self.client
            .call(&op::GET_REPO_BUILD_LOGS_SUPER_USER, &path)
            .query("start", start)
            .send()
            .await
    }
}

// ---------------------------------------------------------------------------------------------
// Registry size.

/// What `queueRegistrySizeCalculation` did, read from its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RegistrySizeQueueStatus {
    /// 201: a calculation was queued.
    Queued,
    /// 202: a calculation was already queued or running; nothing changed.
    AlreadyQueued,
}

/// The size of the whole registry, from [`SuperuserHandler::registry_size`].
#[derive(Debug, Clone)]
pub struct SuperuserRegistrySizeHandler {
    client: Client,
}

impl SuperuserRegistrySizeHandler {
    /// `getRegistrySize`: the registry size as last computed, and whether a calculation is
    /// queued or running. SU-read.
    pub async fn get(&self) -> Result<RegistrySize> {
        self.client.call(&op::GET_REGISTRY_SIZE, &[]).send().await
    }

    /// `queueRegistrySizeCalculation`: asks the registry-size worker to recompute the size.
    /// [`RegistrySizeQueueStatus::Queued`] (201) when newly queued,
    /// [`RegistrySizeQueueStatus::AlreadyQueued`] (202) when one is already queued or
    /// running. SU-write. 400 when the queue flag could not be set.
    pub async fn queue(&self) -> Result<RegistrySizeQueueStatus> {
        let response = self
            .client
            .call(&op::QUEUE_REGISTRY_SIZE_CALCULATION, &[])
            .send_raw()
            .await?;
        let status = match response.status {
            201 => RegistrySizeQueueStatus::Queued,
            202 => RegistrySizeQueueStatus::AlreadyQueued,
            other => {
                return Err(Error::Decode {
                    operation: response.operation,
                    status: other,
                    message: "expected HTTP 201 or 202".into(),
                    snippet: snippet(&response.body),
                });
            }
        };
        response.json::<RegistrySizeQueued>()?;
        Ok(status)
    }
}
