//! Scenarios of the `team` area: the team's repository permissions.

use super::*;

pub(super) fn team_permissions() -> Vec<Case> {
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
