//! The audit log: entries written by every area ([`crate::store::namespace::log`]) and read by
//! the logs and superuser areas.

use rusqlite::{Transaction, params};
use serde_json::Value;

use crate::error::QuayError;

/// A namespace as a log entry refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogParty {
    /// Name.
    pub name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// `user`, `org` or `robot`.
    pub kind: String,
}

/// One row of `log_entry` with its performer and account resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    /// Id.
    pub id: i64,
    /// Log kind name.
    pub kind: String,
    /// Metadata JSON.
    pub metadata: Value,
    /// Caller address.
    pub ip: Option<String>,
    /// Stored timestamp.
    pub created_at: String,
    /// Performer.
    pub performer: Option<LogParty>,
    /// Account (namespace).
    pub account: Option<LogParty>,
}

/// Log entries with `start <= created_at < end` and `id <= before_id`, newest first, at most
/// `limit` rows.
pub fn logs_page(
    tx: &Transaction<'_>,
    start: &str,
    end: &str,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<LogRow>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT l.id, l.kind, l.metadata, l.ip, l.created_at,
                COALESCE(p.name, l.performer_name), COALESCE(p.email, l.performer_email),
                COALESCE(p.kind, l.performer_kind),
                COALESCE(a.name, l.account_name), COALESCE(a.email, l.account_email),
                COALESCE(a.kind, l.account_kind)
           FROM log_entry l
           LEFT JOIN namespace p ON p.id = l.performer_id
           LEFT JOIN namespace a ON a.id = l.account_id
          WHERE l.created_at >= ?1 AND l.created_at < ?2 AND l.id <= ?3
          ORDER BY l.id DESC LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![start, end, before_id.unwrap_or(i64::MAX), limit],
        log_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Which entries a namespace's log holds.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// The namespace the entries are about.
    pub account: Option<i64>,
    /// Only the entries of this performer.
    pub performer: Option<i64>,
    /// Only the entries about this repository (its name, in the entry's metadata).
    pub repository: Option<String>,
    /// Leave the service-key entries out (the user's own log).
    pub without_service_keys: bool,
}

const FILTER: &str = "(?1 IS NULL OR l.account_id = ?1) AND (?2 IS NULL OR l.performer_id = ?2)
      AND (?3 IS NULL OR json_extract(l.metadata, '$.repo') = ?3)
      AND (?4 = 0 OR l.kind NOT LIKE 'service\\_key\\_%' ESCAPE '\\')
      AND l.created_at >= ?5 AND l.created_at < ?6";

/// The entries of `filter` with `start <= created_at < end` and `id <= before_id`, newest
/// first, at most `limit`.
pub fn filtered_page(
    tx: &Transaction<'_>,
    filter: &LogFilter,
    (start, end): (&str, &str),
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<LogRow>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT l.id, l.kind, l.metadata, l.ip, l.created_at,
                COALESCE(p.name, l.performer_name), COALESCE(p.email, l.performer_email),
                COALESCE(p.kind, l.performer_kind),
                COALESCE(a.name, l.account_name), COALESCE(a.email, l.account_email),
                COALESCE(a.kind, l.account_kind)
           FROM log_entry l
           LEFT JOIN namespace p ON p.id = l.performer_id
           LEFT JOIN namespace a ON a.id = l.account_id
          WHERE {FILTER} AND l.id <= ?7
          ORDER BY l.id DESC LIMIT ?8"
    ))?;
    let rows = stmt.query_map(
        params![
            filter.account,
            filter.performer,
            filter.repository,
            filter.without_service_keys,
            start,
            end,
            before_id.unwrap_or(i64::MAX),
            limit
        ],
        log_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many entries of each kind `filter` holds per UTC day in `start <= created_at < end`:
/// (day `YYYY-MM-DD`, kind, count).
pub fn daily_counts(
    tx: &Transaction<'_>,
    filter: &LogFilter,
    (start, end): (&str, &str),
) -> Result<Vec<(String, String, i64)>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT substr(l.created_at, 1, 10) AS day, l.kind, count(*)
           FROM log_entry l WHERE {FILTER}
          GROUP BY day, l.kind ORDER BY day, l.kind"
    ))?;
    let rows = stmt.query_map(
        params![
            filter.account,
            filter.performer,
            filter.repository,
            filter.without_service_keys,
            start,
            end
        ],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn log_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogRow> {
    let party = |n: Option<String>, e: Option<String>, k: Option<String>| {
        n.map(|name| LogParty {
            name,
            email: e,
            kind: k.unwrap_or_else(|| "user".into()),
        })
    };
    let metadata: String = r.get(2)?;
    Ok(LogRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        metadata: serde_json::from_str(&metadata).unwrap_or(Value::Null),
        ip: r.get(3)?,
        created_at: r.get(4)?,
        performer: party(r.get(5)?, r.get(6)?, r.get(7)?),
        account: party(r.get(8)?, r.get(9)?, r.get(10)?),
    })
}

/// A queued log export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    /// The export id (a UUID).
    pub id: String,
    /// The namespace whose log is exported.
    pub namespace_id: i64,
    /// Its name.
    pub namespace_name: String,
    /// The repository, for a repository's log.
    pub repository: Option<String>,
    /// The range's first day, stored form.
    pub start: String,
    /// The range's end (exclusive), stored form.
    pub end: String,
    /// Where to announce the finished export.
    pub callback_url: Option<String>,
    /// Whom to e-mail the link.
    pub callback_email: Option<String>,
}

/// Queues an export.
pub fn queue_export(tx: &Transaction<'_>, e: &ExportRow) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO log_export (id, namespace_id, namespace_name, repository, start_day, end_day,
                                 callback_url, callback_email, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            e.id,
            e.namespace_id,
            e.namespace_name,
            e.repository,
            e.start,
            e.end,
            e.callback_url,
            e.callback_email,
            crate::time::now_db()
        ],
    )?;
    Ok(())
}

/// Records an export's outcome (`success` or `failed`) and its document.
pub fn finish_export(
    tx: &Transaction<'_>,
    id: &str,
    status: &str,
    document: Option<&str>,
) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE log_export SET status = ?2, document = COALESCE(?3, document) WHERE id = ?1",
        params![id, status, document],
    )?;
    Ok(())
}

/// An export's status and document.
pub fn export_document(
    tx: &Transaction<'_>,
    id: &str,
) -> Result<Option<(String, Option<String>)>, QuayError> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .prepare_cached("SELECT status, document FROM log_export WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
