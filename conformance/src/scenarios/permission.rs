//! The `permission` tag: user, robot and team permissions on a repository.
//!
//! Every case creates its own organization (`<prefix>perm<n>`, created by the admin, who is its
//! administrator and holds a direct `admin` permission on the repositories it creates) with a
//! private repository `web`. Robots of the organization are the subjects that need no second
//! user (they are always added to teams directly); the second user serves as an outside
//! collaborator and as the caller who is not a repository admin.
//!
//! Unknown repositories are only tried with the second user (always 403): for the admin,
//! as an administrator of the organization (or a full-access superuser), Quay runs the handler
//! on a repository that does not exist and answers inconsistently (200 with an empty list, 400,
//! or a 500 crash for changeUserPermissions).

use quay_sdk::api::PermissionsHandler;
use quay_sdk::models::{AvatarKind, RepositoryRole, TeamRole};
use quay_sdk::{Client, Result as SdkResult};

use super::team::{USER, add_robot, expect_csrf, new_org, new_repo, new_robot, new_team, setup};
use crate::runner::{Case, Failure, Target, ensure, expect_error, expect_status};

/// An organization with the private repository `web`; (organization, `org/web`).
async fn org_repo(t: &Target) -> Result<(String, String), Failure> {
    let org = new_org(t, "perm").await?;
    let repo = new_repo(t, &org, "web").await?;
    Ok((org, repo))
}

/// The permissions of `repo` through `client`.
fn perms(client: &Client, repo: &str) -> Result<PermissionsHandler, Failure> {
    Ok(client.repository(repo).map_err(setup)?.permissions())
}

/// A robot `bot` of the organization with the direct role `role` on `repo`; its name.
async fn robot_with(
    t: &Target,
    org: &str,
    repo: &str,
    role: RepositoryRole,
) -> Result<String, Failure> {
    let bot = new_robot(t, org, "bot").await?;
    perms(&t.admin, repo)?
        .set_user(&bot, role)
        .await
        .map_err(setup)?;
    Ok(bot)
}

/// A team `builders` (role member) with `role` on `repo`.
async fn team_with(t: &Target, org: &str, repo: &str, role: RepositoryRole) -> Result<(), Failure> {
    new_team(t, org, "builders", TeamRole::Member).await?;
    perms(&t.admin, repo)?
        .set_team("builders", role)
        .await
        .map_err(setup)?;
    Ok(())
}

/// The second user with the direct role `role` on a fresh repository; (its client, its name,
/// the repository).
async fn second_user_with(
    t: &Target,
    role: RepositoryRole,
) -> Result<(&Client, &str, String), Failure> {
    let (user, name) = t.second_user()?;
    let (_, repo) = org_repo(t).await?;
    perms(&t.admin, &repo)?
        .set_user(name, role)
        .await
        .map_err(setup)?;
    Ok((user, name, repo))
}

/// What a caller other than the admin gets for `op` on a fresh repository: the setup (a
/// robot `bot` with read, a team `builders` with read) is done by the admin.
async fn as_caller<T, F, Fut>(t: &Target, client: &Client, op: F) -> Result<SdkResult<T>, Failure>
where
    F: FnOnce(PermissionsHandler, String) -> Fut,
    Fut: std::future::Future<Output = SdkResult<T>>,
{
    let (org, repo) = org_repo(t).await?;
    let bot = robot_with(t, &org, &repo, RepositoryRole::Read).await?;
    team_with(t, &org, &repo, RepositoryRole::Read).await?;
    Ok(op(perms(client, &repo)?, bot).await)
}

/// The second user, holding `write` (not admin) on the repository, calls `op`.
async fn as_writer<T, F, Fut>(t: &Target, op: F) -> Result<SdkResult<T>, Failure>
where
    F: FnOnce(PermissionsHandler, String) -> Fut,
    Fut: std::future::Future<Output = SdkResult<T>>,
{
    let (user, name) = t.second_user()?;
    let (org, repo) = org_repo(t).await?;
    let bot = robot_with(t, &org, &repo, RepositoryRole::Read).await?;
    team_with(t, &org, &repo, RepositoryRole::Read).await?;
    perms(&t.admin, &repo)?
        .set_user(name, RepositoryRole::Write)
        .await
        .map_err(setup)?;
    Ok(op(perms(user, &repo)?, bot).await)
}

/// The second user calls `op` on a repository that does not exist, in an existing
/// organization it does not belong to.
async fn on_unknown_repo<T, F, Fut>(t: &Target, op: F) -> Result<SdkResult<T>, Failure>
where
    F: FnOnce(PermissionsHandler, String) -> Fut,
    Fut: std::future::Future<Output = SdkResult<T>>,
{
    let (user, _) = t.second_user()?;
    let org = new_org(t, "perm").await?;
    let bot = new_robot(t, &org, "bot").await?;
    Ok(op(perms(user, &format!("{org}/norepo"))?, bot).await)
}

/// The cases of the `permission` tag.
pub fn cases() -> Vec<Case> {
    let mut all = list_users();
    all.extend(list_teams());
    all.extend(get_user());
    all.extend(set_user());
    all.extend(delete_user());
    all.extend(transitive());
    all.extend(get_team());
    all.extend(set_team());
    all.extend(delete_team());
    all
}

fn list_users() -> Vec<Case> {
    vec![
        case!("listRepoUserPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = robot_with(t, &org, &repo, RepositoryRole::Read).await?;
            let list = perms(&t.admin, &repo)?.list_users().await?;
            let me = list.permissions.get(&t.admin_name);
            ensure(
                me.is_some_and(|p| {
                    p.role == RepositoryRole::Admin
                        && p.name == t.admin_name
                        && !p.is_robot
                        && p.is_org_member == Some(true)
                        && p.avatar.kind == AvatarKind::User
                }),
                format!(
                    "the creator {} must hold a direct admin permission: {list:?}",
                    t.admin_name
                ),
            )?;
            let b = list.permissions.get(&bot);
            ensure(
                b.is_some_and(|p| {
                    p.role == RepositoryRole::Read
                        && p.name == bot
                        && p.is_robot
                        && p.is_org_member == Some(true)
                        && p.avatar.kind == AvatarKind::Robot
                }),
                format!("the robot {bot} must hold read: {list:?}"),
            )
        }),
        case!("listRepoUserPermissions", "outside_collaborator", needs: USER, |t| {
            let (_, name, repo) = second_user_with(t, RepositoryRole::Read).await?;
            let list = perms(&t.admin, &repo)?.list_users().await?;
            let p = list.permissions.get(name);
            ensure(
                p.is_some_and(|p| {
                    p.role == RepositoryRole::Read && !p.is_robot && p.is_org_member == Some(false)
                }),
                format!("{name} must be listed with read, not an organization member: {list:?}"),
            )
        }),
        case!("listRepoUserPermissions", "team_grant_not_listed", |t| {
            // Access held only through a team is not a direct permission.
            let (org, repo) = org_repo(t).await?;
            team_with(t, &org, &repo, RepositoryRole::Write).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            let list = perms(&t.admin, &repo)?.list_users().await?;
            ensure(
                !list.permissions.contains_key(&bot),
                format!("{bot} has no direct permission and must not be listed: {list:?}"),
            )
        }),
        case!("listRepoUserPermissions", "repo_admin", needs: USER, |t| {
            // A direct admin permission is enough, without any role in the organization.
            let (user, name, repo) = second_user_with(t, RepositoryRole::Admin).await?;
            let list = perms(user, &repo)?.list_users().await?;
            ensure(
                list.permissions
                    .get(name)
                    .is_some_and(|p| p.role == RepositoryRole::Admin),
                format!("{name} must see its own admin permission: {list:?}"),
            )
        }),
        case!("listRepoUserPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, _| async move { p.list_users().await }).await?,
            403
        )),
        case!("listRepoUserPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, _| async move { p.list_users().await }).await?,
            403
        )),
        case!("listRepoUserPermissions", "anonymous", |t| expect_status(
            as_caller(t, &t.anonymous, |p, _| async move { p.list_users().await }).await?,
            401
        )),
        case!("listRepoUserPermissions", "bad_token", |t| expect_status(
            as_caller(t, &t.bad_token, |p, _| async move { p.list_users().await }).await?,
            401
        )),
    ]
}

fn list_teams() -> Vec<Case> {
    vec![
        case!("listRepoTeamPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            team_with(t, &org, &repo, RepositoryRole::Write).await?;
            let list = perms(&t.admin, &repo)?.list_teams().await?;
            ensure(
                list.permissions.len() == 1
                    && list.permissions.get("builders").is_some_and(|p| {
                        p.role == RepositoryRole::Write
                            && p.name == "builders"
                            && p.avatar.kind == AvatarKind::Team
                    }),
                format!("expected builders with write only: {list:?}"),
            )
        }),
        case!("listRepoTeamPermissions", "empty", |t| {
            let (_, repo) = org_repo(t).await?;
            let list = perms(&t.admin, &repo)?.list_teams().await?;
            ensure(
                list.permissions.is_empty(),
                format!("a new repository has no team permission: {list:?}"),
            )
        }),
        case!("listRepoTeamPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, _| async move { p.list_teams().await }).await?,
            403
        )),
        case!("listRepoTeamPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, _| async move { p.list_teams().await }).await?,
            403
        )),
        case!("listRepoTeamPermissions", "anonymous", |t| expect_status(
            as_caller(t, &t.anonymous, |p, _| async move { p.list_teams().await }).await?,
            401
        )),
        case!("listRepoTeamPermissions", "bad_token", |t| expect_status(
            as_caller(t, &t.bad_token, |p, _| async move { p.list_teams().await }).await?,
            401
        )),
    ]
}

fn get_user() -> Vec<Case> {
    vec![
        case!("getUserPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = robot_with(t, &org, &repo, RepositoryRole::Write).await?;
            let p = perms(&t.admin, &repo)?.get_user(&bot).await?;
            ensure(
                p.role == RepositoryRole::Write
                    && p.name == bot
                    && p.is_robot
                    && p.is_org_member == Some(true)
                    && p.avatar.kind == AvatarKind::Robot,
                format!("expected the robot's write permission: {p:?}"),
            )
        }),
        case!("getUserPermissions", "outside_collaborator", needs: USER, |t| {
            let (_, name, repo) = second_user_with(t, RepositoryRole::Read).await?;
            let p = perms(&t.admin, &repo)?.get_user(name).await?;
            ensure(
                p.role == RepositoryRole::Read
                    && p.name == name
                    && !p.is_robot
                    && p.is_org_member == Some(false)
                    && p.avatar.kind == AvatarKind::User,
                format!("expected {name}'s read permission, not an organization member: {p:?}"),
            )
        }),
        case!("getUserPermissions", "no_permission", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_error(
                perms(&t.admin, &repo)?.get_user(&bot).await,
                400,
                "User does not have permission for repo.",
            )
        }),
        case!("getUserPermissions", "team_grant_only", |t| {
            // Only direct permissions count.
            let (org, repo) = org_repo(t).await?;
            team_with(t, &org, &repo, RepositoryRole::Write).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            expect_error(
                perms(&t.admin, &repo)?.get_user(&bot).await,
                400,
                "User does not have permission for repo.",
            )
        }),
        case!("getUserPermissions", "unknown_user", |t| {
            let (_, repo) = org_repo(t).await?;
            expect_error(
                perms(&t.admin, &repo)?.get_user(t.name("permghost")).await,
                400,
                "User does not have permission for repo.",
            )
        }),
        case!("getUserPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, bot| async move { p.get_user(&bot).await }).await?,
            403
        )),
        case!("getUserPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, bot| async move { p.get_user(&bot).await }).await?,
            403
        )),
        case!("getUserPermissions", "anonymous", |t| expect_status(
            as_caller(
                t,
                &t.anonymous,
                |p, bot| async move { p.get_user(&bot).await }
            )
            .await?,
            401
        )),
        case!("getUserPermissions", "bad_token", |t| expect_status(
            as_caller(
                t,
                &t.bad_token,
                |p, bot| async move { p.get_user(&bot).await }
            )
            .await?,
            401
        )),
    ]
}

fn set_user() -> Vec<Case> {
    vec![
        case!("changeUserPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = new_robot(t, &org, "bot").await?;
            let p = perms(&t.admin, &repo)?;
            let created = p.set_user(&bot, RepositoryRole::Read).await?;
            ensure(
                created.role == RepositoryRole::Read
                    && created.name == bot
                    && created.is_robot
                    && created.is_org_member == Some(true),
                format!("unexpected answer for a new permission: {created:?}"),
            )?;
            let read = p.get_user(&bot).await?;
            ensure(
                read.role == RepositoryRole::Read,
                format!("read back {read:?}"),
            )?;
            let changed = p.set_user(&bot, RepositoryRole::Admin).await?;
            ensure(
                changed.role == RepositoryRole::Admin,
                format!("unexpected answer for a change: {changed:?}"),
            )?;
            let read = p.get_user(&bot).await?;
            ensure(
                read.role == RepositoryRole::Admin,
                format!("read back after the change {read:?}"),
            )
        }),
        case!("changeUserPermissions", "user", needs: USER, |t| {
            // The grant gives the outside collaborator access to the private repository.
            let (user, name) = t.second_user()?;
            let (_, repo) = org_repo(t).await?;
            let p = perms(&t.admin, &repo)?.set_user(name, RepositoryRole::Read).await?;
            ensure(
                p.role == RepositoryRole::Read
                    && p.name == name
                    && !p.is_robot
                    && p.is_org_member == Some(false),
                format!("unexpected answer: {p:?}"),
            )?;
            let seen = user
                .repository(repo.as_str())?
                .get().include_tags(false)
                .await;
            ensure(
                seen.is_ok(),
                format!("{name} cannot read the repository after the grant: {seen:?}"),
            )
        }),
        case!("changeUserPermissions", "bad_role", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_error(
                perms(&t.admin, &repo)?
                    .set_user(&bot, RepositoryRole::from("owner"))
                    .await,
                400,
                "is not one of",
            )
        }),
        case!("changeUserPermissions", "unknown_user", |t| {
            let (_, repo) = org_repo(t).await?;
            expect_error(
                perms(&t.admin, &repo)?
                    .set_user(t.name("permghost"), RepositoryRole::Read)
                    .await,
                400,
                "Invalid username",
            )
        }),
        case!("changeUserPermissions", "foreign_robot", |t| {
            let (_, repo) = org_repo(t).await?;
            let other = new_org(t, "perm").await?;
            let bot = new_robot(t, &other, "bot").await?;
            expect_error(
                perms(&t.admin, &repo)?
                    .set_user(&bot, RepositoryRole::Read)
                    .await,
                400,
                "Cannot add robot",
            )
        }),
        case!("changeUserPermissions", "namespace_owner", |t| {
            let (org, repo) = org_repo(t).await?;
            expect_error(
                perms(&t.admin, &repo)?
                    .set_user(&org, RepositoryRole::Read)
                    .await,
                400,
                "Namespace owner must always be admin",
            )
        }),
        case!("changeUserPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, bot| async move { p.set_user(&bot, RepositoryRole::Admin).await })
                .await?,
            403
        )),
        case!("changeUserPermissions", "not_admin_bad_role", needs: USER, |t| {
            // The caller's permission is checked before the body.
            expect_status(
                as_writer(t, |p, bot| async move {
                    p.set_user(&bot, RepositoryRole::from("owner")).await
                })
                .await?,
                403,
            )
        }),
        case!("changeUserPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, bot| async move { p.set_user(&bot, RepositoryRole::Read).await })
                .await?,
            403
        )),
        case!("changeUserPermissions", "anonymous", |t| expect_csrf(
            as_caller(t, &t.anonymous, |p, bot| async move {
                p.set_user(&bot, RepositoryRole::Admin).await
            })
            .await?
        )),
        case!("changeUserPermissions", "bad_token", |t| expect_csrf(
            as_caller(t, &t.bad_token, |p, bot| async move {
                p.set_user(&bot, RepositoryRole::Admin).await
            })
            .await?
        )),
    ]
}

fn delete_user() -> Vec<Case> {
    vec![
        case!("deleteUserPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = robot_with(t, &org, &repo, RepositoryRole::Write).await?;
            let p = perms(&t.admin, &repo)?;
            p.delete_user(&bot).await?;
            let list = p.list_users().await?;
            ensure(
                !list.permissions.contains_key(&bot),
                format!("{bot} is still listed: {list:?}"),
            )?;
            expect_error(
                p.get_user(&bot).await,
                400,
                "User does not have permission for repo.",
            )
        }),
        case!("deleteUserPermissions", "user", needs: USER, |t| {
            let (_, name, repo) = second_user_with(t, RepositoryRole::Read).await?;
            let p = perms(&t.admin, &repo)?;
            p.delete_user(name).await?;
            let list = p.list_users().await?;
            ensure(
                !list.permissions.contains_key(name),
                format!("{name} is still listed: {list:?}"),
            )
        }),
        case!("deleteUserPermissions", "no_permission", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_error(
                perms(&t.admin, &repo)?.delete_user(&bot).await,
                400,
                "User does not have permission for repo.",
            )
        }),
        case!("deleteUserPermissions", "namespace_owner", |t| {
            let (org, repo) = org_repo(t).await?;
            expect_error(
                perms(&t.admin, &repo)?.delete_user(&org).await,
                400,
                "Namespace owner must always be admin",
            )
        }),
        case!("deleteUserPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, bot| async move { p.delete_user(&bot).await }).await?,
            403
        )),
        case!("deleteUserPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, bot| async move { p.delete_user(&bot).await }).await?,
            403
        )),
        case!("deleteUserPermissions", "anonymous", |t| expect_csrf(
            as_caller(t, &t.anonymous, |p, bot| async move {
                p.delete_user(&bot).await
            })
            .await?
        )),
        case!("deleteUserPermissions", "bad_token", |t| expect_csrf(
            as_caller(t, &t.bad_token, |p, bot| async move {
                p.delete_user(&bot).await
            })
            .await?
        )),
    ]
}

fn transitive() -> Vec<Case> {
    vec![
        case!("getUserTransitivePermission", "ok", |t| {
            // One entry per grant: the direct read and the team's write.
            let (org, repo) = org_repo(t).await?;
            let bot = robot_with(t, &org, &repo, RepositoryRole::Read).await?;
            team_with(t, &org, &repo, RepositoryRole::Write).await?;
            add_robot(t, &org, "builders", &bot).await?;
            let list = perms(&t.admin, &repo)?.user_transitive(&bot).await?;
            let roles: Vec<_> = list.permissions.iter().map(|p| p.role.clone()).collect();
            ensure(
                roles.len() == 2
                    && roles.contains(&RepositoryRole::Read)
                    && roles.contains(&RepositoryRole::Write)
                    && list.highest() == Some(RepositoryRole::Write),
                format!("expected read (direct) and write (team): {list:?}"),
            )
        }),
        case!("getUserTransitivePermission", "direct", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = robot_with(t, &org, &repo, RepositoryRole::Admin).await?;
            let list = perms(&t.admin, &repo)?.user_transitive(&bot).await?;
            ensure(
                list.permissions.len() == 1 && list.highest() == Some(RepositoryRole::Admin),
                format!("expected the direct admin only: {list:?}"),
            )
        }),
        case!("getUserTransitivePermission", "team_only", |t| {
            let (org, repo) = org_repo(t).await?;
            team_with(t, &org, &repo, RepositoryRole::Read).await?;
            let bot = new_robot(t, &org, "bot").await?;
            add_robot(t, &org, "builders", &bot).await?;
            let list = perms(&t.admin, &repo)?.user_transitive(&bot).await?;
            ensure(
                list.permissions.len() == 1 && list.highest() == Some(RepositoryRole::Read),
                format!("expected the team's read only: {list:?}"),
            )
        }),
        case!("getUserTransitivePermission", "none", |t| {
            let (org, repo) = org_repo(t).await?;
            let bot = new_robot(t, &org, "bot").await?;
            expect_status(perms(&t.admin, &repo)?.user_transitive(&bot).await, 404)
        }),
        case!("getUserTransitivePermission", "unknown_user", |t| {
            let (_, repo) = org_repo(t).await?;
            expect_status(
                perms(&t.admin, &repo)?
                    .user_transitive(t.name("permghost"))
                    .await,
                404,
            )
        }),
        case!("getUserTransitivePermission", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, bot| async move { p.user_transitive(&bot).await }).await?,
            403
        )),
        case!("getUserTransitivePermission", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, bot| async move { p.user_transitive(&bot).await }).await?,
            403
        )),
        case!("getUserTransitivePermission", "anonymous", |t| {
            expect_status(
                as_caller(t, &t.anonymous, |p, bot| async move {
                    p.user_transitive(&bot).await
                })
                .await?,
                401,
            )
        }),
        case!("getUserTransitivePermission", "bad_token", |t| {
            expect_status(
                as_caller(t, &t.bad_token, |p, bot| async move {
                    p.user_transitive(&bot).await
                })
                .await?,
                401,
            )
        }),
    ]
}

fn get_team() -> Vec<Case> {
    vec![
        case!("getTeamPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            team_with(t, &org, &repo, RepositoryRole::Write).await?;
            let p = perms(&t.admin, &repo)?.get_team("builders").await?;
            ensure(
                p.role == RepositoryRole::Write,
                format!("expected write: {p:?}"),
            )
        }),
        case!("getTeamPermissions", "no_permission", |t| {
            let (org, repo) = org_repo(t).await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            expect_error(
                perms(&t.admin, &repo)?.get_team("builders").await,
                400,
                "Team does not have permission for repo.",
            )
        }),
        case!("getTeamPermissions", "unknown_team", |t| {
            let (_, repo) = org_repo(t).await?;
            expect_error(
                perms(&t.admin, &repo)?.get_team("noteam").await,
                400,
                "Team does not have permission for repo.",
            )
        }),
        case!("getTeamPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, _| async move { p.get_team("builders").await }).await?,
            403
        )),
        case!("getTeamPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, _| async move { p.get_team("builders").await }).await?,
            403
        )),
        case!("getTeamPermissions", "anonymous", |t| expect_status(
            as_caller(t, &t.anonymous, |p, _| async move {
                p.get_team("builders").await
            })
            .await?,
            401
        )),
        case!("getTeamPermissions", "bad_token", |t| expect_status(
            as_caller(t, &t.bad_token, |p, _| async move {
                p.get_team("builders").await
            })
            .await?,
            401
        )),
    ]
}

fn set_team() -> Vec<Case> {
    vec![
        case!("changeTeamPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            let p = perms(&t.admin, &repo)?;
            let created = p.set_team("builders", RepositoryRole::Read).await?;
            ensure(
                created.role == RepositoryRole::Read
                    && created.name == "builders"
                    && created.avatar.kind == AvatarKind::Team,
                format!("unexpected answer for a new permission: {created:?}"),
            )?;
            let read = p.get_team("builders").await?;
            ensure(
                read.role == RepositoryRole::Read,
                format!("read back {read:?}"),
            )?;
            let changed = p.set_team("builders", RepositoryRole::Admin).await?;
            ensure(
                changed.role == RepositoryRole::Admin,
                format!("unexpected answer for a change: {changed:?}"),
            )?;
            let read = p.get_team("builders").await?;
            ensure(
                read.role == RepositoryRole::Admin,
                format!("read back after the change {read:?}"),
            )?;
            // The team's own view of its permissions agrees.
            let team = t
                .admin
                .organization(&org)
                .team("builders")
                .permissions()
                .await?;
            ensure(
                team.permissions
                    .iter()
                    .any(|p| p.repository.name == "web" && p.role == RepositoryRole::Admin),
                format!("getOrganizationTeamPermissions does not show admin on web: {team:?}"),
            )
        }),
        case!("changeTeamPermissions", "bad_role", |t| {
            let (org, repo) = org_repo(t).await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            expect_error(
                perms(&t.admin, &repo)?
                    .set_team("builders", RepositoryRole::from("owner"))
                    .await,
                400,
                "is not one of",
            )
        }),
        case!("changeTeamPermissions", "unknown_team", |t| {
            let (_, repo) = org_repo(t).await?;
            expect_error(
                perms(&t.admin, &repo)?
                    .set_team("noteam", RepositoryRole::Read)
                    .await,
                400,
                "No team",
            )
        }),
        case!("changeTeamPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, _| async move { p.set_team("builders", RepositoryRole::Admin).await })
                .await?,
            403
        )),
        case!("changeTeamPermissions", "not_admin_bad_role", needs: USER, |t| {
            // The caller's permission is checked before the body.
            expect_status(
                as_writer(t, |p, _| async move {
                    p.set_team("builders", RepositoryRole::from("owner"))
                        .await
                })
                .await?,
                403,
            )
        }),
        case!("changeTeamPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, _| async move { p.set_team("owners", RepositoryRole::Read).await })
                .await?,
            403
        )),
        case!("changeTeamPermissions", "anonymous", |t| expect_csrf(
            as_caller(t, &t.anonymous, |p, _| async move {
                p.set_team("builders", RepositoryRole::Admin).await
            })
            .await?
        )),
        case!("changeTeamPermissions", "bad_token", |t| expect_csrf(
            as_caller(t, &t.bad_token, |p, _| async move {
                p.set_team("builders", RepositoryRole::Admin).await
            })
            .await?
        )),
    ]
}

fn delete_team() -> Vec<Case> {
    vec![
        case!("deleteTeamPermissions", "ok", |t| {
            let (org, repo) = org_repo(t).await?;
            team_with(t, &org, &repo, RepositoryRole::Write).await?;
            let p = perms(&t.admin, &repo)?;
            p.delete_team("builders").await?;
            let list = p.list_teams().await?;
            ensure(
                !list.permissions.contains_key("builders"),
                format!("builders is still listed: {list:?}"),
            )?;
            expect_error(
                p.get_team("builders").await,
                400,
                "Team does not have permission for repo.",
            )
        }),
        case!("deleteTeamPermissions", "no_permission", |t| {
            let (org, repo) = org_repo(t).await?;
            new_team(t, &org, "builders", TeamRole::Member).await?;
            expect_error(
                perms(&t.admin, &repo)?.delete_team("builders").await,
                400,
                "Team does not have permission for repo.",
            )
        }),
        case!("deleteTeamPermissions", "not_admin", needs: USER, |t| expect_status(
            as_writer(t, |p, _| async move { p.delete_team("builders").await }).await?,
            403
        )),
        case!("deleteTeamPermissions", "unknown_repo", needs: USER, |t| expect_status(
            on_unknown_repo(t, |p, _| async move { p.delete_team("owners").await }).await?,
            403
        )),
        case!("deleteTeamPermissions", "anonymous", |t| expect_csrf(
            as_caller(t, &t.anonymous, |p, _| async move {
                p.delete_team("builders").await
            })
            .await?
        )),
        case!("deleteTeamPermissions", "bad_token", |t| expect_csrf(
            as_caller(t, &t.bad_token, |p, _| async move {
                p.delete_team("builders").await
            })
            .await?
        )),
    ]
}
