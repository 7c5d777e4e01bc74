//! deleteOrgRobot

use super::*;

#[tokio::test]
async fn delete_org_robot_removes_it_with_its_memberships() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    repo(&h, "acme", "web").await;
    grant(&h, "acme", "web", "acme+bot", "write").await;
    team(&h, "acme", "devs", "member", &["acme+bot"]).await;
    let ans = h
        .delete("/api/v1/organization/acme/robots/bot", Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'robot'").await,
        0
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM repo_user_permission").await,
        0
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM team_member m JOIN team t ON t.id = m.team_id WHERE t.name = 'devs'").await,
        1
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM log_entry WHERE kind = 'delete_robot' AND json_remove(metadata, '$.oauth_token_id', '$.oauth_token_application_id', '$.oauth_token_application') = '{\"robot\":\"bot\"}'").await,
        1
    );
    h.delete("/api/v1/organization/acme/robots/bot", Some(&w.alice))
        .await
        .message_error(400, Some("Could not find robot with specified username"));
    // The name is free again.
    create(&h, &w.alice, "acme", "bot", None).await;
}

#[tokio::test]
async fn delete_org_robot_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    for t in [&w.bob, &w.eve, &h.admin] {
        h.delete("/api/v1/organization/acme/robots/bot", Some(t))
            .await
            .api_error(403, "insufficient_scope");
    }
    h.delete("/api/v1/organization/nowhere/robots/bot", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    let t = h.user("alice", "repo:create").await;
    h.delete("/api/v1/organization/acme/robots/bot", Some(&t))
        .await
        .api_error(403, "insufficient_scope");
    h.call(
        Method::DELETE,
        "/api/v1/organization/acme/robots/bot",
        None,
        None,
    )
    .await
    .csrf();
    h.call(
        Method::DELETE,
        "/api/v1/organization/acme/robots/bot",
        Some("bogus"),
        None,
    )
    .await
    .csrf();
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'robot'").await,
        1
    );
    // Full-access superuser: allowed; an unknown robot (or organization) is 400.
    let h2 = Harness::with_config(full_access()).await;
    let w2 = world(&h2).await;
    create(&h2, &w2.alice, "acme", "bot", None).await;
    h2.delete("/api/v1/organization/acme/robots/bot", Some(&h2.admin))
        .await
        .expect(204);
    h2.delete("/api/v1/organization/nowhere/robots/bot", Some(&h2.admin))
        .await
        .message_error(400, Some("Could not find robot with specified username"));
}
