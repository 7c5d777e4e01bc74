//! The `capabilities` tag: what the registry supports (Quay's
//! `endpoints/api/capabilities.py`). Served to anyone, even with anonymous access off.

use poem_openapi::OpenApi;

use super::{ApiTags, AppState};
use crate::error::QuayError;
use crate::models::{RegistryCapabilities, SparseManifests};
use crate::reply::{Ok200, Reply};

/// The architectures a repository mirror may be limited to (Quay's `VALID_ARCHITECTURES`,
/// sorted).
const MIRROR_ARCHITECTURES: [&str; 4] = ["amd64", "arm64", "ppc64le", "s390x"];

/// Operations of the `capabilities` tag.
pub struct CapabilitiesApi {
    state: AppState,
}

impl CapabilitiesApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Capabilities")]
impl CapabilitiesApi {
    /// Get the registry's capabilities
    #[oai(
        path = "/api/v1/registry/capabilities",
        method = "get",
        operation_id = "getRegistryCapabilities"
    )]
    async fn get_registry_capabilities(&self) -> Reply<Ok200<RegistryCapabilities>, ()> {
        let sparse = self.state.config.FEATURE_SPARSE_INDEX;
        Ok::<_, QuayError>(RegistryCapabilities {
            sparse_manifests: SparseManifests {
                supported: sparse,
                required_architectures: Vec::new(),
                optional_architectures_allowed: sparse,
            },
            mirror_architectures: MIRROR_ARCHITECTURES.map(String::from).to_vec(),
        })
        .into()
    }
}
