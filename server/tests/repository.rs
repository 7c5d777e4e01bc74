//! The `repository` tag through HTTP: createRepo, listRepos, getRepo, deleteRepository.
//!
//! Organizations and teams are set up with rows inserted directly (their handlers belong to
//! other areas): an organization has an `owners` team (role admin) holding its creator.

mod common;

use common::*;
use poem::http::Method;
use quay_server::Config;
use quay_server::store::namespace;
use serde_json::{Value, json};

// ------------------------------------------------------------------------------------------
// Setup helpers

fn new_repo(ns: &str, name: &str, visibility: &str) -> Value {
    json!({"namespace": ns, "repository": name, "visibility": visibility, "description": "d"})
}

async fn create(h: &Harness, token: &str, ns: &str, name: &str, visibility: &str) {
    h.post(
        "/api/v1/repository",
        Some(token),
        new_repo(ns, name, visibility),
    )
    .await
    .expect(201);
}

/// The world most tests use: `alice` created org `acme` (admin); `bob` is in team `devs`
/// (member); `carol` is in team `makers` (creator); `eve` is unrelated.
struct World {
    alice: String,
    bob: String,
    carol: String,
    eve: String,
}

async fn world(h: &Harness) -> World {
    let w = World {
        alice: h.user("alice", ALL).await,
        bob: h.user("bob", ALL).await,
        carol: h.user("carol", ALL).await,
        eve: h.user("eve", ALL).await,
    };
    org(h, "acme", "alice").await;
    team(h, "acme", "devs", "member", &["bob"]).await;
    team(h, "acme", "makers", "creator", &["carol"]).await;
    w
}

// ------------------------------------------------------------------------------------------
// createRepo

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
        count(&h, "SELECT count(*) FROM log_entry WHERE kind = 'create_repo' AND metadata = '{\"namespace\":\"acme\",\"repo\":\"web\"}'").await,
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

// ------------------------------------------------------------------------------------------
// listRepos

#[tokio::test]
async fn list_repos_needs_a_filter() {
    let h = Harness::new().await;
    for path in [
        "/api/v1/repository",
        "/api/v1/repository?namespace=",
        "/api/v1/repository?public=false&starred=0",
        "/api/v1/repository?popularity=true",
    ] {
        let ans = h
            .get(path, Some(&h.admin))
            .await
            .api_error(400, "invalid_request");
        assert_eq!(
            ans.text(),
            "namespace, starred or public are required for this API call"
        );
    }
    h.get("/api/v1/repository", None)
        .await
        .api_error(400, "invalid_request");
}

#[tokio::test]
async fn list_repos_answers_like_the_recorded_quay() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        ans.body,
        json!({"repositories": [{
            "namespace": "acme", "name": "web", "description": "d", "is_public": false,
            "kind": "image", "state": "NORMAL", "is_starred": false,
            "quota_report": {"quota_bytes": 0, "configured_quota": null}
        }]})
    );
    // With a namespace quota, configured_quota reports it.
    sql(
        &h,
        "INSERT INTO quota (namespace_id, limit_bytes) SELECT id, 1000 FROM namespace WHERE name = 'acme'",
        vec![],
    )
    .await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        ans.body["repositories"][0]["quota_report"],
        json!({"quota_bytes": 0, "configured_quota": 1000})
    );
    // Without quota management there is no quota_report.
    let h = Harness::with_config(Config {
        FEATURE_QUOTA_MANAGEMENT: false,
        ..Config::default()
    })
    .await;
    let t = h.user("dave", ALL).await;
    create(&h, &t, "dave", "r", "private").await;
    let ans = h
        .get("/api/v1/repository?namespace=dave", Some(&t))
        .await
        .expect(200);
    assert!(ans.body["repositories"][0].get("quota_report").is_none());
}

#[tokio::test]
async fn list_repos_shows_what_the_caller_may_see() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "private1", "private").await;
    create(&h, &w.alice, "acme", "private2", "private").await;
    create(&h, &w.alice, "acme", "open", "public").await;
    create(&h, &w.eve, "eve", "own", "private").await;
    grant(&h, "acme", "private1", "bob", "read").await;
    grant_team(&h, "acme", "private2", "makers", "write").await;
    let names = |v: &Value| -> Vec<String> {
        v["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{}/{}",
                    r["namespace"].as_str().unwrap(),
                    r["name"].as_str().unwrap()
                )
            })
            .collect()
    };
    let list = |t: Option<String>, q: &'static str| {
        let h = &h;
        async move {
            h.get(&format!("/api/v1/repository?{q}"), t.as_deref())
                .await
                .expect(200)
        }
    };
    // The org admin sees every repository of the organization.
    assert_eq!(
        names(&list(Some(w.alice.clone()), "namespace=acme").await.body),
        ["acme/private1", "acme/private2", "acme/open"]
    );
    // bob: direct read; carol: through her team; eve: nothing (no public flag).
    assert_eq!(
        names(&list(Some(w.bob.clone()), "namespace=acme").await.body),
        ["acme/private1"]
    );
    assert_eq!(
        names(&list(Some(w.carol.clone()), "namespace=acme").await.body),
        ["acme/private2"]
    );
    assert!(names(&list(Some(w.eve.clone()), "namespace=acme").await.body).is_empty());
    // public=true adds public repositories; without a namespace, across the registry.
    assert_eq!(
        names(
            &list(Some(w.eve.clone()), "namespace=acme&public=true")
                .await
                .body
        ),
        ["acme/open"]
    );
    assert_eq!(
        names(&list(Some(w.eve.clone()), "public=1").await.body),
        ["acme/open", "eve/own"]
    );
    // Anonymous: nothing with only a namespace, public ones with public=true, no is_starred.
    assert!(names(&list(None, "namespace=acme").await.body).is_empty());
    let anon = list(None, "public=yes").await;
    assert_eq!(names(&anon.body), ["acme/open"]);
    assert!(anon.body["repositories"][0].get("is_starred").is_none());
    let bad = list(Some("bogus".into()), "public=true").await;
    assert_eq!(bad.body, anon.body);
    // The listing is not capped by token scopes.
    let weak = h.user("bob", "user:read").await;
    assert_eq!(
        names(&list(Some(weak), "namespace=acme").await.body),
        ["acme/private1"]
    );
    // The superuser without FULL_ACCESS sees only what it has permissions on.
    assert!(names(&list(Some(h.admin.clone()), "namespace=acme").await.body).is_empty());
}

#[tokio::test]
async fn list_repos_for_superusers() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "p", "private").await;
    create(&h, &w.eve, "eve", "q", "private").await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body["repositories"].as_array().unwrap().len(), 1);
    let ans = h
        .get("/api/v1/repository?public=true", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body["repositories"].as_array().unwrap().len(), 2);
    // A global read-only superuser sees everything with any token.
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "p", "private").await;
    let auditor = h.user("auditor", "user:read").await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&auditor))
        .await
        .expect(200);
    assert_eq!(ans.body["repositories"][0]["name"], "p");
}

#[tokio::test]
async fn list_repos_options() {
    let h = Harness::new().await;
    let t = h.user("dave", ALL).await;
    create(&h, &t, "dave", "r", "private").await;
    let ans = h
        .get(
            "/api/v1/repository?namespace=dave&last_modified=true&popularity=true",
            Some(&t),
        )
        .await
        .expect(200);
    let repo = &ans.body["repositories"][0];
    assert_eq!(repo["last_modified"], Value::Null);
    assert!(repo.get("last_modified").is_some());
    assert_eq!(repo["popularity"], json!(0.0));
    assert_eq!(
        keys(repo),
        sorted(&[
            "namespace",
            "name",
            "description",
            "is_public",
            "kind",
            "state",
            "last_modified",
            "popularity",
            "is_starred",
            "quota_report"
        ])
    );
    // Other kinds: none of them here; an unknown kind is refused by the data layer.
    let ans = h
        .get(
            "/api/v1/repository?namespace=dave&repo_kind=application",
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"repositories": []}));
    h.get(
        "/api/v1/repository?namespace=dave&repo_kind=bogus",
        Some(&t),
    )
    .await
    .message_error(400, Some("Unknown repository kind"));
    // Stars: anonymous callers get 400, signed-in callers an empty list (no stars are kept).
    h.get("/api/v1/repository?starred=true", None)
        .await
        .message_error(
            400,
            Some("The browser (or proxy) sent a request that this server could not understand."),
        );
    let ans = h
        .get("/api/v1/repository?starred=true&namespace=dave", Some(&t))
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"repositories": []}));
}

#[tokio::test]
async fn list_repos_pages_by_hundred() {
    let h = Harness::new().await;
    let t = h.user("dave", ALL).await;
    h.state
        .store
        .write(|tx| {
            let ns = namespace::by_name(tx, "dave")?.unwrap().id;
            for i in 0..205 {
                quay_server::store::repository::create(
                    tx,
                    ns,
                    &format!("r{i:03}"),
                    "private",
                    Some("d"),
                    "image",
                    Some(ns),
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let first = h
        .get("/api/v1/repository?namespace=dave", Some(&t))
        .await
        .expect(200);
    assert_eq!(first.body["repositories"].as_array().unwrap().len(), 100);
    let token = first.body["next_page"].as_str().unwrap().to_string();
    assert!(token.starts_with("gAAAAAB"));
    let second = h
        .get(
            &format!("/api/v1/repository?namespace=dave&next_page={token}"),
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(second.body["repositories"][0]["name"], "r100");
    let token = second.body["next_page"].as_str().unwrap().to_string();
    let third = h
        .get(
            &format!("/api/v1/repository?namespace=dave&next_page={token}"),
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(third.body["repositories"].as_array().unwrap().len(), 5);
    assert!(third.body.get("next_page").is_none());
    // A bad token silently restarts at the first page.
    let again = h
        .get(
            "/api/v1/repository?namespace=dave&next_page=garbage",
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(again.body["repositories"][0]["name"], "r000");
}

// ------------------------------------------------------------------------------------------
// getRepo

#[tokio::test]
async fn get_repo_answers_like_the_recorded_quay() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(
        keys(&ans.body),
        sorted(&[
            "namespace",
            "name",
            "kind",
            "description",
            "is_public",
            "is_organization",
            "is_starred",
            "status_token",
            "trust_enabled",
            "tag_expiration_s",
            "is_free_account",
            "state",
            "tags",
            "can_write",
            "can_admin"
        ])
    );
    let b = &ans.body;
    assert_eq!(
        (
            b["namespace"].clone(),
            b["name"].clone(),
            b["kind"].clone(),
            b["is_organization"].clone()
        ),
        (json!("acme"), json!("web"), json!("image"), json!(true))
    );
    assert_eq!(b["tags"], json!({}));
    assert_eq!(b["tag_expiration_s"], 1209600);
    assert_eq!(
        (b["can_write"].clone(), b["can_admin"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(b["status_token"].as_str().unwrap().len(), 36);
    // The badge token is stable.
    let again = h
        .get("/api/v1/repository/acme%2Fweb", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(again.body["status_token"], b["status_token"]);
    // Unknown: 404 for the full-access superuser.
    h.get("/api/v1/repository/acme/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    h.get("/api/v1/repository/nowhere/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    // Anonymous on a private repository: 401.
    h.get("/api/v1/repository/acme/web", None)
        .await
        .api_error(401, "invalid_token");
}

#[tokio::test]
async fn get_repo_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    create(&h, &w.alice, "acme", "open", "public").await;
    grant(&h, "acme", "web", "bob", "read").await;
    // Readers, writers and admins; can_write / can_admin follow the role.
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.bob))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(false))
    );
    grant(&h, "acme", "web", "bob", "write").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.bob))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(true), json!(false))
    );
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(true), json!(true))
    );
    // Outsiders: 403 (401 anonymous), also for a repository that does not exist.
    for path in [
        "/api/v1/repository/acme/web",
        "/api/v1/repository/acme/nope",
        "/api/v1/repository/nowhere/x",
    ] {
        h.get(path, Some(&w.eve))
            .await
            .api_error(403, "insufficient_scope");
        h.get(path, None).await.api_error(401, "invalid_token");
        h.get(path, Some("bogus"))
            .await
            .api_error(401, "invalid_token");
        // The superuser without FULL_ACCESS is an outsider.
        h.get(path, Some(&h.admin))
            .await
            .api_error(403, "insufficient_scope");
    }
    // Public repositories: anyone, with no rights.
    let ans = h
        .get("/api/v1/repository/acme/open", None)
        .await
        .expect(200);
    assert_eq!(ans.body["status_token"], "");
    assert_eq!(ans.body["is_public"], true);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(false))
    );
    h.get("/api/v1/repository/acme/open", Some(&w.eve))
        .await
        .expect(200);
    // Token scopes cap the role.
    let read_only = h.user("alice", "repo:read").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&read_only))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(false))
    );
    let writer = h.user("alice", "repo:write").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&writer))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(true), json!(false))
    );
    let org_admin_only = h.user("alice", "org:admin").await;
    h.get("/api/v1/repository/acme/web", Some(&org_admin_only))
        .await
        .api_error(403, "insufficient_scope");
    // A value without a namespace matches no route.
    h.get("/api/v1/repository/web", Some(&w.alice))
        .await
        .message_error(404, None);
}

#[tokio::test]
async fn get_repo_options() {
    let h = Harness::new().await;
    let t = h.user("dave", ALL).await;
    create(&h, &t, "dave", "r", "private").await;
    let ans = h
        .get(
            "/api/v1/repository/dave/r?includeTags=false&includeStats=true",
            Some(&t),
        )
        .await
        .expect(200);
    assert!(ans.body.get("tags").is_none());
    assert_eq!(ans.body["is_organization"], false);
    let stats = ans.body["stats"].as_array().unwrap();
    assert_eq!(stats.len(), 91);
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    assert_eq!(stats[0], json!({"date": yesterday, "count": 0}));
    let mut dates: Vec<&str> = stats.iter().map(|s| s["date"].as_str().unwrap()).collect();
    dates.sort();
    dates.dedup();
    assert_eq!(dates.len(), 91);
    let ans = h
        .get("/api/v1/repository/dave/r?includeTags=0", Some(&t))
        .await
        .expect(200);
    assert!(ans.body.get("tags").is_none() && ans.body.get("stats").is_none());
}

#[tokio::test]
async fn get_repo_for_global_read_only_superusers() {
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let auditor = h.user("auditor", "user:read").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&auditor))
        .await
        .expect(200);
    assert_eq!(
        (ans.body["can_write"].clone(), ans.body["can_admin"].clone()),
        (json!(false), json!(true))
    );
    h.get("/api/v1/repository/acme/nope", Some(&auditor))
        .await
        .api_error(404, "not_found");
}

// ------------------------------------------------------------------------------------------
// deleteRepository

#[tokio::test]
async fn delete_repository_removes_everything_under_it() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    grant(&h, "acme", "web", "bob", "write").await;
    grant_team(&h, "acme", "web", "makers", "read").await;
    let ans = h
        .delete("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 0);
    assert_eq!(
        count(&h, "SELECT count(*) FROM repo_user_permission").await,
        0
    );
    assert_eq!(
        count(&h, "SELECT count(*) FROM repo_team_permission").await,
        0
    );
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM log_entry WHERE kind = 'delete_repo'"
        )
        .await,
        1
    );
    // The organization's admin holds admin on every repository name of it: 404, not 403.
    h.get("/api/v1/repository/acme/web", Some(&w.alice))
        .await
        .api_error(404, "not_found");
    // The name can be used again.
    create(&h, &w.alice, "acme", "web", "public").await;
    let ans = h
        .get("/api/v1/repository/acme/web", Some(&w.eve))
        .await
        .expect(200);
    assert_eq!(ans.body["is_public"], true);
}

#[tokio::test]
async fn delete_repository_permission_matrix() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    grant(&h, "acme", "web", "bob", "write").await;
    // Writers, outsiders, unknown repositories of others, the superuser without FULL_ACCESS: 403.
    for (t, path) in [
        (&w.bob, "/api/v1/repository/acme/web"),
        (&w.eve, "/api/v1/repository/acme/web"),
        (&w.eve, "/api/v1/repository/acme/nope"),
        (&h.admin, "/api/v1/repository/acme/web"),
    ] {
        h.delete(path, Some(t))
            .await
            .api_error(403, "insufficient_scope");
    }
    // The organization's admin may delete any repository name of it: an unknown one is a no-op.
    h.delete("/api/v1/repository/acme/nope", Some(&w.alice))
        .await
        .expect(204);
    // The org admin needs repo:admin in its token.
    let t = h.user("alice", "org:admin repo:write").await;
    h.delete("/api/v1/repository/acme/web", Some(&t))
        .await
        .api_error(403, "insufficient_scope");
    h.call(Method::DELETE, "/api/v1/repository/acme/web", None, None)
        .await
        .csrf();
    h.call(
        Method::DELETE,
        "/api/v1/repository/acme/web",
        Some("bogus"),
        None,
    )
    .await
    .csrf();
    assert_eq!(count(&h, "SELECT count(*) FROM repository").await, 1);
    // A repository admin (direct permission) may delete.
    grant(&h, "acme", "web", "eve", "admin").await;
    let t = h.user("eve", "repo:admin").await;
    h.delete("/api/v1/repository/acme/web", Some(&t))
        .await
        .expect(204);
}

#[tokio::test]
async fn delete_repository_for_full_access_superusers() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    h.delete("/api/v1/repository/acme/web", Some(&h.admin))
        .await
        .expect(204);
    // An unknown repository in a known namespace: 204, nothing happens.
    h.delete("/api/v1/repository/acme/nope", Some(&h.admin))
        .await
        .expect(204);
    // An unknown namespace crashes Quay; this server answers 404.
    h.delete("/api/v1/repository/nowhere/nope", Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let ro = Harness::with_config(Config {
        REGISTRY_STATE: "readonly".into(),
        ..full_access()
    })
    .await;
    ro.delete("/api/v1/repository/acme/web", Some(&ro.admin))
        .await
        .expect(503);
}
