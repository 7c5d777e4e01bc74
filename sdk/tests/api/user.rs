//! The `user` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::UserInitialize;
use serde_json::json;

#[tokio::test]
async fn current_user() {
    let ex = success("getLoggedInUser");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/", &[], None, &ex).await;
    let me = c.user().current().await.unwrap();
    assert_eq!(me.username, ex.body["username"].as_str().unwrap());
    assert_eq!(
        me.organizations.len(),
        ex.body["organizations"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn user_information_encodes_the_name() {
    let ex = success("getUserInformation");
    let (_s, c) = expect_recorded("GET", "/api/v1/users/a%2Bb", &[], None, &ex).await;
    let user = c.user().get("a+b").await.unwrap();
    assert_eq!(user.username, ex.body["username"].as_str().unwrap());
}

#[tokio::test]
async fn initialize_sends_the_bootstrap_body() {
    let ex = success("initializeUser");
    let body = json!({"username": "quayadmin", "password": "password123", "email": "a@example.com", "access_token": true});
    let (_s, c) = expect_recorded("POST", "/api/v1/user/initialize", &[], Some(body), &ex).await;
    let created = c
        .user()
        .initialize(
            &UserInitialize::new("quayadmin", "password123")
                .email("a@example.com")
                .access_token(true),
        )
        .await
        .unwrap();
    assert_eq!(created.username, "quayadmin");
    assert!(created.access_token.is_some());
    assert!(
        !format!("{created:?}").contains("<TOKEN>"),
        "token leaked into Debug"
    );
    assert!(!format!("{:?}", UserInitialize::new("u", "password123")).contains("password123"));
}

#[tokio::test]
async fn recorded_responses_decode() {
    replay(
        "getLoggedInUser",
        |c| async move { c.user().current().await },
    )
    .await;
    replay("getUserInformation", |c| async move {
        c.user().get("someone").await
    })
    .await;
    replay("initializeUser", |c| async move {
        c.user()
            .initialize(&UserInitialize::new("quayadmin", "password123"))
            .await
    })
    .await;
}
