//! Schemas of the `repository` tag.

use std::collections::HashMap;

use super::ByteSize;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Enum, Object};

/// Visibility a new repository starts with (`visibility` of [`NewRepo`]).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum RepositoryVisibility {
    /// Anyone may pull.
    Public,
    /// Only callers with a permission may see it.
    Private,
}

/// The kinds `createRepo` accepts (`repo_kind` of [`NewRepo`]; `null` or absent means `image`).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum NewRepoKind {
    /// A container image repository.
    Image,
}

/// Description of a new repository (Quay's `NewRepo`). Unknown keys are accepted and ignored.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewRepo {
    /// Repository name: `^[a-z0-9][\.a-z0-9_-]{0,254}$`, or `/`-separated segments of that form
    /// (255 characters at most); otherwise 400 `Invalid repository name`.
    pub repository: String,
    /// Visibility which the repository will start with.
    pub visibility: RepositoryVisibility,
    /// Namespace (organization or user) in which the repository is created; the caller's user
    /// name when omitted.
    #[oai(skip_serializing_if_is_none)]
    pub namespace: Option<String>,
    /// Markdown encoded description for the repository.
    pub description: String,
    /// The kind of repository; `null` or absent means `image`.
    #[oai(skip_serializing_if_is_none)]
    pub repo_kind: Option<NewRepoKind>,
}

/// The kind of a repository. Repositories created through the API are always `image`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[oai(rename_all = "lowercase")]
pub enum RepositoryKind {
    /// A container image repository.
    Image,
    /// An application (Helm-like) repository.
    Application,
}

impl RepositoryKind {
    /// Parses a stored or requested kind.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "image" => Some(Self::Image),
            "application" => Some(Self::Application),
            _ => None,
        }
    }
}

/// State of a repository.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepositoryState {
    /// All actions possible.
    #[oai(rename = "NORMAL")]
    Normal,
    /// Pull only.
    #[oai(rename = "READ_ONLY")]
    ReadOnly,
    /// Read-only except for the mirroring robot.
    #[oai(rename = "MIRROR")]
    Mirror,
    /// Being deleted; hidden.
    #[oai(rename = "MARKED_FOR_DELETION")]
    MarkedForDeletion,
    /// Created by organization-level mirroring.
    #[oai(rename = "ORG_MIRROR")]
    OrgMirror,
}

impl RepositoryState {
    /// Parses a stored state (unknown values read as `NORMAL`).
    pub fn parse(s: &str) -> Self {
        match s {
            "READ_ONLY" => Self::ReadOnly,
            "MIRROR" => Self::Mirror,
            "MARKED_FOR_DELETION" => Self::MarkedForDeletion,
            "ORG_MIRROR" => Self::OrgMirror,
            _ => Self::Normal,
        }
    }
}

/// The repository just created (createRepo's 201 body).
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreatedRepository {
    /// Namespace the repository was created in.
    pub namespace: String,
    /// The repository name, as sent.
    pub name: String,
    /// Always `image`.
    pub kind: RepositoryKind,
}

/// Storage of one repository against its namespace's quota (listRepos, with quota management).
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryQuotaUsage {
    /// Bytes used by the repository (this server stores no blobs: 0).
    pub quota_bytes: ByteSize,
    /// The namespace's quota in bytes, else the system default reject quota, else null.
    pub configured_quota: Option<ByteSize>,
}

/// One repository in a listRepos page.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositorySummary {
    /// Namespace (organization or user) owning the repository.
    pub namespace: String,
    /// Repository name.
    pub name: String,
    /// Markdown description; null when none was ever set.
    pub description: Option<String>,
    /// Whether the repository is public.
    pub is_public: bool,
    /// The kind requested (`repo_kind`).
    pub kind: RepositoryKind,
    /// The repository's state.
    pub state: RepositoryState,
    /// Only with `last_modified=true`: start of the most recently pushed live tag (epoch
    /// seconds); null when the repository has no live tag.
    pub last_modified: MaybeUndefined<i64>,
    /// Only with `popularity=true`: actions in the repository during the last week.
    #[oai(skip_serializing_if_is_none)]
    pub popularity: Option<f64>,
    /// Only for signed-in callers: whether the caller starred the repository.
    #[oai(skip_serializing_if_is_none)]
    pub is_starred: Option<bool>,
    /// Only with quota management on: the repository's storage against the namespace's quota.
    #[oai(skip_serializing_if_is_none)]
    pub quota_report: Option<RepositoryQuotaUsage>,
}

/// One page (at most 100 entries) of listRepos.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryList {
    /// Repositories of this page, ordered by internal id.
    pub repositories: Vec<RepositorySummary>,
    /// Opaque token for the next page; present only when more results exist.
    #[oai(skip_serializing_if_is_none)]
    pub next_page: Option<String>,
}

/// An active tag as embedded in getRepo's `tags` map.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryTagSummary {
    /// Tag name.
    pub name: String,
    /// Total size of the manifest's layers in bytes; null when unknown.
    pub size: Option<ByteSize>,
    /// When the tag was last pushed, RFC 2822.
    #[oai(skip_serializing_if_is_none)]
    pub last_modified: Option<String>,
    /// When the tag expires, RFC 2822.
    #[oai(skip_serializing_if_is_none)]
    pub expiration: Option<String>,
    /// Digest of the manifest the tag points to.
    #[oai(skip_serializing_if_is_none)]
    pub manifest_digest: Option<String>,
}

/// Number of actions in the repository on one day.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryActionStat {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Number of actions that day.
    pub count: i64,
}

/// A repository as getRepo returns it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryDetail {
    /// Namespace (organization or user) owning the repository.
    pub namespace: String,
    /// Repository name.
    pub name: String,
    /// The repository's kind.
    pub kind: RepositoryKind,
    /// Markdown description; null when none was ever set.
    pub description: Option<String>,
    /// Whether the repository is public.
    pub is_public: bool,
    /// Whether the namespace is an organization.
    pub is_organization: bool,
    /// Whether the caller starred the repository.
    pub is_starred: bool,
    /// Token for the status badge; `""` for public repositories.
    pub status_token: String,
    /// Whether content trust is enabled (always false).
    pub trust_enabled: bool,
    /// The namespace's time machine window, in seconds.
    pub tag_expiration_s: i64,
    /// Whether the namespace has no billing account.
    pub is_free_account: bool,
    /// The repository's state.
    pub state: RepositoryState,
    /// Unless `includeTags=false`: the active tags, keyed by name.
    #[oai(skip_serializing_if_is_none)]
    pub tags: Option<HashMap<String, RepositoryTagSummary>>,
    /// Whether the caller may push.
    pub can_write: bool,
    /// Whether the caller administers the repository.
    pub can_admin: bool,
    /// Only with `includeStats=true`: action counts of the last three months.
    #[oai(skip_serializing_if_is_none)]
    pub stats: Option<Vec<RepositoryActionStat>>,
}
