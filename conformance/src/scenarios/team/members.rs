//! Scenarios of the `team` area: members.

use super::*;

pub(super) fn team_members() -> Vec<Case> {
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

pub(super) fn add_member() -> Vec<Case> {
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

pub(super) fn remove_member() -> Vec<Case> {
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
