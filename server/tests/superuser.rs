//! The `superuser` tag through HTTP: users, organizations, the audit log, service keys,
//! namespace quotas, builds and the registry size, with Quay's rights (SU-read / SU-write),
//! statuses and bodies, compared with the recorded fixtures.

mod common;

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

/// The audit log's entries (first page), newest first.
async fn logs(h: &Harness) -> Vec<Value> {
    h.get("/api/v1/superuser/logs", Some(&h.admin))
        .await
        .expect(200)
        .body["logs"]
        .as_array()
        .unwrap()
        .clone()
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

// ------------------------------------------------------------------------------------ users

#[tokio::test]
async fn list_all_users() {
    let h = Harness::new().await;
    h.user("bob", ALL).await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    let ans = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    same_shape(&ans.body, fixture("listAllUsers", Some("ok")).body());
    let names: Vec<&str> = ans.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["quayadmin", "bob"]);
    let admin = &ans.body["users"][0];
    assert_eq!(admin["super_user"], true);
    assert_eq!(admin["username"], "quayadmin");
    assert_eq!(admin["kind"], "user");
    assert_eq!(
        admin["avatar"],
        fixture("listAllUsers", Some("ok")).body()["users"][0]["avatar"]
    );
    assert_eq!(ans.body["users"][1]["super_user"], false);
    assert!(ans.body.get("next_page").is_none());
}

#[tokio::test]
async fn list_all_users_pages_and_filters() {
    let h = Harness::new().await;
    for name in ["u1", "u2", "u3", "u4"] {
        h.user(name, ALL).await;
    }
    let first = h
        .get("/api/v1/superuser/users/?limit=2", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(first.body["users"].as_array().unwrap().len(), 2);
    let token = first.body["next_page"].as_str().unwrap().to_string();
    let second = h
        .get(
            &format!("/api/v1/superuser/users/?limit=2&next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(second.body["users"][0]["name"], "u2");
    assert_eq!(second.body["users"][1]["name"], "u3");
    let token = second.body["next_page"].as_str().unwrap().to_string();
    let last = h
        .get(
            &format!("/api/v1/superuser/users/?limit=2&next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(last.body["users"].as_array().unwrap().len(), 1);
    assert!(last.body.get("next_page").is_none());
    // A bad token restarts at the first page; next_page alone does not page.
    let again = h
        .get(
            "/api/v1/superuser/users/?limit=2&next_page=garbage",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(again.body["users"][0]["name"], "quayadmin");
    let all = h
        .get(
            &format!("/api/v1/superuser/users/?next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(all.body["users"].as_array().unwrap().len(), 5);

    // Disabled users are listed unless disabled=false (truthy_bool).
    h.state
        .store
        .write(|tx| {
            tx.execute("UPDATE namespace SET enabled = 0 WHERE name = 'u1'", [])?;
            Ok(())
        })
        .await
        .unwrap();
    for (query, count) in [
        ("", 5),
        ("?disabled=true", 5),
        ("?disabled=yes", 5),
        ("?disabled=false", 4),
        ("?disabled=0", 4),
        ("?disabled=", 4),
    ] {
        let ans = h
            .get(&format!("/api/v1/superuser/users/{query}"), Some(&h.admin))
            .await
            .expect(200);
        assert_eq!(
            ans.body["users"].as_array().unwrap().len(),
            count,
            "{query}"
        );
    }
}

#[tokio::test]
async fn list_all_users_refusals() {
    let h = Harness::new().await;
    let ans = h
        .get("/api/v1/superuser/users/?limit=101", Some(&h.admin))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("listAllUsers", Some("limit101")).body()["detail"]
    );
    let ans = h
        .get("/api/v1/superuser/users/?limit=ten", Some(&h.admin))
        .await
        .message_error(400, None);
    assert_eq!(
        ans.body["message"],
        json!({"limit": "Limit to the number of results to return per page. Max 100."})
    );
    let ans = h
        .get("/api/v1/superuser/users", Some(&h.admin))
        .await
        .expect(308);
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/superuser/users/")
    );
    // limit below 1 is not refused.
    h.get("/api/v1/superuser/users/?limit=0", Some(&h.admin))
        .await
        .expect(200);
}

#[tokio::test]
async fn create_install_user() {
    let h = Harness::new().await;
    let ans = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol", "email": "carol@example.com"}),
        )
        .await
        .expect(200);
    same_shape(
        &ans.body,
        fixture("createInstallUser", Some("create")).body(),
    );
    assert_eq!(ans.body["username"], "carol");
    assert_eq!(ans.body["email"], "carol@example.com");
    let password = ans.body["password"].as_str().unwrap();
    assert_eq!(password.len(), 32);
    assert!(
        password
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert!(!ans.body["encrypted_password"].as_str().unwrap().is_empty());
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    let carol = &users.body["users"][1];
    assert_eq!(carol["name"], "carol");
    // With FEATURE_MAILING on, the user awaits e-mail confirmation.
    assert_eq!(carol["verified"], false);
    let log = &logs(&h).await[0];
    assert_eq!(log["kind"], "user_create");
    assert_eq!(
        log["metadata"],
        json!({"email": "carol@example.com", "username": "carol", "superuser": "quayadmin"})
    );
    assert_eq!(log["performer"]["name"], "quayadmin");
    assert_eq!(log["namespace"]["name"], "carol");

    // Duplicates.
    let dup = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol", "email": "carol-b@example.com"}),
        )
        .await
        .message_error(
            400,
            Some("Username has already been taken by user cannot be reused: carol"),
        );
    same_shape(
        &dup.body,
        fixture("createInstallUser", Some("duplicate")).body(),
    );
    org(&h, "acme").await;
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "acme", "email": "x@example.com"}),
    )
    .await
    .message_error(
        400,
        Some("Username has already been taken by an organization and cannot be reused: acme"),
    );
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave", "email": "carol@example.com"}),
    )
    .await
    .message_error(400, Some("Email has already been used: carol@example.com"));
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave"}),
    )
    .await
    .message_error(400, Some("Invalid email address: None"));
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave", "email": "not-an-email"}),
    )
    .await
    .message_error(400, Some("Invalid email address: not-an-email"));
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "Dave!", "email": "dave@example.com"}),
    )
    .await
    .message_error(
        400,
        Some(
            "Invalid namespace Dave!: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
        ),
    );
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "d", "email": "dave@example.com"}),
    )
    .await
    .message_error(
        400,
        Some("Invalid namespace d: Namespace must be between 2 and 255 characters in length"),
    );
    assert!(!exists(&h, "dave").await);
}

#[tokio::test]
async fn create_install_user_without_mailing() {
    let h = Harness::with_config(Config {
        FEATURE_MAILING: false,
        ..Default::default()
    })
    .await;
    let ans = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol"}),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["email"], Value::Null);
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave", "email": "not-an-email"}),
    )
    .await
    .expect(200);
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    let carol = &users.body["users"][1];
    assert_eq!(carol["verified"], true);
    // A generated placeholder, as Quay stores.
    assert_eq!(carol["email"].as_str().unwrap().len(), 36);
    assert_eq!(users.body["users"][2]["email"], "not-an-email");
    let dup = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "erin", "email": "not-an-email"}),
        )
        .await
        .message_error(400, None);
    assert!(dup.text().contains("unique constraint"), "{dup:?}");
}

#[tokio::test]
async fn create_install_user_bodies() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/users/";
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"email": "someone@example.com"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "'username' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Data for creating a user',\n     'id': 'CreateInstallUser',\n     'properties': {'email': {'description': 'The email address of the '\n                                             'user being created',\n                              'type': 'string'},\n                    'username': {'description': 'The username of the user '\n                                                'being created',\n                                 'type': 'string'}},\n     'required': ['username']}\n\nOn instance:\n    {'email': 'someone@example.com'}"
    );
    // The body is checked before the caller's rights.
    h.post(path, Some(&bob), json!({"username": 5}))
        .await
        .api_error(400, "invalid_request");
    let ans = h
        .call_raw(
            Method::POST,
            path,
            Some(&h.admin),
            "text/plain",
            "username=x",
        )
        .await;
    same_shape(
        &ans.clone().expect(415).body,
        fixture("createInstallUser", Some("wrong_content_type")).body(),
    );
    h.call_raw(
        Method::POST,
        path,
        Some(&h.admin),
        "application/json",
        "{nope",
    )
    .await
    .message_error(
        400,
        Some("The browser (or proxy) sent a request that this server could not understand."),
    );
    let ans = h
        .call_raw(
            Method::POST,
            path,
            Some(&h.admin),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Missing JSON body");
    h.call_raw(
        Method::POST,
        path,
        Some(&h.admin),
        "application/json",
        "[1]",
    )
    .await
    .api_error(400, "invalid_request");
    let ans = h
        .post(path, Some(&h.admin), json!({"username": "carol"}))
        .await;
    assert_eq!(ans.status, 400);
    let ans = h
        .post(
            "/api/v1/superuser/users",
            Some(&h.admin),
            json!({"username": "carol", "email": "carol@example.com"}),
        )
        .await
        .expect(308);
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/superuser/users/")
    );
    assert!(!exists(&h, "carol").await);
}

#[tokio::test]
async fn create_install_user_needs_database_auth() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let state = quay_server::AppState::new(
        h.state.store.clone(),
        Config {
            AUTHENTICATION_TYPE: "LDAP".into(),
            ..Default::default()
        },
    );
    let client = poem::test::TestClient::new(quay_server::app(state));
    for token in [&h.admin, &bob] {
        let resp = client
            .post("/api/v1/superuser/users/")
            .header("authorization", format!("Bearer {token}"))
            .body_json(&json!({"username": "carol", "email": "c@example.com"}))
            .send()
            .await;
        resp.assert_status(poem::http::StatusCode::BAD_REQUEST);
        let text = resp.0.into_body().into_string().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body["detail"],
            "Cannot create a user in a non-database auth system"
        );
    }
}

#[tokio::test]
async fn delete_install_user() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    org(&h, "acme").await;
    h.get("/api/v1/user/", Some(&bob)).await.expect(200);
    let ans = h
        .delete("/api/v1/superuser/users/bob", Some(&h.admin))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert!(!exists(&h, "bob").await);
    // The user's tokens die with it.
    h.get("/api/v1/user/", Some(&bob))
        .await
        .api_error(401, "invalid_token");
    let ans = h
        .delete("/api/v1/superuser/users/bob", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    assert_eq!(
        ans.body["detail"],
        fixture("deleteInstallUser", Some("unknown")).body()["detail"]
    );
    h.delete("/api/v1/superuser/users/acme", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let ans = h
        .delete("/api/v1/superuser/users/quayadmin", Some(&h.admin))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Cannot delete a superuser");
    // The log keeps the deleted user's name.
    let log = &logs(&h).await[0];
    assert_eq!(log["kind"], "user_delete");
    assert_eq!(log["metadata"], json!({"username": "bob"}));
    assert_eq!(log["namespace"]["name"], "bob");
    assert_eq!(log["namespace"]["kind"], "user");
}

// ------------------------------------------------------------------------------------- logs

#[tokio::test]
async fn list_all_logs() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    h.put(
        "/api/v1/superuser/organizations/acme",
        Some(&h.admin),
        Some(json!({"name": "acme2"})),
    )
    .await
    .expect(200);
    let ans = h
        .get("/api/v1/superuser/logs", Some(&h.admin))
        .await
        .expect(200);
    let recorded = fixture("listAllLogs", Some("ok"));
    assert_eq!(keys(&ans.body), {
        let mut k = keys(recorded.body());
        k.remove("next_page");
        k
    });
    let entry = &ans.body["logs"][0];
    let theirs = recorded.body()["logs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "org_change_name")
        .unwrap();
    same_shape(entry, theirs);
    assert_eq!(entry["namespace"]["name"], "acme2");
    assert_eq!(entry["namespace"]["kind"], "org");
    assert_eq!(entry["performer"]["is_robot"], false);
    assert_eq!(entry["ip"], "127.0.0.1");
    let date = entry["datetime"].as_str().unwrap();
    assert!(date.ends_with(" -0000"), "{date}");
    assert!(
        chrono::DateTime::parse_from_rfc2822(&date.replace("-0000", "+0000")).is_ok(),
        "{date}"
    );
    // The oldest entry is initializeUser's.
    let all = ans.body["logs"].as_array().unwrap();
    assert_eq!(all.last().unwrap()["kind"], "user_create");
}

#[tokio::test]
async fn list_all_logs_pages_and_ranges() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    for i in 0..25 {
        h.put(
            "/api/v1/superuser/organizations/acme",
            Some(&h.admin),
            Some(json!({"name": format!("acme{i}")})),
        )
        .await
        .expect(200);
        h.put(
            &format!("/api/v1/superuser/organizations/acme{i}"),
            Some(&h.admin),
            Some(json!({"name": "acme"})),
        )
        .await
        .expect(200);
    }
    // 1 + 50 entries: pages of 20.
    let first = h
        .get("/api/v1/superuser/logs", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(first.body["logs"].as_array().unwrap().len(), 20);
    assert_eq!(first.body["logs"][0]["metadata"]["new_name"], json!("acme"));
    let mut seen = 20;
    let mut token = first.body["next_page"].as_str().unwrap().to_string();
    loop {
        let page = h
            .get(
                &format!("/api/v1/superuser/logs?next_page={token}"),
                Some(&h.admin),
            )
            .await
            .expect(200);
        seen += page.body["logs"].as_array().unwrap().len();
        match page.body.get("next_page") {
            Some(t) => token = t.as_str().unwrap().to_string(),
            None => break,
        }
    }
    assert_eq!(seen, 51);

    // Days are MM/DD/YYYY (UTC); the end day is inclusive.
    let today = chrono::Utc::now().format("%m/%d/%Y").to_string();
    let ans = h
        .get(
            &format!("/api/v1/superuser/logs?starttime={today}&endtime={today}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["logs"].as_array().unwrap().len(), 20);
    let start = chrono::Utc::now().date_naive();
    assert_eq!(
        ans.body["start_time"],
        format!("{} 00:00:00 -0000", start.format("%a, %d %b %Y"))
    );
    let ans = h
        .get(
            "/api/v1/superuser/logs?starttime=01/01/2001&endtime=01/02/2001",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["logs"], json!([]));
    assert_eq!(ans.body["start_time"], "Mon, 01 Jan 2001 00:00:00 -0000");
    assert_eq!(ans.body["end_time"], "Wed, 03 Jan 2001 00:00:00 -0000");
    assert!(ans.body.get("next_page").is_none());
    // Unparsable days fall back to the defaults; `page` is ignored but must be an integer.
    let ans = h
        .get(
            "/api/v1/superuser/logs?starttime=yesterday&page=7",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["logs"].as_array().unwrap().len(), 20);
    h.get("/api/v1/superuser/logs?page=two", Some(&h.admin))
        .await
        .message_error(400, None)
        .body["message"]
        .as_object()
        .unwrap()
        .get("page")
        .unwrap();
    let ans = h.get("/api/v1/superuser/logs/", Some(&h.admin)).await;
    assert_eq!(ans.status, 404);
}

#[tokio::test]
async fn logs_of_other_areas_and_robots_show_up() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    h.state
        .store
        .write(|tx| {
            let acme = namespace::by_name(tx, "acme")?.unwrap();
            let bot = namespace::by_name(tx, "acme+bot")?.unwrap();
            namespace::log(
                tx,
                "push_repo",
                Some(bot.id),
                Some(acme.id),
                json!({"repo": "web"}),
            )?;
            namespace::log(tx, "build_dockerfile", None, Some(acme.id), json!({}))?;
            namespace::log(tx, "something", None, None, json!({}))
        })
        .await
        .unwrap();
    let entries = logs(&h).await;
    assert!(entries[0].get("performer").is_none() && entries[0].get("namespace").is_none());
    assert!(entries[1].get("performer").is_none());
    assert_eq!(entries[1]["namespace"]["name"], "acme");
    assert_eq!(entries[2]["performer"]["is_robot"], true);
    assert_eq!(entries[2]["performer"]["kind"], "user");
    assert_eq!(entries[2]["performer"]["avatar"]["kind"], "robot");
    assert_eq!(entries[2]["performer"]["name"], "acme+bot");
    // After the organization is deleted, its entries keep the names.
    h.delete("/api/v1/superuser/organizations/acme", Some(&h.admin))
        .await
        .expect(204);
    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "org_delete");
    assert_eq!(entries[0]["namespace"]["name"], "acme");
    assert_eq!(entries[3]["performer"]["name"], "acme+bot");
    assert_eq!(entries[3]["namespace"]["name"], "acme");
}

// ---------------------------------------------------------------------------- organizations

#[tokio::test]
async fn list_all_organizations() {
    let h = Harness::new().await;
    for name in ["acme", "beta", "gamma"] {
        org(&h, name).await;
    }
    h.user("bob", ALL).await;
    let ans = h
        .get("/api/v1/superuser/organizations/", Some(&h.admin))
        .await
        .expect(200);
    same_shape(
        &ans.body,
        fixture("listAllOrganizations", Some("ok")).body(),
    );
    let names: Vec<&str> = ans.body["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme", "beta", "gamma"]);
    assert_eq!(ans.body["organizations"][0]["avatar"]["kind"], "org");
    assert_eq!(ans.body["organizations"][0]["email"], "acme@example.com");
    let page = h
        .get("/api/v1/superuser/organizations/?limit=2", Some(&h.admin))
        .await
        .expect(200);
    let token = page.body["next_page"].as_str().unwrap().to_string();
    let next = h
        .get(
            &format!("/api/v1/superuser/organizations/?limit=2&next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(next.body["organizations"][0]["name"], "gamma");
    assert!(next.body.get("next_page").is_none());
    let ans = h
        .get("/api/v1/superuser/organizations/?limit=101", Some(&h.admin))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Page limit cannot be above 100");
    h.get("/api/v1/superuser/organizations/?limit=x", Some(&h.admin))
        .await
        .message_error(400, None);
    h.get("/api/v1/superuser/organizations", Some(&h.admin))
        .await
        .expect(308);
}

#[tokio::test]
async fn change_organization() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    let noop = h
        .put(
            "/api/v1/superuser/organizations/acme",
            Some(&h.admin),
            Some(json!({})),
        )
        .await
        .expect(200);
    same_shape(
        &noop.body,
        fixture("changeOrganization", Some("noop")).body(),
    );
    assert_eq!(noop.body["name"], "acme");
    let log = &logs(&h).await[0];
    assert_eq!(
        log["metadata"],
        json!({"old_name": "acme", "new_name": null, "superuser": "quayadmin"})
    );
    let renamed = h
        .put(
            "/api/v1/superuser/organizations/acme",
            Some(&h.admin),
            Some(json!({"name": "acme-corp", "email": "ignored@example.com"})),
        )
        .await
        .expect(200);
    assert_eq!(renamed.body["name"], "acme-corp");
    assert_eq!(renamed.body["email"], "acme@example.com");
    assert!(exists(&h, "acme-corp+bot").await && !exists(&h, "acme+bot").await);
    assert!(!exists(&h, "acme").await);
    // The old name is gone.
    h.put(
        "/api/v1/superuser/organizations/acme",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .message_error(400, Some("Organization does not exist: acme"));
    h.put(
        "/api/v1/superuser/organizations/bob",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .message_error(400, Some("Organization does not exist: bob"));
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&h.admin),
        Some(json!({"name": "Bad Name!"})),
    )
    .await
    .message_error(
        400,
        Some(
            "Invalid username Bad Name!: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
        ),
    );
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&h.admin),
        Some(json!({"name": "bob"})),
    )
    .await
    .message_error(400, None);
    assert!(exists(&h, "acme-corp").await && exists(&h, "acme-corp+bot").await);
    let wrong = h
        .put(
            "/api/v1/superuser/organizations/acme-corp",
            Some(&h.admin),
            Some(json!({"name": 5})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        wrong.body["detail"],
        fixture("changeOrganization", Some("wrong_type")).body()["detail"]
    );
    // Body before rights.
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&bob),
        Some(json!({"name": 5})),
    )
    .await
    .api_error(400, "invalid_request");
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&bob),
        Some(json!({})),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.call_raw(
        Method::PUT,
        "/api/v1/superuser/organizations/acme-corp",
        Some(&h.admin),
        "text/plain",
        "{}",
    )
    .await
    .expect(415);
}

#[tokio::test]
async fn delete_organization() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    h.post(
        "/api/v1/superuser/organization/acme/quota",
        Some(&h.admin),
        json!({"limit_bytes": 1000}),
    )
    .await
    .expect(201);
    let ans = h
        .delete("/api/v1/superuser/organizations/acme", Some(&h.admin))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert!(!exists(&h, "acme").await && !exists(&h, "acme+bot").await);
    let again = h
        .delete("/api/v1/superuser/organizations/acme", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &again.body,
        fixture("deleteOrganization", Some("again")).body(),
    );
    // A user is not an organization.
    h.delete("/api/v1/superuser/organizations/quayadmin", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let log = &logs(&h).await[0];
    assert_eq!(log["kind"], "org_delete");
    assert_eq!(log["metadata"], json!({"namespace": "acme"}));
    // The name can be used again.
    org(&h, "acme").await;
}

// ------------------------------------------------------------------------------ service keys

fn thumbprint(jwk: &Value) -> String {
    let input = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        jwk["e"].as_str().unwrap(),
        jwk["n"].as_str().unwrap()
    );
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(input.as_bytes()))
}

const HTTP_DATE: fn(&str) -> bool =
    |d| chrono::NaiveDateTime::parse_from_str(d, "%a, %d %b %Y %H:%M:%S GMT").is_ok();

#[tokio::test]
async fn service_key_lifecycle() {
    let h = Harness::with_config(auditor_config()).await;
    let auditor = h.user("auditor", "user:read").await;
    let created = h
        .post(
            "/api/v1/superuser/keys",
            Some(&h.admin),
            json!({"service": "my_service", "expiration": null, "name": "main key",
                   "metadata": {"purpose": "tests", "creator": "spoofed"}, "notes": "by the tests"}),
        )
        .await
        .expect(200);
    same_shape(
        &created.body,
        fixture("createServiceKey", Some("ok")).body(),
    );
    let kid = created.body["kid"].as_str().unwrap().to_string();
    assert_eq!(kid.len(), 43);
    assert!(
        created.body["private_key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    assert!(
        created.body["public_key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----\n")
    );
    assert_eq!(created.body["name"], "main key");
    assert_eq!(created.body["service"], "my_service");

    let key = h
        .get(&format!("/api/v1/superuser/keys/{kid}"), Some(&auditor))
        .await
        .expect(200);
    same_shape(&key.body, fixture("getServiceKey", Some("ok")).body());
    assert_eq!(key.body["kid"], kid.as_str());
    assert_eq!(key.body["jwk"]["kid"], kid.as_str());
    assert_eq!(key.body["jwk"]["kty"], "RSA");
    assert_eq!(key.body["jwk"]["e"], "AQAB");
    assert_eq!(thumbprint(&key.body["jwk"]), kid);
    assert_eq!(
        keys(&key.body["jwk"]),
        keys(&json!({"e": 1, "kid": 1, "kty": 1, "n": 1}))
    );
    assert_eq!(
        key.body["metadata"],
        json!({"purpose": "tests", "created_by": "Quay Superuser Panel",
               "creator": "quayadmin", "ip": "127.0.0.1"})
    );
    assert!(HTTP_DATE(key.body["created_date"].as_str().unwrap()));
    assert_eq!(key.body["expiration_date"], Value::Null);
    assert_eq!(key.body["rotation_duration"], Value::Null);
    let approval = &key.body["approval"];
    assert_eq!(
        approval["approval_type"],
        "ServiceKeyApprovalType.SUPERUSER"
    );
    assert_eq!(approval["notes"], "by the tests");
    assert_eq!(approval["approver"]["name"], "quayadmin");
    assert!(HTTP_DATE(approval["approved_date"].as_str().unwrap()));

    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "service_key_approve");
    assert_eq!(entries[1]["kind"], "service_key_create");
    assert_eq!(
        entries[1]["metadata"],
        json!({"kid": kid, "preshared": true, "service": "my_service", "name": "main key",
               "expiration_date": null, "auto_approved": true})
    );
    assert_eq!(entries[1]["namespace"]["name"], "quayadmin");

    let list = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body["keys"].as_array().unwrap().len(), 1);
    same_shape(&list.body["keys"][0], &key.body);

    // Update: name, merged metadata, expiration set and removed.
    let in_a_day = chrono::Utc::now().timestamp() + 86_400;
    let updated = h
        .put(
            &format!("/api/v1/superuser/keys/{kid}"),
            Some(&h.admin),
            Some(json!({"name": "renamed key", "metadata": {"extra": "yes"}, "expiration": in_a_day})),
        )
        .await
        .expect(200);
    same_shape(
        &updated.body,
        fixture("updateServiceKey", Some("ok")).body(),
    );
    assert_eq!(updated.body["name"], "renamed key");
    assert_eq!(updated.body["metadata"]["extra"], "yes");
    assert_eq!(updated.body["metadata"]["purpose"], "tests");
    let expected = chrono::DateTime::from_timestamp(in_a_day, 0).unwrap();
    assert_eq!(
        updated.body["expiration_date"],
        expected.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    );
    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "service_key_modify");
    assert_eq!(entries[1]["kind"], "service_key_extend");
    assert_eq!(entries[1]["metadata"]["expiration_date"], json!(in_a_day));
    assert_eq!(entries[1]["metadata"]["old_expiration_date"], Value::Null);
    let cleared = h
        .put(
            &format!("/api/v1/superuser/keys/{kid}"),
            Some(&h.admin),
            Some(json!({"expiration": null})),
        )
        .await
        .expect(200);
    assert_eq!(cleared.body["expiration_date"], Value::Null);
    assert_eq!(cleared.body["name"], "renamed key");
    let same = h
        .put(
            &format!("/api/v1/superuser/keys/{kid}"),
            Some(&h.admin),
            Some(json!({})),
        )
        .await
        .expect(200);
    assert_eq!(same.body, cleared.body);

    // Approving an approved key changes nothing.
    let ans = h
        .post(
            &format!("/api/v1/superuser/approvedkeys/{kid}"),
            Some(&h.admin),
            json!({"notes": "approved again"}),
        )
        .await
        .expect(201);
    assert_eq!(ans.body, json!(""));
    assert!(ans.content_type.starts_with("text/html"));
    let after = h
        .get(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(after.body["approval"]["notes"], "by the tests");

    // Delete.
    h.delete(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .expect(204);
    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "service_key_delete");
    assert!(entries[0]["metadata"]["created_date"].is_i64());
    let again = h
        .delete(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &again.body,
        fixture("deleteServiceKey", Some("again")).body(),
    );
    h.get(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let list = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body, json!({"keys": []}));
}

#[tokio::test]
async fn service_key_refusals() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/keys";
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"service": "svc", "expiration": 1000}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("createServiceKey", Some("past_expiration")).body()["detail"]
    );
    h.post(
        path,
        Some(&h.admin),
        json!({"service": "svc", "expiration": null, "name": "bad!name"}),
    )
    .await
    .api_error(400, "invalid_request")
    .assert_text("Invalid service key friendly name: bad!name");
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"service": "svc", "expiration": 1.0e12}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with("Invalid expiration date: year "),
        "{ans:?}"
    );
    h.post(
        path,
        Some(&h.admin),
        json!({"service": "Bad-Service", "expiration": null}),
    )
    .await
    .message_error(400, Some(""));
    let ans = h
        .post(path, Some(&h.admin), json!({"service": "svc"}))
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with(
        "'expiration' is a required property\n\nFailed validating 'required' in schema:\n"
    ));
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"service": "svc", "expiration": "tomorrow"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with("'tomorrow' is not of type 'number'"),
        "{ans:?}"
    );
    // Body before rights: a non-superuser with a bad body gets 400, with a good one 403.
    h.post(path, Some(&bob), json!({"service": "svc"}))
        .await
        .api_error(400, "invalid_request");
    let ans = h
        .post(
            path,
            Some(&bob),
            json!({"service": "svc", "expiration": null}),
        )
        .await
        .api_error(403, "insufficient_scope");
    same_shape(&ans.body, fixture("createServiceKey", Some("user2")).body());
    // Nothing was stored.
    let list = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(list.body, json!({"keys": []}));

    // Unknown kids.
    h.put(
        "/api/v1/superuser/keys/nosuchkid",
        Some(&h.admin),
        Some(json!({"name": "x"})),
    )
    .await
    .api_error(404, "not_found");
    h.post(
        "/api/v1/superuser/approvedkeys/nosuchkid",
        Some(&h.admin),
        json!({}),
    )
    .await
    .api_error(404, "not_found");
    let ans = h
        .post(
            "/api/v1/superuser/approvedkeys/nosuchkid",
            Some(&h.admin),
            json!({"notes": 5}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("approveServiceKey", Some("wrong_type")).body()["detail"]
    );
    h.call(
        Method::POST,
        "/api/v1/superuser/approvedkeys/nosuchkid",
        Some(&h.admin),
        None,
    )
    .await
    .message_error(415, None);
    h.get("/api/v1/superuser/keys/", Some(&h.admin))
        .await
        .expect(404);
}

#[tokio::test]
async fn update_service_key_refusals_and_quirks() {
    let h = Harness::new().await;
    let created = h
        .post(
            "/api/v1/superuser/keys",
            Some(&h.admin),
            json!({"service": "svc", "expiration": null, "name": "k"}),
        )
        .await
        .expect(200);
    let kid = created.body["kid"].as_str().unwrap();
    let path = format!("/api/v1/superuser/keys/{kid}");
    let ans = h
        .put(&path, Some(&h.admin), Some(json!({"expiration": 1000})))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("updateServiceKey", Some("past_expiration")).body()["detail"]
    );
    h.put(&path, Some(&h.admin), Some(json!({"name": "bad!name"})))
        .await
        .api_error(400, "invalid_request");
    h.put(&path, Some(&h.admin), Some(json!({"metadata": "x"})))
        .await
        .api_error(400, "invalid_request");
    let key = h.get(&path, Some(&h.admin)).await.expect(200);
    assert_eq!(key.body["name"], "k");
    assert_eq!(key.body["expiration_date"], Value::Null);
    // Quay writes the expiration before checking the name (400, expiration changed: a Quay
    // defect); this server refuses the whole request and changes nothing.
    let in_a_day = chrono::Utc::now().timestamp() + 86_400;
    h.put(
        &path,
        Some(&h.admin),
        Some(json!({"expiration": in_a_day, "name": "bad!name"})),
    )
    .await
    .api_error(400, "invalid_request");
    let key = h.get(&path, Some(&h.admin)).await.expect(200);
    assert_eq!(key.body["name"], "k");
    assert_eq!(key.body["expiration_date"], Value::Null);
}

#[tokio::test]
async fn keys_awaiting_approval_can_be_approved() {
    let h = Harness::new().await;
    h.state
        .store
        .write(|tx| {
            tx.execute(
                "INSERT INTO service_key (kid, name, service, jwk, metadata, created_at)
                 VALUES ('pending', 'p', 'quay', '{\"kty\":\"RSA\",\"kid\":\"pending\",\"n\":\"AA\",\"e\":\"AQAB\"}',
                         '{\"created_by\":\"CLI tool\"}', ?1)",
                [quay_server::time::now_db()],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let key = h
        .get("/api/v1/superuser/keys/pending", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(key.body["approval"], Value::Null);
    h.post(
        "/api/v1/superuser/approvedkeys/pending",
        Some(&h.admin),
        json!({"notes": "ok"}),
    )
    .await
    .expect(201);
    let key = h
        .get("/api/v1/superuser/keys/pending", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(key.body["approval"]["notes"], "ok");
    assert_eq!(
        key.body["approval"]["approval_type"],
        "ServiceKeyApprovalType.SUPERUSER"
    );
    assert_eq!(logs(&h).await[0]["kind"], "service_key_approve");
}

// ------------------------------------------------------------------------------------ quotas

#[tokio::test]
async fn quota_lifecycle() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    h.user("bob", ALL).await;
    let ans = h
        .post(
            "/api/v1/superuser/users/bob/quota",
            Some(&h.admin),
            json!({"limit": "5 GiB"}),
        )
        .await
        .expect(201);
    assert_eq!(ans.body, json!("Created"));
    let list = h
        .get("/api/v1/superuser/users/bob/quota", Some(&h.admin))
        .await
        .expect(200);
    same_shape(
        &list.body,
        fixture("listUserQuotaSuperUser", Some("ok")).body(),
    );
    assert_eq!(list.body[0]["limit_bytes"], 5_368_709_120i64);
    assert_eq!(list.body[0]["limit"], "5.0 GiB");
    assert_eq!(list.body[0]["default_config"], false);
    assert_eq!(list.body[0]["default_config_exists"], false);
    // Either path accepts either kind of namespace.
    let other = h
        .get("/api/v1/superuser/organization/bob/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(other.body, list.body);
    let id = list.body[0]["id"].as_i64().unwrap();

    h.post(
        "/api/v1/superuser/users/acme/quota",
        Some(&h.admin),
        json!({"limit_bytes": 10_737_418_240i64}),
    )
    .await
    .expect(201);
    let dup = h
        .post(
            "/api/v1/superuser/organization/acme/quota",
            Some(&h.admin),
            json!({"limit_bytes": 10_737_418_240i64}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(dup.text(), "Quota for 'acme' already exists");

    // Changes.
    let path = format!("/api/v1/superuser/users/bob/quota/{id}");
    let changed = h
        .put(
            &path,
            Some(&h.admin),
            Some(json!({"limit_bytes": 6_442_450_944i64})),
        )
        .await
        .expect(200);
    same_shape(
        &changed.body,
        fixture("changeUserQuotaSuperUser", Some("ok")).body(),
    );
    assert_eq!(changed.body["limit"], "6.0 GiB");
    let changed = h
        .put(&path, Some(&h.admin), Some(json!({"limit": "2 MB"})))
        .await
        .expect(200);
    // Quay answers the size it parsed from the human-readable form as a float.
    assert_eq!(changed.body["limit_bytes"], json!(2_000_000.0));
    assert_eq!(changed.body["limit"], "1.9 MiB");
    for noop in [
        json!({}),
        json!({"limit_bytes": 0}),
        json!({"limit": "0 GiB"}),
    ] {
        let same = h.put(&path, Some(&h.admin), Some(noop)).await.expect(200);
        assert_eq!(same.body["limit_bytes"], 2_000_000);
    }
    let both = h
        .put(
            &path,
            Some(&h.admin),
            Some(json!({"limit_bytes": 1024, "limit": "1 GiB"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        both.body["detail"],
        fixture("changeUserQuotaSuperUser", Some("both")).body()["detail"]
    );
    h.put(&path, Some(&h.admin), Some(json!({"other": 1})))
        .await
        .api_error(400, "invalid_request");
    h.put(&path, Some(&h.admin), Some(json!({"limit_bytes": -1})))
        .await
        .api_error(400, "invalid_request")
        .assert_text("Invalid quota size limit value: '-1'");
    h.put(&path, Some(&h.admin), Some(json!({"limit": "5 B"})))
        .await
        .api_error(400, "invalid_request")
        .assert_text("Invalid limit format");
    h.put(
        &path,
        Some(&h.admin),
        Some(json!({"limit_bytes": 10_000_000_000_000_000_000u64})),
    )
    .await
    .api_error(400, "invalid_request")
    .assert_text("Unsupported quota size limit.");
    // A quota of another namespace, or no quota at all, is 404.
    h.put(
        &format!("/api/v1/superuser/users/acme/quota/{id}"),
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");
    h.put(
        "/api/v1/superuser/users/bob/quota/999999",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");
    h.put(
        "/api/v1/superuser/users/bob/quota/abc",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");

    // Deletes.
    h.delete(
        &format!("/api/v1/superuser/organization/acme/quota/{id}"),
        Some(&h.admin),
    )
    .await
    .api_error(404, "not_found");
    let ans = h.delete(&path, Some(&h.admin)).await.expect(204);
    assert_eq!(ans.body, json!(""));
    h.delete(&path, Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let list = h
        .get("/api/v1/superuser/users/bob/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body, json!([]));
}

#[tokio::test]
async fn quota_refusals() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/users/bob/quota";
    for (body, text) in [
        (
            json!({"limit_bytes": 0}),
            "Invalid quota size limit value: '0'",
        ),
        (
            json!({"limit_bytes": -5}),
            "Invalid quota size limit value: '-5'",
        ),
        (
            json!({"limit": "0 GiB"}),
            "Invalid quota size limit value: '0.0'",
        ),
        (json!({"limit": "0"}), "Invalid quota size limit value: '0'"),
        (json!({"limit": "5 B"}), "Invalid limit format"),
        (json!({"limit": "100 YiB"}), "Unsupported quota size limit."),
    ] {
        let ans = h
            .post(path, Some(&h.admin), body.clone())
            .await
            .api_error(400, "invalid_request");
        assert_eq!(ans.text(), text, "{body}");
    }
    let ans = h
        .post(path, Some(&h.admin), json!({}))
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text()
            .starts_with("'limit_bytes' is a required property")
    );
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"limit_bytes": 5, "limit": "5 GiB"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().contains(" is valid under each of "), "{ans:?}");
    let ans = h
        .post(path, Some(&h.admin), json!({"limit": "lots"}))
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("'lots' does not match "), "{ans:?}");
    // Body before rights.
    h.post(path, Some(&bob), json!({}))
        .await
        .api_error(400, "invalid_request");
    let ans = h
        .post(path, Some(&bob), json!({"limit": "5 GiB"}))
        .await
        .api_error(403, "insufficient_scope");
    same_shape(
        &ans.body,
        fixture("createUserQuotaSuperUser", Some("user2")).body(),
    );
    // Unknown namespaces: 404 (Quay crashes with 500 on the writes).
    for (method, p, body) in [
        (Method::GET, "/api/v1/superuser/users/ghost/quota", None),
        (
            Method::POST,
            "/api/v1/superuser/organization/ghost/quota",
            Some(json!({"limit_bytes": 5})),
        ),
        (
            Method::PUT,
            "/api/v1/superuser/users/ghost/quota/1",
            Some(json!({})),
        ),
        (
            Method::DELETE,
            "/api/v1/superuser/users/ghost/quota/1",
            None,
        ),
    ] {
        h.call(method, p, Some(&h.admin), body)
            .await
            .api_error(404, "not_found");
    }
    // Robots have no quota.
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    h.get("/api/v1/superuser/users/acme+bot/quota", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let list = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(list.body, json!([]));
}

#[tokio::test]
async fn quotas_show_in_panel_views() {
    let h = Harness::with_config(Config {
        DEFAULT_SYSTEM_REJECT_QUOTA_BYTES: 1000,
        ..Default::default()
    })
    .await;
    org(&h, "acme").await;
    h.post(
        "/api/v1/superuser/organization/acme/quota",
        Some(&h.admin),
        json!({"limit": "1 KiB"}),
    )
    .await
    .expect(201);
    let orgs = h
        .get("/api/v1/superuser/organizations/", Some(&h.admin))
        .await
        .expect(200);
    let acme = &orgs.body["organizations"][0];
    assert_eq!(acme["quotas"][0]["limit_bytes"], 1024);
    assert_eq!(acme["quota_report"]["configured_quota"], 1024);
    let list = h
        .get("/api/v1/superuser/organization/acme/quota", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body[0]["default_config_exists"], true);
    assert_eq!(list.body[0]["limit"], "1.0 KiB");
}

// ---------------------------------------------------------------------------------- builds

#[tokio::test]
async fn builds_are_never_found() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let uuid = "00000000-0000-4000-8000-000000000000";
    let ans = h
        .get(&format!("/api/v1/superuser/{uuid}/status"), Some(&h.admin))
        .await
        .api_error(400, "invalid_response");
    assert_eq!(
        ans.body["detail"],
        fixture("getRepoBuildStatusSuperUser", Some("unknown")).body()["detail"]
    );
    let ans = h
        .get(&format!("/api/v1/superuser/{uuid}/build"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &ans.body,
        fixture("getRepoBuildSuperUser", Some("unknown")).body(),
    );
    let ans = h
        .get(&format!("/api/v1/superuser/{uuid}/logs"), Some(&h.admin))
        .await
        .api_error(400, "invalid_response");
    assert_eq!(
        ans.body["detail"],
        fixture("getRepoBuildLogsSuperUser", Some("unknown")).body()["detail"]
    );
    // `start` is read only for a build that exists.
    h.get(
        &format!("/api/v1/superuser/{uuid}/logs?start=abc"),
        Some(&h.admin),
    )
    .await
    .api_error(400, "invalid_response");
    for suffix in ["status", "build", "logs"] {
        let path = format!("/api/v1/superuser/{uuid}/{suffix}");
        h.get(&path, None).await.api_error(401, "invalid_token");
        h.get(&path, Some(&bob))
            .await
            .api_error(403, "insufficient_scope");
    }
}

// ----------------------------------------------------------------------------- registry size

#[tokio::test]
async fn registry_size_queue() {
    let h = Harness::new().await;
    let path = "/api/v1/superuser/registrysize/";
    let before = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(
        before.body,
        json!({"size_bytes": 0, "last_ran": null, "queued": false, "running": false})
    );
    same_shape(&before.body, fixture("getRegistrySize", Some("ok")).body());
    let queued = h
        .call(Method::POST, path, Some(&h.admin), None)
        .await
        .expect(201);
    assert_eq!(queued.body, json!(""));
    assert_eq!(queued.content_type, "application/json");
    h.call(Method::POST, path, Some(&h.admin), None)
        .await
        .expect(202)
        .assert_body(json!(""));
    // Reading runs the queued calculation.
    let t0 = chrono::Utc::now().timestamp_millis();
    let after = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(after.body["queued"], false);
    assert_eq!(after.body["running"], false);
    assert_eq!(after.body["size_bytes"], 0);
    let last_ran = after.body["last_ran"].as_i64().unwrap();
    assert!((t0 - 5_000..=t0 + 5_000).contains(&last_ran), "{last_ran}");
    h.call(Method::POST, path, Some(&h.admin), None)
        .await
        .expect(201);
    h.get("/api/v1/superuser/registrysize", Some(&h.admin))
        .await
        .expect(308);
    h.call(
        Method::POST,
        "/api/v1/superuser/registrysize",
        Some(&h.admin),
        None,
    )
    .await
    .expect(308);
}

#[tokio::test]
async fn every_body_is_checked_like_quay() {
    let h = Harness::new().await;
    h.user("bob", ALL).await;
    let writes: [(Method, &str); 6] = [
        (Method::POST, "/api/v1/superuser/users/"),
        (Method::PUT, "/api/v1/superuser/organizations/acme"),
        (Method::POST, "/api/v1/superuser/keys"),
        (Method::PUT, "/api/v1/superuser/keys/somekid"),
        (Method::POST, "/api/v1/superuser/users/bob/quota"),
        (Method::PUT, "/api/v1/superuser/users/bob/quota/1"),
    ];
    for (method, path) in writes {
        h.call_raw(method.clone(), path, Some(&h.admin), "text/plain", "{}")
            .await
            .message_error(
                415,
                Some("Did not attempt to load JSON data because the request Content-Type was not 'application/json'."),
            );
        h.call_raw(
            method.clone(),
            path,
            Some(&h.admin),
            "application/json",
            "{\"a\":",
        )
        .await
        .message_error(
            400,
            Some("The browser (or proxy) sent a request that this server could not understand."),
        );
        h.call_raw(method.clone(), path, Some(&h.admin), "application/json", "")
            .await
            .message_error(400, None);
        h.call_raw(
            method.clone(),
            path,
            Some(&h.admin),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request")
        .assert_text("Missing JSON body");
        let ans = h
            .call_raw(
                method.clone(),
                path,
                Some(&h.admin),
                "application/json",
                "\"text\"",
            )
            .await
            .api_error(400, "invalid_request");
        assert!(
            ans.text().starts_with("'text' is not of type 'object'"),
            "{path}: {ans:?}"
        );
    }
    // Nothing was created by any of them.
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(users.body["users"].as_array().unwrap().len(), 2);
    let keys = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(keys.body, json!({"keys": []}));
}
