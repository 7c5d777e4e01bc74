//! The `mirror` and `mirrorhealth` areas and changeRepoState: exact requests, Quay's odd
//! answers (201 `""`, `{"detail"}` alone, a 503 that is a report), and every recorded
//! exchange decoded.

use crate::common::*;
use quay_sdk::models::{
    MirrorHealth, NewRepoMirrorConfig, RepoMirrorConfigChanges, RepoMirrorRegistryConfig,
    RepoMirrorRule, RepoMirrorStatus, SettableRepositoryState, Timestamp,
};
use quay_sdk::{ErrorKind, chrono};
use serde_json::json;

const MIRROR: &str = "/api/v1/repository/acme/web/mirror";

fn start() -> Timestamp {
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T00:00:00.123456Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    Timestamp::whole_seconds(at)
}

#[tokio::test]
async fn mirror_requests_are_exact() {
    let body = json!({
        "external_reference": "127.0.0.1:5999/fx/upstream",
        "sync_interval": 3600,
        "sync_start_date": "2026-12-03T00:00:00Z",
        "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["v*"]},
        "skopeo_timeout_interval": 300,
        "robot_username": "acme+bot",
        "external_registry_username": "fxup",
        "external_registry_password": "pw",
        "external_registry_config": {"verify_tls": false}
    });
    let ex = success("createRepoMirrorConfig");
    let (_s, c) = expect_recorded("POST", MIRROR, &[], Some(body), &ex).await;
    let config = NewRepoMirrorConfig::new(
        "127.0.0.1:5999/fx/upstream",
        start(),
        3600,
        "acme+bot",
        RepoMirrorRule::tags(["v*"]),
        300,
    )
    .external_registry_username("fxup")
    .external_registry_password("pw")
    .external_registry_config(RepoMirrorRegistryConfig::new().verify_tls(false));
    assert!(
        !format!("{config:?}").contains("\"pw\""),
        "the password must not show in Debug"
    );
    c.repository("acme/web")
        .unwrap()
        .mirror()
        .create(&config)
        .await
        .unwrap();

    let ex = success("getRepoMirrorConfig");
    let (_s, c) = expect_recorded("GET", MIRROR, &[], None, &ex).await;
    let shown = c
        .repository("acme/web")
        .unwrap()
        .mirror()
        .get()
        .await
        .unwrap();
    assert_eq!(shown.sync_status, RepoMirrorStatus::NeverRun);
    assert_eq!(shown.root_rule.rule_value, ["v*"]);
    assert_eq!(shown.sync_start_date.unwrap(), "2026-12-03T00:00:00Z");

    let ex = success("changeRepoMirrorConfig");
    let (_s, c) = expect_recorded(
        "PUT",
        MIRROR,
        &[],
        Some(json!({"is_enabled": false, "external_registry_username": null})),
        &ex,
    )
    .await;
    c.repository("acme/web")
        .unwrap()
        .mirror()
        .update(
            &RepoMirrorConfigChanges::new()
                .is_enabled(false)
                .external_registry_username_null(),
        )
        .await
        .unwrap();

    for (suffix, file) in [("sync-now", "syncNow"), ("sync-cancel", "syncCancel")] {
        let (_s, c) = expect(
            "POST",
            &format!("{MIRROR}/{suffix}"),
            &[],
            None,
            204,
            json!(null),
        )
        .await;
        let mirror = c.repository("acme/web").unwrap().mirror();
        match file {
            "syncNow" => mirror.sync_now().await.unwrap(),
            _ => mirror.sync_cancel().await.unwrap(),
        }
    }

    let ex = success("changeRepoState");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/repository/acme/web/changestate",
        &[],
        Some(json!({"state": "READ_ONLY"})),
        &ex,
    )
    .await;
    let changed = c
        .repository("acme/web")
        .unwrap()
        .change_state(SettableRepositoryState::ReadOnly)
        .await
        .unwrap();
    assert!(changed.success);
}

#[tokio::test]
async fn the_duplicate_is_already_exists() {
    let (_s, c) = expect(
        "POST",
        MIRROR,
        &[],
        None,
        409,
        json!({"detail": "Mirror configuration already exits for repository acme/web"}),
    )
    .await;
    let config = NewRepoMirrorConfig::new(
        "quay.io/a/b",
        start(),
        60,
        "acme+bot",
        RepoMirrorRule::tags(["*"]),
        300,
    );
    let err = c
        .repository("acme/web")
        .unwrap()
        .mirror()
        .create(&config)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(
        err.message().as_deref(),
        Some("Mirror configuration already exits for repository acme/web")
    );
}

#[tokio::test]
async fn an_unhealthy_report_is_read_from_the_503() {
    let ex = success("getRepositoryMirrorHealth");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/mirror/health",
        &[("namespace", "acme"), ("detailed", "true"), ("limit", "10")],
        None,
        &ex,
    )
    .await;
    let report = c
        .mirror_health()
        .namespace("acme")
        .detailed(true)
        .limit(10)
        .await
        .unwrap();
    assert!(report.healthy);

    let mut sick = ex.body.clone();
    sick["healthy"] = json!(false);
    sick["workers"]["status"] = json!("degraded");
    sick["issues"] = json!([{"severity": "critical", "message": "100.0% of repositories are failing (threshold: 20.0%)", "timestamp": "2026-12-02T20:28:32.504363Z"}]);
    let (_s, c) = expect(
        "GET",
        "/api/v1/superuser/mirror/health",
        &[],
        None,
        503,
        sick,
    )
    .await;
    let err = c.superuser().mirror_health().await.unwrap_err();
    let report = MirrorHealth::from_error(&err).expect("the 503 holds the report");
    assert!(!report.healthy);
    assert_eq!(report.issues.len(), 1);
    assert!(MirrorHealth::from_error(&quay_sdk::Error::InvalidInput("x".into())).is_none());
}

#[tokio::test]
async fn every_recorded_mirror_exchange_decodes() {
    let config = || {
        NewRepoMirrorConfig::new(
            "quay.io/a/b",
            start(),
            60,
            "acme+bot",
            RepoMirrorRule::tags(["*"]),
            300,
        )
    };
    replay("getRepoMirrorConfig", |c| async move {
        c.repository("acme/web")?.mirror().get().await
    })
    .await;
    replay("createRepoMirrorConfig", |c| async move {
        c.repository("acme/web")?.mirror().create(&config()).await
    })
    .await;
    replay("changeRepoMirrorConfig", |c| async move {
        c.repository("acme/web")?
            .mirror()
            .update(&RepoMirrorConfigChanges::new())
            .await
    })
    .await;
    replay("syncNow", |c| async move {
        c.repository("acme/web")?.mirror().sync_now().await
    })
    .await;
    replay("syncCancel", |c| async move {
        c.repository("acme/web")?.mirror().sync_cancel().await
    })
    .await;
    replay("changeRepoState", |c| async move {
        c.repository("acme/web")?
            .change_state(SettableRepositoryState::Mirror)
            .await
    })
    .await;
    replay("getRepositoryMirrorHealth", |c| async move {
        c.mirror_health().await
    })
    .await;
    replay("getSuperUserRepositoryMirrorHealth", |c| async move {
        c.superuser().mirror_health().await
    })
    .await;
}
