//! Cases of the organization quota and limit operations.

use super::*;

// -------------------------------------------------------------------------------- quotas

pub(super) async fn list_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let list = t.admin.organization(&org).quota().list().await?;
    ensure(quota_id(&list)? == id, "the listed quota is another one")?;
    check(&list[0], 10 * GIB, &[])?;
    ensure(
        list[0].limit == "10.0 GiB",
        format!("limit text {:?}", list[0].limit),
    )
}

pub(super) async fn list_empty(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let list = t.admin.organization(&org).quota().list().await?;
    match &list[..] {
        [] => Ok(()),
        // DEFAULT_SYSTEM_REJECT_QUOTA_BYTES is set: the system default stands in.
        [q] if q.default_config && q.id.is_none() && q.default_config_exists => Ok(()),
        other => Err(fail(format!("a new organization has quotas: {other:?}"))),
    }
}

pub(super) async fn list_unknown(t: &Target) -> CaseResult {
    let ghost = t.name("nqghost");
    expect_status(
        t.admin.organization(&ghost).quota().list().await,
        unknown_org_status(t),
    )
}

pub(super) async fn list_as(t: &Target, who: &Client, status: u16) -> CaseResult {
    let (org, _) = org_with_quota(t).await?;
    expect_status(who.organization(&org).quota().list().await, status)
}

pub(super) async fn create_ok(t: &Target, body: NewNamespaceQuota, bytes: u64) -> CaseResult {
    let org = new_org(t).await?;
    t.admin.organization(&org).quota().create(&body).await?;
    let list = t.admin.organization(&org).quota().list().await?;
    quota_id(&list)?;
    check(&list[0], bytes, &[])
}

pub(super) async fn create_again(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_error(
        t.admin
            .organization(&org)
            .quota()
            .create(&NewNamespaceQuota::bytes(GIB as i64))
            .await,
        400,
        "already exists",
    )?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

pub(super) async fn create_bad(t: &Target, body: NewNamespaceQuota, text: &str) -> CaseResult {
    let org = new_org(t).await?;
    expect_error(
        t.admin.organization(&org).quota().create(&body).await,
        400,
        text,
    )?;
    let list = t.admin.organization(&org).quota().list().await?;
    ensure(
        list.iter().all(|q| q.default_config),
        "a refused quota was stored",
    )
}

pub(super) async fn create_unknown(t: &Target) -> CaseResult {
    let ghost = t.name("nqghost");
    expect_status(
        t.admin
            .organization(&ghost)
            .quota()
            .create(&NewNamespaceQuota::bytes(GIB as i64))
            .await,
        404,
    )
}

/// A write refused to `who` (403, or the CSRF 403), and the quota unchanged.
pub(super) async fn create_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let org = new_org(t).await?;
    let result = who
        .organization(&org)
        .quota()
        .create(&NewNamespaceQuota::bytes(GIB as i64))
        .await;
    refused(result, csrf)?;
    let list = t.admin.organization(&org).quota().list().await?;
    ensure(
        list.iter().all(|q| q.default_config),
        "a refused quota was stored",
    )
}

pub(super) async fn get_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let q = t.admin.organization(&org).quota().get(id).await?;
    ensure(q.id == Some(id), format!("asked for quota {id}, got {q:?}"))?;
    check(&q, 10 * GIB, &[])
}

pub(super) async fn get_unknown(t: &Target) -> CaseResult {
    let (org, _) = org_with_quota(t).await?;
    expect_status(
        t.admin.organization(&org).quota().get(999_999_999).await,
        404,
    )
}

pub(super) async fn get_other_namespace(t: &Target) -> CaseResult {
    let (_, id) = org_with_quota(t).await?;
    let (other, _) = org_with_quota(t).await?;
    expect_status(t.admin.organization(&other).quota().get(id).await, 404)
}

pub(super) async fn get_as(t: &Target, who: &Client, status: u16) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_status(who.organization(&org).quota().get(id).await, status)
}

pub(super) async fn change_ok(t: &Target, body: UpdateNamespaceQuota, bytes: u64) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let q = t.admin.organization(&org).quota().update(id, &body).await?;
    check(&q, bytes, &[])?;
    check(&stored(t, &org, id).await?, bytes, &[])
}

pub(super) async fn change_bad(t: &Target, body: UpdateNamespaceQuota, text: &str) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_error(
        t.admin.organization(&org).quota().update(id, &body).await,
        400,
        text,
    )?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

pub(super) async fn change_unknown(t: &Target) -> CaseResult {
    let (org, _) = org_with_quota(t).await?;
    expect_status(
        t.admin
            .organization(&org)
            .quota()
            .update(999_999_999, &UpdateNamespaceQuota::bytes(GIB as i64))
            .await,
        404,
    )
}

pub(super) async fn change_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let result = who
        .organization(&org)
        .quota()
        .update(id, &UpdateNamespaceQuota::bytes(GIB as i64))
        .await;
    refused(result, csrf)?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

pub(super) async fn delete_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_limits(t).await.map(|(o, id, ..)| (o, id))?;
    t.admin.organization(&org).quota().delete(id).await?;
    let list = t.admin.organization(&org).quota().list().await?;
    ensure(
        list.iter().all(|q| q.default_config),
        format!("the deleted quota is still listed: {list:?}"),
    )
}

pub(super) async fn delete_again(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    t.admin.organization(&org).quota().delete(id).await?;
    expect_status(t.admin.organization(&org).quota().delete(id).await, 404)
}

pub(super) async fn delete_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let result = who.organization(&org).quota().delete(id).await;
    refused(result, csrf)?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

// -------------------------------------------------------------------------------- limits

const WARN: QuotaLimitType = QuotaLimitType::Warning;
const REJECT: QuotaLimitType = QuotaLimitType::Reject;

pub(super) async fn limits_empty(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let list = t.admin.organization(&org).quota().limits(id).list().await?;
    ensure(list.is_empty(), format!("a new quota has limits: {list:?}"))
}

pub(super) async fn limits_ok(t: &Target) -> CaseResult {
    let (org, id, w, r) = org_with_limits(t).await?;
    let list = t.admin.organization(&org).quota().limits(id).list().await?;
    let mut got: Vec<(u64, QuotaLimitType, u16)> = list
        .iter()
        .map(|l| (l.id, l.kind.clone(), l.limit_percent))
        .collect();
    // Quay lists them in no defined order.
    got.sort_by_key(|(id, ..)| *id);
    let mut expected = vec![(w, WARN, 80), (r, REJECT, 100)];
    expected.sort_by_key(|(id, ..)| *id);
    ensure(
        got == expected,
        format!("expected the two limits just made, got {got:?}"),
    )
}

pub(super) async fn limits_unknown_quota(t: &Target) -> CaseResult {
    let (org, _) = org_with_quota(t).await?;
    expect_status(
        t.admin
            .organization(&org)
            .quota()
            .limits(999_999_999)
            .list()
            .await,
        404,
    )
}

pub(super) async fn limits_as(t: &Target, who: &Client, status: u16) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_status(
        who.organization(&org).quota().limits(id).list().await,
        status,
    )
}

pub(super) async fn create_limit_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let limits = t.admin.organization(&org).quota().limits(id);
    // The type is case-insensitive; a warning and a rejection may share a percent.
    limits
        .create(&NewNamespaceQuotaLimit::new("warning", 80))
        .await?;
    limits.create(&NewNamespaceQuotaLimit::reject(80)).await?;
    check(
        &stored(t, &org, id).await?,
        10 * GIB,
        &[(WARN, 80), (REJECT, 80)],
    )
}

pub(super) async fn create_limit_duplicate(t: &Target) -> CaseResult {
    let (org, id, ..) = org_with_limits(t).await?;
    expect_error(
        t.admin
            .organization(&org)
            .quota()
            .limits(id)
            .create(&NewNamespaceQuotaLimit::new("WARNING", 80))
            .await,
        400,
        "Quota limit already exists",
    )?;
    check(
        &stored(t, &org, id).await?,
        10 * GIB,
        &[(WARN, 80), (REJECT, 100)],
    )
}

pub(super) async fn create_limit_bad(
    t: &Target,
    body: NewNamespaceQuotaLimit,
    text: &str,
) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_message(
        t.admin
            .organization(&org)
            .quota()
            .limits(id)
            .create(&body)
            .await,
        text,
    )?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

pub(super) async fn create_limit_unknown_quota(t: &Target) -> CaseResult {
    let (org, _) = org_with_quota(t).await?;
    expect_status(
        t.admin
            .organization(&org)
            .quota()
            .limits(999_999_999)
            .create(&NewNamespaceQuotaLimit::warning(80))
            .await,
        404,
    )
}

pub(super) async fn create_limit_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let result = who
        .organization(&org)
        .quota()
        .limits(id)
        .create(&NewNamespaceQuotaLimit::warning(80))
        .await;
    refused(result, csrf)?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

pub(super) async fn get_limit_ok(t: &Target) -> CaseResult {
    let (org, id, w, _) = org_with_limits(t).await?;
    let l = t.admin.organization(&org).quota().limits(id).get(w).await?;
    ensure(
        l.id == w && l.kind == WARN && l.limit_percent == 80,
        format!("expected the warning at 80 %, got {l:?}"),
    )
}

pub(super) async fn get_limit_unknown(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_status(
        t.admin
            .organization(&org)
            .quota()
            .limits(id)
            .get(999_999_999)
            .await,
        404,
    )
}

/// A limit of another quota: 404 from the reference server, 400 `{"message": ""}` from Quay
/// (a known defect).
pub(super) async fn get_limit_other_quota(t: &Target) -> CaseResult {
    let (_, _, w, _) = org_with_limits(t).await?;
    let (org, id) = org_with_quota(t).await?;
    expect_any(
        t.admin.organization(&org).quota().limits(id).get(w).await,
        &[400, 404],
    )
}

pub(super) async fn get_limit_as(t: &Target, who: &Client, status: u16) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_status(
        who.organization(&org).quota().limits(id).get(1).await,
        status,
    )
}

pub(super) async fn change_limit_ok(t: &Target) -> CaseResult {
    let (org, id, w, _) = org_with_limits(t).await?;
    let body = UpdateNamespaceQuotaLimit::new()
        .to_kind(REJECT)
        .threshold_percent(95);
    let q = t
        .admin
        .organization(&org)
        .quota()
        .limits(id)
        .update(w, &body)
        .await?;
    // The answer is the whole quota.
    check(&q, 10 * GIB, &[(REJECT, 95), (REJECT, 100)])?;
    check(
        &stored(t, &org, id).await?,
        10 * GIB,
        &[(REJECT, 95), (REJECT, 100)],
    )
}

pub(super) async fn change_limit_nothing(t: &Target) -> CaseResult {
    let (org, id, w, _) = org_with_limits(t).await?;
    let q = t
        .admin
        .organization(&org)
        .quota()
        .limits(id)
        .update(w, &UpdateNamespaceQuotaLimit::new())
        .await?;
    check(&q, 10 * GIB, &[(WARN, 80), (REJECT, 100)])
}

/// A refused change (one key only, so that Quay's half-applied writes cannot show) changes
/// nothing.
pub(super) async fn change_limit_bad(
    t: &Target,
    body: UpdateNamespaceQuotaLimit,
    text: &str,
) -> CaseResult {
    let (org, id, w, _) = org_with_limits(t).await?;
    expect_message(
        t.admin
            .organization(&org)
            .quota()
            .limits(id)
            .update(w, &body)
            .await,
        text,
    )?;
    check(
        &stored(t, &org, id).await?,
        10 * GIB,
        &[(WARN, 80), (REJECT, 100)],
    )
}

pub(super) async fn change_limit_unknown(t: &Target) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    expect_status(
        t.admin
            .organization(&org)
            .quota()
            .limits(id)
            .update(
                999_999_999,
                &UpdateNamespaceQuotaLimit::new().threshold_percent(50),
            )
            .await,
        404,
    )
}

pub(super) async fn change_limit_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let result = who
        .organization(&org)
        .quota()
        .limits(id)
        .update(1, &UpdateNamespaceQuotaLimit::new().threshold_percent(50))
        .await;
    refused(result, csrf)?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}

pub(super) async fn delete_limit_ok(t: &Target) -> CaseResult {
    let (org, id, w, _) = org_with_limits(t).await?;
    t.admin
        .organization(&org)
        .quota()
        .limits(id)
        .delete(w)
        .await?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[(REJECT, 100)])
}

pub(super) async fn delete_limit_again(t: &Target) -> CaseResult {
    let (org, id, w, _) = org_with_limits(t).await?;
    let limits = t.admin.organization(&org).quota().limits(id);
    limits.delete(w).await?;
    expect_status(limits.delete(w).await, 404)
}

pub(super) async fn delete_limit_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let (org, id) = org_with_quota(t).await?;
    let result = who.organization(&org).quota().limits(id).delete(1).await;
    refused(result, csrf)?;
    check(&stored(t, &org, id).await?, 10 * GIB, &[])
}
