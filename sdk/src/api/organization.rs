//! The `organization` tag: organizations, members, collaborators, OAuth applications and their
//! tokens, proxy-cache configuration.
//!
//! Each method returns the operation's request ([`crate::requests`]), whose documentation is
//! the spec's: who may call, every error Quay answers. Send it with `.send()` or `.await`.

use crate::client::Client;
use crate::models::{
    NewApp, NewApplicationToken, NewOrg, NewProxyCacheConfig, UpdateApp, UpdateOrg,
};
use crate::requests::*;

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

    /// Operations on the organization `name` (which need not exist: a request about an
    /// unknown organization fails when sent).
    pub fn organization(&self, name: impl Into<String>) -> OrganizationHandler {
        OrganizationHandler {
            client: self.clone(),
            name: name.into(),
        }
    }
}

impl OrganizationsHandler {
    /// `createOrganization`: creates an organization owned by the caller.
    pub fn create(&self, org: &NewOrg) -> CreateOrganizationRequest {
        CreateOrganizationRequest::new(&self.client, org.clone())
    }

    /// `getApplicationInformation`: public information about the OAuth application
    /// `client_id`.
    pub fn application_information(
        &self,
        client_id: impl Into<String>,
    ) -> GetApplicationInformationRequest {
        GetApplicationInformationRequest::new(&self.client, client_id)
    }
}

impl OrganizationHandler {
    /// The organization's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `getOrganization`: the organization as the caller may see it.
    pub fn get(&self) -> GetOrganizationRequest {
        GetOrganizationRequest::new(&self.client, &self.name)
    }

    /// `changeOrganizationDetails`: changes the contact e-mail, invoice settings or time
    /// machine window.
    pub fn update(&self, changes: &UpdateOrg) -> ChangeOrganizationDetailsRequest {
        ChangeOrganizationDetailsRequest::new(&self.client, &self.name, changes.clone())
    }

    /// `deleteAdminedOrganization`: deletes the organization.
    pub fn delete(&self) -> DeleteAdminedOrganizationRequest {
        DeleteAdminedOrganizationRequest::new(&self.client, &self.name)
    }

    /// The organization's members.
    pub fn members(&self) -> OrganizationMembersHandler {
        OrganizationMembersHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }

    /// `getOrganizationCollaborators`: users outside every team who hold a permission on one
    /// of the organization's repositories.
    pub fn collaborators(&self) -> GetOrganizationCollaboratorsRequest {
        GetOrganizationCollaboratorsRequest::new(&self.client, &self.name)
    }

    /// The organization's OAuth applications.
    pub fn applications(&self) -> OrganizationApplicationsHandler {
        OrganizationApplicationsHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }

    /// The organization's proxy-cache configuration.
    pub fn proxy_cache(&self) -> ProxyCacheHandler {
        ProxyCacheHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }
}

/// The members of one organization, from [`OrganizationHandler::members`].
#[derive(Debug, Clone)]
pub struct OrganizationMembersHandler {
    client: Client,
    org: String,
}

impl OrganizationMembersHandler {
    /// The organization.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getOrganizationMembers`: the human members with their teams and direct permissions.
    pub fn list(&self) -> GetOrganizationMembersRequest {
        GetOrganizationMembersRequest::new(&self.client, &self.org)
    }

    /// `getOrganizationMember`: one member (a user, or a robot as `org+shortname`).
    pub fn get(&self, member: impl Into<String>) -> GetOrganizationMemberRequest {
        GetOrganizationMemberRequest::new(&self.client, &self.org, member)
    }

    /// `removeOrganizationMember`: removes the user from every team and repository of the
    /// organization.
    pub fn remove(&self, member: impl Into<String>) -> RemoveOrganizationMemberRequest {
        RemoveOrganizationMemberRequest::new(&self.client, &self.org, member)
    }
}

/// The OAuth applications of one organization, from [`OrganizationHandler::applications`].
#[derive(Debug, Clone)]
pub struct OrganizationApplicationsHandler {
    client: Client,
    org: String,
}

impl OrganizationApplicationsHandler {
    /// The organization.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getOrganizationApplications`: the organization's OAuth applications.
    pub fn list(&self) -> GetOrganizationApplicationsRequest {
        GetOrganizationApplicationsRequest::new(&self.client, &self.org)
    }

    /// `createOrganizationApplication`: registers an OAuth application.
    pub fn create(&self, app: &NewApp) -> CreateOrganizationApplicationRequest {
        CreateOrganizationApplicationRequest::new(&self.client, &self.org, app.clone())
    }

    /// `getOrganizationApplication`: one application, with its secret for admins.
    pub fn get(&self, client_id: impl Into<String>) -> GetOrganizationApplicationRequest {
        GetOrganizationApplicationRequest::new(&self.client, &self.org, client_id)
    }

    /// `updateOrganizationApplication`: replaces the application's settings.
    pub fn update(
        &self,
        client_id: impl Into<String>,
        app: &UpdateApp,
    ) -> UpdateOrganizationApplicationRequest {
        UpdateOrganizationApplicationRequest::new(&self.client, &self.org, client_id, app.clone())
    }

    /// `resetOrganizationApplicationClientSecret`: a new client secret (the answer carries
    /// it); access tokens already issued keep working.
    pub fn reset_client_secret(
        &self,
        client_id: impl Into<String>,
    ) -> ResetOrganizationApplicationClientSecretRequest {
        ResetOrganizationApplicationClientSecretRequest::new(&self.client, &self.org, client_id)
    }

    /// `deleteOrganizationApplication`: deletes the application and its tokens.
    pub fn delete(&self, client_id: impl Into<String>) -> DeleteOrganizationApplicationRequest {
        DeleteOrganizationApplicationRequest::new(&self.client, &self.org, client_id)
    }

    /// The access tokens of the application `client_id`.
    pub fn tokens(&self, client_id: impl Into<String>) -> ApplicationTokensHandler {
        ApplicationTokensHandler {
            client: self.client.clone(),
            org: self.org.clone(),
            client_id: client_id.into(),
        }
    }
}

/// The access tokens of one OAuth application, from
/// [`OrganizationApplicationsHandler::tokens`].
#[derive(Debug, Clone)]
pub struct ApplicationTokensHandler {
    client: Client,
    org: String,
    client_id: String,
}

impl ApplicationTokensHandler {
    /// The organization.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// The application's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `listOrganizationApplicationTokens`: one page of the tokens (`.send()`), or every token
    /// (`.stream()`).
    pub fn list(&self) -> ListOrganizationApplicationTokensRequest {
        ListOrganizationApplicationTokensRequest::new(&self.client, &self.org, &self.client_id)
    }

    /// `createOrganizationApplicationToken`: mints a token acting as the caller.
    pub fn create(&self, token: &NewApplicationToken) -> CreateOrganizationApplicationTokenRequest {
        CreateOrganizationApplicationTokenRequest::new(
            &self.client,
            &self.org,
            &self.client_id,
            token.clone(),
        )
    }

    /// `deleteOrganizationApplicationToken`: revokes one token.
    pub fn delete(
        &self,
        token_uuid: impl Into<String>,
    ) -> DeleteOrganizationApplicationTokenRequest {
        DeleteOrganizationApplicationTokenRequest::new(
            &self.client,
            &self.org,
            &self.client_id,
            token_uuid,
        )
    }
}

/// The proxy-cache configuration of one organization, from
/// [`OrganizationHandler::proxy_cache`].
#[derive(Debug, Clone)]
pub struct ProxyCacheHandler {
    client: Client,
    org: String,
}

impl ProxyCacheHandler {
    /// The organization.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getProxyCacheConfig`: the stored configuration, or all-empty fields.
    pub fn get(&self) -> GetProxyCacheConfigRequest {
        GetProxyCacheConfigRequest::new(&self.client, &self.org)
    }

    /// `createProxyCacheConfig`: makes the organization a proxy cache of an upstream.
    pub fn create(&self, config: &NewProxyCacheConfig) -> CreateProxyCacheConfigRequest {
        CreateProxyCacheConfigRequest::new(&self.client, &self.org, config.clone())
    }

    /// `deleteProxyCacheConfig`: removes the configuration.
    pub fn delete(&self) -> DeleteProxyCacheConfigRequest {
        DeleteProxyCacheConfigRequest::new(&self.client, &self.org)
    }

    /// `validateProxyCacheConfig`: checks an upstream and its credentials without storing
    /// anything.
    pub fn validate(&self, config: &NewProxyCacheConfig) -> ValidateProxyCacheConfigRequest {
        ValidateProxyCacheConfigRequest::new(&self.client, &self.org, config.clone())
    }
}
