//! Assigned authorizations and external logins. Assignments: a signed-in user of the session
//! cases (`<prefix>ws<n>`) creates an organization `<prefix>ws<n>o` with an application
//! `assigned`, assigns a token of it to itself through Quay's web route and lists and declines
//! it through its session (so the admin's notifications are never touched). External logins:
//! a service named under the prefix, which no target configures.

use quay_sdk::Client;
use quay_sdk::models::{ExternalLoginKind, NewApp, NewOrg};

use super::session::signed_in;
use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_any, expect_csrf,
    expect_status,
};

const ASSIGN: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers, Feature::AssignOAuthToken],
};
const ASSIGN_ONLY: Needs = Needs {
    user: false,
    features: &[Feature::AssignOAuthToken],
};

const UNKNOWN: &str = "00000000-0000-0000-0000-000000000000";
const SCOPE: &str = "repo:read user:read";
const REDIRECT: &str = "https://assigned.example/callback";

/// A signed-in user with an assignment to itself of its organization's application; the
/// session, the application's client id and the organization (which only the user may
/// delete: [`done`]).
async fn assigned(t: &Target) -> Result<(Client, String, String), Failure> {
    let (name, _, session) = signed_in(t).await?;
    let org = format!("{name}o");
    t.created(Created::Organization(org.clone()));
    session
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    let app = session
        .organization(&org)
        .applications()
        .create(&NewApp::new("assigned").description("conformance assignment"))
        .await?;
    session
        .assign_authorization(&app.client_id, &name, SCOPE, REDIRECT)
        .await?;
    Ok((session, app.client_id, org))
}

/// The user deletes its organization again (its assignments go with the application).
async fn done(t: &Target, session: &Client, org: String, result: CaseResult) -> CaseResult {
    session.organization(&org).delete().await?;
    t.deleted(&Created::Organization(org));
    result
}

async fn listed_ok(t: &Target) -> CaseResult {
    let (session, client_id, org) = assigned(t).await?;
    let result = listed(&session, &client_id).await;
    done(t, &session, org, result).await
}

async fn listed(session: &Client, client_id: &str) -> CaseResult {
    let list = session.user().authorizations().assigned().await?;
    let Some(entry) = list
        .authorizations
        .iter()
        .find(|a| a.application.client_id == client_id)
    else {
        return Err(Failure::Fail(format!(
            "the assignment is not listed: {list:?}"
        )));
    };
    let mut scopes: Vec<&str> = entry.scopes.iter().map(|s| s.scope.as_str()).collect();
    scopes.sort();
    ensure(
        entry.application.name == "assigned"
            && entry.redirect_uri == REDIRECT
            && entry.response_type == "token"
            && scopes == ["repo:read", "user:read"],
        format!("unexpected assignment {entry:?}"),
    )
}

async fn declined_ok(t: &Target) -> CaseResult {
    let (session, client_id, org) = assigned(t).await?;
    let result = declined(&session, &client_id).await;
    done(t, &session, org, result).await
}

async fn declined(session: &Client, client_id: &str) -> CaseResult {
    let authorizations = session.user().authorizations();
    let list = authorizations.assigned().await?;
    let uuid = list
        .authorizations
        .iter()
        .find(|a| a.application.client_id == client_id)
        .map(|a| a.uuid.clone())
        .ok_or_else(|| Failure::Fail(format!("the assignment is not listed: {list:?}")))?;
    authorizations.decline_assigned(&uuid).await?;
    let after = authorizations.assigned().await?;
    ensure(
        after.authorizations.iter().all(|a| a.uuid != uuid),
        format!("declined but still listed: {after:?}"),
    )?;
    expect_status(authorizations.decline_assigned(&uuid).await, 404)
}

/// The assignment and external-login cases of the `user` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("listAssignedAuthorizations", "ok", needs: ASSIGN, |t| listed_ok(t).await),
        case!("listAssignedAuthorizations", "anonymous", needs: ASSIGN_ONLY, |t| {
            expect_status(t.anonymous.user().authorizations().assigned().await, 401)
        }),
        case!("deleteAssignedAuthorization", "ok", needs: ASSIGN, |t| declined_ok(t).await),
        case!("deleteAssignedAuthorization", "unknown", needs: ASSIGN_ONLY, |t| {
            expect_status(
                t.admin.user().authorizations().decline_assigned(UNKNOWN).await,
                404,
            )
        }),
        case!("deleteAssignedAuthorization", "anonymous", needs: ASSIGN_ONLY, |t| {
            expect_csrf(
                t.anonymous
                    .user()
                    .authorizations()
                    .decline_assigned(UNKNOWN)
                    .await,
            )
        }),
        // Quay crashes (500, a known defect) where it means 400 `invalid_request`.
        case!(
            "retrieveExternalLoginAuthorizationUrl",
            "unknown_service",
            |t| {
                let service = t.name("nosvc");
                expect_any(
                    t.admin
                        .user()
                        .external_login_url(service, ExternalLoginKind::Login)
                        .await,
                    &[400, 500],
                )
            }
        ),
        case!("retrieveExternalLoginAuthorizationUrl", "anonymous", |t| {
            let service = t.name("nosvc");
            expect_csrf(
                t.anonymous
                    .user()
                    .external_login_url(service, ExternalLoginKind::Login)
                    .await,
            )
        }),
        case!("detachExternalLogin", "unknown_service", |t| {
            let detached = t
                .admin
                .user()
                .detach_external_login(t.name("nosvc"))
                .await?;
            ensure(detached.success, format!("success expected: {detached:?}"))
        }),
        case!("detachExternalLogin", "anonymous", |t| expect_csrf(
            t.anonymous
                .user()
                .detach_external_login(t.name("nosvc"))
                .await
        )),
    ]
}
