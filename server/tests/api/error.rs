//! The `error` area: every error type's description, under the request's own host.

use crate::common::{Harness, recorded};

#[tokio::test]
async fn error_types_are_described_as_quay_describes_them() {
    let h = Harness::new().await;
    let d = h.get("/api/v1/error/invalid_token", None).await.expect(200);
    let quay = recorded("getErrorDescription", "error.getErrorDescription.ok");
    assert_eq!(d.body["title"], quay["title"]);
    assert_eq!(d.body["description"], quay["description"]);
    assert!(
        d.body["type"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/error/invalid_token"),
        "{d:?}"
    );
    h.get("/api/v1/error/no_such_error", None)
        .await
        .api_error(404, "not_found");
    // The type URL of any ApiError answers.
    let refused = h.get("/api/v1/superuser/keys", None).await;
    let url = refused.body["type"].as_str().unwrap().to_string();
    let path = &url[url.find("/api/").unwrap()..];
    h.get(path, None).await.expect(200);
}
