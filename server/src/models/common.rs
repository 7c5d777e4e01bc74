//! Schemas shared by every area: avatars, error bodies, roles, quota parts, string markers.

use std::collections::HashMap;

use super::ByteSize;
use poem_openapi::{Enum, Object, Union};

/// What an avatar stands for.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum AvatarKind {
    /// A user.
    User,
    /// A robot.
    Robot,
    /// A team.
    Team,
    /// An organization.
    Org,
    /// An OAuth application.
    App,
}

/// Avatar data; all four keys always present.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct Avatar {
    /// The name the avatar is drawn for.
    pub name: String,
    /// SHA-256 (hex) of the e-mail address or the name.
    pub hash: String,
    /// Background colour `#rrggbb`.
    pub color: String,
    /// What it stands for.
    pub kind: AvatarKind,
}

/// Quay's default `AVATAR_COLORS`.
const COLORS: [&str; 32] = [
    "#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#1f77b4", "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede",
    "#9ecae1", "#31a354", "#b5cf6b", "#a1d99b", "#8c6d31", "#ad494a", "#e7ba52", "#a55194",
];

impl Avatar {
    /// Quay's avatar: SHA-256 of the trimmed, lower-cased e-mail address (or name), and a
    /// colour picked by the hash's first two hex digits.
    pub fn new(name: &str, email: Option<&str>, kind: AvatarKind) -> Self {
        use sha2::{Digest, Sha256};
        let source = email
            .filter(|e| !e.is_empty())
            .unwrap_or(name)
            .trim()
            .to_lowercase();
        let digest = Sha256::digest(source.as_bytes());
        let hash: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let color = COLORS[usize::from(digest[0]) % COLORS.len()].to_string();
        Self {
            name: name.to_string(),
            hash,
            color,
            kind,
        }
    }

    /// The avatar of a user or robot account (`kind` as stored: `robot`, else a user).
    pub fn account(name: &str, email: Option<&str>, kind: &str) -> Self {
        let kind = if kind == "robot" {
            AvatarKind::Robot
        } else {
            AvatarKind::User
        };
        Self::new(name, email, kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_match_quay() {
        let a = Avatar::new("quayadmin", Some("quayadmin@example.com"), AvatarKind::User);
        assert_eq!(
            a.hash,
            "3e82e9cbf62d25dec0ed1b4c66ca7c5d47ab9f1f271958298dea856fb26adc4c"
        );
        assert_eq!(a.color, "#e7ba52");
    }
}

/// Quay's error type codes.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "snake_case")]
pub enum ApiErrorType {
    /// `external_service_timeout`
    ExternalServiceTimeout,
    /// `invalid_request`
    InvalidRequest,
    /// `invalid_response`
    InvalidResponse,
    /// `invalid_token`
    InvalidToken,
    /// `expired_token`
    ExpiredToken,
    /// `insufficient_scope`
    InsufficientScope,
    /// `fresh_login_required`
    FreshLoginRequired,
    /// `exceeds_license`
    ExceedsLicense,
    /// `not_found`
    NotFound,
    /// `downstream_issue`
    DownstreamIssue,
    /// `tag_immutable`
    TagImmutable,
    /// `token_rotation_failed`
    TokenRotationFailed,
}

/// Quay's problem document.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ApiError {
    /// Message for this occurrence.
    pub detail: String,
    /// Deprecated duplicate of `detail`.
    pub error_message: String,
    /// Deprecated duplicate of `title`.
    pub error_type: ApiErrorType,
    /// The error type code.
    pub title: ApiErrorType,
    /// `<scheme>://<host>/api/v1/error/<title>`.
    #[oai(rename = "type")]
    pub type_url: String,
    /// The HTTP status.
    pub status: i64,
    /// Sent with some 401s.
    #[oai(skip_serializing_if_is_none)]
    pub session_required: Option<bool>,
}

/// `message` of a [`MessageError`]: text, or an object keyed by query-parameter name.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum MessageText {
    /// The error text.
    Text(String),
    /// Parameter name to help text.
    Fields(HashMap<String, String>),
}

/// `{"message": ...}`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct MessageError {
    /// The error text or an object keyed by parameter name.
    pub message: MessageText,
}

/// A 400 body: an `ApiError` or a `MessageError`.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum BadRequestError {
    /// Validation failures.
    ApiError(ApiError),
    /// Data-layer failures, malformed JSON, bad query parameters.
    MessageError(MessageError),
}

/// `{"error": ...}` sent as `text/html`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct AuthError {
    /// The refusal text.
    pub error: String,
}

/// The read-only registry's 503.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ReadOnlyError {
    /// Why the write was refused.
    pub message: String,
    /// Always true.
    pub is_readonly: bool,
}

/// A role on a repository.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[oai(rename_all = "lowercase")]
pub enum RepositoryRole {
    /// Pull.
    Read,
    /// Pull and push.
    Write,
    /// Everything.
    Admin,
}

impl RepositoryRole {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    /// A stored value; anything unknown reads as `read`.
    pub fn stored(s: &str) -> Self {
        Self::parse(s).unwrap_or(Self::Read)
    }
}

/// A team's organization-wide role.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[oai(rename_all = "lowercase")]
pub enum TeamRole {
    /// Member.
    Member,
    /// May create repositories.
    Creator,
    /// Administers the organization.
    Admin,
}

impl TeamRole {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Creator => "creator",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "member" => Some(Self::Member),
            "creator" => Some(Self::Creator),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    /// A stored value; anything unknown reads as `member`.
    pub fn stored(s: &str) -> Self {
        Self::parse(s).unwrap_or(Self::Member)
    }
}

/// Quota limit type.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaLimitType {
    /// Warn.
    Warning,
    /// Refuse pushes.
    Reject,
}

/// The JSON string `"Created"`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Created {
    /// `"Created"`
    #[default]
    Created,
}

/// The JSON string `"Deleted"`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deleted {
    /// `"Deleted"`
    #[default]
    Deleted,
}

/// One threshold of a quota.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct QuotaLimit {
    /// Id.
    pub id: i64,
    /// What happens past the threshold.
    #[oai(rename = "type")]
    pub limit_type: QuotaLimitType,
    /// Threshold in percent.
    pub limit_percent: i64,
}

/// A quota as embedded in namespace views.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct QuotaLite {
    /// Id.
    pub id: i64,
    /// Bytes.
    pub limit_bytes: ByteSize,
    /// Thresholds.
    pub limits: Vec<QuotaLimit>,
}

/// Usage backfill state.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackfillStatus {
    /// Queued.
    #[oai(rename = "waiting")]
    Waiting,
    /// Running.
    #[oai(rename = "running")]
    Running,
    /// Done.
    #[oai(rename = "complete")]
    Complete,
    /// None.
    #[oai(rename = "")]
    None,
}

/// Storage used by a namespace against its quota.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct QuotaReport {
    /// Bytes used.
    pub quota_bytes: ByteSize,
    /// Configured quota, if any.
    pub configured_quota: Option<ByteSize>,
    /// Deprecated duplicate of `backfill_status`.
    pub running_backfill: String,
    /// Backfill state.
    pub backfill_status: BackfillStatus,
}
