//! The `superuser` tag: the superuser panel (users, organizations, logs, service keys, quotas,
//! builds, registry size, mirror health).
//!
//! Every case creates what it works on under the run's prefix (users, organizations, service
//! keys of a service named after the prefix) and registers it for cleanup; listings only check
//! that what the run created appears. Nothing the run did not create is changed: the
//! "cannot delete a superuser" refusal is not exercised, as it would aim a DELETE at the
//! target's own superuser.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use quay_sdk::Client;
use quay_sdk::models::{
    ApiErrorType, ApproveServiceKey, AvatarKind, CreateInstallUser, CreateRobot, CreateServiceKey,
    CreatedServiceKey, NewNamespaceQuota, NewOrg, PutServiceKey, QuotaView, QuotaViewList,
    ServiceKeyApprovalType, UpdateNamespaceQuota,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_error, expect_status,
};
use crate::runner::{expect_any, expect_csrf};

/// Superuser panel on.
const SU: Needs = Needs {
    user: false,
    features: &[Feature::SuperUsers],
};
/// Superuser panel on, and a second (ordinary) user.
const SU_USER: Needs = Needs {
    user: true,
    features: &[Feature::SuperUsers],
};
/// Quota management on (its probe goes through the superuser panel, so that is on too).
const QUOTA: Needs = Needs {
    user: false,
    features: &[Feature::Quota],
};
/// Quota management on, and a second user.
const QUOTA_USER: Needs = Needs {
    user: true,
    features: &[Feature::Quota],
};

/// How many `limit=1` pages a paging case reads before giving up (a registry that large is
/// skipped, not failed).
const MAX_PAGES: usize = 5000;
/// How many pages of the audit log are searched for the run's entry.
const MAX_LOG_PAGES: usize = 50;

mod builds;
mod logs;
mod mirror;
mod organizations;
mod panel;
mod quotas;
mod service_keys;
mod support;
mod users;

use builds::*;
use logs::*;
use organizations::*;
use quotas::*;
use service_keys::*;
/// For the other areas that create users with createInstallUser.
pub(in crate::scenarios) use support::skip_if_not_database;
use support::*;
use users::*;

// ---------------------------------------------------------------------------------------------
// The cases.

macro_rules! quota_cases {
    ($via:expr, $list:literal, $create:literal, $change:literal, $delete:literal) => {
        vec![
            case!($list, "ok", needs: QUOTA, |t| quota_list_ok(t, $via).await),
            case!($list, "empty", needs: QUOTA, |t| quota_list_empty(t, $via).await),
            case!($list, "other_kind", needs: QUOTA, |t| quota_list_other_kind(t, $via).await),
            case!($list, "unknown", needs: QUOTA, |t| quota_list_unknown(t, $via).await),
            case!($list, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_list_as(t, $via, user, 403).await
            }),
            case!($list, "anonymous", needs: QUOTA, |t| {
                quota_list_as(t, $via, &t.anonymous, 401).await
            }),
            case!($list, "bad_token", needs: QUOTA, |t| {
                quota_list_as(t, $via, &t.bad_token, 401).await
            }),
            case!($create, "ok", needs: QUOTA, |t| quota_create_ok(t, $via).await),
            case!($create, "bytes", needs: QUOTA, |t| quota_create_bytes(t, $via).await),
            case!($create, "duplicate", needs: QUOTA, |t| quota_create_duplicate(t, $via).await),
            case!($create, "zero", needs: QUOTA, |t| {
                quota_create_bad(t, $via, NewNamespaceQuota::bytes(0), "Invalid quota size limit value").await
            }),
            case!($create, "bad_size", needs: QUOTA, |t| {
                quota_create_bad(t, $via, NewNamespaceQuota::size("5 XB"), "does not match").await
            }),
            case!($create, "unknown_namespace", needs: QUOTA, |t| quota_create_unknown(t, $via).await),
            case!($create, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_create_refused(t, $via, user, false).await
            }),
            case!($create, "anonymous", needs: QUOTA, |t| {
                quota_create_refused(t, $via, &t.anonymous, true).await
            }),
            case!($create, "bad_token", needs: QUOTA, |t| {
                quota_create_refused(t, $via, &t.bad_token, true).await
            }),
            case!($change, "ok", needs: QUOTA, |t| quota_change_ok(t, $via).await),
            case!($change, "size", needs: QUOTA, |t| quota_change_size(t, $via).await),
            case!($change, "no_change", needs: QUOTA, |t| {
                quota_change_unchanged(t, $via, UpdateNamespaceQuota::no_change()).await
            }),
            case!($change, "zero", needs: QUOTA, |t| {
                quota_change_unchanged(t, $via, UpdateNamespaceQuota::bytes(0)).await
            }),
            case!($change, "negative", needs: QUOTA, |t| quota_change_negative(t, $via).await),
            case!($change, "unknown_quota", needs: QUOTA, |t| {
                quota_change_unknown_quota(t, $via).await
            }),
            case!($change, "wrong_namespace", needs: QUOTA, |t| {
                quota_change_wrong_namespace(t, $via).await
            }),
            case!($change, "unknown_namespace", needs: QUOTA, |t| {
                quota_change_unknown_namespace(t, $via).await
            }),
            case!($change, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_change_refused(t, $via, user, false).await
            }),
            case!($change, "anonymous", needs: QUOTA, |t| {
                quota_change_refused(t, $via, &t.anonymous, true).await
            }),
            case!($change, "bad_token", needs: QUOTA, |t| {
                quota_change_refused(t, $via, &t.bad_token, true).await
            }),
            case!($delete, "ok", needs: QUOTA, |t| quota_delete_ok(t, $via).await),
            case!($delete, "again", needs: QUOTA, |t| quota_delete_again(t, $via).await),
            case!($delete, "wrong_namespace", needs: QUOTA, |t| {
                quota_delete_wrong_namespace(t, $via).await
            }),
            case!($delete, "unknown_namespace", needs: QUOTA, |t| {
                quota_delete_unknown_namespace(t, $via).await
            }),
            case!($delete, "not_admin", needs: QUOTA_USER, |t| {
                let (user, _) = t.second_user()?;
                quota_delete_refused(t, $via, user, false).await
            }),
            case!($delete, "anonymous", needs: QUOTA, |t| {
                quota_delete_refused(t, $via, &t.anonymous, true).await
            }),
            case!($delete, "bad_token", needs: QUOTA, |t| {
                quota_delete_refused(t, $via, &t.bad_token, true).await
            }),
        ]
    };
}

/// The cases of the `superuser` tag.
pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        // listAllUsers
        case!("listAllUsers", "ok", needs: SU, |t| list_users_ok(t).await),
        case!("listAllUsers", "paged", needs: SU, |t| list_users_paged(t).await),
        case!("listAllUsers", "enabled_only", needs: SU, |t| list_users_enabled_only(t).await),
        case!("listAllUsers", "limit_too_big", needs: SU, |t| expect_error(
            t.admin
                .superuser()
                .users()
                .list().limit(101)
                .await,
            400,
            "Page limit cannot be above 100"
        )),
        case!("listAllUsers", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().users().list().await, 403)
        }),
        case!("listAllUsers", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().users().list().await,
            401
        )),
        case!("listAllUsers", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().users().list().await,
            401
        )),
        // createInstallUser
        case!("createInstallUser", "ok", needs: SU, |t| create_user_ok(t).await),
        case!("createInstallUser", "duplicate", needs: SU, |t| create_user_duplicate(t).await),
        case!("createInstallUser", "org_name", needs: SU, |t| create_user_org_name(t).await),
        case!("createInstallUser", "invalid_name", needs: SU, |t| create_user_invalid_name(t).await),
        case!("createInstallUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            create_user_as(t, user, false).await
        }),
        case!("createInstallUser", "anonymous", needs: SU, |t| create_user_as(t, &t.anonymous, true).await),
        case!("createInstallUser", "bad_token", needs: SU, |t| create_user_as(t, &t.bad_token, true).await),
        // deleteInstallUser
        case!("deleteInstallUser", "ok", needs: SU, |t| delete_user_ok(t).await),
        case!("deleteInstallUser", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().users().delete(fresh(t, "ghost")).await,
            404
        )),
        case!("deleteInstallUser", "organization", needs: SU, |t| delete_user_organization(t).await),
        case!("deleteInstallUser", "robot", needs: SU, |t| delete_user_robot(t).await),
        case!("deleteInstallUser", "not_admin", needs: SU_USER, |t| delete_user_not_admin(t).await),
        case!("deleteInstallUser", "anonymous", needs: SU, |t| delete_user_csrf(t, &t.anonymous).await),
        case!("deleteInstallUser", "bad_token", needs: SU, |t| delete_user_csrf(t, &t.bad_token).await),
        // getInstallUser
        case!("getInstallUser", "ok", needs: SU, |t| get_user_ok(t).await),
        case!("getInstallUser", "organization", needs: SU, |t| get_user_organization(t).await),
        case!("getInstallUser", "unknown", needs: SU, |t| {
            expect_status(t.admin.superuser().users().get(fresh(t, "ghost")).await, 404)
        }),
        case!("getInstallUser", "not_admin", needs: SU_USER, |t| {
            let (user, name) = t.second_user()?;
            expect_status(user.superuser().users().get(name).await, 403)
        }),
        case!("getInstallUser", "anonymous", needs: SU, |t| {
            expect_status(t.anonymous.superuser().users().get(&t.admin_name).await, 401)
        }),
        // listAllAggregateLogs
        case!("listAllAggregateLogs", "ok", needs: SU, |t| aggregate_logs_ok(t).await),
        case!("listAllAggregateLogs", "not_admin", needs: SU_USER, |t| {
            expect_status(t.second_user()?.0.superuser().aggregate_logs().await, 403)
        }),
        case!("listAllAggregateLogs", "anonymous", needs: SU, |t| {
            expect_status(t.anonymous.superuser().aggregate_logs().await, 401)
        }),
        // listAllLogs
        case!("listAllLogs", "ok", needs: SU, |t| logs_ok(t).await),
        case!("listAllLogs", "range", needs: SU, |t| logs_range(t).await),
        case!("listAllLogs", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().logs().await, 403)
        }),
        case!("listAllLogs", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().logs().await,
            401
        )),
        case!("listAllLogs", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().logs().await,
            401
        )),
        // listAllOrganizations
        case!("listAllOrganizations", "ok", needs: SU, |t| list_orgs_ok(t).await),
        case!("listAllOrganizations", "paged", needs: SU, |t| list_orgs_paged(t).await),
        case!("listAllOrganizations", "limit_too_big", needs: SU, |t| expect_error(
            t.admin
                .superuser()
                .organizations()
                .list().limit(101)
                .await,
            400,
            "Page limit cannot be above 100"
        )),
        case!("listAllOrganizations", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(
                user.superuser().organizations().list().await,
                403,
            )
        }),
        case!("listAllOrganizations", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().organizations().list().await,
            401
        )),
        case!("listAllOrganizations", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().organizations().list().await,
            401
        )),
        // changeOrganization
        case!("changeOrganization", "ok", needs: SU, |t| rename_org_ok(t).await),
        case!("changeOrganization", "invalid_name", needs: SU, |t| rename_org_invalid(t).await),
        case!("changeOrganization", "unknown", needs: SU, |t| rename_org_unknown(t).await),
        case!("changeOrganization", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            rename_org_refused(t, user, false).await
        }),
        case!("changeOrganization", "anonymous", needs: SU, |t| rename_org_refused(t, &t.anonymous, true).await),
        case!("changeOrganization", "bad_token", needs: SU, |t| rename_org_refused(t, &t.bad_token, true).await),
        // deleteOrganization
        case!("deleteOrganization", "ok", needs: SU, |t| delete_org_ok(t).await),
        case!("deleteOrganization", "again", needs: SU, |t| delete_org_again(t).await),
        case!("deleteOrganization", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().organizations().delete(fresh(t, "ghost")).await,
            404
        )),
        case!("deleteOrganization", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            delete_org_refused(t, user, false).await
        }),
        case!("deleteOrganization", "anonymous", needs: SU, |t| delete_org_refused(t, &t.anonymous, true).await),
        case!("deleteOrganization", "bad_token", needs: SU, |t| delete_org_refused(t, &t.bad_token, true).await),
        // createServiceKey
        case!("createServiceKey", "ok", needs: SU, |t| create_key_ok(t).await),
        case!("createServiceKey", "never_expires", needs: SU, |t| create_key_never_expires(t).await),
        case!("createServiceKey", "past_expiration", needs: SU, |t| create_key_bad(
            t,
            CreateServiceKey::new(fresh_service(t)).expiration(1000.0),
            "Expiration date cannot be in the past",
        ).await),
        case!("createServiceKey", "bad_name", needs: SU, |t| create_key_bad(
            t,
            CreateServiceKey::new(fresh_service(t)).name("bad!name"),
            "Invalid service key friendly name",
        ).await),
        case!("createServiceKey", "bad_service", needs: SU, |t| create_key_bad(
            t,
            CreateServiceKey::new(format!("{}-Bad-Service", t.prefix)),
            "",
        ).await),
        case!("createServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            create_key_as(t, user, false).await
        }),
        case!("createServiceKey", "anonymous", needs: SU, |t| create_key_as(t, &t.anonymous, true).await),
        case!("createServiceKey", "bad_token", needs: SU, |t| create_key_as(t, &t.bad_token, true).await),
        // listServiceKeys
        case!("listServiceKeys", "ok", needs: SU, |t| list_keys_ok(t).await),
        case!("listServiceKeys", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().service_keys().list().await, 403)
        }),
        case!("listServiceKeys", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().service_keys().list().await,
            401
        )),
        case!("listServiceKeys", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().service_keys().list().await,
            401
        )),
        // getServiceKey
        case!("getServiceKey", "ok", needs: SU, |t| get_key_ok(t).await),
        case!("getServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().service_keys().get(fresh(t, "nosuchkid")).await,
            404
        )),
        case!("getServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            let key = new_key(t, None, "").await?;
            expect_status(user.superuser().service_keys().get(&key.kid).await, 403)
        }),
        case!("getServiceKey", "anonymous", needs: SU, |t| {
            let key = new_key(t, None, "").await?;
            expect_status(t.anonymous.superuser().service_keys().get(&key.kid).await, 401)
        }),
        case!("getServiceKey", "bad_token", needs: SU, |t| {
            let key = new_key(t, None, "").await?;
            expect_status(t.bad_token.superuser().service_keys().get(&key.kid).await, 401)
        }),
        // updateServiceKey
        case!("updateServiceKey", "ok", needs: SU, |t| update_key_ok(t).await),
        case!("updateServiceKey", "expiration", needs: SU, |t| update_key_expiration(t).await),
        case!("updateServiceKey", "past_expiration", needs: SU, |t| update_key_bad(
            t,
            PutServiceKey::new().expiration(1000.0),
            "Cannot have an expiration date in the past",
        ).await),
        case!("updateServiceKey", "bad_name", needs: SU, |t| update_key_bad(
            t,
            PutServiceKey::new().name("bad!name"),
            "Invalid service key friendly name",
        ).await),
        case!("updateServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin
                .superuser()
                .service_keys()
                .update(fresh(t, "nosuchkid"), &PutServiceKey::new().name("x"))
                .await,
            404
        )),
        case!("updateServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            update_key_refused(t, user, false).await
        }),
        case!("updateServiceKey", "anonymous", needs: SU, |t| update_key_refused(t, &t.anonymous, true).await),
        case!("updateServiceKey", "bad_token", needs: SU, |t| update_key_refused(t, &t.bad_token, true).await),
        // deleteServiceKey
        case!("deleteServiceKey", "ok", needs: SU, |t| delete_key_ok(t).await),
        case!("deleteServiceKey", "again", needs: SU, |t| delete_key_again(t).await),
        case!("deleteServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().service_keys().delete(fresh(t, "nosuchkid")).await,
            404
        )),
        case!("deleteServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            delete_key_refused(t, user, false).await
        }),
        case!("deleteServiceKey", "anonymous", needs: SU, |t| delete_key_refused(t, &t.anonymous, true).await),
        case!("deleteServiceKey", "bad_token", needs: SU, |t| delete_key_refused(t, &t.bad_token, true).await),
        // approveServiceKey
        case!("approveServiceKey", "ok", needs: SU, |t| approve_key_ok(t).await),
        case!("approveServiceKey", "unknown", needs: SU, |t| expect_status(
            t.admin.superuser().service_keys().approve(fresh(t, "nosuchkid"), &ApproveServiceKey::new()).await,
            404
        )),
        case!("approveServiceKey", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            approve_key_refused(t, user, false).await
        }),
        case!("approveServiceKey", "anonymous", needs: SU, |t| approve_key_refused(t, &t.anonymous, true).await),
        case!("approveServiceKey", "bad_token", needs: SU, |t| approve_key_refused(t, &t.bad_token, true).await),
    ];
    cases.extend(quota_cases!(
        Via::Users,
        "listUserQuotaSuperUser",
        "createUserQuotaSuperUser",
        "changeUserQuotaSuperUser",
        "deleteUserQuotaSuperUser"
    ));
    cases.extend(quota_cases!(
        Via::Orgs,
        "listOrganizationQuotaSuperUser",
        "createOrganizationQuotaSuperUser",
        "changeOrganizationQuotaSuperUser",
        "deleteOrganizationQuotaSuperUser"
    ));
    cases.extend(vec![
        // getRepoBuildStatusSuperUser: an unknown build is a 400 `invalid_response`, not a 404.
        case!("getRepoBuildStatusSuperUser", "ok", needs: SU, |t| {
            let (_, build) = crate::scenarios::build::queued(t).await?;
            let got = t.admin.superuser().build(&build.id).status().await?;
            ensure(got.id == build.id, format!("the build expected: {got:?}"))
        }),
        case!("getRepoBuildStatusSuperUser", "unknown", needs: SU, |t| expect_type(
            t.admin.superuser().build(random_uuid()).status().await,
            400,
            ApiErrorType::InvalidResponse
        )),
        case!("getRepoBuildStatusSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().build(random_uuid()).status().await, 403)
        }),
        case!("getRepoBuildStatusSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().build(random_uuid()).status().await,
            401
        )),
        case!("getRepoBuildStatusSuperUser", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().build(random_uuid()).status().await,
            401
        )),
        // getRepoBuildSuperUser: an unknown build is a 404.
        case!("getRepoBuildSuperUser", "ok", needs: SU, |t| {
            let (repo, build) = crate::scenarios::build::queued(t).await?;
            let got = t.admin.superuser().build(&build.id).get().await?;
            ensure(
                got.id == build.id && format!("{}/{}", got.repository.namespace, got.repository.name) == repo,
                format!("the build expected: {got:?}"),
            )
        }),
        case!("getRepoBuildSuperUser", "unknown", needs: SU, |t| expect_type(
            t.admin.superuser().build(random_uuid()).get().await,
            404,
            ApiErrorType::NotFound
        )),
        case!("getRepoBuildSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().build(random_uuid()).get().await, 403)
        }),
        case!("getRepoBuildSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().build(random_uuid()).get().await,
            401
        )),
        case!("getRepoBuildSuperUser", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().build(random_uuid()).get().await,
            401
        )),
        // getRepoBuildLogsSuperUser: an unknown build is a 400 `invalid_response`.
        case!("getRepoBuildLogsSuperUser", "ok", needs: SU, |t| {
            let (_, build) = crate::scenarios::build::queued(t).await?;
            t.admin.superuser().build(&build.id).logs().await?;
            Ok(())
        }),
        case!("getRepoBuildLogsSuperUser", "unknown", needs: SU, |t| expect_type(
            t.admin.superuser().build(random_uuid()).logs().await,
            400,
            ApiErrorType::InvalidResponse
        )),
        case!("getRepoBuildLogsSuperUser", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().build(random_uuid()).logs().await, 403)
        }),
        case!("getRepoBuildLogsSuperUser", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().build(random_uuid()).logs().await,
            401
        )),
        case!("getRepoBuildLogsSuperUser", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().build(random_uuid()).logs().await,
            401
        )),
        // getRegistrySize
        case!("getRegistrySize", "ok", needs: SU, |t| registry_size_ok(t).await),
        case!("getRegistrySize", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().registry_size().get().await, 403)
        }),
        case!("getRegistrySize", "anonymous", needs: SU, |t| expect_status(
            t.anonymous.superuser().registry_size().get().await,
            401
        )),
        case!("getRegistrySize", "bad_token", needs: SU, |t| expect_status(
            t.bad_token.superuser().registry_size().get().await,
            401
        )),
        // queueRegistrySizeCalculation
        case!("queueRegistrySizeCalculation", "ok", needs: SU, |t| registry_size_queue_ok(t).await),
        case!("queueRegistrySizeCalculation", "not_admin", needs: SU_USER, |t| {
            let (user, _) = t.second_user()?;
            expect_status(user.superuser().registry_size().queue().await, 403)
        }),
        case!("queueRegistrySizeCalculation", "anonymous", needs: SU, |t| expect_csrf(
            t.anonymous.superuser().registry_size().queue().await
        )),
        case!("queueRegistrySizeCalculation", "bad_token", needs: SU, |t| expect_csrf(
            t.bad_token.superuser().registry_size().queue().await
        )),
    ]);
    cases.extend(panel::cases());
    cases.extend(mirror::cases());
    cases
}
