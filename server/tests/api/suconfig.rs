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
