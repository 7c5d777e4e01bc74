//! The API: one `#[OpenApi]` implementation per tag, assembled into one service (which
//! [`crate::app`] wraps in Quay's request pipeline).

use poem_openapi::{OpenApiService, Tags};

use crate::config::Config;
pub use crate::state::AppState;

pub mod appspecifictokens;
pub mod build;
pub mod capabilities;
pub mod discovery;
pub mod error;
pub mod globalmessages;
pub mod logs;
pub mod mirror;
pub mod mirrorhealth;
pub mod namespacequota;
pub mod org_mirror;
pub mod organization;
pub mod permission;
pub mod prototype;
pub mod repository;
pub mod robot;
pub mod search;
pub mod suconfig;
pub mod superuser;
pub mod team;
pub mod user;

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
    /// Organization and user quotas.
    #[oai(rename = "namespacequota")]
    Namespacequota,
    /// Audit logs.
    #[oai(rename = "logs")]
    Logs,
    /// Global messages.
    #[oai(rename = "globalmessages")]
    Globalmessages,
    /// Registry capabilities.
    #[oai(rename = "capabilities")]
    Capabilities,
    /// Error type descriptions.
    #[oai(rename = "error")]
    Error,
    /// Setup status.
    #[oai(rename = "suconfig")]
    Suconfig,
    /// The API in Swagger 2.0.
    #[oai(rename = "discovery")]
    Discovery,
    /// App-specific tokens.
    #[oai(rename = "appspecifictokens")]
    Appspecifictokens,
    /// Repository mirroring.
    #[oai(rename = "mirror")]
    Mirror,
    /// Mirroring health.
    #[oai(rename = "mirrorhealth")]
    Mirrorhealth,
    /// Organization mirroring.
    #[oai(rename = "org_mirror")]
    OrgMirror,
    /// Default permissions.
    #[oai(rename = "prototype")]
    Prototype,
    /// Search.
    #[oai(rename = "search")]
    Search,
    /// Repository builds.
    #[oai(rename = "build")]
    Build,
}

/// Every area's operations, in the spec's tag order.
pub type Apis = (
    organization::OrganizationApi,
    organization::OrganizationMembersApi,
    organization::OrganizationApplicationsApi,
    organization::ProxyCacheApi,
    team::TeamApi,
    team::TeamMembersApi,
    permission::PermissionApi,
    superuser::Apis,
    repository::RepositoryApi,
    robot::RobotApi,
    user::Apis,
    namespacequota::NamespaceQuotaApi,
    logs::LogsApi,
    // poem-openapi implements `OpenApi` for tuples of at most 16: the small areas nest.
    (
        globalmessages::GlobalMessagesApi,
        capabilities::CapabilitiesApi,
        error::ErrorApi,
        suconfig::SuconfigApi,
        appspecifictokens::AppTokensApi,
        discovery::DiscoveryApi,
        mirror::MirrorApi,
        mirrorhealth::MirrorHealthApi,
        repository::RepositoryStateApi,
        org_mirror::OrgMirrorApi,
        robot::UserRobotsApi,
        robot::RobotAccessApi,
        robot::RobotFederationApi,
        prototype::PrototypeApi,
        search::SearchApi,
        build::BuildApi,
    ),
);

/// The OpenAPI service of every area.
pub fn service(state: &AppState) -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            organization::OrganizationApi::new(state.clone()),
            organization::OrganizationMembersApi::new(state.clone()),
            organization::OrganizationApplicationsApi::new(state.clone()),
            organization::ProxyCacheApi::new(state.clone()),
            team::TeamApi::new(state.clone()),
            team::TeamMembersApi::new(state.clone()),
            permission::PermissionApi::new(state.clone()),
            superuser::apis(state),
            repository::RepositoryApi::new(state.clone()),
            robot::RobotApi::new(state.clone()),
            user::apis(state),
            namespacequota::NamespaceQuotaApi::new(state.clone()),
            logs::LogsApi::new(state.clone()),
            (
                globalmessages::GlobalMessagesApi::new(state.clone()),
                capabilities::CapabilitiesApi::new(state.clone()),
                error::ErrorApi::new(state.clone()),
                suconfig::SuconfigApi::new(state.clone()),
                appspecifictokens::AppTokensApi::new(state.clone()),
                discovery::DiscoveryApi::new(state.clone()),
                mirror::MirrorApi::new(state.clone()),
                mirrorhealth::MirrorHealthApi::new(state.clone()),
                repository::RepositoryStateApi::new(state.clone()),
                org_mirror::OrgMirrorApi::new(state.clone()),
                robot::UserRobotsApi::new(state.clone()),
                robot::RobotAccessApi::new(state.clone()),
                robot::RobotFederationApi::new(state.clone()),
                prototype::PrototypeApi::new(state.clone()),
                search::SearchApi::new(state.clone()),
                build::BuildApi::new(state.clone()),
            ),
        ),
        "Red Hat Quay REST API v1 (quay-server)",
        env!("CARGO_PKG_VERSION"),
    )
}

/// The request's `User-Agent` (empty when absent), as Quay records it in audit entries.
pub fn user_agent(req: &poem::Request) -> String {
    req.header("User-Agent").unwrap_or_default().to_string()
}

/// The quotas of a namespace as embedded in its views.
pub fn quota_lites(
    tx: &rusqlite::Transaction<'_>,
    namespace_id: i64,
) -> Result<Vec<crate::models::QuotaLite>, crate::error::QuayError> {
    crate::store::quota::quotas_of(tx, namespace_id)?
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
    Ok(crate::store::quota::limits_of(tx, quota_id)?
        .into_iter()
        .map(|(id, ty, limit_percent)| QuotaLimit {
            id,
            kind: if ty == "Reject" {
                QuotaLimitType::Reject
            } else {
                QuotaLimitType::Warning
            },
            limit_percent,
        })
        .collect())
}

/// A namespace's usage against its quota. This server stores no blobs, so usage is 0.
pub fn quota_report(
    tx: &rusqlite::Transaction<'_>,
    cfg: &Config,
    namespace_id: i64,
) -> Result<crate::models::QuotaReport, crate::error::QuayError> {
    let configured = crate::store::quota::configured_limit(tx, namespace_id)?
        .or((cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES > 0)
            .then_some(cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES));
    Ok(crate::models::QuotaReport {
        quota_bytes: crate::models::ByteSize::new(0),
        configured_quota: configured.map(|b| crate::models::ByteSize::new(b.max(0) as u64)),
        running_backfill: "complete".into(),
        backfill_status: crate::models::BackfillStatus::Complete,
    })
}
