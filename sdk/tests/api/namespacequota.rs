//! The `namespacequota` area: exact requests, and every recorded exchange decoded.

use crate::common::*;
use quay_sdk::models::{
    NewNamespaceQuota, NewNamespaceQuotaLimit, QuotaLimitType, UpdateNamespaceQuota,
    UpdateNamespaceQuotaLimit,
};
use serde_json::json;

const ORG: &str = "/api/v1/organization/acme/quota";

#[tokio::test]
async fn organization_quota_requests_are_exact() {
    let ex = success("listOrganizationQuota");
    let (_s, c) = expect_recorded("GET", ORG, &[], None, &ex).await;
    assert!(
        c.organization("acme")
            .quota()
            .list()
            .await
            .unwrap()
            .is_empty()
    );

    let (_s, c) = expect(
        "POST",
        ORG,
        &[],
        Some(json!({"limit": "10 GiB"})),
        201,
        json!("Created"),
    )
    .await;
    c.organization("acme")
        .quota()
        .create(&NewNamespaceQuota::size("10 GiB"))
        .await
        .unwrap();

    let ex = success("getOrganizationQuota");
    let (_s, c) = expect_recorded("GET", &format!("{ORG}/94"), &[], None, &ex).await;
    let q = c.organization("acme").quota().get(94).await.unwrap();
    assert_eq!((q.id, q.limit.as_str()), (Some(94), "10.0 GiB"));

    let ex = success("changeOrganizationQuota");
    let (_s, c) = expect_recorded(
        "PUT",
        &format!("{ORG}/94"),
        &[],
        Some(json!({"limit_bytes": 21474836480_i64})),
        &ex,
    )
    .await;
    let q = c
        .organization("acme")
        .quota()
        .update(94, &UpdateNamespaceQuota::bytes(21474836480))
        .await
        .unwrap();
    assert_eq!(q.limit, "20.0 GiB");

    let (_s, c) = expect("DELETE", &format!("{ORG}/94"), &[], None, 204, json!(null)).await;
    c.organization("acme").quota().delete(94).await.unwrap();
}

#[tokio::test]
async fn organization_quota_limit_requests_are_exact() {
    let limits = format!("{ORG}/94/limit");
    let (_s, c) = expect(
        "GET",
        &limits,
        &[],
        None,
        200,
        json!([{"id": 1, "type": "Warning", "limit_percent": 80}]),
    )
    .await;
    let list = c
        .organization("acme")
        .quota()
        .limits(94)
        .list()
        .await
        .unwrap();
    assert_eq!(list[0].kind, QuotaLimitType::Warning);

    let (_s, c) = expect(
        "POST",
        &limits,
        &[],
        Some(json!({"type": "Reject", "threshold_percent": 100})),
        201,
        json!("Created"),
    )
    .await;
    c.organization("acme")
        .quota()
        .limits(94)
        .create(&NewNamespaceQuotaLimit::reject(100))
        .await
        .unwrap();

    let ex = success("getOrganizationQuotaLimit");
    let (_s, c) = expect_recorded("GET", &format!("{limits}/1"), &[], None, &ex).await;
    let l = c
        .organization("acme")
        .quota()
        .limits(94)
        .get(1)
        .await
        .unwrap();
    assert_eq!((l.id, l.limit_percent), (1, 80));

    let ex = success("changeOrganizationQuotaLimit");
    let (_s, c) = expect_recorded(
        "PUT",
        &format!("{limits}/1"),
        &[],
        Some(json!({"type": "Reject", "threshold_percent": 95})),
        &ex,
    )
    .await;
    let q = c
        .organization("acme")
        .quota()
        .limits(94)
        .update(
            1,
            &UpdateNamespaceQuotaLimit::new()
                .to_kind(QuotaLimitType::Reject)
                .threshold_percent(95),
        )
        .await
        .unwrap();
    assert_eq!(q.limits[0].kind, QuotaLimitType::Reject);

    let (_s, c) = expect(
        "DELETE",
        &format!("{limits}/1"),
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("acme")
        .quota()
        .limits(94)
        .delete(1)
        .await
        .unwrap();
}

#[tokio::test]
async fn user_quota_requests_are_exact() {
    let ex = success("listUserQuota");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/quota", &[], None, &ex).await;
    assert_eq!(c.user().quota().list().await.unwrap()[0].id, Some(95));

    let ex = success("getUserQuota");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/quota/95", &[], None, &ex).await;
    assert_eq!(c.user().quota().get(95).await.unwrap().limit, "5.0 GiB");

    let ex = success("listUserQuotaLimit");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/quota/95/limit", &[], None, &ex).await;
    assert!(c.user().quota().limits(95).await.unwrap().is_empty());

    let (_s, c) = expect(
        "GET",
        "/api/v1/user/quota/95/limit/3",
        &[],
        None,
        200,
        json!({"id": 95, "limit_bytes": 5368709120_i64, "limit": "5.0 GiB",
               "default_config": false, "default_config_exists": false,
               "limits": [{"id": 3, "type": "Warning", "limit_percent": 80}]}),
    )
    .await;
    let q = c.user().quota().limit(95, 3).await.unwrap();
    assert_eq!(q.limits[0].id, 3);
}

#[tokio::test]
async fn every_recorded_namespacequota_exchange_decodes() {
    replay("listOrganizationQuota", |c| async move {
        c.organization("o").quota().list().await
    })
    .await;
    replay("createOrganizationQuota", |c| async move {
        c.organization("o")
            .quota()
            .create(&NewNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("getOrganizationQuota", |c| async move {
        c.organization("o").quota().get(1).await
    })
    .await;
    replay("changeOrganizationQuota", |c| async move {
        c.organization("o")
            .quota()
            .update(1, &UpdateNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("deleteOrganizationQuota", |c| async move {
        c.organization("o").quota().delete(1).await
    })
    .await;
    replay("listOrganizationQuotaLimit", |c| async move {
        c.organization("o").quota().limits(1).list().await
    })
    .await;
    replay("createOrganizationQuotaLimit", |c| async move {
        c.organization("o")
            .quota()
            .limits(1)
            .create(&NewNamespaceQuotaLimit::warning(80))
            .await
    })
    .await;
    replay("getOrganizationQuotaLimit", |c| async move {
        c.organization("o").quota().limits(1).get(1).await
    })
    .await;
    replay("changeOrganizationQuotaLimit", |c| async move {
        c.organization("o")
            .quota()
            .limits(1)
            .update(1, &UpdateNamespaceQuotaLimit::new())
            .await
    })
    .await;
    replay("deleteOrganizationQuotaLimit", |c| async move {
        c.organization("o").quota().limits(1).delete(1).await
    })
    .await;
    replay(
        "listUserQuota",
        |c| async move { c.user().quota().list().await },
    )
    .await;
    replay(
        "getUserQuota",
        |c| async move { c.user().quota().get(1).await },
    )
    .await;
    replay("listUserQuotaLimit", |c| async move {
        c.user().quota().limits(1).await
    })
    .await;
    replay("getUserQuotaLimit", |c| async move {
        c.user().quota().limit(1, 1).await
    })
    .await;
}
