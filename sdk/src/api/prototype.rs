//! The `prototype` tag: an organization's default permissions, the roles every repository
//! created there afterwards gives to users, robots and teams (for every creator, or for one).
//! Every call needs an administrator of the organization (token scope `org:admin`).
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//! use quay_sdk::models::{NewPrototype, PrototypeDelegateRef, RepositoryRole};
//!
//! let quay = Client::new("https://quay.example.com", "TOKEN")?;
//! let defaults = quay.organization("acme").default_permissions();
//! // Every new repository: the deploy robot may pull.
//! let rule = defaults
//!     .create(&NewPrototype::new(
//!         RepositoryRole::Read,
//!         PrototypeDelegateRef::user("acme+deployer"),
//!     ))
//!     .await?;
//! // Repositories alice creates: the team `qa` may push.
//! defaults
//!     .create(
//!         &NewPrototype::new(RepositoryRole::Write, PrototypeDelegateRef::team("qa"))
//!             .activating_user("alice"),
//!     )
//!     .await?;
//! defaults.update(&rule.id, RepositoryRole::Write).await?;
//! for rule in defaults.list().await?.prototypes {
//!     println!("{} {:?}", rule.delegate.name(), rule.role);
//! }
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::models::{NewPrototype, PrototypeUpdate, RepositoryRole};
use crate::requests::*;

use super::OrganizationHandler;

/// The default permissions of one organization, from
/// [`OrganizationHandler::default_permissions`].
#[derive(Debug, Clone)]
pub struct PrototypesHandler {
    client: Client,
    org: String,
}

impl OrganizationHandler {
    /// The organization's default permissions (Quay's permission prototypes).
    pub fn default_permissions(&self) -> PrototypesHandler {
        PrototypesHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }
}

impl PrototypesHandler {
    /// `getOrganizationPrototypePermissions`: the rules, creator-specific ones first.
    pub fn list(&self) -> GetOrganizationPrototypePermissionsRequest {
        GetOrganizationPrototypePermissionsRequest::new(&self.client, &self.org)
    }

    /// `createOrganizationPrototypePermission`: adds a rule (duplicates are accepted); the
    /// answer carries its id.
    pub fn create(&self, rule: &NewPrototype) -> CreateOrganizationPrototypePermissionRequest {
        CreateOrganizationPrototypePermissionRequest::new(&self.client, &self.org, rule.clone())
    }

    /// `updateOrganizationPrototypePermission`: sets the role of the rule `id`.
    pub fn update(
        &self,
        id: impl Into<String>,
        role: RepositoryRole,
    ) -> UpdateOrganizationPrototypePermissionRequest {
        UpdateOrganizationPrototypePermissionRequest::new(
            &self.client,
            &self.org,
            id,
            PrototypeUpdate::new(role),
        )
    }

    /// `deleteOrganizationPrototypePermission`: removes the rule `id` (repositories created
    /// before keep what they got).
    pub fn delete(&self, id: impl Into<String>) -> DeleteOrganizationPrototypePermissionRequest {
        DeleteOrganizationPrototypePermissionRequest::new(&self.client, &self.org, id)
    }
}
