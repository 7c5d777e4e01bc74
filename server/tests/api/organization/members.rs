//! members

use super::*;

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
