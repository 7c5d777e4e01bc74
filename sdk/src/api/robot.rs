//! The `robot` tag: an organization's robot accounts and the signed-in user's own
//! (`username+shortname`, from [`crate::api::UserHandler::robots`]).
//!
//! Each method returns the operation's request ([`crate::requests`]); send it with `.send()`
//! or `.await`.

use crate::api::OrganizationHandler;
use crate::client::Client;
use crate::models::{CreateRobot, RobotFederationConfig, RobotFederationEntry};
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

    /// `getOrgRobotPermissions`: the robot's direct repository permissions (needs `user:admin`
    /// as well as the organization's rights).
    pub fn permissions(&self) -> GetOrgRobotPermissionsRequest {
        GetOrgRobotPermissionsRequest::new(&self.client, &self.org, &self.shortname)
    }

    /// `regenerateOrgRobotToken`: a new token; the old one stops working at once.
    pub fn regenerate_token(&self) -> RegenerateOrgRobotTokenRequest {
        RegenerateOrgRobotTokenRequest::new(&self.client, &self.org, &self.shortname)
    }

    /// `getOrgRobotFederation`: the OIDC issuers and subjects whose tokens may be exchanged for
    /// the robot's (empty when none).
    pub fn federation(&self) -> GetOrgRobotFederationRequest {
        GetOrgRobotFederationRequest::new(&self.client, &self.org, &self.shortname)
    }

    /// `createOrgRobotFederation`: replaces the whole federation configuration with `entries`
    /// (none clears it) and answers it as stored.
    pub fn set_federation(
        &self,
        entries: impl IntoIterator<Item = RobotFederationEntry>,
    ) -> CreateOrgRobotFederationRequest {
        CreateOrgRobotFederationRequest::new(
            &self.client,
            &self.org,
            &self.shortname,
            RobotFederationConfig(entries.into_iter().collect()),
        )
    }

    /// `deleteOrgRobotFederation`: clears the federation configuration.
    pub fn clear_federation(&self) -> DeleteOrgRobotFederationRequest {
        DeleteOrgRobotFederationRequest::new(&self.client, &self.org, &self.shortname)
    }
}

/// The signed-in user's robots, from [`crate::api::UserHandler::robots`]. Every call needs a
/// token with `user:admin`.
#[derive(Debug, Clone)]
pub struct UserRobotsHandler {
    client: Client,
}

/// One of the signed-in user's robots, from [`UserRobotsHandler::robot`].
#[derive(Debug, Clone)]
pub struct UserRobotHandler {
    client: Client,
    shortname: String,
}

impl crate::api::UserHandler {
    /// The signed-in user's robot accounts (`username+shortname`).
    pub fn robots(&self) -> UserRobotsHandler {
        UserRobotsHandler {
            client: self.client.clone(),
        }
    }
}

impl UserRobotsHandler {
    /// `getUserRobots`: the user's robots (tokens unless `.token(false)`, repositories with
    /// `.permissions(true)`).
    pub fn list(&self) -> GetUserRobotsRequest {
        GetUserRobotsRequest::new(&self.client)
    }

    /// The robot `shortname` (without the `username+` prefix).
    pub fn robot(&self, shortname: impl Into<String>) -> UserRobotHandler {
        UserRobotHandler {
            client: self.client.clone(),
            shortname: shortname.into(),
        }
    }
}

impl UserRobotHandler {
    /// The robot's short name.
    pub fn shortname(&self) -> &str {
        &self.shortname
    }

    /// `getUserRobot`: the robot with its token and metadata.
    pub fn get(&self) -> GetUserRobotRequest {
        GetUserRobotRequest::new(&self.client, &self.shortname)
    }

    /// `createUserRobot`: creates the robot (`&CreateRobot::new()` for no description).
    pub fn create(&self, body: &CreateRobot) -> CreateUserRobotRequest {
        CreateUserRobotRequest::new(&self.client, &self.shortname).body(body.clone())
    }

    /// `deleteUserRobot`: deletes the robot.
    pub fn delete(&self) -> DeleteUserRobotRequest {
        DeleteUserRobotRequest::new(&self.client, &self.shortname)
    }

    /// `getUserRobotPermissions`: the robot's direct repository permissions.
    pub fn permissions(&self) -> GetUserRobotPermissionsRequest {
        GetUserRobotPermissionsRequest::new(&self.client, &self.shortname)
    }

    /// `regenerateUserRobotToken`: a new token; the old one stops working at once.
    pub fn regenerate_token(&self) -> RegenerateUserRobotTokenRequest {
        RegenerateUserRobotTokenRequest::new(&self.client, &self.shortname)
    }

    /// `getUserRobotFederation`: the OIDC issuers and subjects whose tokens may be exchanged
    /// for the robot's (empty when none).
    pub fn federation(&self) -> GetUserRobotFederationRequest {
        GetUserRobotFederationRequest::new(&self.client, &self.shortname)
    }

    /// `createUserRobotFederation`: replaces the whole federation configuration with
    /// `entries` (none clears it) and answers it as stored.
    pub fn set_federation(
        &self,
        entries: impl IntoIterator<Item = RobotFederationEntry>,
    ) -> CreateUserRobotFederationRequest {
        CreateUserRobotFederationRequest::new(
            &self.client,
            &self.shortname,
            RobotFederationConfig(entries.into_iter().collect()),
        )
    }

    /// `deleteUserRobotFederation`: clears the federation configuration.
    pub fn clear_federation(&self) -> DeleteUserRobotFederationRequest {
        DeleteUserRobotFederationRequest::new(&self.client, &self.shortname)
    }
}
