//! The `superuser` tag: the superuser panel (users, organizations, logs, service keys, quotas,
//! builds, registry size).
//!
//! Every case creates what it works on under the run's prefix (users, organizations, service
//! keys of a service named after the prefix) and registers it for cleanup; listings only check
//! that what the run created appears. Nothing the run did not create is changed: the
//! "cannot delete a superuser" refusal is not exercised, as it would aim a DELETE at the
//! target's own superuser.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use quay_sdk::Client;
use quay_sdk::models::{
    ApiErrorType, ApproveServiceKey, AvatarKind, CreateInstallUser, CreateRobot, CreateServiceKey,
    CreatedServiceKey, NewNamespaceQuota, NewOrg, PutServiceKey, QuotaView, QuotaViewList,
    ServiceKeyApprovalType, UpdateNamespaceQuota,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_error, expect_status,
};
use crate::runner::{expect_any, expect_csrf};

/// Superuser panel on.
const SU: Needs = Needs {
    user: false,
    feature: Some(Feature::SuperUsers),
};
/// Superuser panel on, and a second (ordinary) user.
const SU_USER: Needs = Needs {
    user: true,
    feature: Some(Feature::SuperUsers),
};
/// Quota management on (its probe goes through the superuser panel, so that is on too).
const QUOTA: Needs = Needs {
    user: false,
    feature: Some(Feature::Quota),
};
/// Quota management on, and a second user.
const QUOTA_USER: Needs = Needs {
    user: true,
    feature: Some(Feature::Quota),
};

/// How many `limit=1` pages a paging case reads before giving up (a registry that large is
/// skipped, not failed).
const MAX_PAGES: usize = 5000;
/// How many pages of the audit log are searched for the run's entry.
const MAX_LOG_PAGES: usize = 50;

// ---------------------------------------------------------------------------------------------
// Helpers.

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh name under the run's prefix, `<prefix>su-<kind><n>`.
fn fresh(t: &Target, kind: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("su-{kind}{n}"))
}

/// A fresh service name (`^[a-z0-9_]+$`) under the run's prefix.
fn fresh_service(t: &Target) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("su_svc{n}"))
}

fn fail(msg: impl Into<String>) -> Failure {
    Failure::Fail(msg.into())
}

/// A 400 `Cannot create a user in a non-database auth system` means the target cannot run
/// user-creating cases at all.
fn skip_if_not_database(e: &quay_sdk::Error) -> Option<Failure> {
    (e.status() == Some(400)
        && e.message()
            .is_some_and(|m| m.contains("non-database auth system")))
    .then(|| {
        Failure::Skip(
            "the target does not use AUTHENTICATION_TYPE: Database (createInstallUser refused)"
                .into(),
        )
    })
}

/// Creates a user (with an e-mail, required when FEATURE_MAILING is on) and registers it.
async fn new_user(t: &Target, kind: &str) -> Result<String, Failure> {
    let name = fresh(t, kind);
    t.created(Created::User(name.clone()));
    let body = CreateInstallUser::new(&name).email(format!("{name}@example.com"));
    match t.admin.superuser().users().create(&body).await {
        Ok(_) => Ok(name),
        Err(e) => Err(skip_if_not_database(&e).unwrap_or_else(|| e.into())),
    }
}

/// Creates an organization owned by the admin and registers it.
async fn new_org(t: &Target, kind: &str) -> Result<String, Failure> {
    let name = fresh(t, kind);
    t.created(Created::Organization(name.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(format!("{name}@example.com")))
        .await?;
    Ok(name)
}

/// Creates a service key of a fresh service under the prefix and registers it.
async fn new_key(
    t: &Target,
    expiration: Option<f64>,
    notes: &str,
) -> Result<CreatedServiceKey, Failure> {
    let mut body = CreateServiceKey::new(fresh_service(t))
        .name(format!("{} conformance key", t.prefix))
        .metadata_entry("purpose", "conformance")
        .notes(notes);
    body.expiration = expiration;
    let key = t.admin.superuser().service_keys().create(&body).await?;
    t.created(Created::ServiceKey(key.kid.clone()));
    Ok(key)
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// A day (days since the Unix epoch) as (year, month 1-12, day 1-31).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn today() -> i64 {
    (unix_now() / 86_400.0).floor() as i64
}

/// `MM/DD/YYYY`, the format of the log queries.
fn mmddyyyy(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{m:02}/{d:02}/{y:04}")
}

/// `DD Mon YYYY 00:00:00`, how Quay's RFC 2822 dates show midnight of that day.
fn rfc2822_midnight(days: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil(days);
    format!("{d:02} {} {y:04} 00:00:00", MONTHS[(m - 1) as usize])
}

/// A random version-4 UUID: no build can have it.
fn random_uuid() -> String {
    let hex = |n: usize| -> String {
        (0..n)
            .map(|_| char::from_digit(fastrand::u32(0..16), 16).unwrap_or('0'))
            .collect()
    };
    format!("{}-{}-4{}-8{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}

/// A failure with `status` and Quay's error type `kind` (`title` of the ApiError).
fn expect_type<T: std::fmt::Debug>(
    result: quay_sdk::Result<T>,
    status: u16,
    kind: ApiErrorType,
) -> CaseResult {
    match result {
        Ok(v) => Err(fail(format!(
            "expected HTTP {status} {kind}, got success {v:?}"
        ))),
        Err(e) if e.status() == Some(status) && e.error_type() == Some(&kind) => Ok(()),
        Err(e) => Err(fail(format!("expected HTTP {status} {kind}, got {e}"))),
    }
}

/// Registers the organization `name` for cleanup if it exists (after a rename that should not
/// have happened, or whose answer could not be read). A name that does not exist is not
/// registered: deleting it would be refused with 403, not 404.
async fn register_if_exists(t: &Target, name: &str) {
    if t.admin.organization(name).get().await.is_ok() {
        t.created(Created::Organization(name.to_string()));
    }
}

/// Whether `name` is among the users listed without a limit.
async fn user_listed(t: &Target, name: &str) -> Result<bool, Failure> {
    let all = t.admin.superuser().users().list().await?;
    Ok(all.users.iter().any(|u| u.username == name))
}

/// Whether `name` is among the organizations listed without a limit.
async fn org_listed(t: &Target, name: &str) -> Result<bool, Failure> {
    let all = t.admin.superuser().organizations().list().await?;
    Ok(all.organizations.iter().any(|o| o.name == name))
}

// ---------------------------------------------------------------------------------------------
// Users.

async fn list_users_ok(t: &Target) -> CaseResult {
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

async fn list_users_paged(t: &Target) -> CaseResult {
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

async fn list_users_enabled_only(t: &Target) -> CaseResult {
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

async fn create_user_ok(t: &Target) -> CaseResult {
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

async fn create_user_duplicate(t: &Target) -> CaseResult {
    let name = new_user(t, "u").await?;
    let body = CreateInstallUser::new(&name).email(format!("{name}-again@example.com"));
    expect_error(
        t.admin.superuser().users().create(&body).await,
        400,
        "already been taken",
    )
}

async fn create_user_org_name(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    let body = CreateInstallUser::new(&org).email(format!("{org}-user@example.com"));
    expect_error(
        t.admin.superuser().users().create(&body).await,
        400,
        "already been taken",
    )
}

async fn create_user_invalid_name(t: &Target) -> CaseResult {
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

async fn create_user_as(t: &Target, client: &Client, csrf: bool) -> CaseResult {
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

async fn delete_user_ok(t: &Target) -> CaseResult {
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

async fn delete_user_robot(t: &Target) -> CaseResult {
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

async fn delete_user_organization(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    expect_status(t.admin.superuser().users().delete(&org).await, 404)?;
    t.admin.organization(&org).get().await?;
    Ok(())
}

async fn delete_user_not_admin(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    let name = new_user(t, "u").await?;
    expect_status(user.superuser().users().delete(&name).await, 403)?;
    ensure(
        user_listed(t, &name).await?,
        format!("{name} disappeared after a refused deletion"),
    )
}

async fn delete_user_csrf(t: &Target, client: &Client) -> CaseResult {
    let name = new_user(t, "u").await?;
    expect_csrf(client.superuser().users().delete(&name).await)?;
    ensure(
        user_listed(t, &name).await?,
        format!("{name} disappeared after a refused deletion"),
    )
}

// ---------------------------------------------------------------------------------------------
// Logs.

async fn logs_ok(t: &Target) -> CaseResult {
    let key = new_key(t, None, "logged").await?;
    let logs = t.admin.superuser().logs();
    for attempt in 0..3 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let mut token: Option<String> = None;
        let mut ended = false;
        for _ in 0..MAX_LOG_PAGES {
            let page = logs.clone().set_next_page(token.clone()).await?;
            ensure(
                page.start_time <= page.end_time,
                "start_time is after end_time",
            )?;
            if page.search_unavailable == Some(true) {
                return Err(Failure::Skip(format!(
                    "the logs backend cannot search: {}",
                    page.message.unwrap_or_default()
                )));
            }
            ensure(page.logs.len() <= 20, "a page holds more than 20 entries")?;
            if let Some(entry) = page.logs.iter().find(|l| {
                l.metadata.get("kid").and_then(serde_json::Value::as_str) == Some(key.kid.as_str())
            }) {
                return ensure(
                    entry.kind.starts_with("service_key_")
                        && entry
                            .performer
                            .as_ref()
                            .is_some_and(|p| p.name == t.admin_name && !p.is_robot),
                    format!("unexpected log entry for the key: {entry:?}"),
                );
            }
            match page.next_page {
                Some(next) => token = Some(next),
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if !ended {
            return Err(Failure::Skip(format!(
                "the run's entry is not among the newest {MAX_LOG_PAGES} pages (busy registry)"
            )));
        }
    }
    Err(fail(format!(
        "no log entry of the service key {} just created",
        key.kid
    )))
}

async fn logs_range(t: &Target) -> CaseResult {
    let day = today();
    let page = t
        .admin
        .superuser()
        .logs()
        .starttime(mmddyyyy(day - 1))
        .endtime(mmddyyyy(day))
        .await?;
    let start = rfc2822_midnight(day - 1);
    let end = rfc2822_midnight(day + 1);
    let midnight = |days: i64| days * 86_400;
    ensure(
        page.start_time.as_datetime().timestamp() == midnight(day - 1),
        format!("start_time {:?} is not {start}", page.start_time),
    )?;
    ensure(
        page.end_time.as_datetime().timestamp() == midnight(day + 1),
        format!(
            "end_time {:?} is not {end} (the end day plus one)",
            page.end_time
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Organizations.

async fn list_orgs_ok(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    let page = t.admin.superuser().organizations().list().await?;
    ensure(
        page.next_page.is_none(),
        "without limit every organization comes in one page, yet next_page was sent",
    )?;
    let o = page
        .organizations
        .iter()
        .find(|o| o.name == org)
        .ok_or_else(|| fail(format!("the organization {org} just created is not listed")))?;
    ensure(
        o.avatar.kind == AvatarKind::Org && o.avatar.name == org,
        format!("unexpected entry for {org}: {o:?}"),
    )?;
    ensure(
        !page.organizations.iter().any(|o| o.name == t.admin_name),
        "a user is listed among the organizations",
    )
}

async fn list_orgs_paged(t: &Target) -> CaseResult {
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for _ in 0..2 {
        missing.insert(new_org(t, "o").await?);
    }
    let query = t.admin.superuser().organizations().list().limit(1);
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = query.clone().set_next_page(token.clone()).await?;
        ensure(
            page.organizations.len() <= 1,
            format!(
                "limit=1 gave a page of {} organizations",
                page.organizations.len()
            ),
        )?;
        for o in &page.organizations {
            missing.remove(&o.name);
        }
        if missing.is_empty() {
            return Ok(());
        }
        match page.next_page {
            Some(next) => token = Some(next),
            None => {
                return Err(fail(format!(
                    "the pages ended without the organizations just created: {missing:?}"
                )));
            }
        }
    }
    Err(Failure::Skip(format!(
        "more than {MAX_PAGES} organizations: the run's were not reached with limit=1"
    )))
}

async fn rename_org_ok(t: &Target) -> CaseResult {
    let old = new_org(t, "o").await?;
    t.admin
        .organization(&old)
        .robot("bot")
        .create(&CreateRobot::new().description("renamed with its org"))
        .await?;
    let new = fresh(t, "o");
    let renamed = t.admin.superuser().organizations().rename(&old, &new).await;
    register_if_exists(t, &new).await;
    let org = renamed?;
    t.deleted(&Created::Organization(old.clone()));
    ensure(
        org.name == new && org.avatar.kind == AvatarKind::Org,
        format!("expected the organization renamed {new}, got {org:?}"),
    )?;
    let view = t.admin.organization(&new).get().await?;
    ensure(
        view.name == new,
        format!("getOrganization gave {}", view.name),
    )?;
    expect_status(t.admin.organization(&old).get().await, 404)?;
    let robot = t.admin.organization(&new).robot("bot").get().await?;
    ensure(
        robot.name == format!("{new}+bot"),
        format!(
            "the robot was not renamed with its organization: {}",
            robot.name
        ),
    )?;
    ensure(
        org_listed(t, &new).await? && !org_listed(t, &old).await?,
        "listAllOrganizations does not show the new name only",
    )
}

async fn rename_org_invalid(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    expect_error(
        t.admin
            .superuser()
            .organizations()
            .rename(&org, "Bad Name!")
            .await,
        400,
        "Invalid username",
    )?;
    t.admin.organization(&org).get().await?;
    Ok(())
}

async fn rename_org_unknown(t: &Target) -> CaseResult {
    let ghost = fresh(t, "ghost");
    let new = fresh(t, "o");
    // Quay's handler crashes (500, known defect); the intended answer is 400
    // `Organization does not exist: X`.
    let result = t
        .admin
        .superuser()
        .organizations()
        .rename(&ghost, &new)
        .await;
    register_if_exists(t, &new).await;
    match result {
        Err(e) if e.status() == Some(500) => Ok(()),
        other => expect_error(other, 400, "does not exist"),
    }
}

async fn rename_org_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let org = new_org(t, "o").await?;
    let new = fresh(t, "o");
    let result = client.superuser().organizations().rename(&org, &new).await;
    register_if_exists(t, &new).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    t.admin.organization(&org).get().await?;
    Ok(())
}

async fn delete_org_ok(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    t.admin.superuser().organizations().delete(&org).await?;
    t.deleted(&Created::Organization(org.clone()));
    expect_status(t.admin.organization(&org).get().await, 404)?;
    ensure(
        !org_listed(t, &org).await?,
        format!("{org} is still listed after its deletion"),
    )
}

async fn delete_org_again(t: &Target) -> CaseResult {
    let org = new_org(t, "o").await?;
    let orgs = t.admin.superuser().organizations();
    orgs.delete(&org).await?;
    t.deleted(&Created::Organization(org.clone()));
    expect_status(orgs.delete(&org).await, 404)
}

async fn delete_org_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let org = new_org(t, "o").await?;
    let result = client.superuser().organizations().delete(&org).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    t.admin.organization(&org).get().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Service keys.

async fn create_key_ok(t: &Target) -> CaseResult {
    let service = fresh_service(t);
    let name = format!("{} main key", t.prefix);
    let expiration = (unix_now() + 86_400.0).floor();
    let body = CreateServiceKey::new(&service)
        .expiration(expiration)
        .name(&name)
        .metadata_entry("purpose", "conformance")
        .notes("created by the conformance run");
    let created = t.admin.superuser().service_keys().create(&body).await?;
    t.created(Created::ServiceKey(created.kid.clone()));
    ensure(
        !created.kid.is_empty() && created.name == name && created.service == service,
        format!("unexpected answer: {created:?}"),
    )?;
    ensure(
        created.public_key.starts_with("-----BEGIN PUBLIC KEY-----"),
        "public_key is not a PEM public key",
    )?;
    ensure(
        created.private_key.expose().contains("PRIVATE KEY-----"),
        "private_key is not a PEM private key",
    )?;
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.kid == created.kid
            && key.name == name
            && key.service == service
            && key.jwk.kid == created.kid
            && key.jwk.kty == "RSA",
        format!("getServiceKey disagrees with the creation: {key:?}"),
    )?;
    ensure(
        key.expiration_date.is_some(),
        "the expiration date was not stored",
    )?;
    ensure(
        key.metadata
            .get("purpose")
            .and_then(serde_json::Value::as_str)
            == Some("conformance")
            && key
                .metadata
                .get("created_by")
                .and_then(serde_json::Value::as_str)
                == Some("Quay Superuser Panel")
            && key
                .metadata
                .get("creator")
                .and_then(serde_json::Value::as_str)
                == Some(t.admin_name.as_str()),
        format!("unexpected metadata: {:?}", key.metadata),
    )?;
    let approval = key
        .approval
        .ok_or_else(|| fail("a key created by a superuser is approved at once"))?;
    ensure(
        approval.approval_type == ServiceKeyApprovalType::Superuser
            && approval.notes == "created by the conformance run"
            && approval
                .approver
                .as_ref()
                .is_some_and(|a| a.username == t.admin_name),
        format!("unexpected approval: {approval:?}"),
    )
}

async fn create_key_never_expires(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.expiration_date.is_none(),
        format!(
            "a key created with expiration null expires: {:?}",
            key.expiration_date
        ),
    )
}

async fn create_key_bad(t: &Target, body: CreateServiceKey, text: &str) -> CaseResult {
    let result = t.admin.superuser().service_keys().create(&body).await;
    if let Ok(k) = &result {
        t.created(Created::ServiceKey(k.kid.clone()));
    }
    if text.is_empty() {
        expect_status(result, 400)
    } else {
        expect_error(result, 400, text)
    }
}

async fn create_key_as(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let body = CreateServiceKey::new(fresh_service(t));
    let result = client.superuser().service_keys().create(&body).await;
    if let Ok(k) = &result {
        t.created(Created::ServiceKey(k.kid.clone()));
    }
    if csrf {
        expect_csrf(result)
    } else {
        expect_status(result, 403)
    }
}

async fn list_keys_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let list = t.admin.superuser().service_keys().list().await?;
    let key = list
        .keys
        .iter()
        .find(|k| k.kid == created.kid)
        .ok_or_else(|| {
            fail(format!(
                "the key {} just created is not listed",
                created.kid
            ))
        })?;
    ensure(
        key.service == created.service && key.approval.is_some(),
        format!("unexpected entry: {key:?}"),
    )
}

async fn get_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "noted").await?;
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.kid == created.kid
            && key.service == created.service
            && key.name == created.name
            && !key.created_date.is_empty()
            && key.rotation_duration.is_none(),
        format!("unexpected key: {key:?}"),
    )?;
    ensure(
        key.approval
            .as_ref()
            .is_some_and(|a| a.notes == "noted" && !a.approved_date.is_empty()),
        format!("unexpected approval: {:?}", key.approval),
    )
}

async fn update_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let keys = t.admin.superuser().service_keys();
    let name = format!("{} renamed key", t.prefix);
    let updated = keys
        .update(
            &created.kid,
            &PutServiceKey::new()
                .name(&name)
                .metadata_entry("extra", "yes"),
        )
        .await?;
    let merged = |k: &quay_sdk::models::ServiceKey| {
        k.name == name
            && k.metadata.get("extra").and_then(serde_json::Value::as_str) == Some("yes")
            && k.metadata
                .get("purpose")
                .and_then(serde_json::Value::as_str)
                == Some("conformance")
    };
    ensure(
        merged(&updated),
        format!("expected the new name and merged metadata, got {updated:?}"),
    )?;
    let key = keys.get(&created.kid).await?;
    ensure(merged(&key), format!("the change was not stored: {key:?}"))
}

async fn update_key_expiration(t: &Target) -> CaseResult {
    let created = new_key(t, Some((unix_now() + 86_400.0).floor()), "").await?;
    let keys = t.admin.superuser().service_keys();
    let key = keys
        .update(&created.kid, &PutServiceKey::new().never_expires())
        .await?;
    ensure(
        key.expiration_date.is_none(),
        format!(
            "expiration null did not remove the expiry: {:?}",
            key.expiration_date
        ),
    )?;
    let key = keys
        .update(
            &created.kid,
            &PutServiceKey::new().expiration((unix_now() + 2.0 * 86_400.0).floor()),
        )
        .await?;
    ensure(key.expiration_date.is_some(), "a new expiry was not set")?;
    let key = keys.get(&created.kid).await?;
    ensure(
        key.expiration_date.is_some(),
        "the new expiry was not stored",
    )
}

async fn update_key_bad(t: &Target, change: PutServiceKey, text: &str) -> CaseResult {
    let created = new_key(t, None, "").await?;
    expect_error(
        t.admin
            .superuser()
            .service_keys()
            .update(&created.kid, &change)
            .await,
        400,
        text,
    )
}

async fn update_key_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let result = client
        .superuser()
        .service_keys()
        .update(&created.kid, &PutServiceKey::new().name("taken over"))
        .await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.name == created.name,
        "the refused update changed the key",
    )
}

async fn delete_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let keys = t.admin.superuser().service_keys();
    keys.delete(&created.kid).await?;
    t.deleted(&Created::ServiceKey(created.kid.clone()));
    expect_status(keys.get(&created.kid).await, 404)?;
    let list = keys.list().await?;
    ensure(
        !list.keys.iter().any(|k| k.kid == created.kid),
        "the deleted key is still listed",
    )
}

async fn delete_key_again(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let keys = t.admin.superuser().service_keys();
    keys.delete(&created.kid).await?;
    t.deleted(&Created::ServiceKey(created.kid.clone()));
    expect_status(keys.delete(&created.kid).await, 404)
}

async fn delete_key_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let result = client.superuser().service_keys().delete(&created.kid).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    t.admin.superuser().service_keys().get(&created.kid).await?;
    Ok(())
}

async fn approve_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "first approval").await?;
    let keys = t.admin.superuser().service_keys();
    keys.approve(
        &created.kid,
        &ApproveServiceKey::new().notes("approved again"),
    )
    .await?;
    let key = keys.get(&created.kid).await?;
    // Idempotent: a key already approved keeps its approval.
    ensure(
        key.approval.as_ref().is_some_and(|a| {
            a.approval_type == ServiceKeyApprovalType::Superuser && a.notes == "first approval"
        }),
        format!("the existing approval changed: {:?}", key.approval),
    )
}

async fn approve_key_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let result = client
        .superuser()
        .service_keys()
        .approve(&created.kid, &ApproveServiceKey::new())
        .await;
    if csrf {
        expect_csrf(result)
    } else {
        expect_status(result, 403)
    }
}

// ---------------------------------------------------------------------------------------------
// Quotas: the same handler under `/superuser/users/...` and `/superuser/organization/...`.

const GIB: u64 = 1024 * 1024 * 1024;

/// Which of the two quota paths a case goes through.
#[derive(Debug, Clone, Copy)]
enum Via {
    /// `/api/v1/superuser/users/{namespace}/quota` (the `...UserQuotaSuperUser` operations).
    Users,
    /// `/api/v1/superuser/organization/{namespace}/quota` (`...OrganizationQuotaSuperUser`).
    Orgs,
}

impl Via {
    /// A namespace of the path's natural kind, created for the case.
    async fn namespace(self, t: &Target) -> Result<String, Failure> {
        match self {
            Via::Users => new_user(t, "qu").await,
            Via::Orgs => new_org(t, "qo").await,
        }
    }

    /// A namespace of the other kind.
    async fn other_namespace(self, t: &Target) -> Result<String, Failure> {
        match self {
            Via::Users => new_org(t, "qo").await,
            Via::Orgs => new_user(t, "qu").await,
        }
    }

    async fn list(self, c: &Client, ns: &str) -> quay_sdk::Result<QuotaViewList> {
        match self {
            Via::Users => c.superuser().user_quota(ns).list().await,
            Via::Orgs => c.superuser().organization_quota(ns).list().await,
        }
    }

    async fn create(
        self,
        c: &Client,
        ns: &str,
        body: &NewNamespaceQuota,
    ) -> quay_sdk::Result<quay_sdk::models::Created> {
        match self {
            Via::Users => c.superuser().user_quota(ns).create(body).await,
            Via::Orgs => c.superuser().organization_quota(ns).create(body).await,
        }
    }

    async fn update(
        self,
        c: &Client,
        ns: &str,
        id: u64,
        body: &UpdateNamespaceQuota,
    ) -> quay_sdk::Result<QuotaView> {
        match self {
            Via::Users => c.superuser().user_quota(ns).update(id, body).await,
            Via::Orgs => c.superuser().organization_quota(ns).update(id, body).await,
        }
    }

    async fn delete(self, c: &Client, ns: &str, id: u64) -> quay_sdk::Result<()> {
        match self {
            Via::Users => c.superuser().user_quota(ns).delete(id).await,
            Via::Orgs => c.superuser().organization_quota(ns).delete(id).await,
        }
    }
}

/// The namespace's only quota, read back through `via`.
async fn only_quota(t: &Target, via: Via, ns: &str) -> Result<QuotaView, Failure> {
    let list = via.list(&t.admin, ns).await?.into_inner();
    match <[QuotaView; 1]>::try_from(list) {
        Ok([q]) => Ok(q),
        Err(list) => Err(fail(format!(
            "expected exactly one quota on {ns}, got {list:?}"
        ))),
    }
}

/// A namespace of the path's kind with a 5 GiB quota; its name and the quota's id.
async fn with_quota(t: &Target, via: Via) -> Result<(String, u64), Failure> {
    let ns = via.namespace(t).await?;
    via.create(&t.admin, &ns, &NewNamespaceQuota::size("5 GiB"))
        .await?;
    let q = only_quota(t, via, &ns).await?;
    let id =
        q.id.ok_or_else(|| fail("a stored quota came back without id"))?;
    Ok((ns, id))
}

fn check_quota(q: &QuotaView, bytes: u64, human: &str) -> CaseResult {
    ensure(
        q.limit_bytes == bytes && q.limit == human && !q.default_config && q.id.is_some(),
        format!("expected a quota of {bytes} bytes ({human}), got {q:?}"),
    )
}

async fn quota_list_ok(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let q = only_quota(t, via, &ns).await?;
    check_quota(&q, 5 * GIB, "5.0 GiB")?;
    ensure(q.id == Some(id), "the quota id changed between two reads")
}

async fn quota_list_empty(t: &Target, via: Via) -> CaseResult {
    let ns = via.namespace(t).await?;
    let list = via.list(&t.admin, &ns).await?;
    ensure(
        list.is_empty(),
        format!("a new namespace has quotas: {list:?}"),
    )
}

async fn quota_list_other_kind(t: &Target, via: Via) -> CaseResult {
    let ns = via.other_namespace(t).await?;
    via.create(&t.admin, &ns, &NewNamespaceQuota::size("5 GiB"))
        .await?;
    let q = only_quota(t, via, &ns).await?;
    check_quota(&q, 5 * GIB, "5.0 GiB")
}

async fn quota_list_unknown(t: &Target, via: Via) -> CaseResult {
    expect_status(via.list(&t.admin, &fresh(t, "ghost")).await, 404)
}

async fn quota_list_as(t: &Target, via: Via, client: &Client, status: u16) -> CaseResult {
    let ns = via.namespace(t).await?;
    expect_status(via.list(client, &ns).await, status)
}

async fn quota_create_ok(t: &Target, via: Via) -> CaseResult {
    let ns = via.namespace(t).await?;
    via.create(&t.admin, &ns, &NewNamespaceQuota::size("5 GiB"))
        .await?;
    let q = only_quota(t, via, &ns).await?;
    check_quota(&q, 5 * GIB, "5.0 GiB")?;
    ensure(q.limits.is_empty(), "a new quota has limits")
}

async fn quota_create_bytes(t: &Target, via: Via) -> CaseResult {
    let ns = via.namespace(t).await?;
    via.create(&t.admin, &ns, &NewNamespaceQuota::bytes(10 * GIB as i64))
        .await?;
    let q = only_quota(t, via, &ns).await?;
    check_quota(&q, 10 * GIB, "10.0 GiB")
}

async fn quota_create_duplicate(t: &Target, via: Via) -> CaseResult {
    let (ns, _) = with_quota(t, via).await?;
    expect_error(
        via.create(&t.admin, &ns, &NewNamespaceQuota::size("1 GiB"))
            .await,
        400,
        "already exists",
    )?;
    check_quota(&only_quota(t, via, &ns).await?, 5 * GIB, "5.0 GiB")
}

async fn quota_create_bad(t: &Target, via: Via, body: NewNamespaceQuota, text: &str) -> CaseResult {
    let ns = via.namespace(t).await?;
    expect_error(via.create(&t.admin, &ns, &body).await, 400, text)?;
    let list = via.list(&t.admin, &ns).await?;
    ensure(list.is_empty(), "a refused quota was stored")
}

/// Quay crashes on an unknown namespace (500, known defect); the intended answer is 404.
fn quota_unknown_namespace<T: std::fmt::Debug>(result: quay_sdk::Result<T>) -> CaseResult {
    expect_any(result, &[404, 500])
}

async fn quota_create_unknown(t: &Target, via: Via) -> CaseResult {
    let ghost = fresh(t, "ghost");
    quota_unknown_namespace(
        via.create(&t.admin, &ghost, &NewNamespaceQuota::size("1 GiB"))
            .await,
    )
}

async fn quota_create_refused(t: &Target, via: Via, client: &Client, csrf: bool) -> CaseResult {
    let ns = via.namespace(t).await?;
    let result = via
        .create(client, &ns, &NewNamespaceQuota::size("1 GiB"))
        .await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    let list = via.list(&t.admin, &ns).await?;
    ensure(list.is_empty(), "a refused quota was stored")
}

async fn quota_change_ok(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let q = via
        .update(
            &t.admin,
            &ns,
            id,
            &UpdateNamespaceQuota::bytes(20 * GIB as i64),
        )
        .await?;
    check_quota(&q, 20 * GIB, "20.0 GiB")?;
    ensure(q.id == Some(id), "the quota id changed")?;
    check_quota(&only_quota(t, via, &ns).await?, 20 * GIB, "20.0 GiB")
}

async fn quota_change_size(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let q = via
        .update(&t.admin, &ns, id, &UpdateNamespaceQuota::size("10 GiB"))
        .await?;
    check_quota(&q, 10 * GIB, "10.0 GiB")?;
    check_quota(&only_quota(t, via, &ns).await?, 10 * GIB, "10.0 GiB")
}

async fn quota_change_unchanged(t: &Target, via: Via, body: UpdateNamespaceQuota) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let q = via.update(&t.admin, &ns, id, &body).await?;
    check_quota(&q, 5 * GIB, "5.0 GiB")?;
    check_quota(&only_quota(t, via, &ns).await?, 5 * GIB, "5.0 GiB")
}

async fn quota_change_negative(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    expect_error(
        via.update(&t.admin, &ns, id, &UpdateNamespaceQuota::bytes(-1))
            .await,
        400,
        "Invalid quota size limit value",
    )?;
    check_quota(&only_quota(t, via, &ns).await?, 5 * GIB, "5.0 GiB")
}

async fn quota_change_unknown_quota(t: &Target, via: Via) -> CaseResult {
    let (ns, _) = with_quota(t, via).await?;
    expect_status(
        via.update(
            &t.admin,
            &ns,
            999_999_999,
            &UpdateNamespaceQuota::bytes(GIB as i64),
        )
        .await,
        404,
    )
}

async fn quota_change_wrong_namespace(t: &Target, via: Via) -> CaseResult {
    let (_, id) = with_quota(t, via).await?;
    let other = via.namespace(t).await?;
    expect_status(
        via.update(
            &t.admin,
            &other,
            id,
            &UpdateNamespaceQuota::bytes(GIB as i64),
        )
        .await,
        404,
    )
}

async fn quota_change_unknown_namespace(t: &Target, via: Via) -> CaseResult {
    let (_, id) = with_quota(t, via).await?;
    let ghost = fresh(t, "ghost");
    quota_unknown_namespace(
        via.update(
            &t.admin,
            &ghost,
            id,
            &UpdateNamespaceQuota::bytes(GIB as i64),
        )
        .await,
    )
}

async fn quota_change_refused(t: &Target, via: Via, client: &Client, csrf: bool) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let result = via
        .update(client, &ns, id, &UpdateNamespaceQuota::bytes(GIB as i64))
        .await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    check_quota(&only_quota(t, via, &ns).await?, 5 * GIB, "5.0 GiB")
}

async fn quota_delete_ok(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    via.delete(&t.admin, &ns, id).await?;
    let list = via.list(&t.admin, &ns).await?;
    ensure(
        list.is_empty(),
        format!("the deleted quota is still listed: {list:?}"),
    )
}

async fn quota_delete_again(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    via.delete(&t.admin, &ns, id).await?;
    expect_status(via.delete(&t.admin, &ns, id).await, 404)
}

async fn quota_delete_wrong_namespace(t: &Target, via: Via) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let other = via.namespace(t).await?;
    expect_status(via.delete(&t.admin, &other, id).await, 404)?;
    check_quota(&only_quota(t, via, &ns).await?, 5 * GIB, "5.0 GiB")
}

async fn quota_delete_unknown_namespace(t: &Target, via: Via) -> CaseResult {
    let (_, id) = with_quota(t, via).await?;
    let ghost = fresh(t, "ghost");
    quota_unknown_namespace(via.delete(&t.admin, &ghost, id).await)
}

async fn quota_delete_refused(t: &Target, via: Via, client: &Client, csrf: bool) -> CaseResult {
    let (ns, id) = with_quota(t, via).await?;
    let result = via.delete(client, &ns, id).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    check_quota(&only_quota(t, via, &ns).await?, 5 * GIB, "5.0 GiB")
}

// ---------------------------------------------------------------------------------------------
// Builds and registry size.

fn no_build() -> CaseResult {
    Err(Failure::Skip(
        "no build to read: starting one (requestRepoBuild) is outside the contract, and a build \
         of another namespace is not the run's to use"
            .into(),
    ))
}

async fn registry_size_ok(t: &Target) -> CaseResult {
    let size = t.admin.superuser().registry_size().get().await?;
    ensure(
        size.size_bytes.get() < u64::MAX,
        format!("negative size_bytes {}", size.size_bytes),
    )?;
    ensure(
        size.last_ran.is_none_or(|ms| ms > 1_000_000_000_000),
        format!("last_ran {:?} is not in epoch milliseconds", size.last_ran),
    )
}

async fn registry_size_queue_ok(t: &Target) -> CaseResult {
    let size = t.admin.superuser().registry_size();
    // 201 (queued now) and 202 (already queued or running) are both success; the SDK maps them.
    size.queue().await?;
    let after = size.get().await?;
    ensure(
        after.queued || after.running || after.last_ran.is_some(),
        format!("after queueing, the calculation is neither queued, running nor done: {after:?}"),
    )
}

// ---------------------------------------------------------------------------------------------
// The cases.

macro_rules! quota_cases {
    ($via:expr, $list:literal, $create:literal, $change:literal, $delete:literal) => {
        vec![
            case!($list, "ok", needs: QUOTA, |t| quota_list_ok(t, $via).await),
            case!($list, "empty", needs: QUOTA, |t| quota_list_empty(t, $via).await),
            case!($list, "other_kind", needs: QUOTA, |t| quota_list_other_kind(t, $via).await),
            case!($list, "unknown", needs: QUOTA, |t| quota_list_unknown(t, $via).await),
            case!($list, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_list_as(t, $via, user, 403).await
            }),
            case!($list, "anonymous", needs: QUOTA, |t| {
                quota_list_as(t, $via, &t.anonymous, 401).await
            }),
            case!($list, "bad_token", needs: QUOTA, |t| {
                quota_list_as(t, $via, &t.bad_token, 401).await
            }),
            case!($create, "ok", needs: QUOTA, |t| quota_create_ok(t, $via).await),
            case!($create, "bytes", needs: QUOTA, |t| quota_create_bytes(t, $via).await),
            case!($create, "duplicate", needs: QUOTA, |t| quota_create_duplicate(t, $via).await),
            case!($create, "zero", needs: QUOTA, |t| {
                quota_create_bad(t, $via, NewNamespaceQuota::bytes(0), "Invalid quota size limit value").await
            }),
            case!($create, "bad_size", needs: QUOTA, |t| {
                quota_create_bad(t, $via, NewNamespaceQuota::size("5 XB"), "does not match").await
            }),
            case!($create, "unknown_namespace", needs: QUOTA, |t| quota_create_unknown(t, $via).await),
            case!($create, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_create_refused(t, $via, user, false).await
            }),
            case!($create, "anonymous", needs: QUOTA, |t| {
                quota_create_refused(t, $via, &t.anonymous, true).await
            }),
            case!($create, "bad_token", needs: QUOTA, |t| {
                quota_create_refused(t, $via, &t.bad_token, true).await
            }),
            case!($change, "ok", needs: QUOTA, |t| quota_change_ok(t, $via).await),
            case!($change, "size", needs: QUOTA, |t| quota_change_size(t, $via).await),
            case!($change, "no_change", needs: QUOTA, |t| {
                quota_change_unchanged(t, $via, UpdateNamespaceQuota::no_change()).await
            }),
            case!($change, "zero", needs: QUOTA, |t| {
                quota_change_unchanged(t, $via, UpdateNamespaceQuota::bytes(0)).await
            }),
            case!($change, "negative", needs: QUOTA, |t| quota_change_negative(t, $via).await),
            case!($change, "unknown_quota", needs: QUOTA, |t| {
                quota_change_unknown_quota(t, $via).await
            }),
            case!($change, "wrong_namespace", needs: QUOTA, |t| {
                quota_change_wrong_namespace(t, $via).await
            }),
            case!($change, "unknown_namespace", needs: QUOTA, |t| {
                quota_change_unknown_namespace(t, $via).await
            }),
            case!($change, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_change_refused(t, $via, user, false).await
            }),
            case!($change, "anonymous", needs: QUOTA, |t| {
                quota_change_refused(t, $via, &t.anonymous, true).await
            }),
            case!($change, "bad_token", needs: QUOTA, |t| {
                quota_change_refused(t, $via, &t.bad_token, true).await
            }),
            case!($delete, "ok", needs: QUOTA, |t| quota_delete_ok(t, $via).await),
            case!($delete, "again", needs: QUOTA, |t| quota_delete_again(t, $via).await),
            case!($delete, "wrong_namespace", needs: QUOTA, |t| {
                quota_delete_wrong_namespace(t, $via).await
            }),
            case!($delete, "unknown_namespace", needs: QUOTA, |t| {
                quota_delete_unknown_namespace(t, $via).await
            }),
            case!($delete, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_delete_refused(t, $via, user, false).await
            }),
            case!($delete, "anonymous", needs: QUOTA, |t| {
                quota_delete_refused(t, $via, &t.anonymous, true).await
            }),
            case!($delete, "bad_token", needs: QUOTA, |t| {
                quota_delete_refused(t, $via, &t.bad_token, true).await
            }),
        ]
    };
}

/// The cases of the `superuser` tag.
pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        // listAllUsers
        case!("listAllUsers", "ok", needs: SU, |t| list_users_ok(t).await),
        case!("listAllUsers", "paged", needs: SU, |t| list_users_paged(t).await),
        case!("listAllUsers", "enabled_only", needs: SU, |t| list_users_enabled_only(t).await),
        case!("listAllUsers", "limit_too_big", needs: SU, |t| expect_error(
            t.admin
                .superuser()
                .users()
                .list().limit(101)
                .await,
            400,
            "Page limit cannot be above 100"
        )),
        case!("listAllUsers", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().users().list().await, 403)
        }),
        case!("listAllUsers", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().users().list().await,
            401
        )),
        case!("listAllUsers", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().users().list().await,
            401
        )),
        // createInstallUser
        case!("createInstallUser", "ok", needs: SU, |t| create_user_ok(t).await),
        case!("createInstallUser", "duplicate", needs: SU, |t| create_user_duplicate(t).await),
        case!("createInstallUser", "org_name", needs: SU, |t| create_user_org_name(t).await),
        case!("createInstallUser", "invalid_name", needs: SU, |t| create_user_invalid_name(t).await),
        case!("createInstallUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            create_user_as(t, user, false).await
        }),
        case!("createInstallUser", "anonymous", needs: SU, |t| create_user_as(t, &t.anonymous, true).await),
        case!("createInstallUser", "bad_token", needs: SU, |t| create_user_as(t, &t.bad_token, true).await),
        // deleteInstallUser
        case!("deleteInstallUser", "ok", needs: SU, |t| delete_user_ok(t).await),
        case!("deleteInstallUser", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().users().delete(fresh(t, "ghost")).await,
            404
        )),
        case!("deleteInstallUser", "organization", needs: SU, |t| delete_user_organization(t).await),
        case!("deleteInstallUser", "robot", needs: SU, |t| delete_user_robot(t).await),
        case!("deleteInstallUser", "not_admin", needs: SU_USER, |t| delete_user_not_admin(t).await),
        case!("deleteInstallUser", "anonymous", needs: SU, |t| delete_user_csrf(t, &t.anonymous).await),
        case!("deleteInstallUser", "bad_token", needs: SU, |t| delete_user_csrf(t, &t.bad_token).await),
        // listAllLogs
        case!("listAllLogs", "ok", needs: SU, |t| logs_ok(t).await),
        case!("listAllLogs", "range", needs: SU, |t| logs_range(t).await),
        case!("listAllLogs", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().logs().await, 403)
        }),
        case!("listAllLogs", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().logs().await,
            401
        )),
        case!("listAllLogs", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().logs().await,
            401
        )),
        // listAllOrganizations
        case!("listAllOrganizations", "ok", needs: SU, |t| list_orgs_ok(t).await),
        case!("listAllOrganizations", "paged", needs: SU, |t| list_orgs_paged(t).await),
        case!("listAllOrganizations", "limit_too_big", needs: SU, |t| expect_error(
            t.admin
                .superuser()
                .organizations()
                .list().limit(101)
                .await,
            400,
            "Page limit cannot be above 100"
        )),
        case!("listAllOrganizations", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(
                user.superuser().organizations().list().await,
                403,
            )
        }),
        case!("listAllOrganizations", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().organizations().list().await,
            401
        )),
        case!("listAllOrganizations", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().organizations().list().await,
            401
        )),
        // changeOrganization
        case!("changeOrganization", "ok", needs: SU, |t| rename_org_ok(t).await),
        case!("changeOrganization", "invalid_name", needs: SU, |t| rename_org_invalid(t).await),
        case!("changeOrganization", "unknown", needs: SU, |t| rename_org_unknown(t).await),
        case!("changeOrganization", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            rename_org_refused(t, user, false).await
        }),
        case!("changeOrganization", "anonymous", needs: SU, |t| rename_org_refused(t, &t.anonymous, true).await),
        case!("changeOrganization", "bad_token", needs: SU, |t| rename_org_refused(t, &t.bad_token, true).await),
        // deleteOrganization
        case!("deleteOrganization", "ok", needs: SU, |t| delete_org_ok(t).await),
        case!("deleteOrganization", "again", needs: SU, |t| delete_org_again(t).await),
        case!("deleteOrganization", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().organizations().delete(fresh(t, "ghost")).await,
            404
        )),
        case!("deleteOrganization", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            delete_org_refused(t, user, false).await
        }),
        case!("deleteOrganization", "anonymous", needs: SU, |t| delete_org_refused(t, &t.anonymous, true).await),
        case!("deleteOrganization", "bad_token", needs: SU, |t| delete_org_refused(t, &t.bad_token, true).await),
        // createServiceKey
        case!("createServiceKey", "ok", needs: SU, |t| create_key_ok(t).await),
        case!("createServiceKey", "never_expires", needs: SU, |t| create_key_never_expires(t).await),
        case!("createServiceKey", "past_expiration", needs: SU, |t| create_key_bad(
            t,
            CreateServiceKey::new(fresh_service(t)).expiration(1000.0),
            "Expiration date cannot be in the past",
        ).await),
        case!("createServiceKey", "bad_name", needs: SU, |t| create_key_bad(
            t,
            CreateServiceKey::new(fresh_service(t)).name("bad!name"),
            "Invalid service key friendly name",
        ).await),
        case!("createServiceKey", "bad_service", needs: SU, |t| create_key_bad(
            t,
            CreateServiceKey::new(format!("{}-Bad-Service", t.prefix)),
            "",
        ).await),
        case!("createServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            create_key_as(t, user, false).await
        }),
        case!("createServiceKey", "anonymous", needs: SU, |t| create_key_as(t, &t.anonymous, true).await),
        case!("createServiceKey", "bad_token", needs: SU, |t| create_key_as(t, &t.bad_token, true).await),
        // listServiceKeys
        case!("listServiceKeys", "ok", needs: SU, |t| list_keys_ok(t).await),
        case!("listServiceKeys", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().service_keys().list().await, 403)
        }),
        case!("listServiceKeys", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().service_keys().list().await,
            401
        )),
        case!("listServiceKeys", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().service_keys().list().await,
            401
        )),
        // getServiceKey
        case!("getServiceKey", "ok", needs: SU, |t| get_key_ok(t).await),
        case!("getServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().service_keys().get(fresh(t, "nosuchkid")).await,
            404
        )),
        case!("getServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            let key = new_key(t, None, "").await?;
            expect_status(user.superuser().service_keys().get(&key.kid).await, 403)
        }),
        case!("getServiceKey", "anonymous", needs: SU, |t| {
            let key = new_key(t, None, "").await?;
            expect_status(t.anonymous.superuser().service_keys().get(&key.kid).await, 401)
        }),
        case!("getServiceKey", "bad_token", needs: SU, |t| {
            let key = new_key(t, None, "").await?;
            expect_status(t.bad_token.superuser().service_keys().get(&key.kid).await, 401)
        }),
        // updateServiceKey
        case!("updateServiceKey", "ok", needs: SU, |t| update_key_ok(t).await),
        case!("updateServiceKey", "expiration", needs: SU, |t| update_key_expiration(t).await),
        case!("updateServiceKey", "past_expiration", needs: SU, |t| update_key_bad(
            t,
            PutServiceKey::new().expiration(1000.0),
            "Cannot have an expiration date in the past",
        ).await),
        case!("updateServiceKey", "bad_name", needs: SU, |t| update_key_bad(
            t,
            PutServiceKey::new().name("bad!name"),
            "Invalid service key friendly name",
        ).await),
        case!("updateServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin
                .superuser()
                .service_keys()
                .update(fresh(t, "nosuchkid"), &PutServiceKey::new().name("x"))
                .await,
            404
        )),
        case!("updateServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            update_key_refused(t, user, false).await
        }),
        case!("updateServiceKey", "anonymous", needs: SU, |t| update_key_refused(t, &t.anonymous, true).await),
        case!("updateServiceKey", "bad_token", needs: SU, |t| update_key_refused(t, &t.bad_token, true).await),
        // deleteServiceKey
        case!("deleteServiceKey", "ok", needs: SU, |t| delete_key_ok(t).await),
        case!("deleteServiceKey", "again", needs: SU, |t| delete_key_again(t).await),
        case!("deleteServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().service_keys().delete(fresh(t, "nosuchkid")).await,
            404
        )),
        case!("deleteServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            delete_key_refused(t, user, false).await
        }),
        case!("deleteServiceKey", "anonymous", needs: SU, |t| delete_key_refused(t, &t.anonymous, true).await),
        case!("deleteServiceKey", "bad_token", needs: SU, |t| delete_key_refused(t, &t.bad_token, true).await),
        // approveServiceKey
        case!("approveServiceKey", "ok", needs: SU, |t| approve_key_ok(t).await),
        case!("approveServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().service_keys().approve(fresh(t, "nosuchkid"), &ApproveServiceKey::new()).await,
            404
        )),
        case!("approveServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            approve_key_refused(t, user, false).await
        }),
        case!("approveServiceKey", "anonymous", needs: SU, |t| approve_key_refused(t, &t.anonymous, true).await),
        case!("approveServiceKey", "bad_token", needs: SU, |t| approve_key_refused(t, &t.bad_token, true).await),
    ];
    cases.extend(quota_cases!(
        Via::Users,
        "listUserQuotaSuperUser",
        "createUserQuotaSuperUser",
        "changeUserQuotaSuperUser",
        "deleteUserQuotaSuperUser"
    ));
    cases.extend(quota_cases!(
        Via::Orgs,
        "listOrganizationQuotaSuperUser",
        "createOrganizationQuotaSuperUser",
        "changeOrganizationQuotaSuperUser",
        "deleteOrganizationQuotaSuperUser"
    ));
    cases.extend(vec![
        // getRepoBuildStatusSuperUser: an unknown build is a 400 `invalid_response`, not a 404.
        case!("getRepoBuildStatusSuperUser", "ok", needs: SU, |_t| no_build()),
        case!("getRepoBuildStatusSuperUser", "unknown", needs: SU, |t| expect_type(
            t.admin.superuser().build(random_uuid()).status().await,
            400,
            ApiErrorType::InvalidResponse
        )),
        case!("getRepoBuildStatusSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().build(random_uuid()).status().await, 403)
        }),
        case!("getRepoBuildStatusSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().build(random_uuid()).status().await,
            401
        )),
        case!("getRepoBuildStatusSuperUser", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().build(random_uuid()).status().await,
            401
        )),
        // getRepoBuildSuperUser: an unknown build is a 404.
        case!("getRepoBuildSuperUser", "ok", needs: SU, |_t| no_build()),
        case!("getRepoBuildSuperUser", "unknown", needs: SU, |t| expect_type(
            t.admin.superuser().build(random_uuid()).get().await,
            404,
            ApiErrorType::NotFound
        )),
        case!("getRepoBuildSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().build(random_uuid()).get().await, 403)
        }),
        case!("getRepoBuildSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().build(random_uuid()).get().await,
            401
        )),
        case!("getRepoBuildSuperUser", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().build(random_uuid()).get().await,
            401
        )),
        // getRepoBuildLogsSuperUser: an unknown build is a 400 `invalid_response`.
        case!("getRepoBuildLogsSuperUser", "ok", needs: SU, |_t| no_build()),
        case!("getRepoBuildLogsSuperUser", "unknown", needs: SU, |t| expect_type(
            t.admin.superuser().build(random_uuid()).logs().await,
            400,
            ApiErrorType::InvalidResponse
        )),
        case!("getRepoBuildLogsSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().build(random_uuid()).logs().await, 403)
        }),
        case!("getRepoBuildLogsSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().build(random_uuid()).logs().await,
            401
        )),
        case!("getRepoBuildLogsSuperUser", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().build(random_uuid()).logs().await,
            401
        )),
        // getRegistrySize
        case!("getRegistrySize", "ok", needs: SU, |t| registry_size_ok(t).await),
        case!("getRegistrySize", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().registry_size().get().await, 403)
        }),
        case!("getRegistrySize", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().registry_size().get().await,
            401
        )),
        case!("getRegistrySize", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().registry_size().get().await,
            401
        )),
        // queueRegistrySizeCalculation
        case!("queueRegistrySizeCalculation", "ok", needs: SU, |t| registry_size_queue_ok(t).await),
        case!("queueRegistrySizeCalculation", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().registry_size().queue().await, 403)
        }),
        case!("queueRegistrySizeCalculation", "anonymous", needs: SU, |t| expect_csrf(
            t.anonymous.superuser().registry_size().queue().await
        )),
        case!("queueRegistrySizeCalculation", "bad_token", needs: SU, |t| expect_csrf(
            t.bad_token.superuser().registry_size().queue().await
        )),
    ]);
    cases
}
