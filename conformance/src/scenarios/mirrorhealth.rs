//! The `mirrorhealth` tag: how repository mirroring fares. The cases look at an organization
//! of their own with one mirrored repository (`mirror::mirrored`), so the counts they check are
//! theirs whatever else the target mirrors; a report may be healthy (200) or not (503, same
//! body), and both are read.

use quay_sdk::models::MirrorHealth;

use super::mirror::{MIRROR, MIRROR_USER, mirrored};
use crate::runner::{Case, CaseResult, Failure, Feature, Target, ensure, expect_status};

/// The report of a health call, from a 200 or from the 503's body.
pub(crate) fn report(result: quay_sdk::Result<MirrorHealth>) -> Result<MirrorHealth, Failure> {
    match result {
        Ok(report) if report.healthy => Ok(report),
        Ok(report) => Err(Failure::Fail(format!(
            "an unhealthy report came with 200: {report:?}"
        ))),
        Err(e) => match MirrorHealth::from_error(&e) {
            Some(report) if !report.healthy => Ok(report),
            _ => Err(e.into()),
        },
    }
}

async fn namespace_ok(t: &Target, detailed: bool) -> CaseResult {
    let repo = mirrored(t).await?;
    let org = repo.split('/').next().unwrap_or_default();
    let report = report(
        t.admin
            .mirror_health()
            .namespace(org)
            .detailed(detailed)
            .limit(1)
            .await,
    )?;
    let r = &report.repositories;
    ensure(
        r.total == 1 && r.syncing + r.completed + r.failed + r.never_run <= 1,
        format!("expected the one mirror of {org}: {r:?}"),
    )?;
    if r.never_run == 1 {
        let text = format!("Repository {repo} has never been synced");
        ensure(
            report.issues.iter().any(|i| i.message == text),
            format!("no issue says {text:?}: {:?}", report.issues),
        )?;
    }
    match (detailed, &r.details, &r.pagination) {
        (false, None, None) => Ok(()),
        (true, Some(rows), Some(page)) => ensure(
            rows.len() == 1
                && rows[0].repository == "web"
                && rows[0].namespace == org
                && page.limit == 1
                && !page.has_more,
            format!("unexpected detailed view {rows:?} {page:?}"),
        ),
        _ => Err(Failure::Fail(format!(
            "details do not follow `detailed={detailed}`: {r:?}"
        ))),
    }
}

/// The registry-wide report: full-access (or global read-only) superusers only.
async fn global(t: &Target) -> CaseResult {
    let result = t.admin.mirror_health().await;
    if t.features.contains(&Feature::FullAccess) {
        report(result).map(|_| ())
    } else {
        expect_status(result, 403)
    }
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getRepositoryMirrorHealth", "namespace", needs: MIRROR, |t| namespace_ok(t, false).await),
        case!("getRepositoryMirrorHealth", "detailed", needs: MIRROR, |t| namespace_ok(t, true).await),
        case!("getRepositoryMirrorHealth", "global", needs: MIRROR, |t| global(t).await),
        case!("getRepositoryMirrorHealth", "unknown_namespace", needs: MIRROR, |t| expect_status(
            t.admin.mirror_health().namespace(t.name("nons")).await,
            404
        )),
        case!("getRepositoryMirrorHealth", "user2", needs: MIRROR_USER, |t| {
            let repo = mirrored(t).await?;
            let org = repo.split('/').next().unwrap_or_default().to_string();
            let (user, _) = t.second_user()?;
            expect_status(user.mirror_health().namespace(org).await, 403)
        }),
        case!("getRepositoryMirrorHealth", "anonymous", needs: MIRROR, |t| expect_status(
            t.anonymous.mirror_health().await,
            401
        )),
    ]
}
