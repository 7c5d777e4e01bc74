//! Typed request and response bodies, named as the schemas of `openapi.yaml`'s
//! `components/schemas`.
//!
//! The models are generated from the spec (into `models/generated/`, by `cargo xtask codegen`); this module
//! adds the value types they use and, per area, the helpers a generator cannot know.
//!
//! Every model tolerates fields a newer Quay adds and is `#[non_exhaustive]` (request bodies
//! are built with `new` and setters); `Option` marks nullable or conditional fields; every enum
//! keeps values this SDK does not know in an opaque `Unknown` variant.

#[macro_use]
mod macros;
mod generated;
mod mirror;
mod namespacequota;
mod organization;
mod permission;
mod prototype;
mod repository;
mod robot;
mod superuser;
mod team;
mod values;

pub use generated::*;
pub use values::{ByteSize, Date, Secret, Timestamp, TimestampFormat, UnknownValue};
pub(crate) use values::{integral, present};
