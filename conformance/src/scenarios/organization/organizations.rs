//! Scenarios of the `organization` area: organizations.

use super::*;

pub(super) fn organizations() -> Vec<Case> {
    vec![
        // createOrganization
        case!("createOrganization", "ok", |t| create_org_ok(t).await),
        case!("createOrganization", "contact_email", |t| {
            let name = t.name("ocontact");
            let body = NewOrg::new(&name)
                .email(format!("{name}-plain@example.com"))
                .contact_email(format!("{name}-contact@example.com"));
            t.admin.organizations().create(&body).await?;
            t.created(Created::Organization(name.clone()));
            let o = t.admin.organization(&name).get().await?;
            ensure(
                o.email == format!("{name}-contact@example.com"),
                format!("contact_email should win over email, got {:?}", o.email),
            )
        }),
        case!("createOrganization", "duplicate", |t| {
            let name = org(t, "odup").await?;
            let body = NewOrg::new(&name).email(format!("{name}-2@example.com"));
            expect_error(
                t.admin.organizations().create(&body).await,
                400,
                "A user or organization with this name already exists",
            )
        }),
        case!("createOrganization", "user_name_taken", |t| {
            let body = NewOrg::new(&t.admin_name).email(format!("{}-o@example.com", t.prefix));
            expect_error(
                t.admin.organizations().create(&body).await,
                400,
                "A user or organization with this name already exists",
            )
        }),
        case!("createOrganization", "invalid_name", |t| {
            // Upper case never matches ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$.
            let name = t.name("BadName");
            let body = NewOrg::new(&name).email(format!("{}-bad@example.com", t.prefix));
            let result = t.admin.organizations().create(&body).await;
            expect_org_refused(t, &name, result, 400, "Invalid namespace")
        }),
        case!("createOrganization", "invalid_email", |t| {
            let name = t.name("obademail");
            let body = NewOrg::new(&name).email("not-an-email");
            let result = t.admin.organizations().create(&body).await;
            expect_org_refused(t, &name, result, 400, "Invalid email address")
        }),
        case!("createOrganization", "missing_scope", |t| {
            // A token without user:admin (only org:admin) cannot create organizations.
            let (_, scoped) = scoped_client(t, "onoscope", "org:admin").await?;
            let name = t.name("onoscopenew");
            let body = NewOrg::new(&name).email(format!("{name}@example.com"));
            let result = scoped.organizations().create(&body).await;
            if result.is_ok() {
                t.created(Created::Organization(name));
            }
            expect_denied(result)
        }),
        case!("createOrganization", "ordinary_user", needs: USER, |t| {
            create_org_by_user(t).await
        }),
        case!("createOrganization", "anonymous", |t| {
            let body = NewOrg::new(t.name("oanon")).email(format!("{}-anon@example.com", t.prefix));
            expect_csrf(t.anonymous.organizations().create(&body).await)
        }),
        case!("createOrganization", "bad_token", |t| {
            let body = NewOrg::new(t.name("obad")).email(format!("{}-bad@example.com", t.prefix));
            expect_csrf(t.bad_token.organizations().create(&body).await)
        }),
        // getOrganization
        case!("getOrganization", "ok", |t| {
            let o = org(t, "oget").await?;
            let v = t.admin.organization(&o).get().await?;
            ensure(
                v.name == o && v.is_admin && v.is_member && v.email == format!("{o}@example.com"),
                format!("admin view expected, got {v:?}"),
            )?;
            ensure(
                v.teams.as_ref().is_some_and(|m| m.contains_key("owners"))
                    && v.ordered_teams.as_deref() == Some(&["owners".to_string()][..]),
                format!("the owners team expected, got {:?}", v.teams),
            )?;
            ensure(
                v.invoice_email == Some(false)
                    && v.tag_expiration_s.is_some()
                    && v.is_free_account.is_some(),
                format!("admin fields expected, got {v:?}"),
            )
        }),
        case!("getOrganization", "non_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ogetnm").await?;
            let v = user.organization(&o).get().await?;
            outsider_view(&o, &v)
        }),
        case!("getOrganization", "anonymous", |t| {
            let o = org(t, "ogetanon").await?;
            let v = public(t.anonymous.organization(&o).get().await)?;
            outsider_view(&o, &v)
        }),
        case!("getOrganization", "bad_token", |t| {
            let o = org(t, "ogetbad").await?;
            let v = public(t.bad_token.organization(&o).get().await)?;
            outsider_view(&o, &v)
        }),
        case!("getOrganization", "unknown", |t| expect_status(
            t.admin.organization(t.name("nosuchorg")).get().await,
            404
        )),
        case!("getOrganization", "user_namespace", |t| expect_status(
            t.admin.organization(&t.admin_name).get().await,
            404
        )),
        // changeOrganizationDetails
        case!("changeOrganizationDetails", "ok", |t| {
            let o = org(t, "ochg").await?;
            let changes = UpdateOrg::default()
                .email(format!("{o}-new@example.com"))
                .invoice_email(true)
                .invoice_email_address(format!("billing-{o}@example.com"));
            let v = t.admin.organization(&o).update(&changes).await?;
            let expected = |v: &quay_sdk::models::OrganizationView| {
                v.email == format!("{o}-new@example.com")
                    && v.invoice_email == Some(true)
                    && v.invoice_email_address.as_deref()
                        == Some(format!("billing-{o}@example.com").as_str())
            };
            ensure(
                expected(&v) && v.teams.is_some() && v.ordered_teams.is_some(),
                format!("the changes (with teams) expected in the answer, got {v:?}"),
            )?;
            let back = t.admin.organization(&o).get().await?;
            ensure(expected(&back), format!("the changes not kept: {back:?}"))
        }),
        case!("changeOrganizationDetails", "tag_expiration", |t| {
            let o = org(t, "ochgexp").await?;
            let changes = UpdateOrg::default().tag_expiration_s(86_400);
            let v = match t.admin.organization(&o).update(&changes).await {
                Ok(v) => v,
                Err(e)
                    if e.message()
                        .is_some_and(|m| m.contains("Invalid tag expiration")) =>
                {
                    return Err(Failure::Skip(
                        "1d is not among the target's TAG_EXPIRATION_OPTIONS".into(),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            if v.tag_expiration_s != Some(86_400) {
                return Err(Failure::Skip(format!(
                    "tag_expiration_s ignored ({:?}): FEATURE_CHANGE_TAG_EXPIRATION looks off",
                    v.tag_expiration_s
                )));
            }
            let back = t.admin.organization(&o).get().await?;
            ensure(
                back.tag_expiration_s == Some(86_400),
                format!(
                    "86400 expected on read-back, got {:?}",
                    back.tag_expiration_s
                ),
            )
        }),
        case!("changeOrganizationDetails", "bad_tag_expiration", |t| {
            let o = org(t, "ochgbadexp").await?;
            let address = format!("partial-{o}@example.com");
            let changes = UpdateOrg::default()
                .invoice_email_address(&address)
                .tag_expiration_s(12_345);
            match t.admin.organization(&o).update(&changes).await {
                Ok(v) if v.tag_expiration_s != Some(12_345) => {
                    return Err(Failure::Skip(
                        "tag_expiration_s ignored: FEATURE_CHANGE_TAG_EXPIRATION looks off".into(),
                    ));
                }
                other => expect_error(other, 400, "Invalid tag expiration option")?,
            }
            // Quay keeps the invoice address applied before the refusal (a defect the contract
            // records); the reference server changes nothing. Either way the refused field
            // itself must not have changed.
            let back = t.admin.organization(&o).get().await?;
            ensure(
                back.tag_expiration_s != Some(12_345),
                format!(
                    "the refused tag expiration was stored: {:?}",
                    back.tag_expiration_s
                ),
            )?;
            ensure(
                back.invoice_email_address.is_none()
                    || back.invoice_email_address.as_deref() == Some(address.as_str()),
                format!(
                    "unexpected invoice address {:?}",
                    back.invoice_email_address
                ),
            )
        }),
        case!("changeOrganizationDetails", "clear_email", |t| {
            let o = org(t, "ochgclear").await?;
            let v = t
                .admin
                .organization(&o)
                .update(&UpdateOrg::default().contact_email(""))
                .await?;
            ensure(
                v.email.is_empty(),
                format!("an empty e-mail expected, got {:?}", v.email),
            )
        }),
        case!("changeOrganizationDetails", "invalid_email", |t| {
            let o = org(t, "ochgbademail").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .update(&UpdateOrg::default().email("not-an-email"))
                    .await,
                400,
                "Invalid email address",
            )
        }),
        case!("changeOrganizationDetails", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ochgna").await?;
            expect_denied(user.organization(&o).update(&UpdateOrg::default()).await)
        }),
        case!("changeOrganizationDetails", "not_admin_invalid_body", needs: USER, |t| {
            // The body is validated before the permission: a schema violation is a 400 even
            // for a caller who may not change the organization.
            let (user, _) = t.second_user()?;
            let o = org(t, "ochgnabody").await?;
            expect_status(
                user.organization(&o)
                    .update(&UpdateOrg::default().tag_expiration_s(-1))
                    .await,
                400,
            )
        }),
        case!("changeOrganizationDetails", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .update(&UpdateOrg::default())
                    .await,
            )
        }),
        case!("changeOrganizationDetails", "anonymous", |t| {
            let o = org(t, "ochganon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .update(&UpdateOrg::default())
                    .await,
            )
        }),
        case!("changeOrganizationDetails", "bad_token", |t| {
            let o = org(t, "ochgbad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .update(&UpdateOrg::default())
                    .await,
            )
        }),
        // deleteAdminedOrganization
        case!("deleteAdminedOrganization", "ok", |t| {
            let o = org(t, "odel").await?;
            t.admin.organization(&o).delete().await?;
            t.deleted(&Created::Organization(o.clone()));
            expect_status(t.admin.organization(&o).get().await, 404)
        }),
        case!("deleteAdminedOrganization", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "odelna").await?;
            expect_denied(user.organization(&o).delete().await)?;
            still_there(t, &o).await
        }),
        case!("deleteAdminedOrganization", "unknown_org", |t| {
            expect_unknown_org(t.admin.organization(t.name("nosuchorg")).delete().await)
        }),
        case!("deleteAdminedOrganization", "anonymous", |t| {
            let o = org(t, "odelanon").await?;
            expect_csrf(t.anonymous.organization(&o).delete().await)?;
            still_there(t, &o).await
        }),
        case!("deleteAdminedOrganization", "bad_token", |t| {
            let o = org(t, "odelbad").await?;
            expect_csrf(t.bad_token.organization(&o).delete().await)?;
            still_there(t, &o).await
        }),
    ]
}

pub(super) async fn create_org_ok(t: &Target) -> CaseResult {
    let name = t.name("onew");
    let email = format!("{name}@example.com");
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(&email))
        .await?;
    t.created(Created::Organization(name.clone()));
    let v = t.admin.organization(&name).get().await?;
    ensure(
        v.name == name && v.is_admin && v.is_member && v.email == email,
        format!("the creator should administer the new organization: {v:?}"),
    )?;
    let owners = v
        .teams
        .as_ref()
        .and_then(|m| m.get("owners"))
        .ok_or_else(|| Failure::Fail(format!("no owners team: {:?}", v.teams)))?;
    ensure(
        owners.role == TeamRole::Admin && owners.member_count == 1,
        format!("owners should be an admin team with the creator only: {owners:?}"),
    )?;
    let members = t.admin.organization(&name).members().list().await?;
    ensure(
        members.len() == 1
            && members[0].name == t.admin_name
            && members[0].teams.iter().any(|x| x.name == "owners"),
        format!("the creator alone in owners expected, got {members:?}"),
    )
}

/// Any signed-in user may create an organization (unless
/// `FEATURE_SUPERUSERS_ORG_CREATION_ONLY`); the second user deletes it again itself.
pub(super) async fn create_org_by_user(t: &Target) -> CaseResult {
    let (user, user_name) = t.second_user()?;
    let name = t.name("ouser");
    let body = NewOrg::new(&name).email(format!("{name}@example.com"));
    match user.organizations().create(&body).await {
        Ok(_) => {}
        Err(e) if e.status() == Some(403) => {
            return Err(Failure::Skip(
                "only superusers may create organizations on the target (FEATURE_SUPERUSERS_ORG_CREATION_ONLY)"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    // Listed for cleanup in case a check below fails (the superuser can delete it only with
    // FULL_ACCESS); the user deletes it itself otherwise.
    t.created(Created::Organization(name.clone()));
    let v = user.organization(&name).get().await?;
    ensure(
        v.is_admin && v.is_member,
        format!("{user_name} should administer its new organization: {v:?}"),
    )?;
    user.organization(&name).delete().await?;
    t.deleted(&Created::Organization(name));
    Ok(())
}

/// The view of an organization for a caller in none of its teams.
pub(super) fn outsider_view(org: &str, v: &quay_sdk::models::OrganizationView) -> CaseResult {
    ensure(
        v.name == org
            && !v.is_admin
            && !v.is_member
            && v.email.is_empty()
            && v.teams.is_none()
            && v.ordered_teams.is_none()
            && v.invoice_email.is_none()
            && v.tag_expiration_s.is_none(),
        format!("the outsider's view (no e-mail, teams or admin fields) expected, got {v:?}"),
    )
}

pub(super) async fn still_there(t: &Target, org: &str) -> CaseResult {
    match t.admin.organization(org).get().await {
        Ok(_) => Ok(()),
        Err(e) => fail(format!("the organization should still exist: {e}")),
    }
}
