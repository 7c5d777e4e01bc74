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
        operations, 184,
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

/// Robot tokens, client secrets and upstream credentials are sealed in the database file; the
/// API still shows them, after a restart with the same key, and another key is refused.
#[tokio::test]
async fn secrets_are_sealed_at_rest() {
    let dir = tempfile::tempdir().unwrap();
    let key = Some("6d1f6b2a-8c1e-4a53-9d0e-2f7a3c5b9e10");
    let serve = |secret: Option<&str>| {
        TestClient::new(app(AppState::new(
            Store::open_with_secret(dir.path(), secret).unwrap(),
            Config::default(),
        )))
    };
    let client = serve(key);
    let resp = client
        .post("/api/v1/user/initialize")
        .body_json(&json!({"username": "quayadmin", "password": "password123", "email": "quayadmin@example.com", "access_token": true}))
        .send()
        .await;
    resp.assert_status_is_ok();
    let json = resp.json().await;
    let token = json
        .value()
        .object()
        .get("access_token")
        .string()
        .to_string();
    let bearer = format!("Bearer {token}");
    call(
        &client,
        &bearer,
        "POST",
        "/api/v1/organization/",
        Some(json!({"name": "sealed", "email": "sealed@example.com"})),
    )
    .await;
    let robot = call(
        &client,
        &bearer,
        "PUT",
        "/api/v1/organization/sealed/robots/bot",
        Some(json!({})),
    )
    .await;
    let robot_token = robot["token"].as_str().unwrap().to_string();
    let app = call(
        &client,
        &bearer,
        "POST",
        "/api/v1/organization/sealed/applications",
        Some(json!({"name": "app"})),
    )
    .await;
    let client_id = app["client_id"].as_str().unwrap().to_string();
    let client_secret = app["client_secret"].as_str().unwrap().to_string();
    let password = "upstream-password-in-the-clear";
    call(
        &client,
        &bearer,
        "POST",
        "/api/v1/organization/sealed/proxycache",
        Some(json!({"upstream_registry": "93.184.216.34", "upstream_registry_username": "upstream-user", "upstream_registry_password": password})),
    )
    .await;
    let app_token = call(
        &client,
        &bearer,
        "POST",
        "/api/v1/user/apptoken",
        Some(json!({"title": "registry"})),
    )
    .await["token"]
        .clone();
    let app_token_code = app_token["token_code"].as_str().unwrap().to_string();
    let app_token_secret = app_token_code[60..].to_string();
    drop(client);

    // Neither the database nor its write-ahead log holds any of them in the clear.
    let mut raw = Vec::new();
    for file in ["quay.db", "quay.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.path().join(file)) {
            raw.extend(bytes);
        }
    }
    let holds = |needle: &str| raw.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(holds("sealed+bot"), "the robot is stored");
    assert!(
        holds("$2b$12$"),
        "passwords are hashed at Quay's work factor"
    );
    assert!(
        holds("93.184.216.34"),
        "the proxy-cache configuration is stored"
    );
    for secret in [
        robot_token.as_str(),
        client_secret.as_str(),
        password,
        "upstream-user",
        app_token_secret.as_str(),
    ] {
        assert!(!holds(secret), "{secret} is stored in the clear");
    }

    // After a restart with the same key the API shows them again.
    let client = serve(key);
    let robot = call(
        &client,
        &bearer,
        "GET",
        "/api/v1/organization/sealed/robots/bot",
        None,
    )
    .await;
    assert_eq!(robot["token"], robot_token.as_str());
    let app = call(
        &client,
        &bearer,
        "GET",
        &format!("/api/v1/organization/sealed/applications/{client_id}"),
        None,
    )
    .await;
    assert_eq!(app["client_secret"], client_secret.as_str());
    let again = call(
        &client,
        &bearer,
        "GET",
        &format!(
            "/api/v1/user/apptoken/{}",
            app_token["uuid"].as_str().unwrap()
        ),
        None,
    )
    .await;
    assert_eq!(again["token"]["token_code"], app_token_code.as_str());
    drop(client);

    // Another key is refused at open, before any request.
    let refused = Store::open_with_secret(dir.path(), Some("another key")).unwrap_err();
    assert!(
        refused.to_string().contains("DATABASE_SECRET_KEY"),
        "{refused}"
    );
}

/// One call with a bearer token; the JSON answer.
async fn call<E: poem::Endpoint>(
    client: &TestClient<E>,
    bearer: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let req = match method {
        "GET" => client.get(path),
        "PUT" => client.put(path),
        _ => client.post(path),
    }
    .header("authorization", bearer);
    let req = match body {
        Some(body) => req.body_json(&body),
        None => req,
    };
    let resp = req.send().await;
    let bytes = resp.0.into_body().into_bytes().await.unwrap();
    serde_json::from_slice(&bytes).unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into())
}
