//! Web sessions: a user the admin creates (`<prefix>ws<n>`, createInstallUser, its e-mail then
//! set by the superuser, which verifies it) signs in with its generated password and acts
//! through the session: reads, CSRF-checked writes (an organization `<prefix>ws<n>o` created
//! and deleted again, the deletion needing a fresh login), verification and sign-out. Needs
//! `FEATURE_SUPER_USERS` and `AUTHENTICATION_TYPE: Database`; the admin's own sessions are
//! never touched.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::models::{CreateInstallUser, NewOrg, UpdateInstallUser};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};
use crate::scenarios::superuser::skip_if_not_database;

pub(super) const SUPERUSER: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers],
};
const SUPERUSER_MAILING: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers, Feature::Mailing],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A new user (registered for cleanup); its name and generated password. `verify` sets its
/// e-mail through the superuser, which marks it verified.
pub(super) async fn new_user(t: &Target, verify: bool) -> Result<(String, String), Failure> {
    let name = t.name(&format!("ws{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::User(name.clone()));
    let email = format!("{name}@example.com");
    let users = t.admin.superuser().users();
    let created = match users
        .create(&CreateInstallUser::new(&name).email(&email))
        .await
    {
        Ok(c) => c,
        Err(e) => return Err(skip_if_not_database(&e).unwrap_or_else(|| e.into())),
    };
    if verify {
        users
            .update(&name, &UpdateInstallUser::new().email(&email))
            .await?;
    }
    Ok((name, created.password.expose().to_string()))
}

/// A verified new user signed in; its name, password and session client.
pub(super) async fn signed_in(t: &Target) -> Result<(String, String, Client), Failure> {
    let (name, password) = new_user(t, true).await?;
    let client = t.anonymous.sign_in(&name, password.as_str()).await?;
    Ok((name, password, client))
}

async fn sign_in_ok(t: &Target) -> CaseResult {
    let (name, _, session) = signed_in(t).await?;
    let me = session.user().current().await?;
    ensure(me.username == name, format!("signed in as {}", me.username))?;
    // A write through the session (CSRF token sent), and a fresh-login one.
    let org = format!("{name}o");
    t.created(Created::Organization(org.clone()));
    session
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    session.organization(&org).delete().await?;
    t.deleted(&Created::Organization(org));
    Ok(())
}

async fn verify_ok(t: &Target) -> CaseResult {
    let (name, password, session) = signed_in(t).await?;
    session.verify_password(password.as_str()).await?;
    // The new session Quay handed out is the one used from now on.
    let me = session.user().current().await?;
    ensure(me.username == name, format!("verified as {}", me.username))
}

async fn sign_out_ok(t: &Target) -> CaseResult {
    let (_, _, session) = signed_in(t).await?;
    session.sign_out().await?;
    expect_status(session.user().current().await, 401)
}

/// The session cases of the `user` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("signinUser", "ok", needs: SUPERUSER, |t| sign_in_ok(t).await),
        case!("signinUser", "unknown_user", |t| expect_error(
            t.anonymous
                .sign_in(t.name("nosuchuser"), "password123")
                .await,
            403,
            "Invalid Username or Password"
        )),
        case!("signinUser", "wrong_password", needs: SUPERUSER, |t| {
            let (name, _) = new_user(t, true).await?;
            expect_error(
                t.anonymous.sign_in(&name, "not-the-password").await,
                403,
                "Invalid Username or Password",
            )
        }),
        case!("signinUser", "unverified", needs: SUPERUSER_MAILING, |t| {
            // With FEATURE_MAILING a user the superuser creates is not verified yet.
            let (name, password) = new_user(t, false).await?;
            expect_status(t.anonymous.sign_in(&name, password.as_str()).await, 403)
        }),
        case!("verifyUser", "ok", needs: SUPERUSER, |t| verify_ok(t).await),
        case!("verifyUser", "wrong_password", needs: SUPERUSER, |t| {
            let (_, _, session) = signed_in(t).await?;
            expect_error(
                session.verify_password("not-the-password").await,
                403,
                "Invalid Username or Password",
            )
        }),
        case!("verifyUser", "anonymous", |t| expect_csrf(
            t.anonymous.verify_password("password123").await
        )),
        case!("verifyUser", "bad_token", |t| expect_csrf(
            t.bad_token.verify_password("password123").await
        )),
        case!("logout", "ok", needs: SUPERUSER, |t| sign_out_ok(t).await),
        case!("logout", "anonymous", |t| expect_csrf(
            t.anonymous.sign_out().await
        )),
        case!("logout", "bad_token", |t| expect_csrf(
            t.bad_token.sign_out().await
        )),
    ]
}
