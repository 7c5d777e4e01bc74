//! Scenarios of the `superuser` area: changing users, taking ownership, the change log, every
//! user's app-specific tokens and archived build logs.

use quay_sdk::models::UpdateInstallUser;

use super::*;

/// App-specific tokens on, and a superuser with full access (or a global read-only one).
const APP_TOKENS_FULL: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers, Feature::AppTokens, Feature::FullAccess],
};
const APP_TOKENS: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers, Feature::AppTokens],
};
const APP_TOKENS_USER: Needs = Needs {
    user: true,
    features: &[Feature::SuperUsers, Feature::AppTokens],
};

async fn change_user_email(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let email = format!("{name}-changed@example.com");
    let answer = t
        .admin
        .superuser()
        .users()
        .update(&name, &UpdateInstallUser::new().email(&email))
        .await?;
    ensure(
        answer.email == email && answer.username == name && answer.encrypted_password.is_none(),
        format!("unexpected answer {answer:?}"),
    )?;
    let now = t.admin.superuser().users().get(&name).await?;
    ensure(
        now.email == email && now.verified,
        format!("the change did not stick: {now:?}"),
    )
}

async fn change_user_disable(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let answer = t
        .admin
        .superuser()
        .users()
        .update(&name, &UpdateInstallUser::new().enabled(false))
        .await?;
    // Quay answers the user as it was read before the change.
    ensure(
        answer.enabled,
        "the answer shows the change (Quay answers the user before it)",
    )?;
    let now = t.admin.superuser().users().get(&name).await?;
    ensure(!now.enabled, "the user is still enabled")
}

async fn change_user_password(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let answer = t
        .admin
        .superuser()
        .users()
        .update(
            &name,
            &UpdateInstallUser::new().password("c0nformance-pass"),
        )
        .await?;
    ensure(
        answer
            .encrypted_password
            .as_deref()
            .is_some_and(|p| !p.is_empty()),
        format!("no encrypted_password in {answer:?}"),
    )
}

async fn change_user_bad_password(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let result = t
        .admin
        .superuser()
        .users()
        .update(&name, &UpdateInstallUser::new().password("short"))
        .await;
    // Quay crashes (500, known defect); the intended answer is 400.
    match result {
        Err(e) if e.status() == Some(500) => Ok(()),
        other => expect_error(other, 400, "Invalid password"),
    }
}

async fn change_user_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let name = new_user(t, "u").await?;
    let body = UpdateInstallUser::new().enabled(false);
    let result = who.superuser().users().update(&name, &body).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    let now = t.admin.superuser().users().get(&name).await?;
    ensure(now.enabled, "a refused change disabled the user")
}

async fn take_org(t: &Target) -> CaseResult {
    // An organization created by the second user, so that the admin is not in it yet.
    let (user, _) = t.second_user()?;
    let name = fresh(t, "to");
    t.created(Created::Organization(name.clone()));
    user.organizations()
        .create(&NewOrg::new(&name).email(format!("{name}@example.com")))
        .await?;
    let taken = t.admin.superuser().take_ownership(&name).await?;
    ensure(taken.namespace == name, format!("unexpected {taken:?}"))?;
    let members = t.admin.organization(&name).team("owners").members().await?;
    ensure(
        members
            .members
            .iter()
            .any(|m| m.as_member().is_some_and(|m| m.name == t.admin_name)),
        format!("{} is not in an admin team", t.admin_name),
    )
}

async fn take_user(t: &Target) -> CaseResult {
    let name = new_user(t, "tu").await?;
    t.created(Created::Organization(name.clone()));
    t.admin.superuser().take_ownership(&name).await?;
    let org = t.admin.organization(&name).get().await?;
    ensure(org.name == name, format!("unexpected {org:?}"))?;
    expect_status(t.admin.superuser().users().get(&name).await, 404)
}

async fn app_tokens_listed(t: &Target) -> CaseResult {
    let title = fresh(t, "apptok");
    let token = t.admin.app_tokens().create(&title).await?.token;
    t.created(Created::AppToken(token.uuid.clone()));
    let all = t.admin.superuser().app_tokens().await?;
    let listed = all.tokens.iter().find(|x| x.uuid == token.uuid);
    let result = ensure(
        listed.is_some_and(|x| x.title == title && x.token_code.is_none())
            && all.only_expiring.is_none(),
        format!("the run's token is not listed as created: {all:?}"),
    );
    t.admin.app_tokens().revoke(&token.uuid).await?;
    result
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("changeInstallUser", "ok", needs: SU, |t| change_user_email(t).await),
        case!("changeInstallUser", "disable", needs: SU, |t| change_user_disable(t).await),
        case!("changeInstallUser", "password", needs: SU, |t| change_user_password(t).await),
        case!("changeInstallUser", "bad_password", needs: SU, |t| change_user_bad_password(t).await),
        case!("changeInstallUser", "superuser_target", needs: SU, |t| expect_error(
            t.admin
                .superuser()
                .users()
                .update(&t.admin_name, &UpdateInstallUser::new())
                .await,
            400,
            "Cannot update a superuser",
        )),
        case!("changeInstallUser", "unknown", needs: SU, |t| expect_status(
            t.admin
                .superuser()
                .users()
                .update(fresh(t, "ghost"), &UpdateInstallUser::new())
                .await,
            404,
        )),
        case!("changeInstallUser", "not_admin", needs: SU_USER, |t| {
            change_user_refused(t, t.second_user()?.0, false).await
        }),
        case!("changeInstallUser", "anonymous", needs: SU, |t| change_user_refused(t, &t.anonymous, true).await),
        case!("changeInstallUser", "bad_token", needs: SU, |t| change_user_refused(t, &t.bad_token, true).await),
        case!("takeOwnership", "ok", needs: SU_USER, |t| take_org(t).await),
        case!("takeOwnership", "user", needs: SU, |t| take_user(t).await),
        case!("takeOwnership", "superuser_ns", needs: SU, |t| expect_error(
            t.admin.superuser().take_ownership(&t.admin_name).await,
            400,
            "Cannot take ownership of a superuser",
        )),
        case!("takeOwnership", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().take_ownership(fresh(t, "ghost")).await,
            404,
        )),
        case!("takeOwnership", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            let org = new_org(t, "to").await?;
            expect_status(user.superuser().take_ownership(&org).await, 403)
        }),
        case!("takeOwnership", "anonymous", needs: SU, |t| expect_csrf(
            t.anonymous.superuser().take_ownership(&t.admin_name).await
        )),
        case!("getChangeLog", "ok", needs: SU, |t| {
            let log = t.admin.superuser().change_log().await?;
            ensure(!log.log.trim().is_empty(), "the change log is empty")
        }),
        case!("getChangeLog", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().change_log().await, 403)
        }),
        case!("getChangeLog", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().change_log().await,
            401
        )),
        case!("listAllAppTokens", "ok", needs: APP_TOKENS_FULL, |t| app_tokens_listed(t).await),
        case!("listAllAppTokens", "expiring", needs: APP_TOKENS_FULL, |t| {
            let all = t.admin.superuser().app_tokens().expiring(true).await?;
            ensure(
                all.only_expiring == Some(true) && all.tokens.iter().all(|x| x.expiration.is_some()),
                format!("expiring=true listed a token that never expires: {all:?}"),
            )
        }),
        case!("listAllAppTokens", "without_full_access", needs: APP_TOKENS, |t| {
            if t.features.contains(&Feature::FullAccess) {
                return Err(Failure::Skip("the target's superusers have full access".into()));
            }
            expect_status(t.admin.superuser().app_tokens().await, 403)
        }),
        case!("listAllAppTokens", "not_admin", needs: APP_TOKENS_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().app_tokens().await, 403)
        }),
        case!("listAllAppTokens", "anonymous", needs: APP_TOKENS, |t| expect_status(
            t.anonymous.superuser().app_tokens().await,
            401
        )),
        // No build worker archives logs for a queued build: Quay means 400 `Archived logs not
        // available` and crashes (500) instead; an archive exists only after a worker ran one.
        case!("getRepoBuildLogsArchiveSuperUser", "not_archived", needs: SU, |t| {
            let (_, build) = crate::scenarios::build::queued(t).await?;
            expect_any(
                t.admin.superuser().build(&build.id).archived_logs().await,
                &[400, 500],
            )
        }),
        case!("getRepoBuildLogsArchiveSuperUser", "unknown", needs: SU, |t| expect_error(
            t.admin
                .superuser()
                .build("00000000-0000-0000-0000-000000000000")
                .archived_logs()
                .await,
            400,
            "Unable to locate a build by id",
        )),
        case!("getRepoBuildLogsArchiveSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(
                user.superuser()
                    .build("00000000-0000-0000-0000-000000000000")
                    .archived_logs()
                    .await,
                403,
            )
        }),
        case!("getRepoBuildLogsArchiveSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous
                .superuser()
                .build("00000000-0000-0000-0000-000000000000")
                .archived_logs()
                .await,
            401
        )),
    ]
}
