//! Assigned authorizations: an organization administrator assigns a token of the
//! organization's application to a user with the web route `POST /oauth/authorize/assignuser`
//! (session and CSRF token, as Quay's UI does), the user lists and declines them.

use crate::common;

use super::support::*;
use common::*;
use poem::http::Method;
use serde_json::{Value, json};

/// alice (password `password123`) administers `acme`, which has the application `deployer`;
/// bob is a plain user. Alice's signed-in session, her token, bob's token, the client id.
async fn setup(h: &Harness) -> (Browser, String, String, String) {
    let alice = with_password(h, "alice").await;
    let bob = h.user("bob", ALL).await;
    org(h, "acme", "alice").await;
    let app = h
        .post(
            "/api/v1/organization/acme/applications",
            Some(&alice),
            json!({"name": "deployer", "description": "Deploys", "application_uri": "https://deploy.example"}),
        )
        .await
        .expect(200);
    let client_id = app.body["client_id"].as_str().unwrap().to_string();
    let anon = anonymous_session(h).await;
    let signed = h
        .call_headers(
            Method::POST,
            "/api/v1/signin",
            &anon.headers(),
            Some(json!({"username": "alice", "password": "password123"})),
        )
        .await
        .expect(200);
    (Browser::opened_by(&signed), alice, bob, client_id)
}

fn assign_path(client_id: &str, username: &str) -> String {
    format!(
        "/oauth/authorize/assignuser?client_id={client_id}&redirect_uri=https%3A%2F%2Fdeploy.example%2Fcb&scope=repo:read%20user:read&username={username}&response_type=token&format=json"
    )
}

async fn assign(h: &Harness, b: &Browser, client_id: &str, username: &str) -> Answer {
    h.call_headers(
        Method::POST,
        &assign_path(client_id, username),
        &b.headers(),
        None,
    )
    .await
}

#[tokio::test]
async fn an_assignment_is_listed_notified_and_declined() {
    let h = Harness::new().await;
    let (alice_session, _, bob, client_id) = setup(&h).await;
    assert_eq!(
        h.get("/api/v1/user/assignedauthorization", Some(&bob))
            .await
            .expect(200)
            .body,
        common::recorded(
            "listAssignedAuthorizations",
            "user.listAssignedAuthorizations.ok"
        )
    );
    let ans = assign(&h, &alice_session, &client_id, "bob")
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"message": "Token assigned successfully"}));
    assert_eq!(logs(&h, "oauth_token_assigned").await, 1);
    assert_eq!(
        without_token(&log_metadata(&h, "oauth_token_assigned").await[0])["assigned_user"],
        "bob"
    );
    // Bob is notified.
    let notes = h.get("/api/v1/user/notifications", Some(&bob)).await.body;
    assert_eq!(notes["notifications"][0]["kind"], "assigned_authorization");
    assert_eq!(
        notes["notifications"][0]["metadata"],
        json!({"username": "bob"})
    );

    let list = h
        .get("/api/v1/user/assignedauthorization", Some(&bob))
        .await
        .expect(200)
        .body;
    let entry = &list["authorizations"][0];
    assert_eq!(entry["application"]["name"], "deployer");
    assert_eq!(entry["application"]["clientId"], json!(client_id));
    assert_eq!(entry["application"]["url"], "https://deploy.example");
    assert_eq!(entry["application"]["avatar"]["kind"], "app");
    assert_eq!(entry["application"]["organization"]["name"], "acme");
    assert_eq!(entry["redirectUri"], "https://deploy.example/cb");
    assert_eq!(entry["responseType"], "token");
    let scopes: Vec<&str> = entry["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["scope"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, vec!["repo:read", "user:read"]);
    // Listing dismissed the notification.
    let notes = h.get("/api/v1/user/notifications", Some(&bob)).await.body;
    assert_eq!(notes["notifications"], json!([]), "{notes}");

    // Someone else's, or an unknown id: 404. Declining deletes it.
    let uuid = entry["uuid"].as_str().unwrap().to_string();
    let path = format!("/api/v1/user/assignedauthorization/{uuid}");
    h.delete(&path, Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.delete(&path, Some(&bob)).await.expect(204);
    h.delete(&path, Some(&bob))
        .await
        .api_error(404, "not_found");
    let recorded = common::recorded(
        "deleteAssignedAuthorization",
        "user.deleteAssignedAuthorization.unknown",
    );
    let unknown = h
        .delete(
            "/api/v1/user/assignedauthorization/00000000-0000-0000-0000-000000000000",
            Some(&bob),
        )
        .await
        .expect(404);
    assert_eq!(common::keys(&unknown.body), common::keys(&recorded));
    assert_eq!(
        h.get("/api/v1/user/assignedauthorization", Some(&bob))
            .await
            .body,
        json!({"authorizations": []})
    );
}

#[tokio::test]
async fn deleting_the_application_deletes_its_assignments() {
    let h = Harness::new().await;
    let (alice_session, alice, bob, client_id) = setup(&h).await;
    assign(&h, &alice_session, &client_id, "bob")
        .await
        .expect(200);
    h.delete(
        &format!("/api/v1/organization/acme/applications/{client_id}"),
        Some(&alice),
    )
    .await
    .expect(204);
    assert_eq!(
        h.get("/api/v1/user/assignedauthorization", Some(&bob))
            .await
            .body,
        json!({"authorizations": []})
    );
}

#[tokio::test]
async fn assigning_checks_parameters_session_user_application_and_admin() {
    let h = Harness::new().await;
    let (alice_session, alice, bob, client_id) = setup(&h).await;
    // A missing parameter first, before anything else.
    let missing = h
        .call_headers(
            Method::POST,
            "/oauth/authorize/assignuser?client_id=x&redirect_uri=y&scope=z",
            &[],
            None,
        )
        .await
        .expect(400);
    assert_eq!(missing.body, json!({"error": "Required param: username"}));
    // A bearer token is not a session: the CSRF refusal; a session without its token too.
    h.call(
        Method::POST,
        &assign_path(&client_id, "bob"),
        Some(&alice),
        None,
    )
    .await
    .csrf();
    h.call_headers(
        Method::POST,
        &assign_path(&client_id, "bob"),
        &alice_session.headers()[..1],
        None,
    )
    .await
    .csrf();
    // An anonymous session: 401; unknown user, robot, unknown application: 404.
    let anon = anonymous_session(&h).await;
    assert_eq!(assign(&h, &anon, &client_id, "bob").await.status, 401);
    assert_eq!(
        assign(&h, &alice_session, &client_id, "nobody")
            .await
            .status,
        404
    );
    let robot = robot(&h, "acme", "bot").await;
    assert_eq!(
        assign(&h, &alice_session, &client_id, &robot).await.status,
        404
    );
    assert_eq!(assign(&h, &alice_session, "nope", "bob").await.status, 404);
    // Not an administrator of the application's organization: 403.
    sql(
        &h,
        "UPDATE namespace SET password_hash = (SELECT password_hash FROM namespace WHERE name = 'alice') WHERE name = 'bob'",
        vec![],
    )
    .await;
    let anon = anonymous_session(&h).await;
    let bob_session = Browser::opened_by(
        &h.call_headers(
            Method::POST,
            "/api/v1/signin",
            &anon.headers(),
            Some(json!({"username": "bob", "password": "password123"})),
        )
        .await
        .expect(200),
    );
    assert_eq!(
        assign(&h, &bob_session, &client_id, "bob").await.status,
        403
    );
    // The HTML answer without `format=json`.
    let page = h
        .call_headers(
            Method::POST,
            &assign_path(&client_id, "bob").replace("&format=json", ""),
            &alice_session.headers(),
            None,
        )
        .await
        .expect(200);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(page.text().contains("Token assigned successfully"));
    // Nothing was assigned by the refused requests.
    let list: Value = h
        .get("/api/v1/user/assignedauthorization", Some(&bob))
        .await
        .body;
    assert_eq!(list["authorizations"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn assigned_authorizations_need_user_admin_and_the_feature() {
    let h = Harness::new().await;
    let scoped = h.user("carol", "user:read").await;
    h.get("/api/v1/user/assignedauthorization", Some(&scoped))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/user/assignedauthorization/x", Some(&scoped))
        .await
        .api_error(403, "insufficient_scope");
    let recorded = common::recorded(
        "listAssignedAuthorizations",
        "user.listAssignedAuthorizations.anonymous",
    );
    let anonymous = h
        .get("/api/v1/user/assignedauthorization", None)
        .await
        .api_error(401, "invalid_token");
    assert_eq!(common::keys(&anonymous.body), common::keys(&recorded));
    h.delete("/api/v1/user/assignedauthorization/x", None)
        .await
        .csrf();

    let off = Harness::with_config(quay_server::Config {
        FEATURE_ASSIGN_OAUTH_TOKEN: false,
        ..Default::default()
    })
    .await;
    let ans = off
        .get("/api/v1/user/assignedauthorization", Some(&off.admin))
        .await
        .expect(404);
    assert!(ans.content_type.starts_with("text/html"));
    let (alice_session, _, _, client_id) = setup(&off).await;
    assert_eq!(
        assign(&off, &alice_session, &client_id, "bob").await.status,
        404
    );
}
