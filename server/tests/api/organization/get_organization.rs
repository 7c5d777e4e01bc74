//! getOrganization

use super::*;

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
