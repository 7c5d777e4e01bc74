//! Robot federation: the OIDC issuers and subjects whose tokens may be exchanged for a robot's
//! (Quay's `UserRobotFederation` and `OrgRobotFederation`). Setting replaces the whole list,
//! clearing empties it; both are logged, reads are not.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState, unknown_robot};
use crate::auth::{Identity, administers_namespace};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{BadRequestError, MessageError, RobotFederationConfig, RobotFederationEntry};
use crate::reply::{E400, E401, E403, E403W, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace;
use crate::store::robot::{self as robot_store, Robot};

/// The federation operations of the `robot` tag.
pub struct RobotFederationApi {
    state: AppState,
}

impl RobotFederationApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's `_parse_federation_config`, after the schema: entry by entry, the first fault wins.
fn parse_config(body: &Value) -> Result<Vec<(String, String)>, QuayError> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for item in body.as_array().into_iter().flatten() {
        let issuer = item["issuer"].as_str().unwrap_or_default();
        let subject = item["subject"].as_str().unwrap_or_default();
        if issuer.is_empty() || subject.is_empty() {
            return Err(QuayError::invalid_request(
                "Missing one or more required fields (issuer, subject)",
            ));
        }
        if !(issuer.starts_with("http://") || issuer.starts_with("https://")) {
            return Err(QuayError::invalid_request(
                "Issuer must be a URL (http:// or https://)",
            ));
        }
        if entries.iter().any(|(i, s)| i == issuer && s == subject) {
            return Err(QuayError::invalid_request(
                "Duplicate federation config entry",
            ));
        }
        entries.push((issuer.to_string(), subject.to_string()));
    }
    Ok(entries)
}

fn view(entries: Vec<(String, String)>) -> RobotFederationConfig {
    entries
        .into_iter()
        .map(|(issuer, subject)| RobotFederationEntry { issuer, subject })
        .collect()
}

fn robot(tx: &Transaction<'_>, owner: &str, short: &str) -> Result<Robot, QuayError> {
    robot_store::lookup(tx, &robot_store::full_name(owner, short))?.ok_or_else(unknown_robot)
}

/// Replaces `robot`'s configuration, logged in `account` (`config` as stored).
fn set(
    tx: &Transaction<'_>,
    who: &Identity,
    account: Option<i64>,
    robot: &Robot,
    short: &str,
    entries: Vec<(String, String)>,
) -> Result<RobotFederationConfig, QuayError> {
    robot_store::set_federation(tx, robot.id, &entries)?;
    let config = view(entries);
    let stored: Vec<Value> = config
        .iter()
        .map(|e| json!({ "issuer": e.issuer, "subject": e.subject }))
        .collect();
    namespace::log(
        tx,
        "create_robot_federation",
        who.user_id(),
        account,
        json!({ "config": stored, "robot": short }),
    )?;
    Ok(config)
}

/// Clears `robot`'s configuration, logged in `account`.
fn clear(
    tx: &Transaction<'_>,
    who: &Identity,
    account: Option<i64>,
    robot: &Robot,
    short: &str,
) -> Result<(), QuayError> {
    robot_store::set_federation(tx, robot.id, &[])?;
    namespace::log(
        tx,
        "delete_robot_federation",
        who.user_id(),
        account,
        json!({ "robot": short }),
    )
}

/// The organization's id for the log, once the caller may administer `orgname`.
fn org_admin(
    tx: &Transaction<'_>,
    cfg: &crate::config::Config,
    who: &Identity,
    orgname: &str,
) -> Result<Option<i64>, QuayError> {
    let ns = namespace::by_name(tx, orgname)?;
    if !administers_namespace(tx, cfg, who, orgname, ns.as_ref())? {
        return Err(who.refuse());
    }
    Ok(ns.map(|n| n.id))
}

#[OpenApi(tag = "ApiTags::Robot")]
impl RobotFederationApi {
    /// Get the federation configuration of one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname/federation",
        method = "get",
        operation_id = "getUserRobotFederation"
    )]
    async fn get_user_robot_federation(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RobotFederationConfig>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (_, me) = who.user_admin()?;
                let robot = robot(tx, &me, &robot_shortname.0)?;
                Ok(view(robot_store::federation(tx, robot.id)?))
            })
            .await
            .into()
    }

    /// Set the federation configuration of one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname/federation",
        method = "post",
        operation_id = "createUserRobotFederation"
    )]
    async fn create_user_robot_federation(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
        body: Body<RobotFederationConfig>,
    ) -> Reply<Ok200<RobotFederationConfig>, (E400<BadRequestError>, E401, E403W, E415, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                // `require_user_admin` wraps the handler: the rights before the body.
                let (id, me) = who.user_admin()?;
                let entries = parse_config(&body.checked()?)?;
                let robot = robot(tx, &me, &robot_shortname.0)?;
                set(tx, &who, Some(id), &robot, &robot_shortname.0, entries)
            })
            .await
            .into()
    }

    /// Clear the federation configuration of one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname/federation",
        method = "delete",
        operation_id = "deleteUserRobotFederation"
    )]
    async fn delete_user_robot_federation(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
    ) -> Reply<NoContent204, (E400<MessageError>, E401, E403W, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                let (id, me) = who.user_admin()?;
                let robot = robot(tx, &me, &robot_shortname.0)?;
                clear(tx, &who, Some(id), &robot, &robot_shortname.0)
            })
            .await
            .into()
    }

    /// Get the federation configuration of an organization's robot
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname/federation",
        method = "get",
        operation_id = "getOrgRobotFederation"
    )]
    async fn get_org_robot_federation(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RobotFederationConfig>, (E400<MessageError>, E401, E403)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .read(move |tx| {
                let ns = namespace::by_name(tx, &orgname.0)?;
                if !(administers_namespace(tx, &cfg, &who, &orgname.0, ns.as_ref())?
                    || who.is_global_readonly(&cfg))
                {
                    return Err(who.refuse());
                }
                let robot = robot(tx, &orgname.0, &robot_shortname.0)?;
                Ok(view(robot_store::federation(tx, robot.id)?))
            })
            .await
            .into()
    }

    /// Set the federation configuration of an organization's robot
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname/federation",
        method = "post",
        operation_id = "createOrgRobotFederation"
    )]
    async fn create_org_robot_federation(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
        body: Body<RobotFederationConfig>,
    ) -> Reply<Ok200<RobotFederationConfig>, (E400<BadRequestError>, E401, E403W, E415, E503)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                // The schema is checked before the handler's rights, the entries after them.
                let value = body.checked()?;
                let account = org_admin(tx, &cfg, &who, &orgname.0)?;
                let entries = parse_config(&value)?;
                let robot = robot(tx, &orgname.0, &robot_shortname.0)?;
                set(tx, &who, account, &robot, &robot_shortname.0, entries)
            })
            .await
            .into()
    }

    /// Clear the federation configuration of an organization's robot
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname/federation",
        method = "delete",
        operation_id = "deleteOrgRobotFederation"
    )]
    async fn delete_org_robot_federation(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
    ) -> Reply<NoContent204, (E400<MessageError>, E401, E403W, E503)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                let account = org_admin(tx, &cfg, &who, &orgname.0)?;
                let robot = robot(tx, &orgname.0, &robot_shortname.0)?;
                clear(tx, &who, account, &robot, &robot_shortname.0)
            })
            .await
            .into()
    }
}
