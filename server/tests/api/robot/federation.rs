//! Robot federation: set (replacing), read, clear, Quay's checks in Quay's order, the logs.

use super::*;

const FED: &str = "/api/v1/organization/acme/robots/bot/federation";
const NO_ROBOT: &str = "Could not find robot with specified username";

fn pair(issuer: &str, subject: &str) -> Value {
    json!({"issuer": issuer, "subject": subject})
}

#[tokio::test]
async fn an_org_robot_federation_is_replaced_read_and_cleared() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    assert_eq!(h.get(FED, Some(&w.alice)).await.expect(200).body, json!([]));

    // Subject first, extra keys and `audiences`: stored as issuer and subject only.
    let sent = json!([
        {"subject": "s1", "issuer": "https://issuer1.example.com", "audiences": ["a"]},
        {"issuer": "http://plain.example.com", "subject": "s2", "x": 1},
    ]);
    let stored = h.post(FED, Some(&w.alice), sent).await.expect(200);
    let want = json!([
        pair("https://issuer1.example.com", "s1"),
        pair("http://plain.example.com", "s2")
    ]);
    assert_eq!(stored.body, want);
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, want);

    // A second set replaces the first; `[]` empties it.
    let one = json!([
        pair("https://a", "s"),
        pair("https://a/", "s"),
        pair("https://a", "S")
    ]);
    h.post(FED, Some(&w.alice), one.clone()).await.expect(200);
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, one);
    h.post(FED, Some(&w.alice), json!([])).await.expect(200);
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, json!([]));

    h.post(FED, Some(&w.alice), one.clone()).await.expect(200);
    h.delete(FED, Some(&w.alice)).await.expect(204);
    h.delete(FED, Some(&w.alice)).await.expect(204);
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, json!([]));

    let created = common::log_metadata(&h, "create_robot_federation").await;
    assert_eq!(created.len(), 4);
    assert_eq!(
        common::without_token(&created[0]),
        json!({"config": want, "robot": "bot"})
    );
    let deleted = common::log_metadata(&h, "delete_robot_federation").await;
    assert_eq!(
        deleted
            .iter()
            .map(common::without_token)
            .collect::<Vec<_>>(),
        vec![json!({"robot": "bot"}), json!({"robot": "bot"})]
    );
}

#[tokio::test]
async fn the_configuration_outlives_a_new_token_but_not_the_robot() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    let config = json!([pair("https://issuer.example.com", "ci")]);
    h.post(FED, Some(&w.alice), config.clone())
        .await
        .expect(200);
    h.post(
        "/api/v1/organization/acme/robots/bot/regenerate",
        Some(&w.alice),
        json!({}),
    )
    .await
    .expect(200);
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, config);
    h.delete("/api/v1/organization/acme/robots/bot", Some(&w.alice))
        .await
        .expect(204);
    h.get(FED, Some(&w.alice))
        .await
        .message_error(400, Some(NO_ROBOT));
    create(&h, &w.alice, "acme", "bot", None).await;
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, json!([]));
}

#[tokio::test]
async fn entries_are_checked_in_quays_order_and_a_refusal_changes_nothing() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    let kept = json!([pair("https://kept.example.com", "s")]);
    h.post(FED, Some(&w.alice), kept.clone()).await.expect(200);
    let missing = "Missing one or more required fields (issuer, subject)";
    let not_url = "Issuer must be a URL (http:// or https://)";
    for (body, text) in [
        (json!([pair("", "s")]), missing),
        (json!([pair("https://a", "")]), missing),
        (json!([pair("ftp://a", "s")]), not_url),
        (json!([pair("HTTPS://a", "s")]), not_url),
        (json!([pair(" https://a", "s")]), not_url),
        (json!([pair("ftp://x", "s"), pair("", "")]), not_url),
        (
            json!([pair("https://a", "s"), pair("https://a", "s")]),
            "Duplicate federation config entry",
        ),
    ] {
        let refused = h
            .post(FED, Some(&w.alice), body)
            .await
            .api_error(400, "invalid_request");
        assert_eq!(refused.text(), text);
    }
    // The schema, with jsonschema's text.
    let refused = h
        .post(FED, Some(&w.alice), json!([{"issuer": "https://a"}]))
        .await
        .api_error(400, "invalid_request");
    assert!(
        refused.text().starts_with(
            "'subject' is a required property\n\nFailed validating 'required' in schema['items']:"
        ),
        "{}",
        refused.text()
    );
    let refused = h
        .post(FED, Some(&w.alice), pair("https://a", "s"))
        .await
        .api_error(400, "invalid_request");
    assert!(
        refused
            .text()
            .starts_with("{'issuer': 'https://a', 'subject': 's'} is not of type 'array'")
    );
    h.post(FED, Some(&w.alice), json!(null))
        .await
        .api_error(400, "invalid_request");
    h.call_raw(Method::POST, FED, Some(&w.alice), "text/plain", "[]")
        .await
        .expect(415);
    assert_eq!(h.get(FED, Some(&w.alice)).await.body, kept);
    assert_eq!(logs(&h, "create_robot_federation").await, 1);

    // The body before the robot: an unknown robot with a bad body is the body's fault.
    let nobody = "/api/v1/organization/acme/robots/nobody/federation";
    let refused = h
        .post(nobody, Some(&w.alice), json!([pair("ftp://x", "s")]))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(refused.text(), not_url);
    h.post(nobody, Some(&w.alice), json!([]))
        .await
        .message_error(400, Some(NO_ROBOT));
    h.get(nobody, Some(&w.alice))
        .await
        .message_error(400, Some(NO_ROBOT));
    h.delete(nobody, Some(&w.alice))
        .await
        .message_error(400, Some(NO_ROBOT));
}

#[tokio::test]
async fn who_may_read_and_set_an_org_robot_federation() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let auditor = h.user("auditor", ALL).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    // A member who is not an administrator, an outsider, an unknown organization.
    for who in [&w.bob, &w.eve] {
        h.get(FED, Some(who))
            .await
            .api_error(403, "insufficient_scope");
        h.post(FED, Some(who), json!([]))
            .await
            .api_error(403, "insufficient_scope");
        h.delete(FED, Some(who))
            .await
            .api_error(403, "insufficient_scope");
    }
    h.get(
        "/api/v1/organization/nowhere/robots/bot/federation",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
    // The schema comes before the rights, the entries after them.
    h.post(FED, Some(&w.eve), json!({}))
        .await
        .api_error(400, "invalid_request");
    h.post(FED, Some(&w.eve), json!([pair("ftp://x", "s")]))
        .await
        .api_error(403, "insufficient_scope");
    // A global read-only superuser reads but does not write.
    h.get(FED, Some(&auditor)).await.expect(200);
    h.post(FED, Some(&auditor), json!([]))
        .await
        .api_error(403, "insufficient_scope");
    let repo_only = h.user("alice", "repo:admin user:admin").await;
    h.get(FED, Some(&repo_only))
        .await
        .api_error(403, "insufficient_scope");
    h.get(FED, None).await.api_error(401, "invalid_token");
    h.post(FED, None, json!([])).await.csrf();
    h.delete(FED, None).await.csrf();

    let full = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        ..Config::default()
    })
    .await;
    let owner = full.user("alice", ALL).await;
    org(&full, "acme", "alice").await;
    create(&full, &owner, "acme", "bot", None).await;
    full.post(FED, Some(&full.admin), json!([pair("https://i", "s")]))
        .await
        .expect(200);
    full.get(
        "/api/v1/organization/nowhere/robots/bot/federation",
        Some(&full.admin),
    )
    .await
    .message_error(400, Some(NO_ROBOT));
}

#[tokio::test]
async fn a_user_robot_federation_is_the_callers_own() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    h.put("/api/v1/user/robots/ci", Some(&alice), None)
        .await
        .expect(201);
    let path = "/api/v1/user/robots/ci/federation";
    assert_eq!(h.get(path, Some(&alice)).await.expect(200).body, json!([]));
    let config = json!([pair(
        "https://token.actions.githubusercontent.com",
        "repo:a/b:ref:refs/heads/main"
    )]);
    assert_eq!(
        h.post(path, Some(&alice), config.clone())
            .await
            .expect(200)
            .body,
        config
    );
    // Bob's `ci` is his own: none.
    h.get(path, Some(&bob))
        .await
        .message_error(400, Some(NO_ROBOT));
    // The rights before the body here.
    let scoped = h.user("alice", "org:admin").await;
    h.post(path, Some(&scoped), json!({}))
        .await
        .api_error(403, "insufficient_scope");
    let refused = h
        .post(
            path,
            Some(&alice),
            json!([pair("https://a", "s"), pair("https://a", "s")]),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(refused.text(), "Duplicate federation config entry");
    h.delete(path, Some(&alice)).await.expect(204);
    assert_eq!(h.get(path, Some(&alice)).await.body, json!([]));
    let entry =
        common::without_token(&common::log_metadata(&h, "create_robot_federation").await[0]);
    assert_eq!(entry, json!({"config": config, "robot": "ci"}));
    h.delete("/api/v1/user/robots/nope/federation", Some(&alice))
        .await
        .message_error(400, Some(NO_ROBOT));
}

#[tokio::test]
async fn recorded_federation_answers_have_quays_shape() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "bot", None).await;
    let ok = common::recorded(
        "createOrgRobotFederation",
        "robot.createOrgRobotFederation.ok",
    );
    let sent = json!([pair("https://issuer.example.com", "fixrec-subject")]);
    assert_eq!(h.post(FED, Some(&w.alice), sent).await.expect(200).body, ok);
    let unknown = common::recorded(
        "getUserRobotFederation",
        "robot.getUserRobotFederation.unknown",
    );
    let answer = h
        .get("/api/v1/user/robots/nobot/federation", Some(&w.alice))
        .await;
    assert_eq!((answer.status, answer.body), (400, unknown));
}
