//! logs

use super::*;

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
    // initializeUser, a web route in Quay, writes no entry.
    let all = ans.body["logs"].as_array().unwrap();
    assert!(all.iter().all(|l| l["kind"] != "user_create"), "{all:?}");
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
    // 50 entries: pages of 20.
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
    assert_eq!(seen, 50);

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

#[tokio::test]
async fn list_all_aggregate_logs_counts_the_whole_registry() {
    let h = Harness::new().await;
    for name in ["acme", "beta"] {
        h.post(
            "/api/v1/organization/",
            Some(&h.admin),
            json!({"name": name, "email": format!("{name}@example.com")}),
        )
        .await
        .expect(201);
    }
    let counts = h
        .get("/api/v1/superuser/aggregatelogs", Some(&h.admin))
        .await
        .expect(200);
    let org_creates: Vec<i64> = counts.body["aggregated"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "org_create")
        .map(|c| c["count"].as_i64().unwrap())
        .collect();
    assert_eq!(org_creates, [2], "{counts:?}");
    h.get(
        "/api/v1/superuser/aggregatelogs?starttime=01/01/2026&endtime=03/01/2026",
        Some(&h.admin),
    )
    .await
    .message_error(400, Some("Invalid date range for logs"));
    // An end before the start is not refused here: it counts nothing.
    let none = h
        .get(
            "/api/v1/superuser/aggregatelogs?starttime=03/01/2026&endtime=02/20/2026",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(none.body, json!({"aggregated": []}));
    let alice = h.user("alice", crate::common::ALL).await;
    h.get("/api/v1/superuser/aggregatelogs", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/superuser/aggregatelogs", None)
        .await
        .api_error(401, "invalid_token");
}
