//! The `team` tag: create, change and delete an organization's teams, their members, their
//! pending invites and their repository permissions (Quay's `endpoints/api/team.py`).
//!
//! Every operation but the member list and the permission list needs an administrator of the
//! organization (token scope `org:admin`) or a full-access superuser; ordinary callers get 403
//! for an unknown organization because that check comes first.
//!
//! Mail: this server sends no e-mail. Sending an invite always succeeds, except for addresses
//! whose local part contains `bounce`, which are refused as the mail server Quay was recorded
//! with refused them (400 "Could not send email...", the invite stored all the same).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use rusqlite::Transaction;
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope, capped, is_org_admin};
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, InviteKind, MessageError, RepositoryRole, TeamDescription, TeamInviteView,
    TeamMemberOrInvite, TeamMemberView, TeamMembers, TeamPermissionRepository, TeamPermissionsList,
    TeamRepositoryPermission, TeamRole, TeamView, UserKind,
};
use crate::params::TruthyBool;
use crate::reply::{E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self, Namespace};
use crate::store::team::{self as teams, Invite, Team};

/// Quay's answer when the invite e-mail cannot be sent.
pub const MAIL_FAILED: &str =
    "Could not send email. Please contact an administrator and report this problem.";

/// Whether "sending" the invite e-mail to `address` fails. No mail is sent; the mail server
/// Quay was recorded with refused recipients whose local part contains `bounce`.
pub fn mail_refused(address: &str) -> bool {
    address
        .rsplit_once('@')
        .map_or(address, |(local, _)| local)
        .contains("bounce")
}

/// Operations of the `team` tag.
pub struct TeamApi {
    state: AppState,
}

impl TeamApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// `AdministerOrganizationPermission` (or a full-access superuser) over `orgname`: the
/// organization, `None` when it does not exist (only a full-access superuser gets that far).
fn admin_org(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    orgname: &str,
) -> Result<Option<Namespace>, QuayError> {
    let org = namespace::organization(tx, orgname)?;
    if !administers(tx, cfg, who, org.as_ref())? {
        return Err(who.refuse());
    }
    Ok(org)
}

/// `AdministerOrganizationPermission` over `org`; an organization that does not exist is
/// administered by full-access superusers only.
fn administers(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org: Option<&Namespace>,
) -> Result<bool, QuayError> {
    match org {
        Some(o) => is_org_admin(tx, cfg, who, o.id),
        None => Ok(who.has_full_access(cfg)),
    }
}

/// The admin check, then the team (404 when it or the organization does not exist).
fn admin_team(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    orgname: &str,
    teamname: &str,
) -> Result<(Namespace, Team), QuayError> {
    let org = admin_org(tx, cfg, who, orgname)?.ok_or_else(QuayError::not_found)?;
    let team = teams::team(tx, org.id, teamname)?.ok_or_else(QuayError::not_found)?;
    Ok((org, team))
}

/// `ViewTeamPermission`: an org admin, or a member of the team whose token has `org:admin` or
/// `repo:create`; or a full-access superuser.
fn can_view_team(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org_id: i64,
    team_id: i64,
) -> Result<bool, QuayError> {
    Ok(is_org_admin(tx, cfg, who, org_id)?
        || capped(cfg, who, &[Scope::OrgAdmin, Scope::RepoCreate], |uid| {
            teams::is_member(tx, team_id, uid)
        })?)
}

fn member_view(member: &Namespace, invited: bool) -> TeamMemberView {
    let is_robot = member.kind == "robot";
    TeamMemberView {
        name: member.name.clone(),
        kind: UserKind::User,
        is_robot,
        avatar: Avatar::account(&member.name, member.email.as_deref(), &member.kind),
        invited,
    }
}

fn invite_view(email: &str) -> TeamInviteView {
    TeamInviteView {
        email: email.to_string(),
        kind: InviteKind::Invite,
        avatar: Avatar::new(email, Some(email), AvatarKind::User),
        invited: true,
    }
}

/// A result whose invite is kept even when the e-mail could not be sent.
enum Mailed<T> {
    Sent(T),
    Refused,
}

impl<T> Mailed<T> {
    fn into_result(self) -> Result<T, QuayError> {
        match self {
            Mailed::Sent(v) => Ok(v),
            Mailed::Refused => Err(QuayError::message(400, MAIL_FAILED)),
        }
    }
}

#[OpenApi(tag = "ApiTags::Team")]
impl TeamApi {
    /// Create or update a team
    ///
    /// Creates the team if it does not exist (name checked against Quay's rules), otherwise
    /// changes its description (when given and different) and its role (when different). The
    /// body is validated before the caller's rights. Demoting the caller's only admin team is
    /// refused. Logs `org_create_team`, `org_set_team_description`, `org_set_team_role`.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname",
        method = "put",
        operation_id = "updateOrganizationTeam"
    )]
    async fn update_organization_team(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        body: Body<TeamDescription>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<TeamView>, (E400, E401, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname) = (orgname.0, teamname.0);
        self.state
            .store
            .write(move |tx| {
                let details = body.validated()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let existing = match &org {
                    Some(o) => teams::team(tx, o.id, &teamname)?,
                    None => None,
                };
                let (team, new_team) = match existing {
                    Some(mut team) => {
                        if let Some(text) = &details.description
                            && *text != team.description
                        {
                            teams::set_description(tx, team.id, text)?;
                            team.description = text.clone();
                            namespace::log(
                                tx,
                                "org_set_team_description",
                                who.user_id(),
                                Some(team.org_id),
                                json!({"team": teamname, "description": text}),
                            )?;
                        }
                        let role = details.role.as_str();
                        if team.role != role {
                            if team.role == "admin" {
                                let caller = who.user_id().unwrap_or(0);
                                let admin_teams = teams::admin_team_names(tx, team.org_id, caller)?;
                                if admin_teams.contains(&team.name) && admin_teams.len() <= 1 {
                                    return Err(QuayError::message(
                                        400,
                                        format!(
                                            "Cannot remove admin from team '{}' because calling user would no longer have admin on org '{orgname}'",
                                            team.name
                                        ),
                                    ));
                                }
                            }
                            teams::set_role(tx, team.id, role)?;
                            team.role = role.to_string();
                            namespace::log(
                                tx,
                                "org_set_team_role",
                                who.user_id(),
                                Some(team.org_id),
                                json!({"team": teamname, "role": role}),
                            )?;
                        }
                        (team, false)
                    }
                    None => {
                        let org =
                            org.ok_or_else(|| QuayError::unknown_organization(&orgname))?;
                        teams::check_team_name(&teamname).map_err(|reason| {
                            QuayError::message(
                                400,
                                format!("Invalid team name {teamname}: {reason}"),
                            )
                        })?;
                        let team = teams::create(
                            tx,
                            org.id,
                            &teamname,
                            details.role.as_str(),
                            details.description.as_deref().unwrap_or(""),
                        )?;
                        namespace::log(
                            tx,
                            "org_create_team",
                            who.user_id(),
                            Some(org.id),
                            json!({"team": teamname}),
                        )?;
                        (team, true)
                    }
                };
                Ok(TeamView {
                    can_view: can_view_team(tx, &cfg, &who, team.org_id, team.id)?,
                    avatar: Avatar::new(&team.name, None, AvatarKind::Team),
                    role: TeamRole::stored(&team.role),
                    name: team.name,
                    description: team.description,
                    new_team,
                })
            })
            .await
            .into()
    }

    /// Delete a team
    ///
    /// Deletes the team with its memberships, pending invites and repository permissions. An
    /// unknown team is a 400, not a 404. Deleting an admin-role team is refused when the caller
    /// would be left without an admin team in the organization (Quay crashes when the caller is
    /// in no admin team at all; this server refuses with the same 400). Logs `org_delete_team`.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname",
        method = "delete",
        operation_id = "deleteOrganizationTeam"
    )]
    async fn delete_organization_team(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<NoContent204, (E400<MessageError>, E401, E403W, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname) = (orgname.0, teamname.0);
        self.state
            .store
            .write(move |tx| {
                let not_a_team = || {
                    QuayError::message(
                        400,
                        format!("Team '{teamname}' is not a team in org '{orgname}'"),
                    )
                };
                let org = admin_org(tx, &cfg, &who, &orgname)?.ok_or_else(not_a_team)?;
                let team = teams::team(tx, org.id, &teamname)?.ok_or_else(not_a_team)?;
                if team.role == "admin" {
                    let caller = who.user_id().unwrap_or(0);
                    let admin_teams = teams::admin_team_names(tx, org.id, caller)?;
                    if admin_teams.len() <= 1
                        && admin_teams.first().is_none_or(|name| *name == team.name)
                    {
                        return Err(QuayError::message(
                            400,
                            format!(
                                "Deleting team '{teamname}' would remove admin ability for user '{}' in organization '{orgname}'",
                                who.username().unwrap_or_default()
                            ),
                        ));
                    }
                }
                teams::delete(tx, team.id)?;
                namespace::log(
                    tx,
                    "org_delete_team",
                    who.user_id(),
                    Some(org.id),
                    json!({"team": teamname}),
                )?;
                Ok(())
            })
            .await
            .into()
    }

    /// List a team's members
    ///
    /// The team's members (users and robots), followed by its pending invites when
    /// `includePending` is true and the caller administers the organization. Callers: a member
    /// of the team or an org admin (token with `org:admin`, or `repo:create` for a member), a
    /// global read-only superuser, a full-access superuser.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname/members",
        method = "get",
        operation_id = "getOrganizationTeamMembers"
    )]
    async fn get_organization_team_members(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        #[oai(name = "includePending", default)] include_pending: Query<TruthyBool>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<TeamMembers>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname) = (orgname.0, teamname.0);
        let include_pending = include_pending.0.0;
        self.state
            .store
            .read(move |tx| {
                let org = namespace::organization(tx, &orgname)?;
                let team = match &org {
                    Some(o) => teams::team(tx, o.id, &teamname)?,
                    None => None,
                };
                let admin = administers(tx, &cfg, &who, org.as_ref())?;
                let member = match &team {
                    Some(t) => can_view_team(tx, &cfg, &who, t.org_id, t.id)?,
                    None => false,
                };
                if !(admin || member || who.has_full_access(&cfg) || who.is_global_readonly(&cfg)) {
                    return Err(who.refuse());
                }
                let team = team.ok_or_else(QuayError::not_found)?;
                let mut members: Vec<TeamMemberOrInvite> = teams::members(tx, team.id)?
                    .iter()
                    .map(|m| TeamMemberOrInvite::TeamMemberView(member_view(m, false)))
                    .collect();
                if include_pending && admin {
                    for invite in teams::invites(tx, team.id)? {
                        members.push(match invite {
                            Invite::User(user) => {
                                TeamMemberOrInvite::TeamMemberView(member_view(&user, true))
                            }
                            Invite::Email(email) => {
                                TeamMemberOrInvite::TeamInviteView(invite_view(&email))
                            }
                        });
                    }
                }
                Ok(TeamMembers {
                    name: teamname,
                    members,
                    can_edit: admin,
                    can_sync: None,
                    synced: None,
                })
            })
            .await
            .into()
    }

    /// Add or invite a member to a team
    ///
    /// Adds a user or robot to the team. With `FEATURE_MAILING` and
    /// `FEATURE_REQUIRE_TEAM_INVITE` (both on by default) a user who is in no team of the
    /// organization is invited instead (`invited: true`; every call stores another invite), and
    /// a robot of another namespace is refused. The invite e-mail is not really sent: it always
    /// succeeds, except that an address whose local part contains `bounce` is refused (400,
    /// the invite stored anyway). No request body. Logs `org_add_team_member` or
    /// `org_invite_team_member`.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname/members/:membername",
        method = "put",
        operation_id = "updateOrganizationTeamMember"
    )]
    async fn update_organization_team_member(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        membername: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<TeamMemberView>, (E400, E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname, membername) = (orgname.0, teamname.0, membername.0);
        self.state
            .store
            .write(move |tx| {
                let (org, team) = admin_team(tx, &cfg, &who, &orgname, &teamname)?;
                let user = namespace::user_or_robot(tx, &membername)?
                    .ok_or_else(|| QuayError::invalid_request("Unknown user"))?;
                let mut requires_invite = cfg.FEATURE_MAILING && cfg.FEATURE_REQUIRE_TEAM_INVITE;
                if requires_invite {
                    if user.kind == "robot" {
                        requires_invite = false;
                        if !user.name.starts_with(&format!("{}+", org.name)) {
                            return Err(QuayError::message(
                                400,
                                "Cannot add the specified robot to this team, as it is not a member of the organization",
                            ));
                        }
                    } else {
                        requires_invite = !teams::in_any_team(tx, org.id, user.id)?;
                    }
                }
                if !requires_invite {
                    if teams::is_member(tx, team.id, user.id)? {
                        return Err(QuayError::message(
                            400,
                            format!(
                                "User {} is already a member of team {}",
                                user.name, team.name
                            ),
                        ));
                    }
                    teams::add_member(tx, team.id, user.id)?;
                    namespace::log(
                        tx,
                        "org_add_team_member",
                        who.user_id(),
                        Some(org.id),
                        json!({"member": membername, "team": teamname}),
                    )?;
                    return Ok(Mailed::Sent(member_view(&user, false)));
                }
                let inviter = who.user_id().unwrap_or(0);
                teams::create_invite(tx, team.id, Some(user.id), None, inviter)?;
                if user.email.as_deref().is_some_and(mail_refused) {
                    return Ok(Mailed::Refused);
                }
                namespace::log(
                    tx,
                    "org_invite_team_member",
                    who.user_id(),
                    Some(org.id),
                    json!({"user": membername, "member": membername, "team": teamname}),
                )?;
                Ok(Mailed::Sent(member_view(&user, true)))
            })
            .await
            .and_then(Mailed::into_result)
            .into()
    }

    /// Remove a member or a user's invite from a team
    ///
    /// Deletes one pending invite of the user to this team if there is one; otherwise removes
    /// the user or robot from the team. The caller cannot leave its only admin team. Logs
    /// `org_delete_team_member_invite` or `org_remove_team_member`.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname/members/:membername",
        method = "delete",
        operation_id = "deleteOrganizationTeamMember"
    )]
    async fn delete_organization_team_member(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        membername: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<NoContent204, (E400, E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname, membername) = (orgname.0, teamname.0, membername.0);
        self.state
            .store
            .write(move |tx| {
                let (org, team) = admin_team(tx, &cfg, &who, &orgname, &teamname)?;
                let member =
                    namespace::user_or_robot(tx, &membername)?.ok_or_else(QuayError::not_found)?;
                if teams::delete_user_invite(tx, team.id, member.id)? {
                    namespace::log(
                        tx,
                        "org_delete_team_member_invite",
                        who.user_id(),
                        Some(org.id),
                        json!({"user": membername, "team": teamname, "member": membername}),
                    )?;
                    return Ok(());
                }
                if !teams::is_member(tx, team.id, member.id)? {
                    return Err(QuayError::message(
                        400,
                        format!("User {membername} does not belong to team {teamname}"),
                    ));
                }
                if who.username() == Some(membername.as_str()) {
                    let admin_teams = teams::admin_team_names(tx, org.id, member.id)?;
                    if admin_teams.contains(&team.name) && admin_teams.len() <= 1 {
                        return Err(QuayError::message(
                            400,
                            "User cannot remove themselves from their only admin team.",
                        ));
                    }
                }
                teams::remove_member(tx, team.id, member.id)?;
                namespace::log(
                    tx,
                    "org_remove_team_member",
                    who.user_id(),
                    Some(org.id),
                    json!({"member": membername, "team": teamname}),
                )?;
                Ok(())
            })
            .await
            .into()
    }

    /// Invite an e-mail address to a team
    ///
    /// Stores a pending invite of the address (not validated; every call stores another one).
    /// Only with `FEATURE_MAILING`. The invite e-mail is not really sent: it always succeeds,
    /// except that an address whose local part contains `bounce` is refused (400, the invite
    /// stored anyway). No request body. Logs `org_invite_team_member`.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname/invite/:email",
        method = "put",
        operation_id = "inviteTeamMemberEmail"
    )]
    async fn invite_team_member_email(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        email: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<TeamInviteView>, (E400, E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname, email) = (orgname.0, teamname.0, email.0);
        self.state
            .store
            .write(move |tx| {
                let (org, team) = admin_team(tx, &cfg, &who, &orgname, &teamname)?;
                let inviter = who.user_id().unwrap_or(0);
                teams::create_invite(tx, team.id, None, Some(&email), inviter)?;
                if mail_refused(&email) {
                    return Ok(Mailed::Refused);
                }
                namespace::log(
                    tx,
                    "org_invite_team_member",
                    who.user_id(),
                    Some(org.id),
                    json!({"email": email, "team": teamname, "member": email}),
                )?;
                Ok(Mailed::Sent(invite_view(&email)))
            })
            .await
            .and_then(Mailed::into_result)
            .into()
    }

    /// Delete an e-mail invite to a team
    ///
    /// Deletes one pending invite of the address (an address invited twice needs two calls).
    /// Only e-mail invites match; a user's invite is deleted with deleteOrganizationTeamMember.
    /// Only with `FEATURE_MAILING`. Logs `org_delete_team_member_invite`.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname/invite/:email",
        method = "delete",
        operation_id = "deleteTeamMemberEmailInvite"
    )]
    async fn delete_team_member_email_invite(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        email: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname, email) = (orgname.0, teamname.0, email.0);
        self.state
            .store
            .write(move |tx| {
                let (org, team) = admin_team(tx, &cfg, &who, &orgname, &teamname)?;
                if !teams::delete_email_invite(tx, team.id, &email)? {
                    return Err(QuayError::not_found());
                }
                namespace::log(
                    tx,
                    "org_delete_team_member_invite",
                    who.user_id(),
                    Some(org.id),
                    json!({"email": email, "team": teamname, "member": email}),
                )?;
                Ok(())
            })
            .await
            .into()
    }

    /// List a team's repository permissions
    ///
    /// The repositories the team has a role on, with that role. Callers: an org admin (token
    /// with `org:admin`), a global read-only superuser, a full-access superuser; a member of the
    /// team who is not an admin gets 403.
    #[oai(
        path = "/api/v1/organization/:orgname/team/:teamname/permissions",
        method = "get",
        operation_id = "getOrganizationTeamPermissions"
    )]
    async fn get_organization_team_permissions(
        &self,
        orgname: Path<String>,
        teamname: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<TeamPermissionsList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (orgname, teamname) = (orgname.0, teamname.0);
        self.state
            .store
            .read(move |tx| {
                let org = namespace::organization(tx, &orgname)?;
                let admin = administers(tx, &cfg, &who, org.as_ref())?;
                if !(admin || who.is_global_readonly(&cfg)) {
                    return Err(who.refuse());
                }
                let org = org.ok_or_else(QuayError::not_found)?;
                let team = teams::team(tx, org.id, &teamname)?.ok_or_else(QuayError::not_found)?;
                let permissions = teams::repository_permissions(tx, team.id)?
                    .into_iter()
                    .map(|(name, is_public, role)| TeamRepositoryPermission {
                        repository: TeamPermissionRepository { name, is_public },
                        role: RepositoryRole::stored(&role),
                    })
                    .collect();
                Ok(TeamPermissionsList { permissions })
            })
            .await
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bounce_addresses_are_refused() {
        assert!(mail_refused("qdbounce@example.com"));
        assert!(mail_refused("bounce"));
        assert!(!mail_refused("someone@bounce.example.com"));
        assert!(!mail_refused("not-an-email"));
    }
}
