//! The `logs` tag: the audit logs of a repository, the signed-in user and an organization, and
//! their daily counts (Quay's `endpoints/api/logs.py`).
//!
//! Rights are checked before the repository or namespace is looked up. Dates are Quay's:
//! `MM/DD/YYYY` days, an unparsable one counts as absent, the end day is inclusive. Where Quay
//! crashes (an unknown `performer` on a list) the answer is an empty page.

use std::sync::Arc;

use chrono::{Duration, NaiveDate, Utc};
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use rusqlite::Transaction;

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope, administers_namespace, require_repo_admin};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    AggregatedLogEntry, AggregatedLogs, ExportLogs, ExportedLogs, MessageError, SuperUserLogList,
};
use crate::params::{decode_page_token, encode_page_token};
use crate::reply::{E400, E401, E401Api, E403, E403W, E404, E415, E503, Ok200, Reply};
use crate::store::logs::{LogFilter, daily_counts, filtered_page};
use crate::store::namespace;
use crate::time::{db_form, quay_date};

mod export;
pub mod rules;

use export::ExportTarget;
use rules::{log_view, parse_log_day};

/// Entries per page, as Quay's table logs model.
const PER_PAGE: usize = 20;
/// The longest range the daily counts cover (Quay's `MAXIMUM_RANGE_SIZE`, 31 days).
const MAX_AGGREGATE_DAYS: i64 = 31;
/// Werkzeug's text for `abort(400)`.
const BAD_REQUEST: &str =
    "The browser (or proxy) sent a request that this server could not understand.";

/// Operations of the `logs` tag.
pub struct LogsApi {
    state: AppState,
}

impl LogsApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// The searched range before any check: from `starttime` (default now minus a day) to
/// `endtime` (default now) plus one day.
pub(crate) fn raw_range(
    starttime: Option<&str>,
    endtime: Option<&str>,
) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let now = Utc::now();
    let start = parse_log_day(starttime).unwrap_or(now - Duration::days(1));
    let end = parse_log_day(endtime).unwrap_or(now) + Duration::days(1);
    (start, end)
}

/// The searched range; an end before the start is refused.
fn range(
    starttime: Option<&str>,
    endtime: Option<&str>,
) -> Result<(chrono::DateTime<Utc>, chrono::DateTime<Utc>), QuayError> {
    let (start, end) = raw_range(starttime, endtime);
    if end < start {
        return Err(QuayError::message(400, BAD_REQUEST));
    }
    Ok((start, end))
}

/// What a log operation reads: whose log, and the caller's query.
struct LogQuery {
    filter: LogFilter,
    starttime: Option<String>,
    endtime: Option<String>,
    performer: Option<String>,
    next_page: Option<String>,
}

impl LogQuery {
    /// Resolves `performer`; false when it names nobody.
    fn resolve_performer(&mut self, tx: &Transaction<'_>) -> Result<bool, QuayError> {
        let Some(name) = &self.performer else {
            return Ok(true);
        };
        match namespace::user_or_robot(tx, name)? {
            Some(p) => {
                self.filter.performer = Some(p.id);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn page(mut self, tx: &Transaction<'_>) -> Result<SuperUserLogList, QuayError> {
        let (start, end) = range(self.starttime.as_deref(), self.endtime.as_deref())?;
        let known = self.resolve_performer(tx)?;
        let mut rows = if known {
            let bounds = (db_form(&start), db_form(&end));
            filtered_page(
                tx,
                &self.filter,
                (&bounds.0, &bounds.1),
                decode_page_token(self.next_page.as_deref()),
                PER_PAGE as i64 + 1,
            )?
        } else {
            Vec::new()
        };
        let next = rows.get(PER_PAGE).map(|r| encode_page_token(r.id));
        rows.truncate(PER_PAGE);
        Ok(SuperUserLogList {
            start_time: quay_date(&start),
            end_time: quay_date(&end),
            logs: rows
                .into_iter()
                .map(|r| {
                    let mut entry = log_view(r);
                    entry.namespace = None;
                    entry
                })
                .collect(),
            next_page: next,
            search_unavailable: None,
            message: None,
        })
    }

    fn counts(mut self, tx: &Transaction<'_>) -> Result<AggregatedLogs, QuayError> {
        let (start, end) = range(self.starttime.as_deref(), self.endtime.as_deref())?;
        // An unknown performer filters nothing here (Quay drops it).
        self.resolve_performer(tx)?;
        aggregated(tx, &self.filter, (start, end))
    }
}

/// The daily counts per kind of `filter`'s entries over `range` (at most 31 days, else Quay's
/// 400 `Invalid date range for logs`); also the superuser panel's registry-wide counts.
pub(crate) fn aggregated(
    tx: &Transaction<'_>,
    filter: &LogFilter,
    (start, end): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
) -> Result<AggregatedLogs, QuayError> {
    if end - start > Duration::days(MAX_AGGREGATE_DAYS) {
        return Err(QuayError::message(400, "Invalid date range for logs"));
    }
    let bounds = (db_form(&start), db_form(&end));
    let aggregated = daily_counts(tx, filter, (&bounds.0, &bounds.1))?
        .into_iter()
        .filter_map(|(day, kind, count)| {
            let midnight = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)?
                .and_utc();
            Some(AggregatedLogEntry {
                kind,
                count,
                datetime: quay_date(&midnight),
            })
        })
        .collect();
    Ok(AggregatedLogs { aggregated })
}

/// The organization-log rights (`AdministerOrganizationPermission`, global read-only
/// superusers, full-access superusers), before the namespace is looked up; the namespace, if
/// it exists.
fn admin_namespace(
    tx: &Transaction<'_>,
    cfg: &crate::config::Config,
    who: &Identity,
    orgname: &str,
) -> Result<Option<crate::store::namespace::Namespace>, QuayError> {
    let ns = namespace::user_or_org(tx, orgname)?;
    if who.is_global_readonly(cfg) || administers_namespace(tx, cfg, who, orgname, ns.as_ref())? {
        Ok(ns)
    } else {
        Err(who.refuse())
    }
}

impl LogsApi {
    /// The repository's log, for its administrators, global read-only superusers and
    /// full-access superusers.
    async fn repo_log<T: Send + 'static>(
        &self,
        who: Arc<Identity>,
        repository: String,
        query: LogQuery,
        read: fn(LogQuery, &Transaction<'_>) -> Result<T, QuayError>,
    ) -> Result<T, QuayError> {
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let repo = require_repo_admin(tx, &cfg, &who, &repository, true)?;
                let repo = repo.ok_or_else(QuayError::not_found)?;
                let mut query = query;
                query.filter.account = Some(repo.namespace_id);
                query.filter.repository = Some(repo.name);
                read(query, tx)
            })
            .await
    }

    /// The signed-in user's own log: a user whose token has `user:admin`.
    async fn user_log<T: Send + 'static>(
        &self,
        who: Arc<Identity>,
        query: LogQuery,
        read: fn(LogQuery, &Transaction<'_>) -> Result<T, QuayError>,
    ) -> Result<T, QuayError> {
        let uid = who.require_user()?;
        if !who.scopes.has(Scope::UserAdmin) {
            return Err(who.refuse());
        }
        self.state
            .store
            .read(move |tx| {
                let mut query = query;
                query.filter.account = Some(uid);
                query.filter.without_service_keys = true;
                read(query, tx)
            })
            .await
    }

    /// An organization's log, for its administrators, global read-only superusers and
    /// full-access superusers.
    async fn org_log<T: Send + 'static>(
        &self,
        who: Arc<Identity>,
        orgname: String,
        query: LogQuery,
        read: fn(LogQuery, &Transaction<'_>) -> Result<T, QuayError>,
    ) -> Result<T, QuayError> {
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let ns = admin_namespace(tx, &cfg, &who, &orgname)?.ok_or_else(|| {
                    QuayError::message(400, format!("Invalid namespace requested: {orgname}"))
                })?;
                let mut query = query;
                query.filter.account = Some(ns.id);
                read(query, tx)
            })
            .await
    }
}

fn query(
    starttime: Query<Option<String>>,
    endtime: Query<Option<String>>,
    performer: Option<String>,
    next_page: Option<String>,
) -> LogQuery {
    LogQuery {
        filter: LogFilter::default(),
        starttime: starttime.0,
        endtime: endtime.0,
        performer,
        next_page,
    }
}

type ListReply = Reply<Ok200<SuperUserLogList>, (E400<MessageError>, E401, E403, E404)>;
type CountReply = Reply<Ok200<AggregatedLogs>, (E400<MessageError>, E401, E403, E404)>;
type ExportReply = Reply<Ok200<ExportedLogs>, (E400, E401Api, E403W, E404, E415, E503)>;

#[OpenApi(tag = "ApiTags::Logs")]
impl LogsApi {
    /// List a repository's audit log
    #[oai(
        path = "/api/v1/repository/:repository/logs",
        method = "get",
        operation_id = "listRepoLogs"
    )]
    async fn list_repo_logs(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        next_page: Query<Option<String>>,
    ) -> ListReply {
        let q = query(starttime, endtime, None, next_page.0);
        self.repo_log(who.0.clone(), repository.0, q, LogQuery::page)
            .await
            .into()
    }

    /// Count a repository's log entries per day and kind
    #[oai(
        path = "/api/v1/repository/:repository/aggregatelogs",
        method = "get",
        operation_id = "getAggregateRepoLogs"
    )]
    async fn get_aggregate_repo_logs(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
    ) -> CountReply {
        let q = query(starttime, endtime, None, None);
        self.repo_log(who.0.clone(), repository.0, q, LogQuery::counts)
            .await
            .into()
    }

    /// List the signed-in user's audit log
    #[oai(
        path = "/api/v1/user/logs",
        method = "get",
        operation_id = "listUserLogs"
    )]
    async fn list_user_logs(
        &self,
        who: Data<&Arc<Identity>>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        performer: Query<Option<String>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserLogList>, (E400<MessageError>, E401, E403)> {
        let q = query(starttime, endtime, performer.0, next_page.0);
        self.user_log(who.0.clone(), q, LogQuery::page).await.into()
    }

    /// Count the signed-in user's log entries per day and kind
    #[oai(
        path = "/api/v1/user/aggregatelogs",
        method = "get",
        operation_id = "getAggregateUserLogs"
    )]
    async fn get_aggregate_user_logs(
        &self,
        who: Data<&Arc<Identity>>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        performer: Query<Option<String>>,
    ) -> Reply<Ok200<AggregatedLogs>, (E400<MessageError>, E401, E403)> {
        let q = query(starttime, endtime, performer.0, None);
        self.user_log(who.0.clone(), q, LogQuery::counts)
            .await
            .into()
    }

    /// List an organization's audit log
    #[oai(
        path = "/api/v1/organization/:orgname/logs",
        method = "get",
        operation_id = "listOrgLogs"
    )]
    async fn list_org_logs(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        performer: Query<Option<String>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserLogList>, (E400<MessageError>, E401, E403)> {
        let q = query(starttime, endtime, performer.0, next_page.0);
        self.org_log(who.0.clone(), orgname.0, q, LogQuery::page)
            .await
            .into()
    }

    /// Count an organization's log entries per day and kind
    #[oai(
        path = "/api/v1/organization/:orgname/aggregatelogs",
        method = "get",
        operation_id = "getAggregateOrgLogs"
    )]
    async fn get_aggregate_org_logs(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        performer: Query<Option<String>>,
    ) -> Reply<Ok200<AggregatedLogs>, (E400<MessageError>, E401, E403)> {
        let q = query(starttime, endtime, performer.0, None);
        self.org_log(who.0.clone(), orgname.0, q, LogQuery::counts)
            .await
            .into()
    }

    /// Export a repository's audit log
    #[oai(
        path = "/api/v1/repository/:repository/exportlogs",
        method = "post",
        operation_id = "exportRepoLogs"
    )]
    async fn export_repo_logs(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        body: Body<ExportLogs>,
    ) -> ExportReply {
        let result = async {
            let cfg = self.state.config.clone();
            let (w, repository) = (who.0.clone(), repository.0);
            let looked_up = repository.clone();
            // Quay's `require_repo_admin(allow_for_superuser=True)` comes before the body.
            let target = self
                .state
                .store
                .read(move |tx| {
                    let repository = looked_up;
                    // Global read-only superusers may not export a repository's log.
                    let repo = require_repo_admin(tx, &cfg, &w, &repository, false)?;
                    Ok(repo.map(|r| ExportTarget {
                        namespace_id: r.namespace_id,
                        namespace_name: r.namespace.clone(),
                        repository: Some(r.name),
                    }))
                })
                .await?;
            let body = body.checked()?;
            let target = match target {
                Some(t) => t,
                None => {
                    let ns_name = repository.split('/').next().unwrap_or_default().to_string();
                    let repo_name = repository.split_once('/').map(|(_, n)| n.to_string());
                    let ns = self
                        .state
                        .store
                        .read(move |tx| namespace::user_or_org(tx, &ns_name))
                        .await?;
                    if let Some(ns) = ns {
                        self.log_export_failure(
                            &who,
                            ns.id,
                            repo_name,
                            &body,
                            "non-existent repository",
                        )
                        .await?;
                    }
                    return Err(QuayError::not_found());
                }
            };
            self.export(&who, target, body, (starttime.0, endtime.0))
                .await
        }
        .await;
        result.into()
    }

    /// Export the signed-in user's audit log
    #[oai(
        path = "/api/v1/user/exportlogs",
        method = "post",
        operation_id = "exportUserLogs"
    )]
    async fn export_user_logs(
        &self,
        who: Data<&Arc<Identity>>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        body: Body<ExportLogs>,
    ) -> Reply<Ok200<ExportedLogs>, (E400, E401Api, E403W, E415, E503)> {
        let result = async {
            let uid = who.require_user()?;
            if !who.scopes.has(Scope::UserAdmin) {
                return Err(who.refuse());
            }
            let body = body.checked()?;
            let target = ExportTarget {
                namespace_id: uid,
                namespace_name: who.username().unwrap_or_default().to_string(),
                repository: None,
            };
            self.export(&who, target, body, (starttime.0, endtime.0))
                .await
        }
        .await;
        result.into()
    }

    /// Export an organization's audit log
    #[oai(
        path = "/api/v1/organization/:orgname/exportlogs",
        method = "post",
        operation_id = "exportOrgLogs"
    )]
    async fn export_org_logs(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        body: Body<ExportLogs>,
    ) -> Reply<Ok200<ExportedLogs>, (E400, E401Api, E403W, E415, E503)> {
        let result = async {
            // Here Quay validates the body before the rights.
            let body = body.checked()?;
            let cfg = self.state.config.clone();
            let (w, orgname) = (who.0.clone(), orgname.0);
            let looked_up = orgname.clone();
            let target = self
                .state
                .store
                .read(move |tx| {
                    let ns = match admin_namespace(tx, &cfg, &w, &looked_up) {
                        Ok(ns) => ns,
                        // Quay logs the refusal in the organization's log.
                        Err(refused) => {
                            let ns = namespace::user_or_org(tx, &looked_up)?;
                            return Ok(Err((refused, ns.map(|n| n.id))));
                        }
                    };
                    let ns =
                        ns.ok_or_else(|| QuayError::invalid_request("Invalid export request"))?;
                    Ok(Ok(ExportTarget {
                        namespace_id: ns.id,
                        namespace_name: ns.name,
                        repository: None,
                    }))
                })
                .await?;
            let target = match target {
                Ok(t) => t,
                Err((refused, ns)) => {
                    if let Some(id) = ns {
                        self.log_export_failure(&who, id, None, &body, "unauthorized")
                            .await?;
                    }
                    return Err(refused);
                }
            };
            self.export(&who, target, body, (starttime.0, endtime.0))
                .await
        }
        .await;
        result.into()
    }
}
