//! Scenarios of the `organization` area: applications.

use super::*;

pub(super) fn applications() -> Vec<Case> {
    vec![
        // getOrganizationApplications
        case!("getOrganizationApplications", "ok", |t| {
            let o = org(t, "alist").await?;
            let a = app(t, &o, "first").await?;
            let b = app(t, &o, "second").await?;
            let list = t.admin.organization(&o).applications().list().await?;
            ensure(
                list.len() == 2
                    && [&a, &b].iter().all(|x| list.iter().any(|y| y == *x))
                    && list.iter().all(|y| y.client_secret.is_some()),
                format!("both applications, with secrets, expected; got {list:?}"),
            )
        }),
        case!("getOrganizationApplications", "empty", |t| {
            let o = org(t, "alistnone").await?;
            let list = t.admin.organization(&o).applications().list().await?;
            ensure(
                list.is_empty(),
                format!("no applications expected, got {list:?}"),
            )
        }),
        case!("getOrganizationApplications", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "alistna").await?;
            expect_denied(user.organization(&o).applications().list().await)
        }),
        case!("getOrganizationApplications", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .applications()
                    .list()
                    .await,
            )
        }),
        case!("getOrganizationApplications", "anonymous", |t| {
            let o = org(t, "alistanon").await?;
            expect_status(
                t.anonymous.organization(&o).applications().list().await,
                401,
            )
        }),
        case!("getOrganizationApplications", "bad_token", |t| {
            let o = org(t, "alistbad").await?;
            expect_status(
                t.bad_token.organization(&o).applications().list().await,
                401,
            )
        }),
        // createOrganizationApplication
        case!("createOrganizationApplication", "ok", |t| {
            let o = org(t, "acreate").await?;
            let a = app(t, &o, "ci").await?;
            ensure(
                a.name == "ci"
                    && a.description == "conformance application"
                    && a.application_uri == "http://127.0.0.1/app"
                    && a.redirect_uri.as_deref() == Some("http://127.0.0.1/callback")
                    && a.avatar_email.as_deref() == Some("ci@example.com")
                    && a.client_id.len() == 20
                    && a.client_secret
                        .as_ref()
                        .is_some_and(|s| s.expose().len() == 40),
                format!(
                    "the application as sent, a 20-char id and a 40-char secret expected: {a:?}"
                ),
            )?;
            let back = t
                .admin
                .organization(&o)
                .applications()
                .get(&a.client_id)
                .await?;
            ensure(back == a, format!("read-back differs: {back:?} vs {a:?}"))
        }),
        case!("createOrganizationApplication", "defaults", |t| {
            let o = org(t, "acreatedef").await?;
            let a = t
                .admin
                .organization(&o)
                .applications()
                .create(&NewApp::new("bare"))
                .await?;
            ensure(
                a.description.is_empty()
                    && a.application_uri.is_empty()
                    && a.redirect_uri.as_deref() == Some("")
                    && a.avatar_email.is_none()
                    && a.client_secret.is_some(),
                format!("empty defaults expected, got {a:?}"),
            )
        }),
        case!("createOrganizationApplication", "same_name", |t| {
            // Names need not be unique.
            let o = org(t, "acreatesame").await?;
            let a = app(t, &o, "twin").await?;
            let b = app(t, &o, "twin").await?;
            ensure(
                a.client_id != b.client_id,
                "two applications with distinct client ids expected",
            )
        }),
        case!("createOrganizationApplication", "reserved_name", |t| {
            let o = org(t, "acreateres").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .create(&NewApp::new("__quay_bootstrap_app"))
                    .await,
                400,
                "Application name is reserved for bootstrap token provisioning",
            )
        }),
        case!("createOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "acreatena").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        case!("createOrganizationApplication", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        case!("createOrganizationApplication", "anonymous", |t| {
            let o = org(t, "acreateanon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        case!("createOrganizationApplication", "bad_token", |t| {
            let o = org(t, "acreatebad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        // getOrganizationApplication
        case!("getOrganizationApplication", "ok", |t| {
            let o = org(t, "aget").await?;
            let a = app(t, &o, "ci").await?;
            let back = t
                .admin
                .organization(&o)
                .applications()
                .get(&a.client_id)
                .await?;
            ensure(back == a, format!("expected {a:?}, got {back:?}"))
        }),
        case!("getOrganizationApplication", "unknown_client", |t| {
            let o = org(t, "agetunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .get(NO_SUCH_CLIENT)
                    .await,
                404,
            )
        }),
        case!("getOrganizationApplication", "other_org", |t| {
            let o = org(t, "ageta").await?;
            let other = org(t, "agetb").await?;
            let a = app(t, &other, "theirs").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                404,
            )
        }),
        case!("getOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "agetna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(user.organization(&o).applications().get(&a.client_id).await)
        }),
        case!("getOrganizationApplication", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .applications()
                    .get(NO_SUCH_CLIENT)
                    .await,
            )
        }),
        case!("getOrganizationApplication", "anonymous", |t| {
            let o = org(t, "agetanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                401,
            )
        }),
        case!("getOrganizationApplication", "bad_token", |t| {
            let o = org(t, "agetbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                401,
            )
        }),
        // updateOrganizationApplication
        case!("updateOrganizationApplication", "ok", |t| {
            // A full replacement: the omitted description and avatar e-mail are cleared.
            let o = org(t, "aupd").await?;
            let a = app(t, &o, "ci").await?;
            let body = UpdateApp::new(
                "ci-renamed",
                "http://127.0.0.1/cb2",
                "http://127.0.0.1/app2",
            );
            let u = t
                .admin
                .organization(&o)
                .applications()
                .update(&a.client_id, &body)
                .await?;
            ensure(
                u.name == "ci-renamed"
                    && u.redirect_uri.as_deref() == Some("http://127.0.0.1/cb2")
                    && u.application_uri == "http://127.0.0.1/app2"
                    && u.description.is_empty()
                    && u.avatar_email.is_none()
                    && u.client_id == a.client_id
                    && u.client_secret == a.client_secret,
                format!("the replacement (same id and secret) expected, got {u:?}"),
            )?;
            let back = t
                .admin
                .organization(&o)
                .applications()
                .get(&a.client_id)
                .await?;
            ensure(back == u, format!("read-back differs: {back:?} vs {u:?}"))
        }),
        case!("updateOrganizationApplication", "reserved_name", |t| {
            let o = org(t, "aupdres").await?;
            let a = app(t, &o, "ci").await?;
            let body = UpdateApp::new("__quay_bootstrap_app", "", "");
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .update(&a.client_id, &body)
                    .await,
                400,
                "Application name is reserved for bootstrap token provisioning",
            )
        }),
        case!("updateOrganizationApplication", "unknown_client", |t| {
            let o = org(t, "aupdunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .update(NO_SUCH_CLIENT, &UpdateApp::new("x", "", ""))
                    .await,
                404,
            )
        }),
        case!("updateOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "aupdna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .update(&a.client_id, &UpdateApp::new("x", "", ""))
                    .await,
            )
        }),
        case!("updateOrganizationApplication", "anonymous", |t| {
            let o = org(t, "aupdanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .update(&a.client_id, &UpdateApp::new("x", "", ""))
                    .await,
            )
        }),
        case!("updateOrganizationApplication", "bad_token", |t| {
            let o = org(t, "aupdbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .update(&a.client_id, &UpdateApp::new("x", "", ""))
                    .await,
            )
        }),
        // deleteOrganizationApplication
        case!("deleteOrganizationApplication", "ok", |t| {
            // Deleting the application revokes its tokens.
            let o = org(t, "adel").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            t.admin
                .organization(&o)
                .applications()
                .delete(&a.client_id)
                .await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                404,
            )?;
            expect_status(
                t.admin
                    .organizations()
                    .application_information(&a.client_id)
                    .await,
                404,
            )?;
            expect_status(
                t.admin
                    .with_token(token.token.expose())
                    .user()
                    .current()
                    .await,
                401,
            )
        }),
        case!("deleteOrganizationApplication", "again", |t| {
            let o = org(t, "adelagain").await?;
            let a = app(t, &o, "ci").await?;
            t.admin
                .organization(&o)
                .applications()
                .delete(&a.client_id)
                .await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
                404,
            )
        }),
        case!("deleteOrganizationApplication", "other_org", |t| {
            let o = org(t, "adela").await?;
            let other = org(t, "adelb").await?;
            let a = app(t, &other, "theirs").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
                404,
            )?;
            let back = t
                .admin
                .organization(&other)
                .applications()
                .get(&a.client_id)
                .await;
            ensure(
                back.is_ok(),
                format!("the application should survive: {back:?}"),
            )
        }),
        case!("deleteOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "adelna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(user.organization(&o).applications().delete(&a.client_id).await)
        }),
        case!("deleteOrganizationApplication", "anonymous", |t| {
            let o = org(t, "adelanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
            )
        }),
        case!("deleteOrganizationApplication", "bad_token", |t| {
            let o = org(t, "adelbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
            )
        }),
        // getApplicationInformation
        case!("getApplicationInformation", "ok", |t| {
            let o = org(t, "ainfo").await?;
            let a = app(t, &o, "ci").await?;
            let info = t
                .admin
                .organizations()
                .application_information(&a.client_id)
                .await?;
            ensure(
                info.name == "ci"
                    && info.description == "conformance application"
                    && info.uri == "http://127.0.0.1/app"
                    && info.avatar.kind == AvatarKind::App
                    && info.organization.name == o
                    && info.organization.is_admin,
                format!("the application with its organization expected, got {info:?}"),
            )?;
            ensure(
                info.organization
                    .teams
                    .as_ref()
                    .is_some_and(|m| m.is_empty())
                    && info
                        .organization
                        .ordered_teams
                        .as_ref()
                        .is_some_and(|v| v.is_empty()),
                format!(
                    "the nested organization has empty teams, got {:?} / {:?}",
                    info.organization.teams, info.organization.ordered_teams
                ),
            )
        }),
        case!("getApplicationInformation", "non_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ainfonm").await?;
            let a = app(t, &o, "ci").await?;
            let info = user.organizations().application_information(&a.client_id).await?;
            app_info_outsider(&o, &info)
        }),
        case!("getApplicationInformation", "anonymous", |t| {
            let o = org(t, "ainfoanon").await?;
            let a = app(t, &o, "ci").await?;
            let info = public(
                t.anonymous
                    .organizations()
                    .application_information(&a.client_id)
                    .await,
            )?;
            app_info_outsider(&o, &info)
        }),
        case!("getApplicationInformation", "bad_token", |t| {
            let o = org(t, "ainfobad").await?;
            let a = app(t, &o, "ci").await?;
            let info = public(
                t.bad_token
                    .organizations()
                    .application_information(&a.client_id)
                    .await,
            )?;
            app_info_outsider(&o, &info)
        }),
        case!("getApplicationInformation", "unknown", |t| expect_status(
            t.admin
                .organizations()
                .application_information(NO_SUCH_CLIENT)
                .await,
            404
        )),
    ]
}

pub(super) fn app_info_outsider(
    org: &str,
    info: &quay_sdk::models::ApplicationInformation,
) -> CaseResult {
    ensure(
        info.name == "ci"
            && info.uri == "http://127.0.0.1/app"
            && info.organization.name == org
            && !info.organization.is_admin
            && !info.organization.is_member
            && info.organization.email.is_empty(),
        format!("the public face (no e-mail, not admin) expected, got {info:?}"),
    )
}
