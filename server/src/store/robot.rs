//! Robot accounts: rows of `namespace` with kind `robot`, named `owner+short`, owned by an
//! organization (or a user), with a token (a secret) and metadata.

use rusqlite::{OptionalExtension, Row, Transaction};

use crate::error::QuayError;
use crate::store::namespace;

/// A robot account.
#[derive(Debug, Clone, PartialEq)]
pub struct Robot {
    /// Id (in `namespace`).
    pub id: i64,
    /// Full name, `owner+short`.
    pub name: String,
    /// Creation time (stored form).
    pub created_at: String,
    /// Description (`""` when none).
    pub description: String,
    /// Unstructured metadata, JSON text (`{}` when none).
    pub unstructured_metadata: String,
    /// The token (sealed at rest, opened here).
    pub token: Option<String>,
}

impl Robot {
    /// The stored metadata as a JSON object (`{}` when unreadable).
    pub fn metadata(&self) -> std::collections::HashMap<String, serde_json::Value> {
        serde_json::from_str(&self.unstructured_metadata).unwrap_or_default()
    }
}

const COLUMNS: &str =
    "id, name, created_at, description, unstructured_metadata, quay_open(robot_token)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Robot> {
    Ok(Robot {
        id: r.get(0)?,
        name: r.get(1)?,
        created_at: r.get(2)?,
        description: r.get(3)?,
        unstructured_metadata: r.get(4)?,
        token: r.get(5)?,
    })
}

/// `owner+short`.
pub fn full_name(owner: &str, short: &str) -> String {
    format!("{owner}+{short}")
}

/// Looks a robot up by its full name.
pub fn lookup(tx: &Transaction<'_>, name: &str) -> Result<Option<Robot>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM namespace WHERE name = ?1 AND kind = 'robot'"
        ))?
        .query_row([name], from_row)
        .optional()?)
}

/// The robots of a namespace, most recently used first (none has been used here: then by age).
pub fn list(tx: &Transaction<'_>, owner_id: i64) -> Result<Vec<Robot>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM namespace WHERE kind = 'robot' AND owner_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([owner_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Names of the teams a robot belongs to, in team order.
pub fn teams(tx: &Transaction<'_>, robot_id: i64) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT t.name FROM team t JOIN team_member m ON m.team_id = t.id
         WHERE m.user_id = ?1 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([robot_id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

/// Names of the repositories a robot has a direct permission on, in repository order.
pub fn repositories(tx: &Transaction<'_>, robot_id: i64) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.name FROM repository r JOIN repo_user_permission p ON p.repo_id = r.id
         WHERE p.user_id = ?1 AND r.state != 'MARKED_FOR_DELETION' ORDER BY r.id",
    )?;
    let rows = stmt
        .query_map([robot_id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

/// Creates a robot with a fresh 64-character token; its e-mail is a random UUID, as in Quay.
pub fn create(
    tx: &Transaction<'_>,
    owner_id: i64,
    name: &str,
    description: &str,
    unstructured_metadata: &serde_json::Value,
) -> Result<Robot, QuayError> {
    let email = uuid::Uuid::new_v4().to_string();
    let id = namespace::insert(tx, name, "robot", Some(&email), None, Some(owner_id))?;
    let token = namespace::random_string(64, false);
    let description: String = description.chars().take(255).collect();
    tx.execute(
        "UPDATE namespace SET robot_token = quay_seal(?1), description = ?2, unstructured_metadata = ?3
         WHERE id = ?4",
        (&token, &description, unstructured_metadata.to_string(), id),
    )?;
    lookup(tx, name)?.ok_or_else(|| QuayError::internal("robot vanished"))
}

/// The robot's direct repository permissions: (repository name, public, role), in the order
/// they were granted.
pub fn permissions(
    tx: &Transaction<'_>,
    robot_id: i64,
) -> Result<Vec<(String, bool, String)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.name, r.visibility = 'public', p.role FROM repo_user_permission p
         JOIN repository r ON r.id = p.repo_id
         WHERE p.user_id = ?1 AND r.state != 'MARKED_FOR_DELETION' ORDER BY p.rowid",
    )?;
    let rows = stmt
        .query_map([robot_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Gives the robot `name` a fresh 64-character token (and, as Quay, a fresh e-mail); the old
/// token stops working. The robot as it is now.
pub fn regenerate(tx: &Transaction<'_>, name: &str) -> Result<Option<Robot>, QuayError> {
    let token = namespace::random_string(64, false);
    let email = uuid::Uuid::new_v4().to_string();
    let changed = tx.execute(
        "UPDATE namespace SET robot_token = quay_seal(?1), email = ?2 WHERE name = ?3 AND kind = 'robot'",
        (&token, &email, name),
    )?;
    if changed == 0 {
        return Ok(None);
    }
    lookup(tx, name)
}

/// The robot's federation configuration, (issuer, subject) in the order it was set; empty when
/// never set or cleared.
pub fn federation(tx: &Transaction<'_>, robot_id: i64) -> Result<Vec<(String, String)>, QuayError> {
    let stored: Option<String> = tx
        .prepare_cached("SELECT config FROM robot_federation WHERE robot_id = ?1")?
        .query_row([robot_id], |r| r.get(0))
        .optional()?;
    let entries: Vec<serde_json::Value> = stored
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    Ok(entries
        .iter()
        .filter_map(|e| {
            Some((
                e.get("issuer")?.as_str()?.to_string(),
                e.get("subject")?.as_str()?.to_string(),
            ))
        })
        .collect())
}

/// Replaces the robot's federation configuration (empty clears it).
pub fn set_federation(
    tx: &Transaction<'_>,
    robot_id: i64,
    entries: &[(String, String)],
) -> Result<(), QuayError> {
    let config: Vec<serde_json::Value> = entries
        .iter()
        .map(|(issuer, subject)| serde_json::json!({ "issuer": issuer, "subject": subject }))
        .collect();
    tx.execute(
        "INSERT INTO robot_federation (robot_id, config) VALUES (?1, ?2)
         ON CONFLICT (robot_id) DO UPDATE SET config = excluded.config",
        (robot_id, serde_json::Value::Array(config).to_string()),
    )?;
    Ok(())
}

/// Deletes a robot with its tokens, permissions and team memberships.
pub fn delete(tx: &Transaction<'_>, robot_id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM team_member WHERE user_id = ?1", [robot_id])?;
    tx.execute(
        "DELETE FROM repo_user_permission WHERE user_id = ?1",
        [robot_id],
    )?;
    tx.execute("DELETE FROM team_invite WHERE user_id = ?1", [robot_id])?;
    tx.execute(
        "DELETE FROM namespace WHERE id = ?1 AND kind = 'robot'",
        [robot_id],
    )?;
    Ok(())
}
