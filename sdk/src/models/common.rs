//! Schemas shared by every area: avatars, the error bodies, roles, quota parts, markers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A secret string (client secret, token, password, private key). Its `Debug` never shows it.
///
/// ```
/// let s = quay_sdk::models::Secret::new("hunter2");
/// assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

string_enum! {
    /// What an avatar stands for.
    AvatarKind {
        /// A user.
        User = "user",
        /// A robot account.
        Robot = "robot",
        /// A team.
        Team = "team",
        /// An organization.
        Org = "org",
        /// An OAuth application.
        App = "app",
    }
}

/// Avatar data for a user, robot, team, organization or application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Avatar {
    /// The name the avatar is drawn for.
    pub name: String,
    /// 64 hex characters, the SHA-256 of the e-mail address or the name.
    pub hash: String,
    /// Background colour, `#rrggbb`.
    pub color: String,
    /// What the avatar stands for.
    pub kind: AvatarKind,
}

string_enum! {
    /// Quay's error type codes (`title` of an [`ApiError`]).
    ApiErrorType {
        /// An upstream service did not answer in time.
        ExternalServiceTimeout = "external_service_timeout",
        /// The request was invalid.
        InvalidRequest = "invalid_request",
        /// Quay could not produce a valid response (also used for unknown build ids).
        InvalidResponse = "invalid_response",
        /// No authenticated user.
        InvalidToken = "invalid_token",
        /// The token expired.
        ExpiredToken = "expired_token",
        /// The caller lacks a role or scope.
        InsufficientScope = "insufficient_scope",
        /// A session login is too old for this operation.
        FreshLoginRequired = "fresh_login_required",
        /// The license is exceeded.
        ExceedsLicense = "exceeds_license",
        /// Not found.
        NotFound = "not_found",
        /// A downstream service failed.
        DownstreamIssue = "downstream_issue",
        /// The tag is immutable.
        TagImmutable = "tag_immutable",
        /// Rotating a token failed.
        TokenRotationFailed = "token_rotation_failed",
    }
}

/// Quay's problem document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Human-readable message for this occurrence.
    pub detail: String,
    /// Deprecated duplicate of `detail`.
    pub error_message: String,
    /// Deprecated duplicate of `title`.
    pub error_type: ApiErrorType,
    /// The error type code.
    pub title: ApiErrorType,
    /// Absolute URL of the error type's description.
    #[serde(rename = "type")]
    pub type_url: String,
    /// The HTTP status.
    pub status: u16,
    /// Sent with 401 `invalid_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_required: Option<bool>,
}

/// The `message` of a [`MessageError`]: text, or an object keyed by query-parameter name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum MessageText {
    /// The error text.
    Text(String),
    /// Parameter name to help text, for query-parameter conversion errors.
    Fields(BTreeMap<String, String>),
}

/// `{"message": ...}`: data-layer and framework errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MessageError {
    /// The error text, or an object keyed by parameter name.
    pub message: MessageText,
}

/// A 400 body: a problem document or a `{"message"}` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum BadRequestError {
    /// Validation failures (`invalid_request`).
    Api(ApiError),
    /// Data-layer failures, malformed JSON, bad query parameters.
    Message(MessageError),
}

/// `{"error": ...}`: the CSRF refusal and anonymous-access refusal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct AuthError {
    /// The refusal's text.
    pub error: String,
}

/// The read-only registry's refusal of a write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReadOnlyError {
    /// Why the write was refused.
    pub message: String,
    /// Always true.
    pub is_readonly: bool,
}

string_enum! {
    /// A role on a repository.
    RepositoryRole {
        /// Pull.
        Read = "read",
        /// Pull and push.
        Write = "write",
        /// Everything, including permissions.
        Admin = "admin",
    }
}

string_enum! {
    /// A team's organization-wide role.
    TeamRole {
        /// Member only.
        Member = "member",
        /// May create repositories.
        Creator = "creator",
        /// Administers the organization.
        Admin = "admin",
    }
}

string_enum! {
    /// What happens when usage crosses a quota limit's threshold.
    QuotaLimitType {
        /// A warning notification.
        Warning = "Warning",
        /// Pushes are refused.
        Reject = "Reject",
    }
}

string_marker! {
    /// The JSON string `"Created"`, Quay's body for several creates.
    Created = "Created"
}

string_marker! {
    /// The JSON string `"Deleted"`.
    Deleted = "Deleted"
}

/// One threshold of a namespace quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct QuotaLimit {
    /// Id of the limit.
    pub id: i64,
    /// What happens past the threshold.
    #[serde(rename = "type")]
    pub limit_type: QuotaLimitType,
    /// Threshold in percent of the quota.
    pub limit_percent: i64,
}

/// A namespace's quota as embedded in organization and user views.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct QuotaLite {
    /// Id of the quota.
    pub id: i64,
    /// The quota in bytes.
    pub limit_bytes: i64,
    /// Warning and reject thresholds.
    pub limits: Vec<QuotaLimit>,
}

string_enum! {
    /// State of a namespace's usage backfill.
    BackfillStatus {
        /// Queued.
        Waiting = "waiting",
        /// Running.
        Running = "running",
        /// Done.
        Complete = "complete",
        /// No backfill.
        None = "",
    }
}

/// Storage used by a namespace against its quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct QuotaReport {
    /// Bytes used (0 if unknown).
    pub quota_bytes: i64,
    /// The namespace's quota, else the system default, else `None`.
    pub configured_quota: Option<i64>,
    /// Deprecated duplicate of `backfill_status`.
    pub running_backfill: String,
    /// State of the usage backfill.
    pub backfill_status: BackfillStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_keep_unknown_values() {
        let role: RepositoryRole = serde_json::from_str("\"owner\"").unwrap();
        assert_eq!(role, RepositoryRole::Other("owner".into()));
        assert_eq!(serde_json::to_string(&role).unwrap(), "\"owner\"");
        assert_eq!(
            serde_json::to_string(&TeamRole::Creator).unwrap(),
            "\"creator\""
        );
        assert_eq!(
            "admin".parse::<RepositoryRole>().unwrap(),
            RepositoryRole::Admin
        );
    }

    #[test]
    fn markers_accept_only_their_string() {
        assert_eq!(
            serde_json::from_str::<Created>("\"Created\"").unwrap(),
            Created
        );
        assert!(serde_json::from_str::<Created>("\"Deleted\"").is_err());
        assert!(serde_json::from_str::<Deleted>("{}").is_err());
    }

    #[test]
    fn secrets_are_redacted() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert!(!format!("{s:?}").contains("abc"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"abc\"");
    }
}
