//! The `user` tag: the signed-in user, public user information, the first-user bootstrap
//! (here), the caller's authorizations (`authorizations`), notifications (`notifications`), web
//! sessions (`session`) and stars (`stars`).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::types::MaybeUndefined;
use rusqlite::Transaction;

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope, Scopes, org_role};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, LoggedInUser, MessageError, UserInformation, UserInitialize,
    UserInitialized, UserOrganization, UserPrompt,
};
use crate::reply::{E400, E401, E401Html, E404, EHtml, EJson, Ok200, Reply};
use crate::store::namespace::{self, Namespace};

mod authorizations;
mod notifications;
mod session;
mod stars;

pub use authorizations::UserAuthorizationsApi;
pub use notifications::UserNotificationsApi;
pub use session::UserSessionApi;
pub use stars::UserStarsApi;

/// The `user` tag's operations.
pub type Apis = (
    UserApi,
    UserAuthorizationsApi,
    UserNotificationsApi,
    UserSessionApi,
    UserStarsApi,
);

/// Every part of the `user` tag over `state`.
pub fn apis(state: &AppState) -> Apis {
    (
        UserApi::new(state.clone()),
        UserAuthorizationsApi::new(state.clone()),
        UserNotificationsApi::new(state.clone()),
        UserSessionApi::new(state.clone()),
        UserStarsApi::new(state.clone()),
    )
}

/// Operations of the `user` tag.
pub struct UserApi {
    state: AppState,
}

impl UserApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// The public view of `user` as `who` sees it (Quay's `user_view` without its admin part):
/// `super_user` only for a superuser caller (true when viewing itself), as Quay adds it.
pub fn public_view(
    user: &Namespace,
    cfg: &crate::config::Config,
    who: &Identity,
) -> UserInformation {
    UserInformation {
        anonymous: false,
        username: user.name.clone(),
        avatar: Avatar::new(&user.name, user.email.as_deref(), AvatarKind::User),
        can_create_repo: None,
        is_me: None,
        verified: None,
        email: None,
        logins: None,
        invoice_email: None,
        invoice_email_address: MaybeUndefined::Undefined,
        preferred_namespace: None,
        tag_expiration_s: None,
        prompts: None,
        company: MaybeUndefined::Undefined,
        family_name: MaybeUndefined::Undefined,
        given_name: MaybeUndefined::Undefined,
        location: MaybeUndefined::Undefined,
        is_free_account: None,
        has_password_set: None,
        quotas: None,
        quota_report: None,
        organizations: None,
        super_user: who
            .is_superuser(cfg)
            .then(|| who.user.as_ref().is_some_and(|(id, _)| *id == user.id)),
        global_readonly_super_user: None,
    }
}

fn organizations_of(
    tx: &Transaction<'_>,
    user_id: i64,
) -> Result<Vec<UserOrganization>, QuayError> {
    let mut out = Vec::new();
    for (id, name, email) in namespace::organizations_of(tx, user_id)? {
        let role = org_role(tx, id, user_id)?;
        out.push(UserOrganization {
            avatar: Avatar::new(&name, email.as_deref(), AvatarKind::Org),
            name,
            can_create_repo: matches!(role.as_deref(), Some("admin" | "creator")),
            public: false,
            is_org_admin: Some(role.as_deref() == Some("admin")),
            preferred_namespace: Some(false),
        });
    }
    Ok(out)
}

#[OpenApi(tag = "ApiTags::User")]
impl UserApi {
    /// Get the signed-in user
    ///
    /// The user the bearer token belongs to, with its organizations. Needs `user:read`; a token
    /// without it, or no valid token, gets 401.
    #[oai(
        path = "/api/v1/user/",
        method = "get",
        operation_id = "getLoggedInUser"
    )]
    async fn get_logged_in_user(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<LoggedInUser>, (E401,)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let (Some((id, _)), true) = (
                    &who.user,
                    who.scopes.has(Scope::UserRead) || who.scopes.has(Scope::UserAdmin),
                ) else {
                    return Err(QuayError::Api {
                        status: 401,
                        title: "invalid_token",
                        detail: "Requires authentication".into(),
                        session_required: Some(false),
                    });
                };
                let user =
                    namespace::by_id(tx, *id)?.ok_or_else(|| QuayError::unauthorized(false))?;
                let mut view = public_view(&user, &cfg, &who);
                view.can_create_repo = Some(true);
                view.is_me = Some(true);
                view.verified = Some(user.verified);
                view.email = Some(user.email.clone().unwrap_or_default());
                view.logins = Some(vec![]);
                view.invoice_email = Some(user.invoice_email);
                view.invoice_email_address =
                    MaybeUndefined::from_opt_null(user.invoice_email_address.clone());
                view.preferred_namespace = Some(false);
                view.tag_expiration_s = Some(user.tag_expiration_s);
                view.prompts = Some(vec![UserPrompt::EnterName, UserPrompt::EnterCompany]);
                // Quay's profile fields (set through changeUserDetails with
                // FEATURE_USER_METADATA); always present in the caller's own view.
                view.company = MaybeUndefined::Null;
                view.family_name = MaybeUndefined::Null;
                view.given_name = MaybeUndefined::Null;
                view.location = MaybeUndefined::Null;
                view.is_free_account = Some(true);
                view.has_password_set = Some(true);
                // Quay adds it only for global read-only superusers (then true).
                view.global_readonly_super_user = who.is_global_readonly(&cfg).then_some(true);
                if cfg.quotas_enabled() {
                    view.quotas = Some(crate::api::quota_lites(tx, user.id)?);
                    view.quota_report = Some(crate::api::quota_report(tx, &cfg, user.id)?);
                }
                Ok(LoggedInUser {
                    user_information: view,
                    organizations: organizations_of(tx, user.id)?,
                })
            })
            .await
            .into()
    }

    /// Get a user's public information
    ///
    /// The public view of a user (not a robot or an organization); anyone may call it.
    #[oai(
        path = "/api/v1/users/:username",
        method = "get",
        operation_id = "getUserInformation"
    )]
    async fn get_user_information(
        &self,
        username: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<UserInformation>, (E401Html, E404<MessageError>)> {
        let cfg = self.state.config.clone();
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let user = namespace::by_name_kind(tx, &username.0, "user")?
                    .ok_or_else(|| QuayError::message(404, crate::error::URL_NOT_FOUND))?;
                Ok(public_view(&user, &cfg, &who))
            })
            .await
            .into()
    }

    /// Create the first user of an empty installation
    ///
    /// Creates the first user and, with `access_token: true`, an OAuth application in its
    /// namespace and a token carrying every scope. Only on an empty database.
    #[oai(
        path = "/api/v1/user/initialize",
        method = "post",
        operation_id = "initializeUser"
    )]
    async fn initialize_user(
        &self,
        body: Body<UserInitialize>,
    ) -> Reply<
        Ok200<UserInitialized>,
        (
            E400<MessageError>,
            EJson<403, MessageError>,
            EHtml<404>,
            EHtml<415>,
        ),
    > {
        let cfg = self.state.config.clone();
        let cost = self.state.password_cost;
        self.state
            .store
            .write(move |tx| {
                if cfg.AUTHENTICATION_TYPE != "Database" {
                    return Err(QuayError::message(
                        400,
                        "Cannot initialize user in a non-database auth system",
                    ));
                }
                if namespace::any_exists(tx)? {
                    return Err(QuayError::message(
                        400,
                        "Cannot initialize user in a non-empty database",
                    ));
                }
                let body = body.value()?;
                let fail = |reason: String| {
                    QuayError::message(400, format!("Failed to initialize user: {reason}"))
                };
                namespace::check_name(&body.username)
                    .map_err(|r| fail(format!("Invalid namespace {}: {r}", body.username)))?;
                namespace::check_password(&body.password).map_err(fail)?;
                match body.email.as_deref() {
                    Some(e) if !namespace::valid_email(e) => {
                        return Err(fail(format!("Invalid email address: {e}")));
                    }
                    None if cfg.FEATURE_MAILING => {
                        return Err(fail("Invalid email address: None".into()));
                    }
                    _ => {}
                }
                let hash = namespace::hash_password(&body.password, cost)?;
                let id = namespace::insert(
                    tx,
                    &body.username,
                    "user",
                    body.email.as_deref(),
                    Some(&hash),
                    None,
                )?;
                let access_token = if body.access_token == Some(true) {
                    let app = namespace::automation_app(tx, id)?;
                    Some(
                        namespace::mint_token(tx, id, Scopes::ALL, Some(app), "automation", None)?
                            .1,
                    )
                } else {
                    None
                };
                // Quay's web route writes no audit entry.
                Ok(UserInitialized {
                    username: body.username,
                    email: body.email,
                    encrypted_password: hash,
                    access_token,
                })
            })
            .await
            .into()
    }
}
