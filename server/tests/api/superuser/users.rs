//! users

use super::*;

#[tokio::test]
async fn list_all_users() {
    let h = Harness::new().await;
    h.user("bob", ALL).await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    let ans = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    same_shape(&ans.body, fixture("listAllUsers", Some("ok")).body());
    let names: Vec<&str> = ans.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["quayadmin", "bob"]);
    let admin = &ans.body["users"][0];
    assert_eq!(admin["super_user"], true);
    assert_eq!(admin["username"], "quayadmin");
    assert_eq!(admin["kind"], "user");
    assert_eq!(
        admin["avatar"],
        fixture("listAllUsers", Some("ok")).body()["users"][0]["avatar"]
    );
    assert_eq!(ans.body["users"][1]["super_user"], false);
    assert!(ans.body.get("next_page").is_none());
}

#[tokio::test]
async fn list_all_users_pages_and_filters() {
    let h = Harness::new().await;
    for name in ["u1", "u2", "u3", "u4"] {
        h.user(name, ALL).await;
    }
    let first = h
        .get("/api/v1/superuser/users/?limit=2", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(first.body["users"].as_array().unwrap().len(), 2);
    let token = first.body["next_page"].as_str().unwrap().to_string();
    let second = h
        .get(
            &format!("/api/v1/superuser/users/?limit=2&next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(second.body["users"][0]["name"], "u2");
    assert_eq!(second.body["users"][1]["name"], "u3");
    let token = second.body["next_page"].as_str().unwrap().to_string();
    let last = h
        .get(
            &format!("/api/v1/superuser/users/?limit=2&next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(last.body["users"].as_array().unwrap().len(), 1);
    assert!(last.body.get("next_page").is_none());
    // A bad token restarts at the first page; next_page alone does not page.
    let again = h
        .get(
            "/api/v1/superuser/users/?limit=2&next_page=garbage",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(again.body["users"][0]["name"], "quayadmin");
    let all = h
        .get(
            &format!("/api/v1/superuser/users/?next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(all.body["users"].as_array().unwrap().len(), 5);

    // Disabled users are listed unless disabled=false (truthy_bool).
    h.state
        .store
        .write(|tx| {
            tx.execute("UPDATE namespace SET enabled = 0 WHERE name = 'u1'", [])?;
            Ok(())
        })
        .await
        .unwrap();
    for (query, count) in [
        ("", 5),
        ("?disabled=true", 5),
        ("?disabled=yes", 5),
        ("?disabled=false", 4),
        ("?disabled=0", 4),
        ("?disabled=", 4),
    ] {
        let ans = h
            .get(&format!("/api/v1/superuser/users/{query}"), Some(&h.admin))
            .await
            .expect(200);
        assert_eq!(
            ans.body["users"].as_array().unwrap().len(),
            count,
            "{query}"
        );
    }
}

#[tokio::test]
async fn list_all_users_refusals() {
    let h = Harness::new().await;
    let ans = h
        .get("/api/v1/superuser/users/?limit=101", Some(&h.admin))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("listAllUsers", Some("limit101")).body()["detail"]
    );
    let ans = h
        .get("/api/v1/superuser/users/?limit=ten", Some(&h.admin))
        .await
        .message_error(400, None);
    assert_eq!(
        ans.body["message"],
        json!({"limit": "Limit to the number of results to return per page. Max 100."})
    );
    let ans = h
        .get("/api/v1/superuser/users", Some(&h.admin))
        .await
        .expect(308);
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/superuser/users/")
    );
    // limit below 1 is not refused.
    h.get("/api/v1/superuser/users/?limit=0", Some(&h.admin))
        .await
        .expect(200);
}

#[tokio::test]
async fn create_install_user() {
    let h = Harness::new().await;
    let ans = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol", "email": "carol@example.com"}),
        )
        .await
        .expect(200);
    same_shape(
        &ans.body,
        fixture("createInstallUser", Some("create")).body(),
    );
    assert_eq!(ans.body["username"], "carol");
    assert_eq!(ans.body["email"], "carol@example.com");
    let password = ans.body["password"].as_str().unwrap();
    assert_eq!(password.len(), 32);
    assert!(
        password
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert!(!ans.body["encrypted_password"].as_str().unwrap().is_empty());
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    let carol = &users.body["users"][1];
    assert_eq!(carol["name"], "carol");
    // With FEATURE_MAILING on, the user awaits e-mail confirmation.
    assert_eq!(carol["verified"], false);
    let log = &logs(&h).await[0];
    assert_eq!(log["kind"], "user_create");
    assert_eq!(
        log["metadata"],
        json!({"email": "carol@example.com", "username": "carol", "superuser": "quayadmin"})
    );
    assert_eq!(log["performer"]["name"], "quayadmin");
    assert_eq!(log["namespace"]["name"], "carol");

    // Duplicates.
    let dup = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol", "email": "carol-b@example.com"}),
        )
        .await
        .message_error(
            400,
            Some("Username has already been taken by user cannot be reused: carol"),
        );
    same_shape(
        &dup.body,
        fixture("createInstallUser", Some("duplicate")).body(),
    );
    org(&h, "acme").await;
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "acme", "email": "x@example.com"}),
    )
    .await
    .message_error(
        400,
        Some("Username has already been taken by an organization and cannot be reused: acme"),
    );
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave", "email": "carol@example.com"}),
    )
    .await
    .message_error(400, Some("Email has already been used: carol@example.com"));
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave"}),
    )
    .await
    .message_error(400, Some("Invalid email address: None"));
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave", "email": "not-an-email"}),
    )
    .await
    .message_error(400, Some("Invalid email address: not-an-email"));
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "Dave!", "email": "dave@example.com"}),
    )
    .await
    .message_error(
        400,
        Some(
            "Invalid namespace Dave!: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
        ),
    );
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "d", "email": "dave@example.com"}),
    )
    .await
    .message_error(
        400,
        Some("Invalid namespace d: Namespace must be between 2 and 255 characters in length"),
    );
    assert!(!exists(&h, "dave").await);
}

#[tokio::test]
async fn create_install_user_without_mailing() {
    let h = Harness::with_config(Config {
        FEATURE_MAILING: false,
        ..Default::default()
    })
    .await;
    let ans = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "carol"}),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["email"], Value::Null);
    h.post(
        "/api/v1/superuser/users/",
        Some(&h.admin),
        json!({"username": "dave", "email": "not-an-email"}),
    )
    .await
    .expect(200);
    let users = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    let carol = &users.body["users"][1];
    assert_eq!(carol["verified"], true);
    // A generated placeholder, as Quay stores.
    assert_eq!(carol["email"].as_str().unwrap().len(), 36);
    assert_eq!(users.body["users"][2]["email"], "not-an-email");
    let dup = h
        .post(
            "/api/v1/superuser/users/",
            Some(&h.admin),
            json!({"username": "erin", "email": "not-an-email"}),
        )
        .await
        .message_error(400, None);
    assert!(dup.text().contains("unique constraint"), "{dup:?}");
}

#[tokio::test]
async fn create_install_user_bodies() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/users/";
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"email": "someone@example.com"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "'username' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Data for creating a user',\n     'id': 'CreateInstallUser',\n     'properties': {'email': {'description': 'The email address of the '\n                                             'user being created',\n                              'type': 'string'},\n                    'username': {'description': 'The username of the user '\n                                                'being created',\n                                 'type': 'string'}},\n     'required': ['username']}\n\nOn instance:\n    {'email': 'someone@example.com'}"
    );
    // The body is checked before the caller's rights.
    h.post(path, Some(&bob), json!({"username": 5}))
        .await
        .api_error(400, "invalid_request");
    let ans = h
        .call_raw(
            Method::POST,
            path,
            Some(&h.admin),
            "text/plain",
            "username=x",
        )
        .await;
    same_shape(
        &ans.clone().expect(415).body,
        fixture("createInstallUser", Some("wrong_content_type")).body(),
    );
    h.call_raw(
        Method::POST,
        path,
        Some(&h.admin),
        "application/json",
        "{nope",
    )
    .await
    .message_error(
        400,
        Some("The browser (or proxy) sent a request that this server could not understand."),
    );
    let ans = h
        .call_raw(
            Method::POST,
            path,
            Some(&h.admin),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Missing JSON body");
    h.call_raw(
        Method::POST,
        path,
        Some(&h.admin),
        "application/json",
        "[1]",
    )
    .await
    .api_error(400, "invalid_request");
    let ans = h
        .post(path, Some(&h.admin), json!({"username": "carol"}))
        .await;
    assert_eq!(ans.status, 400);
    let ans = h
        .post(
            "/api/v1/superuser/users",
            Some(&h.admin),
            json!({"username": "carol", "email": "carol@example.com"}),
        )
        .await
        .expect(308);
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/superuser/users/")
    );
    assert!(!exists(&h, "carol").await);
}

#[tokio::test]
async fn create_install_user_needs_database_auth() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let state = quay_server::AppState::new(
        h.state.store.clone(),
        Config {
            AUTHENTICATION_TYPE: "LDAP".into(),
            ..Default::default()
        },
    );
    let client = poem::test::TestClient::new(quay_server::app(state));
    for token in [&h.admin, &bob] {
        let resp = client
            .post("/api/v1/superuser/users/")
            .header("authorization", format!("Bearer {token}"))
            .body_json(&json!({"username": "carol", "email": "c@example.com"}))
            .send()
            .await;
        resp.assert_status(poem::http::StatusCode::BAD_REQUEST);
        let text = resp.0.into_body().into_string().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body["detail"],
            "Cannot create a user in a non-database auth system"
        );
    }
}

#[tokio::test]
async fn delete_install_user() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    org(&h, "acme").await;
    h.get("/api/v1/user/", Some(&bob)).await.expect(200);
    let ans = h
        .delete("/api/v1/superuser/users/bob", Some(&h.admin))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert!(!exists(&h, "bob").await);
    // The user's tokens die with it.
    h.get("/api/v1/user/", Some(&bob))
        .await
        .api_error(401, "invalid_token");
    let ans = h
        .delete("/api/v1/superuser/users/bob", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    assert_eq!(
        ans.body["detail"],
        fixture("deleteInstallUser", Some("unknown")).body()["detail"]
    );
    h.delete("/api/v1/superuser/users/acme", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let ans = h
        .delete("/api/v1/superuser/users/quayadmin", Some(&h.admin))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Cannot delete a superuser");
    // The log keeps the deleted user's name.
    let log = &logs(&h).await[0];
    assert_eq!(log["kind"], "user_delete");
    assert_eq!(log["metadata"], json!({"username": "bob"}));
    assert_eq!(log["namespace"]["name"], "bob");
    assert_eq!(log["namespace"]["kind"], "user");
}

#[tokio::test]
async fn get_install_user_shows_one_user_as_the_list_does() {
    let h = Harness::new().await;
    h.user("alice", crate::common::ALL).await;
    let one = h
        .get("/api/v1/superuser/users/alice", Some(&h.admin))
        .await
        .expect(200);
    let list = h
        .get("/api/v1/superuser/users/", Some(&h.admin))
        .await
        .expect(200);
    let listed = list.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "alice")
        .unwrap()
        .clone();
    assert_eq!(one.body, listed);
    org(&h, "acme").await;
    for name in ["acme", "nobody"] {
        h.get(&format!("/api/v1/superuser/users/{name}"), Some(&h.admin))
            .await
            .api_error(404, "not_found");
    }
    let alice = h.user("alice", crate::common::ALL).await;
    h.get("/api/v1/superuser/users/alice", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/superuser/users/alice", None)
        .await
        .api_error(401, "invalid_token");
}

/// The stored password hash of `name`.
async fn stored_password_hash(h: &Harness, name: &str) -> String {
    let name = name.to_string();
    h.state
        .store
        .read(move |tx| {
            Ok(tx.query_row(
                "SELECT password_hash FROM namespace WHERE name = ?1",
                [name],
                |r| r.get::<_, String>(0),
            )?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn change_install_user_answers_the_user_as_it_was_and_changes_it() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/users/bob";
    let ans = h
        .put(
            path,
            Some(&h.admin),
            Some(json!({"email": "bob-new@example.com", "enabled": false})),
        )
        .await
        .expect(200);
    same_shape(
        &ans.body,
        fixture("changeInstallUser", Some("superuser.changeInstallUser.ok")).body(),
    );
    assert_eq!(ans.body["email"], "bob-new@example.com");
    // Quay's quirk: the answer is the user read before the change.
    assert_eq!(ans.body["enabled"], true);
    assert!(ans.body.get("encrypted_password").is_none());
    let now = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(
        (
            &now.body["enabled"],
            &now.body["email"],
            &now.body["verified"]
        ),
        (&json!(false), &json!("bob-new@example.com"), &json!(true))
    );
    assert_eq!(common::logs(&h, "user_change_email").await, 1);
    assert_eq!(common::logs(&h, "user_disable").await, 1);

    let ans = h
        .put(
            path,
            Some(&h.admin),
            Some(json!({"password": "n3w-password", "enabled": true})),
        )
        .await
        .expect(200);
    assert_eq!(
        ans.body["enabled"], false,
        "still the user before the change"
    );
    let encrypted = ans.body["encrypted_password"].as_str().unwrap();
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(encrypted)
            .unwrap()
            .len(),
        64
    );
    assert_eq!(common::logs(&h, "user_change_password").await, 1);
    assert_eq!(common::logs(&h, "user_enable").await, 1);
    let stored = stored_password_hash(&h, "bob").await;
    assert!(namespace::verify_password("n3w-password", &stored));
    // `{}` changes nothing and still answers.
    h.put(path, Some(&h.admin), Some(json!({})))
        .await
        .expect(200);
    drop(bob);
}

#[tokio::test]
async fn change_install_user_refusals_change_nothing() {
    let h = Harness::new().await;
    h.user("bob", ALL).await;
    h.user("carol", ALL).await;
    let path = "/api/v1/superuser/users/bob";
    let before = stored_password_hash(&h, "bob").await;
    let refused = h
        .put(
            path,
            Some(&h.admin),
            Some(json!({"password": "short", "email": "x@example.com"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        refused.text().starts_with("Invalid password"),
        "{refused:?}"
    );
    h.put(
        path,
        Some(&h.admin),
        Some(json!({"email": "carol@example.com"})),
    )
    .await
    .api_error(400, "invalid_request");
    assert_eq!(stored_password_hash(&h, "bob").await, before);
    let bob = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(bob.body["email"], "bob@example.com");
    assert_eq!(
        common::logs(&h, "user_change_email").await
            + common::logs(&h, "user_change_password").await,
        0
    );

    let su = h
        .put(
            "/api/v1/superuser/users/quayadmin",
            Some(&h.admin),
            Some(json!({"email": "q@example.com"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        su.body["detail"],
        fixture(
            "changeInstallUser",
            Some("superuser.changeInstallUser.superuser_target")
        )
        .body()["detail"]
    );
    h.put(
        "/api/v1/superuser/users/nosuch",
        Some(&h.admin),
        Some(json!({"email": "x@example.com"})),
    )
    .await
    .api_error(404, "not_found");
    org(&h, "acme").await;
    h.put(
        "/api/v1/superuser/users/acme",
        Some(&h.admin),
        Some(json!({"enabled": false})),
    )
    .await
    .api_error(404, "not_found");
    h.put(path, Some(&h.admin), Some(json!({"enabled": "no"})))
        .await
        .api_error(400, "invalid_request");
    let carol = h.user("carol", ALL).await;
    h.put(path, Some(&carol), Some(json!({"email": "x@example.com"})))
        .await
        .api_error(403, "insufficient_scope");
    h.put(path, None, Some(json!({"email": "x@example.com"})))
        .await
        .csrf();
}

#[tokio::test]
async fn take_ownership_of_an_organization_and_of_a_user() {
    let h = Harness::new().await;
    h.user("alice", ALL).await;
    common::org(&h, "acme", "alice").await;
    let ans = h
        .post(
            "/api/v1/superuser/takeownership/acme",
            Some(&h.admin),
            json!(null),
        )
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"namespace": "acme"}));
    let members = h
        .get(
            "/api/v1/organization/acme/team/owners/members",
            Some(&h.admin),
        )
        .await
        .expect(200);
    let names: Vec<&str> = members.body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(sorted(&names), sorted(&["alice", "quayadmin"]));
    // Again: already a member, nothing changes.
    h.post(
        "/api/v1/superuser/takeownership/acme",
        Some(&h.admin),
        json!(null),
    )
    .await
    .expect(200);

    let bob = h.user("bob", ALL).await;
    repo(&h, "bob", "tools").await;
    grant(&h, "bob", "tools", "alice", "write").await;
    h.post(
        "/api/v1/superuser/takeownership/bob",
        Some(&h.admin),
        json!(null),
    )
    .await
    .expect(200);
    let org = h
        .get("/api/v1/organization/bob", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(org.body["name"], "bob");
    let owners = h
        .get(
            "/api/v1/organization/bob/team/owners/members",
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(owners.body["members"][0]["name"], "quayadmin");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM namespace WHERE name = 'bob' AND password_hash IS NULL AND kind = 'org'").await, 1);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM repository r JOIN namespace n ON n.id = r.namespace_id WHERE n.name = 'bob'").await, 1);
    assert_eq!(common::logs(&h, "take_ownership").await, 3);
    drop(bob);
}

#[tokio::test]
async fn take_ownership_refusals() {
    let h = Harness::new().await;
    let su = h
        .post(
            "/api/v1/superuser/takeownership/quayadmin",
            Some(&h.admin),
            json!(null),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        su.body["detail"],
        fixture(
            "takeOwnership",
            Some("superuser.takeOwnership.superuser_ns")
        )
        .body()["detail"]
    );
    h.post(
        "/api/v1/superuser/takeownership/nosuch",
        Some(&h.admin),
        json!(null),
    )
    .await
    .api_error(404, "not_found");
    robot(&h, "quayadmin", "bot").await;
    h.post(
        "/api/v1/superuser/takeownership/quayadmin+bot",
        Some(&h.admin),
        json!(null),
    )
    .await
    .api_error(404, "not_found");
    let alice = h.user("alice", ALL).await;
    h.post(
        "/api/v1/superuser/takeownership/alice",
        Some(&alice),
        json!(null),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post("/api/v1/superuser/takeownership/alice", None, json!(null))
        .await
        .csrf();
    assert_eq!(common::logs(&h, "take_ownership").await, 0);
}

#[tokio::test]
async fn the_change_log_and_every_app_token() {
    let h = Harness::new().await;
    let log = h
        .get("/api/v1/superuser/changelog/", Some(&h.admin))
        .await
        .expect(200);
    assert!(log.body["log"].as_str().unwrap().starts_with("# Changelog"));
    let alice = h.user("alice", ALL).await;
    h.get("/api/v1/superuser/changelog/", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/superuser/changelog/", None)
        .await
        .api_error(401, "invalid_token");

    h.post("/api/v1/user/apptoken", Some(&alice), json!({"title": "a"}))
        .await
        .expect(200);
    // A regular superuser needs full access.
    h.get("/api/v1/superuser/apptokens", Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    let h2 = Harness::with_config(full_access()).await;
    let alice = h2.user("alice", ALL).await;
    h2.post("/api/v1/user/apptoken", Some(&alice), json!({"title": "a"}))
        .await
        .expect(200);
    let all = h2
        .get("/api/v1/superuser/apptokens", Some(&h2.admin))
        .await
        .expect(200);
    same_shape(
        &all.body,
        fixture("listAllAppTokens", Some("superuser.listAllAppTokens.ok")).body(),
    );
    assert_eq!(all.body["tokens"][0]["title"], "a");
    assert!(all.body["tokens"][0].get("token_code").is_none());
    h2.get("/api/v1/superuser/apptokens", Some(&alice))
        .await
        .api_error(403, "insufficient_scope");
    // A global read-only superuser, with a token of any scope.
    let h3 = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let auditor = h3.user("auditor", "user:read").await;
    h3.get("/api/v1/superuser/apptokens?expiring=true", Some(&auditor))
        .await
        .expect(200);
}
