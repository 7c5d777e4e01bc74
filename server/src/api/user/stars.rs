//! The caller's starred repositories (Quay's `StarredRepositoryList` and `StarredRepository`):
//! listed without any permission filter, starred and unstarred without any permission check on
//! the repository. Every operation is `require_user_admin`.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};

use super::{ApiTags, AppState};
use crate::api::repository::{decode_page_token, encode_page_token, split_repository};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    BadRequestError, NewStarredRepository, StarredRepository, StarredRepositoryList,
    StarredRepositoryRef,
};
use crate::reply::{
    Created201, E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply,
};
use crate::store::{repository as repo_store, star};

/// Quay's `REPOS_PER_PAGE`.
const PAGE: i64 = 100;

/// The star operations of the `user` tag.
pub struct UserStarsApi {
    state: AppState,
}

impl UserStarsApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::User")]
impl UserStarsApi {
    /// List the caller's starred repositories
    #[oai(
        path = "/api/v1/user/starred",
        method = "get",
        operation_id = "listStarredRepos"
    )]
    async fn list_starred_repos(
        &self,
        who: Data<&Arc<Identity>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<StarredRepositoryList>, (E401, E403)> {
        let who = who.0.clone();
        let start_id = next_page.0.as_deref().and_then(decode_page_token);
        self.state
            .store
            .read(move |tx| {
                let (me, _) = who.user_admin()?;
                let mut repos = star::starred(tx, me, start_id, PAGE + 1)?;
                let next_page = if repos.len() as i64 > PAGE {
                    let next = encode_page_token(repos[PAGE as usize].id);
                    repos.truncate(PAGE as usize);
                    Some(next)
                } else {
                    None
                };
                Ok(StarredRepositoryList {
                    repositories: repos
                        .into_iter()
                        .map(|r| StarredRepository {
                            is_public: r.is_public(),
                            namespace: r.namespace,
                            name: r.name,
                            description: r.description,
                        })
                        .collect(),
                    next_page,
                })
            })
            .await
            .into()
    }

    /// Star a repository
    #[oai(
        path = "/api/v1/user/starred",
        method = "post",
        operation_id = "createStar"
    )]
    async fn create_star(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<NewStarredRepository>,
    ) -> Reply<Created201<StarredRepositoryRef>, (E400, E401, E403W, E404, E415, E503)> {
        let result = async {
            // Quay validates the body before it checks the caller.
            let body = body.validated()?;
            let (me, _) = who.user_admin()?;
            self.state
                .store
                .write(move |tx| {
                    let repo = repo_store::lookup(tx, &body.namespace, &body.repository)?
                        .ok_or_else(QuayError::not_found)?;
                    star::add(tx, me, repo.id)?;
                    Ok(StarredRepositoryRef {
                        namespace: body.namespace,
                        repository: body.repository,
                    })
                })
                .await
        }
        .await;
        result.into()
    }

    /// Remove the caller's star from a repository
    #[oai(
        path = "/api/v1/user/starred/:repository",
        method = "delete",
        operation_id = "deleteStar"
    )]
    async fn delete_star(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404<BadRequestError>, E503)> {
        let result = async {
            let (namespace, name) = split_repository(&repository.0)?;
            let (me, _) = who.user_admin()?;
            self.state
                .store
                .write(move |tx| {
                    let repo = repo_store::lookup(tx, &namespace, &name)?
                        .ok_or_else(QuayError::not_found)?;
                    star::remove(tx, me, repo.id)
                })
                .await
        }
        .await;
        result.into()
    }
}
