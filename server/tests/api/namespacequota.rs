//! The `namespacequota` area: organization quotas and limits (full-access superusers write,
//! members read), the signed-in user's quota, and the refusals in Quay's order.

use crate::common::{self, ALL, Harness, count, logs};
use serde_json::json;

const GIB: i64 = 1024 * 1024 * 1024;

/// A full-access harness with the organization `acme` (owned by `alice`) and its 10 GiB quota;
/// the quota id.
async fn with_quota(h: &Harness) -> i64 {
    h.user("alice", ALL).await;
    common::org(h, "acme", "alice").await;
    h.post(
        "/api/v1/organization/acme/quota",
        Some(&h.admin),
        json!({"limit_bytes": 10 * GIB}),
    )
    .await
    .expect(201);
    let list = h
        .get("/api/v1/organization/acme/quota", Some(&h.admin))
        .await
        .expect(200);
    list.body[0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_quota_and_its_limits_through_their_lifecycle() {
    let h = Harness::with_config(common::full_access()).await;
    let id = with_quota(&h).await;
    let q = h
        .get(
            &format!("/api/v1/organization/acme/quota/{id}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(
        q.body,
        json!({"id": id, "limit_bytes": 10 * GIB, "limit": "10.0 GiB", "default_config": false,
               "limits": [], "default_config_exists": false})
    );
    h.post(
        "/api/v1/organization/acme/quota",
        Some(&h.admin),
        json!({"limit": "1 GiB"}),
    )
    .await
    .api_error(400, "invalid_request");
    assert_eq!(logs(&h, "org_create_quota").await, 1);

    // Limits: case-insensitive types, duplicates refused, both shapes of refusal.
    let limits = format!("/api/v1/organization/acme/quota/{id}/limit");
    h.post(
        &limits,
        Some(&h.admin),
        json!({"type": "warning", "threshold_percent": 80}),
    )
    .await
    .expect(201);
    h.post(
        &limits,
        Some(&h.admin),
        json!({"type": "Reject", "threshold_percent": 80}),
    )
    .await
    .expect(201);
    let dup = h
        .post(
            &limits,
            Some(&h.admin),
            json!({"type": "WARNING", "threshold_percent": 80}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(dup.text(), "Quota limit already exists");
    h.post(
        &limits,
        Some(&h.admin),
        json!({"type": "Nope", "threshold_percent": 80}),
    )
    .await
    .message_error(400, Some("Quota type must be one of [Warning, Reject]"));
    h.post(
        &limits,
        Some(&h.admin),
        json!({"type": "Nope", "threshold_percent": 120}),
    )
    .await
    .message_error(400, Some("Quota limit threshold must be between 1 and 100"));
    // A threshold of 0 skips the duplicate look-up's checks: refused by the create, as an
    // ApiError, unless a limit of that type exists (then it is a duplicate).
    let zero = h
        .post(
            &limits,
            Some(&h.admin),
            json!({"type": "Warning", "threshold_percent": 0}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(zero.text(), "Quota limit already exists");
    let list = h.get(&limits, Some(&h.admin)).await.expect(200);
    assert_eq!(
        list.body,
        json!([{"id": 1, "type": "Warning", "limit_percent": 80},
               {"id": 2, "type": "Reject", "limit_percent": 80}])
    );
    h.get(&format!("{limits}/1"), Some(&h.admin))
        .await
        .expect(200);

    // A change answers with the whole quota; a refused change changes nothing.
    let changed = h
        .put(
            &format!("{limits}/2"),
            Some(&h.admin),
            Some(json!({"threshold_percent": 95})),
        )
        .await
        .expect(200);
    assert_eq!(
        changed.body["limits"][1],
        json!({"id": 2, "type": "Reject", "limit_percent": 95})
    );
    h.put(
        &format!("{limits}/2"),
        Some(&h.admin),
        Some(json!({"type": "Warning", "threshold_percent": 0})),
    )
    .await
    .message_error(400, Some("Quota limit threshold must be between 1 and 100"));
    let after = h
        .get(&format!("{limits}/2"), Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(
        after.body["type"], "Reject",
        "a refused change was half applied"
    );
    assert_eq!(logs(&h, "org_change_quota_limit").await, 1);

    // Deleting a limit, then the quota with the rest of its limits.
    h.delete(&format!("{limits}/1"), Some(&h.admin))
        .await
        .expect(204);
    h.get(&format!("{limits}/1"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let resized = h
        .put(
            &format!("/api/v1/organization/acme/quota/{id}"),
            Some(&h.admin),
            Some(json!({"limit": "20 GiB"})),
        )
        .await
        .expect(200);
    assert_eq!(resized.body["limit"], "20.0 GiB");
    h.put(
        &format!("/api/v1/organization/acme/quota/{id}"),
        Some(&h.admin),
        Some(json!({"limit": "2 ZB"})),
    )
    .await
    .api_error(400, "invalid_request");
    h.delete(
        &format!("/api/v1/organization/acme/quota/{id}"),
        Some(&h.admin),
    )
    .await
    .expect(204);
    assert_eq!(count(&h, "SELECT count(*) FROM quota_limit").await, 0);
    let list = h
        .get("/api/v1/organization/acme/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body, json!([]));
    for kind in [
        "org_change_quota",
        "org_delete_quota",
        "org_delete_quota_limit",
    ] {
        assert_eq!(logs(&h, kind).await, 1, "{kind}");
    }
}

#[tokio::test]
async fn only_full_access_superusers_write_and_members_read() {
    // Without full access even the superuser is refused, before the organization is looked up.
    let h = Harness::new().await;
    h.user("alice", ALL).await;
    common::org(&h, "acme", "alice").await;
    let alice = h.user("alice", ALL).await;
    h.post(
        "/api/v1/organization/acme/quota",
        Some(&h.admin),
        json!({"limit_bytes": GIB}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/acme/quota",
        Some(&alice),
        json!({"limit_bytes": GIB}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/acme/quota",
        None,
        json!({"limit_bytes": GIB}),
    )
    .await
    .csrf();
    // The body comes before the rights.
    h.post(
        "/api/v1/organization/acme/quota",
        Some(&alice),
        json!({"limit_bytes": "x"}),
    )
    .await
    .api_error(400, "invalid_request");
    // Reads: the member may, the superuser without full access may not.
    h.get("/api/v1/organization/acme/quota", Some(&alice))
        .await
        .expect(200);
    h.get("/api/v1/organization/acme/quota", Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/quota", None)
        .await
        .api_error(401, "invalid_token");
    let weak = h.user("alice", "repo:read").await;
    h.get("/api/v1/organization/acme/quota", Some(&weak))
        .await
        .api_error(403, "insufficient_scope");
    // An unknown organization: 403 without the rights, 404 with them.
    h.get("/api/v1/organization/nowhere/quota", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    let full = Harness::with_config(common::full_access()).await;
    full.get("/api/v1/organization/nowhere/quota", Some(&full.admin))
        .await
        .api_error(404, "not_found");
    full.post(
        "/api/v1/organization/nowhere/quota",
        Some(&full.admin),
        json!({"limit": "5 B"}),
    )
    .await
    .api_error(400, "invalid_request");
}

#[tokio::test]
async fn the_system_default_stands_in_for_a_missing_quota() {
    let h = Harness::with_config(quay_server::Config {
        DEFAULT_SYSTEM_REJECT_QUOTA_BYTES: 5 * GIB,
        ..common::full_access()
    })
    .await;
    h.user("alice", ALL).await;
    common::org(&h, "acme", "alice").await;
    let list = h
        .get("/api/v1/organization/acme/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(
        list.body,
        json!([{"id": null, "limit_bytes": 5 * GIB, "limit": "5.0 GiB", "default_config": true,
                "limits": [], "default_config_exists": true}])
    );
}

#[tokio::test]
async fn limits_are_found_only_under_their_own_quota() {
    let h = Harness::with_config(common::full_access()).await;
    let id = with_quota(&h).await;
    common::org(&h, "other", "alice").await;
    h.post(
        "/api/v1/organization/other/quota",
        Some(&h.admin),
        json!({"limit_bytes": GIB}),
    )
    .await
    .expect(201);
    let other = h
        .get("/api/v1/organization/other/quota", Some(&h.admin))
        .await
        .expect(200)
        .body[0]["id"]
        .as_i64()
        .unwrap();
    h.post(
        &format!("/api/v1/organization/other/quota/{other}/limit"),
        Some(&h.admin),
        json!({"type": "Warning", "threshold_percent": 50}),
    )
    .await
    .expect(201);
    // Quay answers 400 {"message": ""} for a limit of another quota (a defect): 404 here.
    for path in [
        format!("/api/v1/organization/acme/quota/{id}/limit/1"),
        format!("/api/v1/organization/acme/quota/{other}"),
        format!("/api/v1/organization/acme/quota/{id}/limit/x"),
        "/api/v1/organization/acme/quota/x".to_string(),
    ] {
        h.get(&path, Some(&h.admin))
            .await
            .api_error(404, "not_found");
    }
    h.delete(
        &format!("/api/v1/organization/acme/quota/{id}/limit/1"),
        Some(&h.admin),
    )
    .await
    .api_error(404, "not_found");
    assert_eq!(count(&h, "SELECT count(*) FROM quota_limit").await, 1);
}

#[tokio::test]
async fn the_signed_in_user_reads_only_its_own_quota() {
    let h = Harness::with_config(common::full_access()).await;
    let bob = h.user("bob", ALL).await;
    h.user("carol", ALL).await;
    h.post(
        "/api/v1/superuser/users/bob/quota",
        Some(&h.admin),
        json!({"limit": "5 GiB"}),
    )
    .await
    .expect(201);
    h.post(
        "/api/v1/superuser/users/carol/quota",
        Some(&h.admin),
        json!({"limit": "1 GiB"}),
    )
    .await
    .expect(201);
    let list = h.get("/api/v1/user/quota", Some(&bob)).await.expect(200);
    let id = list.body[0]["id"].as_i64().unwrap();
    assert_eq!(list.body[0]["limit"], "5.0 GiB");
    // A user's limits can only be made through the organization path on its name.
    h.post(
        &format!("/api/v1/organization/bob/quota/{id}/limit"),
        Some(&h.admin),
        json!({"type": "Warning", "threshold_percent": 80}),
    )
    .await
    .expect(201);
    let limits = h
        .get(&format!("/api/v1/user/quota/{id}/limit"), Some(&bob))
        .await
        .expect(200);
    let limit = limits.body[0]["id"].as_i64().unwrap();
    // getUserQuotaLimit answers with the whole quota.
    let q = h
        .get(
            &format!("/api/v1/user/quota/{id}/limit/{limit}"),
            Some(&bob),
        )
        .await
        .expect(200);
    assert_eq!(
        (q.body["id"].as_i64(), q.body["limits"][0]["id"].as_i64()),
        (Some(id), Some(limit))
    );
    h.get(&format!("/api/v1/user/quota/{id}/limit/999"), Some(&bob))
        .await
        .api_error(404, "not_found");
    // Carol's quota id is not bob's: 404, never 403.
    let carol_quota = id + 1;
    h.get(&format!("/api/v1/user/quota/{carol_quota}"), Some(&bob))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/user/quota", None)
        .await
        .api_error(401, "invalid_token");
    let read_only = h.user("bob", "user:read").await;
    h.get("/api/v1/user/quota", Some(&read_only))
        .await
        .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn the_routes_exist_only_with_quota_management() {
    let h = Harness::with_config(quay_server::Config {
        FEATURE_QUOTA_MANAGEMENT: false,
        ..common::full_access()
    })
    .await;
    let answer = h.get("/api/v1/user/quota", Some(&h.admin)).await;
    assert_eq!(answer.status, 404, "{answer:?}");
}
