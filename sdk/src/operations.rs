//! The table of every operation the SDK implements: operationId, HTTP method, path template.
//!
//! One entry per operationId of `openapi.yaml`; the conformance suite proves the two agree, and
//! every public method of the area handlers sends exactly one of these.

use std::fmt;

/// An HTTP method used by the Quay API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// Quay's operationId (its nickname), e.g. `getOrganization`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template with Quay's exact trailing slashes, e.g. `/api/v1/organization/{orgname}`.
    pub path: &'static str,
    /// The spec tag (API area) the operation belongs to.
    pub tag: &'static str,
    /// Whether repeating the request has no further effect, so a retry policy may resend it.
    /// False for POSTs, the team-invite writes (which store or remove one invite per call) and
    /// createOrgRobot (a PUT that is not an upsert: a repeat answers 400).
    pub idempotent: bool,
}

impl Operation {
    /// Looks an operation up by operationId.
    pub fn find(id: &str) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|op| op.id == id)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.id)
    }
}

macro_rules! operations {
    ($($name:ident = $id:literal, $method:ident, $path:literal, $tag:literal, $idem:literal;)*) => {
        $(
            #[doc = concat!("`", $id, "`: ", stringify!($method), " `", $path, "`")]
            pub const $name: Operation = Operation {
                id: $id,
                method: Method::$method,
                path: $path,
                tag: $tag,
                idempotent: $idem,
            };
        )*
        /// Every operation, grouped by area.
        pub const OPERATIONS: &[Operation] = &[$($name),*];
    };
}

operations! {
    CHANGE_ORGANIZATION_DETAILS = "changeOrganizationDetails", Put, "/api/v1/organization/{orgname}", "organization", true;
    CREATE_ORGANIZATION = "createOrganization", Post, "/api/v1/organization/", "organization", false;
    CREATE_ORGANIZATION_APPLICATION = "createOrganizationApplication", Post, "/api/v1/organization/{orgname}/applications", "organization", false;
    CREATE_ORGANIZATION_APPLICATION_TOKEN = "createOrganizationApplicationToken", Post, "/api/v1/organization/{orgname}/applications/{client_id}/tokens", "organization", false;
    CREATE_PROXY_CACHE_CONFIG = "createProxyCacheConfig", Post, "/api/v1/organization/{orgname}/proxycache", "organization", false;
    DELETE_ADMINED_ORGANIZATION = "deleteAdminedOrganization", Delete, "/api/v1/organization/{orgname}", "organization", true;
    DELETE_ORGANIZATION_APPLICATION = "deleteOrganizationApplication", Delete, "/api/v1/organization/{orgname}/applications/{client_id}", "organization", true;
    DELETE_ORGANIZATION_APPLICATION_TOKEN = "deleteOrganizationApplicationToken", Delete, "/api/v1/organization/{orgname}/applications/{client_id}/tokens/{token_uuid}", "organization", true;
    DELETE_PROXY_CACHE_CONFIG = "deleteProxyCacheConfig", Delete, "/api/v1/organization/{orgname}/proxycache", "organization", true;
    GET_APPLICATION_INFORMATION = "getApplicationInformation", Get, "/api/v1/app/{client_id}", "organization", true;
    GET_ORGANIZATION = "getOrganization", Get, "/api/v1/organization/{orgname}", "organization", true;
    GET_ORGANIZATION_APPLICATION = "getOrganizationApplication", Get, "/api/v1/organization/{orgname}/applications/{client_id}", "organization", true;
    GET_ORGANIZATION_APPLICATIONS = "getOrganizationApplications", Get, "/api/v1/organization/{orgname}/applications", "organization", true;
    GET_ORGANIZATION_COLLABORATORS = "getOrganizationCollaborators", Get, "/api/v1/organization/{orgname}/collaborators", "organization", true;
    GET_ORGANIZATION_MEMBER = "getOrganizationMember", Get, "/api/v1/organization/{orgname}/members/{membername}", "organization", true;
    GET_ORGANIZATION_MEMBERS = "getOrganizationMembers", Get, "/api/v1/organization/{orgname}/members", "organization", true;
    GET_PROXY_CACHE_CONFIG = "getProxyCacheConfig", Get, "/api/v1/organization/{orgname}/proxycache", "organization", true;
    LIST_ORGANIZATION_APPLICATION_TOKENS = "listOrganizationApplicationTokens", Get, "/api/v1/organization/{orgname}/applications/{client_id}/tokens", "organization", true;
    REMOVE_ORGANIZATION_MEMBER = "removeOrganizationMember", Delete, "/api/v1/organization/{orgname}/members/{membername}", "organization", true;
    UPDATE_ORGANIZATION_APPLICATION = "updateOrganizationApplication", Put, "/api/v1/organization/{orgname}/applications/{client_id}", "organization", true;
    VALIDATE_PROXY_CACHE_CONFIG = "validateProxyCacheConfig", Post, "/api/v1/organization/{orgname}/validateproxycache", "organization", false;
    DELETE_ORGANIZATION_TEAM = "deleteOrganizationTeam", Delete, "/api/v1/organization/{orgname}/team/{teamname}", "team", true;
    DELETE_ORGANIZATION_TEAM_MEMBER = "deleteOrganizationTeamMember", Delete, "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}", "team", false;
    DELETE_TEAM_MEMBER_EMAIL_INVITE = "deleteTeamMemberEmailInvite", Delete, "/api/v1/organization/{orgname}/team/{teamname}/invite/{email}", "team", false;
    GET_ORGANIZATION_TEAM_MEMBERS = "getOrganizationTeamMembers", Get, "/api/v1/organization/{orgname}/team/{teamname}/members", "team", true;
    GET_ORGANIZATION_TEAM_PERMISSIONS = "getOrganizationTeamPermissions", Get, "/api/v1/organization/{orgname}/team/{teamname}/permissions", "team", true;
    INVITE_TEAM_MEMBER_EMAIL = "inviteTeamMemberEmail", Put, "/api/v1/organization/{orgname}/team/{teamname}/invite/{email}", "team", false;
    UPDATE_ORGANIZATION_TEAM = "updateOrganizationTeam", Put, "/api/v1/organization/{orgname}/team/{teamname}", "team", true;
    UPDATE_ORGANIZATION_TEAM_MEMBER = "updateOrganizationTeamMember", Put, "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}", "team", false;
    CHANGE_TEAM_PERMISSIONS = "changeTeamPermissions", Put, "/api/v1/repository/{repository}/permissions/team/{teamname}", "permission", true;
    CHANGE_USER_PERMISSIONS = "changeUserPermissions", Put, "/api/v1/repository/{repository}/permissions/user/{username}", "permission", true;
    DELETE_TEAM_PERMISSIONS = "deleteTeamPermissions", Delete, "/api/v1/repository/{repository}/permissions/team/{teamname}", "permission", true;
    DELETE_USER_PERMISSIONS = "deleteUserPermissions", Delete, "/api/v1/repository/{repository}/permissions/user/{username}", "permission", true;
    GET_TEAM_PERMISSIONS = "getTeamPermissions", Get, "/api/v1/repository/{repository}/permissions/team/{teamname}", "permission", true;
    GET_USER_PERMISSIONS = "getUserPermissions", Get, "/api/v1/repository/{repository}/permissions/user/{username}", "permission", true;
    GET_USER_TRANSITIVE_PERMISSION = "getUserTransitivePermission", Get, "/api/v1/repository/{repository}/permissions/user/{username}/transitive", "permission", true;
    LIST_REPO_TEAM_PERMISSIONS = "listRepoTeamPermissions", Get, "/api/v1/repository/{repository}/permissions/team/", "permission", true;
    LIST_REPO_USER_PERMISSIONS = "listRepoUserPermissions", Get, "/api/v1/repository/{repository}/permissions/user/", "permission", true;
    APPROVE_SERVICE_KEY = "approveServiceKey", Post, "/api/v1/superuser/approvedkeys/{kid}", "superuser", false;
    CHANGE_ORGANIZATION = "changeOrganization", Put, "/api/v1/superuser/organizations/{name}", "superuser", true;
    CHANGE_ORGANIZATION_QUOTA_SUPER_USER = "changeOrganizationQuotaSuperUser", Put, "/api/v1/superuser/organization/{namespace}/quota/{quota_id}", "superuser", true;
    CHANGE_USER_QUOTA_SUPER_USER = "changeUserQuotaSuperUser", Put, "/api/v1/superuser/users/{namespace}/quota/{quota_id}", "superuser", true;
    CREATE_INSTALL_USER = "createInstallUser", Post, "/api/v1/superuser/users/", "superuser", false;
    CREATE_ORGANIZATION_QUOTA_SUPER_USER = "createOrganizationQuotaSuperUser", Post, "/api/v1/superuser/organization/{namespace}/quota", "superuser", false;
    CREATE_SERVICE_KEY = "createServiceKey", Post, "/api/v1/superuser/keys", "superuser", false;
    CREATE_USER_QUOTA_SUPER_USER = "createUserQuotaSuperUser", Post, "/api/v1/superuser/users/{namespace}/quota", "superuser", false;
    DELETE_INSTALL_USER = "deleteInstallUser", Delete, "/api/v1/superuser/users/{username}", "superuser", true;
    DELETE_ORGANIZATION = "deleteOrganization", Delete, "/api/v1/superuser/organizations/{name}", "superuser", true;
    DELETE_ORGANIZATION_QUOTA_SUPER_USER = "deleteOrganizationQuotaSuperUser", Delete, "/api/v1/superuser/organization/{namespace}/quota/{quota_id}", "superuser", true;
    DELETE_SERVICE_KEY = "deleteServiceKey", Delete, "/api/v1/superuser/keys/{kid}", "superuser", true;
    DELETE_USER_QUOTA_SUPER_USER = "deleteUserQuotaSuperUser", Delete, "/api/v1/superuser/users/{namespace}/quota/{quota_id}", "superuser", true;
    GET_REGISTRY_SIZE = "getRegistrySize", Get, "/api/v1/superuser/registrysize/", "superuser", true;
    GET_REPO_BUILD_LOGS_SUPER_USER = "getRepoBuildLogsSuperUser", Get, "/api/v1/superuser/{build_uuid}/logs", "superuser", true;
    GET_REPO_BUILD_STATUS_SUPER_USER = "getRepoBuildStatusSuperUser", Get, "/api/v1/superuser/{build_uuid}/status", "superuser", true;
    GET_REPO_BUILD_SUPER_USER = "getRepoBuildSuperUser", Get, "/api/v1/superuser/{build_uuid}/build", "superuser", true;
    GET_SERVICE_KEY = "getServiceKey", Get, "/api/v1/superuser/keys/{kid}", "superuser", true;
    LIST_ALL_LOGS = "listAllLogs", Get, "/api/v1/superuser/logs", "superuser", true;
    LIST_ALL_ORGANIZATIONS = "listAllOrganizations", Get, "/api/v1/superuser/organizations/", "superuser", true;
    LIST_ALL_USERS = "listAllUsers", Get, "/api/v1/superuser/users/", "superuser", true;
    LIST_ORGANIZATION_QUOTA_SUPER_USER = "listOrganizationQuotaSuperUser", Get, "/api/v1/superuser/organization/{namespace}/quota", "superuser", true;
    LIST_SERVICE_KEYS = "listServiceKeys", Get, "/api/v1/superuser/keys", "superuser", true;
    LIST_USER_QUOTA_SUPER_USER = "listUserQuotaSuperUser", Get, "/api/v1/superuser/users/{namespace}/quota", "superuser", true;
    QUEUE_REGISTRY_SIZE_CALCULATION = "queueRegistrySizeCalculation", Post, "/api/v1/superuser/registrysize/", "superuser", false;
    UPDATE_SERVICE_KEY = "updateServiceKey", Put, "/api/v1/superuser/keys/{kid}", "superuser", true;
    CREATE_REPO = "createRepo", Post, "/api/v1/repository", "repository", false;
    DELETE_REPOSITORY = "deleteRepository", Delete, "/api/v1/repository/{repository}", "repository", true;
    GET_REPO = "getRepo", Get, "/api/v1/repository/{repository}", "repository", true;
    LIST_REPOS = "listRepos", Get, "/api/v1/repository", "repository", true;
    CREATE_ORG_ROBOT = "createOrgRobot", Put, "/api/v1/organization/{orgname}/robots/{robot_shortname}", "robot", false;
    DELETE_ORG_ROBOT = "deleteOrgRobot", Delete, "/api/v1/organization/{orgname}/robots/{robot_shortname}", "robot", true;
    GET_ORG_ROBOT = "getOrgRobot", Get, "/api/v1/organization/{orgname}/robots/{robot_shortname}", "robot", true;
    GET_ORG_ROBOTS = "getOrgRobots", Get, "/api/v1/organization/{orgname}/robots", "robot", true;
    GET_LOGGED_IN_USER = "getLoggedInUser", Get, "/api/v1/user/", "user", true;
    GET_USER_INFORMATION = "getUserInformation", Get, "/api/v1/users/{username}", "user", true;
    INITIALIZE_USER = "initializeUser", Post, "/api/v1/user/initialize", "user", false;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_paths_are_api_v1() {
        let mut ids = HashSet::new();
        for op in OPERATIONS {
            assert!(ids.insert(op.id), "{} twice", op.id);
            assert!(op.path.starts_with("/api/v1/"), "{op}");
        }
        assert_eq!(OPERATIONS.len(), 75);
    }

    #[test]
    fn find_by_id() {
        assert_eq!(Operation::find("getOrganization"), Some(&GET_ORGANIZATION));
        assert!(Operation::find("nope").is_none());
    }
}
