//! The `suconfig` tag: the registry's setup status, for anyone.

use quay_sdk::Client;
use quay_sdk::models::RegistryStatusKind;

use crate::runner::{Case, CaseResult, Feature, Needs, ensure};

/// The superuser panel on.
const SU: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers],
};

/// A registry being tested is set up: `ready`, with its configuration provider.
async fn ready(c: &Client) -> CaseResult {
    let s = c.registry_status().await?;
    ensure(
        s.status == RegistryStatusKind::Ready
            && s.provider_id.as_deref().is_some_and(|p| !p.is_empty()),
        format!("expected a ready registry with its provider, got {s:?}"),
    )
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("scRegistryStatus", "ok", needs: SU, |t| ready(&t.admin).await),
        case!("scRegistryStatus", "anonymous", needs: SU, |t| ready(&t.anonymous).await),
        case!("scRegistryStatus", "bad_token", needs: SU, |t| ready(&t.bad_token).await),
    ]
}
