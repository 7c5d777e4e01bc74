//! The `user` tag: the signed-in user, public user information, the first-user bootstrap
//! (here), the caller's account (`account`), authorizations (`authorizations`) and those
//! assigned to it (`assigned`), external logins (`external`), notifications (`notifications`),
//! web sessions (`session`) and stars (`stars`).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::types::MaybeUndefined;
use rusqlite::Transaction;
use serde_json::json;

use self::account::{allowed_domain, flask_not_found};
use self::session::{WithSession, open_session};
use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope, Scopes, org_role};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, AwaitingVerification, LoggedInUser, MessageError, NewUser, NewUserResult,
    UpdateUser, UserInformation, UserInitialize, UserInitialized, UserOrganization, UserPrompt,
};
use crate::reply::{
    E400, E401, E401Api, E401Html, E403Csrf, E403W, E404, E415, E503, EHtml, EJson, NoContent204,
    Ok200, Reply,
};
use crate::store::namespace::{self, Namespace, Setting};
use crate::store::{account as account_store, superuser as su_store};

mod account;
mod assigned;
mod authorizations;
mod external;
mod notifications;
mod session;
mod stars;

pub use account::UserAccountApi;
pub use assigned::UserAssignedApi;
pub use authorizations::UserAuthorizationsApi;
pub use external::UserExternalLoginApi;
pub use notifications::UserNotificationsApi;
pub use session::UserSessionApi;
pub use stars::UserStarsApi;

/// The `user` tag's operations.
pub type Apis = (
    UserApi,
    UserAccountApi,
    UserAssignedApi,
    UserAuthorizationsApi,
    UserExternalLoginApi,
    UserNotificationsApi,
    UserSessionApi,
    UserStarsApi,
);

/// Every part of the `user` tag over `state`.
pub fn apis(state: &AppState) -> Apis {
    (
        UserApi::new(state.clone()),
        UserAccountApi::new(state.clone()),
        UserAssignedApi::new(state.clone()),
        UserAuthorizationsApi::new(state.clone()),
        UserExternalLoginApi::new(state.clone()),
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

/// The caller's own view of its account (getLoggedInUser's): the public view with the account
/// fields and the organizations.
pub(super) fn own_view(
    tx: &Transaction<'_>,
    cfg: &crate::config::Config,
    who: &Identity,
    user_id: i64,
) -> Result<LoggedInUser, QuayError> {
    let user = namespace::by_id(tx, user_id)?.ok_or_else(|| QuayError::unauthorized(false))?;
    let mut view = public_view(&user, cfg, who);
    view.can_create_repo = Some(true);
    view.is_me = Some(true);
    view.verified = Some(user.verified);
    view.email = Some(user.email.clone().unwrap_or_default());
    view.logins = Some(vec![]);
    view.invoice_email = Some(user.invoice_email);
    view.invoice_email_address = MaybeUndefined::from_opt_null(user.invoice_email_address.clone());
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
    view.global_readonly_super_user = who.is_global_readonly(cfg).then_some(true);
    if cfg.quotas_enabled() {
        view.quotas = Some(crate::api::quota_lites(tx, user.id)?);
        view.quota_report = Some(crate::api::quota_report(tx, cfg, user.id)?);
    }
    Ok(LoggedInUser {
        user_information: view,
        organizations: organizations_of(tx, user.id)?,
    })
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
                        reason: None,
                    });
                };
                own_view(tx, &cfg, &who, *id)
            })
            .await
            .into()
    }

    /// Change the caller's account details
    #[oai(
        path = "/api/v1/user/",
        method = "put",
        operation_id = "changeUserDetails"
    )]
    async fn change_user_details(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<UpdateUser>,
    ) -> Reply<WithSession<LoggedInUser>, (E400, E401Api, E403W, E415, E503)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            let body = body.validated()?;
            let cfg = self.state.config.clone();
            if let Some(p) = &body.password {
                namespace::check_password(p).map_err(QuayError::invalid_request)?;
            }
            let tag_expiration = body
                .tag_expiration_s
                .filter(|_| cfg.FEATURE_CHANGE_TAG_EXPIRATION);
            if let Some(t) = tag_expiration
                && !cfg.tag_expiration_seconds().contains(&t)
            {
                return Err(QuayError::message(400, "Invalid tag expiration option"));
            }
            let hash = match body.password.clone() {
                Some(p) => Some(self.state.hash_password(p).await?),
                None => None,
            };
            let mailing = cfg.FEATURE_MAILING;
            let changed_password = hash.is_some();
            self.state
                .store
                .write(move |tx| {
                    let user = namespace::by_id(tx, me)?.ok_or_else(QuayError::not_found)?;
                    // Checked before anything changes: the reference server changes all or
                    // nothing (Quay keeps what it changed before a refusal).
                    let new_email = body
                        .email
                        .clone()
                        .filter(|e| Some(e) != user.email.as_ref());
                    if let Some(e) = &new_email
                        && su_store::email_taken_by_other(tx, e, me)?
                    {
                        return Err(QuayError::invalid_request("E-mail address already used"));
                    }
                    let log = |tx: &Transaction<'_>, kind: &str, metadata| {
                        namespace::log(tx, kind, Some(me), Some(me), metadata)
                    };
                    if let Some(hash) = &hash {
                        su_store::update_user(tx, me, Some(hash), None, None)?;
                        crate::store::credentials::record(tx, me, true)?;
                        crate::store::session::sign_out(tx, me, None)?;
                        crate::store::notification::delete_of_kind(tx, me, "password_required")?;
                        log(tx, "account_change_password", json!({}))?;
                    }
                    if let Some(flag) = body.invoice_email {
                        namespace::set_setting(tx, me, Setting::InvoiceEmail, flag)?;
                        log(tx, "user_change_invoicing", json!({"invoice_email": flag}))?;
                    }
                    if let Some(t) = tag_expiration {
                        namespace::set_setting(tx, me, Setting::TagExpiration, t)?;
                        log(
                            tx,
                            "user_change_tag_expiration",
                            json!({"tag_expiration": t}),
                        )?;
                    }
                    let address = match &body.invoice_email_address {
                        MaybeUndefined::Undefined => None,
                        MaybeUndefined::Null => Some(None),
                        MaybeUndefined::Value(v) => Some(Some(v.clone())),
                    };
                    if let Some(address) = address
                        && address != user.invoice_email_address
                    {
                        let stored = address.clone().filter(|a| !a.is_empty());
                        namespace::set_setting(tx, me, Setting::InvoiceEmailAddress, stored)?;
                        log(
                            tx,
                            "user_change_invoicing",
                            json!({"invoice_email_address": address}),
                        )?;
                    }
                    // With mailing Quay mails a confirmation link and changes nothing yet.
                    if let Some(e) = new_email.filter(|_| !mailing) {
                        su_store::update_user(tx, me, None, Some(&e), None)?;
                        log(
                            tx,
                            "user_change_email",
                            json!({"email": e, "old_email": user.email}),
                        )?;
                    }
                    Ok(())
                })
                .await?;
            let opened = if changed_password {
                Some(open_session(&self.state, None, me, None).await?)
            } else {
                None
            };
            let who = who.0.clone();
            let view = self
                .state
                .store
                .read(move |tx| own_view(tx, &cfg, &who, me))
                .await?;
            Ok((view, opened))
        }
        .await;
        result.into()
    }

    /// Create a user account (sign-up)
    #[oai(
        path = "/api/v1/user/",
        method = "post",
        operation_id = "createNewUser"
    )]
    async fn create_new_user(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<NewUser>,
    ) -> Reply<WithSession<NewUserResult>, (E400, E401Html, E403Csrf, E404<MessageError>, E415, E503)>
    {
        let result = async {
            let body = body.validated()?;
            let cfg = self.state.config.clone();
            if cfg.AUTHENTICATION_TYPE != "Database" {
                return Err(flask_not_found());
            }
            let refuse = |m: String| QuayError::invalid_request(m);
            let email = body.email.clone().filter(|e| !e.is_empty());
            let name = body.username.clone();
            let taken = self
                .state
                .store
                .read(move |tx| Ok(namespace::by_name_kind(tx, &name, "user")?.is_some()))
                .await?;
            if taken {
                return Err(refuse("The username already exists".into()));
            }
            if cfg.FEATURE_MAILING && email.is_none() {
                return Err(refuse("Email address is required".into()));
            }
            if !allowed_domain(&cfg, email.as_deref()) {
                return Err(refuse("Creation of a user account for this e-mail is disabled; please contact an administrator".into()));
            }
            namespace::check_password(&body.password).map_err(refuse)?;
            let hash = self.state.hash_password(body.password.clone()).await?;
            let performer = who.user_id();
            let (username, mailing) = (body.username.clone(), cfg.FEATURE_MAILING);
            let id = self
                .state
                .store
                .write(move |tx| {
                    let stored = account_store::check_new_user(
                        tx,
                        mailing,
                        &username,
                        email.as_deref(),
                        &|m| QuayError::invalid_request(m),
                    )?;
                    let id =
                        namespace::insert(tx, &username, "user", Some(&stored), Some(&hash), None)?;
                    su_store::set_verified(tx, id, !mailing)?;
                    namespace::log(
                        tx,
                        "user_create",
                        performer,
                        Some(id),
                        json!({"email": email, "username": username}),
                    )?;
                    Ok(id)
                })
                .await?;
            if mailing {
                let awaiting = AwaitingVerification {
                    awaiting_verification: true,
                };
                return Ok((NewUserResult::AwaitingVerification(awaiting), None));
            }
            let replacing = who.session.as_ref().map(|s| s.id);
            let opened = open_session(&self.state, replacing, id, None).await?;
            let me = Identity {
                user: Some((id, body.username.clone())),
                scopes: crate::auth::Scopes::ALL,
                oauth_token: None,
                session: None,
            };
            let view = self
                .state
                .store
                .read(move |tx| own_view(tx, &cfg, &me, id))
                .await?;
            Ok((NewUserResult::LoggedInUser(view), Some(opened)))
        }
        .await;
        result.into()
    }

    /// Delete the caller's own account
    #[oai(
        path = "/api/v1/user/",
        method = "delete",
        operation_id = "deleteCurrentUser"
    )]
    async fn delete_current_user(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404<MessageError>, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let (me, name) = who.user_admin()?;
                if cfg.AUTHENTICATION_TYPE != "Database" {
                    return Err(flask_not_found());
                }
                namespace::log(
                    tx,
                    "user_delete",
                    Some(me),
                    Some(me),
                    json!({"username": name}),
                )?;
                namespace::delete(tx, me)
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
