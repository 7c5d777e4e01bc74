//! The `user` tag: the signed-in user, public user information, the first-user bootstrap.
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::client::Client;
use crate::models::UserInitialize;
use crate::requests::*;

/// User operations, from [`Client::user`].
#[derive(Debug, Clone)]
pub struct UserHandler {
    pub(crate) client: Client,
}

impl Client {
    /// The signed-in user and public user information.
    pub fn user(&self) -> UserHandler {
        UserHandler {
            client: self.clone(),
        }
    }
}

impl UserHandler {
    /// `getLoggedInUser`: the user the token acts as.
    pub fn current(&self) -> GetLoggedInUserRequest {
        GetLoggedInUserRequest::new(&self.client)
    }

    /// `getUserInformation`: public information about a user.
    pub fn get(&self, username: impl Into<String>) -> GetUserInformationRequest {
        GetUserInformationRequest::new(&self.client, username)
    }

    /// `initializeUser`: creates the first user of an empty registry (with
    /// `FEATURE_USER_INITIALIZE`), optionally with an access token.
    pub fn initialize(&self, body: &UserInitialize) -> InitializeUserRequest {
        InitializeUserRequest::new(&self.client, body.clone())
    }
}
