//! The `org_mirror` tag: an organization mirroring a source namespace. Every case works in an
//! empty organization it creates (`<prefix>om<n>`, the admin its owner, with a robot `bot`);
//! the source is the run's upstream (the target itself unless `--proxy-upstream` says
//! otherwise), namespace the admin's own, which nothing syncs from: no case waits for a
//! worker. Deleting the organization removes the configuration.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{
    CreateRobot, NewOrg, NewOrgMirrorConfig, NewRepo, OrgMirrorConfigChanges,
    OrgMirrorRegistryConfig, OrgMirrorRegistryType, OrgMirrorVisibility, RepoMirrorStatus,
    RepositoryVisibility, Timestamp,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};

pub(crate) const ORG_MIRROR: Needs = Needs {
    user: false,
    features: &[Feature::OrgMirror],
};
const ORG_MIRROR_USER: Needs = Needs {
    user: true,
    features: &[Feature::OrgMirror],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// An empty organization with the robot `bot`.
async fn empty_org(t: &Target) -> Result<String, Failure> {
    let org = t.name(&format!("om{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    t.admin
        .organization(&org)
        .robot("bot")
        .create(&CreateRobot::new())
        .await?;
    Ok(org)
}

/// The source: the run's upstream, over HTTP when it is served so.
fn source_url(t: &Target) -> String {
    let scheme = if t.proxy_upstream.insecure {
        "http"
    } else {
        "https"
    };
    format!("{scheme}://{}", t.proxy_upstream.host)
}

fn config(t: &Target, org: &str) -> NewOrgMirrorConfig {
    NewOrgMirrorConfig::new(
        OrgMirrorRegistryType::Quay,
        source_url(t),
        t.admin_name.clone(),
        format!("{org}+bot"),
        OrgMirrorVisibility::Private,
        3600,
        Timestamp::whole_seconds(quay_sdk::chrono::Utc::now()),
    )
    .repository_filters(vec!["app-*".to_string()])
    .external_registry_config(OrgMirrorRegistryConfig::new().verify_tls(false))
}

/// An organization with a mirror configuration.
async fn mirrored(t: &Target) -> Result<String, Failure> {
    let org = empty_org(t).await?;
    t.admin
        .organization(&org)
        .mirror()
        .create(&config(t, &org))
        .await?;
    Ok(org)
}

async fn create_ok(t: &Target) -> CaseResult {
    let org = mirrored(t).await?;
    let shown = t.admin.organization(&org).mirror().get().await?;
    let counts = &shown.repo_sync_status_counts;
    ensure(
        shown.is_enabled
            && shown.sync_status == RepoMirrorStatus::NeverRun
            && !shown.has_external_registry_password
            && shown.robot_username.as_deref() == Some(format!("{org}+bot").as_str())
            && shown.repository_filters == ["app-*"]
            && counts.never_run + counts.success + counts.skip == 0,
        format!("unexpected new configuration {shown:?}"),
    )
}

async fn create_refused(
    t: &Target,
    change: impl FnOnce(NewOrgMirrorConfig, &str) -> NewOrgMirrorConfig,
    text: &str,
) -> CaseResult {
    let org = empty_org(t).await?;
    let mirror = t.admin.organization(&org).mirror();
    expect_error(
        mirror.create(&change(config(t, &org), &org)).await,
        400,
        text,
    )?;
    expect_status(mirror.get().await, 404)
}

async fn update_ok(t: &Target) -> CaseResult {
    let org = mirrored(t).await?;
    let mirror = t.admin.organization(&org).mirror();
    mirror
        .update(
            &OrgMirrorConfigChanges::new()
                .is_enabled(false)
                .sync_interval(7200)
                .repository_filters(vec!["app-*".to_string(), "lib-*".to_string()]),
        )
        .await?;
    let shown = mirror.get().await?;
    ensure(
        !shown.is_enabled && shown.sync_interval == 7200 && shown.repository_filters.len() == 2,
        format!("the change did not stick: {shown:?}"),
    )
}

async fn sync_cancel_ok(t: &Target) -> CaseResult {
    let org = mirrored(t).await?;
    let mirror = t.admin.organization(&org).mirror();
    mirror.sync_cancel().await?;
    let shown = mirror.get().await?;
    ensure(
        shown.sync_status == RepoMirrorStatus::Cancel && shown.sync_retries_remaining == 0,
        format!("after cancel: {shown:?}"),
    )?;
    expect_error(mirror.sync_cancel().await, 400, "already cancelled")
}

async fn verify_ok(t: &Target) -> CaseResult {
    let org = mirrored(t).await?;
    let check = t.admin.organization(&org).mirror().verify().await?;
    if check.success {
        ensure(
            check.message == "Connection successful",
            format!("unexpected message {check:?}"),
        )
    } else {
        Err(Failure::Skip(format!(
            "the source {} did not answer as a Quay: {}",
            source_url(t),
            check.message
        )))
    }
}

/// createRepo in an organization that mirrors: refused (a case of the `repository` area).
pub(crate) async fn guarded_repo(t: &Target) -> CaseResult {
    let org = mirrored(t).await?;
    expect_error(
        t.admin
            .repositories()
            .create(&NewRepo::new("app-new", RepositoryVisibility::Private, "").namespace(&org))
            .await,
        400,
        "organization is managed by organization-level mirroring",
    )
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getOrgMirrorConfig", "ok", needs: ORG_MIRROR, |t| create_ok(t).await),
        case!("getOrgMirrorConfig", "none_yet", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            expect_status(t.admin.organization(&org).mirror().get().await, 404)
        }),
        case!("getOrgMirrorConfig", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).mirror().get().await, 403)
        }),
        case!("getOrgMirrorConfig", "anonymous", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            expect_status(t.anonymous.organization(&org).mirror().get().await, 401)
        }),
        case!("createOrgMirrorConfig", "ok", needs: ORG_MIRROR, |t| create_ok(t).await),
        case!("createOrgMirrorConfig", "duplicate", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            let body = config(t, &org);
            expect_error(
                t.admin.organization(&org).mirror().create(&body).await,
                400,
                "Mirror configuration already exists for this organization",
            )
        }),
        case!("createOrgMirrorConfig", "not_empty", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            t.admin
                .repositories()
                .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&org))
                .await?;
            let body = config(t, &org);
            expect_error(
                t.admin.organization(&org).mirror().create(&body).await,
                400,
                "the organization already contains repositories",
            )
        }),
        case!("createOrgMirrorConfig", "unknown_robot", needs: ORG_MIRROR, |t| create_refused(
            t,
            |mut c, org| {
                c.robot_username = format!("{org}+nobody");
                c
            },
            "Invalid robot account",
        )
        .await),
        case!("createOrgMirrorConfig", "bad_scheme", needs: ORG_MIRROR, |t| create_refused(
            t,
            |mut c, _| {
                c.external_registry_url = "ftp://registry.example".into();
                c
            },
            "Invalid URL scheme 'ftp': only HTTP and HTTPS are allowed",
        )
        .await),
        case!("createOrgMirrorConfig", "ssrf", needs: ORG_MIRROR, |t| create_refused(
            t,
            |mut c, _| {
                c.external_registry_url = "http://169.254.169.254".into();
                c
            },
            "The provided registry URL is not allowed",
        )
        .await),
        case!("createOrgMirrorConfig", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = empty_org(t).await?;
            let (user, _) = t.second_user()?;
            let body = config(t, &org);
            expect_status(user.organization(&org).mirror().create(&body).await, 403)
        }),
        case!("createOrgMirrorConfig", "anonymous", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            let body = config(t, &org);
            expect_csrf(t.anonymous.organization(&org).mirror().create(&body).await)
        }),
        case!("updateOrgMirrorConfig", "ok", needs: ORG_MIRROR, |t| update_ok(t).await),
        case!("updateOrgMirrorConfig", "bad_date", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            let at = quay_sdk::chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00.5Z")
                .map_err(|e| Failure::Fail(e.to_string()))?
                .with_timezone(&quay_sdk::chrono::Utc);
            expect_error(
                t.admin
                    .organization(&org)
                    .mirror()
                    .update(&OrgMirrorConfigChanges::new().sync_start_date(at))
                    .await,
                400,
                "Invalid sync_start_date format",
            )
        }),
        case!("updateOrgMirrorConfig", "no_mirror", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            let changes = OrgMirrorConfigChanges::new().is_enabled(false);
            expect_status(t.admin.organization(&org).mirror().update(&changes).await, 404)
        }),
        case!("updateOrgMirrorConfig", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            let changes = OrgMirrorConfigChanges::new().is_enabled(false);
            expect_status(user.organization(&org).mirror().update(&changes).await, 403)
        }),
        case!("deleteOrgMirrorConfig", "ok", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            let mirror = t.admin.organization(&org).mirror();
            mirror.delete().await?;
            expect_status(mirror.get().await, 404)?;
            expect_status(mirror.delete().await, 404)
        }),
        case!("deleteOrgMirrorConfig", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).mirror().delete().await, 403)?;
            t.admin.organization(&org).mirror().get().await?;
            Ok(())
        }),
        case!("deleteOrgMirrorConfig", "anonymous", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            expect_csrf(t.anonymous.organization(&org).mirror().delete().await)
        }),
        case!("syncOrgMirrorNow", "ok", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            let mirror = t.admin.organization(&org).mirror();
            mirror.sync_now().await?;
            let status = mirror.get().await?.sync_status;
            ensure(
                // A worker may have picked the request up already.
                status != RepoMirrorStatus::NeverRun && status != RepoMirrorStatus::Cancel,
                format!("after sync-now the status is {status:?}"),
            )
        }),
        case!("syncOrgMirrorNow", "no_mirror", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            expect_status(t.admin.organization(&org).mirror().sync_now().await, 404)
        }),
        case!("syncOrgMirrorNow", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).mirror().sync_now().await, 403)
        }),
        case!("syncOrgMirrorNow", "anonymous", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            expect_csrf(t.anonymous.organization(&org).mirror().sync_now().await)
        }),
        case!("cancelOrgMirrorSync", "ok", needs: ORG_MIRROR, |t| sync_cancel_ok(t).await),
        case!("cancelOrgMirrorSync", "no_mirror", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            expect_status(t.admin.organization(&org).mirror().sync_cancel().await, 404)
        }),
        case!("cancelOrgMirrorSync", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).mirror().sync_cancel().await, 403)
        }),
        case!("cancelOrgMirrorSync", "bad_token", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            expect_csrf(t.bad_token.organization(&org).mirror().sync_cancel().await)
        }),
        case!("verifyOrgMirrorConnection", "ok", needs: ORG_MIRROR, |t| verify_ok(t).await),
        case!("verifyOrgMirrorConnection", "no_mirror", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            expect_status(t.admin.organization(&org).mirror().verify().await, 404)
        }),
        case!("verifyOrgMirrorConnection", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).mirror().verify().await, 403)
        }),
        case!("verifyOrgMirrorConnection", "anonymous", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            expect_csrf(t.anonymous.organization(&org).mirror().verify().await)
        }),
        case!("listOrgMirrorRepositories", "ok", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            let list = t.admin.organization(&org).mirror().repositories().await?;
            ensure(
                list.page == 1 && list.limit == 100 && list.total as usize == list.repositories.len(),
                format!("unexpected first page {list:?}"),
            )
        }),
        case!("listOrgMirrorRepositories", "bad_status", needs: ORG_MIRROR, |t| {
            let org = mirrored(t).await?;
            expect_error(
                t.admin.organization(&org).mirror().repositories().status("BOGUS").await,
                400,
                "Invalid status filter 'BOGUS'",
            )
        }),
        case!("listOrgMirrorRepositories", "no_mirror", needs: ORG_MIRROR, |t| {
            let org = empty_org(t).await?;
            expect_status(t.admin.organization(&org).mirror().repositories().await, 404)
        }),
        case!("listOrgMirrorRepositories", "user2", needs: ORG_MIRROR_USER, |t| {
            let org = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).mirror().repositories().await, 403)
        }),
    ]
}
