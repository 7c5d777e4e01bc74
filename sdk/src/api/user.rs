//! The `user` tag: the signed-in user, public user information, the first-user bootstrap, and
//! the applications the user has authorized ([`UserHandler::authorizations`]).
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

    /// The OAuth access tokens acting as the signed-in user (every call needs `user:admin`).
    pub fn authorizations(&self) -> AuthorizationsHandler {
        AuthorizationsHandler {
            client: self.client.clone(),
        }
    }
}

/// The signed-in user's authorizations, from [`UserHandler::authorizations`]: one per access
/// token an application issued for the user (expired ones too; never the token itself).
#[derive(Debug, Clone)]
pub struct AuthorizationsHandler {
    client: Client,
}

impl AuthorizationsHandler {
    /// `listUserAuthorizations`: every authorization, oldest first on the reference server.
    pub fn list(&self) -> ListUserAuthorizationsRequest {
        ListUserAuthorizationsRequest::new(&self.client)
    }

    /// `getUserAuthorization`: the authorization of the token `uuid` (404 for another user's).
    pub fn get(&self, uuid: impl Into<String>) -> GetUserAuthorizationRequest {
        GetUserAuthorizationRequest::new(&self.client, uuid)
    }

    /// `deleteUserAuthorization`: revokes the token `uuid` at once (it may be the token this
    /// client sends).
    pub fn revoke(&self, uuid: impl Into<String>) -> DeleteUserAuthorizationRequest {
        DeleteUserAuthorizationRequest::new(&self.client, uuid)
    }
}
