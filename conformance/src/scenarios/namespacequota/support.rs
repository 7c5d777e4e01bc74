//! Shared helpers of the `namespacequota` scenarios: organizations with quotas, limits, and the
//! second user's quota.

use super::*;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// An organization created by the admin (so the admin is its member), registered for cleanup.
pub(super) async fn new_org(t: &Target) -> Result<String, Failure> {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = t.name(&format!("nq{n}"));
    t.created(Created::Organization(name.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(format!("{name}@example.com")))
        .await?;
    Ok(name)
}

/// An organization with a 10 GiB quota, set through the superuser panel (which needs no
/// `FEATURE_SUPERUSERS_FULL_ACCESS`); its name and the quota's id.
pub(super) async fn org_with_quota(t: &Target) -> Result<(String, u64), Failure> {
    let org = new_org(t).await?;
    t.admin
        .superuser()
        .organization_quota(&org)
        .create(&NewNamespaceQuota::bytes(10 * GIB as i64))
        .await?;
    let id = quota_id(&t.admin.organization(&org).quota().list().await?)?;
    Ok((org, id))
}

/// The id of the only quota of a list.
pub(super) fn quota_id(list: &[QuotaView]) -> Result<u64, Failure> {
    match list {
        [q] => {
            q.id.ok_or_else(|| fail("a stored quota came back without an id"))
        }
        other => Err(fail(format!("expected exactly one quota, got {other:?}"))),
    }
}

/// An organization with a quota and two limits (a warning at 80 %, a rejection at 100 %);
/// its name, the quota's id and the limits' ids. Needs full access.
pub(super) async fn org_with_limits(t: &Target) -> Result<(String, u64, u64, u64), Failure> {
    let (org, id) = org_with_quota(t).await?;
    let limits = t.admin.organization(&org).quota().limits(id);
    limits.create(&NewNamespaceQuotaLimit::warning(80)).await?;
    limits.create(&NewNamespaceQuotaLimit::reject(100)).await?;
    let list = limits.list().await?;
    match &list[..] {
        [w, r] => Ok((org, id, w.id, r.id)),
        other => Err(fail(format!(
            "expected the two limits just made, got {other:?}"
        ))),
    }
}

/// The quota as it is stored, read back by the admin.
pub(super) async fn stored(t: &Target, org: &str, id: u64) -> Result<QuotaView, Failure> {
    Ok(t.admin.organization(org).quota().get(id).await?)
}

/// Checks a quota's size and its limits as (type, percent), in any order (Quay lists them in
/// no defined order).
pub(super) fn check(q: &QuotaView, bytes: u64, limits: &[(QuotaLimitType, u16)]) -> CaseResult {
    let key = |(kind, percent): &(QuotaLimitType, u16)| (kind.to_string(), *percent);
    let mut got: Vec<(QuotaLimitType, u16)> = q
        .limits
        .iter()
        .map(|l| (l.kind.clone(), l.limit_percent))
        .collect();
    got.sort_by_key(key);
    let mut expected = limits.to_vec();
    expected.sort_by_key(key);
    ensure(
        q.limit_bytes == bytes && !q.default_config && got == expected,
        format!("expected a quota of {bytes} bytes with limits {limits:?}, got {q:?}"),
    )
}

/// A write that must be refused to a superuser without `FEATURE_SUPERUSERS_FULL_ACCESS` (a
/// target with it skips the case).
pub(super) fn without_full_access(t: &Target) -> CaseResult {
    if t.features.contains(&Feature::FullAccess) {
        Err(Failure::Skip(
            "FEATURE_SUPERUSERS_FULL_ACCESS is on: the superuser may write quotas".into(),
        ))
    } else {
        Ok(())
    }
}

/// A write refused to a caller: the CSRF 403 when it has no valid bearer token (`csrf`), else
/// 403 `insufficient_scope`.
pub(super) fn refused<T: std::fmt::Debug>(result: quay_sdk::Result<T>, csrf: bool) -> CaseResult {
    if csrf {
        expect_csrf(result)
    } else {
        expect_denied(result)
    }
}

/// The status an unknown organization gets from a caller who passed no permission check:
/// 404 with full access, else 403.
pub(super) fn unknown_org_status(t: &Target) -> u16 {
    if t.features.contains(&Feature::FullAccess) {
        404
    } else {
        403
    }
}

/// A failure whose body is Quay's data-layer `{"message": ...}` containing `text`.
pub(super) fn expect_message<T: std::fmt::Debug>(
    result: quay_sdk::Result<T>,
    text: &str,
) -> CaseResult {
    match result {
        Err(e)
            if e.status() == Some(400)
                && matches!(e.body(), Some(ErrorBody::Message(m)) if m.message.to_string().contains(text)) =>
        {
            Ok(())
        }
        other => Err(fail(format!(
            "expected 400 {{\"message\": {text:?}}}, got {other:?}"
        ))),
    }
}

/// Runs `f` with a quota on the second user: its own when it has one (left as it is), else a
/// 5 GiB quota made for the case and removed afterwards, whatever `f` answered.
pub(super) async fn with_user_quota<F, Fut>(t: &Target, f: F) -> CaseResult
where
    F: FnOnce(u64) -> Fut,
    Fut: std::future::Future<Output = CaseResult>,
{
    let (_, name) = t.second_user()?;
    let panel = t.admin.superuser().user_quota(name);
    let existing = panel.list().await?;
    if let [q] = &existing[..] {
        let id =
            q.id.ok_or_else(|| fail("a stored quota came back without an id"))?;
        return f(id).await;
    }
    panel.create(&NewNamespaceQuota::size("5 GiB")).await?;
    let id = quota_id(&panel.list().await?)?;
    let outcome = f(id).await;
    panel.delete(id).await?;
    outcome
}
