//! # quota-limits: an organization's storage quota with a warning and a reject threshold
//!
//! Ensures the organization has a quota (`createOrganizationQuota` with SIZE when it has none;
//! an existing quota keeps its size), then that it has a warning limit at WARN % and a reject
//! limit at REJECT % of it (`createOrganizationQuotaLimit`; limits already there are left as
//! they are), and prints the quota with its limits and the organization's current use
//! (`getOrganization`'s quota report).
//!
//! Writing quotas needs a superuser token (`super:user`) on a Quay with
//! `FEATURE_SUPERUSERS_FULL_ACCESS`; without it Quay refuses every caller, organization
//! administrators included, and the program says so.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin quota-limits -- acme "50 GiB" 80 100
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::process::ExitCode;

use quay_examples::{Failure, Step, Table, UsageError};
use quay_sdk::Client;
use quay_sdk::models::{NewNamespaceQuota, NewNamespaceQuotaLimit, QuotaLimitType};

const USAGE: &str = "usage: quota-limits ORGANIZATION [SIZE [WARN [REJECT]]]
  SIZE    the quota to set when there is none, e.g. \"50 GiB\" (default 10 GiB)
  WARN    percent of the quota at which Quay warns (default 80)
  REJECT  percent of the quota at which Quay refuses pushes (default 100)";

struct Args {
    org: String,
    size: String,
    warn: i64,
    reject: i64,
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

fn percent(value: Option<String>, default: i64) -> Result<i64, UsageError> {
    let Some(v) = value else { return Ok(default) };
    match v.parse::<i64>() {
        Ok(p) if (1..=100).contains(&p) => Ok(p),
        _ => Err(UsageError::InvalidArgument(format!(
            "{v:?} is not a percentage from 1 to 100"
        ))),
    }
}

fn args() -> Result<Args, UsageError> {
    let mut args = std::env::args().skip(1);
    let org = args
        .next()
        .ok_or_else(|| UsageError::InvalidArgument("the organization is missing".into()))?;
    let size = args.next().unwrap_or_else(|| "10 GiB".into());
    let warn = percent(args.next(), 80)?;
    let reject = percent(args.next(), 100)?;
    if let Some(extra) = args.next() {
        return Err(UsageError::InvalidArgument(format!(
            "unexpected argument {extra:?}"
        )));
    }
    Ok(Args {
        org,
        size,
        warn,
        reject,
    })
}

async fn run(client: &Client, args: &Args) -> Result<(), Failure> {
    let quota = client.organization(&args.org).quota();
    let listed = quota
        .list()
        .await
        .step(format!("reading the quota of {}", args.org))?;
    let existing = listed.iter().find(|q| !q.default_config).and_then(|q| q.id);
    let id = match existing {
        Some(id) => id,
        None => {
            let refused = |e: quay_sdk::Error| {
                if e.status() == Some(403) {
                    Failure::refused(
                        format!("setting a {} quota on {}", args.size, args.org),
                        "Quay lets only superusers with FEATURE_SUPERUSERS_FULL_ACCESS write quotas",
                    )
                } else {
                    Failure::quay(format!("setting a {} quota on {}", args.size, args.org), e)
                }
            };
            quota
                .create(&NewNamespaceQuota::size(&args.size))
                .await
                .map_err(refused)?;
            println!("set a quota of {} on {}", args.size, args.org);
            let listed = quota.list().await.step("reading the new quota")?;
            listed
                .iter()
                .find_map(|q| q.id)
                .ok_or_else(|| Failure::refused("reading the new quota", "it has no id"))?
        }
    };
    let limits = quota.limits(id);
    let present = limits.list().await.step("reading the quota's limits")?;
    for (kind, percent) in [
        (QuotaLimitType::Warning, args.warn),
        (QuotaLimitType::Reject, args.reject),
    ] {
        let have = present
            .iter()
            .any(|l| l.kind == kind && i64::from(l.limit_percent) == percent);
        if !have {
            limits
                .create(&NewNamespaceQuotaLimit::of(kind.clone(), percent))
                .await
                .step(format!("adding the {kind} limit at {percent} %"))?;
            println!("added a {kind} limit at {percent} %");
        }
    }
    let q = quota.get(id).await.step("reading the quota back")?;
    let org = client
        .organization(&args.org)
        .get()
        .await
        .step(format!("reading {}", args.org))?;
    let used = org
        .quota_report
        .as_ref()
        .map(|r| quay_examples::human_bytes(r.quota_bytes.get()))
        .unwrap_or_else(|| "unknown".into());
    println!(
        "{}: quota {} ({} bytes), {used} used",
        args.org, q.limit, q.limit_bytes
    );
    let mut table = Table::new(["limit", "type", "percent", "at"]);
    for l in &q.limits {
        let at = q.limit_bytes.get() / 100 * u64::from(l.limit_percent);
        table.push([
            l.id.to_string(),
            l.kind.to_string(),
            l.limit_percent.to_string(),
            quay_examples::human_bytes(at),
        ]);
    }
    table.print();
    Ok(())
}
