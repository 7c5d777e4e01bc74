//! changeRepoState (Quay's `RepositoryStateResource`): a repository's state, `NORMAL`,
//! `READ_ONLY` or `MIRROR`, set as asked and nothing else (its mirror configuration, if any,
//! stays as it is).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use serde_json::json;

use super::super::{ApiTags, AppState};
use crate::auth::{Identity, require_repo_admin};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{MirrorBadRequestError, RepositoryStateChange, RepositoryStateChanged};
use crate::reply::{E400, E401Api, E403W, E404, E415, E503, Ok200, Reply};
use crate::store::namespace;
use crate::store::repository as repo_store;

/// changeRepoState, registered with the mirror operations (`FEATURE_REPO_MIRROR`).
pub struct RepositoryStateApi {
    state: AppState,
}

impl RepositoryStateApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Repository")]
impl RepositoryStateApi {
    /// Change a repository's state
    #[oai(
        path = "/api/v1/repository/:repository/changestate",
        method = "put",
        operation_id = "changeRepoState"
    )]
    async fn change_repo_state(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        body: Body<RepositoryStateChange>,
    ) -> Reply<
        Ok200<RepositoryStateChanged>,
        (
            E400<MirrorBadRequestError>,
            E401Api,
            E403W,
            E404,
            E415,
            E503,
        ),
    > {
        let result = async {
            let (state, w, path) = (self.state.clone(), who.0.clone(), repository.0.clone());
            let rights = self
                .state
                .store
                .read(move |tx| require_repo_admin(tx, &state.config, &w, &path, false))
                .await?;
            let change = body.validated()?;
            let repo = rights.ok_or_else(QuayError::not_found)?;
            let ns = repo.namespace_id;
            if self.state.config.FEATURE_ORG_MIRROR
                && self
                    .state
                    .store
                    .read(move |tx| crate::store::org_mirror::mirrors(tx, ns))
                    .await?
            {
                return Err(QuayError::bare_detail(
                    400,
                    "Repository state changes are not allowed in an organization managed by organization-level mirroring",
                ));
            }
            let who = who.0.clone();
            self.state
                .store
                .write(move |tx| {
                    let name = change.state.as_str();
                    repo_store::set_state(tx, repo.id, name)?;
                    namespace::log(
                        tx,
                        "change_repo_state",
                        who.user_id(),
                        Some(repo.namespace_id),
                        json!({"repo": repo.name, "namespace": repo.namespace, "state_changed": name}),
                    )?;
                    Ok(RepositoryStateChanged { success: true })
                })
                .await
        }
        .await;
        result.into()
    }
}
