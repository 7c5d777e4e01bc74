//! The `discovery` tag: the API described as a Swagger 2.0 document, as Quay's own UI reads it.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! let quay = quay_sdk::Client::anonymous("https://quay.example.com")?;
//! let doc = quay.discovery().internal(true).await?;
//! println!("{} paths on {}", doc.paths.len(), doc.host);
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::requests::DiscoveryRequest;

impl Client {
    /// `discovery`: every operation the server registers, in Swagger 2.0
    /// (`.internal(true)` adds the internal ones; no token needed).
    pub fn discovery(&self) -> DiscoveryRequest {
        DiscoveryRequest::new(self)
    }
}
