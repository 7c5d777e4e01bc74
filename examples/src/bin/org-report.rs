//! # org-report: an organization's audit trail and quota use
//!
//! Prints, for one organization:
//!
//! * its storage quota (`listOrganizationQuota`, or the system default standing in), the use
//!   against it (`getOrganization`'s quota report) and each warning and reject threshold;
//! * how many audit log entries of each kind it collected per day over the last DAYS days
//!   (`getAggregateOrgLogs`, at most 31);
//! * its latest audit log entries, newest first, up to LIMIT (`listOrgLogs`, following the
//!   pages with `.stream()`), with who did what from where.
//!
//! The program only reads. It needs a token of an administrator of the organization
//! (`org:admin`), of a global read-only superuser, or of a superuser with
//! `FEATURE_SUPERUSERS_FULL_ACCESS`.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin org-report -- acme 7 20
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::{StreamExt, TryStreamExt};
use quay_examples::{Failure, Step, Table, UsageError};
use quay_sdk::Client;

const USAGE: &str = "usage: org-report ORGANIZATION [DAYS [LIMIT]]
  DAYS   how many days of daily counts (1 to 31, default 7)
  LIMIT  how many of the latest log entries to print (default 20)";

struct Args {
    org: String,
    days: u64,
    limit: usize,
}

#[tokio::main]
async fn main() -> ExitCode {
    if quay_examples::wants_help() {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let setup = quay_examples::client_from_env().and_then(|client| Ok((client, args()?)));
    let (client, args) = match setup {
        Ok(setup) => setup,
        Err(e) => return e.report(USAGE),
    };
    quay_examples::finish(run(&client, &args).await)
}

fn number(value: Option<String>, default: u64, max: u64, what: &str) -> Result<u64, UsageError> {
    let Some(v) = value else { return Ok(default) };
    match v.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(UsageError::InvalidArgument(format!(
            "{what} must be a number from 1 to {max}, not {v:?}"
        ))),
    }
}

fn args() -> Result<Args, UsageError> {
    let mut args = std::env::args().skip(1);
    let org = args
        .next()
        .ok_or_else(|| UsageError::InvalidArgument("the organization is missing".into()))?;
    let days = number(args.next(), 7, 31, "DAYS")?;
    let limit = number(args.next(), 20, 10_000, "LIMIT")? as usize;
    if let Some(extra) = args.next() {
        return Err(UsageError::InvalidArgument(format!(
            "unexpected argument {extra:?}"
        )));
    }
    Ok(Args { org, days, limit })
}

/// `MM/DD/YYYY` of a time, as Quay's log ranges take it.
fn log_day(t: SystemTime) -> String {
    let days = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs() / 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{m:02}/{d:02}/{y:04}")
}

async fn run(client: &Client, args: &Args) -> Result<(), Failure> {
    let org = client.organization(&args.org);
    let view = org.get().await.step(format!("reading {}", args.org))?;
    let used = view
        .quota_report
        .as_ref()
        .map(|r| quay_examples::human_bytes(r.quota_bytes.get()));
    match org.quota().list().await {
        Ok(quotas) if !quotas.is_empty() => {
            for q in quotas.iter() {
                let origin = if q.default_config {
                    " (the system default)"
                } else {
                    ""
                };
                println!(
                    "{}: quota {}{origin}, {} used",
                    args.org,
                    q.limit,
                    used.as_deref().unwrap_or("unknown")
                );
                for l in &q.limits {
                    println!("  {} at {} %", l.kind, l.limit_percent);
                }
            }
        }
        Ok(_) => println!("{}: no quota", args.org),
        // Quay without quota management does not serve the quota operations.
        Err(e) if e.status() == Some(404) => println!("{}: quotas are not managed here", args.org),
        Err(e) => {
            return Err(Failure::quay(
                format!("reading the quota of {}", args.org),
                e,
            ));
        }
    }

    let since = SystemTime::now() - Duration::from_secs(86_400 * (args.days - 1));
    let counts = org
        .aggregate_logs()
        .starttime(log_day(since))
        .await
        .step("counting the audit log entries")?;
    let mut rows: Vec<(i64, String, String, u64)> = counts
        .aggregated
        .iter()
        .map(|c| {
            let day = c.datetime.as_datetime();
            let name = day.format("%Y-%m-%d").to_string();
            (day.timestamp(), name, c.kind.clone(), c.count)
        })
        .collect();
    rows.sort();
    let mut table = Table::new(["day", "kind", "entries"]);
    for (_, day, kind, count) in rows {
        table.push([day, kind, count.to_string()]);
    }
    println!("\naudit log, last {} days:", args.days);
    table.print();

    let entries: Vec<_> = org
        .logs()
        .starttime(log_day(since))
        .stream()
        .take(args.limit)
        .try_collect()
        .await
        .step("reading the audit log")?;
    let mut table = Table::new(["when", "kind", "by", "from"]);
    for e in &entries {
        table.push([
            e.datetime
                .as_datetime()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            e.kind.clone(),
            e.performer
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "-".into()),
            e.ip.clone().unwrap_or_else(|| "-".into()),
        ]);
    }
    println!("\nlatest {} entries:", entries.len());
    table.print();
    Ok(())
}
