//! The signed-in user's robots, robot permissions and token regeneration.

use super::*;

const ROBOTS: &str = "/api/v1/user/robots";

#[tokio::test]
async fn a_user_manages_own_robots() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    h.get(ROBOTS, Some(&alice)).await.expect(200);
    let created = h
        .put(
            &format!("{ROBOTS}/ci"),
            Some(&alice),
            Some(json!({"description": "builds"})),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(
        common::keys(&created),
        common::keys(&common::recorded(
            "createUserRobot",
            "robot.createUserRobot.ok"
        ))
    );
    assert_eq!(created["name"], json!("alice+ci"));
    assert_eq!(created["unstructured_metadata"], json!(null));
    assert!(is_rfc2822_quay(&created["created"]));
    let token = created["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    // A body that is not JSON still creates the robot.
    h.call_raw(
        Method::PUT,
        &format!("{ROBOTS}/plain"),
        Some(&alice),
        "text/plain",
        "x",
    )
    .await
    .expect(201);
    let again = h
        .put(&format!("{ROBOTS}/ci"), Some(&alice), Some(json!({})))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(again.text(), "Existing robot with name: alice+ci");
    h.put(&format!("{ROBOTS}/Bad"), Some(&alice), None)
        .await
        .api_error(400, "invalid_request");

    let one = h
        .get(&format!("{ROBOTS}/ci"), Some(&alice))
        .await
        .expect(200)
        .body;
    assert_eq!(one["unstructured_metadata"], json!({}));
    assert_eq!(one["token"], json!(token));
    let list = h
        .get(&format!("{ROBOTS}?token=false"), Some(&alice))
        .await
        .expect(200)
        .body;
    assert_eq!(list["robots"].as_array().unwrap().len(), 2);
    assert!(list["robots"][0].get("token").is_none());
    assert!(list["robots"][0].get("unstructured_metadata").is_none());

    // Permissions: direct ones on the user's repositories.
    common::repo(&h, "alice", "web").await;
    common::grant(&h, "alice", "web", "alice+ci", "write").await;
    let perms = h
        .get(&format!("{ROBOTS}/ci/permissions"), Some(&alice))
        .await
        .expect(200)
        .body;
    assert_eq!(
        perms,
        json!({"permissions": [{"repository": {"name": "web", "is_public": false}, "role": "write"}]})
    );
    let with = h
        .get(&format!("{ROBOTS}?permissions=true"), Some(&alice))
        .await
        .body;
    let ci = with["robots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "alice+ci")
        .unwrap()
        .clone();
    assert_eq!(
        (&ci["repositories"], &ci["teams"]),
        (&json!(["web"]), &json!([]))
    );

    // A new token; the old one is gone.
    let fresh = h
        .post(&format!("{ROBOTS}/ci/regenerate"), Some(&alice), json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(
        common::keys(&fresh),
        common::keys(&common::recorded(
            "regenerateUserRobotToken",
            "robot.regenerateUserRobotToken.ok"
        ))
    );
    assert_ne!(fresh["token"], json!(token));
    assert_eq!(fresh["created"], created["created"]);
    assert_eq!(
        h.get(&format!("{ROBOTS}/ci"), Some(&alice)).await.body["token"],
        fresh["token"]
    );
    assert_eq!(logs(&h, "regenerate_robot_token").await, 1);

    h.delete(&format!("{ROBOTS}/ci"), Some(&alice))
        .await
        .expect(204);
    h.delete(&format!("{ROBOTS}/ci"), Some(&alice))
        .await
        .message_error(400, Some("Could not find robot with specified username"));
    for path in ["ci", "ci/permissions"] {
        h.get(&format!("{ROBOTS}/{path}"), Some(&alice))
            .await
            .message_error(400, Some("Could not find robot with specified username"));
    }
    h.post(&format!("{ROBOTS}/ci/regenerate"), Some(&alice), json!({}))
        .await
        .message_error(400, Some("Could not find robot with specified username"));
    let entry = common::without_token(&common::log_metadata(&h, "create_robot").await[0]);
    assert_eq!(
        entry,
        json!({"robot": "ci", "description": "builds", "unstructured_metadata": null})
    );
}

#[tokio::test]
async fn user_robots_need_user_admin() {
    let h = Harness::new().await;
    let scoped = h.user("alice", "org:admin repo:admin").await;
    h.get(ROBOTS, None).await.api_error(401, "invalid_token");
    h.get(ROBOTS, Some(&scoped))
        .await
        .api_error(403, "insufficient_scope");
    h.put(&format!("{ROBOTS}/ci"), Some(&scoped), None)
        .await
        .api_error(403, "insufficient_scope");
    h.put(&format!("{ROBOTS}/ci"), None, None).await.csrf();
    h.post(&format!("{ROBOTS}/ci/regenerate"), None, json!({}))
        .await
        .csrf();
    // A bad limit after the rights.
    h.get(&format!("{ROBOTS}?limit=x"), None)
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn org_robot_permissions_and_tokens() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    common::repo(&h, "acme", "web").await;
    common::grant(&h, "acme", "web", "acme+bot", "read").await;
    let path = "/api/v1/organization/acme/robots/bot";
    let perms = h
        .get(&format!("{path}/permissions"), Some(&w.alice))
        .await
        .expect(200)
        .body;
    assert_eq!(perms["permissions"][0]["role"], json!("read"));
    // Not an administrator: Flask's 403.
    let refused = h.get(&format!("{path}/permissions"), Some(&w.bob)).await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.body,
        common::recorded(
            "getOrgRobotPermissions",
            "robot.getOrgRobotPermissions.user2"
        )
    );
    h.get(
        "/api/v1/organization/nowhere/robots/bot/permissions",
        Some(&w.eve),
    )
    .await
    .expect(403);
    // user:admin is needed first, even by the organization's administrator.
    let org_only = h.user("alice", "org:admin").await;
    h.get(&format!("{path}/permissions"), Some(&org_only))
        .await
        .api_error(403, "insufficient_scope");
    // One's own name as the organization: past the rights, no organization.
    h.get(
        "/api/v1/organization/alice/robots/bot/permissions",
        Some(&w.alice),
    )
    .await
    .message_error(400, Some("Organization does not exist: alice"));

    let old = h.get(path, Some(&w.alice)).await.body["token"].clone();
    let fresh = h
        .post(&format!("{path}/regenerate"), Some(&w.alice), json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(fresh["name"], json!("acme+bot"));
    assert_ne!(fresh["token"], old);
    h.post(&format!("{path}/regenerate"), Some(&w.bob), json!({}))
        .await
        .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/acme/robots/nobody/regenerate",
        Some(&w.alice),
        json!({}),
    )
    .await
    .message_error(400, Some("Could not find robot with specified username"));
    let full = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        ..Config::default()
    })
    .await;
    full.post(
        "/api/v1/organization/nowhere/robots/bot/regenerate",
        Some(&full.admin),
        json!({}),
    )
    .await
    .message_error(400, Some("Organization does not exist: nowhere"));
}
