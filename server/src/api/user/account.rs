//! The caller's account: the encrypted password for registry clients (Quay's `ClientKey`),
//! turning the account into an organization (`ConvertToOrganization`), and the answer types of
//! sign-up and deleting oneself (their handlers share `/api/v1/user/` with getLoggedInUser, so
//! they live beside it).

use std::sync::Arc;

use poem::web::Data;
use poem::{Request, Response};
use poem_openapi::OpenApi;
use poem_openapi::registry::{MetaHeader, MetaResponse, Registry};
use poem_openapi::types::Type;
use serde_json::json;

use super::session::{
    E429, Opened, SignedIn, conduct_signin, confirm_password, user_agent, verify_and_link_user,
};
use super::{ApiTags, AppState};
use crate::api::superuser::encrypt_user_password;
use crate::auth::Identity;
use crate::body::Body;
use crate::error::{QuayError, URL_NOT_FOUND};
use crate::models::{
    AuthError, ClientKey, ConvertRefusal, ConvertUser, GenerateClientKey, LoggedInUser,
    NewUserResult,
};
use crate::reply::{
    E400, E401, E403W, E415, E503, Ok200, Reply, Success, error_doc, json_media, json_response,
};
use crate::store::{namespace, superuser as su_store};
use crate::websession::NEXT_CSRF_HEADER;

error_doc!(
    /// 401 of createNewUser: anonymous access is off (`text/html`).
    E401Anon, 401, "Anonymous access disabled", "text/html" => AuthError
);
error_doc!(
    /// 403 of createNewUser: the CSRF refusal.
    E403Csrf, 403, "CSRF refusal", "text/html" => AuthError
);
error_doc!(
    /// 403 of convertUserToOrganization: an unverified admin user, a token without
    /// `user:admin`, or the CSRF refusal.
    E403Convert, 403, "Unauthorized access", "application/json" => ConvertRefusal, "text/html" => AuthError
);
error_doc!(
    /// 401 of deleteCurrentUser: anonymous, or a stale web session.
    E401Delete, 401, "Session required", "application/json" => crate::models::ApiError
);

/// The answer of createNewUser: the signed-in user with its session, or awaiting the e-mail
/// confirmation.
pub struct SignedUp;

/// What createNewUser made.
pub enum SignUp {
    /// Verified and signed in.
    SignedIn(Box<LoggedInUser>, Opened),
    /// Unverified (with `FEATURE_MAILING`).
    Awaiting,
}

impl Success for SignedUp {
    type Value = SignUp;
    fn responses() -> Vec<MetaResponse> {
        let header = |name: &str, description: &str| MetaHeader {
            name: name.into(),
            description: Some(description.into()),
            required: false,
            deprecated: false,
            schema: String::schema_ref(),
        };
        vec![MetaResponse {
            description: "The user was created",
            status: Some(200),
            status_range: None,
            content: json_media::<NewUserResult>(),
            headers: vec![
                header(NEXT_CSRF_HEADER, "The new session's CSRF token."),
                header("Set-Cookie", "The new session's cookie."),
            ],
        }]
    }
    fn register(registry: &mut Registry) {
        NewUserResult::register(registry);
    }
    fn render(value: SignUp) -> Response {
        match value {
            SignUp::SignedIn(view, opened) => {
                let mut resp = json_response(200, view.as_ref());
                for (name, value) in [
                    (NEXT_CSRF_HEADER, opened.csrf_token),
                    ("set-cookie", opened.cookie),
                ] {
                    if let Ok(v) = value.parse() {
                        resp.headers_mut().insert(name, v);
                    }
                }
                resp
            }
            SignUp::Awaiting => json_response(200, &json!({"awaiting_verification": true})),
        }
    }
}

/// The answer of changeUserDetails: the account, with a new session when the password changed.
pub struct UserUpdated;

impl Success for UserUpdated {
    type Value = (Box<LoggedInUser>, Option<Opened>);
    fn responses() -> Vec<MetaResponse> {
        let header = |name: &str, description: &str| MetaHeader {
            name: name.into(),
            description: Some(description.into()),
            required: false,
            deprecated: false,
            schema: String::schema_ref(),
        };
        vec![MetaResponse {
            description: "The account as it now is",
            status: Some(200),
            status_range: None,
            content: json_media::<LoggedInUser>(),
            headers: vec![
                header(NEXT_CSRF_HEADER, "The new session's CSRF token."),
                header("Set-Cookie", "The new session's cookie."),
            ],
        }]
    }
    fn register(registry: &mut Registry) {
        LoggedInUser::register(registry);
    }
    fn render((view, opened): Self::Value) -> Response {
        let mut resp = json_response(200, view.as_ref());
        if let Some(opened) = opened {
            for (name, value) in [
                (NEXT_CSRF_HEADER, opened.csrf_token),
                ("set-cookie", opened.cookie),
            ] {
                if let Ok(v) = value.parse() {
                    resp.headers_mut().insert(name, v);
                }
            }
        }
        resp
    }
}

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
    ) -> Reply<SignedIn, (E400, E401, E403Convert, E415, E429, E503)> {
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
                user_agent(req),
            )
            .await
        }
        .await;
        result.into()
    }
}
