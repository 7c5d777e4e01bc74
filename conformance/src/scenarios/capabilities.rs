//! The `capabilities` tag: what the registry supports, for anyone.

use quay_sdk::Client;

use crate::runner::{Case, CaseResult, ensure};

async fn capabilities(c: &Client) -> CaseResult {
    let caps = c.registry_capabilities().await?;
    ensure(
        caps.mirror_architectures == ["amd64", "arm64", "ppc64le", "s390x"]
            && caps.sparse_manifests.required_architectures.is_empty()
            && caps.sparse_manifests.supported
                == caps.sparse_manifests.optional_architectures_allowed,
        format!("unexpected capabilities: {caps:?}"),
    )
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getRegistryCapabilities", "ok", |t| capabilities(&t.admin)
            .await),
        case!("getRegistryCapabilities", "anonymous", |t| capabilities(
            &t.anonymous
        )
        .await),
        case!("getRegistryCapabilities", "bad_token", |t| capabilities(
            &t.bad_token
        )
        .await),
    ]
}
