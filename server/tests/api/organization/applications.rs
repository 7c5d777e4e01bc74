//! applications

use super::*;

#[tokio::test]
async fn application_lifecycle() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let empty = h
        .get("/api/v1/organization/acme/applications", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        empty.body,
        fixture("getOrganizationApplications", "org.apps.list.empty")
    );
    let created = h
        .post(
            "/api/v1/organization/acme/applications",
            Some(&w.alice),
            json!({"name": "qdgir2qi93app", "description": "quaydiff application",
                   "application_uri": "http://127.0.0.1/app", "redirect_uri": "http://127.0.0.1/callback",
                   "avatar_email": "qdgir2qi93app@example.com"}),
        )
        .await
        .expect(200);
    let recorded = fixture("createOrganizationApplication", "org.app.create.ok");
    same_shape(&created.body, &recorded);
    for k in [
        "name",
        "description",
        "application_uri",
        "redirect_uri",
        "avatar_email",
    ] {
        assert_eq!(created.body[k], recorded[k], "{k}");
    }
    let client = created.body["client_id"].as_str().unwrap().to_string();
    let secret = created.body["client_secret"].as_str().unwrap().to_string();
    assert_eq!(client.len(), 20);
    assert_eq!(secret.len(), 40);
    assert!(
        client
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert_eq!(logs(&h, "create_application").await, 1);

    // Defaults of an application made with a name only.
    let bare = h
        .post(
            "/api/v1/organization/acme/applications",
            Some(&w.alice),
            json!({"name": "qdgir2qi93app"}),
        )
        .await
        .expect(200);
    assert_eq!(bare.body["description"], "");
    assert_eq!(bare.body["redirect_uri"], "");
    assert_eq!(bare.body["avatar_email"], Value::Null);

    let list = h
        .get("/api/v1/organization/acme/applications", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(list.body["applications"].as_array().unwrap().len(), 2);
    assert_eq!(list.body["applications"][0]["client_id"], json!(client));

    let path = format!("/api/v1/organization/acme/applications/{client}");
    let got = h.get(&path, Some(&w.alice)).await.expect(200);
    assert_eq!(got.body, created.body);
    same_shape(
        &got.body,
        &fixture("getOrganizationApplication", "org.app.get.ok"),
    );

    let updated = h
        .put(
            &path,
            Some(&w.alice),
            Some(
                json!({"name": "qdgir2qi93app-renamed", "redirect_uri": "http://127.0.0.1/cb2",
                        "application_uri": "http://127.0.0.1/app2", "description": "renamed"}),
            ),
        )
        .await
        .expect(200);
    let mut expected = fixture("updateOrganizationApplication", "org.app.update.ok");
    expected["client_id"] = json!(client);
    expected["client_secret"] = json!(secret);
    assert_eq!(updated.body, expected);
    // Full replacement: description omitted becomes "".
    let again = h
        .put(
            &path,
            Some(&w.alice),
            Some(
                json!({"name": "n", "redirect_uri": "", "application_uri": "",
                        "avatar_email": "a@example.com"}),
            ),
        )
        .await
        .expect(200);
    assert_eq!(again.body["description"], "");
    assert_eq!(again.body["avatar_email"], "a@example.com");
    assert_eq!(logs(&h, "update_application").await, 2);

    h.delete(&path, Some(&w.alice)).await.expect(204);
    assert_eq!(logs(&h, "delete_application").await, 1);
    h.get(&path, Some(&w.alice))
        .await
        .api_error(404, "not_found");
    h.delete(&path, Some(&w.alice))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn application_refusals() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let path = format!("/api/v1/organization/acme/applications/{client}");
    let reserved = h
        .post(
            "/api/v1/organization/acme/applications",
            Some(&w.alice),
            json!({"name": "__quay_bootstrap_app"}),
        )
        .await
        .api_error(400, "invalid_request");
    same_shape(
        &reserved.body,
        &fixture(
            "createOrganizationApplication",
            "org.app.create.reserved_name",
        ),
    );
    assert_eq!(
        reserved.text(),
        "Application name is reserved for bootstrap token provisioning"
    );
    h.put(
        &path,
        Some(&w.alice),
        Some(json!({"name": "__quay_bootstrap_app", "redirect_uri": "", "application_uri": ""})),
    )
    .await
    .api_error(400, "invalid_request");
    let missing = h
        .put(&path, Some(&w.alice), Some(json!({"name": "x"})))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(missing.text(), "'redirect_uri' is a required property");
    assert!(
        fixture(
            "updateOrganizationApplication",
            "org.app.update.missing_fields"
        )["detail"]
            .as_str()
            .unwrap()
            .starts_with(&missing.text())
    );
    // Body before permission.
    h.post(
        "/api/v1/organization/acme/applications",
        Some(&w.bob),
        json!({"avatar_email": null, "name": "x"}),
    )
    .await
    .api_error(400, "invalid_request");
    h.post(
        "/api/v1/organization/acme/applications",
        Some(&w.bob),
        json!({"name": "x"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/nope/applications",
        Some(&w.alice),
        json!({"name": "x"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.call(
        Method::POST,
        "/api/v1/organization/acme/applications",
        None,
        Some(json!({"name": "x"})),
    )
    .await
    .csrf();
    h.get(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.get(&path, None).await.api_error(401, "invalid_token");
    h.get(
        "/api/v1/organization/acme/applications/QDNOSUCHCLIENT000000",
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
    h.put(
        &path,
        Some(&w.bob),
        Some(json!({"name": "x", "redirect_uri": "", "application_uri": ""})),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.delete(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(&path, None).await.csrf();
    // The application of another organization is not found through this one.
    h.post(
        "/api/v1/organization/",
        Some(&w.alice),
        json!({"name": "other"}),
    )
    .await
    .expect(201);
    h.delete(
        &format!("/api/v1/organization/other/applications/{client}"),
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
    // Global read-only superusers read, without the secrets, and never write.
    let auditor = h.user("auditor", "user:read").await;
    let seen = h.get(&path, Some(&auditor)).await.expect(200);
    assert_eq!(seen.body["client_secret"], Value::Null);
    assert_eq!(seen.body["redirect_uri"], Value::Null);
    h.delete(&path, Some(&auditor))
        .await
        .api_error(403, "insufficient_scope");
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM oauth_application WHERE name != 'automation'"
        )
        .await,
        1
    );
    assert_eq!(logs(&h, "create_application").await, 1);
}

#[tokio::test]
async fn applications_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let got = h
        .get(
            &format!("/api/v1/organization/acme/applications/{client}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert!(got.body["client_secret"].is_string());
    h.get("/api/v1/organization/nope/applications", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.post(
        "/api/v1/organization/nope/applications",
        Some(&h.admin),
        json!({"name": "x"}),
    )
    .await
    .api_error(404, "not_found");
}

#[tokio::test]
async fn application_information_is_public() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let path = format!("/api/v1/app/{client}");
    let admin = h.get(&path, Some(&w.alice)).await.expect(200);
    same_shape(
        &admin.body,
        &fixture("getApplicationInformation", "appinfo.get.ok"),
    );
    assert_eq!(admin.body["uri"], "http://127.0.0.1/app");
    assert_eq!(admin.body["avatar"]["kind"], "app");
    // No avatar e-mail: drawn from the organization's e-mail.
    assert_eq!(
        admin.body["avatar"]["hash"],
        Avatar::hash_of("acme@example.com")
    );
    assert_eq!(admin.body["organization"]["teams"], json!({}));
    assert_eq!(admin.body["organization"]["ordered_teams"], json!([]));
    for token in [None, Some("bogus"), Some(w.dave.as_str())] {
        let ans = h.get(&path, token).await.expect(200);
        assert_eq!(ans.body["organization"]["is_admin"], false);
        assert_eq!(ans.body["organization"]["email"], "");
        assert_eq!(ans.body["organization"]["teams"], json!({}));
    }
    h.get("/api/v1/app/QDNOSUCHCLIENT000000", None)
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn a_reset_gives_a_new_secret_and_keeps_the_rest() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let created = h
        .post(
            "/api/v1/organization/acme/applications",
            Some(&w.alice),
            json!({"name": "ci", "redirect_uri": "http://127.0.0.1/cb"}),
        )
        .await
        .expect(200)
        .body;
    let client = created["client_id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/organization/acme/applications/{client}/resetclientsecret");
    let reset = h
        .post(&path, Some(&w.alice), json!({"client_secret": "mine"}))
        .await
        .expect(200)
        .body;
    same_shape(
        &reset,
        &fixture(
            "resetOrganizationApplicationClientSecret",
            "organization.resetOrganizationApplicationClientSecret.ok",
        ),
    );
    let secret = reset["client_secret"].as_str().unwrap();
    assert_ne!(secret, created["client_secret"].as_str().unwrap());
    assert_ne!(secret, "mine");
    assert_eq!(secret.len(), 40);
    assert!(
        secret
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    for k in [
        "name",
        "client_id",
        "redirect_uri",
        "description",
        "application_uri",
        "avatar_email",
    ] {
        assert_eq!(reset[k], created[k], "{k}");
    }
    let read = h
        .get(
            &format!("/api/v1/organization/acme/applications/{client}"),
            Some(&w.alice),
        )
        .await
        .body;
    assert_eq!(read["client_secret"], reset["client_secret"]);
    let again = h.post(&path, Some(&w.alice), json!({})).await.body;
    assert_ne!(again["client_secret"], reset["client_secret"]);
    let entries = common::log_metadata(&h, "reset_application_client_secret").await;
    assert_eq!(entries.len(), 2);
    assert_eq!(
        common::without_token(&entries[0]),
        json!({"application_name": "ci", "client_id": client})
    );

    // The rights first, then the organization and the application.
    h.post(&path, Some(&w.bob), json!({}))
        .await
        .api_error(403, "insufficient_scope");
    h.post(
        &format!("/api/v1/organization/nowhere/applications/{client}/resetclientsecret"),
        Some(&w.bob),
        json!({}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/acme/applications/NOSUCHCLIENT/resetclientsecret",
        Some(&w.alice),
        json!({}),
    )
    .await
    .api_error(404, "not_found");
    h.post(
        &format!("/api/v1/organization/alice/applications/{client}/resetclientsecret"),
        Some(&w.alice),
        json!({}),
    )
    .await
    .api_error(404, "not_found");
    h.post(&path, None, json!({})).await.csrf();
    assert_eq!(logs(&h, "reset_application_client_secret").await, 2);
}
