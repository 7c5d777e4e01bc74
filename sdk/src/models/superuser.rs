//! Schemas of the `superuser` tag: the superuser panel's users, organizations and audit logs,
//! service keys, namespace quotas, builds and the registry size.

use serde::{Deserialize, Deserializer, Serialize};

use super::{Avatar, QuotaLimit, QuotaLite, QuotaReport, Secret};

/// Deserializes a field that is optional *and* nullable: absent stays `None` (through
/// `#[serde(default)]`), `null` becomes `Some(None)`, a value `Some(Some(v))`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

string_enum! {
    /// The `kind` of an account in the superuser views (users, service-key approvers, log
    /// performers, build robots): always `user`.
    SuperuserAccountKind {
        /// A user (robots are users too).
        User = "user",
    }
}

string_enum! {
    /// The `kind` of the namespace of an audit log entry.
    LogEntryNamespaceKind {
        /// An organization.
        Org = "org",
        /// A user namespace.
        User = "user",
    }
}

// ---------------------------------------------------------------------------------------------
// Users and organizations.

/// A user as the superuser panel shows it (`listAllUsers`). `quotas` and `quota_report` are
/// present only when `FEATURE_QUOTA_MANAGEMENT` and `FEATURE_EDIT_QUOTA` are both on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuperUserUser {
    /// Always `user`.
    pub kind: SuperuserAccountKind,
    /// The user name.
    pub name: String,
    /// The user name again (same value as `name`).
    pub username: String,
    /// The stored e-mail address (not validated while `FEATURE_MAILING` is off; a generated
    /// placeholder such as a UUID for a user created without one).
    pub email: String,
    /// Whether the e-mail address has been confirmed.
    pub verified: bool,
    /// The user's avatar.
    pub avatar: Avatar,
    /// Whether the user is a (regular) superuser.
    pub super_user: bool,
    /// Whether the user is a global read-only superuser.
    pub global_readonly_super_user: bool,
    /// Whether the user may sign in (false for disabled users).
    pub enabled: bool,
    /// The user's namespace quotas (at most one); only with quota management on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Storage used against the quota; only with quota management on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_report: Option<QuotaReport>,
}

/// One page of `listAllUsers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuperUserUserList {
    /// Users (robots and organizations excluded), by user id ascending when paged.
    pub users: Vec<SuperUserUser>,
    /// Token for the next page; present only when `limit` was given and more users exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

impl crate::Page for SuperUserUserList {
    type Item = SuperUserUser;
    fn next_page(&self) -> Option<&str> {
        self.next_page.as_deref()
    }
    fn into_items(self) -> Vec<SuperUserUser> {
        self.users
    }
}

/// Body of `createInstallUser`: a user created by a superuser, with a generated password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreateInstallUser {
    /// The new user's name: `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`, 2-255 characters.
    pub username: String,
    /// E-mail address: required (and validated) when `FEATURE_MAILING` is on, optional and
    /// unchecked otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl CreateInstallUser {
    /// A user with this name and no e-mail address.
    pub fn new(username: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            email: None,
        }
    }

    /// Sets the e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
}

/// Answer of `createInstallUser`: the new user with its generated password (shown only here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreatedInstallUser {
    /// The new user's name.
    pub username: String,
    /// The e-mail address as sent; `None` when the request had none.
    pub email: Option<String>,
    /// The generated temporary password (32 characters of `A-Z0-9`).
    pub password: Secret,
    /// The password encrypted for use as a Docker CLI credential.
    pub encrypted_password: Secret,
}

/// An organization as the superuser panel shows it. `quotas` and `quota_report` are present
/// only when `FEATURE_QUOTA_MANAGEMENT` and `FEATURE_EDIT_QUOTA` are both on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuperUserOrg {
    /// The organization name.
    pub name: String,
    /// The raw stored e-mail address (a generated placeholder such as a UUID for an
    /// organization created without one).
    pub email: String,
    /// The organization's avatar.
    pub avatar: Avatar,
    /// The organization's quotas (at most one); only with quota management on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Storage used against the quota; only with quota management on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_report: Option<QuotaReport>,
}

/// One page of `listAllOrganizations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuperUserOrgList {
    /// Organizations, by id ascending when paged.
    pub organizations: Vec<SuperUserOrg>,
    /// Token for the next page; present only when `limit` was given and more exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

impl crate::Page for SuperUserOrgList {
    type Item = SuperUserOrg;
    fn next_page(&self) -> Option<&str> {
        self.next_page.as_deref()
    }
    fn into_items(self) -> Vec<SuperUserOrg> {
        self.organizations
    }
}

/// Body of `changeOrganization`: Quay's superuser `UpdateOrg`, which only renames; `{}`
/// changes nothing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuperUserUpdateOrg {
    /// The organization's new name (`^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`, 2-255 characters);
    /// its robots are renamed with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl SuperUserUpdateOrg {
    /// An empty change (`{}`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the new name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Audit logs.

/// Who performed a logged action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LogEntryPerformer {
    /// Always `user`.
    pub kind: SuperuserAccountKind,
    /// The performer's user or robot name.
    pub name: String,
    /// Whether the performer is a robot account.
    pub is_robot: bool,
    /// The performer's avatar.
    pub avatar: Avatar,
}

/// The namespace a logged action belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LogEntryNamespace {
    /// Organization or user namespace.
    pub kind: LogEntryNamespaceKind,
    /// The namespace name.
    pub name: String,
    /// The namespace's avatar.
    pub avatar: Avatar,
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// The log kind's name (e.g. `org_change_name`), `unknown` for an unmapped kind.
    pub kind: String,
    /// Kind-specific details.
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// The caller's IP address, `None` when not recorded.
    pub ip: Option<String>,
    /// When it happened, RFC 2822 with a `-0000` zone.
    pub datetime: String,
    /// Who did it; absent for actions without a performer (e.g. of the build system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performer: Option<LogEntryPerformer>,
    /// The namespace; absent for entries recorded without an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<LogEntryNamespace>,
}

/// One page of the registry-wide audit log (`listAllLogs`), newest first, 20 entries a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuperUserLogList {
    /// Start of the searched range, RFC 2822 with a `-0000` zone.
    pub start_time: String,
    /// End of the searched range (the requested end day plus one day).
    pub end_time: String,
    /// Log entries, newest first.
    pub logs: Vec<LogEntry>,
    /// Token for the next page; present only when more entries exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
    /// `Some(true)` when the logs backend cannot search (`logs` is then empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_unavailable: Option<bool>,
    /// Why searching is unavailable (only with `search_unavailable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl crate::Page for SuperUserLogList {
    type Item = LogEntry;
    fn next_page(&self) -> Option<&str> {
        self.next_page.as_deref()
    }
    fn into_items(self) -> Vec<LogEntry> {
        self.logs
    }
}

// ---------------------------------------------------------------------------------------------
// Service keys.

string_enum! {
    /// How a service key was approved (the string form of Quay's Python enum member).
    ServiceKeyApprovalType {
        /// Through the superuser API (createServiceKey, approveServiceKey).
        Superuser = "ServiceKeyApprovalType.SUPERUSER",
        /// By key rotation (written only by Quay's test-data setup).
        KeyRotation = "ServiceKeyApprovalType.KEY_ROTATION",
        /// Automatically: a pre-shared key made with Quay's tooling.
        Automatic = "ServiceKeyApprovalType.AUTOMATIC",
    }
}

/// The superuser who approved a service key, in the superuser panel's user shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ServiceKeyApprover {
    /// Always `user`.
    pub kind: SuperuserAccountKind,
    /// The user name.
    pub name: String,
    /// The user name (same as `name`).
    pub username: String,
    /// The user's e-mail address.
    pub email: String,
    /// Whether the e-mail address is verified.
    pub verified: bool,
    /// The user's avatar.
    pub avatar: Avatar,
    /// Whether the user is a (regular) superuser now.
    pub super_user: bool,
    /// Whether the user is a global read-only superuser.
    pub global_readonly_super_user: bool,
    /// Whether the account is enabled.
    pub enabled: bool,
    /// The user's namespace quotas; only with quota management on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<QuotaLite>>,
    /// Storage used against the quota; only with quota management on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_report: Option<QuotaReport>,
}

/// Who approved a service key, how and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ServiceKeyApproval {
    /// The approving superuser; `None` for automatic and key-rotation approvals.
    pub approver: Option<ServiceKeyApprover>,
    /// How the key was approved.
    pub approval_type: ServiceKeyApprovalType,
    /// Approval time, HTTP date (GMT).
    pub approved_date: String,
    /// Approval notes (may be empty).
    pub notes: String,
}

/// The public half of a service key as a JSON Web Key (RFC 7517).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ServiceKeyJwk {
    /// Key type, `RSA` for keys generated by Quay.
    pub kty: String,
    /// Key id, the same as the service key's `kid`.
    pub kid: String,
    /// RSA modulus, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent, base64url (`AQAB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// Any other JWK members.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A service key (public half) as the superuser panel shows it. Dates are HTTP dates
/// (`Sun, 22 Nov 2026 06:34:41 GMT`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ServiceKey {
    /// Friendly name (may be empty).
    pub name: String,
    /// Key id (for Quay-generated keys the RFC 7638 JWK thumbprint).
    pub kid: String,
    /// The service the key authenticates (`^[a-z0-9_]+$`).
    pub service: String,
    /// The public key.
    pub jwk: ServiceKeyJwk,
    /// Free-form metadata (`created_by`, `creator`, `ip`, ...).
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Creation time, HTTP date (GMT).
    pub created_date: String,
    /// Expiry time, HTTP date (GMT); `None` when the key never expires.
    pub expiration_date: Option<String>,
    /// Rotation period in seconds for keys Quay rotates itself; `None` otherwise.
    pub rotation_duration: Option<i64>,
    /// The approval; `None` while the key awaits approval.
    pub approval: Option<ServiceKeyApproval>,
}

/// Body of `listServiceKeys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ServiceKeyList {
    /// Every service key, in no particular order.
    pub keys: Vec<ServiceKey>,
}

/// Body of `createServiceKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreateServiceKey {
    /// The service authenticating with this key, `^[a-z0-9_]+$`.
    pub service: String,
    /// Expiry as a Unix timestamp in seconds (fractions allowed), in the future; `None`
    /// (sent as `null`, the field is required) for a key that never expires.
    pub expiration: Option<f64>,
    /// Friendly name, `^[\s a-zA-Z0-9\-_:/]*$` (Quay's default `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Metadata stored with the key; Quay overwrites `created_by`, `creator` and `ip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Notes for the automatic approval (Quay's default `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl CreateServiceKey {
    /// A key for `service` that never expires, without name, metadata or notes.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            expiration: None,
            name: None,
            metadata: None,
            notes: None,
        }
    }

    /// Sets the expiry, a Unix timestamp in seconds.
    pub fn expiration(mut self, unix_seconds: f64) -> Self {
        self.expiration = Some(unix_seconds);
        self
    }

    /// Sets the friendly name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds one metadata entry.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.metadata
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }

    /// Sets the approval notes.
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = Some(notes.into());
        self
    }
}

/// Answer of `createServiceKey`: the generated key pair. The private key is shown only here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreatedServiceKey {
    /// Key id (RFC 7638 JWK thumbprint).
    pub kid: String,
    /// Friendly name as sent (`""` when none was sent).
    pub name: String,
    /// The service, as sent.
    pub service: String,
    /// The public key, PEM (SubjectPublicKeyInfo).
    pub public_key: String,
    /// The private key, unencrypted PEM (PKCS#1); Quay does not store it.
    pub private_key: Secret,
}

/// Body of `updateServiceKey`; every field optional (`{}` changes nothing).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PutServiceKey {
    /// New friendly name, `^[\s a-zA-Z0-9\-_:/]*$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Entries merged into the stored metadata (nothing is removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// New expiry: `None` leaves it, `Some(None)` (sent as `null`) removes it,
    /// `Some(Some(t))` sets it to the Unix timestamp `t` (must be in the future).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub expiration: Option<Option<f64>>,
}

impl PutServiceKey {
    /// An empty change (`{}`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the friendly name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds one metadata entry to merge.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.metadata
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }

    /// Sets the expiry, a Unix timestamp in seconds.
    pub fn expiration(mut self, unix_seconds: f64) -> Self {
        self.expiration = Some(Some(unix_seconds));
        self
    }

    /// Removes the expiry (sends `"expiration": null`).
    pub fn never_expires(mut self) -> Self {
        self.expiration = Some(None);
        self
    }
}

/// Body of `approveServiceKey` (`{}` is enough).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApproveServiceKey {
    /// Optional approval notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Namespace quotas.

/// A namespace quota as the quota endpoints return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct QuotaView {
    /// Id of the quota (`None` only in a synthetic system-default entry, never from the
    /// superuser operations).
    pub id: Option<i64>,
    /// The quota in bytes.
    pub limit_bytes: i64,
    /// The quota in human form, e.g. `10.0 GiB`.
    pub limit: String,
    /// True only for the synthetic system-default entry.
    pub default_config: bool,
    /// Warning and reject thresholds.
    pub limits: Vec<QuotaLimit>,
    /// Whether `DEFAULT_SYSTEM_REJECT_QUOTA_BYTES` is set to a non-zero value.
    pub default_config_exists: bool,
}

/// A namespace's quotas: empty or a single [`QuotaView`] (one quota per namespace).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct QuotaViewList(pub Vec<QuotaView>);

impl QuotaViewList {
    /// The quotas.
    pub fn into_inner(self) -> Vec<QuotaView> {
        self.0
    }
}

impl std::ops::Deref for QuotaViewList {
    type Target = Vec<QuotaView>;
    fn deref(&self) -> &Vec<QuotaView> {
        &self.0
    }
}

impl IntoIterator for QuotaViewList {
    type Item = QuotaView;
    type IntoIter = std::vec::IntoIter<QuotaView>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Body of the superuser quota creates: exactly one of a byte count and a human-readable size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum NewNamespaceQuota {
    /// `NewQuotaBytes`: `{"limit_bytes": n}`, n > 0.
    NewQuotaBytes {
        /// Number of bytes the namespace is allowed.
        limit_bytes: i64,
    },
    /// `NewQuotaLimit`: `{"limit": "5 GiB"}`; units with `i` are powers of 1024, the others of
    /// 1000, a plain number is bytes (the unit `B` is refused).
    NewQuotaLimit {
        /// Human-readable capacity.
        limit: String,
    },
}

impl NewNamespaceQuota {
    /// A quota of `bytes` bytes.
    pub fn bytes(bytes: i64) -> Self {
        Self::NewQuotaBytes { limit_bytes: bytes }
    }

    /// A quota given as a human-readable size such as `5 GiB` or `500 MB`.
    pub fn size(size: impl Into<String>) -> Self {
        Self::NewQuotaLimit { limit: size.into() }
    }
}

/// Body of the superuser quota changes: a byte count, a human-readable size, or no change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum UpdateNamespaceQuota {
    /// `QuotaChangeBytes`: `{"limit_bytes": n}` (0 changes nothing).
    QuotaChangeBytes {
        /// New quota in bytes.
        limit_bytes: i64,
    },
    /// `QuotaChangeLimit`: `{"limit": "20 GiB"}` (`0 GiB` changes nothing).
    QuotaChangeLimit {
        /// New quota as a human-readable capacity.
        limit: String,
    },
    /// `QuotaNoChange`: `{}`, the quota is returned unchanged.
    QuotaNoChange {},
}

impl UpdateNamespaceQuota {
    /// A new size of `bytes` bytes.
    pub fn bytes(bytes: i64) -> Self {
        Self::QuotaChangeBytes { limit_bytes: bytes }
    }

    /// A new size given as a human-readable size such as `20 GiB`.
    pub fn size(size: impl Into<String>) -> Self {
        Self::QuotaChangeLimit { limit: size.into() }
    }

    /// No change (`{}`).
    pub fn no_change() -> Self {
        Self::QuotaNoChange {}
    }
}

// ---------------------------------------------------------------------------------------------
// Builds.

string_enum! {
    /// Phase of a repository build.
    BuildPhase {
        /// Waiting for a build worker.
        Waiting = "waiting",
        /// Scheduled on a worker.
        BuildScheduled = "build-scheduled",
        /// Unpacking the build context.
        Unpacking = "unpacking",
        /// Pulling the base image.
        Pulling = "pulling",
        /// Building.
        Building = "building",
        /// Pushing the image.
        Pushing = "pushing",
        /// Finished.
        Complete = "complete",
        /// Failed.
        Error = "error",
        /// An internal error; it may be retried.
        InternalError = "internalerror",
        /// Cancelled.
        Cancelled = "cancelled",
        /// An internal error with no retries left.
        Expired = "expired",
        /// The live status could not be read from the build-logs store.
        CannotLoad = "cannot_load",
    }
}

/// A robot (or user) reference inside build views.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildPullRobot {
    /// Account name (`namespace+shortname` for a robot).
    pub name: String,
    /// Always `user`.
    pub kind: SuperuserAccountKind,
    /// Whether the account is a robot.
    pub is_robot: bool,
}

/// The repository a build belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildRepositoryRef {
    /// The namespace (organization or user) of the repository.
    pub namespace: String,
    /// The repository name.
    pub name: String,
}

/// A build trigger as embedded in a build; fields depend on the caller's repository rights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildTrigger {
    /// The trigger's UUID.
    pub id: String,
    /// The trigger service (`github`, `gitlab`, `bitbucket`, `custom-git`, ...).
    pub service: String,
    /// Whether the trigger is fully set up.
    pub is_active: bool,
    /// The source repository; `None` unless the caller can read the repository.
    pub build_source: Option<String>,
    /// URL of the source repository; `None` unless the caller can read the repository.
    pub repository_url: Option<String>,
    /// The trigger configuration; `{}` unless the caller administers the repository.
    pub config: serde_json::Map<String, serde_json::Value>,
    /// Whether the caller administers the repository (and may run the trigger).
    pub can_invoke: bool,
    /// Never sent inside a build view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_robot: Option<BuildPullRobot>,
}

/// A repository build as the superuser build views show it. Known Quay defect on these paths:
/// the job configuration is not decoded, so `tags` is empty, `manual_user` and
/// `trigger_metadata` are `None` and `subdirectory`, `dockerfile_path` and `context` are empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryBuild {
    /// The build's UUID.
    pub id: String,
    /// The build's phase.
    pub phase: BuildPhase,
    /// When the build was requested, RFC 2822 with a `-0000` zone.
    pub started: String,
    /// Display name (usually a short commit sha or archive name).
    pub display_name: String,
    /// Live status reported by the build worker; `{}` when none.
    pub status: serde_json::Map<String, serde_json::Value>,
    /// Build context subdirectory (empty on the superuser paths).
    pub subdirectory: String,
    /// Quay bug: the same value as `subdirectory`.
    pub dockerfile_path: String,
    /// Build context (empty on the superuser paths).
    pub context: String,
    /// Tags the build pushes (empty on the superuser paths).
    pub tags: Vec<String>,
    /// User who started a manual build (`None` on the superuser paths).
    pub manual_user: Option<String>,
    /// Whether the caller can write the repository.
    pub is_writer: bool,
    /// The trigger that started the build; `None` for a manual build.
    pub trigger: Option<BuildTrigger>,
    /// Trigger-supplied metadata (`None` on the superuser paths).
    pub trigger_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Storage key of an uploaded build archive; `None` for trigger builds.
    pub resource_key: Option<String>,
    /// Robot whose credentials pull the base image; `None` when none.
    pub pull_robot: Option<BuildPullRobot>,
    /// The build's repository.
    pub repository: BuildRepositoryRef,
    /// Error text when the build failed or its status could not be loaded.
    pub error: Option<String>,
    /// Signed URL of the uploaded build archive (callers who can write the repository, builds
    /// with a `resource_key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<String>,
}

/// The build's logs have been archived; fetch them from the URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ArchivedBuildLogs {
    /// URL of the archived log file.
    pub logs_url: String,
}

/// Live log entries of a build (empty when the build-logs store cannot be reached).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LiveBuildLogs {
    /// Index of the first returned entry.
    pub start: i64,
    /// Total number of log entries of the build.
    pub total: i64,
    /// Entries as written by the build worker (usually `message`, `type`, `data`).
    pub logs: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Logs of a build: archived (a URL) or live entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum BuildLogs {
    /// The logs have been archived.
    ArchivedBuildLogs(ArchivedBuildLogs),
    /// Live entries from the requested index on.
    LiveBuildLogs(LiveBuildLogs),
}

// ---------------------------------------------------------------------------------------------
// Registry size.

/// Size of the whole registry as last computed by the registry-size worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RegistrySize {
    /// Total size in bytes from the last completed calculation; 0 before any.
    pub size_bytes: i64,
    /// When the last calculation completed, in epoch milliseconds; `None` before any.
    pub last_ran: Option<i64>,
    /// Whether a calculation is queued.
    pub queued: bool,
    /// Whether a calculation is running.
    pub running: bool,
}

string_marker! {
    /// The empty JSON string `""`, the body of both answers of `queueRegistrySizeCalculation`.
    RegistrySizeQueued = ""
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn put_service_key_keeps_null_apart_from_absent() {
        assert_eq!(
            serde_json::to_value(PutServiceKey::new()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(PutServiceKey::new().never_expires()).unwrap(),
            json!({"expiration": null})
        );
        let parsed: PutServiceKey = serde_json::from_value(json!({"expiration": null})).unwrap();
        assert_eq!(parsed.expiration, Some(None));
        let parsed: PutServiceKey = serde_json::from_value(json!({})).unwrap();
        assert_eq!(parsed.expiration, None);
    }

    #[test]
    fn quota_bodies_have_one_shape_each() {
        assert_eq!(
            serde_json::to_value(NewNamespaceQuota::size("5 GiB")).unwrap(),
            json!({"limit": "5 GiB"})
        );
        assert_eq!(
            serde_json::to_value(UpdateNamespaceQuota::no_change()).unwrap(),
            json!({})
        );
        let parsed: UpdateNamespaceQuota = serde_json::from_value(json!({})).unwrap();
        assert_eq!(parsed, UpdateNamespaceQuota::no_change());
        let parsed: UpdateNamespaceQuota =
            serde_json::from_value(json!({"limit_bytes": 5})).unwrap();
        assert_eq!(parsed, UpdateNamespaceQuota::bytes(5));
    }

    #[test]
    fn create_service_key_always_sends_expiration() {
        assert_eq!(
            serde_json::to_value(CreateServiceKey::new("svc")).unwrap(),
            json!({"service": "svc", "expiration": null})
        );
    }
}
