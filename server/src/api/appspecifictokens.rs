//! The `appspecifictokens` tag: the signed-in user's app-specific tokens (Quay's
//! `endpoints/api/appspecifictokens.py`).
//!
//! Every operation is `require_user_admin`: a user (401 anonymous) whose token has `user:admin`
//! (403). Each user sees only their own tokens, superusers included; the superuser panel's
//! `listAllAppTokens` lists everyone's (`token_list` serves both).

use std::sync::Arc;

use chrono::{Duration, Utc};
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{AppToken, AppTokenEnvelope, AppTokenList, NewAppToken};
use crate::params::TruthyBool;
use crate::reply::{
    E400, E401, E401Api, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply,
};
use crate::store::{apptoken, namespace};
use crate::time::{db_form, parse_db, quay_date};

/// Operations of the `appspecifictokens` tag.
pub struct AppTokensApi {
    state: AppState,
}

impl AppTokensApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's `token_view`: the code only where `include_code` says so.
pub(crate) fn token_view(token: apptoken::AppToken, include_code: bool) -> AppToken {
    let date = |stored: &str| parse_db(stored).map(|d| quay_date(&d));
    AppToken {
        created: date(&token.created_at).unwrap_or_default(),
        expiration: token.expiration.as_deref().and_then(date),
        last_accessed: token.last_accessed.as_deref().and_then(date),
        token_code: include_code.then_some(token.code),
        uuid: token.uuid,
        title: token.title,
    }
}

/// The end of the "expiring soon" window (stored form) when `expiring` asks for it.
fn expiring_until(cfg: &Config, expiring: bool) -> Option<String> {
    expiring.then(|| db_form(&(Utc::now() + Duration::seconds(cfg.app_token_expiring_window()))))
}

/// The tokens of `owner` (everyone's with `None`) without their codes, only those expiring
/// soon when `expiring` is true; `only_expiring` echoes the parameter.
pub(crate) async fn token_list(
    state: &AppState,
    owner: Option<i64>,
    expiring: Option<TruthyBool>,
) -> Result<AppTokenList, QuayError> {
    let only_expiring = expiring.map(|b| b.0);
    let until = expiring_until(&state.config, only_expiring.unwrap_or(false));
    let tokens = state
        .store
        .read(move |tx| apptoken::list(tx, owner, until.as_deref()))
        .await?;
    Ok(AppTokenList {
        tokens: tokens.into_iter().map(|t| token_view(t, false)).collect(),
        only_expiring,
    })
}

#[OpenApi(tag = "ApiTags::Appspecifictokens")]
impl AppTokensApi {
    /// List the caller's app-specific tokens
    #[oai(
        path = "/api/v1/user/apptoken",
        method = "get",
        operation_id = "listAppTokens"
    )]
    async fn list_app_tokens(
        &self,
        who: Data<&Arc<Identity>>,
        expiring: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<AppTokenList>, (E401, E403)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            token_list(&self.state, Some(me), expiring.0).await
        }
        .await;
        result.into()
    }

    /// Create an app-specific token
    #[oai(
        path = "/api/v1/user/apptoken",
        method = "post",
        operation_id = "createAppToken"
    )]
    async fn create_app_token(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<NewAppToken>,
    ) -> Reply<Ok200<AppTokenEnvelope>, (E400, E401Api, E403W, E415, E503)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            let title = body.validated()?.title;
            let expiration = self
                .state
                .config
                .app_token_lifetime()
                .map(|s| db_form(&(Utc::now() + Duration::seconds(s))));
            self.state
                .store
                .write(move |tx| {
                    let token = apptoken::create(tx, me, &title, expiration.as_deref())?;
                    namespace::log(
                        tx,
                        "create_app_specific_token",
                        Some(me),
                        Some(me),
                        json!({"app_specific_token_title": token.title, "app_specific_token": token.uuid}),
                    )?;
                    Ok(AppTokenEnvelope {
                        token: token_view(token, true),
                    })
                })
                .await
        }
        .await;
        result.into()
    }

    /// Get an app-specific token
    #[oai(
        path = "/api/v1/user/apptoken/:token_uuid",
        method = "get",
        operation_id = "getAppToken"
    )]
    async fn get_app_token(
        &self,
        who: Data<&Arc<Identity>>,
        token_uuid: Path<String>,
    ) -> Reply<Ok200<AppTokenEnvelope>, (E401, E403, E404)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            let uuid = token_uuid.0;
            let token = self
                .state
                .store
                .read(move |tx| apptoken::by_uuid(tx, &uuid, Some(me), true))
                .await?
                .ok_or_else(QuayError::not_found)?;
            Ok(AppTokenEnvelope {
                token: token_view(token, true),
            })
        }
        .await;
        result.into()
    }

    /// Revoke an app-specific token
    #[oai(
        path = "/api/v1/user/apptoken/:token_uuid",
        method = "delete",
        operation_id = "revokeAppToken"
    )]
    async fn revoke_app_token(
        &self,
        who: Data<&Arc<Identity>>,
        token_uuid: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        let result = async {
            let (me, _) = who.user_admin()?;
            let uuid = token_uuid.0;
            self.state
                .store
                .write(move |tx| {
                    let token = apptoken::by_uuid(tx, &uuid, Some(me), false)?
                        .ok_or_else(QuayError::not_found)?;
                    apptoken::delete(tx, token.id)?;
                    namespace::log(
                        tx,
                        "revoke_app_specific_token",
                        Some(me),
                        Some(me),
                        json!({"app_specific_token_title": token.title, "app_specific_token": token.uuid}),
                    )
                })
                .await
        }
        .await;
        result.into()
    }
}
