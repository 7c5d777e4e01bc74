//! The `mirrorhealth` tag: how repository mirroring fares (Quay's
//! `endpoints/api/mirrorhealth.py`), and the report the superuser panel's
//! getSuperUserRepositoryMirrorHealth shares ([`report`]).
//!
//! Quay reads its workers' Prometheus metrics for the worker count, the pending tags and the
//! last syncs; this server runs no mirror worker, so those are what Quay reports without any:
//! no worker, nothing pending, no sync time. The counts and issues come from the stored
//! configurations, as Quay's do.

use std::sync::Arc;

use chrono::Utc;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use rusqlite::Transaction;
use serde_json::{Map, Value};

use super::{ApiTags, AppState};
use crate::auth::{Identity, member_of_namespace};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    MessageError, MirrorHealth, MirrorHealthIssue, MirrorHealthPagination,
    MirrorHealthRepositories, MirrorHealthRepository, MirrorHealthStatus, MirrorHealthWorkers,
    MirrorIssueSeverity, RepoMirrorStatus,
};
use crate::params::{LooseInt, TruthyBool, truthy};
use crate::reply::{E400, E401, E403, E404, HealthOr503, Reply};
use crate::store::mirror::{self as store, Counted};
use crate::store::namespace;
use crate::time::iso_z;

/// Operations of the `mirrorhealth` tag.
pub struct MirrorHealthApi {
    state: AppState,
}

impl MirrorHealthApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Issues of each kind listed at most (Quay's sample size).
const SAMPLES: i64 = 5;
/// More than this share of failing mirrors (among those that ran) is unhealthy.
const FAILURE_THRESHOLD: f64 = 0.2;

/// What the report covers beyond the counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    /// Only the mirrors of this namespace.
    pub namespace_id: Option<i64>,
    /// Per-repository issues (never synced, out of retries).
    pub repository_issues: bool,
    /// A page of rows: (limit, offset), already clamped.
    pub page: Option<(i64, i64)>,
}

/// Quay's `get_mirror_health_data`: the report, and whether it is healthy.
pub fn report(
    tx: &Transaction<'_>,
    cfg: &Config,
    scope: Scope,
) -> Result<(bool, MirrorHealth), QuayError> {
    let counts = store::counts(tx, scope.namespace_id)?;
    let timestamp = iso_z(&Utc::now());
    let issue = |severity, message: String| MirrorHealthIssue {
        severity,
        message,
        timestamp: timestamp.clone(),
    };
    let mut issues = Vec::new();
    if scope.repository_issues {
        let rows = |status: RepoMirrorStatus| {
            store::counted(tx, scope.namespace_id, Some(status.as_str()), SAMPLES, 0)
        };
        for r in rows(RepoMirrorStatus::NeverRun)? {
            issues.push(issue(
                MirrorIssueSeverity::Warning,
                format!(
                    "Repository {}/{} has never been synced",
                    r.namespace, r.repository
                ),
            ));
        }
        for r in rows(RepoMirrorStatus::Fail)? {
            issues.push(issue(
                MirrorIssueSeverity::Error,
                format!(
                    "Repository {}/{} has exhausted all retry attempts",
                    r.namespace, r.repository
                ),
            ));
        }
    }
    let ran = counts.total - counts.never_run;
    let mut healthy = true;
    if ran > 0 {
        let rate = counts.failed as f64 / ran as f64;
        if rate > FAILURE_THRESHOLD {
            healthy = false;
            issues.insert(
                0,
                issue(
                    MirrorIssueSeverity::Critical,
                    format!(
                        "{:.1}% of repositories are failing (threshold: 20.0%)",
                        rate * 100.0
                    ),
                ),
            );
        }
    }
    // No worker reports here, so Quay's missing-replica check (which needs at least one
    // reporting worker) never applies.
    let active = 0;
    let (details, pagination) = match scope.page {
        Some((limit, offset)) => {
            let mut rows = store::counted(tx, scope.namespace_id, None, limit + 1, offset)?;
            let has_more = rows.len() as i64 > limit;
            rows.truncate(limit as usize);
            (
                Some(rows.into_iter().map(row).collect()),
                Some(MirrorHealthPagination {
                    limit,
                    offset,
                    has_more,
                }),
            )
        }
        None => (None, None),
    };
    let report = MirrorHealth {
        healthy,
        workers: MirrorHealthWorkers {
            active,
            configured: cfg.REPO_MIRROR_WORKER_REPLICAS.unwrap_or(active),
            status: if healthy {
                MirrorHealthStatus::Healthy
            } else {
                MirrorHealthStatus::Degraded
            },
        },
        repositories: MirrorHealthRepositories {
            total: counts.total,
            syncing: counts.syncing,
            completed: counts.completed,
            failed: counts.failed,
            never_run: counts.never_run,
            details,
            pagination,
        },
        tags_pending: 0.0,
        last_check: timestamp.clone(),
        issues,
    };
    Ok((healthy, report))
}

fn row(r: Counted) -> MirrorHealthRepository {
    MirrorHealthRepository {
        namespace: r.namespace,
        repository: r.repository,
        sync_status: RepoMirrorStatus::parse(&r.sync_status).unwrap_or(RepoMirrorStatus::NeverRun),
        is_enabled: true,
        last_sync: None,
        retries_remaining: r.retries_remaining,
    }
}

/// Quay's reqparse refusal of a query parameter that is no integer.
fn not_an_integer(name: &str, help: &str) -> QuayError {
    let mut map = Map::new();
    map.insert(name.into(), Value::String(help.into()));
    QuayError::Message {
        status: 400,
        message: Value::Object(map),
    }
}

/// A parameter as Python's `int()` read it (`default` when absent).
fn integer(
    param: Option<LooseInt>,
    default: i64,
    name: &str,
    help: &str,
) -> Result<i64, QuayError> {
    match param {
        None => Ok(default),
        Some(LooseInt(Some(n))) => Ok(n),
        Some(LooseInt(None)) => Err(not_an_integer(name, help)),
    }
}

#[OpenApi(tag = "ApiTags::Mirrorhealth")]
impl MirrorHealthApi {
    /// Health of repository mirroring
    #[oai(
        path = "/api/v1/repository/mirror/health",
        method = "get",
        operation_id = "getRepositoryMirrorHealth"
    )]
    async fn get_repository_mirror_health(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Query<Option<String>>,
        detailed: Query<Option<TruthyBool>>,
        limit: Query<Option<LooseInt>>,
        offset: Query<Option<LooseInt>>,
    ) -> Reply<HealthOr503<MirrorHealth>, (E400<MessageError>, E401, E403, E404)> {
        let result = async {
            who.require_user()?;
            let limit = integer(
                limit.0,
                100,
                "limit",
                "Maximum repositories in detailed view (when detailed=true)",
            )?;
            let offset = integer(
                offset.0,
                0,
                "offset",
                "Offset into the sorted mirror list for detailed view",
            )?;
            let page = truthy(&detailed.0, false).then_some((limit.clamp(1, 1000), offset.max(0)));
            let (cfg, who, name) = (self.state.config.clone(), who.0.clone(), namespace.0);
            self.state
                .store
                .read(move |tx| {
                    let privileged = who.has_full_access(&cfg) || who.is_global_readonly(&cfg);
                    let namespace_id = match name {
                        None if privileged => None,
                        None => return Err(who.refuse()),
                        Some(name) => {
                            let ns = namespace::user_or_org(tx, &name)?
                                .ok_or_else(QuayError::not_found)?;
                            let allowed = privileged
                                || who.username() == Some(name.as_str())
                                || (ns.kind == "org"
                                    && member_of_namespace(tx, &cfg, &who, &name, Some(&ns))?);
                            if !allowed {
                                return Err(who.refuse());
                            }
                            Some(ns.id)
                        }
                    };
                    report(
                        tx,
                        &cfg,
                        Scope {
                            namespace_id,
                            repository_issues: true,
                            page,
                        },
                    )
                })
                .await
        }
        .await;
        result.into()
    }
}
