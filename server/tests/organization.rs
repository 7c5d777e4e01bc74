//! The `organization` tag through HTTP: organizations, members, collaborators, OAuth
//! applications and their tokens, proxy-cache configuration; every operation's success, its
//! failures as Quay answers them, the identity matrix and token-scope caps, and that a failed
//! request changes nothing. Response shapes are compared with the recorded fixtures.

mod common;

use std::collections::BTreeSet;

use common::*;
use common::{key_set as keys, recorded as fixture, sql_batch as sql};
use poem::http::Method;
use quay_server::Config;
use serde_json::{Value, json};

// ------------------------------------------------------------------ helpers

/// Asserts `actual` has the same keys as the fixture body, recursively for objects.
#[track_caller]
fn same_shape(actual: &Value, recorded: &Value) {
    match (actual, recorded) {
        (Value::Object(a), Value::Object(r)) => {
            assert_eq!(keys(actual), keys(recorded), "{actual} vs {recorded}");
            for (k, v) in r {
                if k == "teams" && v.is_object() {
                    // A map keyed by team name: compare the entries' shapes.
                    if let (Some(x), Some(y)) = (
                        a[k].as_object().and_then(|m| m.values().next()),
                        v.as_object().and_then(|m| m.values().next()),
                    ) {
                        same_shape(x, y);
                    }
                } else if !v.is_null() && !a[k].is_null() {
                    same_shape(&a[k], v);
                }
            }
        }
        (Value::Array(a), Value::Array(r)) => {
            if let (Some(x), Some(y)) = (a.first(), r.first()) {
                same_shape(x, y);
            }
        }
        _ => {}
    }
}

/// Users `alice` (creates `acme`, so its admin), `bob` (team `devs`, role member), `carol`
/// (outside collaborator: direct permission on `acme/web`, no team), `dave` (no relation);
/// robot `acme+bot` (in `devs`, permission on `web`); repository `acme/web` with a direct
/// permission for alice too. Returns the tokens (all scopes) of alice, bob, carol, dave.
struct World {
    alice: String,
    bob: String,
    carol: String,
    dave: String,
}

async fn world(h: &Harness) -> World {
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    let carol = h.user("carol", ALL).await;
    let dave = h.user("dave", ALL).await;
    h.post(
        "/api/v1/organization/",
        Some(&alice),
        json!({"name": "acme", "email": "acme@example.com"}),
    )
    .await
    .expect(201);
    sql(
        h,
        "INSERT INTO team (org_id, name, role, description) VALUES
           ((SELECT id FROM namespace WHERE name = 'acme'), 'devs', 'member', 'Developers');
         INSERT INTO team_member (team_id, user_id) VALUES
           ((SELECT id FROM team WHERE name = 'devs'), (SELECT id FROM namespace WHERE name = 'bob'));
         INSERT INTO namespace (name, kind, owner_id, created_at) VALUES
           ('acme+bot', 'robot', (SELECT id FROM namespace WHERE name = 'acme'), 'now');
         INSERT INTO team_member (team_id, user_id) VALUES
           ((SELECT id FROM team WHERE name = 'devs'), (SELECT id FROM namespace WHERE name = 'acme+bot'));
         INSERT INTO repository (namespace_id, name, visibility, created_at) VALUES
           ((SELECT id FROM namespace WHERE name = 'acme'), 'web', 'private', 'now');
         INSERT INTO repo_user_permission (repo_id, user_id, role) VALUES
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'alice'), 'admin'),
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'carol'), 'read'),
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'acme+bot'), 'write');
         INSERT INTO repo_team_permission (repo_id, team_id, role) VALUES
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM team WHERE name = 'devs'), 'read');",
    )
    .await;
    World {
        alice,
        bob,
        carol,
        dave,
    }
}

/// Creates an application in `org` with `token` and returns its client id.
async fn make_app(h: &Harness, org: &str, token: &str) -> String {
    let ans = h
        .post(
            &format!("/api/v1/organization/{org}/applications"),
            Some(token),
            json!({"name": "ci", "redirect_uri": "http://127.0.0.1/cb", "application_uri": "http://127.0.0.1/app"}),
        )
        .await
        .expect(200);
    ans.body["client_id"].as_str().unwrap().to_string()
}

// ------------------------------------------------------------------ createOrganization

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

// ------------------------------------------------------------------ getOrganization

#[tokio::test]
async fn get_organization_depends_on_the_caller() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let recorded = fixture("getOrganization", "org.get.admin");
    let admin = h
        .get("/api/v1/organization/acme", Some(&w.alice))
        .await
        .expect(200);
    same_shape(&admin.body, &recorded);
    assert_eq!(admin.body["email"], "acme@example.com");
    assert_eq!(admin.body["is_admin"], true);
    assert_eq!(admin.body["ordered_teams"], json!(["owners", "devs"]));
    assert_eq!(admin.body["teams"]["devs"]["repo_count"], 1);
    assert_eq!(admin.body["teams"]["devs"]["member_count"], 2);
    assert_eq!(admin.body["teams"]["devs"]["description"], "Developers");
    assert_eq!(admin.body["teams"]["devs"]["can_view"], true);
    assert_eq!(admin.body["invoice_email_address"], Value::Null);
    assert_eq!(admin.body["avatar"]["kind"], "user");
    assert_eq!(admin.body["teams"]["owners"]["avatar"]["kind"], "team");
    assert_eq!(
        admin.body["teams"]["owners"]["avatar"]["hash"],
        "6f0e3a8c0eb46e8834b43b03374ece43a030621d92a7437beb48f871e90f8d90"
    );

    let public: BTreeSet<String> = ["name", "email", "avatar", "is_admin", "is_member"]
        .map(String::from)
        .into();
    for token in [
        None,
        Some("bogus"),
        Some(w.dave.as_str()),
        Some(w.carol.as_str()),
    ] {
        let ans = h.get("/api/v1/organization/acme", token).await.expect(200);
        assert_eq!(keys(&ans.body), public, "{token:?}");
        assert_eq!(ans.body["email"], "");
        assert_eq!(ans.body["is_admin"], false);
    }

    // A member: teams, with can_view only for its own team; no admin fields.
    let member = h
        .get("/api/v1/organization/acme", Some(&w.bob))
        .await
        .expect(200);
    assert_eq!(member.body["is_member"], true);
    assert_eq!(member.body["is_admin"], false);
    assert_eq!(member.body["email"], "");
    assert_eq!(member.body["teams"]["devs"]["can_view"], true);
    assert_eq!(member.body["teams"]["owners"]["can_view"], false);
    assert!(member.body.get("invoice_email").is_none());
    assert_eq!(member.body["quotas"], json!([]));
    // A member token must hold org:admin or repo:create to count as a member.
    let bob_read = h.user("bob", "repo:read user:read").await;
    let ans = h
        .get("/api/v1/organization/acme", Some(&bob_read))
        .await
        .expect(200);
    assert_eq!(keys(&ans.body), public);
    let bob_create = h.user("bob", "repo:create").await;
    let ans = h
        .get("/api/v1/organization/acme", Some(&bob_create))
        .await
        .expect(200);
    assert_eq!(ans.body["is_member"], true);
    // An admin whose token lacks org:admin is a member, not an admin, but views every team.
    let alice_create = h.user("alice", "repo:create").await;
    let ans = h
        .get("/api/v1/organization/acme", Some(&alice_create))
        .await
        .expect(200);
    assert_eq!(
        (&ans.body["is_admin"], &ans.body["is_member"]),
        (&json!(false), &json!(true))
    );
    assert_eq!(ans.body["teams"]["devs"]["can_view"], true);

    // A superuser without FULL_ACCESS sees the public view.
    let ans = h
        .get("/api/v1/organization/acme", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(keys(&ans.body), public);

    let unknown = h
        .get("/api/v1/organization/nope", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    assert_eq!(
        unknown.body,
        json!({"detail": "Not Found", "error_message": "Not Found", "error_type": "not_found",
               "title": "not_found", "type": "http://quay.test/api/v1/error/not_found", "status": 404})
    );
    // A user namespace is not an organization.
    h.get("/api/v1/organization/alice", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/organization/acme/", Some(&w.alice))
        .await
        .expect(404);
}

#[tokio::test]
async fn viewing_superusers_see_the_admin_view() {
    let h = Harness::with_config(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let admin_keys = keys(
        &h.get("/api/v1/organization/acme", Some(&w.alice))
            .await
            .expect(200)
            .body,
    );
    let su = h
        .get("/api/v1/organization/acme", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(keys(&su.body), admin_keys);
    assert_eq!(su.body["email"], "acme@example.com");
    // Without super:user on the token the superuser is nobody special.
    let su_org = h.admin_with("org:admin").await;
    let ans = h
        .get("/api/v1/organization/acme", Some(&su_org))
        .await
        .expect(200);
    assert_eq!(ans.body["is_admin"], false);
    let auditor = h.user("auditor", "user:read").await;
    let ro = h
        .get("/api/v1/organization/acme", Some(&auditor))
        .await
        .expect(200);
    assert_eq!(keys(&ro.body), admin_keys);
    assert_eq!(ro.body["teams"]["owners"]["can_view"], true);
}

#[tokio::test]
async fn anonymous_access_can_be_switched_off() {
    let h = Harness::with_config(Config {
        FEATURE_ANONYMOUS_ACCESS: false,
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
    .expect(201);
    let ans = h.get("/api/v1/organization/acme", None).await.expect(401);
    assert_eq!(
        ans.body,
        json!({"error": "Anonymous access is not allowed"})
    );
}

// ------------------------------------------------------------------ changeOrganizationDetails

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

// ------------------------------------------------------------------ deleteAdminedOrganization

#[tokio::test]
async fn delete_organization_removes_everything_under_it() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let minted = h
        .post(
            &format!("/api/v1/organization/acme/applications/{client}/tokens"),
            Some(&w.alice),
            json!({"name": "ci", "scope": "org:admin"}),
        )
        .await
        .expect(200);
    let minted = minted.body["token"].as_str().unwrap().to_string();
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&w.alice),
        json!({"upstream_registry": "quay.io"}),
    )
    .await
    .expect(201);
    sql(
        &h,
        "INSERT INTO quota (namespace_id, limit_bytes) VALUES ((SELECT id FROM namespace WHERE name = 'acme'), 1000);",
    )
    .await;

    // Refusals change nothing.
    h.delete("/api/v1/organization/acme", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/organization/acme", None).await.csrf();
    h.delete("/api/v1/organization/acme/", Some(&w.alice))
        .await
        .expect(405);
    h.delete("/api/v1/organization/nope", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/organization/acme", Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    assert_eq!(count(&h, "SELECT count(*) FROM team").await, 2);

    let ans = h
        .delete("/api/v1/organization/acme", Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM oauth_application WHERE name != 'automation'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM access_token WHERE app_id IS NOT NULL AND name != 'automation'"
        )
        .await,
        0
    );
    for table in [
        "team",
        "team_member",
        "repository",
        "repo_user_permission",
        "repo_team_permission",
        "proxy_cache_config",
        "quota",
    ] {
        assert_eq!(
            count(&h, &format!("SELECT count(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM namespace WHERE kind IN ('org', 'robot')"
        )
        .await,
        0
    );
    assert_eq!(logs(&h, "org_delete").await, 1);
    h.get("/api/v1/organization/acme", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    // Tokens of its applications no longer work.
    h.get("/api/v1/organization/acme/members", Some(&minted))
        .await
        .api_error(401, "invalid_token");
    // The users themselves remain.
    assert_eq!(
        count(&h, "SELECT count(*) FROM namespace WHERE kind = 'user'").await,
        5
    );
}

#[tokio::test]
async fn delete_organization_as_full_access_superuser() {
    let h = Harness::with_config(full_access()).await;
    world(&h).await;
    let unknown = h
        .delete("/api/v1/organization/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &unknown.body,
        &fixture("deleteAdminedOrganization", "org.delete.unknown"),
    );
    h.delete("/api/v1/organization/acme", Some(&h.admin))
        .await
        .expect(204);
}

// ------------------------------------------------------------------ members

#[tokio::test]
async fn organization_members() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let ans = h
        .get("/api/v1/organization/acme/members", Some(&w.alice))
        .await
        .expect(200);
    same_shape(
        &ans.body,
        &fixture("getOrganizationMembers", "org.members.list.ok"),
    );
    let members = ans.body["members"].as_array().unwrap();
    let names: Vec<&str> = members
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob"]);
    assert_eq!(members[0]["teams"][0]["name"], "owners");
    assert_eq!(members[0]["repositories"], json!(["web"]));
    assert_eq!(members[1]["teams"][0]["name"], "devs");
    assert_eq!(members[1]["repositories"], json!([]));
    assert_eq!(members[1]["kind"], "user");

    let auditor = h.user("auditor", "user:read").await;
    h.get("/api/v1/organization/acme/members", Some(&auditor))
        .await
        .expect(200);
    h.get("/api/v1/organization/acme/members", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    let alice_weak = h.user("alice", "repo:create user:admin").await;
    h.get("/api/v1/organization/acme/members", Some(&alice_weak))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/members", Some(&h.admin))
        .await
        .api_error(403, "insufficient_scope");
    for token in [None, Some("bogus")] {
        let ans = h
            .get("/api/v1/organization/acme/members", token)
            .await
            .api_error(401, "invalid_token");
        same_shape(
            &ans.body,
            &fixture("getOrganizationMembers", "org.members.list.anonymous"),
        );
    }
    h.get("/api/v1/organization/nope/members", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn organization_member() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let bob = h
        .get("/api/v1/organization/acme/members/bob", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        keys(&bob.body),
        keys(&fixture("getOrganizationMember", "org.member.get.ok"))
    );
    same_shape(
        &bob.body,
        &fixture("getOrganizationMember", "org.member.get.ok"),
    );
    assert_eq!(bob.body["teams"][0]["name"], "devs");
    let alice = h
        .get("/api/v1/organization/acme/members/alice", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(alice.body["repositories"], json!(["web"]));
    // A robot of the organization, in a team or not.
    let bot = h
        .get("/api/v1/organization/acme/members/acme+bot", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(bot.body["kind"], "robot");
    assert_eq!(bot.body["avatar"]["kind"], "robot");
    assert_eq!(bot.body["repositories"], json!(["web"]));
    sql(
        &h,
        "INSERT INTO namespace (name, kind, owner_id, created_at) VALUES
           ('acme+lonely', 'robot', (SELECT id FROM namespace WHERE name = 'acme'), 'now');",
    )
    .await;
    let lonely = h
        .get(
            "/api/v1/organization/acme/members/acme+lonely",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(lonely.body["teams"], json!([]));
    // An outside collaborator, a stranger, an unknown name: 404.
    for name in ["carol", "dave", "nobody", "acme"] {
        h.get(
            &format!("/api/v1/organization/acme/members/{name}"),
            Some(&w.alice),
        )
        .await
        .api_error(404, "not_found");
    }
    h.get("/api/v1/organization/acme/members/bob", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/members/bob", None)
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn organization_member_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    world(&h).await;
    h.get("/api/v1/organization/acme/members/bob", Some(&h.admin))
        .await
        .expect(200);
    h.get("/api/v1/organization/nope/members/bob", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/organization/nope/members", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/organization/nope/collaborators", Some(&h.admin))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn remove_organization_member() {
    let h = Harness::new().await;
    let w = world(&h).await;
    // Refusals first.
    h.delete("/api/v1/organization/acme/members/bob", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete("/api/v1/organization/acme/members/bob", None)
        .await
        .csrf();
    h.delete("/api/v1/organization/acme/members/acme+bot", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    h.delete("/api/v1/organization/acme/members/nobody", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    let only = h
        .delete("/api/v1/organization/acme/members/alice", Some(&w.alice))
        .await
        .message_error(
            400,
            Some("Cannot remove user as they are the only organization admin"),
        );
    assert_eq!(
        only.body,
        fixture("removeOrganizationMember", "org.member.remove.only_admin")
    );
    assert_eq!(count(&h, "SELECT count(*) FROM team_member").await, 3);

    // Bob: out of every team (and his direct permissions, if any).
    sql(
        &h,
        "INSERT INTO repo_user_permission (repo_id, user_id, role) VALUES
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'bob'), 'write');",
    )
    .await;
    h.delete("/api/v1/organization/acme/members/bob", Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM team_member WHERE user_id = (SELECT id FROM namespace WHERE name = 'bob')"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM repo_user_permission WHERE user_id = (SELECT id FROM namespace WHERE name = 'bob')"
        )
        .await,
        0
    );
    // An outside collaborator loses its permissions; a stranger is a no-op.
    h.delete("/api/v1/organization/acme/members/carol", Some(&w.alice))
        .await
        .expect(204);
    let collab = h
        .get("/api/v1/organization/acme/collaborators", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(collab.body, json!({"collaborators": []}));
    h.delete("/api/v1/organization/acme/members/dave", Some(&w.alice))
        .await
        .expect(204);
    // With a second admin, alice can go.
    sql(
        &h,
        "INSERT INTO team_member (team_id, user_id) VALUES
           ((SELECT id FROM team WHERE name = 'owners'), (SELECT id FROM namespace WHERE name = 'dave'));",
    )
    .await;
    h.delete("/api/v1/organization/acme/members/alice", Some(&w.dave))
        .await
        .expect(204);
    let members = h
        .get("/api/v1/organization/acme/members", Some(&w.dave))
        .await
        .expect(200);
    assert_eq!(members.body["members"][0]["name"], "dave");
    assert_eq!(members.body["members"].as_array().unwrap().len(), 1);
}

// ------------------------------------------------------------------ collaborators

#[tokio::test]
async fn organization_collaborators() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let ans = h
        .get("/api/v1/organization/acme/collaborators", Some(&w.alice))
        .await
        .expect(200);
    same_shape(
        &ans.body,
        &fixture("getOrganizationCollaborators", "org.collaborators.ok"),
    );
    assert_eq!(ans.body["collaborators"].as_array().unwrap().len(), 1);
    assert_eq!(ans.body["collaborators"][0]["name"], "carol");
    assert_eq!(ans.body["collaborators"][0]["kind"], "user");
    assert_eq!(ans.body["collaborators"][0]["repositories"], json!(["web"]));
    let auditor = h.user("auditor", "repo:read").await;
    h.get("/api/v1/organization/acme/collaborators", Some(&auditor))
        .await
        .expect(200);
    h.get("/api/v1/organization/acme/collaborators", Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/collaborators", Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/nope/collaborators", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    h.get("/api/v1/organization/acme/collaborators", None)
        .await
        .api_error(401, "invalid_token");
}

// ------------------------------------------------------------------ applications

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

// ------------------------------------------------------------------ application tokens

async fn mint(h: &Harness, client: &str, token: &str, body: Value) -> common::Answer {
    h.post(
        &format!("/api/v1/organization/acme/applications/{client}/tokens"),
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn minted_tokens_work_capped_by_their_scopes() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let ans = mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "  ci token ", "scope": "repo:read,org:admin repo:read"}),
    )
    .await
    .expect(200);
    same_shape(
        &ans.body,
        &fixture("createOrganizationApplicationToken", "apptoken.create.ok"),
    );
    assert_eq!(ans.body["name"], "ci token");
    assert_eq!(ans.body["scope"], "repo:read org:admin");
    assert_eq!(ans.body["created_by"], "alice");
    assert_eq!(ans.body["last_accessed"], Value::Null);
    let token = ans.body["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 40);
    let created = ans.body["created"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.contains('T'), "{created}");
    let expires = ans.body["expires_at"].as_str().unwrap();
    assert!(expires[..4].parse::<i32>().unwrap() >= 2035, "{expires}");
    assert_eq!(logs(&h, "create_oauth_api_token").await, 1);

    // The token acts as alice with its scopes.
    h.get("/api/v1/organization/acme/members", Some(&token))
        .await
        .expect(200);
    let read_only = mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "ro", "scope": "repo:read", "expiration": 60}),
    )
    .await
    .expect(200);
    let ro = read_only.body["token"].as_str().unwrap().to_string();
    h.get("/api/v1/organization/acme/members", Some(&ro))
        .await
        .api_error(403, "insufficient_scope");
    let view = h
        .get("/api/v1/organization/acme", Some(&ro))
        .await
        .expect(200);
    assert_eq!(view.body["is_member"], false);

    // Listing: newest first, no secrets, last use recorded.
    let list = h
        .get(
            &format!("/api/v1/organization/acme/applications/{client}/tokens"),
            Some(&w.alice),
        )
        .await
        .expect(200);
    same_shape(
        &list.body,
        &fixture("listOrganizationApplicationTokens", "apptoken.list.ok"),
    );
    let tokens = list.body["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0]["name"], "ro");
    assert_eq!(tokens[1]["name"], "ci token");
    assert!(tokens[1]["last_accessed"].is_string());
    assert!(tokens.iter().all(|t| t.get("token").is_none()));
    assert!(list.body.get("next_page").is_none());

    // Revoking: the token stops working; a second revoke is 404.
    let uuid = ans.body["uuid"].as_str().unwrap();
    let path = format!("/api/v1/organization/acme/applications/{client}/tokens/{uuid}");
    h.delete(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(&path, None).await.csrf();
    h.delete(&path, Some(&w.alice)).await.expect(204);
    assert_eq!(logs(&h, "revoke_oauth_api_token").await, 1);
    h.get("/api/v1/organization/acme/members", Some(&token))
        .await
        .api_error(401, "invalid_token");
    let again = h
        .delete(&path, Some(&w.alice))
        .await
        .api_error(404, "not_found");
    same_shape(
        &again.body,
        &fixture(
            "deleteOrganizationApplicationToken",
            "apptoken.delete.unknown",
        ),
    );
    h.delete(
        "/api/v1/organization/acme/applications/NOSUCHCLIENT/tokens/x",
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
}

#[tokio::test]
async fn minting_refusals() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let bad_scope = mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "nonsense:scope"}),
    )
    .await
    .message_error(400, Some("Invalid scope: nonsense:scope"));
    assert_eq!(
        bad_scope.body,
        fixture(
            "createOrganizationApplicationToken",
            "apptoken.create.bad_scope"
        )
    );
    mint(&h, &client, &w.alice, json!({"name": "x", "scope": ""}))
        .await
        .message_error(400, Some("Invalid scope: "));
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "repo:read nonsense"}),
    )
    .await
    .message_error(400, Some("Invalid scope: repo:read nonsense"));
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "   ", "scope": "repo:read"}),
    )
    .await
    .message_error(400, Some("'name' must not be empty"));
    let missing = mint(&h, &client, &w.alice, json!({"scope": "repo:read"}))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(missing.text(), "'name' is a required property");
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "", "scope": "repo:read"}),
    )
    .await
    .api_error(400, "invalid_request");
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "repo:read", "expiration": 0}),
    )
    .await
    .api_error(400, "invalid_request");
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "repo:read", "expiration": true}),
    )
    .await
    .api_error(400, "invalid_request");
    // Body before permission: bob with a bad body gets 400, with a good one 403.
    mint(&h, &client, &w.bob, json!({"scope": "repo:read"}))
        .await
        .api_error(400, "invalid_request");
    mint(
        &h,
        &client,
        &w.bob,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    mint(
        &h,
        "NOSUCHCLIENT",
        &w.alice,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .api_error(404, "not_found");
    // The requested scopes must be covered by the caller's own token.
    let narrow = h.user("alice", "org:admin repo:read").await;
    mint(
        &h,
        &client,
        &narrow,
        json!({"name": "x", "scope": "repo:write"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    mint(
        &h,
        &client,
        &narrow,
        json!({"name": "x", "scope": "user:read"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    mint(
        &h,
        &client,
        &narrow,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .expect(200);
    // super:user needs a real superuser.
    mint(
        &h,
        &client,
        &w.alice,
        json!({"name": "x", "scope": "super:user"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.call(
        Method::POST,
        &format!("/api/v1/organization/acme/applications/{client}/tokens"),
        Some("bogus"),
        Some(json!({"name": "x", "scope": "repo:read"})),
    )
    .await
    .csrf();
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM access_token WHERE app_id IS NOT NULL AND name != 'automation'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn full_access_superuser_tokens_mint_only_their_scopes() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    let su_only = h.admin_with("super:user").await;
    mint(
        &h,
        &client,
        &su_only,
        json!({"name": "x", "scope": "repo:read"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    let minted = mint(
        &h,
        &client,
        &su_only,
        json!({"name": "x", "scope": "super:user"}),
    )
    .await
    .expect(200);
    assert_eq!(minted.body["created_by"], "quayadmin");
    mint(
        &h,
        &client,
        &h.admin,
        json!({"name": "y", "scope": "repo:admin org:admin"}),
    )
    .await
    .expect(200);
    h.get(
        &format!("/api/v1/organization/nope/applications/{client}/tokens"),
        Some(&h.admin),
    )
    .await
    .api_error(404, "not_found");
}

#[tokio::test]
async fn token_listing_pages_and_hides_expired_tokens() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let client = make_app(&h, "acme", &w.alice).await;
    for i in 0..52 {
        mint(
            &h,
            &client,
            &w.alice,
            json!({"name": format!("t{i}"), "scope": "repo:read"}),
        )
        .await
        .expect(200);
    }
    sql(
        &h,
        "UPDATE access_token SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE name = 't51'",
    )
    .await;
    let path = format!("/api/v1/organization/acme/applications/{client}/tokens");
    let first = h.get(&path, Some(&w.alice)).await.expect(200);
    let page = first.body["tokens"].as_array().unwrap();
    assert_eq!(page.len(), 50);
    assert_eq!(page[0]["name"], "t50");
    let next = first.body["next_page"].as_str().unwrap();
    let second = h
        .get(&format!("{path}?next_page={next}"), Some(&w.alice))
        .await
        .expect(200);
    let names: Vec<&str> = second.body["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["t0"]);
    assert!(second.body.get("next_page").is_none());
    // An invalid page token starts over.
    let again = h
        .get(&format!("{path}?next_page=gAAAAABnonsense"), Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(again.body["tokens"][0]["name"], "t50");
    let auditor = h.user("auditor", "user:read").await;
    h.get(&path, Some(&auditor)).await.expect(200);
    h.get(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    let anon = h.get(&path, None).await.api_error(401, "invalid_token");
    same_shape(
        &anon.body,
        &fixture(
            "listOrganizationApplicationTokens",
            "apptoken.list.anonymous",
        ),
    );
    h.get(
        "/api/v1/organization/acme/applications/NOSUCHCLIENT/tokens",
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
}

// ------------------------------------------------------------------ proxy cache

#[tokio::test]
async fn proxy_cache_configuration_lifecycle() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let path = "/api/v1/organization/acme/proxycache";
    let none = h.get(path, Some(&w.alice)).await.expect(200);
    assert_eq!(none.body, fixture("getProxyCacheConfig", "proxy.get.none"));
    // Members read it (token with repo:create or org:admin); others may not.
    h.get(path, Some(&w.bob)).await.expect(200);
    let bob_read = h.user("bob", "repo:read").await;
    h.get(path, Some(&bob_read))
        .await
        .api_error(403, "insufficient_scope");
    h.get(path, Some(&w.dave))
        .await
        .api_error(403, "insufficient_scope");
    h.get(path, None).await.api_error(401, "invalid_token");
    h.get("/api/v1/organization/nope/proxycache", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    // One's own user namespace: the empty answer.
    let own = h
        .get("/api/v1/organization/alice/proxycache", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(own.body["upstream_registry"], "");

    let body =
        json!({"upstream_registry": "127.0.0.1:5999", "insecure": true, "expiration_s": 3600});
    h.post(path, Some(&w.bob), body.clone())
        .await
        .api_error(403, "insufficient_scope");
    h.post(path, None, body.clone()).await.csrf();
    let created = h.post(path, Some(&w.alice), body.clone()).await.expect(201);
    assert_eq!(
        created.body,
        fixture("createProxyCacheConfig", "proxy.create.ok")
    );
    assert_eq!(logs(&h, "create_proxy_cache_config").await, 1);
    let got = h.get(path, Some(&w.bob)).await.expect(200);
    assert_eq!(
        got.body,
        json!({"upstream_registry": "127.0.0.1:5999", "expiration_s": 3600, "insecure": true})
    );
    let dup = h
        .post(path, Some(&w.alice), body.clone())
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        dup.body["detail"],
        fixture("createProxyCacheConfig", "proxy.create.duplicate")["detail"]
    );

    h.delete(path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(path, None).await.csrf();
    let deleted = h.delete(path, Some(&w.alice)).await.expect(201);
    assert_eq!(
        deleted.body,
        fixture("deleteProxyCacheConfig", "proxy.delete.ok")
    );
    assert_eq!(logs(&h, "delete_proxy_cache_config").await, 1);
    h.delete(path, Some(&w.alice))
        .await
        .api_error(404, "not_found");
    // Defaults.
    h.post(
        path,
        Some(&w.alice),
        json!({"upstream_registry": "quay.io/someorg"}),
    )
    .await
    .expect(201);
    let got = h.get(path, Some(&w.alice)).await.expect(200);
    assert_eq!(
        got.body,
        json!({"upstream_registry": "quay.io/someorg", "expiration_s": 86400, "insecure": false})
    );
}

#[tokio::test]
async fn proxy_cache_refusals() {
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec![],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    let path = "/api/v1/organization/acme/proxycache";
    let refused = h
        .post(
            path,
            Some(&w.alice),
            json!({"upstream_registry": "127.0.0.1:5999"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(refused.text(), "The provided registry URL is not allowed");
    assert_eq!(
        h.post(path, Some(&w.alice), json!({"upstream_registry": ""}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "URL must include a hostname"
    );
    assert_eq!(
        h.post(
            path,
            Some(&w.alice),
            json!({"upstream_registry": "u:p@quay.io"})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "URLs with embedded credentials are not allowed"
    );
    // Body before permission.
    assert_eq!(
        h.post(path, Some(&w.bob), json!({"insecure": true}))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "'upstream_registry' is a required property"
    );
    h.post(path, Some(&w.bob), json!({"upstream_registry": null}))
        .await
        .api_error(400, "invalid_request");
    h.call_raw(Method::POST, path, Some(&w.alice), "text/plain", "{}")
        .await
        .message_error(415, None);
    assert_eq!(
        count(&h, "SELECT count(*) FROM proxy_cache_config").await,
        0
    );
    h.post(
        path,
        Some(&w.alice),
        json!({"upstream_registry": "QUAY.io/x"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn proxy_cache_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    world(&h).await;
    let none = h
        .get("/api/v1/organization/nope/proxycache", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(none.body["expiration_s"], "");
    let failed = h
        .post(
            "/api/v1/organization/nope/proxycache",
            Some(&h.admin),
            json!({"upstream_registry": "quay.io"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        failed.text(),
        "Error while creating Proxy cache configuration"
    );
    h.delete("/api/v1/organization/nope/proxycache", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let unknown = h
        .post(
            "/api/v1/organization/nope/validateproxycache",
            Some(&h.admin),
            json!({"upstream_registry": "127.0.0.1:5999", "insecure": true}),
        )
        .await
        .message_error(400, Some("Organization does not exist: nope"));
    assert_eq!(
        unknown.body,
        json!({"message": "Organization does not exist: nope"})
    );
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&h.admin),
        json!({"upstream_registry": "quay.io"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn proxy_cache_operations_need_the_feature() {
    let h = Harness::with_config(Config {
        FEATURE_PROXY_CACHE: false,
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    h.get("/api/v1/organization/acme/proxycache", Some(&w.alice))
        .await
        .expect(404);
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&w.alice),
        json!({"upstream_registry": "quay.io"}),
    )
    .await
    .expect(405);
    h.post(
        "/api/v1/organization/acme/validateproxycache",
        Some(&w.alice),
        json!({"upstream_registry": "quay.io"}),
    )
    .await
    .expect(405);
}

// ------------------------------------------------------------------ validateProxyCacheConfig

/// How the tiny upstream registry behaves.
#[derive(Clone, Copy)]
enum Upstream {
    /// `/v2/` needs a bearer token from `/token`, which wants `puller:secret` (or gives nothing
    /// to anonymous callers); with the token `/v2/` answers this status.
    TokenAuth(u16),
    /// `/v2/` answers 200 to anyone.
    Open,
    /// `/v2/` answers this status.
    Status(u16),
}

/// Starts a registry stand-in on 127.0.0.1:0; returns `host:port` and the server task.
async fn upstream(kind: Upstream) -> (String, tokio::task::JoinHandle<()>) {
    use poem::http::StatusCode;
    use poem::listener::{Acceptor, Listener, TcpListener};
    use poem::{Request, Response};
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .unwrap()
        .to_string();
    let realm = format!("http://{addr}/token");
    let app = poem::endpoint::make(move |req: Request| {
        let realm = realm.clone();
        async move {
            let auth = req
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let path = req.uri().path().to_string();
            let status = |s: u16| StatusCode::from_u16(s).unwrap();
            let resp = match (kind, path.as_str()) {
                (Upstream::Open, "/v2/") => Response::builder().status(status(200)).body("{}"),
                (Upstream::Status(s), "/v2/") => Response::builder().status(status(s)).body(""),
                (Upstream::TokenAuth(s), "/v2/") if auth == "Bearer goodtoken" => {
                    Response::builder().status(status(s)).body("{}")
                }
                (Upstream::TokenAuth(_), "/v2/") => Response::builder()
                    .status(status(401))
                    .header(
                        "www-authenticate",
                        format!("Bearer realm=\"{realm}\",service=\"test-registry\""),
                    )
                    .body(""),
                (Upstream::TokenAuth(_), "/token") => {
                    assert_eq!(req.uri().query(), Some("service=test-registry"));
                    if auth == "Basic cHVsbGVyOnNlY3JldA==" {
                        Response::builder()
                            .status(status(200))
                            .content_type("application/json")
                            .body(r#"{"token": "goodtoken"}"#)
                    } else {
                        Response::builder().status(status(401)).body("")
                    }
                }
                _ => Response::builder().status(status(404)).body(""),
            };
            Ok::<Response, poem::Error>(resp)
        }
    });
    let task = tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor).run(app).await;
    });
    (addr, task)
}

async fn validate(h: &Harness, token: &str, body: Value) -> common::Answer {
    h.post(
        "/api/v1/organization/acme/validateproxycache",
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn validate_proxy_cache_against_a_live_upstream() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let (addr, task) = upstream(Upstream::TokenAuth(200)).await;

    let anon = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .expect(202);
    assert_eq!(
        anon.body,
        fixture(
            "validateProxyCacheConfig",
            "proxy.validate.anonymous_upstream"
        )
    );
    let valid = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": format!("{addr}/someorg"), "insecure": true,
               "upstream_registry_username": "puller", "upstream_registry_password": "secret"}),
    )
    .await
    .expect(202);
    assert_eq!(valid.body, json!("Valid"));
    let bad = validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": "qduser", "upstream_registry_password": "wrong"}),
    )
    .await
    .api_error(400, "invalid_request");
    same_shape(
        &bad.body,
        &fixture("validateProxyCacheConfig", "proxy.validate.bad_credentials"),
    );
    assert_eq!(
        bad.body["detail"],
        fixture("validateProxyCacheConfig", "proxy.validate.bad_credentials")["detail"]
    );
    // Null keys are dropped: anonymous again.
    validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": null, "upstream_registry_password": null}),
    )
    .await
    .expect(202);
    // Without `insecure` Quay speaks HTTPS, which this upstream does not.
    validate(&h, &w.alice, json!({"upstream_registry": addr}))
        .await
        .api_error(400, "invalid_request");
    // Permission and body order, refusals.
    validate(
        &h,
        &w.bob,
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .api_error(403, "insufficient_scope");
    validate(&h, &w.bob, json!({"upstream_registry": null}))
        .await
        .api_error(400, "invalid_request");
    h.call(
        Method::POST,
        "/api/v1/organization/acme/validateproxycache",
        None,
        Some(json!({"upstream_registry": addr})),
    )
    .await
    .csrf();
    // Validation stores nothing; an existing configuration is refused.
    assert_eq!(
        count(&h, "SELECT count(*) FROM proxy_cache_config").await,
        0
    );
    h.post(
        "/api/v1/organization/acme/proxycache",
        Some(&w.alice),
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .expect(201);
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": addr, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Proxy Cache Configuration already exists"
    );
    task.abort();
}

#[tokio::test]
async fn validate_proxy_cache_upstream_answers() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let (open, t1) = upstream(Upstream::Open).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": open, "insecure": true})
        )
        .await
        .expect(202)
        .body,
        json!("Valid")
    );
    let (broken, t2) = upstream(Upstream::Status(500)).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": broken, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    // Quay's proxy reads any answer but 200 as a challenge: without one it cannot log in.
    let (odd, t3) = upstream(Upstream::Status(204)).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": odd, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    let creds = |addr: &str| {
        json!({"upstream_registry": addr, "insecure": true,
               "upstream_registry_username": "puller", "upstream_registry_password": "secret"})
    };
    // Logged in, then an answer that is neither 200 nor 401.
    let (partial, t4) = upstream(Upstream::TokenAuth(204)).await;
    assert_eq!(
        validate(&h, &w.alice, creds(&partial))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Failed to validate Proxy cache configuration"
    );
    let (failing, t5) = upstream(Upstream::TokenAuth(503)).await;
    assert_eq!(
        validate(&h, &w.alice, creds(&failing))
            .await
            .api_error(400, "invalid_request")
            .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    t4.abort();
    t5.abort();
    // Nothing listens there.
    t1.abort();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": closed, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "Failed login to remote registry. Please verify entered details and try again."
    );
    t2.abort();
    t3.abort();
}

#[tokio::test]
async fn validate_proxy_cache_honours_the_allowed_upstreams() {
    let (addr, task) = upstream(Upstream::Open).await;
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec![],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    assert_eq!(
        validate(
            &h,
            &w.alice,
            json!({"upstream_registry": addr, "insecure": true})
        )
        .await
        .api_error(400, "invalid_request")
        .text(),
        "The provided registry URL is not allowed"
    );
    let h = Harness::with_config(Config {
        SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    validate(
        &h,
        &w.alice,
        json!({"upstream_registry": addr, "insecure": true}),
    )
    .await
    .expect(202);
    task.abort();
}

/// Avatar hashes as Quay computes them.
struct Avatar;

impl Avatar {
    fn hash_of(s: &str) -> String {
        quay_server::models::Avatar::new("x", Some(s), quay_server::models::AvatarKind::User).hash
    }
}
