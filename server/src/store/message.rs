//! Global messages: what superusers publish to every user.

use rusqlite::Transaction;

use crate::error::QuayError;

/// A stored message: (uuid, content, severity, media type).
pub type MessageRow = (String, String, String, String);

/// Every message, oldest first.
pub fn list(tx: &Transaction<'_>) -> Result<Vec<MessageRow>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT uuid, content, severity, media_type FROM global_message ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stores a message under a new uuid; the uuid.
pub fn insert(
    tx: &Transaction<'_>,
    content: &str,
    severity: &str,
    media_type: &str,
) -> Result<String, QuayError> {
    let uuid = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO global_message (uuid, content, severity, media_type) VALUES (?1, ?2, ?3, ?4)",
        (&uuid, content, severity, media_type),
    )?;
    Ok(uuid)
}

/// Removes the message `uuid`, if there is one.
pub fn delete(tx: &Transaction<'_>, uuid: &str) -> Result<(), QuayError> {
    tx.execute("DELETE FROM global_message WHERE uuid = ?1", [uuid])?;
    Ok(())
}
