//! Schemas of the `organization` tag: organizations, members, collaborators, OAuth applications
//! and their tokens, proxy-cache configuration.

use std::collections::BTreeMap;

use poem_openapi::types::{MaybeUndefined, ParseError, ParseResult, Type};
use poem_openapi::{Enum, Object, Union};
use serde_json::Value;

use super::{Avatar, QuotaLite, QuotaReport, TeamRole};
use crate::body::schema::type_message;
use crate::body::{Py, py};

// ------------------------------------------------------------------ organizations

/// An organization as seen by the caller (`org_view`); which fields appear depends on who asks.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrganizationView {
    /// The organization's name.
    pub name: String,
    /// The contact e-mail address; `""` unless the caller administers the organization.
    pub email: String,
    /// The organization's avatar (built with the user helper: `kind` is `user`).
    pub avatar: Avatar,
    /// Whether the caller administers the organization.
    pub is_admin: bool,
    /// Whether the caller belongs to any team of the organization.
    pub is_member: bool,
    /// The teams keyed by name (members, admins and viewing superusers only).
    #[oai(skip_serializing_if_is_none)]
    pub teams: Option<BTreeMap<String, TeamSummary>>,
    /// The team names in creation order (same condition as `teams`).
    #[oai(skip_serializing_if_is_none)]
    pub ordered_teams: Option<Vec<String>>,
    /// Whether invoices are e-mailed (admins only).
    #[oai(skip_serializing_if_is_none)]
    pub invoice_email: Option<bool>,
    /// Where invoices are e-mailed (admins only; null when unset). `Undefined`: not sent.
    pub invoice_email_address: MaybeUndefined<String>,
    /// Time machine window in seconds (admins only).
    #[oai(skip_serializing_if_is_none)]
    pub tag_expiration_s: Option<i64>,
    /// True when the organization has no billing customer (admins only).
    #[oai(skip_serializing_if_is_none)]
    pub is_free_account: Option<bool>,
    /// Storage quotas (admins and members, with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Storage used against the quota (same condition as `quotas`).
    #[oai(skip_serializing_if_is_none)]
    pub quota_report: Option<QuotaReport>,
}

/// A team as listed in an organization view.
#[derive(Object, Debug, Clone, PartialEq)]
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
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewOrg {
    /// The new organization's name.
    #[oai(deserialize_with = "required_name")]
    pub name: String,
    /// Organization contact e-mail.
    #[oai(deserialize_with = "optional_string")]
    pub email: Option<String>,
    /// Contact e-mail; preferred over `email`.
    #[oai(deserialize_with = "optional_string")]
    pub contact_email: Option<String>,
    /// The reCAPTCHA response (only read with `FEATURE_RECAPTCHA`).
    #[oai(deserialize_with = "optional_string")]
    pub recaptcha_response: Option<String>,
}

/// Body of `changeOrganizationDetails`; every field optional.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UpdateOrg {
    /// New contact e-mail (used when `contact_email` is absent).
    #[oai(deserialize_with = "optional_string")]
    pub email: Option<String>,
    /// New contact e-mail; `null` or `""` clears it.
    #[oai(deserialize_with = "nullable_string")]
    pub contact_email: MaybeUndefined<String>,
    /// Whether invoices are e-mailed.
    #[oai(deserialize_with = "optional_bool")]
    pub invoice_email: Option<bool>,
    /// Invoice address; `""` or `null` clears it.
    #[oai(deserialize_with = "nullable_string")]
    pub invoice_email_address: MaybeUndefined<String>,
    /// Time machine window in seconds (one of `TAG_EXPIRATION_OPTIONS`).
    #[oai(deserialize_with = "tag_expiration")]
    pub tag_expiration_s: Option<i64>,
}

// ------------------------------------------------------------------ members, collaborators

/// A team a member belongs to.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrgMemberTeam {
    /// The team's name.
    pub name: String,
    /// The team's avatar.
    pub avatar: Avatar,
}

/// Kind of an organization member.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum OrgMemberKind {
    /// A user.
    User,
    /// A robot of the organization.
    Robot,
}

/// A member of an organization with its teams and direct repository permissions.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrgMemberDetail {
    /// The user name or the robot's full name.
    pub name: String,
    /// `user` or `robot`.
    pub kind: OrgMemberKind,
    /// Avatar.
    pub avatar: Avatar,
    /// The teams of the organization the member belongs to.
    pub teams: Vec<OrgMemberTeam>,
    /// Names of the organization's repositories the member holds a direct permission on.
    pub repositories: Vec<String>,
}

/// The human members of an organization.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrgMemberList {
    /// One entry per user.
    pub members: Vec<OrgMemberDetail>,
}

/// Kind of an outside collaborator: always `user`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum OrgCollaboratorKind {
    /// A user.
    User,
}

/// A user in no team of the organization holding a direct permission on one of its repositories.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrgCollaborator {
    /// Always `user`.
    pub kind: OrgCollaboratorKind,
    /// The user name.
    pub name: String,
    /// Avatar.
    pub avatar: Avatar,
    /// Names of the repositories the user holds a direct permission on.
    pub repositories: Vec<String>,
}

/// The outside collaborators of an organization.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrgCollaboratorList {
    /// The collaborators.
    pub collaborators: Vec<OrgCollaborator>,
}

// ------------------------------------------------------------------ OAuth applications

/// An OAuth application owned by an organization (`app_view`).
#[derive(Object, Debug, Clone, PartialEq)]
pub struct Application {
    /// The application's name.
    pub name: String,
    /// Description (`""` when none).
    pub description: String,
    /// Homepage (`""` when none).
    pub application_uri: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The client secret; null unless the caller administers the organization.
    pub client_secret: Option<String>,
    /// The redirect URI; null unless the caller administers the organization.
    pub redirect_uri: Option<String>,
    /// The avatar e-mail; null when unset or unless the caller administers the organization.
    pub avatar_email: Option<String>,
}

/// The OAuth applications of an organization.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OrganizationApplicationList {
    /// The applications.
    pub applications: Vec<Application>,
}

/// Public information about an OAuth application.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ApplicationInformation {
    /// The application's name.
    pub name: String,
    /// Description.
    pub description: String,
    /// The application's homepage.
    pub uri: String,
    /// Avatar of kind `app`.
    pub avatar: Avatar,
    /// The owning organization as seen by the caller.
    pub organization: OrganizationView,
}

/// Body of `createOrganizationApplication`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewApp {
    /// The application's name.
    #[oai(deserialize_with = "required_name")]
    pub name: String,
    /// OAuth redirect URI (default `""`).
    #[oai(deserialize_with = "optional_string")]
    pub redirect_uri: Option<String>,
    /// Homepage (default `""`).
    #[oai(deserialize_with = "optional_string")]
    pub application_uri: Option<String>,
    /// Description (default `""`).
    #[oai(deserialize_with = "optional_string")]
    pub description: Option<String>,
    /// Avatar e-mail (default none).
    #[oai(deserialize_with = "optional_string")]
    pub avatar_email: Option<String>,
}

/// Body of `updateOrganizationApplication`: the full new state.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UpdateApp {
    /// The application's name.
    #[oai(deserialize_with = "required_name")]
    pub name: String,
    /// OAuth redirect URI.
    #[oai(deserialize_with = "required_redirect_uri")]
    pub redirect_uri: String,
    /// Homepage.
    #[oai(deserialize_with = "required_application_uri")]
    pub application_uri: String,
    /// Description; omitted means `""`.
    #[oai(deserialize_with = "optional_string")]
    pub description: Option<String>,
    /// Avatar e-mail; omitted means none.
    #[oai(deserialize_with = "optional_string")]
    pub avatar_email: Option<String>,
}

/// Body of `createOrganizationApplicationToken`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewApplicationToken {
    /// User-facing token name (trimmed).
    #[oai(deserialize_with = "token_name")]
    pub name: String,
    /// Space- or comma-separated scopes.
    #[oai(deserialize_with = "required_scope")]
    pub scope: String,
    /// Lifetime in seconds.
    #[oai(deserialize_with = "token_expiration")]
    pub expiration: Option<f64>,
}

/// Metadata of an OAuth access token of an application.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OAuthApplicationToken {
    /// The token's id.
    pub uuid: String,
    /// User-facing name.
    pub name: Option<String>,
    /// Space-separated scopes.
    pub scope: String,
    /// Expiry (ISO 8601, `Z`).
    pub expires_at: Option<String>,
    /// Creation time.
    pub created: Option<String>,
    /// User the token acts as.
    pub created_by: Option<String>,
    /// Last use.
    pub last_accessed: Option<String>,
}

/// A newly minted token with its secret.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreatedOAuthApplicationToken {
    /// The token's id.
    pub uuid: String,
    /// User-facing name.
    pub name: Option<String>,
    /// Space-separated scopes.
    pub scope: String,
    /// Expiry (ISO 8601, `Z`).
    pub expires_at: Option<String>,
    /// Creation time.
    pub created: Option<String>,
    /// User the token acts as.
    pub created_by: Option<String>,
    /// Always null for a new token.
    pub last_accessed: Option<String>,
    /// The bearer secret, shown only once.
    pub token: String,
}

/// One page of an application's tokens.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct OAuthApplicationTokenList {
    /// The tokens on this page.
    pub tokens: Vec<OAuthApplicationToken>,
    /// Token for the next page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    pub next_page: Option<String>,
}

// ------------------------------------------------------------------ proxy cache

/// An organization's proxy-cache configuration, or all-empty fields when there is none.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum ProxyCacheConfig {
    /// A stored configuration.
    ProxyCacheConfigured(ProxyCacheConfigured),
    /// No configuration.
    ProxyCacheNotConfigured(ProxyCacheNotConfigured),
}

/// A stored proxy-cache configuration; credentials are never returned.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ProxyCacheConfigured {
    /// The cached upstream registry.
    pub upstream_registry: String,
    /// Expiration of cached tags, in seconds.
    pub expiration_s: i64,
    /// Whether the upstream is reached over plain HTTP.
    pub insecure: bool,
}

/// The empty JSON string `""`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyCacheEmptyField {
    /// `""`
    #[default]
    #[oai(rename = "")]
    Empty,
}

/// What Quay answers when there is no proxy-cache configuration: every field `""`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ProxyCacheNotConfigured {
    /// Always `""`.
    pub upstream_registry: ProxyCacheEmptyField,
    /// Always `""`.
    pub expiration_s: ProxyCacheEmptyField,
    /// Always `""`.
    pub insecure: ProxyCacheEmptyField,
}

/// Answer of `validateProxyCacheConfig`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyCacheValidationResult {
    /// The upstream answered 200.
    Valid,
    /// The upstream answered 401: only anonymous pulls will work.
    Anonymous,
}

/// Body of `createProxyCacheConfig` and `validateProxyCacheConfig`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewProxyCacheConfig {
    /// The upstream registry, optionally with a namespace path.
    #[oai(deserialize_with = "required_upstream_registry")]
    pub upstream_registry: String,
    /// User name for the upstream.
    pub upstream_registry_username: Option<String>,
    /// Password or token for the upstream.
    pub upstream_registry_password: Option<String>,
    /// Expiration of cached tags, in seconds (default 86400).
    pub expiration_s: Option<i64>,
    /// Reach the upstream over plain HTTP (default false).
    pub insecure: Option<bool>,
}

// ------------------------------------------------------------------ strict body parsing
//
// poem-openapi accepts numbers and booleans for `String` fields and `null` for optional ones;
// Quay's JSON Schema validation does not. Each field is checked against its property schema
// ([`crate::body::field`]), giving the first line of the jsonschema message Quay answers
// (`'name' is a required property`, `5 is not of type 'string'`, ...).

/// The field checked against `schema`; `None` when absent and not `required`.
fn checked<T: Type>(
    value: Option<Value>,
    name: &str,
    required: bool,
    schema: Py,
) -> Result<Option<Value>, ParseError<T>> {
    crate::body::field(value, name, required, &schema).map_err(ParseError::custom)
}

fn required_string(value: Option<Value>, field: &str) -> ParseResult<String> {
    let value = checked(value, field, true, py!({"type": "string"}))?;
    Ok(value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default())
}

fn required_name(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "name")
}

fn required_redirect_uri(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "redirect_uri")
}

fn required_application_uri(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "application_uri")
}

fn required_scope(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "scope")
}

fn required_upstream_registry(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "upstream_registry")
}

fn token_name(value: Option<Value>) -> ParseResult<String> {
    let schema = py!({"type": "string", "minLength": 1, "maxLength": 255});
    let value = checked(value, "name", true, schema)?;
    Ok(value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default())
}

fn optional_string(value: Option<Value>) -> ParseResult<Option<String>> {
    let value = checked(value, "", false, py!({"type": "string"}))?;
    Ok(value.and_then(|v| v.as_str().map(str::to_string)))
}

fn nullable_string(value: Option<Value>) -> ParseResult<MaybeUndefined<String>> {
    Ok(
        match checked(value, "", false, py!({"type": ["string", "null"]}))? {
            None => MaybeUndefined::Undefined,
            Some(Value::String(s)) => MaybeUndefined::Value(s),
            Some(_) => MaybeUndefined::Null,
        },
    )
}

fn optional_bool(value: Option<Value>) -> ParseResult<Option<bool>> {
    let value = checked(value, "", false, py!({"type": "boolean"}))?;
    Ok(value.and_then(|v| v.as_bool()))
}

/// An integer as jsonschema sees one, as far as it fits an `i64` (`5.0` too).
fn integral(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
            .map(|f| f as i64)
    })
}

fn tag_expiration(value: Option<Value>) -> ParseResult<Option<i64>> {
    let schema = py!({"type": "integer", "minimum": 0});
    match checked(value, "", false, schema)? {
        None => Ok(None),
        Some(v) => integral(&v)
            .map(Some)
            .ok_or_else(|| ParseError::custom(type_message(&Py::from(&v), &["integer"]))),
    }
}

fn token_expiration(value: Option<Value>) -> ParseResult<Option<f64>> {
    let value = checked(value, "", false, py!({"type": "number", "minimum": 1}))?;
    Ok(value.and_then(|v| v.as_f64()))
}
