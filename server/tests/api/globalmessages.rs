//! The `globalmessages` area: superusers publish and delete, anyone reads.

use crate::common::{self, ALL, Harness};
use serde_json::json;

fn notice(severity: &str) -> serde_json::Value {
    json!({"message": {"content": "maintenance tonight", "media_type": "text/plain", "severity": severity}})
}

#[tokio::test]
async fn superusers_publish_and_delete_and_anyone_reads() {
    let h = Harness::new().await;
    let created = h
        .post("/api/v1/messages", Some(&h.admin), notice("warning"))
        .await
        .expect(201);
    assert!(created.content_type.starts_with("text/html"), "{created:?}");
    assert_eq!(created.body, json!(""));
    let list = h.get("/api/v1/messages", None).await.expect(200);
    let m = &list.body["messages"][0];
    assert_eq!(
        (&m["content"], &m["severity"], &m["media_type"]),
        (
            &json!("maintenance tonight"),
            &json!("warning"),
            &json!("text/plain")
        )
    );
    let uuid = m["uuid"].as_str().unwrap().to_string();
    h.delete(&format!("/api/v1/message/{uuid}"), Some(&h.admin))
        .await
        .expect(204);
    // Unknown uuids are deleted just as well.
    h.delete(&format!("/api/v1/message/{uuid}"), Some(&h.admin))
        .await
        .expect(204);
    let list = h
        .get("/api/v1/messages", Some("not-a-token"))
        .await
        .expect(200);
    assert_eq!(list.body, json!({"messages": []}));
}

#[tokio::test]
async fn others_are_refused_as_flask_refuses_them() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let refused = h
        .post("/api/v1/messages", Some(&alice), notice("info"))
        .await
        .message_error(403, None);
    assert!(
        refused.text().starts_with("You don't have the permission"),
        "{refused:?}"
    );
    h.delete("/api/v1/message/x", Some(&alice))
        .await
        .message_error(403, None);
    h.post("/api/v1/messages", None, notice("info"))
        .await
        .csrf();
    // A superuser token without super:user is not a superuser here.
    let weak = h.admin_with("org:admin").await;
    h.post("/api/v1/messages", Some(&weak), notice("info"))
        .await
        .message_error(403, None);
    // The body comes before the rights.
    let bad = h
        .post("/api/v1/messages", Some(&alice), notice("fatal"))
        .await
        .api_error(400, "invalid_request");
    assert!(
        bad.text()
            .starts_with("'fatal' is not one of ['info', 'warning', 'error']"),
        "{bad:?}"
    );
    let missing = h
        .post("/api/v1/messages", Some(&h.admin), json!({}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(missing.text(), "'message' is a required property");
    assert_eq!(
        h.get("/api/v1/messages", None).await.expect(200).body,
        json!({"messages": []})
    );
}

#[tokio::test]
async fn quay_io_does_not_serve_the_writes_and_anonymous_reads_follow_the_flag() {
    let h = Harness::with_config(quay_server::Config {
        SERVER_HOSTNAME: Some("quay.io".into()),
        FEATURE_ANONYMOUS_ACCESS: false,
        ..common::full_access()
    })
    .await;
    h.post("/api/v1/messages", Some(&h.admin), notice("info"))
        .await
        .api_error(404, "not_found");
    let refused = h.get("/api/v1/messages", None).await;
    assert_eq!(refused.status, 401, "{refused:?}");
    h.get("/api/v1/messages", Some(&h.admin)).await.expect(200);
}
