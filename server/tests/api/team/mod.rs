//! The `team` tag through HTTP: teams, members, invites and a team's repository permissions,
//! with Quay's permission rules, statuses and error bodies (fixtures in `fixtures/quay/`).

use crate::common;

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

mod delete_organization_team;
mod delete_organization_team_member;
mod get_organization_team_members;
mod get_organization_team_permissions;
mod invite_team_member_email_delete_team_mem;
mod update_organization_team;
mod update_organization_team_member;

#[allow(unused_imports)]
use delete_organization_team::*;
#[allow(unused_imports)]
use delete_organization_team_member::*;
#[allow(unused_imports)]
use get_organization_team_members::*;
#[allow(unused_imports)]
use get_organization_team_permissions::*;
#[allow(unused_imports)]
use invite_team_member_email_delete_team_mem::*;
#[allow(unused_imports)]
use update_organization_team::*;
#[allow(unused_imports)]
use update_organization_team_member::*;
