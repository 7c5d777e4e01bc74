//! Hand-written helpers on the `robot` area's generated models.

use super::{RobotAccount, RobotAccountSummary};

/// Splits `org+short` into its parts (no namespace when there is no `+`).
fn split_robot_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once('+') {
        Some((ns, short)) => (Some(ns), short),
        None => (None, name),
    }
}

macro_rules! robot_names {
    ($($t:ty),*) => {$(
        impl $t {
            /// The organization part of [`name`](Self::name) (before the `+`).
            pub fn namespace(&self) -> Option<&str> {
                split_robot_name(&self.name).0
            }

            /// The short name (after the `+`), as
            /// [`OrganizationHandler::robot`](crate::api::OrganizationHandler::robot) takes it.
            pub fn short_name(&self) -> &str {
                split_robot_name(&self.name).1
            }
        }
    )*};
}

robot_names!(RobotAccount, RobotAccountSummary);
