//! The `suconfig` area: the setup status, for anyone.

use crate::common::Harness;
use serde_json::json;

#[tokio::test]
async fn the_reference_server_is_always_ready() {
    let h = Harness::new().await;
    let status = h
        .get("/api/v1/superuser/registrystatus", None)
        .await
        .expect(200);
    assert_eq!(
        status.body,
        json!({"provider_id": "file", "status": "ready"})
    );
    let h = Harness::with_config(quay_server::Config {
        SERVER_HOSTNAME: Some("quay.io".into()),
        ..quay_server::Config::default()
    })
    .await;
    h.get("/api/v1/superuser/registrystatus", Some(&h.admin))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn shutdown_stops_the_server_only_when_allowed() {
    use crate::common::ALL;
    let h = Harness::new().await;
    // Without --allow-shutdown: answered, nothing stops.
    let ok = h
        .post("/api/v1/superuser/shutdown", Some(&h.admin), json!(null))
        .await;
    assert_eq!((ok.status, &ok.body), (200, &json!({})), "{ok:?}");
    h.get("/api/v1/superuser/registrystatus", None)
        .await
        .expect(200);
    let alice = h.user("alice", ALL).await;
    h.post("/api/v1/superuser/shutdown", Some(&alice), json!(null))
        .await
        .message_error(403, None);
    h.post("/api/v1/superuser/shutdown", None, json!(null))
        .await
        .csrf();
    // With it: the server is told to stop, after answering.
    let notify = std::sync::Arc::new(tokio::sync::Notify::new());
    let state = quay_server::AppState::new(
        quay_server::Store::in_memory().unwrap(),
        quay_server::Config::default(),
    )
    .with_shutdown(notify.clone());
    let running = quay_server::start(state, ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let anonymous = reqwest::Client::new();
    let init = anonymous
        .post(format!("{}/api/v1/user/initialize", running.url()))
        .json(&json!({"username": "quayadmin", "password": "password123",
                      "email": "quayadmin@example.com", "access_token": true}))
        .send()
        .await
        .unwrap();
    let token = init.json::<serde_json::Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let stopped = notify.notified();
    let answer = anonymous
        .post(format!("{}/api/v1/superuser/shutdown", running.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    tokio::time::timeout(std::time::Duration::from_secs(5), stopped)
        .await
        .expect("the server was not told to stop");
    running.stop().await;
}
