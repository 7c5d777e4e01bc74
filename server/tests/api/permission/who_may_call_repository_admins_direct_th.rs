//! Who may call: repository admins (direct, through a team, org admins) with `repo:admin`,

use super::*;

// full-access superusers, and for reads global read-only superusers.

#[tokio::test]
async fn reads_need_a_repository_admin() {
    let w = world_with(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let auditor = w.h.user("auditor", "").await;
    let reads = [
        format!("{WEB}/user/"),
        format!("{WEB}/team/"),
        format!("{WEB}/user/bob"),
        format!("{WEB}/user/bob/transitive"),
        format!("{WEB}/team/devs"),
    ];
    let org_admin_without_repo_admin = w.h.user("alice", "org:admin repo:write").await;
    for path in &reads {
        w.h.get(path, None).await.api_error(401, "invalid_token");
        w.h.get(path, Some("bogus"))
            .await
            .api_error(401, "invalid_token");
        w.h.get(path, Some(&w.carol))
            .await
            .api_error(403, "insufficient_scope");
        // Write access is not enough.
        w.h.get(path, Some(&w.bob))
            .await
            .api_error(403, "insufficient_scope");
        w.h.get(path, Some(&org_admin_without_repo_admin))
            .await
            .api_error(403, "insufficient_scope");
        // Superusers without FULL_ACCESS have no rights here.
        w.h.get(path, Some(&w.h.admin))
            .await
            .api_error(403, "insufficient_scope");
        for token in [&w.alice, &w.erin, &w.frank, &auditor] {
            w.h.get(path, Some(token)).await.expect(200);
        }
    }
    let narrow = w.h.user("alice", "repo:admin").await;
    w.h.get(&reads[0], Some(&narrow)).await.expect(200);
    // An unknown repository is a 403, never a 404, for ordinary callers.
    w.h.get(
        "/api/v1/repository/acme/nope/permissions/user/",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
    w.h.get(
        "/api/v1/repository/nobody/nope/permissions/team/devs",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn writes_need_a_repository_admin_before_the_body() {
    let w = world_with(full_access()).await;
    let auditor = w.h.user("auditor", ALL).await;
    let org_admin_without_repo_admin = w.h.user("alice", "org:admin repo:write").await;
    let before = count(&w.h, "SELECT count(*) FROM repo_user_permission").await
        + count(&w.h, "SELECT count(*) FROM repo_team_permission").await;
    for (method, path) in [
        (Method::PUT, format!("{WEB}/user/carol")),
        (Method::DELETE, format!("{WEB}/user/bob")),
        (Method::PUT, format!("{WEB}/team/devs")),
        (Method::DELETE, format!("{WEB}/team/devs")),
    ] {
        let body = (method == Method::PUT).then(|| json!({"role": "owner"}));
        w.h.call(method.clone(), &path, None, body.clone())
            .await
            .csrf();
        w.h.call(method.clone(), &path, Some("bogus"), body.clone())
            .await
            .csrf();
        for token in [&w.carol, &w.bob, &org_admin_without_repo_admin, &auditor] {
            // 403 even with a bad body: the permission check comes first.
            w.h.call(method.clone(), &path, Some(token), body.clone())
                .await
                .api_error(403, "insufficient_scope");
        }
        if method == Method::PUT {
            w.h.call_raw(
                method.clone(),
                &path,
                Some(&w.carol),
                "text/plain",
                "role=read",
            )
            .await
            .api_error(403, "insufficient_scope");
        }
    }
    let after = count(&w.h, "SELECT count(*) FROM repo_user_permission").await
        + count(&w.h, "SELECT count(*) FROM repo_team_permission").await;
    assert_eq!(before, after);
    assert_eq!(
        count(
            &w.h,
            "SELECT count(*) FROM log_entry WHERE kind LIKE '%repo_permission'"
        )
        .await,
        0
    );
}
