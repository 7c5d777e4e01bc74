//! Schemas of the `user` tag.

use poem_openapi::{Enum, Object};

use super::{Avatar, QuotaLite, QuotaReport};

/// A federated login linked to a user.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserFederatedLogin {
    /// Service name.
    pub service: String,
    /// Identifier at the service.
    pub service_identifier: String,
    /// Service metadata.
    pub metadata: std::collections::HashMap<String, serde_json::Value>,
}

/// An organization the signed-in user belongs to.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserOrganization {
    /// Name.
    pub name: String,
    /// Avatar.
    pub avatar: Avatar,
    /// Whether the user may create repositories in it.
    pub can_create_repo: bool,
    /// Whether membership is public.
    pub public: bool,
    /// Whether the user administers it.
    #[oai(skip_serializing_if_is_none)]
    pub is_org_admin: Option<bool>,
    /// Whether it is the preferred namespace.
    #[oai(skip_serializing_if_is_none)]
    pub preferred_namespace: Option<bool>,
}

/// Prompts Quay's UI still has to show.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "snake_case")]
pub enum UserPrompt {
    /// Confirm the user name.
    ConfirmUsername,
    /// Enter a name.
    EnterName,
    /// Enter a company.
    EnterCompany,
}

/// A user: the public view, or the caller's own view with private fields.
#[derive(Object, Debug, Clone, PartialEq)]
#[oai(skip_serializing_if_is_none)]
pub struct UserInformation {
    /// Always false.
    pub anonymous: bool,
    /// Name.
    pub username: String,
    /// Avatar.
    pub avatar: Avatar,
    /// May the caller create repositories here.
    pub can_create_repo: Option<bool>,
    /// Is this the caller.
    pub is_me: Option<bool>,
    /// E-mail verified.
    pub verified: Option<bool>,
    /// E-mail address.
    pub email: Option<String>,
    /// Federated logins.
    pub logins: Option<Vec<UserFederatedLogin>>,
    /// Invoices by e-mail.
    pub invoice_email: Option<bool>,
    /// Invoice address.
    pub invoice_email_address: Option<String>,
    /// Preferred namespace.
    pub preferred_namespace: Option<bool>,
    /// Tag expiration, seconds.
    pub tag_expiration_s: Option<i64>,
    /// UI prompts.
    pub prompts: Option<Vec<UserPrompt>>,
    /// Company.
    pub company: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Location.
    pub location: Option<String>,
    /// Free plan.
    pub is_free_account: Option<bool>,
    /// Password set.
    pub has_password_set: Option<bool>,
    /// Quotas.
    pub quotas: Option<Vec<QuotaLite>>,
    /// Quota usage.
    pub quota_report: Option<QuotaReport>,
    /// Organizations.
    pub organizations: Option<Vec<UserOrganization>>,
    /// Superuser.
    pub super_user: Option<bool>,
    /// Global read-only superuser.
    pub global_readonly_super_user: Option<bool>,
}

/// The signed-in user.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct LoggedInUser {
    /// The user's fields (its `organizations` is always `None`: see the next field).
    #[oai(flatten)]
    pub user: UserInformation,
    /// Organizations the user belongs to.
    pub organizations: Vec<UserOrganization>,
}

/// Body of `initializeUser`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserInitialize {
    /// First user's name.
    pub username: String,
    /// Password.
    pub password: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Also mint an access token with every scope.
    pub access_token: Option<bool>,
}

/// Answer of `initializeUser`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserInitialized {
    /// Name.
    pub username: String,
    /// E-mail as sent.
    pub email: Option<String>,
    /// Stored password hash.
    pub encrypted_password: String,
    /// Token with every scope, when asked for.
    #[oai(skip_serializing_if_is_none)]
    pub access_token: Option<String>,
}
