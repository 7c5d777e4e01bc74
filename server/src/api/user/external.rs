//! External login services (GitHub, Google, GitLab, OIDC): the authorization URL that starts a
//! sign-in there, and detaching a linked account (Quay's internal `ExternalLoginInformation`
//! and `DetachExternal`). This server signs users in against its own database only: no
//! service is configured, so no URL is handed out and no account is ever linked.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{ExternalLoginRequest, ExternalLoginUrl, SigninSuccess};
use crate::reply::{E400, E401, E403Csrf, E403W, E415, E503, Ok200, Reply};

/// The external-login operations of the `user` tag (no state: nothing is configured).
pub struct UserExternalLoginApi;

impl UserExternalLoginApi {
    /// The API (the same for every state).
    pub fn new(_: AppState) -> Self {
        Self
    }
}

#[OpenApi(tag = "ApiTags::User")]
impl UserExternalLoginApi {
    /// Get the authorization URL of an external login service
    #[oai(
        path = "/api/v1/externallogin/:service_id",
        method = "post",
        operation_id = "retrieveExternalLoginAuthorizationUrl"
    )]
    async fn retrieve_external_login_authorization_url(
        &self,
        #[oai(name = "service_id")] _service_id: Path<String>,
        body: Body<ExternalLoginRequest>,
    ) -> Reply<Ok200<ExternalLoginUrl>, (E400, E403Csrf, E415)> {
        let result = body.validated().and_then(|_| {
            // Quay raises `InvalidRequest()` without its message here, which crashes (500);
            // what it means is this 400. No service is configured on this server.
            Err(QuayError::invalid_request("Unknown login service"))
        });
        result.into()
    }

    /// Detach an external login from the caller
    #[oai(
        path = "/api/v1/detachexternal/:service_id",
        method = "post",
        operation_id = "detachExternalLogin"
    )]
    async fn detach_external_login(
        &self,
        who: Data<&Arc<Identity>>,
        #[oai(name = "service_id")] _service_id: Path<String>,
    ) -> Reply<Ok200<SigninSuccess>, (E401, E403W, E503)> {
        // Quay deletes the caller's link to the service, if the service and the link exist;
        // with no service configured there is never one, and the answer is the same.
        let result = who.user_admin().map(|_| SigninSuccess { success: true });
        result.into()
    }
}
