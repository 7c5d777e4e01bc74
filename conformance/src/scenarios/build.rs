//! The `build` tag: builds of a private repository `web` in an organization each case creates
//! (`<prefix>bd<n>`, the admin its owner), requested from an archive URL Quay never fetches
//! (only a build worker would; none needs to run), read and cancelled. Uploads go through
//! getFiledropUrl to the registry's user-files storage.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{
    BuildLogs, BuildPhase, NewOrg, NewRepo, RepositoryBuild, RepositoryBuildRequest,
    RepositoryVisibility,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_any, expect_csrf,
    expect_error, expect_status,
};

const USER: Needs = Needs {
    user: true,
    features: &[],
};

/// The archive the builds name (never downloaded: no build worker is needed).
pub(crate) const ARCHIVE: &str = "https://example.invalid/conformance/context.tar.gz";
const UNKNOWN: &str = "00000000-0000-0000-0000-000000000000";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A new organization's private repository `web` (`ns/web`).
async fn repository(t: &Target) -> Result<String, Failure> {
    let org = t.name(&format!("bd{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    t.admin
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Private, "built").namespace(&org))
        .await?;
    Ok(format!("{org}/web"))
}

/// A queued build of a new repository: the repository and the build.
pub(crate) async fn queued(t: &Target) -> Result<(String, RepositoryBuild), Failure> {
    let repo = repository(t).await?;
    let build = t
        .admin
        .repository(repo.as_str())?
        .builds()
        .request(
            &RepositoryBuildRequest::new()
                .archive_url(ARCHIVE)
                .docker_tags(["conformance".to_string()]),
        )
        .await?;
    Ok((repo, build))
}

async fn request_ok(t: &Target) -> CaseResult {
    let (repo, build) = queued(t).await?;
    ensure(
        build.phase == BuildPhase::Waiting
            && build.tags == ["conformance"]
            && build.display_name.len() == 7
            && build.display_name.chars().all(|c| c.is_ascii_hexdigit())
            && build.archive_url.as_deref() == Some(ARCHIVE)
            && build.subdirectory == "/Dockerfile"
            && build.context == "/"
            && build.is_writer
            && build.repository.namespace == repo.split('/').next().unwrap_or_default(),
        format!("a waiting build of the archive expected: {build:?}"),
    )
}

async fn list_ok(t: &Target) -> CaseResult {
    let (repo, first) = queued(t).await?;
    let builds = t.admin.repository(repo.as_str())?.builds();
    let second = builds
        .request(&RepositoryBuildRequest::new().archive_url(format!("{ARCHIVE}?2")))
        .await?;
    let list = builds.list().await?;
    let ids: Vec<&str> = list.builds.iter().map(|b| b.id.as_str()).collect();
    ensure(
        ids.len() == 2 && ids.contains(&first.id.as_str()) && ids.contains(&second.id.as_str()),
        format!("both builds expected: {ids:?}"),
    )?;
    let one = builds.list().limit(1).await?;
    ensure(
        one.builds.len() == 1,
        format!("one build expected: {one:?}"),
    )
}

async fn cancel_ok(t: &Target) -> CaseResult {
    let (repo, build) = queued(t).await?;
    let builds = t.admin.repository(repo.as_str())?.builds();
    builds.cancel(&build.id).await?;
    let after = builds.get(&build.id).await?;
    ensure(
        after.phase == BuildPhase::Cancelled,
        format!("cancelled expected: {after:?}"),
    )?;
    expect_error(
        builds.cancel(&build.id).await,
        400,
        "Build is currently running",
    )
}

async fn upload_ok(t: &Target) -> CaseResult {
    let file_id = match t
        .admin
        .upload_build_archive(b"conformance build context".to_vec(), "application/gzip")
        .await
    {
        Ok(id) => id,
        Err(e) if e.status() == Some(500) => {
            return Err(Failure::Skip(
                "the target's user-files storage takes no uploads (getFiledropUrl 500, a known defect)"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let repo = repository(t).await?;
    let builds = t.admin.repository(repo.as_str())?.builds();
    let build = builds
        .request(&RepositoryBuildRequest::new().file_id(&file_id))
        .await?;
    ensure(
        build.resource_key.as_deref() == Some(file_id.as_str())
            && build
                .archive_url
                .as_deref()
                .is_some_and(|u| u.contains(&file_id)),
        format!("a build of the uploaded file expected: {build:?}"),
    )?;
    builds.cancel(&build.id).await?;
    Ok(())
}

fn builds_of(t: &Target, repo: &str) -> Result<quay_sdk::api::BuildsHandler, Failure> {
    Ok(t.admin.repository(repo)?.builds())
}

/// The cases of the `build` tag.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getRepoBuilds", "ok", |t| list_ok(t).await),
        case!("getRepoBuilds", "outsider", needs: USER, |t| {
            let repo = repository(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.repository(repo.as_str())?.builds().list().await, 403)
        }),
        case!("getRepoBuilds", "anonymous", |t| {
            let repo = repository(t).await?;
            expect_status(
                t.anonymous.repository(repo.as_str())?.builds().list().await,
                401,
            )
        }),
        case!("requestRepoBuild", "ok", |t| request_ok(t).await),
        case!("requestRepoBuild", "missing_source", |t| {
            let repo = repository(t).await?;
            expect_error(
                builds_of(t, &repo)?
                    .request(&RepositoryBuildRequest::new())
                    .await,
                400,
                "file_id or archive_url required",
            )
        }),
        case!("requestRepoBuild", "bad_scheme", |t| {
            let repo = repository(t).await?;
            expect_error(
                builds_of(t, &repo)?
                    .request(
                        &RepositoryBuildRequest::new().archive_url("ftp://example.invalid/c.tgz"),
                    )
                    .await,
                400,
                "Must be http or https",
            )
        }),
        // Quay means 400 `File ... could not be found`; some storage set-ups crash (500).
        case!("requestRepoBuild", "unknown_file", |t| {
            let repo = repository(t).await?;
            expect_any(
                builds_of(t, &repo)?
                    .request(&RepositoryBuildRequest::new().file_id(t.name("nofile")))
                    .await,
                &[400, 500],
            )
        }),
        case!("requestRepoBuild", "unknown_robot", |t| {
            let repo = repository(t).await?;
            let org = repo.split('/').next().unwrap_or_default().to_string();
            expect_status(
                builds_of(t, &repo)?
                    .request(
                        &RepositoryBuildRequest::new()
                            .archive_url(ARCHIVE)
                            .pull_robot(format!("{org}+ghost")),
                    )
                    .await,
                404,
            )
        }),
        case!("requestRepoBuild", "outsider", needs: USER, |t| {
            let repo = repository(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(
                user.repository(repo.as_str())?
                    .builds()
                    .request(&RepositoryBuildRequest::new().archive_url(ARCHIVE))
                    .await,
                403,
            )
        }),
        case!("requestRepoBuild", "anonymous", |t| {
            let repo = repository(t).await?;
            expect_csrf(
                t.anonymous
                    .repository(repo.as_str())?
                    .builds()
                    .request(&RepositoryBuildRequest::new().archive_url(ARCHIVE))
                    .await,
            )
        }),
        case!("requestRepoBuild", "uploaded", |t| upload_ok(t).await),
        case!("getRepoBuild", "ok", |t| {
            let (repo, build) = queued(t).await?;
            let got = builds_of(t, &repo)?.get(&build.id).await?;
            ensure(
                got.id == build.id && got.tags == build.tags,
                format!("the build expected: {got:?}"),
            )
        }),
        case!("getRepoBuild", "unknown", |t| {
            let repo = repository(t).await?;
            expect_status(builds_of(t, &repo)?.get(UNKNOWN).await, 404)
        }),
        case!("getRepoBuild", "anonymous", |t| {
            let (repo, build) = queued(t).await?;
            expect_status(
                t.anonymous
                    .repository(repo.as_str())?
                    .builds()
                    .get(&build.id)
                    .await,
                401,
            )
        }),
        case!("cancelRepoBuild", "ok", |t| cancel_ok(t).await),
        case!("cancelRepoBuild", "unknown", |t| {
            let repo = repository(t).await?;
            expect_status(builds_of(t, &repo)?.cancel(UNKNOWN).await, 404)
        }),
        case!("cancelRepoBuild", "anonymous", |t| {
            let (repo, build) = queued(t).await?;
            expect_csrf(
                t.anonymous
                    .repository(repo.as_str())?
                    .builds()
                    .cancel(&build.id)
                    .await,
            )
        }),
        case!("getRepoBuildStatus", "ok", |t| {
            let (repo, build) = queued(t).await?;
            let got = builds_of(t, &repo)?.status(&build.id).await?;
            ensure(
                got.phase == BuildPhase::Waiting,
                format!("waiting expected: {got:?}"),
            )
        }),
        case!("getRepoBuildStatus", "unknown", |t| {
            let repo = repository(t).await?;
            expect_error(
                builds_of(t, &repo)?.status(UNKNOWN).await,
                400,
                "Unable to locate a build by id",
            )
        }),
        case!("getRepoBuildLogs", "ok", |t| {
            let (repo, build) = queued(t).await?;
            match builds_of(t, &repo)?.logs(&build.id).await? {
                BuildLogs::LiveBuildLogs(l) => ensure(
                    l.start == 0 && l.logs.len() as u64 <= l.total,
                    format!("live logs expected: {l:?}"),
                ),
                other => Err(Failure::Fail(format!("live logs expected: {other:?}"))),
            }
        }),
        case!("getRepoBuildLogs", "unknown", |t| {
            let repo = repository(t).await?;
            expect_error(
                builds_of(t, &repo)?.logs(UNKNOWN).await,
                400,
                "Unable to locate a build by id",
            )
        }),
        case!("getFiledropUrl", "ok", |t| {
            match t.admin.file_drop("application/gzip").await {
                Ok(drop) => ensure(
                    drop.url.contains(&drop.file_id),
                    format!("an upload URL naming the file expected: {drop:?}"),
                ),
                Err(e) if e.status() == Some(500) => Err(Failure::Skip(
                    "the target's user-files storage takes no uploads (500, a known defect)".into(),
                )),
                Err(e) => Err(e.into()),
            }
        }),
        case!("getFiledropUrl", "anonymous", |t| expect_csrf(
            t.anonymous.file_drop("application/gzip").await
        )),
    ]
}
