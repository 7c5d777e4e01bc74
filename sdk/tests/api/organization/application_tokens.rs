//! application tokens

use super::*;

#[tokio::test]
async fn list_tokens_first_page() {
    let ex = success("listOrganizationApplicationTokens");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/organization/a%2Bb/applications/C%201/tokens"))
        .and(query_param_is_missing("next_page"))
        .and(wiremock::matchers::header(
            "authorization",
            format!("Bearer {TOKEN}").as_str(),
        ))
        .respond_with(ex.response())
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .organization("a+b")
        .applications()
        .tokens("C 1")
        .list()
        .await
        .unwrap();
    assert!(page.next_page.is_none());
    let t = &page.tokens[0];
    assert_eq!(t.uuid, "d83a1d3a-913a-449d-9a15-24a42886b821");
    assert_eq!(t.name.as_deref(), Some("ci token"));
    assert_eq!(t.scope, "repo:read org:admin");
    assert_eq!(
        t.expires_at.as_ref().map(ToString::to_string).as_deref(),
        Some("2036-11-21T18:37:54.934589Z")
    );
    assert_eq!(t.created_by.as_deref(), Some("quayadmin"));
    assert_eq!(t.last_accessed, None);
}

#[tokio::test]
async fn list_tokens_sends_next_page() {
    let (_s, c) = expect(
        "GET",
        &format!("{APP_BASE}/C1/tokens"),
        &[("next_page", "gAAAA+/=")],
        None,
        200,
        json!({"tokens": [], "next_page": "again"}),
    )
    .await;
    let page = c
        .organization("acme")
        .applications()
        .tokens("C1")
        .list()
        .next_page("gAAAA+/=")
        .await
        .unwrap();
    assert_eq!(page.next_page.as_deref(), Some("again"));
}

pub(super) fn token_json(uuid: &str) -> Value {
    json!({
        "uuid": uuid, "name": null, "scope": "repo:read", "expires_at": null,
        "created": null, "created_by": null, "last_accessed": null
    })
}

#[tokio::test]
async fn token_stream_walks_every_page() {
    let server = MockServer::start().await;
    let p = format!("{APP_BASE}/C1/tokens");
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param_is_missing("next_page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"tokens": [token_json("t1"), token_json("t2")], "next_page": "p2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param("next_page", "p2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"tokens": [token_json("t3")], "next_page": "p3"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param("next_page", "p3"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"tokens": [token_json("t4")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let tokens: Vec<_> = client(&server)
        .organization("acme")
        .applications()
        .tokens("C1")
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let uuids: Vec<_> = tokens.iter().map(|t| t.uuid.as_str()).collect();
    assert_eq!(uuids, ["t1", "t2", "t3", "t4"]);
    assert!(tokens[0].name.is_none());
}

#[tokio::test]
async fn token_stream_stops_at_an_error() {
    let server = MockServer::start().await;
    let p = format!("{APP_BASE}/C1/tokens");
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param_is_missing("next_page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"tokens": [token_json("t1")], "next_page": "p2"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param("next_page", "p2"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(
                fixture("deleteOrganizationApplicationToken")[1]
                    .body
                    .clone(),
            ),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .organization("acme")
        .applications()
        .tokens("C1")
        .list()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
}

#[tokio::test]
async fn create_token() {
    let ex = success("createOrganizationApplicationToken");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%20b/applications/C%2B1/tokens",
        &[],
        Some(json!({"name": "ci token", "scope": "repo:read org:admin", "expiration": 3600.0})),
        &ex,
    )
    .await;
    let created = c
        .organization("a b")
        .applications()
        .tokens("C+1")
        .create(&NewApplicationToken::new("ci token", "repo:read org:admin").expiration(3600.0))
        .await
        .unwrap();
    assert_eq!(created.uuid, ex.body["uuid"].as_str().unwrap());
    assert_eq!(created.name.as_deref(), Some("ci token"));
    assert_eq!(created.scope, "repo:read org:admin");
    assert_eq!(created.token.expose(), "<TOKEN>");
    assert!(
        !format!("{created:?}").contains("<TOKEN>"),
        "token leaked into Debug"
    );
    assert_eq!(created.last_accessed, None);
}

#[tokio::test]
async fn create_token_without_expiration_sends_the_recorded_body() {
    let ex = success("createOrganizationApplicationToken");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        &format!("{APP_BASE}/26AZLVXNLT9LSQDFTV7L/tokens"),
        &[],
        Some(body),
        &ex,
    )
    .await;
    c.organization("acme")
        .applications()
        .tokens("26AZLVXNLT9LSQDFTV7L")
        .create(&NewApplicationToken::new("ci token", "repo:read org:admin"))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_token() {
    let (_s, c) = expect(
        "DELETE",
        &format!("{APP_BASE}/C1/tokens/d83a1d3a%2B1"),
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    let tokens = c.organization("acme").applications().tokens("C1");
    assert_eq!(tokens.client_id(), "C1");
    tokens.delete("d83a1d3a+1").await.unwrap();
}
