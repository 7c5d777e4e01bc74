//! The `appspecifictokens` tag: the signed-in user's app-specific tokens, the passwords a user
//! gives registry clients (`docker login`, `podman login`) instead of the account password.
//! Registered by Quay only when `FEATURE_APP_SPECIFIC_TOKENS` is on (its default). Every call
//! needs a user whose token has `user:admin`.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//!
//! let quay = Client::new("https://quay.example.com", "TOKEN")?;
//! let created = quay.app_tokens().create("ci-pusher").await?.token;
//! let code = created.token_code.expect("createAppToken returns the code");
//! println!("docker login -u alice -p {} quay.example.com", code.expose());
//! for t in quay.app_tokens().list().expiring(true).await?.tokens {
//!     println!("{} expires {:?}", t.title, t.expiration);
//! }
//! quay.app_tokens().revoke(&created.uuid).await?;
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::models::NewAppToken;
use crate::requests::*;

/// The signed-in user's app-specific tokens, from [`Client::app_tokens`].
#[derive(Debug, Clone)]
pub struct AppTokensHandler {
    client: Client,
}

impl Client {
    /// The signed-in user's app-specific tokens.
    pub fn app_tokens(&self) -> AppTokensHandler {
        AppTokensHandler {
            client: self.clone(),
        }
    }
}

impl AppTokensHandler {
    /// `listAppTokens`: the caller's tokens, without their codes (`.expiring(true)`: only
    /// those expiring within a tenth of the configured lifetime).
    pub fn list(&self) -> ListAppTokensRequest {
        ListAppTokensRequest::new(&self.client)
    }

    /// `createAppToken`: a new token titled `title`; the answer holds its code.
    pub fn create(&self, title: impl Into<String>) -> CreateAppTokenRequest {
        CreateAppTokenRequest::new(&self.client, NewAppToken::new(title))
    }

    /// `getAppToken`: one of the caller's tokens, with its code (404 once expired).
    pub fn get(&self, uuid: impl Into<String>) -> GetAppTokenRequest {
        GetAppTokenRequest::new(&self.client, uuid)
    }

    /// `revokeAppToken`: deletes one of the caller's tokens.
    pub fn revoke(&self, uuid: impl Into<String>) -> RevokeAppTokenRequest {
        RevokeAppTokenRequest::new(&self.client, uuid)
    }
}
