//! The caller's account: the encrypted password for registry clients (Quay's `ClientKey`),
//! turning the account into an organization (`ConvertToOrganization`), and the checks of
//! sign-up (its handler, like deleting oneself and changing details, shares `/api/v1/user/`
//! with getLoggedInUser, so it lives beside it).

use std::sync::Arc;

use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use serde_json::json;

use super::session::{
    E429, WithSession, conduct_signin, confirm_password, signed_in, verify_and_link_user,
};
use super::{ApiTags, AppState};
use crate::api::superuser::encrypt_user_password;
use crate::auth::Identity;
use crate::body::Body;
use crate::error::{QuayError, URL_NOT_FOUND};
use crate::models::{
    AuthError, ClientKey, ConvertRefusal, ConvertUser, GenerateClientKey, SigninSuccess,
};
use crate::reply::{E400, E401, E403W, E415, E503, Ok200, Reply, error_doc};
use crate::store::{namespace, superuser as su_store};

error_doc!(
    /// 403 of convertUserToOrganization: an unverified admin user, a token without
    /// `user:admin`, or the CSRF refusal.
    E403Convert, 403, "Unauthorized access", "application/json" => ConvertRefusal, "text/html" => AuthError
);

/// Flask's `abort(404)` in the API (`AUTHENTICATION_TYPE` is not `Database`).
pub(super) fn flask_not_found() -> QuayError {
    QuayError::message(404, URL_NOT_FOUND)
}

/// The account operations of the `user` tag.
pub struct UserAccountApi {
    state: AppState,
}

impl UserAccountApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's `can_create_user` for an address: not in a domain of `BLACKLISTED_EMAIL_DOMAINS`.
pub(super) fn allowed_domain(cfg: &crate::config::Config, email: Option<&str>) -> bool {
    let Some(domain) = email
        .and_then(|e| e.rsplit_once('@'))
        .map(|(_, d)| d.to_lowercase())
    else {
        return true;
    };
    !cfg.BLACKLISTED_EMAIL_DOMAINS
        .iter()
        .any(|d| d.to_lowercase() == domain)
}

#[OpenApi(tag = "ApiTags::User")]
impl UserAccountApi {
    /// Get an encrypted password for the Docker client
    #[oai(
        path = "/api/v1/user/clientkey",
        method = "post",
        operation_id = "generateUserClientKey"
    )]
    async fn generate_user_client_key(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<GenerateClientKey>,
    ) -> Reply<Ok200<ClientKey>, (E400, E401, E403W, E415, E429, E503)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            let password = body.validated()?.password;
            if !confirm_password(&self.state, me, password.clone()).await? {
                return Err(QuayError::invalid_request("Invalid Username or Password"));
            }
            self.state
                .store
                .write(move |tx| {
                    namespace::log(
                        tx,
                        "user_generate_client_key",
                        Some(me),
                        Some(me),
                        json!({}),
                    )
                })
                .await?;
            Ok(ClientKey {
                key: encrypt_user_password(&password),
            })
        }
        .await;
        result.into()
    }

    /// Convert the caller's account into an organization
    #[oai(
        path = "/api/v1/user/convert",
        method = "post",
        operation_id = "convertUserToOrganization"
    )]
    async fn convert_user_to_organization(
        &self,
        req: &Request,
        who: Data<&Arc<Identity>>,
        body: Body<ConvertUser>,
    ) -> Reply<WithSession<SigninSuccess>, (E400, E401, E403Convert, E415, E429, E503)> {
        let result = async {
            if self.state.config.AUTHENTICATION_TYPE != "Database" {
                // Quay does not register the route then.
                return Err(flask_not_found());
            }
            let (me, _) = who.user_admin()?;
            let body = body.validated()?;
            let invalid = |message: &str| QuayError::Api {
                status: 400,
                title: "invalid_request",
                detail: message.into(),
                session_required: None,
                reason: Some("invaliduser"),
            };
            let admin = match verify_and_link_user(
                &self.state,
                &body.admin_user,
                body.admin_password.clone(),
            )
            .await?
            {
                Ok(admin) => admin,
                Err(_) => return Err(invalid("The admin user credentials are not valid")),
            };
            if admin.id == me {
                return Err(invalid("The admin user is not valid"));
            }
            self.state
                .store
                .write(move |tx| {
                    su_store::convert_user_to_organization(tx, me, admin.id)?;
                    namespace::log(tx, "account_convert", Some(me), Some(me), json!({}))
                })
                .await?;
            // Quay signs the admin user in, checking the password once more.
            let replacing = who.session.as_ref().map(|s| s.id);
            conduct_signin(
                &self.state,
                replacing,
                &body.admin_user,
                body.admin_password,
                crate::api::user_agent(req),
            )
            .await
            .map(signed_in)
        }
        .await;
        result.into()
    }
}
