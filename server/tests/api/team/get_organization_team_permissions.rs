//! getOrganizationTeamPermissions

use super::*;

#[tokio::test]
async fn team_permissions_list_repositories() {
    let w = world().await;
    repo_with_team(&w.h, "acme", "web", "private", "devs", "write").await;
    repo_with_team(&w.h, "acme", "site", "public", "devs", "read").await;
    repo_with_team(&w.h, "acme", "other", "public", "owners", "admin").await;
    let ans =
        w.h.get(&format!("{TEAM}/devs/permissions"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(
        ans.body,
        json!({"permissions": [
            {"repository": {"name": "web", "is_public": false}, "role": "write"},
            {"repository": {"name": "site", "is_public": true}, "role": "read"},
        ]})
    );
    let rec = recorded("getOrganizationTeamPermissions", "team.permissions.ok");
    assert_eq!(
        keys(&ans.body["permissions"][0]),
        keys(&rec["permissions"][0])
    );
    let ans =
        w.h.get(&format!("{TEAM}/ops/permissions"), Some(&w.alice))
            .await
            .api_error(404, "not_found");
    assert_eq!(
        keys(&ans.body),
        keys(&recorded(
            "getOrganizationTeamPermissions",
            "team.permissions.unknown_team"
        ))
    );
    team(&w.h, "acme", "empty", "member", &[]).await;
    let ans =
        w.h.get(&format!("{TEAM}/empty/permissions"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": []}));
}

#[tokio::test]
async fn team_permissions_permission_matrix() {
    let w = world_with(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let path = format!("{TEAM}/devs/permissions");
    w.h.get(&path, None).await.api_error(401, "invalid_token");
    w.h.get(&path, Some("bogus"))
        .await
        .api_error(401, "invalid_token");
    // A member of the team is not enough.
    w.h.get(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&path, Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&path, Some(&w.h.admin))
        .await
        .api_error(403, "insufficient_scope");
    let capped = w.h.user("alice", "repo:admin repo:create").await;
    w.h.get(&path, Some(&capped))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/permissions",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
    let auditor = w.h.user("auditor", "").await;
    w.h.get(&path, Some(&auditor)).await.expect(200);
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/permissions",
        Some(&auditor),
    )
    .await
    .api_error(404, "not_found");

    let w = world_with(full_access()).await;
    w.h.get(&path, Some(&w.h.admin)).await.expect(200);
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/permissions",
        Some(&w.h.admin),
    )
    .await
    .api_error(404, "not_found");
}
