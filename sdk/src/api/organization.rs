//! The `organization` tag: organizations, members, collaborators, OAuth applications and their
//! tokens, proxy-cache configuration.

use crate::client::Client;

/// Operations on the set of organizations, from [`Client::organizations`].
#[derive(Debug, Clone)]
pub struct OrganizationsHandler {
    pub(crate) client: Client,
}

/// Operations on one organization, from [`Client::organization`]; also the way to its teams
/// ([`OrganizationHandler::team`]) and robots ([`OrganizationHandler::robots`]).
#[derive(Debug, Clone)]
pub struct OrganizationHandler {
    pub(crate) client: Client,
    pub(crate) name: String,
}

impl Client {
    /// Operations on the set of organizations (creating one, application information).
    pub fn organizations(&self) -> OrganizationsHandler {
        OrganizationsHandler {
            client: self.clone(),
        }
    }

    /// Operations on the organization `name`.
    pub fn organization(&self, name: impl Into<String>) -> OrganizationHandler {
        OrganizationHandler {
            client: self.clone(),
            name: name.into(),
        }
    }
}

impl OrganizationHandler {
    /// The organization's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}
