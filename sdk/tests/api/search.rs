//! The `search` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::MatchingEntityKind;

#[tokio::test]
async fn entities_send_the_options_and_decode_every_kind() {
    let ex = success("getMatchingEntities");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/entities/fxqb2tgm4u",
        &[
            ("namespace", "fxqb2tgm4uorg"),
            ("includeTeams", "true"),
            ("includeOrgs", "true"),
        ],
        None,
        &ex,
    )
    .await;
    let found = c
        .search()
        .entities("fxqb2tgm4u")
        .namespace("fxqb2tgm4uorg")
        .include_teams(true)
        .include_orgs(true)
        .await
        .unwrap();
    let kinds: Vec<&MatchingEntityKind> = found.results.iter().map(|e| &e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            &MatchingEntityKind::Team,
            &MatchingEntityKind::User,
            &MatchingEntityKind::Org
        ]
    );
    assert_eq!(found.results[1].is_robot, Some(true));
}

#[tokio::test]
async fn repositories_send_the_query_and_decode_the_page() {
    let ex = success("conductRepoSearch");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/find/repositories",
        &[("query", "fxqb2tgm4u"), ("page", "1")],
        None,
        &ex,
    )
    .await;
    let page = c
        .search()
        .repositories()
        .query("fxqb2tgm4u")
        .page(1)
        .await
        .unwrap();
    assert_eq!(page.results[0].name, "fxqb2tgm4urepo");
    assert_eq!(page.results[0].namespace.name, "fxqb2tgm4uorg");
    assert!(!page.has_additional);
    assert_eq!(page.page_size, 10);
}

#[tokio::test]
async fn everything_is_searched_and_every_kind_decodes() {
    use quay_sdk::models::{SearchEntityKind, SearchResult};
    let ex = success("conductSearch");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/find/all",
        &[("query", "fxqb2tgm4u")],
        None,
        &ex,
    )
    .await;
    let found = c.search().all("fxqb2tgm4u").await.unwrap();
    match &found.results[0] {
        SearchResult::SearchRepositoryResult(r) => {
            assert_eq!(r.name, "fxqb2tgm4urepo");
            assert_eq!(r.score, 3.8857142857142857);
        }
        other => panic!("{other:?}"),
    }
    match &found.results[1] {
        SearchResult::SearchEntityResult(e) => {
            assert_eq!(e.kind, SearchEntityKind::Robot);
            assert!(e.avatar.is_none());
            assert_eq!(e.short_name.as_deref(), Some("fxqb2tgm4ubot"));
        }
        other => panic!("{other:?}"),
    }
    // A team result decodes as a team, not as an entity.
    let team = serde_json::json!({"results": [{"kind": "team", "name": "builders",
        "organization": {"title": "org", "kind": "organization", "name": "acme", "score": 1,
                         "href": "/organization/acme",
                         "avatar": {"name": "acme", "hash": "h", "color": "#000000", "kind": "org"}},
        "avatar": {"name": "builders", "hash": "h", "color": "#000000", "kind": "team"},
        "score": 2.0, "href": "/organization/acme/teams/builders"}]});
    let (_s, c) = expect(
        "GET",
        "/api/v1/find/all",
        &[("query", "b")],
        None,
        200,
        team,
    )
    .await;
    let found = c.search().all("b").await.unwrap();
    assert!(
        matches!(&found.results[0], SearchResult::SearchTeamResult(t) if t.organization.name == "acme"),
        "{:?}",
        found.results[0]
    );
}

#[tokio::test]
async fn every_recorded_search_exchange_decodes() {
    replay(
        "conductSearch",
        |c| async move { c.search().all("x").await },
    )
    .await;
    replay("linkExternalUser", |c| async move {
        c.search().link_external_user("user2").await
    })
    .await;
    replay("getMatchingEntities", |c| async move {
        c.search().entities("x").await
    })
    .await;
    replay("conductRepoSearch", |c| async move {
        c.search().repositories().query("x").await
    })
    .await;
}
