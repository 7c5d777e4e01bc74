//! createRepo

use super::*;

#[tokio::test]
async fn create_repo_answers_like_the_recorded_quay() {
    let h = Harness::new().await;
    let w = world(&h).await;
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.alice),
            json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": "quaydiff repository"}),
        )
        .await
        .expect(201);
    assert_eq!(ans.content_type, "application/json");
    assert_eq!(
        ans.body,
        json!({"namespace": "acme", "name": "web", "kind": "image"})
    );
    // The creator holds a direct admin permission, in organizations too.
    assert_eq!(
        count(&h, "SELECT count(*) FROM repo_user_permission p JOIN namespace u ON u.id = p.user_id WHERE u.name = 'alice' AND p.role = 'admin'").await,
        1
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM log_entry WHERE kind = 'create_repo' AND json_remove(metadata, '$.oauth_token_id', '$.oauth_token_application_id', '$.oauth_token_application') = '{\"namespace\":\"acme\",\"repo\":\"web\"}'").await,
        1
    );
    let repo = h
        .get("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(repo.body["description"], "quaydiff repository");
    assert_eq!(repo.body["is_public"], false);
}

#[tokio::test]
async fn create_repo_defaults_to_the_callers_namespace() {
    let h = Harness::new().await;
    let t = h.user("dave", "repo:create").await;
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&t),
            json!({"repository": "mine", "visibility": "public", "description": ""}),
        )
        .await
        .expect(201);
    assert_eq!(
        ans.body,
        json!({"namespace": "dave", "name": "mine", "kind": "image"})
    );
    // Explicit `repo_kind: null` and `image` are accepted; nested names too.
    for (name, kind) in [("k1", json!(null)), ("k2", json!("image"))] {
        h.post(
            "/api/v1/repository",
            Some(&t),
            json!({"repository": name, "visibility": "private", "description": "", "repo_kind": kind}),
        )
        .await
        .expect(201);
    }
    h.post(
        "/api/v1/repository",
        Some(&t),
        json!({"repository": "team/web.app_1-x", "visibility": "private", "description": ""}),
    )
    .await
    .expect(201);
    h.get("/api/v1/repository/dave/team/web.app_1-x", Some(&t))
        .await
        .expect(403); // the token has no repo:read
    let reader = h.user("dave", "repo:read").await;
    h.get("/api/v1/repository/dave/team/web.app_1-x", Some(&reader))
        .await
        .expect(200);
}

#[tokio::test]
async fn create_repo_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    // Organization admin and creator-team member may create; a plain member and an outsider not.
    create(&h, &w.alice, "acme", "a", "private").await;
    create(&h, &w.carol, "acme", "c", "private").await;
    h.post(
        "/api/v1/repository",
        Some(&w.bob),
        new_repo("acme", "b", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/repository",
        Some(&w.eve),
        new_repo("acme", "e", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
    // Another user's namespace, and a namespace that does not exist: 403.
    h.post(
        "/api/v1/repository",
        Some(&w.eve),
        new_repo("alice", "x", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        "/api/v1/repository",
        Some(&w.eve),
        new_repo("nowhere", "x", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
    // The superuser without FULL_ACCESS has no rights in acme.
    h.post(
        "/api/v1/repository",
        Some(&h.admin),
        new_repo("acme", "su", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
    // Anonymous and bad-token writes are CSRF refusals.
    h.call(
        Method::POST,
        "/api/v1/repository",
        None,
        Some(new_repo("acme", "z", "private")),
    )
    .await
    .csrf();
    h.call(
        Method::POST,
        "/api/v1/repository",
        Some("bogus"),
        Some(new_repo("acme", "z", "private")),
    )
    .await
    .csrf();
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 2);
}

#[tokio::test]
async fn create_repo_token_scope_caps() {
    let h = Harness::new().await;
    h.user("alice", ALL).await;
    org(&h, "acme", "alice").await;
    // An org admin needs org:admin or repo:create in its token.
    for scopes in ["repo:read", "repo:admin", "user:admin", "super:user"] {
        let t = h.user("alice", scopes).await;
        h.post(
            "/api/v1/repository",
            Some(&t),
            new_repo("acme", "x", "private"),
        )
        .await
        .api_error(403, "insufficient_scope");
        h.post(
            "/api/v1/repository",
            Some(&t),
            new_repo("alice", "x", "private"),
        )
        .await
        .api_error(403, "insufficient_scope");
    }
    for (i, scopes) in ["org:admin", "repo:create"].iter().enumerate() {
        let t = h.user("alice", scopes).await;
        create(&h, &t, "acme", &format!("r{i}"), "private").await;
        create(&h, &t, "alice", &format!("r{i}"), "private").await;
    }
    // A member-role team member with repo:create is still only a member.
    h.user("bob", ALL).await;
    team(&h, "acme", "devs", "member", &["bob"]).await;
    let t = h.user("bob", "repo:create").await;
    h.post(
        "/api/v1/repository",
        Some(&t),
        new_repo("acme", "b", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn create_repo_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    h.user("alice", ALL).await;
    org(&h, "acme", "alice").await;
    create(&h, &h.admin, "acme", "su", "public").await;
    // Quay crashes on an unknown namespace; this server refuses it.
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&h.admin),
            new_repo("nowhere", "x", "private"),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Namespace does not exist: nowhere");
    // The superuser's token needs super:user for full access.
    let t = h.admin_with("org:admin repo:create").await;
    h.post(
        "/api/v1/repository",
        Some(&t),
        new_repo("acme", "y", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn create_repo_refuses_duplicates_and_bad_names() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.alice),
            new_repo("acme", "web", "public"),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Repository already exists");
    for bad in ["Web", "-web", "web/", "a//b", "we b", "", &"a".repeat(256)] {
        let ans = h
            .post(
                "/api/v1/repository",
                Some(&w.alice),
                new_repo("acme", bad, "private"),
            )
            .await
            .api_error(400, "invalid_request");
        assert_eq!(ans.text(), "Invalid repository name", "{bad}");
    }
    // A name that is only invalid is refused after the permission check.
    h.post(
        "/api/v1/repository",
        Some(&w.eve),
        new_repo("acme", "Bad", "private"),
    )
    .await
    .api_error(403, "insufficient_scope");
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 1);
}

#[tokio::test]
async fn create_repo_bodies_are_checked_before_permissions() {
    let h = Harness::new().await;
    let w = world(&h).await;
    // 415, malformed JSON, empty body, null: checked before the permission (eve is no member).
    let ans = h
        .call_raw(
            Method::POST,
            "/api/v1/repository",
            Some(&w.eve),
            "text/plain",
            "{}",
        )
        .await
        .message_error(415, None);
    assert_eq!(
        ans.text(),
        "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."
    );
    for raw in ["{nope", ""] {
        h.call_raw(
            Method::POST,
            "/api/v1/repository",
            Some(&w.eve),
            "application/json",
            raw,
        )
        .await
        .message_error(
            400,
            Some("The browser (or proxy) sent a request that this server could not understand."),
        );
    }
    let ans = h
        .call_raw(
            Method::POST,
            "/api/v1/repository",
            Some(&w.eve),
            "application/json",
            "null",
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Missing JSON body");
    // Schema violations, with jsonschema's full message.
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.eve),
            json!({"namespace": "acme", "repository": "web", "visibility": "secret", "description": "d"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "'secret' is not one of ['public', 'private']\n\nFailed validating 'enum' in schema['properties']['visibility']:\n    {'description': 'Visibility which the repository will start with',\n     'enum': ['public', 'private'],\n     'type': 'string'}\n\nOn instance['visibility']:\n    'secret'"
    );
    assert_eq!(ans.body["error_message"], ans.body["detail"]);
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.alice),
            json!({"namespace": "acme", "repository": "web", "visibility": "private"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with("'description' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Description of a new repository',"),
        "{}",
        ans.text()
    );
    assert!(ans.text().ends_with(
        "On instance:\n    {'namespace': 'acme', 'repository': 'web', 'visibility': 'private'}"
    ));
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.alice),
            json!({"namespace": "acme", "repository": 5, "visibility": "private", "description": "d"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.text(),
        "5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['repository']:\n    {'description': 'Repository name', 'type': 'string'}\n\nOn instance['repository']:\n    5"
    );
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.alice),
            json!({"namespace": "acme", "repository": "w", "visibility": "private", "description": "d", "repo_kind": "application"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("'application' is not one of ['image', None]\n\nFailed validating 'enum' in schema['properties']['repo_kind']:"));
    let ans = h
        .post("/api/v1/repository", Some(&w.alice), json!(["web"]))
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with(
            "['web'] is not of type 'object'\n\nFailed validating 'type' in schema:\n"
        )
    );
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&w.alice),
            json!({"namespace": null, "repository": "w", "visibility": "private", "description": "d"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with("None is not of type 'string'"));
    // Unknown keys are ignored.
    h.post(
        "/api/v1/repository",
        Some(&w.alice),
        json!({"namespace": "acme", "repository": "ok", "visibility": "private", "description": "d", "extra": [1]}),
    )
    .await
    .expect(201);
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 1);
}

#[tokio::test]
async fn create_repo_is_refused_in_read_only_mode() {
    let h = Harness::with_config(Config {
        REGISTRY_STATE: "readonly".into(),
        ..Config::default()
    })
    .await;
    let ans = h
        .post(
            "/api/v1/repository",
            Some(&h.admin),
            new_repo("quayadmin", "x", "private"),
        )
        .await
        .expect(503);
    assert_eq!(ans.body["is_readonly"], true);
}
