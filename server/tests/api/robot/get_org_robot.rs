//! getOrgRobot

use super::*;

#[tokio::test]
async fn get_org_robot_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(
        &h,
        &w.alice,
        "acme",
        "bot",
        Some(json!({"description": "d"})),
    )
    .await;
    let ans = h
        .get("/api/v1/organization/acme/robots/bot", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        keys(&ans.body),
        sorted(&[
            "name",
            "created",
            "last_accessed",
            "description",
            "token",
            "unstructured_metadata"
        ])
    );
    // Team members and outsiders: 403; anonymous and bad tokens: 401.
    for t in [&w.bob, &w.eve, &h.admin] {
        h.get("/api/v1/organization/acme/robots/bot", Some(t))
            .await
            .api_error(403, "insufficient_scope");
    }
    h.get("/api/v1/organization/acme/robots/bot", None)
        .await
        .api_error(401, "invalid_token");
    h.get("/api/v1/organization/acme/robots/bot", Some("bogus"))
        .await
        .api_error(401, "invalid_token");
    // The permission comes first: unknown organization is 403.
    h.get("/api/v1/organization/nowhere/robots/bot", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    // An unknown robot: 400 MessageError.
    h.get("/api/v1/organization/acme/robots/nope", Some(&w.alice))
        .await
        .message_error(400, Some("Could not find robot with specified username"));
    // The token needs org:admin.
    let t = h.user("alice", "repo:create").await;
    h.get("/api/v1/organization/acme/robots/bot", Some(&t))
        .await
        .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn get_org_robot_for_superusers() {
    let h = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    let ans = h
        .get("/api/v1/organization/acme/robots/bot", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body["token"].as_str().unwrap().len(), 64);
    h.get("/api/v1/organization/nowhere/robots/bot", Some(&h.admin))
        .await
        .message_error(400, Some("Organization does not exist: nowhere"));
    // A global read-only superuser reads it without the token.
    let auditor = h.user("auditor", "user:read").await;
    let ans = h
        .get("/api/v1/organization/acme/robots/bot", Some(&auditor))
        .await
        .expect(200);
    assert!(ans.body.get("token").is_none());
    assert_eq!(ans.body["unstructured_metadata"], json!({}));
}
