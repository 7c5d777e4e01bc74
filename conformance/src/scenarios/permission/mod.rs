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

mod teams;
mod users;

use teams::*;
use users::*;

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
