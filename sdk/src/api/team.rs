//! The `team` tag: creating, updating and deleting teams, their members and e-mail invites,
//! their repository permissions.
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::api::OrganizationHandler;
use crate::client::Client;
use crate::models::TeamDescription;
use crate::requests::*;

/// Operations on one team of an organization, from [`OrganizationHandler::team`].
///
/// ```no_run
/// # async fn run() -> quay_sdk::Result<()> {
/// use quay_sdk::{Client, models::{TeamDescription, TeamRole}};
/// let client = Client::new("https://quay.example.com", "token")?;
/// let ops = client.organization("acme").team("ops");
/// ops.create_or_update(&TeamDescription::new(TeamRole::Member).description("Operators")).await?;
/// ops.add_member("acme+deployer").await?;
/// for member in ops.members().send().await?.current_members() {
///     println!("{} (robot: {})", member.name, member.is_robot);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TeamHandler {
    client: Client,
    org: String,
    name: String,
}

impl OrganizationHandler {
    /// Operations on the team `name` of this organization (which need not exist yet:
    /// [`TeamHandler::create_or_update`] creates it).
    pub fn team(&self, name: impl Into<String>) -> TeamHandler {
        TeamHandler {
            client: self.client.clone(),
            org: self.name.clone(),
            name: name.into(),
        }
    }
}

impl TeamHandler {
    /// The organization the team belongs to.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// The team's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `updateOrganizationTeam`: creates the team with this role and description, or updates
    /// an existing one ([`TeamView::new_team`](crate::models::TeamView::new_team) tells which).
    pub fn create_or_update(&self, body: &TeamDescription) -> UpdateOrganizationTeamRequest {
        UpdateOrganizationTeamRequest::new(&self.client, &self.org, &self.name, body.clone())
    }

    /// `deleteOrganizationTeam`: deletes the team with its memberships, invites and
    /// permissions.
    pub fn delete(&self) -> DeleteOrganizationTeamRequest {
        DeleteOrganizationTeamRequest::new(&self.client, &self.org, &self.name)
    }

    /// `getOrganizationTeamMembers`: the members; `.include_pending(true)` adds the pending
    /// invites (for org admins).
    pub fn members(&self) -> GetOrganizationTeamMembersRequest {
        GetOrganizationTeamMembersRequest::new(&self.client, &self.org, &self.name)
    }

    /// `updateOrganizationTeamMember`: adds (or, with team invites on, invites) the user or
    /// robot `member`.
    pub fn add_member(&self, member: impl Into<String>) -> UpdateOrganizationTeamMemberRequest {
        UpdateOrganizationTeamMemberRequest::new(&self.client, &self.org, &self.name, member)
    }

    /// `deleteOrganizationTeamMember`: removes the user or robot `member`, or one of its
    /// pending invites.
    pub fn remove_member(&self, member: impl Into<String>) -> DeleteOrganizationTeamMemberRequest {
        DeleteOrganizationTeamMemberRequest::new(&self.client, &self.org, &self.name, member)
    }

    /// `inviteTeamMemberEmail`: invites an e-mail address to the team (with
    /// `FEATURE_MAILING`).
    pub fn invite_email(&self, email: impl Into<String>) -> InviteTeamMemberEmailRequest {
        InviteTeamMemberEmailRequest::new(&self.client, &self.org, &self.name, email)
    }

    /// `deleteTeamMemberEmailInvite`: deletes one pending e-mail invite of `email`.
    pub fn delete_email_invite(
        &self,
        email: impl Into<String>,
    ) -> DeleteTeamMemberEmailInviteRequest {
        DeleteTeamMemberEmailInviteRequest::new(&self.client, &self.org, &self.name, email)
    }

    /// `getOrganizationTeamPermissions`: the repositories the team has a role on.
    pub fn permissions(&self) -> GetOrganizationTeamPermissionsRequest {
        GetOrganizationTeamPermissionsRequest::new(&self.client, &self.org, &self.name)
    }
}
