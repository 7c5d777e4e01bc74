//! Logs.

use super::*;

#[tokio::test]
async fn list_logs_decodes_the_recorded_page() {
    let ex = success("listAllLogs");
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/logs", &[], None, &ex).await;
    let page = c.superuser().logs().await.unwrap();
    assert!(sent_query(&s).await.is_empty());
    assert_eq!(page.start_time, ex.body["start_time"].as_str().unwrap());
    assert_eq!(page.end_time, ex.body["end_time"].as_str().unwrap());
    let recorded = ex.body["logs"].as_array().unwrap();
    assert_eq!(page.logs.len(), recorded.len());
    assert_eq!(page.next_page.as_deref(), ex.body["next_page"].as_str());
    let first = &page.logs[0];
    assert_eq!(first.kind, recorded[0]["kind"].as_str().unwrap());
    assert_eq!(first.ip.as_deref(), recorded[0]["ip"].as_str());
    assert_eq!(
        first.metadata,
        *recorded[0]["metadata"].as_object().unwrap()
    );
    let performer = first.performer.as_ref().unwrap();
    assert_eq!(performer.name, "quayadmin");
    assert!(!performer.is_robot);
    assert_eq!(first.namespace.as_ref().unwrap().kind, NamespaceKind::Org);
    // The build system's entry has no performer.
    let without = recorded
        .iter()
        .position(|l| l.get("performer").is_none())
        .expect("a recorded entry without performer");
    assert!(page.logs[without].performer.is_none());
}

#[tokio::test]
async fn list_logs_sends_the_range_and_next_page() {
    let ex = success("listAllLogs");
    let query = [
        ("starttime", "11/20/2026"),
        ("endtime", "11/22/2026"),
        ("next_page", "gAAAA+x"),
    ];
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/logs", &query, None, &ex).await;
    c.superuser()
        .logs()
        .starttime("11/20/2026")
        .endtime("11/22/2026")
        .next_page("gAAAA+x")
        .await
        .unwrap();
    assert_eq!(sent_query(&s).await, pairs(&query));
}

#[tokio::test]
async fn logs_stream_follows_next_page() {
    let ex = success("listAllLogs");
    let logs = items(&ex.body, "logs", 3);
    let page = |entries: &[Value], next: Option<&str>| {
        let mut body = json!({
            "start_time": ex.body["start_time"],
            "end_time": ex.body["end_time"],
            "logs": entries,
        });
        if let Some(n) = next {
            body["next_page"] = n.into();
        }
        body
    };
    let server = MockServer::start().await;
    let p = "/api/v1/superuser/logs";
    let range = [("starttime", "11/20/2026")];
    mount_page(&server, p, None, &range, page(&logs[..1], Some("l2"))).await;
    mount_page(
        &server,
        p,
        Some("l2"),
        &range,
        page(&logs[1..2], Some("l3")),
    )
    .await;
    mount_page(&server, p, Some("l3"), &range, page(&logs[2..3], None)).await;
    let all: Vec<_> = client(&server)
        .superuser()
        .logs()
        .starttime("11/20/2026")
        .stream()
        .try_collect()
        .await
        .unwrap();
    let kinds: Vec<_> = all.iter().map(|l| l.kind.as_str()).collect();
    let expected: Vec<_> = logs.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, expected);
}

#[tokio::test]
async fn logs_stream_stops_on_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/superuser/logs"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(
                fixture("listAllLogs")
                    .into_iter()
                    .find(|e| e.status == 403)
                    .unwrap()
                    .body,
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .superuser()
        .logs()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_forbidden());
}
