//! The `robot` tag: an organization's robot accounts.
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::api::OrganizationHandler;
use crate::client::Client;
use crate::models::CreateRobot;
use crate::requests::*;

/// The robots of one organization, from [`OrganizationHandler::robots`].
#[derive(Debug, Clone)]
pub struct RobotsHandler {
    client: Client,
    org: String,
}

/// One robot of an organization, from [`OrganizationHandler::robot`].
#[derive(Debug, Clone)]
pub struct RobotHandler {
    client: Client,
    org: String,
    shortname: String,
}

impl OrganizationHandler {
    /// The organization's robot accounts.
    pub fn robots(&self) -> RobotsHandler {
        RobotsHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }

    /// The robot `shortname` of this organization; a full name `org+shortname` of this
    /// organization is accepted too.
    pub fn robot(&self, shortname: impl Into<String>) -> RobotHandler {
        let shortname = shortname.into();
        let shortname = match shortname
            .strip_prefix(self.name.as_str())
            .and_then(|rest| rest.strip_prefix('+'))
        {
            Some(short) => short.to_string(),
            None => shortname,
        };
        RobotHandler {
            client: self.client.clone(),
            org: self.name.clone(),
            shortname,
        }
    }
}

impl RobotsHandler {
    /// The organization.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getOrgRobots`: the organization's robots (with their tokens unless `.token(false)`,
    /// with their teams and repositories when `.permissions(true)`).
    pub fn list(&self) -> GetOrgRobotsRequest {
        GetOrgRobotsRequest::new(&self.client, &self.org)
    }
}

impl RobotHandler {
    /// The organization.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// The robot's short name.
    pub fn shortname(&self) -> &str {
        &self.shortname
    }

    /// The robot's full name, `org+shortname`, as permissions and team members name it.
    pub fn full_name(&self) -> String {
        format!("{}+{}", self.org, self.shortname)
    }

    /// `getOrgRobot`: the robot with its token.
    pub fn get(&self) -> GetOrgRobotRequest {
        GetOrgRobotRequest::new(&self.client, &self.org, &self.shortname)
    }

    /// `createOrgRobot`: creates the robot with this description and metadata
    /// (`&CreateRobot::new()` for none).
    pub fn create(&self, body: &CreateRobot) -> CreateOrgRobotRequest {
        CreateOrgRobotRequest::new(&self.client, &self.org, &self.shortname).body(body.clone())
    }

    /// `deleteOrgRobot`: deletes the robot.
    pub fn delete(&self) -> DeleteOrgRobotRequest {
        DeleteOrgRobotRequest::new(&self.client, &self.org, &self.shortname)
    }
}
