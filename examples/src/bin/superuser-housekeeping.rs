//! # superuser-housekeeping: a superuser's tour of the registry
//!
//! 1. lists every user, page by page (`listAllUsers` with a `limit`, following `next_page`;
//!    page size `QUAY_PAGE_SIZE`, 1-100, default 50);
//! 2. lists every organization (the SDK's `list_stream`, which follows `next_page` itself);
//! 3. sets the storage quota of one organization (argument 1, else `QUAY_ORG`, else
//!    `acme-example`) to a size (the remaining arguments, else `QUAY_QUOTA`, else `10 GiB`;
//!    Quay reads `500 MB`, `10 GiB`, or a plain number of bytes): the quota is created when the
//!    organization has none and changed otherwise, so the program can be run again and again;
//! 4. lists the service keys with their approval state and expiry (expired keys are flagged);
//! 5. prints the registry's size as last computed.
//!
//! Needs a superuser's token with `super:user`, and Quay with `FEATURE_SUPER_USERS` (and
//! `FEATURE_QUOTA_MANAGEMENT` + `FEATURE_EDIT_QUOTA` for step 3). Only step 3 writes.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin superuser-housekeeping -- acme 10 GiB
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::process::ExitCode;
use std::time::SystemTime;

use futures_util::TryStreamExt;
use quay_examples::{
    Failure, Step, Table, UsageError, env_var, http_date_from_millis, human_bytes,
    is_already_exists, parse_http_date, yes_no,
};
use quay_sdk::Client;
use quay_sdk::api::{SuperuserHandler, SuperuserOrganizationQuotaHandler};
use quay_sdk::models::{
    NewNamespaceQuota, QuotaLite, QuotaReport, QuotaView, ServiceKey, SuperUserUser,
    UpdateNamespaceQuota,
};

const USAGE: &str = "usage: superuser-housekeeping [ORGANIZATION [SIZE]]
  ORGANIZATION  the organization whose quota is set; default: $QUAY_ORG, else acme-example
  SIZE          the quota, e.g. \"10 GiB\" or 500 MB; default: $QUAY_QUOTA, else 10 GiB
  $QUAY_PAGE_SIZE  users per page (1-100, default 50)";

const DEFAULT_ORG: &str = "acme-example";
const DEFAULT_QUOTA: &str = "10 GiB";
const DEFAULT_PAGE_SIZE: i64 = 50;
/// Quay's largest page.
const MAX_PAGE_SIZE: i64 = 100;

/// What to do, from the arguments and the environment.
#[derive(Debug)]
struct Plan {
    org: String,
    quota: String,
    page_size: i64,
}

impl Plan {
    fn from_args(mut args: impl Iterator<Item = String>) -> Result<Self, UsageError> {
        let org = match args.next() {
            Some(org) => org,
            None => env_var("QUAY_ORG")?.unwrap_or_else(|| DEFAULT_ORG.into()),
        };
        // `-- acme 10 GiB` and `-- acme "10 GiB"` mean the same.
        let rest: Vec<String> = args.collect();
        let quota = if rest.is_empty() {
            env_var("QUAY_QUOTA")?.unwrap_or_else(|| DEFAULT_QUOTA.into())
        } else {
            rest.join(" ")
        };
        if !quota.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(UsageError::InvalidArgument(format!(
                "quota size {quota:?} must start with a number, e.g. \"10 GiB\""
            )));
        }
        Ok(Self {
            org,
            quota,
            page_size: page_size_from_env()?,
        })
    }
}

fn page_size_from_env() -> Result<i64, UsageError> {
    let Some(value) = env_var("QUAY_PAGE_SIZE")? else {
        return Ok(DEFAULT_PAGE_SIZE);
    };
    match value.parse::<i64>() {
        Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        _ => Err(UsageError::InvalidVar {
            name: "QUAY_PAGE_SIZE",
            reason: format!("expected a number from 1 to {MAX_PAGE_SIZE}, got {value:?}"),
        }),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    if quay_examples::wants_help() {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let setup = quay_examples::client_from_env()
        .and_then(|client| Ok((client, Plan::from_args(std::env::args().skip(1))?)));
    let (client, plan) = match setup {
        Ok(setup) => setup,
        Err(e) => return e.report(USAGE),
    };
    quay_examples::finish(run(&client, &plan).await)
}

async fn run(client: &Client, plan: &Plan) -> Result<(), Failure> {
    let su = client.superuser();
    list_users(&su, plan.page_size).await?;
    println!();
    list_organizations(&su).await?;
    println!();
    set_quota(&su, &plan.org, &plan.quota).await?;
    println!();
    list_service_keys(&su).await?;
    println!();
    print_registry_size(&su).await?;
    Ok(())
}

/// Every user, one `listAllUsers` call per page, following `next_page` by hand.
async fn list_users(su: &SuperuserHandler, page_size: i64) -> Result<(), Failure> {
    let query = su.users().list().limit(page_size);
    let mut table = Table::new([
        "user",
        "e-mail",
        "superuser",
        "enabled",
        "verified",
        "quota",
    ]);
    let mut token: Option<String> = None;
    let mut page_number = 1;
    loop {
        let page = query
            .clone()
            .set_next_page(token.clone())
            .await
            .step(format!("listing users (page {page_number})"))?;
        println!("users page {page_number}: {} users", page.users.len());
        for user in &page.users {
            table.push(user_row(user));
        }
        match page.next_page {
            // A server handing back the same token would loop for ever.
            Some(next) if token.as_deref() == Some(next.as_str()) => {
                return Err(Failure::refused(
                    format!("listing users (page {page_number})"),
                    "the server repeated its next_page token",
                ));
            }
            Some(next) => token = Some(next),
            None => break,
        }
        page_number += 1;
    }
    println!("users: {} in {page_number} page(s)", table.len());
    table.print();
    Ok(())
}

fn user_row(user: &SuperUserUser) -> [String; 6] {
    let superuser = if user.super_user {
        "yes"
    } else if user.global_readonly_super_user {
        "read-only"
    } else {
        "no"
    };
    [
        user.username.clone(),
        user.email.clone(),
        superuser.into(),
        yes_no(user.enabled).into(),
        yes_no(user.verified).into(),
        quota_cell(user.quotas.as_deref(), user.quota_report.as_ref()),
    ]
}

/// `used / quota`, `used` without a quota, `-` when quota management is off.
fn quota_cell(quotas: Option<&[QuotaLite]>, report: Option<&QuotaReport>) -> String {
    let used = report.map(|r| human_bytes(r.quota_bytes));
    let limit = quotas
        .and_then(|q| q.first())
        .map(|q| human_bytes(q.limit_bytes));
    match (used, limit) {
        (Some(used), Some(limit)) => format!("{used} / {limit}"),
        (Some(used), None) => format!("{used} / no quota"),
        (None, Some(limit)) => format!("? / {limit}"),
        (None, None) => "-".into(),
    }
}

/// Every organization through the SDK's stream over `listAllOrganizations`.
async fn list_organizations(su: &SuperuserHandler) -> Result<(), Failure> {
    let mut orgs: Vec<_> = su
        .organizations()
        .list()
        .limit(MAX_PAGE_SIZE)
        .stream()
        .try_collect()
        .await
        .step("listing organizations")?;
    orgs.sort_by(|a, b| a.name.cmp(&b.name));
    println!("organizations: {}", orgs.len());
    let mut table = Table::new(["organization", "e-mail", "used / quota"]);
    for org in &orgs {
        table.push([
            org.name.clone(),
            org.email.clone(),
            quota_cell(org.quotas.as_deref(), org.quota_report.as_ref()),
        ]);
    }
    table.print();
    Ok(())
}

/// Creates the organization's quota, or changes the existing one.
async fn set_quota(su: &SuperuserHandler, org: &str, size: &str) -> Result<(), Failure> {
    let quota = su.organization_quota(org);
    if let Some((id, old)) = current_quota(&quota).await? {
        return change_quota(&quota, id, &old, size).await;
    }
    match quota.create(&NewNamespaceQuota::size(size)).await {
        Ok(_) => {
            let (_, new) = current_quota(&quota).await?.ok_or_else(|| {
                Failure::refused(
                    format!("reading the new quota of {org}"),
                    "Quay accepted the quota but does not list it",
                )
            })?;
            println!(
                "quota of {org} created: {} ({} bytes)",
                new.limit, new.limit_bytes
            );
            Ok(())
        }
        // Set in the meantime by someone else: change it instead.
        Err(e) if is_already_exists(&e) => {
            let (id, old) = current_quota(&quota).await?.ok_or_else(|| {
                Failure::refused(
                    format!("reading the quota of {org}"),
                    "Quay says a quota exists but does not list it",
                )
            })?;
            change_quota(&quota, id, &old, size).await
        }
        Err(e) => Err(Failure::quay(
            format!("creating a quota of {size} for {org}"),
            e,
        )),
    }
}

/// The namespace's quota with its id, if it has one.
async fn current_quota(
    quota: &SuperuserOrganizationQuotaHandler,
) -> Result<Option<(u64, QuotaView)>, Failure> {
    let list = quota
        .list()
        .await
        .step(format!("reading the quota of {}", quota.namespace()))?;
    Ok(list.into_iter().find_map(|q| q.id.map(|id| (id, q))))
}

async fn change_quota(
    quota: &SuperuserOrganizationQuotaHandler,
    id: u64,
    old: &QuotaView,
    size: &str,
) -> Result<(), Failure> {
    let org = quota.namespace();
    let new = quota
        .update(id, &UpdateNamespaceQuota::size(size))
        .await
        .step(format!("changing the quota of {org} to {size}"))?;
    if new.limit_bytes == old.limit_bytes {
        println!(
            "quota of {org} unchanged: {} ({} bytes)",
            new.limit, new.limit_bytes
        );
    } else {
        println!(
            "quota of {org} changed: {} -> {} ({} bytes)",
            old.limit, new.limit, new.limit_bytes
        );
    }
    Ok(())
}

/// Every service key, sorted by service, name and key id, with approval and expiry.
async fn list_service_keys(su: &SuperuserHandler) -> Result<(), Failure> {
    let mut keys = su
        .service_keys()
        .list()
        .await
        .step("listing service keys")?
        .keys;
    keys.sort_by(|a, b| (&a.service, &a.name, &a.kid).cmp(&(&b.service, &b.name, &b.kid)));
    let now = SystemTime::now();
    let pending = keys.iter().filter(|k| k.approval.is_none()).count();
    let expired = keys.iter().filter(|k| is_expired(k, now)).count();
    println!(
        "service keys: {} ({pending} awaiting approval, {expired} expired)",
        keys.len()
    );
    let mut table = Table::new(["service", "name", "kid", "approval", "expires"]);
    for key in &keys {
        table.push([
            key.service.clone(),
            key.name.clone(),
            key.kid.clone(),
            approval_cell(key),
            expiry_cell(key, now),
        ]);
    }
    table.print();
    Ok(())
}

fn approval_cell(key: &ServiceKey) -> String {
    let Some(approval) = &key.approval else {
        return "PENDING".into();
    };
    // `ServiceKeyApprovalType.SUPERUSER` -> `superuser`.
    let kind = approval.approval_type.as_str();
    let kind = kind.rsplit('.').next().unwrap_or(kind).to_lowercase();
    match &approval.approver {
        Some(approver) => format!("approved by {} ({kind})", approver.username),
        None => format!("approved ({kind})"),
    }
}

fn is_expired(key: &ServiceKey, now: SystemTime) -> bool {
    key.expiration_date
        .as_deref()
        .and_then(parse_http_date)
        .is_some_and(|expiry| expiry <= now)
}

fn expiry_cell(key: &ServiceKey, now: SystemTime) -> String {
    match key.expiration_date.as_deref() {
        None => "never".into(),
        Some(date) if is_expired(key, now) => format!("{date} (EXPIRED)"),
        Some(date) => date.to_string(),
    }
}

async fn print_registry_size(su: &SuperuserHandler) -> Result<(), Failure> {
    let size = su
        .registry_size()
        .get()
        .await
        .step("reading the registry size")?;
    let computed = match size.last_ran {
        Some(millis) => format!("computed {}", http_date_from_millis(millis)),
        None => "never computed".into(),
    };
    println!(
        "registry size: {} ({} bytes), {computed}; calculation queued: {}, running: {}",
        human_bytes(size.size_bytes),
        size.size_bytes,
        yes_no(size.queued),
        yes_no(size.running)
    );
    Ok(())
}
