//! The caller's authorizations: the OAuth access tokens acting as a user, with the application
//! that issued them and the namespace owning it (Quay's `list_access_tokens_for_user`).

use rusqlite::{OptionalExtension, Row, Transaction};

use crate::error::QuayError;

/// One access token of a user, with its application.
#[derive(Debug, Clone, PartialEq)]
pub struct Authorization {
    /// The token's id.
    pub uuid: String,
    /// Its scope string.
    pub scope: String,
    /// The application's name.
    pub app_name: String,
    /// Its description.
    pub app_description: String,
    /// Its application URI.
    pub app_uri: String,
    /// Its avatar e-mail, if any.
    pub app_avatar_email: Option<String>,
    /// The owning namespace's name.
    pub owner_name: String,
    /// The owning namespace's e-mail, if any.
    pub owner_email: Option<String>,
}

const SELECT: &str =
    "SELECT t.uuid, t.scope, a.name, a.description, a.application_uri, a.avatar_email,
        n.name, n.email
     FROM access_token t
     JOIN oauth_application a ON a.id = t.app_id
     JOIN namespace n ON n.id = a.org_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Authorization> {
    Ok(Authorization {
        uuid: r.get(0)?,
        scope: r.get(1)?,
        app_name: r.get(2)?,
        app_description: r.get(3)?,
        app_uri: r.get(4)?,
        app_avatar_email: r.get(5)?,
        owner_name: r.get(6)?,
        owner_email: r.get(7)?,
    })
}

/// Every token acting as `user_id` that an application issued (expired ones too), oldest first.
pub fn list(tx: &Transaction<'_>, user_id: i64) -> Result<Vec<Authorization>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!("{SELECT} WHERE t.user_id = ?1 ORDER BY t.id"))?;
    let rows = stmt
        .query_map([user_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The token `uuid` if it acts as `user_id`.
pub fn get(
    tx: &Transaction<'_>,
    user_id: i64,
    uuid: &str,
) -> Result<Option<Authorization>, QuayError> {
    Ok(tx
        .prepare_cached(&format!("{SELECT} WHERE t.user_id = ?1 AND t.uuid = ?2"))?
        .query_row((user_id, uuid), from_row)
        .optional()?)
}

/// Revokes the token `uuid` if it acts as `user_id` and an application issued it; whether it did.
pub fn revoke(tx: &Transaction<'_>, user_id: i64, uuid: &str) -> Result<bool, QuayError> {
    Ok(tx.execute(
        "DELETE FROM access_token WHERE user_id = ?1 AND uuid = ?2 AND app_id IS NOT NULL",
        (user_id, uuid),
    )? > 0)
}
