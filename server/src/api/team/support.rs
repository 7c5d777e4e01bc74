//! The `team` area's plumbing: rights, member and invite views, mail outcomes.

use rusqlite::Transaction;

use crate::auth::{Identity, Scope, capped, is_org_admin};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{Avatar, AvatarKind, InviteKind, TeamInviteView, TeamMemberView, UserKind};
use crate::store::namespace::{self, Namespace};
use crate::store::team::{self as teams, Team};

/// Quay's answer when the invite e-mail cannot be sent.
pub const MAIL_FAILED: &str =
    "Could not send email. Please contact an administrator and report this problem.";

/// Whether "sending" the invite e-mail to `address` fails. No mail is sent; the mail server
/// Quay was recorded with refused recipients whose local part contains `bounce`.
pub fn mail_refused(address: &str) -> bool {
    address
        .rsplit_once('@')
        .map_or(address, |(local, _)| local)
        .contains("bounce")
}

/// `AdministerOrganizationPermission` (or a full-access superuser) over `orgname`: the
/// organization, `None` when it does not exist (only a full-access superuser gets that far).
pub(super) fn admin_org(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    orgname: &str,
) -> Result<Option<Namespace>, QuayError> {
    let org = namespace::organization(tx, orgname)?;
    if !administers(tx, cfg, who, org.as_ref())? {
        return Err(who.refuse());
    }
    Ok(org)
}

/// `AdministerOrganizationPermission` over `org`; an organization that does not exist is
/// administered by full-access superusers only.
pub(super) fn administers(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org: Option<&Namespace>,
) -> Result<bool, QuayError> {
    match org {
        Some(o) => is_org_admin(tx, cfg, who, o.id),
        None => Ok(who.has_full_access(cfg)),
    }
}

/// The admin check, then the team (404 when it or the organization does not exist).
pub(super) fn admin_team(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    orgname: &str,
    teamname: &str,
) -> Result<(Namespace, Team), QuayError> {
    let org = admin_org(tx, cfg, who, orgname)?.ok_or_else(QuayError::not_found)?;
    let team = teams::team(tx, org.id, teamname)?.ok_or_else(QuayError::not_found)?;
    Ok((org, team))
}

/// `ViewTeamPermission`: an org admin, or a member of the team whose token has `org:admin` or
/// `repo:create`; or a full-access superuser.
pub(super) fn can_view_team(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org_id: i64,
    team_id: i64,
) -> Result<bool, QuayError> {
    Ok(is_org_admin(tx, cfg, who, org_id)?
        || capped(cfg, who, &[Scope::OrgAdmin, Scope::RepoCreate], |uid| {
            teams::is_member(tx, team_id, uid)
        })?)
}

pub(super) fn member_view(member: &Namespace, invited: bool) -> TeamMemberView {
    let is_robot = member.kind == "robot";
    TeamMemberView {
        name: member.name.clone(),
        kind: UserKind::User,
        is_robot,
        avatar: Avatar::account(&member.name, member.email.as_deref(), &member.kind),
        invited,
    }
}

pub(super) fn invite_view(email: &str) -> TeamInviteView {
    TeamInviteView {
        email: email.to_string(),
        kind: InviteKind::Invite,
        avatar: Avatar::new(email, Some(email), AvatarKind::User),
        invited: true,
    }
}

/// A result whose invite is kept even when the e-mail could not be sent.
pub(super) enum Mailed<T> {
    Sent(T),
    Refused,
}

impl<T> Mailed<T> {
    pub(super) fn into_result(self) -> Result<T, QuayError> {
        match self {
            Mailed::Sent(v) => Ok(v),
            Mailed::Refused => Err(QuayError::message(400, MAIL_FAILED)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bounce_addresses_are_refused() {
        assert!(mail_refused("qdbounce@example.com"));
        assert!(mail_refused("bounce"));
        assert!(!mail_refused("someone@bounce.example.com"));
        assert!(!mail_refused("not-an-email"));
    }
}
