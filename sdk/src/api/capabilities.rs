//! The `capabilities` tag: what the registry supports.

use crate::client::Client;
use crate::requests::GetRegistryCapabilitiesRequest;

impl Client {
    /// `getRegistryCapabilities`: sparse manifest support and the architectures a mirror may be
    /// limited to (no token needed).
    pub fn registry_capabilities(&self) -> GetRegistryCapabilitiesRequest {
        GetRegistryCapabilitiesRequest::new(self)
    }
}
