//! Authorizations assigned to the caller: OAuth tokens an organization administrator asked
//! it to grant (with the web route `POST /oauth/authorize/assignuser`, [`crate::oauthweb`]),
//! listed and declined (Quay's internal `UserAssignedAuthorizations` and
//! `UserAssignedAuthorization`, with `FEATURE_ASSIGN_OAUTH_TOKEN`). Both are
//! `require_user_admin`; there is no superuser override.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::authorizations::scope_information;
use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{
    AssignedApplication, AssignedAuthorization, AssignedAuthorizationList,
    AuthorizedApplicationOwner, Avatar, AvatarKind,
};
use crate::reply::{E401, E403, E403W, E404, E503, NoContent204, Ok200, Reply};
use crate::store::assigned::{self as store, Assigned};
use crate::store::notification;

/// The assigned-authorization operations of the `user` tag.
pub struct UserAssignedApi {
    state: AppState,
}

impl UserAssignedApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's `assigned_authorization_view`.
fn view(a: Assigned) -> AssignedAuthorization {
    let app_email = a.app_avatar_email.as_deref().or(a.org_email.as_deref());
    AssignedAuthorization {
        application: AssignedApplication {
            avatar: Avatar::new(&a.app_name, app_email, AvatarKind::App),
            organization: AuthorizedApplicationOwner {
                avatar: Avatar::new(&a.org_name, a.org_email.as_deref(), AvatarKind::Org),
                name: a.org_name,
            },
            name: a.app_name,
            client_id: a.client_id,
            description: a.app_description,
            url: a.app_uri,
        },
        scopes: scope_information(&a.scope),
        uuid: a.uuid,
        redirect_uri: a.redirect_uri,
        response_type: a.response_type,
    }
}

#[OpenApi(tag = "ApiTags::User")]
impl UserAssignedApi {
    /// List the authorizations assigned to the caller
    #[oai(
        path = "/api/v1/user/assignedauthorization",
        method = "get",
        operation_id = "listAssignedAuthorizations"
    )]
    async fn list_assigned_authorizations(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<AssignedAuthorizationList>, (E401, E403)> {
        let who = who.0.clone();
        // A read that writes: viewing the assignments dismisses their notifications.
        self.state
            .store
            .write(move |tx| {
                let (me, _) = who.user_admin()?;
                let authorizations = store::list(tx, me)?.into_iter().map(view).collect();
                notification::delete_of_kind(tx, me, "assigned_authorization")?;
                Ok(AssignedAuthorizationList { authorizations })
            })
            .await
            .into()
    }

    /// Decline an authorization assigned to the caller
    #[oai(
        path = "/api/v1/user/assignedauthorization/:assigned_authorization_uuid",
        method = "delete",
        operation_id = "deleteAssignedAuthorization"
    )]
    async fn delete_assigned_authorization(
        &self,
        who: Data<&Arc<Identity>>,
        assigned_authorization_uuid: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        let who = who.0.clone();
        self.state
            .store
            .write(move |tx| {
                let (me, _) = who.user_admin()?;
                if store::delete(tx, me, &assigned_authorization_uuid.0)? {
                    Ok(())
                } else {
                    Err(QuayError::not_found())
                }
            })
            .await
            .into()
    }
}
