//! The API: one `#[OpenApi]` implementation per tag, assembled into one service, wrapped in
//! Quay's request pipeline ([`crate::middleware`]).

use std::sync::Arc;

use poem::{Endpoint, EndpointExt, Route};
use poem_openapi::{OpenApiService, Tags};

use crate::config::Config;
use crate::store::Store;

pub mod organization;
pub mod permission;
pub mod repository;
pub mod robot;
pub mod superuser;
pub mod team;
pub mod user;

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The configuration.
    pub config: Arc<Config>,
    /// Outgoing HTTP (proxy-cache validation).
    pub http: reqwest::Client,
}

impl AppState {
    /// State over `store` with `config`.
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
        }
    }
}

/// The spec's tags.
#[derive(Tags)]
pub enum ApiTags {
    /// Organizations, members, applications, proxy cache.
    #[oai(rename = "organization")]
    Organization,
    /// Teams.
    #[oai(rename = "team")]
    Team,
    /// Repository permissions.
    #[oai(rename = "permission")]
    Permission,
    /// The superuser panel.
    #[oai(rename = "superuser")]
    Superuser,
    /// Repositories.
    #[oai(rename = "repository")]
    Repository,
    /// Robot accounts.
    #[oai(rename = "robot")]
    Robot,
    /// Users.
    #[oai(rename = "user")]
    User,
}

/// Every area's operations, in the spec's tag order.
pub type Apis = (
    organization::OrganizationApi,
    team::TeamApi,
    permission::PermissionApi,
    superuser::SuperuserApi,
    repository::RepositoryApi,
    robot::RobotApi,
    user::UserApi,
);

/// The OpenAPI service of every area.
pub fn service(state: &AppState) -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            organization::OrganizationApi::new(state.clone()),
            team::TeamApi::new(state.clone()),
            permission::PermissionApi::new(state.clone()),
            superuser::SuperuserApi::new(state.clone()),
            repository::RepositoryApi::new(state.clone()),
            robot::RobotApi::new(state.clone()),
            user::UserApi::new(state.clone()),
        ),
        "Red Hat Quay REST API v1 (quay-server)",
        env!("CARGO_PKG_VERSION"),
    )
}

/// The whole application: the API with Quay's pipeline, the generated document at
/// `/api/v1/openapi.json` and `.yaml`, Swagger UI at `/api/v1/docs`.
pub fn app(state: AppState) -> impl Endpoint<Output = poem::Response> {
    let api = service(&state);
    let json = api.spec_endpoint();
    let yaml = api.spec_endpoint_yaml();
    let ui = api.swagger_ui();
    let route = Route::new()
        .nest("/", api)
        .at("/api/v1/openapi.json", json)
        .at("/api/v1/openapi.yaml", yaml)
        .nest("/api/v1/docs", ui);
    let route = Arc::new(route);
    poem::endpoint::make(move |req| {
        let ep = route.clone();
        let state = state.clone();
        async move { crate::middleware::quay(ep, state, req).await }
    })
    .map_to_response()
}

/// The quotas of a namespace as embedded in its views.
pub fn quota_lites(
    tx: &rusqlite::Transaction<'_>,
    namespace_id: i64,
) -> Result<Vec<crate::models::QuotaLite>, crate::error::QuayError> {
    let mut stmt = tx.prepare("SELECT id, limit_bytes FROM quota WHERE namespace_id = ?1")?;
    let quotas: Vec<(i64, i64)> = stmt
        .query_map([namespace_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    quotas
        .into_iter()
        .map(|(id, limit_bytes)| {
            Ok(crate::models::QuotaLite {
                id,
                limit_bytes: crate::models::ByteSize::new(limit_bytes.max(0) as u64),
                limits: quota_limits(tx, id)?,
            })
        })
        .collect()
}

/// The thresholds of a quota, in creation order.
pub fn quota_limits(
    tx: &rusqlite::Transaction<'_>,
    quota_id: i64,
) -> Result<Vec<crate::models::QuotaLimit>, crate::error::QuayError> {
    use crate::models::{QuotaLimit, QuotaLimitType};
    let mut stmt = tx.prepare(
        "SELECT id, type, limit_percent FROM quota_limit WHERE quota_id = ?1 ORDER BY id",
    )?;
    let limits = stmt
        .query_map([quota_id], |r| {
            let ty: String = r.get(1)?;
            Ok(QuotaLimit {
                id: r.get(0)?,
                limit_type: if ty == "Reject" {
                    QuotaLimitType::Reject
                } else {
                    QuotaLimitType::Warning
                },
                limit_percent: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(limits)
}

/// A namespace's usage against its quota. This server stores no blobs, so usage is 0.
pub fn quota_report(
    tx: &rusqlite::Transaction<'_>,
    cfg: &Config,
    namespace_id: i64,
) -> Result<crate::models::QuotaReport, crate::error::QuayError> {
    use rusqlite::OptionalExtension;
    let configured: Option<i64> = tx
        .query_row(
            "SELECT limit_bytes FROM quota WHERE namespace_id = ?1",
            [namespace_id],
            |r| r.get(0),
        )
        .optional()?;
    let configured = configured.or((cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES > 0)
        .then_some(cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES));
    Ok(crate::models::QuotaReport {
        quota_bytes: crate::models::ByteSize::new(0),
        configured_quota: configured.map(|b| crate::models::ByteSize::new(b.max(0) as u64)),
        running_backfill: "complete".into(),
        backfill_status: crate::models::BackfillStatus::Complete,
    })
}
