//! registry size

use super::*;

#[tokio::test]
async fn registry_size_queue() {
    let h = Harness::new().await;
    let path = "/api/v1/superuser/registrysize/";
    let before = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(
        before.body,
        json!({"size_bytes": 0, "last_ran": null, "queued": false, "running": false})
    );
    same_shape(&before.body, fixture("getRegistrySize", Some("ok")).body());
    let queued = h
        .call(Method::POST, path, Some(&h.admin), None)
        .await
        .expect(201);
    assert_eq!(queued.body, json!(""));
    assert_eq!(queued.content_type, "application/json");
    h.call(Method::POST, path, Some(&h.admin), None)
        .await
        .expect(202)
        .assert_body(json!(""));
    // No worker runs the calculation: it stays queued, as a real Quay without its workers
    // answered (ffba0c70e2d8), and reading does not change that.
    for _ in 0..2 {
        let after = h.get(path, Some(&h.admin)).await.expect(200);
        assert_eq!(
            after.body,
            json!({"size_bytes": 0, "last_ran": null, "queued": true, "running": false})
        );
    }
    h.call(Method::POST, path, Some(&h.admin), None)
        .await
        .expect(202);
    h.get("/api/v1/superuser/registrysize", Some(&h.admin))
        .await
        .expect(308);
    h.call(
        Method::POST,
        "/api/v1/superuser/registrysize",
        Some(&h.admin),
        None,
    )
    .await
    .expect(308);
}

#[tokio::test]
async fn every_body_is_checked_like_quay() {
    let h = Harness::new().await;
    h.user("bob", ALL).await;
    let writes: [(Method, &str); 6] = [
        (Method::POST, "/api/v1/superuser/users/"),
        (Method::PUT, "/api/v1/superuser/organizations/acme"),
        (Method::POST, "/api/v1/superuser/keys"),
        (Method::PUT, "/api/v1/superuser/keys/somekid"),
        (Method::POST, "/api/v1/superuser/users/bob/quota"),
        (Method::PUT, "/api/v1/superuser/users/bob/quota/1"),
    ];
    for (method, path) in writes {
        h.call_raw(method.clone(), path, Some(&h.admin), "text/plain", "{}")
            .await
            .message_error(
                415,
                Some("Did not attempt to load JSON data because the request Content-Type was not 'application/json'."),
            );
        h.call_raw(
            method.clone(),
            path,
            Some(&h.admin),
            "application/json",
            "{\"a\":",
        )
        .await
        .message_error(
            400,
            Some("The browser (or proxy) sent a request that this server could not understand."),
        );
        h.call_raw(method.clone(), path, Some(&h.admin), "application/json", "")
            .await
            .message_error(400, None);
        h.call_raw(
            method.clone(),
            path,
            Some(&h.admin),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request")
        .assert_text("Missing JSON body");
        let ans = h
            .call_raw(
                method.clone(),
                path,
                Some(&h.admin),
                "application/json",
                "\"text\"",
            )
            .await
            .api_error(400, "invalid_request");
        assert!(
            ans.text().starts_with("'text' is not of type 'object'"),
            "{path}: {ans:?}"
        );
    }
    // Nothing was created by any of them.
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(users.body["users"].as_array().unwrap().len(), 2);
    let keys = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(keys.body, json!({"keys": []}));
}
