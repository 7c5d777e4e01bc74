//! Schemas of the `permission` tag: user, robot and team permissions on a repository.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Avatar, RepositoryRole};

/// Body of `changeUserPermissions` (Quay's discovery calls it `UserPermission`): the role to
/// give the user or robot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserPermissionChange {
    /// The repository role to give.
    pub role: RepositoryRole,
}

impl UserPermissionChange {
    /// A body giving `role`.
    pub fn new(role: RepositoryRole) -> Self {
        Self { role }
    }
}

/// Body of `changeTeamPermissions` (Quay's discovery calls it `TeamPermission`): the role to
/// give the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamPermissionChange {
    /// The repository role to give.
    pub role: RepositoryRole,
}

impl TeamPermissionChange {
    /// A body giving `role`.
    pub fn new(role: RepositoryRole) -> Self {
        Self { role }
    }
}

/// A direct permission of a user or robot on a repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserPermission {
    /// The role.
    pub role: RepositoryRole,
    /// The user name, or for a robot its full name `namespace+shortname`.
    pub name: String,
    /// Whether the holder is a robot account.
    pub is_robot: bool,
    /// The holder's avatar.
    pub avatar: Avatar,
    /// Only when the repository belongs to an organization: true for robots and for users in
    /// any team of that organization, false for outside collaborators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_org_member: Option<bool>,
}

/// A team's permission on a repository (`changeTeamPermissions`, `listRepoTeamPermissions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamPermission {
    /// The role.
    pub role: RepositoryRole,
    /// The team's name (within the organization owning the repository).
    pub name: String,
    /// The team's avatar.
    pub avatar: Avatar,
}

/// A bare repository role, without the holder's name or avatar (`getTeamPermissions`,
/// `getUserTransitivePermission`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RolePermission {
    /// The role.
    pub role: RepositoryRole,
}

/// The direct user and robot permissions on a repository (`listRepoUserPermissions`);
/// permissions held only through a team are not listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryUserPermissionList {
    /// User or robot name (`namespace+shortname`) to its permission; empty when none.
    pub permissions: BTreeMap<String, UserPermission>,
}

/// The team permissions on a repository (`listRepoTeamPermissions`); always empty for a
/// repository owned by a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RepositoryTeamPermissionList {
    /// Team name to its permission; empty when none.
    pub permissions: BTreeMap<String, TeamPermission>,
}

/// Every role a user holds on a repository, directly or through a team, one entry per grant
/// (duplicates occur) (`getUserTransitivePermission`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UserTransitivePermissionList {
    /// One entry per grant; never empty (no grant at all is a 404).
    pub permissions: Vec<RolePermission>,
}

impl UserTransitivePermissionList {
    /// The strongest role among the grants (`admin` > `write` > `read`), ignoring roles this
    /// SDK does not know.
    pub fn highest(&self) -> Option<RepositoryRole> {
        let rank = |r: &RepositoryRole| match r {
            RepositoryRole::Read => 1,
            RepositoryRole::Write => 2,
            RepositoryRole::Admin => 3,
            _ => 0,
        };
        self.permissions
            .iter()
            .map(|p| &p.role)
            .filter(|r| rank(r) > 0)
            .max_by_key(|r| rank(r))
            .cloned()
    }
}
