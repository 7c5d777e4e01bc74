//! The `appspecifictokens` area: exact requests, codes kept secret, and every recorded exchange
//! decoded.

use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn app_token_requests_are_exact() {
    let ex = success("listAppTokens");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/apptoken", &[], None, &ex).await;
    let list = c.app_tokens().list().await.unwrap();
    assert!(list.tokens.is_empty());
    assert_eq!(list.only_expiring, None);

    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/user/apptoken",
        &[("expiring", "true")],
        None,
        &ex,
    )
    .await;
    c.app_tokens().list().expiring(true).await.unwrap();

    let ex = success("createAppToken");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/user/apptoken",
        &[],
        Some(json!({"title": "fxqb2tgm4uapptok"})),
        &ex,
    )
    .await;
    let token = c
        .app_tokens()
        .create("fxqb2tgm4uapptok")
        .await
        .unwrap()
        .token;
    assert_eq!(token.title, "fxqb2tgm4uapptok");
    assert_eq!(token.expiration, None);
    let code = token.token_code.clone().unwrap();
    assert_eq!(code.expose(), "<TOKEN>");
    assert!(
        !format!("{token:?}").contains("<TOKEN>"),
        "the code must not show in Debug"
    );

    let uuid = "4f516dee-da91-4a03-a4fd-66209bfd79bc";
    let ex = success("getAppToken");
    let path = format!("/api/v1/user/apptoken/{uuid}");
    let (_s, c) = expect_recorded("GET", &path, &[], None, &ex).await;
    assert_eq!(c.app_tokens().get(uuid).await.unwrap().token.uuid, uuid);

    let (_s, c) = expect("DELETE", &path, &[], None, 204, json!(null)).await;
    c.app_tokens().revoke(uuid).await.unwrap();
}

#[tokio::test]
async fn every_recorded_app_token_exchange_decodes() {
    replay(
        "listAppTokens",
        |c| async move { c.app_tokens().list().await },
    )
    .await;
    replay("createAppToken", |c| async move {
        c.app_tokens().create("t").await
    })
    .await;
    replay(
        "getAppToken",
        |c| async move { c.app_tokens().get("u").await },
    )
    .await;
    replay("revokeAppToken", |c| async move {
        c.app_tokens().revoke("u").await
    })
    .await;
}
