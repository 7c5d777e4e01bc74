//! The `repository` tag through HTTP: createRepo, listRepos, getRepo, deleteRepository.
//!
//! Organizations and teams are set up with rows inserted directly (their handlers belong to
//! other areas): an organization has an `owners` team (role admin) holding its creator.

use crate::common;

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

mod create_repo;
mod delete_repository;
mod get_repo;
mod list_repos;

#[allow(unused_imports)]
use create_repo::*;
#[allow(unused_imports)]
use delete_repository::*;
#[allow(unused_imports)]
use get_repo::*;
#[allow(unused_imports)]
use list_repos::*;
