//! The `superuser` tag.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};

/// Operations of the `superuser` tag.
pub struct SuperuserApi {
    state: AppState,
}

impl SuperuserApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Superuser")]
impl SuperuserApi {}
