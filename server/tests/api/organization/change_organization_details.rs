//! changeOrganizationDetails

use super::*;

#[tokio::test]
async fn change_organization_details() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let ans = h
        .put(
            "/api/v1/organization/acme",
            Some(&w.alice),
            Some(
                json!({"email": "acme-new@example.com", "invoice_email": true,
                        "invoice_email_address": "billing@example.com", "tag_expiration_s": 86400}),
            ),
        )
        .await
        .expect(200);
    same_shape(
        &ans.body,
        &fixture("changeOrganizationDetails", "org.change.ok"),
    );
    assert_eq!(ans.body["email"], "acme-new@example.com");
    assert_eq!(ans.body["invoice_email"], true);
    assert_eq!(ans.body["invoice_email_address"], "billing@example.com");
    assert_eq!(ans.body["tag_expiration_s"], 86400);
    assert_eq!(
        ans.body["avatar"]["hash"],
        Avatar::hash_of("acme-new@example.com")
    );
    assert_eq!(logs(&h, "org_change_invoicing").await, 2);
    assert_eq!(logs(&h, "org_change_email").await, 1);
    assert_eq!(logs(&h, "org_change_tag_expiration").await, 1);

    // `{}` changes nothing and still answers the view (teams always present).
    let ans = h
        .put("/api/v1/organization/acme", Some(&w.alice), Some(json!({})))
        .await
        .expect(200);
    assert_eq!(ans.body["ordered_teams"], json!(["owners", "devs"]));

    // A refused field changes nothing (Quay would keep the fields applied before it: a defect).
    let bad = h
        .put(
            "/api/v1/organization/acme",
            Some(&w.alice),
            Some(
                json!({"invoice_email_address": "partial@example.com", "tag_expiration_s": 12345}),
            ),
        )
        .await
        .message_error(400, Some("Invalid tag expiration option"));
    assert_eq!(
        bad.body,
        fixture("changeOrganizationDetails", "org.change.bad_tag_expiration")
    );
    let now = h
        .get("/api/v1/organization/acme", Some(&w.alice))
        .await
        .expect(200);
    assert_ne!(now.body["invoice_email_address"], "partial@example.com");
    assert_eq!(now.body["tag_expiration_s"], 86400);

    let bad = h
        .put(
            "/api/v1/organization/acme",
            Some(&w.alice),
            Some(json!({"contact_email": "nope"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(bad.text(), "Invalid email address");

    // contact_email null clears the address; "" clears the invoice address.
    let ans = h
        .put(
            "/api/v1/organization/acme",
            Some(&w.alice),
            Some(
                json!({"contact_email": null, "email": "ignored@example.com",
                        "invoice_email_address": ""}),
            ),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["email"], "");
    assert_eq!(ans.body["invoice_email_address"], Value::Null);
}

#[tokio::test]
async fn change_organization_details_refusals() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let refused = h
        .put("/api/v1/organization/acme", Some(&w.bob), Some(json!({})))
        .await
        .api_error(403, "insufficient_scope");
    assert_eq!(
        refused.body["detail"],
        fixture("changeOrganizationDetails", "org.change.user2_nonadmin")["detail"]
    );
    // Body before permission: a non-admin with a bad body gets 400.
    assert_eq!(
        h.put(
            "/api/v1/organization/acme",
            Some(&w.bob),
            Some(json!({"tag_expiration_s": -1}))
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "-1 is less than the minimum of 0"
    );
    assert_eq!(
        h.put(
            "/api/v1/organization/acme",
            Some(&w.bob),
            Some(json!({"invoice_email": "yes"}))
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "'yes' is not of type 'boolean'"
    );
    h.call_raw(
        Method::PUT,
        "/api/v1/organization/acme",
        Some(&w.alice),
        "text/plain",
        "{}",
    )
    .await
    .message_error(415, None);
    // An admin whose token lacks org:admin.
    let alice_weak = h.user("alice", "repo:admin repo:create user:admin").await;
    h.put(
        "/api/v1/organization/acme",
        Some(&alice_weak),
        Some(json!({"invoice_email": true})),
    )
    .await
    .api_error(403, "insufficient_scope");
    // Global read-only superusers never write.
    let auditor = h.user("auditor", ALL).await;
    h.put(
        "/api/v1/organization/acme",
        Some(&auditor),
        Some(json!({"invoice_email": true})),
    )
    .await
    .api_error(403, "insufficient_scope");
    // Unknown organization: 403 for ordinary callers; 404 on one's own user namespace.
    h.put("/api/v1/organization/nope", Some(&w.alice), Some(json!({})))
        .await
        .api_error(403, "insufficient_scope");
    h.put(
        "/api/v1/organization/alice",
        Some(&w.alice),
        Some(json!({})),
    )
    .await
    .api_error(404, "not_found");
    h.call(
        Method::PUT,
        "/api/v1/organization/acme",
        None,
        Some(json!({})),
    )
    .await
    .csrf();
    let after = h
        .get("/api/v1/organization/acme", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(after.body["invoice_email"], false);
    assert_eq!(logs(&h, "org_change_invoicing").await, 0);
}

#[tokio::test]
async fn full_access_superusers_change_any_organization() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    h.put(
        "/api/v1/organization/acme",
        Some(&h.admin),
        Some(json!({"invoice_email": true})),
    )
    .await
    .expect(200);
    let unknown = h
        .put("/api/v1/organization/nope", Some(&h.admin), Some(json!({})))
        .await
        .api_error(404, "not_found");
    same_shape(
        &unknown.body,
        &fixture("changeOrganizationDetails", "org.change.unknown"),
    );
    // Tag expiration is ignored when the feature is off.
    drop(w);
    let h = Harness::with_config(Config {
        FEATURE_CHANGE_TAG_EXPIRATION: false,
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let ans = h
        .put(
            "/api/v1/organization/acme",
            Some(&w.alice),
            Some(json!({"tag_expiration_s": 12345})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["tag_expiration_s"], 1_209_600);
}
