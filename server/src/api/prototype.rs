//! The `prototype` tag: an organization's default permissions (Quay's permission prototypes).
//! The rules take effect when a repository is created ([`crate::store::prototype::apply`]).
//!
//! Every operation: the body's schema first (POST, PUT), then the rights (administrator; for
//! reads also a global read-only superuser), then the organization (404).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::organization::{admin_org, readable_org};
use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::{Body, py};
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, BadRequestError, NewPrototype, Prototype, PrototypeDelegate, PrototypeList,
    PrototypeTeam, PrototypeUpdate, PrototypeUser, RepositoryRole, TeamKind, UserKind,
};
use crate::reply::{E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self, Namespace};
use crate::store::prototype::{self as store, Delegate};
use crate::store::team;

/// Operations of the `prototype` tag.
pub struct PrototypeApi {
    state: AppState,
}

impl PrototypeApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// A user or robot as a rule shows it (`is_org_member`: robots always; users in a team).
fn user_view(tx: &Transaction<'_>, org: &Namespace, id: i64) -> Result<PrototypeUser, QuayError> {
    let account = namespace::by_id(tx, id)?.ok_or_else(|| QuayError::internal("user vanished"))?;
    let is_robot = account.kind == "robot";
    Ok(PrototypeUser {
        avatar: Avatar::account(&account.name, account.email.as_deref(), &account.kind),
        is_org_member: is_robot || team::in_any_team(tx, org.id, id)?,
        is_robot,
        kind: UserKind::User,
        name: account.name,
    })
}

fn view(
    tx: &Transaction<'_>,
    org: &Namespace,
    p: &store::Prototype,
) -> Result<Prototype, QuayError> {
    let delegate = match (p.delegate_user_id, p.delegate_team_id) {
        (Some(user), _) => PrototypeDelegate::PrototypeUser(user_view(tx, org, user)?),
        (None, Some(team_id)) => {
            let name = team::name_of(tx, team_id)?;
            PrototypeDelegate::PrototypeTeam(PrototypeTeam {
                avatar: Avatar::new(&name, Some(&name), AvatarKind::Team),
                kind: TeamKind::Team,
                name,
            })
        }
        (None, None) => return Err(QuayError::internal("a prototype without a delegate")),
    };
    Ok(Prototype {
        activating_user: p
            .activating_user_id
            .map(|id| user_view(tx, org, id))
            .transpose()?,
        delegate,
        role: RepositoryRole::stored(&p.role),
        id: p.uuid.clone(),
    })
}

fn account_name(tx: &Transaction<'_>, id: Option<i64>) -> Result<Option<String>, QuayError> {
    id.map(|id| {
        namespace::by_id(tx, id)?
            .map(|n| n.name)
            .ok_or_else(|| QuayError::internal("user vanished"))
    })
    .transpose()
}

/// Quay's `log_prototype_action`: the rule as it is now (`original_role` for a change).
fn log(
    tx: &Transaction<'_>,
    who: &Identity,
    kind: &str,
    org: &Namespace,
    p: &store::Prototype,
    original_role: Option<&str>,
) -> Result<(), QuayError> {
    let mut meta = json!({
        "prototypeid": p.uuid,
        "username": who.username(),
        "activating_username": account_name(tx, p.activating_user_id)?,
        "role": p.role,
    });
    if let Some(original) = original_role {
        meta["original_role"] = json!(original);
    }
    match (p.delegate_user_id, p.delegate_team_id) {
        (Some(user), _) => meta["delegate_user"] = json!(account_name(tx, Some(user))?),
        (None, Some(t)) => meta["delegate_team"] = json!(team::name_of(tx, t)?),
        (None, None) => {}
    }
    namespace::log(tx, kind, who.user_id(), Some(org.id), meta)
}

/// Quay's `model.user.get_user`: any account that is not an organization (robots of any
/// namespace included).
fn account(tx: &Transaction<'_>, name: &str) -> Result<Option<i64>, QuayError> {
    Ok(namespace::by_name(tx, name)?
        .filter(|n| n.kind != "org")
        .map(|n| n.id))
}

fn rule(tx: &Transaction<'_>, org: &Namespace, id: &str) -> Result<store::Prototype, QuayError> {
    store::get(tx, org.id, id)?.ok_or_else(QuayError::not_found)
}

/// The delegate and activating user of a checked `NewPrototype` body, looked up in Quay's order.
fn names(
    tx: &Transaction<'_>,
    org: &Namespace,
    body: &Value,
) -> Result<(Option<i64>, Delegate), QuayError> {
    let activating = body["activating_user"]["name"]
        .as_str()
        .filter(|n| !n.is_empty());
    let name = body["delegate"]["name"].as_str().unwrap_or_default();
    let delegate = if body["delegate"]["kind"] == "team" {
        // `get_organization_team` raises: Quay's unformatted message, before anything else.
        let found = team::team(tx, org.id, name)?.ok_or_else(|| {
            QuayError::message(
                400,
                format!(
                    "('Team does not exist: %s/%s', {}, {})",
                    py::str_repr(&org.name),
                    py::str_repr(name)
                ),
            )
        })?;
        Some(Delegate::Team(found.id))
    } else {
        account(tx, name)?.map(Delegate::User)
    };
    let activating_id = match activating {
        Some(n) => Some(
            account(tx, n)?.ok_or_else(|| QuayError::invalid_request("Unknown activating user"))?,
        ),
        None => None,
    };
    let delegate =
        delegate.ok_or_else(|| QuayError::invalid_request("Missing delegate user or team"))?;
    Ok((activating_id, delegate))
}

#[OpenApi(tag = "ApiTags::Prototype")]
impl PrototypeApi {
    /// List an organization's default permissions
    #[oai(
        path = "/api/v1/organization/:orgname/prototypes",
        method = "get",
        operation_id = "getOrganizationPrototypePermissions"
    )]
    async fn get_organization_prototype_permissions(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<PrototypeList>, (E401, E403, E404)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname.0)?;
                let prototypes = store::list(tx, org.id)?
                    .iter()
                    .map(|p| view(tx, &org, p))
                    .collect::<Result<_, _>>()?;
                Ok(PrototypeList { prototypes })
            })
            .await
            .into()
    }

    /// Create a default permission
    #[oai(
        path = "/api/v1/organization/:orgname/prototypes",
        method = "post",
        operation_id = "createOrganizationPrototypePermission"
    )]
    async fn create_organization_prototype_permission(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewPrototype>,
    ) -> Reply<Ok200<Prototype>, (E400<BadRequestError>, E401, E403W, E404, E415, E503)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                let body = body.checked()?;
                let org = admin_org(tx, &cfg, &who, &orgname.0)?;
                let (activating, delegate) = names(tx, &org, &body)?;
                let role = body["role"].as_str().unwrap_or("read");
                let created = store::create(tx, org.id, role, activating, delegate)?;
                log(
                    tx,
                    &who,
                    "create_prototype_permission",
                    &org,
                    &created,
                    None,
                )?;
                view(tx, &org, &created)
            })
            .await
            .into()
    }

    /// Change the role of a default permission
    #[oai(
        path = "/api/v1/organization/:orgname/prototypes/:prototypeid",
        method = "put",
        operation_id = "updateOrganizationPrototypePermission"
    )]
    async fn update_organization_prototype_permission(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        prototypeid: Path<String>,
        body: Body<PrototypeUpdate>,
    ) -> Reply<Ok200<Prototype>, (E400<BadRequestError>, E401, E403W, E404, E415, E503)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                let body = body.checked()?;
                let org = admin_org(tx, &cfg, &who, &orgname.0)?;
                let before = rule(tx, &org, &prototypeid.0)?;
                let role = body["role"].as_str().unwrap_or(&before.role).to_string();
                store::set_role(tx, before.id, &role)?;
                let after = store::Prototype {
                    role,
                    ..before.clone()
                };
                let original = Some(before.role.as_str());
                log(
                    tx,
                    &who,
                    "modify_prototype_permission",
                    &org,
                    &after,
                    original,
                )?;
                view(tx, &org, &after)
            })
            .await
            .into()
    }

    /// Delete a default permission
    #[oai(
        path = "/api/v1/organization/:orgname/prototypes/:prototypeid",
        method = "delete",
        operation_id = "deleteOrganizationPrototypePermission"
    )]
    async fn delete_organization_prototype_permission(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        prototypeid: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname.0)?;
                let gone = rule(tx, &org, &prototypeid.0)?;
                store::delete(tx, gone.id)?;
                log(tx, &who, "delete_prototype_permission", &org, &gone, None)
            })
            .await
            .into()
    }
}
