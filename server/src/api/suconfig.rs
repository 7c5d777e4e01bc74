//! The `suconfig` tag: the registry's setup status (Quay's `endpoints/api/suconfig.py`).
//!
//! This server is always set up, from a configuration file or its defaults: `ready`, provider
//! `file`. It stops on scShutdownContainer only when started with `--allow-shutdown`
//! ([`AppState::with_shutdown`]); otherwise it answers as Quay in `DEBUGGING` mode does.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{RegistryStatus, RegistryStatusKind, ShutdownStarted};
use crate::reply::{E401Html, E403Abort, E404, E503, Ok200, Reply};

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

    /// Shut the registry's container down
    ///
    /// Superusers; stops the server only with `--allow-shutdown`.
    #[oai(
        path = "/api/v1/superuser/shutdown",
        method = "post",
        operation_id = "scShutdownContainer"
    )]
    async fn sc_shutdown_container(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<ShutdownStarted>, (E403Abort, E404, E503)> {
        let result = async {
            if self.state.config.is_quay_io() {
                return Err(QuayError::not_found());
            }
            let no_users = self
                .state
                .store
                .read(crate::store::namespace::no_users)
                .await?;
            if !(who.is_superuser(&self.state.config) || no_users) {
                return Err(QuayError::flask_forbidden());
            }
            if let Some(notify) = &self.state.shutdown {
                tracing::warn!("scShutdownContainer: stopping as asked");
                let notify = notify.clone();
                // After the answer has gone out.
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    notify.notify_one();
                });
            }
            Ok(ShutdownStarted {})
        }
        .await;
        result.into()
    }
}
