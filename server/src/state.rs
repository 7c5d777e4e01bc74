//! The state every handler and the request pipeline share.

use std::sync::Arc;

use crate::config::Config;
use crate::store::Store;

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The configuration.
    pub config: Arc<Config>,
    /// Outgoing HTTP (proxy-cache validation), with the SSRF rules ([`crate::outbound`]).
    pub http: reqwest::Client,
    /// Tokens identified since the last write.
    pub identities: Arc<crate::identities::Identities>,
    /// Where scShutdownContainer asks the server to stop; `None` (the default): it never does.
    pub shutdown: Option<Arc<tokio::sync::Notify>>,
    /// bcrypt's work factor for new passwords: Quay's 12 unless a test set-up lowers it.
    pub password_cost: u32,
}

impl AppState {
    /// State over `store` with `config`.
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            http: crate::outbound::client(&config.SSRF_ALLOWED_HOSTS),
            config: Arc::new(config),
            identities: Arc::default(),
            shutdown: None,
            password_cost: crate::store::namespace::BCRYPT_COST,
        }
    }

    /// The stored form of a new password, hashed on the blocking pool (bcrypt takes a quarter
    /// of a second at Quay's cost): call it before taking the writer.
    pub async fn hash_password(&self, password: String) -> Result<String, crate::error::QuayError> {
        let cost = self.password_cost;
        tokio::task::spawn_blocking(move || crate::store::namespace::hash_password(&password, cost))
            .await
            .map_err(crate::error::QuayError::internal)?
    }

    /// Hashes new passwords with bcrypt's work factor `cost` (4 to 31) instead of Quay's 12:
    /// for test set-ups that create many users (the stored format is the same, `$2b$`).
    pub fn with_password_cost(mut self, cost: u32) -> Self {
        self.password_cost = cost.clamp(4, 31);
        self
    }

    /// Lets scShutdownContainer stop the server: `notify` is told after the answer is sent.
    pub fn with_shutdown(mut self, notify: Arc<tokio::sync::Notify>) -> Self {
        self.shutdown = Some(notify);
        self
    }
}
