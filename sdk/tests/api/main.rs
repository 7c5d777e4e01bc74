//! The SDK's integration tests against wiremock, one module per API area, in one test binary:
//! every test binary links the whole SDK, so one binary keeps the build small and fast.

mod common;

mod appspecifictokens;
mod build;
mod capabilities;
mod client;
mod discovery;
mod error;
mod globalmessages;
mod logs;
mod mirror;
mod namespacequota;
mod operations;
mod org_mirror;
mod organization;
mod permission;
mod prototype;
mod repository;
mod robot;
mod search;
mod suconfig;
mod superuser;
mod team;
mod tls;
mod user;
