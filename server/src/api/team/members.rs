//! The `team` area's operations on members and e-mail invites.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{TeamInviteView, TeamMemberOrInvite, TeamMemberView, TeamMembers};
use crate::params::TruthyBool;
use crate::reply::{E400, E401, E403, E403W, E404, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self};
use crate::store::notification;
use crate::store::team::{self as teams, Invite};

use super::support::*;

/// Operations of the `team` tag on a team's members and invites.
pub struct TeamMembersApi {
    state: AppState,
}

impl TeamMembersApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Team")]
impl TeamMembersApi {
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
                let code = teams::create_invite(tx, team.id, Some(user.id), None, inviter)?;
                // Quay tells the invited user before it mails, so a refused mail keeps both.
                notification::create(
                    tx,
                    "org_team_invite",
                    user.id,
                    &json!({
                        "code": code,
                        "inviter": who.username().unwrap_or_default(),
                        "org": org.name,
                        "team": team.name,
                    }),
                )?;
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
}
