//! listRepoUserPermissions / listRepoTeamPermissions

use super::*;

#[tokio::test]
async fn list_user_permissions_of_an_org_repository() {
    let w = world().await;
    grant_user(&w.h, "acme", "web", "carol", "read").await;
    let ans =
        w.h.get(&format!("{WEB}/user/"), Some(&w.alice))
            .await
            .expect(200);
    let perms = ans.body["permissions"].as_object().unwrap();
    let mut names: Vec<&String> = perms.keys().collect();
    names.sort();
    assert_eq!(names, ["acme+bot", "alice", "bob", "carol", "erin"]);
    let rec = recorded("listRepoUserPermissions", "perm.user.list.ok");
    assert_eq!(
        keys(&perms["alice"]),
        keys(&rec["permissions"]["quayadmin"])
    );
    assert_eq!(perms["alice"]["role"], "admin");
    assert_eq!(perms["alice"]["is_org_member"], true);
    assert_eq!(perms["bob"]["role"], "write");
    assert_eq!(perms["bob"]["is_org_member"], true);
    assert_eq!(perms["bob"]["avatar"]["kind"], "user");
    assert_eq!(perms["acme+bot"]["is_robot"], true);
    assert_eq!(perms["acme+bot"]["is_org_member"], true);
    assert_eq!(perms["acme+bot"]["avatar"]["kind"], "robot");
    // carol and erin are in no team of acme: outside collaborators.
    assert_eq!(perms["carol"]["is_org_member"], false);
    assert_eq!(perms["erin"]["is_org_member"], false);
    assert_eq!(perms["erin"]["name"], "erin");
}

#[tokio::test]
async fn list_user_permissions_of_a_user_repository() {
    let w = world().await;
    let ans =
        w.h.get(
            "/api/v1/repository/alice/personal/permissions/user/",
            Some(&w.alice),
        )
        .await
        .expect(200);
    let alice = &ans.body["permissions"]["alice"];
    assert_eq!(keys(alice), ["avatar", "is_robot", "name", "role"]);
    // The namespace owner is admin of its repositories without any permission row.
    sql(&w.h, &["DELETE FROM repo_user_permission"]).await;
    let ans =
        w.h.get(
            "/api/v1/repository/alice/personal/permissions/user/",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"permissions": {}}));
    let ans =
        w.h.get(
            "/api/v1/repository/alice/personal/permissions/team/",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"permissions": {}}));
}

#[tokio::test]
async fn list_paths_need_their_slash_and_accept_an_encoded_repository() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/user"), Some(&w.alice))
            .await
            .expect(308);
    assert_eq!(
        ans.location.as_deref(),
        Some("http://quay.test/api/v1/repository/acme/web/permissions/user/")
    );
    w.h.get(&format!("{WEB}/team"), Some(&w.alice))
        .await
        .expect(308);
    w.h.get(
        "/api/v1/repository/acme%2Fweb/permissions/user/",
        Some(&w.alice),
    )
    .await
    .expect(200);
    // Nested repository names are split on the first slash.
    repo(&w.h, "acme", "group/app", "alice").await;
    let ans =
        w.h.get(
            "/api/v1/repository/acme/group/app/permissions/user/",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["permissions"]["alice"]["role"], "admin");
}

#[tokio::test]
async fn list_team_permissions() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/team/"), Some(&w.alice))
            .await
            .expect(200);
    let rec = recorded("listRepoTeamPermissions", "perm.team.list.ok");
    let rec_entry = rec["permissions"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    let devs = &ans.body["permissions"]["devs"];
    assert_eq!(keys(devs), keys(&rec_entry));
    assert_eq!(devs["role"], "write");
    assert_eq!(devs["name"], "devs");
    assert_eq!(devs["avatar"]["kind"], "team");
    assert_eq!(ans.body["permissions"]["leads"]["role"], "admin");
    assert_eq!(ans.body["permissions"].as_object().unwrap().len(), 2);
}

#[tokio::test]
async fn privileged_callers_on_unknown_repositories() {
    let w = world_with(full_access()).await;
    let auditor = w.h.user("auditor", "").await;
    for token in [&w.h.admin, &auditor] {
        for path in [
            "/api/v1/repository/acme/nope/permissions/user/",
            "/api/v1/repository/acme/nope/permissions/team/",
        ] {
            let ans = w.h.get(path, Some(token)).await.expect(200);
            assert_eq!(ans.body, json!({"permissions": {}}));
        }
        w.h.get(
            "/api/v1/repository/acme/nope/permissions/user/bob",
            Some(token),
        )
        .await
        .message_error(400, Some("User does not have permission for repo."));
        w.h.get(
            "/api/v1/repository/acme/nope/permissions/user/bob/transitive",
            Some(token),
        )
        .await
        .api_error(404, "not_found");
        w.h.get(
            "/api/v1/repository/acme/nope/permissions/team/devs",
            Some(token),
        )
        .await
        .message_error(400, Some("Team does not have permission for repo."));
        // And they see real repositories.
        w.h.get(&format!("{WEB}/user/"), Some(token))
            .await
            .expect(200);
    }
    let admin = w.h.admin.clone();
    // Writes: the full-access superuser only.
    let ans =
        w.h.put(
            "/api/v1/repository/acme/nope/permissions/user/bob",
            Some(&admin),
            Some(json!({"role": "read"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Repository does not exist: acme/nope");
    let ans =
        w.h.put(
            "/api/v1/repository/acme/nope/permissions/team/devs",
            Some(&admin),
            Some(json!({"role": "read"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Repository does not exist: acme/nope");
    let ans =
        w.h.put(
            "/api/v1/repository/acme/nope/permissions/team/nosuch",
            Some(&admin),
            Some(json!({"role": "read"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "No team nosuch in organization acme");
    let ans =
        w.h.delete(
            "/api/v1/repository/acme/nope/permissions/user/bob",
            Some(&admin),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "User does not have permission for repo.");
    let ans =
        w.h.delete(
            "/api/v1/repository/acme/nope/permissions/team/devs",
            Some(&admin),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Team does not have permission for repo.");
    // Real repositories.
    w.h.put(
        &format!("{WEB}/user/carol"),
        Some(&admin),
        Some(json!({"role": "read"})),
    )
    .await
    .expect(200);
    w.h.delete(&format!("{WEB}/user/carol"), Some(&admin))
        .await
        .expect(204);
}
