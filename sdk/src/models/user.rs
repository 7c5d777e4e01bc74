//! Schemas of the `user` tag: the signed-in user, public user information, the first-user
//! bootstrap.

use serde::{Deserialize, Serialize};

use super::{Avatar, QuotaLite, QuotaReport, Secret};

/// A federated login (LDAP, OIDC, ...) linked to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserFederatedLogin {
    /// The login service's name.
    pub service: String,
    /// The user's identifier at that service.
    pub service_identifier: String,
    /// Service-specific metadata.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// An organization the signed-in user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserOrganization {
    /// Organization name.
    pub name: String,
    /// The organization's avatar.
    pub avatar: Avatar,
    /// Whether the user may create repositories in it.
    pub can_create_repo: bool,
    /// Whether the membership is public.
    pub public: bool,
    /// Whether the user administers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_org_admin: Option<bool>,
    /// Whether it is the user's preferred namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_namespace: Option<bool>,
}

string_enum! {
    /// A prompt Quay's UI still has to show a user.
    UserPrompt {
        /// Confirm the generated user name.
        ConfirmUsername = "confirm_username",
        /// Enter a name.
        EnterName = "enter_name",
        /// Enter a company.
        EnterCompany = "enter_company",
    }
}

/// A user as Quay shows it: the public view of `getUserInformation`, or the signed-in user's own
/// view (with the private fields) as part of [`LoggedInUser`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserInformation {
    /// Always false here.
    pub anonymous: bool,
    /// The user name.
    pub username: String,
    /// The user's avatar.
    pub avatar: Avatar,
    /// Whether the caller may create repositories in this user's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_create_repo: Option<bool>,
    /// Whether this is the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_me: Option<bool>,
    /// Whether the e-mail address is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// E-mail address (own view only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Linked federated logins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logins: Option<Vec<UserFederatedLogin>>,
    /// Whether invoices are e-mailed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email: Option<bool>,
    /// Address invoices go to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email_address: Option<String>,
    /// Whether the user's namespace is preferred over organizations in the UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_namespace: Option<bool>,
    /// Tag expiration of the namespace, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_expiration_s: Option<i64>,
    /// Prompts the UI still has to show the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts: Option<Vec<UserPrompt>>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Whether the account is on the free plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_free_account: Option<bool>,
    /// Whether a password is set (federated users may have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_password_set: Option<bool>,
    /// Quotas of the user's namespace (quota management on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Storage used against the quota (quota management on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_report: Option<QuotaReport>,
    /// Organizations the user belongs to (always present in [`LoggedInUser`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizations: Option<Vec<UserOrganization>>,
    /// Whether the user is a superuser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub super_user: Option<bool>,
    /// Whether the user is a global read-only superuser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_readonly_super_user: Option<bool>,
}

/// The signed-in user (`getLoggedInUser`): a [`UserInformation`] whose `organizations` is
/// always present. Derefs to the [`UserInformation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LoggedInUser {
    /// The user (its own `organizations` is `None` here: see [`LoggedInUser::organizations`]).
    #[serde(flatten)]
    pub user: UserInformation,
    /// Organizations the user belongs to.
    pub organizations: Vec<UserOrganization>,
}

impl std::ops::Deref for LoggedInUser {
    type Target = UserInformation;
    fn deref(&self) -> &UserInformation {
        &self.user
    }
}

/// Body of `initializeUser`: the first user of an empty Quay.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserInitialize {
    /// User name of the first user (who becomes the superuser if listed in `SUPER_USERS`).
    pub username: String,
    /// Password: at least 8 characters, no whitespace.
    pub password: Secret,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Ask for an OAuth access token with every scope in the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<bool>,
}

impl UserInitialize {
    /// The first user with this name and password; no e-mail, no token.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: Secret::new(password.into()),
            email: None,
            access_token: None,
        }
    }

    /// Sets the e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Asks for an access token with all scopes.
    pub fn access_token(mut self, yes: bool) -> Self {
        self.access_token = Some(yes);
        self
    }
}

impl std::fmt::Debug for UserInitialize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserInitialize")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("email", &self.email)
            .field("access_token", &self.access_token)
            .finish()
    }
}

/// Answer of `initializeUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserInitialized {
    /// The new user's name.
    pub username: String,
    /// Its e-mail address, as sent.
    pub email: Option<String>,
    /// The stored password hash.
    pub encrypted_password: Secret,
    /// An OAuth token with every scope, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
}
