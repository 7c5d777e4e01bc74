//! Sending one operation: path filling, authentication, retries, tracing, decoding.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::client::Client;
use crate::error::{ApiFailure, Error, ErrorBody, Result, snippet};
use crate::operations::Operation;
use crate::path::{PathValue, fill};
use crate::retry::{RetryPolicy, parse_retry_after};

/// A response with a success status, body not yet decoded.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// A new web session the answer hands out (sign-in, verification).
    pub(crate) session: Option<crate::session::WebSession>,
}

impl Response {
    /// Decodes the body as the operation's success schema. A failure is decoded once more,
    /// tracking the JSON path, for the error (path tracking slows every decode down).
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T> {
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: e.path().to_string(),
            message: e.inner().to_string(),
            snippet: snippet(&self.body),
        })
    }
}

/// One call being assembled: the operation, its path values, query and body.
pub(crate) struct Call<'c> {
    client: &'c Client,
    op: &'static Operation,
    path: Result<String>,
    query: Vec<(&'static str, String)>,
    body: Option<Result<Vec<u8>>>,
}

impl Client {
    /// Starts a call of `op` with its path values in template order.
    pub(crate) fn call(&self, op: &'static Operation, path: &[PathValue<'_>]) -> Call<'_> {
        Call {
            client: self,
            op,
            path: fill(op.path, path),
            query: Vec::new(),
            body: None,
        }
    }
}

impl Call<'_> {
    /// Adds a query parameter when it has a value.
    pub(crate) fn query(mut self, name: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(v) = value {
            self.query.push((name, v.to_string()));
        }
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| {
            Error::invalid_input(format!("{}: body cannot be serialized: {e}", self.op.id))
        }));
        self
    }

    /// Sets a JSON body when there is one.
    pub(crate) fn json_opt(self, body: Option<&impl Serialize>) -> Self {
        match body {
            Some(b) => self.json(b),
            None => self,
        }
    }

    /// Sends, retrying as the client's policy allows; a success response or the error.
    pub(crate) async fn send_raw(self) -> Result<Response> {
        let op = self.op;
        let path = self.path?;
        let body = self.body.transpose()?;
        let inner = &self.client.inner;
        let url = format!("{}{}", inner.base, path);
        let span = tracing::info_span!(
            "quay.request",
            operation = op.id,
            method = op.method.as_str(),
            path = op.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let no_retry = RetryPolicy::new(1);
        let policy = inner.retry.as_ref().unwrap_or(&no_retry);
        let may_retry = policy.allows(op.idempotent);
        async move {
            let mut attempt = 1u32;
            loop {
                let mut req = inner
                    .http
                    .request(op.method.to_reqwest(), &url)
                    .header(reqwest::header::ACCEPT, "application/json");
                if !self.query.is_empty() {
                    req = req.query(&self.query);
                }
                if let Some(token) = &inner.token {
                    req = req.bearer_auth(token.expose());
                } else if let Some(session) = &inner.session {
                    req = crate::session::attach(req, session, op.method.is_write());
                }
                if let Some(t) = inner.timeout {
                    req = req.timeout(t);
                }
                if let Some(b) = &body {
                    req = req
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(b.clone());
                }
                let outcome = match req.send().await {
                    Ok(resp) => read(op.id, resp).await.inspect(|r| {
                        if let (Some(slot), Some(new)) = (&inner.session, &r.session) {
                            crate::session::replace(slot, new.clone());
                        }
                    }),
                    Err(e) => Err(transport(op.id, e)),
                };
                let retry_after = match &outcome {
                    Ok(_) => None,
                    Err(e) => retry_delay(e),
                };
                let retryable = match &outcome {
                    Ok(_) => false,
                    Err(e) => retry_after.is_some() || is_retryable(e),
                };
                if retryable && may_retry && attempt < policy.max_attempts() {
                    let delay = policy.delay(attempt, retry_after.flatten());
                    tracing::debug!(attempt, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
                let span = tracing::Span::current();
                span.record("attempts", attempt);
                if let Some(status) = match &outcome {
                    Ok(r) => Some(r.status),
                    Err(e) => e.status(),
                } {
                    span.record("status", status);
                }
                return outcome;
            }
        }
        .instrument(span)
        .await
    }
}

/// Reads a response: a success, or the decoded error.
async fn read(operation: &'static str, resp: reqwest::Response) -> Result<Response> {
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let session = crate::session::handed_out(resp.headers());
    let body = resp
        .bytes()
        .await
        .map_err(|e| transport(operation, e))?
        .to_vec();
    if (200..300).contains(&status) {
        return Ok(Response {
            operation,
            status,
            body,
            session,
        });
    }
    Err(Error::Api(Box::new(ApiFailure {
        operation,
        status,
        body: ErrorBody::decode(&body),
        retry_after,
    })))
}

fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout { operation, source }
    } else {
        Error::Transport { operation, source }
    }
}

/// `Some(delay)` when the error is a retryable status (the delay is `Retry-After`, if sent).
fn retry_delay(e: &Error) -> Option<Option<Duration>> {
    match e {
        Error::Api(f)
            if RetryPolicy::retryable_status(f.status)
                && !matches!(f.body, ErrorBody::ReadOnly(_)) =>
        {
            Some(f.retry_after)
        }
        _ => None,
    }
}

/// Connection failures and timeouts.
fn is_retryable(e: &Error) -> bool {
    match e {
        Error::Timeout { .. } => true,
        Error::Transport { source, .. } => source.is_connect() || source.is_request(),
        _ => false,
    }
}
