//! The `org_mirror` area: an organization mirroring a source namespace, the guards it puts on
//! the organization, and the connection test against a real source (another reference server).

use crate::common::{self, ALL, Harness, count, logs};
use serde_json::{Value, json};

const MIRROR: &str = "/api/v1/organization/acme/mirror";

/// alice owns the empty organization `acme`, which has the robot `acme+bot`.
async fn setup(h: &Harness) -> String {
    let alice = h.user("alice", ALL).await;
    common::org(h, "acme", "alice").await;
    common::robot(h, "acme", "bot").await;
    alice
}

fn config(url: &str) -> Value {
    json!({
        "external_registry_type": "quay",
        "external_registry_url": url,
        "external_namespace": "fxupstream",
        "robot_username": "acme+bot",
        "visibility": "private",
        "sync_interval": 3600,
        "sync_start_date": "2026-12-03T00:00:00Z",
        "external_registry_username": "fxup",
        "external_registry_password": "s3cret-token",
        "external_registry_config": {"verify_tls": false},
        "repository_filters": ["app-*"],
        "skopeo_timeout": 300
    })
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

async fn metadata(h: &Harness, kind: &str) -> Vec<Value> {
    common::log_metadata(h, kind)
        .await
        .iter()
        .map(common::without_token)
        .collect()
}

#[tokio::test]
async fn an_org_mirror_lives_and_dies() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    h.get(MIRROR, Some(&alice))
        .await
        .api_error(404, "not_found");
    let created = h
        .post(MIRROR, Some(&alice), config("http://127.0.0.1:5999"))
        .await
        .expect(201);
    assert_eq!(created.body, json!(""));
    let shown = h.get(MIRROR, Some(&alice)).await.expect(200).body;
    let recorded = common::recorded("getOrgMirrorConfig", "org_mirror.getOrgMirrorConfig.ok");
    assert_eq!(common::keys(&shown), common::keys(&recorded));
    for key in [
        "external_registry_config",
        "repository_filters",
        "sync_start_date",
        "sync_status",
        "repo_sync_status_counts",
        "has_external_registry_password",
    ] {
        assert_eq!(shown[key], recorded[key], "{key}");
    }
    assert_eq!(shown["robot_username"], json!("acme+bot"));
    assert!(shown["creation_date"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM org_mirror WHERE external_password LIKE '%s3cret%'"
        )
        .await,
        0
    );
    assert_eq!(
        metadata(&h, "org_mirror_enabled").await,
        [
            json!({"external_registry_type": "quay", "external_registry_url": "http://127.0.0.1:5999", "external_namespace": "fxupstream", "sync_interval": 3600, "robot_username": "acme+bot"})
        ]
    );
    h.post(MIRROR, Some(&alice), config("http://127.0.0.1:5999"))
        .await
        .api_error(400, "invalid_request");

    // The keys of the change are logged in the order they were sent.
    let changed = h
        .call_raw(
            poem::http::Method::PUT,
            MIRROR,
            Some(&alice),
            "application/json",
            r#"{"sync_interval": 7200, "is_enabled": false, "external_namespace": "other", "external_registry_password": ""}"#,
        )
        .await
        .expect(200);
    assert_eq!(changed.body, json!(""));
    assert_eq!(
        metadata(&h, "org_mirror_config_changed").await,
        [
            json!({"updated_fields": ["sync_interval", "is_enabled", "external_namespace", "external_registry_password"],
            "old_external_reference": "http://127.0.0.1:5999/fxupstream",
            "external_reference": "http://127.0.0.1:5999/other"})
        ]
    );
    let shown = h.get(MIRROR, Some(&alice)).await.body;
    assert_eq!(
        (
            &shown["is_enabled"],
            &shown["sync_interval"],
            &shown["has_external_registry_password"],
            &shown["external_registry_username"]
        ),
        (&json!(false), &json!(7200), &json!(false), &json!("fxup"))
    );

    // Syncs: requested while disabled, cancelled once.
    let (now, cancel) = (
        format!("{MIRROR}/sync-now"),
        format!("{MIRROR}/sync-cancel"),
    );
    h.post(&now, Some(&alice), json!({})).await.expect(204);
    assert_eq!(
        h.get(MIRROR, Some(&alice)).await.body["sync_status"],
        json!("SYNC_NOW")
    );
    h.post(&cancel, Some(&alice), json!({})).await.expect(204);
    let shown = h.get(MIRROR, Some(&alice)).await.body;
    assert_eq!(
        (&shown["sync_status"], &shown["sync_retries_remaining"]),
        (&json!("CANCEL"), &json!(0))
    );
    assert!(shown["sync_expiration_date"].is_string());
    let again = h
        .post(&cancel, Some(&alice), json!({}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        again.body,
        common::recorded(
            "cancelOrgMirrorSync",
            "org_mirror.cancelOrgMirrorSync.again"
        )
        .as_object()
        .map(|o| {
            let mut o = o.clone();
            o.insert("type".into(), again.body["type"].clone());
            Value::Object(o)
        })
        .unwrap()
    );
    // A discovery running refuses sync-now.
    common::sql(&h, "UPDATE org_mirror SET sync_status = 'SYNCING'", vec![]).await;
    let busy = h.post(&now, Some(&alice), json!({})).await;
    assert_eq!(
        busy.api_error(400, "invalid_request").text(),
        "Cannot trigger sync: discovery is currently in progress."
    );

    h.delete(MIRROR, Some(&alice)).await.expect(204);
    h.get(MIRROR, Some(&alice))
        .await
        .api_error(404, "not_found");
    h.delete(MIRROR, Some(&alice))
        .await
        .api_error(404, "not_found");
    assert_eq!(
        metadata(&h, "org_mirror_disabled").await,
        [json!({"external_reference": "http://127.0.0.1:5999/other"})]
    );
    assert_eq!(logs(&h, "org_mirror_sync_now_requested").await, 1);
    assert_eq!(logs(&h, "org_mirror_sync_cancelled").await, 1);
}

#[tokio::test]
async fn a_bad_configuration_is_refused() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let bob = h.user("bob", ALL).await;
    let ok = config("http://127.0.0.1:5999");
    // The schema comes before the rights.
    let missing = h
        .post(
            MIRROR,
            Some(&bob),
            json!({"external_registry_url": "http://127.0.0.1:5999", "external_namespace": "x"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        missing.body["detail"],
        common::recorded(
            "createOrgMirrorConfig",
            "org_mirror.createOrgMirrorConfig.missing_fields"
        )["detail"]
    );
    h.post(MIRROR, Some(&bob), ok.clone())
        .await
        .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/nowhere/mirror",
        Some(&bob),
        ok.clone(),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/alice/mirror",
        Some(&alice),
        ok.clone(),
    )
    .await
    .api_error(404, "not_found");
    common::robot(&h, "alice", "mine").await;
    for (body, text) in [
        (
            with(ok.clone(), "robot_username", json!("acme+nobody")),
            "Invalid robot account: acme+nobody",
        ),
        (
            with(ok.clone(), "robot_username", json!("alice+mine")),
            "Robot account must belong to the organization",
        ),
        (
            with(
                ok.clone(),
                "sync_start_date",
                json!("2026-12-03T00:00:00.000Z"),
            ),
            "Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ",
        ),
        (
            with(ok.clone(), "external_registry_url", json!("ftp://quay.io")),
            "Invalid URL scheme 'ftp': only HTTP and HTTPS are allowed",
        ),
        (
            with(
                ok.clone(),
                "external_registry_url",
                json!("https://10.1.2.3"),
            ),
            "The provided registry URL is not allowed",
        ),
    ] {
        let refused = h.post(MIRROR, Some(&alice), body).await;
        assert_eq!(refused.api_error(400, "invalid_request").text(), text);
    }
    // Not in an organization that holds repositories, nor in a proxy cache.
    common::repo(&h, "acme", "web").await;
    let full = h.post(MIRROR, Some(&alice), ok.clone()).await;
    assert!(
        full.text().contains("already contains repositories"),
        "{full:?}"
    );
    common::sql(&h, "DELETE FROM repository", vec![]).await;
    common::sql(
        &h,
        "INSERT INTO proxy_cache_config (org_id, upstream_registry) SELECT id, 'quay.io' FROM namespace WHERE name = 'acme'",
        vec![],
    )
    .await;
    let proxy = h.post(MIRROR, Some(&alice), ok).await;
    assert!(
        proxy.text().contains("proxy cache configuration"),
        "{proxy:?}"
    );
    assert_eq!(count(&h, "SELECT COUNT(*) FROM org_mirror").await, 0);
}

#[tokio::test]
async fn a_mirrored_organization_is_guarded() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    h.post(MIRROR, Some(&alice), config("http://127.0.0.1:5999"))
        .await
        .expect(201);
    let repo = h
        .post(
            "/api/v1/repository",
            Some(&alice),
            json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""}),
        )
        .await;
    assert_eq!(
        repo.api_error(400, "invalid_request").text(),
        "Cannot create repository: organization is managed by organization-level mirroring"
    );
    let proxy = h
        .post(
            "/api/v1/organization/acme/proxycache",
            Some(&alice),
            json!({"upstream_registry": "quay.io"}),
        )
        .await;
    assert_eq!(
        proxy.api_error(400, "invalid_request").text(),
        "Cannot create proxy cache: organization is managed by organization-level mirroring"
    );
    // A repository the worker created (state ORG_MIRROR), with its discovery row.
    common::repo(&h, "acme", "app-one").await;
    common::sql_batch(
        &h,
        "UPDATE repository SET state = 'ORG_MIRROR' WHERE name = 'app-one';
         INSERT INTO org_mirror_repo (org_id, name, repo_id, discovery_date, sync_status, last_sync_date)
           SELECT n.id, 'app-one', r.id, '2026-12-02T20:28:35.041595Z', 'SUCCESS', '2026-12-02T21:00:00.000000Z'
           FROM namespace n JOIN repository r ON r.namespace_id = n.id WHERE n.name = 'acme';
         INSERT INTO org_mirror_repo (org_id, name, discovery_date, sync_status, status_message)
           SELECT id, 'app-two', '2026-12-02T20:28:35.041595Z', 'SKIP', 'Repository excluded by filters' FROM namespace WHERE name = 'acme';
         INSERT INTO org_mirror_repo (org_id, name, discovery_date, sync_status)
           SELECT id, 'app-three', '2026-12-02T20:28:35.041595Z', 'NEVER_RUN' FROM namespace WHERE name = 'acme';",
    )
    .await;
    let state = h
        .put(
            "/api/v1/repository/acme/app-one/changestate",
            Some(&alice),
            Some(json!({"state": "NORMAL"})),
        )
        .await
        .expect(400);
    assert_eq!(
        state.body,
        json!({"detail": "Repository state changes are not allowed in an organization managed by organization-level mirroring"})
    );
    common::robot(&h, "acme", "pusher").await;
    let mirror = h
        .post(
            "/api/v1/repository/acme/app-one/mirror",
            Some(&alice),
            json!({"external_reference": "127.0.0.1:5999/x/y", "sync_interval": 60, "sync_start_date": "2026-12-03T00:00:00Z",
                "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["*"]}, "skopeo_timeout_interval": 300, "robot_username": "acme+pusher"}),
        )
        .await;
    assert_eq!(
        mirror.api_error(400, "invalid_request").text(),
        "Repository mirror configuration cannot be managed when organization-level mirroring is configured"
    );

    // The discovered repositories: counted, paged, filtered.
    let shown = h.get(MIRROR, Some(&alice)).await.body;
    assert_eq!(
        shown["repo_sync_status_counts"],
        json!({"CANCEL": 0, "FAIL": 0, "NEVER_RUN": 1, "SUCCESS": 1, "SYNCING": 0, "SYNC_NOW": 0, "SKIP": 1})
    );
    let list = h
        .get(&format!("{MIRROR}/repositories?limit=2"), Some(&alice))
        .await
        .expect(200)
        .body;
    assert_eq!(
        list,
        json!({"repositories": [
            {"name": "app-one", "sync_status": "SUCCESS", "discovery_date": "2026-12-02T20:28:35.041595Z", "last_sync_date": "2026-12-02T21:00:00Z", "status_message": null, "quay_repository": "acme/app-one"},
            {"name": "app-three", "sync_status": "NEVER_RUN", "discovery_date": "2026-12-02T20:28:35.041595Z", "last_sync_date": null, "status_message": null, "quay_repository": null}],
            "page": 1, "limit": 2, "total": 3, "has_next": true})
    );
    let skipped = h
        .get(
            &format!("{MIRROR}/repositories?status=skip&page=x&limit=0"),
            Some(&alice),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            &skipped["total"],
            &skipped["limit"],
            &skipped["page"],
            &skipped["repositories"][0]["status_message"]
        ),
        (
            &json!(1),
            &json!(100),
            &json!(1),
            &json!("Repository excluded by filters")
        )
    );
    let bad = h
        .get(&format!("{MIRROR}/repositories?status=BOGUS"), Some(&alice))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        bad.body["detail"],
        common::recorded(
            "listOrgMirrorRepositories",
            "org_mirror.listOrgMirrorRepositories.bad_status"
        )["detail"]
    );
    // A repository still to sync refuses sync-now.
    let busy = h
        .post(&format!("{MIRROR}/sync-now"), Some(&alice), json!({}))
        .await;
    assert!(
        busy.api_error(400, "invalid_request")
            .text()
            .contains("repositories are still syncing")
    );

    // Deleting the configuration leaves the repositories, writable again, and lifts the guards.
    h.delete(MIRROR, Some(&alice)).await.expect(204);
    let repo = h
        .get("/api/v1/repository/acme/app-one", Some(&alice))
        .await
        .expect(200);
    assert_eq!(repo.body["state"], json!("NORMAL"));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM org_mirror_repo").await, 0);
    h.post(
        "/api/v1/repository",
        Some(&alice),
        json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn rights_follow_quay() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    h.post(MIRROR, Some(&alice), config("http://127.0.0.1:5999"))
        .await
        .expect(201);
    let bob = h.user("bob", ALL).await;
    for path in [MIRROR.to_string(), format!("{MIRROR}/repositories")] {
        h.get(&path, Some(&bob))
            .await
            .api_error(403, "insufficient_scope");
        h.get(&path, None).await.api_error(401, "invalid_token");
        // A superuser without full access is no administrator of the organization.
        h.get(&path, Some(&h.admin))
            .await
            .api_error(403, "insufficient_scope");
    }
    for suffix in ["/sync-now", "/sync-cancel", "/verify"] {
        let path = format!("{MIRROR}{suffix}");
        h.post(&path, Some(&bob), json!({}))
            .await
            .api_error(403, "insufficient_scope");
        h.post(&path, None, json!({})).await.csrf();
    }
    h.delete(MIRROR, Some(&bob))
        .await
        .api_error(403, "insufficient_scope");
    let scoped = h.user("alice", "repo:admin").await;
    h.get(MIRROR, Some(&scoped))
        .await
        .api_error(403, "insufficient_scope");
    let full = Harness::with_config(common::full_access()).await;
    setup(&full).await;
    full.post(MIRROR, Some(&full.admin), config("http://127.0.0.1:5999"))
        .await
        .expect(201);
    full.get(MIRROR, Some(&full.admin)).await.expect(200);
}

#[tokio::test]
async fn verify_asks_the_source() {
    // The source: another reference server, with an organization `upstream` and a token.
    let dir = tempfile::tempdir().unwrap();
    let source_state = quay_server::AppState::new(
        quay_server::Store::open(dir.path()).unwrap(),
        quay_server::Config::default(),
    )
    .with_password_cost(4);
    let running = quay_server::start(source_state.clone(), ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let token = source_state
        .store
        .write(|tx| {
            let user = quay_server::store::namespace::insert(
                tx,
                "srcadmin",
                "user",
                Some("s@example.com"),
                Some("x"),
                None,
            )?;
            quay_server::store::namespace::insert(tx, "upstream", "org", None, None, None)?;
            Ok(quay_server::store::namespace::mint_token(
                tx,
                user,
                quay_server::auth::Scopes::ALL,
                None,
                "test",
                None,
            )?
            .1)
        })
        .await
        .unwrap();

    let h = Harness::new().await;
    let alice = setup(&h).await;
    let body = with(
        with(
            config(&running.url()),
            "external_namespace",
            json!("upstream"),
        ),
        "external_registry_password",
        json!(token),
    );
    h.post(MIRROR, Some(&alice), body).await.expect(201);
    let verify = format!("{MIRROR}/verify");
    let ok = h.post(&verify, Some(&alice), json!({})).await.expect(200);
    assert_eq!(
        ok.body,
        json!({"success": true, "message": "Connection successful"})
    );
    // A user namespace is found too; an unknown one is not.
    for (ns, expected) in [
        (
            "srcadmin",
            json!({"success": true, "message": "Connection successful"}),
        ),
        (
            "nothing",
            json!({"success": false, "message": "Namespace 'nothing' not found"}),
        ),
    ] {
        h.put(
            MIRROR,
            Some(&alice),
            Some(json!({"external_namespace": ns})),
        )
        .await
        .expect(200);
        assert_eq!(
            h.post(&verify, Some(&alice), json!({})).await.body,
            expected
        );
    }
    h.put(
        MIRROR,
        Some(&alice),
        Some(json!({"external_registry_password": "wrong"})),
    )
    .await
    .expect(200);
    assert_eq!(
        h.post(&verify, Some(&alice), json!({})).await.body,
        json!({"success": false, "message": "Authentication failed: invalid API token or credentials"})
    );
    // Nothing listens there.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    h.put(
        MIRROR,
        Some(&alice),
        Some(json!({"external_registry_url": closed})),
    )
    .await
    .expect(200);
    let down = h.post(&verify, Some(&alice), json!({})).await.expect(200);
    assert_eq!(down.body["success"], json!(false));
    assert!(
        down.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Connection error: "),
        "{down:?}"
    );
    // No log entry for a test.
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM log_entry WHERE kind LIKE 'org_mirror_verif%'"
        )
        .await,
        0
    );
}
