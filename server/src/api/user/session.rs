//! Web sessions (Quay's `Signin`, `VerifyUser` and `Signout`): a user name and password open a
//! session (cookie and CSRF token, see [`crate::websession`]), the password confirms it again
//! for a fresh login, and signing out ends every session of the user.

use std::marker::PhantomData;
use std::sync::Arc;

use poem::web::Data;
use poem::{Request, Response};
use poem_openapi::OpenApi;
use poem_openapi::registry::{MetaHeader, MetaResponse, Registry};
use poem_openapi::types::{ToJSON, Type};
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    AuthError, SigninFailure, SigninSuccess, SigninUser, VerifyRefusal, VerifyUser,
};
use crate::reply::{
    E400, E401, E403Csrf, E415, E503, Ok200, Reply, Success, error_doc, json_media, json_response,
};
use crate::store::namespace::{self, Namespace, verify_password};
use crate::store::{credentials, session};
use crate::websession::{NEXT_CSRF_HEADER, set_cookie};

/// Quay's text for credentials it does not accept.
const INVALID: &str = "Invalid Username or Password";
/// Quay's text for a disabled user's credentials.
const DISABLED: &str = "This user has been disabled. Please contact your administrator.";

error_doc!(
    /// 403 of signinUser: refused credentials, or the CSRF refusal.
    E403Signin, 403, "Sign-in refused", "application/json" => SigninFailure, "text/html" => AuthError
);
error_doc!(
    /// 403 of verifyUser: a wrong password, a token without `user:admin`, or the CSRF refusal.
    E403Verify, 403, "Verification refused", "application/json" => VerifyRefusal, "text/html" => AuthError
);
error_doc!(
    /// 429: Quay's sign-in back-off (plain text sent as `text/html`, with `Retry-After`).
    E429, 429, "Too many login attempts", "text/html" => String
);
/// A new session as the answer carries it: `Set-Cookie` and `X-Next-CSRF-Token`.
pub struct Opened {
    pub(super) cookie: String,
    pub(super) csrf_token: String,
}

/// 200 with a body `T` and, when the operation opened a session, its cookie and CSRF token:
/// the sign-ins (`{"success": true}`), sign-up (the new user) and a password change (the
/// account).
pub struct WithSession<T>(PhantomData<T>);

impl<T: Type + ToJSON + Send> Success for WithSession<T> {
    type Value = (T, Option<Opened>);
    fn responses() -> Vec<MetaResponse> {
        let header = |name: &str, description: &str| MetaHeader {
            name: name.into(),
            description: Some(description.into()),
            required: false,
            deprecated: false,
            schema: String::schema_ref(),
        };
        vec![MetaResponse {
            description: "Success",
            status: Some(200),
            status_range: None,
            content: json_media::<T>(),
            headers: vec![
                header(NEXT_CSRF_HEADER, "The new session's CSRF token."),
                header("Set-Cookie", "The new session's cookie."),
            ],
        }]
    }
    fn register(registry: &mut Registry) {
        T::register(registry);
    }
    fn render((body, opened): Self::Value) -> Response {
        let mut resp = json_response(200, &body);
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

/// A sign-in's answer: `{"success": true}` with the session.
pub(super) fn signed_in(opened: Opened) -> (SigninSuccess, Option<Opened>) {
    (SigninSuccess { success: true }, Some(opened))
}

/// The session operations of the `user` tag.
pub struct UserSessionApi {
    state: AppState,
}

impl UserSessionApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Replaces the session `replacing` (if any) with a new one of `user_id`, signed in now;
/// `audit` writes Quay's `login_success` entry (with the user agent).
pub(super) async fn open_session(
    state: &AppState,
    replacing: Option<i64>,
    user_id: i64,
    audit: Option<String>,
) -> Result<Opened, QuayError> {
    let lifetime = state.config.session_s();
    let new = state
        .store
        .write(move |tx| {
            if let Some(id) = replacing {
                session::delete(tx, id)?;
            }
            session::purge_expired(tx)?;
            if let Some(agent) = audit {
                namespace::log(
                    tx,
                    "login_success",
                    Some(user_id),
                    Some(user_id),
                    json!({"type": "quayauth", "useragent": agent}),
                )?;
            }
            session::create(tx, Some(user_id), lifetime)
        })
        .await?;
    Ok(Opened {
        cookie: set_cookie(&state.config, &new.key),
        csrf_token: new.csrf_token,
    })
}

/// Quay's password check of an account (`verify_user`): refused with 429 while the account's
/// back-off lasts, then the password compared on the blocking pool (bcrypt is slow) and the
/// outcome recorded for the back-off. Whether it matched.
pub(super) async fn confirm_password(
    state: &AppState,
    account: i64,
    password: String,
) -> Result<bool, QuayError> {
    let (wait, stored) = state
        .store
        .read(move |tx| {
            Ok((
                credentials::wait(tx, account)?,
                namespace::stored_password(tx, account)?,
            ))
        })
        .await?;
    if let Some(wait) = wait {
        return Err(QuayError::too_many_login_attempts(wait));
    }
    let ok = match stored {
        Some(stored) => tokio::task::spawn_blocking(move || verify_password(&password, &stored))
            .await
            .unwrap_or(false),
        None => false,
    };
    state
        .store
        .write(move |tx| credentials::record(tx, account, ok))
        .await?;
    Ok(ok)
}

/// Quay's `verify_and_link_user` for the database: the enabled user a user name (or a user's
/// e-mail address) and password name, or why not. The password check has the back-off.
pub(super) async fn verify_and_link_user(
    state: &AppState,
    username: &str,
    password: String,
) -> Result<Result<Namespace, &'static str>, QuayError> {
    // Quay refuses user names that are not ASCII before any lookup.
    if !username.is_ascii() {
        return Ok(Err(INVALID));
    }
    let name = username.to_string();
    let Some(found) = state
        .store
        .read(move |tx| namespace::sign_in_account(tx, &name))
        .await?
    else {
        return Ok(Err(INVALID));
    };
    let valid = confirm_password(state, found.id, password).await?;
    Ok(match found {
        n if valid && n.kind == "user" && !n.enabled => Err(DISABLED),
        n if valid && n.kind == "user" => Ok(n),
        _ => Err(INVALID),
    })
}

/// Quay's `conduct_signin`: checks the credentials and replaces the session `replacing` with
/// one of the user, or refuses (403 `SigninFailure`); writes the audit entries the
/// configuration asks for.
pub(super) async fn conduct_signin(
    state: &AppState,
    replacing: Option<i64>,
    username: &str,
    password: String,
    agent: String,
) -> Result<Opened, QuayError> {
    let user = match verify_and_link_user(state, username, password).await? {
        Ok(user) => user,
        Err(message) => {
            if state.config.ACTION_LOG_AUDIT_LOGIN_FAILURES {
                let name = username.to_string();
                let metadata = json!({
                    "type": "quayauth",
                    "kind": "user",
                    "useragent": agent,
                    "username": username,
                    "message": message,
                });
                state
                    .store
                    .write(move |tx| {
                        let id = namespace::sign_in_account(tx, &name)?
                            .filter(|n| n.kind == "user")
                            .map(|n| n.id);
                        namespace::log(tx, "login_failure", id, id, metadata)
                    })
                    .await?;
            }
            return Err(refused(false, Some(message)));
        }
    };
    // Flask-Login refuses an inactive user: Quay's is the unverified one.
    if !user.verified {
        return Err(refused(true, None));
    }
    let audit = state.config.ACTION_LOG_AUDIT_LOGINS.then_some(agent);
    open_session(state, replacing, user.id, audit).await
}

/// Quay's sign-in refusal.
fn refused(needs_verification: bool, message: Option<&str>) -> QuayError {
    QuayError::Json {
        status: 403,
        body: json!({
            "needsEmailVerification": needs_verification,
            "invalidCredentials": !needs_verification,
            "message": message,
        }),
    }
}

#[OpenApi(tag = "ApiTags::User")]
impl UserSessionApi {
    /// Sign in with a username and password
    #[oai(path = "/api/v1/signin", method = "post", operation_id = "signinUser")]
    async fn signin_user(
        &self,
        req: &Request,
        who: Data<&Arc<Identity>>,
        body: Body<SigninUser>,
    ) -> Reply<WithSession<SigninSuccess>, (E400, E403Signin, E415, E429)> {
        let result = async {
            let body = body.validated()?;
            let replacing = who.session.as_ref().map(|s| s.id);
            conduct_signin(
                &self.state,
                replacing,
                &body.username,
                body.password,
                crate::api::user_agent(req),
            )
            .await
            .map(signed_in)
        }
        .await;
        result.into()
    }

    /// Confirm the caller's password
    #[oai(
        path = "/api/v1/signin/verify",
        method = "post",
        operation_id = "verifyUser"
    )]
    async fn verify_user(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<VerifyUser>,
    ) -> Reply<WithSession<SigninSuccess>, (E400, E401, E403Verify, E415, E429)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            let body = body.validated()?;
            if !confirm_password(&self.state, me, body.password).await? {
                return Err(QuayError::Json {
                    status: 403,
                    body: json!({"message": INVALID, "invalidCredentials": true}),
                });
            }
            open_session(&self.state, who.session.as_ref().map(|s| s.id), me, None)
                .await
                .map(signed_in)
        }
        .await;
        result.into()
    }

    /// Sign out
    #[oai(path = "/api/v1/signout", method = "post", operation_id = "logout")]
    async fn logout(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<SigninSuccess>, (E403Csrf, E503)> {
        let keep = who.session.as_ref().map(|s| s.id);
        let user = who.user_id();
        self.state
            .store
            .write(move |tx| {
                if let Some(user) = user {
                    session::sign_out(tx, user, keep)?;
                    namespace::log(tx, "logout_success", Some(user), Some(user), json!({}))?;
                }
                Ok(SigninSuccess { success: true })
            })
            .await
            .into()
    }
}
