//! The `error` tag: the description of every error type, reached from the `type` URL of a
//! real error.

use quay_sdk::models::ApiErrorType;

use crate::runner::{Case, CaseResult, Failure, Target, ensure, expect_status};

/// Every error type the spec knows is described under its own name and URL.
async fn every_type(t: &Target) -> CaseResult {
    for title in [
        "invalid_request",
        "invalid_token",
        "insufficient_scope",
        "not_found",
        "fresh_login_required",
        "invalid_response",
    ] {
        let d = t.anonymous.error_description(title).await?;
        ensure(
            d.title.as_str() == title
                && d.kind.ends_with(&format!("/api/v1/error/{title}"))
                && !d.description.is_empty(),
            format!("{title} is described as {d:?}"),
        )?;
    }
    Ok(())
}

/// A refusal's `type` URL names a description that answers.
async fn from_a_refusal(t: &Target) -> CaseResult {
    let err = match t.anonymous.superuser().service_keys().list().await {
        Err(e) => e,
        Ok(_) => {
            return Err(Failure::Skip(
                "anonymous callers may list service keys".into(),
            ));
        }
    };
    let Some(quay_sdk::ErrorBody::Api(api)) = err.body() else {
        return Err(Failure::Fail(format!("not an ApiError: {err}")));
    };
    let d = t.anonymous.error_description(api.title.as_str()).await?;
    ensure(
        d.title == ApiErrorType::InvalidToken && d.kind == api.type_url,
        format!("the refusal {api:?} is described as {d:?}"),
    )
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getErrorDescription", "ok", |t| every_type(t).await),
        case!("getErrorDescription", "from_a_refusal", |t| from_a_refusal(
            t
        )
        .await),
        case!("getErrorDescription", "unknown", |t| {
            expect_status(t.anonymous.error_description("no_such_error").await, 404)
        }),
        case!("getErrorDescription", "bad_token", |t| {
            let d = t.bad_token.error_description("not_found").await?;
            ensure(d.title == ApiErrorType::NotFound, format!("{d:?}"))
        }),
    ]
}
