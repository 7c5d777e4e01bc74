//! The `repository` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use futures_util::TryStreamExt;
use quay_sdk::models::{
    ByteSize, NewRepo, NewRepoKind, RepositoryDetail, RepositoryKind, RepositoryState,
    RepositoryVisibility,
};
use quay_sdk::{Error, Page};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn create_sends_the_new_repo() {
    let ex = success("createRepo");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/repository",
        &[],
        Some(ex.request_body.clone()),
        &ex,
    )
    .await;
    let created = c
        .repositories()
        .create(
            &NewRepo::new(
                "qdgir2qi93repo",
                RepositoryVisibility::Private,
                "quaydiff repository",
            )
            .namespace("qdgir2qi93org"),
        )
        .await
        .unwrap();
    assert_eq!(created.namespace, "qdgir2qi93org");
    assert_eq!(created.name, "qdgir2qi93repo");
    assert_eq!(created.kind, RepositoryKind::Image);
    assert_eq!(created.full_name(), "qdgir2qi93org/qdgir2qi93repo");
}

#[tokio::test]
async fn create_sends_the_optional_fields_only_when_set() {
    let body = json!({"repository": "web", "visibility": "public", "description": "", "repo_kind": "image"});
    let (_s, c) = expect(
        "POST",
        "/api/v1/repository",
        &[],
        Some(body),
        201,
        json!({"namespace": "me", "name": "web", "kind": "image"}),
    )
    .await;
    let created = c
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Public, "").repo_kind(NewRepoKind))
        .await
        .unwrap();
    assert_eq!(created.namespace, "me");
}

#[tokio::test]
async fn list_sends_the_namespace_and_decodes_the_page() {
    let ex = success("listRepos");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository",
        &[("namespace", "qdk66yhh3norg")],
        None,
        &ex,
    )
    .await;
    let page = c
        .repositories()
        .list()
        .namespace("qdk66yhh3norg")
        .await
        .unwrap();
    assert_eq!(page.next_page(), None);
    assert_eq!(page.repositories.len(), 1);
    let repo = &page.repositories[0];
    assert_eq!(repo.full_name(), "qdk66yhh3norg/web");
    assert_eq!(repo.description.as_deref(), Some("d"));
    assert!(!repo.is_public);
    assert_eq!(repo.kind, RepositoryKind::Image);
    assert_eq!(repo.state, RepositoryState::Normal);
    assert_eq!(repo.is_starred, Some(false));
    let quota = repo.quota_report.as_ref().unwrap();
    assert_eq!(quota.quota_bytes, 0);
    assert_eq!(quota.configured_quota, None);
    assert_eq!(repo.last_modified, None);
    assert_eq!(repo.popularity, None);
}

#[tokio::test]
async fn list_sends_every_query_parameter() {
    let query = [
        ("namespace", "my org"),
        ("starred", "true"),
        ("public", "false"),
        ("last_modified", "true"),
        ("popularity", "true"),
        ("repo_kind", "application"),
        ("next_page", "gAAAAAB-token"),
    ];
    let (s, c) = expect(
        "GET",
        "/api/v1/repository",
        &query,
        None,
        200,
        json!({"repositories": [{
            "namespace": "my org", "name": "app", "description": null, "is_public": true,
            "kind": "application", "state": "MIRROR", "last_modified": 1739906895, "popularity": 2.0
        }], "next_page": "gAAAAAB-next"}),
    )
    .await;
    let page = c
        .repositories()
        .list()
        .namespace("my org")
        .starred(true)
        .public(false)
        .last_modified(true)
        .popularity(true)
        .repo_kind(RepositoryKind::Application)
        .next_page("gAAAAAB-token")
        .await
        .unwrap();
    assert_eq!(page.next_page(), Some("gAAAAAB-next"));
    let repo = &page.repositories[0];
    assert_eq!(repo.description, None);
    assert_eq!(repo.kind, RepositoryKind::Application);
    assert_eq!(repo.state, RepositoryState::Mirror);
    assert_eq!(repo.last_modified, Some(1739906895));
    assert_eq!(repo.popularity, Some(2.0));
    assert_eq!(repo.is_starred, None);
    // Exactly the parameters asked for, nothing else.
    let sent = &s.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query_pairs().count(), query.len());
}

#[tokio::test]
async fn list_sends_no_unset_parameter() {
    let (s, c) = expect(
        "GET",
        "/api/v1/repository",
        &[("public", "true")],
        None,
        200,
        json!({"repositories": []}),
    )
    .await;
    let page = c.repositories().list().public(true).await.unwrap();
    assert!(page.repositories.is_empty());
    let sent = &s.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), Some("public=true"));
}

fn repo_json(name: &str) -> serde_json::Value {
    json!({"namespace": "acme", "name": name, "description": "", "is_public": false,
           "kind": "image", "state": "NORMAL"})
}

#[tokio::test]
async fn list_stream_follows_next_page_across_three_pages() {
    let server = MockServer::start().await;
    let auth = format!("Bearer {TOKEN}");
    Mock::given(method("GET"))
        .and(path("/api/v1/repository"))
        .and(header("authorization", auth.as_str()))
        .and(query_param("namespace", "acme"))
        .and(query_param_is_missing("next_page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"repositories": [repo_json("a"), repo_json("b")], "next_page": "page2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/repository"))
        .and(query_param("namespace", "acme"))
        .and(query_param("next_page", "page2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"repositories": [repo_json("c")], "next_page": "page3"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/repository"))
        .and(query_param("namespace", "acme"))
        .and(query_param("next_page", "page3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"repositories": [repo_json("d"), repo_json("e")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let names: Vec<String> = client(&server)
        .repositories()
        .list()
        .namespace("acme")
        .stream()
        .map_ok(|r| r.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn list_stream_first_request_has_no_next_page_and_errors_end_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/repository"))
        .and(query_param_is_missing("next_page"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "detail": "namespace, starred or public are required for this API call",
            "error_message": "namespace, starred or public are required for this API call",
            "error_type": "invalid_request",
            "title": "invalid_request",
            "type": "http://127.0.0.1:8080/api/v1/error/invalid_request",
            "status": 400
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .repositories()
        .list()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.query(), None);
}

#[tokio::test]
async fn get_sends_the_repository_path_and_decodes() {
    let ex = success("getRepo");
    let (s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/qdk66yhh3norg/web",
        &[],
        None,
        &ex,
    )
    .await;
    let repo = c
        .repository("qdk66yhh3norg/web")
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(repo.full_name(), "qdk66yhh3norg/web");
    assert_eq!(repo.kind, RepositoryKind::Image);
    assert_eq!(repo.description.as_deref(), Some("d"));
    assert!(repo.is_organization);
    assert_eq!(repo.status_token, "30887dff-7d89-46cc-9646-cc0f5316094f");
    assert_eq!(repo.tag_expiration_s, 1209600);
    assert_eq!(repo.state, RepositoryState::Normal);
    assert_eq!(repo.tags.as_ref().map(|t| t.len()), Some(0));
    assert!(repo.can_write && repo.can_admin);
    assert_eq!(repo.stats, None);
    let sent = &s.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn get_encodes_the_repository_and_sends_the_options() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/repository/my%20org/we%2Bb",
        &[("includeTags", "false"), ("includeStats", "true")],
        None,
        200,
        json!({
            "namespace": "my org", "name": "we+b", "kind": "image", "description": null,
            "is_public": true, "is_organization": false, "is_starred": false, "status_token": "",
            "trust_enabled": false, "tag_expiration_s": 1209600, "is_free_account": true,
            "state": "READ_ONLY", "can_write": false, "can_admin": false,
            "stats": [{"date": "2025-02-18", "count": 3}, {"date": "2025-02-17", "count": 0}]
        }),
    )
    .await;
    let repo = c
        .repository("my org/we+b")
        .unwrap()
        .get()
        .include_tags(false)
        .include_stats(true)
        .await
        .unwrap();
    assert_eq!(repo.tags, None);
    assert_eq!(repo.description, None);
    assert_eq!(repo.state, RepositoryState::ReadOnly);
    let stats = repo.stats.unwrap();
    assert_eq!(stats.len(), 2);
    assert_eq!(stats[0].date, "2025-02-18");
    assert_eq!(stats[0].count, 3);
}

#[test]
fn tags_decode_with_their_optional_fields() {
    let repo: RepositoryDetail = serde_json::from_value(json!({
        "namespace": "acme", "name": "web", "kind": "image", "description": null,
        "is_public": true, "is_organization": true, "is_starred": false, "status_token": "",
        "trust_enabled": false, "tag_expiration_s": 1209600, "is_free_account": true,
        "state": "NORMAL", "can_write": false, "can_admin": false,
        "tags": {
            "latest": {"name": "latest", "size": 2812345,
                       "last_modified": "Tue, 18 Feb 2025 19:28:15 -0000",
                       "manifest_digest": "sha256:6a0b"},
            "old": {"name": "old", "size": null, "expiration": "Wed, 19 Feb 2025 19:28:15 -0000"}
        }
    }))
    .unwrap();
    let tags = repo.tags.unwrap();
    assert_eq!(tags["latest"].size, Some(ByteSize(2812345)));
    assert_eq!(
        tags["latest"].manifest_digest.as_deref(),
        Some("sha256:6a0b")
    );
    assert_eq!(tags["old"].size, None);
    assert!(tags["old"].expiration.is_some());
    assert_eq!(tags["old"].last_modified, None);
}

#[tokio::test]
async fn delete_sends_delete_on_the_repository() {
    let ex = success("deleteRepository");
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/repository/qdgir2qi93org/qdgir2qi93repo",
        &[],
        None,
        &ex,
    )
    .await;
    c.repository("qdgir2qi93org/qdgir2qi93repo")
        .unwrap()
        .delete()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_encodes_nested_names() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/repository/acme/team%2Bx/web%20app",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.repository("acme/team+x/web app")
        .unwrap()
        .delete()
        .await
        .unwrap();
}

#[test]
fn a_repository_without_namespace_is_refused_before_sending() {
    let c = quay_sdk::Client::new("http://127.0.0.1:9", TOKEN).unwrap();
    assert!(matches!(c.repository("web"), Err(Error::InvalidInput(_))));
}

#[tokio::test]
async fn recorded_responses_decode() {
    replay("createRepo", |c| async move {
        c.repositories()
            .create(&NewRepo::new("web", RepositoryVisibility::Private, "d").namespace("acme"))
            .await
    })
    .await;
    replay("listRepos", |c| async move {
        c.repositories().list().namespace("acme").await
    })
    .await;
    replay("getRepo", |c| async move {
        c.repository("acme/web")?.get().await
    })
    .await;
    replay("deleteRepository", |c| async move {
        c.repository("acme/web")?.delete().await
    })
    .await;
}
