//! The `error` tag: descriptions of Quay's error types, the documents an
//! [`ApiError`](crate::models::ApiError)'s `type` URL names.

use crate::client::Client;
use crate::requests::GetErrorDescriptionRequest;

impl Client {
    /// `getErrorDescription`: what the error type `error_type` (an `ApiError`'s `title`) means.
    pub fn error_description(&self, error_type: impl Into<String>) -> GetErrorDescriptionRequest {
        GetErrorDescriptionRequest::new(self, error_type)
    }
}
