//! Web sessions: `GET /csrf_token`, signinUser, verifyUser and logout, and what a session
//! changes in the pipeline (CSRF on writes, every scope, fresh login).

use crate::common;

use super::support::*;
use common::*;
use poem::http::Method;
use serde_json::{Value, json};

/// `alice` with the password `password123` (and a token with every scope).
async fn alice(h: &Harness) -> String {
    with_password(h, "alice").await
}

async fn sign_in(h: &Harness, from: &Browser, username: &str, password: &str) -> Answer {
    h.call_headers(
        Method::POST,
        "/api/v1/signin",
        &from.headers(),
        Some(json!({"username": username, "password": password})),
    )
    .await
}

/// Signs alice in; her session.
async fn signed_in(h: &Harness) -> Browser {
    let anon = anonymous_session(h).await;
    let ans = sign_in(h, &anon, "alice", "password123").await.expect(200);
    assert_eq!(ans.body, json!({"success": true}));
    Browser::opened_by(&ans)
}

async fn me(h: &Harness, b: &Browser) -> Answer {
    h.call_headers(Method::GET, "/api/v1/user/", &b.headers()[..1], None)
        .await
}

#[tokio::test]
async fn a_session_acts_as_its_user_and_its_writes_need_the_csrf_token() {
    let h = Harness::new().await;
    alice(&h).await;
    let anon = anonymous_session(&h).await;
    // The same session answers the same token.
    let again = h
        .call_headers(Method::GET, "/csrf_token", &anon.headers()[..1], None)
        .await
        .expect(200);
    assert_eq!(again.body["csrf_token"], json!(anon.csrf));
    assert!(again.set_cookie.is_none());
    // An anonymous session lives an hour at most (a signed-in one SESSION_TIMEOUT).
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(3700))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    assert_eq!(
        count(
            &h,
            &format!(
                "SELECT count(*) FROM web_session WHERE user_id IS NULL AND expires_at < '{soon}'"
            )
        )
        .await,
        1
    );
    // A sign-in is a write: without the CSRF token it is refused.
    h.call_headers(
        Method::POST,
        "/api/v1/signin",
        &anon.headers()[..1],
        Some(json!({"username": "alice", "password": "password123"})),
    )
    .await
    .csrf();
    h.post(
        "/api/v1/signin",
        None,
        json!({"username": "alice", "password": "password123"}),
    )
    .await
    .csrf();

    let session = signed_in(&h).await;
    assert_ne!(session.csrf, anon.csrf);
    assert_eq!(
        count(
            &h,
            &format!("SELECT count(*) FROM web_session WHERE user_id IS NOT NULL AND expires_at > '{soon}'")
        )
        .await,
        1
    );
    assert_eq!(me(&h, &session).await.expect(200).body["username"], "alice");
    // The anonymous session was replaced.
    me(&h, &anon).await.api_error(401, "invalid_token");
    // Writes: with the token (every scope), and refused without it.
    let org = json!({"name": "acme", "email": "acme@example.com"});
    h.call_headers(
        Method::POST,
        "/api/v1/organization/",
        &session.headers()[..1],
        Some(org.clone()),
    )
    .await
    .csrf();
    let wrong = [
        ("cookie", session.cookie.as_str()),
        ("x-csrf-token", "nope"),
    ];
    h.call_headers(
        Method::POST,
        "/api/v1/organization/",
        &wrong,
        Some(org.clone()),
    )
    .await
    .csrf();
    h.call_headers(
        Method::POST,
        "/api/v1/organization/",
        &session.headers(),
        Some(org),
    )
    .await
    .expect(201);
    // The `_csrf_token` parameter does as well as the header.
    let path = format!(
        "/api/v1/user/starred?_csrf_token={}",
        urlencode(&session.csrf)
    );
    h.call_headers(
        Method::GET,
        "/api/v1/user/starred",
        &session.headers()[..1],
        None,
    )
    .await
    .expect(200);
    h.call_headers(
        Method::POST,
        &path,
        &session.headers()[..1],
        Some(json!({"namespace": "acme", "repository": "nothere"})),
    )
    .await
    .api_error(404, "not_found");
    assert_eq!(logs(&h, "login_success").await, 1);
    let meta = log_metadata(&h, "login_success").await;
    assert_eq!(meta[0]["type"], "quayauth");
    // A bearer token wins over the cookie; a bad one does not fall back to it.
    let bad = [
        ("cookie", session.cookie.as_str()),
        ("authorization", "Bearer nope"),
    ];
    h.call_headers(Method::GET, "/api/v1/user/", &bad, None)
        .await
        .api_error(401, "invalid_token");
}

/// Moves the last failed password check into the past, ending any back-off.
async fn past_backoff(h: &Harness) {
    sql(
        h,
        "UPDATE namespace SET last_invalid_login = '2020-01-01T00:00:00.000000Z'",
        vec![],
    )
    .await;
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn refused_credentials_say_why() {
    let h = Harness::new().await;
    alice(&h).await;
    let anon = anonymous_session(&h).await;
    let invalid = json!({"needsEmailVerification": false, "invalidCredentials": true, "message": "Invalid Username or Password"});
    for (user, password) in [
        ("alice", "wrong-password"),
        ("nobody", "password123"),
        ("ålice", "password123"),
    ] {
        let ans = sign_in(&h, &anon, user, password).await.expect(403);
        assert_eq!(ans.body, invalid, "{user}");
        assert!(ans.set_cookie.is_none());
    }
    // Quay's back-off: right after a failure even the right password is refused (429).
    let ans = sign_in(&h, &anon, "alice", "password123").await.expect(429);
    assert!(ans.content_type.starts_with("text/html"), "{ans:?}");
    assert_eq!(
        ans.body,
        json!("Too many login attempts. \nPlease reset your Quay password and try again.")
    );
    assert_eq!(
        count(
            &h,
            "SELECT invalid_login_attempts FROM namespace WHERE name = 'alice'"
        )
        .await,
        1
    );
    // Once the wait (0.5 s after one failure) is over: by e-mail address, which clears it.
    past_backoff(&h).await;
    sign_in(&h, &anon, "alice@example.com", "password123")
        .await
        .expect(200);
    assert_eq!(
        count(
            &h,
            "SELECT invalid_login_attempts FROM namespace WHERE name = 'alice'"
        )
        .await,
        0
    );
    // Unverified, then disabled.
    let anon = anonymous_session(&h).await;
    sql(
        &h,
        "UPDATE namespace SET verified = 0 WHERE name = 'alice'",
        vec![],
    )
    .await;
    let ans = sign_in(&h, &anon, "alice", "password123").await.expect(403);
    assert_eq!(
        ans.body,
        json!({"needsEmailVerification": true, "invalidCredentials": false, "message": null})
    );
    sql(
        &h,
        "UPDATE namespace SET verified = 1, enabled = 0 WHERE name = 'alice'",
        vec![],
    )
    .await;
    let ans = sign_in(&h, &anon, "alice", "password123").await.expect(403);
    assert_eq!(
        ans.body["message"],
        "This user has been disabled. Please contact your administrator."
    );
    // A body without a password.
    h.call_headers(
        Method::POST,
        "/api/v1/signin",
        &anon.headers(),
        Some(json!({"username": "alice"})),
    )
    .await
    .api_error(400, "invalid_request");
    assert_eq!(logs(&h, "login_failure").await, 0);
}

#[tokio::test]
async fn failures_are_logged_when_configured() {
    let h = Harness::with_config(quay_server::Config {
        ACTION_LOG_AUDIT_LOGIN_FAILURES: true,
        ACTION_LOG_AUDIT_LOGINS: false,
        ..quay_server::Config::default()
    })
    .await;
    alice(&h).await;
    let anon = anonymous_session(&h).await;
    sign_in(&h, &anon, "alice", "nope-nope").await.expect(403);
    let meta = log_metadata(&h, "login_failure").await;
    assert_eq!(meta[0]["username"], "alice");
    assert_eq!(meta[0]["message"], "Invalid Username or Password");
    past_backoff(&h).await;
    sign_in(&h, &anon, "alice", "password123").await.expect(200);
    assert_eq!(logs(&h, "login_success").await, 0);
}

#[tokio::test]
async fn signing_out_ends_every_session_of_the_user() {
    let h = Harness::new().await;
    let token = alice(&h).await;
    let first = signed_in(&h).await;
    let second = signed_in(&h).await;
    let ans = h
        .call_headers(Method::POST, "/api/v1/signout", &first.headers(), None)
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"success": true}));
    me(&h, &first).await.api_error(401, "invalid_token");
    me(&h, &second).await.api_error(401, "invalid_token");
    assert_eq!(logs(&h, "logout_success").await, 1);
    // The first session's CSRF token still works, for a new sign-in.
    sign_in(&h, &first, "alice", "password123")
        .await
        .expect(200);
    // Without the CSRF token: refused. With a bearer token: its user's sessions end.
    h.post("/api/v1/signout", None, json!({})).await.csrf();
    let third = signed_in(&h).await;
    h.post("/api/v1/signout", Some(&token), json!({}))
        .await
        .expect(200);
    me(&h, &third).await.api_error(401, "invalid_token");
    h.get("/api/v1/user/", Some(&token)).await.expect(200);
}

#[tokio::test]
async fn an_old_sign_in_needs_verifying_for_fresh_login_operations() {
    let h = Harness::new().await;
    let token = alice(&h).await;
    org(&h, "acme", "alice").await;
    let session = signed_in(&h).await;
    sql(
        &h,
        "UPDATE web_session SET login_time = '2020-01-01T00:00:00.000000Z' WHERE user_id IS NOT NULL",
        vec![],
    )
    .await;
    // A fresh-login operation refuses; others do not mind.
    h.call_headers(
        Method::DELETE,
        "/api/v1/organization/acme",
        &session.headers(),
        None,
    )
    .await
    .api_error(401, "fresh_login_required");
    me(&h, &session).await.expect(200);
    // A bearer token is always fresh.
    let verify = |password: &str| json!({"password": password});
    let ans = h
        .call_headers(
            Method::POST,
            "/api/v1/signin/verify",
            &session.headers(),
            Some(verify("wrong-password")),
        )
        .await
        .expect(403);
    assert_eq!(
        ans.body,
        json!({"message": "Invalid Username or Password", "invalidCredentials": true})
    );
    // verifyUser has the back-off too.
    h.call_headers(
        Method::POST,
        "/api/v1/signin/verify",
        &session.headers(),
        Some(verify("password123")),
    )
    .await
    .expect(429);
    past_backoff(&h).await;
    let ans = h
        .call_headers(
            Method::POST,
            "/api/v1/signin/verify",
            &session.headers(),
            Some(verify("password123")),
        )
        .await
        .expect(200);
    let fresh = Browser::opened_by(&ans);
    h.call_headers(
        Method::DELETE,
        "/api/v1/organization/acme",
        &fresh.headers(),
        None,
    )
    .await
    .expect(204);
    // verifyUser with a bearer token: user:admin needed, and it opens a session.
    let narrow = h.user("alice", "repo:read").await;
    h.post(
        "/api/v1/signin/verify",
        Some(&narrow),
        verify("password123"),
    )
    .await
    .api_error(403, "insufficient_scope");
    let ans = h
        .post("/api/v1/signin/verify", Some(&token), verify("password123"))
        .await
        .expect(200);
    assert!(ans.set_cookie.is_some() && ans.next_csrf.is_some());
    h.post("/api/v1/signin/verify", None, verify("password123"))
        .await
        .csrf();
}

#[tokio::test]
async fn signing_in_works_on_a_read_only_registry() {
    let h = Harness::with_config(quay_server::Config {
        REGISTRY_STATE: "readonly".into(),
        ..quay_server::Config::default()
    })
    .await;
    alice(&h).await;
    let session = signed_in(&h).await;
    let ans = h
        .call_headers(Method::POST, "/api/v1/signout", &session.headers(), None)
        .await;
    assert_eq!(ans.status, 503);
    let _: Value = ans.body;
}
