//! The `mirror` and `mirrorhealth` areas and changeRepoState: a repository's mirror
//! configuration, its syncs, its state, and the health report, as Quay answers them.

use crate::common::{self, ALL, Harness, count, log_metadata, logs};
use quay_server::Config;
use serde_json::{Value, json};

const MIRROR: &str = "/api/v1/repository/acme/web/mirror";

/// alice owns `acme`, which has the robot `acme+bot` and the repository `acme/web`.
async fn setup(h: &Harness) -> String {
    let alice = h.user("alice", ALL).await;
    common::org(h, "acme", "alice").await;
    common::robot(h, "acme", "bot").await;
    common::repo(h, "acme", "web").await;
    alice
}

fn config() -> Value {
    json!({
        "external_reference": "127.0.0.1:5999/fx/upstream",
        "sync_interval": 3600,
        "sync_start_date": "2026-12-03T00:00:00Z",
        "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["v*"]},
        "skopeo_timeout_interval": 300,
        "robot_username": "acme+bot",
        "external_registry_username": "fxup",
        "external_registry_password": "s3cret-upstream",
        "external_registry_config": {"verify_tls": false}
    })
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn without(mut body: Value, key: &str) -> Value {
    body.as_object_mut().unwrap().remove(key);
    body
}

async fn state_of(h: &Harness, token: &str) -> Value {
    h.get("/api/v1/repository/acme/web", Some(token))
        .await
        .expect(200)
        .body["state"]
        .clone()
}

#[tokio::test]
async fn a_mirror_is_created_shown_and_refused_twice() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    h.get(MIRROR, Some(&alice))
        .await
        .api_error(404, "not_found");
    let created = h.post(MIRROR, Some(&alice), config()).await.expect(201);
    assert_eq!(created.body, json!(""));
    assert_eq!(state_of(&h, &alice).await, json!("MIRROR"));
    // The robot may now push.
    let perm = h
        .get(
            "/api/v1/repository/acme/web/permissions/user/acme+bot",
            Some(&alice),
        )
        .await
        .expect(200);
    assert_eq!(perm.body["role"], json!("write"));

    let shown = h.get(MIRROR, Some(&alice)).await.expect(200);
    let recorded = common::recorded("getRepoMirrorConfig", "mirror.getRepoMirrorConfig.ok");
    assert_eq!(common::keys(&shown.body), common::keys(&recorded));
    assert_eq!(
        shown.body,
        with(
            with(recorded, "robot_username", json!("acme+bot")),
            "external_registry_username",
            json!("fxup")
        )
    );
    // The password is never shown, and sealed at rest.
    assert!(shown.body.get("external_registry_password").is_none());
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM repo_mirror WHERE external_password LIKE '%s3cret%' OR external_password IS NULL"
        )
        .await,
        0
    );

    let entry = log_metadata(&h, "repo_mirror_config_changed").await;
    assert_eq!(
        common::without_token(&entry[0]),
        json!({"repo": "web", "namespace": "acme", "user-agent": "", "changed": "external_reference", "to": "127.0.0.1:5999/fx/upstream", "username": "alice"})
    );

    let again = h.post(MIRROR, Some(&alice), config()).await.expect(409);
    assert_eq!(
        again.body,
        json!({"detail": "Mirror configuration already exits for repository acme/web"})
    );
    // A robot that pushes for a mirror cannot be deleted.
    h.delete("/api/v1/organization/acme/robots/bot", Some(&alice))
        .await
        .api_error(400, "invalid_request");
}

#[tokio::test]
async fn a_bad_configuration_is_refused_before_anything_is_stored() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    common::robot(&h, "alice", "mine").await;
    let refused = |body: Value| {
        let (h, alice) = (&h, alice.clone());
        async move { h.post(MIRROR, Some(&alice), body).await }
    };
    let missing = refused(json!({"external_reference": "127.0.0.1:5999/fx/upstream"})).await;
    assert_eq!(
        missing.clone().api_error(400, "invalid_request").body["detail"],
        common::recorded(
            "createRepoMirrorConfig",
            "mirror.createRepoMirrorConfig.missing_fields"
        )["detail"]
    );
    refused(with(config(), "external_reference", json!("10.1.2.3/x")))
        .await
        .api_error(400, "invalid_request");
    let scheme = refused(with(
        config(),
        "external_reference",
        json!("https://quay.io/x"),
    ))
    .await;
    assert_eq!(
        scheme.text(),
        "External registry reference must not include a URL scheme"
    );
    let date = refused(with(config(), "sync_start_date", json!("tomorrow"))).await;
    assert_eq!(
        (date.status, date.body),
        (
            400,
            json!({"detail": "Incorrect DateTime format for sync_start_date."})
        )
    );
    let arch = refused(with(config(), "architecture_filter", json!(["amd64"]))).await;
    assert_eq!(
        arch.body,
        json!({"detail": "Architecture filtering requires FEATURE_SPARSE_INDEX to be enabled."})
    );
    let rule = refused(with(
        config(),
        "root_rule",
        json!({"rule_kind": "tag_glob_csv", "rule_value": []}),
    ))
    .await;
    assert_eq!(
        rule.api_error(400, "invalid_request").text(),
        "validation failed: rule_value for TAG_GLOB_CSV must be a list with at least one rule"
    );
    for (robot, message) in [
        (
            Some("acme+nobody"),
            "Could not find robot with specified username",
        ),
        (Some("alice+mine"), "Invalid robot"),
        (None, "Could not find robot with specified username"),
    ] {
        let body = match robot {
            Some(r) => with(config(), "robot_username", json!(r)),
            None => without(config(), "robot_username"),
        };
        refused(body).await.message_error(400, Some(message));
    }
    // Unknown keys are ignored (Quay crashes on them).
    h.get(MIRROR, Some(&alice))
        .await
        .api_error(404, "not_found");
    assert_eq!(state_of(&h, &alice).await, json!("NORMAL"));
    assert_eq!(logs(&h, "repo_mirror_config_changed").await, 0);
    h.post(MIRROR, Some(&alice), with(config(), "surprise", json!(1)))
        .await
        .expect(201);
}

#[tokio::test]
async fn architecture_filters_need_the_sparse_index() {
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
        FEATURE_SPARSE_INDEX: true,
        ..Config::default()
    })
    .await;
    let alice = setup(&h).await;
    let bad = h
        .post(
            MIRROR,
            Some(&alice),
            with(
                config(),
                "architecture_filter",
                json!(["x86", "amd64", "mips", "x86"]),
            ),
        )
        .await
        .expect(400);
    assert_eq!(
        bad.body,
        json!({"detail": "Invalid architectures: mips, x86"})
    );
    h.post(
        MIRROR,
        Some(&alice),
        with(config(), "architecture_filter", json!(["arm64", "amd64"])),
    )
    .await
    .expect(201);
    let shown = h.get(MIRROR, Some(&alice)).await.expect(200);
    assert_eq!(shown.body["architecture_filter"], json!(["arm64", "amd64"]));
}

#[tokio::test]
async fn changes_apply_field_by_field_and_are_logged() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    common::robot(&h, "acme", "other").await;
    h.post(MIRROR, Some(&alice), config()).await.expect(201);

    let body = json!({"is_enabled": false, "sync_interval": 7200, "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["v*", "latest"]}});
    let changed = h.put(MIRROR, Some(&alice), Some(body)).await.expect(201);
    assert_eq!(changed.body, json!(""));
    let shown = h.get(MIRROR, Some(&alice)).await.expect(200).body;
    assert_eq!(
        (
            &shown["is_enabled"],
            &shown["sync_interval"],
            &shown["root_rule"]["rule_value"]
        ),
        (&json!(false), &json!(7200), &json!(["v*", "latest"]))
    );
    // Disabled is paused, not unmirrored.
    assert_eq!(state_of(&h, &alice).await, json!("MIRROR"));
    let changed: Vec<Value> = log_metadata(&h, "repo_mirror_config_changed")
        .await
        .into_iter()
        .skip(1)
        .map(|m| json!([m["changed"], m["to"]]))
        .collect();
    assert_eq!(
        changed,
        [
            json!(["is_enabled", false]),
            json!(["sync_interval", 7200]),
            json!(["mirror_rule", ["v*", "latest"]])
        ]
    );

    let date = h
        .put(
            MIRROR,
            Some(&alice),
            Some(json!({"sync_start_date": "tomorrow", "is_enabled": true})),
        )
        .await
        .expect(400);
    assert_eq!(
        date.body,
        common::recorded(
            "changeRepoMirrorConfig",
            "mirror.changeRepoMirrorConfig.bad_date"
        )
    );
    let password = h
        .put(
            MIRROR,
            Some(&alice),
            Some(json!({"external_registry_password": "x"})),
        )
        .await
        .expect(400);
    assert_eq!(
        password.body,
        json!({"detail": "Unable to set a new password without also specifying a username."})
    );
    let unset = h
        .put(
            MIRROR,
            Some(&alice),
            Some(json!({"external_registry_username": null, "external_registry_password": "x"})),
        )
        .await
        .expect(400);
    assert_eq!(
        unset.body,
        json!({"detail": "Unable to delete username while setting a password."})
    );
    // Nothing of a refused body was stored.
    assert_eq!(
        h.get(MIRROR, Some(&alice)).await.body["is_enabled"],
        json!(false)
    );

    let more = json!({
        "robot_username": "acme+other",
        "sync_start_date": "2027-01-02T03:04:05Z",
        "external_registry_username": null,
        "external_registry_password": null,
        "external_registry_config": {"unsigned_images": true, "proxy": {"https_proxy": "http://proxy:3128"}}
    });
    h.put(MIRROR, Some(&alice), Some(more)).await.expect(201);
    let shown = h.get(MIRROR, Some(&alice)).await.expect(200).body;
    assert_eq!(shown["robot_username"], json!("acme+other"));
    assert_eq!(shown["sync_start_date"], json!("2027-01-02T03:04:05Z"));
    assert_eq!(shown["external_registry_username"], json!(null));
    assert_eq!(
        shown["external_registry_config"],
        json!({"verify_tls": false, "unsigned_images": true, "proxy": {"https_proxy": "http://proxy:3128"}})
    );
    let tail: Vec<Value> = log_metadata(&h, "repo_mirror_config_changed")
        .await
        .into_iter()
        .skip(4)
        .map(|m| json!([m["changed"], m["to"]]))
        .collect();
    assert_eq!(
        tail,
        [
            json!(["sync_start_date", 1_798_859_045]),
            json!(["external_registry_username", null]),
            json!(["external_registry_password", null]),
            json!(["unsigned_images", true]),
            json!(["https_proxy", "http://proxy:3128"])
        ]
    );
    // The new robot got write; no entry names it (as in Quay).
    assert_eq!(
        h.get(
            "/api/v1/repository/acme/web/permissions/user/acme+other",
            Some(&alice)
        )
        .await
        .expect(200)
        .body["role"],
        json!("write")
    );
}

#[tokio::test]
async fn syncs_are_requested_and_cancelled() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let (now, cancel) = (
        format!("{MIRROR}/sync-now"),
        format!("{MIRROR}/sync-cancel"),
    );
    h.post(&now, Some(&alice), json!({}))
        .await
        .api_error(404, "not_found");
    h.post(MIRROR, Some(&alice), config()).await.expect(201);
    h.post(&cancel, Some(&alice), json!({}))
        .await
        .api_error(404, "not_found");
    h.post(&now, Some(&alice), json!({})).await.expect(204);
    let shown = h.get(MIRROR, Some(&alice)).await.body;
    assert_eq!(shown["sync_status"], json!("SYNC_NOW"));
    h.post(&cancel, Some(&alice), json!({})).await.expect(204);
    let shown = h.get(MIRROR, Some(&alice)).await.body;
    assert_eq!(
        (&shown["sync_status"], &shown["sync_retries_remaining"]),
        (&json!("CANCEL"), &json!(0))
    );
    h.post(&cancel, Some(&alice), json!({}))
        .await
        .api_error(404, "not_found");
    // A sync that runs cannot be started again, but can be cancelled.
    common::sql(&h, "UPDATE repo_mirror SET sync_status = 'SYNCING'", vec![]).await;
    h.post(&now, Some(&alice), json!({}))
        .await
        .api_error(404, "not_found");
    h.post(&cancel, Some(&alice), json!({})).await.expect(204);
    let logged: Vec<Value> = log_metadata(&h, "repo_mirror_config_changed")
        .await
        .into_iter()
        .skip(1)
        .map(|m| m["to"].clone())
        .collect();
    assert_eq!(
        logged,
        [
            json!("SYNC_NOW"),
            json!("SYNC_CANCEL"),
            json!("SYNC_CANCEL")
        ]
    );
}

#[tokio::test]
async fn only_repository_admins_and_full_access_superusers_may() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    h.post(MIRROR, Some(&alice), config()).await.expect(201);
    let bob = h.user("bob", ALL).await;
    common::grant(&h, "acme", "web", "bob", "write").await;
    for path in [MIRROR, "/api/v1/repository/acme/nothing/mirror"] {
        h.get(path, Some(&bob))
            .await
            .api_error(403, "insufficient_scope");
        h.put(path, Some(&bob), Some(json!({"is_enabled": false})))
            .await
            .api_error(403, "insufficient_scope");
        h.get(path, None).await.api_error(401, "invalid_token");
        h.put(path, None, Some(json!({}))).await.csrf();
    }
    // The rights come before the body.
    h.put(MIRROR, Some(&bob), Some(json!({"sync_interval": -1})))
        .await
        .api_error(403, "insufficient_scope");
    // A superuser without full access is no repository admin; with it, the superuser is.
    h.get(MIRROR, Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    let full = Harness::with_config(common::full_access()).await;
    let alice = setup(&full).await;
    full.post(MIRROR, Some(&alice), config()).await.expect(201);
    full.get(MIRROR, Some(&full.admin)).await.expect(200);
    full.get("/api/v1/repository/acme/nothing/mirror", Some(&full.admin))
        .await
        .api_error(404, "not_found");
    // Only repo:admin tokens.
    let scoped = full.user("alice", "repo:write org:admin").await;
    full.get(MIRROR, Some(&scoped))
        .await
        .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn the_state_is_set_as_asked() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let path = "/api/v1/repository/acme/web/changestate";
    let ok = h
        .put(path, Some(&alice), Some(json!({"state": "READ_ONLY"})))
        .await
        .expect(200);
    assert_eq!(ok.body, json!({"success": true}));
    assert_eq!(state_of(&h, &alice).await, json!("READ_ONLY"));
    // The same state again, and MIRROR without a configuration, are accepted.
    for state in ["READ_ONLY", "MIRROR"] {
        h.put(path, Some(&alice), Some(json!({"state": state})))
            .await
            .expect(200);
    }
    let bad = h
        .put(path, Some(&alice), Some(json!({"state": "BOGUS"})))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        bad.body["detail"],
        common::recorded("changeRepoState", "repository.changeRepoState.bad_state")["detail"]
    );
    h.put(
        path,
        Some(&alice),
        Some(json!({"state": "MARKED_FOR_DELETION"})),
    )
    .await
    .api_error(400, "invalid_request");
    h.put(
        "/api/v1/repository/acme/nothing/changestate",
        Some(&alice),
        Some(json!({"state": "NORMAL"})),
    )
    .await
    .api_error(404, "not_found");
    let bob = h.user("bob", ALL).await;
    h.put(path, Some(&bob), Some(json!({"state": "NORMAL"})))
        .await
        .api_error(403, "insufficient_scope");
    let entries = log_metadata(&h, "change_repo_state").await;
    assert_eq!(entries.len(), 3);
    assert_eq!(
        common::without_token(&entries[0]),
        json!({"repo": "web", "namespace": "acme", "state_changed": "READ_ONLY"})
    );
    assert_eq!(state_of(&h, &alice).await, json!("MIRROR"));
}

const HEALTH: &str = "/api/v1/repository/mirror/health";
const SU_HEALTH: &str = "/api/v1/superuser/mirror/health";

#[tokio::test]
async fn health_counts_enabled_mirrors_of_mirror_repositories() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    common::repo(&h, "acme", "api").await;
    common::repo(&h, "acme", "db").await;
    for repo in ["web", "api", "db"] {
        h.post(
            &format!("/api/v1/repository/acme/{repo}/mirror"),
            Some(&alice),
            config(),
        )
        .await
        .expect(201);
    }
    // db leaves the MIRROR state: no longer counted.
    h.put(
        "/api/v1/repository/acme/db/changestate",
        Some(&alice),
        Some(json!({"state": "NORMAL"})),
    )
    .await
    .expect(200);

    let report = h
        .get(
            &format!("{HEALTH}?namespace=acme&detailed=true&limit=1"),
            Some(&alice),
        )
        .await
        .expect(200);
    assert_eq!(
        report.cache_control.as_deref(),
        Some("no-cache, no-store, must-revalidate")
    );
    let body = report.body;
    assert_eq!(
        body["repositories"],
        json!({"total": 2, "syncing": 0, "completed": 0, "failed": 0, "never_run": 2,
            "details": [{"namespace": "acme", "repository": "api", "sync_status": "NEVER_RUN", "is_enabled": true, "last_sync": null, "retries_remaining": 3}],
            "pagination": {"limit": 1, "offset": 0, "has_more": true}})
    );
    assert_eq!(
        body["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["message"].clone())
            .collect::<Vec<_>>(),
        [
            json!("Repository acme/api has never been synced"),
            json!("Repository acme/web has never been synced")
        ]
    );
    assert_eq!(body["last_check"], body["issues"][0]["timestamp"]);
    assert_eq!(
        body["workers"],
        json!({"active": 0, "configured": 0, "status": "healthy"})
    );

    // One of the two that ran failed for good: unhealthy, 503 with the same body.
    common::sql(
        &h,
        "UPDATE repo_mirror SET sync_status = 'FAIL', sync_retries_remaining = 0
         WHERE repo_id = (SELECT id FROM repository WHERE name = 'web')",
        vec![],
    )
    .await;
    common::sql(
        &h,
        "UPDATE repo_mirror SET sync_status = 'SUCCESS'
         WHERE repo_id = (SELECT id FROM repository WHERE name = 'api')",
        vec![],
    )
    .await;
    let sick = h
        .get(&format!("{HEALTH}?namespace=acme"), Some(&alice))
        .await
        .expect(503);
    assert_eq!(
        sick.cache_control.as_deref(),
        Some("no-cache, no-store, must-revalidate")
    );
    assert_eq!(sick.body["healthy"], json!(false));
    assert_eq!(sick.body["workers"]["status"], json!("degraded"));
    assert!(sick.body["repositories"].get("details").is_none());
    let messages: Vec<Value> = sick.body["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!([i["severity"], i["message"]]))
        .collect();
    assert_eq!(
        messages,
        [
            json!([
                "critical",
                "50.0% of repositories are failing (threshold: 20.0%)"
            ]),
            json!([
                "error",
                "Repository acme/web has exhausted all retry attempts"
            ])
        ]
    );

    // The panel's report: the same counts, only the reasons for being unhealthy.
    let panel = h.get(SU_HEALTH, Some(&h.admin)).await.expect(503);
    assert_eq!(
        panel.body["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["severity"].clone())
            .collect::<Vec<_>>(),
        [json!("critical")]
    );
    assert_eq!(panel.body["repositories"]["total"], json!(2));
    // A disabled mirror is not counted either.
    h.put(MIRROR, Some(&alice), Some(json!({"is_enabled": false})))
        .await
        .expect(201);
    let panel = h.get(SU_HEALTH, Some(&h.admin)).await.expect(200);
    assert_eq!(
        (
            panel.body["healthy"].clone(),
            panel.body["repositories"]["total"].clone()
        ),
        (json!(true), json!(1))
    );
}

#[tokio::test]
async fn health_rights_follow_quay() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let bob = h.user("bob", ALL).await;
    h.get(HEALTH, None).await.api_error(401, "invalid_token");
    h.get(SU_HEALTH, None).await.api_error(401, "invalid_token");
    // Registry-wide: full-access or global read-only superusers only.
    h.get(HEALTH, Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    h.get(HEALTH, Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    // A namespace: its members, or the user it names; an unknown one is a 404 for anyone.
    h.get(&format!("{HEALTH}?namespace=acme"), Some(&alice))
        .await
        .expect(200);
    h.get(&format!("{HEALTH}?namespace=bob"), Some(&bob))
        .await
        .expect(200);
    h.get(&format!("{HEALTH}?namespace=acme"), Some(&bob))
        .await
        .api_error(403, "insufficient_scope");
    h.get(&format!("{HEALTH}?namespace=nowhere"), Some(&bob))
        .await
        .api_error(404, "not_found");
    let bad = h
        .get(&format!("{HEALTH}?namespace=acme&limit=many"), Some(&alice))
        .await
        .expect(400);
    assert_eq!(
        bad.body,
        json!({"message": {"limit": "Maximum repositories in detailed view (when detailed=true)"}})
    );
    // The panel: any superuser with super:user.
    h.get(SU_HEALTH, Some(&h.admin)).await.expect(200);
    h.get(SU_HEALTH, Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    let scoped = h.admin_with("org:admin").await;
    h.get(SU_HEALTH, Some(&scoped))
        .await
        .api_error(403, "insufficient_scope");
    let full = Harness::with_config(common::full_access()).await;
    let report = full.get(HEALTH, Some(&full.admin)).await.expect(200);
    assert_eq!(
        common::key_set(&report.body),
        common::key_set(&common::recorded(
            "getRepositoryMirrorHealth",
            "mirrorhealth.getRepositoryMirrorHealth.ok"
        ))
    );
}

#[tokio::test]
async fn without_the_feature_nothing_is_registered() {
    let h = Harness::with_config(Config {
        FEATURE_REPO_MIRROR: false,
        ..Config::default()
    })
    .await;
    let alice = setup(&h).await;
    let answer = h.post(MIRROR, Some(&alice), config()).await;
    assert_eq!(answer.status, 405, "{answer:?}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM repo_mirror").await, 0);
    let state = h
        .put(
            "/api/v1/repository/acme/web/changestate",
            Some(&alice),
            Some(json!({"state": "READ_ONLY"})),
        )
        .await;
    assert_ne!(state.status, 200, "{state:?}");
    assert_eq!(state_of(&h, &alice).await, json!("NORMAL"));
}
