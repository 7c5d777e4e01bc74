//! Schemas of the `repository` tag: a new repository, repository pages and details, and the
//! options of the list and get calls.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

string_enum! {
    /// The kind of a repository. Repositories created through the API are always `image`.
    RepositoryKind {
        /// A container image repository.
        Image = "image",
        /// An application (legacy app registry) repository.
        Application = "application",
    }
}

string_enum! {
    /// State of a repository.
    RepositoryState {
        /// All actions possible.
        Normal = "NORMAL",
        /// Pull only.
        ReadOnly = "READ_ONLY",
        /// Read-only except for the mirroring robot.
        Mirror = "MIRROR",
        /// Being deleted; hidden.
        MarkedForDeletion = "MARKED_FOR_DELETION",
        /// Created by organization-level mirroring.
        OrgMirror = "ORG_MIRROR",
    }
}

string_enum! {
    /// Visibility a new repository starts with (`visibility` of [`NewRepo`]).
    RepositoryVisibility {
        /// Anyone may pull.
        Public = "public",
        /// Only callers with a permission may see it.
        Private = "private",
    }
}

/// Body of `createRepo`: a new, empty repository.
///
/// ```
/// use quay_sdk::models::{NewRepo, RepositoryVisibility};
/// let body = NewRepo::new("web", RepositoryVisibility::Private, "The web front end").namespace("acme");
/// assert_eq!(
///     serde_json::to_value(&body).unwrap(),
///     serde_json::json!({"repository": "web", "visibility": "private", "namespace": "acme", "description": "The web front end"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewRepo {
    /// Repository name: `^[a-z0-9][\.a-z0-9_-]{0,254}$` (with
    /// `FEATURE_EXTENDED_REPOSITORY_NAMES` also `/`-separated segments), else 400
    /// `Invalid repository name`.
    pub repository: String,
    /// Visibility the repository starts with.
    pub visibility: RepositoryVisibility,
    /// Namespace (organization or user) to create it in; the caller's own user namespace when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Markdown description (may be empty).
    pub description: String,
    /// The kind of repository; absent (or `null`) means `image`, the only kind Quay accepts here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo_kind: Option<NewRepoKind>,
}

string_enum! {
    /// The kinds `createRepo` accepts.
    NewRepoKind {
        /// A container image repository.
        Image = "image",
    }
}

impl NewRepo {
    /// A repository `repository` in the caller's own namespace (see [`NewRepo::namespace`]).
    pub fn new(
        repository: impl Into<String>,
        visibility: RepositoryVisibility,
        description: impl Into<String>,
    ) -> Self {
        Self {
            repository: repository.into(),
            visibility,
            namespace: None,
            description: description.into(),
            repo_kind: None,
        }
    }

    /// Creates the repository in this namespace (organization or user).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// Sets the repository kind (Quay accepts only [`RepositoryKind::Image`]).
    pub fn repo_kind(mut self, kind: NewRepoKind) -> Self {
        self.repo_kind = Some(kind);
        self
    }
}

/// The repository just created (`createRepo`'s 201 body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreatedRepository {
    /// Namespace the repository was created in (the caller's user name when the body had none).
    pub namespace: String,
    /// The repository name, as sent.
    pub name: String,
    /// The repository's kind.
    pub kind: RepositoryKind,
}

impl CreatedRepository {
    /// `namespace/name`, the value [`Client::repository`](crate::Client::repository) takes.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// Storage of one repository against its namespace's quota (listRepos, only with
/// `FEATURE_QUOTA_MANAGEMENT` and `FEATURE_EDIT_QUOTA`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryQuotaUsage {
    /// Bytes used by the repository (0 when unknown).
    pub quota_bytes: i64,
    /// The namespace's quota in bytes; else the system default reject quota, else `None`.
    pub configured_quota: Option<i64>,
}

/// One repository in a `listRepos` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositorySummary {
    /// Namespace (organization or user) owning the repository.
    pub namespace: String,
    /// Repository name.
    pub name: String,
    /// Markdown description; `None` when none was ever set (e.g. created by a push).
    pub description: Option<String>,
    /// Whether the repository is public.
    pub is_public: bool,
    /// The repository's kind.
    pub kind: RepositoryKind,
    /// The repository's state.
    pub state: RepositoryState,
    /// Only with `last_modified=true`: start of the most recently pushed live tag, seconds since
    /// the epoch (UTC); `None` also when the repository has no live tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<i64>,
    /// Only with `popularity=true`: actions in the repository during the last week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popularity: Option<f64>,
    /// Whether the caller starred it (absent for anonymous callers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_starred: Option<bool>,
    /// Storage against the quota (quota management on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_report: Option<RepositoryQuotaUsage>,
}

impl RepositorySummary {
    /// `namespace/name`, the value [`Client::repository`](crate::Client::repository) takes.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// One page (at most 100 entries) of `listRepos`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryList {
    /// Repositories of this page, ordered by internal id.
    pub repositories: Vec<RepositorySummary>,
    /// Opaque token for the next page; present only when more results exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

impl crate::Page for RepositoryList {
    type Item = RepositorySummary;

    fn next_page(&self) -> Option<&str> {
        self.next_page.as_deref()
    }

    fn into_items(self) -> Vec<RepositorySummary> {
        self.repositories
    }
}

/// An active tag as embedded in [`RepositoryDetail::tags`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryTagSummary {
    /// Tag name.
    pub name: String,
    /// Total size of the manifest's layers in bytes; `None` when unknown.
    pub size: Option<i64>,
    /// When the tag was last pushed, RFC 2822 (`Tue, 18 Feb 2025 19:28:15 -0000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When the tag expires, RFC 2822; only for tags with an expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    /// Digest of the manifest the tag points to (`sha256:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_digest: Option<String>,
}

/// Number of actions (pulls, pushes, ...) in a repository on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryActionStat {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Number of actions that day.
    pub count: i64,
}

/// A repository as `getRepo` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryDetail {
    /// Namespace (organization or user) owning the repository.
    pub namespace: String,
    /// Repository name.
    pub name: String,
    /// The repository's kind.
    pub kind: RepositoryKind,
    /// Markdown description; `None` when none was ever set.
    pub description: Option<String>,
    /// Whether the repository is public.
    pub is_public: bool,
    /// Whether the namespace is an organization (false for a user namespace).
    pub is_organization: bool,
    /// Whether the caller starred the repository (false for anonymous callers).
    pub is_starred: bool,
    /// Token for the repository's status badge; `""` for public repositories.
    pub status_token: String,
    /// Whether content trust (signing) is enabled.
    pub trust_enabled: bool,
    /// The namespace's time machine window, in seconds.
    pub tag_expiration_s: i64,
    /// Whether the namespace has no billing account.
    pub is_free_account: bool,
    /// The repository's state.
    pub state: RepositoryState,
    /// Unless `includeTags=false`: the active tags (at most 500), keyed by tag name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, RepositoryTagSummary>>,
    /// Whether the caller may push.
    pub can_write: bool,
    /// Whether the caller administers the repository.
    pub can_admin: bool,
    /// Only with `includeStats=true`: action counts of the last three months (not sorted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<Vec<RepositoryActionStat>>,
}

impl RepositoryDetail {
    /// `namespace/name`, the value [`Client::repository`](crate::Client::repository) takes.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// Query of `listRepos`. Quay needs at least one of `namespace`, `starred` or `public`
/// (else 400); [`ListRepos::in_namespace`], [`ListRepos::public_only`] and
/// [`ListRepos::starred_only`] start from one of them.
///
/// ```
/// use quay_sdk::models::ListRepos;
/// let q = ListRepos::in_namespace("acme").last_modified(true);
/// assert_eq!(q.namespace.as_deref(), Some("acme"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ListRepos {
    /// Only repositories of this namespace (organization or user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only the caller's starred repositories (anonymous callers get 400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred: Option<bool>,
    /// Adds every public repository visible to the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// Whether to include `last_modified` in every entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<bool>,
    /// Whether to include `popularity` in every entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popularity: Option<bool>,
    /// The kind of repositories to return (Quay's default: `image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo_kind: Option<RepositoryKind>,
}

impl ListRepos {
    /// The repositories of `namespace`.
    pub fn in_namespace(namespace: impl Into<String>) -> Self {
        Self::default().namespace(namespace)
    }

    /// Every public repository visible to the caller (`public=true`).
    pub fn public_only() -> Self {
        Self::default().public(true)
    }

    /// The caller's starred repositories (`starred=true`).
    pub fn starred_only() -> Self {
        Self::default().starred(true)
    }

    /// Sets `namespace`.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// Sets `starred`.
    pub fn starred(mut self, yes: bool) -> Self {
        self.starred = Some(yes);
        self
    }

    /// Sets `public`.
    pub fn public(mut self, yes: bool) -> Self {
        self.public = Some(yes);
        self
    }

    /// Sets `last_modified`.
    pub fn last_modified(mut self, yes: bool) -> Self {
        self.last_modified = Some(yes);
        self
    }

    /// Sets `popularity`.
    pub fn popularity(mut self, yes: bool) -> Self {
        self.popularity = Some(yes);
        self
    }

    /// Sets `repo_kind`.
    pub fn repo_kind(mut self, kind: RepositoryKind) -> Self {
        self.repo_kind = Some(kind);
        self
    }
}

/// Query of `getRepo`. The default sends neither parameter: tags included, no statistics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GetRepoOptions {
    /// `includeTags`: whether to include the active tags (Quay's default: true).
    #[serde(
        rename = "includeTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_tags: Option<bool>,
    /// `includeStats`: whether to include three months of action statistics (default: false).
    #[serde(
        rename = "includeStats",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_stats: Option<bool>,
}

impl GetRepoOptions {
    /// Sets `includeTags`.
    pub fn include_tags(mut self, yes: bool) -> Self {
        self.include_tags = Some(yes);
        self
    }

    /// Sets `includeStats`.
    pub fn include_stats(mut self, yes: bool) -> Self {
        self.include_stats = Some(yes);
        self
    }
}
