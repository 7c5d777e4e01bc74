//! The `capabilities` area: served to anyone, even with anonymous access off.

use crate::common::Harness;
use serde_json::json;

#[tokio::test]
async fn capabilities_follow_the_configuration_and_need_no_caller() {
    let h = Harness::with_config(quay_server::Config {
        FEATURE_ANONYMOUS_ACCESS: false,
        FEATURE_SPARSE_INDEX: true,
        ..quay_server::Config::default()
    })
    .await;
    let caps = h
        .get("/api/v1/registry/capabilities", None)
        .await
        .expect(200);
    assert_eq!(
        caps.body,
        json!({"sparse_manifests": {"supported": true, "required_architectures": [],
                                    "optional_architectures_allowed": true},
               "mirror_architectures": ["amd64", "arm64", "ppc64le", "s390x"]})
    );
    let h = Harness::new().await;
    let caps = h
        .get("/api/v1/registry/capabilities", Some("bad"))
        .await
        .expect(200);
    assert_eq!(caps.body["sparse_manifests"]["supported"], false);
}
