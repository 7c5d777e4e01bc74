//! The `suconfig` tag: the registry's setup status, for anyone.

use quay_sdk::Client;
use quay_sdk::models::RegistryStatusKind;

use crate::runner::{Case, CaseResult, Failure, Feature, Needs, ensure, expect_csrf};

/// The superuser panel on, and the second user.
const SU_USER: Needs = Needs {
    user: true,
    features: &[Feature::SuperUsers],
};

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
        // A superuser's call stops a live Quay's container: only the embedded server (started
        // without --allow-shutdown, so it answers and goes on) is asked.
        case!("scShutdownContainer", "ok", needs: SU, |t| {
            if !t.embedded {
                return Err(Failure::Skip(
                    "never asked of a live target: a superuser's call stops its container".into(),
                ));
            }
            t.admin.shutdown_registry().await?;
            ready(&t.admin).await
        }),
        case!("scShutdownContainer", "not_superuser", needs: SU_USER, |t| {
            match t.second_user()?.0.shutdown_registry().await {
                Err(e) if e.status() == Some(403)
                    && matches!(e.body(), Some(quay_sdk::ErrorBody::Message(_))) => Ok(()),
                other => Err(Failure::Fail(format!("expected Flask's 403, got {other:?}"))),
            }
        }),
        case!("scShutdownContainer", "anonymous", needs: SU, |t| {
            expect_csrf(t.anonymous.shutdown_registry().await)
        }),
    ]
}
