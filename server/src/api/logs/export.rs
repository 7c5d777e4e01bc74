//! Log exports (`exportOrgLogs`, `exportUserLogs`, `exportRepoLogs`): Quay's checks of the
//! callback, the queued export, and the export itself, which Quay's worker does and this server
//! does at once: the document (`{"export_id", "details", "logs": [..., {"terminator": true}]}`)
//! is kept and served at `/exportedlogs/<id>`, and the callback URL, when given, receives
//! `{"export_id", "start_time", "end_time", "namespace", "repository", "exported_data_url",
//! "status"}` through the outbound client (the SSRF rules apply again there). E-mail is not
//! sent: this server has no mail transport, so an export with only an e-mail stays queued.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::raw_range;
use super::rules::log_view;
use crate::auth::Identity;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::ExportedLogs;
use crate::outbound::Refused;
use crate::state::AppState;
use crate::store::logs::{self as db, ExportRow, LogFilter};
use crate::store::namespace;
use crate::time::{db_form, quay_date};

/// Quay's `InvalidLogsDateRangeError` text (logged as it is; other refusals are logged as
/// `invalid request`).
pub(super) const BAD_TIME_SPAN: &str = "Invalid time span selected";

/// The export's answer when Quay's `_validate_callback_url` refuses the URL.
fn url_refused(text: impl Into<String>) -> QuayError {
    QuayError::invalid_request(text)
}

/// Quay's `validate_external_registry_url` for a callback: the format checks, then every
/// address the host resolves to (an SSRF refusal is `Invalid callback URL`).
pub(super) async fn check_callback(cfg: &Config, raw: &str) -> Result<(), QuayError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(url_refused("External registry URL is required"));
    }
    let url = url::Url::parse(text).map_err(|_| url_refused("Invalid URL format"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(url_refused(format!(
            "Invalid URL scheme '{}': only HTTP and HTTPS are allowed",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(url_refused(
            "URLs with embedded credentials are not allowed",
        ));
    }
    let allowed = &cfg.SSRF_ALLOWED_HOSTS;
    match url.host() {
        None => Err(url_refused("URL must include a hostname")),
        Some(url::Host::Domain(name)) => match crate::outbound::resolve(name, allowed).await {
            Ok(_) => Ok(()),
            Err(Refused::Unresolvable(h)) => {
                Err(url_refused(format!("Cannot resolve hostname '{h}'")))
            }
            Err(Refused::NotAllowed(_)) => Err(url_refused("Invalid callback URL")),
        },
        Some(_) => crate::outbound::check_url(&url, allowed)
            .map_err(|_| url_refused("Invalid callback URL")),
    }
}

/// The checks of `_queue_logs_export` before anything is queued: the callback URL, the
/// e-mail, the range.
pub(super) async fn check_request(
    cfg: &Config,
    body: &Value,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<(Option<String>, Option<String>), QuayError> {
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (url, email) = (text("callback_url"), text("callback_email"));
    if let Some(url) = &url {
        check_callback(cfg, url).await?;
    }
    if email.as_deref().is_some_and(|e| !e.contains('@')) {
        return Err(QuayError::invalid_request("Invalid callback e-mail"));
    }
    if range.1 < range.0 {
        return Err(QuayError::invalid_request(BAD_TIME_SPAN));
    }
    Ok((url, email))
}

/// `MM/DD/YYYY`, as Quay's queued export item carries its days.
fn day(t: &DateTime<Utc>) -> String {
    t.format("%m/%d/%Y").to_string()
}

/// Queues the export (logging `export_logs_success` as Quay does) and runs it in the
/// background; the export id.
pub(super) async fn queue(
    state: &AppState,
    performer: Option<i64>,
    mut export: ExportRow,
    base: String,
) -> Result<String, QuayError> {
    export.id = uuid::Uuid::new_v4().to_string();
    let row = export.clone();
    state
        .store
        .write(move |tx| {
            db::queue_export(tx, &row)?;
            let mut meta = json!({
                "date/time": crate::time::now_db(),
                "export_id": row.id,
                "message": "queued for export",
                "url": row.callback_url,
                "email": row.callback_email,
            });
            if let Some(repo) = &row.repository {
                meta["repo"] = json!(repo);
            }
            namespace::log(
                tx,
                "export_logs_success",
                performer,
                Some(row.namespace_id),
                meta,
            )
        })
        .await?;
    let id = export.id.clone();
    if export.callback_url.is_some() || export.callback_email.is_none() {
        tokio::spawn(run(state.clone(), export, base));
    }
    Ok(id)
}

/// Builds the document, keeps it, and calls the callback back (three attempts, as Quay's
/// queue retries).
async fn run(state: AppState, export: ExportRow, base: String) {
    let filter = LogFilter {
        account: Some(export.namespace_id),
        repository: export.repository.clone(),
        ..LogFilter::default()
    };
    let (start, end) = (export.start.clone(), export.end.clone());
    let rows = state
        .store
        .read(move |tx| db::filtered_page(tx, &filter, (&start, &end), None, 1_000_000))
        .await;
    let Ok(rows) = rows else {
        let id = export.id.clone();
        let _ = state
            .store
            .write(move |tx| db::finish_export(tx, &id, "failed", None))
            .await;
        return;
    };
    let parse = |s: &str| crate::time::parse_db(s).unwrap_or_else(Utc::now);
    let (start, end) = (parse(&export.start), parse(&export.end));
    let mut logs: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let mut entry = log_view(r);
            entry.namespace = None;
            poem_openapi::types::ToJSON::to_json(&entry).unwrap_or(Value::Null)
        })
        .collect();
    logs.push(json!({"terminator": true}));
    let document = json!({
        "export_id": export.id,
        "details": {
            "start_time": quay_date(&start),
            "end_time": quay_date(&(end - Duration::milliseconds(1))),
            "namespace": export.namespace_name,
            "repository": export.repository,
        },
        "logs": logs,
    })
    .to_string();
    // The document is in place before anyone is told where it is.
    let (id, kept) = (export.id.clone(), document);
    let stored = state
        .store
        .write(move |tx| db::finish_export(tx, &id, "queued", Some(&kept)))
        .await;
    if stored.is_err() {
        return;
    }
    let mut status = "success";
    if let Some(url) = &export.callback_url {
        let announcement = json!({
            "export_id": export.id,
            "start_time": day(&start),
            "end_time": day(&end),
            "namespace": export.namespace_name,
            "repository": export.repository,
            "exported_data_url": format!("{base}/exportedlogs/{}", export.id),
            "status": "success",
        });
        let mut delivered = false;
        for attempt in 0..3u32 {
            if attempt > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(200 << attempt)).await;
            }
            let sent = state.http.post(url).json(&announcement).send().await;
            if sent.is_ok_and(|r| r.status() == reqwest::StatusCode::OK) {
                delivered = true;
                break;
            }
        }
        if !delivered {
            status = "failed";
        }
    }
    let id = export.id.clone();
    let _ = state
        .store
        .write(move |tx| db::finish_export(tx, &id, status, None))
        .await;
}

/// The range of an export, stored form: Quay's worker reads up to the end day's last
/// millisecond.
pub(super) fn stored_range(range: (DateTime<Utc>, DateTime<Utc>)) -> (String, String) {
    (db_form(&range.0), db_form(&range.1))
}

// ------------------------------------------------------------------------------------------
// The export operations' shared path

/// Whose log an export covers.
pub(super) struct ExportTarget {
    pub(super) namespace_id: i64,
    pub(super) namespace_name: String,
    pub(super) repository: Option<String>,
}

impl super::LogsApi {
    /// Checks the export request and queues it; Quay logs `export_logs_failure` for a refused
    /// one.
    pub(super) async fn export(
        &self,
        who: &Identity,
        target: ExportTarget,
        body: serde_json::Value,
        (starttime, endtime): (Option<String>, Option<String>),
    ) -> Result<ExportedLogs, QuayError> {
        let range = raw_range(starttime.as_deref(), endtime.as_deref());
        match check_request(&self.state.config, &body, range).await {
            Ok((callback_url, callback_email)) => {
                let (start, end) = stored_range(range);
                let row = crate::store::logs::ExportRow {
                    id: String::new(),
                    namespace_id: target.namespace_id,
                    namespace_name: target.namespace_name,
                    repository: target.repository,
                    start,
                    end,
                    callback_url,
                    callback_email,
                };
                let base = crate::error::request_base();
                let export_id = queue(&self.state, who.user_id(), row, base).await?;
                Ok(ExportedLogs { export_id })
            }
            Err(refused) => {
                // Quay logs the range's own message, and `invalid request` for any other
                // refusal.
                let error = match refused.detail() {
                    Some(d) if d == BAD_TIME_SPAN => d,
                    _ => "invalid request".to_string(),
                };
                self.log_export_failure(who, target.namespace_id, target.repository, &body, &error)
                    .await?;
                Err(refused)
            }
        }
    }
    /// Quay's `_log_export_failure`: `export_logs_failure` in the namespace's log, with the
    /// callback URL and e-mail as sent (`null` when empty).
    pub(super) async fn log_export_failure(
        &self,
        who: &Identity,
        namespace_id: i64,
        repository: Option<String>,
        body: &serde_json::Value,
        error: &str,
    ) -> Result<(), QuayError> {
        let text = |key: &str| {
            body.get(key)
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let mut meta = serde_json::json!({
            "date/time": crate::time::now_db(),
            "error": error,
            "url": text("callback_url"),
            "email": text("callback_email"),
        });
        if let Some(repo) = &repository {
            meta["repo"] = serde_json::json!(repo);
        }
        let performer = who.user_id();
        self.state
            .store
            .write(move |tx| {
                namespace::log(
                    tx,
                    "export_logs_failure",
                    performer,
                    Some(namespace_id),
                    meta,
                )
            })
            .await
    }
}
