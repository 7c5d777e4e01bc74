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
        }
    }

    /// Lets scShutdownContainer stop the server: `notify` is told after the answer is sent.
    pub fn with_shutdown(mut self, notify: Arc<tokio::sync::Notify>) -> Self {
        self.shutdown = Some(notify);
        self
    }
}
