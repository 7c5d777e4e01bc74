//! Scenarios of the panel's mirror health (getSuperUserRepositoryMirrorHealth): any
//! superuser, full access or not, gets the registry-wide report.

use super::*;
use crate::scenarios::mirrorhealth::report;

const SU_MIRROR: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers, Feature::RepoMirror],
};
const SU_MIRROR_USER: Needs = Needs {
    user: true,
    features: &[Feature::SuperUsers, Feature::RepoMirror],
};

async fn health_ok(t: &Target) -> CaseResult {
    let report = report(t.admin.superuser().mirror_health().await)?;
    ensure(
        report.repositories.details.is_none()
            && report
                .issues
                .iter()
                .all(|i| !i.message.starts_with("Repository ")),
        format!("the panel's report has per-repository rows or issues: {report:?}"),
    )
}

/// Every case of the sub-area.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("getSuperUserRepositoryMirrorHealth", "ok", needs: SU_MIRROR, |t| health_ok(t).await),
        case!("getSuperUserRepositoryMirrorHealth", "user2", needs: SU_MIRROR_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().mirror_health().await, 403)
        }),
        case!("getSuperUserRepositoryMirrorHealth", "anonymous", needs: SU_MIRROR, |t| expect_status(
            t.anonymous.superuser().mirror_health().await,
            401
        )),
        case!("getSuperUserRepositoryMirrorHealth", "bad_token", needs: SU_MIRROR, |t| expect_status(
            t.bad_token.superuser().mirror_health().await,
            401
        )),
    ]
}
