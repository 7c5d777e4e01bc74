//! The `globalmessages` tag: messages superusers publish to every user of the registry.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//! use quay_sdk::models::{GlobalMessageMediaType, GlobalMessageSeverity, NewGlobalMessage};
//!
//! let client = Client::new("https://quay.example.com", "TOKEN")?;
//! let notice = NewGlobalMessage::new(
//!     "Maintenance tonight at 22:00 UTC",
//!     GlobalMessageMediaType::TextPlain,
//!     GlobalMessageSeverity::Warning,
//! );
//! client.global_messages().create(&notice).await?;
//! for m in client.global_messages().list().await?.messages {
//!     println!("[{}] {}", m.severity, m.content);
//! }
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::models::{CreateGlobalMessage, NewGlobalMessage};
use crate::requests::*;

/// The global messages, from [`Client::global_messages`].
#[derive(Debug, Clone)]
pub struct GlobalMessagesHandler {
    client: Client,
}

impl Client {
    /// The registry's global messages (reading needs no token; writing, a superuser's).
    pub fn global_messages(&self) -> GlobalMessagesHandler {
        GlobalMessagesHandler {
            client: self.clone(),
        }
    }
}

impl GlobalMessagesHandler {
    /// `getGlobalMessages`: every message.
    pub fn list(&self) -> GetGlobalMessagesRequest {
        GetGlobalMessagesRequest::new(&self.client)
    }

    /// `createGlobalMessage`: publishes a message (superusers).
    pub fn create(&self, message: &NewGlobalMessage) -> CreateGlobalMessageRequest {
        CreateGlobalMessageRequest::new(&self.client, CreateGlobalMessage::new(message.clone()))
    }

    /// `deleteGlobalMessage`: removes the message `uuid` (succeeds for an unknown uuid too).
    pub fn delete(&self, uuid: impl Into<String>) -> DeleteGlobalMessageRequest {
        DeleteGlobalMessageRequest::new(&self.client, uuid)
    }
}
