//! The `repository` tag: creating, listing, reading and deleting repositories.
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::client::Client;
use crate::error::Result;
use crate::models::{NewRepo, RepositoryStateChange, SettableRepositoryState};
use crate::path::{IntoRepositoryRef, RepositoryRef};
use crate::requests::*;

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

    /// Operations on the repository `namespace/name` (a string or a [`RepositoryRef`]). Fails
    /// at once, sending nothing, when a string has no namespace (`"web"`) or an empty part.
    ///
    /// ```
    /// use quay_sdk::RepositoryRef;
    /// let client = quay_sdk::Client::new("https://quay.example.com", "token").unwrap();
    /// assert!(client.repository("acme/web").is_ok());
    /// assert!(client.repository(RepositoryRef::new("acme", "web").unwrap()).is_ok());
    /// assert!(client.repository("web").is_err());
    /// ```
    pub fn repository(&self, repository: impl IntoRepositoryRef) -> Result<RepositoryHandler> {
        Ok(RepositoryHandler {
            client: self.clone(),
            repo: repository.into_repository_ref()?,
        })
    }
}

impl RepositoryHandler {
    /// The repository this handler addresses.
    pub fn reference(&self) -> &RepositoryRef {
        &self.repo
    }

    /// `getRepo`: the repository, with its tags unless `.include_tags(false)`, with statistics
    /// when `.include_stats(true)`.
    pub fn get(&self) -> GetRepoRequest {
        GetRepoRequest::new(&self.client, self.repo.clone())
    }

    /// `deleteRepository`: deletes the repository.
    pub fn delete(&self) -> DeleteRepositoryRequest {
        DeleteRepositoryRequest::new(&self.client, self.repo.clone())
    }

    /// `changeRepoState`: makes the repository `NORMAL`, `READ_ONLY` or `MIRROR` (registered
    /// with `FEATURE_REPO_MIRROR`). Its mirror configuration, if any, is kept either way.
    pub fn change_state(&self, state: SettableRepositoryState) -> ChangeRepoStateRequest {
        ChangeRepoStateRequest::new(
            &self.client,
            self.repo.clone(),
            RepositoryStateChange::new(state),
        )
    }
}

impl RepositoriesHandler {
    /// `createRepo`: creates a repository.
    pub fn create(&self, body: &NewRepo) -> CreateRepoRequest {
        CreateRepoRequest::new(&self.client, body.clone())
    }

    /// `listRepos`: one page of repositories (`.send()`) or all of them (`.stream()`); Quay
    /// needs one of `.namespace(..)`, `.starred(true)` or `.public(true)`.
    pub fn list(&self) -> ListReposRequest {
        ListReposRequest::new(&self.client)
    }
}
