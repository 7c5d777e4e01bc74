//! Schemas of the `robot` tag: organization robot accounts and their creation.

use serde::{Deserialize, Serialize};

use super::{Avatar, Secret};

/// Splits a full robot name `namespace+shortname` at its first `+`.
fn split_robot_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once('+') {
        Some((namespace, short)) => (Some(namespace), short),
        None => (None, name),
    }
}

/// Optional data for creating a robot (`createOrgRobot`'s body). The default sends `{}`: no
/// description, no metadata.
///
/// ```
/// use quay_sdk::models::CreateRobot;
/// let body = CreateRobot::new().description("CI pusher");
/// assert_eq!(serde_json::to_value(&body).unwrap(), serde_json::json!({"description": "CI pusher"}));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CreateRobot {
    /// Text description of the robot (at most 255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unstructured metadata (any JSON object), stored and returned as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unstructured_metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

impl CreateRobot {
    /// No description, no metadata.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the unstructured metadata.
    pub fn unstructured_metadata(
        mut self,
        metadata: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        self.unstructured_metadata = Some(metadata);
        self
    }
}

/// One robot account (`getOrgRobot`, `createOrgRobot`). The `token` is the robot's password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RobotAccount {
    /// Full robot name, `orgname+shortname` (the user name to log in with).
    pub name: String,
    /// Creation time, RFC 2822 (`Sun, 22 Nov 2026 06:33:42 -0000`).
    pub created: Option<String>,
    /// Last time the robot was used, RFC 2822; `None` if never or not tracked.
    pub last_accessed: Option<String>,
    /// The robot's description (`""` when none).
    pub description: String,
    /// The robot's token (its password). Always in `createOrgRobot`; in `getOrgRobot` only
    /// for an organization admin or a FULL_ACCESS superuser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// Unstructured metadata: `getOrgRobot` gives the stored object (`{}` when none),
    /// `createOrgRobot` echoes the request's value (`None` when the body had none).
    pub unstructured_metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

impl RobotAccount {
    /// The organization part of [`name`](Self::name) (before the `+`).
    pub fn namespace(&self) -> Option<&str> {
        split_robot_name(&self.name).0
    }

    /// The short name (after the `+`), as [`OrganizationHandler::robot`](crate::api::OrganizationHandler::robot) takes it.
    pub fn short_name(&self) -> &str {
        split_robot_name(&self.name).1
    }
}

/// A team a robot belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RobotTeam {
    /// Team name.
    pub name: String,
    /// The team's avatar.
    pub avatar: Avatar,
}

/// One robot in `getOrgRobots`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RobotAccountSummary {
    /// Full robot name, `orgname+shortname`.
    pub name: String,
    /// Creation time, RFC 2822.
    pub created: Option<String>,
    /// Last time the robot was used, RFC 2822; always `None` unless
    /// `FEATURE_USER_LAST_ACCESSED` is on.
    pub last_accessed: Option<String>,
    /// The robot's description; `None` for a robot without stored metadata.
    pub description: Option<String>,
    /// The robot's token: only unless `token=false`, and only for organization admins and
    /// FULL_ACCESS superusers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// With `permissions=true` (admins and superusers): the teams the robot belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<RobotTeam>>,
    /// Same condition as `teams`: names (without namespace) of repositories the robot has a
    /// direct permission on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repositories: Option<Vec<String>>,
}

impl RobotAccountSummary {
    /// The organization part of [`name`](Self::name) (before the `+`).
    pub fn namespace(&self) -> Option<&str> {
        split_robot_name(&self.name).0
    }

    /// The short name (after the `+`), as [`OrganizationHandler::robot`](crate::api::OrganizationHandler::robot) takes it.
    pub fn short_name(&self) -> &str {
        split_robot_name(&self.name).1
    }
}

/// The robots of an organization (`getOrgRobots`), most recently used first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RobotAccountList {
    /// The robots; empty when there are none.
    pub robots: Vec<RobotAccountSummary>,
}

/// Query of `getOrgRobots`. The default sends no parameter (tokens included, no permissions).
///
/// ```
/// use quay_sdk::models::ListRobots;
/// let q = ListRobots::default().permissions(true).token(false).limit(20);
/// assert_eq!(q.limit, Some(20));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ListRobots {
    /// Whether to include the teams and repositories the robots have permissions in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<bool>,
    /// `false` leaves the robots' tokens out (Quay's default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<bool>,
    /// Maximum number of database rows (robots) to read; must not be negative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

impl ListRobots {
    /// Sets `permissions`.
    pub fn permissions(mut self, yes: bool) -> Self {
        self.permissions = Some(yes);
        self
    }

    /// Sets `token`.
    pub fn token(mut self, yes: bool) -> Self {
        self.token = Some(yes);
        self
    }

    /// Sets `limit`.
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robot_names_split_at_the_plus() {
        assert_eq!(split_robot_name("acme+ci"), (Some("acme"), "ci"));
        assert_eq!(split_robot_name("ci"), (None, "ci"));
    }
}
