//! Scenarios of the `team` area: creating, updating and deleting teams.

use super::*;

pub(super) fn update_team() -> Vec<Case> {
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

pub(super) fn delete_team() -> Vec<Case> {
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
