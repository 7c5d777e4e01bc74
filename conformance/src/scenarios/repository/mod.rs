//! The `repository` tag: creating, listing, reading and deleting repositories.
//!
//! Every case works in an organization it creates (the admin is its owner, so the cases do not
//! depend on `FEATURE_SUPERUSERS_FULL_ACCESS`), or in the admin's own namespace under a
//! repository name carrying the run's prefix.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::models::{NewOrg, NewRepo, RepositoryKind, RepositoryState, RepositoryVisibility};

use crate::runner::expect_csrf;
use crate::runner::{
    Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_error, expect_status,
};

mod state;

/// A second (ordinary) user.
const USER: Needs = Needs {
    user: true,
    features: &[],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh name under the run's prefix, `<prefix>rp-<kind><n>`.
fn fresh(t: &Target, kind: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("rp-{kind}{n}"))
}

fn fail(msg: impl Into<String>) -> Failure {
    Failure::Fail(msg.into())
}

/// Creates an organization owned by the admin and registers it (its repositories go with it).
async fn new_org(t: &Target) -> Result<String, Failure> {
    let name = fresh(t, "o");
    t.created(Created::Organization(name.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(format!("{name}@example.com")))
        .await?;
    Ok(name)
}

/// Creates the repository `org/name` as the admin.
async fn new_repo(
    t: &Target,
    org: &str,
    name: &str,
    visibility: RepositoryVisibility,
) -> Result<String, Failure> {
    t.admin
        .repositories()
        .create(&NewRepo::new(name, visibility, "conformance repository").namespace(org))
        .await?;
    Ok(format!("{org}/{name}"))
}

/// An organization with a private repository `private` and a public one `public`.
async fn org_with_repos(t: &Target) -> Result<String, Failure> {
    let org = new_org(t).await?;
    new_repo(t, &org, "private", RepositoryVisibility::Private).await?;
    new_repo(t, &org, "public", RepositoryVisibility::Public).await?;
    Ok(org)
}

/// The names of the repositories of `namespace` that `client` sees (with `public=true` when
/// `public`).
async fn listed(client: &Client, namespace: &str, public: bool) -> Result<Vec<String>, Failure> {
    let mut query = client.repositories().list().namespace(namespace);
    if public {
        query = query.public(true);
    }
    let page = query.await?;
    Ok(page.repositories.into_iter().map(|r| r.name).collect())
}

// ---------------------------------------------------------------------------------------------
// createRepo

async fn create_ok(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let created = t
        .admin
        .repositories()
        .create(
            &NewRepo::new("web", RepositoryVisibility::Private, "the web front end")
                .namespace(&org),
        )
        .await?;
    ensure(
        created.namespace == org && created.name == "web" && created.kind == RepositoryKind::Image,
        format!("unexpected answer: {created:?}"),
    )?;
    let repo = t.admin.repository(created.full_name())?.get().await?;
    ensure(
        repo.namespace == org
            && repo.name == "web"
            && repo.description.as_deref() == Some("the web front end")
            && !repo.is_public
            && repo.is_organization
            && repo.state == RepositoryState::Normal,
        format!("getRepo disagrees with the creation: {repo:?}"),
    )
}

async fn create_public(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let full = new_repo(t, &org, "pub", RepositoryVisibility::Public).await?;
    let repo = t.anonymous.repository(full.as_str())?.get().await?;
    ensure(repo.is_public, "a repository created public is not public")
}

async fn create_own_namespace(t: &Target) -> CaseResult {
    let name = fresh(t, "r");
    let full = format!("{}/{name}", t.admin_name);
    t.created(Created::Repository(full.clone()));
    let created = t
        .admin
        .repositories()
        .create(&NewRepo::new(&name, RepositoryVisibility::Private, ""))
        .await?;
    ensure(
        created.namespace == t.admin_name && created.name == name,
        format!(
            "without namespace the repository belongs to the caller, got {}",
            created.full_name()
        ),
    )?;
    let repo = t.admin.repository(full.as_str())?.get().await?;
    ensure(
        !repo.is_organization && repo.can_admin,
        format!("unexpected repository: {repo:?}"),
    )
}

async fn create_bad(t: &Target, body: impl FnOnce(&str) -> NewRepo, text: &str) -> CaseResult {
    let org = new_org(t).await?;
    expect_error(t.admin.repositories().create(&body(&org)).await, 400, text)
}

async fn create_duplicate(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    new_repo(t, &org, "web", RepositoryVisibility::Private).await?;
    expect_error(
        t.admin
            .repositories()
            .create(&NewRepo::new("web", RepositoryVisibility::Public, "again").namespace(&org))
            .await,
        400,
        "Repository already exists",
    )
}

async fn create_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let org = new_org(t).await?;
    let result = client
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&org))
        .await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    let names = listed(&t.admin, &org, false).await?;
    ensure(
        names.is_empty(),
        format!("the refused creation left {names:?} in {org}"),
    )
}

async fn create_unknown_namespace(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    let ghost = fresh(t, "ghost");
    expect_status(
        user.repositories()
            .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&ghost))
            .await,
        403,
    )
}

// ---------------------------------------------------------------------------------------------
// listRepos

async fn list_ok(t: &Target) -> CaseResult {
    let org = org_with_repos(t).await?;
    let page = t.admin.repositories().list().namespace(&org).await?;
    ensure(
        page.next_page.is_none(),
        "two repositories fit in one page, yet next_page was sent",
    )?;
    ensure(
        page.repositories.len() == 2,
        format!(
            "expected the 2 repositories of {org}, got {:?}",
            page.repositories
        ),
    )?;
    for r in &page.repositories {
        ensure(
            r.namespace == org
                && r.is_public == (r.name == "public")
                && r.description.as_deref() == Some("conformance repository")
                && r.kind == RepositoryKind::Image
                && r.state == RepositoryState::Normal,
            format!("unexpected entry: {r:?}"),
        )?;
    }
    Ok(())
}

/// What `client` lists of an organization with a private and a public repository.
async fn list_as(t: &Target, client: &Client, public: bool, want: &[&str]) -> CaseResult {
    let org = org_with_repos(t).await?;
    let mut names = listed(client, &org, public).await?;
    names.sort();
    ensure(
        names == want,
        format!("expected {want:?} of {org}, got {names:?}"),
    )
}

// ---------------------------------------------------------------------------------------------
// getRepo

async fn get_ok(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let full = new_repo(t, &org, "web", RepositoryVisibility::Private).await?;
    let repo = t.admin.repository(full.as_str())?.get().await?;
    ensure(
        repo.full_name() == full
            && repo.kind == RepositoryKind::Image
            && repo.description.as_deref() == Some("conformance repository")
            && !repo.is_public
            && repo.is_organization
            && !repo.is_starred
            && repo.state == RepositoryState::Normal
            && repo.can_write
            && repo.can_admin,
        format!("unexpected repository: {repo:?}"),
    )?;
    ensure(
        repo.tags.as_ref().is_some_and(|tags| tags.is_empty()),
        format!("a new repository has tags {:?}", repo.tags),
    )?;
    ensure(repo.stats.is_none(), "stats were sent without includeStats")
}

/// `getRepo` with its two query parameters.
#[derive(Default)]
struct GetOptions {
    include_tags: Option<bool>,
    include_stats: Option<bool>,
}

async fn get_options(t: &Target, options: GetOptions) -> CaseResult {
    let org = new_org(t).await?;
    let full = new_repo(t, &org, "web", RepositoryVisibility::Private).await?;
    let repo = t
        .admin
        .repository(full.as_str())?
        .get()
        .set_include_tags(options.include_tags)
        .set_include_stats(options.include_stats)
        .await?;
    if options.include_tags == Some(false) {
        ensure(repo.tags.is_none(), "includeTags=false still sent tags")?;
    }
    if options.include_stats == Some(true) {
        let stats = repo
            .stats
            .as_ref()
            .ok_or_else(|| fail("includeStats=true sent no stats"))?;
        // Quay fills every day of the last three months (91 days) with zeros.
        ensure(
            stats.len() >= 90 && stats.iter().all(|s| s.date.to_string().len() == 10),
            format!("expected about 91 daily entries, got {}", stats.len()),
        )?;
    }
    Ok(())
}

async fn get_as(
    t: &Target,
    client: &Client,
    visibility: RepositoryVisibility,
    status: u16,
) -> CaseResult {
    let org = new_org(t).await?;
    let full = new_repo(t, &org, "web", visibility).await?;
    let result = client.repository(full.as_str())?.get().await;
    if status != 200 {
        return expect_status(result, status);
    }
    let repo = result?;
    ensure(
        repo.is_public && !repo.can_write && !repo.can_admin && !repo.is_starred,
        format!("unexpected view of a public repository: {repo:?}"),
    )
}

async fn get_unknown(t: &Target, client: Option<&Client>, status: u16) -> CaseResult {
    let org = new_org(t).await?;
    let client = client.unwrap_or(&t.admin);
    expect_status(
        client.repository(format!("{org}/nosuchrepo"))?.get().await,
        status,
    )
}

// ---------------------------------------------------------------------------------------------
// deleteRepository

async fn delete_ok(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let full = new_repo(t, &org, "web", RepositoryVisibility::Private).await?;
    new_repo(t, &org, "keep", RepositoryVisibility::Private).await?;
    let repo = t.admin.repository(full.as_str())?;
    repo.delete().await?;
    expect_status(repo.get().await, 404)?;
    let names = listed(&t.admin, &org, false).await?;
    ensure(
        names == ["keep"],
        format!("after the deletion {org} lists {names:?}"),
    )
}

async fn delete_unknown(t: &Target) -> CaseResult {
    // An organization admin deleting a repository that does not exist in its organization:
    // Quay finds nothing to mark and answers 204.
    let org = new_org(t).await?;
    t.admin
        .repository(format!("{org}/nosuchrepo"))?
        .delete()
        .await?;
    Ok(())
}

async fn delete_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let org = new_org(t).await?;
    let full = new_repo(t, &org, "web", RepositoryVisibility::Private).await?;
    let result = client.repository(full.as_str())?.delete().await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    t.admin.repository(full.as_str())?.get().await?;
    Ok(())
}

/// The cases of the `repository` tag.
pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        // createRepo
        case!("createRepo", "ok", |t| create_ok(t).await),
        case!("createRepo", "public", |t| create_public(t).await),
        case!("createRepo", "own_namespace", |t| create_own_namespace(t)
            .await),
        case!("createRepo", "duplicate", |t| create_duplicate(t).await),
        case!("createRepo", "invalid_name", |t| create_bad(
            t,
            |org| NewRepo::new("Bad Name", RepositoryVisibility::Private, "").namespace(org),
            "Invalid repository name",
        )
        .await),
        case!("createRepo", "bad_visibility", |t| create_bad(
            t,
            |org| NewRepo::new("web", RepositoryVisibility::from("secret"), "").namespace(org),
            "is not one of",
        )
        .await),
        case!("createRepo", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            create_refused(t, user, false).await
        }),
        case!("createRepo", "unknown_namespace", needs: USER, |t| create_unknown_namespace(t).await),
        case!("createRepo", "anonymous", |t| create_refused(
            t,
            &t.anonymous,
            true
        )
        .await),
        case!("createRepo", "bad_token", |t| create_refused(
            t,
            &t.bad_token,
            true
        )
        .await),
        // listRepos
        case!("listRepos", "ok", |t| list_ok(t).await),
        case!("listRepos", "no_filter", |t| expect_error(
            t.admin.repositories().list().await,
            400,
            "namespace, starred or public are required"
        )),
        case!("listRepos", "anonymous", |t| {
            // Anonymous callers see public repositories only, and only with public=true.
            list_as(t, &t.anonymous, false, &[]).await
        }),
        case!("listRepos", "anonymous_public", |t| {
            list_as(t, &t.anonymous, true, &["public"]).await
        }),
        case!("listRepos", "bad_token", |t| {
            list_as(t, &t.bad_token, true, &["public"]).await
        }),
        case!("listRepos", "not_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            list_as(t, user, false, &[]).await
        }),
        case!("listRepos", "not_member_public", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            list_as(t, user, true, &["public"]).await
        }),
        case!("listRepos", "starred_anonymous", |t| expect_status(
            t.anonymous.repositories().list().starred(true).await,
            400
        )),
        // getRepo
        case!("getRepo", "ok", |t| get_ok(t).await),
        case!("getRepo", "no_tags", |t| get_options(
            t,
            GetOptions {
                include_tags: Some(false),
                ..Default::default()
            }
        )
        .await),
        case!("getRepo", "stats", |t| get_options(
            t,
            GetOptions {
                include_stats: Some(true),
                ..Default::default()
            }
        )
        .await),
        case!("getRepo", "unknown", |t| get_unknown(t, None, 404).await),
        case!("getRepo", "anonymous", |t| get_as(
            t,
            &t.anonymous,
            RepositoryVisibility::Private,
            401
        )
        .await),
        case!("getRepo", "bad_token", |t| get_as(
            t,
            &t.bad_token,
            RepositoryVisibility::Private,
            401
        )
        .await),
        case!("getRepo", "anonymous_public", |t| get_as(
            t,
            &t.anonymous,
            RepositoryVisibility::Public,
            200
        )
        .await),
        case!("getRepo", "not_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            get_as(t, user, RepositoryVisibility::Private, 403).await
        }),
        case!("getRepo", "unknown_not_member", needs: USER, |t| {
            // An unknown repository answers like one the caller cannot read.
            let (user, _) = t.second_user()?;
            get_unknown(t, Some(user), 403).await
        }),
        case!("getRepo", "unknown_anonymous", |t| get_unknown(
            t,
            Some(&t.anonymous),
            401
        )
        .await),
        // deleteRepository
        case!("deleteRepository", "ok", |t| delete_ok(t).await),
        case!("deleteRepository", "unknown", |t| delete_unknown(t).await),
        case!("deleteRepository", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            delete_refused(t, user, false).await
        }),
        case!("deleteRepository", "anonymous", |t| delete_refused(
            t,
            &t.anonymous,
            true
        )
        .await),
        case!("deleteRepository", "bad_token", |t| delete_refused(
            t,
            &t.bad_token,
            true
        )
        .await),
    ];
    cases.extend(state::cases());
    cases.push(
        case!("createRepo", "org_mirrored", needs: crate::scenarios::org_mirror::ORG_MIRROR, |t| {
            crate::scenarios::org_mirror::guarded_repo(t).await
        }),
    );
    cases
}
