//! deleteOrganizationTeam

use super::*;

#[tokio::test]
async fn delete_team_cascades() {
    let w = world().await;
    repo_with_team(&w.h, "acme", "web", "private", "devs", "write").await;
    w.h.put(
        &format!("{TEAM}/devs/invite/x@example.com"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    let ans =
        w.h.delete(&format!("{TEAM}/devs"), Some(&w.alice))
            .await
            .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM team WHERE name = 'devs'").await,
        0
    );
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM repo_team_permission").await,
        0
    );
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_member m JOIN namespace n ON n.id = m.user_id WHERE n.name = 'bob'").await, 0);
    assert_eq!(logs(&w.h, "org_delete_team").await, 1);
    w.h.delete(&format!("{TEAM}/devs"), Some(&w.alice))
        .await
        .message_error(400, Some("Team 'devs' is not a team in org 'acme'"));
}

#[tokio::test]
async fn deleting_the_last_admin_team_is_refused() {
    let w = world().await;
    w.h.delete(&format!("{TEAM}/owners"), Some(&w.alice))
        .await
        .message_error(
            400,
            Some("Deleting team 'owners' would remove admin ability for user 'alice' in organization 'acme'"),
        );
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM team WHERE name = 'owners'").await,
        2
    );
    // Another admin team of the caller makes it possible.
    team(&w.h, "acme", "admins", "admin", &["alice"]).await;
    w.h.delete(&format!("{TEAM}/owners"), Some(&w.alice))
        .await
        .expect(204);
    // The fixture's body shape.
    assert_eq!(
        keys(&recorded(
            "deleteOrganizationTeam",
            "team.delete.owners_last_admin"
        )),
        vec!["message"]
    );
}

#[tokio::test]
async fn delete_team_permission_matrix() {
    let w = world().await;
    let path = format!("{TEAM}/devs");
    w.h.delete(&path, None).await.csrf();
    w.h.delete(&path, Some("bogus")).await.csrf();
    w.h.delete(&path, Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    w.h.delete(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.delete(&path, Some(&w.h.admin))
        .await
        .api_error(403, "insufficient_scope");
    let capped = w.h.user("alice", "repo:admin user:admin").await;
    w.h.delete(&path, Some(&capped))
        .await
        .api_error(403, "insufficient_scope");
    w.h.delete("/api/v1/organization/nosuchorg/team/devs", Some(&w.alice))
        .await
        .api_error(403, "insufficient_scope");
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM team WHERE name = 'devs'").await,
        1
    );
}

#[tokio::test]
async fn delete_team_with_full_access() {
    let w = world_with(full_access()).await;
    w.h.delete("/api/v1/organization/nosuchorg/team/devs", Some(&w.h.admin))
        .await
        .message_error(400, Some("Team 'devs' is not a team in org 'nosuchorg'"));
    // An admin team, the superuser in no admin team: Quay crashes; refused here.
    w.h.delete(&format!("{TEAM}/owners"), Some(&w.h.admin))
        .await
        .message_error(
            400,
            Some("Deleting team 'owners' would remove admin ability for user 'quayadmin' in organization 'acme'"),
        );
    w.h.delete(&format!("{TEAM}/devs"), Some(&w.h.admin))
        .await
        .expect(204);
}
