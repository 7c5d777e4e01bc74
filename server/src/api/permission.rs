//! The `permission` tag: the roles users, robots and teams hold on a repository (Quay's
//! `endpoints/api/permission.py`).
//!
//! `{repository}` is `namespace/name`, split on the first `/`. Every operation first checks
//! that the caller administers the repository (direct `admin`, `admin` through a team, or org
//! admin; token scope `repo:admin`), or is a full-access superuser; the reads also accept a
//! global read-only superuser. So an unknown repository is a 403 for ordinary callers, and the
//! body of a PUT is only looked at after that check.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use rusqlite::Transaction;
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::{Identity, is_repo_admin};
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    ApiError, Avatar, AvatarKind, MessageError, RepositoryRole, RepositoryTeamPermissionList,
    RepositoryUserPermissionList, RolePermission, TeamPermission, TeamPermissionChange,
    UserPermission, UserPermissionChange, UserTransitivePermissionList,
};
use crate::reply::{E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self, Namespace};
use crate::store::permission::{self as perms, Repo, split_repository};
use crate::store::team as teams;

/// Operations of the `permission` tag.
pub struct PermissionApi {
    state: AppState,
}

impl PermissionApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

const USER_HAS_NO_PERMISSION: &str = "User does not have permission for repo.";
const TEAM_HAS_NO_PERMISSION: &str = "Team does not have permission for repo.";
const NAMESPACE_OWNER: &str = "Namespace owner must always be admin.";

/// Quay's `require_repo_admin`: the repository (`None` when it does not exist, which only a
/// privileged caller gets to see), or the refusal. Reads also admit global read-only
/// superusers.
fn admin_repo(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    repository: &str,
    read: bool,
) -> Result<Option<Repo>, QuayError> {
    let (ns, name) = split_repository(repository);
    let repo = perms::repository(tx, ns, name)?;
    let admin = match &repo {
        Some(r) => is_repo_admin(tx, cfg, who, r.id)?,
        None => who.has_full_access(cfg),
    };
    if admin || (read && who.is_global_readonly(cfg)) {
        Ok(repo)
    } else {
        Err(who.refuse())
    }
}

fn user_view(
    tx: &Transaction<'_>,
    repo: &Repo,
    holder: &Namespace,
    role_name: &str,
) -> Result<UserPermission, QuayError> {
    let is_robot = holder.kind == "robot";
    let is_org_member = if repo.in_org() {
        Some(is_robot || teams::in_any_team(tx, repo.namespace.id, holder.id)?)
    } else {
        None
    };
    Ok(UserPermission {
        role: RepositoryRole::stored(role_name),
        name: holder.name.clone(),
        is_robot,
        avatar: Avatar::account(&holder.name, holder.email.as_deref(), &holder.kind),
        is_org_member,
    })
}

fn team_view(name: &str, role_name: &str) -> TeamPermission {
    TeamPermission {
        role: RepositoryRole::stored(role_name),
        name: name.to_string(),
        avatar: Avatar::new(name, None, AvatarKind::Team),
    }
}

/// What this server answers where Quay crashes: a privileged caller setting a permission on a
/// repository that does not exist.
fn no_such_repository(repository: &str) -> QuayError {
    QuayError::invalid_request(format!("Repository does not exist: {repository}"))
}

#[OpenApi(tag = "ApiTags::Permission")]
impl PermissionApi {
    /// List the team permissions on a repository
    ///
    /// Every team holding a permission on the repository, keyed by team name (always empty for
    /// a repository owned by a user, and for a full-access superuser asking about a repository
    /// that does not exist).
    #[oai(
        path = "/api/v1/repository/:repository/permissions/team/",
        method = "get",
        operation_id = "listRepoTeamPermissions"
    )]
    async fn list_repo_team_permissions(
        &self,
        repository: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<RepositoryTeamPermissionList>, (E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let mut permissions = std::collections::BTreeMap::new();
                if let Some(repo) = admin_repo(tx, &cfg, &who, &repository.0, true)? {
                    for (name, role_name) in perms::team_permissions(tx, repo.id)? {
                        permissions.insert(name.clone(), team_view(&name, &role_name));
                    }
                }
                Ok(RepositoryTeamPermissionList { permissions })
            })
            .await
            .into()
    }

    /// List the user and robot permissions on a repository
    ///
    /// The direct permissions of users and robots, keyed by name (access held only through a
    /// team is not listed). `is_org_member` only for repositories of an organization.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/user/",
        method = "get",
        operation_id = "listRepoUserPermissions"
    )]
    async fn list_repo_user_permissions(
        &self,
        repository: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<RepositoryUserPermissionList>, (E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let mut permissions = std::collections::BTreeMap::new();
                if let Some(repo) = admin_repo(tx, &cfg, &who, &repository.0, true)? {
                    for (holder, role_name) in perms::user_permissions(tx, repo.id)? {
                        let view = user_view(tx, &repo, &holder, &role_name)?;
                        permissions.insert(holder.name, view);
                    }
                }
                Ok(RepositoryUserPermissionList { permissions })
            })
            .await
            .into()
    }

    /// Get every role a user holds on a repository
    ///
    /// One entry per grant: the direct permission, then each team of the user that has a
    /// permission on the repository (duplicates occur). Org-wide admin rights are not included.
    /// 404 when the user does not exist or holds no role (or, for privileged callers, the
    /// repository does not exist).
    #[oai(
        path = "/api/v1/repository/:repository/permissions/user/:username/transitive",
        method = "get",
        operation_id = "getUserTransitivePermission"
    )]
    async fn get_user_transitive_permission(
        &self,
        repository: Path<String>,
        username: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<UserTransitivePermissionList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let repo = admin_repo(tx, &cfg, &who, &repository.0, true)?;
                let user =
                    namespace::user_or_robot(tx, &username.0)?.ok_or_else(QuayError::not_found)?;
                let repo = repo.ok_or_else(QuayError::not_found)?;
                let permissions: Vec<RolePermission> =
                    perms::transitive_roles(tx, repo.id, user.id)?
                        .iter()
                        .map(|r| RolePermission {
                            role: RepositoryRole::stored(r),
                        })
                        .collect();
                if permissions.is_empty() {
                    return Err(QuayError::not_found());
                }
                Ok(UserTransitivePermissionList { permissions })
            })
            .await
            .into()
    }

    /// Get a user's direct permission on a repository
    ///
    /// The direct permission of a user or robot (a role held only through a team is not
    /// reported). 400 `{"message"}` when there is none or the user does not exist.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/user/:username",
        method = "get",
        operation_id = "getUserPermissions"
    )]
    async fn get_user_permissions(
        &self,
        repository: Path<String>,
        username: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<UserPermission>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let none = || QuayError::message(400, USER_HAS_NO_PERMISSION);
                let repo = admin_repo(tx, &cfg, &who, &repository.0, true)?.ok_or_else(none)?;
                let (holder, role_name) =
                    perms::user_permission(tx, repo.id, &username.0)?.ok_or_else(none)?;
                user_view(tx, &repo, &holder, &role_name)
            })
            .await
            .into()
    }

    /// Set a user's or robot's permission on a repository
    ///
    /// Creates or changes the direct permission and returns it. The caller's rights are checked
    /// before the body. Refused (400): the repository's own namespace, an unknown user, a robot
    /// of another namespace. Quay crashes (500) when a full-access superuser names a repository
    /// that does not exist; this server answers 400 `Repository does not exist: ns/name`.
    /// Logs `change_repo_permission`.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/user/:username",
        method = "put",
        operation_id = "changeUserPermissions"
    )]
    async fn change_user_permissions(
        &self,
        repository: Path<String>,
        username: Path<String>,
        body: Body<UserPermissionChange>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<UserPermission>, (E400, E401, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (repository, username) = (repository.0, username.0);
        self.state
            .store
            .write(move |tx| {
                let repo = admin_repo(tx, &cfg, &who, &repository, false)?;
                let change = body.validated()?;
                let (ns, name) = split_repository(&repository);
                if username == ns {
                    return Err(QuayError::invalid_request(NAMESPACE_OWNER));
                }
                let holder = namespace::by_name(tx, &username)?.ok_or_else(|| {
                    QuayError::invalid_request(format!("Invalid username: {username}"))
                })?;
                if holder.kind == "robot" {
                    let Some((robot_ns, _)) = holder.name.split_once('+') else {
                        return Err(QuayError::invalid_request(format!(
                            "Invalid robot: {username}"
                        )));
                    };
                    if robot_ns != ns {
                        return Err(QuayError::invalid_request(format!(
                            "Cannot add robot {username} under namespace {ns}"
                        )));
                    }
                }
                let repo = repo.ok_or_else(|| no_such_repository(&repository))?;
                let role_name = change.role.as_str();
                perms::set_user_permission(tx, repo.id, holder.id, role_name)?;
                namespace::log(
                    tx,
                    "change_repo_permission",
                    who.user_id(),
                    Some(repo.namespace.id),
                    json!({"username": username, "repo": name, "namespace": ns, "role": role_name}),
                )?;
                user_view(tx, &repo, &holder, role_name)
            })
            .await
            .into()
    }

    /// Remove a user's or robot's permission on a repository
    ///
    /// Deletes the direct permission (access through teams is not affected). 400 for the
    /// repository's own namespace and when there is no such permission. Logs
    /// `delete_repo_permission`.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/user/:username",
        method = "delete",
        operation_id = "deleteUserPermissions"
    )]
    async fn delete_user_permissions(
        &self,
        repository: Path<String>,
        username: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<NoContent204, (E400<ApiError>, E401, E403W, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (repository, username) = (repository.0, username.0);
        self.state
            .store
            .write(move |tx| {
                let repo = admin_repo(tx, &cfg, &who, &repository, false)?;
                let (ns, name) = split_repository(&repository);
                if username == ns {
                    return Err(QuayError::invalid_request(NAMESPACE_OWNER));
                }
                let none = || QuayError::invalid_request(USER_HAS_NO_PERMISSION);
                let repo = repo.ok_or_else(none)?;
                let (holder, _) =
                    perms::user_permission(tx, repo.id, &username)?.ok_or_else(none)?;
                perms::delete_user_permission(tx, repo.id, holder.id)?;
                namespace::log(
                    tx,
                    "delete_repo_permission",
                    who.user_id(),
                    Some(repo.namespace.id),
                    json!({"username": username, "repo": name, "namespace": ns}),
                )?;
                Ok(())
            })
            .await
            .into()
    }

    /// Get a team's permission on a repository
    ///
    /// Only `{"role": ...}`. 400 `{"message"}` when the team has no permission on the
    /// repository or does not exist.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/team/:teamname",
        method = "get",
        operation_id = "getTeamPermissions"
    )]
    async fn get_team_permissions(
        &self,
        repository: Path<String>,
        teamname: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<RolePermission>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let none = || QuayError::message(400, TEAM_HAS_NO_PERMISSION);
                let repo = admin_repo(tx, &cfg, &who, &repository.0, true)?.ok_or_else(none)?;
                let (_, role_name) =
                    perms::team_permission(tx, repo.id, &teamname.0)?.ok_or_else(none)?;
                Ok(RolePermission {
                    role: RepositoryRole::stored(&role_name),
                })
            })
            .await
            .into()
    }

    /// Set a team's permission on a repository
    ///
    /// Gives a team of the organization owning the repository a role on it, or changes it. The
    /// caller's rights are checked before the body. 400 `No team T in organization O` for an
    /// unknown team (always, for a repository owned by a user). Where Quay crashes (full-access
    /// superuser, repository that does not exist) this server answers 400
    /// `Repository does not exist: ns/name`. Logs `change_repo_permission`.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/team/:teamname",
        method = "put",
        operation_id = "changeTeamPermissions"
    )]
    async fn change_team_permissions(
        &self,
        repository: Path<String>,
        teamname: Path<String>,
        body: Body<TeamPermissionChange>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<TeamPermission>, (E400, E401, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (repository, teamname) = (repository.0, teamname.0);
        self.state
            .store
            .write(move |tx| {
                let repo = admin_repo(tx, &cfg, &who, &repository, false)?;
                let change = body.validated()?;
                let (ns, name) = split_repository(&repository);
                let team = match namespace::by_name(tx, ns)? {
                    Some(owner) => teams::team(tx, owner.id, &teamname)?,
                    None => None,
                }
                .ok_or_else(|| {
                    QuayError::invalid_request(format!("No team {teamname} in organization {ns}"))
                })?;
                let repo = repo.ok_or_else(|| no_such_repository(&repository))?;
                let role_name = change.role.as_str();
                perms::set_team_permission(tx, repo.id, team.id, role_name)?;
                namespace::log(
                    tx,
                    "change_repo_permission",
                    who.user_id(),
                    Some(repo.namespace.id),
                    json!({"team": teamname, "repo": name, "role": role_name}),
                )?;
                Ok(team_view(&team.name, role_name))
            })
            .await
            .into()
    }

    /// Remove a team's permission on a repository
    ///
    /// 400 `Team does not have permission for repo.` when there is none. Logs
    /// `delete_repo_permission`.
    #[oai(
        path = "/api/v1/repository/:repository/permissions/team/:teamname",
        method = "delete",
        operation_id = "deleteTeamPermissions"
    )]
    async fn delete_team_permissions(
        &self,
        repository: Path<String>,
        teamname: Path<String>,
        who: Data<&Arc<Identity>>,
    ) -> Reply<NoContent204, (E400<ApiError>, E401, E403W, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let (repository, teamname) = (repository.0, teamname.0);
        self.state
            .store
            .write(move |tx| {
                let none = || QuayError::invalid_request(TEAM_HAS_NO_PERMISSION);
                let repo = admin_repo(tx, &cfg, &who, &repository, false)?.ok_or_else(none)?;
                let (team_id, _) =
                    perms::team_permission(tx, repo.id, &teamname)?.ok_or_else(none)?;
                perms::delete_team_permission(tx, repo.id, team_id)?;
                let (_, name) = split_repository(&repository);
                namespace::log(
                    tx,
                    "delete_repo_permission",
                    who.user_id(),
                    Some(repo.namespace.id),
                    json!({"team": teamname, "repo": name}),
                )?;
                Ok(())
            })
            .await
            .into()
    }
}
