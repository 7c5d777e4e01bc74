//! The caller's account: sign-up (createNewUser), deleting oneself (deleteCurrentUser), the
//! encrypted password (generateUserClientKey) and the conversion into an organization
//! (convertUserToOrganization).

use crate::common;

use super::support::*;
use common::*;
use poem::http::Method;
use quay_server::Config;
use serde_json::{Value, json};

const ME: &str = "/api/v1/user/";

async fn sign_up(h: &Harness, body: Value) -> Answer {
    let session = anonymous_session(h).await;
    h.call_headers(Method::POST, ME, &session.headers(), Some(body))
        .await
}

fn carol() -> Value {
    json!({"username": "carol", "password": "password123", "email": "carol@example.com"})
}

#[tokio::test]
async fn without_mailing_a_new_user_is_signed_in() {
    let h = Harness::with_config(Config {
        FEATURE_MAILING: false,
        ..Config::default()
    })
    .await;
    let ans = sign_up(&h, carol()).await.expect(200);
    assert_eq!(ans.body["username"], "carol");
    assert_eq!(ans.body["verified"], true);
    assert_eq!(
        key_set(&ans.body),
        key_set(&recorded("createNewUser", "user.createNewUser.ok"))
    );
    let cookie = cookie_of(&ans.set_cookie.unwrap());
    assert!(ans.next_csrf.is_some());
    let me = h
        .call_headers(Method::GET, ME, &[("cookie", &cookie)], None)
        .await
        .expect(200);
    assert_eq!(me.body["username"], "carol");
    assert_eq!(
        log_metadata(&h, "user_create").await[0]["username"],
        "carol"
    );
    // Without an e-mail address the user gets a placeholder one.
    let ans = sign_up(&h, json!({"username": "dave", "password": "password123"}))
        .await
        .expect(200);
    assert_eq!(ans.body["username"], "dave");
}

#[tokio::test]
async fn with_mailing_a_new_user_awaits_verification() {
    let h = Harness::new().await;
    let ans = sign_up(&h, carol()).await.expect(200);
    assert_eq!(ans.body, json!({"awaiting_verification": true}));
    assert!(ans.set_cookie.is_none());
    assert_eq!(
        count(&h, "SELECT verified FROM namespace WHERE name = 'carol'").await,
        0
    );
    // Not signed in: the password works but the address is unconfirmed.
    let session = anonymous_session(&h).await;
    let ans = h
        .call_headers(
            Method::POST,
            "/api/v1/signin",
            &session.headers(),
            Some(json!({"username": "carol", "password": "password123"})),
        )
        .await
        .expect(403);
    assert_eq!(ans.body["needsEmailVerification"], true);
}

#[tokio::test]
async fn sign_ups_are_refused_in_quays_order() {
    let h = Harness::new().await;
    h.user("alice", ALL).await;
    org(&h, "acme", "alice").await;
    let refused = |body: Value, text: &'static str| {
        let h = &h;
        async move {
            let ans = sign_up(h, body).await.api_error(400, "invalid_request");
            assert_eq!(ans.text(), text);
        }
    };
    refused(
        json!({"username": "alice", "password": "x"}),
        "The username already exists",
    )
    .await;
    refused(
        json!({"username": "bob", "password": "password123"}),
        "Email address is required",
    )
    .await;
    refused(
        json!({"username": "bob", "password": "short", "email": "bob@example.com"}),
        "Invalid password, password must be at least 8 characters and contain no whitespace.",
    )
    .await;
    refused(
        json!({"username": "acme", "password": "password123", "email": "a@example.com"}),
        "Username has already been taken by an organization and cannot be reused: acme",
    )
    .await;
    refused(
        json!({"username": "bob", "password": "password123", "email": "alice@example.com"}),
        "Email has already been used: alice@example.com",
    )
    .await;
    let ans = sign_up(
        &h,
        json!({"username": "B!", "password": "password123", "email": "b@example.com"}),
    )
    .await
    .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("Invalid namespace B!: "), "{ans:?}");
    // Body first: a missing password.
    sign_up(&h, json!({"username": "bob"}))
        .await
        .api_error(400, "invalid_request");
    // A write: without a session's CSRF token it is refused.
    h.post(ME, None, carol()).await.csrf();
    assert_eq!(logs(&h, "user_create").await, 0);
}

#[tokio::test]
async fn configuration_can_close_sign_up() {
    let h = Harness::with_config(Config {
        BLACKLISTED_EMAIL_DOMAINS: vec!["Example.com".into()],
        ..Config::default()
    })
    .await;
    let ans = sign_up(&h, carol()).await.api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "Creation of a user account for this e-mail is disabled; please contact an administrator"
    );
    let h = Harness::with_config(Config {
        FEATURE_USER_CREATION: false,
        ..Config::default()
    })
    .await;
    assert_eq!(sign_up(&h, carol()).await.status, 405);
}

#[tokio::test]
async fn a_user_deletes_itself() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let narrow = h.user("alice", "user:read").await;
    h.delete(ME, Some(&narrow))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(ME, None).await.csrf();
    h.delete(ME, Some(&alice)).await.expect(204);
    h.get("/api/v1/users/alice", None).await.expect(404);
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE name = 'alice'").await,
        0
    );
    // Its tokens went with it.
    h.get(ME, Some(&alice))
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn the_client_key_needs_the_password() {
    let h = Harness::new().await;
    let alice = with_password(&h, "alice").await;
    let path = "/api/v1/user/clientkey";
    let ans = h
        .post(path, Some(&alice), json!({"password": "password123"}))
        .await
        .expect(200);
    assert!(
        ans.body["key"].as_str().is_some_and(|k| k.len() > 20),
        "{ans:?}"
    );
    assert_eq!(logs(&h, "user_generate_client_key").await, 1);
    let ans = h
        .post(path, Some(&alice), json!({"password": "wrong-password"}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Invalid Username or Password");
    // The back-off, then a token without user:admin.
    assert_eq!(
        h.post(path, Some(&alice), json!({"password": "password123"}))
            .await
            .status,
        429
    );
    let narrow = h.user("alice", "repo:read").await;
    h.post(path, Some(&narrow), json!({"password": "password123"}))
        .await
        .api_error(403, "insufficient_scope");
    h.post(path, None, json!({"password": "x"})).await.csrf();
}

#[tokio::test]
async fn a_user_becomes_an_organization_of_another_user() {
    let h = Harness::new().await;
    let alice = with_password(&h, "alice").await;
    with_password(&h, "bob").await;
    let path = "/api/v1/user/convert";
    let convert =
        |user: &str, password: &str| json!({"adminUser": user, "adminPassword": password});
    let ans = h
        .post(path, Some(&alice), convert("alice", "password123"))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.body["reason"], "invaliduser");
    assert_eq!(ans.text(), "The admin user is not valid");
    let ans = h
        .post(path, Some(&alice), convert("nobody", "password123"))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "The admin user credentials are not valid");
    let ans = h
        .post(path, Some(&alice), convert("bob", "password123"))
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"success": true}));
    // bob is signed in, and administers the organization alice.
    let cookie = cookie_of(&ans.set_cookie.unwrap());
    let me = h
        .call_headers(Method::GET, ME, &[("cookie", &cookie)], None)
        .await
        .expect(200);
    assert_eq!(me.body["username"], "bob");
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE name = 'alice' AND kind = 'org' AND password_hash IS NULL").await,
        1
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM team t JOIN team_member m ON m.team_id = t.id JOIN namespace n ON n.id = t.org_id JOIN namespace u ON u.id = m.user_id WHERE n.name = 'alice' AND t.name = 'owners' AND t.role = 'admin' AND u.name = 'bob'").await,
        1
    );
    assert_eq!(logs(&h, "account_convert").await, 1);
}

#[tokio::test]
async fn details_change_field_by_field() {
    let h = Harness::with_config(Config {
        FEATURE_MAILING: false,
        ..Config::default()
    })
    .await;
    let alice = with_password(&h, "alice").await;
    h.user("bob", ALL).await;
    let ans = h
        .put(
            ME,
            Some(&alice),
            Some(json!({
                "email": "alice@example.org",
                "invoice_email": true,
                "invoice_email_address": "bills@example.org",
                "tag_expiration_s": 86400,
                "given_name": "Alice",
                "username": "alicia"
            })),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["email"], "alice@example.org");
    assert_eq!(ans.body["invoice_email"], true);
    assert_eq!(ans.body["invoice_email_address"], "bills@example.org");
    assert_eq!(ans.body["tag_expiration_s"], 86400);
    // Without FEATURE_USER_METADATA and FEATURE_USER_RENAME, as in Quay by default.
    assert_eq!(ans.body["given_name"], Value::Null);
    assert_eq!(ans.body["username"], "alice");
    assert!(ans.set_cookie.is_none());
    assert_eq!(
        key_set(&ans.body),
        key_set(&recorded("changeUserDetails", "user.changeUserDetails.ok"))
    );
    assert_eq!(logs(&h, "user_change_invoicing").await, 2);
    assert_eq!(
        without_token(&log_metadata(&h, "user_change_email").await[0]),
        json!({"email": "alice@example.org", "old_email": "alice@example.com"})
    );
    assert_eq!(logs(&h, "user_change_tag_expiration").await, 1);
    // Refusals change nothing.
    let ans = h
        .put(
            ME,
            Some(&alice),
            Some(json!({"invoice_email": false, "email": "bob@example.com"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "E-mail address already used");
    h.put(ME, Some(&alice), Some(json!({"tag_expiration_s": 5})))
        .await
        .message_error(400, Some("Invalid tag expiration option"));
    let ans = h
        .put(ME, Some(&alice), Some(json!({"password": "short"})))
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("Invalid password"), "{ans:?}");
    let me = h.get(ME, Some(&alice)).await.expect(200);
    assert_eq!(me.body["invoice_email"], true);
    // An empty address clears it.
    let ans = h
        .put(ME, Some(&alice), Some(json!({"invoice_email_address": ""})))
        .await
        .expect(200);
    assert_eq!(ans.body["invoice_email_address"], Value::Null);
    // Callers.
    let narrow = h.user("alice", "user:read").await;
    h.put(ME, Some(&narrow), Some(json!({})))
        .await
        .api_error(403, "insufficient_scope");
    h.put(ME, None, Some(json!({}))).await.csrf();
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_and_opens_one() {
    let h = Harness::new().await;
    let alice = with_password(&h, "alice").await;
    // A session of alice's from a sign-in.
    let session = anonymous_session(&h).await;
    let signed = h
        .call_headers(
            Method::POST,
            "/api/v1/signin",
            &session.headers(),
            Some(json!({"username": "alice", "password": "password123"})),
        )
        .await
        .expect(200);
    let old = cookie_of(&signed.set_cookie.unwrap());
    let ans = h
        .put(
            ME,
            Some(&alice),
            Some(json!({"password": "new-password-1"})),
        )
        .await
        .expect(200);
    assert!(ans.set_cookie.is_some() && ans.next_csrf.is_some());
    h.call_headers(Method::GET, ME, &[("cookie", &old)], None)
        .await
        .api_error(401, "invalid_token");
    let new = cookie_of(&ans.set_cookie.unwrap());
    let me = h
        .call_headers(Method::GET, ME, &[("cookie", &new)], None)
        .await
        .expect(200);
    assert_eq!(me.body["username"], "alice");
    assert_eq!(logs(&h, "account_change_password").await, 1);
    // The new password signs in; with mailing an e-mail change waits for its confirmation.
    let session = anonymous_session(&h).await;
    h.call_headers(
        Method::POST,
        "/api/v1/signin",
        &session.headers(),
        Some(json!({"username": "alice", "password": "new-password-1"})),
    )
    .await
    .expect(200);
    let ans = h
        .put(
            ME,
            Some(&alice),
            Some(json!({"email": "alice@example.org"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["email"], "alice@example.com");
}
