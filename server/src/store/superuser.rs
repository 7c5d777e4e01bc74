//! SQL of the superuser panel: namespace listings, renames and deletions, the registry-wide
//! audit log, service keys, namespace quotas and the registry-size calculation.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value;

use crate::error::QuayError;
use crate::store::namespace::{self, Namespace};

/// One page of namespaces of `kind` by id ascending, Quay's `paginate`: `limit + 1` rows are
/// read from `start_id` on; the extra row's id starts the next page. Without `limit`, all.
pub fn list_namespaces(
    tx: &Transaction<'_>,
    kind: &str,
    enabled_only: bool,
    start_id: Option<i64>,
    limit: Option<i64>,
) -> Result<(Vec<Namespace>, Option<i64>), QuayError> {
    let fetch = limit.map(|l| l.saturating_add(1).max(0)).unwrap_or(-1);
    let mut stmt = tx.prepare_cached(
        "SELECT id FROM namespace WHERE kind = ?1 AND (?2 = 0 OR enabled = 1) AND id >= ?3
         ORDER BY id LIMIT ?4",
    )?;
    let ids: Vec<i64> = stmt
        .query_map(
            params![kind, enabled_only, start_id.unwrap_or(i64::MIN), fetch],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let mut next = None;
    let mut rows = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        if let Some(l) = limit
            && i as i64 >= l
        {
            next = Some(id);
            break;
        }
        if let Some(ns) = namespace::by_id(tx, id)? {
            rows.push(ns);
        }
    }
    Ok((rows, next))
}

/// Whether a non-organization user already uses `email`.
pub fn user_email_taken(tx: &Transaction<'_>, email: &str) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM namespace WHERE kind = 'user' AND email = ?1)",
        )?
        .query_row([email], |r| r.get(0))?)
}

/// Sets a user's e-mail verification flag.
pub fn set_verified(tx: &Transaction<'_>, id: i64, verified: bool) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE namespace SET verified = ?2 WHERE id = ?1",
        params![id, verified],
    )?;
    Ok(())
}

/// Renames a namespace and its robots (`old+short` becomes `new+short`).
pub fn rename_namespace(tx: &Transaction<'_>, id: i64, new_name: &str) -> Result<(), QuayError> {
    let mut stmt =
        tx.prepare_cached("SELECT id, name FROM namespace WHERE owner_id = ?1 AND kind = 'robot'")?;
    let robots: Vec<(i64, String)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (robot_id, robot_name) in robots {
        let short = robot_name
            .split_once('+')
            .map(|(_, s)| s)
            .unwrap_or(&robot_name);
        tx.execute(
            "UPDATE namespace SET name = ?2 WHERE id = ?1",
            params![robot_id, format!("{new_name}+{short}")],
        )?;
    }
    tx.execute(
        "UPDATE namespace SET name = ?2 WHERE id = ?1",
        params![id, new_name],
    )?;
    Ok(())
}

/// The smallest user id: the account of service-level log entries (Quay's
/// `get_minimum_user_id`, used when `SERVICE_LOG_ACCOUNT_ID` is not set).
pub fn minimum_user_id(tx: &Transaction<'_>) -> Result<Option<i64>, QuayError> {
    Ok(tx
        .prepare_cached("SELECT min(id) FROM namespace")?
        .query_row([], |r| r.get(0))?)
}

/// A stored service key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRow {
    /// Key id.
    pub kid: String,
    /// Friendly name.
    pub name: String,
    /// Service.
    pub service: String,
    /// Public JWK (JSON).
    pub jwk: Value,
    /// Metadata (JSON object).
    pub metadata: Value,
    /// Creation time (stored form).
    pub created_at: String,
    /// Expiry (stored form).
    pub expiration: Option<String>,
    /// Rotation period, seconds.
    pub rotation_duration: Option<i64>,
    /// Approving user.
    pub approver_id: Option<i64>,
    /// Approval type, when approved.
    pub approval_type: Option<String>,
    /// Approval time (stored form).
    pub approved_at: Option<String>,
    /// Approval notes.
    pub approval_notes: Option<String>,
}

const KEY_COLUMNS: &str = "kid, name, service, jwk, metadata, created_at, expiration, rotation_duration, approver_id, approval_type, approved_at, approval_notes";

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KeyRow> {
    let jwk: String = r.get(3)?;
    let metadata: String = r.get(4)?;
    Ok(KeyRow {
        kid: r.get(0)?,
        name: r.get(1)?,
        service: r.get(2)?,
        jwk: serde_json::from_str(&jwk).unwrap_or(Value::Null),
        metadata: serde_json::from_str(&metadata)
            .unwrap_or_else(|_| Value::Object(Default::default())),
        created_at: r.get(5)?,
        expiration: r.get(6)?,
        rotation_duration: r.get(7)?,
        approver_id: r.get(8)?,
        approval_type: r.get(9)?,
        approved_at: r.get(10)?,
        approval_notes: r.get(11)?,
    })
}

/// Quay's `EXPIRED_SERVICE_KEY_TTL_SEC`: expired keys vanish a week after expiring.
pub const EXPIRED_KEY_TTL_S: i64 = 7 * 24 * 3600;
/// Quay's `UNAPPROVED_SERVICE_KEY_TTL_SEC`: unapproved keys are collected after a day.
pub const UNAPPROVED_KEY_TTL_S: i64 = 24 * 3600;

fn stale_expired(key: &KeyRow, now: chrono::DateTime<chrono::Utc>) -> bool {
    key.expiration
        .as_deref()
        .and_then(crate::time::parse_db)
        .is_some_and(|e| e <= now - chrono::Duration::seconds(EXPIRED_KEY_TTL_S))
}

/// Every key, except those expired for longer than the TTL (Quay's `list_all_keys`).
pub fn list_keys(tx: &Transaction<'_>) -> Result<Vec<KeyRow>, QuayError> {
    let now = chrono::Utc::now();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM service_key ORDER BY created_at, kid"
    ))?;
    let keys: Vec<KeyRow> = stmt
        .query_map([], key_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(keys
        .into_iter()
        .filter(|k| !stale_expired(k, now))
        .collect())
}

/// One key in any state; one expired for longer than the TTL only with `include_stale`
/// (Quay's `get_service_key` hides it, its delete and approve do not).
pub fn get_key(
    tx: &Transaction<'_>,
    kid: &str,
    include_stale: bool,
) -> Result<Option<KeyRow>, QuayError> {
    let key = tx
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM service_key WHERE kid = ?1"
        ))?
        .query_row([kid], key_from_row)
        .optional()?;
    Ok(key.filter(|k| include_stale || !stale_expired(k, chrono::Utc::now())))
}

/// Quay's `_gc_expired`: deletes the service's keys expired past the TTL and its unapproved
/// keys older than the unapproved TTL.
pub fn gc_keys(tx: &Transaction<'_>, service: &str) -> Result<(), QuayError> {
    let now = chrono::Utc::now();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM service_key WHERE service = ?1"
    ))?;
    let keys: Vec<KeyRow> = stmt
        .query_map([service], key_from_row)?
        .collect::<Result<_, _>>()?;
    for key in keys {
        let unapproved_stale = key.approval_type.is_none()
            && crate::time::parse_db(&key.created_at)
                .is_some_and(|c| c <= now - chrono::Duration::seconds(UNAPPROVED_KEY_TTL_S));
        if stale_expired(&key, now) || unapproved_stale {
            tx.execute("DELETE FROM service_key WHERE kid = ?1", [&key.kid])?;
        }
    }
    Ok(())
}

/// Stores a new key (not approved).
pub fn insert_key(tx: &Transaction<'_>, key: &KeyRow) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO service_key (kid, name, service, jwk, metadata, created_at, expiration, rotation_duration)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            key.kid,
            key.name,
            key.service,
            key.jwk.to_string(),
            key.metadata.to_string(),
            key.created_at,
            key.expiration,
            key.rotation_duration
        ],
    )?;
    Ok(())
}

/// Approves a key; `false` when it was already approved (nothing changes then).
pub fn approve_key(
    tx: &Transaction<'_>,
    kid: &str,
    approver: Option<i64>,
    approval_type: &str,
    notes: &str,
) -> Result<bool, QuayError> {
    let changed = tx.execute(
        "UPDATE service_key SET approver_id = ?2, approval_type = ?3, approved_at = ?4, approval_notes = ?5
         WHERE kid = ?1 AND approval_type IS NULL",
        params![kid, approver, approval_type, crate::time::now_db(), notes],
    )?;
    Ok(changed > 0)
}

/// Sets or removes a key's expiry.
pub fn set_key_expiration(
    tx: &Transaction<'_>,
    kid: &str,
    expiration: Option<&str>,
) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE service_key SET expiration = ?2 WHERE kid = ?1",
        params![kid, expiration],
    )?;
    Ok(())
}

/// Sets a key's friendly name and metadata.
pub fn update_key(
    tx: &Transaction<'_>,
    kid: &str,
    name: &str,
    metadata: &Value,
) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE service_key SET name = ?2, metadata = ?3 WHERE kid = ?1",
        params![kid, name, metadata.to_string()],
    )?;
    Ok(())
}

/// Deletes a key.
pub fn delete_key(tx: &Transaction<'_>, kid: &str) -> Result<(), QuayError> {
    tx.execute("DELETE FROM service_key WHERE kid = ?1", [kid])?;
    Ok(())
}

/// The registry-size row: (size_bytes, last_ran ms, queued, running).
pub fn registry_size(tx: &Transaction<'_>) -> Result<(i64, Option<i64>, bool, bool), QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT size_bytes, last_ran, queued, running FROM registry_size WHERE id = 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?)
}

/// Quay's `queue_registry_size_calculation`: (queued, already_queued).
pub fn queue_registry_size(tx: &Transaction<'_>) -> Result<(bool, bool), QuayError> {
    let (_, _, queued, running) = registry_size(tx)?;
    if queued || running {
        return Ok((true, true));
    }
    let updated = tx.execute("UPDATE registry_size SET queued = 1 WHERE id = 1", [])?;
    Ok((updated != 0, false))
}

/// Whether a user or organization other than `except_id` has the e-mail address `email` (Quay's
/// unique index over both).
pub fn email_taken_by_other(
    tx: &Transaction<'_>,
    email: &str,
    except_id: i64,
) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM namespace
             WHERE kind IN ('user', 'org') AND email = ?1 AND id <> ?2)",
        )?
        .query_row(params![email, except_id], |r| r.get(0))?)
}

/// A user's changes from the panel (Quay's `change_password`, `update_email` with
/// `auto_verify`, `update_enabled`), each only when given.
pub fn update_user(
    tx: &Transaction<'_>,
    id: i64,
    password_hash: Option<&str>,
    email: Option<&str>,
    enabled: Option<bool>,
) -> Result<(), QuayError> {
    if let Some(hash) = password_hash {
        tx.execute(
            "UPDATE namespace SET password_hash = ?2 WHERE id = ?1",
            params![id, hash],
        )?;
    }
    if let Some(email) = email {
        tx.execute(
            "UPDATE namespace SET email = ?2, verified = 1 WHERE id = ?1",
            params![id, email],
        )?;
    }
    if let Some(enabled) = enabled {
        tx.execute(
            "UPDATE namespace SET enabled = ?2 WHERE id = ?1",
            params![id, enabled],
        )?;
    }
    Ok(())
}

/// Quay's `convert_user_to_organization`: the user becomes an organization nobody can sign in
/// as, loses its own repository permissions, and gets an `owners` team (admin role) whose only
/// member is `admin_id`. Its tokens stay, as in Quay.
pub fn convert_user_to_organization(
    tx: &Transaction<'_>,
    user_id: i64,
    admin_id: i64,
) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE namespace SET kind = 'org', password_hash = NULL WHERE id = ?1",
        [user_id],
    )?;
    tx.execute(
        "DELETE FROM repo_user_permission WHERE user_id = ?1",
        [user_id],
    )?;
    let owners = crate::store::team::create(tx, user_id, "owners", "admin", "")?;
    crate::store::team::add_member(tx, owners.id, admin_id)
}

/// The first admin-role team of `org_id` (Quay's `add_user_as_admin` takes whichever the
/// database returns first), if any.
pub fn first_admin_team(tx: &Transaction<'_>, org_id: i64) -> Result<Option<i64>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT id FROM team WHERE org_id = ?1 AND role = 'admin' ORDER BY id LIMIT 1",
        )?
        .query_row([org_id], |r| r.get(0))
        .optional()?)
}
