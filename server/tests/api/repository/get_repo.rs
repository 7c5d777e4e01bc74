//! getRepo

use super::*;

#[tokio::test]
async fn get_repo_answers_like_the_recorded_quay() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(
        keys(&ans.body),
        sorted(&[
            "namespace",
            "name",
            "kind",
            "description",
            "is_public",
            "is_organization",
            "is_starred",
            "status_token",
            "trust_enabled",
            "tag_expiration_s",
            "is_free_account",
            "state",
            "tags",
            "can_write",
            "can_admin"
        ])
    );
    let b = &ans.body;
    assert_eq!(
        (
            b["namespace"].clone(),
            b["name"].clone(),
            b["kind"].clone(),
            b["is_organization"].clone()
        ),
        (json!("acme"), json!("web"), json!("image"), json!(true))
    );
    assert_eq!(b["tags"], json!({}));
    assert_eq!(b["tag_expiration_s"], 1209600);
    assert_eq!(
        (b["can_write"].clone(), b["can_admin"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(b["status_token"].as_str().unwrap().len(), 36);
    // The badge token is stable.
    let again = h
        .get("/api/v1/repository/acme%2Fweb", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(again.body["status_token"], b["status_token"]);
    // Unknown: 404 for the full-access superuser.
    h.get("/api/v1/repository/acme/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/repository/nowhere/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    // Anonymous on a private repository: 401.
    h.get("/api/v1/repository/acme/web", None)
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn get_repo_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    create(&h, &w.alice, "acme", "open", "public").await;
    grant(&h, "acme", "web", "bob", "read").await;
    // Readers, writers and admins; can_write / can_admin follow the role.
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.bob))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(false))
    );
    grant(&h, "acme", "web", "bob", "write").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.bob))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(true), json!(false))
    );
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(true), json!(true))
    );
    // Outsiders: 403 (401 anonymous), also for a repository that does not exist.
    for path in [
        "/api/v1/repository/acme/web",
        "/api/v1/repository/acme/nope",
        "/api/v1/repository/nowhere/x",
    ] {
        h.get(path, Some(&w.eve))
            .await
            .api_error(403, "insufficient_scope");
        h.get(path, None).await.api_error(401, "invalid_token");
        h.get(path, Some("bogus"))
            .await
            .api_error(401, "invalid_token");
        // The superuser without FULL_ACCESS is an outsider.
        h.get(path, Some(&h.admin))
            .await
            .api_error(403, "insufficient_scope");
    }
    // Public repositories: anyone, with no rights.
    let ans = h
        .get("/api/v1/repository/acme/open", None)
        .await
        .expect(200);
    assert_eq!(ans.body["status_token"], "");
    assert_eq!(ans.body["is_public"], true);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(false))
    );
    h.get("/api/v1/repository/acme/open", Some(&w.eve))
        .await
        .expect(200);
    // Token scopes cap the role.
    let read_only = h.user("alice", "repo:read").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&read_only))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(false))
    );
    let writer = h.user("alice", "repo:write").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&writer))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(true), json!(false))
    );
    let org_admin_only = h.user("alice", "org:admin").await;
    h.get("/api/v1/repository/acme/web", Some(&org_admin_only))
        .await
        .api_error(403, "insufficient_scope");
    // A value without a namespace matches no API route: Quay's web routes redirect to the
    // slashed path (as a real Quay answered).
    let ans = h.get("/api/v1/repository/web", Some(&w.alice)).await;
    assert_eq!(ans.status, 308, "{ans:?}");
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/repository/web/")
    );
    // Permission suffixes after a bare name belong to a nested repository name: getRepo,
    // refused as for any repository the caller cannot read (a real Quay: 403, 404 for its
    // superuser).
    h.get(
        "/api/v1/repository/web/permissions/user/alice",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn get_repo_options() {
    let h = Harness::new().await;
    let t = h.user("dave", ALL).await;
    create(&h, &t, "dave", "r", "private").await;
    let ans = h
        .get(
            "/api/v1/repository/dave/r?includeTags=false&includeStats=true",
            Some(&t),
        )
        .await
        .expect(200);
    assert!(ans.body.get("tags").is_none());
    assert_eq!(ans.body["is_organization"], false);
    let stats = ans.body["stats"].as_array().unwrap();
    assert_eq!(stats.len(), 91);
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    assert_eq!(stats[0], json!({"date": yesterday, "count": 0}));
    let mut dates: Vec<&str> = stats.iter().map(|s| s["date"].as_str().unwrap()).collect();
    dates.sort();
    dates.dedup();
    assert_eq!(dates.len(), 91);
    let ans = h
        .get("/api/v1/repository/dave/r?includeTags=0", Some(&t))
        .await
        .expect(200);
    assert!(ans.body.get("tags").is_none() && ans.body.get("stats").is_none());
}

#[tokio::test]
async fn get_repo_for_global_read_only_superusers() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let auditor = h.user("auditor", "user:read").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&auditor))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(true))
    );
    h.get("/api/v1/repository/acme/nope", Some(&auditor))
        .await
        .api_error(404, "not_found");
}
