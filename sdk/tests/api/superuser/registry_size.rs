//! Registry size.

use super::*;

#[tokio::test]
async fn registry_size_decodes() {
    let ex = success("getRegistrySize");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/registrysize/", &[], None, &ex).await;
    let size = c.superuser().registry_size().get().await.unwrap();
    assert_eq!(size.size_bytes, 394);
    assert_eq!(size.last_ran, Some(1795329216123));
    assert!(!size.queued && !size.running);
}

#[tokio::test]
async fn registry_size_before_any_calculation() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/superuser/registrysize/",
        &[],
        None,
        200,
        json!({"size_bytes": 0, "last_ran": null, "queued": false, "running": false}),
    )
    .await;
    let size = c.superuser().registry_size().get().await.unwrap();
    assert_eq!(size.last_ran, None);
}

#[tokio::test]
async fn queue_registry_size_reports_201_as_queued() {
    let ex = success("queueRegistrySizeCalculation");
    assert_eq!(ex.status, 201);
    let (s, c) = expect_recorded("POST", "/api/v1/superuser/registrysize/", &[], None, &ex).await;
    let outcome = c.superuser().registry_size().queue().await.unwrap();
    assert_eq!(outcome, RegistrySizeQueueStatus::Queued);
    let requests = s.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty(), "no body is sent");
}

#[tokio::test]
async fn queue_registry_size_reports_202_as_already_queued() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/registrysize/",
        &[],
        None,
        202,
        json!(""),
    )
    .await;
    let outcome = c.superuser().registry_size().queue().await.unwrap();
    assert_eq!(outcome, RegistrySizeQueueStatus::AlreadyQueued);
}

#[tokio::test]
async fn queue_registry_size_refuses_an_unexpected_success() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/registrysize/",
        &[],
        None,
        200,
        json!(""),
    )
    .await;
    let err = c.superuser().registry_size().queue().await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
}
