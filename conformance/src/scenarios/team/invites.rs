//! Scenarios of the `team` area: e-mail invites.

use super::*;

pub(super) fn invite_email() -> Vec<Case> {
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

pub(super) fn delete_email_invite() -> Vec<Case> {
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
