//! The `team` tag: creating, updating and deleting teams, their members and e-mail invites,
//! their repository permissions.

use crate::api::OrganizationHandler;
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    TeamDescription, TeamInviteView, TeamMemberView, TeamMembers, TeamPermissionsList, TeamRole,
    TeamView,
};
use crate::operations as op;
use crate::path::PathValue;

/// Operations on one team of an organization, from [`OrganizationHandler::team`].
///
/// ```no_run
/// # async fn run() -> quay_sdk::Result<()> {
/// use quay_sdk::{Client, models::TeamRole};
/// let client = Client::new("https://quay.example.com", "token")?;
/// let ops = client.organization("acme").team("ops");
/// ops.create_or_update(TeamRole::Member, Some("Operators")).await?;
/// ops.add_member("acme+deployer").await?;
/// for member in ops.members(false).await?.current_members() {
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

    fn team_path(&self) -> [PathValue<'_>; 2] {
        [
            PathValue::Segment(&self.org),
            PathValue::Segment(&self.name),
        ]
    }

    fn sub_path<'a>(&'a self, last: &'a str) -> [PathValue<'a>; 3] {
        [
            PathValue::Segment(&self.org),
            PathValue::Segment(&self.name),
            PathValue::Segment(last),
        ]
    }

    /// `updateOrganizationTeam`: creates the team with this organization-wide role and
    /// description (`""` when `None`), or updates an existing team (the description only when
    /// given and different). [`TeamView::new_team`] tells which happened.
    ///
    /// Callers: an administrator of the organization (`org:admin`), or a superuser with
    /// `super:user` when `FEATURE_SUPERUSERS_FULL_ACCESS` is on; anyone else gets 403. A new
    /// team's name must match `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$` and be 2-255 characters long.
    /// 400 for an invalid name, for demoting the caller's only admin team, and (full-access
    /// superuser) for an unknown organization.
    pub async fn create_or_update(
        &self,
        role: TeamRole,
        description: Option<&str>,
    ) -> Result<TeamView> {
        let body = TeamDescription {
            role,
            description: description.map(str::to_string),
        };
        self.client
            .call(&op::UPDATE_ORGANIZATION_TEAM, &self.team_path())
            .json(&body)
            .send()
            .await
    }

    /// `deleteOrganizationTeam`: deletes the team with its memberships, pending invites and
    /// repository permissions.
    ///
    /// Callers: an administrator of the organization (`org:admin`), or a superuser with
    /// `super:user` when `FEATURE_SUPERUSERS_FULL_ACCESS` is on. An unknown team is a 400
    /// `{"message"}` (not a 404), as is deleting the caller's only admin team. Quay answers 500
    /// when a full-access superuser in no admin team deletes an admin-role team (a Quay defect).
    pub async fn delete(&self) -> Result<()> {
        self.client
            .call(&op::DELETE_ORGANIZATION_TEAM, &self.team_path())
            .send_empty()
            .await
    }

    /// `getOrganizationTeamMembers`: the team's members (users and robots); with
    /// `include_pending`, followed by the pending invites (users' invites and e-mail invites).
    /// Not paginated.
    ///
    /// Callers: a member of the team, an administrator of the organization, a global read-only
    /// superuser, or a full-access superuser. Pending invites are listed only for org admins
    /// (and full-access superusers); others get the members whatever `include_pending` says.
    /// A user merely invited to the team, or a member of another team, gets 403; an org admin
    /// gets 404 for an unknown team.
    pub async fn members(&self, include_pending: bool) -> Result<TeamMembers> {
        self.client
            .call(&op::GET_ORGANIZATION_TEAM_MEMBERS, &self.team_path())
            .query("includePending", include_pending.then_some("true"))
            .send()
            .await
    }

    /// `updateOrganizationTeamMember`: adds the user or robot `member` (a robot as
    /// `org+shortname`) to the team, or, when `FEATURE_MAILING` and
    /// `FEATURE_REQUIRE_TEAM_INVITE` are on, invites a user who belongs to no team of the
    /// organization ([`TeamMemberView::invited`] is then true, and each call stores another
    /// invite).
    ///
    /// Callers: an administrator of the organization (`org:admin`), or a full-access superuser.
    /// 404 for an unknown team; 400 for an unknown user (`ApiError`), an existing member, a
    /// robot of another organization (invites required only), a refused invite e-mail (the
    /// invite is stored anyway; `{"message"}` bodies), or an auth-synced team.
    pub async fn add_member(&self, member: &str) -> Result<TeamMemberView> {
        self.client
            .call(&op::UPDATE_ORGANIZATION_TEAM_MEMBER, &self.sub_path(member))
            .send()
            .await
    }

    /// `deleteOrganizationTeamMember`: removes the user or robot `member` from the team. When
    /// the user has a pending invite to the team, one stored invite is deleted instead (a user
    /// invited twice needs two calls).
    ///
    /// Callers: an administrator of the organization (`org:admin`), or a full-access superuser.
    /// 404 for an unknown team or an unknown user; 400 when the user is neither a member nor
    /// invited, when the caller would leave its only admin team, or for an auth-synced team.
    pub async fn remove_member(&self, member: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_ORGANIZATION_TEAM_MEMBER, &self.sub_path(member))
            .send_empty()
            .await
    }

    /// `inviteTeamMemberEmail`: invites an e-mail address to the team: stores a pending invite
    /// and sends the invite e-mail. The address is not validated, and every call stores a new
    /// invite. Only available when `FEATURE_MAILING` is on: otherwise Quay answers a non-API
    /// 405 HTML page.
    ///
    /// Callers: an administrator of the organization (`org:admin`), or a full-access superuser.
    /// 404 for an unknown team; 400 `{"message"}` when the mail server refuses the message (the
    /// invite is stored all the same), or an `ApiError` for an auth-synced team.
    pub async fn invite_email(&self, email: &str) -> Result<TeamInviteView> {
        self.client
            .call(&op::INVITE_TEAM_MEMBER_EMAIL, &self.sub_path(email))
            .send()
            .await
    }

    /// `deleteTeamMemberEmailInvite`: deletes one pending e-mail invite of `email` to the team
    /// (an address invited twice needs two calls). Users' invites are removed with
    /// [`TeamHandler::remove_member`] instead. Only available when `FEATURE_MAILING` is on
    /// (otherwise a non-API 405 HTML page).
    ///
    /// Callers: an administrator of the organization (`org:admin`), or a full-access superuser.
    /// 404 for an unknown team or when no (more) e-mail invite of the address exists.
    pub async fn delete_email_invite(&self, email: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_TEAM_MEMBER_EMAIL_INVITE, &self.sub_path(email))
            .send_empty()
            .await
    }

    /// `getOrganizationTeamPermissions`: the repositories of the organization the team has a
    /// role on, with that role. Not paginated.
    ///
    /// Callers: an administrator of the organization (in practice the token needs
    /// `org:admin`), a global read-only superuser, or a full-access superuser; a mere member of
    /// the team gets 403. A privileged caller gets 404 for an unknown team or organization.
    pub async fn permissions(&self) -> Result<TeamPermissionsList> {
        self.client
            .call(&op::GET_ORGANIZATION_TEAM_PERMISSIONS, &self.team_path())
            .send()
            .await
    }
}
