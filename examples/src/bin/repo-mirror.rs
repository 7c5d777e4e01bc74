//! # repo-mirror: make a repository a mirror of an upstream one and start a sync
//!
//! Ensures the robot `ORGANIZATION+mirror` (`createOrgRobot`) and the private repository
//! `ORGANIZATION/REPOSITORY` (`createRepo`) exist, then makes the repository a mirror of
//! `UPSTREAM` for the tags matching `PATTERN`s (`createRepoMirrorConfig`; a repository that is
//! a mirror already gets the upstream and the patterns changed instead,
//! `changeRepoMirrorConfig`), requests a sync now (`syncNow`) and prints the configuration
//! (`getRepoMirrorConfig`) and the health of the organization's mirrors
//! (`getRepositoryMirrorHealth`, healthy or not).
//!
//! Needs `FEATURE_REPO_MIRROR` and a token of an administrator of the organization (`org:admin`
//! and `repo:admin`). The upstream is `host[:port]/path` (no scheme) and must pass the
//! deployment's SSRF rules (`SSRF_ALLOWED_HOSTS` for a private address).
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin repo-mirror -- acme ubi registry.access.redhat.com/ubi9/ubi 9.* latest
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::process::ExitCode;

use quay_examples::{Failure, Step, Table, UsageError, yes_no};
use quay_sdk::chrono::Utc;
use quay_sdk::models::{
    CreateRobot, MirrorHealth, NewRepo, NewRepoMirrorConfig, RepoMirrorConfigChanges,
    RepoMirrorRule, RepositoryVisibility, Timestamp,
};
use quay_sdk::{Client, ErrorKind};

const USAGE: &str = "usage: repo-mirror ORGANIZATION REPOSITORY UPSTREAM [PATTERN ...]
  UPSTREAM  the repository to mirror, host[:port]/path
  PATTERN   tag globs to mirror (default: latest)";

/// Seconds between scheduled syncs.
const INTERVAL_S: i64 = 3600;
/// Seconds a sync may take (Quay's minimum).
const TIMEOUT_S: i64 = 300;

struct Args {
    org: String,
    repo: String,
    upstream: String,
    patterns: Vec<String>,
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

fn args() -> Result<Args, UsageError> {
    let mut args = std::env::args().skip(1);
    let mut next = |what: &str| {
        args.next()
            .ok_or_else(|| UsageError::InvalidArgument(format!("missing {what}")))
    };
    let (org, repo, upstream) = (
        next("ORGANIZATION")?,
        next("REPOSITORY")?,
        next("UPSTREAM")?,
    );
    let mut patterns: Vec<String> = std::env::args().skip(4).collect();
    if patterns.is_empty() {
        patterns.push("latest".into());
    }
    Ok(Args {
        org,
        repo,
        upstream,
        patterns,
    })
}

async fn run(client: &Client, a: &Args) -> Result<(), Failure> {
    let robot = client.organization(&a.org).robot("mirror");
    match robot.get().await {
        Ok(_) => {}
        Err(e) if e.is_not_found() => {
            robot
                .create(&CreateRobot::new().description("pushes mirrored tags (repo-mirror)"))
                .await
                .step(format!("creating robot {}", robot.full_name()))?;
            println!("created robot {}", robot.full_name());
        }
        Err(e) => return Err(Failure::quay("reading the mirror robot", e)),
    }
    let full = format!("{}/{}", a.org, a.repo);
    let repo = client
        .repository(full.as_str())
        .map_err(|e| Failure::quay("naming the repository", e))?;
    match repo.get().include_tags(false).await {
        Ok(_) => {}
        // A missing repository answers 403 to ordinary callers, 404 to privileged ones.
        Err(e) if e.is_not_found() || e.kind() == ErrorKind::Forbidden => {
            let body = NewRepo::new(
                &a.repo,
                RepositoryVisibility::Private,
                "mirror of an upstream",
            )
            .namespace(&a.org);
            client
                .repositories()
                .create(&body)
                .await
                .step(format!("creating repository {full}"))?;
            println!("created repository {full}");
        }
        Err(e) => return Err(Failure::quay(format!("reading {full}"), e)),
    }
    let mirror = repo.mirror();
    let rule = RepoMirrorRule::tags(a.patterns.iter().cloned());
    match mirror.get().await {
        Err(e) if e.is_not_found() => {
            let config = NewRepoMirrorConfig::new(
                &a.upstream,
                Timestamp::whole_seconds(Utc::now()),
                INTERVAL_S,
                robot.full_name(),
                rule,
                TIMEOUT_S,
            );
            mirror
                .create(&config)
                .await
                .step(format!("making {full} a mirror of {}", a.upstream))?;
            println!("{full} now mirrors {}", a.upstream);
        }
        Ok(existing) => {
            let changes = RepoMirrorConfigChanges::new()
                .external_reference(&a.upstream)
                .root_rule(rule)
                .is_enabled(true);
            mirror
                .update(&changes)
                .await
                .step(format!("changing the mirror of {full}"))?;
            println!(
                "{full} mirrored {}; now {} ({})",
                existing.external_reference,
                a.upstream,
                a.patterns.join(", ")
            );
        }
        Err(e) => return Err(Failure::quay(format!("reading the mirror of {full}"), e)),
    }
    match mirror.sync_now().await {
        Ok(()) => println!("sync requested"),
        // syncNow answers 404 while a sync runs.
        Err(e) if e.is_not_found() => println!("a sync is running already"),
        Err(e) => return Err(Failure::quay("requesting a sync", e)),
    }
    let shown = mirror
        .get()
        .await
        .step(format!("reading the mirror of {full}"))?;
    let mut table = Table::new(["setting", "value"]);
    table.push(["upstream".to_string(), shown.external_reference.clone()]);
    table.push(["tags".to_string(), shown.root_rule.rule_value.join(", ")]);
    table.push(["robot".to_string(), shown.robot_username.clone()]);
    table.push(["enabled".to_string(), yes_no(shown.is_enabled).to_string()]);
    table.push(["status".to_string(), shown.sync_status.to_string()]);
    table.push([
        "every".to_string(),
        format!(
            "{} s, from {}",
            shown.sync_interval,
            opt(&shown.sync_start_date)
        ),
    ]);
    table.print();

    let health = match client.mirror_health().namespace(&a.org).await {
        Ok(report) => report,
        Err(e) => match MirrorHealth::from_error(&e) {
            Some(report) => report,
            None => return Err(Failure::quay("reading the mirror health", e)),
        },
    };
    let r = &health.repositories;
    println!(
        "mirrors of {}: {} ({}), {} never run, {} failed, {} syncing",
        a.org,
        r.total,
        if health.healthy {
            "healthy"
        } else {
            "unhealthy"
        },
        r.never_run,
        r.failed,
        r.syncing
    );
    for issue in &health.issues {
        println!("  {}: {}", issue.severity, issue.message);
    }
    Ok(())
}

fn opt(t: &Option<Timestamp>) -> String {
    t.as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "now".into())
}
