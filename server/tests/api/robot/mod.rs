//! The `robot` tag through HTTP: the organization's robots, the user's robots, their
//! permissions and tokens.
//!
//! Organizations and teams are set up with rows inserted directly (their handlers belong to
//! other areas): an organization has an `owners` team (role admin) holding its creator.

use crate::common;

use common::*;
use poem::http::Method;
use quay_server::Config;
use serde_json::{Value, json};

// ------------------------------------------------------------------------------------------
// Setup helpers

/// `alice` created org `acme` (admin); `bob` is in team `devs` (member); `eve` is unrelated.
struct World {
    alice: String,
    bob: String,
    eve: String,
}

async fn world(h: &Harness) -> World {
    let w = World {
        alice: h.user("alice", ALL).await,
        bob: h.user("bob", ALL).await,
        eve: h.user("eve", ALL).await,
    };
    org(h, "acme", "alice").await;
    team(h, "acme", "devs", "member", &["bob"]).await;
    w
}

async fn create(h: &Harness, token: &str, org: &str, short: &str, body: Option<Value>) -> Value {
    h.put(
        &format!("/api/v1/organization/{org}/robots/{short}"),
        Some(token),
        body,
    )
    .await
    .expect(201)
    .body
}

fn is_rfc2822_quay(date: &Value) -> bool {
    let s = date.as_str().unwrap_or_default();
    s.ends_with(" -0000")
        && chrono::DateTime::parse_from_rfc2822(&s.replace("-0000", "+0000")).is_ok()
}

mod create_org_robot;
mod delete_org_robot;
mod federation;
mod get_org_robot;
mod get_org_robots;
mod user_robots;

#[allow(unused_imports)]
use create_org_robot::*;
#[allow(unused_imports)]
use delete_org_robot::*;
#[allow(unused_imports)]
use get_org_robot::*;
#[allow(unused_imports)]
use get_org_robots::*;
