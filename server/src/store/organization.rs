//! Organizations: creation with the `owners` team, deletion of everything under them, members
//! and collaborators as read from the team and permission tables, OAuth applications and their
//! tokens, proxy-cache configuration.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::error::QuayError;
use crate::store::namespace;
use crate::time::now_db;

/// The name of the team every new organization gets, holding its creator.
pub const OWNERS_TEAM: &str = "owners";

/// Creates an organization with its `owners` team (role admin) holding `creator`.
pub fn create(
    tx: &Transaction<'_>,
    name: &str,
    email: Option<&str>,
    creator: i64,
    tag_expiration_s: i64,
) -> Result<i64, QuayError> {
    let id = namespace::insert(tx, name, "org", email, None, None)?;
    tx.execute(
        "UPDATE namespace SET tag_expiration_s = ?1 WHERE id = ?2",
        (tag_expiration_s, id),
    )?;
    tx.execute(
        "INSERT INTO team (org_id, name, role, description) VALUES (?1, ?2, 'admin', '')",
        (id, OWNERS_TEAM),
    )?;
    let team = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO team_member (team_id, user_id) VALUES (?1, ?2)",
        (team, creator),
    )?;
    Ok(id)
}

/// A team of an organization with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    /// Id (creation order).
    pub id: i64,
    /// Name.
    pub name: String,
    /// `member`, `creator` or `admin`.
    pub role: String,
    /// Description.
    pub description: String,
    /// Number of repository permissions the team holds.
    pub repo_count: i64,
    /// Number of members.
    pub member_count: i64,
}

/// The teams of an organization, in creation order.
pub fn teams(tx: &Transaction<'_>, org_id: i64) -> Result<Vec<TeamRow>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT t.id, t.name, t.role, t.description,
                (SELECT count(*) FROM repo_team_permission p WHERE p.team_id = t.id),
                (SELECT count(*) FROM team_member m WHERE m.team_id = t.id)
         FROM team t WHERE t.org_id = ?1 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([org_id], |r| {
            Ok(TeamRow {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                description: r.get(3)?,
                repo_count: r.get(4)?,
                member_count: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A namespace row as a member or permission holder: id, name, kind, e-mail.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    /// Id.
    pub id: i64,
    /// Name (robots: `owner+short`).
    pub name: String,
    /// `user` or `robot`.
    pub kind: String,
    /// E-mail address.
    pub email: Option<String>,
}

fn holder(r: &Row<'_>, at: usize) -> rusqlite::Result<Holder> {
    Ok(Holder {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        kind: r.get(at + 2)?,
        email: r.get(at + 3)?,
    })
}

/// Every team membership in the organization (one row per membership, robots included), in
/// membership order: the member and the team's name.
pub fn memberships(tx: &Transaction<'_>, org_id: i64) -> Result<Vec<(Holder, String)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT n.id, n.name, n.kind, n.email, t.name
         FROM team_member m JOIN team t ON t.id = m.team_id JOIN namespace n ON n.id = m.user_id
         WHERE t.org_id = ?1 ORDER BY m.rowid",
    )?;
    let rows = stmt
        .query_map([org_id], |r| Ok((holder(r, 0)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Direct user permissions on the repositories of a namespace, in grant order: the holder
/// and the repository name. Robots are left out unless `only` names the holder.
pub fn direct_permissions(
    tx: &Transaction<'_>,
    namespace_id: i64,
    only: Option<i64>,
) -> Result<Vec<(Holder, String)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT n.id, n.name, n.kind, n.email, r.name
         FROM repo_user_permission p JOIN repository r ON r.id = p.repo_id
         JOIN namespace n ON n.id = p.user_id
         WHERE r.namespace_id = ?1
           AND (CASE WHEN ?2 IS NULL THEN n.kind != 'robot' ELSE n.id = ?2 END)
         ORDER BY p.rowid",
    )?;
    let rows = stmt
        .query_map(params![namespace_id, only], |r| {
            Ok((holder(r, 0)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Removes a user from every team of the organization and deletes its direct permissions on
/// the organization's repositories; refuses to remove the only admin.
pub fn remove_member(tx: &Transaction<'_>, org_id: i64, user_id: i64) -> Result<(), QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT n.id FROM team t JOIN team_member m ON m.team_id = t.id
         JOIN namespace n ON n.id = m.user_id
         WHERE t.org_id = ?1 AND t.role = 'admin' AND n.kind != 'robot'",
    )?;
    let admins: Vec<i64> = stmt
        .query_map([org_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if admins.len() == 1 && admins[0] == user_id {
        return Err(QuayError::message(
            400,
            "Cannot remove user as they are the only organization admin",
        ));
    }
    tx.execute(
        "DELETE FROM repo_user_permission WHERE user_id = ?2
           AND repo_id IN (SELECT id FROM repository WHERE namespace_id = ?1)",
        (org_id, user_id),
    )?;
    tx.execute(
        "DELETE FROM team_member WHERE user_id = ?2
           AND team_id IN (SELECT id FROM team WHERE org_id = ?1)",
        (org_id, user_id),
    )?;
    Ok(())
}

// ------------------------------------------------------------------ OAuth applications

/// Quay's reserved name for the bootstrap application.
pub const BOOTSTRAP_APP_NAME: &str = "__quay_bootstrap_app";

/// A row of `oauth_application`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppRow {
    /// Id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Homepage.
    pub application_uri: String,
    /// Redirect URI.
    pub redirect_uri: String,
    /// Avatar e-mail.
    pub avatar_email: Option<String>,
}

const APP_COLUMNS: &str = "id, org_id, client_id, quay_open(client_secret), name, description, application_uri, redirect_uri, avatar_email";

fn app_row(r: &Row<'_>) -> rusqlite::Result<AppRow> {
    Ok(AppRow {
        id: r.get(0)?,
        org_id: r.get(1)?,
        client_id: r.get(2)?,
        client_secret: r.get(3)?,
        name: r.get(4)?,
        description: r.get(5)?,
        application_uri: r.get(6)?,
        redirect_uri: r.get(7)?,
        avatar_email: r.get(8)?,
    })
}

/// The applications of an organization, in creation order.
pub fn apps(tx: &Transaction<'_>, org_id: i64) -> Result<Vec<AppRow>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {APP_COLUMNS} FROM oauth_application WHERE org_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([org_id], app_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// An application of an organization by client id.
pub fn app_of(
    tx: &Transaction<'_>,
    org_id: i64,
    client_id: &str,
) -> Result<Option<AppRow>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {APP_COLUMNS} FROM oauth_application WHERE org_id = ?1 AND client_id = ?2"
        ))?
        .query_row((org_id, client_id), app_row)
        .optional()?)
}

/// Any application by client id.
pub fn app_by_client_id(
    tx: &Transaction<'_>,
    client_id: &str,
) -> Result<Option<AppRow>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {APP_COLUMNS} FROM oauth_application WHERE client_id = ?1"
        ))?
        .query_row([client_id], app_row)
        .optional()?)
}

/// The editable fields of an application.
#[derive(Debug, Clone, PartialEq)]
pub struct AppFields {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Homepage.
    pub application_uri: String,
    /// Redirect URI.
    pub redirect_uri: String,
    /// Avatar e-mail.
    pub avatar_email: Option<String>,
}

/// Creates an application with a new client id (20 upper-case letters and digits) and secret
/// (40).
pub fn create_app(
    tx: &Transaction<'_>,
    org_id: i64,
    fields: &AppFields,
) -> Result<AppRow, QuayError> {
    let client_id = loop {
        let candidate = namespace::random_string(20, true);
        if app_by_client_id(tx, &candidate)?.is_none() {
            break candidate;
        }
    };
    tx.execute(
        "INSERT INTO oauth_application (org_id, client_id, client_secret, name, description, application_uri, redirect_uri, avatar_email)
         VALUES (?1, ?2, quay_seal(?3), ?4, ?5, ?6, ?7, ?8)",
        params![
            org_id,
            client_id,
            namespace::random_string(40, true),
            fields.name,
            fields.description,
            fields.application_uri,
            fields.redirect_uri,
            fields.avatar_email
        ],
    )?;
    app_of(tx, org_id, &client_id)?.ok_or_else(|| QuayError::internal("application vanished"))
}

/// Gives an application a new secret (40 upper-case letters and digits); nothing else changes.
pub fn reset_secret(tx: &Transaction<'_>, app_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE oauth_application SET client_secret = quay_seal(?1) WHERE id = ?2",
        params![namespace::random_string(40, true), app_id],
    )?;
    Ok(())
}

/// Replaces the editable fields of an application.
pub fn update_app(tx: &Transaction<'_>, app_id: i64, fields: &AppFields) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE oauth_application SET name = ?1, description = ?2, application_uri = ?3,
                redirect_uri = ?4, avatar_email = ?5 WHERE id = ?6",
        params![
            fields.name,
            fields.description,
            fields.application_uri,
            fields.redirect_uri,
            fields.avatar_email,
            app_id
        ],
    )?;
    Ok(())
}

/// Deletes an application and every token issued for it.
pub fn delete_app(tx: &Transaction<'_>, app_id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM access_token WHERE app_id = ?1", [app_id])?;
    tx.execute("DELETE FROM oauth_application WHERE id = ?1", [app_id])?;
    Ok(())
}

/// An access token of an application, as listed (never its secret).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenRow {
    /// Id (paging key).
    pub id: i64,
    /// UUID.
    pub uuid: String,
    /// Display name (`""` stored for unnamed tokens).
    pub name: String,
    /// Scope string.
    pub scope: String,
    /// Stored expiry.
    pub expires_at: Option<String>,
    /// Stored creation time.
    pub created_at: String,
    /// Stored last use.
    pub last_accessed: Option<String>,
    /// The user the token acts as.
    pub user: Option<String>,
}

const TOKEN_COLUMNS: &str =
    "t.id, t.uuid, t.name, t.scope, t.expires_at, t.created_at, t.last_accessed, n.name";

fn token_row(r: &Row<'_>) -> rusqlite::Result<TokenRow> {
    Ok(TokenRow {
        id: r.get(0)?,
        uuid: r.get(1)?,
        name: r.get(2)?,
        scope: r.get(3)?,
        expires_at: r.get(4)?,
        created_at: r.get(5)?,
        last_accessed: r.get(6)?,
        user: r.get(7)?,
    })
}

/// One page of an application's unexpired tokens, newest first: tokens with an id at most
/// `start_id` (all when `None`), `limit` of them, and the id the next page starts at.
pub fn app_tokens(
    tx: &Transaction<'_>,
    app_id: i64,
    start_id: Option<i64>,
    limit: usize,
) -> Result<(Vec<TokenRow>, Option<i64>), QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {TOKEN_COLUMNS} FROM access_token t LEFT JOIN namespace n ON n.id = t.user_id
         WHERE t.app_id = ?1 AND (t.expires_at IS NULL OR t.expires_at > ?2)
           AND (?3 IS NULL OR t.id <= ?3)
         ORDER BY t.id DESC LIMIT ?4"
    ))?;
    let mut rows: Vec<TokenRow> = stmt
        .query_map(
            params![app_id, now_db(), start_id, (limit + 1) as i64],
            token_row,
        )?
        .collect::<Result<_, _>>()?;
    let next = if rows.len() > limit {
        rows.pop().map(|r| r.id)
    } else {
        None
    };
    Ok((rows, next))
}

/// One token of an application by UUID.
pub fn app_token(
    tx: &Transaction<'_>,
    app_id: i64,
    uuid: &str,
) -> Result<Option<TokenRow>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} FROM access_token t LEFT JOIN namespace n ON n.id = t.user_id
                 WHERE t.app_id = ?1 AND t.uuid = ?2"
        ))?
        .query_row((app_id, uuid), token_row)
        .optional()?)
}

/// Revokes one token of an application; false when it has no token with this UUID.
pub fn delete_app_token(tx: &Transaction<'_>, app_id: i64, uuid: &str) -> Result<bool, QuayError> {
    Ok(tx.execute(
        "DELETE FROM access_token WHERE app_id = ?1 AND uuid = ?2",
        (app_id, uuid),
    )? > 0)
}

/// Sets the stored scope string of a token (Quay keeps the requested order).
pub fn set_token_scope(tx: &Transaction<'_>, uuid: &str, scope: &str) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE access_token SET scope = ?1 WHERE uuid = ?2",
        (scope, uuid),
    )?;
    Ok(())
}

// ------------------------------------------------------------------ proxy cache

/// A row of `proxy_cache_config`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProxyRow {
    /// The upstream registry.
    pub upstream_registry: String,
    /// Upstream user name.
    pub username: Option<String>,
    /// Upstream password.
    pub password: Option<String>,
    /// Expiration of cached tags.
    pub expiration_s: i64,
    /// Plain HTTP.
    pub insecure: bool,
}

/// The proxy-cache configuration of the organization called `name` (none for users, unknown
/// names and organizations without one).
pub fn proxy_config(tx: &Transaction<'_>, name: &str) -> Result<Option<ProxyRow>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT p.upstream_registry, quay_open(p.username), quay_open(p.password), p.expiration_s, p.insecure
             FROM proxy_cache_config p JOIN namespace n ON n.id = p.org_id
             WHERE n.name = ?1 AND n.kind = 'org'",
        )?
        .query_row([name], |r| {
            Ok(ProxyRow {
                upstream_registry: r.get(0)?,
                username: r.get(1)?,
                password: r.get(2)?,
                expiration_s: r.get(3)?,
                insecure: r.get(4)?,
            })
        })
        .optional()?)
}

/// Stores an organization's proxy-cache configuration.
pub fn create_proxy_config(
    tx: &Transaction<'_>,
    org_id: i64,
    config: &ProxyRow,
) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO proxy_cache_config (org_id, upstream_registry, username, password, expiration_s, insecure)
         VALUES (?1, ?2, quay_seal(?3), quay_seal(?4), ?5, ?6)",
        params![
            org_id,
            config.upstream_registry,
            config.username,
            config.password,
            config.expiration_s,
            config.insecure
        ],
    )?;
    Ok(())
}

/// Removes an organization's proxy-cache configuration; false when there was none.
pub fn delete_proxy_config(tx: &Transaction<'_>, org_id: i64) -> Result<bool, QuayError> {
    Ok(tx.execute("DELETE FROM proxy_cache_config WHERE org_id = ?1", [org_id])? > 0)
}
