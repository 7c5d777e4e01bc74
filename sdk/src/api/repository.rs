//! The `repository` tag: creating, listing, reading and deleting repositories.

use futures_util::stream::BoxStream;

use crate::client::Client;
use crate::error::Result;
use crate::models::{
    CreatedRepository, GetRepoOptions, ListRepos, NewRepo, RepositoryDetail, RepositoryList,
    RepositorySummary,
};
use crate::operations as op;
use crate::pagination::paginate;
use crate::path::{PathValue, RepositoryRef};

/// Operations on the set of repositories, from [`Client::repositories`].
#[derive(Debug, Clone)]
pub struct RepositoriesHandler {
    pub(crate) client: Client,
}

/// Operations on one repository, from [`Client::repository`]; also the way to its permissions.
#[derive(Debug, Clone)]
pub struct RepositoryHandler {
    pub(crate) client: Client,
    pub(crate) repo: RepositoryRef,
}

impl Client {
    /// Operations on the set of repositories (create, list).
    pub fn repositories(&self) -> RepositoriesHandler {
        RepositoriesHandler {
            client: self.clone(),
        }
    }

    /// Operations on the repository `namespace/name`. Fails at once, sending nothing, when the
    /// reference has no namespace (`"web"`) or an empty part.
    ///
    /// ```
    /// let client = quay_sdk::Client::new("https://quay.example.com", "token").unwrap();
    /// assert!(client.repository("acme/web").is_ok());
    /// assert!(client.repository("web").is_err());
    /// ```
    pub fn repository<R>(&self, repository: R) -> Result<RepositoryHandler>
    where
        R: TryInto<RepositoryRef, Error = crate::Error>,
    {
        Ok(RepositoryHandler {
            client: self.clone(),
            repo: repository.try_into()?,
        })
    }
}

impl RepositoryHandler {
    /// The repository this handler addresses.
    pub fn reference(&self) -> &RepositoryRef {
        &self.repo
    }
}

impl RepositoriesHandler {
    /// `createRepo`: creates an empty repository in `body.namespace` (default: the caller's own
    /// user namespace) and returns its name and kind. The creator gets a direct `admin`
    /// permission on it; in an organization the default permissions are applied too.
    ///
    /// Who may call it: an organization admin (`org:admin`), a member of a team with the
    /// `creator` role or the user itself for its own namespace (`repo:create`), or a FULL_ACCESS
    /// superuser (`super:user`). Errors: 400 `Repository already exists` / `Invalid repository
    /// name` / a schema violation, 403 without the right to create, 402 `exceeds_license` (with
    /// billing), 503 read-only; a FULL_ACCESS superuser naming an unknown namespace makes Quay
    /// crash (500, HTML body).
    ///
    /// ```no_run
    /// # async fn run() -> quay_sdk::Result<()> {
    /// use quay_sdk::models::{NewRepo, RepositoryVisibility};
    /// let client = quay_sdk::Client::new("https://quay.example.com", "token")?;
    /// let repo = client
    ///     .repositories()
    ///     .create(&NewRepo::new("web", RepositoryVisibility::Private, "The web front end").namespace("acme"))
    ///     .await?;
    /// assert_eq!(repo.full_name(), "acme/web");
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, body: &NewRepo) -> Result<CreatedRepository> {
        self.client
            .call(&op::CREATE_REPO, &[])
            .json(body)
            .send()
            .await
    }

    /// `listRepos`: one page (at most 100) of the repositories visible to the caller; pass the
    /// previous page's `next_page` to get the next one (`None` for the first page).
    ///
    /// At least one of `namespace`, `starred` or `public` must be set, else Quay answers 400.
    /// Anyone may call it: anonymous callers see public repositories only (and only with
    /// `public=true`), signed-in callers the repositories they have any permission on, whatever
    /// the token's scopes; `starred=true` from an anonymous caller gives 400. Quirk: the first
    /// page of a starred listing holds at most 99 entries and has no `next_page`.
    pub async fn list(&self, query: &ListRepos, next_page: Option<&str>) -> Result<RepositoryList> {
        self.client
            .call(&op::LIST_REPOS, &[])
            .query("namespace", query.namespace.as_deref())
            .query("starred", query.starred)
            .query("public", query.public)
            .query("last_modified", query.last_modified)
            .query("popularity", query.popularity)
            .query("repo_kind", query.repo_kind.as_ref())
            .query("next_page", next_page)
            .send()
            .await
    }

    /// `listRepos` as a stream of every repository of every page (see [`list`](Self::list)).
    ///
    /// ```no_run
    /// # async fn run() -> quay_sdk::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use quay_sdk::models::ListRepos;
    /// let client = quay_sdk::Client::new("https://quay.example.com", "token")?;
    /// let all: Vec<_> = client.repositories().list_stream(ListRepos::in_namespace("acme")).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn list_stream(&self, query: ListRepos) -> BoxStream<'static, Result<RepositorySummary>> {
        let handler = self.clone();
        paginate(move |token: Option<String>| {
            let handler = handler.clone();
            let query = query.clone();
            async move { handler.list(&query, token.as_deref()).await }
        })
    }
}

impl RepositoryHandler {
    /// `getRepo`: the repository with its active tags (unless `include_tags(false)`) and, with
    /// `include_stats(true)`, three months of action statistics.
    ///
    /// Anyone may read a public repository; a private one needs read permission (`repo:read`),
    /// a global read-only superuser or a FULL_ACCESS superuser (`super:user`). An unknown
    /// repository answers like an unreadable one (401 anonymous, 403 signed in); only those
    /// superusers get 404.
    pub async fn get(&self, options: &GetRepoOptions) -> Result<RepositoryDetail> {
        self.client
            .call(&op::GET_REPO, &[PathValue::Repository(&self.repo)])
            .query("includeTags", options.include_tags)
            .query("includeStats", options.include_stats)
            .send()
            .await
    }

    /// `deleteRepository`: marks the repository for deletion (hidden at once, removed by a
    /// background worker).
    ///
    /// Who may call it: a repository admin (`repo:admin`; organization admins administer every
    /// repository of the organization) or a FULL_ACCESS superuser (`super:user`). An unknown
    /// repository gives 403 to ordinary callers; for the superuser an unknown repository in an
    /// existing namespace is a silent success, and an unknown namespace crashes Quay (500).
    /// 503 when the registry is read-only.
    pub async fn delete(&self) -> Result<()> {
        self.client
            .call(&op::DELETE_REPOSITORY, &[PathValue::Repository(&self.repo)])
            .send_empty()
            .await
    }
}
