//! updateOrganizationTeamMember

use super::*;

#[tokio::test]
async fn org_members_and_own_robots_are_added_directly() {
    let w = world().await;
    team(&w.h, "acme", "ops", "member", &[]).await;
    // bob is in devs, so he is added to ops directly.
    let ans =
        w.h.put(&format!("{TEAM}/ops/members/bob"), Some(&w.alice), None)
            .await
            .expect(200);
    let rec = recorded(
        "updateOrganizationTeamMember-mailing",
        "team.member.add.org_member_added",
    );
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(ans.body["invited"], false);
    assert_eq!(ans.body["is_robot"], false);
    assert_eq!(ans.body["avatar"]["hash"], json!(sha256("bob@example.com")));
    let ans =
        w.h.put(
            &format!("{TEAM}/ops/members/acme+bot"),
            Some(&w.alice),
            None,
        )
        .await
        .expect(200);
    assert_eq!(ans.body["name"], "acme+bot");
    assert_eq!(ans.body["kind"], "user");
    assert_eq!(ans.body["is_robot"], true);
    assert_eq!(ans.body["avatar"]["kind"], "robot");
    assert_eq!(ans.body["invited"], false);
    assert_eq!(logs(&w.h, "org_add_team_member").await, 2);
    w.h.put(&format!("{TEAM}/ops/members/bob"), Some(&w.alice), None)
        .await
        .message_error(400, Some("User bob is already a member of team ops"));
    assert_eq!(logs(&w.h, "org_add_team_member").await, 2);
}

#[tokio::test]
async fn outsiders_are_invited_again_and_again() {
    let w = world().await;
    for _ in 0..2 {
        let ans =
            w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
                .await
                .expect(200);
        assert_eq!(ans.body["invited"], true);
        assert_eq!(ans.body["name"], "carol");
    }
    assert_eq!(
        count(
            &w.h,
            "SELECT count(*) FROM team_invite WHERE user_id IS NOT NULL"
        )
        .await,
        2
    );
    assert_eq!(logs(&w.h, "org_invite_team_member").await, 2);
    // Not a member.
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_member m JOIN namespace n ON n.id = m.user_id WHERE n.name = 'carol'").await, 0);
}

#[tokio::test]
async fn foreign_robots_and_unknown_users_are_refused() {
    let w = world().await;
    w.h.put(&format!("{TEAM}/devs/members/other+bot"), Some(&w.alice), None)
        .await
        .message_error(400, Some("Cannot add the specified robot to this team, as it is not a member of the organization"));
    let ans =
        w.h.put(&format!("{TEAM}/devs/members/ghost"), Some(&w.alice), None)
            .await
            .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Unknown user");
    // An organization is not a user.
    w.h.put(&format!("{TEAM}/devs/members/other"), Some(&w.alice), None)
        .await
        .api_error(400, "invalid_request");
    w.h.put(&format!("{TEAM}/noteam/members/bob"), Some(&w.alice), None)
        .await
        .api_error(404, "not_found");
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_member").await, 3);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
}

#[tokio::test]
async fn a_refused_invite_mail_keeps_the_invite() {
    let w = world().await;
    w.h.user("bouncer", ALL).await;
    w.h.state
        .store
        .write(|tx| {
            tx.execute(
                "UPDATE namespace SET email = 'qdbounce@example.com' WHERE name = 'bouncer'",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let ans =
        w.h.put(
            &format!("{TEAM}/devs/members/bouncer"),
            Some(&w.alice),
            None,
        )
        .await;
    assert_eq!(
        ans.body,
        recorded(
            "updateOrganizationTeamMember-mailing",
            "team.member.add.mail_refused"
        )
    );
    assert_eq!(ans.status, 400);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 1);
    assert_eq!(logs(&w.h, "org_invite_team_member").await, 0);
    // It can be removed through the member path.
    w.h.delete(&format!("{TEAM}/devs/members/bouncer"), Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
}

#[tokio::test]
async fn without_required_invites_everyone_is_added() {
    for config in [
        Config {
            FEATURE_MAILING: false,
            ..Config::default()
        },
        Config {
            FEATURE_REQUIRE_TEAM_INVITE: false,
            ..Config::default()
        },
    ] {
        let w = world_with(config).await;
        let ans =
            w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
                .await
                .expect(200);
        assert_eq!(ans.body["invited"], false);
        // A robot of another organization too (Quay checks it only when invites are required).
        let ans =
            w.h.put(
                &format!("{TEAM}/devs/members/other+bot"),
                Some(&w.alice),
                None,
            )
            .await
            .expect(200);
        assert_eq!(ans.body["is_robot"], true);
        assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
    }
}

#[tokio::test]
async fn add_member_permission_matrix() {
    let w = world().await;
    let path = format!("{TEAM}/devs/members/carol");
    w.h.put(&path, None, None).await.csrf();
    w.h.put(&path, Some("bogus"), None).await.csrf();
    w.h.put(&path, Some(&w.bob), None)
        .await
        .api_error(403, "insufficient_scope");
    w.h.put(&path, Some(&w.carol), None)
        .await
        .api_error(403, "insufficient_scope");
    w.h.put(&path, Some(&w.h.admin), None)
        .await
        .api_error(403, "insufficient_scope");
    let capped = w.h.user("alice", "repo:admin repo:create").await;
    w.h.put(&path, Some(&capped), None)
        .await
        .api_error(403, "insufficient_scope");
    w.h.put(
        "/api/v1/organization/nosuchorg/team/devs/members/carol",
        Some(&w.alice),
        None,
    )
    .await
    .api_error(403, "insufficient_scope");
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
    // Full access.
    let w = world_with(full_access()).await;
    w.h.put(&path, Some(&w.h.admin), None).await.expect(200);
    w.h.put(
        "/api/v1/organization/nosuchorg/team/devs/members/carol",
        Some(&w.h.admin),
        None,
    )
    .await
    .api_error(404, "not_found");
}
