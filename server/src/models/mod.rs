//! The schemas of the generated OpenAPI document, one module per tag, named and shaped as the
//! components of `openapi.yaml` (the drift gate compares them).

mod common;
mod organization;
mod permission;
mod quay_schemas;
mod repository;
mod robot;
mod superuser;
mod team;
mod user;
mod values;

pub use common::*;
pub use organization::*;
pub use permission::*;
pub use repository::*;
pub use robot::*;
pub use superuser::*;
pub use team::*;
pub use user::*;
pub use values::ByteSize;
