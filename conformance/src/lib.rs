//! The conformance suite of the quay-sdk project: checks `openapi.yaml`, `quay-sdk` and
//! `quay-server` against each other and against a live Quay deployment.
#![deny(missing_docs)]

pub mod contract;
pub mod drift;
pub mod proxy;
pub mod report;
pub mod runner;
pub mod scenarios;
pub mod schema;
pub mod setup;
pub mod sweep;
