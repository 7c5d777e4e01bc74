//! The `permission` tag through HTTP: user, robot and team permissions on repositories, with
//! Quay's permission rules (repository admin first, then the body), statuses and error bodies.

use crate::common;

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

mod change_user_permissions;
mod delete_user_permissions;
mod get_team_permissions_change_team_permiss;
mod get_user_permissions;
mod get_user_transitive_permission;
mod list_repo_user_permissions_list_repo_tea;
mod who_may_call_repository_admins_direct_th;

#[allow(unused_imports)]
use change_user_permissions::*;
#[allow(unused_imports)]
use delete_user_permissions::*;
#[allow(unused_imports)]
use get_team_permissions_change_team_permiss::*;
#[allow(unused_imports)]
use get_user_permissions::*;
#[allow(unused_imports)]
use get_user_transitive_permission::*;
#[allow(unused_imports)]
use list_repo_user_permissions_list_repo_tea::*;
#[allow(unused_imports)]
use who_may_call_repository_admins_direct_th::*;
