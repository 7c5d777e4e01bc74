//! The caller's stars: added, listed in pages, removed; shown in getRepo and listRepos; no
//! permission check on the repository, as in Quay.

use crate::common;

use common::*;
use serde_json::json;

async fn star(h: &Harness, token: &str, ns: &str, name: &str) -> Answer {
    h.post(
        "/api/v1/user/starred",
        Some(token),
        json!({"namespace": ns, "repository": name}),
    )
    .await
}

#[tokio::test]
async fn stars_are_added_listed_and_removed() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    repo(&h, "alice", "web").await;
    grant(&h, "alice", "web", "alice", "admin").await;

    let echoed = star(&h, &alice, "alice", "web").await.expect(201);
    assert_eq!(
        echoed.body,
        json!({"namespace": "alice", "repository": "web"})
    );
    // Twice is no error, and keeps one star.
    star(&h, &alice, "alice", "web").await.expect(201);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM star").await, 1);

    let list = h
        .get("/api/v1/user/starred", Some(&alice))
        .await
        .expect(200);
    assert_eq!(
        list.body,
        json!({"repositories": [{"namespace": "alice", "name": "web", "description": null, "is_public": false}]})
    );
    assert_eq!(
        key_set(&list.body["repositories"][0]),
        key_set(&recorded("listStarredRepos", "user.listStarredRepos.ok")["repositories"][0])
    );
    let repo = h
        .get("/api/v1/repository/alice/web", Some(&alice))
        .await
        .expect(200);
    assert_eq!(repo.body["is_starred"], true);
    let listed = h
        .get("/api/v1/repository?namespace=alice", Some(&alice))
        .await
        .expect(200);
    assert_eq!(listed.body["repositories"][0]["is_starred"], true);
    let starred = h
        .get("/api/v1/repository?starred=true", Some(&alice))
        .await
        .expect(200);
    assert_eq!(starred.body["repositories"][0]["name"], "web");

    h.delete("/api/v1/user/starred/alice/web", Some(&alice))
        .await
        .expect(204);
    // Removing a star that is not there is no error either.
    h.delete("/api/v1/user/starred/alice/web", Some(&alice))
        .await
        .expect(204);
    let list = h
        .get("/api/v1/user/starred", Some(&alice))
        .await
        .expect(200);
    assert_eq!(list.body, json!({"repositories": []}));
    let repo = h
        .get("/api/v1/repository/alice/web", Some(&alice))
        .await
        .expect(200);
    assert_eq!(repo.body["is_starred"], false);
    // No audit entries.
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM log_entry WHERE kind LIKE '%star%'"
        )
        .await,
        0
    );
}

/// Quay checks no permission: a private repository the caller cannot read can be starred, and
/// stays in listStarredRepos; listRepos?starred=true shows only what the caller can still read.
#[tokio::test]
async fn stars_check_no_permission_but_the_repository_listing_does() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    org(&h, "acme", "quayadmin").await;
    repo(&h, "acme", "secret").await;
    star(&h, &bob, "acme", "secret").await.expect(201);
    let list = h.get("/api/v1/user/starred", Some(&bob)).await.expect(200);
    assert_eq!(list.body["repositories"][0]["name"], "secret");
    let starred = h
        .get("/api/v1/repository?starred=true", Some(&bob))
        .await
        .expect(200);
    assert_eq!(starred.body["repositories"], json!([]));
    // Once bob may read it, it is listed.
    grant(&h, "acme", "secret", "bob", "read").await;
    let starred = h
        .get("/api/v1/repository?starred=true", Some(&bob))
        .await
        .expect(200);
    assert_eq!(starred.body["repositories"][0]["is_starred"], true);
    // Deleting the repository drops its stars.
    h.delete("/api/v1/repository/acme/secret", Some(&h.admin))
        .await
        .expect(204);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM star").await, 0);
}

#[tokio::test]
async fn an_unknown_repository_is_not_found() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    star(&h, &alice, "alice", "ghost")
        .await
        .api_error(404, "not_found");
    h.delete("/api/v1/user/starred/alice/ghost", Some(&alice))
        .await
        .api_error(404, "not_found");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM star").await, 0);
}

#[tokio::test]
async fn stars_need_user_admin_and_a_valid_body() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    repo(&h, "alice", "web").await;
    let read_only = h.user("alice", "repo:read user:read").await;
    star(&h, &read_only, "alice", "web")
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/user/starred", Some(&read_only))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/user/starred/alice/web", Some(&read_only))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/user/starred", None)
        .await
        .api_error(401, "invalid_token");
    star(&h, "nonsense", "alice", "web").await.csrf();
    h.delete("/api/v1/user/starred/alice/web", None)
        .await
        .csrf();
    // The body is checked first (Quay validates before it checks the caller).
    let missing = h
        .post(
            "/api/v1/user/starred",
            Some(&read_only),
            json!({"namespace": "alice"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        missing.body["error_message"],
        recorded("createStar", "user.createStar.missing")["error_message"]
            .as_str()
            .unwrap()
            .replace("fxqb2tgm4uorg", "alice")
    );
    assert_eq!(count(&h, "SELECT COUNT(*) FROM star").await, 0);
    star(&h, &alice, "alice", "web").await.expect(201);
}

#[tokio::test]
async fn the_starred_list_comes_in_pages_of_100() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let mut statements = String::new();
    for i in 0..105 {
        statements.push_str(&format!(
            "INSERT INTO repository (namespace_id, name, visibility, created_at)
             SELECT id, 'r{i:03}', 'public', '2025-01-01T00:00:00Z' FROM namespace WHERE name = 'alice';
             INSERT INTO star (user_id, repository_id, created_at)
             SELECT n.id, r.id, '2025-01-01T00:00:00Z' FROM namespace n, repository r
             WHERE n.name = 'alice' AND r.name = 'r{i:03}';\n"
        ));
    }
    sql_batch(&h, &statements).await;
    let first = h
        .get("/api/v1/user/starred", Some(&alice))
        .await
        .expect(200);
    assert_eq!(first.body["repositories"].as_array().unwrap().len(), 100);
    let token = first.body["next_page"].as_str().unwrap();
    let second = h
        .get(
            &format!("/api/v1/user/starred?next_page={token}"),
            Some(&alice),
        )
        .await
        .expect(200);
    let names: Vec<&str> = second.body["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["r100", "r101", "r102", "r103", "r104"]);
    assert!(second.body.get("next_page").is_none());
    // listRepos?starred=true: one page of at most 99, no next_page (Quay's slicing).
    let starred = h
        .get("/api/v1/repository?starred=true", Some(&alice))
        .await
        .expect(200);
    assert_eq!(starred.body["repositories"].as_array().unwrap().len(), 99);
    assert!(starred.body.get("next_page").is_none());
}
