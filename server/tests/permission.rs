//! The `permission` tag through HTTP: user, robot and team permissions on repositories, with
//! Quay's permission rules (repository admin first, then the body), statuses and error bodies.

mod common;

use common::grant as grant_user;
use common::*;
use poem::http::Method;
use quay_server::Config;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Set-up: organizations, repositories and robots belong to other areas; they are inserted
// directly, as Quay creates them (an org has an `owners` admin team with its creator, the
// creator of a repository holds a direct `admin` permission on it).

async fn sql(h: &Harness, statements: &[&str]) {
    sql_batch(h, &statements.join(";\n")).await;
}

/// A member team of `org`.
async fn team(h: &Harness, org: &str, team: &str, members: &[&str]) {
    common::team(h, org, team, "member", members).await;
}

/// A private repository whose creator holds a direct `admin` permission on it.
async fn repo(h: &Harness, ns: &str, name: &str, creator: &str) {
    common::repo(h, ns, name).await;
    grant(h, ns, name, creator, "admin").await;
}

/// A recorded ApiError as this server sends it (the `type` URL carries the request's host).
fn recorded_api_error(file: &str, case: &str) -> Value {
    let mut v = recorded(file, case);
    let title = v["title"].as_str().unwrap().to_string();
    v["type"] = json!(format!("http://quay.test/api/v1/error/{title}"));
    v
}

/// `alice` owns org `acme` with repository `acme/web` (alice has the creator's direct admin);
/// `bob` is in team `devs` (write on web) and has a direct write; `carol` has nothing;
/// `erin` has a direct admin on web; `frank` is in team `leads` (admin on web);
/// `dave` owns `other`; robots `acme+bot` (read on web) and `other+bot`; `alice/personal` is a
/// user-owned repository.
struct World {
    h: Harness,
    alice: String,
    bob: String,
    carol: String,
    erin: String,
    frank: String,
}

async fn world_with(config: Config) -> World {
    let h = Harness::with_config(config).await;
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    let carol = h.user("carol", ALL).await;
    let erin = h.user("erin", ALL).await;
    let frank = h.user("frank", ALL).await;
    h.user("dave", ALL).await;
    org(&h, "acme", "alice").await;
    org(&h, "other", "dave").await;
    team(&h, "acme", "devs", &["bob"]).await;
    team(&h, "acme", "leads", &["frank"]).await;
    robot(&h, "acme", "bot").await;
    robot(&h, "other", "bot").await;
    repo(&h, "acme", "web", "alice").await;
    grant_user(&h, "acme", "web", "bob", "write").await;
    grant_user(&h, "acme", "web", "erin", "admin").await;
    grant_user(&h, "acme", "web", "acme+bot", "read").await;
    grant_team(&h, "acme", "web", "devs", "write").await;
    grant_team(&h, "acme", "web", "leads", "admin").await;
    repo(&h, "alice", "personal", "alice").await;
    World {
        h,
        alice,
        bob,
        carol,
        erin,
        frank,
    }
}

async fn world() -> World {
    world_with(Config::default()).await
}

fn full_access() -> Config {
    Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    }
}

const WEB: &str = "/api/v1/repository/acme/web/permissions";

// ---------------------------------------------------------------------------------------------
// Who may call: repository admins (direct, through a team, org admins) with `repo:admin`,
// full-access superusers, and for reads global read-only superusers.

#[tokio::test]
async fn reads_need_a_repository_admin() {
    let w = world_with(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let auditor = w.h.user("auditor", "").await;
    let reads = [
        format!("{WEB}/user/"),
        format!("{WEB}/team/"),
        format!("{WEB}/user/bob"),
        format!("{WEB}/user/bob/transitive"),
        format!("{WEB}/team/devs"),
    ];
    let org_admin_without_repo_admin = w.h.user("alice", "org:admin repo:write").await;
    for path in &reads {
        w.h.get(path, None).await.api_error(401, "invalid_token");
        w.h.get(path, Some("bogus"))
            .await
            .api_error(401, "invalid_token");
        w.h.get(path, Some(&w.carol))
            .await
            .api_error(403, "insufficient_scope");
        // Write access is not enough.
        w.h.get(path, Some(&w.bob))
            .await
            .api_error(403, "insufficient_scope");
        w.h.get(path, Some(&org_admin_without_repo_admin))
            .await
            .api_error(403, "insufficient_scope");
        // Superusers without FULL_ACCESS have no rights here.
        w.h.get(path, Some(&w.h.admin))
            .await
            .api_error(403, "insufficient_scope");
        for token in [&w.alice, &w.erin, &w.frank, &auditor] {
            w.h.get(path, Some(token)).await.expect(200);
        }
    }
    let narrow = w.h.user("alice", "repo:admin").await;
    w.h.get(&reads[0], Some(&narrow)).await.expect(200);
    // An unknown repository is a 403, never a 404, for ordinary callers.
    w.h.get(
        "/api/v1/repository/acme/nope/permissions/user/",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
    w.h.get(
        "/api/v1/repository/nobody/nope/permissions/team/devs",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn writes_need_a_repository_admin_before_the_body() {
    let w = world_with(full_access()).await;
    let auditor = w.h.user("auditor", ALL).await;
    let org_admin_without_repo_admin = w.h.user("alice", "org:admin repo:write").await;
    let before = count(&w.h, "SELECT count(*) FROM repo_user_permission").await
        + count(&w.h, "SELECT count(*) FROM repo_team_permission").await;
    for (method, path) in [
        (Method::PUT, format!("{WEB}/user/carol")),
        (Method::DELETE, format!("{WEB}/user/bob")),
        (Method::PUT, format!("{WEB}/team/devs")),
        (Method::DELETE, format!("{WEB}/team/devs")),
    ] {
        let body = (method == Method::PUT).then(|| json!({"role": "owner"}));
        w.h.call(method.clone(), &path, None, body.clone())
            .await
            .csrf();
        w.h.call(method.clone(), &path, Some("bogus"), body.clone())
            .await
            .csrf();
        for token in [&w.carol, &w.bob, &org_admin_without_repo_admin, &auditor] {
            // 403 even with a bad body: the permission check comes first.
            w.h.call(method.clone(), &path, Some(token), body.clone())
                .await
                .api_error(403, "insufficient_scope");
        }
        if method == Method::PUT {
            w.h.call_raw(
                method.clone(),
                &path,
                Some(&w.carol),
                "text/plain",
                "role=read",
            )
            .await
            .api_error(403, "insufficient_scope");
        }
    }
    let after = count(&w.h, "SELECT count(*) FROM repo_user_permission").await
        + count(&w.h, "SELECT count(*) FROM repo_team_permission").await;
    assert_eq!(before, after);
    assert_eq!(
        count(
            &w.h,
            "SELECT count(*) FROM log_entry WHERE kind LIKE '%repo_permission'"
        )
        .await,
        0
    );
}

// ---------------------------------------------------------------------------------------------
// listRepoUserPermissions / listRepoTeamPermissions

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

// ---------------------------------------------------------------------------------------------
// getUserTransitivePermission

#[tokio::test]
async fn transitive_permissions_count_every_grant() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/user/bob/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(
        ans.body,
        recorded(
            "getUserTransitivePermission",
            "perm.transitive.direct_and_team"
        )
    );
    let ans =
        w.h.get(&format!("{WEB}/user/frank/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "admin"}]}));
    // Org-wide admin through owners is not a grant on the repository... but alice's creator
    // permission is.
    let ans =
        w.h.get(&format!("{WEB}/user/alice/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "admin"}]}));
    let ans =
        w.h.get(&format!("{WEB}/user/acme+bot/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "read"}]}));
    let ans =
        w.h.get(&format!("{WEB}/user/carol/transitive"), Some(&w.alice))
            .await;
    assert_eq!(ans.status, 404);
    assert_eq!(
        ans.body,
        recorded_api_error("getUserTransitivePermission", "perm.transitive.none")
    );
    w.h.get(&format!("{WEB}/user/ghost/transitive"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
    w.h.get(&format!("{WEB}/user/acme/transitive"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
}

// ---------------------------------------------------------------------------------------------
// getUserPermissions

#[tokio::test]
async fn get_user_permission() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/user/bob"), Some(&w.alice))
            .await
            .expect(200);
    let rec = recorded("getUserPermissions", "perm.user.get.ok");
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(ans.body["role"], "write");
    assert_eq!(ans.body["is_org_member"], true);
    // Robots, with the `+` literal or encoded.
    for path in [
        format!("{WEB}/user/acme+bot"),
        format!("{WEB}/user/acme%2Bbot"),
    ] {
        let ans = w.h.get(&path, Some(&w.alice)).await.expect(200);
        assert_eq!(ans.body["name"], "acme+bot");
        assert_eq!(ans.body["is_robot"], true);
    }
    // frank holds admin only through a team: no direct permission.
    let ans = w.h.get(&format!("{WEB}/user/frank"), Some(&w.alice)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded("getUserPermissions", "perm.user.get.no_permission")
    );
    w.h.get(&format!("{WEB}/user/ghost"), Some(&w.alice))
        .await
        .message_error(400, Some("User does not have permission for repo."));
    let ans =
        w.h.get(
            "/api/v1/repository/alice/personal/permissions/user/alice",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert!(ans.body.get("is_org_member").is_none());
}

// ---------------------------------------------------------------------------------------------
// changeUserPermissions

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

// ---------------------------------------------------------------------------------------------
// deleteUserPermissions

#[tokio::test]
async fn delete_user_permission() {
    let w = world().await;
    let ans =
        w.h.delete(&format!("{WEB}/user/bob"), Some(&w.alice))
            .await
            .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(logs(&w.h, "delete_repo_permission").await, 1);
    // bob keeps his access through devs.
    let ans =
        w.h.get(&format!("{WEB}/user/bob/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "write"}]}));
    let ans = w.h.delete(&format!("{WEB}/user/bob"), Some(&w.alice)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded_api_error("deleteUserPermissions", "perm.user.delete.again")
    );
    let ans =
        w.h.delete(&format!("{WEB}/user/acme"), Some(&w.alice))
            .await
            .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Namespace owner must always be admin.");
    w.h.delete(&format!("{WEB}/user/ghost"), Some(&w.alice))
        .await
        .api_error(400, "invalid_request");
    w.h.delete(&format!("{WEB}/user/acme+bot"), Some(&w.erin))
        .await
        .expect(204);
    assert_eq!(logs(&w.h, "delete_repo_permission").await, 2);
}

// ---------------------------------------------------------------------------------------------
// getTeamPermissions / changeTeamPermissions / deleteTeamPermissions

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
