//! Cases of the signed-in user's quota (read as the second user, whose quota the cases set
//! through the superuser panel when it has none, and remove again).

use super::*;

pub(super) async fn list_ok(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    with_user_quota(t, |id| async move {
        let list = user.user().quota().list().await?;
        ensure(
            quota_id(&list)? == id,
            format!("expected the user's quota {id}, got {list:?}"),
        )
    })
    .await
}

pub(super) async fn get_ok(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    with_user_quota(t, |id| async move {
        let q = user.user().quota().get(id).await?;
        ensure(q.id == Some(id) && !q.default_config, format!("got {q:?}"))
    })
    .await
}

/// Another namespace's quota id is not found (never forbidden).
pub(super) async fn get_others(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    let (_, id) = org_with_quota(t).await?;
    expect_status(user.user().quota().get(id).await, 404)
}

pub(super) async fn limits_ok(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    with_user_quota(t, |id| async move {
        let via_user = user.user().quota().limits(id).await?;
        let name = t.user_name.clone().unwrap_or_default();
        let via_panel = t.admin.superuser().user_quota(&name).list().await?;
        let expected: Vec<u64> = via_panel
            .iter()
            .flat_map(|q| q.limits.iter().map(|l| l.id))
            .collect();
        let got: Vec<u64> = via_user.iter().map(|l| l.id).collect();
        ensure(
            got == expected,
            format!("expected limits {expected:?}, got {got:?}"),
        )
    })
    .await
}

pub(super) async fn limits_unknown(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    expect_status(user.user().quota().limits(999_999_999).await, 404)
}

/// getUserQuotaLimit answers with the whole quota. The limit is made through the organization
/// path on the user's name (full access), and removed again.
pub(super) async fn limit_ok(t: &Target) -> CaseResult {
    let (user, name) = t.second_user()?;
    let name = name.to_string();
    with_user_quota(t, |id| async move {
        let limits = t.admin.organization(&name).quota().limits(id);
        let before: Vec<u64> = limits.list().await?.iter().map(|l| l.id).collect();
        limits.create(&NewNamespaceQuotaLimit::warning(42)).await?;
        let made = limits
            .list()
            .await?
            .into_iter()
            .find(|l| !before.contains(&l.id))
            .ok_or_else(|| fail("the new limit is not listed"))?;
        let answer = user.user().quota().limit(id, made.id).await;
        limits.delete(made.id).await?;
        let q = answer?;
        ensure(
            q.id == Some(id) && q.limits.iter().any(|l| l.id == made.id),
            format!("expected quota {id} holding limit {}, got {q:?}", made.id),
        )
    })
    .await
}

pub(super) async fn limit_unknown(t: &Target) -> CaseResult {
    let (user, _) = t.second_user()?;
    with_user_quota(t, |id| async move {
        expect_status(user.user().quota().limit(id, 999_999_999).await, 404)
    })
    .await
}
