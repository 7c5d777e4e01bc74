//! The `namespacequota` tag: storage quotas of organizations and of the signed-in user, with
//! their warning and reject limits (Quay's `endpoints/api/namespacequota.py`).
//!
//! Rights: the reads of an organization's quota admit its members (a token with `org:admin` or
//! `repo:create`), global read-only superusers and full-access superusers; every write admits
//! only a superuser with `FEATURE_SUPERUSERS_FULL_ACCESS` (organization administrators
//! included, Quay refuses everyone else); the user reads need `user:admin`. Rights are checked
//! before the namespace and the quota are looked up, bodies before the rights.
//!
//! Where Quay misbehaves this server answers what Quay intends: a limit of another quota is
//! 404 (Quay: 400 with an empty message), and a refused limit change changes nothing (Quay may
//! save the new type before it refuses the threshold).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::models::{
    Created, NewNamespaceQuota, NewNamespaceQuotaLimit, QuotaLimit, QuotaView,
    UpdateNamespaceQuota, UpdateNamespaceQuotaLimit,
};
use crate::reply::{
    Created201, E400, E401, E401Api, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply,
};

mod organization;
pub mod rules;
mod user;

/// Operations of the `namespacequota` tag.
pub struct NamespaceQuotaApi {
    state: AppState,
}

impl NamespaceQuotaApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Namespacequota")]
impl NamespaceQuotaApi {
    /// List an organization's quota
    ///
    /// `[]`, the organization's quota, or the system default; members and full-access
    /// superusers.
    #[oai(
        path = "/api/v1/organization/:orgname/quota",
        method = "get",
        operation_id = "listOrganizationQuota"
    )]
    async fn list_organization_quota(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaView>>, (E401, E403, E404)> {
        organization::list(&self.state, who.0.clone(), orgname.0)
            .await
            .into()
    }

    /// Create an organization's quota
    ///
    /// Sets the quota of an organization without one; full-access superusers only.
    #[oai(
        path = "/api/v1/organization/:orgname/quota",
        method = "post",
        operation_id = "createOrganizationQuota"
    )]
    async fn create_organization_quota(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewNamespaceQuota>,
    ) -> Reply<Created201<Created>, (E400, E401Api, E403W, E404, E415, E503)> {
        organization::create(&self.state, who.0.clone(), orgname.0, body)
            .await
            .into()
    }

    /// Get an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id",
        method = "get",
        operation_id = "getOrganizationQuota"
    )]
    async fn get_organization_quota(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<Ok200<QuotaView>, (E401, E403, E404)> {
        organization::get(&self.state, who.0.clone(), orgname.0, quota_id.0)
            .await
            .into()
    }

    /// Change an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id",
        method = "put",
        operation_id = "changeOrganizationQuota"
    )]
    async fn change_organization_quota(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
        body: Body<UpdateNamespaceQuota>,
    ) -> Reply<Ok200<QuotaView>, (E400, E401Api, E403W, E404, E415, E503)> {
        organization::change(&self.state, who.0.clone(), orgname.0, quota_id.0, body)
            .await
            .into()
    }

    /// Delete an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id",
        method = "delete",
        operation_id = "deleteOrganizationQuota"
    )]
    async fn delete_organization_quota(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        organization::delete(&self.state, who.0.clone(), orgname.0, quota_id.0)
            .await
            .into()
    }

    /// List the limits of an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id/limit",
        method = "get",
        operation_id = "listOrganizationQuotaLimit"
    )]
    async fn list_organization_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaLimit>>, (E401, E403, E404)> {
        organization::list_limits(&self.state, who.0.clone(), orgname.0, quota_id.0)
            .await
            .into()
    }

    /// Add a limit to an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id/limit",
        method = "post",
        operation_id = "createOrganizationQuotaLimit"
    )]
    async fn create_organization_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
        body: Body<NewNamespaceQuotaLimit>,
    ) -> Reply<Created201<Created>, (E400, E401Api, E403W, E404, E415, E503)> {
        organization::create_limit(&self.state, who.0.clone(), orgname.0, quota_id.0, body)
            .await
            .into()
    }

    /// Get a limit of an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id/limit/:limit_id",
        method = "get",
        operation_id = "getOrganizationQuotaLimit"
    )]
    async fn get_organization_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
        limit_id: Path<String>,
    ) -> Reply<Ok200<QuotaLimit>, (E401, E403, E404)> {
        organization::get_limit(
            &self.state,
            who.0.clone(),
            orgname.0,
            quota_id.0,
            limit_id.0,
        )
        .await
        .into()
    }

    /// Change a limit of an organization's quota
    ///
    /// Answers with the whole quota, as Quay does.
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id/limit/:limit_id",
        method = "put",
        operation_id = "changeOrganizationQuotaLimit"
    )]
    async fn change_organization_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
        limit_id: Path<String>,
        body: Body<UpdateNamespaceQuotaLimit>,
    ) -> Reply<Ok200<QuotaView>, (E400, E401Api, E403W, E404, E415, E503)> {
        let ids = (quota_id.0, limit_id.0);
        organization::change_limit(&self.state, who.0.clone(), orgname.0, ids, body)
            .await
            .into()
    }

    /// Delete a limit of an organization's quota
    #[oai(
        path = "/api/v1/organization/:orgname/quota/:quota_id/limit/:limit_id",
        method = "delete",
        operation_id = "deleteOrganizationQuotaLimit"
    )]
    async fn delete_organization_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        quota_id: Path<String>,
        limit_id: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        let ids = (quota_id.0, limit_id.0);
        organization::delete_limit(&self.state, who.0.clone(), orgname.0, ids)
            .await
            .into()
    }

    /// List the signed-in user's quota
    #[oai(
        path = "/api/v1/user/quota",
        method = "get",
        operation_id = "listUserQuota"
    )]
    async fn list_user_quota(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<Vec<QuotaView>>, (E401, E403)> {
        user::list(&self.state, who.0.clone()).await.into()
    }

    /// Get the signed-in user's quota
    #[oai(
        path = "/api/v1/user/quota/:quota_id",
        method = "get",
        operation_id = "getUserQuota"
    )]
    async fn get_user_quota(
        &self,
        who: Data<&Arc<Identity>>,
        quota_id: Path<String>,
    ) -> Reply<Ok200<QuotaView>, (E401, E403, E404)> {
        user::get(&self.state, who.0.clone(), quota_id.0)
            .await
            .into()
    }

    /// List the limits of the signed-in user's quota
    #[oai(
        path = "/api/v1/user/quota/:quota_id/limit",
        method = "get",
        operation_id = "listUserQuotaLimit"
    )]
    async fn list_user_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        quota_id: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaLimit>>, (E401, E403, E404)> {
        user::list_limits(&self.state, who.0.clone(), quota_id.0)
            .await
            .into()
    }

    /// Get a limit of the signed-in user's quota
    ///
    /// Answers with the whole quota, as Quay does.
    #[oai(
        path = "/api/v1/user/quota/:quota_id/limit/:limit_id",
        method = "get",
        operation_id = "getUserQuotaLimit"
    )]
    async fn get_user_quota_limit(
        &self,
        who: Data<&Arc<Identity>>,
        quota_id: Path<String>,
        limit_id: Path<String>,
    ) -> Reply<Ok200<QuotaView>, (E401, E403, E404)> {
        user::get_limit(&self.state, who.0.clone(), quota_id.0, limit_id.0)
            .await
            .into()
    }
}
