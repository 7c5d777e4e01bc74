//! Client behaviour that is not specific to one operation: authentication, retries, timeouts,
//! error decoding, base URLs with a path prefix, secrets kept out of `Debug`.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use quay_sdk::models::{ApiErrorType, UserInitialize};
use quay_sdk::{Client, Error, ErrorBody, RetryPolicy};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

fn retrying_client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry(policy)
        .build()
        .unwrap()
}

fn user_json() -> serde_json::Value {
    success("getLoggedInUser").body
}

#[tokio::test]
async fn retries_429_honouring_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json()))
        .mount(&server)
        .await;
    let client = retrying_client(&server, fast_retry(3).max_backoff(Duration::from_secs(2)));
    let started = Instant::now();
    client.user().current().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After not honoured"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_503_then_gives_up_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
        .mount(&server)
        .await;
    let err = retrying_client(&server, fast_retry(3))
        .user()
        .current()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.body(), Some(&ErrorBody::Raw("upstream down".into())));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn read_only_503_is_not_retried() {
    let server = MockServer::start().await;
    let body =
        serde_json::json!({"message": "System is currently read-only.", "is_readonly": true});
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_json(body))
        .mount(&server)
        .await;
    let err = retrying_client(&server, fast_retry(3))
        .user()
        .current()
        .await
        .unwrap_err();
    assert!(err.is_read_only());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn post_is_not_retried_by_default_but_can_be() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let body = UserInitialize::new("admin", "password123");
    let err = retrying_client(&server, fast_retry(3))
        .user()
        .initialize(&body)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let client = retrying_client(&server, fast_retry(3).retry_non_idempotent(true));
    client.user().initialize(&body).await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn no_retry_without_a_policy() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    client(&server).user().current().await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn connection_errors_are_retried_and_reported_as_transport() {
    // A port nothing listens on: bind, read the port, drop the listener.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(fast_retry(2))
        .build()
        .unwrap();
    let err = client.user().current().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "getLoggedInUser",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), None);
}

#[test]
fn clients_time_out_by_default() {
    let client = Client::new("https://quay.example.com", "t").unwrap();
    let debug = format!("{client:?}");
    assert!(
        debug.contains(&format!("{:?}", Some(quay_sdk::DEFAULT_TIMEOUT))),
        "{debug}"
    );
}

#[tokio::test]
async fn timeouts_are_typed() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(user_json())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.user().current().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_path_prefix_in_the_base_url_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/quay/api/v1/user/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(format!("{}/quay/", server.uri()), TOKEN).unwrap();
    client.user().current().await.unwrap();
}

#[tokio::test]
async fn anonymous_clients_send_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(|req: &Request| {
            assert!(!req.headers.contains_key("authorization"));
            ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "detail": "Requires authentication", "error_message": "Requires authentication",
                "error_type": "invalid_token", "title": "invalid_token",
                "type": "http://h/api/v1/error/invalid_token", "status": 401}))
        })
        .mount(&server)
        .await;
    let err = Client::anonymous(server.uri())
        .unwrap()
        .user()
        .current()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(err.error_type(), Some(&ApiErrorType::InvalidToken));
    assert_eq!(err.message().as_deref(), Some("Requires authentication"));
}

#[tokio::test]
async fn with_token_switches_identity() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer other"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .with_token("other")
        .user()
        .current()
        .await
        .unwrap();
}

#[tokio::test]
async fn undecodable_success_bodies_carry_status_and_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>not json</html>"))
        .mount(&server)
        .await;
    match client(&server).user().current().await.unwrap_err() {
        Error::Decode {
            operation,
            status,
            snippet,
            ..
        } => {
            assert_eq!((operation, status), ("getLoggedInUser", 200));
            assert_eq!(snippet, "<html>not json</html>");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "repositories": [{"namespace": "acme", "name": "web", "description": null,
                "is_public": true, "kind": "image", "state": "NORMAL", "is_starred": "no"}]
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .repositories()
        .list()
        .namespace("acme")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), quay_sdk::ErrorKind::Decode);
    match &err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "repositories[0].is_starred");
            assert!(message.contains("boolean"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("at `repositories[0].is_starred`"));
}

#[tokio::test]
async fn csrf_refusals_are_recognised() {
    let ex = fixture("changeTeamPermissions")
        .into_iter()
        .find(|e| e.status == 403 && e.identity == "anonymous")
        .unwrap();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ex.response())
        .mount(&server)
        .await;
    let err = client(&server)
        .user()
        .initialize(&UserInitialize::new("a", "password123"))
        .await
        .unwrap_err();
    assert!(err.is_forbidden() && err.is_csrf_refusal(), "{err:?}");
    assert_eq!(err.kind(), quay_sdk::ErrorKind::CsrfRefused);
}

#[test]
fn invalid_repository_references_fail_before_sending() {
    let client = Client::new("http://127.0.0.1:9", TOKEN).unwrap();
    let err = client.repository("no-namespace").unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
}

#[test]
fn secrets_never_reach_debug_output() {
    let client = Client::new("https://quay.example.com", "very-secret-token").unwrap();
    assert!(!format!("{client:?}").contains("very-secret-token"));
    assert!(!format!("{:?}", client.user()).contains("very-secret-token"));
}
