//! application tokens

use super::*;

pub(super) async fn mint(h: &Harness, client: &str, token: &str, body: Value) -> common::Answer {
    h.post(
        &format!("/api/v1/organization/acme/applications/{client}/tokens"),
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn minted_tokens_work_capped_by_their_scopes() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let ans = mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "  ci token ", "scope": "repo:read,org:admin repo:read"}),
    )
    .await
    .expect(200);
    same_shape(
        &ans.body,
        &fixture("createOrganizationApplicationToken", "apptoken.create.ok"),
    );
    assert_eq!(ans.body["name"], "ci token");
    assert_eq!(ans.body["scope"], "repo:read org:admin");
    assert_eq!(ans.body["created_by"], "alice");
    assert_eq!(ans.body["last_accessed"], Value::Null);
    let token = ans.body["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 40);
    let created = ans.body["created"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.contains('T'), "{created}");
    let expires = ans.body["expires_at"].as_str().unwrap();
    assert!(expires[..4].parse::<i32>().unwrap() >= 2035, "{expires}");
    assert_eq!(logs(&h, "create_oauth_api_token").await, 1);

    // The token acts as alice with its scopes.
    h.get("/api/v1/organization/acme/members", Some(&token))
        .await
        .expect(200);
    let read_only = mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "ro", "scope": "repo:read", "expiration": 60}),
    )
    .await
    .expect(200);
    let ro = read_only.body["token"].as_str().unwrap().to_string();
    h.get("/api/v1/organization/acme/members", Some(&ro))
        .await
        .api_error(403, "insufficient_scope");
    let view = h
        .get("/api/v1/organization/acme", Some(&ro))
        .await
        .expect(200);
    assert_eq!(view.body["is_member"], false);

    // Listing: newest first, no secrets, last use recorded.
    let list = h
        .get(
            &format!("/api/v1/organization/acme/applications/{client}/tokens"),
            Some(&w.alice),
        )
        .await
        .expect(200);
    same_shape(
        &list.body,
        &fixture("listOrganizationApplicationTokens", "apptoken.list.ok"),
    );
    let tokens = list.body["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0]["name"], "ro");
    assert_eq!(tokens[1]["name"], "ci token");
    assert!(tokens[1]["last_accessed"].is_string());
    assert!(tokens.iter().all(|t| t.get("token").is_none()));
    assert!(list.body.get("next_page").is_none());

    // Revoking: the token stops working; a second revoke is 404.
    let uuid = ans.body["uuid"].as_str().unwrap();
    let path = format!("/api/v1/organization/acme/applications/{client}/tokens/{uuid}");
    h.delete(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(&path, None).await.csrf();
    h.delete(&path, Some(&w.alice)).await.expect(204);
    assert_eq!(logs(&h, "revoke_oauth_api_token").await, 1);
    h.get("/api/v1/organization/acme/members", Some(&token))
        .await
        .api_error(401, "invalid_token");
    let again = h
        .delete(&path, Some(&w.alice))
        .await
        .api_error(404, "not_found");
    same_shape(
        &again.body,
        &fixture(
            "deleteOrganizationApplicationToken",
            "apptoken.delete.unknown",
        ),
    );
    h.delete(
        "/api/v1/organization/acme/applications/NOSUCHCLIENT/tokens/x",
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
}

#[tokio::test]
async fn minting_refusals() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let bad_scope = mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "nonsense:scope"}),
    )
    .await
    .message_error(400, Some("Invalid scope: nonsense:scope"));
    assert_eq!(
        bad_scope.body,
        fixture(
            "createOrganizationApplicationToken",
            "apptoken.create.bad_scope"
        )
    );
    mint(&h, &client, &w.alice, json!({"name": "x", "scope": ""}))
        .await
        .message_error(400, Some("Invalid scope: "));
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "repo:read nonsense"}),
    )
    .await
    .message_error(400, Some("Invalid scope: repo:read nonsense"));
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "   ", "scope": "repo:read"}),
    )
    .await
    .message_error(400, Some("'name' must not be empty"));
    let missing = mint(&h, &client, &w.alice, json!({"scope": "repo:read"}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(missing.text(), "'name' is a required property");
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "", "scope": "repo:read"}),
    )
    .await
    .api_error(400, "invalid_request");
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "repo:read", "expiration": 0}),
    )
    .await
    .api_error(400, "invalid_request");
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "repo:read", "expiration": true}),
    )
    .await
    .api_error(400, "invalid_request");
    // Body before permission: bob with a bad body gets 400, with a good one 403.
    mint(&h, &client, &w.bob, json!({"scope": "repo:read"}))
        .await
        .api_error(400, "invalid_request");
    mint(
        &h,
        &client,
        &w.bob,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    mint(
        &h,
        "NOSUCHCLIENT",
        &w.alice,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .api_error(404, "not_found");
    // The requested scopes must be covered by the caller's own token.
    let narrow = h.user("alice", "org:admin repo:read").await;
    mint(
        &h,
        &client,
        &narrow,
        json!({"name": "x", "scope": "repo:write"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    mint(
        &h,
        &client,
        &narrow,
        json!({"name": "x", "scope": "user:read"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    mint(
        &h,
        &client,
        &narrow,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .expect(200);
    // super:user needs a real superuser.
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "super:user"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.call(
        Method::POST,
        &format!("/api/v1/organization/acme/applications/{client}/tokens"),
        Some("bogus"),
        Some(json!({"name": "x", "scope": "repo:read"})),
    )
    .await
    .csrf();
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM access_token WHERE app_id IS NOT NULL AND name != 'automation'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn full_access_superuser_tokens_mint_only_their_scopes() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let su_only = h.admin_with("super:user").await;
    mint(
        &h,
        &client,
        &su_only,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    let minted = mint(
        &h,
        &client,
        &su_only,
        json!({"name": "x", "scope": "super:user"}),
    )
    .await
    .expect(200);
    assert_eq!(minted.body["created_by"], "quayadmin");
    mint(
        &h,
        &client,
        &h.admin,
        json!({"name": "y", "scope": "repo:admin org:admin"}),
    )
    .await
    .expect(200);
    h.get(
        &format!("/api/v1/organization/nope/applications/{client}/tokens"),
        Some(&h.admin),
    )
    .await
    .api_error(404, "not_found");
}

#[tokio::test]
async fn token_listing_pages_and_hides_expired_tokens() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    for i in 0..52 {
        mint(
            &h,
            &client,
            &w.alice,
            json!({"name": format!("t{i}"), "scope": "repo:read"}),
        )
        .await
        .expect(200);
    }
    sql(
        &h,
        "UPDATE access_token SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE name = 't51'",
    )
    .await;
    let path = format!("/api/v1/organization/acme/applications/{client}/tokens");
    let first = h.get(&path, Some(&w.alice)).await.expect(200);
    let page = first.body["tokens"].as_array().unwrap();
    assert_eq!(page.len(), 50);
    assert_eq!(page[0]["name"], "t50");
    let next = first.body["next_page"].as_str().unwrap();
    let second = h
        .get(&format!("{path}?next_page={next}"), Some(&w.alice))
        .await
        .expect(200);
    let names: Vec<&str> = second.body["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["t0"]);
    assert!(second.body.get("next_page").is_none());
    // An invalid page token starts over.
    let again = h
        .get(&format!("{path}?next_page=gAAAAABnonsense"), Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(again.body["tokens"][0]["name"], "t50");
    let auditor = h.user("auditor", "user:read").await;
    h.get(&path, Some(&auditor)).await.expect(200);
    h.get(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    let anon = h.get(&path, None).await.api_error(401, "invalid_token");
    same_shape(
        &anon.body,
        &fixture(
            "listOrganizationApplicationTokens",
            "apptoken.list.anonymous",
        ),
    );
    h.get(
        "/api/v1/organization/acme/applications/NOSUCHCLIENT/tokens",
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
}
