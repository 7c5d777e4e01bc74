//! # quay-server
//!
//! A reference server that behaves like Red Hat Quay for every operation of the project's
//! `openapi.yaml`, on an embedded SQLite database, so SDKs and automation can be tested without
//! a Quay deployment (as stripe-mock does for Stripe).
//!
//! The layout mirrors the spec's tags: [`api`] holds one `#[OpenApi]` implementation per tag,
//! [`models`] the schemas, [`store`] the database. Around the handlers, [`middleware`] does
//! what Quay does before its handlers run (trailing slashes, identity, CSRF, read-only mode).
#![deny(missing_docs)]

pub mod api;
mod app;
pub mod auth;
pub mod body;
pub mod config;
pub mod error;
pub mod identities;
pub mod middleware;
pub mod models;
pub mod oauthweb;
pub mod outbound;
pub mod params;
pub mod reply;
pub mod routing;
pub mod scopes;
pub mod ssrf;
pub mod state;
pub mod store;
pub mod time;
pub mod upstream;
pub mod userfiles;
pub mod websession;

pub use app::{Running, app, start};
pub use config::Config;
pub use state::AppState;
pub use store::Store;
