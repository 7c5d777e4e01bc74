//! The `user` tag through HTTP: bootstrap, the signed-in user, public user information.

use crate::common;

use common::*;
use poem::http::Method;
use serde_json::json;

#[tokio::test]
async fn initialize_only_works_once() {
    let h = Harness::new().await;
    let again = h
        .post(
            "/api/v1/user/initialize",
            None,
            json!({"username": "other", "password": "password123", "email": "o@example.com"}),
        )
        .await;
    again.message_error(400, Some("Cannot initialize user in a non-empty database"));
}

#[tokio::test]
async fn initialize_validates_the_new_user() {
    let h = Harness::with_config(quay_server::Config::default()).await;
    drop(h);
    let state = quay_server::AppState::new(
        quay_server::Store::in_memory().unwrap(),
        quay_server::Config::default(),
    );
    let client = poem::test::TestClient::new(quay_server::app(state));
    let resp = client
        .post("/api/v1/user/initialize")
        .body_json(&json!({"username": "quayadmin", "password": "short", "email": "a@example.com"}))
        .send()
        .await;
    resp.assert_status(poem::http::StatusCode::BAD_REQUEST);
    resp.assert_json(json!({"message": "Failed to initialize user: Invalid password, password must be at least 8 characters and contain no whitespace."})).await;
}

#[tokio::test]
async fn initialize_can_be_switched_off() {
    let config = quay_server::Config {
        FEATURE_USER_INITIALIZE: false,
        ..Default::default()
    };
    let state = quay_server::AppState::new(quay_server::Store::in_memory().unwrap(), config);
    let client = poem::test::TestClient::new(quay_server::app(state));
    let resp = client
        .post("/api/v1/user/initialize")
        .body_json(&json!({}))
        .send()
        .await;
    resp.assert_status(poem::http::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn logged_in_user_needs_user_read() {
    let h = Harness::new().await;
    let me = h.get("/api/v1/user/", Some(&h.admin)).await.expect(200);
    assert_eq!(me.body["username"], "quayadmin");
    assert_eq!(me.body["super_user"], true);
    assert_eq!(me.body["organizations"], json!([]));
    let no_scope = h.admin_with("super:user").await;
    h.get("/api/v1/user/", Some(&no_scope))
        .await
        .api_error(401, "invalid_token");
    h.get("/api/v1/user/", None)
        .await
        .api_error(401, "invalid_token");
    h.get("/api/v1/user/", Some("not-a-token"))
        .await
        .api_error(401, "invalid_token");
}

/// Field by field as a real Quay (ffba0c70e2d8) answered: the profile fields are present and
/// null, `global_readonly_super_user` only for global read-only superusers, `super_user` only
/// for superuser callers.
#[tokio::test]
async fn logged_in_user_has_quays_fields() {
    let h = Harness::new().await;
    let me = h.get("/api/v1/user/", Some(&h.admin)).await.expect(200);
    for field in [
        "company",
        "family_name",
        "given_name",
        "location",
        "invoice_email_address",
    ] {
        assert_eq!(
            me.body.get(field),
            Some(&json!(null)),
            "{field}: {}",
            me.body
        );
    }
    assert!(
        me.body.get("global_readonly_super_user").is_none(),
        "{}",
        me.body
    );
    let bob = h.user("bob", "user:read user:admin").await;
    let me = h.get("/api/v1/user/", Some(&bob)).await.expect(200);
    assert!(me.body.get("super_user").is_none(), "{}", me.body);
    assert_eq!(me.body["company"], json!(null));
}

#[tokio::test]
async fn logged_in_user_without_slash_redirects() {
    let h = Harness::new().await;
    let ans = h.get("/api/v1/user", Some(&h.admin)).await.expect(308);
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/user/")
    );
}

#[tokio::test]
async fn user_information_is_public() {
    let h = Harness::new().await;
    let ans = h.get("/api/v1/users/quayadmin", None).await.expect(200);
    assert_eq!(ans.body["username"], "quayadmin");
    assert_eq!(
        ans.body["avatar"]["hash"],
        "3e82e9cbf62d25dec0ed1b4c66ca7c5d47ab9f1f271958298dea856fb26adc4c"
    );
    assert!(ans.body.get("email").is_none());
    // `super_user` is Quay's answer to superuser callers only: whether the user is the caller.
    assert!(ans.body.get("super_user").is_none(), "{}", ans.body);
    let seen = h
        .get("/api/v1/users/quayadmin", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(seen.body["super_user"], true);
    h.user("bob", "user:read").await;
    let other = h.get("/api/v1/users/bob", Some(&h.admin)).await.expect(200);
    assert_eq!(other.body["super_user"], false);
    h.get("/api/v1/users/nobody", None)
        .await
        .message_error(404, None);
}

#[tokio::test]
async fn writes_without_a_valid_token_are_csrf_refusals() {
    let h = Harness::new().await;
    h.call(
        Method::POST,
        "/api/v1/organization/",
        None,
        Some(json!({"name": "acme"})),
    )
    .await
    .csrf();
    h.call(
        Method::POST,
        "/api/v1/organization/",
        Some("bogus"),
        Some(json!({"name": "acme"})),
    )
    .await
    .csrf();
}

#[tokio::test]
async fn read_only_registries_refuse_writes() {
    let config = quay_server::Config {
        REGISTRY_STATE: "readonly".into(),
        ..Default::default()
    };
    let h = Harness::with_config(config).await;
    let ans = h
        .post(
            "/api/v1/organization/",
            Some(&h.admin),
            json!({"name": "acme"}),
        )
        .await
        .expect(503);
    assert_eq!(ans.body["is_readonly"], true);
}

#[tokio::test]
async fn unknown_api_routes_answer_json() {
    let h = Harness::new().await;
    h.get("/api/v1/nothing-here", Some(&h.admin))
        .await
        .message_error(404, None);
}

/// A request records its token's access only when the recorded one is older than the interval
/// (as Quay): most reads never write.
#[tokio::test]
async fn a_tokens_access_is_recorded_once_per_interval() {
    use quay_server::store::access::{LAST_ACCESS_INTERVAL_S, hash_token};
    let h = Harness::new().await;
    let hash = hash_token(&h.admin);
    let last = || {
        let hash = hash.clone();
        h.state.store.read(move |tx| {
            Ok(tx.query_row(
                "SELECT last_accessed FROM access_token WHERE token_hash = ?1",
                [hash],
                |r| r.get::<_, Option<String>>(0),
            )?)
        })
    };
    h.get("/api/v1/user/", Some(&h.admin)).await.expect(200);
    let first = last().await.unwrap().expect("recorded");
    h.get("/api/v1/user/", Some(&h.admin)).await.expect(200);
    assert_eq!(last().await.unwrap().as_deref(), Some(first.as_str()));
    // Once the recorded access is older than the interval, the next request records anew.
    let old = (chrono::Utc::now() - chrono::Duration::seconds(LAST_ACCESS_INTERVAL_S + 1))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let (stale, hash2) = (old.clone(), hash_token(&h.admin));
    h.state
        .store
        .write(move |tx| {
            tx.execute(
                "UPDATE access_token SET last_accessed = ?1 WHERE token_hash = ?2",
                (stale, hash2),
            )?;
            Ok(())
        })
        .await
        .unwrap();
    h.get("/api/v1/user/", Some(&h.admin)).await.expect(200);
    let now = last().await.unwrap().unwrap();
    assert!(now > old, "{now} should be later than {old}");
}

/// Identified tokens are remembered until the next write: a revoked token is refused at once.
#[tokio::test]
async fn a_revoked_token_is_refused_at_once() {
    use quay_server::store::access::hash_token;
    let h = Harness::new().await;
    let bob = h.user("bob", "user:read").await;
    for _ in 0..3 {
        h.get("/api/v1/user/", Some(&bob)).await.expect(200);
    }
    let hash = hash_token(&bob);
    h.state
        .store
        .write(move |tx| {
            tx.execute("DELETE FROM access_token WHERE token_hash = ?1", [hash])?;
            Ok(())
        })
        .await
        .unwrap();
    h.get("/api/v1/user/", Some(&bob))
        .await
        .api_error(401, "invalid_token");
}

/// `alice` owns `acme` with the application `ci`; a token of it for alice with `scope`.
async fn app_token(h: &Harness, alice: &str, scope: &str) -> serde_json::Value {
    if h.get("/api/v1/organization/acme", Some(alice)).await.status == 404 {
        org(h, "acme", "alice").await;
    }
    let apps = h
        .get("/api/v1/organization/acme/applications", Some(alice))
        .await
        .body;
    let client = match apps["applications"].as_array().and_then(|a| a.first()) {
        Some(app) => app["client_id"].as_str().unwrap().to_string(),
        None => h
            .post(
                "/api/v1/organization/acme/applications",
                Some(alice),
                json!({"name": "ci", "description": "builds", "application_uri": "https://ci.example.com",
                       "avatar_email": "ci@example.com"}),
            )
            .await
            .expect(200)
            .body["client_id"]
            .as_str()
            .unwrap()
            .to_string(),
    };
    h.post(
        &format!("/api/v1/organization/acme/applications/{client}/tokens"),
        Some(alice),
        json!({"name": "deploy", "scope": scope}),
    )
    .await
    .expect(200)
    .body
}

#[tokio::test]
async fn the_callers_authorizations_are_listed_read_and_revoked() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    // A token no application issued is not an authorization.
    assert_eq!(
        h.get("/api/v1/user/authorizations", Some(&alice))
            .await
            .expect(200)
            .body,
        json!({"authorizations": []})
    );
    let minted = app_token(&h, &alice, "repo:read user:admin").await;
    let uuid = minted["uuid"].as_str().unwrap().to_string();
    let list = h
        .get("/api/v1/user/authorizations", Some(&alice))
        .await
        .body;
    let recorded = common::recorded("listUserAuthorizations", "user.listUserAuthorizations.ok");
    let entry = &list["authorizations"][0];
    assert_eq!(
        common::keys(entry),
        common::keys(&recorded["authorizations"][0])
    );
    assert_eq!(
        common::keys(&entry["application"]),
        common::keys(&recorded["authorizations"][0]["application"])
    );
    assert_eq!(entry["uuid"], json!(uuid));
    assert_eq!(entry["application"]["name"], "ci");
    assert_eq!(entry["application"]["url"], "https://ci.example.com");
    assert_eq!(entry["application"]["avatar"]["kind"], "app");
    assert_eq!(entry["application"]["organization"]["name"], "acme");
    assert_eq!(
        entry["application"]["organization"]["avatar"]["kind"],
        "org"
    );
    let scopes: Vec<&str> = entry["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["scope"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, vec!["repo:read", "user:admin"]);
    // Quay's texts, as recorded.
    let recorded_read = recorded["authorizations"][0]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope"] == "repo:read")
        .unwrap()
        .clone();
    assert_eq!(entry["scopes"][0], recorded_read);

    let path = format!("/api/v1/user/authorizations/{uuid}");
    assert_eq!(h.get(&path, Some(&alice)).await.expect(200).body, *entry);
    // Someone else's token, an unknown id: 404.
    h.get(&path, Some(&bob)).await.api_error(404, "not_found");
    h.delete(&path, Some(&bob))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/user/authorizations/notauuid", Some(&alice))
        .await
        .api_error(404, "not_found");

    // The token works until it is revoked, then not at all; the token revoking itself too.
    let token = minted["token"].as_str().unwrap().to_string();
    h.get("/api/v1/user/", Some(&token)).await.expect(200);
    h.delete(&path, Some(&alice)).await.expect(204);
    h.get("/api/v1/user/", Some(&token))
        .await
        .api_error(401, "invalid_token");
    h.delete(&path, Some(&alice))
        .await
        .api_error(404, "not_found");
    let own = app_token(&h, &alice, "user:admin").await;
    let own_token = own["token"].as_str().unwrap().to_string();
    h.delete(
        &format!(
            "/api/v1/user/authorizations/{}",
            own["uuid"].as_str().unwrap()
        ),
        Some(&own_token),
    )
    .await
    .expect(204);
    h.get("/api/v1/user/", Some(&own_token))
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn authorizations_need_user_admin() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let minted = app_token(&h, &alice, "user:read").await;
    let uuid = minted["uuid"].as_str().unwrap();
    let scoped = minted["token"].as_str().unwrap();
    h.get("/api/v1/user/authorizations", Some(scoped))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(&format!("/api/v1/user/authorizations/{uuid}"), Some(scoped))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/user/authorizations", None)
        .await
        .api_error(401, "invalid_token");
    h.delete(&format!("/api/v1/user/authorizations/{uuid}"), None)
        .await
        .csrf();
    // Nothing was revoked.
    h.get(&format!("/api/v1/user/authorizations/{uuid}"), Some(&alice))
        .await
        .expect(200);
}

mod account;
mod assigned;
mod external;
mod notifications;
mod session;
mod stars;
mod support;
