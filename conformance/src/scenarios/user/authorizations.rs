//! The caller's authorizations: tokens an application of an organization the case creates
//! (`<prefix>az<n>`, the admin its owner) issues for the admin, listed, read and revoked.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{CreatedOAuthApplicationToken, NewApp, NewApplicationToken, NewOrg};

use crate::runner::{
    Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_csrf, expect_status,
};

const USER: Needs = Needs {
    user: true,
    features: &[],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A token of a new organization's application `ci` for the admin, with `scope`.
pub(super) async fn minted(
    t: &Target,
    scope: &str,
) -> Result<CreatedOAuthApplicationToken, Failure> {
    let org = t.name(&format!("az{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    let apps = t.admin.organization(&org).applications();
    let app = apps
        .create(&NewApp::new("ci").description("conformance application"))
        .await?;
    Ok(apps
        .tokens(&app.client_id)
        .create(&NewApplicationToken::new("conformance token", scope))
        .await?)
}

async fn listed_ok(t: &Target) -> CaseResult {
    let token = minted(t, "repo:read user:read").await?;
    let list = t.admin.user().authorizations().list().await?;
    let entry = list.authorizations.iter().find(|a| a.uuid == token.uuid);
    let Some(entry) = entry else {
        return Err(Failure::Fail(format!("{} is not listed", token.uuid)));
    };
    let mut scopes: Vec<&str> = entry.scopes.iter().map(|s| s.scope.as_str()).collect();
    scopes.sort();
    ensure(
        entry.application.name == "ci" && scopes == ["repo:read", "user:read"],
        format!("unexpected authorization {entry:?}"),
    )
}

async fn revoked_ok(t: &Target) -> CaseResult {
    let token = minted(t, "user:read").await?;
    let holder = t.admin.with_token(token.token.expose());
    holder.user().current().await?;
    t.admin.user().authorizations().revoke(&token.uuid).await?;
    expect_status(holder.user().current().await, 401)?;
    expect_status(t.admin.user().authorizations().get(&token.uuid).await, 404)
}

const UNKNOWN: &str = "00000000-0000-0000-0000-000000000000";

/// The authorization cases of the `user` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("listUserAuthorizations", "ok", |t| listed_ok(t).await),
        case!("listUserAuthorizations", "anonymous", |t| expect_status(
            t.anonymous.user().authorizations().list().await,
            401
        )),
        case!("getUserAuthorization", "ok", |t| {
            let token = minted(t, "user:read").await?;
            let one = t.admin.user().authorizations().get(&token.uuid).await?;
            ensure(
                one.uuid == token.uuid && one.application.name == "ci",
                format!("unexpected authorization {one:?}"),
            )
        }),
        case!("getUserAuthorization", "unknown", |t| expect_status(
            t.admin.user().authorizations().get(UNKNOWN).await,
            404
        )),
        case!("getUserAuthorization", "other_user", needs: USER, |t| {
            let token = minted(t, "user:read").await?;
            let (user, _) = t.second_user()?;
            expect_status(user.user().authorizations().get(&token.uuid).await, 404)
        }),
        case!("getUserAuthorization", "anonymous", |t| expect_status(
            t.anonymous.user().authorizations().get(UNKNOWN).await,
            401
        )),
        case!("deleteUserAuthorization", "ok", |t| revoked_ok(t).await),
        case!("deleteUserAuthorization", "other_user", needs: USER, |t| {
            let token = minted(t, "user:read").await?;
            let (user, _) = t.second_user()?;
            expect_status(user.user().authorizations().revoke(&token.uuid).await, 404)?;
            // Still there for its owner.
            t.admin.user().authorizations().get(&token.uuid).await?;
            Ok(())
        }),
        case!("deleteUserAuthorization", "anonymous", |t| expect_csrf(
            t.anonymous.user().authorizations().revoke(UNKNOWN).await
        )),
    ]
}
