//! The caller's authorizations: the OAuth access tokens acting as the caller, listed, read and
//! revoked (Quay's internal `UserAuthorizationList` and `UserAuthorization`). Every operation
//! is `require_user_admin`; there is no superuser override.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scopes};
use crate::error::QuayError;
use crate::models::{
    AuthorizedApplication, AuthorizedApplicationOwner, Avatar, AvatarKind, ScopeInformation,
    UserAuthorization, UserAuthorizationList,
};
use crate::reply::{E401, E403, E403W, E404, E503, NoContent204, Ok200, Reply};
use crate::store::authorization::{self as store, Authorization};

/// The authorization operations of the `user` tag.
pub struct UserAuthorizationsApi {
    state: AppState,
}

impl UserAuthorizationsApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's `get_scope_information`: the scopes of a scope string described (none when one of
/// them is unknown).
pub(super) fn scope_information(scope: &str) -> Vec<ScopeInformation> {
    match Scopes::parse(scope) {
        Ok(set) => set
            .iter()
            .map(|s| {
                let info = s.info();
                ScopeInformation {
                    title: info.title.into(),
                    scope: s.name().into(),
                    description: info.description.into(),
                    icon: info.icon.into(),
                    dangerous: info.dangerous,
                }
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Quay's `authorization_view`: the application (its avatar drawn for its e-mail, else its
/// namespace's), the scopes described and the id.
fn view(a: Authorization) -> UserAuthorization {
    let scopes = scope_information(&a.scope);
    let app_email = a.app_avatar_email.as_deref().or(a.owner_email.as_deref());
    UserAuthorization {
        application: AuthorizedApplication {
            avatar: Avatar::new(&a.app_name, app_email, AvatarKind::App),
            organization: AuthorizedApplicationOwner {
                avatar: Avatar::new(&a.owner_name, a.owner_email.as_deref(), AvatarKind::Org),
                name: a.owner_name,
            },
            name: a.app_name,
            description: a.app_description,
            url: a.app_uri,
        },
        scopes,
        uuid: a.uuid,
    }
}

#[OpenApi(tag = "ApiTags::User")]
impl UserAuthorizationsApi {
    /// List the applications the caller has authorized
    #[oai(
        path = "/api/v1/user/authorizations",
        method = "get",
        operation_id = "listUserAuthorizations"
    )]
    async fn list_user_authorizations(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<UserAuthorizationList>, (E401, E403)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (me, _) = who.user_admin()?;
                let authorizations = store::list(tx, me)?.into_iter().map(view).collect();
                Ok(UserAuthorizationList { authorizations })
            })
            .await
            .into()
    }

    /// Get one of the caller's authorizations
    #[oai(
        path = "/api/v1/user/authorizations/:access_token_uuid",
        method = "get",
        operation_id = "getUserAuthorization"
    )]
    async fn get_user_authorization(
        &self,
        who: Data<&Arc<Identity>>,
        access_token_uuid: Path<String>,
    ) -> Reply<Ok200<UserAuthorization>, (E401, E403, E404)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (me, _) = who.user_admin()?;
                store::get(tx, me, &access_token_uuid.0)?
                    .map(view)
                    .ok_or_else(QuayError::not_found)
            })
            .await
            .into()
    }

    /// Revoke one of the caller's authorizations
    #[oai(
        path = "/api/v1/user/authorizations/:access_token_uuid",
        method = "delete",
        operation_id = "deleteUserAuthorization"
    )]
    async fn delete_user_authorization(
        &self,
        who: Data<&Arc<Identity>>,
        access_token_uuid: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                let (me, _) = who.user_admin()?;
                if store::revoke(tx, me, &access_token_uuid.0)? {
                    Ok(())
                } else {
                    Err(QuayError::not_found())
                }
            })
            .await
            .into()
    }
}
