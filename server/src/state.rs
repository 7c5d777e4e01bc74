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
    /// Outgoing HTTP (proxy-cache validation).
    pub http: reqwest::Client,
    /// Tokens identified since the last write.
    pub identities: Arc<crate::identities::Identities>,
}

impl AppState {
    /// State over `store` with `config`.
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            identities: Arc::default(),
        }
    }
}
