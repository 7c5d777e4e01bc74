//! getTeamPermissions / changeTeamPermissions / deleteTeamPermissions

use super::*;

#[tokio::test]
async fn get_team_permission() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/team/devs"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, recorded("getTeamPermissions", "perm.team.get.ok"));
    team(&w.h, "acme", "ops", &[]).await;
    let ans = w.h.get(&format!("{WEB}/team/ops"), Some(&w.alice)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded("getTeamPermissions", "perm.team.get.no_permission")
    );
    w.h.get(&format!("{WEB}/team/nosuch"), Some(&w.alice))
        .await
        .message_error(400, Some("Team does not have permission for repo."));
}

#[tokio::test]
async fn change_team_permission() {
    let w = world().await;
    team(&w.h, "acme", "ops", &["carol"]).await;
    let ans =
        w.h.put(
            &format!("{WEB}/team/ops"),
            Some(&w.alice),
            Some(json!({"role": "read"})),
        )
        .await
        .expect(200);
    let rec = recorded("changeTeamPermissions", "perm.team.change.create");
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(ans.body["name"], "ops");
    assert_eq!(ans.body["role"], "read");
    assert_eq!(ans.body["avatar"]["kind"], "team");
    let ans =
        w.h.put(
            &format!("{WEB}/team/ops"),
            Some(&w.alice),
            Some(json!({"role": "admin"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["role"], "admin");
    assert_eq!(logs(&w.h, "change_repo_permission").await, 2);
    // carol administers the repository through ops now.
    let ans =
        w.h.get(&format!("{WEB}/user/carol/transitive"), Some(&w.carol))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "admin"}]}));

    let ans =
        w.h.put(
            &format!("{WEB}/team/nosuch"),
            Some(&w.alice),
            Some(json!({"role": "read"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "No team nosuch in organization acme");
    // Another organization's team does not count.
    let ans =
        w.h.put(
            "/api/v1/repository/alice/personal/permissions/team/owners",
            Some(&w.alice),
            Some(json!({"role": "read"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "No team owners in organization alice");
    let ans =
        w.h.put(
            &format!("{WEB}/team/ops"),
            Some(&w.alice),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(
        ans.body,
        recorded_api_error("changeTeamPermissions", "perm.team.change.bad_role")
    );
    w.h.call_raw(
        Method::PUT,
        &format!("{WEB}/team/ops"),
        Some(&w.alice),
        "text/plain",
        "x",
    )
    .await
    .message_error(415, None);
    w.h.call_raw(
        Method::PUT,
        &format!("{WEB}/team/ops"),
        Some(&w.alice),
        "application/json",
        "",
    )
    .await
    .message_error(400, None);
    assert_eq!(logs(&w.h, "change_repo_permission").await, 2);
}

#[tokio::test]
async fn delete_team_permission() {
    let w = world().await;
    w.h.delete(&format!("{WEB}/team/devs"), Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(logs(&w.h, "delete_repo_permission").await, 1);
    let ans =
        w.h.delete(&format!("{WEB}/team/devs"), Some(&w.alice))
            .await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded_api_error("deleteTeamPermissions", "perm.team.delete.again")
    );
    w.h.delete(&format!("{WEB}/team/nosuch"), Some(&w.alice))
        .await
        .api_error(400, "invalid_request");
    // frank loses his admin with the leads permission.
    w.h.delete(&format!("{WEB}/team/leads"), Some(&w.frank))
        .await
        .expect(204);
    w.h.get(&format!("{WEB}/team/"), Some(&w.frank))
        .await
        .api_error(403, "insufficient_scope");
}
