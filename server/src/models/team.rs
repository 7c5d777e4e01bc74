//! Schemas of the `team` tag, and the constant string fields of the team and permission areas.

use std::collections::HashMap;

use poem_openapi::registry::MetaSchema;
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON};
use poem_openapi::{Object, Union};
use serde_json::{Value, json};

use super::{Avatar, RepositoryRole, TeamRole};

/// Declares a string type that only ever holds one value, documented inline as
/// `{type: string, enum: [value]}` (no component of its own).
macro_rules! const_string {
    ($(#[$m:meta])* $name:ident, $value:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name;

        crate::params::plain_type!(
            $name,
            "string",
            MetaSchema {
                enum_items: vec![json!($value)],
                ..MetaSchema::new("string")
            }
        );

        impl ToJSON for $name {
            fn to_json(&self) -> Option<Value> {
                Some(json!($value))
            }
        }

        impl ParseFromJSON for $name {
            fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
                match value {
                    Some(Value::String(s)) if s == $value => Ok(Self),
                    other => Err(ParseError::expected_type(other.unwrap_or_default())),
                }
            }
        }
    };
}

const_string!(
    /// The string `"user"` (`kind` of a team member, robots included).
    UserKind,
    "user"
);
const_string!(
    /// The string `"invite"` (`kind` of an e-mail invite).
    InviteKind,
    "invite"
);

/// Body of updateOrganizationTeam.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamDescription {
    /// Org wide permissions that should apply to the team.
    pub role: TeamRole,
    /// Markdown description for the team.
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
}

/// A team of an organization.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamView {
    /// The team name.
    pub name: String,
    /// The team's description.
    pub description: String,
    /// Whether the caller may view the team.
    pub can_view: bool,
    /// The team's organization-wide role.
    pub role: TeamRole,
    /// The team's avatar.
    pub avatar: Avatar,
    /// Whether this request created the team.
    pub new_team: bool,
}

/// A member of a team, or a user's pending invite to it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamMemberView {
    /// The user or robot name.
    pub name: String,
    /// Always `user`.
    pub kind: UserKind,
    /// Whether the member is a robot.
    pub is_robot: bool,
    /// The member's avatar.
    pub avatar: Avatar,
    /// Whether this is only an invite.
    pub invited: bool,
}

/// A pending invite of an e-mail address.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamInviteView {
    /// The invited address.
    pub email: String,
    /// Always `invite`.
    pub kind: InviteKind,
    /// Avatar computed for the address.
    pub avatar: Avatar,
    /// Always true.
    pub invited: bool,
}

/// One entry of a team's member list.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum TeamMemberOrInvite {
    /// A member, or a user's invite.
    Member(TeamMemberView),
    /// An e-mail invite.
    Invite(TeamInviteView),
}

/// The `can_sync` object of a team's member list.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamSyncCapability {
    /// The federated login service.
    pub service: String,
    /// LDAP: the base DN.
    #[oai(skip_serializing_if_is_none)]
    pub base_dn: Option<String>,
    /// OIDC: the issuer's host.
    #[oai(skip_serializing_if_is_none)]
    pub issuer_domain: Option<String>,
}

/// The `synced` object of a team's member list.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamSyncStatus {
    /// The service the team syncs from.
    pub service: String,
    /// Last sync, RFC 2822.
    #[oai(skip_serializing_if_is_none)]
    pub last_updated: Option<String>,
    /// The sync configuration.
    #[oai(skip_serializing_if_is_none)]
    pub config: Option<HashMap<String, Value>>,
}

/// A team's member list.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamMembers {
    /// The team name.
    pub name: String,
    /// Members, then pending invites.
    pub members: Vec<TeamMemberOrInvite>,
    /// Whether the caller administers the organization.
    pub can_edit: bool,
    /// Sync set-up capability (team syncing only).
    #[oai(skip_serializing_if_is_none)]
    pub can_sync: Option<TeamSyncCapability>,
    /// Sync status (synced teams only).
    #[oai(skip_serializing_if_is_none)]
    pub synced: Option<TeamSyncStatus>,
}

/// The repository of a team permission.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermissionRepository {
    /// The repository name, without the namespace.
    pub name: String,
    /// Whether the repository is public.
    pub is_public: bool,
}

/// A team's permission on one repository.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamRepositoryPermission {
    /// The repository.
    pub repository: TeamPermissionRepository,
    /// The role.
    pub role: RepositoryRole,
}

/// The repository permissions of a team.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermissionsList {
    /// One entry per repository.
    pub permissions: Vec<TeamRepositoryPermission>,
}
