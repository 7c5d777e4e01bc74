//! The caller's notifications: the admin invites the second user to a team of an organization
//! it creates (`<prefix>team<n>`), which gives the second user an `org_team_invite`
//! notification to list, read, dismiss and restore. Needs `FEATURE_MAILING` and
//! `FEATURE_REQUIRE_TEAM_INVITE` (skipped when the second user is added directly). Each case
//! leaves its notification dismissed; deleting the organization at the end does not delete it
//! (it is the user's), as in Quay.

use quay_sdk::models::{TeamRole, UserNotification};

use crate::runner::{
    Case, CaseResult, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_status,
};
use crate::scenarios::team::{add_second_user, new_org, new_team};

const USER_MAILING: Needs = Needs {
    user: true,
    features: &[Feature::Mailing],
};

/// Why a case is skipped when the second user was added instead of invited.
const ADDED: &str = "FEATURE_REQUIRE_TEAM_INVITE is off on the target: the second user was \
     added to the team directly, so no invite notification was created";

/// Enough for every notification of the second user on one page (Quay's pages skip entries).
const ALL: i64 = 1000;

/// No notification has this id.
const UNKNOWN: &str = "00000000-0000-0000-0000-000000000000";

/// Invites the second user to a new team; the notification it got, as listed.
async fn invite_notification(t: &Target) -> Result<UserNotification, Failure> {
    let org = new_org(t, "team").await?;
    new_team(t, &org, "builders", TeamRole::Member).await?;
    if !add_second_user(t, &org, "builders").await? {
        return Err(Failure::Skip(ADDED.into()));
    }
    let (user, _) = t.second_user()?;
    let page = user.user().notifications().list().limit(ALL).await?;
    let found = page.notifications.into_iter().find(|n| {
        n.kind == "org_team_invite"
            && n.metadata.get("org").and_then(|v| v.as_str()) == Some(org.as_str())
    });
    found.ok_or_else(|| Failure::Fail(format!("no org_team_invite notification for {org}")))
}

async fn list_ok(t: &Target) -> CaseResult {
    let note = invite_notification(t).await?;
    let (user, _) = t.second_user()?;
    user.user().notifications().dismiss(&note.id).await?;
    let meta = |k: &str| {
        note.metadata
            .get(k)
            .and_then(|v| v.as_str())
            .map(String::from)
    };
    ensure(
        note.organization.is_none()
            && !note.dismissed
            && meta("team").as_deref() == Some("builders")
            && meta("inviter").as_deref() == Some(t.admin_name.as_str())
            && meta("code").is_some_and(|c| !c.is_empty()),
        format!("unexpected invite notification: {note:?}"),
    )
}

async fn get_ok(t: &Target) -> CaseResult {
    let note = invite_notification(t).await?;
    let (user, _) = t.second_user()?;
    let got = user.user().notifications().get(&note.id).await?;
    user.user().notifications().dismiss(&note.id).await?;
    ensure(got == note, format!("expected {note:?}, got {got:?}"))?;
    // The inviter does not read it.
    expect_status(t.admin.user().notifications().get(&note.id).await, 404)
}

async fn dismiss_and_restore(t: &Target) -> CaseResult {
    let note = invite_notification(t).await?;
    let (user, _) = t.second_user()?;
    let notes = user.user().notifications();
    let dismissed = notes.dismiss(&note.id).await?;
    ensure(
        dismissed.dismissed && dismissed.id == note.id,
        format!("not dismissed: {dismissed:?}"),
    )?;
    let page = notes.list().limit(ALL).await?;
    ensure(
        !page.notifications.iter().any(|n| n.id == note.id),
        "a dismissed notification is still listed",
    )?;
    ensure(
        notes.get(&note.id).await?.dismissed,
        "a dismissed notification must stay readable",
    )?;
    let restored = notes.restore(&note.id).await?;
    let page = notes.list().limit(ALL).await?;
    notes.dismiss(&note.id).await?;
    ensure(!restored.dismissed, "not restored")?;
    ensure(
        page.notifications.iter().any(|n| n.id == note.id),
        "a restored notification is not listed",
    )
}

/// The notification cases of the `user` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("listUserNotifications", "ok", needs: USER_MAILING, |t| list_ok(t).await),
        case!("listUserNotifications", "limit", |t| {
            let page = t.admin.user().notifications().list().limit(0).await?;
            ensure(
                page.notifications.is_empty(),
                format!("limit=0 must show nothing: {page:?}"),
            )
        }),
        case!("listUserNotifications", "without_user_admin", |t| {
            let token = super::authorizations::minted(t, "repo:read user:read").await?;
            let client = t.admin.with_token(token.token.expose());
            expect_status(client.user().notifications().list().await, 403)
        }),
        case!("listUserNotifications", "anonymous", |t| expect_status(
            t.anonymous.user().notifications().list().await,
            401
        )),
        case!("getUserNotification", "ok", needs: USER_MAILING, |t| get_ok(t).await),
        case!("getUserNotification", "unknown", |t| expect_status(
            t.admin.user().notifications().get(UNKNOWN).await,
            404
        )),
        case!("getUserNotification", "anonymous", |t| expect_status(
            t.anonymous.user().notifications().get(UNKNOWN).await,
            401
        )),
        case!("updateUserNotification", "ok", needs: USER_MAILING, |t| {
            dismiss_and_restore(t).await
        }),
        case!("updateUserNotification", "unknown", |t| expect_status(
            t.admin.user().notifications().dismiss(UNKNOWN).await,
            404
        )),
        case!("updateUserNotification", "anonymous", |t| expect_csrf(
            t.anonymous.user().notifications().dismiss(UNKNOWN).await
        )),
        case!("updateUserNotification", "bad_token", |t| expect_csrf(
            t.bad_token.user().notifications().dismiss(UNKNOWN).await
        )),
    ]
}
