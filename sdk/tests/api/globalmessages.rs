//! The `globalmessages` area: exact requests, and every recorded exchange decoded.

use crate::common::*;
use quay_sdk::models::{GlobalMessageMediaType, GlobalMessageSeverity, NewGlobalMessage};
use serde_json::json;

#[tokio::test]
async fn global_message_requests_are_exact() {
    let ex = success("getGlobalMessages");
    let (_s, c) = expect_recorded("GET", "/api/v1/messages", &[], None, &ex).await;
    let list = c.global_messages().list().await.unwrap();
    assert_eq!(list.messages[0].severity, GlobalMessageSeverity::Info);

    let (_s, c) = expect(
        "POST",
        "/api/v1/messages",
        &[],
        Some(json!({"message": {"content": "hi", "media_type": "text/markdown", "severity": "warning"}})),
        201,
        json!(""),
    )
    .await;
    c.global_messages()
        .create(&NewGlobalMessage::new(
            "hi",
            GlobalMessageMediaType::TextMarkdown,
            GlobalMessageSeverity::Warning,
        ))
        .await
        .unwrap();

    let (_s, c) = expect("DELETE", "/api/v1/message/abc", &[], None, 204, json!(null)).await;
    c.global_messages().delete("abc").await.unwrap();
}

#[tokio::test]
async fn every_recorded_global_message_exchange_decodes() {
    replay("getGlobalMessages", |c| async move {
        c.global_messages().list().await
    })
    .await;
    replay("createGlobalMessage", |c| async move {
        c.global_messages()
            .create(&NewGlobalMessage::new(
                "x",
                GlobalMessageMediaType::TextPlain,
                GlobalMessageSeverity::Info,
            ))
            .await
    })
    .await;
    replay("deleteGlobalMessage", |c| async move {
        c.global_messages().delete("u").await
    })
    .await;
}
