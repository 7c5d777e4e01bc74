//! The `mirror` tag: a repository's mirror configuration and its syncs. Every case works in an
//! organization it creates (`<prefix>mr<n>`, the admin its owner) with a repository `web` and
//! a robot `bot`; the upstream is the one of the proxy-cache cases (the target itself unless
//! `--proxy-upstream` says otherwise), which nothing syncs from: no case waits for a worker.
//! Quay has no way to delete a mirror configuration; deleting the organization removes it.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::models::{
    CreateRobot, NewOrg, NewRepo, NewRepoMirrorConfig, RepoMirrorConfigChanges,
    RepoMirrorRegistryConfig, RepoMirrorRule, RepoMirrorStatus, RepositoryRole, RepositoryState,
    RepositoryVisibility, Timestamp,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};

pub(crate) const MIRROR: Needs = Needs {
    user: false,
    features: &[Feature::RepoMirror],
};
pub(crate) const MIRROR_USER: Needs = Needs {
    user: true,
    features: &[Feature::RepoMirror],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// An organization with the repository `web` and the robot `bot`; `org/web`.
pub(crate) async fn org_with_repo(t: &Target) -> Result<String, Failure> {
    let org = t.name(&format!("mr{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    t.admin
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&org))
        .await?;
    t.admin
        .organization(&org)
        .robot("bot")
        .create(&CreateRobot::new())
        .await?;
    Ok(format!("{org}/web"))
}

/// A configuration of `repo` (`org/web`) mirroring tags `v*` from the run's upstream.
pub(crate) fn config(t: &Target, repo: &str) -> NewRepoMirrorConfig {
    let org = repo.split('/').next().unwrap_or_default();
    NewRepoMirrorConfig::new(
        format!("{}/{}/upstream", t.proxy_upstream.host, t.prefix),
        Timestamp::whole_seconds(quay_sdk::chrono::Utc::now()),
        3600,
        format!("{org}+bot"),
        RepoMirrorRule::tags(["v*"]),
        300,
    )
    .external_registry_username("mirror")
    .external_registry_password("not-a-real-password")
    .external_registry_config(RepoMirrorRegistryConfig::new().verify_tls(false))
}

/// A repository with a mirror configuration; `org/web`.
pub(crate) async fn mirrored(t: &Target) -> Result<String, Failure> {
    let repo = org_with_repo(t).await?;
    t.admin
        .repository(repo.as_str())?
        .mirror()
        .create(&config(t, &repo))
        .await?;
    Ok(repo)
}

async fn create_ok(t: &Target) -> CaseResult {
    let repo = mirrored(t).await?;
    let handle = t.admin.repository(repo.as_str())?;
    let shown = handle.mirror().get().await?;
    ensure(
        shown.is_enabled
            && shown.sync_status == RepoMirrorStatus::NeverRun
            && shown.sync_retries_remaining == 3
            && shown.external_registry_username.as_deref() == Some("mirror")
            && shown.root_rule.rule_value == ["v*"],
        format!("unexpected new configuration {shown:?}"),
    )?;
    let state = handle.get().await?.state;
    ensure(
        state == RepositoryState::Mirror,
        format!("the repository is {state:?}, not MIRROR"),
    )?;
    let org = repo.split('/').next().unwrap_or_default();
    let robot = handle
        .permissions()
        .get_user(format!("{org}+bot"))
        .await?
        .role;
    ensure(
        robot == RepositoryRole::Write,
        format!("the robot has {robot:?}, not write"),
    )
}

async fn create_duplicate(t: &Target) -> CaseResult {
    let repo = mirrored(t).await?;
    expect_error(
        t.admin
            .repository(repo.as_str())?
            .mirror()
            .create(&config(t, &repo))
            .await,
        409,
        "already exits",
    )
}

/// A refused configuration leaves the repository unmirrored.
async fn create_refused(
    t: &Target,
    change: impl FnOnce(NewRepoMirrorConfig, &str) -> NewRepoMirrorConfig,
    text: &str,
) -> CaseResult {
    let repo = org_with_repo(t).await?;
    let mirror = t.admin.repository(repo.as_str())?.mirror();
    let org = repo.split('/').next().unwrap_or_default().to_string();
    expect_error(
        mirror.create(&change(config(t, &repo), &org)).await,
        400,
        text,
    )?;
    expect_status(mirror.get().await, 404)
}

async fn update_ok(t: &Target) -> CaseResult {
    let repo = mirrored(t).await?;
    let handle = t.admin.repository(repo.as_str())?;
    handle
        .mirror()
        .update(
            &RepoMirrorConfigChanges::new()
                .is_enabled(false)
                .sync_interval(7200)
                .root_rule(RepoMirrorRule::tags(["v*", "latest"])),
        )
        .await?;
    let shown = handle.mirror().get().await?;
    ensure(
        !shown.is_enabled
            && shown.sync_interval == 7200
            && shown.root_rule.rule_value == ["v*", "latest"],
        format!("the change did not stick: {shown:?}"),
    )?;
    let state = handle.get().await?.state;
    ensure(
        state == RepositoryState::Mirror,
        format!("a disabled mirror left the MIRROR state: {state:?}"),
    )
}

async fn update_refused(t: &Target, changes: RepoMirrorConfigChanges, text: &str) -> CaseResult {
    let repo = mirrored(t).await?;
    let mirror = t.admin.repository(repo.as_str())?.mirror();
    expect_error(mirror.update(&changes).await, 400, text)?;
    let shown = mirror.get().await?;
    ensure(
        shown.is_enabled && shown.sync_interval == 3600,
        format!("a refused change was stored: {shown:?}"),
    )
}

async fn sync_now_ok(t: &Target) -> CaseResult {
    let repo = mirrored(t).await?;
    let mirror = t.admin.repository(repo.as_str())?.mirror();
    mirror.sync_now().await?;
    let status = mirror.get().await?.sync_status;
    ensure(
        // A worker may have picked the request up already.
        matches!(
            status,
            RepoMirrorStatus::SyncNow
                | RepoMirrorStatus::Syncing
                | RepoMirrorStatus::Fail
                | RepoMirrorStatus::Success
        ),
        format!("after syncNow the status is {status:?}"),
    )
}

async fn sync_cancel_ok(t: &Target) -> CaseResult {
    let repo = mirrored(t).await?;
    let mirror = t.admin.repository(repo.as_str())?.mirror();
    mirror.sync_now().await?;
    mirror.sync_cancel().await?;
    let shown = mirror.get().await?;
    ensure(
        shown.sync_status == RepoMirrorStatus::Cancel && shown.sync_retries_remaining == 0,
        format!("after syncCancel: {shown:?}"),
    )?;
    // Nothing left to cancel.
    expect_status(mirror.sync_cancel().await, 404)
}

/// A write of `who` on a mirrored repository of the admin's: 403 for a signed-in user, the
/// CSRF refusal without a valid token (`csrf`); the configuration stays as it was.
async fn refused<T: std::fmt::Debug, F, Fut>(
    t: &Target,
    who: &Client,
    csrf: bool,
    call: F,
) -> CaseResult
where
    F: FnOnce(quay_sdk::api::RepoMirrorHandler) -> Fut,
    Fut: std::future::Future<Output = quay_sdk::Result<T>>,
{
    let repo = mirrored(t).await?;
    let result = call(who.repository(repo.as_str())?.mirror()).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    let shown = t.admin.repository(repo.as_str())?.mirror().get().await?;
    ensure(
        shown.is_enabled && shown.sync_status == RepoMirrorStatus::NeverRun,
        format!("a refused write changed the configuration: {shown:?}"),
    )
}

/// A repository of a fresh organization that has none (the admin administers the namespace).
async fn no_repository(t: &Target) -> Result<quay_sdk::api::RepoMirrorHandler, Failure> {
    let repo = org_with_repo(t).await?;
    let org = repo.split('/').next().unwrap_or_default();
    Ok(t.admin.repository(format!("{org}/nothing"))?.mirror())
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getRepoMirrorConfig", "ok", needs: MIRROR, |t| create_ok(t).await),
        case!("getRepoMirrorConfig", "none_yet", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            expect_status(t.admin.repository(repo.as_str())?.mirror().get().await, 404)
        }),
        case!("getRepoMirrorConfig", "unknown_repo", needs: MIRROR, |t| expect_status(
            no_repository(t).await?.get().await,
            404
        )),
        case!("getRepoMirrorConfig", "user2", needs: MIRROR_USER, |t| {
            let repo = mirrored(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.repository(repo.as_str())?.mirror().get().await, 403)
        }),
        case!("getRepoMirrorConfig", "anonymous", needs: MIRROR, |t| {
            let repo = mirrored(t).await?;
            expect_status(t.anonymous.repository(repo.as_str())?.mirror().get().await, 401)
        }),
        case!("createRepoMirrorConfig", "ok", needs: MIRROR, |t| create_ok(t).await),
        case!("createRepoMirrorConfig", "duplicate", needs: MIRROR, |t| create_duplicate(t).await),
        case!("createRepoMirrorConfig", "bad_date", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            let mirror = t.admin.repository(repo.as_str())?.mirror();
            // A fraction of a second is refused: Quay takes YYYY-MM-DDTHH:MM:SSZ only.
            let mut body = config(t, &repo);
            body.sync_start_date = Timestamp::from(
                quay_sdk::chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00.5Z")
                    .map_err(|e| Failure::Fail(e.to_string()))?
                    .with_timezone(&quay_sdk::chrono::Utc),
            );
            expect_error(mirror.create(&body).await, 400, "Incorrect DateTime format")
        }),
        case!("createRepoMirrorConfig", "unknown_robot", needs: MIRROR, |t| create_refused(
            t,
            |mut c, org| {
                c.robot_username = format!("{org}+nobody");
                c
            },
            "Could not find robot with specified username",
        )
        .await),
        case!("createRepoMirrorConfig", "empty_rule", needs: MIRROR, |t| create_refused(
            t,
            |mut c, _| {
                c.root_rule = RepoMirrorRule::tags(Vec::<String>::new());
                c
            },
            "must be a list with at least one rule",
        )
        .await),
        case!("createRepoMirrorConfig", "scheme", needs: MIRROR, |t| create_refused(
            t,
            |mut c, _| {
                c.external_reference = "https://quay.io/a/b".into();
                c
            },
            "must not include a URL scheme",
        )
        .await),
        case!("createRepoMirrorConfig", "ssrf", needs: MIRROR, |t| create_refused(
            t,
            |mut c, _| {
                c.external_reference = "169.254.169.254/latest/meta".into();
                c
            },
            "The provided registry location is not allowed",
        )
        .await),
        case!("createRepoMirrorConfig", "unknown_repo", needs: MIRROR, |t| expect_status(
            no_repository(t).await?.create(&config(t, "x/nothing")).await,
            404
        )),
        case!("createRepoMirrorConfig", "user2", needs: MIRROR_USER, |t| {
            let repo = org_with_repo(t).await?;
            let (user, _) = t.second_user()?;
            let body = config(t, &repo);
            expect_status(user.repository(repo.as_str())?.mirror().create(&body).await, 403)
        }),
        case!("createRepoMirrorConfig", "anonymous", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            let body = config(t, &repo);
            expect_csrf(t.anonymous.repository(repo.as_str())?.mirror().create(&body).await)
        }),
        case!("changeRepoMirrorConfig", "ok", needs: MIRROR, |t| update_ok(t).await),
        case!("changeRepoMirrorConfig", "bad_date", needs: MIRROR, |t| {
            let at = quay_sdk::chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00.5Z")
                .map_err(|e| Failure::Fail(e.to_string()))?
                .with_timezone(&quay_sdk::chrono::Utc);
            update_refused(
                t,
                RepoMirrorConfigChanges::new().is_enabled(false).sync_start_date(at),
                "Incorrect DateTime format for sync_start_date.",
            )
            .await
        }),
        case!("changeRepoMirrorConfig", "password_alone", needs: MIRROR, |t| update_refused(
            t,
            RepoMirrorConfigChanges::new().external_registry_password("x"),
            "Unable to set a new password without also specifying a username.",
        )
        .await),
        case!("changeRepoMirrorConfig", "no_mirror", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            let changes = RepoMirrorConfigChanges::new().is_enabled(false);
            expect_status(t.admin.repository(repo.as_str())?.mirror().update(&changes).await, 404)
        }),
        case!("changeRepoMirrorConfig", "user2", needs: MIRROR_USER, |t| {
            let (user, _) = t.second_user()?;
            let changes = RepoMirrorConfigChanges::new().is_enabled(false);
            refused(t, user, false, |m| async move { m.update(&changes).await }).await
        }),
        case!("changeRepoMirrorConfig", "anonymous", needs: MIRROR, |t| {
            let changes = RepoMirrorConfigChanges::new().is_enabled(false);
            refused(t, &t.anonymous, true, |m| async move { m.update(&changes).await }).await
        }),
        case!("syncNow", "ok", needs: MIRROR, |t| sync_now_ok(t).await),
        case!("syncNow", "no_mirror", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            expect_status(t.admin.repository(repo.as_str())?.mirror().sync_now().await, 404)
        }),
        case!("syncNow", "unknown_repo", needs: MIRROR, |t| expect_status(
            no_repository(t).await?.sync_now().await,
            404
        )),
        case!("syncNow", "user2", needs: MIRROR_USER, |t| {
            let (user, _) = t.second_user()?;
            refused(t, user, false, |m| async move { m.sync_now().await }).await
        }),
        case!("syncNow", "anonymous", needs: MIRROR, |t| refused(t, &t.anonymous, true, |m| async move {
            m.sync_now().await
        })
        .await),
        case!("syncCancel", "ok", needs: MIRROR, |t| sync_cancel_ok(t).await),
        case!("syncCancel", "nothing_to_cancel", needs: MIRROR, |t| {
            let repo = mirrored(t).await?;
            expect_status(t.admin.repository(repo.as_str())?.mirror().sync_cancel().await, 404)
        }),
        case!("syncCancel", "user2", needs: MIRROR_USER, |t| {
            let (user, _) = t.second_user()?;
            refused(t, user, false, |m| async move { m.sync_cancel().await }).await
        }),
        case!("syncCancel", "bad_token", needs: MIRROR, |t| refused(t, &t.bad_token, true, |m| async move {
            m.sync_cancel().await
        })
        .await),
    ]
}
