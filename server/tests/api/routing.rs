//! Routing as Quay does it: feature flags switch operations off by their matched route (not by
//! a piece of the path), and every 405 says which methods the path serves.

use crate::common;

use common::*;
use quay_server::Config;
use serde_json::json;

#[tokio::test]
async fn a_405_names_the_methods_the_path_serves() {
    let h = Harness::new().await;
    org(&h, "acme", "quayadmin").await;
    let ans = h
        .post("/api/v1/organization/acme", Some(&h.admin), json!({}))
        .await
        .message_error(405, None);
    assert_eq!(
        ans.allow.as_deref(),
        Some("DELETE, GET, HEAD, OPTIONS, PUT")
    );
    let ans = h
        .get("/api/v1/organization/acme/team/ops", Some(&h.admin))
        .await
        .expect(405);
    assert_eq!(ans.allow.as_deref(), Some("DELETE, OPTIONS, PUT"));
}

#[tokio::test]
async fn a_405_leaves_out_the_methods_switched_off() {
    let h = Harness::with_config(Config {
        FEATURE_MAILING: false,
        ..Config::default()
    })
    .await;
    org(&h, "acme", "quayadmin").await;
    team(&h, "acme", "ops", "member", &[]).await;
    let ans = h
        .get(
            "/api/v1/organization/acme/team/ops/invite/a@example.com",
            Some(&h.admin),
        )
        .await
        .expect(405);
    assert_eq!(ans.allow.as_deref(), Some("OPTIONS"));
}

#[tokio::test]
async fn an_organization_named_invite_gets_teams_without_mailing() {
    let h = Harness::with_config(Config {
        FEATURE_MAILING: false,
        ..Config::default()
    })
    .await;
    org(&h, "invite", "quayadmin").await;
    h.put(
        "/api/v1/organization/invite/team/ops",
        Some(&h.admin),
        Some(json!({"role": "member"})),
    )
    .await
    .expect(200);
    // The invite operations themselves are still switched off.
    h.put(
        "/api/v1/organization/invite/team/ops/invite/a@example.com",
        Some(&h.admin),
        None,
    )
    .await
    .expect(405);
}

#[tokio::test]
async fn an_organization_named_proxycache_is_an_organization_without_proxy_cache() {
    let h = Harness::with_config(Config {
        FEATURE_PROXY_CACHE: false,
        ..Config::default()
    })
    .await;
    org(&h, "proxycache", "quayadmin").await;
    let ans = h
        .get("/api/v1/organization/proxycache", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body["name"], "proxycache");
    h.get("/api/v1/organization/proxycache/proxycache", Some(&h.admin))
        .await
        .expect(404);
}

#[tokio::test]
async fn a_user_named_quota_is_managed_without_quotas() {
    let h = Harness::with_config(Config {
        FEATURE_QUOTA_MANAGEMENT: false,
        ..Config::default()
    })
    .await;
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "quota", "email": "quota@example.com"}),
    )
    .await
    .expect(200);
    h.delete("/api/v1/superuser/users/quota", Some(&h.admin))
        .await
        .expect(204);
    h.get("/api/v1/superuser/users/quota/quota", Some(&h.admin))
        .await
        .expect(404);
}

#[test]
fn every_flag_the_spec_names_is_a_setting() {
    let cfg = Config::default();
    for route in quay_server::routing::ROUTES {
        for flag in route.features {
            assert!(
                cfg.feature(flag).is_some(),
                "{} needs {flag}, which the server does not know",
                route.operation
            );
        }
    }
}
