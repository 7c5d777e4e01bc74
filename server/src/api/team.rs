//! The `team` tag.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};

/// Operations of the `team` tag.
pub struct TeamApi {
    state: AppState,
}

impl TeamApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Team")]
impl TeamApi {}
