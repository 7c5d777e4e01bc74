//! Web sessions: the `_csrf_token` cookie's key (stored as its SHA-256), its CSRF token, and,
//! once signed in, its user and sign-in time.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use rusqlite::{OptionalExtension, Transaction, params};

use super::access::hash_token;
use crate::error::QuayError;
use crate::time::{db_form, now_db, parse_db};

/// A live session as a request finds it.
#[derive(Debug, Clone)]
pub struct WebSession {
    /// Its row.
    pub id: i64,
    /// The signed-in user (id, name), if any and still an enabled user.
    pub user: Option<(i64, String)>,
    /// The token writes must carry (`X-CSRF-Token`).
    pub csrf_token: String,
    /// When its user signed in.
    pub login_time: Option<DateTime<Utc>>,
}

/// A new session's secrets: the cookie's key and the CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value.
    pub key: String,
    /// The CSRF token (Quay's: 48 random bytes, URL-safe base64).
    pub csrf_token: String,
}

fn random(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE.encode(buf)
}

/// Looks the cookie `key` up; `None` when unknown or expired. A session whose user is gone,
/// disabled or no longer a user reads as anonymous (Quay's `validate_session_cookie`).
pub fn lookup(tx: &Transaction<'_>, key: &str) -> Result<Option<WebSession>, QuayError> {
    let row = tx
        .prepare_cached(
            "SELECT s.id, s.user_id, n.name, n.kind = 'user' AND n.enabled = 1, s.csrf_token,
                    s.login_time
             FROM web_session s LEFT JOIN namespace n ON n.id = s.user_id
             WHERE s.key_hash = ?1 AND s.expires_at > ?2",
        )?
        .query_row(params![hash_token(key), now_db()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<bool>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    Ok(row.map(
        |(id, user_id, name, usable, csrf_token, login)| WebSession {
            id,
            user: match (user_id, name, usable) {
                (Some(id), Some(name), Some(true)) => Some((id, name)),
                _ => None,
            },
            csrf_token,
            login_time: login.as_deref().and_then(parse_db),
        },
    ))
}

/// Starts a session for `user_id` (signed in now) or an anonymous one, living `lifetime_s`.
pub fn create(
    tx: &Transaction<'_>,
    user_id: Option<i64>,
    lifetime_s: i64,
) -> Result<NewSession, QuayError> {
    let new = NewSession {
        key: random(32),
        csrf_token: random(48),
    };
    let now = Utc::now();
    let expires = now + Duration::seconds(lifetime_s);
    tx.execute(
        "INSERT INTO web_session (key_hash, user_id, csrf_token, login_time, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            hash_token(&new.key),
            user_id,
            new.csrf_token,
            user_id.map(|_| db_form(&now)),
            db_form(&expires)
        ],
    )?;
    Ok(new)
}

/// Ends one session.
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM web_session WHERE id = ?1", [id])?;
    Ok(())
}

/// Ends every session of `user_id` but keeps `keep` as an anonymous session (its CSRF token
/// stays valid, as Flask's session keeps it after `logout_user`).
pub fn sign_out(tx: &Transaction<'_>, user_id: i64, keep: Option<i64>) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM web_session WHERE user_id = ?1 AND id IS NOT ?2",
        params![user_id, keep],
    )?;
    if let Some(id) = keep {
        tx.execute(
            "UPDATE web_session SET user_id = NULL, login_time = NULL WHERE id = ?1",
            [id],
        )?;
    }
    Ok(())
}

/// Forgets expired sessions.
pub fn purge_expired(tx: &Transaction<'_>) -> Result<(), QuayError> {
    tx.execute("DELETE FROM web_session WHERE expires_at <= ?1", [now_db()])?;
    Ok(())
}
