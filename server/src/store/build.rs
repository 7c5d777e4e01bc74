//! Repository builds (queued, never run: this server has no build worker) and the user files
//! their archives are uploaded to.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::Value;

use crate::error::QuayError;
use crate::time::now_db;

/// A stored build, with its repository and pull robot.
#[derive(Debug, Clone, PartialEq)]
pub struct Build {
    /// Its UUID.
    pub uuid: String,
    /// Its repository's row id.
    pub repo_id: i64,
    /// The repository's namespace.
    pub namespace: String,
    /// The repository's name.
    pub repository: String,
    /// Its phase (`waiting`, `cancelled`, ...).
    pub phase: String,
    /// Its display name.
    pub display_name: String,
    /// Its job configuration (`docker_tags`, `build_subdir`, `context`, ...).
    pub job_config: Value,
    /// The uploaded archive's file id, if built from one.
    pub resource_key: Option<String>,
    /// The pull robot's name, if any (and still existing).
    pub pull_robot: Option<String>,
    /// When it was requested (stored form).
    pub started: String,
    /// Whether its logs were archived.
    pub logs_archived: bool,
}

const SELECT: &str = "SELECT b.uuid, b.repo_id, n.name, r.name, b.phase, b.display_name,
        b.job_config, b.resource_key, p.name, b.started, b.logs_archived
     FROM build b
     JOIN repository r ON r.id = b.repo_id
     JOIN namespace n ON n.id = r.namespace_id
     LEFT JOIN namespace p ON p.id = b.pull_robot_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Build> {
    let job: String = r.get(6)?;
    Ok(Build {
        uuid: r.get(0)?,
        repo_id: r.get(1)?,
        namespace: r.get(2)?,
        repository: r.get(3)?,
        phase: r.get(4)?,
        display_name: r.get(5)?,
        // Quay's `get_job_config`: an undecodable configuration is `{}`.
        job_config: serde_json::from_str(&job)
            .unwrap_or_else(|_| Value::Object(Default::default())),
        resource_key: r.get(7)?,
        pull_robot: r.get(8)?,
        started: r.get(9)?,
        logs_archived: r.get(10)?,
    })
}

/// What a new build is.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBuild<'a> {
    /// The repository's row id.
    pub repo_id: i64,
    /// The display name.
    pub display_name: &'a str,
    /// The job configuration.
    pub job_config: &'a Value,
    /// The uploaded archive's file id.
    pub resource_key: Option<&'a str>,
    /// The pull robot's row id.
    pub pull_robot_id: Option<i64>,
}

/// Stores a waiting build; its UUID.
pub fn create(tx: &Transaction<'_>, b: &NewBuild<'_>) -> Result<String, QuayError> {
    let uuid = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO build (uuid, repo_id, display_name, job_config, resource_key, pull_robot_id, started)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            uuid,
            b.repo_id,
            b.display_name,
            b.job_config.to_string(),
            b.resource_key,
            b.pull_robot_id,
            now_db()
        ],
    )?;
    Ok(uuid)
}

/// The build `uuid`, whatever its repository.
pub fn get(tx: &Transaction<'_>, uuid: &str) -> Result<Option<Build>, QuayError> {
    Ok(tx
        .prepare_cached(&format!("{SELECT} WHERE b.uuid = ?1"))?
        .query_row([uuid], from_row)
        .optional()?)
}

/// Up to `limit` builds of the repository, newest first, started at or after `since` (stored
/// form) when given.
pub fn list(
    tx: &Transaction<'_>,
    repo_id: i64,
    limit: i64,
    since: Option<&str>,
) -> Result<Vec<Build>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "{SELECT} WHERE b.repo_id = ?1 AND (?2 IS NULL OR b.started >= ?2)
         ORDER BY b.started DESC, b.id DESC LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![repo_id, since, limit], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Moves a waiting build to `cancelled`; whether it was waiting.
pub fn cancel(tx: &Transaction<'_>, uuid: &str) -> Result<bool, QuayError> {
    Ok(tx.execute(
        "UPDATE build SET phase = 'cancelled' WHERE uuid = ?1 AND phase = 'waiting'",
        [uuid],
    )? > 0)
}

/// The repository (namespace, name) a build of the uploaded file `resource_key` belongs to.
pub fn repository_of_resource(
    tx: &Transaction<'_>,
    resource_key: &str,
) -> Result<Option<(i64, String, String)>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT r.id, n.name, r.name FROM build b
             JOIN repository r ON r.id = b.repo_id JOIN namespace n ON n.id = r.namespace_id
             WHERE b.resource_key = ?1 ORDER BY b.id LIMIT 1",
        )?
        .query_row([resource_key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Stores (or replaces) the user file `uuid`.
pub fn put_file(
    tx: &Transaction<'_>,
    uuid: &str,
    content_type: Option<&str>,
    content: &[u8],
) -> Result<(), QuayError> {
    tx.execute(
        "INSERT OR REPLACE INTO user_file (uuid, content_type, content, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![uuid, content_type, content, now_db()],
    )?;
    Ok(())
}

/// An uploaded user file.
#[derive(Debug, Clone, PartialEq)]
pub struct UserFile {
    /// The `Content-Type` it was uploaded with, if any.
    pub content_type: Option<String>,
    /// Its bytes.
    pub content: Vec<u8>,
}

/// The user file `uuid`.
pub fn file(tx: &Transaction<'_>, uuid: &str) -> Result<Option<UserFile>, QuayError> {
    Ok(tx
        .prepare_cached("SELECT content_type, content FROM user_file WHERE uuid = ?1")?
        .query_row([uuid], |r| {
            Ok(UserFile {
                content_type: r.get(0)?,
                content: r.get(1)?,
            })
        })
        .optional()?)
}
