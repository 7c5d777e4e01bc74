//! The `organization` tag: organizations, members, collaborators, OAuth applications and their
//! tokens, proxy-cache configuration.

use futures_util::stream::BoxStream;

use crate::client::Client;
use crate::error::Result;
use crate::models::{
    Application, ApplicationInformation, Created, CreatedOAuthApplicationToken, Deleted, NewApp,
    NewApplicationToken, NewOrg, NewProxyCacheConfig, OAuthApplicationToken,
    OAuthApplicationTokenList, OrgCollaborator, OrgCollaboratorList, OrgMemberDetail,
    OrgMemberList, OrganizationApplicationList, OrganizationView, ProxyCacheConfig,
    ProxyCacheValidationResult, UpdateApp, UpdateOrg,
};
use crate::operations as op;
use crate::pagination::paginate;
use crate::path::PathValue;

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

impl OrganizationsHandler {
    /// `createOrganization`: creates an organization; the caller becomes the only member of
    /// its `owners` team.
    ///
    /// Needs a signed-in user with a `user:admin` token (a `super:user`-only token cannot).
    /// 403 when `FEATURE_SUPERUSERS_ORG_CREATION_ONLY` is on and the caller is no superuser, or
    /// the caller is a restricted user. 400 when the name is taken or invalid, the e-mail is
    /// invalid or already used, or the reCAPTCHA failed.
    ///
    /// ```no_run
    /// # async fn run() -> quay_sdk::Result<()> {
    /// use quay_sdk::{Client, models::NewOrg};
    /// let client = Client::new("https://quay.example.com", "token")?;
    /// client.organizations().create(&NewOrg::new("acme").email("ops@acme.example")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, org: &NewOrg) -> Result<Created> {
        self.client
            .call(&op::CREATE_ORGANIZATION, &[])
            .json(org)
            .send()
            .await
    }

    /// `getApplicationInformation`: the public face of an OAuth application (what the OAuth
    /// authorization page shows), looked up by client id alone, with its owning organization as
    /// seen by the caller. Anyone may call it, anonymous callers included; 404 for an unknown
    /// client id.
    pub async fn application_information(&self, client_id: &str) -> Result<ApplicationInformation> {
        let path = [PathValue::Segment(client_id)];
        self.client
            .call(&op::GET_APPLICATION_INFORMATION, &path)
            .send()
            .await
    }
}

impl OrganizationHandler {
    fn path(&self) -> [PathValue<'_>; 1] {
        [PathValue::Segment(&self.name)]
    }

    /// The organization's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `getOrganization`: the organization as seen by the caller. Anyone may call it,
    /// anonymous callers included; what is filled in depends on the caller (see
    /// [`OrganizationView`]). 404 for an unknown organization or a user namespace.
    pub async fn get(&self) -> Result<OrganizationView> {
        self.client
            .call(&op::GET_ORGANIZATION, &self.path())
            .send()
            .await
    }

    /// `changeOrganizationDetails`: changes the contact e-mail, invoice settings and tag
    /// expiration, and returns the updated organization.
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). Fields are applied one by one and a failure keeps the earlier changes.
    /// 400 for an invalid e-mail or a tag expiration that is not a configured option; 403 for
    /// non-admins (also for an unknown organization, except to superusers, who get 404).
    pub async fn update(&self, changes: &UpdateOrg) -> Result<OrganizationView> {
        self.client
            .call(&op::CHANGE_ORGANIZATION_DETAILS, &self.path())
            .json(changes)
            .send()
            .await
    }

    /// `deleteAdminedOrganization`: marks the organization for deletion (renamed and disabled
    /// at once, its data removed in the background).
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 403 for non-admins (also for an unknown organization, except to
    /// superusers, who get 404).
    pub async fn delete(&self) -> Result<()> {
        self.client
            .call(&op::DELETE_ADMINED_ORGANIZATION, &self.path())
            .send_empty()
            .await
    }

    /// The organization's members.
    pub fn members(&self) -> OrganizationMembersHandler {
        OrganizationMembersHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }

    /// `getOrganizationCollaborators`: the outside collaborators, users in no team of the
    /// organization who hold a direct permission on one of its repositories (not paginated).
    ///
    /// Needs an admin of the organization with `org:admin`, or a superuser (global read-only,
    /// or full access with `super:user`). 403 for others (also for an unknown organization,
    /// except to superusers, who get 404).
    pub async fn collaborators(&self) -> Result<Vec<OrgCollaborator>> {
        let list: OrgCollaboratorList = self
            .client
            .call(&op::GET_ORGANIZATION_COLLABORATORS, &self.path())
            .send()
            .await?;
        Ok(list.collaborators)
    }

    /// The organization's OAuth applications (and their tokens).
    pub fn applications(&self) -> OrganizationApplicationsHandler {
        OrganizationApplicationsHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }

    /// The organization's proxy-cache configuration (`FEATURE_PROXY_CACHE`).
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
    fn path(&self) -> [PathValue<'_>; 1] {
        [PathValue::Segment(&self.org)]
    }

    fn path_to<'a>(&'a self, item: &'a str) -> [PathValue<'a>; 2] {
        [PathValue::Segment(&self.org), PathValue::Segment(item)]
    }

    /// The organization's name.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getOrganizationMembers`: every user (robots left out) in at least one team of the
    /// organization, with their teams and direct repository permissions (not paginated).
    ///
    /// Needs an admin of the organization with `org:admin`, or a superuser (global read-only,
    /// or full access with `super:user`). 403 for others (also for an unknown organization,
    /// except to superusers, who get 404).
    pub async fn list(&self) -> Result<Vec<OrgMemberDetail>> {
        let list: OrgMemberList = self
            .client
            .call(&op::GET_ORGANIZATION_MEMBERS, &self.path())
            .send()
            .await?;
        Ok(list.members)
    }

    /// `getOrganizationMember`: one member (a user, or a robot `org+shortname` of this
    /// organization) with its teams and direct repository permissions.
    ///
    /// Same callers as [`list`](Self::list). 404 when the user or robot does not exist or is
    /// not a member (an outside collaborator is not a member).
    pub async fn get(&self, member: &str) -> Result<OrgMemberDetail> {
        self.client
            .call(&op::GET_ORGANIZATION_MEMBER, &self.path_to(member))
            .send()
            .await
    }

    /// `removeOrganizationMember`: removes a user from every team of the organization and
    /// deletes their direct permissions on its repositories (so it also removes an outside
    /// collaborator); succeeds as well when the user was not a member.
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 404 for an unknown user or a robot; 400 when the user is the only admin.
    pub async fn remove(&self, member: &str) -> Result<()> {
        self.client
            .call(&op::REMOVE_ORGANIZATION_MEMBER, &self.path_to(member))
            .send_empty()
            .await
    }
}

/// The OAuth applications of one organization, from [`OrganizationHandler::applications`].
#[derive(Debug, Clone)]
pub struct OrganizationApplicationsHandler {
    client: Client,
    org: String,
}

impl OrganizationApplicationsHandler {
    fn path(&self) -> [PathValue<'_>; 1] {
        [PathValue::Segment(&self.org)]
    }

    fn path_to<'a>(&'a self, item: &'a str) -> [PathValue<'a>; 2] {
        [PathValue::Segment(&self.org), PathValue::Segment(item)]
    }

    /// The organization's name.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getOrganizationApplications`: the organization's OAuth applications (not paginated).
    /// Secrets, redirect URIs and avatar e-mails are filled in only for admins.
    ///
    /// Needs an admin of the organization with `org:admin`, or a superuser (global read-only,
    /// or full access with `super:user`). 403 for others (also for an unknown organization,
    /// except to superusers, who get 404).
    pub async fn list(&self) -> Result<Vec<Application>> {
        let list: OrganizationApplicationList = self
            .client
            .call(&op::GET_ORGANIZATION_APPLICATIONS, &self.path())
            .send()
            .await?;
        Ok(list.applications)
    }

    /// `createOrganizationApplication`: creates an OAuth application and returns it with its
    /// new client id and secret (Quay answers 200).
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 400 for the reserved name `__quay_bootstrap_app`.
    pub async fn create(&self, app: &NewApp) -> Result<Application> {
        self.client
            .call(&op::CREATE_ORGANIZATION_APPLICATION, &self.path())
            .json(app)
            .send()
            .await
    }

    /// `getOrganizationApplication`: one OAuth application of the organization by client id.
    ///
    /// Same callers as [`list`](Self::list). 404 when no application with this client id
    /// belongs to the organization.
    pub async fn get(&self, client_id: &str) -> Result<Application> {
        self.client
            .call(&op::GET_ORGANIZATION_APPLICATION, &self.path_to(client_id))
            .send()
            .await
    }

    /// `updateOrganizationApplication`: replaces the application's name, URIs, description and
    /// avatar e-mail (a full replacement: see [`UpdateApp::from_application`] to change only
    /// some fields). The client id and secret are unchanged.
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 404 for an unknown application; 400 for the reserved name.
    pub async fn update(&self, client_id: &str, app: &UpdateApp) -> Result<Application> {
        let path = self.path_to(client_id);
        self.client
            .call(&op::UPDATE_ORGANIZATION_APPLICATION, &path)
            .json(app)
            .send()
            .await
    }

    /// `deleteOrganizationApplication`: deletes the application with its access tokens,
    /// authorization codes and authorizations.
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 404 when the application does not belong to the organization.
    pub async fn delete(&self, client_id: &str) -> Result<()> {
        let path = self.path_to(client_id);
        self.client
            .call(&op::DELETE_ORGANIZATION_APPLICATION, &path)
            .send_empty()
            .await
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
    fn path(&self) -> [PathValue<'_>; 2] {
        [
            PathValue::Segment(&self.org),
            PathValue::Segment(&self.client_id),
        ]
    }

    fn path_to<'a>(&'a self, token_uuid: &'a str) -> [PathValue<'a>; 3] {
        [
            PathValue::Segment(&self.org),
            PathValue::Segment(&self.client_id),
            PathValue::Segment(token_uuid),
        ]
    }

    /// The organization's name.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// The application's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `listOrganizationApplicationTokens`: one page (50, newest first) of the application's
    /// unexpired tokens, whoever they were issued to; secrets are never listed. Pass the
    /// previous page's `next_page` to get the next one; see [`list_stream`](Self::list_stream).
    ///
    /// Needs an admin of the organization with `org:admin`, or a superuser (global read-only,
    /// or full access with `super:user`). 404 for an unknown application.
    pub async fn list(&self, next_page: Option<&str>) -> Result<OAuthApplicationTokenList> {
        self.client
            .call(&op::LIST_ORGANIZATION_APPLICATION_TOKENS, &self.path())
            .query("next_page", next_page)
            .send()
            .await
    }

    /// `listOrganizationApplicationTokens` as a stream over every token of every page.
    pub fn list_stream(&self) -> BoxStream<'static, Result<OAuthApplicationToken>> {
        let this = self.clone();
        paginate(move |next: Option<String>| {
            let this = this.clone();
            async move { this.list(next.as_deref()).await }
        })
    }

    /// `createOrganizationApplicationToken`: mints an access token of the application acting
    /// as the caller, with the requested scopes; the secret (`token`) is shown only this once
    /// (Quay answers 200).
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). Every scope must be known (else 400), covered by the caller's own token
    /// scopes and backed by the caller's rights (else 403). 400 as well for a blank name or
    /// when the configured token limit is reached.
    pub async fn create(
        &self,
        token: &NewApplicationToken,
    ) -> Result<CreatedOAuthApplicationToken> {
        self.client
            .call(&op::CREATE_ORGANIZATION_APPLICATION_TOKEN, &self.path())
            .json(token)
            .send()
            .await
    }

    /// `deleteOrganizationApplicationToken`: revokes one token of the application, whoever
    /// it was issued to (expired tokens too).
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 404 when the application has no token with this UUID.
    pub async fn delete(&self, token_uuid: &str) -> Result<()> {
        let path = self.path_to(token_uuid);
        self.client
            .call(&op::DELETE_ORGANIZATION_APPLICATION_TOKEN, &path)
            .send_empty()
            .await
    }
}

/// The proxy-cache configuration of one organization, from [`OrganizationHandler::proxy_cache`].
/// These operations exist only when `FEATURE_PROXY_CACHE` is on (otherwise Quay answers a
/// non-API 404/405 page).
#[derive(Debug, Clone)]
pub struct ProxyCacheHandler {
    client: Client,
    org: String,
}

impl ProxyCacheHandler {
    fn path(&self) -> [PathValue<'_>; 1] {
        [PathValue::Segment(&self.org)]
    }

    /// The organization's name.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getProxyCacheConfig`: the organization's proxy-cache configuration (credentials never
    /// included), or [`ProxyCacheConfig::ProxyCacheNotConfigured`] when there is none.
    ///
    /// Needs a member of the organization with `org:admin` or `repo:create`, or a superuser
    /// (global read-only, or full access with `super:user`). 403 for others.
    pub async fn get(&self) -> Result<ProxyCacheConfig> {
        self.client
            .call(&op::GET_PROXY_CACHE_CONFIG, &self.path())
            .send()
            .await
    }

    /// `createProxyCacheConfig`: makes the organization a proxy cache of an upstream registry
    /// (Quay answers 201 `"Created"`).
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 400 when a configuration already exists, the upstream URL is refused
    /// (SSRF checks), immutable tags exist, or the data layer fails.
    pub async fn create(&self, config: &NewProxyCacheConfig) -> Result<Created> {
        self.client
            .call(&op::CREATE_PROXY_CACHE_CONFIG, &self.path())
            .json(config)
            .send()
            .await
    }

    /// `deleteProxyCacheConfig`: removes the configuration (Quay answers 201 `"Deleted"`).
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 404 when there is no configuration.
    pub async fn delete(&self) -> Result<Deleted> {
        self.client
            .call(&op::DELETE_PROXY_CACHE_CONFIG, &self.path())
            .send()
            .await
    }

    /// `validateProxyCacheConfig`: checks a configuration against its upstream without storing
    /// it (Quay queries the upstream's `/v2/` with the credentials): `Valid`, or `Anonymous`
    /// when only anonymous pulls will work.
    ///
    /// Needs an admin of the organization with `org:admin` (or a full-access superuser with
    /// `super:user`). 400 when the organization already is a proxy cache, the upstream refused
    /// the credentials or failed, or the URL is refused.
    pub async fn validate(
        &self,
        config: &NewProxyCacheConfig,
    ) -> Result<ProxyCacheValidationResult> {
        self.client
            .call(&op::VALIDATE_PROXY_CACHE_CONFIG, &self.path())
            .json(config)
            .send()
            .await
    }
}
