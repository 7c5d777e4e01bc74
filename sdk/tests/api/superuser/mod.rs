//! The `superuser` tag: requests sent, recorded responses decoded, pages streamed.

use crate::common;

use common::*;
use futures_util::TryStreamExt;
use quay_sdk::Error;
use quay_sdk::api::RegistrySizeQueueStatus;
use quay_sdk::models::{
    ApproveServiceKey, BuildLogs, BuildPhase, CreateInstallUser, CreateServiceKey, NamespaceKind,
    NewNamespaceQuota, PutServiceKey, ServiceKeyApprovalType, UpdateInstallUser,
    UpdateNamespaceQuota, UserKind,
};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The query pairs of the one request `server` received, in order.
async fn sent_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The first `n` elements of the array `key` of a recorded body.
fn items(body: &Value, key: &str, n: usize) -> Vec<Value> {
    let all = body[key].as_array().unwrap();
    assert!(all.len() >= n, "fixture has {} {key}, need {n}", all.len());
    all[..n].to_vec()
}

/// Mounts one page of a paginated GET: the first page matches a request without `next_page`,
/// the others the token; `also` are query parameters every page must carry.
async fn mount_page(
    server: &MockServer,
    p: &str,
    token: Option<&str>,
    also: &[(&str, &str)],
    body: Value,
) {
    let mut mock = Mock::given(method("GET"))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
    for (k, v) in also {
        mock = mock.and(query_param(*k, *v));
    }
    mock = match token {
        None => mock.and(query_param_is_missing("next_page")),
        Some(t) => mock.and(query_param("next_page", t)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

mod builds;
mod every_recorded_exchange;
mod logs;
mod organizations;
mod quotas_on_both_path_families;
mod registry_size;
mod service_keys;
mod users;

#[allow(unused_imports)]
use builds::*;
#[allow(unused_imports)]
use every_recorded_exchange::*;
#[allow(unused_imports)]
use logs::*;
#[allow(unused_imports)]
use organizations::*;
#[allow(unused_imports)]
use quotas_on_both_path_families::*;
#[allow(unused_imports)]
use registry_size::*;
#[allow(unused_imports)]
use service_keys::*;
#[allow(unused_imports)]
use users::*;
