//! builds

use super::*;

#[tokio::test]
async fn builds_are_never_found() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let uuid = "00000000-0000-4000-8000-000000000000";
    let ans = h
        .get(&format!("/api/v1/superuser/{uuid}/status"), Some(&h.admin))
        .await
        .api_error(400, "invalid_response");
    assert_eq!(
        ans.body["detail"],
        fixture("getRepoBuildStatusSuperUser", Some("unknown")).body()["detail"]
    );
    let ans = h
        .get(&format!("/api/v1/superuser/{uuid}/build"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &ans.body,
        fixture("getRepoBuildSuperUser", Some("unknown")).body(),
    );
    let ans = h
        .get(&format!("/api/v1/superuser/{uuid}/logs"), Some(&h.admin))
        .await
        .api_error(400, "invalid_response");
    assert_eq!(
        ans.body["detail"],
        fixture("getRepoBuildLogsSuperUser", Some("unknown")).body()["detail"]
    );
    // `start` is read only for a build that exists.
    h.get(
        &format!("/api/v1/superuser/{uuid}/logs?start=abc"),
        Some(&h.admin),
    )
    .await
    .api_error(400, "invalid_response");
    for suffix in ["status", "build", "logs"] {
        let path = format!("/api/v1/superuser/{uuid}/{suffix}");
        h.get(&path, None).await.api_error(401, "invalid_token");
        h.get(&path, Some(&bob))
            .await
            .api_error(403, "insufficient_scope");
    }
}
