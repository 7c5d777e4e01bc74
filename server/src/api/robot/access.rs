//! What a robot may reach and its token: the repository permissions of a user's or an
//! organization's robot, and token regeneration (the old token stops working at once).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use rusqlite::Transaction;
use serde_json::json;

use super::{ApiTags, AppState, date, unknown_robot};
use crate::auth::{Identity, administers_namespace};
use crate::error::QuayError;
use crate::models::{
    ForbiddenError, MessageError, RegeneratedRobot, RepositoryRole, RobotPermission,
    RobotPermissionList, RobotPermissionRepository,
};
use crate::reply::{E400, E401, E403, E403W, E503, EJson, Ok200, Reply};
use crate::store::namespace::{self, Namespace};
use crate::store::robot::{self as robot_store, Robot};

/// The permission and token operations of the `robot` tag.
pub struct RobotAccessApi {
    state: AppState,
}

impl RobotAccessApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

fn permission_list(tx: &Transaction<'_>, robot: &Robot) -> Result<RobotPermissionList, QuayError> {
    Ok(RobotPermissionList {
        permissions: robot_store::permissions(tx, robot.id)?
            .into_iter()
            .map(|(name, is_public, role)| RobotPermission {
                repository: RobotPermissionRepository { name, is_public },
                role: RepositoryRole::stored(&role),
            })
            .collect(),
    })
}

/// Regenerates `owner+short`'s token, logged in `owner`.
fn regenerate(
    tx: &Transaction<'_>,
    who: &Identity,
    owner: &Namespace,
    short: &str,
) -> Result<RegeneratedRobot, QuayError> {
    let robot = robot_store::regenerate(tx, &robot_store::full_name(&owner.name, short))?
        .ok_or_else(unknown_robot)?;
    namespace::log(
        tx,
        "regenerate_robot_token",
        who.user_id(),
        Some(owner.id),
        json!({ "robot": short }),
    )?;
    Ok(RegeneratedRobot {
        name: robot.name,
        created: date(&robot.created_at),
        last_accessed: None,
        description: robot.description,
        token: robot.token.unwrap_or_default(),
    })
}

/// The organization `name` for a caller who passed the rights (400 when it is none).
fn organization(tx: &Transaction<'_>, name: &str) -> Result<Namespace, QuayError> {
    namespace::by_name(tx, name)?
        .filter(|n| n.kind == "org")
        .ok_or_else(|| QuayError::unknown_organization(name))
}

#[OpenApi(tag = "ApiTags::Robot")]
impl RobotAccessApi {
    /// List the repository permissions of one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname/permissions",
        method = "get",
        operation_id = "getUserRobotPermissions"
    )]
    async fn get_user_robot_permissions(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RobotPermissionList>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (_, me) = who.user_admin()?;
                let robot =
                    robot_store::lookup(tx, &robot_store::full_name(&me, &robot_shortname.0))?
                        .ok_or_else(unknown_robot)?;
                permission_list(tx, &robot)
            })
            .await
            .into()
    }

    /// List the repository permissions of an organization's robot
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname/permissions",
        method = "get",
        operation_id = "getOrgRobotPermissions"
    )]
    async fn get_org_robot_permissions(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RobotPermissionList>, (E400<MessageError>, E401, EJson<403, ForbiddenError>)>
    {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .read(move |tx| {
                // `require_user_admin` first, then the organization's rights (Flask's 403).
                who.user_admin()?;
                let ns = namespace::by_name(tx, &orgname.0)?;
                if !(administers_namespace(tx, &cfg, &who, &orgname.0, ns.as_ref())?
                    || who.is_global_readonly(&cfg))
                {
                    return Err(QuayError::flask_forbidden());
                }
                let org = organization(tx, &orgname.0)?;
                let robot = robot_store::lookup(
                    tx,
                    &robot_store::full_name(&org.name, &robot_shortname.0),
                )?
                .ok_or_else(unknown_robot)?;
                permission_list(tx, &robot)
            })
            .await
            .into()
    }

    /// Regenerate the token of one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname/regenerate",
        method = "post",
        operation_id = "regenerateUserRobotToken"
    )]
    async fn regenerate_user_robot_token(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RegeneratedRobot>, (E400<MessageError>, E401, E403W, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                let (me, _) = who.user_admin()?;
                let owner = namespace::by_id(tx, me)?.ok_or_else(|| who.refuse())?;
                regenerate(tx, &who, &owner, &robot_shortname.0)
            })
            .await
            .into()
    }

    /// Regenerate the token of an organization's robot
    #[oai(
        path = "/api/v1/organization/:orgname/robots/:robot_shortname/regenerate",
        method = "post",
        operation_id = "regenerateOrgRobotToken"
    )]
    async fn regenerate_org_robot_token(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RegeneratedRobot>, (E400<MessageError>, E401, E403W, E503)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                let ns = namespace::by_name(tx, &orgname.0)?;
                if !administers_namespace(tx, &cfg, &who, &orgname.0, ns.as_ref())? {
                    return Err(who.refuse());
                }
                let org = organization(tx, &orgname.0)?;
                regenerate(tx, &who, &org, &robot_shortname.0)
            })
            .await
            .into()
    }
}
