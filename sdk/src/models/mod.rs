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
        Secret,
        Avatar,
        ApiError,
        MessageText,
        MessageError,
        BadRequestError,
        AuthError,
        ReadOnlyError,
        QuotaLimit,
        QuotaLite,
        QuotaReport,
        AvatarKind,
        ApiErrorType,
        RepositoryRole,
        TeamRole,
        QuotaLimitType,
        Created,
        Deleted,
        BackfillStatus,
        OrganizationView,
        TeamSummary,
        NewOrg,
        UpdateOrg,
        OrgMemberTeam,
        OrgMemberDetail,
        OrgMemberList,
        OrgCollaborator,
        OrgCollaboratorList,
        Application,
        OrganizationApplicationList,
        ApplicationInformation,
        NewApp,
        UpdateApp,
        NewApplicationToken,
        OAuthApplicationToken,
        CreatedOAuthApplicationToken,
        OAuthApplicationTokenList,
        ProxyCacheConfig,
        ProxyCacheConfigured,
        ProxyCacheNotConfigured,
        NewProxyCacheConfig,
        OrgMemberKind,
        OrgCollaboratorKind,
        ProxyCacheEmptyField,
        ProxyCacheValidationResult,
        UserPermissionChange,
        TeamPermissionChange,
        UserPermission,
        TeamPermission,
        RolePermission,
        RepositoryUserPermissionList,
        RepositoryTeamPermissionList,
        UserTransitivePermissionList,
        NewRepo,
        CreatedRepository,
        RepositoryQuotaUsage,
        RepositorySummary,
        RepositoryList,
        RepositoryTagSummary,
        RepositoryActionStat,
        RepositoryDetail,
        ListRepos,
        GetRepoOptions,
        RepositoryKind,
        NewRepoKind,
        RepositoryState,
        RepositoryVisibility,
        CreateRobot,
        RobotAccount,
        RobotTeam,
        RobotAccountSummary,
        RobotAccountList,
        ListRobots,
        SuperUserUser,
        SuperUserUserList,
        CreateInstallUser,
        CreatedInstallUser,
        SuperUserOrg,
        SuperUserOrgList,
        SuperUserUpdateOrg,
        LogEntryPerformer,
        LogEntryNamespace,
        LogEntry,
        SuperUserLogList,
        ServiceKeyApprover,
        ServiceKeyApproval,
        ServiceKeyJwk,
        ServiceKey,
        ServiceKeyList,
        CreateServiceKey,
        CreatedServiceKey,
        PutServiceKey,
        ApproveServiceKey,
        QuotaView,
        QuotaViewList,
        NewNamespaceQuota,
        UpdateNamespaceQuota,
        BuildPullRobot,
        BuildRepositoryRef,
        BuildTrigger,
        RepositoryBuild,
        ArchivedBuildLogs,
        LiveBuildLogs,
        BuildLogs,
        RegistrySize,
        SuperuserAccountKind,
        LogEntryNamespaceKind,
        ServiceKeyApprovalType,
        BuildPhase,
        RegistrySizeQueued,
        TeamDescription,
        TeamView,
        TeamMemberView,
        TeamInviteView,
        TeamMemberOrInvite,
        TeamSyncCapability,
        TeamSyncStatus,
        TeamMembers,
        TeamPermissionRepository,
        TeamRepositoryPermission,
        TeamPermissionsList,
        TeamMemberKind,
        TeamInviteKind,
        UserFederatedLogin,
        UserOrganization,
        UserInformation,
        LoggedInUser,
        UserInitialize,
        UserInitialized,
        UserPrompt,
    )))]
    struct Models;

    serde_json::to_value(Models::openapi()).unwrap_or_default()
}
