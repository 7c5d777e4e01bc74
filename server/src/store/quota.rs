//! Namespace quotas and their limits (warning and reject thresholds).

use rusqlite::{OptionalExtension, Transaction};

use crate::error::QuayError;

/// The quotas of a namespace: (id, limit in bytes).
pub fn quotas_of(tx: &Transaction<'_>, namespace_id: i64) -> Result<Vec<(i64, i64)>, QuayError> {
    let mut stmt =
        tx.prepare_cached("SELECT id, limit_bytes FROM quota WHERE namespace_id = ?1")?;
    let rows = stmt.query_map([namespace_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The thresholds of a quota in creation order: (id, type, percent).
pub fn limits_of(
    tx: &Transaction<'_>,
    quota_id: i64,
) -> Result<Vec<(i64, String, i64)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, type, limit_percent FROM quota_limit WHERE quota_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([quota_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The namespace's own quota in bytes, if it has one.
pub fn configured_limit(tx: &Transaction<'_>, namespace_id: i64) -> Result<Option<i64>, QuayError> {
    Ok(tx
        .prepare_cached("SELECT limit_bytes FROM quota WHERE namespace_id = ?1")?
        .query_row([namespace_id], |r| r.get(0))
        .optional()?)
}

/// A namespace's quota: (id, bytes).
pub fn quota_of(tx: &Transaction<'_>, namespace_id: i64) -> Result<Option<(i64, i64)>, QuayError> {
    Ok(tx
        .prepare_cached("SELECT id, limit_bytes FROM quota WHERE namespace_id = ?1")?
        .query_row([namespace_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The quota `quota_id` of a namespace: (id, bytes).
pub fn quota_by_id(
    tx: &Transaction<'_>,
    namespace_id: i64,
    quota_id: i64,
) -> Result<Option<(i64, i64)>, QuayError> {
    Ok(tx
        .prepare_cached("SELECT id, limit_bytes FROM quota WHERE namespace_id = ?1 AND id = ?2")?
        .query_row([namespace_id, quota_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Creates a namespace's quota.
pub fn insert_quota(
    tx: &Transaction<'_>,
    namespace_id: i64,
    limit_bytes: i64,
) -> Result<i64, QuayError> {
    tx.execute(
        "INSERT INTO quota (namespace_id, limit_bytes) VALUES (?1, ?2)",
        [namespace_id, limit_bytes],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Changes a quota's size.
pub fn update_quota(
    tx: &Transaction<'_>,
    quota_id: i64,
    limit_bytes: i64,
) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE quota SET limit_bytes = ?2 WHERE id = ?1",
        [quota_id, limit_bytes],
    )?;
    Ok(())
}

/// Deletes a quota and its limits.
pub fn delete_quota(tx: &Transaction<'_>, quota_id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM quota_limit WHERE quota_id = ?1", [quota_id])?;
    tx.execute("DELETE FROM quota WHERE id = ?1", [quota_id])?;
    Ok(())
}

/// A limit of a quota: (id, type, percent).
pub type LimitRow = (i64, String, i64);

/// The limit `limit_id` if it belongs to the quota `quota_id`.
pub fn limit_of(
    tx: &Transaction<'_>,
    quota_id: i64,
    limit_id: i64,
) -> Result<Option<LimitRow>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT id, type, limit_percent FROM quota_limit WHERE quota_id = ?1 AND id = ?2",
        )?
        .query_row([quota_id, limit_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

/// Whether the quota has a limit of `kind` (and, when given, at `percent`): Quay's duplicate
/// look-up, which filters only by the values that are set.
pub fn has_limit(
    tx: &Transaction<'_>,
    quota_id: i64,
    kind: Option<&str>,
    percent: Option<i64>,
) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM quota_limit WHERE quota_id = ?1
                 AND (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR limit_percent = ?3))",
        )?
        .query_row(rusqlite::params![quota_id, kind, percent], |r| r.get(0))?)
}

/// Adds a limit to a quota; its id.
pub fn insert_limit(
    tx: &Transaction<'_>,
    quota_id: i64,
    kind: &str,
    percent: i64,
) -> Result<i64, QuayError> {
    tx.execute(
        "INSERT INTO quota_limit (quota_id, type, limit_percent) VALUES (?1, ?2, ?3)",
        rusqlite::params![quota_id, kind, percent],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Replaces a limit's type and percent.
pub fn update_limit(
    tx: &Transaction<'_>,
    limit_id: i64,
    kind: &str,
    percent: i64,
) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE quota_limit SET type = ?2, limit_percent = ?3 WHERE id = ?1",
        rusqlite::params![limit_id, kind, percent],
    )?;
    Ok(())
}

/// Removes a limit.
pub fn delete_limit(tx: &Transaction<'_>, limit_id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM quota_limit WHERE id = ?1", [limit_id])?;
    Ok(())
}
