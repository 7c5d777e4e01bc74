//! The queries of the access checks: a token's user, a user's roles in an organization and on
//! a repository.

use rusqlite::{OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::error::QuayError;

/// SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// How often a token's last access is recorded at most (Quay, too, updates it only once the
/// recorded time is older than a threshold): reads stay reads.
pub const LAST_ACCESS_INTERVAL_S: i64 = 60;

/// The user a bearer token acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUser {
    /// The user's id.
    pub id: i64,
    /// The user's name.
    pub name: String,
    /// The token's scope string.
    pub scope: String,
    /// Whether the token's recorded last access is older than [`LAST_ACCESS_INTERVAL_S`] (or
    /// absent): [`touch_token`] should record this one.
    pub stale: bool,
    /// Seconds until the recorded last access is due again (0 when stale).
    pub fresh_for_s: i64,
    /// When the token expires, if it does.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The token as audit entries name it.
    pub token: super::audit::OAuthToken,
}

/// The enabled user a bearer token acts as, if the token is known and unexpired. Reads only.
pub fn token_user(tx: &Transaction<'_>, token: &str) -> Result<Option<TokenUser>, QuayError> {
    let now = chrono::Utc::now();
    type Row = (
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        super::audit::OAuthToken,
    );
    let row: Option<Row> = tx
        .prepare_cached(
            "SELECT n.id, n.name, t.scope, t.last_accessed, t.expires_at, t.id, a.client_id, a.name
             FROM access_token t
             JOIN namespace n ON n.id = t.user_id
             LEFT JOIN oauth_application a ON a.id = t.app_id
             WHERE t.token_hash = ?1 AND n.enabled = 1 AND n.kind = 'user'
               AND (t.expires_at IS NULL OR t.expires_at > ?2)",
        )?
        .query_row((hash_token(token), crate::time::now_db()), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                super::audit::OAuthToken {
                    id: r.get(5)?,
                    client_id: r.get(6)?,
                    application: r.get(7)?,
                },
            ))
        })
        .optional()?;
    Ok(row.map(|(id, name, scope, last, expires, token)| {
        let age = last
            .as_deref()
            .and_then(crate::time::parse_db)
            .map(|t| (now - t).num_seconds());
        let fresh_for_s = age.map_or(0, |a| (LAST_ACCESS_INTERVAL_S - a).max(0));
        TokenUser {
            id,
            name,
            scope,
            stale: fresh_for_s == 0,
            fresh_for_s,
            expires_at: expires.as_deref().and_then(crate::time::parse_db),
            token,
        }
    }))
}

/// Records an access of the token now, unless one was recorded within the interval (another
/// request may have done it meanwhile).
pub fn touch_token(tx: &Transaction<'_>, token: &str) -> Result<(), QuayError> {
    let now = chrono::Utc::now();
    let threshold = (now - chrono::Duration::seconds(LAST_ACCESS_INTERVAL_S))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    tx.execute(
        "UPDATE access_token SET last_accessed = ?1
         WHERE token_hash = ?2 AND (last_accessed IS NULL OR last_accessed <= ?3)",
        (crate::time::now_db(), hash_token(token), threshold),
    )?;
    Ok(())
}

/// The strongest role of the teams of `org_id` that `user_id` is in.
pub fn org_role(
    tx: &Transaction<'_>,
    org_id: i64,
    user_id: i64,
) -> Result<Option<String>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT t.role FROM team t JOIN team_member m ON m.team_id = t.id
             WHERE t.org_id = ?1 AND m.user_id = ?2
             ORDER BY CASE t.role WHEN 'admin' THEN 0 WHEN 'creator' THEN 1 ELSE 2 END LIMIT 1",
        )?
        .query_row((org_id, user_id), |r| r.get(0))
        .optional()?)
}

/// Every role `user_id` holds on a repository: direct, through teams, as an admin of its
/// organization, as its namespace's owner.
pub fn repo_roles(
    tx: &Transaction<'_>,
    repo_id: i64,
    user_id: i64,
) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT role FROM repo_user_permission WHERE repo_id = ?1 AND user_id = ?2
         UNION ALL
         SELECT p.role FROM repo_team_permission p JOIN team_member m ON m.team_id = p.team_id
           WHERE p.repo_id = ?1 AND m.user_id = ?2
         UNION ALL
         SELECT 'admin' FROM repository r JOIN team t ON t.org_id = r.namespace_id
           JOIN team_member m ON m.team_id = t.id
           WHERE r.id = ?1 AND m.user_id = ?2 AND t.role = 'admin'
         UNION ALL
         SELECT 'admin' FROM repository r WHERE r.id = ?1 AND r.namespace_id = ?2",
    )?;
    let rows = stmt.query_map((repo_id, user_id), |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
