//! The `permission` tag: user, robot and team permissions on a repository.

use crate::api::RepositoryHandler;
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    RepositoryRole, RepositoryTeamPermissionList, RepositoryUserPermissionList, RolePermission,
    TeamPermission, TeamPermissionChange, UserPermission, UserPermissionChange,
    UserTransitivePermissionList,
};
use crate::operations as op;
use crate::path::{PathValue, RepositoryRef};

/// Operations on the permissions of one repository, from [`RepositoryHandler::permissions`].
///
/// Every method addresses the repository as `namespace/name` with a literal `/` (the reference
/// was checked when the [`RepositoryHandler`] was made, so a value without a namespace, which
/// Quay would route to a different operation, is never sent).
///
/// ```no_run
/// # async fn run() -> quay_sdk::Result<()> {
/// use quay_sdk::{Client, models::RepositoryRole};
/// let client = Client::new("https://quay.example.com", "token")?;
/// let perms = client.repository("acme/web")?.permissions();
/// perms.set_user("acme+deployer", RepositoryRole::Write).await?;
/// for (name, p) in perms.list_users().await?.permissions {
///     println!("{name}: {}", p.role);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PermissionsHandler {
    client: Client,
    repo: RepositoryRef,
}

impl RepositoryHandler {
    /// Operations on the repository's user, robot and team permissions.
    pub fn permissions(&self) -> PermissionsHandler {
        PermissionsHandler {
            client: self.client.clone(),
            repo: self.repo.clone(),
        }
    }
}

impl PermissionsHandler {
    /// The repository whose permissions this handler addresses.
    pub fn repository(&self) -> &RepositoryRef {
        &self.repo
    }

    fn repo_path(&self) -> [PathValue<'_>; 1] {
        [PathValue::Repository(&self.repo)]
    }

    fn holder_path<'a>(&'a self, holder: &'a str) -> [PathValue<'a>; 2] {
        [
            PathValue::Repository(&self.repo),
            PathValue::Segment(holder),
        ]
    }

    /// `listRepoUserPermissions`: the direct permissions of users and robots on the repository,
    /// keyed by name (access held only through a team is not listed; see
    /// [`PermissionsHandler::user_transitive`]).
    ///
    /// Callers: an administrator of the repository with `repo:admin`, a full-access superuser
    /// (`super:user`), or a global read-only superuser. Anyone else gets 403, also for a
    /// repository that does not exist (never 404); anonymous callers get 401.
    pub async fn list_users(&self) -> Result<RepositoryUserPermissionList> {
        self.client
            .call(&op::LIST_REPO_USER_PERMISSIONS, &self.repo_path())
            .send()
            .await
    }

    /// `listRepoTeamPermissions`: the permissions of teams on the repository, keyed by team
    /// name (always empty for a repository owned by a user).
    ///
    /// Callers: an administrator of the repository with `repo:admin`, a full-access superuser
    /// (`super:user`), or a global read-only superuser. Anyone else gets 403, also for a
    /// repository that does not exist (never 404); anonymous callers get 401.
    pub async fn list_teams(&self) -> Result<RepositoryTeamPermissionList> {
        self.client
            .call(&op::LIST_REPO_TEAM_PERMISSIONS, &self.repo_path())
            .send()
            .await
    }

    /// `getUserPermissions`: the direct permission of the user or robot `username` (a robot
    /// as `namespace+shortname`) on the repository.
    ///
    /// Callers: as for [`PermissionsHandler::list_users`]. 400
    /// `{"message": "User does not have permission for repo."}` (not an `ApiError`) when the
    /// user has no direct permission or does not exist.
    pub async fn get_user(&self, username: &str) -> Result<UserPermission> {
        self.client
            .call(&op::GET_USER_PERMISSIONS, &self.holder_path(username))
            .send()
            .await
    }

    /// `changeUserPermissions`: gives the user or robot `username` the direct role `role` on
    /// the repository (creating or changing the permission) and returns the new state. A robot
    /// must belong to the repository's namespace.
    ///
    /// Callers: an administrator of the repository with `repo:admin`, or a full-access
    /// superuser; global read-only superusers and everyone else get 403. 400 `ApiError`
    /// (`invalid_request`) for an unknown user or robot, a robot of another namespace, or the
    /// namespace owner itself. Quay answers 500 (HTML) when a full-access superuser targets a
    /// repository that does not exist (a Quay defect).
    pub async fn set_user(&self, username: &str, role: RepositoryRole) -> Result<UserPermission> {
        self.client
            .call(&op::CHANGE_USER_PERMISSIONS, &self.holder_path(username))
            .json(&UserPermissionChange::new(role))
            .send()
            .await
    }

    /// `deleteUserPermissions`: removes the direct permission of the user or robot `username`
    /// (access through teams is not affected).
    ///
    /// Callers: as for [`PermissionsHandler::set_user`]. 400 `ApiError` (`invalid_request`)
    /// when the user has no direct permission (`User does not have permission for repo.`) or
    /// is the namespace owner.
    pub async fn delete_user(&self, username: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_USER_PERMISSIONS, &self.holder_path(username))
            .send_empty()
            .await
    }

    /// `getUserTransitivePermission`: every role `username` holds on the repository, directly
    /// or through a team with a permission on it, one entry per grant (duplicates occur;
    /// [`UserTransitivePermissionList::highest`] picks the strongest).
    ///
    /// Callers: as for [`PermissionsHandler::list_users`]. 404 when the user does not exist or
    /// holds no role at all on the repository.
    pub async fn user_transitive(&self, username: &str) -> Result<UserTransitivePermissionList> {
        let path = self.holder_path(username);
        self.client
            .call(&op::GET_USER_TRANSITIVE_PERMISSION, &path)
            .send()
            .await
    }

    /// `getTeamPermissions`: the role of the team `teamname` on the repository (only the
    /// role, without the name and avatar [`PermissionsHandler::set_team`] returns).
    ///
    /// Callers: as for [`PermissionsHandler::list_users`]. 400
    /// `{"message": "Team does not have permission for repo."}` (not an `ApiError`) when the
    /// team has no permission or does not exist.
    pub async fn get_team(&self, teamname: &str) -> Result<RolePermission> {
        self.client
            .call(&op::GET_TEAM_PERMISSIONS, &self.holder_path(teamname))
            .send()
            .await
    }

    /// `changeTeamPermissions`: gives the team `teamname` of the organization owning the
    /// repository the role `role` on it (creating or changing the permission) and returns the
    /// new state.
    ///
    /// Callers: as for [`PermissionsHandler::set_user`]. 400 `ApiError` (`invalid_request`)
    /// `No team <team> in organization <namespace>` for an unknown team (always the case for a
    /// repository owned by a user).
    pub async fn set_team(&self, teamname: &str, role: RepositoryRole) -> Result<TeamPermission> {
        self.client
            .call(&op::CHANGE_TEAM_PERMISSIONS, &self.holder_path(teamname))
            .json(&TeamPermissionChange::new(role))
            .send()
            .await
    }

    /// `deleteTeamPermissions`: removes the permission of the team `teamname` on the
    /// repository.
    ///
    /// Callers: as for [`PermissionsHandler::set_user`]. 400 `ApiError` (`invalid_request`)
    /// `Team does not have permission for repo.` when the team has no permission or does not
    /// exist.
    pub async fn delete_team(&self, teamname: &str) -> Result<()> {
        self.client
            .call(&op::DELETE_TEAM_PERMISSIONS, &self.holder_path(teamname))
            .send_empty()
            .await
    }
}
