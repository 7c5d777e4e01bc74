//! User notifications (Quay's `notification`): addressed to a user, or to an organization and
//! then read by the members of its admin teams.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::Value;

use crate::error::QuayError;
use crate::time::now_db;

/// One stored notification, with its target's name and kind.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Its public id.
    pub uuid: String,
    /// Quay's notification kind (`org_team_invite`, ...).
    pub kind: String,
    /// The organization it is addressed to; `None` when addressed to a user.
    pub organization: Option<String>,
    /// What the kind carries.
    pub metadata: Value,
    /// Whether the user dismissed it.
    pub dismissed: bool,
    /// When it was created, as stored.
    pub created_at: String,
}

const COLUMNS: &str = "nt.uuid, nt.kind, CASE WHEN n.kind = 'org' THEN n.name END, nt.metadata, \
                       nt.dismissed, nt.created_at";

/// The notifications `user_id` reads: its own and those of the organizations where it is in an
/// admin team (Quay's `list_notifications`).
const VISIBLE: &str = "(nt.target_id = ?1 OR nt.target_id IN (
        SELECT t.org_id FROM team t JOIN team_member m ON m.team_id = t.id
        WHERE t.role = 'admin' AND m.user_id = ?1))";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Notification> {
    let metadata: String = r.get(3)?;
    Ok(Notification {
        uuid: r.get(0)?,
        kind: r.get(1)?,
        organization: r.get(2)?,
        // Written by `create` from a JSON value; an unreadable one reads as no metadata.
        metadata: serde_json::from_str(&metadata)
            .unwrap_or_else(|_| Value::Object(Default::default())),
        dismissed: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// Stores a notification of `kind` for `target_id` (a user or an organization) and returns its
/// id.
pub fn create(
    tx: &Transaction<'_>,
    kind: &str,
    target_id: i64,
    metadata: &Value,
) -> Result<String, QuayError> {
    let uuid = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO notification (uuid, kind, target_id, metadata, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![uuid, kind, target_id, metadata.to_string(), now_db()],
    )?;
    Ok(uuid)
}

/// Up to `limit` of the not dismissed notifications `user_id` reads, newest first, after
/// skipping `offset`.
pub fn list(
    tx: &Transaction<'_>,
    user_id: i64,
    offset: i64,
    limit: i64,
) -> Result<Vec<Notification>, QuayError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notification nt JOIN namespace n ON n.id = nt.target_id
         WHERE {VISIBLE} AND nt.dismissed = 0
         ORDER BY nt.created_at DESC, nt.id DESC LIMIT ?2 OFFSET ?3"
    );
    let rows = tx
        .prepare_cached(&sql)?
        .query_map(params![user_id, limit, offset], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The notification `uuid` if `user_id` reads it, dismissed or not.
pub fn lookup(
    tx: &Transaction<'_>,
    user_id: i64,
    uuid: &str,
) -> Result<Option<Notification>, QuayError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notification nt JOIN namespace n ON n.id = nt.target_id
         WHERE {VISIBLE} AND nt.uuid = ?2"
    );
    Ok(tx
        .prepare_cached(&sql)?
        .query_row(params![user_id, uuid], from_row)
        .optional()?)
}

/// Marks the notification `uuid` dismissed or not.
pub fn set_dismissed(tx: &Transaction<'_>, uuid: &str, dismissed: bool) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE notification SET dismissed = ?2 WHERE uuid = ?1",
        params![uuid, dismissed],
    )?;
    Ok(())
}

/// Deletes the notifications of `kind` addressed to `target_id` (Quay's
/// `delete_notifications_by_kind`).
pub fn delete_of_kind(tx: &Transaction<'_>, target_id: i64, kind: &str) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM notification WHERE target_id = ?1 AND kind = ?2",
        params![target_id, kind],
    )?;
    Ok(())
}
