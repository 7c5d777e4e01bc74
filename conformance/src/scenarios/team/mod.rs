//! The `team` tag: an organization's teams, their members, e-mail invites and repository
//! permissions.
//!
//! Every case creates its own organization (`<prefix>team<n>`, created by the admin, who is
//! therefore its only administrator through the `owners` team) and what it needs inside it.
//! Membership depends on configuration: with `FEATURE_MAILING` and
//! `FEATURE_REQUIRE_TEAM_INVITE` on, a user who belongs to no team of the organization is
//! invited instead of added (`invited: true`), and only the invitee can accept. Robots of the
//! organization are always added directly, so they stand in for members where possible; cases
//! that need the second user as a real member skip when it was invited.

use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{
    AvatarKind, CreateRobot, NewOrg, NewRepo, RepositoryRole, RepositoryVisibility,
    TeamDescription, TeamMemberView, TeamMembers, TeamRole, TeamSummary, UserKind,
};
use quay_sdk::{Client, Error};

pub(super) use crate::runner::expect_csrf;
use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_error, expect_status,
};

/// Needs the second user.
pub(super) const USER: Needs = Needs {
    user: true,
    features: &[],
};
/// Needs `FEATURE_MAILING` (the e-mail invite operations are registered only then).
const MAILING: Needs = Needs {
    user: false,
    features: &[Feature::Mailing],
};
/// Needs the second user and `FEATURE_MAILING`.
const USER_MAILING: Needs = Needs {
    user: true,
    features: &[Feature::Mailing],
};

/// Why a case that needs the second user as a team member is skipped.
const INVITED: &str = "FEATURE_MAILING and FEATURE_REQUIRE_TEAM_INVITE are on: the second user \
     was invited to the team instead of added, and only the invitee can accept the invite";
/// Why a case about invited users is skipped.
const ADDED: &str = "FEATURE_REQUIRE_TEAM_INVITE is off on the target: the second user was \
     added to the team directly, so there is no pending invite to exercise";

static NEXT_ORG: AtomicUsize = AtomicUsize::new(1);

/// Creates an organization `<prefix><area><n>` as the admin (who becomes its administrator)
/// and registers it for cleanup.
pub(super) async fn new_org(t: &Target, area: &str) -> Result<String, Failure> {
    let n = NEXT_ORG.fetch_add(1, Ordering::Relaxed);
    let name = t.name(&format!("{area}{n}"));
    let body = NewOrg::new(&name).email(format!("{name}@example.com"));
    match t.admin.organizations().create(&body).await {
        Ok(_) => {
            t.created(Created::Organization(name.clone()));
            Ok(name)
        }
        Err(e) => {
            // A success whose body did not decode still created the organization.
            if e.status().is_some_and(|s| (200..300).contains(&s)) {
                t.created(Created::Organization(name.clone()));
            }
            Err(Failure::Fail(format!("setup: {e}")))
        }
    }
}

/// Creates (or updates) the team `team` of `org` with `role`, as the admin.
pub(super) async fn new_team(
    t: &Target,
    org: &str,
    team: &str,
    role: TeamRole,
) -> Result<(), Failure> {
    t.admin
        .organization(org)
        .team(team)
        .create_or_update(&TeamDescription::new(role))
        .await
        .map_err(setup)?;
    Ok(())
}

/// Creates the robot `org+short` as the admin; its full name.
pub(super) async fn new_robot(t: &Target, org: &str, short: &str) -> Result<String, Failure> {
    let robot = t
        .admin
        .organization(org)
        .robot(short)
        .create(&CreateRobot::new())
        .await
        .map_err(setup)?;
    Ok(robot.name)
}

/// Creates the private repository `org/name` as the admin; its full name.
pub(super) async fn new_repo(t: &Target, org: &str, name: &str) -> Result<String, Failure> {
    let body = NewRepo::new(name, RepositoryVisibility::Private, "conformance").namespace(org);
    let repo = t.admin.repositories().create(&body).await.map_err(setup)?;
    Ok(repo.full_name())
}

/// Adds the robot (full name) to `team` of `org`, as the admin: always a direct add.
pub(super) async fn add_robot(t: &Target, org: &str, team: &str, robot: &str) -> CaseResult {
    let m = t
        .admin
        .organization(org)
        .team(team)
        .add_member(robot)
        .await
        .map_err(setup)?;
    ensure(
        !m.invited,
        format!("setup: the organization's robot {robot} was invited instead of added"),
    )
}

/// Adds the second user to `team` of `org` as the admin; whether Quay invited it instead.
pub(super) async fn add_second_user(t: &Target, org: &str, team: &str) -> Result<bool, Failure> {
    let (_, user) = t.second_user()?;
    let m = t
        .admin
        .organization(org)
        .team(team)
        .add_member(user)
        .await
        .map_err(setup)?;
    if m.invited && !t.features.contains(&Feature::Mailing) {
        return Err(Failure::Fail(format!(
            "{user} was invited although FEATURE_MAILING is off (it must be added directly)"
        )));
    }
    Ok(m.invited)
}

/// Makes the second user a real member of `team`, or skips when invites are required.
pub(super) async fn second_user_member(t: &Target, org: &str, team: &str) -> CaseResult {
    if add_second_user(t, org, team).await? {
        Err(Failure::Skip(INVITED.into()))
    } else {
        Ok(())
    }
}

/// Invites `email` to the team, accepting the mail server's refusal (Quay stores the invite
/// all the same).
async fn invite(t: &Target, org: &str, team: &str, email: &str) -> CaseResult {
    match t
        .admin
        .organization(org)
        .team(team)
        .invite_email(email)
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if mail_refused(&e) => Ok(()),
        Err(e) => Err(setup(e)),
    }
}

/// Quay's answer when the mail server refused the invite e-mail (the invite is stored anyway).
fn mail_refused(e: &Error) -> bool {
    e.status() == Some(400)
        && e.message()
            .is_some_and(|m| m.contains("Could not send email"))
}

/// A setup step failed.
pub(super) fn setup(e: Error) -> Failure {
    Failure::Fail(format!("setup: {e}"))
}

/// An address under the run's prefix.
fn email(t: &Target, tag: &str) -> String {
    format!("{}@example.com", t.name(tag))
}

/// Asserts one of several documented failures (`(status, text in the message)`, `""` = any
/// message), for behaviour that depends on the target's configuration.
pub(super) fn expect_either<T: Debug>(
    result: quay_sdk::Result<T>,
    allowed: &[(u16, &str)],
) -> CaseResult {
    let expected = allowed
        .iter()
        .map(|(s, m)| {
            if m.is_empty() {
                format!("HTTP {s}")
            } else {
                format!("HTTP {s} {m:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(" or ");
    match result {
        Ok(v) => Err(Failure::Fail(format!(
            "expected {expected}, got success {v:?}"
        ))),
        Err(e)
            if allowed.iter().any(|(s, m)| {
                e.status() == Some(*s)
                    && (m.is_empty() || e.message().is_some_and(|msg| msg.contains(m)))
            }) =>
        {
            Ok(())
        }
        Err(e) => Err(Failure::Fail(format!("expected {expected}, got {e}"))),
    }
}

/// The team as listed by getOrganization (the admin's view).
async fn org_team(t: &Target, org: &str, team: &str) -> Result<Option<TeamSummary>, Failure> {
    let view = t.admin.organization(org).get().await?;
    Ok(view.teams.and_then(|mut teams| teams.remove(team)))
}

/// The member (not invite) `name` of a member list.
fn member<'a>(list: &'a TeamMembers, name: &str) -> Option<&'a TeamMemberView> {
    list.current_members().find(|m| m.name == name)
}

/// How many pending invites of the user `name` a member list holds.
fn user_invites(list: &TeamMembers, name: &str) -> usize {
    list.pending()
        .filter_map(|p| p.as_member())
        .filter(|m| m.name == name)
        .count()
}

/// How many pending e-mail invites of `email` a member list holds.
fn email_invites(list: &TeamMembers, email: &str) -> usize {
    list.pending()
        .filter_map(|p| p.as_email_invite())
        .filter(|i| i.email == email)
        .count()
}

/// The members of `team` as the admin sees them.
async fn members(t: &Target, org: &str, team: &str, pending: bool) -> Result<TeamMembers, Failure> {
    Ok(t.admin
        .organization(org)
        .team(team)
        .members()
        .include_pending(pending)
        .await?)
}

// ------------------------------------------------------------------ calls by any client

/// updateOrganizationTeam by `client` on a fresh organization.
async fn update_team_as(
    t: &Target,
    client: &Client,
) -> Result<quay_sdk::Result<quay_sdk::models::TeamView>, Failure> {
    let org = new_org(t, "team").await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .create_or_update(&TeamDescription::new(TeamRole::Member))
        .await)
}

/// deleteOrganizationTeam by `client` of an existing team.
async fn delete_team_as(t: &Target, client: &Client) -> Result<quay_sdk::Result<()>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    Ok(client.organization(&org).team("builders").delete().await)
}

/// getOrganizationTeamMembers by `client` of an existing team.
async fn members_as(t: &Target, client: &Client) -> Result<quay_sdk::Result<TeamMembers>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .members()
        .include_pending(true)
        .await)
}

/// updateOrganizationTeamMember by `client`, adding the organization's robot.
async fn add_member_as(
    t: &Target,
    client: &Client,
) -> Result<quay_sdk::Result<TeamMemberView>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    let bot = new_robot(t, &org, "bot").await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .add_member(&bot)
        .await)
}

/// deleteOrganizationTeamMember by `client`, removing the organization's robot (a member).
async fn remove_member_as(t: &Target, client: &Client) -> Result<quay_sdk::Result<()>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    let bot = new_robot(t, &org, "bot").await?;
    add_robot(t, &org, "builders", &bot).await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .remove_member(&bot)
        .await)
}

/// inviteTeamMemberEmail by `client`.
async fn invite_as(
    t: &Target,
    client: &Client,
) -> Result<quay_sdk::Result<quay_sdk::models::TeamInviteView>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .invite_email(email(t, "inv"))
        .await)
}

/// deleteTeamMemberEmailInvite by `client` of an existing invite.
async fn delete_invite_as(t: &Target, client: &Client) -> Result<quay_sdk::Result<()>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    let address = email(t, "inv");
    invite(t, &org, "builders", &address).await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .delete_email_invite(&address)
        .await)
}

/// getOrganizationTeamPermissions by `client` of an existing team.
async fn team_permissions_as(
    t: &Target,
    client: &Client,
) -> Result<quay_sdk::Result<quay_sdk::models::TeamPermissionsList>, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    Ok(client
        .organization(&org)
        .team("builders")
        .permissions()
        .await)
}

mod invites;
mod members;
mod permissions;
mod teams;

use invites::*;
use members::*;
use permissions::*;
use teams::*;

/// The cases of the `team` tag.
pub fn cases() -> Vec<Case> {
    let mut all = update_team();
    all.extend(delete_team());
    all.extend(team_members());
    all.extend(add_member());
    all.extend(remove_member());
    all.extend(invite_email());
    all.extend(delete_email_invite());
    all.extend(team_permissions());
    all
}
