//! Organization mirror configurations (Quay's `orgmirrorconfig`), one per organization, and
//! the repositories discovered for them (`orgmirrorrepository`, written only by a worker,
//! which this server does not run: the API reads them).

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::Value;

use crate::error::QuayError;
use crate::time::now_db;

/// An organization mirror configuration, its credentials opened.
#[derive(Clone, PartialEq)]
pub struct OrgMirror {
    /// The mirrored-into organization.
    pub org_id: i64,
    /// Whether the worker syncs it.
    pub is_enabled: bool,
    /// `harbor` or `quay`.
    pub registry_type: String,
    /// The source registry's URL, as sent.
    pub registry_url: String,
    /// The source organization or project.
    pub external_namespace: String,
    /// The source user name.
    pub username: Option<String>,
    /// The source password or token.
    pub password: Option<String>,
    /// `external_registry_config`, a JSON object.
    pub registry_config: Value,
    /// The robot that creates the repositories.
    pub robot_id: i64,
    /// Its full name (read only: joined from `namespace`).
    pub robot_name: String,
    /// Glob patterns, a JSON array.
    pub repository_filters: Value,
    /// `public` or `private`.
    pub visibility: String,
    /// Seconds between syncs.
    pub sync_interval: i64,
    /// Next start (stored form).
    pub sync_start_date: Option<String>,
    /// Expiry of the running discovery (stored form).
    pub sync_expiration_date: Option<String>,
    /// Failed discoveries left.
    pub sync_retries_remaining: i64,
    /// `NEVER_RUN`, `SYNC_NOW`, `SYNCING`, `SUCCESS`, `FAIL` or `CANCEL`.
    pub sync_status: String,
    /// Seconds a repository's sync may run.
    pub skopeo_timeout: i64,
    /// Creation time (stored form; read only).
    pub created_at: String,
}

impl std::fmt::Debug for OrgMirror {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgMirror")
            .field("org_id", &self.org_id)
            .field("registry_url", &self.registry_url)
            .field("external_namespace", &self.external_namespace)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("sync_status", &self.sync_status)
            .finish_non_exhaustive()
    }
}

impl OrgMirror {
    /// `<url>/<namespace>`, as Quay's log entries name the source.
    pub fn external_reference(&self) -> String {
        format!("{}/{}", self.registry_url, self.external_namespace)
    }
}

const COLUMNS: &str = "m.org_id, m.is_enabled, m.registry_type, m.registry_url, \
    m.external_namespace, quay_open(m.external_username), quay_open(m.external_password), \
    m.registry_config, m.robot_id, r.name, m.repository_filters, m.visibility, m.sync_interval, \
    m.sync_start_date, m.sync_expiration_date, m.sync_retries_remaining, m.sync_status, \
    m.skopeo_timeout, m.created_at";

fn json(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<OrgMirror> {
    Ok(OrgMirror {
        org_id: r.get(0)?,
        is_enabled: r.get(1)?,
        registry_type: r.get(2)?,
        registry_url: r.get(3)?,
        external_namespace: r.get(4)?,
        username: r.get(5)?,
        password: r.get(6)?,
        registry_config: json(r.get(7)?),
        robot_id: r.get(8)?,
        robot_name: r.get(9)?,
        repository_filters: json(r.get(10)?),
        visibility: r.get(11)?,
        sync_interval: r.get(12)?,
        sync_start_date: r.get(13)?,
        sync_expiration_date: r.get(14)?,
        sync_retries_remaining: r.get(15)?,
        sync_status: r.get(16)?,
        skopeo_timeout: r.get(17)?,
        created_at: r.get(18)?,
    })
}

/// The configuration of an organization.
pub fn get(tx: &Transaction<'_>, org_id: i64) -> Result<Option<OrgMirror>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM org_mirror m JOIN namespace r ON r.id = m.robot_id \
             WHERE m.org_id = ?1"
        ))?
        .query_row([org_id], from_row)
        .optional()?)
}

/// Whether the namespace is an organization with a mirror configuration (enabled or not).
pub fn mirrors(tx: &Transaction<'_>, namespace_id: i64) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM org_mirror WHERE org_id = ?1")?
        .query_row([namespace_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Stores `m` (a new configuration, or every field of an existing one).
pub fn save(tx: &Transaction<'_>, m: &OrgMirror) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO org_mirror (org_id, is_enabled, registry_type, registry_url,
             external_namespace, external_username, external_password, registry_config, robot_id,
             repository_filters, visibility, sync_interval, sync_start_date, sync_expiration_date,
             sync_retries_remaining, sync_status, skopeo_timeout, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, quay_seal(?6), quay_seal(?7), ?8, ?9, ?10, ?11, ?12, ?13,
             ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (org_id) DO UPDATE SET is_enabled = excluded.is_enabled,
             registry_url = excluded.registry_url,
             external_namespace = excluded.external_namespace,
             external_username = excluded.external_username,
             external_password = excluded.external_password,
             registry_config = excluded.registry_config, robot_id = excluded.robot_id,
             repository_filters = excluded.repository_filters, visibility = excluded.visibility,
             sync_interval = excluded.sync_interval, sync_start_date = excluded.sync_start_date,
             sync_expiration_date = excluded.sync_expiration_date,
             sync_retries_remaining = excluded.sync_retries_remaining,
             sync_status = excluded.sync_status, skopeo_timeout = excluded.skopeo_timeout",
        params![
            m.org_id,
            m.is_enabled,
            m.registry_type,
            m.registry_url,
            m.external_namespace,
            m.username,
            m.password,
            m.registry_config.to_string(),
            m.robot_id,
            m.repository_filters.to_string(),
            m.visibility,
            m.sync_interval,
            m.sync_start_date,
            m.sync_expiration_date,
            m.sync_retries_remaining,
            m.sync_status,
            m.skopeo_timeout,
            now_db(),
        ],
    )?;
    Ok(())
}

/// Deletes the configuration and its discovered repositories; the repositories it created
/// stay, `ORG_MIRROR` turned into `NORMAL`.
pub fn delete(tx: &Transaction<'_>, org_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE repository SET state = 'NORMAL' WHERE state = 'ORG_MIRROR' AND id IN
             (SELECT repo_id FROM org_mirror_repo WHERE org_id = ?1 AND repo_id IS NOT NULL)",
        [org_id],
    )?;
    tx.execute("DELETE FROM org_mirror_repo WHERE org_id = ?1", [org_id])?;
    tx.execute("DELETE FROM org_mirror WHERE org_id = ?1", [org_id])?;
    Ok(())
}

/// Whether the organization holds repositories (those being deleted aside).
pub fn holds_repositories(tx: &Transaction<'_>, org_id: i64) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM repository WHERE namespace_id = ?1 AND state <> 'MARKED_FOR_DELETION' LIMIT 1",
        )?
        .query_row([org_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The discovered repositories that count (those whose repository is being deleted aside).
const LIVE: &str = "FROM org_mirror_repo d LEFT JOIN repository p ON p.id = d.repo_id \
    WHERE d.org_id = ?1 AND (d.repo_id IS NULL OR p.state <> 'MARKED_FOR_DELETION')";

/// The discovered repositories by sync status.
pub fn status_counts(tx: &Transaction<'_>, org_id: i64) -> Result<Vec<(String, i64)>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT d.sync_status, COUNT(*) {LIVE} GROUP BY d.sync_status"
    ))?;
    let rows = stmt.query_map([org_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Discovered repositories still to sync or syncing (`NEVER_RUN`, `SYNC_NOW`, `SYNCING`, or
/// `FAIL` with retries left).
pub fn active_repositories(tx: &Transaction<'_>, org_id: i64) -> Result<i64, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT COUNT(*) {LIVE} AND (d.sync_status IN ('NEVER_RUN', 'SYNC_NOW', 'SYNCING') \
             OR (d.sync_status = 'FAIL' AND d.sync_retries_remaining > 0))"
        ))?
        .query_row([org_id], |r| r.get(0))?)
}

/// A discovered repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// Name in the source namespace.
    pub name: String,
    /// Sync status.
    pub sync_status: String,
    /// When discovered (stored form).
    pub discovery_date: String,
    /// When its latest sync ended (stored form).
    pub last_sync_date: Option<String>,
    /// Why it failed or is skipped.
    pub status_message: Option<String>,
    /// Whether a local repository is linked.
    pub linked: bool,
}

/// A page of discovered repositories by name (`status` only, when given), and how many match.
pub fn discovered(
    tx: &Transaction<'_>,
    org_id: i64,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Discovered>, i64), QuayError> {
    let filter = "AND (?2 IS NULL OR d.sync_status = ?2)";
    let total = tx
        .prepare_cached(&format!("SELECT COUNT(*) {LIVE} {filter}"))?
        .query_row(params![org_id, status], |r| r.get(0))?;
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT d.name, d.sync_status, d.discovery_date, d.last_sync_date, d.status_message, \
         d.repo_id IS NOT NULL {LIVE} {filter} ORDER BY d.name LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt.query_map(params![org_id, status, limit, offset], |r| {
        Ok(Discovered {
            name: r.get(0)?,
            sync_status: r.get(1)?,
            discovery_date: r.get(2)?,
            last_sync_date: r.get(3)?,
            status_message: r.get(4)?,
            linked: r.get(5)?,
        })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}
