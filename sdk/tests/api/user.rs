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

#[tokio::test]
async fn authorizations_are_listed_read_and_revoked() {
    let ex = success("listUserAuthorizations");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/authorizations", &[], None, &ex).await;
    let list = c.user().authorizations().list().await.unwrap();
    let first = &list.authorizations[0];
    assert_eq!(first.application.name, "automation");
    assert_eq!(first.application.organization.name, "quayadmin");
    assert_eq!(first.scopes.len(), 8);
    assert!(
        first
            .scopes
            .iter()
            .any(|s| s.scope == "super:user" && s.dangerous)
    );

    let ex = success("getUserAuthorization");
    let uuid = "53780da1-c4f5-4881-8db9-4c27aa2878d3";
    let (_s, c) = expect_recorded(
        "GET",
        &format!("/api/v1/user/authorizations/{uuid}"),
        &[],
        None,
        &ex,
    )
    .await;
    assert_eq!(
        c.user().authorizations().get(uuid).await.unwrap().uuid,
        uuid
    );

    let (_s, c) = expect(
        "DELETE",
        &format!("/api/v1/user/authorizations/{uuid}"),
        &[],
        None,
        204,
        serde_json::json!(null),
    )
    .await;
    c.user().authorizations().revoke(uuid).await.unwrap();
}

#[tokio::test]
async fn every_recorded_authorization_exchange_decodes() {
    replay("listUserAuthorizations", |c| async move {
        c.user().authorizations().list().await
    })
    .await;
    replay("getUserAuthorization", |c| async move {
        c.user().authorizations().get("u").await
    })
    .await;
    replay("deleteUserAuthorization", |c| async move {
        c.user().authorizations().revoke("u").await
    })
    .await;
}
