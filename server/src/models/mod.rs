//! The schemas of the generated OpenAPI document, one module per tag, named and shaped as the
//! components of `openapi.yaml` (the drift gate compares them).

mod common;
mod generated;
mod quay_schemas;
mod superuser;
mod values;

pub use generated::*;
pub use values::ByteSize;
