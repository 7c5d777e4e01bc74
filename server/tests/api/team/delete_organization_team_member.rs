//! deleteOrganizationTeamMember

use super::*;

#[tokio::test]
async fn remove_members_and_robots() {
    let w = world().await;
    w.h.put(
        &format!("{TEAM}/devs/members/acme+bot"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    let ans =
        w.h.delete(&format!("{TEAM}/devs/members/acme+bot"), Some(&w.alice))
            .await
            .expect(204);
    assert_eq!(ans.body, json!(""));
    w.h.delete(&format!("{TEAM}/devs/members/bob"), Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(logs(&w.h, "org_remove_team_member").await, 2);
    w.h.delete(&format!("{TEAM}/devs/members/bob"), Some(&w.alice))
        .await
        .message_error(400, Some("User bob does not belong to team devs"));
    w.h.delete(&format!("{TEAM}/devs/members/ghost"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
    w.h.delete(&format!("{TEAM}/noteam/members/bob"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
}

#[tokio::test]
async fn invites_are_deleted_one_at_a_time_through_the_member_path() {
    let w = world().await;
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    w.h.delete(&format!("{TEAM}/devs/members/carol"), Some(&w.alice))
        .await
        .expect(204);
    w.h.delete(&format!("{TEAM}/devs/members/carol"), Some(&w.alice))
        .await
        .expect(204);
    let ans =
        w.h.delete(&format!("{TEAM}/devs/members/carol"), Some(&w.alice))
            .await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        keys(&ans.body),
        keys(&recorded(
            "deleteOrganizationTeamMember-mailing",
            "team.member.delete.invited_user_again"
        ))
    );
    assert_eq!(ans.text(), "User carol does not belong to team devs");
    assert_eq!(logs(&w.h, "org_delete_team_member_invite").await, 2);
}

#[tokio::test]
async fn leaving_the_only_admin_team_is_refused() {
    let w = world().await;
    w.h.delete(&format!("{TEAM}/owners/members/alice"), Some(&w.alice))
        .await
        .message_error(
            400,
            Some("User cannot remove themselves from their only admin team."),
        );
    // Another admin can remove alice; alice can leave once she has a second admin team.
    team(&w.h, "acme", "admins", "admin", &["alice"]).await;
    w.h.delete(&format!("{TEAM}/owners/members/alice"), Some(&w.alice))
        .await
        .expect(204);
}

#[tokio::test]
async fn remove_member_permission_matrix() {
    let w = world().await;
    let path = format!("{TEAM}/devs/members/bob");
    w.h.delete(&path, None).await.csrf();
    w.h.delete(&path, Some("bogus")).await.csrf();
    w.h.delete(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.delete(&path, Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    w.h.delete(&path, Some(&w.h.admin))
        .await
        .api_error(403, "insufficient_scope");
    let capped = w.h.user("alice", "user:admin").await;
    w.h.delete(&path, Some(&capped))
        .await
        .api_error(403, "insufficient_scope");
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_member").await, 3);
}
