//! The `appspecifictokens` tag: the signed-in user's app-specific tokens. Every token a case
//! creates is titled under the run's prefix and revoked again (by the case, or by cleanup).

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::models::AppToken;

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};

const TOKENS: Needs = Needs {
    user: false,
    features: &[Feature::AppTokens],
};
const TOKENS_USER: Needs = Needs {
    user: true,
    features: &[Feature::AppTokens],
};

/// A uuid no token has.
const UNKNOWN: &str = "00000000-0000-4000-8000-000000000000";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn title(t: &Target) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("apptok{n}"))
}

/// Creates a token as the admin and registers it for cleanup.
async fn create(t: &Target) -> Result<AppToken, Failure> {
    let token = t.admin.app_tokens().create(title(t)).await?.token;
    t.created(Created::AppToken(token.uuid.clone()));
    Ok(token)
}

async fn create_ok(t: &Target) -> CaseResult {
    let name = title(t);
    let token = t.admin.app_tokens().create(&name).await?.token;
    t.created(Created::AppToken(token.uuid.clone()));
    let code = token
        .token_code
        .as_ref()
        .ok_or_else(|| Failure::Fail("createAppToken returned no token_code".into()))?;
    ensure(
        token.title == name && code.expose().len() >= 120 && token.last_accessed.is_none(),
        format!(
            "unexpected new token {} ({} characters)",
            token.uuid,
            code.expose().len()
        ),
    )?;
    let again = t.admin.app_tokens().get(&token.uuid).await?.token;
    ensure(
        again.token_code.as_ref().map(|c| c.expose()) == Some(code.expose()),
        "getAppToken does not show the same code",
    )?;
    t.admin.app_tokens().revoke(&token.uuid).await?;
    expect_status(t.admin.app_tokens().get(&token.uuid).await, 404)
}

async fn list_ok(t: &Target) -> CaseResult {
    let token = create(t).await?;
    let list = t.admin.app_tokens().list().await?;
    let listed = list.tokens.iter().find(|x| x.uuid == token.uuid);
    let result = ensure(
        listed.is_some_and(|x| x.token_code.is_none() && x.title == token.title)
            && list.only_expiring.is_none(),
        format!("the new token is not listed without its code: {list:?}"),
    );
    t.admin.app_tokens().revoke(&token.uuid).await?;
    result
}

async fn list_expiring(t: &Target) -> CaseResult {
    let list = t.admin.app_tokens().list().expiring(true).await?;
    ensure(
        list.only_expiring == Some(true) && list.tokens.iter().all(|x| x.expiration.is_some()),
        format!("expiring=true listed a token that never expires: {list:?}"),
    )
}

/// Another user's view of the admin's token: not listed, and 404 by uuid.
async fn hidden_from(t: &Target, other: &Client, revoke: bool) -> CaseResult {
    let token = create(t).await?;
    let result = if revoke {
        expect_status(other.app_tokens().revoke(&token.uuid).await, 404)
    } else {
        let list = other.app_tokens().list().await?;
        ensure(
            list.tokens.iter().all(|x| x.uuid != token.uuid),
            "another user's token is listed",
        )?;
        expect_status(other.app_tokens().get(&token.uuid).await, 404)
    };
    // Still there for its owner.
    t.admin.app_tokens().get(&token.uuid).await?;
    t.admin.app_tokens().revoke(&token.uuid).await?;
    result
}

async fn revoke_refused(t: &Target, who: &Client) -> CaseResult {
    let token = create(t).await?;
    expect_csrf(who.app_tokens().revoke(&token.uuid).await)?;
    t.admin.app_tokens().get(&token.uuid).await?;
    t.admin.app_tokens().revoke(&token.uuid).await?;
    Ok(())
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("listAppTokens", "ok", needs: TOKENS, |t| list_ok(t).await),
        case!("listAppTokens", "expiring", needs: TOKENS, |t| list_expiring(t).await),
        case!("listAppTokens", "other_user", needs: TOKENS_USER, |t| {
            hidden_from(t, t.second_user()?.0, false).await
        }),
        case!("listAppTokens", "anonymous", needs: TOKENS, |t| expect_status(
            t.anonymous.app_tokens().list().await,
            401
        )),
        case!("listAppTokens", "bad_token", needs: TOKENS, |t| expect_status(
            t.bad_token.app_tokens().list().await,
            401
        )),
        case!("createAppToken", "ok", needs: TOKENS, |t| create_ok(t).await),
        case!("createAppToken", "anonymous", needs: TOKENS, |t| expect_csrf(
            t.anonymous.app_tokens().create(title(t)).await
        )),
        case!("createAppToken", "bad_token", needs: TOKENS, |t| expect_csrf(
            t.bad_token.app_tokens().create(title(t)).await
        )),
        case!("getAppToken", "ok", needs: TOKENS, |t| create_ok(t).await),
        case!("getAppToken", "unknown", needs: TOKENS, |t| expect_status(
            t.admin.app_tokens().get(UNKNOWN).await,
            404
        )),
        case!("getAppToken", "other_user", needs: TOKENS_USER, |t| {
            hidden_from(t, t.second_user()?.0, false).await
        }),
        case!("getAppToken", "anonymous", needs: TOKENS, |t| expect_status(
            t.anonymous.app_tokens().get(UNKNOWN).await,
            401
        )),
        case!("revokeAppToken", "ok", needs: TOKENS, |t| create_ok(t).await),
        case!("revokeAppToken", "unknown", needs: TOKENS, |t| expect_error(
            t.admin.app_tokens().revoke(UNKNOWN).await,
            404,
            "Not Found",
        )),
        case!("revokeAppToken", "other_user", needs: TOKENS_USER, |t| {
            hidden_from(t, t.second_user()?.0, true).await
        }),
        case!("revokeAppToken", "anonymous", needs: TOKENS, |t| revoke_refused(t, &t.anonymous).await),
        case!("revokeAppToken", "bad_token", needs: TOKENS, |t| revoke_refused(t, &t.bad_token).await),
    ]
}
