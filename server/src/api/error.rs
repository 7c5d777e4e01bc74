//! The `error` tag: descriptions of Quay's error types (`endpoints/api/error.py` and
//! `ERROR_DESCRIPTION` in `endpoints/exception.py`), the documents an `ApiError`'s `type` names.

use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::{ApiTags, AppState};
use crate::error::QuayError;
use crate::models::{ApiErrorDescription, ApiErrorType};
use crate::reply::{E401Html, E404, Ok200, Reply};

/// Quay's description of each error type.
const DESCRIPTIONS: [(ApiErrorType, &str, &str); 12] = [
    (
        ApiErrorType::ExternalServiceTimeout,
        "external_service_timeout",
        "An external service timed out. Retrying the request may resolve the issue.",
    ),
    (
        ApiErrorType::InvalidRequest,
        "invalid_request",
        "The request was invalid. It may have contained invalid values or was improperly formatted.",
    ),
    (
        ApiErrorType::InvalidResponse,
        "invalid_response",
        "The response was invalid.",
    ),
    (
        ApiErrorType::InvalidToken,
        "invalid_token",
        "The access token provided was invalid.",
    ),
    (
        ApiErrorType::ExpiredToken,
        "expired_token",
        "The access token provided has expired.",
    ),
    (
        ApiErrorType::InsufficientScope,
        "insufficient_scope",
        "The access token did not have sufficient scope to access the requested resource.",
    ),
    (
        ApiErrorType::FreshLoginRequired,
        "fresh_login_required",
        "The action requires a fresh login to succeed.",
    ),
    (
        ApiErrorType::ExceedsLicense,
        "exceeds_license",
        "The action was refused because the current license does not allow it.",
    ),
    (
        ApiErrorType::NotFound,
        "not_found",
        "The resource was not found.",
    ),
    (
        ApiErrorType::DownstreamIssue,
        "downstream_issue",
        "An error occurred in a downstream service.",
    ),
    (
        ApiErrorType::TagImmutable,
        "tag_immutable",
        "The tag is immutable and cannot be modified or deleted.",
    ),
    (
        ApiErrorType::TokenRotationFailed,
        "token_rotation_failed",
        "Token rotation failed.",
    ),
];

/// Operations of the `error` tag.
pub struct ErrorApi {
    #[allow(dead_code)]
    state: AppState,
}

impl ErrorApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Error")]
impl ErrorApi {
    /// Describe an error type
    #[oai(
        path = "/api/v1/error/:error_type",
        method = "get",
        operation_id = "getErrorDescription"
    )]
    async fn get_error_description(
        &self,
        error_type: Path<String>,
    ) -> Reply<Ok200<ApiErrorDescription>, (E401Html, E404)> {
        let found = DESCRIPTIONS.iter().find(|(_, t, _)| *t == error_type.0);
        match found {
            Some((kind, title, description)) => Ok(ApiErrorDescription {
                kind: format!("{}/api/v1/error/{title}", crate::error::request_base()),
                title: *kind,
                description: (*description).to_string(),
            }),
            None => Err(QuayError::not_found()),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_type_is_described_under_its_own_name() {
        for (kind, title, _) in DESCRIPTIONS {
            let json = poem_openapi::types::ToJSON::to_json(&kind).unwrap();
            assert_eq!(json, serde_json::json!(title));
        }
    }
}
