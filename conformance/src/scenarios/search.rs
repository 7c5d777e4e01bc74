//! The `search` tag: entities by prefix, repositories by text and everything at once, in an
//! organization each case creates (`<prefix>se<n>`, the admin its owner, with a robot
//! `<org>bot`, a team `<org>team` without members and a private repository `<org>repo`), and
//! linking external users. Anonymous callers must be allowed (`FEATURE_ANONYMOUS_ACCESS`, on
//! by default), as the `user` cases assume.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{
    CreateRobot, MatchingEntityKind, NewOrg, NewRepo, RepositoryVisibility, SearchEntityKind,
    SearchResult, TeamDescription, TeamRole,
};

use crate::runner::{Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_csrf};

const USER: Needs = Needs {
    user: true,
    features: &[],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The organization's name.
async fn setup(t: &Target) -> Result<String, Failure> {
    let org = t.name(&format!("se{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    let o = t.admin.organization(&org);
    o.robot(format!("{org}bot"))
        .create(&CreateRobot::new())
        .await?;
    o.team(format!("{org}team"))
        .create_or_update(&TeamDescription::new(TeamRole::Member))
        .await?;
    t.admin
        .repositories()
        .create(
            &NewRepo::new(
                format!("{org}repo"),
                RepositoryVisibility::Private,
                "found by search",
            )
            .namespace(&org),
        )
        .await?;
    Ok(org)
}

async fn entities_ok(t: &Target) -> CaseResult {
    let org = setup(t).await?;
    let found = t
        .admin
        .search()
        .entities(&org)
        .namespace(&org)
        .include_teams(true)
        .include_orgs(true)
        .await?;
    let has = |name: String, kind: MatchingEntityKind| {
        found
            .results
            .iter()
            .any(|e| e.name == name && e.kind == kind)
    };
    ensure(
        has(format!("{org}team"), MatchingEntityKind::Team)
            && found
                .results
                .iter()
                .any(|e| e.name == format!("{org}+{org}bot") && e.is_robot == Some(true))
            && has(org.clone(), MatchingEntityKind::Org),
        format!("the team, robot and organization expected: {found:?}"),
    )
}

async fn repositories_ok(t: &Target) -> CaseResult {
    let org = setup(t).await?;
    let page = t.admin.search().repositories().query(&org).await?;
    ensure(
        page.results.len() == 1
            && page.results[0].name == format!("{org}repo")
            && page.results[0].namespace.name == org
            && !page.results[0].is_public
            && !page.has_additional
            && page.page == 1,
        format!("the private repository expected: {page:?}"),
    )?;
    // By namespace, and with the usage figures.
    let scoped = t
        .admin
        .search()
        .repositories()
        .query(format!("{org}/repo"))
        .include_usage(true)
        .await?;
    ensure(
        scoped.results.len() == 1 && scoped.results[0].stars.is_some(),
        format!("one result with usage expected: {scoped:?}"),
    )
}

/// A result's kind and name, and its score.
fn summary(r: &SearchResult) -> (String, String, f64) {
    match r {
        SearchResult::SearchRepositoryResult(r) => ("repository".into(), r.name.clone(), r.score),
        SearchResult::SearchTeamResult(t) => ("team".into(), t.name.clone(), t.score),
        SearchResult::SearchEntityResult(e) => (
            match &e.kind {
                SearchEntityKind::Robot => "robot".into(),
                SearchEntityKind::Organization => "organization".into(),
                _ => "user".into(),
            },
            e.name.clone(),
            e.score,
        ),
    }
}

async fn all_ok(t: &Target) -> CaseResult {
    let org = setup(t).await?;
    let found = t.admin.search().all(&org).await?;
    let got: Vec<(String, String, f64)> = found.results.iter().map(summary).collect();
    let has = |kind: &str, name: &str| got.iter().any(|(k, n, _)| k == kind && n == name);
    ensure(
        has("repository", &format!("{org}repo"))
            && has("robot", &format!("{org}+{org}bot"))
            && has("organization", &org)
            // A team is found only with members.
            && !has("team", &format!("{org}team")),
        format!("the repository, robot and organization expected: {got:?}"),
    )?;
    // Highest score first; the repository's is 4 x its LiquidMetal score (a prefix match
    // from the first character scores above 0.9).
    ensure(
        got.windows(2).all(|w| w[0].2 >= w[1].2)
            && got
                .iter()
                .any(|(k, _, s)| k == "repository" && *s > 3.6 && *s <= 4.0),
        format!("scores out of order or unexpected: {got:?}"),
    )
}

/// The cases of the `search` tag.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getMatchingEntities", "ok", |t| entities_ok(t).await),
        case!("getMatchingEntities", "user", |t| {
            let found = t.admin.search().entities(&t.admin_name).await?;
            ensure(
                found
                    .results
                    .first()
                    .is_some_and(|e| e.name == t.admin_name),
                format!("the exact match first: {found:?}"),
            )
        }),
        case!("getMatchingEntities", "outsider", needs: USER, |t| {
            let org = setup(t).await?;
            let (user, _) = t.second_user()?;
            let found = user
                .search()
                .entities(&org)
                .namespace(&org)
                .include_teams(true)
                .include_orgs(true)
                .await?;
            ensure(
                found.results.is_empty(),
                format!("nothing of the organization for an outsider: {found:?}"),
            )
        }),
        case!("getMatchingEntities", "anonymous", |t| {
            let org = setup(t).await?;
            let found = t
                .anonymous
                .search()
                .entities(&org)
                .namespace(&org)
                .include_teams(true)
                .await?;
            ensure(
                found.results.is_empty(),
                format!("nothing of the organization anonymously: {found:?}"),
            )
        }),
        case!("conductSearch", "ok", |t| all_ok(t).await),
        case!("conductSearch", "outsider", needs: USER, |t| {
            let org = setup(t).await?;
            let (user, _) = t.second_user()?;
            let found = user.search().all(&org).await?;
            ensure(
                found.results.is_empty(),
                format!("nothing of the organization for an outsider: {found:?}"),
            )
        }),
        case!("conductSearch", "anonymous", |t| {
            let org = setup(t).await?;
            let found = t.anonymous.search().all(&org).await?;
            ensure(
                found.results.is_empty(),
                format!("nothing private found anonymously: {found:?}"),
            )
        }),
        case!("conductSearch", "empty_query", |t| {
            let found = t.admin.search().all("").await?;
            ensure(
                found.results.is_empty(),
                format!("nothing for an empty query: {found:?}"),
            )
        }),
        // With Quay's own Database authentication there is nothing to link from: 404 before
        // any check; a federated target refuses the unknown external user (400).
        case!("linkExternalUser", "database_auth", |t| {
            match t.admin.search().link_external_user(t.name("nobody")).await {
                Err(e) if e.status() == Some(404) => Ok(()),
                Err(e) if e.status() == Some(400) => Err(Failure::Skip(
                    "the target uses federated authentication".into(),
                )),
                other => Err(Failure::Fail(format!("expected HTTP 404, got {other:?}"))),
            }
        }),
        case!("linkExternalUser", "anonymous", |t| expect_csrf(
            t.anonymous
                .search()
                .link_external_user(t.name("nobody"))
                .await
        )),
        case!("conductRepoSearch", "ok", |t| repositories_ok(t).await),
        case!("conductRepoSearch", "outsider", needs: USER, |t| {
            let org = setup(t).await?;
            let (user, _) = t.second_user()?;
            let page = user.search().repositories().query(&org).await?;
            ensure(
                page.results.is_empty(),
                format!("a private repository found by an outsider: {page:?}"),
            )
        }),
        case!("conductRepoSearch", "anonymous", |t| {
            let org = setup(t).await?;
            let page = t.anonymous.search().repositories().query(&org).await?;
            ensure(
                page.results.is_empty(),
                format!("a private repository found anonymously: {page:?}"),
            )
        }),
        case!("conductRepoSearch", "page_clamped", |t| {
            let page = t
                .admin
                .search()
                .repositories()
                .query(t.name("nothing"))
                .page(99)
                .await?;
            ensure(
                page.page == 10 && page.start_index == 90 && page.results.is_empty(),
                format!("page 10 from 90 expected: {page:?}"),
            )
        }),
        case!("conductRepoSearch", "no_match", |t| {
            let page = t
                .admin
                .search()
                .repositories()
                .query(t.name("nothing"))
                .await?;
            ensure(
                page.results.is_empty() && !page.has_additional && page.start_index == 0,
                format!("an empty first page expected: {page:?}"),
            )
        }),
    ]
}
