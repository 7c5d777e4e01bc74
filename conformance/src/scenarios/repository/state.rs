//! changeRepoState: a repository's state, set as asked (registered with `FEATURE_REPO_MIRROR`).

use quay_sdk::models::{RepositoryState, SettableRepositoryState};

use super::*;
use crate::scenarios::mirror::{MIRROR, MIRROR_USER, org_with_repo};

/// Sets `state` and reads it back through getRepo.
async fn change_ok(
    t: &Target,
    state: SettableRepositoryState,
    shown: RepositoryState,
) -> CaseResult {
    let repo = org_with_repo(t).await?;
    let handle = t.admin.repository(repo.as_str())?;
    let answer = handle.change_state(state).await?;
    ensure(answer.success, format!("unexpected answer {answer:?}"))?;
    let now = handle.get().await?.state;
    ensure(
        now == shown,
        format!("the repository is {now:?}, not {shown:?}"),
    )?;
    // And back.
    handle.change_state(SettableRepositoryState::Normal).await?;
    Ok(())
}

/// Every case of changeRepoState.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("changeRepoState", "ok", needs: MIRROR, |t| change_ok(
            t,
            SettableRepositoryState::ReadOnly,
            RepositoryState::ReadOnly
        )
        .await),
        case!("changeRepoState", "mirror_without_config", needs: MIRROR, |t| change_ok(
            t,
            SettableRepositoryState::Mirror,
            RepositoryState::Mirror
        )
        .await),
        case!("changeRepoState", "bad_state", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            expect_error(
                t.admin
                    .repository(repo.as_str())?
                    .change_state(SettableRepositoryState::from("ORG_MIRROR"))
                    .await,
                400,
                "is not one of ['NORMAL', 'READ_ONLY', 'MIRROR']",
            )
        }),
        case!("changeRepoState", "unknown_repo", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            let org = repo.split('/').next().unwrap_or_default();
            expect_status(
                t.admin
                    .repository(format!("{org}/nothing"))?
                    .change_state(SettableRepositoryState::Normal)
                    .await,
                404,
            )
        }),
        case!("changeRepoState", "user2", needs: MIRROR_USER, |t| {
            let repo = org_with_repo(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(
                user.repository(repo.as_str())?
                    .change_state(SettableRepositoryState::ReadOnly)
                    .await,
                403,
            )
        }),
        case!("changeRepoState", "anonymous", needs: MIRROR, |t| {
            let repo = org_with_repo(t).await?;
            expect_csrf(
                t.anonymous
                    .repository(repo.as_str())?
                    .change_state(SettableRepositoryState::ReadOnly)
                    .await,
            )
        }),
    ]
}
