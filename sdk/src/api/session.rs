//! Web sessions (signinUser, verifyUser, logout) on [`Client`]: signing in gives a client that
//! acts through Quay's session cookie instead of a token (the plumbing: `crate::session`),
//! and the web route only a session may call: assigning an application's token to a user
//! ([`Client::assign_authorization`]).

use std::sync::{Arc, RwLock};

use crate::client::{Client, Inner};
use crate::models::{Secret, SigninUser, VerifyUser};
use crate::requests::{LogoutRequest, SigninUserRequest, VerifyUserRequest};
use crate::session::{WebSession, session_cookie};
use crate::{Error, Result};

impl Client {
    /// Signs `username` (or a user's e-mail address) in with `password` (signinUser) and
    /// returns a client that acts through the web session: no token and no scope limit, CSRF
    /// tokens handled, the session's fresh login renewed by [`Client::verify_password`]. The
    /// client it is called on only lends its base URL, connection pool and settings.
    ///
    /// Refused credentials are [`Error::Api`] with status 403 and Quay's
    /// `{"invalidCredentials": ..., "needsEmailVerification": ..., "message": ...}`.
    pub async fn sign_in(
        &self,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Result<Client> {
        let client = self.start_session().await?;
        SigninUserRequest::new(&client, SigninUser::new(username, password)).await?;
        Ok(client)
    }

    /// An anonymous web session (`GET /csrf_token`): a client without a token that carries the
    /// session's cookie and CSRF token, as a browser does before it signs in or up. Use it for
    /// createNewUser ([`crate::api::UserHandler::create`]); [`Client::sign_in`] starts one
    /// itself.
    pub async fn start_session(&self) -> Result<Client> {
        let inner = &self.inner;
        // An anonymous session and its CSRF token, to sign in with.
        let url = format!("{}/csrf_token", inner.base);
        let mut req = inner.http.get(&url);
        if let Some(t) = inner.timeout {
            req = req.timeout(t);
        }
        let resp = req.send().await.map_err(|e| Error::Transport {
            operation: "signinUser",
            source: e,
        })?;
        let cookie = session_cookie(resp.headers());
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| Error::Transport {
            operation: "signinUser",
            source: e,
        })?;
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let csrf = body["csrf_token"].as_str();
        let (Some(cookie), Some(csrf)) = (cookie, csrf) else {
            return Err(Error::Config(format!(
                "GET /csrf_token answered {status} without a session cookie and CSRF token"
            )));
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                base: inner.base.clone(),
                token: None,
                timeout: inner.timeout,
                retry: inner.retry.clone(),
                session: Some(RwLock::new(WebSession {
                    cookie,
                    csrf: Secret::new(csrf),
                })),
            }),
        })
    }

    /// Whether the client acts through a web session ([`Client::sign_in`]).
    pub fn has_session(&self) -> bool {
        self.inner.session.is_some()
    }

    /// verifyUser: confirms the caller's password, which renews a web session's sign-in for
    /// the operations that need a fresh login (Quay hands out a new session, which the client
    /// keeps). A wrong password is [`Error::Api`] 403.
    pub async fn verify_password(&self, password: impl Into<Secret>) -> Result<()> {
        VerifyUserRequest::new(self, VerifyUser::new(password)).await?;
        Ok(())
    }

    /// logout: ends every web session of the caller's user (the client's own becomes
    /// anonymous). With a token, the token keeps working.
    pub async fn sign_out(&self) -> Result<()> {
        LogoutRequest::new(self).await?;
        Ok(())
    }

    /// Quay's web route `POST /oauth/authorize/assignuser`: as an administrator of the
    /// application's organization, asks `username` to grant a token of the application
    /// `client_id` with `scope` (space-separated) and `redirect_uri`. The user is notified and
    /// lists it with [`crate::api::AuthorizationsHandler::assigned`]. Needs a signed-in
    /// session ([`Client::sign_in`]; Quay does not accept a bearer token here) and
    /// `FEATURE_ASSIGN_OAUTH_TOKEN`. Refusals are [`Error::Api`] of the operation
    /// `assignUserToApp` (400 for a missing parameter, 401, 403, 404 as HTML pages).
    pub async fn assign_authorization(
        &self,
        client_id: &str,
        username: &str,
        scope: &str,
        redirect_uri: &str,
    ) -> Result<()> {
        const OPERATION: &str = "assignUserToApp";
        let inner = &self.inner;
        let Some(slot) = &inner.session else {
            return Err(Error::invalid_input(
                "assign_authorization needs a signed-in web session (Client::sign_in)",
            ));
        };
        let mut url = url::Url::parse(&format!("{}/oauth/authorize/assignuser", inner.base))
            .map_err(|e| Error::Config(format!("base URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", scope)
            .append_pair("username", username)
            .append_pair("response_type", "token")
            .append_pair("format", "json");
        let req = crate::session::attach(inner.http.post(url), slot, true);
        crate::web::send(inner, req, OPERATION).await?;
        Ok(())
    }
}
