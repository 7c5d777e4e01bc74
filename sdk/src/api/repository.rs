//! The `repository` tag: creating, listing, reading and deleting repositories.

use crate::client::Client;
use crate::error::Result;
use crate::path::RepositoryRef;

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
