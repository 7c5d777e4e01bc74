//! The caller's account: sign-up through an anonymous web session (`<prefix>wn<n>`, deleted at
//! the end), and, for users the admin creates (see `session`), changing details (invoice flag,
//! password), deleting oneself, the encrypted
//! password and the conversion into an organization (`<prefix>ws<n>` becomes an organization
//! of another such user, who deletes it again).

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{ConvertUser, NewUser, NewUserResult, UpdateUser};

use super::session::{SUPERUSER, new_user, signed_in};
use crate::runner::{
    Case, CaseResult, Created, Failure, Target, ensure, expect_csrf, expect_error, expect_status,
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn sign_up_body(t: &Target) -> NewUser {
    let name = t.name(&format!("wn{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    NewUser::new(&name, "conformance-pw-1").email(format!("{name}@example.com"))
}

/// A skip when the target does not offer sign-up.
fn no_sign_up(e: &quay_sdk::Error) -> Option<Failure> {
    matches!(e.status(), Some(404 | 405)).then(|| {
        Failure::Skip(
            "the target does not offer sign-up (FEATURE_USER_CREATION, FEATURE_DIRECT_LOGIN or AUTHENTICATION_TYPE: Database is off)"
                .into(),
        )
    })
}

async fn sign_up_ok(t: &Target) -> CaseResult {
    let body = sign_up_body(t);
    t.created(Created::User(body.username.clone()));
    let session = t.anonymous.start_session().await?;
    let made = match session.user().create(&body).await {
        Ok(made) => made,
        Err(e) => return Err(no_sign_up(&e).unwrap_or_else(|| e.into())),
    };
    match made {
        // Without FEATURE_MAILING the session is now the new user's.
        NewUserResult::LoggedInUser(view) => {
            ensure(
                view.user_information.username == body.username,
                format!("created {}", view.user_information.username),
            )?;
            let me = session.user().current().await?;
            ensure(
                me.username == body.username,
                format!("the session acts as {}", me.username),
            )
        }
        NewUserResult::AwaitingVerification(a) => ensure(
            a.awaiting_verification,
            "awaiting_verification must be true",
        ),
    }
}

async fn details_ok(t: &Target) -> CaseResult {
    let (_, _, session) = signed_in(t).await?;
    let me = session
        .user()
        .update(&UpdateUser::new().invoice_email(true))
        .await?;
    ensure(
        me.user_information.invoice_email == Some(true),
        format!(
            "invoice_email not changed: {:?}",
            me.user_information.invoice_email
        ),
    )?;
    // A new password ends the sessions; the client continues with the one Quay hands out.
    session
        .user()
        .update(&UpdateUser::new().password("conformance-pw-2"))
        .await?;
    let me = session.user().current().await?;
    ensure(
        me.invoice_email == Some(true),
        "the new session reads another account",
    )
}

async fn delete_self_ok(t: &Target) -> CaseResult {
    let (name, _, session) = signed_in(t).await?;
    session.user().delete_current().await?;
    t.deleted(&Created::User(name.clone()));
    expect_status(t.admin.superuser().users().get(&name).await, 404)
}

async fn convert_ok(t: &Target) -> CaseResult {
    let (converted, _, session) = signed_in(t).await?;
    let (admin, admin_password) = new_user(t, true).await?;
    let done = session
        .user()
        .convert_to_organization(&ConvertUser::new(&admin, admin_password.as_str()))
        .await?;
    ensure(done.success, "success must be true")?;
    t.deleted(&Created::User(converted.clone()));
    t.created(Created::Organization(converted.clone()));
    // The session now acts as the admin user, who owns the new organization.
    let me = session.user().current().await?;
    ensure(
        me.username == admin,
        format!("the session acts as {}", me.username),
    )?;
    let org = session.organization(&converted).get().await?;
    ensure(
        org.name == converted,
        format!("got organization {}", org.name),
    )?;
    session.organization(&converted).delete().await?;
    t.deleted(&Created::Organization(converted));
    Ok(())
}

/// The account cases of the `user` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("createNewUser", "ok", |t| sign_up_ok(t).await),
        case!("createNewUser", "existing", |t| {
            let session = t.anonymous.start_session().await?;
            let body = NewUser::new(&t.admin_name, "conformance-pw-1")
                .email(format!("{}@example.com", t.name("dup")));
            match session.user().create(&body).await {
                Err(e) if no_sign_up(&e).is_some() => Err(no_sign_up(&e).unwrap()),
                other => expect_error(other, 400, "The username already exists"),
            }
        }),
        case!("createNewUser", "bad_password", |t| {
            let session = t.anonymous.start_session().await?;
            let body = NewUser::new(t.name("wnbad"), "short")
                .email(format!("{}@example.com", t.name("wnbad")));
            match session.user().create(&body).await {
                Err(e) if no_sign_up(&e).is_some() => Err(no_sign_up(&e).unwrap()),
                other => expect_error(other, 400, "Invalid password"),
            }
        }),
        case!("createNewUser", "anonymous", |t| expect_csrf(
            t.anonymous.user().create(&sign_up_body(t)).await
        )),
        case!("changeUserDetails", "ok", needs: SUPERUSER, |t| details_ok(t).await),
        case!("changeUserDetails", "bad_password", needs: SUPERUSER, |t| {
            let (_, _, session) = signed_in(t).await?;
            expect_error(
                session
                    .user()
                    .update(&UpdateUser::new().password("short"))
                    .await,
                400,
                "Invalid password",
            )
        }),
        case!("changeUserDetails", "anonymous", |t| expect_csrf(
            t.anonymous.user().update(&UpdateUser::new()).await
        )),
        case!("changeUserDetails", "bad_token", |t| expect_csrf(
            t.bad_token.user().update(&UpdateUser::new()).await
        )),
        case!("deleteCurrentUser", "ok", needs: SUPERUSER, |t| delete_self_ok(t).await),
        case!("deleteCurrentUser", "anonymous", |t| expect_csrf(
            t.anonymous.user().delete_current().await
        )),
        case!("deleteCurrentUser", "bad_token", |t| expect_csrf(
            t.bad_token.user().delete_current().await
        )),
        case!("generateUserClientKey", "ok", needs: SUPERUSER, |t| {
            let (_, password, session) = signed_in(t).await?;
            let key = session.user().client_key(password.as_str()).await?;
            ensure(!key.key.expose().is_empty(), "an empty key")
        }),
        case!("generateUserClientKey", "wrong_password", needs: SUPERUSER, |t| {
            let (_, _, session) = signed_in(t).await?;
            expect_error(
                session.user().client_key("not-the-password").await,
                400,
                "Invalid Username or Password",
            )
        }),
        case!("generateUserClientKey", "anonymous", |t| expect_csrf(
            t.anonymous.user().client_key("password123").await
        )),
        case!("convertUserToOrganization", "ok", needs: SUPERUSER, |t| convert_ok(t).await),
        case!("convertUserToOrganization", "bad_admin", needs: SUPERUSER, |t| {
            let (_, _, session) = signed_in(t).await?;
            expect_error(
                session
                    .user()
                    .convert_to_organization(&ConvertUser::new(
                        t.name("nosuchuser"),
                        "password123",
                    ))
                    .await,
                400,
                "The admin user credentials are not valid",
            )
        }),
        case!("convertUserToOrganization", "anonymous", |t| expect_csrf(
            t.anonymous
                .user()
                .convert_to_organization(&ConvertUser::new("x", "y"))
                .await
        )),
    ]
}
