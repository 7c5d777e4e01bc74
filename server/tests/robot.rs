//! The `robot` tag through HTTP: getOrgRobots, getOrgRobot, createOrgRobot, deleteOrgRobot.
//!
//! Organizations and teams are set up with rows inserted directly (their handlers belong to
//! other areas): an organization has an `owners` team (role admin) holding its creator.

mod common;

use common::*;
use poem::http::Method;
use quay_server::Config;
use serde_json::{Value, json};

// ------------------------------------------------------------------------------------------
// Setup helpers

/// `alice` created org `acme` (admin); `bob` is in team `devs` (member); `eve` is unrelated.
struct World {
    alice: String,
    bob: String,
    eve: String,
}

async fn world(h: &Harness) -> World {
    let w = World {
        alice: h.user("alice", ALL).await,
        bob: h.user("bob", ALL).await,
        eve: h.user("eve", ALL).await,
    };
    org(h, "acme", "alice").await;
    team(h, "acme", "devs", "member", &["bob"]).await;
    w
}

async fn create(h: &Harness, token: &str, org: &str, short: &str, body: Option<Value>) -> Value {
    h.put(
        &format!("/api/v1/organization/{org}/robots/{short}"),
        Some(token),
        body,
    )
    .await
    .expect(201)
    .body
}

fn is_rfc2822_quay(date: &Value) -> bool {
    let s = date.as_str().unwrap_or_default();
    s.ends_with(" -0000")
        && chrono::DateTime::parse_from_rfc2822(&s.replace("-0000", "+0000")).is_ok()
}

// ------------------------------------------------------------------------------------------
// createOrgRobot

#[tokio::test]
async fn create_org_robot_answers_like_the_recorded_quay() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let ans = h
        .put(
            "/api/v1/organization/acme/robots/bot",
            Some(&w.alice),
            Some(json!({"description": "quaydiff robot"})),
        )
        .await
        .expect(201);
    assert_eq!(ans.content_type, "application/json");
    let b = &ans.body;
    assert_eq!(
        keys(b),
        sorted(&[
            "name",
            "created",
            "last_accessed",
            "description",
            "token",
            "unstructured_metadata"
        ])
    );
    assert_eq!(b["name"], "acme+bot");
    assert!(is_rfc2822_quay(&b["created"]), "{b}");
    assert_eq!(b["last_accessed"], Value::Null);
    assert_eq!(b["description"], "quaydiff robot");
    assert_eq!(b["token"].as_str().unwrap().len(), 64);
    assert_eq!(b["unstructured_metadata"], Value::Null);
    // Stored as a robot of acme, with the token it returned, and logged.
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace r JOIN namespace o ON o.id = r.owner_id WHERE r.kind = 'robot' AND r.name = 'acme+bot' AND o.name = 'acme'").await,
        1
    );
    let got = h
        .get("/api/v1/organization/acme/robots/bot", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(got.body["token"], b["token"]);
    assert_eq!(got.body["unstructured_metadata"], json!({}));
    assert_eq!(
        count(&h, "SELECT count(*) FROM log_entry WHERE kind = 'create_robot' AND metadata = '{\"description\":\"quaydiff robot\",\"robot\":\"bot\",\"unstructured_metadata\":null}'").await,
        1
    );
}

#[tokio::test]
async fn create_org_robot_body_is_optional() {
    let h = Harness::new().await;
    let w = world(&h).await;
    // No body at all.
    let b = create(&h, &w.alice, "acme", "nobody", None).await;
    assert_eq!(
        (b["description"].clone(), b["unstructured_metadata"].clone()),
        (json!(""), Value::Null)
    );
    // Not JSON, malformed JSON, an empty body, null: all "no body".
    for (i, (ct, raw)) in [
        ("text/plain", "{\"description\": \"ignored\"}"),
        ("application/json", "{nope"),
        ("application/json", ""),
        ("application/json", "null"),
    ]
    .iter()
    .enumerate()
    {
        let ans = h
            .call_raw(
                Method::PUT,
                &format!("/api/v1/organization/acme/robots/raw{i}"),
                Some(&w.alice),
                ct,
                raw,
            )
            .await
            .expect(201);
        assert_eq!(ans.body["description"], "");
    }
    // Metadata is echoed and stored as is.
    let b = create(
        &h,
        &w.alice,
        "acme",
        "meta",
        Some(json!({"unstructured_metadata": {"team": "ci", "n": [1, 2]}})),
    )
    .await;
    assert_eq!(
        b["unstructured_metadata"],
        json!({"team": "ci", "n": [1, 2]})
    );
    let got = h
        .get("/api/v1/organization/acme/robots/meta", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        got.body["unstructured_metadata"],
        json!({"team": "ci", "n": [1, 2]})
    );
    // A `+json` content type is JSON too.
    let ans = h
        .call_raw(
            Method::PUT,
            "/api/v1/organization/acme/robots/vnd",
            Some(&w.alice),
            "application/vnd.api+json",
            "{\"description\": \"vnd\"}",
        )
        .await
        .expect(201);
    assert_eq!(ans.body["description"], "vnd");
}

#[tokio::test]
async fn create_org_robot_refusals() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    let ans = h
        .put("/api/v1/organization/acme/robots/bot", Some(&w.alice), None)
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Existing robot with name: acme+bot");
    for (bad, reason) in [
        (
            "Bad",
            "Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
        ),
        (
            "a",
            "Namespace must be between 2 and 255 characters in length",
        ),
        (
            "a+b",
            "Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
        ),
    ] {
        let ans = h
            .put(
                &format!("/api/v1/organization/acme/robots/{bad}"),
                Some(&w.alice),
                None,
            )
            .await
            .api_error(400, "invalid_request");
        assert_eq!(
            ans.text(),
            format!("The name for the robot '{bad}' is invalid: {reason}")
        );
    }
    // An admin naming its own user namespace (no organization).
    let ans = h
        .put(
            "/api/v1/organization/alice/robots/mine",
            Some(&w.alice),
            None,
        )
        .await
        .message_error(400, Some("Organization does not exist: alice"));
    assert_eq!(ans.content_type, "application/json");
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'robot'").await,
        1
    );
}

#[tokio::test]
async fn create_org_robot_validates_the_body_before_the_permission() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let ans = h
        .put(
            "/api/v1/organization/acme/robots/bot",
            Some(&w.eve),
            Some(json!({"unstructured_metadata": "abc"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "'abc' is not of type 'object'\n\nFailed validating 'type' in schema['properties']['unstructured_metadata']:\n    {'description': 'Optional unstructured metadata for the robot',\n     'type': 'object'}\n\nOn instance['unstructured_metadata']:\n    'abc'"
    );
    let ans = h
        .put(
            "/api/v1/organization/acme/robots/bot",
            Some(&w.alice),
            Some(json!({"description": 5})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['description']:\n    {'description': 'Optional text description for the robot',\n     'maxLength': 255,\n     'type': 'string'}\n\nOn instance['description']:\n    5"
    );
    let ans = h
        .put(
            "/api/v1/organization/acme/robots/bot",
            Some(&w.alice),
            Some(json!({"description": "x".repeat(256)})),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with(&format!(
        "'{}' is too long\n\nFailed validating 'maxLength'",
        "x".repeat(256)
    )));
    let ans = h
        .put(
            "/api/v1/organization/acme/robots/bot",
            Some(&w.alice),
            Some(json!(["x"])),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("['x'] is not of type 'object'\n\nFailed validating 'type' in schema:\n    {'description': 'Optional data for creating a robot',"));
    // A JSON body over 1 MiB (Quay crashes; refused here).
    let big = format!("{{\"description\": \"{}\"}}", "x".repeat(1024 * 1024));
    h.call_raw(
        Method::PUT,
        "/api/v1/organization/acme/robots/bot",
        Some(&w.alice),
        "application/json",
        &big,
    )
    .await
    .api_error(400, "invalid_request");
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'robot'").await,
        0
    );
}

#[tokio::test]
async fn create_org_robot_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    for t in [&w.bob, &w.eve, &h.admin] {
        h.put("/api/v1/organization/acme/robots/bot", Some(t), None)
            .await
            .api_error(403, "insufficient_scope");
    }
    // Unknown organization: 403 for ordinary callers.
    h.put(
        "/api/v1/organization/nowhere/robots/bot",
        Some(&w.alice),
        None,
    )
    .await
    .api_error(403, "insufficient_scope");
    // The admin's token needs org:admin.
    let t = h.user("alice", "repo:create repo:admin user:admin").await;
    h.put("/api/v1/organization/acme/robots/bot", Some(&t), None)
        .await
        .api_error(403, "insufficient_scope");
    h.call(
        Method::PUT,
        "/api/v1/organization/acme/robots/bot",
        None,
        None,
    )
    .await
    .csrf();
    h.call(
        Method::PUT,
        "/api/v1/organization/acme/robots/bot",
        Some("bogus"),
        Some(json!({})),
    )
    .await
    .csrf();
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'robot'").await,
        0
    );
    let t = h.user("alice", "org:admin").await;
    create(&h, &t, "acme", "bot", None).await;
}

#[tokio::test]
async fn create_org_robot_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    world(&h).await;
    let b = create(
        &h,
        &h.admin,
        "acme",
        "su",
        Some(json!({"description": "by su"})),
    )
    .await;
    assert_eq!(b["name"], "acme+su");
    h.put(
        "/api/v1/organization/nowhere/robots/bot",
        Some(&h.admin),
        None,
    )
    .await
    .message_error(400, Some("Organization does not exist: nowhere"));
    let ro = Harness::with_config(Config {
        REGISTRY_STATE: "readonly".into(),
        ..full_access()
    })
    .await;
    ro.put(
        "/api/v1/organization/acme/robots/bot",
        Some(&ro.admin),
        None,
    )
    .await
    .expect(503);
}

// ------------------------------------------------------------------------------------------
// getOrgRobot

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

// ------------------------------------------------------------------------------------------
// getOrgRobots

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
    assert_eq!(n(&ans.body), 0);
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

// ------------------------------------------------------------------------------------------
// deleteOrgRobot

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
        count(&h, "SELECT count(*) FROM log_entry WHERE kind = 'delete_robot' AND metadata = '{\"robot\":\"bot\"}'").await,
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
