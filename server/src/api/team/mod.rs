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
use poem_openapi::param::Path;
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, MessageError, RepositoryRole, TeamDescription, TeamPermissionRepository,
    TeamPermissionsList, TeamRepositoryPermission, TeamRole, TeamView,
};
use crate::reply::{E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self};
use crate::store::team::{self as teams};

mod members;
mod support;

pub use members::TeamMembersApi;
use support::*;

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
