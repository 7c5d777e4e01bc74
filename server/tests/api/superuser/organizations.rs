//! organizations

use super::*;

#[tokio::test]
async fn list_all_organizations() {
    let h = Harness::new().await;
    for name in ["acme", "beta", "gamma"] {
        org(&h, name).await;
    }
    h.user("bob", ALL).await;
    let ans = h
        .get("/api/v1/superuser/organizations/", Some(&h.admin))
        .await
        .expect(200);
    same_shape(
        &ans.body,
        fixture("listAllOrganizations", Some("ok")).body(),
    );
    let names: Vec<&str> = ans.body["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme", "beta", "gamma"]);
    assert_eq!(ans.body["organizations"][0]["avatar"]["kind"], "org");
    assert_eq!(ans.body["organizations"][0]["email"], "acme@example.com");
    let page = h
        .get("/api/v1/superuser/organizations/?limit=2", Some(&h.admin))
        .await
        .expect(200);
    let token = page.body["next_page"].as_str().unwrap().to_string();
    let next = h
        .get(
            &format!("/api/v1/superuser/organizations/?limit=2&next_page={token}"),
            Some(&h.admin),
        )
        .await
        .expect(200);
    assert_eq!(next.body["organizations"][0]["name"], "gamma");
    assert!(next.body.get("next_page").is_none());
    let ans = h
        .get("/api/v1/superuser/organizations/?limit=101", Some(&h.admin))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Page limit cannot be above 100");
    h.get("/api/v1/superuser/organizations/?limit=x", Some(&h.admin))
        .await
        .message_error(400, None);
    h.get("/api/v1/superuser/organizations", Some(&h.admin))
        .await
        .expect(308);
}

#[tokio::test]
async fn change_organization() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    let noop = h
        .put(
            "/api/v1/superuser/organizations/acme",
            Some(&h.admin),
            Some(json!({})),
        )
        .await
        .expect(200);
    same_shape(
        &noop.body,
        fixture("changeOrganization", Some("noop")).body(),
    );
    assert_eq!(noop.body["name"], "acme");
    let log = &logs(&h).await[0];
    assert_eq!(
        log["metadata"],
        json!({"old_name": "acme", "new_name": null, "superuser": "quayadmin"})
    );
    let renamed = h
        .put(
            "/api/v1/superuser/organizations/acme",
            Some(&h.admin),
            Some(json!({"name": "acme-corp", "email": "ignored@example.com"})),
        )
        .await
        .expect(200);
    assert_eq!(renamed.body["name"], "acme-corp");
    assert_eq!(renamed.body["email"], "acme@example.com");
    assert!(exists(&h, "acme-corp+bot").await && !exists(&h, "acme+bot").await);
    assert!(!exists(&h, "acme").await);
    // The old name is gone.
    h.put(
        "/api/v1/superuser/organizations/acme",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .message_error(400, Some("Organization does not exist: acme"));
    h.put(
        "/api/v1/superuser/organizations/bob",
        Some(&h.admin),
        Some(json!({})),
    )
    .await
    .message_error(400, Some("Organization does not exist: bob"));
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&h.admin),
        Some(json!({"name": "Bad Name!"})),
    )
    .await
    .message_error(
        400,
        Some(
            "Invalid username Bad Name!: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
        ),
    );
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&h.admin),
        Some(json!({"name": "bob"})),
    )
    .await
    .message_error(400, None);
    assert!(exists(&h, "acme-corp").await && exists(&h, "acme-corp+bot").await);
    let wrong = h
        .put(
            "/api/v1/superuser/organizations/acme-corp",
            Some(&h.admin),
            Some(json!({"name": 5})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        wrong.body["detail"],
        fixture("changeOrganization", Some("wrong_type")).body()["detail"]
    );
    // Body before rights.
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&bob),
        Some(json!({"name": 5})),
    )
    .await
    .api_error(400, "invalid_request");
    h.put(
        "/api/v1/superuser/organizations/acme-corp",
        Some(&bob),
        Some(json!({})),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.call_raw(
        Method::PUT,
        "/api/v1/superuser/organizations/acme-corp",
        Some(&h.admin),
        "text/plain",
        "{}",
    )
    .await
    .expect(415);
}

#[tokio::test]
async fn delete_organization() {
    let h = Harness::new().await;
    org(&h, "acme").await;
    robot(&h, "acme", "bot").await;
    h.post(
        "/api/v1/superuser/organization/acme/quota",
        Some(&h.admin),
        json!({"limit_bytes": 1000}),
    )
    .await
    .expect(201);
    let ans = h
        .delete("/api/v1/superuser/organizations/acme", Some(&h.admin))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert!(!exists(&h, "acme").await && !exists(&h, "acme+bot").await);
    let again = h
        .delete("/api/v1/superuser/organizations/acme", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &again.body,
        fixture("deleteOrganization", Some("again")).body(),
    );
    // A user is not an organization.
    h.delete("/api/v1/superuser/organizations/quayadmin", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let log = &logs(&h).await[0];
    assert_eq!(log["kind"], "org_delete");
    assert_eq!(log["metadata"], json!({"namespace": "acme"}));
    // The name can be used again.
    org(&h, "acme").await;
}
