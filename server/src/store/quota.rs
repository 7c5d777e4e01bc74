//! Namespace quotas and their limits, as the namespace views read them.

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
