//! The `prototype` tag through HTTP: default permissions listed, created, changed and deleted
//! as Quay does, and applied when a repository is created.

use crate::common;

use common::*;
use quay_server::Config;
use serde_json::{Value, json};

const RULES: &str = "/api/v1/organization/acme/prototypes";

/// `alice` owns `acme`; `bob` is in its team `devs` (member); `eve` is outside it.
async fn world(h: &Harness) -> (String, String, String) {
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    let eve = h.user("eve", ALL).await;
    org(h, "acme", "alice").await;
    team(h, "acme", "devs", "member", &["bob"]).await;
    (alice, bob, eve)
}

fn rule(role: &str, kind: &str, name: &str) -> Value {
    json!({"role": role, "delegate": {"kind": kind, "name": name}})
}

async fn create(h: &Harness, token: &str, body: Value) -> Value {
    h.post(RULES, Some(token), body).await.expect(200).body
}

/// Creates `acme/<name>` through the API as the owner of `token`.
async fn new_repo(h: &Harness, token: &str, name: &str) {
    h.post(
        "/api/v1/repository",
        Some(token),
        json!({"repository": name, "visibility": "private", "namespace": "acme", "description": ""}),
    )
    .await
    .expect(201);
}

/// The roles of a repository: users (robots included) and teams, by name.
async fn roles(h: &Harness, token: &str, repo: &str) -> (Value, Value) {
    let of = |body: Value| -> Value {
        body["permissions"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v["role"].clone()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let users = h
        .get(
            &format!("/api/v1/repository/acme/{repo}/permissions/user/"),
            Some(token),
        )
        .await
        .expect(200)
        .body;
    let teams = h
        .get(
            &format!("/api/v1/repository/acme/{repo}/permissions/team/"),
            Some(token),
        )
        .await
        .expect(200)
        .body;
    (of(users), of(teams))
}

#[tokio::test]
async fn rules_are_created_listed_changed_and_deleted() {
    let h = Harness::new().await;
    let (alice, _, _) = world(&h).await;
    h.put("/api/v1/organization/acme/robots/bot", Some(&alice), None)
        .await
        .expect(201);
    assert_eq!(
        h.get(RULES, Some(&alice)).await.expect(200).body,
        json!({"prototypes": []})
    );
    let for_eve = create(&h, &alice, rule("read", "user", "eve")).await;
    assert_eq!(
        common::keys(&for_eve),
        common::keys(&common::recorded(
            "createOrganizationPrototypePermission",
            "prototype.createOrganizationPrototypePermission.ok"
        ))
    );
    assert_eq!(for_eve["activating_user"], json!(null));
    assert_eq!(for_eve["delegate"]["name"], "eve");
    assert_eq!(for_eve["delegate"]["is_org_member"], false);
    assert_eq!(for_eve["delegate"]["kind"], "user");
    assert_eq!(for_eve["delegate"]["avatar"]["kind"], "user");
    assert_eq!(for_eve["id"].as_str().unwrap().len(), 36);
    // A robot: kind user, is_robot, always a member; a team: name, kind and avatar only.
    let mut by_bob = rule("write", "user", "acme+bot");
    by_bob["activating_user"] = json!({"name": "bob"});
    let robot = create(&h, &alice, by_bob).await;
    assert_eq!(
        (
            &robot["delegate"]["is_robot"],
            &robot["delegate"]["is_org_member"]
        ),
        (&json!(true), &json!(true))
    );
    assert_eq!(robot["delegate"]["avatar"]["kind"], "robot");
    assert_eq!(robot["activating_user"]["name"], "bob");
    assert_eq!(robot["activating_user"]["is_org_member"], true);
    let team = create(&h, &alice, rule("admin", "team", "devs")).await;
    assert_eq!(
        common::keys(&team["delegate"]),
        vec!["avatar", "kind", "name"]
    );
    // Empty activating name: for everyone.
    let mut empty = rule("read", "user", "bob");
    empty["activating_user"] = json!({"name": ""});
    let everyone = create(&h, &alice, empty).await;
    assert_eq!(everyone["activating_user"], json!(null));

    // The creator-specific rule first, then the rules for everyone in creation order.
    let list = h.get(RULES, Some(&alice)).await.body;
    let ids: Vec<&Value> = list["prototypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(
        ids,
        vec![&robot["id"], &for_eve["id"], &team["id"], &everyone["id"]]
    );

    let path = format!("{RULES}/{}", for_eve["id"].as_str().unwrap());
    let changed = h
        .put(
            &path,
            Some(&alice),
            Some(json!({"role": "write", "delegate": {"kind": "team", "name": "devs"}})),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(changed["role"], "write");
    assert_eq!(changed["delegate"]["name"], "eve");
    h.delete(&path, Some(&alice)).await.expect(204);
    h.delete(&path, Some(&alice))
        .await
        .api_error(404, "not_found");
    h.put(&path, Some(&alice), Some(json!({"role": "read"})))
        .await
        .api_error(404, "not_found");

    let created = common::log_metadata(&h, "create_prototype_permission").await;
    assert_eq!(
        common::without_token(&created[1]),
        json!({"prototypeid": robot["id"], "username": "alice", "activating_username": "bob",
               "role": "write", "delegate_user": "acme+bot"})
    );
    assert_eq!(
        common::without_token(&created[2])["delegate_team"],
        json!("devs")
    );
    let modified = common::log_metadata(&h, "modify_prototype_permission").await;
    assert_eq!(
        common::without_token(&modified[0]),
        json!({"prototypeid": for_eve["id"], "username": "alice", "activating_username": null,
               "role": "write", "original_role": "read", "delegate_user": "eve"})
    );
    assert_eq!(logs(&h, "delete_prototype_permission").await, 1);
}

#[tokio::test]
async fn names_are_checked_in_quays_order() {
    let h = Harness::new().await;
    let (alice, _, _) = world(&h).await;
    org(&h, "other", "alice").await;
    team(&h, "other", "elsewhere", "member", &[]).await;
    let refused = h
        .post(RULES, Some(&alice), rule("read", "team", "elsewhere"))
        .await
        .message_error(400, None);
    assert_eq!(
        refused.body,
        json!({"message": "('Team does not exist: %s/%s', 'acme', 'elsewhere')"})
    );
    for name in ["nobody", "acme", "devs", ""] {
        let refused = h
            .post(RULES, Some(&alice), rule("read", "user", name))
            .await
            .api_error(400, "invalid_request");
        assert_eq!(refused.text(), "Missing delegate user or team", "{name}");
    }
    let mut body = rule("read", "user", "bob");
    body["activating_user"] = json!({"name": "ghost"});
    let refused = h
        .post(RULES, Some(&alice), body.clone())
        .await
        .api_error(400, "invalid_request");
    assert_eq!(refused.text(), "Unknown activating user");
    // The team before the activating user.
    body["delegate"] = json!({"kind": "team", "name": "nosuch"});
    h.post(RULES, Some(&alice), body)
        .await
        .message_error(400, None);
    // The schema, with jsonschema's text.
    let bad_role = h
        .post(RULES, Some(&alice), rule("owner", "user", "bob"))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        bad_role.body["detail"],
        common::recorded(
            "createOrganizationPrototypePermission",
            "prototype.createOrganizationPrototypePermission.bad_role"
        )["detail"]
    );
    let refused = h
        .post(
            RULES,
            Some(&alice),
            json!({"role": "read", "delegate": {"kind": "robot", "name": "x"}}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        refused
            .text()
            .starts_with("'robot' is not one of ['user', 'team']")
    );
    // Of two failures at one depth, the first property in the schema's order.
    let refused = h
        .post(
            RULES,
            Some(&alice),
            json!({"role": "read", "delegate": {"name": "x"}, "activating_user": null}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        refused.text().starts_with("None is not of type 'object'"),
        "{}",
        refused.text()
    );
    let refused = h
        .post(
            RULES,
            Some(&alice),
            json!({"role": "read", "delegate": {"name": "x"}}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        refused.text().starts_with("'kind' is a required property"),
        "{}",
        refused.text()
    );
    assert_eq!(
        h.get(RULES, Some(&alice)).await.body,
        json!({"prototypes": []})
    );
    assert_eq!(logs(&h, "create_prototype_permission").await, 0);
}

#[tokio::test]
async fn who_may_manage_default_permissions() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let (alice, bob, eve) = world(&h).await;
    let auditor = h.user("auditor", ALL).await;
    let id = create(&h, &alice, rule("read", "user", "bob")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let one = format!("{RULES}/{id}");
    for who in [&bob, &eve] {
        h.get(RULES, Some(who))
            .await
            .api_error(403, "insufficient_scope");
        h.post(RULES, Some(who), rule("read", "user", "bob"))
            .await
            .api_error(403, "insufficient_scope");
        h.put(&one, Some(who), Some(json!({"role": "admin"})))
            .await
            .api_error(403, "insufficient_scope");
        h.delete(&one, Some(who))
            .await
            .api_error(403, "insufficient_scope");
    }
    // The schema before the rights.
    h.post(RULES, Some(&eve), json!({}))
        .await
        .api_error(400, "invalid_request");
    h.put(&one, Some(&eve), Some(json!({"role": "owner"})))
        .await
        .api_error(400, "invalid_request");
    h.get(RULES, Some(&auditor)).await.expect(200);
    h.post(RULES, Some(&auditor), rule("read", "user", "bob"))
        .await
        .api_error(403, "insufficient_scope");
    let no_org_admin = h.user("alice", "repo:admin user:admin").await;
    h.get(RULES, Some(&no_org_admin))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/nowhere/prototypes", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    // Past the rights in one's own namespace: no organization.
    h.get("/api/v1/organization/alice/prototypes", Some(&alice))
        .await
        .api_error(404, "not_found");
    h.get(RULES, None).await.api_error(401, "invalid_token");
    h.post(RULES, None, rule("read", "user", "bob"))
        .await
        .csrf();
    h.delete(&one, None).await.csrf();
    // A rule of another organization is not found here.
    org(&h, "other", "alice").await;
    h.delete(
        &format!("/api/v1/organization/other/prototypes/{id}"),
        Some(&alice),
    )
    .await
    .api_error(404, "not_found");
    assert_eq!(
        h.get(RULES, Some(&alice)).await.body["prototypes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let full = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        ..Config::default()
    })
    .await;
    full.get("/api/v1/organization/nowhere/prototypes", Some(&full.admin))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn a_new_repository_gets_the_rules_that_apply_to_its_creator() {
    let h = Harness::new().await;
    let (alice, bob, _) = world(&h).await;
    team(&h, "acme", "builders", "creator", &["bob"]).await;
    team(&h, "acme", "qa", "member", &[]).await;
    h.put("/api/v1/organization/acme/robots/bot", Some(&alice), None)
        .await
        .expect(201);
    let with = |mut body: Value, by: &str| {
        body["activating_user"] = json!({"name": by});
        body
    };
    // For everyone: eve reads, the first rule for everyone wins over a later one.
    create(&h, &alice, rule("read", "user", "eve")).await;
    create(&h, &alice, rule("admin", "user", "eve")).await;
    // For everyone qa reads; for bob's repositories qa writes (the specific rule wins).
    create(&h, &alice, rule("read", "team", "qa")).await;
    create(&h, &alice, with(rule("write", "team", "qa"), "bob")).await;
    // For bob: the robot writes; a rule naming the creator is skipped.
    create(&h, &alice, with(rule("write", "user", "acme+bot"), "bob")).await;
    create(&h, &alice, rule("read", "user", "bob")).await;

    new_repo(&h, &bob, "by-bob").await;
    let (users, teams) = roles(&h, &alice, "by-bob").await;
    assert_eq!(
        users,
        json!({"bob": "admin", "eve": "read", "acme+bot": "write"})
    );
    assert_eq!(teams, json!({"qa": "write"}));

    new_repo(&h, &alice, "by-alice").await;
    let (users, teams) = roles(&h, &alice, "by-alice").await;
    assert_eq!(
        users,
        json!({"alice": "admin", "eve": "read", "bob": "read"})
    );
    assert_eq!(teams, json!({"qa": "read"}));

    // Rules never touch repositories that exist; in one's own namespace none apply.
    let first = h.get(RULES, Some(&alice)).await.body["prototypes"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    h.delete(&format!("{RULES}/{first}"), Some(&alice))
        .await
        .expect(204);
    assert_eq!(roles(&h, &alice, "by-bob").await.1, json!({"qa": "write"}));
    h.post(
        "/api/v1/repository",
        Some(&alice),
        json!({"repository": "mine", "visibility": "private", "description": ""}),
    )
    .await
    .expect(201);
    let own = h
        .get(
            "/api/v1/repository/alice/mine/permissions/user/",
            Some(&alice),
        )
        .await
        .body;
    assert_eq!(own["permissions"].as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn deleting_a_robot_or_team_deletes_the_rules_naming_it() {
    let h = Harness::new().await;
    let (alice, _, _) = world(&h).await;
    h.put("/api/v1/organization/acme/robots/bot", Some(&alice), None)
        .await
        .expect(201);
    create(&h, &alice, rule("write", "user", "acme+bot")).await;
    let mut by_robot = rule("read", "team", "devs");
    by_robot["activating_user"] = json!({"name": "acme+bot"});
    create(&h, &alice, by_robot).await;
    create(&h, &alice, rule("read", "user", "bob")).await;
    h.delete("/api/v1/organization/acme/robots/bot", Some(&alice))
        .await
        .expect(204);
    let left = h.get(RULES, Some(&alice)).await.body;
    assert_eq!(left["prototypes"].as_array().unwrap().len(), 1);
    create(&h, &alice, rule("admin", "team", "devs")).await;
    h.delete("/api/v1/organization/acme/team/devs", Some(&alice))
        .await
        .expect(204);
    let left = h.get(RULES, Some(&alice)).await.body;
    assert_eq!(left["prototypes"].as_array().unwrap().len(), 1);
    assert_eq!(left["prototypes"][0]["delegate"]["name"], "bob");
}

#[tokio::test]
async fn recorded_answers_have_quays_shape() {
    let h = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        ..Config::default()
    })
    .await;
    let recorded = common::recorded(
        "getOrganizationPrototypePermissions",
        "prototype.getOrganizationPrototypePermissions.unknown_org",
    );
    let answer = h
        .get(
            "/api/v1/organization/fxqb2tgm4unoorg/prototypes",
            Some(&h.admin),
        )
        .await;
    assert_eq!(answer.status, 404);
    assert_eq!(common::keys(&answer.body), common::keys(&recorded));
    assert_eq!(answer.body["detail"], recorded["detail"]);
}
