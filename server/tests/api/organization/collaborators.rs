//! collaborators

use super::*;

#[tokio::test]
async fn organization_collaborators() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let ans = h
        .get("/api/v1/organization/acme/collaborators", Some(&w.alice))
        .await
        .expect(200);
    same_shape(
        &ans.body,
        &fixture("getOrganizationCollaborators", "org.collaborators.ok"),
    );
    assert_eq!(ans.body["collaborators"].as_array().unwrap().len(), 1);
    assert_eq!(ans.body["collaborators"][0]["name"], "carol");
    assert_eq!(ans.body["collaborators"][0]["kind"], "user");
    assert_eq!(ans.body["collaborators"][0]["repositories"], json!(["web"]));
    let auditor = h.user("auditor", "repo:read").await;
    h.get("/api/v1/organization/acme/collaborators", Some(&auditor))
        .await
        .expect(200);
    h.get("/api/v1/organization/acme/collaborators", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/collaborators", Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/nope/collaborators", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/collaborators", None)
        .await
        .api_error(401, "invalid_token");
}
