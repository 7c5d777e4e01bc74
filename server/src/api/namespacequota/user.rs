//! The signed-in user's quota, under `/api/v1/user/quota` (reads only).

use std::sync::Arc;

use super::rules::*;
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{QuotaLimit, QuotaView};
use crate::state::AppState;
use crate::store::quota;

pub(super) async fn list(
    state: &AppState,
    who: Arc<Identity>,
) -> Result<Vec<QuotaView>, QuayError> {
    let cfg = state.config.clone();
    let (_, me) = who.user_admin()?;
    state
        .store
        .read(move |tx| {
            let ns = quota_namespace(tx, &me)?;
            quota::quota_of(tx, ns.id)?
                .map(|(id, bytes)| quota_view(tx, &cfg, id, bytes, false))
                .into_iter()
                .collect()
        })
        .await
}

pub(super) async fn get(
    state: &AppState,
    who: Arc<Identity>,
    quota_id: String,
) -> Result<QuotaView, QuayError> {
    let cfg = state.config.clone();
    let (_, me) = who.user_admin()?;
    state
        .store
        .read(move |tx| {
            let (_, (id, bytes)) = quota_by_name(tx, &me, &quota_id)?;
            quota_view(tx, &cfg, id, bytes, false)
        })
        .await
}

pub(super) async fn list_limits(
    state: &AppState,
    who: Arc<Identity>,
    quota_id: String,
) -> Result<Vec<QuotaLimit>, QuayError> {
    let (_, me) = who.user_admin()?;
    state
        .store
        .read(move |tx| {
            let (_, (id, _)) = quota_by_name(tx, &me, &quota_id)?;
            crate::api::quota_limits(tx, id)
        })
        .await
}

/// Quay's handler looks the limit up and then answers with the whole quota.
pub(super) async fn get_limit(
    state: &AppState,
    who: Arc<Identity>,
    quota_id: String,
    limit_id: String,
) -> Result<QuotaView, QuayError> {
    let cfg = state.config.clone();
    let (_, me) = who.user_admin()?;
    state
        .store
        .read(move |tx| {
            let (_, (id, bytes)) = quota_by_name(tx, &me, &quota_id)?;
            quota_limit(tx, id, &limit_id)?;
            quota_view(tx, &cfg, id, bytes, false)
        })
        .await
}
