//! The `globalmessages` tag: messages superusers publish to every user. Every message a case
//! publishes starts with the run's prefix and is deleted again (by the case, or by cleanup).

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::ErrorBody;
use quay_sdk::models::{GlobalMessageMediaType, GlobalMessageSeverity, NewGlobalMessage};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};

/// The superuser panel on (the writes need it).
const SU: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers],
};
/// And the second user.
const SU_USER: Needs = Needs {
    user: true,
    features: &[Feature::SuperUsers],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A message with a text of its own (cases in other lanes publish beside it).
fn notice(t: &Target, severity: GlobalMessageSeverity) -> NewGlobalMessage {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    NewGlobalMessage::new(
        format!("{} conformance notice {n}", t.prefix),
        GlobalMessageMediaType::TextPlain,
        severity,
    )
}

/// Publishes a message as the admin; its uuid (found by its unique text).
async fn publish(t: &Target, severity: GlobalMessageSeverity) -> Result<String, Failure> {
    let body = notice(t, severity);
    t.admin.global_messages().create(&body).await?;
    let after = t.admin.global_messages().list().await?;
    let made = after
        .messages
        .iter()
        .find(|m| m.content == body.content)
        .ok_or_else(|| Failure::Fail("the published message is not listed".into()))?;
    t.created(Created::GlobalMessage(made.uuid.clone()));
    Ok(made.uuid.clone())
}

async fn list_uuids(c: &Client) -> Result<Vec<String>, Failure> {
    Ok(c.global_messages()
        .list()
        .await?
        .messages
        .into_iter()
        .map(|m| m.uuid)
        .collect())
}

async fn listed_by(t: &Target, c: &Client) -> CaseResult {
    let uuid = publish(t, GlobalMessageSeverity::Info).await?;
    let list = c.global_messages().list().await?;
    let found = list.messages.iter().find(|m| m.uuid == uuid);
    ensure(
        found.is_some_and(|m| {
            m.severity == GlobalMessageSeverity::Info
                && m.media_type == GlobalMessageMediaType::TextPlain
        }),
        format!("the published message is not listed as sent: {list:?}"),
    )
}

async fn create_ok(t: &Target) -> CaseResult {
    let uuid = publish(t, GlobalMessageSeverity::Warning).await?;
    t.admin.global_messages().delete(&uuid).await?;
    ensure(
        !list_uuids(&t.admin).await?.contains(&uuid),
        "the deleted message is still listed",
    )
}

/// A write refused to `who`; nothing published.
async fn create_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let body = notice(t, GlobalMessageSeverity::Info);
    let result = who.global_messages().create(&body).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        forbidden(result)?;
    }
    let list = t.admin.global_messages().list().await?;
    ensure(
        list.messages.iter().all(|m| m.content != body.content),
        "a refused message was published",
    )
}

/// Flask's `abort(403)`: a `{"message": ...}` body.
fn forbidden<T: std::fmt::Debug>(result: quay_sdk::Result<T>) -> CaseResult {
    match result {
        Err(e) if e.status() == Some(403) && matches!(e.body(), Some(ErrorBody::Message(_))) => {
            Ok(())
        }
        other => Err(Failure::Fail(format!(
            "expected 403 {{\"message\": ...}}, got {other:?}"
        ))),
    }
}

async fn delete_refused(t: &Target, who: &Client, csrf: bool) -> CaseResult {
    let uuid = publish(t, GlobalMessageSeverity::Info).await?;
    let result = who.global_messages().delete(&uuid).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        forbidden(result)?;
    }
    ensure(
        list_uuids(&t.admin).await?.contains(&uuid),
        "a refused delete removed the message",
    )
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getGlobalMessages", "ok", needs: SU, |t| listed_by(t, &t.admin).await),
        case!("getGlobalMessages", "anonymous", needs: SU, |t| listed_by(t, &t.anonymous).await),
        case!("getGlobalMessages", "bad_token", needs: SU, |t| listed_by(t, &t.bad_token).await),
        case!("createGlobalMessage", "ok", needs: SU, |t| create_ok(t).await),
        case!("createGlobalMessage", "bad_severity", needs: SU, |t| {
            let body = NewGlobalMessage::new(
                format!("{} bad", t.prefix),
                GlobalMessageMediaType::TextPlain,
                "fatal".parse().unwrap_or(GlobalMessageSeverity::Info),
            );
            expect_error(
                t.admin.global_messages().create(&body).await,
                400,
                "'fatal' is not one of ['info', 'warning', 'error']",
            )
        }),
        case!("createGlobalMessage", "not_superuser", needs: SU_USER, |t| {
            create_refused(t, t.second_user()?.0, false).await
        }),
        case!("createGlobalMessage", "anonymous", needs: SU, |t| {
            create_refused(t, &t.anonymous, true).await
        }),
        case!("createGlobalMessage", "bad_token", needs: SU, |t| {
            create_refused(t, &t.bad_token, true).await
        }),
        case!("deleteGlobalMessage", "ok", needs: SU, |t| create_ok(t).await),
        case!("deleteGlobalMessage", "unknown", needs: SU, |t| {
            // Quay answers 204 for a uuid no message has.
            let unknown = format!("{}-0000-0000-0000-000000000000", &t.prefix[..8]);
            t.admin.global_messages().delete(&unknown).await.map_err(Failure::from)
        }),
        case!("deleteGlobalMessage", "not_superuser", needs: SU_USER, |t| {
            delete_refused(t, t.second_user()?.0, false).await
        }),
        case!("deleteGlobalMessage", "anonymous", needs: SU, |t| {
            delete_refused(t, &t.anonymous, true).await
        }),
        case!("deleteGlobalMessage", "bad_token", needs: SU, |t| {
            expect_status(t.bad_token.global_messages().delete("x").await, 403)
        }),
    ]
}
