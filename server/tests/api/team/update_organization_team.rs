//! updateOrganizationTeam

use super::*;

#[tokio::test]
async fn create_team_answers_the_team_view() {
    let w = world().await;
    let ans =
        w.h.put(
            &format!("{TEAM}/builders"),
            Some(&w.alice),
            Some(json!({"role": "creator", "description": "Build engineers"})),
        )
        .await
        .expect(200);
    assert_eq!(
        keys(&ans.body),
        keys(&recorded("updateOrganizationTeam", "team.update.create"))
    );
    assert_eq!(ans.body["name"], "builders");
    assert_eq!(ans.body["description"], "Build engineers");
    assert_eq!(ans.body["role"], "creator");
    assert_eq!(ans.body["can_view"], true);
    assert_eq!(ans.body["new_team"], true);
    assert_eq!(ans.body["avatar"]["kind"], "team");
    assert_eq!(ans.body["avatar"]["hash"], json!(sha256("builders")));
    assert_eq!(logs(&w.h, "org_create_team").await, 1);

    // Without a description it is "".
    let ans =
        w.h.put(
            &format!("{TEAM}/plain"),
            Some(&w.alice),
            Some(json!({"role": "member"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["description"], "");
}

#[tokio::test]
async fn team_avatar_matches_the_recording() {
    let w = world().await;
    let recorded = recorded("updateOrganizationTeam", "team.update.create");
    let name = recorded["name"].as_str().unwrap();
    let ans =
        w.h.put(
            &format!("{TEAM}/{name}"),
            Some(&w.alice),
            Some(json!({"role": "member", "description": "quaydiff team"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body, recorded);
}

#[tokio::test]
async fn update_team_changes_description_and_role() {
    let w = world().await;
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            Some(json!({"role": "admin", "description": "Developers"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["new_team"], false);
    assert_eq!(ans.body["role"], "admin");
    assert_eq!(ans.body["description"], "Developers");
    assert_eq!(logs(&w.h, "org_set_team_description").await, 1);
    assert_eq!(logs(&w.h, "org_set_team_role").await, 1);
    // Bob is now an org admin.
    w.h.get(&format!("{TEAM}/owners/permissions"), Some(&w.bob))
        .await
        .expect(200);

    // The same values again change nothing and log nothing.
    w.h.put(
        &format!("{TEAM}/devs"),
        Some(&w.alice),
        Some(json!({"role": "admin", "description": "Developers"})),
    )
    .await
    .expect(200);
    assert_eq!(logs(&w.h, "org_set_team_description").await, 1);
    assert_eq!(logs(&w.h, "org_set_team_role").await, 1);

    // Omitting the description keeps it.
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            Some(json!({"role": "member"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["description"], "Developers");
    assert_eq!(ans.body["role"], "member");
}

#[tokio::test]
async fn demoting_the_callers_only_admin_team_is_refused() {
    let w = world().await;
    let before = count(&w.h, "SELECT count(*) FROM team WHERE role = 'admin'").await;
    w.h.put(&format!("{TEAM}/owners"), Some(&w.alice), Some(json!({"role": "member", "description": "x"})))
        .await
        .message_error(
            400,
            Some("Cannot remove admin from team 'owners' because calling user would no longer have admin on org 'acme'"),
        );
    // Nothing changed, the description included.
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM team WHERE role = 'admin'").await,
        before
    );
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM team WHERE description = 'x'").await,
        0
    );

    // With a second admin team the demotion is allowed.
    team(&w.h, "acme", "admins", "admin", &["alice"]).await;
    w.h.put(
        &format!("{TEAM}/owners"),
        Some(&w.alice),
        Some(json!({"role": "member"})),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn invalid_team_names_are_refused() {
    let w = world().await;
    w.h.put(&format!("{TEAM}/Bad_Team"), Some(&w.alice), Some(json!({"role": "member"})))
        .await
        .message_error(
            400,
            Some("Invalid team name Bad_Team: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$"),
        );
    w.h.put(
        &format!("{TEAM}/x"),
        Some(&w.alice),
        Some(json!({"role": "member"})),
    )
    .await
    .message_error(
        400,
        Some("Invalid team name x: Team must be between 2 and 255 characters in length"),
    );
    assert_eq!(logs(&w.h, "org_create_team").await, 0);
}

#[tokio::test]
async fn update_team_bodies_are_checked_like_quay_before_permissions() {
    let w = world().await;
    // The recorded bad-role answer, exactly (the `type` URL carries the request's host).
    let mut expected = recorded("updateOrganizationTeam", "team.update.bad_role");
    expected["type"] = json!("http://quay.test/api/v1/error/invalid_request");
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            Some(json!({"role": "owner"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.body, expected);
    // A caller without rights gets 400 for a bad body too (body first).
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.carol),
            Some(json!({"description": "Build engineers"})),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with(
            "'role' is a required property\n\nFailed validating 'required' in schema:\n"
        )
    );
    assert!(
        ans.text()
            .ends_with("On instance:\n    {'description': 'Build engineers'}")
    );
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            Some(json!({"role": 1})),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("1 is not of type 'string'"));
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            Some(json!({"role": "admin", "description": false})),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("False is not of type 'string'"));
    let ans =
        w.h.put(
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            Some(json!(["admin"])),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("['admin'] is not of type 'object'"));
    w.h.put(&format!("{TEAM}/devs"), Some(&w.alice), Some(Value::Null))
        .await
        .api_error(400, "invalid_request");
    let ans =
        w.h.call_raw(
            Method::PUT,
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Missing JSON body");
    w.h.call_raw(
        Method::PUT,
        &format!("{TEAM}/devs"),
        Some(&w.alice),
        "application/json",
        "{nope",
    )
    .await
    .message_error(
        400,
        Some("The browser (or proxy) sent a request that this server could not understand."),
    );
    w.h.call_raw(
        Method::PUT,
        &format!("{TEAM}/devs"),
        Some(&w.alice),
        "application/json",
        "",
    )
    .await
    .message_error(400, None);
    let ans =
        w.h.call_raw(
            Method::PUT,
            &format!("{TEAM}/devs"),
            Some(&w.alice),
            "application/x-www-form-urlencoded",
            "role=member",
        )
        .await;
    assert_eq!(
        ans.body,
        recorded("updateOrganizationTeam", "team.update.wrong_content_type")
    );
    assert_eq!(ans.status, 415);
    // Unknown keys are ignored.
    w.h.put(
        &format!("{TEAM}/devs"),
        Some(&w.alice),
        Some(json!({"role": "member", "color": "red"})),
    )
    .await
    .expect(200);
    assert_eq!(
        count(
            &w.h,
            "SELECT count(*) FROM log_entry WHERE kind LIKE 'org_%'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn update_team_permission_matrix() {
    let w = world().await;
    let body = Some(json!({"role": "member"}));
    let path = format!("{TEAM}/newteam");
    w.h.put(&path, None, body.clone()).await.csrf();
    w.h.put(&path, Some("bogus"), body.clone()).await.csrf();
    let ans =
        w.h.put(&path, Some(&w.carol), body.clone())
            .await
            .api_error(403, "insufficient_scope");
    assert_eq!(ans.body["detail"], "Unauthorized");
    // A team member who is not an admin.
    w.h.put(&path, Some(&w.bob), body.clone())
        .await
        .api_error(403, "insufficient_scope");
    // An org admin whose token lacks org:admin.
    let capped = w.h.user("alice", "repo:admin repo:create user:admin").await;
    w.h.put(&path, Some(&capped), body.clone())
        .await
        .api_error(403, "insufficient_scope");
    // The superuser without FULL_ACCESS has no rights on the org.
    w.h.put(&path, Some(&w.h.admin), body.clone())
        .await
        .api_error(403, "insufficient_scope");
    // Unknown organization: 403 for ordinary callers.
    w.h.put(
        "/api/v1/organization/nosuchorg/team/newteam",
        Some(&w.alice),
        body.clone(),
    )
    .await
    .api_error(403, "insufficient_scope");
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM team WHERE name = 'newteam'").await,
        0
    );
    // An org admin with only org:admin is enough.
    let narrow = w.h.user("alice", "org:admin").await;
    w.h.put(&path, Some(&narrow), body).await.expect(200);
}

#[tokio::test]
async fn update_team_with_full_access() {
    let w = world_with(full_access()).await;
    let ans =
        w.h.put(
            &format!("{TEAM}/sre"),
            Some(&w.h.admin),
            Some(json!({"role": "member"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["can_view"], true);
    w.h.put(
        "/api/v1/organization/nosuchorg/team/sre",
        Some(&w.h.admin),
        Some(json!({"role": "member"})),
    )
    .await
    .message_error(400, Some("Organization does not exist: nosuchorg"));
    // A super:user scope is what gives the superuser its rights.
    let no_su = w.h.admin_with("org:admin").await;
    w.h.put(
        &format!("{TEAM}/sre2"),
        Some(&no_su),
        Some(json!({"role": "member"})),
    )
    .await
    .api_error(403, "insufficient_scope");
}
