//! The superuser panel's namespace quotas: one quota per user or organization, by either of
//! Quay's two paths (`/superuser/users/...` and `/superuser/organization/...`).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::support::*;
use crate::api::namespacequota::rules::*;
use crate::api::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{Created, NewNamespaceQuota, QuotaView, UpdateNamespaceQuota};
use crate::reply::{
    Created201, E400, E401, E401Api, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply,
};
use crate::store::quota;

/// The namespace-quota operations of the `superuser` tag.
pub struct SuperuserQuotaApi {
    state: AppState,
}

impl SuperuserQuotaApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Superuser")]
impl SuperuserQuotaApi {
    /// List a namespace's quota (users path)
    ///
    /// `[]` or the namespace's single quota; any user or organization. SU-read.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota",
        method = "get",
        operation_id = "listUserQuotaSuperUser"
    )]
    async fn list_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaView>>, (E401, E403, E404)> {
        self.list_quota(who.0.clone(), namespace.0).await.into()
    }

    /// Create a namespace's quota (users path)
    ///
    /// Sets a quota on a user or organization that has none; SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota",
        method = "post",
        operation_id = "createUserQuotaSuperUser"
    )]
    async fn create_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        body: Body<NewNamespaceQuota>,
    ) -> Reply<Created201<Created>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.create_quota(who.0.clone(), namespace.0, body)
            .await
            .into()
    }

    /// Change a namespace's quota (users path)
    ///
    /// Changes the size of a quota (`{}` or a size of 0 change nothing); SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota/:quota_id",
        method = "put",
        operation_id = "changeUserQuotaSuperUser"
    )]
    async fn change_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
        body: Body<UpdateNamespaceQuota>,
    ) -> Reply<Ok200<QuotaView>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.change_quota(who.0.clone(), namespace.0, quota_id.0, body)
            .await
            .into()
    }

    /// Delete a namespace's quota (users path)
    ///
    /// Removes a quota and its limits; SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota/:quota_id",
        method = "delete",
        operation_id = "deleteUserQuotaSuperUser"
    )]
    async fn delete_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.delete_quota(who.0.clone(), namespace.0, quota_id.0)
            .await
            .into()
    }

    /// List a namespace's quota (organization path)
    ///
    /// Same as listUserQuotaSuperUser; any user or organization. SU-read.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota",
        method = "get",
        operation_id = "listOrganizationQuotaSuperUser"
    )]
    async fn list_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaView>>, (E401, E403, E404)> {
        self.list_quota(who.0.clone(), namespace.0).await.into()
    }

    /// Create a namespace's quota (organization path)
    ///
    /// Same as createUserQuotaSuperUser; SU-write.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota",
        method = "post",
        operation_id = "createOrganizationQuotaSuperUser"
    )]
    async fn create_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        body: Body<NewNamespaceQuota>,
    ) -> Reply<Created201<Created>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.create_quota(who.0.clone(), namespace.0, body)
            .await
            .into()
    }

    /// Change a namespace's quota (organization path)
    ///
    /// Same as changeUserQuotaSuperUser; SU-write.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota/:quota_id",
        method = "put",
        operation_id = "changeOrganizationQuotaSuperUser"
    )]
    async fn change_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
        body: Body<UpdateNamespaceQuota>,
    ) -> Reply<Ok200<QuotaView>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.change_quota(who.0.clone(), namespace.0, quota_id.0, body)
            .await
            .into()
    }

    /// Delete a namespace's quota (organization path)
    ///
    /// Same as deleteUserQuotaSuperUser; SU-write.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota/:quota_id",
        method = "delete",
        operation_id = "deleteOrganizationQuotaSuperUser"
    )]
    async fn delete_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.delete_quota(who.0.clone(), namespace.0, quota_id.0)
            .await
            .into()
    }
}

impl SuperuserQuotaApi {
    async fn list_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
    ) -> Result<Vec<QuotaView>, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        self.state
            .store
            .read(move |tx| {
                let ns = quota_namespace(tx, &namespace_name)?;
                quota::quota_of(tx, ns.id)?
                    .map(|(id, bytes)| quota_view(tx, &cfg, id, bytes, false))
                    .into_iter()
                    .collect()
            })
            .await
    }

    async fn create_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        body: Body<NewNamespaceQuota>,
    ) -> Result<Created, QuayError> {
        let body = body.checked()?;
        su_write(&who, &self.state.config)?;
        let size = requested_size(&body, SUPERUSER_BAD_LIMIT)?;
        self.state
            .store
            .write(move |tx| {
                // Quay crashes (500) on an unknown namespace; it means 404.
                let ns = quota_namespace(tx, &namespace_name)?;
                if quota::quota_of(tx, ns.id)?.is_some() {
                    return Err(QuayError::invalid_request(format!(
                        "Quota for '{namespace_name}' already exists"
                    )));
                }
                let bytes = size.unwrap_or(Size::Int(0)).bytes()?;
                quota::insert_quota(tx, ns.id, bytes)?;
                Ok(Created::Created)
            })
            .await
    }

    async fn change_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        quota_id: String,
        body: Body<UpdateNamespaceQuota>,
    ) -> Result<QuotaView, QuayError> {
        let body = body.checked()?;
        let cfg = self.state.config.clone();
        su_write(&who, &cfg)?;
        self.state
            .store
            .write(move |tx| {
                let ns = quota_namespace(tx, &namespace_name)?;
                let (id, mut bytes) = namespace_quota(tx, ns.id, &quota_id)?;
                let mut as_float = false;
                if let Some(size) = requested_size(&body, SUPERUSER_BAD_LIMIT)?
                    && size.truthy()
                {
                    as_float = matches!(size, Size::Float(_));
                    bytes = size.bytes()?;
                    quota::update_quota(tx, id, bytes)?;
                }
                quota_view(tx, &cfg, id, bytes, as_float)
            })
            .await
    }

    async fn delete_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        quota_id: String,
    ) -> Result<(), QuayError> {
        su_write(&who, &self.state.config)?;
        self.state
            .store
            .write(move |tx| {
                let ns = quota_namespace(tx, &namespace_name)?;
                let (id, _) = namespace_quota(tx, ns.id, &quota_id)?;
                quota::delete_quota(tx, id)
            })
            .await
    }
}
