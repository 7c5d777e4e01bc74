//! External login services: with none configured (this server's Database authentication),
//! no authorization URL is handed out and detaching always succeeds.

use crate::common;

use super::support::*;
use common::*;
use poem::http::Method;
use serde_json::json;

#[tokio::test]
async fn no_login_service_hands_out_an_authorization_url() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    // Quay crashes here (500); what it means is this 400.
    h.post(
        "/api/v1/externallogin/github",
        Some(&bob),
        json!({"kind": "login"}),
    )
    .await
    .api_error(400, "invalid_request");
    // The body is validated first.
    let bad = h
        .post(
            "/api/v1/externallogin/github",
            Some(&bob),
            json!({"kind": "browser"}),
        )
        .await
        .api_error(400, "invalid_request");
    let detail = bad.body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(
            "'browser' is not one of ['login', 'attach', 'cli']\n\nFailed validating 'enum'"
        ),
        "{detail}"
    );
    h.post("/api/v1/externallogin/github", Some(&bob), json!({}))
        .await
        .api_error(400, "invalid_request");
    // Anyone may ask, but a write needs a session's CSRF token or a token.
    h.call(
        Method::POST,
        "/api/v1/externallogin/github",
        None,
        Some(json!({"kind": "login"})),
    )
    .await
    .csrf();
    let anon = anonymous_session(&h).await;
    h.call_headers(
        Method::POST,
        "/api/v1/externallogin/github",
        &anon.headers(),
        Some(json!({"kind": "attach"})),
    )
    .await
    .api_error(400, "invalid_request");
    let recorded = common::recorded(
        "retrieveExternalLoginAuthorizationUrl",
        "user.retrieveExternalLoginAuthorizationUrl.anonymous",
    );
    let csrf = h
        .call(
            Method::POST,
            "/api/v1/externallogin/github",
            None,
            Some(json!({"kind": "login"})),
        )
        .await;
    assert_eq!(csrf.body, recorded);
}

#[tokio::test]
async fn external_login_works_on_a_read_only_registry() {
    let h = Harness::with_config(quay_server::Config {
        REGISTRY_STATE: "readonly".into(),
        ..Default::default()
    })
    .await;
    // Not the read-only refusal: the answer of an unconfigured service.
    h.post(
        "/api/v1/externallogin/google",
        Some(&h.admin),
        json!({"kind": "cli"}),
    )
    .await
    .api_error(400, "invalid_request");
    h.post("/api/v1/detachexternal/google", Some(&h.admin), json!({}))
        .await
        .expect(503);
}

#[tokio::test]
async fn detaching_succeeds_without_a_link_and_needs_user_admin() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let ans = h
        .post("/api/v1/detachexternal/github", Some(&bob), json!({}))
        .await
        .expect(200);
    assert_eq!(
        ans.body,
        common::recorded(
            "detachExternalLogin",
            "user.detachExternalLogin.unknown_service"
        )
    );
    let scoped = h.user("carol", "user:read").await;
    h.post("/api/v1/detachexternal/github", Some(&scoped), json!({}))
        .await
        .api_error(403, "insufficient_scope");
    h.call(Method::POST, "/api/v1/detachexternal/github", None, None)
        .await
        .csrf();
    // An anonymous session passes the CSRF check and is refused as anonymous.
    let anon = anonymous_session(&h).await;
    h.call_headers(
        Method::POST,
        "/api/v1/detachexternal/github",
        &anon.headers(),
        None,
    )
    .await
    .api_error(401, "invalid_token");
    // Off with FEATURE_DIRECT_LOGIN.
    let off = Harness::with_config(quay_server::Config {
        FEATURE_DIRECT_LOGIN: false,
        ..Default::default()
    })
    .await;
    let gone = off
        .post("/api/v1/detachexternal/github", Some(&off.admin), json!({}))
        .await;
    assert_eq!(gone.status, 405, "{:?}", gone.body);
}
