//! Scenarios of the `superuser` area: users.

use super::*;

pub(super) async fn list_users_ok(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let page = t.admin.superuser().users().list().await?;
    ensure(
        page.next_page.is_none(),
        "without limit every user comes in one page, yet next_page was sent",
    )?;
    let u = page
        .users
        .iter()
        .find(|u| u.username == name)
        .ok_or_else(|| fail(format!("the user {name} just created is not listed")))?;
    ensure(
        u.name == name
            && u.email == format!("{name}@example.com")
            && !u.super_user
            && !u.global_readonly_super_user
            && u.enabled
            && u.avatar.kind == AvatarKind::User
            && u.avatar.name == name,
        format!("unexpected entry for {name}: {u:?}"),
    )?;
    let me = page
        .users
        .iter()
        .find(|u| u.username == t.admin_name)
        .ok_or_else(|| fail(format!("the superuser {} is not listed", t.admin_name)))?;
    ensure(
        me.super_user,
        format!("{} is listed without super_user", t.admin_name),
    )?;
    ensure(
        page.users.iter().all(|u| !u.username.contains('+')),
        "robots must not be listed",
    )
}

pub(super) async fn list_users_paged(t: &Target) -> CaseResult {
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for _ in 0..2 {
        missing.insert(new_user(t, "u").await?);
    }
    let query = t.admin.superuser().users().list().limit(1);
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = query.clone().set_next_page(token.clone()).await?;
        ensure(
            page.users.len() <= 1,
            format!("limit=1 gave a page of {} users", page.users.len()),
        )?;
        for u in &page.users {
            missing.remove(&u.username);
        }
        if missing.is_empty() {
            return Ok(());
        }
        match page.next_page {
            Some(next) => token = Some(next),
            None => {
                return Err(fail(format!(
                    "the pages ended without the users just created: {missing:?}"
                )));
            }
        }
    }
    Err(Failure::Skip(format!(
        "more than {MAX_PAGES} users: the run's users were not reached with limit=1"
    )))
}

pub(super) async fn list_users_enabled_only(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let page = t.admin.superuser().users().list().disabled(false).await?;
    ensure(
        page.users.iter().all(|u| u.enabled),
        "disabled=false listed a disabled user",
    )?;
    ensure(
        page.users.iter().any(|u| u.username == name),
        format!("the enabled user {name} is not listed with disabled=false"),
    )
}

pub(super) async fn create_user_ok(t: &Target) -> CaseResult {
    let name = fresh(t, "u");
    t.created(Created::User(name.clone()));
    let email = format!("{name}@example.com");
    let created = match t
        .admin
        .superuser()
        .users()
        .create(&CreateInstallUser::new(&name).email(&email))
        .await
    {
        Ok(c) => c,
        Err(e) => return Err(skip_if_not_database(&e).unwrap_or_else(|| e.into())),
    };
    let password = created.password.expose();
    ensure(
        created.username == name && created.email.as_deref() == Some(email.as_str()),
        format!("unexpected answer: {created:?}"),
    )?;
    ensure(
        password.len() == 32
            && password
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "the generated password is not 32 characters of A-Z0-9",
    )?;
    ensure(
        !created.encrypted_password.expose().is_empty(),
        "encrypted_password is empty",
    )?;
    ensure(
        user_listed(t, &name).await?,
        format!("{name} is not listed after its creation"),
    )
}

pub(super) async fn create_user_duplicate(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let body = CreateInstallUser::new(&name).email(format!("{name}-again@example.com"));
    expect_error(
        t.admin.superuser().users().create(&body).await,
        400,
        "already been taken",
    )
}

pub(super) async fn create_user_org_name(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    let body = CreateInstallUser::new(&org).email(format!("{org}-user@example.com"));
    expect_error(
        t.admin.superuser().users().create(&body).await,
        400,
        "already been taken",
    )
}

pub(super) async fn create_user_invalid_name(t: &Target) -> CaseResult {
    let name = t.name("Bad Name");
    t.created(Created::User(name.clone()));
    let body = CreateInstallUser::new(&name).email(format!("{}-bad@example.com", t.prefix));
    let result = t.admin.superuser().users().create(&body).await;
    if let Err(e) = &result
        && let Some(skip) = skip_if_not_database(e)
    {
        return Err(skip);
    }
    expect_error(result, 400, "Invalid namespace")
}

pub(super) async fn create_user_as(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let name = fresh(t, "u");
    t.created(Created::User(name.clone()));
    let body = CreateInstallUser::new(&name).email(format!("{name}@example.com"));
    let result = client.superuser().users().create(&body).await;
    if csrf {
        return expect_csrf(result);
    }
    if let Err(e) = &result
        && let Some(skip) = skip_if_not_database(e)
    {
        return Err(skip);
    }
    expect_status(result, 403)
}

pub(super) async fn delete_user_ok(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let users = t.admin.superuser().users();
    users.delete(&name).await?;
    t.deleted(&Created::User(name.clone()));
    ensure(
        !user_listed(t, &name).await?,
        format!("{name} is still listed after its deletion"),
    )?;
    expect_status(users.delete(&name).await, 404)
}

pub(super) async fn delete_user_robot(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    t.admin
        .organization(&org)
        .robot("bot")
        .create(&CreateRobot::new())
        .await?;
    expect_status(
        t.admin
            .superuser()
            .users()
            .delete(format!("{org}+bot"))
            .await,
        404,
    )?;
    t.admin.organization(&org).robot("bot").get().await?;
    Ok(())
}

pub(super) async fn delete_user_organization(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    expect_status(t.admin.superuser().users().delete(&org).await, 404)?;
    t.admin.organization(&org).get().await?;
    Ok(())
}

pub(super) async fn delete_user_not_admin(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    let name = new_user(t, "u").await?;
    expect_status(user.superuser().users().delete(&name).await, 403)?;
    ensure(
        user_listed(t, &name).await?,
        format!("{name} disappeared after a refused deletion"),
    )
}

pub(super) async fn delete_user_csrf(t: &Target, client: &Client) -> CaseResult {
    let name = new_user(t, "u").await?;
    expect_csrf(client.superuser().users().delete(&name).await)?;
    ensure(
        user_listed(t, &name).await?,
        format!("{name} disappeared after a refused deletion"),
    )
}

/// One user as the panel shows it: the same view as in the list.
pub(super) async fn get_user_ok(t: &Target) -> CaseResult {
    let name = new_user(t, "get").await?;
    let one = t.admin.superuser().users().get(&name).await?;
    ensure(
        one.username == name && !one.super_user,
        format!("asked for {name}, got {one:?}"),
    )
}

/// An organization's name is not a user's.
pub(super) async fn get_user_organization(t: &Target) -> CaseResult {
    let org = new_org(t, "getorg").await?;
    expect_status(t.admin.superuser().users().get(&org).await, 404)
}
