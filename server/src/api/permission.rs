//! The `permission` tag.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};

/// Operations of the `permission` tag.
pub struct PermissionApi {
    state: AppState,
}

impl PermissionApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Permission")]
impl PermissionApi {}
