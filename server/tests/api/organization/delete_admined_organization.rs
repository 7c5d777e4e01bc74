//! deleteAdminedOrganization

use super::*;

#[tokio::test]
async fn delete_organization_removes_everything_under_it() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let minted = h
        .post(
            &format!("/api/v1/organization/acme/applications/{client}/tokens"),
            Some(&w.alice),
            json!({"name": "ci", "scope": "org:admin"}),
        )
        .await
        .expect(200);
    let minted = minted.body["token"].as_str().unwrap().to_string();
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&w.alice),
        json!({"upstream_registry": "93.184.216.34"}),
    )
    .await
    .expect(201);
    sql(
        &h,
        "INSERT INTO quota (namespace_id, limit_bytes) VALUES ((SELECT id FROM namespace WHERE name = 'acme'), 1000);",
    )
    .await;

    // Refusals change nothing.
    h.delete("/api/v1/organization/acme", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/organization/acme", None).await.csrf();
    h.delete("/api/v1/organization/acme/", Some(&w.alice))
        .await
        .expect(405);
    h.delete("/api/v1/organization/nope", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/organization/acme", Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    assert_eq!(count(&h, "SELECT count(*) FROM team").await, 2);

    let ans = h
        .delete("/api/v1/organization/acme", Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM oauth_application WHERE name != 'automation'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM access_token WHERE app_id IS NOT NULL AND name != 'automation'"
        )
        .await,
        0
    );
    for table in [
        "team",
        "team_member",
        "repository",
        "repo_user_permission",
        "repo_team_permission",
        "proxy_cache_config",
        "quota",
    ] {
        assert_eq!(
            count(&h, &format!("SELECT count(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM namespace WHERE kind IN ('org', 'robot')"
        )
        .await,
        0
    );
    assert_eq!(logs(&h, "org_delete").await, 1);
    h.get("/api/v1/organization/acme", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    // Tokens of its applications no longer work.
    h.get("/api/v1/organization/acme/members", Some(&minted))
        .await
        .api_error(401, "invalid_token");
    // The users themselves remain.
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'user'").await,
        5
    );
}

#[tokio::test]
async fn delete_organization_as_full_access_superuser() {
    let h = Harness::with_config(full_access()).await;
    world(&h).await;
    let unknown = h
        .delete("/api/v1/organization/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &unknown.body,
        &fixture("deleteAdminedOrganization", "org.delete.unknown"),
    );
    h.delete("/api/v1/organization/acme", Some(&h.admin))
        .await
        .expect(204);
}
