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
async fn every_recorded_search_exchange_decodes() {
    replay("getMatchingEntities", |c| async move {
        c.search().entities("x").await
    })
    .await;
    replay("conductRepoSearch", |c| async move {
        c.search().repositories().query("x").await
    })
    .await;
}
