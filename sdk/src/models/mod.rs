//! Typed request and response bodies, one module per API area, named as the schemas of
//! `openapi.yaml`'s `components/schemas`.
//!
//! Every model tolerates fields a newer Quay adds, uses `Option` for nullable or conditional
//! fields, and every enum has an `Other` variant that keeps a value this SDK does not know.

#[macro_use]
mod macros;
mod common;
mod organization;
mod permission;
mod repository;
mod robot;
mod superuser;
mod team;
mod user;

pub use common::*;
pub use organization::*;
pub use permission::*;
pub use repository::*;
pub use robot::*;
pub use superuser::*;
pub use team::*;
pub use user::*;

/// Every model's derived schema as an OpenAPI document (`components/schemas` keyed by the
/// spec's schema names), for the conformance suite's drift gate.
#[cfg(feature = "schema")]
pub fn schema_document() -> serde_json::Value {
    use utoipa::OpenApi;

    #[derive(OpenApi)]
    #[openapi(components(schemas(
        Avatar,
        AvatarKind,
        ApiError,
        ApiErrorType,
        MessageError,
        BadRequestError,
        AuthError,
        ReadOnlyError,
        RepositoryRole,
        TeamRole,
        QuotaLimitType,
        Created,
        Deleted,
        QuotaLimit,
        QuotaLite,
        QuotaReport,
        UserFederatedLogin,
        UserOrganization,
        UserInformation,
        LoggedInUser,
        UserInitialize,
        UserInitialized,
    )))]
    struct Models;

    serde_json::to_value(Models::openapi()).unwrap_or_default()
}
