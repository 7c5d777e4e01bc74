//! Storage through the whole stack: data survives a restart on a file database, a failing
//! multi-step change leaves nothing behind, and the generated document is served.

use crate::common;

use poem::test::TestClient;
use quay_server::error::QuayError;
use quay_server::store::namespace;
use quay_server::{AppState, Config, Store, app};
use serde_json::json;

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let token = {
        let client = TestClient::new(app(AppState::new(
            Store::open(dir.path()).unwrap(),
            Config::default(),
        )));
        let resp = client
            .post("/api/v1/user/initialize")
            .body_json(&json!({"username": "quayadmin", "password": "password123", "email": "quayadmin@example.com", "access_token": true}))
            .send()
            .await;
        resp.assert_status_is_ok();
        let token = resp
            .json()
            .await
            .value()
            .object()
            .get("access_token")
            .string()
            .to_string();
        let resp = client
            .post("/api/v1/organization/")
            .header("authorization", format!("Bearer {token}"))
            .body_json(&json!({"name": "kept", "email": "kept@example.com"}))
            .send()
            .await;
        resp.assert_status(poem::http::StatusCode::CREATED);
        token
    };
    // A new server over the same directory: the organization and the token are still there.
    let client = TestClient::new(app(AppState::new(
        Store::open(dir.path()).unwrap(),
        Config::default(),
    )));
    let resp = client
        .get("/api/v1/organization/kept")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    resp.assert_status_is_ok();
    let json = resp.json().await;
    assert_eq!(json.value().object().get("name").string(), "kept");
    assert!(json.value().object().get("is_admin").bool());
}

#[tokio::test]
async fn a_failing_multi_step_change_is_rolled_back() {
    let h = common::Harness::new().await;
    // Create a user, then fail before the change completes: the whole transaction goes.
    let result: Result<(), QuayError> = h
        .state
        .store
        .write(|tx| {
            let id = namespace::insert(tx, "halfway", "user", Some("h@example.com"), None, None)?;
            namespace::log(
                tx,
                "user_create",
                Some(id),
                Some(id),
                json!({"username": "halfway"}),
            )?;
            Err(QuayError::message(400, "refused after the first steps"))
        })
        .await;
    assert!(result.is_err());
    h.get("/api/v1/users/halfway", None)
        .await
        .message_error(404, None);
    let logs = h
        .get("/api/v1/superuser/logs", Some(&h.admin))
        .await
        .expect(200);
    assert!(!logs.body.to_string().contains("halfway"), "{}", logs.body);
}

#[tokio::test]
async fn a_refused_request_changes_nothing() {
    let h = common::Harness::new().await;
    h.post(
        "/api/v1/organization/",
        Some(&h.admin),
        json!({"name": "acme"}),
    )
    .await
    .expect(201);
    // Deleting the owners team would leave the organization without an admin: refused, and
    // the team, its member and the organization's admin rights are intact.
    h.delete("/api/v1/organization/acme/team/owners", Some(&h.admin))
        .await
        .message_error(400, None);
    let org = h
        .get("/api/v1/organization/acme", Some(&h.admin))
        .await
        .expect(200);
    assert!(org.body["teams"]["owners"].is_object(), "{}", org.body);
    assert_eq!(org.body["is_admin"], true);
}

#[tokio::test]
async fn the_generated_document_and_swagger_ui_are_served() {
    let h = common::Harness::new().await;
    let doc = h.get("/api/v1/openapi.json", None).await.expect(200);
    let operations: usize = doc.body["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(
        operations, 75,
        "every operation of the contract is documented"
    );
    let yaml = h.get("/api/v1/openapi.yaml", None).await.expect(200);
    assert!(
        yaml.body
            .as_str()
            .unwrap()
            .contains("operationId: getOrganization")
    );
    let ui = h.get("/api/v1/docs/", None).await.expect(200);
    assert!(ui.body.as_str().unwrap().to_lowercase().contains("swagger"));
}
