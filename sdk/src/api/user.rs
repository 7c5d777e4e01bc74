//! The `user` tag: the signed-in user, public user information, the first-user bootstrap.

use crate::client::Client;
use crate::error::Result;
use crate::models::{LoggedInUser, UserInformation, UserInitialize, UserInitialized};
use crate::operations as op;
use crate::path::PathValue;

/// Operations of the `user` tag, from [`Client::user`].
#[derive(Debug, Clone)]
pub struct UserHandler {
    client: Client,
}

impl Client {
    /// Operations on users: the caller, any user's public view, the first-user bootstrap.
    pub fn user(&self) -> UserHandler {
        UserHandler {
            client: self.clone(),
        }
    }
}

impl UserHandler {
    /// `getLoggedInUser`: the user the token belongs to. Needs `user:read`; without it (or
    /// with no valid token) Quay answers 401.
    pub async fn current(&self) -> Result<LoggedInUser> {
        self.client.call(&op::GET_LOGGED_IN_USER, &[]).send().await
    }

    /// `getUserInformation`: the public view of a user (not a robot or an organization).
    pub async fn get(&self, username: &str) -> Result<UserInformation> {
        self.client
            .call(&op::GET_USER_INFORMATION, &[PathValue::Segment(username)])
            .send()
            .await
    }

    /// `initializeUser`: creates the first user of an empty Quay (`FEATURE_USER_INITIALIZE`),
    /// optionally with an access token with every scope. Works without a token.
    ///
    /// ```no_run
    /// # async fn run() -> quay_sdk::Result<()> {
    /// use quay_sdk::{Client, models::UserInitialize};
    /// let quay = Client::anonymous("http://127.0.0.1:8080")?;
    /// let admin = quay
    ///     .user()
    ///     .initialize(&UserInitialize::new("quayadmin", "password123").email("admin@example.com").access_token(true))
    ///     .await?;
    /// let quay = quay.with_token(admin.access_token.expect("asked for a token").expose());
    /// # Ok(()) }
    /// ```
    pub async fn initialize(&self, body: &UserInitialize) -> Result<UserInitialized> {
        self.client
            .call(&op::INITIALIZE_USER, &[])
            .json(body)
            .send()
            .await
    }
}
