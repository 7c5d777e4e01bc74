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
    feature: None,
};
/// Needs `FEATURE_MAILING` (the e-mail invite operations are registered only then).
const MAILING: Needs = Needs {
    user: false,
    feature: Some(Feature::Mailing),
};
/// Needs the second user and `FEATURE_MAILING`.
const USER_MAILING: Needs = Needs {
    user: true,
    feature: Some(Feature::Mailing),
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

fn update_team() -> Vec<Case> {
    vec![
        case!("updateOrganizationTeam", "ok", |t| {
            let org = new_org(t, "team").await?;
            let v = t
                .admin
                .organization(&org)
                .team("builders")
                .create_or_update(
                    &TeamDescription::new(TeamRole::Member).description("conformance team"),
                )
                .await?;
            ensure(
                v.new_team
                    && v.name == "builders"
                    && v.description == "conformance team"
                    && v.role == TeamRole::Member
                    && v.can_view
                    && v.avatar.kind == AvatarKind::Team
                    && v.avatar.name == "builders",
                format!("unexpected answer for a new team: {v:?}"),
            )?;
            let s = org_team(t, &org, "builders").await?;
            ensure(
                s.as_ref().is_some_and(|s| {
                    s.role == TeamRole::Member && s.description == "conformance team"
                }),
                format!("getOrganization does not show the new team as created: {s:?}"),
            )
        }),
        case!("updateOrganizationTeam", "no_description", |t| {
            let org = new_org(t, "team").await?;
            let v = t
                .admin
                .organization(&org)
                .team("builders")
                .create_or_update(&TeamDescription::new(TeamRole::Creator))
                .await?;
            ensure(
                v.new_team && v.description.is_empty() && v.role == TeamRole::Creator,
                format!("a new team without description must get \"\": {v:?}"),
            )
        }),
        case!("updateOrganizationTeam", "update", |t| {
            let org = new_org(t, "team").await?;
            let team = t.admin.organization(&org).team("builders");
            team.create_or_update(&TeamDescription::new(TeamRole::Member).description("before"))
                .await?;
            let v = team
                .create_or_update(&TeamDescription::new(TeamRole::Creator).description("after"))
                .await?;
            ensure(
                !v.new_team && v.role == TeamRole::Creator && v.description == "after",
                format!("unexpected answer for an update: {v:?}"),
            )?;
            let s = org_team(t, &org, "builders").await?;
            ensure(
                s.as_ref()
                    .is_some_and(|s| s.role == TeamRole::Creator && s.description == "after"),
                format!("getOrganization does not show the update: {s:?}"),
            )
        }),
        case!("updateOrganizationTeam", "keep_description", |t| {
            let org = new_org(t, "team").await?;
            let team = t.admin.organization(&org).team("builders");
            team.create_or_update(&TeamDescription::new(TeamRole::Member).description("kept"))
                .await?;
            let v = team
                .create_or_update(&TeamDescription::new(TeamRole::Admin))
                .await?;
            ensure(
                !v.new_team && v.role == TeamRole::Admin && v.description == "kept",
                format!("an update without description must keep it: {v:?}"),
            )
        }),
        case!("updateOrganizationTeam", "invalid_name", |t| {
            let org = new_org(t, "team").await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("Bad_Name")
                    .create_or_update(&TeamDescription::new(TeamRole::Member))
                    .await,
                400,
                "Invalid team name",
            )
        }),
        case!("updateOrganizationTeam", "bad_role", |t| {
            let org = new_org(t, "team").await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("builders")
                    .create_or_update(&TeamDescription::new(TeamRole::from("owner")))
                    .await,
                400,
                "is not one of",
            )
        }),
        case!("updateOrganizationTeam", "last_admin", |t| {
            let org = new_org(t, "team").await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("owners")
                    .create_or_update(&TeamDescription::new(TeamRole::Member))
                    .await,
                400,
                "Cannot remove admin from team",
            )?;
            let s = org_team(t, &org, "owners").await?;
            ensure(
                s.as_ref().is_some_and(|s| s.role == TeamRole::Admin),
                format!("owners must still be an admin team: {s:?}"),
            )
        }),
        case!("updateOrganizationTeam", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(update_team_as(t, user).await?, 403)
        }),
        case!("updateOrganizationTeam", "not_admin_bad_role", needs: USER, |t| {
            // The body is validated before the caller's permission.
            let (user, _) = t.second_user()?;
            let org = new_org(t, "team").await?;
            expect_error(
                user.organization(&org)
                    .team("builders")
                    .create_or_update(&TeamDescription::new(TeamRole::from("owner")))
                    .await,
                400,
                "is not one of",
            )
        }),
        case!("updateOrganizationTeam", "unknown_org", |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 400).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .create_or_update(&TeamDescription::new(TeamRole::Member))
                    .await,
                &[(403, ""), (400, "Organization does not exist")],
            )
        }),
        case!("updateOrganizationTeam", "anonymous", |t| expect_csrf(
            update_team_as(t, &t.anonymous).await?
        )),
        case!("updateOrganizationTeam", "bad_token", |t| expect_csrf(
            update_team_as(t, &t.bad_token).await?
        )),
    ]
}

fn delete_team() -> Vec<Case> {
    vec![
        case!("deleteOrganizationTeam", "ok", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            t.admin.organization(&org).team("builders").delete().await?;
            let s = org_team(t, &org, "builders").await?;
            ensure(
                s.is_none(),
                format!("the deleted team is still listed: {s:?}"),
            )?;
            expect_status(
                t.admin.organization(&org).team("builders").members().await,
                404,
            )
        }),
        case!("deleteOrganizationTeam", "unknown_team", |t| {
            let org = new_org(t, "team").await?;
            expect_error(
                t.admin.organization(&org).team("noteam").delete().await,
                400,
                "is not a team in org",
            )
        }),
        case!("deleteOrganizationTeam", "last_admin", |t| {
            let org = new_org(t, "team").await?;
            expect_error(
                t.admin.organization(&org).team("owners").delete().await,
                400,
                "would remove admin ability",
            )?;
            let s = org_team(t, &org, "owners").await?;
            ensure(s.is_some(), "owners must still exist")
        }),
        case!("deleteOrganizationTeam", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(delete_team_as(t, user).await?, 403)
        }),
        case!("deleteOrganizationTeam", "unknown_org", |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 400).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .delete()
                    .await,
                &[(403, ""), (400, "is not a team in org")],
            )
        }),
        case!("deleteOrganizationTeam", "anonymous", |t| expect_csrf(
            delete_team_as(t, &t.anonymous).await?
        )),
        case!("deleteOrganizationTeam", "bad_token", |t| expect_csrf(
            delete_team_as(t, &t.bad_token).await?
        )),
    ]
}

fn team_members() -> Vec<Case> {
    vec![
        case!("getOrganizationTeamMembers", "ok", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            let list = members(t, &org, "builders", false).await?;
            ensure(
                list.name == "builders" && list.can_edit && list.pending().count() == 0,
                format!("unexpected member list: {list:?}"),
            )?;
            let m = member(&list, &bot);
            ensure(
                m.is_some_and(|m| {
                    m.is_robot
                        && m.kind == UserKind
                        && m.avatar.kind == AvatarKind::Robot
                        && m.avatar.name == bot
                }),
                format!("the robot {bot} is not listed as a member: {list:?}"),
            )
        }),
        case!("getOrganizationTeamMembers", "owners", |t| {
            // The organization's creator is a member of its owners team.
            let org = new_org(t, "team").await?;
            let list = members(t, &org, "owners", false).await?;
            let m = member(&list, &t.admin_name);
            ensure(
                list.name == "owners"
                    && list.can_edit
                    && m.is_some_and(|m| !m.is_robot && m.avatar.kind == AvatarKind::User),
                format!("{} must be listed in owners: {list:?}", t.admin_name),
            )
        }),
        case!("getOrganizationTeamMembers", "include_pending", needs: MAILING, |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            let address = email(t, "inv");
            invite(t, &org, "builders", &address).await?;
            let with = members(t, &org, "builders", true).await?;
            ensure(
                member(&with, &bot).is_some() && email_invites(&with, &address) == 1,
                format!("includePending=true must list the member and the invite of {address}: {with:?}"),
            )?;
            let without = members(t, &org, "builders", false).await?;
            ensure(
                member(&without, &bot).is_some() && without.pending().count() == 0,
                format!("without includePending no invite may be listed: {without:?}"),
            )
        }),
        case!("getOrganizationTeamMembers", "member", needs: USER, |t| {
            // A member who is not an admin sees the members, never the pending invites.
            let (user, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            second_user_member(t, &org, "builders").await?;
            if t.features.contains(&Feature::Mailing) {
                invite(t, &org, "builders", &email(t, "inv")).await?;
            }
            let list = user.organization(&org).team("builders").members().include_pending(true).await?;
            ensure(
                !list.can_edit && member(&list, name).is_some() && list.pending().count() == 0,
                format!("unexpected member list for a plain member: {list:?}"),
            )
        }),
        case!("getOrganizationTeamMembers", "invitee", needs: USER_MAILING, |t| {
            // A user merely invited is refused the list; the admin sees the pending invite.
            let (user, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            if !add_second_user(t, &org, "builders").await? {
                return Err(Failure::Skip(ADDED.into()));
            }
            expect_status(
                user.organization(&org).team("builders").members().include_pending(true).await,
                403,
            )?;
            let with = members(t, &org, "builders", true).await?;
            let without = members(t, &org, "builders", false).await?;
            ensure(
                user_invites(&with, name) == 1
                    && member(&with, name).is_none()
                    && user_invites(&without, name) == 0,
                format!("{name} must be listed as a pending invite only with includePending: {with:?} / {without:?}"),
            )
        }),
        case!("getOrganizationTeamMembers", "not_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(members_as(t, user).await?, 403)
        }),
        case!("getOrganizationTeamMembers", "unknown_team", |t| {
            let org = new_org(t, "team").await?;
            expect_status(
                t.admin.organization(&org).team("noteam").members().await,
                404,
            )
        }),
        case!("getOrganizationTeamMembers", "unknown_org", |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 404).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .members()
                    .await,
                &[(403, ""), (404, "")],
            )
        }),
        case!(
            "getOrganizationTeamMembers",
            "anonymous",
            |t| expect_status(members_as(t, &t.anonymous).await?, 401)
        ),
        case!(
            "getOrganizationTeamMembers",
            "bad_token",
            |t| expect_status(members_as(t, &t.bad_token).await?, 401)
        ),
    ]
}

fn add_member() -> Vec<Case> {
    vec![
        case!("updateOrganizationTeamMember", "ok", |t| {
            // A robot of the organization is always added directly.
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            let m = t
                .admin
                .organization(&org)
                .team("builders")
                .add_member(&bot)
                .await?;
            ensure(
                m.name == bot
                    && m.is_robot
                    && !m.invited
                    && m.kind == UserKind
                    && m.avatar.kind == AvatarKind::Robot,
                format!("unexpected answer for the robot: {m:?}"),
            )?;
            let list = members(t, &org, "builders", false).await?;
            ensure(
                member(&list, &bot).is_some(),
                format!("{bot} is not a member afterwards: {list:?}"),
            )
        }),
        case!("updateOrganizationTeamMember", "user", needs: USER, |t| {
            // Added directly, or (FEATURE_MAILING + FEATURE_REQUIRE_TEAM_INVITE, user in no team
            // of the organization) invited; the member list must agree with the answer.
            let (_, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let m = t
                .admin
                .organization(&org)
                .team("builders")
                .add_member(name)
                .await?;
            ensure(
                m.name == name && !m.is_robot && m.avatar.kind == AvatarKind::User,
                format!("unexpected answer for {name}: {m:?}"),
            )?;
            if m.invited && !t.features.contains(&Feature::Mailing) {
                return Err(Failure::Fail(format!(
                    "{name} was invited although FEATURE_MAILING is off"
                )));
            }
            let list = members(t, &org, "builders", true).await?;
            if m.invited {
                ensure(
                    member(&list, name).is_none() && user_invites(&list, name) == 1,
                    format!("{name} must be listed as one pending invite: {list:?}"),
                )
            } else {
                ensure(
                    member(&list, name).is_some() && user_invites(&list, name) == 0,
                    format!("{name} must be listed as a member: {list:?}"),
                )
            }
        }),
        case!("updateOrganizationTeamMember", "org_member", needs: USER, |t| {
            // A user already in a team of the organization is always added directly.
            let (_, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            new_team(t, &org, "readers", TeamRole::Member).await?;
            second_user_member(t, &org, "builders").await?;
            let m = t
                .admin
                .organization(&org)
                .team("readers")
                .add_member(name)
                .await?;
            ensure(
                !m.invited,
                format!("a member of the organization must be added directly: {m:?}"),
            )
        }),
        case!("updateOrganizationTeamMember", "invite_again", needs: USER_MAILING, |t| {
            // Every request for a user still invited stores another invite.
            let (_, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            if !add_second_user(t, &org, "builders").await? {
                return Err(Failure::Skip(ADDED.into()));
            }
            let m = t
                .admin
                .organization(&org)
                .team("builders")
                .add_member(name)
                .await?;
            ensure(m.invited, format!("the second request must invite again: {m:?}"))?;
            let list = members(t, &org, "builders", true).await?;
            ensure(
                user_invites(&list, name) == 2,
                format!("two invites of {name} must be listed: {list:?}"),
            )
        }),
        case!("updateOrganizationTeamMember", "already_member", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("builders")
                    .add_member(&bot)
                    .await,
                400,
                "is already a member of team",
            )
        }),
        case!("updateOrganizationTeamMember", "foreign_robot", |t| {
            // Refused only when invites are required (FEATURE_MAILING +
            // FEATURE_REQUIRE_TEAM_INVITE); otherwise Quay adds the robot directly.
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let other = new_org(t, "team").await?;
            let bot = new_robot(t, &other, "bot").await?;
            let result = t
                .admin
                .organization(&org)
                .team("builders")
                .add_member(&bot)
                .await;
            match result {
                Ok(m) if !t.features.contains(&Feature::Mailing) || !m.invited => ensure(
                    !m.invited && m.is_robot && m.name == bot,
                    format!("a robot must be added directly: {m:?}"),
                ),
                other if t.features.contains(&Feature::Mailing) => {
                    expect_error(other, 400, "Cannot add the specified robot to this team")
                }
                other => Err(Failure::Fail(format!(
                    "with FEATURE_MAILING off the robot must be added (200), got {other:?}"
                ))),
            }
        }),
        case!("updateOrganizationTeamMember", "unknown_user", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("builders")
                    .add_member(t.name("teamghost"))
                    .await,
                400,
                "Unknown user",
            )
        }),
        case!("updateOrganizationTeamMember", "unknown_team", |t| {
            let org = new_org(t, "team").await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("noteam")
                    .add_member(&bot)
                    .await,
                404,
            )
        }),
        case!("updateOrganizationTeamMember", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(add_member_as(t, user).await?, 403)
        }),
        case!("updateOrganizationTeamMember", "unknown_org", |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 404).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .add_member(&t.admin_name)
                    .await,
                &[(403, ""), (404, "")],
            )
        }),
        case!(
            "updateOrganizationTeamMember",
            "anonymous",
            |t| expect_csrf(add_member_as(t, &t.anonymous).await?)
        ),
        case!(
            "updateOrganizationTeamMember",
            "bad_token",
            |t| expect_csrf(add_member_as(t, &t.bad_token).await?)
        ),
    ]
}

fn remove_member() -> Vec<Case> {
    vec![
        case!("deleteOrganizationTeamMember", "ok", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            t.admin
                .organization(&org)
                .team("builders")
                .remove_member(&bot)
                .await?;
            let list = members(t, &org, "builders", true).await?;
            ensure(
                member(&list, &bot).is_none(),
                format!("{bot} is still a member: {list:?}"),
            )
        }),
        case!("deleteOrganizationTeamMember", "user", needs: USER, |t| {
            // Removes the membership, or the pending invite when the user was invited.
            let (_, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            add_second_user(t, &org, "builders").await?;
            t.admin
                .organization(&org)
                .team("builders")
                .remove_member(name)
                .await?;
            let list = members(t, &org, "builders", true).await?;
            ensure(
                member(&list, name).is_none() && user_invites(&list, name) == 0,
                format!("{name} is still listed: {list:?}"),
            )
        }),
        case!("deleteOrganizationTeamMember", "invited_twice", needs: USER_MAILING, |t| {
            // One stored invite per request: 204 per invite, then 400.
            let (_, name) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            if !add_second_user(t, &org, "builders").await? {
                return Err(Failure::Skip(ADDED.into()));
            }
            add_second_user(t, &org, "builders").await?;
            let team = t.admin.organization(&org).team("builders");
            team.remove_member(name).await?;
            team.remove_member(name).await?;
            expect_error(team.remove_member(name).await, 400, "does not belong to team")
        }),
        case!("deleteOrganizationTeamMember", "not_member", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("builders")
                    .remove_member(&bot)
                    .await,
                400,
                "does not belong to team",
            )
        }),
        case!("deleteOrganizationTeamMember", "last_admin", |t| {
            // The admin is the only member of the organization's only admin team.
            let org = new_org(t, "team").await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .team("owners")
                    .remove_member(&t.admin_name)
                    .await,
                400,
                "User cannot remove themselves from their only admin team",
            )?;
            let list = members(t, &org, "owners", false).await?;
            ensure(
                member(&list, &t.admin_name).is_some(),
                format!("{} must still be in owners: {list:?}", t.admin_name),
            )
        }),
        case!("deleteOrganizationTeamMember", "unknown_user", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("builders")
                    .remove_member(t.name("teamghost"))
                    .await,
                404,
            )
        }),
        case!("deleteOrganizationTeamMember", "unknown_team", |t| {
            let org = new_org(t, "team").await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("noteam")
                    .remove_member(&bot)
                    .await,
                404,
            )
        }),
        case!("deleteOrganizationTeamMember", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(remove_member_as(t, user).await?, 403)
        }),
        case!("deleteOrganizationTeamMember", "unknown_org", |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 404).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .remove_member(&t.admin_name)
                    .await,
                &[(403, ""), (404, "")],
            )
        }),
        case!(
            "deleteOrganizationTeamMember",
            "anonymous",
            |t| expect_csrf(remove_member_as(t, &t.anonymous).await?)
        ),
        case!(
            "deleteOrganizationTeamMember",
            "bad_token",
            |t| expect_csrf(remove_member_as(t, &t.bad_token).await?)
        ),
    ]
}

fn invite_email() -> Vec<Case> {
    vec![
        case!("inviteTeamMemberEmail", "ok", needs: MAILING, |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let address = email(t, "inv");
            let v = t
                .admin
                .organization(&org)
                .team("builders")
                .invite_email(&address)
                .await?;
            ensure(
                v.email == address
                    && v.invited
                    && v.avatar.name == address
                    && v.avatar.kind == AvatarKind::User,
                format!("unexpected invite: {v:?}"),
            )?;
            let list = members(t, &org, "builders", true).await?;
            ensure(
                email_invites(&list, &address) == 1,
                format!("the invite of {address} is not listed: {list:?}"),
            )
        }),
        case!("inviteTeamMemberEmail", "again", needs: MAILING, |t| {
            // Every request stores another invite.
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let address = email(t, "inv");
            let team = t.admin.organization(&org).team("builders");
            team.invite_email(&address).await?;
            let v = team.invite_email(&address).await?;
            ensure(v.invited && v.email == address, format!("unexpected invite: {v:?}"))?;
            let list = members(t, &org, "builders", true).await?;
            ensure(
                email_invites(&list, &address) == 2,
                format!("two invites of {address} must be listed: {list:?}"),
            )
        }),
        case!("inviteTeamMemberEmail", "not_an_email", needs: MAILING, |t| {
            // Quay does not validate the address (the mail server may refuse it: Quay then
            // answers 400 "Could not send email" but stores the invite all the same).
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let address = t.name("not-an-email");
            match t
                .admin
                .organization(&org)
                .team("builders")
                .invite_email(&address)
                .await
            {
                Ok(v) => ensure(v.email == address, format!("unexpected invite: {v:?}"))?,
                Err(e) if mail_refused(&e) => {}
                Err(e) => {
                    return Err(Failure::Fail(format!(
                        "the address must not be validated, got {e}"
                    )));
                }
            }
            let list = members(t, &org, "builders", true).await?;
            ensure(
                email_invites(&list, &address) == 1,
                format!("the invite of {address} is not listed: {list:?}"),
            )
        }),
        case!("inviteTeamMemberEmail", "unknown_team", needs: MAILING, |t| {
            let org = new_org(t, "team").await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("noteam")
                    .invite_email(email(t, "inv"))
                    .await,
                404,
            )
        }),
        case!("inviteTeamMemberEmail", "unknown_org", needs: MAILING, |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 404).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .invite_email(email(t, "inv"))
                    .await,
                &[(403, ""), (404, "")],
            )
        }),
        case!("inviteTeamMemberEmail", "not_admin", needs: USER_MAILING, |t| {
            let (user, _) = t.second_user()?;
            expect_status(invite_as(t, user).await?, 403)
        }),
        case!("inviteTeamMemberEmail", "anonymous", needs: MAILING, |t| expect_csrf(
            invite_as(t, &t.anonymous).await?
        )),
        case!("inviteTeamMemberEmail", "bad_token", needs: MAILING, |t| expect_csrf(
            invite_as(t, &t.bad_token).await?
        )),
    ]
}

fn delete_email_invite() -> Vec<Case> {
    vec![
        case!("deleteTeamMemberEmailInvite", "ok", needs: MAILING, |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let address = email(t, "inv");
            invite(t, &org, "builders", &address).await?;
            t.admin
                .organization(&org)
                .team("builders")
                .delete_email_invite(&address)
                .await?;
            let list = members(t, &org, "builders", true).await?;
            ensure(
                email_invites(&list, &address) == 0,
                format!("the invite of {address} is still listed: {list:?}"),
            )
        }),
        case!("deleteTeamMemberEmailInvite", "duplicate", needs: MAILING, |t| {
            // One stored invite per request: 204 per invite, then 404.
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let address = email(t, "inv");
            invite(t, &org, "builders", &address).await?;
            invite(t, &org, "builders", &address).await?;
            let team = t.admin.organization(&org).team("builders");
            team.delete_email_invite(&address).await?;
            team.delete_email_invite(&address).await?;
            expect_status(team.delete_email_invite(&address).await, 404)
        }),
        case!("deleteTeamMemberEmailInvite", "never_invited", needs: MAILING, |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("builders")
                    .delete_email_invite(email(t, "nobody"))
                    .await,
                404,
            )
        }),
        case!("deleteTeamMemberEmailInvite", "unknown_team", needs: MAILING, |t| {
            let org = new_org(t, "team").await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("noteam")
                    .delete_email_invite(email(t, "inv"))
                    .await,
                404,
            )
        }),
        case!("deleteTeamMemberEmailInvite", "not_admin", needs: USER_MAILING, |t| {
            let (user, _) = t.second_user()?;
            expect_status(delete_invite_as(t, user).await?, 403)
        }),
        case!("deleteTeamMemberEmailInvite", "anonymous", needs: MAILING, |t| expect_csrf(
            delete_invite_as(t, &t.anonymous).await?
        )),
        case!("deleteTeamMemberEmailInvite", "bad_token", needs: MAILING, |t| expect_csrf(
            delete_invite_as(t, &t.bad_token).await?
        )),
    ]
}

fn team_permissions() -> Vec<Case> {
    vec![
        case!("getOrganizationTeamPermissions", "ok", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let repo = new_repo(t, &org, "web").await?;
            t.admin
                .repository(repo.as_str())?
                .permissions()
                .set_team("builders", RepositoryRole::Write)
                .await
                .map_err(setup)?;
            let list = t
                .admin
                .organization(&org)
                .team("builders")
                .permissions()
                .await?;
            ensure(
                list.permissions.len() == 1
                    && list.permissions.iter().all(|p| {
                        p.repository.name == "web"
                            && !p.repository.is_public
                            && p.role == RepositoryRole::Write
                    }),
                format!("expected write on the private repository web: {list:?}"),
            )
        }),
        case!("getOrganizationTeamPermissions", "empty", |t| {
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            new_repo(t, &org, "web").await?;
            let list = t
                .admin
                .organization(&org)
                .team("builders")
                .permissions()
                .await?;
            ensure(
                list.permissions.is_empty(),
                format!("a team without permissions must list none: {list:?}"),
            )
        }),
        case!("getOrganizationTeamPermissions", "member", needs: USER, |t| {
            // A member of the team who does not administer the organization is refused.
            let (user, _) = t.second_user()?;
            let org = new_org(t, "team").await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            second_user_member(t, &org, "builders").await?;
            expect_status(
                user.organization(&org).team("builders").permissions().await,
                403,
            )
        }),
        case!("getOrganizationTeamPermissions", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(team_permissions_as(t, user).await?, 403)
        }),
        case!("getOrganizationTeamPermissions", "unknown_team", |t| {
            let org = new_org(t, "team").await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .team("noteam")
                    .permissions()
                    .await,
                404,
            )
        }),
        case!("getOrganizationTeamPermissions", "unknown_org", |t| {
            // 403 unless the superuser has FEATURE_SUPERUSERS_FULL_ACCESS (then 404).
            expect_either(
                t.admin
                    .organization(t.name("teamnoorg"))
                    .team("builders")
                    .permissions()
                    .await,
                &[(403, ""), (404, "")],
            )
        }),
        case!("getOrganizationTeamPermissions", "anonymous", |t| {
            expect_status(team_permissions_as(t, &t.anonymous).await?, 401)
        }),
        case!("getOrganizationTeamPermissions", "bad_token", |t| {
            expect_status(team_permissions_as(t, &t.bad_token).await?, 401)
        }),
    ]
}
