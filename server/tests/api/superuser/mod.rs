//! The `superuser` tag through HTTP: users, organizations, the audit log, service keys,
//! namespace quotas, builds and the registry size, with Quay's rights (SU-read / SU-write),
//! statuses and bodies, compared with the recorded fixtures.

use crate::common;

use base64::Engine;
use common::key_set as keys;
use common::*;
use poem::http::Method;
use quay_server::Config;
use quay_server::store::namespace;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The first recorded exchange of `fixtures/quay/<op>.json` with this case name (or the first).
fn fixture(op: &str, case: Option<&str>) -> Value {
    let all = exchanges(op);
    match case {
        Some(c) => all
            .into_iter()
            .find(|e| e["case"].as_str().unwrap().ends_with(c))
            .unwrap_or_else(|| panic!("no case {c} in {op}")),
        None => all[0].clone(),
    }
}

/// Asserts that `ours` has the keys of the recorded body `theirs` (recursively for objects).
#[track_caller]
fn same_shape(ours: &Value, theirs: &Value) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(keys(ours), keys(theirs), "ours {ours}\nQuay {theirs}");
            for (k, v) in b {
                if k != "metadata" {
                    same_shape(&a[k], v);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if let (Some(x), Some(y)) = (a.first(), b.first()) {
                same_shape(x, y);
            }
        }
        (Value::Null, _) | (_, Value::Null) => {}
        (a, b) => assert_eq!(
            std::mem::discriminant(a),
            std::mem::discriminant(b),
            "ours {a} Quay {b}"
        ),
    }
}

async fn org(h: &Harness, name: &str) -> i64 {
    let name = name.to_string();
    h.state
        .store
        .write(move |tx| {
            namespace::insert(
                tx,
                &name,
                "org",
                Some(&format!("{name}@example.com")),
                None,
                None,
            )
        })
        .await
        .unwrap()
}

async fn exists(h: &Harness, name: &str) -> bool {
    let name = name.to_string();
    h.state
        .store
        .read(move |tx| namespace::by_name(tx, &name))
        .await
        .unwrap()
        .is_some()
}

/// The audit log's entries (first page), newest first, their metadata without the request's
/// OAuth token keys (`logs::entries_name_the_oauth_token_of_the_request` checks those).
async fn logs(h: &Harness) -> Vec<Value> {
    let mut entries = h
        .get("/api/v1/superuser/logs", Some(&h.admin))
        .await
        .expect(200)
        .body["logs"]
        .as_array()
        .unwrap()
        .clone();
    for e in &mut entries {
        e["metadata"] = without_token(&e["metadata"]);
    }
    entries
}

fn auditor_config() -> Config {
    Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Default::default()
    }
}

const RO_PATHS: &[&str] = &[
    "/api/v1/superuser/users/",
    "/api/v1/superuser/organizations/",
    "/api/v1/superuser/logs",
    "/api/v1/superuser/keys",
    "/api/v1/superuser/registrysize/",
    "/api/v1/superuser/users/quayadmin/quota",
    "/api/v1/superuser/organization/quayadmin/quota",
];

#[tokio::test]
async fn reads_follow_su_read() {
    let h = Harness::with_config(auditor_config()).await;
    let bob = h.user("bob", ALL).await;
    let admin_no_su = h.admin_with("user:read org:admin repo:admin").await;
    let auditor = h.user("auditor", "user:read").await;
    for path in RO_PATHS {
        h.get(path, None).await.api_error(401, "invalid_token");
        h.get(path, Some("bogus"))
            .await
            .api_error(401, "invalid_token");
        h.get(path, Some(&bob))
            .await
            .api_error(403, "insufficient_scope");
        h.get(path, Some(&admin_no_su))
            .await
            .api_error(403, "insufficient_scope");
        h.get(path, Some(&auditor)).await.expect(200);
        h.get(path, Some(&h.admin)).await.expect(200);
    }
    // The recorded refusals.
    let ans = h.get("/api/v1/superuser/users/", Some(&bob)).await;
    assert_eq!(
        ans.body["detail"],
        fixture("listAllUsers", Some("user2")).body()["detail"]
    );
}

trait Check {
    fn assert_text(self, text: &str);
    fn assert_body(self, body: Value);
}

impl Check for Answer {
    #[track_caller]
    fn assert_text(self, text: &str) {
        assert_eq!(self.text(), text, "{self:?}");
    }

    #[track_caller]
    fn assert_body(self, body: Value) {
        assert_eq!(self.body, body, "{self:?}");
    }
}

trait FixtureBody {
    fn body(&self) -> &Value;
}

impl FixtureBody for Value {
    fn body(&self) -> &Value {
        &self["body"]
    }
}

#[tokio::test]
async fn writes_follow_su_write() {
    let h = Harness::with_config(auditor_config()).await;
    let bob = h.user("bob", ALL).await;
    let auditor = h.user("auditor", ALL).await;
    let admin_no_su = h.admin_with("user:admin org:admin repo:admin").await;
    org(&h, "acme").await;
    let writes: Vec<(Method, &str, Option<Value>)> = vec![
        (
            Method::POST,
            "/api/v1/superuser/users/",
            Some(json!({"username": "carol", "email": "c@example.com"})),
        ),
        (Method::DELETE, "/api/v1/superuser/users/bob", None),
        (
            Method::PUT,
            "/api/v1/superuser/organizations/acme",
            Some(json!({})),
        ),
        (Method::DELETE, "/api/v1/superuser/organizations/acme", None),
        (
            Method::POST,
            "/api/v1/superuser/keys",
            Some(json!({"service": "svc", "expiration": null})),
        ),
        (
            Method::PUT,
            "/api/v1/superuser/keys/somekid",
            Some(json!({})),
        ),
        (Method::DELETE, "/api/v1/superuser/keys/somekid", None),
        (
            Method::POST,
            "/api/v1/superuser/approvedkeys/somekid",
            Some(json!({})),
        ),
        (Method::POST, "/api/v1/superuser/registrysize/", None),
        (
            Method::POST,
            "/api/v1/superuser/users/acme/quota",
            Some(json!({"limit_bytes": 1000})),
        ),
        (
            Method::PUT,
            "/api/v1/superuser/organization/acme/quota/1",
            Some(json!({})),
        ),
        (
            Method::DELETE,
            "/api/v1/superuser/organization/acme/quota/1",
            None,
        ),
    ];
    for (method, path, body) in &writes {
        h.call(method.clone(), path, None, body.clone())
            .await
            .csrf();
        h.call(method.clone(), path, Some("bogus"), body.clone())
            .await
            .csrf();
        for token in [&bob, &auditor, &admin_no_su] {
            h.call(method.clone(), path, Some(token), body.clone())
                .await
                .api_error(403, "insufficient_scope");
        }
    }
    // Nothing changed.
    assert!(exists(&h, "bob").await && exists(&h, "acme").await && !exists(&h, "carol").await);
    let size = h
        .get("/api/v1/superuser/registrysize/", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(size.body["queued"], false);
}

#[tokio::test]
async fn superuser_rights_do_not_need_full_access() {
    for full in [false, true] {
        let h = Harness::with_config(Config {
            FEATURE_SUPERUSERS_FULL_ACCESS: full,
            ..Default::default()
        })
        .await;
        let su_only = h.admin_with("super:user").await;
        h.get("/api/v1/superuser/users/", Some(&su_only))
            .await
            .expect(200);
        h.post(
            "/api/v1/superuser/users/",
            Some(&su_only),
            json!({"username": "carol", "email": "carol@example.com"}),
        )
        .await
        .expect(200);
    }
}

#[tokio::test]
async fn superuser_area_is_gated_by_feature_flags() {
    let h = Harness::with_config(Config {
        FEATURE_SUPER_USERS: false,
        ..Default::default()
    })
    .await;
    let ans = h.get("/api/v1/superuser/users/", Some(&h.admin)).await;
    assert_eq!(ans.status, 404);
    assert!(ans.content_type.starts_with("text/html"));
    let h = Harness::with_config(Config {
        FEATURE_QUOTA_MANAGEMENT: false,
        ..Default::default()
    })
    .await;
    let ans = h
        .get("/api/v1/superuser/users/quayadmin/quota", Some(&h.admin))
        .await;
    assert_eq!(ans.status, 404);
    assert!(ans.content_type.starts_with("text/html"));
    // Quota fields disappear from the panel's views too.
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    assert!(users.body["users"][0].get("quotas").is_none());
    assert!(users.body["users"][0].get("quota_report").is_none());
}

#[tokio::test]
async fn read_only_registry_refuses_superuser_writes() {
    let h = Harness::with_config(Config {
        REGISTRY_STATE: "readonly".into(),
        ..Default::default()
    })
    .await;
    let ans = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol", "email": "c@example.com"}),
        )
        .await
        .expect(503);
    assert_eq!(ans.body["is_readonly"], true);
    h.get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
}

mod builds;
mod logs;
mod organizations;
mod quotas;
mod registry_size;
mod service_keys;
mod users;

#[allow(unused_imports)]
use builds::*;
#[allow(unused_imports)]
use logs::*;
#[allow(unused_imports)]
use organizations::*;
#[allow(unused_imports)]
use quotas::*;
#[allow(unused_imports)]
use registry_size::*;
#[allow(unused_imports)]
use service_keys::*;
#[allow(unused_imports)]
use users::*;
