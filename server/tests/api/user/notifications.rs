//! The caller's notifications: an invite to a team creates one; listed newest first in Quay's
//! pages, read, dismissed and restored; an organization's reach its admins; nobody else's.

use crate::common;

use common::*;
use serde_json::{Value, json};

const LIST: &str = "/api/v1/user/notifications";

/// alice owns `acme` (team `devs`) and invites carol to `devs`; the tokens of alice and carol.
async fn invited() -> (Harness, String, String) {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let carol = h.user("carol", ALL).await;
    org(&h, "acme", "alice").await;
    team(&h, "acme", "devs", "member", &[]).await;
    let ans = h
        .put(
            "/api/v1/organization/acme/team/devs/members/carol",
            Some(&alice),
            None,
        )
        .await
        .expect(200);
    assert_eq!(ans.body["invited"], true);
    (h, alice, carol)
}

/// Stores a notification for `target` directly, created at `created` (RFC 3339).
async fn stored(h: &Harness, target: &str, uuid: &str, created: &str) {
    sql(
        h,
        "INSERT INTO notification (uuid, kind, target_id, metadata, created_at)
         SELECT ?2, 'test_notification', id, '{}', ?3 FROM namespace WHERE name = ?1",
        vec![target.into(), uuid.into(), created.into()],
    )
    .await;
}

fn ids(page: &Value) -> Vec<String> {
    page["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn an_invite_is_listed_read_dismissed_and_restored() {
    let (h, alice, carol) = invited().await;
    let page = h.get(LIST, Some(&carol)).await.expect(200);
    assert_eq!(page.body["additional"], false);
    let note = page.body["notifications"][0].clone();
    assert_eq!(page.body["notifications"].as_array().unwrap().len(), 1);
    assert_eq!(note["kind"], "org_team_invite");
    assert_eq!(note["organization"], Value::Null);
    assert_eq!(note["dismissed"], false);
    let code: String = {
        let q = "SELECT code FROM team_invite";
        let q = q.to_string();
        h.state
            .store
            .read(move |tx| Ok(tx.query_row(&q, [], |r| r.get(0))?))
            .await
            .unwrap()
    };
    assert_eq!(
        note["metadata"],
        json!({"code": code, "inviter": "alice", "org": "acme", "team": "devs"})
    );
    // Quay's date format: `Fri, 04 Dec 2026 15:40:00 -0000`.
    let created = note["created"].as_str().unwrap();
    assert!(
        created.ends_with(" -0000") && created.len() == 31,
        "{created}"
    );
    assert_eq!(
        key_set(&page.body),
        key_set(&recorded(
            "listUserNotifications",
            "user.listUserNotifications.ok"
        ))
    );

    let id = note["id"].as_str().unwrap();
    let one = format!("{LIST}/{id}");
    assert_eq!(h.get(&one, Some(&carol)).await.expect(200).body, note);
    // Not alice's (the inviter), nor anybody else's.
    h.get(&one, Some(&alice)).await.api_error(404, "not_found");
    h.put(&one, Some(&alice), Some(json!({"dismissed": true})))
        .await
        .api_error(404, "not_found");

    let dismissed = h
        .put(&one, Some(&carol), Some(json!({"dismissed": true})))
        .await
        .expect(200);
    assert_eq!(dismissed.body["dismissed"], true);
    assert_eq!(dismissed.body["id"], note["id"]);
    let page = h.get(LIST, Some(&carol)).await.expect(200);
    assert_eq!(page.body["notifications"], json!([]));
    // Still readable.
    assert_eq!(
        h.get(&one, Some(&carol)).await.expect(200).body["dismissed"],
        true
    );
    // A body without `dismissed` restores it, and unknown keys are ignored.
    let restored = h
        .put(&one, Some(&carol), Some(json!({"other": 1})))
        .await
        .expect(200);
    assert_eq!(restored.body, note);
    assert_eq!(ids(&h.get(LIST, Some(&carol)).await.expect(200).body), [id]);
    // No audit log entry beyond the invite's.
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM log_entry WHERE kind LIKE '%notification%'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_refused_mail_keeps_the_invite_and_its_notification() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    org(&h, "acme", "alice").await;
    team(&h, "acme", "devs", "member", &[]).await;
    sql(
        &h,
        "INSERT INTO namespace (name, kind, email, created_at) VALUES ('bouncer', 'user', 'bounce@example.com', '2026-01-01T00:00:00Z')",
        vec![],
    )
    .await;
    h.put(
        "/api/v1/organization/acme/team/devs/members/bouncer",
        Some(&alice),
        None,
    )
    .await
    .expect(400);
    assert_eq!(
        count(&h, "SELECT count(*) FROM notification nt JOIN namespace n ON n.id = nt.target_id WHERE n.name = 'bouncer'").await,
        1
    );
}

#[tokio::test]
async fn an_organizations_notifications_reach_its_admins() {
    let (h, alice, carol) = invited().await;
    stored(&h, "acme", "org-note", "2030-01-01T00:00:00Z").await;
    let page = h.get(LIST, Some(&alice)).await.expect(200);
    assert_eq!(ids(&page.body), ["org-note"]);
    assert_eq!(page.body["notifications"][0]["organization"], "acme");
    h.get(&format!("{LIST}/org-note"), Some(&alice))
        .await
        .expect(200);
    // carol is in no admin team of acme (and only invited at that).
    assert!(!ids(&h.get(LIST, Some(&carol)).await.expect(200).body).contains(&"org-note".into()));
    h.get(&format!("{LIST}/org-note"), Some(&carol))
        .await
        .api_error(404, "not_found");
    // A member of a team with role admin reads them too; of a member team, not.
    let bob = h.user("bob", ALL).await;
    team(&h, "acme", "devs", "member", &["bob"]).await;
    assert_eq!(
        ids(&h.get(LIST, Some(&bob)).await.expect(200).body).len(),
        0
    );
    team(&h, "acme", "admins", "admin", &["bob"]).await;
    assert_eq!(
        ids(&h.get(LIST, Some(&bob)).await.expect(200).body),
        ["org-note"]
    );
}

#[tokio::test]
async fn pages_skip_one_entry_each_as_in_quay() {
    let h = Harness::new().await;
    let carol = h.user("carol", ALL).await;
    // n0 is the newest.
    for i in 0..7 {
        stored(
            &h,
            "carol",
            &format!("n{i}"),
            &format!("2030-01-0{}T00:00:00Z", 9 - i),
        )
        .await;
    }
    let first = h.get(LIST, Some(&carol)).await.expect(200);
    assert_eq!(ids(&first.body), ["n0", "n1", "n2", "n3", "n4"]);
    assert_eq!(first.body["additional"], true);
    for page in ["", "&page=0", "&page=1", "&page=-3"] {
        let ans = h
            .get(&format!("{LIST}?limit=2{page}"), Some(&carol))
            .await
            .expect(200);
        assert_eq!(ids(&ans.body), ["n0", "n1"], "{page}");
        assert_eq!(ans.body["additional"], true);
    }
    // Page 2 starts at entry 3: n2 is on no page.
    let second = h
        .get(&format!("{LIST}?limit=2&page=2"), Some(&carol))
        .await
        .expect(200);
    assert_eq!(ids(&second.body), ["n3", "n4"]);
    assert_eq!(second.body["additional"], true);
    let third = h
        .get(&format!("{LIST}?limit=2&page=3"), Some(&carol))
        .await
        .expect(200);
    assert_eq!(ids(&third.body), ["n6"]);
    assert_eq!(third.body["additional"], false);
    let none = h
        .get(&format!("{LIST}?limit=0"), Some(&carol))
        .await
        .expect(200);
    assert_eq!(ids(&none.body).len(), 0);
    assert_eq!(none.body["additional"], true);
    let all = h
        .get(
            &format!("{LIST}?limit=99999999999999999999999"),
            Some(&carol),
        )
        .await
        .expect(200);
    assert_eq!(ids(&all.body).len(), 7);
    assert_eq!(all.body["additional"], false);
}

#[tokio::test]
async fn bad_parameters_name_their_help_text() {
    let h = Harness::new().await;
    let carol = h.user("carol", ALL).await;
    let ans = h.get(&format!("{LIST}?limit=abc"), Some(&carol)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        json!({"message": {"limit": "Limit on the number of results (int)"}})
    );
    let ans = h.get(&format!("{LIST}?page=1.5"), Some(&carol)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        json!({"message": {"page": "Offset page number. (int)"}})
    );
    // The caller is checked first.
    h.get(&format!("{LIST}?limit=abc"), None)
        .await
        .api_error(401, "invalid_token");
    // updateUserNotification checks the caller, then the body, then looks the id up.
    let (h, _, carol) = invited().await;
    h.put(
        &format!("{LIST}/x"),
        None,
        Some(json!({"dismissed": "yes"})),
    )
    .await
    .csrf();
    h.put(
        &format!("{LIST}/x"),
        Some(&carol),
        Some(json!({"dismissed": "yes"})),
    )
    .await
    .api_error(400, "invalid_request");
    let id = ids(&h.get(LIST, Some(&carol)).await.expect(200).body)[0].clone();
    h.put(
        &format!("{LIST}/{id}"),
        Some(&carol),
        Some(json!({"dismissed": "yes"})),
    )
    .await
    .api_error(400, "invalid_request");
}

#[tokio::test]
async fn callers_need_user_admin() {
    let (h, _, _) = invited().await;
    let narrow = h.user("carol", "repo:read").await;
    h.get(LIST, Some(&narrow))
        .await
        .api_error(403, "insufficient_scope");
    h.get(&format!("{LIST}/x"), Some(&narrow))
        .await
        .api_error(403, "insufficient_scope");
    h.put(
        &format!("{LIST}/x"),
        Some(&narrow),
        Some(json!({"dismissed": true})),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.get(LIST, None).await.api_error(401, "invalid_token");
    h.get(&format!("{LIST}/x"), None)
        .await
        .api_error(401, "invalid_token");
    h.put(&format!("{LIST}/x"), None, Some(json!({"dismissed": true})))
        .await
        .csrf();
}
