//! changeUserPermissions

use super::*;

#[tokio::test]
async fn change_user_permission_creates_and_updates() {
    let w = world().await;
    let ans =
        w.h.put(
            &format!("{WEB}/user/carol"),
            Some(&w.alice),
            Some(json!({"role": "read"})),
        )
        .await
        .expect(200);
    let rec = recorded("changeUserPermissions", "perm.user.change.create");
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(ans.body["role"], "read");
    assert_eq!(ans.body["name"], "carol");
    assert_eq!(ans.body["is_org_member"], false);
    let ans =
        w.h.put(
            &format!("{WEB}/user/carol"),
            Some(&w.erin),
            Some(json!({"role": "admin", "extra": 1})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["role"], "admin");
    assert_eq!(logs(&w.h, "change_repo_permission").await, 2);
    // carol is now a repository admin.
    w.h.get(&format!("{WEB}/user/"), Some(&w.carol))
        .await
        .expect(200);
    // Own robots are fine, through team-admin too.
    let ans =
        w.h.put(
            &format!("{WEB}/user/acme+bot"),
            Some(&w.frank),
            Some(json!({"role": "write"})),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["is_robot"], true);
    assert_eq!(ans.body["is_org_member"], true);
    // A user repository has no is_org_member.
    let ans =
        w.h.put(
            "/api/v1/repository/alice/personal/permissions/user/bob",
            Some(&w.alice),
            Some(json!({"role": "write"})),
        )
        .await
        .expect(200);
    assert!(ans.body.get("is_org_member").is_none());
}

#[tokio::test]
async fn change_user_permission_refusals() {
    let w = world().await;
    let before = count(&w.h, "SELECT count(*) FROM repo_user_permission").await;
    let body = Some(json!({"role": "read"}));
    for (user, detail) in [
        ("acme", "Namespace owner must always be admin."),
        ("ghost", "Invalid username: ghost"),
        (
            "other+bot",
            "Cannot add robot other+bot under namespace acme",
        ),
    ] {
        let ans =
            w.h.put(&format!("{WEB}/user/{user}"), Some(&w.alice), body.clone())
                .await
                .api_error(400, "invalid_request");
        assert_eq!(ans.text(), detail);
    }
    let ans =
        w.h.put(
            "/api/v1/repository/alice/personal/permissions/user/alice",
            Some(&w.alice),
            body.clone(),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Namespace owner must always be admin.");
    let ans =
        w.h.put(
            "/api/v1/repository/alice/personal/permissions/user/acme+bot",
            Some(&w.alice),
            body,
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "Cannot add robot acme+bot under namespace alice"
    );
    assert_eq!(
        count(&w.h, "SELECT count(*) FROM repo_user_permission").await,
        before
    );
    assert_eq!(logs(&w.h, "change_repo_permission").await, 0);
}

#[tokio::test]
async fn change_user_permission_bodies() {
    let w = world().await;
    let path = format!("{WEB}/user/bob");
    let ans =
        w.h.put(&path, Some(&w.alice), Some(json!({"role": "owner"})))
            .await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded_api_error("changeUserPermissions", "perm.user.change.bad_role")
    );
    let ans =
        w.h.put(&path, Some(&w.alice), Some(json!({})))
            .await
            .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "'role' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Description of a user permission.',\n     'properties': {'role': {'description': 'Role to use for the user',\n                             'enum': ['read', 'write', 'admin'],\n                             'type': 'string'}},\n     'required': ['role'],\n     'type': 'object'}\n\nOn instance:\n    {}"
    );
    let ans =
        w.h.put(&path, Some(&w.alice), Some(json!({"role": null})))
            .await
            .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("None is not of type 'string'"));
    let ans =
        w.h.put(&path, Some(&w.alice), Some(json!("read")))
            .await
            .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("'read' is not of type 'object'"));
    let ans =
        w.h.call_raw(
            Method::PUT,
            &path,
            Some(&w.alice),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Missing JSON body");
    w.h.call_raw(
        Method::PUT,
        &path,
        Some(&w.alice),
        "application/json",
        "{\"role\":",
    )
    .await
    .message_error(
        400,
        Some("The browser (or proxy) sent a request that this server could not understand."),
    );
    w.h.call_raw(Method::PUT, &path, Some(&w.alice), "text/plain", "{\"role\": \"read\"}")
        .await
        .message_error(415, Some("Did not attempt to load JSON data because the request Content-Type was not 'application/json'."));
    // Nothing changed.
    let ans = w.h.get(&path, Some(&w.alice)).await.expect(200);
    assert_eq!(ans.body["role"], "write");
}
