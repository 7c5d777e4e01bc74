//! Test support: responses recorded from a real Quay (`fixtures/quay/`), replayed through a
//! wiremock server, and request-shape expectations.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;

use quay_sdk::{Client, Error, ErrorBody};
use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The token every test client sends.
pub const TOKEN: &str = "test-token";

/// One recorded exchange (see `fixtures/quay/README.md`).
#[derive(Debug, Clone, Deserialize)]
pub struct Exchange {
    pub case: String,
    pub identity: String,
    pub method: String,
    pub path: String,
    pub request_body: Value,
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl Exchange {
    /// The response body as Quay sent it.
    pub fn body_bytes(&self) -> Vec<u8> {
        match (
            &self.body,
            self.content_type.starts_with("application/json"),
        ) {
            (Value::String(s), false) => s.clone().into_bytes(),
            (Value::String(s), true) if s.is_empty() && self.status == 204 => Vec::new(),
            (v, _) => serde_json::to_vec(v).unwrap(),
        }
    }

    /// The response as a wiremock template.
    pub fn response(&self) -> ResponseTemplate {
        ResponseTemplate::new(self.status)
            .insert_header("content-type", self.content_type.as_str())
            .set_body_bytes(self.body_bytes())
    }
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/quay")
}

/// Every exchange recorded for `file` (an operationId, or `<operationId>-mailing`).
pub fn fixture(file: &str) -> Vec<Exchange> {
    let p = fixtures_dir().join(format!("{file}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The first successful exchange of a fixture file.
pub fn success(file: &str) -> Exchange {
    fixture(file)
        .into_iter()
        .find(|e| (200..300).contains(&e.status))
        .unwrap_or_else(|| panic!("{file}: no success recorded"))
}

/// A client for `server` with the test token.
pub fn client(server: &MockServer) -> Client {
    Client::new(server.uri(), TOKEN).unwrap()
}

/// Replays every exchange of `file`: Quay's answer is served whatever the request, and the SDK
/// call must decode a success, or fail with the recorded status and the right error-body shape.
pub async fn replay<F, Fut, T>(file: &str, call: F)
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = quay_sdk::Result<T>>,
    T: std::fmt::Debug,
{
    let exchanges = fixture(file);
    assert!(!exchanges.is_empty(), "{file}: empty fixture");
    for ex in exchanges {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ex.response())
            .mount(&server)
            .await;
        let result = call(client(&server)).await;
        let case = &ex.case;
        if (200..300).contains(&ex.status) {
            if let Err(e) = result {
                panic!("{file} {case}: recorded success did not decode: {e}");
            }
            continue;
        }
        let err = match result {
            Ok(v) => panic!(
                "{file} {case}: HTTP {} decoded as success: {v:?}",
                ex.status
            ),
            Err(e) => e,
        };
        assert_eq!(err.status(), Some(ex.status), "{file} {case}: {err}");
        let body = err
            .body()
            .unwrap_or_else(|| panic!("{file} {case}: not an API error: {err:?}"));
        let expected_shape = match &ex.body {
            // `{"detail"}` alone (the mirror area's handler errors) reads as a problem document.
            Value::Object(o) if o.contains_key("title") || o.contains_key("detail") => "api",
            Value::Object(o) if o.contains_key("is_readonly") => "readonly",
            Value::Object(o) if o.contains_key("message") => "message",
            Value::Object(o) if o.contains_key("error") => "auth",
            _ => "raw",
        };
        let shape = match body {
            ErrorBody::Api(_) => "api",
            ErrorBody::ReadOnly(_) => "readonly",
            ErrorBody::Message(_) => "message",
            ErrorBody::Auth(_) => "auth",
            _ => "raw",
        };
        assert_eq!(
            shape, expected_shape,
            "{file} {case}: body decoded as {body:?}"
        );
        if let Value::Object(o) = &ex.body
            && let Some(detail) = o.get("detail").or(o.get("error")).and_then(Value::as_str)
        {
            assert_eq!(err.message().as_deref(), Some(detail), "{file} {case}");
        }
        assert!(matches!(err, Error::Api(_)));
    }
}

/// Expects exactly one request: method, exact path (encoded as sent), bearer token, the given
/// query parameters and JSON body; answers `status` with `response` as JSON.
pub async fn expect(
    m: &str,
    p: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
    status: u16,
    response: Value,
) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut mock = Mock::given(method(m))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
    for (k, v) in query {
        mock = mock.and(query_param(*k, *v));
    }
    if let Some(b) = body {
        mock = mock
            .and(header("content-type", "application/json"))
            .and(body_json(b));
    }
    let template = if status == 204 {
        ResponseTemplate::new(204)
    } else {
        ResponseTemplate::new(status).set_body_json(response)
    };
    mock.respond_with(template).expect(1).mount(&server).await;
    let c = client(&server);
    (server, c)
}

/// Like [`expect`], answering with a recorded success exchange.
pub async fn expect_recorded(
    m: &str,
    p: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
    ex: &Exchange,
) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut mock = Mock::given(method(m))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
    for (k, v) in query {
        mock = mock.and(query_param(*k, *v));
    }
    if let Some(b) = body {
        mock = mock
            .and(header("content-type", "application/json"))
            .and(body_json(b));
    }
    mock.respond_with(ex.response())
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    (server, c)
}
