//! The `suconfig` tag: the registry's setup status (internal operations of the superuser
//! panel).

use crate::client::Client;
use crate::requests::{ScRegistryStatusRequest, ScShutdownContainerRequest};

impl Client {
    /// `scRegistryStatus`: whether the registry's setup is complete, and its configuration
    /// provider (no rights needed).
    pub fn registry_status(&self) -> ScRegistryStatusRequest {
        ScRegistryStatusRequest::new(self)
    }

    /// `scShutdownContainer`: asks the registry to stop (superusers). Quay stops its container;
    /// the reference server only when started with `--allow-shutdown`.
    pub fn shutdown_registry(&self) -> ScShutdownContainerRequest {
        ScShutdownContainerRequest::new(self)
    }
}
