//! The `user` tag: the signed-in user, public user information, the first-user bootstrap, the
//! caller's account (sign-up, deletion, client key, conversion into an organization; web
//! sessions are on [`Client`]: [`Client::sign_in`]), external logins, the applications the user
//! has authorized or is asked to ([`UserHandler::authorizations`]), the user's
//! starred repositories ([`UserHandler::stars`]) and notifications
//! ([`UserHandler::notifications`]).
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::RepositoryRef;
use crate::client::Client;
use crate::error::{ApiFailure, Error, ErrorBody, Result};
use crate::models::{
    ConvertUser, ExternalLoginKind, ExternalLoginRequest, GenerateClientKey, NewStarredRepository,
    NewUser, Secret, StarredRepositoryRef, UpdateNotification, UpdateUser, UserInitialize,
};
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

    /// `createNewUser`: signs a new user up (with `FEATURE_USER_CREATION`). Quay CSRF-checks it,
    /// so call it on a client from [`Client::start_session`]: without `FEATURE_MAILING` the
    /// answer is the new user, and that client is then signed in as it; with mailing it is
    /// `AwaitingVerification` (the user must confirm its address first).
    pub fn create(&self, body: &NewUser) -> CreateNewUserRequest {
        CreateNewUserRequest::new(&self.client, body.clone())
    }

    /// `changeUserDetails`: changes the caller's password, e-mail address, invoice settings or
    /// tag expiration (only the fields set; needs `user:admin`, and a fresh sign-in for a web
    /// session). A new password ends the user's web sessions; a web-session client keeps the
    /// new one Quay hands out.
    pub fn update(&self, body: &UpdateUser) -> ChangeUserDetailsRequest {
        ChangeUserDetailsRequest::new(&self.client, body.clone())
    }

    /// `deleteCurrentUser`: deletes the caller's own account (needs `user:admin`, and a fresh
    /// sign-in for a web session, see [`Client::verify_password`]).
    pub fn delete_current(&self) -> DeleteCurrentUserRequest {
        DeleteCurrentUserRequest::new(&self.client)
    }

    /// `generateUserClientKey`: the caller's password encrypted for registry clients
    /// (`docker login`), given the password. A wrong one starts Quay's back-off (429).
    pub fn client_key(&self, password: impl Into<Secret>) -> GenerateUserClientKeyRequest {
        GenerateUserClientKeyRequest::new(&self.client, GenerateClientKey::new(password))
    }

    /// `convertUserToOrganization`: turns the caller's account into an organization owned by
    /// the admin user the body names (with that user's password). Quay then signs the admin
    /// user in: a web-session client ([`Client::sign_in`]) continues as the admin user.
    pub fn convert_to_organization(&self, body: &ConvertUser) -> ConvertUserToOrganizationRequest {
        ConvertUserToOrganizationRequest::new(&self.client, body.clone())
    }

    /// `retrieveExternalLoginAuthorizationUrl`: the URL at the external login service
    /// `service_id` (`github`, `google`, `gitlab`, an OIDC service) where a browser signs in
    /// (`kind` login), attaches that account to the caller (attach) or signs in for the Docker
    /// CLI (cli). A service the registry has not configured is refused.
    pub fn external_login_url(
        &self,
        service_id: impl Into<String>,
        kind: ExternalLoginKind,
    ) -> RetrieveExternalLoginAuthorizationUrlRequest {
        RetrieveExternalLoginAuthorizationUrlRequest::new(
            &self.client,
            service_id,
            ExternalLoginRequest::new(kind),
        )
    }

    /// `detachExternalLogin`: unlinks the caller's account at the external login service
    /// `service_id` (succeeds when there is no link; needs `user:admin`).
    pub fn detach_external_login(
        &self,
        service_id: impl Into<String>,
    ) -> DetachExternalLoginRequest {
        DetachExternalLoginRequest::new(&self.client, service_id)
    }

    /// The OAuth access tokens acting as the signed-in user (every call needs `user:admin`).
    pub fn authorizations(&self) -> AuthorizationsHandler {
        AuthorizationsHandler {
            client: self.client.clone(),
        }
    }

    /// The signed-in user's notifications (every call needs `user:admin`).
    pub fn notifications(&self) -> NotificationsHandler {
        NotificationsHandler {
            client: self.client.clone(),
        }
    }

    /// The repositories the signed-in user starred (every call needs `user:admin`).
    pub fn stars(&self) -> StarsHandler {
        StarsHandler {
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

    /// `listAssignedAuthorizations`: the tokens organization administrators asked the user to
    /// grant ([`Client::assign_authorization`]); listing them dismisses their notifications
    /// (with `FEATURE_ASSIGN_OAUTH_TOKEN`).
    pub fn assigned(&self) -> ListAssignedAuthorizationsRequest {
        ListAssignedAuthorizationsRequest::new(&self.client)
    }

    /// `deleteAssignedAuthorization`: declines the assignment `uuid` (404 for another user's).
    pub fn decline_assigned(&self, uuid: impl Into<String>) -> DeleteAssignedAuthorizationRequest {
        DeleteAssignedAuthorizationRequest::new(&self.client, uuid)
    }
}

/// The signed-in user's stars, from [`UserHandler::stars`].
///
/// Quay checks no permission on the starred repository: any user may star any repository that
/// exists, and a star outlives the user's access to it.
///
/// ```no_run
/// # async fn run(client: quay_sdk::Client) -> quay_sdk::Result<()> {
/// use futures_util::TryStreamExt;
/// let stars = client.user().stars();
/// stars.add(&"acme/web".parse()?).await?;
/// let starred: Vec<_> = stars.list().stream().try_collect().await?;
/// assert!(starred.iter().any(|r| r.namespace == "acme" && r.name == "web"));
/// stars.remove(&"acme/web".parse()?).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct StarsHandler {
    client: Client,
}

impl StarsHandler {
    /// `listStarredRepos`: one page of the starred image repositories (100 per page, by
    /// internal id); `.stream()` follows `next_page`.
    pub fn list(&self) -> ListStarredReposRequest {
        ListStarredReposRequest::new(&self.client)
    }

    /// `createStar`: stars `repository` (starring twice is no error). Needs `repo:read` and
    /// `user:admin`.
    ///
    /// A repository that does not exist is an error of kind
    /// [`NotFound`](crate::ErrorKind::NotFound): a 404 from the reference server, and from
    /// Quay the HTTP 200 with the body `null` its handler falls through to (the error's
    /// status is then 200).
    pub async fn add(&self, repository: &RepositoryRef) -> Result<StarredRepositoryRef> {
        let body = NewStarredRepository::new(repository.namespace(), repository.name());
        let response = CreateStarRequest::new(&self.client, body)
            .send_response()
            .await?;
        fall_through(&response)?;
        response.json()
    }

    /// `deleteStar`: removes the star from `repository` (no error when it was not starred).
    /// A repository that does not exist is an error of kind
    /// [`NotFound`](crate::ErrorKind::NotFound), as for [`add`](Self::add).
    pub async fn remove(&self, repository: &RepositoryRef) -> Result<()> {
        let response = DeleteStarRequest::new(&self.client, repository.clone())
            .send_response()
            .await?;
        fall_through(&response)
    }
}

/// Quay's star handlers answer 200 `null` when they find no repository (their known defect):
/// that success status is the failure it stands for.
fn fall_through(response: &crate::request::Response) -> Result<()> {
    let null =
        serde_json::from_slice::<serde_json::Value>(&response.body).is_ok_and(|v| v.is_null());
    if response.status == 200 && null {
        return Err(Error::Api(Box::new(ApiFailure {
            operation: response.operation,
            status: 200,
            body: ErrorBody::Raw("null".into()),
            retry_after: None,
        })));
    }
    Ok(())
}

/// The signed-in user's notifications, from [`UserHandler::notifications`]: those addressed to
/// the user and to the organizations it administers (team invites, service keys awaiting
/// approval, quota warnings, ...).
///
/// ```no_run
/// # async fn run(client: quay_sdk::Client) -> quay_sdk::Result<()> {
/// let notes = client.user().notifications();
/// for note in notes.list().limit(20).await?.notifications {
///     if note.kind == "org_team_invite" {
///         notes.dismiss(&note.id).await?;
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct NotificationsHandler {
    client: Client,
}

impl NotificationsHandler {
    /// `listUserNotifications`: the notifications not dismissed, newest first, `limit` (5 by
    /// default) per page with `additional` when more exist. Quay's `page` counts pages of
    /// `limit + 1` entries, so one entry per page is never shown: ask for a `limit` large
    /// enough for everything rather than paging.
    pub fn list(&self) -> ListUserNotificationsRequest {
        ListUserNotificationsRequest::new(&self.client)
    }

    /// `getUserNotification`: one notification, dismissed or not.
    pub fn get(&self, id: impl Into<String>) -> GetUserNotificationRequest {
        GetUserNotificationRequest::new(&self.client, id)
    }

    /// `updateUserNotification` with `dismissed: true`: the notification leaves the list.
    pub fn dismiss(&self, id: impl Into<String>) -> UpdateUserNotificationRequest {
        self.update(id, &UpdateNotification::new().dismissed(true))
    }

    /// `updateUserNotification` with `dismissed: false`: the notification is listed again.
    pub fn restore(&self, id: impl Into<String>) -> UpdateUserNotificationRequest {
        self.update(id, &UpdateNotification::new().dismissed(false))
    }

    /// `updateUserNotification` with any body (a body without `dismissed` restores).
    pub fn update(
        &self,
        id: impl Into<String>,
        body: &UpdateNotification,
    ) -> UpdateUserNotificationRequest {
        UpdateUserNotificationRequest::new(&self.client, id, body.clone())
    }
}
