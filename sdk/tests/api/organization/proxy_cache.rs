//! proxy cache

use super::*;

#[tokio::test]
async fn get_proxy_cache_not_configured() {
    let ex = success("getProxyCacheConfig");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/a%2Bb/proxycache",
        &[],
        None,
        &ex,
    )
    .await;
    let cfg = c.organization("a+b").proxy_cache().get().await.unwrap();
    assert!(matches!(cfg, ProxyCacheConfig::ProxyCacheNotConfigured(_)));
    assert!(!cfg.is_configured());
}

#[tokio::test]
async fn get_proxy_cache_configured() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/acme/proxycache",
        &[],
        None,
        200,
        json!({"upstream_registry": "quay.io/someorg", "expiration_s": 86400, "insecure": false}),
    )
    .await;
    let cfg = c.organization("acme").proxy_cache().get().await.unwrap();
    let stored = cfg.configured().unwrap();
    assert_eq!(stored.upstream_registry, "quay.io/someorg");
    assert_eq!(stored.expiration_s, 86400);
    assert!(!stored.insecure);
}

#[tokio::test]
async fn create_proxy_cache() {
    let ex = success("createProxyCacheConfig");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%20b/proxycache",
        &[],
        Some(body),
        &ex,
    )
    .await;
    c.organization("a b")
        .proxy_cache()
        .create(
            &NewProxyCacheConfig::new("127.0.0.1:5999")
                .insecure(true)
                .expiration_s(3600),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_proxy_cache() {
    let ex = success("deleteProxyCacheConfig");
    assert_eq!(ex.status, 201);
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/organization/a%2Bb/proxycache",
        &[],
        None,
        &ex,
    )
    .await;
    c.organization("a+b").proxy_cache().delete().await.unwrap();
}

#[tokio::test]
async fn validate_proxy_cache() {
    let ex = success("validateProxyCacheConfig");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%2Bb/validateproxycache",
        &[],
        Some(body),
        &ex,
    )
    .await;
    let result = c
        .organization("a+b")
        .proxy_cache()
        .validate(&NewProxyCacheConfig::new("127.0.0.1:5999").insecure(true))
        .await
        .unwrap();
    assert_eq!(result, ProxyCacheValidationResult::Anonymous);
}

#[tokio::test]
async fn validate_proxy_cache_sends_credentials() {
    let with_credentials = fixture("validateProxyCacheConfig")
        .into_iter()
        .find(|e| e.case == "proxy.validate.bad_credentials")
        .unwrap();
    let (_s, c) = expect(
        "POST",
        "/api/v1/organization/acme/validateproxycache",
        &[],
        Some(with_credentials.request_body.clone()),
        202,
        json!("Valid"),
    )
    .await;
    let result = c
        .organization("acme")
        .proxy_cache()
        .validate(
            &NewProxyCacheConfig::new("127.0.0.1:5999")
                .insecure(true)
                .credentials("qduser", "<PASSWORD>"),
        )
        .await
        .unwrap();
    assert_eq!(result, ProxyCacheValidationResult::Valid);
}
