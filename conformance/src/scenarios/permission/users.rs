//! Scenarios of the `permission` area: user and robot permissions.

use super::*;

pub(super) fn list_users() -> Vec<Case> {
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

pub(super) fn get_user() -> Vec<Case> {
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

pub(super) fn set_user() -> Vec<Case> {
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

pub(super) fn delete_user() -> Vec<Case> {
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

pub(super) fn transitive() -> Vec<Case> {
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
