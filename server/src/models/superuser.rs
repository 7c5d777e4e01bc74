//! Schemas of the `superuser` tag: the superuser panel's users, organizations, audit logs,
//! builds, registry size, service keys and namespace quotas.

use std::collections::HashMap;

use poem_openapi::{Enum, Object, Union};
use serde_json::Value;

use super::{Avatar, ByteSize, QuotaLimit, QuotaLite, QuotaReport};

/// The JSON string `"user"` (the `kind` of panel users, log performers and build robots).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SuperUserKind {
    /// `"user"`
    #[default]
    #[oai(rename = "user")]
    User,
}

/// A user as the superuser panel shows it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct SuperUserUser {
    /// Always `user`.
    pub kind: SuperUserKind,
    /// The user name.
    pub name: String,
    /// The user name again.
    pub username: String,
    /// The stored e-mail address.
    pub email: String,
    /// Whether the e-mail address is confirmed.
    pub verified: bool,
    /// Avatar.
    pub avatar: Avatar,
    /// Whether the user is a (regular) superuser.
    pub super_user: bool,
    /// Whether the user is a global read-only superuser.
    pub global_readonly_super_user: bool,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// Quotas (with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Quota usage (with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quota_report: Option<QuotaReport>,
}

/// One page of `listAllUsers`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct SuperUserUserList {
    /// Users.
    pub users: Vec<SuperUserUser>,
    /// Token of the next page, when there is one.
    #[oai(skip_serializing_if_is_none)]
    pub next_page: Option<String>,
}

/// Body of `createInstallUser`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreateInstallUser {
    /// The new user's name.
    pub username: String,
    /// The new user's e-mail address.
    pub email: Option<String>,
}

/// Answer of `createInstallUser`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreatedInstallUser {
    /// The new user's name.
    pub username: String,
    /// The e-mail address as sent (null when none was sent).
    pub email: Option<String>,
    /// The generated password (32 characters A-Z0-9).
    pub password: String,
    /// The password encrypted for use as a Docker CLI credential.
    pub encrypted_password: String,
}

/// An organization as the superuser panel shows it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct SuperUserOrg {
    /// Name.
    pub name: String,
    /// The raw stored e-mail address.
    pub email: String,
    /// Avatar.
    pub avatar: Avatar,
    /// Quotas (with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Quota usage (with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quota_report: Option<QuotaReport>,
}

/// One page of `listAllOrganizations`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct SuperUserOrgList {
    /// Organizations.
    pub organizations: Vec<SuperUserOrg>,
    /// Token of the next page, when there is one.
    #[oai(skip_serializing_if_is_none)]
    pub next_page: Option<String>,
}

/// Body of `changeOrganization` (Quay's superuser `UpdateOrg`).
#[derive(Object, Debug, Clone, PartialEq)]
pub struct SuperUserUpdateOrg {
    /// The new name of the organization.
    pub name: Option<String>,
}

/// Who performed a logged action.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct LogEntryPerformer {
    /// Always `user`.
    pub kind: SuperUserKind,
    /// User or robot name.
    pub name: String,
    /// Whether it is a robot.
    pub is_robot: bool,
    /// Avatar.
    pub avatar: Avatar,
}

/// What kind of namespace a log entry belongs to.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogNamespaceKind {
    /// An organization.
    #[oai(rename = "org")]
    Org,
    /// A user.
    #[oai(rename = "user")]
    User,
}

/// The namespace of a logged action.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct LogEntryNamespace {
    /// `org` or `user`.
    pub kind: LogNamespaceKind,
    /// Name.
    pub name: String,
    /// Avatar.
    pub avatar: Avatar,
}

/// One audit log entry.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// The log kind's name.
    pub kind: String,
    /// Kind-specific details.
    pub metadata: HashMap<String, Value>,
    /// The caller's address.
    pub ip: Option<String>,
    /// When, RFC 2822 with a `-0000` zone.
    pub datetime: String,
    /// Who did it (absent when nobody).
    #[oai(skip_serializing_if_is_none)]
    pub performer: Option<LogEntryPerformer>,
    /// Which namespace (absent when none).
    #[oai(skip_serializing_if_is_none)]
    pub namespace: Option<LogEntryNamespace>,
}

/// One page of the registry-wide audit log.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct SuperUserLogList {
    /// Start of the range, RFC 2822.
    pub start_time: String,
    /// End of the range, RFC 2822.
    pub end_time: String,
    /// Entries, newest first.
    pub logs: Vec<LogEntry>,
    /// Token of the next page, when there is one.
    #[oai(skip_serializing_if_is_none)]
    pub next_page: Option<String>,
    /// Present (true) when the logs backend cannot search.
    #[oai(skip_serializing_if_is_none)]
    pub search_unavailable: Option<bool>,
    /// Why searching is unavailable.
    #[oai(skip_serializing_if_is_none)]
    pub message: Option<String>,
}

/// Phase of a repository build.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum BuildPhase {
    /// Waiting for a worker.
    Waiting,
    /// Scheduled on a worker.
    #[oai(rename = "build-scheduled")]
    BuildScheduled,
    /// Unpacking the context.
    Unpacking,
    /// Pulling the base image.
    Pulling,
    /// Building.
    Building,
    /// Pushing.
    Pushing,
    /// Done.
    Complete,
    /// Failed.
    Error,
    /// Internal failure.
    Internalerror,
    /// Cancelled.
    Cancelled,
    /// Internal failure without retries left.
    Expired,
    /// Status could not be loaded.
    #[oai(rename = "cannot_load")]
    CannotLoad,
}

/// A robot (or user) reference inside build views.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct BuildPullRobot {
    /// Account name.
    pub name: String,
    /// Always `user`.
    pub kind: SuperUserKind,
    /// Whether it is a robot.
    pub is_robot: bool,
}

/// A build trigger inside a build.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct BuildTrigger {
    /// UUID.
    pub id: String,
    /// Trigger service.
    pub service: String,
    /// Whether it is set up.
    pub is_active: bool,
    /// Source repository.
    pub build_source: Option<String>,
    /// Source repository URL.
    pub repository_url: Option<String>,
    /// Configuration.
    pub config: HashMap<String, Value>,
    /// Whether the caller may run it.
    pub can_invoke: bool,
    /// Never sent inside a build view.
    #[oai(skip_serializing_if_is_none)]
    pub pull_robot: Option<BuildPullRobot>,
}

/// The repository of a build.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct BuildRepositoryRef {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

/// A repository build as the superuser build views show it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryBuild {
    /// UUID.
    pub id: String,
    /// Phase.
    pub phase: BuildPhase,
    /// When requested, RFC 2822.
    pub started: String,
    /// Display name.
    pub display_name: String,
    /// Live status.
    pub status: HashMap<String, Value>,
    /// Context subdirectory.
    pub subdirectory: String,
    /// Same as `subdirectory` (Quay bug).
    pub dockerfile_path: String,
    /// Build context.
    pub context: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Who started a manual build.
    pub manual_user: Option<String>,
    /// Whether the caller can write the repository.
    pub is_writer: bool,
    /// Trigger.
    pub trigger: Option<BuildTrigger>,
    /// Trigger metadata.
    pub trigger_metadata: Option<HashMap<String, Value>>,
    /// Archive storage key.
    pub resource_key: Option<String>,
    /// Pull robot.
    pub pull_robot: Option<BuildPullRobot>,
    /// Repository.
    pub repository: BuildRepositoryRef,
    /// Error text.
    pub error: Option<String>,
    /// Archive URL (writers only).
    #[oai(skip_serializing_if_is_none)]
    pub archive_url: Option<String>,
}

/// Archived build logs.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ArchivedBuildLogs {
    /// URL of the archive.
    pub logs_url: String,
}

/// Live build logs.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct LiveBuildLogs {
    /// Index of the first entry.
    pub start: i64,
    /// Number of entries.
    pub total: i64,
    /// Entries.
    pub logs: Vec<HashMap<String, Value>>,
}

/// Logs of a build.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum BuildLogs {
    /// Archived.
    Archived(ArchivedBuildLogs),
    /// Live.
    Live(LiveBuildLogs),
}

/// Size of the whole registry.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RegistrySize {
    /// Bytes, from the last completed calculation.
    pub size_bytes: ByteSize,
    /// When the last calculation completed, epoch milliseconds.
    pub last_ran: Option<i64>,
    /// Whether a calculation is queued.
    pub queued: bool,
    /// Whether a calculation is running.
    pub running: bool,
}

/// The JSON string `""` answered by `queueRegistrySizeCalculation`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegistrySizeQueued {
    /// `""`
    #[default]
    #[oai(rename = "")]
    Empty,
}

/// How a service key was approved.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceKeyApprovalType {
    /// Through the superuser API.
    #[oai(rename = "ServiceKeyApprovalType.SUPERUSER")]
    Superuser,
    /// By key rotation.
    #[oai(rename = "ServiceKeyApprovalType.KEY_ROTATION")]
    KeyRotation,
    /// Pre-shared key.
    #[oai(rename = "ServiceKeyApprovalType.AUTOMATIC")]
    Automatic,
}

impl ServiceKeyApprovalType {
    /// The stored value (the wire value).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Superuser => "ServiceKeyApprovalType.SUPERUSER",
            Self::KeyRotation => "ServiceKeyApprovalType.KEY_ROTATION",
            Self::Automatic => "ServiceKeyApprovalType.AUTOMATIC",
        }
    }

    /// Parses a stored value.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Superuser, Self::KeyRotation, Self::Automatic]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// The superuser who approved a key (the panel's user shape).
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ServiceKeyApprover {
    /// Always `user`.
    pub kind: SuperUserKind,
    /// Name.
    pub name: String,
    /// Name again.
    pub username: String,
    /// E-mail address.
    pub email: String,
    /// E-mail verified.
    pub verified: bool,
    /// Avatar.
    pub avatar: Avatar,
    /// Regular superuser.
    pub super_user: bool,
    /// Global read-only superuser.
    pub global_readonly_super_user: bool,
    /// Enabled.
    pub enabled: bool,
    /// Quotas (with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Quota usage (with quota management on).
    #[oai(skip_serializing_if_is_none)]
    pub quota_report: Option<QuotaReport>,
}

impl From<SuperUserUser> for ServiceKeyApprover {
    fn from(u: SuperUserUser) -> Self {
        Self {
            kind: u.kind,
            name: u.name,
            username: u.username,
            email: u.email,
            verified: u.verified,
            avatar: u.avatar,
            super_user: u.super_user,
            global_readonly_super_user: u.global_readonly_super_user,
            enabled: u.enabled,
            quotas: u.quotas,
            quota_report: u.quota_report,
        }
    }
}

/// Who approved a service key, how and when.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ServiceKeyApproval {
    /// The approving superuser; null for automatic approvals.
    pub approver: Option<ServiceKeyApprover>,
    /// How.
    pub approval_type: ServiceKeyApprovalType,
    /// When, HTTP date.
    pub approved_date: String,
    /// Notes.
    pub notes: String,
}

/// A public RSA key as a JSON Web Key.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ServiceKeyJwk {
    /// RSA public exponent, base64url.
    #[oai(skip_serializing_if_is_none)]
    pub e: Option<String>,
    /// Key id.
    pub kid: String,
    /// Key type.
    pub kty: String,
    /// RSA modulus, base64url.
    #[oai(skip_serializing_if_is_none)]
    pub n: Option<String>,
}

/// A service key (public half), keys in `jsonify` order.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ServiceKey {
    /// The approval; null while awaiting approval.
    pub approval: Option<ServiceKeyApproval>,
    /// Creation time, HTTP date.
    pub created_date: String,
    /// Expiry time, HTTP date; null when it never expires.
    pub expiration_date: Option<String>,
    /// Public key.
    pub jwk: ServiceKeyJwk,
    /// Key id.
    pub kid: String,
    /// Metadata.
    pub metadata: HashMap<String, Value>,
    /// Friendly name.
    pub name: String,
    /// Rotation period in seconds.
    pub rotation_duration: Option<i64>,
    /// Service.
    pub service: String,
}

/// Body of `listServiceKeys`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ServiceKeyList {
    /// Every service key.
    pub keys: Vec<ServiceKey>,
}

/// Answer of `createServiceKey` (the only time the private key is disclosed).
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreatedServiceKey {
    /// Key id (RFC 7638 thumbprint).
    pub kid: String,
    /// Friendly name.
    pub name: String,
    /// Private key, PEM PKCS#1.
    pub private_key: String,
    /// Public key, PEM SubjectPublicKeyInfo.
    pub public_key: String,
    /// Service.
    pub service: String,
}

/// Body of `createServiceKey`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreateServiceKey {
    /// The service authenticating with this key.
    pub service: String,
    /// Expiry as a Unix timestamp; null for never.
    pub expiration: Option<f64>,
    /// Friendly name.
    pub name: Option<String>,
    /// Metadata.
    pub metadata: Option<HashMap<String, Value>>,
    /// Approval notes.
    pub notes: Option<String>,
}

/// Body of `updateServiceKey`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct PutServiceKey {
    /// New friendly name.
    pub name: Option<String>,
    /// Metadata merged into the stored metadata.
    pub metadata: Option<HashMap<String, Value>>,
    /// New expiry; null removes it.
    pub expiration: Option<f64>,
}

/// Body of `approveServiceKey`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct ApproveServiceKey {
    /// Approval notes.
    pub notes: Option<String>,
}

/// A namespace quota as the quota endpoints return it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct QuotaView {
    /// Id.
    pub id: Option<i64>,
    /// Bytes.
    pub limit_bytes: ByteSize,
    /// Human form, e.g. `10.0 GiB`.
    pub limit: String,
    /// Whether this is the system default (never here).
    pub default_config: bool,
    /// Thresholds.
    pub limits: Vec<QuotaLimit>,
    /// Whether a system default quota is configured.
    pub default_config_exists: bool,
}

/// A new quota given in bytes.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewQuotaBytes {
    /// Bytes.
    pub limit_bytes: i64,
}

/// A new quota given in human form.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewQuotaLimit {
    /// Human-readable size, e.g. `5 GiB`.
    pub limit: String,
}

/// Body of the superuser quota creates: one of the two forms.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum NewNamespaceQuota {
    /// Bytes.
    Bytes(NewQuotaBytes),
    /// Human form.
    Limit(NewQuotaLimit),
}

/// A quota change given in bytes.
#[derive(Object, Debug, Clone, PartialEq)]
#[oai(deny_unknown_fields)]
pub struct QuotaChangeBytes {
    /// Bytes.
    pub limit_bytes: i64,
}

/// A quota change given in human form.
#[derive(Object, Debug, Clone, PartialEq)]
#[oai(deny_unknown_fields)]
pub struct QuotaChangeLimit {
    /// Human-readable size.
    pub limit: String,
}

/// The empty object: no change.
#[derive(Object, Debug, Clone, PartialEq)]
#[oai(deny_unknown_fields)]
pub struct QuotaNoChange {}

/// Body of the superuser quota changes: one of the three forms.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum UpdateNamespaceQuota {
    /// Bytes.
    Bytes(QuotaChangeBytes),
    /// Human form.
    Limit(QuotaChangeLimit),
    /// Nothing.
    NoChange(QuotaNoChange),
}

// ------------------------------------------------------------------------------------------
// Quay's request schemas of the superuser resources (validated before the rights check)
