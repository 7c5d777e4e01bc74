//! Schemas of the `team` tag: creating and updating teams, their members and invites, their
//! repository permissions.

use serde::{Deserialize, Serialize};

use super::{Avatar, RepositoryRole, TeamRole};

/// Body of `updateOrganizationTeam` (Quay's `TeamDescription`): the team's organization-wide
/// role and its description.
///
/// ```
/// use quay_sdk::models::{TeamDescription, TeamRole};
/// let body = TeamDescription::new(TeamRole::Creator).description("Build engineers");
/// assert_eq!(
///     serde_json::to_value(&body).unwrap(),
///     serde_json::json!({"role": "creator", "description": "Build engineers"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamDescription {
    /// Organization-wide permissions that apply to the team.
    pub role: TeamRole,
    /// Markdown description. A new team gets `""` when it is absent; on an existing team it is
    /// changed only when present and different.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl TeamDescription {
    /// A body with this role and no description.
    pub fn new(role: TeamRole) -> Self {
        Self {
            role,
            description: None,
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A team of an organization, as returned by `updateOrganizationTeam`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamView {
    /// The team name.
    pub name: String,
    /// The team's Markdown description (`""` when none was given).
    pub description: String,
    /// Whether the caller may view the team (org admin, member of the team, or a superuser
    /// when `FEATURE_SUPERUSERS_FULL_ACCESS` is on).
    pub can_view: bool,
    /// The team's organization-wide role.
    pub role: TeamRole,
    /// The team's avatar (`kind` is `team`).
    pub avatar: Avatar,
    /// True when the request created the team, false when it updated an existing one.
    pub new_team: bool,
}

string_enum! {
    /// The `kind` of a [`TeamMemberView`]: always `user`, robots included.
    TeamMemberKind {
        /// A user or robot account.
        User = "user",
    }
}

string_enum! {
    /// The `kind` of a [`TeamInviteView`]: always `invite`.
    TeamInviteKind {
        /// An e-mail invite.
        Invite = "invite",
    }
}

/// A user or robot in a team's member list, or a user's pending invite to the team
/// (`invited: true`). `kind` is always `user`; `is_robot` tells robots apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamMemberView {
    /// The user name, or for a robot its full name `org+shortname`.
    pub name: String,
    /// Always `user` (also for robots).
    pub kind: TeamMemberKind,
    /// Whether the member is a robot account.
    pub is_robot: bool,
    /// The member's avatar (`kind` is `user`, or `robot` for robots).
    pub avatar: Avatar,
    /// False for a member of the team; true for a user who has only been invited (pending
    /// until the user accepts).
    pub invited: bool,
}

/// A pending invite of an e-mail address to join a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamInviteView {
    /// The invited address, exactly as given (Quay does not validate it).
    pub email: String,
    /// Always `invite`.
    pub kind: TeamInviteKind,
    /// Avatar computed for the address (`name` is the address, `kind` is `user`).
    pub avatar: Avatar,
    /// Always true.
    pub invited: bool,
}

/// One entry of a team's member list: a member or a user's pending invite
/// ([`TeamMemberView`], `kind: user`), or an e-mail invite ([`TeamInviteView`],
/// `kind: invite`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum TeamMemberOrInvite {
    /// A user or robot (a member, or a user's pending invite with `invited: true`).
    TeamMemberView(TeamMemberView),
    /// An e-mail invite.
    TeamInviteView(TeamInviteView),
}

impl TeamMemberOrInvite {
    /// The user or robot entry, if this is one.
    pub fn as_member(&self) -> Option<&TeamMemberView> {
        match self {
            TeamMemberOrInvite::TeamMemberView(m) => Some(m),
            TeamMemberOrInvite::TeamInviteView(_) => None,
        }
    }

    /// The e-mail invite, if this is one.
    pub fn as_email_invite(&self) -> Option<&TeamInviteView> {
        match self {
            TeamMemberOrInvite::TeamInviteView(i) => Some(i),
            TeamMemberOrInvite::TeamMemberView(_) => None,
        }
    }

    /// Whether the entry is pending (a user's invite or an e-mail invite), not a member.
    pub fn is_pending(&self) -> bool {
        match self {
            TeamMemberOrInvite::TeamMemberView(m) => m.invited,
            TeamMemberOrInvite::TeamInviteView(i) => i.invited,
        }
    }
}

/// The `can_sync` object of a team's member list: the team may be set up to sync from the
/// federated authentication backend. Besides `service` it carries the backend's metadata
/// (`base_dn` for LDAP, `issuer_domain` for OIDC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamSyncCapability {
    /// The federated login service (`ldap`, `keystone`, `jwtauthn` or `oidc`).
    pub service: String,
    /// LDAP only: the base DN of the directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_dn: Option<String>,
    /// OIDC only: the host of the OIDC issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_domain: Option<String>,
    /// Any other metadata key of the backend.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The `synced` object of a team's member list: the team is synced from the federated
/// authentication backend. `last_updated` and `config` are present only when the caller is a
/// superuser or `FEATURE_NONSUPERUSER_TEAM_SYNCING_SETUP` is on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamSyncStatus {
    /// The federated login service the team syncs from.
    pub service: String,
    /// When the team was last synced, RFC 2822 (`Tue, 18 Feb 2025 19:28:15 -0000`). `None`
    /// both before the first sync (Quay sends `null`) and when the field is not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// The sync configuration given when syncing was enabled (e.g. `group_dn` for LDAP,
    /// `group_name` for OIDC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A team's member list (`getOrganizationTeamMembers`). Not paginated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamMembers {
    /// The team name (echo of the path parameter).
    pub name: String,
    /// The members and robots (in no guaranteed order), followed, when pending invites were
    /// asked for and the caller is an org admin, by the invites: user invites as
    /// [`TeamMemberView`] with `invited: true`, e-mail invites as [`TeamInviteView`]. Each
    /// stored invite is listed, so an invitee may appear twice.
    pub members: Vec<TeamMemberOrInvite>,
    /// Whether the caller administers the organization (and so may change the team).
    pub can_edit: bool,
    /// Present only with `FEATURE_TEAM_SYNCING`, a federated authentication backend and a
    /// caller allowed to set up syncing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_sync: Option<TeamSyncCapability>,
    /// Present only when the team is synced from a backend group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced: Option<TeamSyncStatus>,
}

impl TeamMembers {
    /// The users and robots that are members (not invites).
    pub fn current_members(&self) -> impl Iterator<Item = &TeamMemberView> {
        self.members
            .iter()
            .filter_map(TeamMemberOrInvite::as_member)
            .filter(|m| !m.invited)
    }

    /// The pending invites: users' invites and e-mail invites.
    pub fn pending(&self) -> impl Iterator<Item = &TeamMemberOrInvite> {
        self.members.iter().filter(|m| m.is_pending())
    }
}

/// The repository of a team permission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamPermissionRepository {
    /// The repository name, without the namespace (always the team's organization).
    pub name: String,
    /// Whether the repository is public.
    pub is_public: bool,
}

/// A team's permission on one repository of its organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamRepositoryPermission {
    /// The repository.
    pub repository: TeamPermissionRepository,
    /// The team's role on it.
    pub role: RepositoryRole,
}

/// The repository permissions of a team (`getOrganizationTeamPermissions`). Not paginated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamPermissionsList {
    /// One entry per repository the team has a role on (empty when none), in no guaranteed
    /// order.
    pub permissions: Vec<TeamRepositoryPermission>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_list_entries_are_told_apart() {
        let members: TeamMembers = serde_json::from_value(serde_json::json!({
            "name": "t1",
            "members": [
                {"name": "u2", "kind": "user", "is_robot": false, "invited": false,
                 "avatar": {"name": "u2", "hash": "h", "color": "#000000", "kind": "user"}},
                {"name": "u3", "kind": "user", "is_robot": false, "invited": true,
                 "avatar": {"name": "u3", "hash": "h", "color": "#000000", "kind": "user"}},
                {"email": "a@example.com", "kind": "invite", "invited": true,
                 "avatar": {"name": "a@example.com", "hash": "h", "color": "#000000", "kind": "user"}}
            ],
            "can_edit": true,
            "synced": {"service": "ldap", "last_updated": null, "config": {"group_dn": "cn=x"}}
        }))
        .unwrap();
        assert_eq!(members.current_members().count(), 1);
        assert_eq!(members.pending().count(), 2);
        assert_eq!(
            members.members[2].as_email_invite().unwrap().email,
            "a@example.com"
        );
        let synced = members.synced.unwrap();
        assert_eq!(synced.last_updated, None);
        assert_eq!(synced.config.unwrap()["group_dn"], "cn=x");
    }

    #[test]
    fn sync_capability_keeps_backend_metadata() {
        let c: TeamSyncCapability =
            serde_json::from_str(r#"{"service": "keystone", "region": "eu"}"#).unwrap();
        assert_eq!(c.service, "keystone");
        assert_eq!(c.other["region"], "eu");
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            serde_json::json!({"service": "keystone", "region": "eu"})
        );
    }

    #[test]
    fn description_is_omitted_when_unset() {
        assert_eq!(
            serde_json::to_value(TeamDescription::new(TeamRole::Member)).unwrap(),
            serde_json::json!({"role": "member"})
        );
    }
}
