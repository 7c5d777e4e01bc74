//! The `superuser` tag: the superuser panel (users, organizations, logs, service keys, quotas,
//! builds, registry size). Registered by Quay only when `FEATURE_SUPER_USERS` is on.
//!
//! Reads ("SU-read") are open to every superuser: a regular superuser whose token has
//! `super:user`, or a global read-only superuser with a token of any scope. Writes ("SU-write")
//! need a regular superuser and a token with `super:user`. Other callers get 403; reads without
//! a valid token 401, writes without a valid bearer token 403 (Quay's CSRF refusal). On a
//! server whose hostname contains `quay.io` most of these operations answer 404.
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`, or stream every page of a list with `.stream()`.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use futures_util::TryStreamExt;
//! use quay_sdk::{Client, models::{CreateInstallUser, NewNamespaceQuota}};
//!
//! let quay = Client::new("https://quay.example.com", "superuser-token")?;
//! let su = quay.superuser();
//! let created = su.users().create(&CreateInstallUser::new("alice").email("alice@example.com")).await?;
//! println!("temporary password: {}", created.password.expose());
//! su.user_quota("alice").create(&NewNamespaceQuota::size("5 GiB")).await?;
//! let users: Vec<_> = su.users().list().limit(100).stream().try_collect().await?;
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, Result, snippet};
use crate::models::{
    ApproveServiceKey, CreateInstallUser, CreateServiceKey, NewNamespaceQuota, PutServiceKey,
    RegistrySizeQueued, SuperUserUpdateOrg, UpdateInstallUser, UpdateNamespaceQuota,
};
use crate::requests::*;

/// The superuser panel, from [`Client::superuser`].
#[derive(Debug, Clone)]
pub struct SuperuserHandler {
    pub(crate) client: Client,
}

impl Client {
    /// The superuser panel's operations.
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

    /// `listAllLogs`: the registry-wide audit log, one page (`.send()`) or all (`.stream()`);
    /// `.starttime("MM/DD/YYYY")` and `.endtime(..)` bound the days.
    pub fn logs(&self) -> ListAllLogsRequest {
        ListAllLogsRequest::new(&self.client)
    }

    /// `listAllAggregateLogs`: daily counts per kind of the registry-wide audit log (at most
    /// 31 days).
    pub fn aggregate_logs(&self) -> ListAllAggregateLogsRequest {
        ListAllAggregateLogsRequest::new(&self.client)
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

    /// The quota of the namespace `namespace` through the
    /// `/api/v1/superuser/organization/{namespace}/quota` paths (Quay serves the same handler
    /// under both; either takes a user or an organization).
    pub fn organization_quota(
        &self,
        namespace: impl Into<String>,
    ) -> SuperuserOrganizationQuotaHandler {
        SuperuserOrganizationQuotaHandler {
            client: self.client.clone(),
            namespace: namespace.into(),
        }
    }

    /// The build `uuid` of any repository.
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

    /// `getChangeLog`: the installation's change log (Markdown); internal.
    pub fn change_log(&self) -> GetChangeLogRequest {
        GetChangeLogRequest::new(&self.client)
    }

    /// `takeOwnership`: makes the caller an owner of `namespace`. An organization gets the
    /// caller in an admin team; **a user is converted into an organization** (it can no longer
    /// sign in) with the caller in its new `owners` team. Internal.
    pub fn take_ownership(&self, namespace: impl Into<String>) -> TakeOwnershipRequest {
        TakeOwnershipRequest::new(&self.client, namespace)
    }

    /// `listAllAppTokens`: every user's app-specific tokens, without their codes
    /// (`.expiring(true)`: only those expiring soon). Global read-only superusers, or regular
    /// ones while `FEATURE_SUPERUSERS_FULL_ACCESS` is on.
    pub fn app_tokens(&self) -> ListAllAppTokensRequest {
        ListAllAppTokensRequest::new(&self.client)
    }

    /// `getSuperUserRepositoryMirrorHealth`: the registry-wide mirror health (any superuser).
    /// An unhealthy report comes as a 503 error; [`crate::models::MirrorHealth::from_error`]
    /// reads it back.
    pub fn mirror_health(&self) -> GetSuperUserRepositoryMirrorHealthRequest {
        GetSuperUserRepositoryMirrorHealthRequest::new(&self.client)
    }
}

/// Every user of the registry, from [`SuperuserHandler::users`].
#[derive(Debug, Clone)]
pub struct SuperuserUsersHandler {
    client: Client,
}

impl SuperuserUsersHandler {
    /// `getInstallUser`: one user as the panel shows it.
    pub fn get(&self, username: impl Into<String>) -> GetInstallUserRequest {
        GetInstallUserRequest::new(&self.client, username)
    }

    /// `listAllUsers`: every user, one page (`.send()`) or all (`.stream()`); `.limit(n)`
    /// turns paging on, `.disabled(false)` leaves disabled users out.
    pub fn list(&self) -> ListAllUsersRequest {
        ListAllUsersRequest::new(&self.client)
    }

    /// `createInstallUser`: creates a user with a random password, returned once.
    pub fn create(&self, body: &CreateInstallUser) -> CreateInstallUserRequest {
        CreateInstallUserRequest::new(&self.client, body.clone())
    }

    /// `deleteInstallUser`: deletes the user `username`.
    pub fn delete(&self, username: impl Into<String>) -> DeleteInstallUserRequest {
        DeleteInstallUserRequest::new(&self.client, username)
    }

    /// `changeInstallUser`: changes the password, e-mail address or enabled state of
    /// `username` (not a superuser). Quay answers the user **as it was before** the change,
    /// except for the new `email` and an added `encrypted_password`: read the user again with
    /// [`get`](Self::get) to see the result.
    pub fn update(
        &self,
        username: impl Into<String>,
        changes: &UpdateInstallUser,
    ) -> ChangeInstallUserRequest {
        ChangeInstallUserRequest::new(&self.client, username, changes.clone())
    }
}

/// Every organization of the registry, from [`SuperuserHandler::organizations`].
#[derive(Debug, Clone)]
pub struct SuperuserOrganizationsHandler {
    client: Client,
}

impl SuperuserOrganizationsHandler {
    /// `listAllOrganizations`: every organization, one page (`.send()`) or all (`.stream()`).
    pub fn list(&self) -> ListAllOrganizationsRequest {
        ListAllOrganizationsRequest::new(&self.client)
    }

    /// `changeOrganization`: renames the organization `name` to `new_name`.
    pub fn rename(&self, name: impl Into<String>, new_name: &str) -> ChangeOrganizationRequest {
        ChangeOrganizationRequest::new(&self.client, name, SuperUserUpdateOrg::new().name(new_name))
    }

    /// `deleteOrganization`: marks the organization `name` for deletion.
    pub fn delete(&self, name: impl Into<String>) -> DeleteOrganizationRequest {
        DeleteOrganizationRequest::new(&self.client, name)
    }
}

/// The registry's service keys, from [`SuperuserHandler::service_keys`].
#[derive(Debug, Clone)]
pub struct SuperuserServiceKeysHandler {
    client: Client,
}

impl SuperuserServiceKeysHandler {
    /// `listServiceKeys`: every service key.
    pub fn list(&self) -> ListServiceKeysRequest {
        ListServiceKeysRequest::new(&self.client)
    }

    /// `createServiceKey`: generates an RSA key pair, approved by the caller; the private key
    /// is returned once.
    pub fn create(&self, body: &CreateServiceKey) -> CreateServiceKeyRequest {
        CreateServiceKeyRequest::new(&self.client, body.clone())
    }

    /// `getServiceKey`: one key.
    pub fn get(&self, kid: impl Into<String>) -> GetServiceKeyRequest {
        GetServiceKeyRequest::new(&self.client, kid)
    }

    /// `updateServiceKey`: changes the name, metadata or expiry of a key.
    pub fn update(&self, kid: impl Into<String>, body: &PutServiceKey) -> UpdateServiceKeyRequest {
        UpdateServiceKeyRequest::new(&self.client, kid, body.clone())
    }

    /// `deleteServiceKey`: deletes a key whatever its state.
    pub fn delete(&self, kid: impl Into<String>) -> DeleteServiceKeyRequest {
        DeleteServiceKeyRequest::new(&self.client, kid)
    }

    /// `approveServiceKey`: approves a key (`&ApproveServiceKey::new()` for no notes).
    pub fn approve(
        &self,
        kid: impl Into<String>,
        body: &ApproveServiceKey,
    ) -> ApproveServiceKeyRequest {
        ApproveServiceKeyRequest::new(&self.client, kid, body.clone())
    }
}

macro_rules! quota_handler {
    ($(#[$m:meta])* $name:ident, $list:ident, $create:ident, $change:ident, $delete:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone)]
        pub struct $name {
            client: Client,
            namespace: String,
        }

        impl $name {
            /// The namespace.
            pub fn namespace(&self) -> &str {
                &self.namespace
            }

            /// The namespace's quota (at most one entry).
            pub fn list(&self) -> $list {
                $list::new(&self.client, &self.namespace)
            }

            /// Creates the namespace's quota.
            pub fn create(&self, body: &NewNamespaceQuota) -> $create {
                $create::new(&self.client, &self.namespace, body.clone())
            }

            /// Changes the quota `id` of the namespace.
            pub fn update(&self, id: u64, body: &UpdateNamespaceQuota) -> $change {
                $change::new(&self.client, &self.namespace, id.to_string(), body.clone())
            }

            /// Deletes the quota `id` of the namespace.
            pub fn delete(&self, id: u64) -> $delete {
                $delete::new(&self.client, &self.namespace, id.to_string())
            }
        }
    };
}

quota_handler!(
    /// A namespace's quota through the `/api/v1/superuser/users/{namespace}/quota` paths
    /// (`listUserQuotaSuperUser`, `createUserQuotaSuperUser`, `changeUserQuotaSuperUser`,
    /// `deleteUserQuotaSuperUser`), from [`SuperuserHandler::user_quota`].
    SuperuserUserQuotaHandler,
    ListUserQuotaSuperUserRequest,
    CreateUserQuotaSuperUserRequest,
    ChangeUserQuotaSuperUserRequest,
    DeleteUserQuotaSuperUserRequest
);

quota_handler!(
    /// A namespace's quota through the `/api/v1/superuser/organization/{namespace}/quota`
    /// paths (`listOrganizationQuotaSuperUser`, `createOrganizationQuotaSuperUser`,
    /// `changeOrganizationQuotaSuperUser`, `deleteOrganizationQuotaSuperUser`), from
    /// [`SuperuserHandler::organization_quota`].
    SuperuserOrganizationQuotaHandler,
    ListOrganizationQuotaSuperUserRequest,
    CreateOrganizationQuotaSuperUserRequest,
    ChangeOrganizationQuotaSuperUserRequest,
    DeleteOrganizationQuotaSuperUserRequest
);

/// One build of any repository, from [`SuperuserHandler::build`].
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

    /// `getRepoBuildStatusSuperUser`: the build's status.
    pub fn status(&self) -> GetRepoBuildStatusSuperUserRequest {
        GetRepoBuildStatusSuperUserRequest::new(&self.client, &self.uuid)
    }

    /// `getRepoBuildSuperUser`: the build.
    pub fn get(&self) -> GetRepoBuildSuperUserRequest {
        GetRepoBuildSuperUserRequest::new(&self.client, &self.uuid)
    }

    /// `getRepoBuildLogsSuperUser`: the build's logs (from entry `.start(n)` on), or the URL
    /// of their archive.
    pub fn logs(&self) -> GetRepoBuildLogsSuperUserRequest {
        GetRepoBuildLogsSuperUserRequest::new(&self.client, &self.uuid)
    }

    /// `getRepoBuildLogsArchiveSuperUser`: the archived log document of a finished build
    /// (400 `Archived logs not available` before the archiver has run).
    pub fn archived_logs(&self) -> GetRepoBuildLogsArchiveSuperUserRequest {
        GetRepoBuildLogsArchiveSuperUserRequest::new(&self.client, &self.uuid)
    }
}

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
    /// queued or running.
    pub fn get(&self) -> GetRegistrySizeRequest {
        GetRegistrySizeRequest::new(&self.client)
    }

    /// `queueRegistrySizeCalculation`: asks the registry-size worker to recompute the size
    /// (an expensive job on a large registry). [`RegistrySizeQueueStatus::Queued`] (201) when
    /// newly queued, [`RegistrySizeQueueStatus::AlreadyQueued`] (202) when one is already
    /// queued or running.
    pub async fn queue(&self) -> Result<RegistrySizeQueueStatus> {
        let response = QueueRegistrySizeCalculationRequest::new(&self.client)
            .send_response()
            .await?;
        let status = match response.status {
            201 => RegistrySizeQueueStatus::Queued,
            202 => RegistrySizeQueueStatus::AlreadyQueued,
            other => {
                return Err(Error::Decode {
                    operation: response.operation,
                    status: other,
                    path: ".".into(),
                    message: "expected HTTP 201 or 202".into(),
                    snippet: snippet(&response.body),
                });
            }
        };
        response.json::<RegistrySizeQueued>()?;
        Ok(status)
    }
}
