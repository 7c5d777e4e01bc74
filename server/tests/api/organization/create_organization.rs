//! createOrganization

use super::*;

#[tokio::test]
async fn create_organization_makes_the_owners_team() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let ans = h
        .post(
            "/api/v1/organization/",
            Some(&alice),
            json!({"name": "qdgir2qi93org", "email": "qdgir2qi93org@example.com"}),
        )
        .await
        .expect(201);
    assert_eq!(ans.body, fixture("createOrganization", "org.create.ok"));
    assert_eq!(ans.body, json!("Created"));
    let org = h
        .get("/api/v1/organization/qdgir2qi93org", Some(&alice))
        .await
        .expect(200);
    assert_eq!(org.body["ordered_teams"], json!(["owners"]));
    assert_eq!(org.body["teams"]["owners"]["role"], "admin");
    assert_eq!(org.body["teams"]["owners"]["member_count"], 1);
    assert_eq!(
        org.body["avatar"]["hash"],
        "2fb477227d2786ecfb098c800f4c01df4ad39956b043e0a004367fa2b96ec766"
    );
    assert_eq!(org.body["tag_expiration_s"], 1_209_600);
    assert_eq!(logs(&h, "org_create").await, 1);
    // The creator is the owners team's only member.
    let members = h
        .get("/api/v1/organization/qdgir2qi93org/members", Some(&alice))
        .await
        .expect(200);
    assert_eq!(members.body["members"][0]["name"], "alice");
    assert_eq!(members.body["members"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn create_organization_refusals() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    h.user("bob", ALL).await;
    let post = |body: Value| {
        let h = &h;
        let alice = alice.clone();
        async move { h.post("/api/v1/organization/", Some(&alice), body).await }
    };
    post(json!({"name": "acme"})).await.expect(201);
    let dup = post(json!({"name": "acme"}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        dup.text(),
        "A user or organization with this name already exists"
    );
    same_shape(
        &dup.body,
        &fixture("createOrganization", "org.create.duplicate"),
    );
    // A user's name is taken too.
    assert_eq!(
        post(json!({"name": "bob"})).await.expect(400).text(),
        "A user or organization with this name already exists"
    );
    assert_eq!(
        post(json!({"name": "acme2", "email": "not-an-email"}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Invalid email address"
    );
    // contact_email wins over email.
    assert_eq!(
        post(json!({"name": "acme2", "email": "ok@example.com", "contact_email": "bad"}))
            .await
            .expect(400)
            .text(),
        "Invalid email address"
    );
    assert_eq!(
        post(json!({"name": "acme2", "email": "bob@example.com"}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Email has already been used: bob@example.com"
    );
    assert_eq!(
        post(json!({"name": "Bad Name"}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Invalid namespace Bad Name: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$"
    );
    assert_eq!(
        post(json!({"name": "a"})).await.expect(400).text(),
        "Invalid namespace a: Namespace must be between 2 and 255 characters in length"
    );
    // Bodies.
    assert_eq!(
        post(json!({"email": "x@example.com"}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "'name' is a required property"
    );
    assert_eq!(
        post(json!({"name": 123}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "123 is not of type 'string'"
    );
    assert_eq!(
        post(json!({"name": "acme3", "email": null}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "None is not of type 'string'"
    );
    assert_eq!(
        post(json!(["acme3"]))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "[\"acme3\"] is not of type 'object'"
    );
    h.call_raw(
        Method::POST,
        "/api/v1/organization/",
        Some(&alice),
        "application/json",
        "null",
    )
    .await
    .api_error(400, "invalid_request");
    h.call_raw(
        Method::POST,
        "/api/v1/organization/",
        Some(&alice),
        "application/json",
        "{nope",
    )
    .await
    .message_error(
        400,
        Some("The browser (or proxy) sent a request that this server could not understand."),
    );
    let wrong = h
        .call_raw(
            Method::POST,
            "/api/v1/organization/",
            Some(&alice),
            "application/x-www-form-urlencoded",
            "name=x",
        )
        .await
        .message_error(415, None);
    assert_eq!(
        wrong.body,
        fixture("createOrganization", "org.create.wrong_content_type")
    );
    // Nothing but acme was created.
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'org'").await,
        1
    );
    assert_eq!(count(&h, "SELECT count(*) FROM team").await, 1);
}

#[tokio::test]
async fn create_organization_needs_user_admin_before_the_body() {
    let h = Harness::new().await;
    let no_user_admin = h.user("alice", "org:admin repo:create user:read").await;
    h.post(
        "/api/v1/organization/",
        Some(&no_user_admin),
        json!({"name": "acme"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    // Permission first: a bad body still gets 403.
    h.post(
        "/api/v1/organization/",
        Some(&no_user_admin),
        json!({"nope": 1}),
    )
    .await
    .api_error(403, "insufficient_scope");
    let su_only = h.admin_with("super:user").await;
    h.post(
        "/api/v1/organization/",
        Some(&su_only),
        json!({"name": "acme"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.call(
        Method::POST,
        "/api/v1/organization/",
        None,
        Some(json!({"name": "acme"})),
    )
    .await
    .csrf();
    h.call(
        Method::POST,
        "/api/v1/organization/",
        Some("bogus"),
        Some(json!({"name": "acme"})),
    )
    .await
    .csrf();
    let redirect = h
        .post(
            "/api/v1/organization",
            Some(&h.admin),
            json!({"name": "acme"}),
        )
        .await
        .expect(308);
    assert_eq!(
        redirect.location.as_deref(),
        Some("http://quay.test/api/v1/organization/")
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'org'").await,
        0
    );
}

#[tokio::test]
async fn org_creation_can_be_reserved_to_superusers() {
    let h = Harness::with_config(Config {
        FEATURE_SUPERUSERS_ORG_CREATION_ONLY: true,
        ..Config::default()
    })
    .await;
    let alice = h.user("alice", ALL).await;
    h.post(
        "/api/v1/organization/",
        Some(&alice),
        json!({"name": "acme"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/organization/",
        Some(&h.admin),
        json!({"name": "acme"}),
    )
    .await
    .expect(201);
}
