//! Quay's instance service key (`boot.py`, `setup_instance_service_key`): at every start of a
//! writable registry, a new RSA key of the service `INSTANCE_SERVICE_KEY_SERVICE`, named after
//! the instance's audience (`PREFERRED_URL_SCHEME://SERVER_HOSTNAME`, with the port), approved
//! automatically (no approver), expiring after `INSTANCE_SERVICE_KEY_EXPIRATION` minutes.
//! listServiceKeys shows it as a real Quay does; earlier instances' keys stay until they expire
//! and are collected.

use serde_json::json;

use super::support::generate_key;
use crate::error::QuayError;
use crate::models::ServiceKeyApprovalType;
use crate::state::AppState;
use crate::store::superuser as db;
use crate::time::db_form;
use crate::time::now_db;

/// The audience Quay names its instance key after: the scheme and `SERVER_HOSTNAME` (its port,
/// or the scheme's default), else the address the server listens on.
pub fn audience(cfg: &crate::config::Config, listening: std::net::SocketAddr) -> String {
    let scheme = cfg.PREFERRED_URL_SCHEME.as_str();
    match cfg.SERVER_HOSTNAME.as_deref() {
        Some(host) if host.contains(':') => format!("{scheme}://{host}"),
        Some(host) => {
            let port = if scheme == "https" { 443 } else { 80 };
            format!("{scheme}://{host}:{port}")
        }
        None => format!("{scheme}://{listening}"),
    }
}

/// Creates this start's instance key; its kid, or `None` on a read-only registry (which, as
/// Quay, creates nothing).
pub async fn setup(state: &AppState, audience: String) -> Result<Option<String>, QuayError> {
    if state.config.REGISTRY_STATE == "readonly" {
        return Ok(None);
    }
    let key = tokio::task::spawn_blocking(generate_key)
        .await
        .map_err(QuayError::internal)??;
    let service = state.config.INSTANCE_SERVICE_KEY_SERVICE.clone();
    let minutes = state.config.INSTANCE_SERVICE_KEY_EXPIRATION;
    state
        .store
        .write(move |tx| {
            db::gc_keys(tx, &service)?;
            let expiration = chrono::Utc::now() + chrono::Duration::minutes(minutes);
            db::insert_key(
                tx,
                &db::KeyRow {
                    kid: key.kid.clone(),
                    name: audience,
                    service,
                    jwk: key.jwk,
                    metadata: json!({"created_by": "CLI tool"}),
                    created_at: now_db(),
                    expiration: Some(db_form(&expiration)),
                    rotation_duration: None,
                    approver_id: None,
                    approval_type: None,
                    approved_at: None,
                    approval_notes: None,
                },
            )?;
            db::approve_key(
                tx,
                &key.kid,
                None,
                ServiceKeyApprovalType::Automatic.as_str(),
                "",
            )?;
            Ok(Some(key.kid))
        })
        .await
}
