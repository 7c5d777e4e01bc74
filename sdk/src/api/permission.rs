//! The `permission` tag: user, robot and team permissions on a repository.
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::api::RepositoryHandler;
use crate::client::Client;
use crate::models::{RepositoryRole, TeamPermissionChange, UserPermissionChange};
use crate::path::RepositoryRef;
use crate::requests::*;

/// The permissions of one repository, from [`RepositoryHandler::permissions`]. Robots are
/// addressed as users, by their full name `namespace+shortname`.
#[derive(Debug, Clone)]
pub struct PermissionsHandler {
    client: Client,
    repo: RepositoryRef,
}

impl RepositoryHandler {
    /// The repository's user, robot and team permissions.
    pub fn permissions(&self) -> PermissionsHandler {
        PermissionsHandler {
            client: self.client.clone(),
            repo: self.repo.clone(),
        }
    }
}

impl PermissionsHandler {
    /// The repository.
    pub fn repository(&self) -> &RepositoryRef {
        &self.repo
    }

    /// `listRepoUserPermissions`: the direct user and robot permissions.
    pub fn list_users(&self) -> ListRepoUserPermissionsRequest {
        ListRepoUserPermissionsRequest::new(&self.client, self.repo.clone())
    }

    /// `listRepoTeamPermissions`: the team permissions.
    pub fn list_teams(&self) -> ListRepoTeamPermissionsRequest {
        ListRepoTeamPermissionsRequest::new(&self.client, self.repo.clone())
    }

    /// `getUserPermissions`: the direct permission of a user or robot.
    pub fn get_user(&self, username: impl Into<String>) -> GetUserPermissionsRequest {
        GetUserPermissionsRequest::new(&self.client, self.repo.clone(), username)
    }

    /// `changeUserPermissions`: grants or changes the role of a user or robot.
    pub fn set_user(
        &self,
        username: impl Into<String>,
        role: RepositoryRole,
    ) -> ChangeUserPermissionsRequest {
        ChangeUserPermissionsRequest::new(
            &self.client,
            self.repo.clone(),
            username,
            UserPermissionChange::new(role),
        )
    }

    /// `deleteUserPermissions`: removes the direct permission of a user or robot.
    pub fn delete_user(&self, username: impl Into<String>) -> DeleteUserPermissionsRequest {
        DeleteUserPermissionsRequest::new(&self.client, self.repo.clone(), username)
    }

    /// `getUserTransitivePermission`: every role the user holds on the repository, directly
    /// or through teams.
    pub fn user_transitive(
        &self,
        username: impl Into<String>,
    ) -> GetUserTransitivePermissionRequest {
        GetUserTransitivePermissionRequest::new(&self.client, self.repo.clone(), username)
    }

    /// `getTeamPermissions`: the permission of a team.
    pub fn get_team(&self, teamname: impl Into<String>) -> GetTeamPermissionsRequest {
        GetTeamPermissionsRequest::new(&self.client, self.repo.clone(), teamname)
    }

    /// `changeTeamPermissions`: grants or changes the role of a team.
    pub fn set_team(
        &self,
        teamname: impl Into<String>,
        role: RepositoryRole,
    ) -> ChangeTeamPermissionsRequest {
        ChangeTeamPermissionsRequest::new(
            &self.client,
            self.repo.clone(),
            teamname,
            TeamPermissionChange::new(role),
        )
    }

    /// `deleteTeamPermissions`: removes the permission of a team.
    pub fn delete_team(&self, teamname: impl Into<String>) -> DeleteTeamPermissionsRequest {
        DeleteTeamPermissionsRequest::new(&self.client, self.repo.clone(), teamname)
    }
}
