//! validateProxyCacheConfig

use super::*;

/// How the tiny upstream registry behaves.
#[derive(Clone, Copy)]
pub(super) enum Upstream {
    /// `/v2/` needs a bearer token from `/token`, which wants `puller:secret` (or gives nothing
    /// to anonymous callers); with the token `/v2/` answers this status.
    TokenAuth(u16),
    /// `/v2/` answers 200 to anyone.
    Open,
    /// `/v2/` answers this status.
    Status(u16),
}

/// Starts a registry stand-in on 127.0.0.1:0; returns `host:port` and the server task.
pub(super) async fn upstream(kind: Upstream) -> (String, tokio::task::JoinHandle<()>) {
    use poem::http::StatusCode;
    use poem::listener::{Acceptor, Listener, TcpListener};
    use poem::{Request, Response};
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .unwrap()
        .to_string();
    let realm = format!("http://{addr}/token");
    let app = poem::endpoint::make(move |req: Request| {
        let realm = realm.clone();
        async move {
            let auth = req
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let path = req.uri().path().to_string();
            let status = |s: u16| StatusCode::from_u16(s).unwrap();
            let resp = match (kind, path.as_str()) {
                (Upstream::Open, "/v2/") => Response::builder().status(status(200)).body("{}"),
                (Upstream::Status(s), "/v2/") => Response::builder().status(status(s)).body(""),
                (Upstream::TokenAuth(s), "/v2/") if auth == "Bearer goodtoken" => {
                    Response::builder().status(status(s)).body("{}")
                }
                (Upstream::TokenAuth(_), "/v2/") => Response::builder()
                    .status(status(401))
                    .header(
                        "www-authenticate",
                        format!("Bearer realm=\"{realm}\",service=\"test-registry\""),
                    )
                    .body(""),
                (Upstream::TokenAuth(_), "/token") => {
                    assert_eq!(req.uri().query(), Some("service=test-registry"));
                    if auth == "Basic cHVsbGVyOnNlY3JldA==" {
                        Response::builder()
                            .status(status(200))
                            .content_type("application/json")
                            .body(r#"{"token": "goodtoken"}"#)
                    } else {
                        Response::builder().status(status(401)).body("")
                    }
                }
                _ => Response::builder().status(status(404)).body(""),
            };
            Ok::<Response, poem::Error>(resp)
        }
    });
    let task = tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor).run(app).await;
    });
    (addr, task)
}

pub(super) async fn validate(h: &Harness, token: &str, body: Value) -> common::Answer {
    h.post(
        "/api/v1/organization/acme/validateproxycache",
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn validate_proxy_cache_against_a_live_upstream() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let (addr, task) = upstream(Upstream::TokenAuth(200)).await;

    let anon = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .expect(202);
    assert_eq!(
        anon.body,
        fixture(
            "validateProxyCacheConfig",
            "proxy.validate.anonymous_upstream"
        )
    );
    let valid = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": format!("{addr}/someorg"), "insecure": true,
               "upstream_registry_username": "puller", "upstream_registry_password": "secret"}),
    )
    .await
    .expect(202);
    assert_eq!(valid.body, json!("Valid"));
    let bad = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": "qduser", "upstream_registry_password": "wrong"}),
    )
    .await
    .api_error(400, "invalid_request");
    same_shape(
        &bad.body,
        &fixture("validateProxyCacheConfig", "proxy.validate.bad_credentials"),
    );
    assert_eq!(
        bad.body["detail"],
        fixture("validateProxyCacheConfig", "proxy.validate.bad_credentials")["detail"]
    );
    // Null keys are dropped: anonymous again.
    validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": null, "upstream_registry_password": null}),
    )
    .await
    .expect(202);
    // Without `insecure` Quay speaks HTTPS, which this upstream does not.
    validate(&h, &w.alice, json!({"upstream_registry": addr}))
        .await
        .api_error(400, "invalid_request");
    // Permission and body order, refusals.
    validate(
        &h,
        &w.bob,
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .api_error(403, "insufficient_scope");
    validate(&h, &w.bob, json!({"upstream_registry": null}))
        .await
        .api_error(400, "invalid_request");
    h.call(
        Method::POST,
        "/api/v1/organization/acme/validateproxycache",
        None,
        Some(json!({"upstream_registry": addr})),
    )
    .await
    .csrf();
    // Validation stores nothing; an existing configuration is refused.
    assert_eq!(
        count(&h, "SELECT count(*) FROM proxy_cache_config").await,
        0
    );
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&w.alice),
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .expect(201);
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": addr, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Proxy Cache Configuration already exists"
    );
    task.abort();
}

#[tokio::test]
async fn validate_proxy_cache_upstream_answers() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let (open, t1) = upstream(Upstream::Open).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": open, "insecure": true})
        )
        .await
        .expect(202)
        .body,
        json!("Valid")
    );
    let (broken, t2) = upstream(Upstream::Status(500)).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": broken, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    // Quay's proxy reads any answer but 200 as a challenge: without one it cannot log in.
    let (odd, t3) = upstream(Upstream::Status(204)).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": odd, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    let creds = |addr: &str| {
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": "puller", "upstream_registry_password": "secret"})
    };
    // Logged in, then an answer that is neither 200 nor 401.
    let (partial, t4) = upstream(Upstream::TokenAuth(204)).await;
    assert_eq!(
        validate(&h, &w.alice, creds(&partial))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Failed to validate Proxy cache configuration"
    );
    let (failing, t5) = upstream(Upstream::TokenAuth(503)).await;
    assert_eq!(
        validate(&h, &w.alice, creds(&failing))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    t4.abort();
    t5.abort();
    // Nothing listens there.
    t1.abort();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": closed, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    t2.abort();
    t3.abort();
}

#[tokio::test]
async fn validate_proxy_cache_honours_the_allowed_upstreams() {
    let (addr, task) = upstream(Upstream::Open).await;
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec![],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": addr, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "The provided registry URL is not allowed"
    );
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .expect(202);
    task.abort();
}

/// An upstream's token realm is an outbound destination like any other: a realm the SSRF
/// rules refuse (here 127.0.0.2, while only 127.0.0.1 is allowed) is never contacted, so the
/// caller's upstream credentials cannot be sent there; validation fails as an upstream error.
#[tokio::test]
async fn validate_proxy_cache_never_follows_a_refused_realm() {
    use poem::listener::{Acceptor, Listener, TcpListener};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // The realm: counts every request it gets.
    let hits = Arc::new(AtomicUsize::new(0));
    let realm_acceptor = TcpListener::bind("127.0.0.2:0")
        .into_acceptor()
        .await
        .unwrap();
    let realm_addr = realm_acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .unwrap();
    let counter = hits.clone();
    let realm_task = tokio::spawn(async move {
        let app = poem::endpoint::make(move |_req: poem::Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, poem::Error>(r#"{"token": "stolen"}"#) }
        });
        let _ = poem::Server::new_with_acceptor(realm_acceptor)
            .run(app)
            .await;
    });
    // The upstream (allowed): challenges with that realm.
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .unwrap()
        .to_string();
    let challenge = format!("Bearer realm=\"http://{realm_addr}/token\",service=\"x\"");
    let task = tokio::spawn(async move {
        let app = poem::endpoint::make(move |_req: poem::Request| {
            let challenge = challenge.clone();
            async move {
                Ok::<_, poem::Error>(
                    poem::Response::builder()
                        .status(poem::http::StatusCode::UNAUTHORIZED)
                        .header("www-authenticate", challenge)
                        .body(""),
                )
            }
        });
        let _ = poem::Server::new_with_acceptor(acceptor).run(app).await;
    });
    let h = Harness::new().await;
    let w = world(&h).await;
    let answer = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": "puller", "upstream_registry_password": "secret"}),
    )
    .await;
    assert_eq!(
        answer.api_error(400, "invalid_request").text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the refused realm was contacted"
    );
    task.abort();
    realm_task.abort();
}

/// Avatar hashes as Quay computes them.
pub(super) struct Avatar;

impl Avatar {
    pub(super) fn hash_of(s: &str) -> String {
        quay_server::models::Avatar::new("x", Some(s), quay_server::models::AvatarKind::User).hash
    }
}
