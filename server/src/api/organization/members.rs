//! The `organization` area's operations on members and outside collaborators.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{
    Avatar, MessageError, OrgCollaborator, OrgCollaboratorList, OrgMemberDetail, OrgMemberKind,
    OrgMemberList, OrgMemberTeam, UserKind,
};
use crate::reply::{E400, E401, E403, E403W, E404, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self};
use crate::store::organization::{self as store};
use crate::store::team as teams;

use super::support::*;

/// Operations of the `organization` tag on members and outside collaborators.
pub struct OrganizationMembersApi {
    state: AppState,
}

impl OrganizationMembersApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Organization")]
impl OrganizationMembersApi {
    /// List an organization's members
    ///
    /// Every user (robots left out) in at least one team, with their teams and direct
    /// repository permissions in the organization.
    #[oai(
        path = "/api/v1/organization/:orgname/members",
        method = "get",
        operation_id = "getOrganizationMembers"
    )]
    async fn get_organization_members(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrgMemberList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let mut members: Vec<OrgMemberDetail> = Vec::new();
                for (m, team) in store::memberships(tx, org.id)? {
                    if m.kind == "robot" {
                        continue;
                    }
                    let entry = match members.iter_mut().position(|x| x.name == m.name) {
                        Some(i) => &mut members[i],
                        None => {
                            members.push(OrgMemberDetail {
                                name: m.name.clone(),
                                kind: OrgMemberKind::User,
                                avatar: Avatar::account(&m.name, m.email.as_deref(), &m.kind),
                                teams: vec![],
                                repositories: vec![],
                            });
                            members
                                .last_mut()
                                .ok_or_else(|| QuayError::internal("empty"))?
                        }
                    };
                    entry.teams.push(OrgMemberTeam {
                        avatar: team_avatar(&team),
                        name: team,
                    });
                }
                for (holder, repo) in store::direct_permissions(tx, org.id, None)? {
                    if let Some(m) = members.iter_mut().find(|x| x.name == holder.name) {
                        m.repositories.push(repo);
                    }
                }
                Ok(OrgMemberList { members })
            })
            .await
            .into()
    }

    /// Get an organization member
    ///
    /// One member with its teams and direct repository permissions; also a robot of the
    /// organization in no team.
    #[oai(
        path = "/api/v1/organization/:orgname/members/:membername",
        method = "get",
        operation_id = "getOrganizationMember"
    )]
    async fn get_organization_member(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        membername: Path<String>,
    ) -> Reply<Ok200<OrgMemberDetail>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                if !can_read_admin_page(tx, &cfg, &who, &orgname)? {
                    return Err(who.refuse());
                }
                // Quay's `get_user` (users and robots) and `get_user_or_org` (no robots).
                let member =
                    namespace::user_or_robot(tx, &membername)?.ok_or_else(QuayError::not_found)?;
                let owner =
                    namespace::user_or_org(tx, &orgname)?.ok_or_else(QuayError::not_found)?;
                let teams = teams::team_names_of(tx, owner.id, member.id)?;
                if teams.is_empty() {
                    let robot_of_org = member.kind == "robot"
                        && member.name.split_once('+').map(|(ns, _)| ns) == Some(orgname.as_str());
                    if !robot_of_org {
                        return Err(QuayError::not_found());
                    }
                }
                let repositories = store::direct_permissions(tx, owner.id, Some(member.id))?
                    .into_iter()
                    .map(|(_, repo)| repo)
                    .collect();
                Ok(OrgMemberDetail {
                    kind: if member.kind == "robot" {
                        OrgMemberKind::Robot
                    } else {
                        OrgMemberKind::User
                    },
                    avatar: Avatar::account(&member.name, member.email.as_deref(), &member.kind),
                    name: member.name,
                    teams: teams
                        .into_iter()
                        .map(|t| OrgMemberTeam {
                            avatar: team_avatar(&t),
                            name: t,
                        })
                        .collect(),
                    repositories,
                })
            })
            .await
            .into()
    }

    /// Remove a member from an organization
    ///
    /// Removes a user from every team of the organization and deletes its direct permissions
    /// on the organization's repositories; 204 also when it was not a member. The only admin
    /// cannot be removed.
    #[oai(
        path = "/api/v1/organization/:orgname/members/:membername",
        method = "delete",
        operation_id = "removeOrganizationMember"
    )]
    async fn remove_organization_member(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        membername: Path<String>,
    ) -> Reply<NoContent204, (E400<MessageError>, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                require_admin(tx, &cfg, &who, &orgname)?;
                let user = namespace::by_name_kind(tx, &membername, "user")?
                    .ok_or_else(QuayError::not_found)?;
                let org = require_org(tx, &orgname)?;
                store::remove_member(tx, org.id, user.id)
            })
            .await
            .into()
    }

    /// List an organization's outside collaborators
    ///
    /// Users in no team of the organization holding a direct permission on at least one of its
    /// repositories, with those repositories.
    #[oai(
        path = "/api/v1/organization/:orgname/collaborators",
        method = "get",
        operation_id = "getOrganizationCollaborators"
    )]
    async fn get_organization_collaborators(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrgCollaboratorList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let members: Vec<String> = store::memberships(tx, org.id)?
                    .into_iter()
                    .map(|(m, _)| m.name)
                    .collect();
                let mut collaborators: Vec<OrgCollaborator> = Vec::new();
                for (holder, repo) in store::direct_permissions(tx, org.id, None)? {
                    if members.contains(&holder.name) {
                        continue;
                    }
                    match collaborators.iter_mut().find(|c| c.name == holder.name) {
                        Some(c) => c.repositories.push(repo),
                        None => collaborators.push(OrgCollaborator {
                            kind: UserKind::User,
                            avatar: Avatar::account(&holder.name, holder.email.as_deref(), "user"),
                            name: holder.name,
                            repositories: vec![repo],
                        }),
                    }
                }
                Ok(OrgCollaboratorList { collaborators })
            })
            .await
            .into()
    }
}
