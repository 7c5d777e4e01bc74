//! helpers

use super::*;

/// Asserts `actual` has the same keys as the fixture body, recursively for objects.
#[track_caller]
pub(super) fn same_shape(actual: &Value, recorded: &Value) {
    match (actual, recorded) {
        (Value::Object(a), Value::Object(r)) => {
            assert_eq!(keys(actual), keys(recorded), "{actual} vs {recorded}");
            for (k, v) in r {
                if k == "teams" && v.is_object() {
                    // A map keyed by team name: compare the entries' shapes.
                    if let (Some(x), Some(y)) = (
                        a[k].as_object().and_then(|m| m.values().next()),
                        v.as_object().and_then(|m| m.values().next()),
                    ) {
                        same_shape(x, y);
                    }
                } else if !v.is_null() && !a[k].is_null() {
                    same_shape(&a[k], v);
                }
            }
        }
        (Value::Array(a), Value::Array(r)) => {
            if let (Some(x), Some(y)) = (a.first(), r.first()) {
                same_shape(x, y);
            }
        }
        _ => {}
    }
}

/// Users `alice` (creates `acme`, so its admin), `bob` (team `devs`, role member), `carol`
/// (outside collaborator: direct permission on `acme/web`, no team), `dave` (no relation);
/// robot `acme+bot` (in `devs`, permission on `web`); repository `acme/web` with a direct
/// permission for alice too. Returns the tokens (all scopes) of alice, bob, carol, dave.
pub(super) struct World {
    pub(super) alice: String,
    pub(super) bob: String,
    pub(super) carol: String,
    pub(super) dave: String,
}

pub(super) async fn world(h: &Harness) -> World {
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    let carol = h.user("carol", ALL).await;
    let dave = h.user("dave", ALL).await;
    h.post(
        "/api/v1/organization/",
        Some(&alice),
        json!({"name": "acme", "email": "acme@example.com"}),
    )
    .await
    .expect(201);
    sql(
        h,
        "INSERT INTO team (org_id, name, role, description) VALUES
           ((SELECT id FROM namespace WHERE name = 'acme'), 'devs', 'member', 'Developers');
         INSERT INTO team_member (team_id, user_id) VALUES
           ((SELECT id FROM team WHERE name = 'devs'), (SELECT id FROM namespace WHERE name = 'bob'));
         INSERT INTO namespace (name, kind, owner_id, created_at) VALUES
           ('acme+bot', 'robot', (SELECT id FROM namespace WHERE name = 'acme'), 'now');
         INSERT INTO team_member (team_id, user_id) VALUES
           ((SELECT id FROM team WHERE name = 'devs'), (SELECT id FROM namespace WHERE name = 'acme+bot'));
         INSERT INTO repository (namespace_id, name, visibility, created_at) VALUES
           ((SELECT id FROM namespace WHERE name = 'acme'), 'web', 'private', 'now');
         INSERT INTO repo_user_permission (repo_id, user_id, role) VALUES
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'alice'), 'admin'),
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'carol'), 'read'),
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM namespace WHERE name = 'acme+bot'), 'write');
         INSERT INTO repo_team_permission (repo_id, team_id, role) VALUES
           ((SELECT id FROM repository WHERE name = 'web'), (SELECT id FROM team WHERE name = 'devs'), 'read');",
    )
    .await;
    World {
        alice,
        bob,
        carol,
        dave,
    }
}

/// Creates an application in `org` with `token` and returns its client id.
pub(super) async fn make_app(h: &Harness, org: &str, token: &str) -> String {
    let ans = h
        .post(
            &format!("/api/v1/organization/{org}/applications"),
            Some(token),
            json!({"name": "ci", "redirect_uri": "http://127.0.0.1/cb", "application_uri": "http://127.0.0.1/app"}),
        )
        .await
        .expect(200);
    ans.body["client_id"].as_str().unwrap().to_string()
}
