//! The signed-in user's own robots (`username+shortname`): list, get, create, delete. Every
//! operation is Quay's `require_user_admin` (a user whose token has `user:admin`), with no
//! superuser path; the rest is shared with the organization's robots.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use serde_json::json;

use super::{ApiTags, AppState, ROBOT_MAX_SIZE};
use super::{create_robot, delete_robot, parse_limit, robot_view, summaries, unknown_robot};
use crate::auth::Identity;
use crate::body::Body;
use crate::models::{BadRequestError, CreateRobot, MessageError, RobotAccount, RobotAccountList};
use crate::params::{LooseInt, TruthyBool, truthy};
use crate::reply::{Created201, E400, E401, E403, E403W, E503, NoContent204, Ok200, Reply};
use crate::store::namespace;
use crate::store::robot as robot_store;

/// The user robot operations of the `robot` tag.
pub struct UserRobotsApi {
    state: AppState,
}

impl UserRobotsApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Robot")]
impl UserRobotsApi {
    /// List the caller's robots
    #[oai(
        path = "/api/v1/user/robots",
        method = "get",
        operation_id = "getUserRobots"
    )]
    async fn get_user_robots(
        &self,
        who: Data<&Arc<Identity>>,
        permissions: Query<Option<TruthyBool>>,
        token: Query<Option<TruthyBool>>,
        limit: Query<Option<LooseInt>>,
    ) -> Reply<Ok200<RobotAccountList>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        let (want_permissions, want_token) =
            (truthy(&permissions.0, false), truthy(&token.0, true));
        self.state
            .store
            .read(move |tx| {
                let (me, _) = who.user_admin()?;
                let limit = parse_limit(limit.0)?;
                let robots = robot_store::list(tx, me)?;
                Ok(RobotAccountList {
                    robots: summaries(tx, robots, want_token, want_permissions, limit)?,
                })
            })
            .await
            .into()
    }

    /// Get one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname",
        method = "get",
        operation_id = "getUserRobot"
    )]
    async fn get_user_robot(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
    ) -> Reply<Ok200<RobotAccount>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (_, me) = who.user_admin()?;
                let robot =
                    robot_store::lookup(tx, &robot_store::full_name(&me, &robot_shortname.0))?
                        .ok_or_else(unknown_robot)?;
                Ok(robot_view(&robot, true))
            })
            .await
            .into()
    }

    /// Create a robot for the caller
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname",
        method = "put",
        operation_id = "createUserRobot"
    )]
    async fn create_user_robot(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
        body: Body<CreateRobot, false>,
    ) -> Reply<Created201<RobotAccount>, (E400<BadRequestError>, E401, E403W, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                // The rights come before the body here (createOrgRobot checks the body first).
                let (me, _) = who.user_admin()?;
                let data = body.optional(ROBOT_MAX_SIZE)?.unwrap_or_else(|| json!({}));
                let owner = namespace::by_id(tx, me)?.ok_or_else(|| who.refuse())?;
                create_robot(tx, &who, &owner, &robot_shortname.0, &data)
            })
            .await
            .into()
    }

    /// Delete one of the caller's robots
    #[oai(
        path = "/api/v1/user/robots/:robot_shortname",
        method = "delete",
        operation_id = "deleteUserRobot"
    )]
    async fn delete_user_robot(
        &self,
        who: Data<&Arc<Identity>>,
        robot_shortname: Path<String>,
    ) -> Reply<NoContent204, (E400<BadRequestError>, E401, E403W, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                let (me, name) = who.user_admin()?;
                delete_robot(tx, &who, Some(me), &name, &robot_shortname.0)
            })
            .await
            .into()
    }
}
