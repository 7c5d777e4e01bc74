//! Handlers per API area, reached from [`Client`](crate::Client); named after the spec's tags.

pub mod appspecifictokens;
pub mod build;
pub mod capabilities;
pub mod discovery;
pub mod error;
pub mod globalmessages;
pub mod logs;
pub mod mirror;
pub mod namespacequota;
pub mod org_mirror;
pub mod organization;
pub mod permission;
pub mod prototype;
pub mod repository;
pub mod robot;
pub mod search;
mod session;
pub mod suconfig;
pub mod superuser;
pub mod team;
pub mod user;

pub use appspecifictokens::*;
pub use build::*;
pub use globalmessages::*;
pub use mirror::*;
pub use namespacequota::*;
pub use org_mirror::*;
pub use organization::*;
pub use permission::*;
pub use prototype::*;
pub use repository::*;
pub use robot::*;
pub use search::*;
pub use superuser::*;
pub use team::*;
pub use user::*;
