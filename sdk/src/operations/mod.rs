//! The table of every operation the SDK implements: operationId, HTTP method, path template.
//!
//! One constant per operationId of `openapi.yaml`, generated into `table.rs` by
//! `cargo xtask codegen`; every public method of the area handlers sends exactly one of these.

use std::fmt;

/// An HTTP method used by the Quay API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether Quay CSRF-checks the method for a web session (everything but `GET`).
    pub(crate) fn is_write(self) -> bool {
        !matches!(self, Method::Get)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// Quay's operationId (its nickname), e.g. `getOrganization`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template with Quay's exact trailing slashes, e.g. `/api/v1/organization/{orgname}`.
    pub path: &'static str,
    /// The spec tag (API area) the operation belongs to.
    pub tag: &'static str,
    /// Whether repeating the request has no further effect, so a retry policy may resend it.
    /// False for POSTs and for the operations the spec marks `x-quay-idempotent: false` (the
    /// team-invite writes, which store or remove one invite per call, and createOrgRobot, a PUT
    /// that is not an upsert: a repeat answers 400).
    pub idempotent: bool,
    /// The OAuth scopes a token needs for the operation, as the spec's `security` says: any
    /// one of these lists suffices (an empty list: a valid token with no particular scope).
    /// Quay's own checks decide beyond that (a role, a superuser, a feature flag).
    pub scopes: &'static [&'static [&'static str]],
    /// Whether an anonymous caller (no token) may call it at all.
    pub anonymous: bool,
}

impl Operation {
    /// Looks an operation up by operationId.
    pub fn find(id: &str) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|op| op.id == id)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.id)
    }
}

pub(crate) mod error_kinds;
mod table;

pub use table::*;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_paths_are_api_v1() {
        let mut ids = HashSet::new();
        for op in OPERATIONS {
            assert!(ids.insert(op.id), "{} twice", op.id);
            assert!(op.path.starts_with("/api/v1/"), "{op}");
        }
        // One entry per operation of the spec (operations are indented six spaces; deeper
        // `operationId`s are inside examples).
        let spec = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml"));
        let in_spec = spec
            .lines()
            .filter(|l| l.starts_with("      operationId:"))
            .count();
        assert_eq!(OPERATIONS.len(), in_spec);
    }

    #[test]
    fn scopes_come_from_the_spec() {
        assert_eq!(CREATE_ORGANIZATION.scopes, &[&["user:admin"][..]]);
        let anonymous: Vec<&str> = OPERATIONS
            .iter()
            .filter(|op| op.anonymous)
            .map(|op| op.id)
            .collect();
        assert!(anonymous.contains(&"getOrganization"), "{anonymous:?}");
        assert!(!anonymous.contains(&"createOrganization"));
        assert!(
            LIST_ALL_USERS
                .scopes
                .iter()
                .any(|s| s.contains(&"super:user"))
        );
    }

    #[test]
    fn find_by_id() {
        assert_eq!(Operation::find("getOrganization"), Some(&GET_ORGANIZATION));
        assert!(Operation::find("nope").is_none());
    }
}
