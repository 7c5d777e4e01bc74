//! The `robot` tag: an organization's robot accounts.

use crate::api::OrganizationHandler;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{CreateRobot, ListRobots, RobotAccount, RobotAccountList};
use crate::operations as op;
use crate::path::PathValue;

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
    /// The organization's robot accounts (listing).
    pub fn robots(&self) -> RobotsHandler {
        RobotsHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }

    /// The robot `shortname` of the organization (`ci` for `acme+ci`). The full name
    /// `acme+ci` is accepted as well: the organization's own `acme+` prefix is dropped.
    ///
    /// ```
    /// let client = quay_sdk::Client::new("https://quay.example.com", "token").unwrap();
    /// let acme = client.organization("acme");
    /// assert_eq!(acme.robot("ci").full_name(), "acme+ci");
    /// assert_eq!(acme.robot("acme+ci").shortname(), "ci");
    /// ```
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
    /// The organization's name.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// `getOrgRobots`: the organization's robot accounts, most recently used first (no
    /// pagination; `limit` caps the database rows read, so with `permissions` fewer robots may
    /// come back).
    ///
    /// Who may call it: a member of any team of the organization (`org:admin` or
    /// `repo:create`), a global read-only superuser, or a FULL_ACCESS superuser (`super:user`).
    /// Tokens come back only for organization admins and FULL_ACCESS superusers (unless
    /// `token(false)`); teams and repositories only with `permissions(true)` for admins and
    /// superusers. An unknown organization gives 401/403 to ordinary callers and an empty list
    /// to superusers. A negative `limit` is refused before sending ([`Error::InvalidInput`]),
    /// as Quay's database query fails on it.
    pub async fn list(&self, options: &ListRobots) -> Result<RobotAccountList> {
        if let Some(limit) = options.limit
            && limit < 0
        {
            return Err(Error::invalid_input(format!(
                "getOrgRobots: limit must not be negative, got {limit}"
            )));
        }
        self.client
            .call(&op::GET_ORG_ROBOTS, &[PathValue::Segment(&self.org)])
            .query("permissions", options.permissions)
            .query("token", options.token)
            .query("limit", options.limit)
            .send()
            .await
    }
}

impl RobotHandler {
    /// The path values `{orgname}`, `{robot_shortname}`.
    fn path(&self) -> [PathValue<'_>; 2] {
        [
            PathValue::Segment(&self.org),
            PathValue::Segment(&self.shortname),
        ]
    }

    /// The organization's name.
    pub fn organization(&self) -> &str {
        &self.org
    }

    /// The robot's short name (without the `orgname+` prefix).
    pub fn shortname(&self) -> &str {
        &self.shortname
    }

    /// The robot's full name, `orgname+shortname`: its user name for `docker login`.
    pub fn full_name(&self) -> String {
        format!("{}+{}", self.org, self.shortname)
    }

    /// `getOrgRobot`: the robot with its metadata and, for admins, its token.
    ///
    /// Who may call it: an organization admin (`org:admin`), a global read-only superuser (no
    /// `token` in the answer), or a FULL_ACCESS superuser (`super:user`); others get 403 (also
    /// for an unknown organization). An unknown robot gives 400 `Could not find robot with
    /// specified username` (a `MessageError`, never 404), as does an unknown organization for
    /// superusers (`Organization does not exist: ...`).
    pub async fn get(&self) -> Result<RobotAccount> {
        self.client
            .call(&op::GET_ORG_ROBOT, &self.path())
            .send()
            .await
    }

    /// `createOrgRobot`: creates the robot `orgname+shortname` and returns it with its token.
    /// Not an upsert: an existing robot gives 400 `Existing robot with name: ...`.
    /// `CreateRobot::default()` creates it without description or metadata.
    ///
    /// Who may call it: an organization admin (`org:admin`) or a FULL_ACCESS superuser
    /// (`super:user`). Errors: 400 for an invalid short name (`^[a-z0-9]+(?:[._-][a-z0-9]+)*$`,
    /// 2-255 characters), a duplicate, robots disabled, a body violating `CreateRobot` (checked
    /// before the permission), or an unknown organization; 403 otherwise refused; 503
    /// read-only.
    ///
    /// ```no_run
    /// # async fn run() -> quay_sdk::Result<()> {
    /// use quay_sdk::models::CreateRobot;
    /// let client = quay_sdk::Client::new("https://quay.example.com", "token")?;
    /// let robot = client.organization("acme").robot("ci").create(&CreateRobot::new().description("CI pusher")).await?;
    /// let password = robot.token.expect("always sent on creation");
    /// println!("docker login -u {} -p {}", robot.name, password.expose());
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, body: &CreateRobot) -> Result<RobotAccount> {
        self.client
            .call(&op::CREATE_ORG_ROBOT, &self.path())
            .json(body)
            .send()
            .await
    }

    /// `deleteOrgRobot`: deletes the robot with its permissions and team memberships.
    ///
    /// Who may call it: an organization admin (`org:admin`) or a FULL_ACCESS superuser
    /// (`super:user`); others get 403 (also for an unknown organization). An unknown robot gives
    /// 400 `Could not find robot with specified username`, a robot used by a repository mirror
    /// 400 `Robot is being used by a mirror`; 503 read-only.
    pub async fn delete(&self) -> Result<()> {
        self.client
            .call(&op::DELETE_ORG_ROBOT, &self.path())
            .send_empty()
            .await
    }
}
