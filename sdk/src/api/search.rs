//! The `search` tag: users, robots, teams and organizations by name prefix (autocompletion),
//! repositories by text, and everything at once, ranked. Anyone may ask; what is found
//! depends on the caller.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//!
//! let quay = Client::new("https://quay.example.com", "TOKEN")?;
//! let found = quay.search().entities("dep").namespace("acme").include_teams(true).await?;
//! for entity in found.results {
//!     println!("{} ({:?})", entity.name, entity.kind);
//! }
//! let page = quay.search().repositories().query("acme/web").await?;
//! println!("{} found, more: {}", page.results.len(), page.has_additional);
//! for result in quay.search().all("web").await?.results {
//!     println!("{result:?}");
//! }
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::requests::*;

/// Search, from [`Client::search`].
#[derive(Debug, Clone)]
pub struct SearchHandler {
    client: Client,
}

impl Client {
    /// Finding entities and repositories.
    pub fn search(&self) -> SearchHandler {
        SearchHandler {
            client: self.clone(),
        }
    }
}

impl SearchHandler {
    /// `getMatchingEntities`: users (and, with `.namespace(..)`, its robots, teams and the
    /// organization itself) whose names start with `prefix`.
    pub fn entities(&self, prefix: impl Into<String>) -> GetMatchingEntitiesRequest {
        GetMatchingEntitiesRequest::new(&self.client, prefix)
    }

    /// `conductRepoSearch`: the visible repositories whose name or description contains
    /// `.query(..)` (`namespace/text` for one namespace), 10 per `.page(..)`.
    pub fn repositories(&self) -> ConductRepoSearchRequest {
        ConductRepoSearchRequest::new(&self.client)
    }

    /// `conductSearch`: teams, robots, repositories, users and organizations matching `query`
    /// (at most 5 of each kind), highest LiquidMetal score first.
    pub fn all(&self, query: impl Into<String>) -> ConductSearchRequest {
        ConductSearchRequest::new(&self.client).query(query)
    }

    /// `linkExternalUser`: creates or links the Quay user of the external (LDAP, Keystone,
    /// JWT) user `username`; only with federated authentication (404 with Quay's own
    /// database authentication).
    pub fn link_external_user(&self, username: impl Into<String>) -> LinkExternalUserRequest {
        LinkExternalUserRequest::new(&self.client, username)
    }
}
