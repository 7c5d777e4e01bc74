//! Typed request and response bodies, one module per API area, named as the schemas of
//! `openapi.yaml`'s `components/schemas`.
//!
//! Every model tolerates fields a newer Quay adds, uses `Option` for nullable or conditional
//! fields, and every enum has an `Other` variant that keeps a value this SDK does not know.

#[macro_use]
mod macros;
mod common;
mod organization;
mod permission;
mod repository;
mod robot;
mod superuser;
mod team;
mod user;

pub use common::*;
pub use organization::*;
pub use permission::*;
pub use repository::*;
pub use robot::*;
pub use superuser::*;
pub use team::*;
pub use user::*;
