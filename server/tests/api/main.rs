//! The reference server's integration tests, one module per API area (and the architecture,
//! routing and storage checks), in one test binary: every test binary links the whole server,
//! so one binary keeps the build small and fast.

mod common;

mod appspecifictokens;
mod architecture;
mod bodies;
mod build;
mod capabilities;
mod discovery;
mod durability;
mod error;
mod globalmessages;
mod logs;
mod mirror;
mod namespacequota;
mod org_mirror;
mod organization;
mod permission;
mod prototype;
mod repository;
mod robot;
mod routing;
mod search;
mod storage;
mod suconfig;
mod superuser;
mod team;
mod user;
