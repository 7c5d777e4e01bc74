//! The `namespacequota` tag: organization quotas and their limits, the signed-in user's quota.
//!
//! Every organization is created by the run's superuser (so the superuser is its member and
//! may read its quota), its quota set through the superuser panel (which needs no
//! `FEATURE_SUPERUSERS_FULL_ACCESS`). The writes of this area need full access: their success
//! cases skip without it, and the `without_full_access` cases (skipped with it) check the
//! refusal. The user-quota cases read as the second user; when it has no quota, a case sets one
//! through the superuser panel and removes it again, so those operations run alone
//! ([`super::EXCLUSIVE`]).

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::ErrorBody;
use quay_sdk::models::{
    NewNamespaceQuota, NewNamespaceQuotaLimit, NewOrg, QuotaLimitType, QuotaView,
    UpdateNamespaceQuota, UpdateNamespaceQuotaLimit,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_any, expect_csrf,
    expect_denied, expect_error, expect_status,
};

mod organization;
mod support;
mod user;

use support::*;

const GIB: u64 = 1024 * 1024 * 1024;

/// Quota management on.
const QUOTA: Needs = Needs {
    user: false,
    features: &[Feature::Quota],
};
/// Quota management on, and the second user.
const QUOTA_USER: Needs = Needs {
    user: true,
    features: &[Feature::Quota],
};
/// Quota management and full superuser access on (the writes).
const WRITE: Needs = Needs {
    user: false,
    features: &[Feature::Quota, Feature::FullAccess],
};
/// Both, and the second user.
const WRITE_USER: Needs = Needs {
    user: true,
    features: &[Feature::Quota, Feature::FullAccess],
};

fn fail(msg: impl Into<String>) -> Failure {
    Failure::Fail(msg.into())
}

/// The operations whose cases change the second user's quota.
pub const USER_QUOTA_OPERATIONS: &[&str] = &[
    "listUserQuota",
    "getUserQuota",
    "listUserQuotaLimit",
    "getUserQuotaLimit",
];

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    use organization as o;
    vec![
        case!("listOrganizationQuota", "ok", needs: QUOTA, |t| o::list_ok(t).await),
        case!("listOrganizationQuota", "empty", needs: QUOTA, |t| o::list_empty(t).await),
        case!("listOrganizationQuota", "unknown_org", needs: QUOTA, |t| o::list_unknown(t).await),
        case!("listOrganizationQuota", "not_member", needs: QUOTA_USER, |t| {
            o::list_as(t, t.second_user()?.0, 403).await
        }),
        case!("listOrganizationQuota", "anonymous", needs: QUOTA, |t| {
            o::list_as(t, &t.anonymous, 401).await
        }),
        case!("listOrganizationQuota", "bad_token", needs: QUOTA, |t| {
            o::list_as(t, &t.bad_token, 401).await
        }),
        case!("createOrganizationQuota", "ok", needs: WRITE, |t| {
            o::create_ok(t, NewNamespaceQuota::bytes(10 * GIB as i64), 10 * GIB).await
        }),
        case!("createOrganizationQuota", "human", needs: WRITE, |t| {
            o::create_ok(t, NewNamespaceQuota::size("500 MiB"), 500 * 1024 * 1024).await
        }),
        case!("createOrganizationQuota", "again", needs: WRITE, |t| o::create_again(t).await),
        case!("createOrganizationQuota", "bad_unit", needs: WRITE, |t| {
            o::create_bad(t, NewNamespaceQuota::size("5 B"), "Invalid limit format").await
        }),
        case!("createOrganizationQuota", "zero", needs: WRITE, |t| {
            o::create_bad(t, NewNamespaceQuota::bytes(0), "Invalid quota size limit value").await
        }),
        case!("createOrganizationQuota", "unknown_org", needs: WRITE, |t| {
            o::create_unknown(t).await
        }),
        case!("createOrganizationQuota", "without_full_access", needs: QUOTA, |t| {
            without_full_access(t)?;
            o::create_refused(t, &t.admin, false).await
        }),
        case!("createOrganizationQuota", "not_member", needs: QUOTA_USER, |t| {
            o::create_refused(t, t.second_user()?.0, false).await
        }),
        case!("createOrganizationQuota", "anonymous", needs: QUOTA, |t| {
            o::create_refused(t, &t.anonymous, true).await
        }),
        case!("createOrganizationQuota", "bad_token", needs: QUOTA, |t| {
            o::create_refused(t, &t.bad_token, true).await
        }),
        case!("getOrganizationQuota", "ok", needs: QUOTA, |t| o::get_ok(t).await),
        case!("getOrganizationQuota", "unknown", needs: QUOTA, |t| o::get_unknown(t).await),
        case!("getOrganizationQuota", "other_namespace", needs: QUOTA, |t| {
            o::get_other_namespace(t).await
        }),
        case!("getOrganizationQuota", "not_member", needs: QUOTA_USER, |t| {
            o::get_as(t, t.second_user()?.0, 403).await
        }),
        case!("getOrganizationQuota", "anonymous", needs: QUOTA, |t| {
            o::get_as(t, &t.anonymous, 401).await
        }),
        case!("changeOrganizationQuota", "ok", needs: WRITE, |t| {
            o::change_ok(t, UpdateNamespaceQuota::bytes(20 * GIB as i64), 20 * GIB).await
        }),
        case!("changeOrganizationQuota", "size", needs: WRITE, |t| {
            o::change_ok(t, UpdateNamespaceQuota::size("2 GiB"), 2 * GIB).await
        }),
        case!("changeOrganizationQuota", "no_change", needs: WRITE, |t| {
            o::change_ok(t, UpdateNamespaceQuota::no_change(), 10 * GIB).await
        }),
        case!("changeOrganizationQuota", "zero", needs: WRITE, |t| {
            o::change_ok(t, UpdateNamespaceQuota::bytes(0), 10 * GIB).await
        }),
        case!("changeOrganizationQuota", "negative", needs: WRITE, |t| {
            o::change_bad(t, UpdateNamespaceQuota::bytes(-5), "Invalid quota size limit value: '-5'").await
        }),
        case!("changeOrganizationQuota", "bad_unit", needs: WRITE, |t| {
            o::change_bad(t, UpdateNamespaceQuota::size("5 B"), "Invalid limit format").await
        }),
        case!("changeOrganizationQuota", "unknown", needs: WRITE, |t| o::change_unknown(t).await),
        case!("changeOrganizationQuota", "without_full_access", needs: QUOTA, |t| {
            without_full_access(t)?;
            o::change_refused(t, &t.admin, false).await
        }),
        case!("changeOrganizationQuota", "not_member", needs: QUOTA_USER, |t| {
            o::change_refused(t, t.second_user()?.0, false).await
        }),
        case!("changeOrganizationQuota", "anonymous", needs: QUOTA, |t| {
            o::change_refused(t, &t.anonymous, true).await
        }),
        case!("deleteOrganizationQuota", "ok", needs: WRITE, |t| o::delete_ok(t).await),
        case!("deleteOrganizationQuota", "again", needs: WRITE, |t| o::delete_again(t).await),
        case!("deleteOrganizationQuota", "without_full_access", needs: QUOTA, |t| {
            without_full_access(t)?;
            o::delete_refused(t, &t.admin, false).await
        }),
        case!("deleteOrganizationQuota", "not_member", needs: QUOTA_USER, |t| {
            o::delete_refused(t, t.second_user()?.0, false).await
        }),
        case!("deleteOrganizationQuota", "anonymous", needs: QUOTA, |t| {
            o::delete_refused(t, &t.anonymous, true).await
        }),
        case!("listOrganizationQuotaLimit", "empty", needs: QUOTA, |t| o::limits_empty(t).await),
        case!("listOrganizationQuotaLimit", "ok", needs: WRITE, |t| o::limits_ok(t).await),
        case!("listOrganizationQuotaLimit", "unknown_quota", needs: QUOTA, |t| {
            o::limits_unknown_quota(t).await
        }),
        case!("listOrganizationQuotaLimit", "not_member", needs: QUOTA_USER, |t| {
            o::limits_as(t, t.second_user()?.0, 403).await
        }),
        case!("listOrganizationQuotaLimit", "anonymous", needs: QUOTA, |t| {
            o::limits_as(t, &t.anonymous, 401).await
        }),
        case!("createOrganizationQuotaLimit", "ok", needs: WRITE, |t| o::create_limit_ok(t).await),
        case!("createOrganizationQuotaLimit", "duplicate", needs: WRITE, |t| {
            o::create_limit_duplicate(t).await
        }),
        case!("createOrganizationQuotaLimit", "bad_type", needs: WRITE, |t| {
            o::create_limit_bad(t, NewNamespaceQuotaLimit::new("Nope", 80), "Quota type must be one of [Warning, Reject]").await
        }),
        case!("createOrganizationQuotaLimit", "bad_threshold", needs: WRITE, |t| {
            o::create_limit_bad(t, NewNamespaceQuotaLimit::warning(101), "Quota limit threshold must be between 1 and 100").await
        }),
        case!("createOrganizationQuotaLimit", "unknown_quota", needs: WRITE, |t| {
            o::create_limit_unknown_quota(t).await
        }),
        case!("createOrganizationQuotaLimit", "without_full_access", needs: QUOTA, |t| {
            without_full_access(t)?;
            o::create_limit_refused(t, &t.admin, false).await
        }),
        case!("createOrganizationQuotaLimit", "not_member", needs: QUOTA_USER, |t| {
            o::create_limit_refused(t, t.second_user()?.0, false).await
        }),
        case!("createOrganizationQuotaLimit", "anonymous", needs: QUOTA, |t| {
            o::create_limit_refused(t, &t.anonymous, true).await
        }),
        case!("getOrganizationQuotaLimit", "ok", needs: WRITE, |t| o::get_limit_ok(t).await),
        case!("getOrganizationQuotaLimit", "unknown", needs: QUOTA, |t| o::get_limit_unknown(t).await),
        case!("getOrganizationQuotaLimit", "other_quota", needs: WRITE, |t| {
            o::get_limit_other_quota(t).await
        }),
        case!("getOrganizationQuotaLimit", "not_member", needs: QUOTA_USER, |t| {
            o::get_limit_as(t, t.second_user()?.0, 403).await
        }),
        case!("getOrganizationQuotaLimit", "anonymous", needs: QUOTA, |t| {
            o::get_limit_as(t, &t.anonymous, 401).await
        }),
        case!("changeOrganizationQuotaLimit", "ok", needs: WRITE, |t| o::change_limit_ok(t).await),
        case!("changeOrganizationQuotaLimit", "no_change", needs: WRITE, |t| {
            o::change_limit_nothing(t).await
        }),
        case!("changeOrganizationQuotaLimit", "bad_type", needs: WRITE, |t| {
            o::change_limit_bad(t, UpdateNamespaceQuotaLimit::new().kind("Nope"), "Quota type must be one of [Warning, Reject]").await
        }),
        case!("changeOrganizationQuotaLimit", "bad_threshold", needs: WRITE, |t| {
            o::change_limit_bad(t, UpdateNamespaceQuotaLimit::new().threshold_percent(0), "Quota limit threshold must be between 1 and 100").await
        }),
        case!("changeOrganizationQuotaLimit", "unknown", needs: WRITE, |t| {
            o::change_limit_unknown(t).await
        }),
        case!("changeOrganizationQuotaLimit", "without_full_access", needs: QUOTA, |t| {
            without_full_access(t)?;
            o::change_limit_refused(t, &t.admin, false).await
        }),
        case!("changeOrganizationQuotaLimit", "not_member", needs: QUOTA_USER, |t| {
            o::change_limit_refused(t, t.second_user()?.0, false).await
        }),
        case!("changeOrganizationQuotaLimit", "anonymous", needs: QUOTA, |t| {
            o::change_limit_refused(t, &t.anonymous, true).await
        }),
        case!("deleteOrganizationQuotaLimit", "ok", needs: WRITE, |t| o::delete_limit_ok(t).await),
        case!("deleteOrganizationQuotaLimit", "again", needs: WRITE, |t| {
            o::delete_limit_again(t).await
        }),
        case!("deleteOrganizationQuotaLimit", "without_full_access", needs: QUOTA, |t| {
            without_full_access(t)?;
            o::delete_limit_refused(t, &t.admin, false).await
        }),
        case!("deleteOrganizationQuotaLimit", "not_member", needs: QUOTA_USER, |t| {
            o::delete_limit_refused(t, t.second_user()?.0, false).await
        }),
        case!("deleteOrganizationQuotaLimit", "anonymous", needs: QUOTA, |t| {
            o::delete_limit_refused(t, &t.anonymous, true).await
        }),
        case!("listUserQuota", "ok", needs: QUOTA_USER, |t| user::list_ok(t).await),
        case!("listUserQuota", "anonymous", needs: QUOTA, |t| {
            expect_status(t.anonymous.user().quota().list().await, 401)
        }),
        case!("listUserQuota", "bad_token", needs: QUOTA, |t| {
            expect_status(t.bad_token.user().quota().list().await, 401)
        }),
        case!("getUserQuota", "ok", needs: QUOTA_USER, |t| user::get_ok(t).await),
        case!("getUserQuota", "not_mine", needs: QUOTA_USER, |t| user::get_others(t).await),
        case!("getUserQuota", "anonymous", needs: QUOTA, |t| {
            expect_status(t.anonymous.user().quota().get(1).await, 401)
        }),
        case!("listUserQuotaLimit", "ok", needs: QUOTA_USER, |t| user::limits_ok(t).await),
        case!("listUserQuotaLimit", "unknown", needs: QUOTA_USER, |t| user::limits_unknown(t).await),
        case!("listUserQuotaLimit", "anonymous", needs: QUOTA, |t| {
            expect_status(t.anonymous.user().quota().limits(1).await, 401)
        }),
        case!("getUserQuotaLimit", "ok", needs: WRITE_USER, |t| user::limit_ok(t).await),
        case!("getUserQuotaLimit", "unknown", needs: QUOTA_USER, |t| user::limit_unknown(t).await),
        case!("getUserQuotaLimit", "anonymous", needs: QUOTA, |t| {
            expect_status(t.anonymous.user().quota().limit(1, 1).await, 401)
        }),
    ]
}
