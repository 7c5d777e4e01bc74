//! The `team` tag through HTTP: teams, members, invites and a team's repository permissions,
//! with Quay's permission rules, statuses and error bodies (fixtures in `fixtures/quay/`).

mod common;

use common::*;
use poem::http::Method;
use quay_server::Config;
use quay_server::store::namespace;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Set-up: organizations, teams, robots and repositories are other areas' objects; they are
// inserted directly, as Quay creates them (an org gets an `owners` admin team with its creator).

/// Creates repository `ns/name` and gives `team` of `ns` the role `role` on it.
async fn repo_with_team(
    h: &Harness,
    ns: &str,
    name: &str,
    visibility: &str,
    team: &str,
    role: &str,
) {
    let (ns, name, visibility, team, role) = (
        ns.to_string(),
        name.to_string(),
        visibility.to_string(),
        team.to_string(),
        role.to_string(),
    );
    h.state
        .store
        .write(move |tx| {
            let owner = namespace::by_name(tx, &ns)?.unwrap();
            tx.execute(
                "INSERT INTO repository (namespace_id, name, visibility, created_at) VALUES (?1, ?2, ?3, 'now')",
                rusqlite::params![owner.id, name, visibility],
            )?;
            let repo = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO repo_team_permission (repo_id, team_id, role)
                 SELECT ?1, id, ?3 FROM team WHERE org_id = ?2 AND name = ?4",
                rusqlite::params![repo, owner.id, role, team],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

/// Hex SHA-256, as avatars use.
fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The standard world: `alice` owns `acme` (admin with every scope), `bob` is in team `devs`,
/// `carol` is in no team, `dave` owns `other`; robots `acme+bot` and `other+bot`.
struct World {
    h: Harness,
    alice: String,
    bob: String,
    carol: String,
}

async fn world_with(config: Config) -> World {
    let h = Harness::with_config(config).await;
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    let carol = h.user("carol", ALL).await;
    h.user("dave", ALL).await;
    org(&h, "acme", "alice").await;
    org(&h, "other", "dave").await;
    team(&h, "acme", "devs", "member", &["bob"]).await;
    robot(&h, "acme", "bot").await;
    robot(&h, "other", "bot").await;
    World {
        h,
        alice,
        bob,
        carol,
    }
}

async fn world() -> World {
    world_with(Config::default()).await
}

const TEAM: &str = "/api/v1/organization/acme/team";

// ---------------------------------------------------------------------------------------------
// updateOrganizationTeam

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

// ---------------------------------------------------------------------------------------------
// deleteOrganizationTeam

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

// ---------------------------------------------------------------------------------------------
// getOrganizationTeamMembers

#[tokio::test]
async fn members_list_users_and_robots() {
    let w = world().await;
    w.h.put(
        &format!("{TEAM}/devs/members/acme+bot"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    let ans =
        w.h.get(&format!("{TEAM}/devs/members"), Some(&w.alice))
            .await
            .expect(200);
    let rec = recorded("getOrganizationTeamMembers", "team.members.list.ok");
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(keys(&ans.body["members"][0]), keys(&rec["members"][0]));
    assert_eq!(ans.body["name"], "devs");
    assert_eq!(ans.body["can_edit"], true);
    let members = ans.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["name"], "bob");
    assert_eq!(members[0]["kind"], "user");
    assert_eq!(members[0]["is_robot"], false);
    assert_eq!(members[0]["invited"], false);
    assert_eq!(members[0]["avatar"]["kind"], "user");
    assert_eq!(members[1]["name"], "acme+bot");
    assert_eq!(members[1]["kind"], "user");
    assert_eq!(members[1]["is_robot"], true);
    assert_eq!(members[1]["avatar"]["kind"], "robot");

    // A member of the team sees the list, cannot edit.
    let ans =
        w.h.get(&format!("{TEAM}/devs/members"), Some(&w.bob))
            .await
            .expect(200);
    assert_eq!(ans.body["can_edit"], false);
    // ...with `repo:create` only, too; not with an unrelated scope.
    let creator = w.h.user("bob", "repo:create").await;
    w.h.get(&format!("{TEAM}/devs/members"), Some(&creator))
        .await
        .expect(200);
    let reader = w.h.user("bob", "repo:read user:read").await;
    w.h.get(&format!("{TEAM}/devs/members"), Some(&reader))
        .await
        .api_error(403, "insufficient_scope");
    // Another team, no membership: 403.
    w.h.get(&format!("{TEAM}/owners/members"), Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&format!("{TEAM}/devs/members"), Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&format!("{TEAM}/devs/members"), None)
        .await
        .api_error(401, "invalid_token");
    w.h.get(&format!("{TEAM}/devs/members"), Some("bogus"))
        .await
        .api_error(401, "invalid_token");
    w.h.get(&format!("{TEAM}/devs/members"), Some(&w.h.admin))
        .await
        .api_error(403, "insufficient_scope");
    // Unknown team: 404 for the admin, 403 for others.
    w.h.get(&format!("{TEAM}/noteam/members"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
    w.h.get(&format!("{TEAM}/noteam/members"), Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/members",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn pending_invites_are_listed_for_admins_only() {
    let w = world().await;
    // carol is in no team of acme: invited.
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    w.h.put(
        &format!("{TEAM}/devs/invite/someone@example.com"),
        Some(&w.alice),
        None,
    )
    .await
    .expect(200);
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.alice),
        )
        .await
        .expect(200);
    let members = ans.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(
        (members[0]["name"].clone(), members[0]["invited"].clone()),
        (json!("bob"), json!(false))
    );
    assert_eq!(
        (members[1]["name"].clone(), members[1]["invited"].clone()),
        (json!("carol"), json!(true))
    );
    assert_eq!(members[2]["email"], "someone@example.com");
    assert_eq!(members[2]["kind"], "invite");
    assert_eq!(members[2]["invited"], true);
    let rec = recorded(
        "getOrganizationTeamMembers-mailing",
        "team.members.list.include_pending",
    );
    let rec_invite = rec["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "invite")
        .unwrap();
    assert_eq!(keys(&members[2]), keys(rec_invite));
    // truthy_bool: anything but false-ish values is true; never a parse error.
    for (q, n) in [
        ("1", 3),
        ("yes", 3),
        ("false", 1),
        ("False", 1),
        ("0", 1),
        ("", 1),
        ("null", 1),
    ] {
        let ans =
            w.h.get(
                &format!("{TEAM}/devs/members?includePending={q}"),
                Some(&w.alice),
            )
            .await
            .expect(200);
        assert_eq!(
            ans.body["members"].as_array().unwrap().len(),
            n,
            "includePending={q}"
        );
    }
    // A team member asking for them gets the members only.
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.bob),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["members"].as_array().unwrap().len(), 1);
    // The invitee is not a member yet.
    w.h.get(
        &format!("{TEAM}/devs/members?includePending=true"),
        Some(&w.carol),
    )
    .await
    .api_error(403, "insufficient_scope");
}

#[tokio::test]
async fn superusers_and_members_listing() {
    let w = world_with(Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
        .await
        .expect(200);
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&w.h.admin),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["can_edit"], true);
    assert_eq!(ans.body["members"].as_array().unwrap().len(), 2);
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/members",
        Some(&w.h.admin),
    )
    .await
    .api_error(404, "not_found");
    // A global read-only superuser reads without any scope, cannot edit, sees no invites.
    let auditor = w.h.user("auditor", "user:read").await;
    let ans =
        w.h.get(
            &format!("{TEAM}/devs/members?includePending=true"),
            Some(&auditor),
        )
        .await
        .expect(200);
    assert_eq!(ans.body["can_edit"], false);
    assert_eq!(ans.body["members"].as_array().unwrap().len(), 1);
    w.h.get(&format!("{TEAM}/noteam/members"), Some(&auditor))
        .await
        .api_error(404, "not_found");
}

// ---------------------------------------------------------------------------------------------
// updateOrganizationTeamMember

#[tokio::test]
async fn org_members_and_own_robots_are_added_directly() {
    let w = world().await;
    team(&w.h, "acme", "ops", "member", &[]).await;
    // bob is in devs, so he is added to ops directly.
    let ans =
        w.h.put(&format!("{TEAM}/ops/members/bob"), Some(&w.alice), None)
            .await
            .expect(200);
    let rec = recorded(
        "updateOrganizationTeamMember-mailing",
        "team.member.add.org_member_added",
    );
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(ans.body["invited"], false);
    assert_eq!(ans.body["is_robot"], false);
    assert_eq!(ans.body["avatar"]["hash"], json!(sha256("bob@example.com")));
    let ans =
        w.h.put(
            &format!("{TEAM}/ops/members/acme+bot"),
            Some(&w.alice),
            None,
        )
        .await
        .expect(200);
    assert_eq!(ans.body["name"], "acme+bot");
    assert_eq!(ans.body["kind"], "user");
    assert_eq!(ans.body["is_robot"], true);
    assert_eq!(ans.body["avatar"]["kind"], "robot");
    assert_eq!(ans.body["invited"], false);
    assert_eq!(logs(&w.h, "org_add_team_member").await, 2);
    w.h.put(&format!("{TEAM}/ops/members/bob"), Some(&w.alice), None)
        .await
        .message_error(400, Some("User bob is already a member of team ops"));
    assert_eq!(logs(&w.h, "org_add_team_member").await, 2);
}

#[tokio::test]
async fn outsiders_are_invited_again_and_again() {
    let w = world().await;
    for _ in 0..2 {
        let ans =
            w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
                .await
                .expect(200);
        assert_eq!(ans.body["invited"], true);
        assert_eq!(ans.body["name"], "carol");
    }
    assert_eq!(
        count(
            &w.h,
            "SELECT count(*) FROM team_invite WHERE user_id IS NOT NULL"
        )
        .await,
        2
    );
    assert_eq!(logs(&w.h, "org_invite_team_member").await, 2);
    // Not a member.
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_member m JOIN namespace n ON n.id = m.user_id WHERE n.name = 'carol'").await, 0);
}

#[tokio::test]
async fn foreign_robots_and_unknown_users_are_refused() {
    let w = world().await;
    w.h.put(&format!("{TEAM}/devs/members/other+bot"), Some(&w.alice), None)
        .await
        .message_error(400, Some("Cannot add the specified robot to this team, as it is not a member of the organization"));
    let ans =
        w.h.put(&format!("{TEAM}/devs/members/ghost"), Some(&w.alice), None)
            .await
            .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Unknown user");
    // An organization is not a user.
    w.h.put(&format!("{TEAM}/devs/members/other"), Some(&w.alice), None)
        .await
        .api_error(400, "invalid_request");
    w.h.put(&format!("{TEAM}/noteam/members/bob"), Some(&w.alice), None)
        .await
        .api_error(404, "not_found");
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_member").await, 3);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
}

#[tokio::test]
async fn a_refused_invite_mail_keeps_the_invite() {
    let w = world().await;
    w.h.user("bouncer", ALL).await;
    w.h.state
        .store
        .write(|tx| {
            tx.execute(
                "UPDATE namespace SET email = 'qdbounce@example.com' WHERE name = 'bouncer'",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let ans =
        w.h.put(
            &format!("{TEAM}/devs/members/bouncer"),
            Some(&w.alice),
            None,
        )
        .await;
    assert_eq!(
        ans.body,
        recorded(
            "updateOrganizationTeamMember-mailing",
            "team.member.add.mail_refused"
        )
    );
    assert_eq!(ans.status, 400);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 1);
    assert_eq!(logs(&w.h, "org_invite_team_member").await, 0);
    // It can be removed through the member path.
    w.h.delete(&format!("{TEAM}/devs/members/bouncer"), Some(&w.alice))
        .await
        .expect(204);
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
}

#[tokio::test]
async fn without_required_invites_everyone_is_added() {
    for config in [
        Config {
            FEATURE_MAILING: false,
            ..Config::default()
        },
        Config {
            FEATURE_REQUIRE_TEAM_INVITE: false,
            ..Config::default()
        },
    ] {
        let w = world_with(config).await;
        let ans =
            w.h.put(&format!("{TEAM}/devs/members/carol"), Some(&w.alice), None)
                .await
                .expect(200);
        assert_eq!(ans.body["invited"], false);
        // A robot of another organization too (Quay checks it only when invites are required).
        let ans =
            w.h.put(
                &format!("{TEAM}/devs/members/other+bot"),
                Some(&w.alice),
                None,
            )
            .await
            .expect(200);
        assert_eq!(ans.body["is_robot"], true);
        assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
    }
}

#[tokio::test]
async fn add_member_permission_matrix() {
    let w = world().await;
    let path = format!("{TEAM}/devs/members/carol");
    w.h.put(&path, None, None).await.csrf();
    w.h.put(&path, Some("bogus"), None).await.csrf();
    w.h.put(&path, Some(&w.bob), None)
        .await
        .api_error(403, "insufficient_scope");
    w.h.put(&path, Some(&w.carol), None)
        .await
        .api_error(403, "insufficient_scope");
    w.h.put(&path, Some(&w.h.admin), None)
        .await
        .api_error(403, "insufficient_scope");
    let capped = w.h.user("alice", "repo:admin repo:create").await;
    w.h.put(&path, Some(&capped), None)
        .await
        .api_error(403, "insufficient_scope");
    w.h.put(
        "/api/v1/organization/nosuchorg/team/devs/members/carol",
        Some(&w.alice),
        None,
    )
    .await
    .api_error(403, "insufficient_scope");
    assert_eq!(count(&w.h, "SELECT count(*) FROM team_invite").await, 0);
    // Full access.
    let w = world_with(full_access()).await;
    w.h.put(&path, Some(&w.h.admin), None).await.expect(200);
    w.h.put(
        "/api/v1/organization/nosuchorg/team/devs/members/carol",
        Some(&w.h.admin),
        None,
    )
    .await
    .api_error(404, "not_found");
}

// ---------------------------------------------------------------------------------------------
// deleteOrganizationTeamMember

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

// ---------------------------------------------------------------------------------------------
// inviteTeamMemberEmail / deleteTeamMemberEmailInvite

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

// ---------------------------------------------------------------------------------------------
// getOrganizationTeamPermissions

#[tokio::test]
async fn team_permissions_list_repositories() {
    let w = world().await;
    repo_with_team(&w.h, "acme", "web", "private", "devs", "write").await;
    repo_with_team(&w.h, "acme", "site", "public", "devs", "read").await;
    repo_with_team(&w.h, "acme", "other", "public", "owners", "admin").await;
    let ans =
        w.h.get(&format!("{TEAM}/devs/permissions"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(
        ans.body,
        json!({"permissions": [
            {"repository": {"name": "web", "is_public": false}, "role": "write"},
            {"repository": {"name": "site", "is_public": true}, "role": "read"},
        ]})
    );
    let rec = recorded("getOrganizationTeamPermissions", "team.permissions.ok");
    assert_eq!(
        keys(&ans.body["permissions"][0]),
        keys(&rec["permissions"][0])
    );
    let ans =
        w.h.get(&format!("{TEAM}/ops/permissions"), Some(&w.alice))
            .await
            .api_error(404, "not_found");
    assert_eq!(
        keys(&ans.body),
        keys(&recorded(
            "getOrganizationTeamPermissions",
            "team.permissions.unknown_team"
        ))
    );
    team(&w.h, "acme", "empty", "member", &[]).await;
    let ans =
        w.h.get(&format!("{TEAM}/empty/permissions"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": []}));
}

#[tokio::test]
async fn team_permissions_permission_matrix() {
    let w = world_with(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let path = format!("{TEAM}/devs/permissions");
    w.h.get(&path, None).await.api_error(401, "invalid_token");
    w.h.get(&path, Some("bogus"))
        .await
        .api_error(401, "invalid_token");
    // A member of the team is not enough.
    w.h.get(&path, Some(&w.bob))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&path, Some(&w.carol))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(&path, Some(&w.h.admin))
        .await
        .api_error(403, "insufficient_scope");
    let capped = w.h.user("alice", "repo:admin repo:create").await;
    w.h.get(&path, Some(&capped))
        .await
        .api_error(403, "insufficient_scope");
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/permissions",
        Some(&w.alice),
    )
    .await
    .api_error(403, "insufficient_scope");
    let auditor = w.h.user("auditor", "").await;
    w.h.get(&path, Some(&auditor)).await.expect(200);
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/permissions",
        Some(&auditor),
    )
    .await
    .api_error(404, "not_found");

    let w = world_with(full_access()).await;
    w.h.get(&path, Some(&w.h.admin)).await.expect(200);
    w.h.get(
        "/api/v1/organization/nosuchorg/team/devs/permissions",
        Some(&w.h.admin),
    )
    .await
    .api_error(404, "not_found");
}
