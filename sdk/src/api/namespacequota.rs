//! The `namespacequota` tag: storage quotas of organizations and of the signed-in user, and
//! their warning and reject limits.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//! use quay_sdk::models::{NewNamespaceQuota, NewNamespaceQuotaLimit};
//!
//! let client = Client::new("https://quay.example.com", "TOKEN")?;
//! let quota = client.organization("acme").quota();
//! quota.create(&NewNamespaceQuota::size("50 GiB")).await?;
//! let id = quota.list().await?[0].id.expect("a stored quota has an id");
//! quota.limits(id).create(&NewNamespaceQuotaLimit::warning(80)).await?;
//! quota.limits(id).create(&NewNamespaceQuotaLimit::reject(100)).await?;
//! for q in client.user().quota().list().await? {
//!     println!("my quota: {} ({} limits)", q.limit, q.limits.len());
//! }
//! # Ok(()) }
//! ```
//!
//! Each method returns the operation's request ([`crate::requests`]), whose documentation is
//! the spec's: who may call (writes need a superuser with `FEATURE_SUPERUSERS_FULL_ACCESS`),
//! every error Quay answers. Send it with `.send()` or `.await`.

use crate::api::{OrganizationHandler, UserHandler};
use crate::client::Client;
use crate::models::{
    NewNamespaceQuota, NewNamespaceQuotaLimit, UpdateNamespaceQuota, UpdateNamespaceQuotaLimit,
};
use crate::requests::*;

/// The quota of one organization, from [`OrganizationHandler::quota`].
#[derive(Debug, Clone)]
pub struct OrganizationQuotaHandler {
    client: Client,
    orgname: String,
}

/// The limits of one organization quota, from [`OrganizationQuotaHandler::limits`].
#[derive(Debug, Clone)]
pub struct OrganizationQuotaLimitsHandler {
    client: Client,
    orgname: String,
    quota_id: String,
}

/// The signed-in user's quota, from [`UserHandler::quota`].
#[derive(Debug, Clone)]
pub struct UserQuotaHandler {
    client: Client,
}

impl OrganizationHandler {
    /// The organization's storage quota and its limits.
    pub fn quota(&self) -> OrganizationQuotaHandler {
        OrganizationQuotaHandler {
            client: self.client.clone(),
            orgname: self.name.clone(),
        }
    }
}

impl UserHandler {
    /// The signed-in user's storage quota (read only).
    pub fn quota(&self) -> UserQuotaHandler {
        UserQuotaHandler {
            client: self.client.clone(),
        }
    }
}

impl OrganizationQuotaHandler {
    /// `listOrganizationQuota`: the quota as a list of at most one (or the system default).
    pub fn list(&self) -> ListOrganizationQuotaRequest {
        ListOrganizationQuotaRequest::new(&self.client, &self.orgname)
    }

    /// `createOrganizationQuota`: sets the quota.
    pub fn create(&self, body: &NewNamespaceQuota) -> CreateOrganizationQuotaRequest {
        CreateOrganizationQuotaRequest::new(&self.client, &self.orgname, body.clone())
    }

    /// `getOrganizationQuota`: the quota `id`.
    pub fn get(&self, id: u64) -> GetOrganizationQuotaRequest {
        GetOrganizationQuotaRequest::new(&self.client, &self.orgname, id.to_string())
    }

    /// `changeOrganizationQuota`: changes the size of the quota `id`.
    pub fn update(&self, id: u64, body: &UpdateNamespaceQuota) -> ChangeOrganizationQuotaRequest {
        ChangeOrganizationQuotaRequest::new(
            &self.client,
            &self.orgname,
            id.to_string(),
            body.clone(),
        )
    }

    /// `deleteOrganizationQuota`: removes the quota `id` with its limits.
    pub fn delete(&self, id: u64) -> DeleteOrganizationQuotaRequest {
        DeleteOrganizationQuotaRequest::new(&self.client, &self.orgname, id.to_string())
    }

    /// The limits of the quota `id`.
    pub fn limits(&self, id: u64) -> OrganizationQuotaLimitsHandler {
        OrganizationQuotaLimitsHandler {
            client: self.client.clone(),
            orgname: self.orgname.clone(),
            quota_id: id.to_string(),
        }
    }
}

impl OrganizationQuotaLimitsHandler {
    /// `listOrganizationQuotaLimit`: the limits, in no defined order.
    pub fn list(&self) -> ListOrganizationQuotaLimitRequest {
        ListOrganizationQuotaLimitRequest::new(&self.client, &self.orgname, &self.quota_id)
    }

    /// `createOrganizationQuotaLimit`: adds a limit.
    pub fn create(&self, body: &NewNamespaceQuotaLimit) -> CreateOrganizationQuotaLimitRequest {
        CreateOrganizationQuotaLimitRequest::new(
            &self.client,
            &self.orgname,
            &self.quota_id,
            body.clone(),
        )
    }

    /// `getOrganizationQuotaLimit`: the limit `id`.
    pub fn get(&self, id: u64) -> GetOrganizationQuotaLimitRequest {
        GetOrganizationQuotaLimitRequest::new(
            &self.client,
            &self.orgname,
            &self.quota_id,
            id.to_string(),
        )
    }

    /// `changeOrganizationQuotaLimit`: changes the limit `id`; answers with the whole quota.
    pub fn update(
        &self,
        id: u64,
        body: &UpdateNamespaceQuotaLimit,
    ) -> ChangeOrganizationQuotaLimitRequest {
        ChangeOrganizationQuotaLimitRequest::new(
            &self.client,
            &self.orgname,
            &self.quota_id,
            id.to_string(),
            body.clone(),
        )
    }

    /// `deleteOrganizationQuotaLimit`: removes the limit `id`.
    pub fn delete(&self, id: u64) -> DeleteOrganizationQuotaLimitRequest {
        DeleteOrganizationQuotaLimitRequest::new(
            &self.client,
            &self.orgname,
            &self.quota_id,
            id.to_string(),
        )
    }
}

impl UserQuotaHandler {
    /// `listUserQuota`: the caller's quota as a list of at most one.
    pub fn list(&self) -> ListUserQuotaRequest {
        ListUserQuotaRequest::new(&self.client)
    }

    /// `getUserQuota`: the caller's quota `id`.
    pub fn get(&self, id: u64) -> GetUserQuotaRequest {
        GetUserQuotaRequest::new(&self.client, id.to_string())
    }

    /// `listUserQuotaLimit`: the limits of the caller's quota `id`.
    pub fn limits(&self, id: u64) -> ListUserQuotaLimitRequest {
        ListUserQuotaLimitRequest::new(&self.client, id.to_string())
    }

    /// `getUserQuotaLimit`: looks up the limit `limit_id` of the caller's quota `id`; Quay
    /// answers with the whole quota.
    pub fn limit(&self, id: u64, limit_id: u64) -> GetUserQuotaLimitRequest {
        GetUserQuotaLimitRequest::new(&self.client, id.to_string(), limit_id.to_string())
    }
}
