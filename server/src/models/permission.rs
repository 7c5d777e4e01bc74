//! Schemas of the `permission` tag.

use std::collections::HashMap;

use poem_openapi::Object;

use super::{Avatar, RepositoryRole};

/// Body of changeUserPermissions.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserPermissionChange {
    /// The repository role to give the user or robot.
    pub role: RepositoryRole,
}

/// Body of changeTeamPermissions.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermissionChange {
    /// The repository role to give the team.
    pub role: RepositoryRole,
}

/// A direct permission of a user or robot on a repository.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserPermission {
    /// The role.
    pub role: RepositoryRole,
    /// The user or robot name.
    pub name: String,
    /// Whether the holder is a robot.
    pub is_robot: bool,
    /// The holder's avatar.
    pub avatar: Avatar,
    /// Only for repositories of an organization: whether the holder is in one of its teams
    /// (always true for robots).
    #[oai(skip_serializing_if_is_none)]
    pub is_org_member: Option<bool>,
}

/// A team's permission on a repository.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermission {
    /// The role.
    pub role: RepositoryRole,
    /// The team's name.
    pub name: String,
    /// The team's avatar.
    pub avatar: Avatar,
}

/// A bare repository role.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RolePermission {
    /// The role.
    pub role: RepositoryRole,
}

/// The direct user and robot permissions on a repository.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryUserPermissionList {
    /// By user or robot name.
    pub permissions: HashMap<String, UserPermission>,
}

/// The team permissions on a repository.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RepositoryTeamPermissionList {
    /// By team name.
    pub permissions: HashMap<String, TeamPermission>,
}

/// Every role a user holds on a repository, one per grant.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserTransitivePermissionList {
    /// The roles.
    pub permissions: Vec<RolePermission>,
}
