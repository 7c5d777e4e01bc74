//! Stars (Quay's `star` table): which repositories a user starred.

use rusqlite::{OptionalExtension, Transaction};

use super::repository::{COLUMNS, Repo, from_row};
use crate::error::QuayError;
use crate::time::now_db;

/// Stars `repo_id` for `user_id`; starring twice keeps one star (Quay ignores the duplicate).
pub fn add(tx: &Transaction<'_>, user_id: i64, repo_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO star (user_id, repository_id, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (user_id, repository_id) DO NOTHING",
        (user_id, repo_id, now_db()),
    )?;
    Ok(())
}

/// Removes `user_id`'s star from `repo_id` (nothing when there is none).
pub fn remove(tx: &Transaction<'_>, user_id: i64, repo_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM star WHERE user_id = ?1 AND repository_id = ?2",
        (user_id, repo_id),
    )?;
    Ok(())
}

/// Whether `user_id` starred `repo_id`.
pub fn is_starred(tx: &Transaction<'_>, user_id: i64, repo_id: i64) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM star WHERE user_id = ?1 AND repository_id = ?2")?
        .query_row((user_id, repo_id), |_| Ok(()))
        .optional()?
        .is_some())
}

/// How many users starred `repo_id`.
pub fn count(tx: &Transaction<'_>, repo_id: i64) -> Result<i64, QuayError> {
    Ok(tx
        .prepare_cached("SELECT COUNT(*) FROM star WHERE repository_id = ?1")?
        .query_row([repo_id], |r| r.get(0))?)
}

/// Up to `limit` image repositories `user_id` starred, from id `start_id` on, by id (Quay's
/// `get_user_starred_repositories`: no permission filter; repositories being deleted left out).
pub fn starred(
    tx: &Transaction<'_>,
    user_id: i64,
    start_id: Option<i64>,
    limit: i64,
) -> Result<Vec<Repo>, QuayError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM star s
         JOIN repository r ON r.id = s.repository_id
         JOIN namespace n ON n.id = r.namespace_id
         WHERE s.user_id = ?1 AND r.kind = 'image' AND r.state != 'MARKED_FOR_DELETION'
           AND (?2 IS NULL OR r.id >= ?2)
         ORDER BY r.id LIMIT ?3"
    );
    let rows = tx
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![user_id, start_id, limit], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
