//! getOrgRobots

use super::*;

#[tokio::test]
async fn get_org_robots_answers_like_the_recorded_quay() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(
        &h,
        &w.alice,
        "acme",
        "bot",
        Some(json!({"description": "a robot"})),
    )
    .await;
    let ans = h
        .get("/api/v1/organization/acme/robots", Some(&w.alice))
        .await
        .expect(200);
    let robots = ans.body["robots"].as_array().unwrap();
    assert_eq!(robots.len(), 1);
    assert_eq!(
        keys(&robots[0]),
        sorted(&["name", "created", "last_accessed", "description", "token"])
    );
    assert_eq!(robots[0]["name"], "acme+bot");
    assert_eq!(robots[0]["description"], "a robot");
    assert_eq!(robots[0]["last_accessed"], Value::Null);
    assert!(is_rfc2822_quay(&robots[0]["created"]));
    // token=false hides tokens.
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?token=false",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert!(ans.body["robots"][0].get("token").is_none());
    // An organization without robots.
    org(&h, "empty", "alice").await;
    let ans = h
        .get("/api/v1/organization/empty/robots", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"robots": []}));
}

#[tokio::test]
async fn get_org_robots_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    // A team member sees the list without tokens (and without permissions).
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?permissions=true",
            Some(&w.bob),
        )
        .await
        .expect(200);
    assert_eq!(
        keys(&ans.body["robots"][0]),
        sorted(&["name", "created", "last_accessed", "description"])
    );
    // A member token needs org:admin or repo:create; an admin with repo:create is only a member.
    let t = h.user("bob", "repo:create").await;
    h.get("/api/v1/organization/acme/robots", Some(&t))
        .await
        .expect(200);
    let t = h.user("bob", "repo:admin user:admin").await;
    h.get("/api/v1/organization/acme/robots", Some(&t))
        .await
        .api_error(403, "insufficient_scope");
    let t = h.user("alice", "repo:create").await;
    let ans = h
        .get("/api/v1/organization/acme/robots", Some(&t))
        .await
        .expect(200);
    assert!(ans.body["robots"][0].get("token").is_none());
    // Outsiders, the superuser without FULL_ACCESS, unknown organizations: 403; anonymous 401.
    for (t, org) in [(&w.eve, "acme"), (&h.admin, "acme"), (&w.alice, "nowhere")] {
        h.get(&format!("/api/v1/organization/{org}/robots"), Some(t))
            .await
            .api_error(403, "insufficient_scope");
    }
    h.get("/api/v1/organization/acme/robots", None)
        .await
        .api_error(401, "invalid_token");
    h.get("/api/v1/organization/acme/robots", Some("bogus"))
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn get_org_robots_limit_is_parsed_first() {
    let h = Harness::new().await;
    let w = world(&h).await;
    for t in [None, Some(w.eve.as_str()), Some(w.alice.as_str())] {
        for bad in ["x", "5.0", "-1"] {
            let ans = h
                .get(&format!("/api/v1/organization/acme/robots?limit={bad}"), t)
                .await
                .expect(400);
            assert_eq!(
                ans.body,
                json!({"message": {"limit": "If specified, the number of robots to return."}})
            );
        }
    }
    for short in ["b1", "b2", "b3"] {
        create(&h, &w.alice, "acme", short, None).await;
    }
    let n = |v: &Value| v["robots"].as_array().unwrap().len();
    let ans = h
        .get("/api/v1/organization/acme/robots?limit=2", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(n(&ans.body), 2);
    let ans = h
        .get("/api/v1/organization/acme/robots?limit=0", Some(&w.alice))
        .await
        .expect(200);
    // 0 is no limit (Quay's LIMIT NULL, seen on a real Quay).
    assert_eq!(n(&ans.body), 3);
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?limit=%2010%20",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(n(&ans.body), 3);
}

#[tokio::test]
async fn get_org_robots_with_permissions() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(
        &h,
        &w.alice,
        "acme",
        "deployer",
        Some(json!({"description": "deploys web"})),
    )
    .await;
    create(&h, &w.alice, "acme", "idle", None).await;
    repo(&h, "acme", "web").await;
    repo(&h, "acme", "api").await;
    grant(&h, "acme", "web", "acme+deployer", "write").await;
    grant(&h, "acme", "api", "acme+deployer", "read").await;
    team(&h, "acme", "deployers", "member", &["acme+deployer"]).await;
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?permissions=true&token=false",
            Some(&w.alice),
        )
        .await
        .expect(200);
    let robots = ans.body["robots"].as_array().unwrap();
    assert_eq!(
        keys(&robots[0]),
        sorted(&[
            "name",
            "created",
            "last_accessed",
            "teams",
            "repositories",
            "description"
        ])
    );
    assert_eq!(robots[0]["repositories"], json!(["web", "api"]));
    assert_eq!(robots[0]["teams"][0]["name"], "deployers");
    assert_eq!(robots[0]["teams"][0]["avatar"]["kind"], "team");
    assert_eq!(robots[0]["teams"][0]["avatar"]["name"], "deployers");
    assert_eq!(robots[1]["teams"], json!([]));
    assert_eq!(robots[1]["repositories"], json!([]));
    // `limit` counts rows: the deployer has two (two repositories, one team).
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?permissions=true&limit=1",
            Some(&w.alice),
        )
        .await
        .expect(200);
    let robots = ans.body["robots"].as_array().unwrap();
    assert_eq!(robots.len(), 1);
    assert_eq!(robots[0]["repositories"], json!(["web"]));
    assert!(robots[0].get("token").is_some());
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?permissions=true&limit=2",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["robots"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn get_org_robots_for_superusers() {
    let h = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?permissions=true",
            Some(&h.admin),
        )
        .await
        .expect(200);
    let robot = &ans.body["robots"][0];
    assert!(robot.get("token").is_some() && robot.get("teams").is_some());
    let ans = h
        .get("/api/v1/organization/nowhere/robots", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"robots": []}));
    let auditor = h.user("auditor", "user:read").await;
    let ans = h
        .get(
            "/api/v1/organization/acme/robots?permissions=true",
            Some(&auditor),
        )
        .await
        .expect(200);
    let robot = &ans.body["robots"][0];
    assert!(robot.get("token").is_none() && robot.get("teams").is_some());
}
