//! Schemas of the `organization` tag: organizations, members, collaborators, OAuth applications
//! and their tokens, proxy-cache configuration.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Avatar, QuotaLite, QuotaReport, Secret, TeamRole};

// ------------------------------------------------------------------ organizations

/// An organization as seen by the caller (`getOrganization`, `changeOrganizationDetails`, and
/// nested in [`ApplicationInformation`]).
///
/// Which fields appear depends on who asks: an anonymous caller or a non-member gets only
/// `name`, `email` (empty), `avatar`, `is_admin` and `is_member`; members also get `teams` and
/// `ordered_teams`; admins also get the e-mail, invoice, tag-expiration and billing fields. A
/// "viewing superuser" (global read-only, or full-access with `super:user`) sees the admin view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrganizationView {
    /// The organization's name.
    pub name: String,
    /// The contact e-mail address; `""` unless the caller administers the organization (and
    /// `""` as well when no valid address is stored).
    pub email: String,
    /// The organization's avatar (its `kind` is `user`, not `org`).
    pub avatar: Avatar,
    /// Whether the caller administers the organization.
    pub is_admin: bool,
    /// Whether the caller belongs to any team of the organization.
    pub is_member: bool,
    /// The teams keyed by team name (members and admins only; always `{}` inside
    /// [`ApplicationInformation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<BTreeMap<String, TeamSummary>>,
    /// The team names in creation order (same condition as `teams`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered_teams: Option<Vec<String>>,
    /// Whether invoices are e-mailed (admins only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email: Option<bool>,
    /// Where invoices are e-mailed (admins only; `None` also when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email_address: Option<String>,
    /// Time machine window in seconds (admins only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_expiration_s: Option<i64>,
    /// True when the organization has no billing customer (admins only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_free_account: Option<bool>,
    /// Storage quotas (admins and members, with quota management on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Storage used against the quota (same condition as `quotas`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_report: Option<QuotaReport>,
}

impl OrganizationView {
    /// The teams in creation order, as far as the caller may see them (empty when `teams` is
    /// absent).
    pub fn teams_in_order(&self) -> Vec<&TeamSummary> {
        let (Some(teams), Some(order)) = (&self.teams, &self.ordered_teams) else {
            return Vec::new();
        };
        order.iter().filter_map(|name| teams.get(name)).collect()
    }
}

/// A team as listed in an [`OrganizationView`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamSummary {
    /// The team's name.
    pub name: String,
    /// The team's description (`""` when none).
    pub description: String,
    /// The team's organization-wide role.
    pub role: TeamRole,
    /// The team's avatar (`kind` is `team`).
    pub avatar: Avatar,
    /// Whether the caller may view the team's members.
    pub can_view: bool,
    /// Number of repositories the team holds a permission on.
    pub repo_count: i64,
    /// Number of members of the team.
    pub member_count: i64,
    /// Whether the team is synchronised from an external group.
    pub is_synced: bool,
}

/// Body of `createOrganization`.
///
/// ```
/// use quay_sdk::models::NewOrg;
/// let org = NewOrg::new("acme").email("ops@acme.example");
/// assert_eq!(serde_json::to_value(&org).unwrap(), serde_json::json!({"name": "acme", "email": "ops@acme.example"}));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewOrg {
    /// The new organization's name: 2-255 characters matching
    /// `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`, not taken by a user or organization.
    pub name: String,
    /// Contact e-mail, used only when `contact_email` is absent or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Contact e-mail for recovery and notifications; preferred over `email`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// The reCAPTCHA response (only read with `FEATURE_RECAPTCHA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recaptcha_response: Option<String>,
}

impl NewOrg {
    /// An organization named `name`, with no e-mail.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            email: None,
            contact_email: None,
            recaptcha_response: None,
        }
    }

    /// Sets `email`.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets `contact_email` (takes precedence over `email`).
    pub fn contact_email(mut self, email: impl Into<String>) -> Self {
        self.contact_email = Some(email.into());
        self
    }

    /// Sets the reCAPTCHA response.
    pub fn recaptcha_response(mut self, response: impl Into<String>) -> Self {
        self.recaptcha_response = Some(response.into());
        self
    }
}

/// Body of `changeOrganizationDetails`: every field optional, `UpdateOrg::default()` (`{}`)
/// changes nothing.
///
/// Fields are applied in the order `invoice_email`, `invoice_email_address`, e-mail,
/// `tag_expiration_s`; a failure (400) keeps the changes made before it.
///
/// ```
/// use quay_sdk::models::UpdateOrg;
/// let update = UpdateOrg::default().invoice_email(true).tag_expiration_s(86400);
/// assert_eq!(serde_json::to_value(&update).unwrap(), serde_json::json!({"invoice_email": true, "tag_expiration_s": 86400}));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UpdateOrg {
    /// New contact e-mail, used only when `contact_email` is absent; `""` clears the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// New contact e-mail, preferred over `email`; `""` clears the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Whether invoices are e-mailed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email: Option<bool>,
    /// Where invoices are e-mailed; `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email_address: Option<String>,
    /// Time machine window in seconds; must be one of the configured `TAG_EXPIRATION_OPTIONS`
    /// (defaults 0, 86400, 604800, 1209600, 2419200), else 400.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_expiration_s: Option<i64>,
}

impl UpdateOrg {
    /// Sets `email`.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets `contact_email`.
    pub fn contact_email(mut self, email: impl Into<String>) -> Self {
        self.contact_email = Some(email.into());
        self
    }

    /// Sets `invoice_email`.
    pub fn invoice_email(mut self, yes: bool) -> Self {
        self.invoice_email = Some(yes);
        self
    }

    /// Sets `invoice_email_address` (`""` clears it).
    pub fn invoice_email_address(mut self, address: impl Into<String>) -> Self {
        self.invoice_email_address = Some(address.into());
        self
    }

    /// Sets `tag_expiration_s`.
    pub fn tag_expiration_s(mut self, seconds: i64) -> Self {
        self.tag_expiration_s = Some(seconds);
        self
    }
}

// ------------------------------------------------------------------ members, collaborators

string_enum! {
    /// What an organization member is (`kind` of [`OrgMemberDetail`]).
    OrgMemberKind {
        /// A user.
        User = "user",
        /// A robot of the organization (only from `getOrganizationMember`).
        Robot = "robot",
    }
}

/// A team a member belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrgMemberTeam {
    /// The team's name.
    pub name: String,
    /// The team's avatar (`kind` is `team`).
    pub avatar: Avatar,
}

/// A member of an organization with its teams and direct repository permissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrgMemberDetail {
    /// The user name, or for a robot its full name `org+shortname`.
    pub name: String,
    /// User or robot.
    pub kind: OrgMemberKind,
    /// The member's avatar.
    pub avatar: Avatar,
    /// Every team of the organization the member belongs to.
    pub teams: Vec<OrgMemberTeam>,
    /// Names (without namespace) of the organization's repositories the member holds a direct
    /// permission on, one entry per permission.
    pub repositories: Vec<String>,
}

/// Answer of `getOrganizationMembers`: the human members (robots left out). Not paginated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrgMemberList {
    /// One entry per user, in team-membership order.
    pub members: Vec<OrgMemberDetail>,
}

string_enum! {
    /// What an outside collaborator is (always a user).
    OrgCollaboratorKind {
        /// A user.
        User = "user",
    }
}

/// An outside collaborator: a user in no team of the organization who holds a direct permission
/// on at least one of its repositories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrgCollaborator {
    /// Always `user`.
    pub kind: OrgCollaboratorKind,
    /// The user name.
    pub name: String,
    /// The user's avatar.
    pub avatar: Avatar,
    /// Names (without namespace) of the repositories the user holds a direct permission on.
    pub repositories: Vec<String>,
}

/// Answer of `getOrganizationCollaborators`. Not paginated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrgCollaboratorList {
    /// The collaborators (empty when none).
    pub collaborators: Vec<OrgCollaborator>,
}

// ------------------------------------------------------------------ OAuth applications

/// An OAuth application owned by an organization. `client_secret`, `redirect_uri` and
/// `avatar_email` are `None` unless the caller administers the owning organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Application {
    /// The application's name (not necessarily unique).
    pub name: String,
    /// Human-readable description (`""` when none).
    pub description: String,
    /// The application's homepage (`""` when none).
    pub application_uri: String,
    /// The OAuth client id (20 upper-case letters and digits).
    pub client_id: String,
    /// The OAuth client secret; `None` unless the caller administers the organization.
    pub client_secret: Option<Secret>,
    /// The OAuth redirect URI (`""` when none); `None` unless the caller administers the
    /// organization.
    pub redirect_uri: Option<String>,
    /// E-mail address the avatar is drawn from; `None` when unset or unless the caller
    /// administers the organization.
    pub avatar_email: Option<String>,
}

/// Answer of `getOrganizationApplications`. Not paginated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrganizationApplicationList {
    /// The applications (empty when none).
    pub applications: Vec<Application>,
}

/// Public information about an OAuth application (`getApplicationInformation`), as shown on
/// the authorization page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApplicationInformation {
    /// The application's name.
    pub name: String,
    /// The application's description (`""` when none).
    pub description: String,
    /// The application's homepage (its `application_uri`).
    pub uri: String,
    /// Avatar of kind `app`.
    pub avatar: Avatar,
    /// The owning organization as seen by the caller (`teams` and `ordered_teams` always
    /// present and empty).
    pub organization: OrganizationView,
}

/// Body of `createOrganizationApplication`.
///
/// ```
/// use quay_sdk::models::NewApp;
/// let app = NewApp::new("ci").redirect_uri("https://ci.example/callback");
/// assert_eq!(serde_json::to_value(&app).unwrap(), serde_json::json!({"name": "ci", "redirect_uri": "https://ci.example/callback"}));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewApp {
    /// The application's name (`__quay_bootstrap_app` is refused).
    pub name: String,
    /// The OAuth redirect URI (default `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// The application's homepage (default `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_uri: Option<String>,
    /// Human-readable description (default `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// E-mail address to draw the avatar from (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_email: Option<String>,
}

impl NewApp {
    /// An application named `name`; every other field left to Quay's default.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            redirect_uri: None,
            application_uri: None,
            description: None,
            avatar_email: None,
        }
    }

    /// Sets the OAuth redirect URI.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// Sets the homepage.
    pub fn application_uri(mut self, uri: impl Into<String>) -> Self {
        self.application_uri = Some(uri.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets the avatar e-mail address.
    pub fn avatar_email(mut self, email: impl Into<String>) -> Self {
        self.avatar_email = Some(email.into());
        self
    }
}

/// Body of `updateOrganizationApplication`: the full new state (a replacement, not a patch):
/// an omitted `description` becomes `""` and an omitted `avatar_email` none.
///
/// ```
/// use quay_sdk::models::UpdateApp;
/// let update = UpdateApp::new("ci", "https://ci.example/cb", "https://ci.example").description("CI");
/// assert_eq!(
///     serde_json::to_value(&update).unwrap(),
///     serde_json::json!({"name": "ci", "redirect_uri": "https://ci.example/cb", "application_uri": "https://ci.example", "description": "CI"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UpdateApp {
    /// The application's name (`__quay_bootstrap_app` is refused).
    pub name: String,
    /// The OAuth redirect URI.
    pub redirect_uri: String,
    /// The application's homepage.
    pub application_uri: String,
    /// Human-readable description; omitted means `""`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// E-mail address to draw the avatar from; omitted means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_email: Option<String>,
}

impl UpdateApp {
    /// The required fields; no description, no avatar e-mail.
    pub fn new(
        name: impl Into<String>,
        redirect_uri: impl Into<String>,
        application_uri: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            redirect_uri: redirect_uri.into(),
            application_uri: application_uri.into(),
            description: None,
            avatar_email: None,
        }
    }

    /// The application's current state as an update, to change only some fields. A redirect
    /// URI hidden from the caller (`None`) becomes `""`.
    pub fn from_application(app: &Application) -> Self {
        Self {
            name: app.name.clone(),
            redirect_uri: app.redirect_uri.clone().unwrap_or_default(),
            application_uri: app.application_uri.clone(),
            description: Some(app.description.clone()),
            avatar_email: app.avatar_email.clone(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets the avatar e-mail address.
    pub fn avatar_email(mut self, email: impl Into<String>) -> Self {
        self.avatar_email = Some(email.into());
        self
    }
}

// ------------------------------------------------------------------ application tokens

/// Body of `createOrganizationApplicationToken`.
///
/// ```
/// use quay_sdk::models::NewApplicationToken;
/// let token = NewApplicationToken::new("ci token", "repo:read org:admin").expiration(3600);
/// assert_eq!(
///     serde_json::to_value(&token).unwrap(),
///     serde_json::json!({"name": "ci token", "scope": "repo:read org:admin", "expiration": 3600.0})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewApplicationToken {
    /// User-facing token name (1-255 characters; trimmed, and refused when blank).
    pub name: String,
    /// Space- or comma-separated scopes (`repo:read`, `repo:write`, `repo:admin`,
    /// `repo:create`, `user:read`, `user:admin`, `org:admin`, `super:user`).
    pub scope: String,
    /// Lifetime in seconds (default and maximum 315576000, ten years; fractions truncated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<f64>,
}

impl NewApplicationToken {
    /// A token named `name` with `scope`, living as long as Quay allows.
    pub fn new(name: impl Into<String>, scope: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            scope: scope.into(),
            expiration: None,
        }
    }

    /// Sets the lifetime in seconds (at least 1).
    pub fn expiration(mut self, seconds: impl Into<f64>) -> Self {
        self.expiration = Some(seconds.into());
        self
    }
}

/// Metadata of an OAuth access token issued for an application (the secret is never listed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OAuthApplicationToken {
    /// The token's id (revoke it with this).
    pub uuid: String,
    /// User-facing name; `None` for a legacy unnamed token.
    pub name: Option<String>,
    /// Space-separated scopes.
    pub scope: String,
    /// Expiry, UTC ISO 8601 with `Z`.
    pub expires_at: Option<String>,
    /// Creation time, UTC ISO 8601 with `Z`.
    pub created: Option<String>,
    /// User name of the user the token acts as; `None` if that user is gone.
    pub created_by: Option<String>,
    /// Last use, UTC ISO 8601 with `Z`; `None` if never used.
    pub last_accessed: Option<String>,
}

/// Answer of `createOrganizationApplicationToken`: the metadata plus the bearer secret, which
/// Quay shows only this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreatedOAuthApplicationToken {
    /// The token's id (revoke it with this).
    pub uuid: String,
    /// The trimmed token name.
    pub name: Option<String>,
    /// The granted scopes, de-duplicated and space-separated.
    pub scope: String,
    /// Expiry, UTC ISO 8601 with `Z`.
    pub expires_at: Option<String>,
    /// Creation time, UTC ISO 8601 with `Z`.
    pub created: Option<String>,
    /// User name of the caller, whom the token acts as.
    pub created_by: Option<String>,
    /// Always `None` for a new token.
    pub last_accessed: Option<String>,
    /// The bearer token (40 letters and digits); cannot be retrieved again.
    pub token: Secret,
}

/// One page of an application's unexpired tokens, newest first, 50 per page
/// (`listOrganizationApplicationTokens`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OAuthApplicationTokenList {
    /// The tokens on this page.
    pub tokens: Vec<OAuthApplicationToken>,
    /// Token for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

impl crate::Page for OAuthApplicationTokenList {
    type Item = OAuthApplicationToken;

    fn next_page(&self) -> Option<&str> {
        self.next_page.as_deref()
    }

    fn into_items(self) -> Vec<OAuthApplicationToken> {
        self.tokens
    }
}

// ------------------------------------------------------------------ proxy cache

/// An organization's proxy-cache configuration (`getProxyCacheConfig`): the stored
/// configuration, or all-empty fields when there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ProxyCacheConfig {
    /// A stored configuration.
    ProxyCacheConfigured(ProxyCacheConfigured),
    /// No configuration (every field `""`).
    ProxyCacheNotConfigured(ProxyCacheNotConfigured),
}

impl ProxyCacheConfig {
    /// The stored configuration, if there is one.
    pub fn configured(&self) -> Option<&ProxyCacheConfigured> {
        match self {
            ProxyCacheConfig::ProxyCacheConfigured(c) => Some(c),
            ProxyCacheConfig::ProxyCacheNotConfigured(_) => None,
        }
    }

    /// Whether the organization is a proxy cache.
    pub fn is_configured(&self) -> bool {
        self.configured().is_some()
    }
}

/// A stored proxy-cache configuration. Credentials are never returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ProxyCacheConfigured {
    /// The cached upstream registry, optionally with a namespace path (`quay.io/someorg`).
    pub upstream_registry: String,
    /// How long cached tags stay before being refreshed, in seconds.
    pub expiration_s: i64,
    /// Whether the upstream is reached over plain HTTP.
    pub insecure: bool,
}

string_marker! {
    /// The empty JSON string `""`, each field of a [`ProxyCacheNotConfigured`].
    ProxyCacheEmptyField = ""
}

/// What Quay answers when there is no proxy-cache configuration: every field `""` (strings even
/// for `expiration_s` and `insecure`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ProxyCacheNotConfigured {
    /// Always `""`.
    pub upstream_registry: ProxyCacheEmptyField,
    /// Always `""`.
    pub expiration_s: ProxyCacheEmptyField,
    /// Always `""`.
    pub insecure: ProxyCacheEmptyField,
}

/// Body of `createProxyCacheConfig` and `validateProxyCacheConfig`.
///
/// ```
/// use quay_sdk::models::NewProxyCacheConfig;
/// let cfg = NewProxyCacheConfig::new("quay.io/someorg").credentials("puller", "s3cret").expiration_s(86400);
/// assert!(!format!("{cfg:?}").contains("s3cret"));
/// assert_eq!(
///     serde_json::to_value(&cfg).unwrap(),
///     serde_json::json!({"upstream_registry": "quay.io/someorg", "upstream_registry_username": "puller",
///                        "upstream_registry_password": "s3cret", "expiration_s": 86400})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewProxyCacheConfig {
    /// The upstream registry, optionally with a namespace path (`docker.io`,
    /// `quay.io/someorg`); its host must pass Quay's outbound-URL (SSRF) checks.
    pub upstream_registry: String,
    /// User name for the upstream; none for anonymous pulls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_registry_username: Option<String>,
    /// Password or token for the upstream; none for anonymous pulls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_registry_password: Option<Secret>,
    /// How long cached tags stay before being refreshed, in seconds (Quay's default 86400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_s: Option<i64>,
    /// Reach the upstream over plain HTTP (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
}

impl NewProxyCacheConfig {
    /// A configuration for `upstream_registry`: anonymous pulls, Quay's defaults otherwise.
    pub fn new(upstream_registry: impl Into<String>) -> Self {
        Self {
            upstream_registry: upstream_registry.into(),
            upstream_registry_username: None,
            upstream_registry_password: None,
            expiration_s: None,
            insecure: None,
        }
    }

    /// Sets the upstream user name and password.
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.upstream_registry_username = Some(username.into());
        self.upstream_registry_password = Some(Secret::new(password.into()));
        self
    }

    /// Sets the expiration of cached tags, in seconds.
    pub fn expiration_s(mut self, seconds: i64) -> Self {
        self.expiration_s = Some(seconds);
        self
    }

    /// Sets whether the upstream is reached over plain HTTP.
    pub fn insecure(mut self, yes: bool) -> Self {
        self.insecure = Some(yes);
        self
    }
}

string_enum! {
    /// Answer of `validateProxyCacheConfig`.
    ProxyCacheValidationResult {
        /// The upstream's `/v2/` answered 200: the credentials, if any, work.
        Valid = "Valid",
        /// The upstream answered 401: reachable, but only anonymous pulls will work.
        Anonymous = "Anonymous",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn proxy_cache_config_tells_the_two_shapes_apart() {
        let none: ProxyCacheConfig = serde_json::from_value(
            json!({"upstream_registry": "", "expiration_s": "", "insecure": ""}),
        )
        .unwrap();
        assert!(!none.is_configured());
        let some: ProxyCacheConfig = serde_json::from_value(
            json!({"upstream_registry": "quay.io", "expiration_s": 3600, "insecure": false}),
        )
        .unwrap();
        assert_eq!(some.configured().unwrap().expiration_s, 3600);
        assert!(
            serde_json::from_value::<ProxyCacheConfig>(
                json!({"upstream_registry": "x", "expiration_s": "", "insecure": ""})
            )
            .is_err()
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let app: Application = serde_json::from_value(json!({
            "name": "a", "description": "", "application_uri": "", "client_id": "C",
            "client_secret": "topsecret", "redirect_uri": null, "avatar_email": null
        }))
        .unwrap();
        assert!(!format!("{app:?}").contains("topsecret"));
        assert_eq!(app.client_secret.unwrap().expose(), "topsecret");
    }
}
