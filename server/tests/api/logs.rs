//! The `logs` area: whose entries each log holds, who may read it, ranges, filters and pages.

use crate::common::{self, ALL, Harness};
use serde_json::json;

async fn org_with_entries(h: &Harness) {
    h.post(
        "/api/v1/organization/",
        Some(&h.admin),
        json!({"name": "acme", "email": "acme@example.com"}),
    )
    .await
    .expect(201);
    for team in ["aa", "bb", "cc"] {
        h.put(
            &format!("/api/v1/organization/acme/team/{team}"),
            Some(&h.admin),
            Some(json!({"role": "member"})),
        )
        .await
        .expect(200);
    }
    h.post(
        "/api/v1/repository",
        Some(&h.admin),
        json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn an_organization_log_holds_its_entries_for_its_admins() {
    let h = Harness::new().await;
    org_with_entries(&h).await;
    let page = h
        .get("/api/v1/organization/acme/logs", Some(&h.admin))
        .await
        .expect(200);
    let kinds: Vec<&str> = page.body["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "create_repo",
            "org_create_team",
            "org_create_team",
            "org_create_team",
            "org_create"
        ]
    );
    assert!(page.body["logs"][0].get("namespace").is_none(), "{page:?}");
    assert_eq!(page.body["logs"][0]["performer"]["name"], "quayadmin");
    let alice = h.user("alice", ALL).await;
    h.get("/api/v1/organization/acme/logs", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/logs", None)
        .await
        .api_error(401, "invalid_token");
    // An unknown organization: 403 without the rights, a data-layer 400 with them.
    h.get("/api/v1/organization/nowhere/logs", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    let full = Harness::with_config(common::full_access()).await;
    full.get("/api/v1/organization/nowhere/logs", Some(&full.admin))
        .await
        .message_error(400, Some("Invalid namespace requested: nowhere"));
    // The repository's log holds only the entries about it.
    let repo = h
        .get("/api/v1/repository/acme/web/logs", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(repo.body["logs"].as_array().unwrap().len(), 1);
    assert_eq!(repo.body["logs"][0]["kind"], "create_repo");
    h.get("/api/v1/repository/acme/nothing/logs", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/repository/acme/web/logs", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn counts_ranges_and_filters() {
    let h = Harness::new().await;
    org_with_entries(&h).await;
    let counts = h
        .get("/api/v1/organization/acme/aggregatelogs", Some(&h.admin))
        .await
        .expect(200);
    let mut got: Vec<(String, i64)> = counts.body["aggregated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("create_repo".into(), 1),
            ("org_create".into(), 1),
            ("org_create_team".into(), 3)
        ]
    );
    assert!(
        counts.body["aggregated"][0]["datetime"]
            .as_str()
            .unwrap()
            .ends_with("00:00:00 -0000")
    );
    h.get(
        "/api/v1/organization/acme/aggregatelogs?starttime=01/01/2026&endtime=03/01/2026",
        Some(&h.admin),
    )
    .await
    .message_error(400, Some("Invalid date range for logs"));
    h.get(
        "/api/v1/organization/acme/logs?starttime=03/01/2026&endtime=01/01/2026",
        Some(&h.admin),
    )
    .await
    .message_error(400, None);
    // A range in the past holds nothing; an unparsable date counts as absent.
    let past = h
        .get(
            "/api/v1/organization/acme/logs?starttime=01/01/2020&endtime=01/02/2020",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(past.body["logs"], json!([]));
    assert_eq!(past.body["start_time"], "Wed, 01 Jan 2020 00:00:00 -0000");
    let garbled = h
        .get(
            "/api/v1/organization/acme/logs?starttime=soon",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(garbled.body["logs"].as_array().unwrap().len(), 5);
    // performer: one user's entries; an unknown name selects nothing in a list.
    h.user("alice", ALL).await;
    let by_alice = h
        .get(
            "/api/v1/organization/acme/logs?performer=alice",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(by_alice.body["logs"], json!([]));
    let nobody = h
        .get(
            "/api/v1/organization/acme/logs?performer=nobody",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(nobody.body["logs"], json!([]));
}

#[tokio::test]
async fn pages_of_twenty_and_the_users_own_log() {
    let h = Harness::new().await;
    for n in 0..22 {
        h.post(
            "/api/v1/repository",
            Some(&h.admin),
            json!({"namespace": "quayadmin", "repository": format!("r{n}"), "visibility": "private", "description": ""}),
        )
        .await
        .expect(201);
    }
    // Service-key entries stay out of the user's own log.
    h.post(
        "/api/v1/superuser/keys",
        Some(&h.admin),
        json!({"service": "svc", "expiration": null}),
    )
    .await
    .expect(200);
    let first = h.get("/api/v1/user/logs", Some(&h.admin)).await.expect(200);
    assert_eq!(first.body["logs"].as_array().unwrap().len(), 20);
    let token = first.body["next_page"].as_str().unwrap().to_string();
    let second = h
        .get(
            &format!("/api/v1/user/logs?next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    let rest: Vec<&str> = second.body["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert!(second.body.get("next_page").is_none(), "{second:?}");
    // The service key's entry is left out; initializeUser (a web route) logs nothing.
    assert_eq!(rest, ["create_repo", "create_repo"]);
    let counts = h
        .get("/api/v1/user/aggregatelogs", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(counts.body["aggregated"].as_array().unwrap().len(), 1);
    let weak = h.admin_with("repo:read").await;
    h.get("/api/v1/user/logs", Some(&weak))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/user/logs", None)
        .await
        .api_error(401, "invalid_token");
}

/// A loopback callback that records what it receives.
async fn callback() -> (String, tokio::sync::mpsc::Receiver<serde_json::Value>) {
    use poem::listener::{Acceptor, Listener, TcpListener};
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::spawn(async move {
        let app = poem::endpoint::make(move |mut req: poem::Request| {
            let tx = tx.clone();
            async move {
                let body = req.take_body().into_json::<serde_json::Value>().await;
                let _ = tx.send(body.unwrap_or_default()).await;
                Ok::<_, poem::Error>("ok")
            }
        });
        let _ = poem::Server::new_with_acceptor(acceptor).run(app).await;
    });
    (format!("http://{addr}/export-done"), rx)
}

#[tokio::test]
async fn an_export_is_announced_and_served() {
    let h = Harness::new().await;
    org_with_entries(&h).await;
    let (url, mut announced) = callback().await;
    let queued = h
        .post(
            "/api/v1/organization/acme/exportlogs",
            Some(&h.admin),
            json!({"callback_url": url}),
        )
        .await
        .expect(200);
    let id = queued.body["export_id"].as_str().unwrap().to_string();
    let note = tokio::time::timeout(std::time::Duration::from_secs(10), announced.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(note["export_id"], id.as_str());
    assert_eq!(
        (&note["namespace"], &note["status"]),
        (&json!("acme"), &json!("success"))
    );
    let data_url = note["exported_data_url"].as_str().unwrap();
    assert!(data_url.ends_with(&format!("/exportedlogs/{id}")), "{note}");
    let document = h
        .get(&format!("/exportedlogs/{id}"), None)
        .await
        .expect(200);
    let logs = document.body["logs"].as_array().unwrap();
    assert_eq!(logs.last().unwrap(), &json!({"terminator": true}));
    assert!(
        logs.iter().any(|l| l["kind"] == "org_create"),
        "{document:?}"
    );
    assert_eq!(document.body["details"]["namespace"], "acme");
    assert_eq!(common::logs(&h, "export_logs_success").await, 1);
    h.get("/exportedlogs/nothing", None).await.expect(404);
}

#[tokio::test]
async fn exports_are_refused_in_quays_order() {
    // Loopback is not admitted here: a loopback callback is an SSRF refusal.
    let h = Harness::with_config(quay_server::Config::default()).await;
    org_with_entries(&h).await;
    let export = |body: serde_json::Value| {
        let h = &h;
        async move {
            h.post("/api/v1/organization/acme/exportlogs", Some(&h.admin), body)
                .await
        }
    };
    for (body, text) in [
        (
            json!({"callback_url": "ftp://x"}),
            "Invalid URL scheme 'ftp': only HTTP and HTTPS are allowed",
        ),
        (
            json!({"callback_url": "http://127.0.0.1:9/cb"}),
            "Invalid callback URL",
        ),
        (
            json!({"callback_url": "http://localhost:9/cb"}),
            "Invalid callback URL",
        ),
        (
            json!({"callback_url": "http://u:p@example.com/cb"}),
            "URLs with embedded credentials are not allowed",
        ),
        (
            json!({"callback_email": "nobody"}),
            "Invalid callback e-mail",
        ),
    ] {
        let refused = export(body).await.api_error(400, "invalid_request");
        assert_eq!(refused.text(), text);
    }
    let refused = h
        .post(
            "/api/v1/organization/acme/exportlogs?starttime=03/01/2026&endtime=01/01/2026",
            Some(&h.admin),
            json!({}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(refused.text(), "Invalid time span selected");
    assert_eq!(common::logs(&h, "export_logs_failure").await, 6);
    // Quay logs the range's message, `invalid request` for the others, null for no URL.
    let errors = failure_metadata(&h).await;
    assert_eq!(
        errors
            .iter()
            .filter(|m| m["error"] == "invalid request")
            .count(),
        5
    );
    assert_eq!(
        errors
            .iter()
            .filter(|m| m["error"] == "Invalid time span selected")
            .count(),
        1
    );
    assert!(
        errors
            .iter()
            .any(|m| m["url"].is_null() && m["email"] == "nobody")
    );
    // An e-mail only: queued, and left queued (no mail transport).
    let queued = export(json!({"callback_email": "ops@example.com"}))
        .await
        .expect(200);
    let id = queued.body["export_id"].as_str().unwrap().to_string();
    h.get(&format!("/exportedlogs/{id}"), None)
        .await
        .expect(404);
    // Rights: the body is validated first for organizations, the rights first elsewhere.
    let alice = h.user("alice", ALL).await;
    h.post(
        "/api/v1/organization/acme/exportlogs",
        Some(&alice),
        json!({"callback_url": 5}),
    )
    .await
    .api_error(400, "invalid_request");
    h.post(
        "/api/v1/organization/acme/exportlogs",
        Some(&alice),
        json!({}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/repository/acme/web/exportlogs",
        Some(&alice),
        json!({"callback_url": 5}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/repository/acme/nothing/exportlogs",
        Some(&h.admin),
        json!({}),
    )
    .await
    .api_error(404, "not_found");
    h.post("/api/v1/user/exportlogs", Some(&alice), json!({}))
        .await
        .expect(200);
    h.post("/api/v1/user/exportlogs", None, json!({}))
        .await
        .csrf();
}

/// The metadata of every `export_logs_failure` entry.
async fn failure_metadata(h: &Harness) -> Vec<serde_json::Value> {
    h.state
        .store
        .read(|tx| {
            let mut stmt =
                tx.prepare("SELECT metadata FROM log_entry WHERE kind = 'export_logs_failure'")?;
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows
                .iter()
                .map(|m| serde_json::from_str(m).unwrap())
                .collect())
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn refused_and_impossible_exports_are_logged_as_quay_logs_them() {
    let h = Harness::new().await;
    org_with_entries(&h).await;
    let bob = h.user("bob", common::ALL).await;
    h.post(
        "/api/v1/organization/acme/exportlogs",
        Some(&bob),
        json!({}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/repository/acme/nosuch/exportlogs",
        Some(&h.admin),
        json!({}),
    )
    .await
    .api_error(404, "not_found");
    let errors = failure_metadata(&h).await;
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["error"], "unauthorized");
    assert_eq!(errors[1]["error"], "non-existent repository");
    assert_eq!(errors[1]["repo"], "nosuch");
}

#[tokio::test]
async fn entries_name_the_oauth_token_of_the_request() {
    let h = Harness::new().await;
    h.post(
        "/api/v1/organization/",
        Some(&h.admin),
        json!({"name": "tokened", "email": "tokened@example.com"}),
    )
    .await
    .expect(201);
    let meta: serde_json::Value = h
        .state
        .store
        .read(|tx| {
            let m: String = tx.query_row(
                "SELECT metadata FROM log_entry WHERE kind = 'org_create'",
                [],
                |r| r.get(0),
            )?;
            Ok(serde_json::from_str(&m).unwrap())
        })
        .await
        .unwrap();
    assert!(meta["oauth_token_id"].is_i64(), "{meta}");
    assert!(meta.get("oauth_token_application_id").is_some());
    assert!(meta.get("oauth_token_application").is_some());
}
