//! # quay-sdk
//!
//! A typed async client for the [Red Hat Quay](https://quay.io) REST API v1. Its models, its
//! operation table and one request type per operation are generated from the project's
//! `openapi.yaml` (`cargo xtask codegen`), whose descriptions become their documentation.
//!
//! * One handle per API area, mirroring the spec's tags: [`Client::organizations`],
//!   [`Client::organization`] (members, applications, proxy cache, teams, robots),
//!   [`Client::repository`] (permissions), [`Client::superuser`], [`Client::user`].
//! * Every handler method returns the operation's request ([`requests`]): optional
//!   parameters are setters, `.send()` (or just `.await`) sends it, and paginated lists have
//!   `.stream()` over every item of every page. [`OPERATIONS`] lists every operation with its
//!   HTTP method and path template.
//! * One [`Error`] type that keeps the HTTP status and decodes all four of Quay's error bodies.
//! * Opt-in retries ([`RetryPolicy`]), a `tracing` span per request, secrets never in `Debug`.
//!
//! ## Quick start
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use quay_sdk::{Client, models::{NewOrg, RepositoryRole, TeamDescription, TeamRole}};
//!
//! # async fn run() -> quay_sdk::Result<()> {
//! let client = Client::new("https://quay.example.com", std::env::var("QUAY_TOKEN").unwrap())?;
//!
//! client.organizations().create(&NewOrg::new("acme").email("ops@acme.example")).await?;
//! let deployers = client.organization("acme").team("deployers");
//! deployers
//!     .create_or_update(&TeamDescription::new(TeamRole::Member).description("CI deployers"))
//!     .await?;
//! deployers.add_member("bob").await?;
//! client.repository("acme/web")?.permissions().set_team("deployers", RepositoryRole::Write).await?;
//!
//! // Optional parameters are setters; `.stream()` follows `next_page` through every page.
//! let names: Vec<String> = client
//!     .repositories()
//!     .list()
//!     .namespace("acme")
//!     .stream()
//!     .map_ok(|repo| repo.name)
//!     .try_collect()
//!     .await?;
//!
//! match client.organization("nope").get().await {
//!     Err(e) if e.is_not_found() => println!("no such organization"),
//!     other => { other?; }
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]
#![warn(rust_2018_idioms)]

pub mod api;
mod client;
mod error;
pub mod models;
pub mod operations;
mod pagination;
mod path;
mod request;
pub mod requests;
mod retry;
mod session;
mod web;

pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use error::{ApiFailure, Error, ErrorBody, ErrorKind, RAW_BODY_LIMIT, Result, SNIPPET_LIMIT};
pub use operations::{Method, OPERATIONS, Operation};
pub use pagination::Page;
pub use path::{IntoRepositoryRef, RepositoryRef, encode_segment};
pub use retry::RetryPolicy;

/// The HTTP client the SDK is built on, for [`ClientBuilder::http_client`] and
/// [`ClientBuilder::add_root_certificate`].
pub use reqwest;

/// The date-time library of [`models::Timestamp`] and [`models::Date`].
pub use chrono;

/// The stream type of every `.stream()`, and the traits to consume it
/// (`use quay_sdk::TryStreamExt;` for `try_collect`, `try_next`, ...).
pub use futures_util::stream::{BoxStream, Stream, StreamExt, TryStreamExt};

/// The crate README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
