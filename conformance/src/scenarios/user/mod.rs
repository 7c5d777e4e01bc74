//! The `user` tag: the signed-in user and public user information (here), the caller's account
//! (`account`), authorizations (`authorizations`), assigned authorizations and external logins
//! (`assigned`), notifications (`notifications`), web sessions (`session`) and stars (`stars`).

use crate::runner::{Case, ensure, expect_error, expect_status};

mod account;
mod assigned;
mod authorizations;
mod notifications;
mod session;
mod stars;

/// The cases of the `user` tag.
pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        case!("getLoggedInUser", "ok", |t| {
            let me = t.admin.user().current().await?;
            ensure(
                me.username == t.admin_name,
                format!("expected {}, got {}", t.admin_name, me.username),
            )
        }),
        case!("getLoggedInUser", "anonymous", |t| expect_status(
            t.anonymous.user().current().await,
            401
        )),
        case!("getLoggedInUser", "bad_token", |t| expect_status(
            t.bad_token.user().current().await,
            401
        )),
        case!("getUserInformation", "ok", |t| {
            let u = t.anonymous.user().get(&t.admin_name).await?;
            ensure(
                u.username == t.admin_name && u.email.is_none(),
                "public view expected",
            )
        }),
        case!("getUserInformation", "unknown", |t| {
            expect_status(t.admin.user().get(t.name("nosuchuser")).await, 404)
        }),
        case!("initializeUser", "non_empty", |t| {
            let body = quay_sdk::models::UserInitialize::new(t.name("init"), "password123")
                .email("init@example.com");
            expect_error(t.anonymous.user().initialize(&body).await, 400, "non-empty")
        }),
    ];
    cases.extend(account::cases());
    cases.extend(assigned::cases());
    cases.extend(authorizations::cases());
    cases.extend(notifications::cases());
    cases.extend(session::cases());
    cases.extend(stars::cases());
    cases
}
