//! Query parameters of the list and get operations that take optional ones.

use serde::{Deserialize, Serialize};

use super::RepositoryKind;

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

/// Query of `getOrgRobots`. The default sends no parameter (tokens included, no permissions).
///
/// ```
/// use quay_sdk::models::ListRobots;
/// let q = ListRobots::default().permissions(true).token(false).limit(20);
/// assert_eq!(q.limit, Some(20));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ListRobots {
    /// Whether to include the teams and repositories the robots have permissions in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<bool>,
    /// `false` leaves the robots' tokens out (Quay's default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<bool>,
    /// Maximum number of database rows (robots) to read; must not be negative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

impl ListRobots {
    /// Sets `permissions`.
    pub fn permissions(mut self, yes: bool) -> Self {
        self.permissions = Some(yes);
        self
    }

    /// Sets `token`.
    pub fn token(mut self, yes: bool) -> Self {
        self.token = Some(yes);
        self
    }

    /// Sets `limit`.
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }
}
