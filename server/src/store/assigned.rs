//! Assigned authorizations: OAuth tokens an organization administrator asks a user to grant
//! (Quay's `OauthAssignedToken`), with the application and organization they name.

use rusqlite::{Row, Transaction, params};
use serde_json::json;

use crate::error::QuayError;

/// One assignment, with its application.
#[derive(Debug, Clone, PartialEq)]
pub struct Assigned {
    /// The assignment's id.
    pub uuid: String,
    /// Where the browser goes after granting it.
    pub redirect_uri: String,
    /// The scopes to grant (Quay's scope string).
    pub scope: String,
    /// The OAuth response type.
    pub response_type: String,
    /// The application's name.
    pub app_name: String,
    /// Its client id.
    pub client_id: String,
    /// Its description.
    pub app_description: String,
    /// Its application URI.
    pub app_uri: String,
    /// Its avatar e-mail, if any.
    pub app_avatar_email: Option<String>,
    /// The owning organization's name.
    pub org_name: String,
    /// Its e-mail, if any.
    pub org_email: Option<String>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Assigned> {
    Ok(Assigned {
        uuid: r.get(0)?,
        redirect_uri: r.get(1)?,
        scope: r.get(2)?,
        response_type: r.get(3)?,
        app_name: r.get(4)?,
        client_id: r.get(5)?,
        app_description: r.get(6)?,
        app_uri: r.get(7)?,
        app_avatar_email: r.get(8)?,
        org_name: r.get(9)?,
        org_email: r.get(10)?,
    })
}

/// What an assignment asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment<'a> {
    /// The application's row id.
    pub app_id: i64,
    /// The user asked to grant it.
    pub user_id: i64,
    /// The user's name (the notification's metadata).
    pub username: &'a str,
    /// Where the browser goes after granting it.
    pub redirect_uri: &'a str,
    /// The scopes to grant.
    pub scope: &'a str,
    /// The OAuth response type.
    pub response_type: &'a str,
}

/// Stores the assignment and the user's `assigned_authorization` notification (Quay's
/// `assign_token_to_user`); its id.
pub fn create(tx: &Transaction<'_>, a: &Assignment<'_>) -> Result<String, QuayError> {
    let uuid = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO assigned_token (uuid, app_id, user_id, redirect_uri, scope, response_type)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            uuid,
            a.app_id,
            a.user_id,
            a.redirect_uri,
            a.scope,
            a.response_type
        ],
    )?;
    super::notification::create(
        tx,
        "assigned_authorization",
        a.user_id,
        &json!({ "username": a.username }),
    )?;
    Ok(uuid)
}

/// The assignments of `user_id`, oldest first.
pub fn list(tx: &Transaction<'_>, user_id: i64) -> Result<Vec<Assigned>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT t.uuid, t.redirect_uri, t.scope, t.response_type, a.name, a.client_id,
                a.description, a.application_uri, a.avatar_email, n.name, n.email
         FROM assigned_token t
         JOIN oauth_application a ON a.id = t.app_id
         JOIN namespace n ON n.id = a.org_id
         WHERE t.user_id = ?1 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([user_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Deletes the assignment `uuid` of `user_id`; whether there was one.
pub fn delete(tx: &Transaction<'_>, user_id: i64, uuid: &str) -> Result<bool, QuayError> {
    Ok(tx.execute(
        "DELETE FROM assigned_token WHERE user_id = ?1 AND uuid = ?2",
        params![user_id, uuid],
    )? > 0)
}
