//! App-specific tokens (Quay's `appspecificauthtoken`): a user's passwords for registry clients.
//!
//! A token's code is 120 characters: the first 60 (`token_name`) find the row, the other 60
//! (`token_secret`) are sealed at rest. Expired tokens stay until revoked (Quay's worker removes
//! them later); reads by uuid skip them, as Quay's do.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::error::QuayError;
use crate::time::now_db;

/// Characters of the looked-up half of a code (Quay's `TOKEN_NAME_PREFIX_LENGTH`).
pub const NAME_LENGTH: usize = 60;
/// Characters of the secret half (Quay's `MINIMUM_TOKEN_SUFFIX_LENGTH`).
pub const SECRET_LENGTH: usize = 60;

/// A row of `app_token`, its secret opened.
#[derive(Clone, PartialEq)]
pub struct AppToken {
    /// Row id.
    pub id: i64,
    /// Public id.
    pub uuid: String,
    /// The owner.
    pub user_id: i64,
    /// Title given at creation.
    pub title: String,
    /// The whole code (name then secret).
    pub code: String,
    /// Stored timestamps.
    pub created_at: String,
    /// Expiry (stored form), if any.
    pub expiration: Option<String>,
    /// Last use by a registry client (stored form), if any.
    pub last_accessed: Option<String>,
}

impl std::fmt::Debug for AppToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppToken")
            .field("uuid", &self.uuid)
            .field("user_id", &self.user_id)
            .field("title", &self.title)
            .field("code", &"<redacted>")
            .field("expiration", &self.expiration)
            .finish()
    }
}

const COLUMNS: &str = "id, uuid, user_id, title, token_name || quay_open(token_secret), created_at, expiration, last_accessed";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AppToken> {
    Ok(AppToken {
        id: r.get(0)?,
        uuid: r.get(1)?,
        user_id: r.get(2)?,
        title: r.get(3)?,
        code: r.get(4)?,
        created_at: r.get(5)?,
        expiration: r.get(6)?,
        last_accessed: r.get(7)?,
    })
}

/// Creates a token for `user_id` expiring at `expiration` (stored form); the new row.
pub fn create(
    tx: &Transaction<'_>,
    user_id: i64,
    title: &str,
    expiration: Option<&str>,
) -> Result<AppToken, QuayError> {
    let code = super::namespace::random_string(NAME_LENGTH + SECRET_LENGTH, true);
    let (name, secret) = code.split_at(NAME_LENGTH);
    let uuid = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO app_token (uuid, user_id, title, token_name, token_secret, created_at, expiration)
         VALUES (?1, ?2, ?3, ?4, quay_seal(?5), ?6, ?7)",
        params![uuid, user_id, title, name, secret, now_db(), expiration],
    )?;
    by_uuid(tx, &uuid, Some(user_id), false)?
        .ok_or_else(|| QuayError::internal("app token vanished"))
}

/// The tokens of `user_id` (every user's with `None`), in creation order; with `soon` (stored
/// form), only those expiring after now and no later than `soon`.
pub fn list(
    tx: &Transaction<'_>,
    user_id: Option<i64>,
    soon: Option<&str>,
) -> Result<Vec<AppToken>, QuayError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM app_token
         WHERE (?1 IS NULL OR user_id = ?1)
           AND (?2 IS NULL OR (expiration IS NOT NULL AND expiration <= ?2 AND expiration > ?3))
         ORDER BY id"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![user_id, soon, now_db()], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// One token by uuid, of `owner` when given; `unexpired_only` leaves expired ones out.
pub fn by_uuid(
    tx: &Transaction<'_>,
    uuid: &str,
    owner: Option<i64>,
    unexpired_only: bool,
) -> Result<Option<AppToken>, QuayError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM app_token
         WHERE uuid = ?1 AND (?2 IS NULL OR user_id = ?2)
           AND (NOT ?3 OR expiration IS NULL OR expiration > ?4)"
    );
    Ok(tx
        .prepare_cached(&sql)?
        .query_row(params![uuid, owner, unexpired_only, now_db()], from_row)
        .optional()?)
}

/// Deletes one token.
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM app_token WHERE id = ?1", [id])?;
    Ok(())
}
