//! Schemas of the `permission` tag.

use std::collections::HashMap;

use poem_openapi::Object;

use super::{Avatar, RepositoryRole};
use crate::body::{Py, QuayBody, py};

/// Quay's schema of a repository permission change (`UserPermission`, `TeamPermission`).
fn permission_schema(description: &str, role_description: &str) -> Py {
    py!({
        "type": "object",
        "description": description,
        "required": ["role"],
        "properties": {
            "role": {
                "type": "string",
                "description": role_description,
                "enum": ["read", "write", "admin"]
            }
        }
    })
}

/// Body of changeUserPermissions.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UserPermissionChange {
    /// The repository role to give the user or robot.
    pub role: RepositoryRole,
}

impl QuayBody for UserPermissionChange {
    fn schema() -> Py {
        permission_schema(
            "Description of a user permission.",
            "Role to use for the user",
        )
    }
}

/// Body of changeTeamPermissions.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermissionChange {
    /// The repository role to give the team.
    pub role: RepositoryRole,
}

impl QuayBody for TeamPermissionChange {
    fn schema() -> Py {
        permission_schema(
            "Description of a team permission.",
            "Role to use for the team",
        )
    }
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
