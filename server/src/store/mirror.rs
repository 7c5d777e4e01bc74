//! Repository mirror configurations (Quay's `repomirrorconfig` and its root rule), one per
//! repository, and what the mirror health check counts.
//!
//! The upstream credentials are sealed at rest; the rule, the registry settings and the
//! architecture filter are JSON as Quay keeps them. No worker runs here: only the API moves a
//! mirror between its sync states.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::Value;

use crate::error::QuayError;
use crate::time::now_db;

/// A mirror configuration, its credentials opened.
#[derive(Clone, PartialEq)]
pub struct Mirror {
    /// The mirrored repository.
    pub repo_id: i64,
    /// Whether scheduled syncs run.
    pub is_enabled: bool,
    /// The robot that pushes the mirrored tags.
    pub robot_id: i64,
    /// Its full name (read only: joined from `namespace`).
    pub robot_name: String,
    /// The upstream, `host[:port]/path`.
    pub external_reference: String,
    /// The upstream user name (`None`: none set).
    pub username: Option<String>,
    /// The upstream password (`None`: none set).
    pub password: Option<String>,
    /// `external_registry_config`, a JSON object.
    pub registry_config: Value,
    /// The architectures mirrored, a JSON array.
    pub architecture_filter: Value,
    /// Seconds between syncs.
    pub sync_interval: i64,
    /// Next start (stored form).
    pub sync_start_date: Option<String>,
    /// Expiry of the running sync (stored form).
    pub sync_expiration_date: Option<String>,
    /// Failed syncs left.
    pub sync_retries_remaining: i64,
    /// `NEVER_RUN`, `SYNC_NOW`, `SYNCING`, `SUCCESS`, `FAIL` or `CANCEL`.
    pub sync_status: String,
    /// The root rule's tag patterns, a JSON array.
    pub rule_value: Value,
    /// Seconds a sync may run.
    pub skopeo_timeout: i64,
}

impl std::fmt::Debug for Mirror {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mirror")
            .field("repo_id", &self.repo_id)
            .field("is_enabled", &self.is_enabled)
            .field("robot_name", &self.robot_name)
            .field("external_reference", &self.external_reference)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("sync_status", &self.sync_status)
            .finish_non_exhaustive()
    }
}

/// Retries a new configuration has (Quay's `MAX_SYNC_RETRIES`).
pub const MAX_SYNC_RETRIES: i64 = 3;

const COLUMNS: &str = "m.repo_id, m.is_enabled, m.robot_id, r.name, m.external_reference, \
    quay_open(m.external_username), quay_open(m.external_password), m.registry_config, \
    m.architecture_filter, m.sync_interval, m.sync_start_date, m.sync_expiration_date, \
    m.sync_retries_remaining, m.sync_status, m.rule_value, m.skopeo_timeout";

fn json(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Mirror> {
    Ok(Mirror {
        repo_id: r.get(0)?,
        is_enabled: r.get(1)?,
        robot_id: r.get(2)?,
        robot_name: r.get(3)?,
        external_reference: r.get(4)?,
        username: r.get(5)?,
        password: r.get(6)?,
        registry_config: json(r.get(7)?),
        architecture_filter: json(r.get(8)?),
        sync_interval: r.get(9)?,
        sync_start_date: r.get(10)?,
        sync_expiration_date: r.get(11)?,
        sync_retries_remaining: r.get(12)?,
        sync_status: r.get(13)?,
        rule_value: json(r.get(14)?),
        skopeo_timeout: r.get(15)?,
    })
}

/// The mirror configuration of a repository.
pub fn get(tx: &Transaction<'_>, repo_id: i64) -> Result<Option<Mirror>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM repo_mirror m JOIN namespace r ON r.id = m.robot_id \
             WHERE m.repo_id = ?1"
        ))?
        .query_row([repo_id], from_row)
        .optional()?)
}

/// Stores `m` (a new configuration, or every field of an existing one).
pub fn save(tx: &Transaction<'_>, m: &Mirror) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO repo_mirror (repo_id, is_enabled, robot_id, external_reference,
             external_username, external_password, registry_config, architecture_filter,
             sync_interval, sync_start_date, sync_expiration_date, sync_retries_remaining,
             sync_status, rule_value, skopeo_timeout, created_at)
         VALUES (?1, ?2, ?3, ?4, quay_seal(?5), quay_seal(?6), ?7, ?8, ?9, ?10, ?11, ?12, ?13,
             ?14, ?15, ?16)
         ON CONFLICT (repo_id) DO UPDATE SET is_enabled = excluded.is_enabled,
             robot_id = excluded.robot_id, external_reference = excluded.external_reference,
             external_username = excluded.external_username,
             external_password = excluded.external_password,
             registry_config = excluded.registry_config,
             architecture_filter = excluded.architecture_filter,
             sync_interval = excluded.sync_interval, sync_start_date = excluded.sync_start_date,
             sync_expiration_date = excluded.sync_expiration_date,
             sync_retries_remaining = excluded.sync_retries_remaining,
             sync_status = excluded.sync_status, rule_value = excluded.rule_value,
             skopeo_timeout = excluded.skopeo_timeout",
        params![
            m.repo_id,
            m.is_enabled,
            m.robot_id,
            m.external_reference,
            m.username,
            m.password,
            m.registry_config.to_string(),
            m.architecture_filter.to_string(),
            m.sync_interval,
            m.sync_start_date,
            m.sync_expiration_date,
            m.sync_retries_remaining,
            m.sync_status,
            m.rule_value.to_string(),
            m.skopeo_timeout,
            now_db(),
        ],
    )?;
    Ok(())
}

/// Whether a robot pushes for any mirror (then it cannot be deleted).
pub fn robot_in_use(tx: &Transaction<'_>, robot_id: i64) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM repo_mirror WHERE robot_id = ?1 LIMIT 1")?
        .query_row([robot_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The mirrors the health check counts, by status: enabled ones of repositories in the
/// `MIRROR` state (of `namespace_id` when given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// All of them.
    pub total: i64,
    /// `SYNCING`.
    pub syncing: i64,
    /// `SUCCESS`.
    pub completed: i64,
    /// `FAIL`.
    pub failed: i64,
    /// `NEVER_RUN`.
    pub never_run: i64,
}

const COUNTED: &str = "FROM repo_mirror m JOIN repository p ON p.id = m.repo_id \
    JOIN namespace n ON n.id = p.namespace_id \
    WHERE p.state = 'MIRROR' AND m.is_enabled = 1 AND (?1 IS NULL OR n.id = ?1)";

/// [`Counts`] of the counted mirrors.
pub fn counts(tx: &Transaction<'_>, namespace_id: Option<i64>) -> Result<Counts, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT COUNT(*), \
             COALESCE(SUM(m.sync_status = 'SYNCING'), 0), \
             COALESCE(SUM(m.sync_status = 'SUCCESS'), 0), \
             COALESCE(SUM(m.sync_status = 'FAIL'), 0), \
             COALESCE(SUM(m.sync_status = 'NEVER_RUN'), 0) {COUNTED}"
        ))?
        .query_row([namespace_id], |r| {
            Ok(Counts {
                total: r.get(0)?,
                syncing: r.get(1)?,
                completed: r.get(2)?,
                failed: r.get(3)?,
                never_run: r.get(4)?,
            })
        })?)
}

/// A counted mirror as the health check lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// Namespace name.
    pub namespace: String,
    /// Repository name.
    pub repository: String,
    /// Sync status.
    pub sync_status: String,
    /// Failed syncs left.
    pub retries_remaining: i64,
}

/// Counted mirrors, ordered by namespace id then name: `limit` of them from `offset`, only
/// those whose status is `status` when given (and, for `FAIL`, with no retry left).
pub fn counted(
    tx: &Transaction<'_>,
    namespace_id: Option<i64>,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Counted>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT n.name, p.name, m.sync_status, m.sync_retries_remaining {COUNTED} \
         AND (?2 IS NULL OR (m.sync_status = ?2 AND (?2 <> 'FAIL' OR m.sync_retries_remaining = 0))) \
         ORDER BY n.id, p.name LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt.query_map(params![namespace_id, status, limit, offset], |r| {
        Ok(Counted {
            namespace: r.get(0)?,
            repository: r.get(1)?,
            sync_status: r.get(2)?,
            retries_remaining: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
