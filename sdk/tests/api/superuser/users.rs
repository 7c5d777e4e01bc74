//! Users.

use super::*;

#[tokio::test]
async fn list_users_sends_no_query_by_default() {
    let ex = success("listAllUsers");
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/users/", &[], None, &ex).await;
    let page = c.superuser().users().list().await.unwrap();
    assert!(sent_query(&s).await.is_empty());
    let recorded = ex.body["users"].as_array().unwrap();
    assert_eq!(page.users.len(), recorded.len());
    assert!(page.next_page.is_none());
    let admin = &page.users[0];
    assert_eq!(admin.kind, UserKind);
    assert_eq!(admin.username, recorded[0]["username"].as_str().unwrap());
    assert!(admin.super_user);
    assert!(admin.enabled);
    assert_eq!(admin.quotas.as_deref(), Some(&[][..]));
    assert_eq!(
        admin.quota_report.as_ref().unwrap().quota_bytes,
        recorded[0]["quota_report"]["quota_bytes"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn list_users_sends_disabled_limit_and_next_page() {
    let ex = success("listAllUsers");
    let query = [
        ("disabled", "false"),
        ("limit", "2"),
        ("next_page", "tok+1"),
    ];
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/users/", &query, None, &ex).await;
    c.superuser()
        .users()
        .list()
        .disabled(false)
        .limit(2)
        .next_page("tok+1")
        .await
        .unwrap();
    assert_eq!(sent_query(&s).await, pairs(&query));
}

#[tokio::test]
async fn users_stream_follows_next_page_with_the_limit() {
    let ex = success("listAllUsers");
    let users = items(&ex.body, "users", 4);
    let server = MockServer::start().await;
    let p = "/api/v1/superuser/users/";
    let limit = [("limit", "2")];
    mount_page(
        &server,
        p,
        None,
        &limit,
        json!({"users": users[..2], "next_page": "page2"}),
    )
    .await;
    mount_page(
        &server,
        p,
        Some("page2"),
        &limit,
        json!({"users": users[2..3], "next_page": "page3"}),
    )
    .await;
    mount_page(
        &server,
        p,
        Some("page3"),
        &limit,
        json!({"users": users[3..4]}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .superuser()
        .users()
        .list()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|u| u.name.as_str()).collect();
    let expected: Vec<_> = users.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn users_stream_first_request_has_no_next_page() {
    let ex = success("listAllUsers");
    let server = MockServer::start().await;
    mount_page(
        &server,
        "/api/v1/superuser/users/",
        None,
        &[],
        ex.body.clone(),
    )
    .await;
    let all: Vec<_> = client(&server)
        .superuser()
        .users()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), ex.body["users"].as_array().unwrap().len());
}

#[tokio::test]
async fn create_user_sends_the_body_and_hides_the_password() {
    let ex = success("createInstallUser");
    let body = json!({"username": "qdgir2qi93u3", "email": "qdgir2qi93u3@example.com"});
    let (_s, c) = expect_recorded("POST", "/api/v1/superuser/users/", &[], Some(body), &ex).await;
    let created = c
        .superuser()
        .users()
        .create(&CreateInstallUser::new("qdgir2qi93u3").email("qdgir2qi93u3@example.com"))
        .await
        .unwrap();
    assert_eq!(created.username, "qdgir2qi93u3");
    assert_eq!(created.email.as_deref(), Some("qdgir2qi93u3@example.com"));
    assert_eq!(created.password.expose(), "<PASSWORD>");
    assert_eq!(created.encrypted_password.expose(), "<ENCRYPTED_PASSWORD>");
    let debug = format!("{created:?}");
    assert!(!debug.contains("<PASSWORD>") && !debug.contains("<ENCRYPTED_PASSWORD>"));
}

#[tokio::test]
async fn create_user_without_email_sends_only_the_name() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/users/",
        &[],
        Some(json!({"username": "bob"})),
        200,
        json!({"username": "bob", "email": null, "password": "P", "encrypted_password": "E"}),
    )
    .await;
    let created = c
        .superuser()
        .users()
        .create(&CreateInstallUser::new("bob"))
        .await
        .unwrap();
    assert_eq!(created.email, None);
}

#[tokio::test]
async fn delete_user_encodes_the_name() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/superuser/users/a%2Bb%20c",
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    c.superuser().users().delete("a+b c").await.unwrap();
}

#[tokio::test]
async fn change_user_sends_only_the_changes_and_decodes_the_quirky_answer() {
    let ex = success("changeInstallUser");
    let body = json!({"email": "fxqb2tgm4usu-changed@example.com"});
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/users/fxqb2tgm4usu",
        &[],
        Some(body),
        &ex,
    )
    .await;
    let user = c
        .superuser()
        .users()
        .update(
            "fxqb2tgm4usu",
            &UpdateInstallUser::new().email("fxqb2tgm4usu-changed@example.com"),
        )
        .await
        .unwrap();
    assert_eq!(user.email, "fxqb2tgm4usu-changed@example.com");
    assert_eq!(user.encrypted_password, None);

    let (_s, c) = expect(
        "PUT",
        "/api/v1/superuser/users/bob",
        &[],
        Some(json!({"password": "n3w-pass!", "enabled": false})),
        200,
        {
            let mut b = ex.body.clone();
            b["encrypted_password"] = json!("$2b$12$hash");
            b
        },
    )
    .await;
    let user = c
        .superuser()
        .users()
        .update(
            "bob",
            &UpdateInstallUser::new()
                .password("n3w-pass!")
                .enabled(false),
        )
        .await
        .unwrap();
    assert_eq!(user.encrypted_password.as_deref(), Some("$2b$12$hash"));
}

#[tokio::test]
async fn take_ownership_change_log_and_app_tokens_are_exact() {
    let ex = success("takeOwnership");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/superuser/takeownership/fxqb2tgm4uu2org",
        &[],
        None,
        &ex,
    )
    .await;
    let taken = c
        .superuser()
        .take_ownership("fxqb2tgm4uu2org")
        .await
        .unwrap();
    assert_eq!(taken.namespace, "fxqb2tgm4uu2org");

    let ex = success("getChangeLog");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/changelog/", &[], None, &ex).await;
    assert!(
        c.superuser()
            .change_log()
            .await
            .unwrap()
            .log
            .contains("v3.11.0")
    );

    let ex = success("listAllAppTokens");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/superuser/apptokens",
        &[("expiring", "false")],
        None,
        &ex,
    )
    .await;
    let all = c.superuser().app_tokens().expiring(false).await.unwrap();
    assert_eq!(all.tokens[0].title, "fxqb2tgm4uapptok2");
    assert!(all.tokens[0].token_code.is_none());
}
