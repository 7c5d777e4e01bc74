//! Hand-written conversions between the `superuser` area's generated models.

#[allow(unused_imports)]
use super::*;

impl From<SuperUserUser> for ServiceKeyApprover {
    fn from(u: SuperUserUser) -> Self {
        Self {
            kind: u.kind,
            name: u.name,
            username: u.username,
            email: u.email,
            verified: u.verified,
            avatar: u.avatar,
            super_user: u.super_user,
            global_readonly_super_user: u.global_readonly_super_user,
            enabled: u.enabled,
            quotas: u.quotas,
            quota_report: u.quota_report,
        }
    }
}
