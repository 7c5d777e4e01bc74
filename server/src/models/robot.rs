//! Schemas of the `robot` tag.

use std::collections::HashMap;

use poem_openapi::Object;

use super::Avatar;

/// Optional data for creating a robot (Quay's `CreateRobot`). The whole body is optional.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct CreateRobot {
    /// Optional text description for the robot.
    #[oai(skip_serializing_if_is_none, validator(max_length = 255))]
    pub description: Option<String>,
    /// Optional unstructured metadata for the robot (any JSON object).
    #[oai(skip_serializing_if_is_none)]
    pub unstructured_metadata: Option<HashMap<String, serde_json::Value>>,
}

/// One robot account (getOrgRobot, createOrgRobot). The `token` is a secret.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RobotAccount {
    /// Full robot name, `orgname+shortname`.
    pub name: String,
    /// Creation time, RFC 2822.
    pub created: Option<String>,
    /// Last time the robot was used, RFC 2822; null if never.
    pub last_accessed: Option<String>,
    /// The robot's description (`""` when none).
    pub description: String,
    /// The robot's token, for organization admins and FULL_ACCESS superusers.
    #[oai(skip_serializing_if_is_none)]
    pub token: Option<String>,
    /// The robot's unstructured metadata (createOrgRobot echoes the request: null when absent).
    pub unstructured_metadata: Option<HashMap<String, serde_json::Value>>,
}

/// A team a robot belongs to.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RobotTeam {
    /// Team name.
    pub name: String,
    /// The team's avatar.
    pub avatar: Avatar,
}

/// One robot in getOrgRobots.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RobotAccountSummary {
    /// Full robot name, `orgname+shortname`.
    pub name: String,
    /// Creation time, RFC 2822.
    pub created: Option<String>,
    /// Last time the robot was used, RFC 2822; null if never.
    pub last_accessed: Option<String>,
    /// With `permissions=true` (admins and superusers): the teams the robot belongs to.
    #[oai(skip_serializing_if_is_none)]
    pub teams: Option<Vec<RobotTeam>>,
    /// Same condition as `teams`: repositories the robot has a direct permission on.
    #[oai(skip_serializing_if_is_none)]
    pub repositories: Option<Vec<String>>,
    /// The robot's description.
    pub description: Option<String>,
    /// The robot's token (a secret), for admins and FULL_ACCESS superusers unless `token=false`.
    #[oai(skip_serializing_if_is_none)]
    pub token: Option<String>,
}

/// The robots of an organization (getOrgRobots), most recently used first.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct RobotAccountList {
    /// The robots; `[]` when there are none.
    pub robots: Vec<RobotAccountSummary>,
}
