//! proxy cache

use super::*;

#[tokio::test]
async fn proxy_cache_configuration_lifecycle() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let path = "/api/v1/organization/acme/proxycache";
    let none = h.get(path, Some(&w.alice)).await.expect(200);
    assert_eq!(none.body, fixture("getProxyCacheConfig", "proxy.get.none"));
    // Members read it (token with repo:create or org:admin); others may not.
    h.get(path, Some(&w.bob)).await.expect(200);
    let bob_read = h.user("bob", "repo:read").await;
    h.get(path, Some(&bob_read))
        .await
        .api_error(403, "insufficient_scope");
    h.get(path, Some(&w.dave))
        .await
        .api_error(403, "insufficient_scope");
    h.get(path, None).await.api_error(401, "invalid_token");
    h.get("/api/v1/organization/nope/proxycache", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    // One's own user namespace: the empty answer.
    let own = h
        .get("/api/v1/organization/alice/proxycache", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(own.body["upstream_registry"], "");

    let body =
        json!({"upstream_registry": "127.0.0.1:5999", "insecure": true, "expiration_s": 3600});
    h.post(path, Some(&w.bob), body.clone())
        .await
        .api_error(403, "insufficient_scope");
    h.post(path, None, body.clone()).await.csrf();
    let created = h.post(path, Some(&w.alice), body.clone()).await.expect(201);
    assert_eq!(
        created.body,
        fixture("createProxyCacheConfig", "proxy.create.ok")
    );
    assert_eq!(logs(&h, "create_proxy_cache_config").await, 1);
    let got = h.get(path, Some(&w.bob)).await.expect(200);
    assert_eq!(
        got.body,
        json!({"upstream_registry": "127.0.0.1:5999", "expiration_s": 3600, "insecure": true})
    );
    let dup = h
        .post(path, Some(&w.alice), body.clone())
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        dup.body["detail"],
        fixture("createProxyCacheConfig", "proxy.create.duplicate")["detail"]
    );

    h.delete(path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(path, None).await.csrf();
    let deleted = h.delete(path, Some(&w.alice)).await.expect(201);
    assert_eq!(
        deleted.body,
        fixture("deleteProxyCacheConfig", "proxy.delete.ok")
    );
    assert_eq!(logs(&h, "delete_proxy_cache_config").await, 1);
    h.delete(path, Some(&w.alice))
        .await
        .api_error(404, "not_found");
    // Defaults.
    h.post(
        path,
        Some(&w.alice),
        json!({"upstream_registry": "93.184.216.34/someorg"}),
    )
    .await
    .expect(201);
    let got = h.get(path, Some(&w.alice)).await.expect(200);
    assert_eq!(
        got.body,
        json!({"upstream_registry": "93.184.216.34/someorg", "expiration_s": 86400, "insecure": false})
    );
}

#[tokio::test]
async fn proxy_cache_refusals() {
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec![],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let path = "/api/v1/organization/acme/proxycache";
    let refused = h
        .post(
            path,
            Some(&w.alice),
            json!({"upstream_registry": "127.0.0.1:5999"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(refused.text(), "The provided registry URL is not allowed");
    assert_eq!(
        h.post(path, Some(&w.alice), json!({"upstream_registry": ""}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "URL must include a hostname"
    );
    assert_eq!(
        h.post(
            path,
            Some(&w.alice),
            json!({"upstream_registry": "u:p@quay.io"})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "URLs with embedded credentials are not allowed"
    );
    // Names are resolved, as Quay does (`.invalid` never resolves): creating and validating
    // both answer what a Quay without the name in DNS answers, and nothing is stored.
    for op in [
        path.to_string(),
        path.replace("/proxycache", "/validateproxycache"),
    ] {
        assert_eq!(
            h.post(
                &op,
                Some(&w.alice),
                json!({"upstream_registry": "registry.invalid"})
            )
            .await
            .api_error(400, "invalid_request")
            .text(),
            "Cannot resolve hostname 'registry.invalid'"
        );
    }
    assert_eq!(
        h.get(path, Some(&w.alice)).await.expect(200).body["upstream_registry"],
        ""
    );
    // Body before permission.
    assert_eq!(
        h.post(path, Some(&w.bob), json!({"insecure": true}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "'upstream_registry' is a required property"
    );
    h.post(path, Some(&w.bob), json!({"upstream_registry": null}))
        .await
        .api_error(400, "invalid_request");
    h.call_raw(Method::POST, path, Some(&w.alice), "text/plain", "{}")
        .await
        .message_error(415, None);
    assert_eq!(
        count(&h, "SELECT count(*) FROM proxy_cache_config").await,
        0
    );
    h.post(
        path,
        Some(&w.alice),
        json!({"upstream_registry": "93.184.216.34/X"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn proxy_cache_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    world(&h).await;
    let none = h
        .get("/api/v1/organization/nope/proxycache", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(none.body["expiration_s"], "");
    let failed = h
        .post(
            "/api/v1/organization/nope/proxycache",
            Some(&h.admin),
            json!({"upstream_registry": "93.184.216.34"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        failed.text(),
        "Error while creating Proxy cache configuration"
    );
    h.delete("/api/v1/organization/nope/proxycache", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let unknown = h
        .post(
            "/api/v1/organization/nope/validateproxycache",
            Some(&h.admin),
            json!({"upstream_registry": "127.0.0.1:5999", "insecure": true}),
        )
        .await
        .message_error(400, Some("Organization does not exist: nope"));
    assert_eq!(
        unknown.body,
        json!({"message": "Organization does not exist: nope"})
    );
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&h.admin),
        json!({"upstream_registry": "93.184.216.34"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn proxy_cache_operations_need_the_feature() {
    let h = Harness::with_config(Config {
        FEATURE_PROXY_CACHE: false,
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    h.get("/api/v1/organization/acme/proxycache", Some(&w.alice))
        .await
        .expect(404);
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&w.alice),
        json!({"upstream_registry": "93.184.216.34"}),
    )
    .await
    .expect(405);
    h.post(
        "/api/v1/organization/acme/validateproxycache",
        Some(&w.alice),
        json!({"upstream_registry": "93.184.216.34"}),
    )
    .await
    .expect(405);
}
