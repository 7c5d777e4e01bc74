//! The `robot` tag: an organization's robot accounts (list, get, create, delete, here), the
//! signed-in user's (`user`), their permissions and tokens (`access`) and their federation
//! with OIDC issuers (`federation`).
//!
//! Robots are rows of `namespace` (kind `robot`, name `org+short`, owned by the organization);
//! their token is a secret shown only where Quay shows it.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{Identity, administers_namespace, namespace_role};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, BadRequestError, CreateRobot, MessageError, RobotAccount, RobotAccountList,
    RobotAccountSummary, RobotTeam,
};
use crate::params::{LooseInt, TruthyBool, truthy};
use crate::reply::{Created201, E400, E401, E403, E403W, E503, NoContent204, Ok200, Reply};
use crate::store::namespace;
use crate::store::robot::{self as robot_store, Robot};

mod access;
mod federation;
mod user;

pub use access::RobotAccessApi;
pub use federation::RobotFederationApi;
pub use user::UserRobotsApi;

/// Operations of the `robot` tag.
pub struct RobotApi {
    state: AppState,
}

impl RobotApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Largest JSON body createOrgRobot accepts (Quay's `ROBOT_MAX_SIZE`).
pub(crate) const ROBOT_MAX_SIZE: usize = 1024 * 1024;

/// Help text Quay answers for a `limit` that is not an integer.
const LIMIT_HELP: &str = "If specified, the number of robots to return.";

pub(crate) fn date(stored: &str) -> Option<String> {
    crate::time::parse_db(stored).map(|t| crate::time::quay_date(&t))
}

pub(crate) fn robot_view(robot: &Robot, include_token: bool) -> RobotAccount {
    RobotAccount {
        name: robot.name.clone(),
        created: date(&robot.created_at),
        last_accessed: None,
        description: robot.description.clone(),
        token: if include_token {
            robot.token.clone()
        } else {
            None
        },
        unstructured_metadata: Some(robot.metadata()),
    }
}

/// `limit` of the robot lists: a whole number (0 for all); anything else is Quay's 400.
pub(crate) fn parse_limit(limit: Option<LooseInt>) -> Result<Option<usize>, QuayError> {
    match limit {
        None | Some(LooseInt(Some(0))) => Ok(None),
        Some(LooseInt(Some(n))) if n > 0 => Ok(Some(n as usize)),
        Some(_) => Err(QuayError::Message {
            status: 400,
            message: json!({ "limit": LIMIT_HELP }),
        }),
    }
}

/// The list items of `robots`: tokens and permissions as asked, `limit` counting Quay's rows.
pub(crate) fn summaries(
    tx: &rusqlite::Transaction<'_>,
    robots: Vec<Robot>,
    include_token: bool,
    include_permissions: bool,
    limit: Option<usize>,
) -> Result<Vec<RobotAccountSummary>, QuayError> {
    // Quay reads one row per robot, or with permissions one per (repository,
    // team) combination, and applies `limit` to those rows.
    let mut rows_left = limit.unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for robot in robots {
        if rows_left == 0 {
            break;
        }
        let mut summary = RobotAccountSummary {
            name: robot.name.clone(),
            created: date(&robot.created_at),
            last_accessed: None,
            teams: None,
            repositories: None,
            description: Some(robot.description.clone()),
            token: if include_token {
                robot.token.clone()
            } else {
                None
            },
        };
        if include_permissions {
            let repos = robot_store::repositories(tx, robot.id)?;
            let teams = robot_store::teams(tx, robot.id)?;
            let (mut seen_repos, mut seen_teams) = (Vec::new(), Vec::<String>::new());
            let repo_rows: Vec<Option<&String>> = if repos.is_empty() {
                vec![None]
            } else {
                repos.iter().map(Some).collect()
            };
            let team_rows: Vec<Option<&String>> = if teams.is_empty() {
                vec![None]
            } else {
                teams.iter().map(Some).collect()
            };
            'rows: for repo in &repo_rows {
                for team in &team_rows {
                    if rows_left == 0 {
                        break 'rows;
                    }
                    rows_left -= 1;
                    if let Some(t) = team
                        && !seen_teams.contains(t)
                    {
                        seen_teams.push((*t).clone());
                    }
                    if let Some(r) = repo
                        && !seen_repos.contains(*r)
                    {
                        seen_repos.push((*r).clone());
                    }
                }
            }
            summary.teams = Some(
                seen_teams
                    .into_iter()
                    .map(|name| RobotTeam {
                        avatar: Avatar::new(&name, Some(&name), AvatarKind::Team),
                        name,
                    })
                    .collect(),
            );
            summary.repositories = Some(seen_repos);
        } else {
            rows_left -= 1;
        }
        out.push(summary);
    }
    Ok(out)
}

/// Creates the robot `owner+short` (Quay's `create_robot`): a valid name that is not taken; the
/// `create_robot` entry in the owner's log; the robot as the answer shows it (the metadata as
/// sent).
pub(crate) fn create_robot(
    tx: &rusqlite::Transaction<'_>,
    who: &Identity,
    owner: &namespace::Namespace,
    short: &str,
    data: &Value,
) -> Result<RobotAccount, QuayError> {
    if let Err(reason) = namespace::check_name(short) {
        return Err(QuayError::invalid_request(format!(
            "The name for the robot '{short}' is invalid: {reason}"
        )));
    }
    let name = robot_store::full_name(&owner.name, short);
    if namespace::by_name(tx, &name)?.is_some() {
        return Err(QuayError::invalid_request(format!(
            "Existing robot with name: {name}"
        )));
    }
    let description = data.get("description").and_then(Value::as_str);
    let metadata = data.get("unstructured_metadata").cloned();
    let stored_metadata = metadata.clone().unwrap_or_else(|| json!({}));
    let robot = robot_store::create(
        tx,
        owner.id,
        &name,
        description.unwrap_or(""),
        &stored_metadata,
    )?;
    namespace::log(
        tx,
        "create_robot",
        who.user_id(),
        Some(owner.id),
        json!({
            "robot": short,
            "description": description,
            "unstructured_metadata": metadata,
        }),
    )?;
    let mut view = robot_view(&robot, true);
    view.unstructured_metadata = metadata.and_then(|m| match m {
        Value::Object(map) => Some(map.into_iter().collect()),
        _ => None,
    });
    Ok(view)
}

/// Deletes the robot `parent+short` unless a repository mirror pushes with it, logging
/// `delete_robot` in `account`.
pub(crate) fn delete_robot(
    tx: &rusqlite::Transaction<'_>,
    who: &Identity,
    account: Option<i64>,
    parent: &str,
    short: &str,
) -> Result<(), QuayError> {
    let robot = robot_store::lookup(tx, &robot_store::full_name(parent, short))?
        .ok_or_else(unknown_robot)?;
    if crate::store::mirror::robot_in_use(tx, robot.id)? {
        return Err(QuayError::invalid_request(
            "Robot is being used by a mirror",
        ));
    }
    robot_store::delete(tx, robot.id)?;
    namespace::log(
        tx,
        "delete_robot",
        who.user_id(),
        account,
        json!({ "robot": short }),
    )
}

pub(crate) fn unknown_robot() -> QuayError {
    QuayError::message(400, "Could not find robot with specified username")
}

#[OpenApi(tag = "ApiTags::Robot")]
impl RobotApi {
    /// List an organization's robots
    ///
    /// Lists the organization's robot accounts; tokens only for organization admins, teams and
    /// repositories only with `permissions=true`.
    #[oai(
        path = "/api/v1/organization/:orgname/robots",
        method = "get",
        operation_id = "getOrgRobots"
    )]
    async fn get_org_robots(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        permissions: Query<Option<TruthyBool>>,
        token: Query<Option<TruthyBool>>,
        limit: Query<Option<LooseInt>>,
    ) -> Reply<Ok200<RobotAccountList>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let want_permissions = truthy(&permissions.0, false);
        let want_token = truthy(&token.0, true);
        self.state
            .store
            .read(move |tx| {
                // Query parameters are parsed before anything else.
                let limit = parse_limit(limit.0)?;
                let org = namespace::by_name(tx, &orgname.0)?;
                let role = namespace_role(tx, &who, &orgname.0, org.as_ref())?;
                let full_access = who.has_full_access(&cfg);
                let global_ro = who.is_global_readonly(&cfg);
                if !(role.is_some() || global_ro || full_access) {
                    return Err(who.refuse());
                }
                let is_admin = role == Some(crate::models::TeamRole::Admin);
                let include_token = (is_admin || full_access) && want_token;
                let include_permissions =
                    (is_admin || full_access || global_ro) && want_permissions;
                let robots = match org.filter(|o| o.kind != "robot") {
                    Some(o) => robot_store::list(tx, o.id)?,
                    None => Vec::new(),
                };
                let out = summaries(tx, robots, include_token, include_permissions, limit)?;
                Ok(RobotAccountList { robots: out })
            })
            .await
            .into()
    }

    /// Get an organization's robot
    ///
    /// Returns one robot account with its metadata and, for organization admins, its token.
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname",
        method = "get",
        operation_id = "getOrgRobot"
    )]
    async fn get_org_robot(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RobotAccount>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = namespace::by_name(tx, &orgname.0)?;
                let is_admin = namespace_role(tx, &who, &orgname.0, org.as_ref())?
                    == Some(crate::models::TeamRole::Admin);
                let full_access = who.has_full_access(&cfg);
                if !(is_admin || who.is_global_readonly(&cfg) || full_access) {
                    return Err(who.refuse());
                }
                let org = org
                    .filter(|o| o.kind == "org")
                    .ok_or_else(|| QuayError::unknown_organization(&orgname))?;
                let robot = robot_store::lookup(
                    tx,
                    &robot_store::full_name(&org.name, &robot_shortname.0),
                )?
                .ok_or_else(unknown_robot)?;
                Ok(robot_view(&robot, is_admin || full_access))
            })
            .await
            .into()
    }

    /// Create a robot in an organization
    ///
    /// Creates the robot `orgname+robot_shortname` and returns it with its token. The body is
    /// optional; an existing robot gives 400.
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname",
        method = "put",
        operation_id = "createOrgRobot"
    )]
    async fn create_org_robot(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
        body: Body<CreateRobot, false>,
    ) -> Reply<Created201<RobotAccount>, (E400<BadRequestError>, E401, E403W, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let body = body.optional(ROBOT_MAX_SIZE);
        self.state
            .store
            .write(move |tx| {
                let data = body?.unwrap_or_else(|| json!({}));
                let org = namespace::by_name(tx, &orgname.0)?;
                if !administers_namespace(tx, &cfg, &who, &orgname.0, org.as_ref())? {
                    return Err(who.refuse());
                }
                let org = org
                    .filter(|o| o.kind == "org")
                    .ok_or_else(|| QuayError::unknown_organization(&orgname))?;
                create_robot(tx, &who, &org, &robot_shortname.0, &data)
            })
            .await
            .into()
    }

    /// Delete an organization's robot
    ///
    /// Deletes the robot account together with its permissions and team memberships; a robot
    /// a repository mirror pushes with is refused (400).
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname",
        method = "delete",
        operation_id = "deleteOrgRobot"
    )]
    async fn delete_org_robot(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
    ) -> Reply<NoContent204, (E400<BadRequestError>, E401, E403W, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = namespace::by_name(tx, &orgname.0)?;
                if !administers_namespace(tx, &cfg, &who, &orgname.0, org.as_ref())? {
                    return Err(who.refuse());
                }
                delete_robot(tx, &who, org.map(|o| o.id), &orgname.0, &robot_shortname.0)
            })
            .await
            .into()
    }
}
