//! The `robot` tag.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};

/// Operations of the `robot` tag.
pub struct RobotApi {
    state: AppState,
}

impl RobotApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Robot")]
impl RobotApi {}
