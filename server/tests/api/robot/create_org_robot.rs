//! createOrgRobot

use super::*;

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
        count(&h, "SELECT count(*) FROM log_entry WHERE kind = 'create_robot' AND json_remove(metadata, '$.oauth_token_id', '$.oauth_token_application_id', '$.oauth_token_application') = '{\"description\":\"quaydiff robot\",\"robot\":\"bot\",\"unstructured_metadata\":null}'").await,
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
