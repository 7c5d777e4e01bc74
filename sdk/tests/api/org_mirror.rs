//! The `org_mirror` area: exact requests, Quay's answers (201 `""`, 200 `""`, a verification
//! that reports failure in its body), and every recorded exchange decoded.

use crate::common::*;
use quay_sdk::models::{
    NewOrgMirrorConfig, OrgMirrorConfigChanges, OrgMirrorRegistryConfig, OrgMirrorRegistryType,
    OrgMirrorRepoStatus, OrgMirrorVisibility, RepoMirrorStatus, Timestamp,
};
use serde_json::json;

const MIRROR: &str = "/api/v1/organization/acme/mirror";

fn config() -> NewOrgMirrorConfig {
    let at = quay_sdk::chrono::DateTime::parse_from_rfc3339("2026-12-03T00:00:00Z")
        .unwrap()
        .with_timezone(&quay_sdk::chrono::Utc);
    NewOrgMirrorConfig::new(
        OrgMirrorRegistryType::Quay,
        "http://127.0.0.1:5999",
        "fxupstream",
        "acme+bot",
        OrgMirrorVisibility::Private,
        3600,
        Timestamp::whole_seconds(at),
    )
}

#[tokio::test]
async fn org_mirror_requests_are_exact() {
    let ex = success("createOrgMirrorConfig");
    let body = json!({
        "external_registry_type": "quay",
        "external_registry_url": "http://127.0.0.1:5999",
        "external_namespace": "fxupstream",
        "robot_username": "acme+bot",
        "visibility": "private",
        "sync_interval": 3600,
        "sync_start_date": "2026-12-03T00:00:00Z",
        "external_registry_password": "tok",
        "external_registry_config": {"verify_tls": false},
        "repository_filters": ["app-*"]
    });
    let (_s, c) = expect_recorded("POST", MIRROR, &[], Some(body), &ex).await;
    let new = config()
        .external_registry_password("tok")
        .external_registry_config(OrgMirrorRegistryConfig::new().verify_tls(false))
        .repository_filters(vec!["app-*".to_string()]);
    assert!(
        !format!("{new:?}").contains("\"tok\""),
        "the token must not show in Debug"
    );
    c.organization("acme").mirror().create(&new).await.unwrap();

    let ex = success("getOrgMirrorConfig");
    let (_s, c) = expect_recorded("GET", MIRROR, &[], None, &ex).await;
    let shown = c.organization("acme").mirror().get().await.unwrap();
    assert_eq!(shown.sync_status, RepoMirrorStatus::NeverRun);
    assert!(shown.has_external_registry_password);
    assert_eq!(shown.repo_sync_status_counts.never_run, 0);

    let ex = success("updateOrgMirrorConfig");
    let (_s, c) =
        expect_recorded("PUT", MIRROR, &[], Some(json!({"is_enabled": false})), &ex).await;
    c.organization("acme")
        .mirror()
        .update(&OrgMirrorConfigChanges::new().is_enabled(false))
        .await
        .unwrap();

    let ex = success("verifyOrgMirrorConnection");
    let (_s, c) = expect_recorded("POST", &format!("{MIRROR}/verify"), &[], None, &ex).await;
    let check = c.organization("acme").mirror().verify().await.unwrap();
    assert!(!check.success && check.message.starts_with("Connection error: "));

    let (_s, c) = expect(
        "GET",
        &format!("{MIRROR}/repositories"),
        &[("page", "2"), ("limit", "1"), ("status", "SKIP")],
        None,
        200,
        json!({"repositories": [{"name": "lib", "sync_status": "SKIP", "discovery_date": "2026-12-02T20:28:35.041595Z", "last_sync_date": null, "status_message": "Repository excluded by filters", "quay_repository": null}], "page": 2, "limit": 1, "total": 2, "has_next": false}),
    )
    .await;
    let page = c
        .organization("acme")
        .mirror()
        .repositories()
        .page(2)
        .limit(1)
        .status("SKIP")
        .await
        .unwrap();
    assert_eq!(page.repositories[0].sync_status, OrgMirrorRepoStatus::Skip);

    for (method, suffix) in [
        ("POST", "/sync-now"),
        ("POST", "/sync-cancel"),
        ("DELETE", ""),
    ] {
        let (_s, c) = expect(
            method,
            &format!("{MIRROR}{suffix}"),
            &[],
            None,
            204,
            json!(null),
        )
        .await;
        let m = c.organization("acme").mirror();
        match suffix {
            "/sync-now" => m.sync_now().await.unwrap(),
            "/sync-cancel" => m.sync_cancel().await.unwrap(),
            _ => m.delete().await.unwrap(),
        }
    }
}

#[tokio::test]
async fn every_recorded_org_mirror_exchange_decodes() {
    replay("getOrgMirrorConfig", |c| async move {
        c.organization("o").mirror().get().await
    })
    .await;
    replay("createOrgMirrorConfig", |c| async move {
        c.organization("o").mirror().create(&config()).await
    })
    .await;
    replay("updateOrgMirrorConfig", |c| async move {
        c.organization("o")
            .mirror()
            .update(&OrgMirrorConfigChanges::new())
            .await
    })
    .await;
    replay("deleteOrgMirrorConfig", |c| async move {
        c.organization("o").mirror().delete().await
    })
    .await;
    replay("syncOrgMirrorNow", |c| async move {
        c.organization("o").mirror().sync_now().await
    })
    .await;
    replay("cancelOrgMirrorSync", |c| async move {
        c.organization("o").mirror().sync_cancel().await
    })
    .await;
    replay("verifyOrgMirrorConnection", |c| async move {
        c.organization("o").mirror().verify().await
    })
    .await;
    replay("listOrgMirrorRepositories", |c| async move {
        c.organization("o").mirror().repositories().await
    })
    .await;
}
