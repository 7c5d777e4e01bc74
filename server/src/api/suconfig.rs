//! The `suconfig` tag: the registry's setup status (Quay's `endpoints/api/suconfig.py`).
//!
//! This server is always set up, from a configuration file or its defaults: `ready`, provider
//! `file`.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};
use crate::error::QuayError;
use crate::models::{RegistryStatus, RegistryStatusKind};
use crate::reply::{E401Html, E404, Ok200, Reply};

/// Operations of the `suconfig` tag.
pub struct SuconfigApi {
    state: AppState,
}

impl SuconfigApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Suconfig")]
impl SuconfigApi {
    /// Get the registry's setup status
    #[oai(
        path = "/api/v1/superuser/registrystatus",
        method = "get",
        operation_id = "scRegistryStatus"
    )]
    async fn sc_registry_status(&self) -> Reply<Ok200<RegistryStatus>, (E401Html, E404)> {
        if self.state.config.is_quay_io() {
            return Err::<RegistryStatus, _>(QuayError::not_found()).into();
        }
        Ok::<_, QuayError>(RegistryStatus {
            status: RegistryStatusKind::Ready,
            provider_id: Some("file".into()),
        })
        .into()
    }
}
