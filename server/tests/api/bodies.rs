//! Request bodies over the 1 MiB limit are refused while they stream in (or at once, when
//! `Content-Length` says so), with Quay's 413, and nothing is stored.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt;
use poem::test::TestClient;
use quay_server::body::MAX_BODY;
use quay_server::{AppState, Config, Store, app};
use serde_json::{Value, json};

async fn client_and_token() -> (TestClient<impl poem::Endpoint>, String) {
    let client = TestClient::new(app(AppState::new(
        Store::in_memory().unwrap(),
        Config::default(),
    )));
    let resp = client
        .post("/api/v1/user/initialize")
        .body_json(&json!({"username": "quayadmin", "password": "password123",
                           "email": "quayadmin@example.com", "access_token": true}))
        .send()
        .await;
    resp.assert_status_is_ok();
    let body: Value =
        serde_json::from_str(&resp.0.into_body().into_string().await.unwrap()).unwrap();
    (client, body["access_token"].as_str().unwrap().to_string())
}

async fn refused(resp: poem::test::TestResponse) {
    resp.assert_status(poem::http::StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value =
        serde_json::from_str(&resp.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(body["error_message"], "Request body too large", "{body}");
}

#[tokio::test]
async fn a_declared_oversized_body_is_refused_unread() {
    let (client, token) = client_and_token().await;
    let name = "x".repeat(MAX_BODY + 10);
    let resp = client
        .post("/api/v1/organization/")
        .header("authorization", format!("Bearer {token}"))
        .body_json(&json!({"name": name, "email": "big@example.com"}))
        .send()
        .await;
    refused(resp).await;
}

#[tokio::test]
async fn a_streamed_oversized_body_is_refused_after_the_limit() {
    let (client, token) = client_and_token().await;
    // 64 MiB offered in 64 KiB chunks without a Content-Length; count what the server pulls.
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    let chunks = futures_util::stream::iter(0..1024).map(move |i| {
        let chunk = if i == 0 {
            let mut c = br#"{"name": ""#.to_vec();
            c.resize(64 * 1024, b'x');
            c
        } else {
            vec![b'x'; 64 * 1024]
        };
        counter.fetch_add(chunk.len(), Ordering::SeqCst);
        Ok::<_, std::io::Error>(bytes::Bytes::from(chunk))
    });
    let resp = client
        .post("/api/v1/organization/")
        .header("authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body(poem::Body::from_bytes_stream(chunks))
        .send()
        .await;
    refused(resp).await;
    assert!(
        pulled.load(Ordering::SeqCst) <= MAX_BODY + 2 * 64 * 1024,
        "read {} bytes of a body refused at {MAX_BODY}",
        pulled.load(Ordering::SeqCst)
    );
    // Nothing was created, and a body at the limit's size class still works.
    let resp = client
        .get("/api/v1/superuser/organizations/")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    let body: Value =
        serde_json::from_str(&resp.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(body["organizations"], json!([]), "{body}");
}
