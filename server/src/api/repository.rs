//! The `repository` tag.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};

/// Operations of the `repository` tag.
pub struct RepositoryApi {
    state: AppState,
}

impl RepositoryApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Repository")]
impl RepositoryApi {}
