//! Hand-written helpers on the `permission` area's generated models.

use super::{RepositoryRole, UserTransitivePermissionList};

impl UserTransitivePermissionList {
    /// The strongest role among the grants (`admin` > `write` > `read`), ignoring roles this
    /// SDK does not know.
    pub fn highest(&self) -> Option<RepositoryRole> {
        let rank = |r: &RepositoryRole| match r {
            RepositoryRole::Read => 1,
            RepositoryRole::Write => 2,
            RepositoryRole::Admin => 3,
            _ => 0,
        };
        self.permissions
            .iter()
            .map(|p| &p.role)
            .filter(|r| rank(r) > 0)
            .max_by_key(|r| rank(r))
            .cloned()
    }
}
