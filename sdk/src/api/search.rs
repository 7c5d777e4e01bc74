//! The `search` tag: users, robots, teams and organizations by name prefix (autocompletion),
//! and repositories by text. Anyone may ask; what is found depends on the caller.
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
}
