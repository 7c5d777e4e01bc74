//! An organization's quota and its limits, under `/api/v1/organization/{orgname}/quota`.

use std::sync::Arc;

use serde_json::{Value, json};

use super::rules::*;
use crate::auth::{Identity, member_of_namespace};
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    Created, NewNamespaceQuota, NewNamespaceQuotaLimit, QuotaLimit, QuotaView,
    UpdateNamespaceQuota, UpdateNamespaceQuotaLimit,
};
use crate::state::AppState;
use crate::store::namespace;
use crate::store::quota;
use rusqlite::Transaction;

/// The reads: `OrganizationMemberPermission` (with the token cap), a global read-only
/// superuser, or a full-access superuser; checked before the name is looked up.
fn may_read(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    orgname: &str,
) -> Result<(), QuayError> {
    let ns = namespace::user_or_org(tx, orgname)?;
    if who.is_global_readonly(cfg) || member_of_namespace(tx, cfg, who, orgname, ns.as_ref())? {
        Ok(())
    } else {
        Err(who.refuse())
    }
}

/// The writes: `allow_if_superuser_with_full_access()` only; the performer's id.
fn may_write(cfg: &Config, who: &Identity) -> Result<i64, QuayError> {
    match who.user_id() {
        Some(id) if who.has_full_access(cfg) => Ok(id),
        _ => Err(who.refuse()),
    }
}

/// The quota's size as Quay logs it: the value it parsed (a float from `limit`).
fn logged_bytes(bytes: i64, as_float: bool) -> Value {
    if as_float {
        json!(bytes as f64)
    } else {
        json!(bytes)
    }
}

pub(super) async fn list(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
) -> Result<Vec<QuotaView>, QuayError> {
    let cfg = state.config.clone();
    state
        .store
        .read(move |tx| {
            may_read(tx, &cfg, &who, &orgname)?;
            let org = namespace::organization(tx, &orgname)?.ok_or_else(QuayError::not_found)?;
            match quota::quota_of(tx, org.id)? {
                Some((id, bytes)) => Ok(vec![quota_view(tx, &cfg, id, bytes, false)?]),
                None if cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES != 0 => {
                    Ok(vec![default_quota_view(&cfg)])
                }
                None => Ok(Vec::new()),
            }
        })
        .await
}

pub(super) async fn create(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    body: Body<NewNamespaceQuota>,
) -> Result<Created, QuayError> {
    let body = body.checked()?;
    let performer = may_write(&state.config, &who)?;
    let size = requested_size(&body, BAD_LIMIT)?;
    state
        .store
        .write(move |tx| {
            let org = namespace::organization(tx, &orgname)?.ok_or_else(QuayError::not_found)?;
            if quota::quota_of(tx, org.id)?.is_some() {
                return Err(QuayError::invalid_request(format!(
                    "Organization quota for '{orgname}' already exists"
                )));
            }
            let size = size.unwrap_or(Size::Int(0));
            let bytes = size.bytes()?;
            quota::insert_quota(tx, org.id, bytes)?;
            let meta = json!({
                "namespace": orgname,
                "limit_bytes": logged_bytes(bytes, matches!(size, Size::Float(_))),
                "limit": bitmath::human(bytes),
            });
            namespace::log(tx, "org_create_quota", Some(performer), Some(org.id), meta)?;
            Ok(Created::Created)
        })
        .await
}

pub(super) async fn get(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    quota_id: String,
) -> Result<QuotaView, QuayError> {
    let cfg = state.config.clone();
    state
        .store
        .read(move |tx| {
            may_read(tx, &cfg, &who, &orgname)?;
            let (_, (id, bytes)) = quota_by_name(tx, &orgname, &quota_id)?;
            quota_view(tx, &cfg, id, bytes, false)
        })
        .await
}

pub(super) async fn change(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    quota_id: String,
    body: Body<UpdateNamespaceQuota>,
) -> Result<QuotaView, QuayError> {
    let body = body.checked()?;
    let cfg = state.config.clone();
    let performer = may_write(&cfg, &who)?;
    state
        .store
        .write(move |tx| {
            let (ns, (id, mut bytes)) = quota_by_name(tx, &orgname, &quota_id)?;
            let mut as_float = false;
            if let Some(size) = requested_size(&body, BAD_LIMIT)?
                && size.truthy()
            {
                let previous = bytes;
                as_float = matches!(size, Size::Float(_));
                bytes = size.bytes()?;
                quota::update_quota(tx, id, bytes)?;
                let meta = json!({
                    "namespace": orgname,
                    "limit_bytes": logged_bytes(bytes, as_float),
                    "limit": bitmath::human(bytes),
                    "previous_limit_bytes": previous,
                    "previous_limit": bitmath::human(previous),
                });
                namespace::log(tx, "org_change_quota", Some(performer), Some(ns.id), meta)?;
            }
            quota_view(tx, &cfg, id, bytes, as_float)
        })
        .await
}

pub(super) async fn delete(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    quota_id: String,
) -> Result<(), QuayError> {
    let performer = may_write(&state.config, &who)?;
    state
        .store
        .write(move |tx| {
            let (ns, (id, bytes)) = quota_by_name(tx, &orgname, &quota_id)?;
            quota::delete_quota(tx, id)?;
            let meta = json!({
                "namespace": orgname,
                "quota_id": id,
                "limit_bytes": bytes,
                "limit": bitmath::human(bytes),
            });
            namespace::log(tx, "org_delete_quota", Some(performer), Some(ns.id), meta)
        })
        .await
}

pub(super) async fn list_limits(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    quota_id: String,
) -> Result<Vec<QuotaLimit>, QuayError> {
    let cfg = state.config.clone();
    state
        .store
        .read(move |tx| {
            may_read(tx, &cfg, &who, &orgname)?;
            let (_, (id, _)) = quota_by_name(tx, &orgname, &quota_id)?;
            crate::api::quota_limits(tx, id)
        })
        .await
}

pub(super) async fn create_limit(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    quota_id: String,
    body: Body<NewNamespaceQuotaLimit>,
) -> Result<Created, QuayError> {
    let body = body.checked()?;
    let performer = may_write(&state.config, &who)?;
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let percent = body
        .get("threshold_percent")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    state
        .store
        .write(move |tx| {
            let (ns, (id, _)) = quota_by_name(tx, &orgname, &quota_id)?;
            // Quay's duplicate look-up filters by the values that are set (truthy) and checks
            // them on the way; its refusals escape the handler as data-layer messages.
            if percent != 0 {
                check_threshold(percent).map_err(as_message)?;
            }
            let filter_kind = if kind.is_empty() {
                None
            } else {
                Some(limit_type(&kind).map_err(as_message)?)
            };
            let filter_percent = (percent != 0).then_some(percent);
            if quota::has_limit(tx, id, filter_kind, filter_percent)? {
                return Err(QuayError::invalid_request("Quota limit already exists"));
            }
            let percent = check_threshold(percent)?;
            let stored = limit_type(&kind)?;
            quota::insert_limit(tx, id, stored, percent)?;
            let meta = json!({
                "namespace": orgname,
                "type": kind,
                "threshold_percent": percent,
            });
            namespace::log(
                tx,
                "org_create_quota_limit",
                Some(performer),
                Some(ns.id),
                meta,
            )?;
            Ok(Created::Created)
        })
        .await
}

pub(super) async fn get_limit(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    quota_id: String,
    limit_id: String,
) -> Result<QuotaLimit, QuayError> {
    let cfg = state.config.clone();
    state
        .store
        .read(move |tx| {
            may_read(tx, &cfg, &who, &orgname)?;
            let (_, (id, _)) = quota_by_name(tx, &orgname, &quota_id)?;
            Ok(limit_view(quota_limit(tx, id, &limit_id)?))
        })
        .await
}

pub(super) async fn change_limit(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    (quota_id, limit_id): (String, String),
    body: Body<UpdateNamespaceQuotaLimit>,
) -> Result<QuotaView, QuayError> {
    let body = body.checked()?;
    let cfg = state.config.clone();
    let performer = may_write(&cfg, &who)?;
    state
        .store
        .write(move |tx| {
            let (ns, (id, bytes)) = quota_by_name(tx, &orgname, &quota_id)?;
            let (limit, previous_kind, previous_percent) = quota_limit(tx, id, &limit_id)?;
            // Both values are checked before anything is written (Quay saves the type first).
            let kind = match body.get("type") {
                Some(v) => limit_type(v.as_str().unwrap_or_default()).map_err(as_message)?,
                None => limit_type(&previous_kind)?,
            };
            let percent = match body.get("threshold_percent") {
                Some(v) => check_threshold(v.as_i64().unwrap_or(0)).map_err(as_message)?,
                None => previous_percent,
            };
            quota::update_limit(tx, limit, kind, percent)?;
            let meta = json!({
                "namespace": orgname,
                "type": body.get("type").cloned().unwrap_or(json!(previous_kind)),
                "threshold_percent": percent,
                "previous_type": previous_kind,
                "previous_threshold_percent": previous_percent,
            });
            namespace::log(
                tx,
                "org_change_quota_limit",
                Some(performer),
                Some(ns.id),
                meta,
            )?;
            quota_view(tx, &cfg, id, bytes, false)
        })
        .await
}

pub(super) async fn delete_limit(
    state: &AppState,
    who: Arc<Identity>,
    orgname: String,
    (quota_id, limit_id): (String, String),
) -> Result<(), QuayError> {
    let performer = may_write(&state.config, &who)?;
    state
        .store
        .write(move |tx| {
            let (ns, (id, _)) = quota_by_name(tx, &orgname, &quota_id)?;
            let (limit, kind, percent) = quota_limit(tx, id, &limit_id)?;
            quota::delete_limit(tx, limit)?;
            let meta = json!({
                "namespace": orgname,
                "limit_id": limit,
                "type": kind,
                "threshold_percent": percent,
            });
            namespace::log(
                tx,
                "org_delete_quota_limit",
                Some(performer),
                Some(ns.id),
                meta,
            )
        })
        .await
}
