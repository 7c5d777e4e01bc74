//! The `organization` tag.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};

/// Operations of the `organization` tag.
pub struct OrganizationApi {
    state: AppState,
}

impl OrganizationApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Organization")]
impl OrganizationApi {}
