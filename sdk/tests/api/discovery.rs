//! The `discovery` area.

use crate::common::*;

#[tokio::test]
async fn the_recorded_discovery_document_decodes() {
    let ex = success("discovery");
    let (_s, c) = expect_recorded("GET", "/api/v1/discovery", &[], None, &ex).await;
    let doc = c.discovery().await.unwrap();
    assert_eq!(doc.host, "127.0.0.1:8080");
    assert_eq!(doc.schemes, ["http"]);
    assert!(doc.paths.contains_key("/api/v1/user/apptoken"));
    assert!(doc.definitions.contains_key("ApiError"));
    assert!(doc.tags.iter().any(|t| t.name == "appspecifictokens"));

    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/discovery",
        &[("internal", "true")],
        None,
        &ex,
    )
    .await;
    c.discovery().internal(true).await.unwrap();
    replay("discovery", |c| async move { c.discovery().await }).await;
}
