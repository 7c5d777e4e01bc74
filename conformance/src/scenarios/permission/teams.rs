//! Scenarios of the `permission` area: team permissions.

use super::*;

pub(super) fn list_teams() -> Vec<Case> {
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

pub(super) fn get_team() -> Vec<Case> {
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

pub(super) fn set_team() -> Vec<Case> {
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

pub(super) fn delete_team() -> Vec<Case> {
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
