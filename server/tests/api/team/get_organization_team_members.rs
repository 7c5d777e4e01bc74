//! getOrganizationTeamMembers

use super::*;

#[tokio::test]
async fn members_list_users_and_robots() {
    let w = world().await;
    w.h.put(
        &format!("{TEAM}/devs/members/acme+bot"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    let ans =
        w.h.get(&format!("{TEAM}/devs/members"), Some(&w.alice))
            .await
            .expect(200);
    let rec = recorded("getOrganizationTeamMembers", "team.members.list.ok");
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(keys(&ans.body["members"][0]), keys(&rec["members"][0]));
    assert_eq!(ans.body["name"], "devs");
    assert_eq!(ans.body["can_edit"], true);
    let members = ans.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["name"], "bob");
    assert_eq!(members[0]["kind"], "user");
    assert_eq!(members[0]["is_robot"], false);
    assert_eq!(members[0]["invited"], false);
    assert_eq!(members[0]["avatar"]["kind"], "user");
    assert_eq!(members[1]["name"], "acme+bot");
    assert_eq!(members[1]["kind"], "user");
    assert_eq!(members[1]["is_robot"], true);
    assert_eq!(members[1]["avatar"]["kind"], "robot");

    // A member of the team sees the list, cannot edit.
    let ans =
        w.h.get(&format!("{TEAM}/devs/members"), Some(&w.bob))
            .await
            .expect(200);
    assert_eq!(ans.body["can_edit"], false);
    // ...with `repo:create` only, too; not with an unrelated scope.
    let creator = w.h.user("bob", "repo:create").await;
    w.h.get(&format!("{TEAM}/devs/members"), Some(&creator))
        .await
        .expect(200);
    let reader = w.h.user("bob", "repo:read user:read").await;
    w.h.get(&format!("{TEAM}/devs/members"), Some(&reader))
        .await
        .api_error(403, "insufficient_scope");
    // Another team, no membership: 403.
    w.h.get(&format!("{TEAM}/owners/members"), Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&format!("{TEAM}/devs/members"), Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&format!("{TEAM}/devs/members"), None)
        .await
        .api_error(401, "invalid_token");
    w.h.get(&format!("{TEAM}/devs/members"), Some("bogus"))
        .await
        .api_error(401, "invalid_token");
    w.h.get(&format!("{TEAM}/devs/members"), Some(&w.h.admin))
        .await
        .api_error(403, "insufficient_scope");
    // Unknown team: 404 for the admin, 403 for others.
    w.h.get(&format!("{TEAM}/noteam/members"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
    w.h.get(&format!("{TEAM}/noteam/members"), Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/members",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn pending_invites_are_listed_for_admins_only() {
    let w = world().await;
    // carol is in no team of acme: invited.
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    w.h.put(
        &format!("{TEAM}/devs/invite/someone@example.com"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.alice),
        )
        .await
        .expect(200);
    let members = ans.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(
        (members[0]["name"].clone(), members[0]["invited"].clone()),
        (json!("bob"), json!(false))
    );
    assert_eq!(
        (members[1]["name"].clone(), members[1]["invited"].clone()),
        (json!("carol"), json!(true))
    );
    assert_eq!(members[2]["email"], "someone@example.com");
    assert_eq!(members[2]["kind"], "invite");
    assert_eq!(members[2]["invited"], true);
    let rec = recorded(
        "getOrganizationTeamMembers-mailing",
        "team.members.list.include_pending",
    );
    let rec_invite = rec["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "invite")
        .unwrap();
    assert_eq!(keys(&members[2]), keys(rec_invite));
    // truthy_bool: anything but false-ish values is true; never a parse error.
    for (q, n) in [
        ("1", 3),
        ("yes", 3),
        ("false", 1),
        ("False", 1),
        ("0", 1),
        ("", 1),
        ("null", 1),
    ] {
        let ans =
            w.h.get(
                &format!("{TEAM}/devs/members?includePending={q}"),
                Some(&w.alice),
            )
            .await
            .expect(200);
        assert_eq!(
            ans.body["members"].as_array().unwrap().len(),
            n,
            "includePending={q}"
        );
    }
    // A team member asking for them gets the members only.
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.bob),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["members"].as_array().unwrap().len(), 1);
    // The invitee is not a member yet.
    w.h.get(
        &format!("{TEAM}/devs/members?includePending=true"),
        Some(&w.carol),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn superusers_and_members_listing() {
    let w = world_with(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.h.admin),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["can_edit"], true);
    assert_eq!(ans.body["members"].as_array().unwrap().len(), 2);
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/members",
        Some(&w.h.admin),
    )
    .await
    .api_error(404, "not_found");
    // A global read-only superuser reads without any scope, cannot edit, sees no invites.
    let auditor = w.h.user("auditor", "user:read").await;
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&auditor),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["can_edit"], false);
    assert_eq!(ans.body["members"].as_array().unwrap().len(), 1);
    w.h.get(&format!("{TEAM}/noteam/members"), Some(&auditor))
        .await
        .api_error(404, "not_found");
}
