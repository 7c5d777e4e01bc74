//! The `logs` area: exact requests, and every recorded exchange decoded.

use crate::common::*;
use futures_util::TryStreamExt;
use serde_json::json;

#[tokio::test]
async fn log_requests_carry_their_range_and_filters() {
    let ex = success("listOrgLogs");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/acme/logs",
        &[("starttime", "11/26/2026"), ("performer", "alice")],
        None,
        &ex,
    )
    .await;
    let page = c
        .organization("acme")
        .logs()
        .starttime("11/26/2026")
        .performer("alice")
        .await
        .unwrap();
    assert!(!page.logs.is_empty());

    let (_s, c) = expect(
        "GET",
        "/api/v1/repository/acme/web/aggregatelogs",
        &[("endtime", "12/01/2026")],
        None,
        200,
        json!({"aggregated": [{"kind": "create_repo", "count": 2, "datetime": "Wed, 02 Dec 2026 00:00:00 -0000"}]}),
    )
    .await;
    let counts = c
        .repository("acme/web")
        .unwrap()
        .aggregate_logs()
        .endtime("12/01/2026")
        .await
        .unwrap();
    assert_eq!(counts.aggregated[0].count, 2);
}

#[tokio::test]
async fn a_log_streams_page_after_page() {
    let server = wiremock::MockServer::start().await;
    let entry = json!({"kind": "org_create", "metadata": {}, "ip": null,
                       "datetime": "Wed, 02 Dec 2026 18:56:48 -0000"});
    wiremock::Mock::given(wiremock::matchers::path("/api/v1/user/logs"))
        .and(wiremock::matchers::query_param("next_page", "p2"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({
            "start_time": "Tue, 01 Dec 2026 18:57:12 -0000", "end_time": "Thu, 03 Dec 2026 18:57:12 -0000", "logs": [entry.clone()]})))
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path("/api/v1/user/logs"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({
            "start_time": "Tue, 01 Dec 2026 18:57:12 -0000", "end_time": "Thu, 03 Dec 2026 18:57:12 -0000", "logs": [entry.clone(), entry], "next_page": "p2"})))
        .mount(&server)
        .await;
    let all: Vec<_> = client(&server)
        .user()
        .logs()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn every_recorded_log_exchange_decodes() {
    replay("listRepoLogs", |c| async move {
        c.repository("o/r").unwrap().logs().await
    })
    .await;
    replay("getAggregateRepoLogs", |c| async move {
        c.repository("o/r").unwrap().aggregate_logs().await
    })
    .await;
    replay("listUserLogs", |c| async move { c.user().logs().await }).await;
    replay("getAggregateUserLogs", |c| async move {
        c.user().aggregate_logs().await
    })
    .await;
    replay("listOrgLogs", |c| async move {
        c.organization("o").logs().await
    })
    .await;
    replay("getAggregateOrgLogs", |c| async move {
        c.organization("o").aggregate_logs().await
    })
    .await;
    let body = quay_sdk::models::ExportLogs::new().callback_url("http://localhost/cb");
    let b = body.clone();
    replay("exportRepoLogs", move |c| {
        let b = b.clone();
        async move { c.repository("o/r").unwrap().export_logs(&b).await }
    })
    .await;
    let b = body.clone();
    replay("exportUserLogs", move |c| {
        let b = b.clone();
        async move { c.user().export_logs(&b).await }
    })
    .await;
    replay("exportOrgLogs", move |c| {
        let b = body.clone();
        async move { c.organization("o").export_logs(&b).await }
    })
    .await;
}

#[tokio::test]
async fn an_export_sends_its_callback_and_range() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/organization/acme/exportlogs",
        &[("starttime", "11/01/2026")],
        Some(json!({"callback_email": "ops@example.com"})),
        200,
        json!({"export_id": "e1"}),
    )
    .await;
    let queued = c
        .organization("acme")
        .export_logs(&quay_sdk::models::ExportLogs::new().callback_email("ops@example.com"))
        .starttime("11/01/2026")
        .await
        .unwrap();
    assert_eq!(queued.export_id, "e1");
}
