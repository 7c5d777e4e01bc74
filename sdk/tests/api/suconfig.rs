//! The `suconfig` area.

use crate::common::*;
use quay_sdk::models::RegistryStatusKind;

#[tokio::test]
async fn registry_status_decodes() {
    let ex = success("scRegistryStatus");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/registrystatus", &[], None, &ex).await;
    let status = c.registry_status().await.unwrap();
    assert_eq!(
        (status.status, status.provider_id.as_deref()),
        (RegistryStatusKind::Ready, Some("file"))
    );
    replay(
        "scRegistryStatus",
        |c| async move { c.registry_status().await },
    )
    .await;
}

#[tokio::test]
async fn shutdown_is_a_post_answered_with_an_empty_object() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/shutdown",
        &[],
        None,
        200,
        serde_json::json!({}),
    )
    .await;
    c.shutdown_registry().await.unwrap();
    replay("scShutdownContainer", |c| async move {
        c.shutdown_registry().await
    })
    .await;
}
