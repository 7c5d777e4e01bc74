//! The `error` area.

use crate::common::*;
use quay_sdk::models::ApiErrorType;

#[tokio::test]
async fn error_descriptions_decode() {
    let ex = success("getErrorDescription");
    let (_s, c) = expect_recorded("GET", "/api/v1/error/invalid_token", &[], None, &ex).await;
    let d = c.error_description("invalid_token").await.unwrap();
    assert_eq!(d.title, ApiErrorType::InvalidToken);
    replay("getErrorDescription", |c| async move {
        c.error_description("invalid_token").await
    })
    .await;
}
