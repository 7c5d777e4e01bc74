//! quotas

use super::*;

#[tokio::test]
async fn quota_lifecycle() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    h.user("bob", ALL).await;
    let ans = h
        .post(
            "/api/v1/superuser/users/bob/quota",
            Some(&h.admin),
            json!({"limit": "5 GiB"}),
        )
        .await
        .expect(201);
    assert_eq!(ans.body, json!("Created"));
    let list = h
        .get("/api/v1/superuser/users/bob/quota", Some(&h.admin))
        .await
        .expect(200);
    same_shape(
        &list.body,
        fixture("listUserQuotaSuperUser", Some("ok")).body(),
    );
    assert_eq!(list.body[0]["limit_bytes"], 5_368_709_120i64);
    assert_eq!(list.body[0]["limit"], "5.0 GiB");
    assert_eq!(list.body[0]["default_config"], false);
    assert_eq!(list.body[0]["default_config_exists"], false);
    // Either path accepts either kind of namespace.
    let other = h
        .get("/api/v1/superuser/organization/bob/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(other.body, list.body);
    let id = list.body[0]["id"].as_i64().unwrap();

    h.post(
        "/api/v1/superuser/users/acme/quota",
        Some(&h.admin),
        json!({"limit_bytes": 10_737_418_240i64}),
    )
    .await
    .expect(201);
    let dup = h
        .post(
            "/api/v1/superuser/organization/acme/quota",
            Some(&h.admin),
            json!({"limit_bytes": 10_737_418_240i64}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(dup.text(), "Quota for 'acme' already exists");

    // Changes.
    let path = format!("/api/v1/superuser/users/bob/quota/{id}");
    let changed = h
        .put(
            &path,
            Some(&h.admin),
            Some(json!({"limit_bytes": 6_442_450_944i64})),
        )
        .await
        .expect(200);
    same_shape(
        &changed.body,
        fixture("changeUserQuotaSuperUser", Some("ok")).body(),
    );
    assert_eq!(changed.body["limit"], "6.0 GiB");
    let changed = h
        .put(&path, Some(&h.admin), Some(json!({"limit": "2 MB"})))
        .await
        .expect(200);
    // Quay answers the size it parsed from the human-readable form as a float.
    assert_eq!(changed.body["limit_bytes"], json!(2_000_000.0));
    assert_eq!(changed.body["limit"], "1.9 MiB");
    for noop in [
        json!({}),
        json!({"limit_bytes": 0}),
        json!({"limit": "0 GiB"}),
    ] {
        let same = h.put(&path, Some(&h.admin), Some(noop)).await.expect(200);
        assert_eq!(same.body["limit_bytes"], 2_000_000);
    }
    let both = h
        .put(
            &path,
            Some(&h.admin),
            Some(json!({"limit_bytes": 1024, "limit": "1 GiB"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        both.body["detail"],
        fixture("changeUserQuotaSuperUser", Some("both")).body()["detail"]
    );
    h.put(&path, Some(&h.admin), Some(json!({"other": 1})))
        .await
        .api_error(400, "invalid_request");
    h.put(&path, Some(&h.admin), Some(json!({"limit_bytes": -1})))
        .await
        .api_error(400, "invalid_request")
        .assert_text("Invalid quota size limit value: '-1'");
    h.put(&path, Some(&h.admin), Some(json!({"limit": "5 B"})))
        .await
        .api_error(400, "invalid_request")
        .assert_text("Invalid limit format");
    h.put(
        &path,
        Some(&h.admin),
        Some(json!({"limit_bytes": 10_000_000_000_000_000_000u64})),
    )
    .await
    .api_error(400, "invalid_request")
    .assert_text("Unsupported quota size limit.");
    // A quota of another namespace, or no quota at all, is 404.
    h.put(
        &format!("/api/v1/superuser/users/acme/quota/{id}"),
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");
    h.put(
        "/api/v1/superuser/users/bob/quota/999999",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");
    h.put(
        "/api/v1/superuser/users/bob/quota/abc",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");

    // Deletes.
    h.delete(
        &format!("/api/v1/superuser/organization/acme/quota/{id}"),
        Some(&h.admin),
    )
    .await
    .api_error(404, "not_found");
    let ans = h.delete(&path, Some(&h.admin)).await.expect(204);
    assert_eq!(ans.body, json!(""));
    h.delete(&path, Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let list = h
        .get("/api/v1/superuser/users/bob/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body, json!([]));
}

#[tokio::test]
async fn quota_refusals() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/users/bob/quota";
    for (body, text) in [
        (
            json!({"limit_bytes": 0}),
            "Invalid quota size limit value: '0'",
        ),
        (
            json!({"limit_bytes": -5}),
            "Invalid quota size limit value: '-5'",
        ),
        (
            json!({"limit": "0 GiB"}),
            "Invalid quota size limit value: '0.0'",
        ),
        (json!({"limit": "0"}), "Invalid quota size limit value: '0'"),
        (json!({"limit": "5 B"}), "Invalid limit format"),
        (json!({"limit": "100 YiB"}), "Unsupported quota size limit."),
    ] {
        let ans = h
            .post(path, Some(&h.admin), body.clone())
            .await
            .api_error(400, "invalid_request");
        assert_eq!(ans.text(), text, "{body}");
    }
    let ans = h
        .post(path, Some(&h.admin), json!({}))
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text()
            .starts_with("'limit_bytes' is a required property")
    );
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"limit_bytes": 5, "limit": "5 GiB"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().contains(" is valid under each of "), "{ans:?}");
    let ans = h
        .post(path, Some(&h.admin), json!({"limit": "lots"}))
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("'lots' does not match "), "{ans:?}");
    // Body before rights.
    h.post(path, Some(&bob), json!({}))
        .await
        .api_error(400, "invalid_request");
    let ans = h
        .post(path, Some(&bob), json!({"limit": "5 GiB"}))
        .await
        .api_error(403, "insufficient_scope");
    same_shape(
        &ans.body,
        fixture("createUserQuotaSuperUser", Some("user2")).body(),
    );
    // Unknown namespaces: 404 (Quay crashes with 500 on the writes).
    for (method, p, body) in [
        (Method::GET, "/api/v1/superuser/users/ghost/quota", None),
        (
            Method::POST,
            "/api/v1/superuser/organization/ghost/quota",
            Some(json!({"limit_bytes": 5})),
        ),
        (
            Method::PUT,
            "/api/v1/superuser/users/ghost/quota/1",
            Some(json!({})),
        ),
        (
            Method::DELETE,
            "/api/v1/superuser/users/ghost/quota/1",
            None,
        ),
    ] {
        h.call(method, p, Some(&h.admin), body)
            .await
            .api_error(404, "not_found");
    }
    // Robots have no quota.
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    h.get("/api/v1/superuser/users/acme+bot/quota", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let list = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(list.body, json!([]));
}

#[tokio::test]
async fn quotas_show_in_panel_views() {
    let h = Harness::with_config(Config {
        DEFAULT_SYSTEM_REJECT_QUOTA_BYTES: 1000,
        ..Default::default()
    })
    .await;
    org(&h, "acme").await;
    h.post(
        "/api/v1/superuser/organization/acme/quota",
        Some(&h.admin),
        json!({"limit": "1 KiB"}),
    )
    .await
    .expect(201);
    let orgs = h
        .get("/api/v1/superuser/organizations/", Some(&h.admin))
        .await
        .expect(200);
    let acme = &orgs.body["organizations"][0];
    assert_eq!(acme["quotas"][0]["limit_bytes"], 1024);
    assert_eq!(acme["quota_report"]["configured_quota"], 1024);
    let list = h
        .get("/api/v1/superuser/organization/acme/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body[0]["default_config_exists"], true);
    assert_eq!(list.body[0]["limit"], "1.0 KiB");
}
