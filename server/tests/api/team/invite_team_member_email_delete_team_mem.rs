//! inviteTeamMemberEmail / deleteTeamMemberEmailInvite

use super::*;

#[tokio::test]
async fn email_invites_are_stored_and_deleted_one_by_one() {
    let w = world().await;
    let rec = recorded("inviteTeamMemberEmail", "team.invite.create.invalid_email");
    let ans =
        w.h.put(
            &format!("{TEAM}/devs/invite/not-an-email"),
            Some(&w.alice),
            None,
        )
        .await
        .expect(200);
    assert_eq!(ans.body, rec);
    let ans =
        w.h.put(
            &format!("{TEAM}/devs/invite/x@example.com"),
            Some(&w.alice),
            None,
        )
        .await
        .expect(200);
    assert_eq!(ans.body["email"], "x@example.com");
    assert_eq!(ans.body["avatar"]["name"], "x@example.com");
    assert_eq!(ans.body["avatar"]["kind"], "user");
    w.h.put(
        &format!("{TEAM}/devs/invite/x@example.com"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    assert_eq!(logs(&w.h, "org_invite_team_member").await, 3);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 3);

    w.h.delete(&format!("{TEAM}/devs/invite/x@example.com"), Some(&w.alice))
        .await
        .expect(204);
    w.h.delete(&format!("{TEAM}/devs/invite/x@example.com"), Some(&w.alice))
        .await
        .expect(204);
    w.h.delete(&format!("{TEAM}/devs/invite/x@example.com"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
    w.h.delete(
        &format!("{TEAM}/devs/invite/nobody@example.com"),
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
    w.h.delete(
        &format!("{TEAM}/noteam/invite/not-an-email"),
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
    assert_eq!(logs(&w.h, "org_delete_team_member_invite").await, 2);
}

#[tokio::test]
async fn user_invites_are_not_email_invites() {
    let w = world().await;
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    w.h.delete(
        &format!("{TEAM}/devs/invite/carol@example.com"),
        Some(&w.alice),
    )
    .await
    .api_error(404, "not_found");
    // An e-mail invite to a user's address is an e-mail invite.
    w.h.put(
        &format!("{TEAM}/devs/invite/carol@example.com"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    w.h.delete(
        &format!("{TEAM}/devs/invite/carol@example.com"),
        Some(&w.alice),
    )
    .await
    .expect(204);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 1);
}

#[tokio::test]
async fn bounced_invite_mail_is_a_400_but_the_invite_stays() {
    let w = world().await;
    let ans =
        w.h.put(
            &format!("{TEAM}/devs/invite/qdbounce@example.com"),
            Some(&w.alice),
            None,
        )
        .await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded("inviteTeamMemberEmail", "team.invite.create.mail_refused")
    );
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["members"][1]["email"], "qdbounce@example.com");
    w.h.delete(
        &format!("{TEAM}/devs/invite/qdbounce@example.com"),
        Some(&w.alice),
    )
    .await
    .expect(204);
}

#[tokio::test]
async fn invite_permission_matrix() {
    let w = world().await;
    let path = format!("{TEAM}/devs/invite/x@example.com");
    for (method, token) in [
        (Method::PUT, None),
        (Method::PUT, Some("bogus")),
        (Method::DELETE, None),
        (Method::DELETE, Some("bogus")),
    ] {
        w.h.call(method, &path, token, None).await.csrf();
    }
    for token in [&w.bob, &w.carol, &w.h.admin] {
        w.h.put(&path, Some(token), None)
            .await
            .api_error(403, "insufficient_scope");
        w.h.delete(&path, Some(token))
            .await
            .api_error(403, "insufficient_scope");
    }
    w.h.put(
        "/api/v1/organization/nosuchorg/team/devs/invite/x@example.com",
        Some(&w.alice),
        None,
    )
    .await
    .api_error(403, "insufficient_scope");
    w.h.put(
        &format!("{TEAM}/noteam/invite/x@example.com"),
        Some(&w.alice),
        None,
    )
    .await
    .api_error(404, "not_found");
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
    let w = world_with(full_access()).await;
    w.h.put(&path, Some(&w.h.admin), None).await.expect(200);
    w.h.put(
        "/api/v1/organization/nosuchorg/team/devs/invite/x@example.com",
        Some(&w.h.admin),
        None,
    )
    .await
    .api_error(404, "not_found");
}

#[tokio::test]
async fn invites_do_not_exist_without_mailing() {
    let w = world_with(Config {
        FEATURE_MAILING: false,
        ..Config::default()
    })
    .await;
    let path = format!("{TEAM}/devs/invite/x@example.com");
    for method in [Method::PUT, Method::DELETE] {
        let ans = w.h.call(method, &path, Some(&w.alice), None).await;
        assert_eq!(ans.status, 405);
        assert!(ans.content_type.starts_with("text/html"));
    }
}
