//! Quotas, on both path families.

use super::*;

#[tokio::test]
async fn user_quota_list_encodes_the_namespace() {
    let ex = success("listUserQuotaSuperUser");
    let (_s, c) =
        expect_recorded("GET", "/api/v1/superuser/users/a%2Bb/quota", &[], None, &ex).await;
    let quotas = c.superuser().user_quota("a+b").list().await.unwrap();
    assert_eq!(quotas.len(), 1);
    assert_eq!(quotas[0].id, Some(18));
    assert_eq!(quotas[0].limit_bytes, 5368709120);
    assert_eq!(quotas[0].limit, "5.0 GiB");
    assert!(!quotas[0].default_config && !quotas[0].default_config_exists);
    assert!(quotas[0].limits.is_empty());
}

#[tokio::test]
async fn user_quota_create_sends_the_size() {
    let ex = success("createUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/superuser/users/qdgir2qi93u3/quota",
        &[],
        Some(json!({"limit": "5 GiB"})),
        &ex,
    )
    .await;
    c.superuser()
        .user_quota("qdgir2qi93u3")
        .create(&NewNamespaceQuota::size("5 GiB"))
        .await
        .unwrap();
}

#[tokio::test]
async fn user_quota_update_sends_the_bytes() {
    let ex = success("changeUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/users/a%20b/quota/18",
        &[],
        Some(json!({"limit_bytes": 6442450944_i64})),
        &ex,
    )
    .await;
    let quota = c
        .superuser()
        .user_quota("a b")
        .update(18, &UpdateNamespaceQuota::bytes(6442450944))
        .await
        .unwrap();
    assert_eq!(quota.id, Some(18));
    assert_eq!(quota.limit_bytes, 6442450944);
    assert_eq!(quota.limit, "6.0 GiB");
}

#[tokio::test]
async fn user_quota_update_can_send_no_change() {
    let ex = success("changeUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/users/u/quota/18",
        &[],
        Some(json!({})),
        &ex,
    )
    .await;
    c.superuser()
        .user_quota("u")
        .update(18, &UpdateNamespaceQuota::no_change())
        .await
        .unwrap();
}

#[tokio::test]
async fn user_quota_delete_sends_the_id() {
    let ex = success("deleteUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/superuser/users/a%2Bb/quota/18",
        &[],
        None,
        &ex,
    )
    .await;
    c.superuser().user_quota("a+b").delete(18).await.unwrap();
}

#[tokio::test]
async fn organization_quota_list_encodes_the_namespace() {
    let ex = success("listOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/superuser/organization/a%2Bb/quota",
        &[],
        None,
        &ex,
    )
    .await;
    let quotas = c
        .superuser()
        .organization_quota("a+b")
        .list()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(quotas.len(), 1);
    assert_eq!(quotas[0].id, Some(17));
    assert_eq!(quotas[0].limit_bytes, 10737418240);
}

#[tokio::test]
async fn organization_quota_create_sends_the_bytes() {
    let ex = success("createOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/superuser/organization/qdgir2qi93org/quota",
        &[],
        Some(json!({"limit_bytes": 10737418240_i64})),
        &ex,
    )
    .await;
    c.superuser()
        .organization_quota("qdgir2qi93org")
        .create(&NewNamespaceQuota::bytes(10737418240))
        .await
        .unwrap();
}

#[tokio::test]
async fn organization_quota_update_sends_the_size() {
    let ex = success("changeOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/organization/a%20b/quota/17",
        &[],
        Some(json!({"limit": "20 GiB"})),
        &ex,
    )
    .await;
    let quota = c
        .superuser()
        .organization_quota("a b")
        .update(17, &UpdateNamespaceQuota::size("20 GiB"))
        .await
        .unwrap();
    assert_eq!(quota.limit_bytes, 21474836480);
    assert_eq!(quota.limits.len(), 1);
    assert_eq!(quota.limits[0].id, 7);
    assert_eq!(quota.limits[0].limit_percent, 80);
}

/// A real Quay answers a human-readable change with `limit_bytes` as a JSON float.
#[tokio::test]
async fn quota_changes_decode_float_byte_counts() {
    let (_s, c) = expect(
        "PUT",
        "/api/v1/superuser/users/u/quota/3",
        &[],
        Some(json!({"limit": "10 GiB"})),
        200,
        json!({"id": 3, "limit_bytes": 10737418240.0, "limit": "10.0 GiB",
               "default_config": false, "limits": [], "default_config_exists": false}),
    )
    .await;
    let quota = c
        .superuser()
        .user_quota("u")
        .update(3, &UpdateNamespaceQuota::size("10 GiB"))
        .await
        .unwrap();
    assert_eq!(quota.limit_bytes, 10 * 1024 * 1024 * 1024);
}

#[tokio::test]
async fn organization_quota_delete_sends_the_id() {
    let ex = success("deleteOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/superuser/organization/a%2Bb/quota/17",
        &[],
        None,
        &ex,
    )
    .await;
    c.superuser()
        .organization_quota("a+b")
        .delete(17)
        .await
        .unwrap();
}
