//! Requests to Quay's web routes outside the API (assigning a token, uploading a user file):
//! no operation table describes them, so they are sent here with the client's timeout, and an
//! error status becomes [`Error::Api`] under the name the caller gives the route.

use crate::client::Inner;
use crate::error::{ApiFailure, ErrorBody};
use crate::{Error, Result};

/// Sends `req` (built on `inner`'s HTTP client); the body of a 2xx answer.
pub(crate) async fn send(
    inner: &Inner,
    mut req: reqwest::RequestBuilder,
    operation: &'static str,
) -> Result<Vec<u8>> {
    if let Some(t) = inner.timeout {
        req = req.timeout(t);
    }
    let transport = |source| Error::Transport { operation, source };
    let resp = req.send().await.map_err(transport)?;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.map_err(transport)?;
    if (200..300).contains(&status) {
        return Ok(bytes.to_vec());
    }
    Err(Error::Api(Box::new(ApiFailure {
        operation,
        status,
        body: ErrorBody::decode(&bytes),
        retry_after: None,
    })))
}
