//! Scenarios of the `organization` area: members.

use super::*;

pub(super) fn members() -> Vec<Case> {
    vec![
        // getOrganizationMembers
        case!("getOrganizationMembers", "ok", |t| {
            let o = org(t, "mlist").await?;
            let r = repo(t, &o, "web").await?;
            let list = t.admin.organization(&o).members().list().await?;
            let me = list
                .iter()
                .find(|m| m.name == t.admin_name)
                .ok_or_else(|| Failure::Fail(format!("the creator is not listed: {list:?}")))?;
            // The creator of a repository holds a direct admin permission on it.
            ensure(
                list.len() == 1
                    && me.kind == OrgMemberKind::User
                    && me.teams.iter().any(|x| x.name == "owners")
                    && me
                        .repositories
                        .iter()
                        .any(|x| r.ends_with(&format!("/{x}"))),
                format!("the creator in owners with its repository expected, got {list:?}"),
            )
        }),
        case!("getOrganizationMembers", "robots_left_out", |t| {
            let o = org(t, "mlistbot").await?;
            let bot = robot(t, &o, "builder").await?;
            let team = t.admin.organization(&o).team("builders");
            setup(
                "updateOrganizationTeam",
                team.create_or_update(&TeamDescription::new(TeamRole::Member))
                    .await,
            )?;
            setup("updateOrganizationTeamMember", team.add_member(&bot).await)?;
            let list = t.admin.organization(&o).members().list().await?;
            ensure(
                list.iter()
                    .all(|m| m.name != bot && m.kind == OrgMemberKind::User),
                format!("robots must be left out, got {list:?}"),
            )
        }),
        case!("getOrganizationMembers", "collaborators_left_out", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mlistcol").await?;
            collaborator(t, &o, "shared", user_name).await?;
            let list = t.admin.organization(&o).members().list().await?;
            ensure(
                list.iter().all(|m| m.name != user_name),
                format!("an outside collaborator is no member, got {list:?}"),
            )
        }),
        case!("getOrganizationMembers", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "mlistna").await?;
            expect_denied(user.organization(&o).members().list().await)
        }),
        case!("getOrganizationMembers", "missing_scope", |t| {
            // A token of the admin without org:admin loses the admin role.
            let (o, scoped) = scoped_client(t, "mlistscope", "repo:read user:read").await?;
            expect_denied(scoped.organization(&o).members().list().await)
        }),
        case!("getOrganizationMembers", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .members()
                    .list()
                    .await,
            )
        }),
        case!("getOrganizationMembers", "anonymous", |t| {
            let o = org(t, "mlistanon").await?;
            expect_status(t.anonymous.organization(&o).members().list().await, 401)
        }),
        case!("getOrganizationMembers", "bad_token", |t| {
            let o = org(t, "mlistbad").await?;
            expect_status(t.bad_token.organization(&o).members().list().await, 401)
        }),
        // getOrganizationMember
        case!("getOrganizationMember", "ok", |t| {
            let o = org(t, "mget").await?;
            let m = t
                .admin
                .organization(&o)
                .members()
                .get(&t.admin_name)
                .await?;
            ensure(
                m.name == t.admin_name
                    && m.kind == OrgMemberKind::User
                    && m.teams.len() == 1
                    && m.teams[0].name == "owners"
                    && m.teams[0].avatar.kind == AvatarKind::Team
                    && m.repositories.is_empty(),
                format!("the creator in owners, no repositories, expected; got {m:?}"),
            )
        }),
        case!("getOrganizationMember", "robot", |t| {
            // The organization's own robot is found even in no team.
            let o = org(t, "mgetbot").await?;
            let bot = robot(t, &o, "lonely").await?;
            let m = t.admin.organization(&o).members().get(&bot).await?;
            ensure(
                m.name == bot && m.kind == OrgMemberKind::Robot && m.teams.is_empty(),
                format!("the robot with no team expected, got {m:?}"),
            )
        }),
        case!("getOrganizationMember", "robot_of_other_org", |t| {
            let o = org(t, "mgetbota").await?;
            let other = org(t, "mgetbotb").await?;
            let bot = robot(t, &other, "stranger").await?;
            expect_status(t.admin.organization(&o).members().get(&bot).await, 404)
        }),
        case!("getOrganizationMember", "collaborator", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mgetcol").await?;
            collaborator(t, &o, "shared", user_name).await?;
            expect_status(t.admin.organization(&o).members().get(user_name).await, 404)
        }),
        case!("getOrganizationMember", "not_member", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mgetnm").await?;
            expect_status(t.admin.organization(&o).members().get(user_name).await, 404)
        }),
        case!("getOrganizationMember", "unknown_user", |t| {
            let o = org(t, "mgetunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .members()
                    .get(t.name("nosuchuser"))
                    .await,
                404,
            )
        }),
        case!("getOrganizationMember", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "mgetna").await?;
            expect_denied(user.organization(&o).members().get(&t.admin_name).await)
        }),
        case!("getOrganizationMember", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .members()
                    .get(&t.admin_name)
                    .await,
            )
        }),
        case!("getOrganizationMember", "anonymous", |t| {
            let o = org(t, "mgetanon").await?;
            expect_status(
                t.anonymous
                    .organization(&o)
                    .members()
                    .get(&t.admin_name)
                    .await,
                401,
            )
        }),
        case!("getOrganizationMember", "bad_token", |t| {
            let o = org(t, "mgetbad").await?;
            expect_status(
                t.bad_token
                    .organization(&o)
                    .members()
                    .get(&t.admin_name)
                    .await,
                401,
            )
        }),
        // removeOrganizationMember
        case!("removeOrganizationMember", "ok", needs: USER, |t| {
            // Removing an outside collaborator deletes its direct permissions.
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mrm").await?;
            let r = collaborator(t, &o, "shared", user_name).await?;
            let before = t.admin.organization(&o).collaborators().await?;
            ensure(
                before.iter().any(|c| c.name == user_name),
                format!("setup: {user_name} should be a collaborator, got {before:?}"),
            )?;
            t.admin.organization(&o).members().remove(user_name).await?;
            let after = t.admin.organization(&o).collaborators().await?;
            ensure(
                after.iter().all(|c| c.name != user_name),
                format!("{user_name} should be gone, got {after:?}"),
            )?;
            let perms = t
                .admin
                .repository(r.as_str())?
                .permissions()
                .list_users()
                .await?;
            ensure(
                !perms.permissions.contains_key(user_name),
                format!("the direct permission of {user_name} should be gone: {perms:?}"),
            )
        }),
        case!("removeOrganizationMember", "team_member", needs: USER, |t| {
            remove_team_member(t).await
        }),
        case!("removeOrganizationMember", "not_member", needs: USER, |t| {
            // Succeeds for a user with no relation to the organization at all.
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mrmnm").await?;
            t.admin.organization(&o).members().remove(user_name).await?;
            Ok(())
        }),
        case!("removeOrganizationMember", "only_admin", |t| {
            let o = org(t, "mrmlast").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .members()
                    .remove(&t.admin_name)
                    .await,
                400,
                "Cannot remove user as they are the only organization admin",
            )?;
            let m = t
                .admin
                .organization(&o)
                .members()
                .get(&t.admin_name)
                .await?;
            ensure(
                m.teams.iter().any(|x| x.name == "owners"),
                format!("the admin should still be in owners, got {m:?}"),
            )
        }),
        case!("removeOrganizationMember", "robot", |t| {
            let o = org(t, "mrmbot").await?;
            let bot = robot(t, &o, "keeper").await?;
            expect_status(t.admin.organization(&o).members().remove(&bot).await, 404)
        }),
        case!("removeOrganizationMember", "unknown_user", |t| {
            let o = org(t, "mrmunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .members()
                    .remove(t.name("nosuchuser"))
                    .await,
                404,
            )
        }),
        case!("removeOrganizationMember", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "mrmna").await?;
            expect_denied(user.organization(&o).members().remove(&t.admin_name).await)
        }),
        case!("removeOrganizationMember", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .members()
                    .remove(&t.admin_name)
                    .await,
            )
        }),
        case!("removeOrganizationMember", "anonymous", |t| {
            let o = org(t, "mrmanon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .members()
                    .remove(&t.admin_name)
                    .await,
            )
        }),
        case!("removeOrganizationMember", "bad_token", |t| {
            let o = org(t, "mrmbad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .members()
                    .remove(&t.admin_name)
                    .await,
            )
        }),
        // getOrganizationCollaborators
        case!("getOrganizationCollaborators", "ok", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "ccol").await?;
            let r = collaborator(t, &o, "shared", user_name).await?;
            let list = t.admin.organization(&o).collaborators().await?;
            ensure(
                list.len() == 1
                    && list[0].name == user_name
                    && list[0].avatar.kind == AvatarKind::User
                    && list[0].repositories.len() == 1
                    && r.ends_with(&format!("/{}", list[0].repositories[0])),
                format!("{user_name} with the repository {r} expected, got {list:?}"),
            )
        }),
        case!("getOrganizationCollaborators", "none", |t| {
            // The admin holds a direct permission on its repository but is in a team.
            let o = org(t, "ccolnone").await?;
            repo(t, &o, "web").await?;
            let list = t.admin.organization(&o).collaborators().await?;
            ensure(
                list.is_empty(),
                format!("no collaborators expected, got {list:?}"),
            )
        }),
        case!("getOrganizationCollaborators", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ccolna").await?;
            expect_denied(user.organization(&o).collaborators().await)
        }),
        case!("getOrganizationCollaborators", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .collaborators()
                    .await,
            )
        }),
        case!("getOrganizationCollaborators", "anonymous", |t| {
            let o = org(t, "ccolanon").await?;
            expect_status(t.anonymous.organization(&o).collaborators().await, 401)
        }),
        case!("getOrganizationCollaborators", "bad_token", |t| {
            let o = org(t, "ccolbad").await?;
            expect_status(t.bad_token.organization(&o).collaborators().await, 401)
        }),
    ]
}

/// Removing a team member takes it out of every team of the organization.
pub(super) async fn remove_team_member(t: &Target) -> CaseResult {
    let (_, user_name) = t.second_user()?;
    let o = org(t, "mrmteam").await?;
    let team = t.admin.organization(&o).team("readers");
    setup(
        "updateOrganizationTeam",
        team.create_or_update(&TeamDescription::new(TeamRole::Member))
            .await,
    )?;
    let added = setup(
        "updateOrganizationTeamMember",
        team.add_member(user_name).await,
    )?;
    if added.invited {
        return Err(Failure::Skip(
            "the target invites users instead of adding them (FEATURE_MAILING with FEATURE_REQUIRE_TEAM_INVITE)"
                .into(),
        ));
    }
    let m = t.admin.organization(&o).members().get(user_name).await?;
    ensure(
        m.teams.iter().any(|x| x.name == "readers"),
        format!("setup: {user_name} should be in readers, got {m:?}"),
    )?;
    t.admin.organization(&o).members().remove(user_name).await?;
    expect_status(t.admin.organization(&o).members().get(user_name).await, 404)
}
