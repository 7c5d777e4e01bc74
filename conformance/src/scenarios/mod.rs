//! The scenarios, one module per API area (the spec's tags).

use crate::runner::Case;

/// Builds a [`Case`]: `case!("operationId", "name", |t| async body returning CaseResult)`,
/// optionally with `needs: Needs {..}`.
#[macro_export]
macro_rules! case {
    ($op:literal, $name:literal, needs: $needs:expr, |$t:ident| $body:expr) => {
        $crate::runner::Case {
            operation: $op,
            name: $name,
            needs: $needs,
            run: |$t| Box::pin(async move { $body }),
        }
    };
    ($op:literal, $name:literal, |$t:ident| $body:expr) => {
        $crate::case!($op, $name, needs: $crate::runner::Needs::default(), |$t| $body)
    };
}

pub mod user;

/// Every case, grouped by area in the spec's tag order.
pub fn all() -> Vec<(&'static str, Vec<Case>)> {
    vec![("user", user::cases())]
}

/// What an area's cases create on the target (for `--dry-run`), all under the run's prefix.
pub fn creates(area: &str) -> Vec<&'static str> {
    match area {
        "user" => vec!["nothing (read-only cases; initializeUser only on an empty installation)"],
        _ => vec![],
    }
}
