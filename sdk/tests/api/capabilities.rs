//! The `capabilities` area.

use crate::common::*;

#[tokio::test]
async fn registry_capabilities_decode() {
    let ex = success("getRegistryCapabilities");
    let (_s, c) = expect_recorded("GET", "/api/v1/registry/capabilities", &[], None, &ex).await;
    let caps = c.registry_capabilities().await.unwrap();
    assert!(!caps.sparse_manifests.supported);
    assert_eq!(
        caps.mirror_architectures,
        ["amd64", "arm64", "ppc64le", "s390x"]
    );
    replay("getRegistryCapabilities", |c| async move {
        c.registry_capabilities().await
    })
    .await;
}
