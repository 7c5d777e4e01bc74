//! The `appspecifictokens` area: a user's own tokens, their codes sealed at rest, the panel's
//! audit of everyone's.

use crate::common::{self, ALL, Harness, count, logs};
use quay_server::Config;
use serde_json::json;

#[tokio::test]
async fn a_user_creates_reads_lists_and_revokes_own_tokens() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let created = h
        .post(
            "/api/v1/user/apptoken",
            Some(&alice),
            json!({"title": "ci"}),
        )
        .await
        .expect(200);
    let token = &created.body["token"];
    assert_eq!(
        common::key_set(token),
        common::key_set(
            &common::recorded("createAppToken", "appspecifictokens.createAppToken.ok")["token"]
        )
    );
    let code = token["token_code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 120);
    assert!(
        code.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert_eq!(token["expiration"], json!(null));
    assert!(token["created"].as_str().unwrap().ends_with(" -0000"));
    let uuid = token["uuid"].as_str().unwrap().to_string();
    assert_eq!(logs(&h, "create_app_specific_token").await, 1);

    // The code is shown again, but never stored in the clear.
    let again = h
        .get(&format!("/api/v1/user/apptoken/{uuid}"), Some(&alice))
        .await
        .expect(200);
    assert_eq!(again.body["token"]["token_code"], json!(code));
    assert_eq!(
        count(
            &h,
            &format!(
                "SELECT COUNT(*) FROM app_token WHERE token_secret LIKE '%{}%'",
                &code[60..]
            )
        )
        .await,
        0
    );

    let list = h
        .get("/api/v1/user/apptoken", Some(&alice))
        .await
        .expect(200);
    assert_eq!(list.body["only_expiring"], json!(null));
    assert_eq!(list.body["tokens"][0]["uuid"], json!(uuid));
    assert!(list.body["tokens"][0].get("token_code").is_none());

    // Another user sees none of it.
    let bob = h.user("bob", ALL).await;
    let path = format!("/api/v1/user/apptoken/{uuid}");
    h.get(&path, Some(&bob)).await.api_error(404, "not_found");
    h.delete(&path, Some(&bob))
        .await
        .api_error(404, "not_found");
    let theirs = h.get("/api/v1/user/apptoken", Some(&bob)).await.expect(200);
    assert_eq!(theirs.body["tokens"], json!([]));

    h.delete(&path, Some(&alice)).await.expect(204);
    assert_eq!(logs(&h, "revoke_app_specific_token").await, 1);
    h.get(&path, Some(&alice)).await.api_error(404, "not_found");
    h.delete(&path, Some(&alice))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn only_user_admin_tokens_may_and_bodies_are_checked() {
    let h = Harness::new().await;
    h.get("/api/v1/user/apptoken", None)
        .await
        .api_error(401, "invalid_token");
    let reader = h.user("carol", "user:read").await;
    h.get("/api/v1/user/apptoken", Some(&reader))
        .await
        .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/user/apptoken",
        Some(&reader),
        json!({"title": "x"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post("/api/v1/user/apptoken", None, json!({"title": "x"}))
        .await
        .csrf();
    let alice = h.user("alice", ALL).await;
    let refused = h
        .post("/api/v1/user/apptoken", Some(&alice), json!({}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        refused.body["detail"],
        common::recorded(
            "createAppToken",
            "appspecifictokens.createAppToken.missing_title"
        )["detail"]
    );
    assert_eq!(count(&h, "SELECT COUNT(*) FROM app_token").await, 0);
}

#[tokio::test]
async fn tokens_expire_after_the_configured_lifetime_and_expiring_ones_are_listed() {
    let h = Harness::with_config(Config {
        APP_SPECIFIC_TOKEN_EXPIRATION: Some("10d".into()),
        ..Config::default()
    })
    .await;
    let alice = h.user("alice", ALL).await;
    let t = h
        .post(
            "/api/v1/user/apptoken",
            Some(&alice),
            json!({"title": "soon"}),
        )
        .await
        .expect(200);
    let uuid = t.body["token"]["uuid"].as_str().unwrap().to_string();
    assert!(t.body["token"]["expiration"].is_string());
    // The window is a tenth of ten days: a token expiring within a day is "expiring".
    common::sql(
        &h,
        "UPDATE app_token SET expiration = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+23 hours') WHERE uuid = ?1",
        vec![uuid.clone()],
    )
    .await;
    let soon = h
        .get("/api/v1/user/apptoken?expiring=true", Some(&alice))
        .await
        .expect(200);
    assert_eq!(soon.body["only_expiring"], json!(true));
    assert_eq!(soon.body["tokens"].as_array().unwrap().len(), 1);
    common::sql(
        &h,
        "UPDATE app_token SET expiration = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+3 days') WHERE uuid = ?1",
        vec![uuid.clone()],
    )
    .await;
    let soon = h
        .get("/api/v1/user/apptoken?expiring=1", Some(&alice))
        .await
        .expect(200);
    assert_eq!(soon.body["tokens"], json!([]));
    // Expired: listed, but no longer readable.
    common::sql(
        &h,
        "UPDATE app_token SET expiration = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute') WHERE uuid = ?1",
        vec![uuid.clone()],
    )
    .await;
    let all = h
        .get("/api/v1/user/apptoken?expiring=false", Some(&alice))
        .await
        .expect(200);
    assert_eq!(all.body["only_expiring"], json!(false));
    assert_eq!(all.body["tokens"].as_array().unwrap().len(), 1);
    h.get(&format!("/api/v1/user/apptoken/{uuid}"), Some(&alice))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn the_feature_flag_unregisters_the_area() {
    let h = Harness::with_config(Config {
        FEATURE_APP_SPECIFIC_TOKENS: false,
        ..Config::default()
    })
    .await;
    let alice = h.user("alice", ALL).await;
    let ans = h.get("/api/v1/user/apptoken", Some(&alice)).await;
    assert_eq!(ans.status, 404, "{ans:?}");
    let ans = h.get("/api/v1/superuser/apptokens", Some(&h.admin)).await;
    assert_eq!(ans.status, 404, "{ans:?}");
}
