//! The caller's stars: repositories of organizations the case creates (`<prefix>st<n>`, the
//! admin their owner, one private repository `web`) starred, listed and unstarred; deleting
//! the organization at the end drops the stars.

use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::TryStreamExt;
use quay_sdk::models::{NewOrg, NewRepo, RepositoryVisibility};
use quay_sdk::{Client, ErrorKind, RepositoryRef};

use crate::runner::{
    Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_csrf, expect_status,
};

const USER: Needs = Needs {
    user: true,
    features: &[],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A new organization with the private repository `web`.
async fn private_repo(t: &Target) -> Result<RepositoryRef, Failure> {
    let org = t.name(&format!("st{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    t.admin
        .repositories()
        .create(
            &NewRepo::new(
                "web",
                RepositoryVisibility::Private,
                "conformance repository",
            )
            .namespace(&org),
        )
        .await?;
    Ok(RepositoryRef::new(org, "web")?)
}

/// Whether `client`'s starred list holds `repo`.
async fn listed(client: &Client, repo: &RepositoryRef) -> Result<bool, Failure> {
    let all: Vec<_> = client.user().stars().list().stream().try_collect().await?;
    Ok(all
        .iter()
        .any(|r| r.namespace == repo.namespace() && r.name == repo.name()))
}

/// An error of kind `NotFound`: Quay's 200 `null`, or the reference server's 404.
fn expect_not_found<T: std::fmt::Debug>(result: quay_sdk::Result<T>) -> CaseResult {
    match result {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => Err(Failure::Fail(format!(
            "expected a not-found failure, got {other:?}"
        ))),
    }
}

async fn star_ok(t: &Target) -> CaseResult {
    let repo = private_repo(t).await?;
    let stars = t.admin.user().stars();
    let echoed = stars.add(&repo).await?;
    ensure(
        echoed.namespace == repo.namespace() && echoed.repository == repo.name(),
        format!("unexpected echo {echoed:?}"),
    )?;
    // Twice is no error.
    stars.add(&repo).await?;
    ensure(listed(&t.admin, &repo).await?, "the star is not listed")?;
    let view = t.admin.repository(repo.clone())?.get().await?;
    ensure(view.is_starred, "getRepo does not show the star")?;
    let page = t
        .admin
        .repositories()
        .list()
        .namespace(repo.namespace())
        .send()
        .await?;
    ensure(
        page.repositories
            .iter()
            .any(|r| r.name == "web" && r.is_starred == Some(true)),
        "listRepos does not show the star",
    )
}

async fn unstar_ok(t: &Target) -> CaseResult {
    let repo = private_repo(t).await?;
    let stars = t.admin.user().stars();
    stars.add(&repo).await?;
    stars.remove(&repo).await?;
    // Removing a star that is not there is no error either.
    stars.remove(&repo).await?;
    ensure(!listed(&t.admin, &repo).await?, "the star is still listed")?;
    let view = t.admin.repository(repo)?.get().await?;
    ensure(!view.is_starred, "getRepo still shows the star")
}

/// Quay checks no permission: the second user stars the admin's private repository and sees
/// it in its starred list, but not among the starred repositories listRepos shows.
async fn star_without_permission(t: &Target) -> CaseResult {
    let repo = private_repo(t).await?;
    let (user, _) = t.second_user()?;
    user.user().stars().add(&repo).await?;
    ensure(listed(user, &repo).await?, "the star is not listed")?;
    let starred = user.repositories().list().starred(true).send().await?;
    let shown = starred
        .repositories
        .iter()
        .any(|r| r.namespace == repo.namespace());
    user.user().stars().remove(&repo).await?;
    ensure(
        !shown,
        "listRepos?starred=true shows a repository the user cannot read",
    )
}

async fn starred_listing_ok(t: &Target) -> CaseResult {
    let repo = private_repo(t).await?;
    t.admin.user().stars().add(&repo).await?;
    let starred = t.admin.repositories().list().starred(true).send().await?;
    ensure(
        starred.next_page.is_none()
            && starred
                .repositories
                .iter()
                .any(|r| r.namespace == repo.namespace() && r.is_starred == Some(true)),
        format!("listRepos?starred=true misses {}", repo),
    )
}

/// A token of the admin with `repo:read user:read`: no `user:admin`.
async fn without_user_admin(t: &Target) -> Result<Client, Failure> {
    let token = super::authorizations::minted(t, "repo:read user:read").await?;
    Ok(t.admin.with_token(token.token.expose()))
}

fn ghost(t: &Target) -> Result<RepositoryRef, Failure> {
    Ok(RepositoryRef::new(t.name("nosuchorg"), "ghost")?)
}

/// The star cases of the `user` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("createStar", "ok", |t| star_ok(t).await),
        case!("createStar", "unknown", |t| expect_not_found(
            t.admin.user().stars().add(&ghost(t)?).await
        )),
        case!("createStar", "no_permission", needs: USER, |t| star_without_permission(t).await),
        case!("createStar", "without_user_admin", |t| {
            let repo = private_repo(t).await?;
            let client = without_user_admin(t).await?;
            expect_status(client.user().stars().add(&repo).await, 403)?;
            ensure(!listed(&t.admin, &repo).await?, "a refused star was stored")
        }),
        case!("createStar", "anonymous", |t| expect_csrf(
            t.anonymous.user().stars().add(&ghost(t)?).await
        )),
        case!("createStar", "bad_token", |t| expect_csrf(
            t.bad_token.user().stars().add(&ghost(t)?).await
        )),
        case!("listStarredRepos", "ok", |t| {
            let repo = private_repo(t).await?;
            t.admin.user().stars().add(&repo).await?;
            ensure(listed(&t.admin, &repo).await?, "the star is not listed")
        }),
        case!("listStarredRepos", "without_user_admin", |t| {
            let client = without_user_admin(t).await?;
            expect_status(client.user().stars().list().await, 403)
        }),
        case!("listStarredRepos", "anonymous", |t| expect_status(
            t.anonymous.user().stars().list().await,
            401
        )),
        case!("deleteStar", "ok", |t| unstar_ok(t).await),
        case!("deleteStar", "unknown", |t| expect_not_found(
            t.admin.user().stars().remove(&ghost(t)?).await
        )),
        case!("deleteStar", "anonymous", |t| expect_csrf(
            t.anonymous.user().stars().remove(&ghost(t)?).await
        )),
        case!("listRepos", "starred", |t| starred_listing_ok(t).await),
    ]
}
