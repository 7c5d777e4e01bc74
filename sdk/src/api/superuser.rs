//! The `superuser` tag: the superuser panel (users, organizations, logs, service keys, quotas,
//! builds, registry size). Registered by Quay only when `FEATURE_SUPER_USERS` is on.

use crate::client::Client;

/// The superuser panel, from [`Client::superuser`].
#[derive(Debug, Clone)]
pub struct SuperuserHandler {
    pub(crate) client: Client,
}

impl Client {
    /// The superuser panel. Writes need a superuser's token with `super:user`.
    pub fn superuser(&self) -> SuperuserHandler {
        SuperuserHandler {
            client: self.clone(),
        }
    }
}
