//! deleteRepository

use super::*;

#[tokio::test]
async fn delete_repository_removes_everything_under_it() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    grant(&h, "acme", "web", "bob", "write").await;
    grant_team(&h, "acme", "web", "makers", "read").await;
    let ans = h
        .delete("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 0);
    assert_eq!(
        count(&h, "SELECT count(*) FROM repo_user_permission").await,
        0
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM repo_team_permission").await,
        0
    );
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM log_entry WHERE kind = 'delete_repo'"
        )
        .await,
        1
    );
    // The organization's admin holds admin on every repository name of it: 404, not 403.
    h.get("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    // The name can be used again.
    create(&h, &w.alice, "acme", "web", "public").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.eve))
        .await
        .expect(200);
    assert_eq!(ans.body["is_public"], true);
}

#[tokio::test]
async fn delete_repository_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    grant(&h, "acme", "web", "bob", "write").await;
    // Writers, outsiders, unknown repositories of others, the superuser without FULL_ACCESS: 403.
    for (t, path) in [
        (&w.bob, "/api/v1/repository/acme/web"),
        (&w.eve, "/api/v1/repository/acme/web"),
        (&w.eve, "/api/v1/repository/acme/nope"),
        (&h.admin, "/api/v1/repository/acme/web"),
    ] {
        h.delete(path, Some(t))
            .await
            .api_error(403, "insufficient_scope");
    }
    // The organization's admin may delete any repository name of it: an unknown one is a no-op.
    h.delete("/api/v1/repository/acme/nope", Some(&w.alice))
        .await
        .expect(204);
    // The org admin needs repo:admin in its token.
    let t = h.user("alice", "org:admin repo:write").await;
    h.delete("/api/v1/repository/acme/web", Some(&t))
        .await
        .api_error(403, "insufficient_scope");
    h.call(Method::DELETE, "/api/v1/repository/acme/web", None, None)
        .await
        .csrf();
    h.call(
        Method::DELETE,
        "/api/v1/repository/acme/web",
        Some("bogus"),
        None,
    )
    .await
    .csrf();
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 1);
    // A repository admin (direct permission) may delete.
    grant(&h, "acme", "web", "eve", "admin").await;
    let t = h.user("eve", "repo:admin").await;
    h.delete("/api/v1/repository/acme/web", Some(&t))
        .await
        .expect(204);
}

#[tokio::test]
async fn delete_repository_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    h.delete("/api/v1/repository/acme/web", Some(&h.admin))
        .await
        .expect(204);
    // An unknown repository in a known namespace: 204, nothing happens.
    h.delete("/api/v1/repository/acme/nope", Some(&h.admin))
        .await
        .expect(204);
    // An unknown namespace crashes Quay; this server answers 404.
    h.delete("/api/v1/repository/nowhere/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let ro = Harness::with_config(Config {
        REGISTRY_STATE: "readonly".into(),
        ..full_access()
    })
    .await;
    ro.delete("/api/v1/repository/acme/web", Some(&ro.admin))
        .await
        .expect(503);
}
