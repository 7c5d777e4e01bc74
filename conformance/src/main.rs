//! `quay-conformance`: runs every scenario of the contract through `quay-sdk` against the
//! embedded reference server (no arguments) or a live Quay (`--url`, `--token`), validating
//! every raw response against `openapi.yaml`, and reports.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use quay_conformance::contract::Contract;
use quay_conformance::report::{self, Outcome};
use quay_conformance::runner::Upstream;
use quay_conformance::scenarios;
use quay_conformance::setup::{self, prefix};
use quay_conformance::sweep;

#[derive(Parser, Debug)]
#[command(
    name = "quay-conformance",
    version,
    about = "Checks a Quay deployment (or the embedded reference server), quay-sdk and openapi.yaml against each other"
)]
struct Cli {
    /// Base URL of a live Quay; without it the embedded reference server is started.
    #[arg(long, requires = "token")]
    url: Option<String>,
    /// A superuser's OAuth token with every scope (live mode).
    #[arg(long, env = "QUAY_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// A second, ordinary user's token with every scope, for the identity matrix.
    #[arg(long, env = "QUAY_USER_TOKEN", hide_env_values = true)]
    user_token: Option<String>,
    /// Accept invalid TLS certificates (live mode).
    #[arg(long)]
    insecure: bool,
    /// How many areas run at once, each through its own validating proxy (1: every case one
    /// after another). Lower it to be gentler with a live target.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=16))]
    jobs: u64,
    /// The longest one request may take, in seconds (a hung target fails the case).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Let `queueRegistrySizeCalculation ok` queue a registry-wide size calculation on the live
    /// target (expensive on a big registry; skipped without this flag).
    #[arg(long)]
    queue_registry_size: bool,
    /// The upstream registry of the proxy-cache cases on a live target, `host[:port]` or
    /// `http://host:port` for plain HTTP (default: the target itself; Quay's SSRF rules must
    /// admit it, and without outbound DNS a public name such as quay.io is refused).
    #[arg(long, value_name = "REGISTRY", requires = "url", value_parser = parse_upstream)]
    proxy_upstream: Option<Upstream>,
    /// A quay-server config file (Quay's `config.yaml` names) for the embedded server, e.g. to
    /// run the cases that need `FEATURE_REQUIRE_TEAM_INVITE: false`.
    #[arg(long, conflicts_with = "url")]
    server_config: Option<PathBuf>,
    /// Delete what an interrupted run with this prefix left on the target (`--url`, `--token`),
    /// and exit.
    #[arg(long, value_name = "PREFIX", requires = "url")]
    cleanup: Option<String>,
    /// List the cases and exit.
    #[arg(long)]
    list: bool,
    /// Run only these areas or operationIds (repeatable).
    #[arg(long)]
    only: Vec<String>,
    /// Write a JUnit XML report.
    #[arg(long)]
    junit: Option<PathBuf>,
    /// Write a JSON report.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Print what the run would create, and create nothing.
    #[arg(long)]
    dry_run: bool,
    /// Also check the contract itself (the checks `cargo test` runs) before the scenarios.
    #[arg(long)]
    check_contract: bool,
}

async fn run(cli: Cli) -> Result<bool, String> {
    let contract = Arc::new(Contract::embedded().map_err(|e| e.to_string())?);
    let areas = scenarios::all();
    if cli.list {
        for (area, cases) in &areas {
            for c in cases
                .iter()
                .filter(|c| report::selected(&cli.only, area, c.operation))
            {
                println!("{area} {} {}", c.operation, c.name);
            }
        }
        return Ok(true);
    }
    let mut contract_ok = true;
    if cli.check_contract {
        let problems = contract.problems();
        for p in &problems {
            println!("FAIL  contract: {p}");
        }
        contract_ok = problems.is_empty();
    }
    let options = setup::Options {
        timeout: Duration::from_secs(cli.timeout),
        insecure: cli.insecure,
        queue_registry_size: cli.queue_registry_size,
        proxy_upstream: cli.proxy_upstream.clone(),
        jobs: cli.jobs as usize,
        server_config: match &cli.server_config {
            Some(path) => Some(
                quay_server::Config::from_file(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?,
            ),
            None => None,
        },
    };
    if let (Some(swept), Some(url), Some(token)) = (&cli.cleanup, &cli.url, &cli.token) {
        return cleanup(url, token, swept, &options).await;
    }
    let prefix = prefix();
    if cli.dry_run {
        println!("would create, all named under the prefix {prefix:?} and deleted at the end:");
        for (area, cases) in &areas {
            let n = cases
                .iter()
                .filter(|c| report::selected(&cli.only, area, c.operation))
                .count();
            if n > 0 {
                println!("  {area}: {}", scenarios::creates(area).join(", "));
            }
        }
        return Ok(true);
    }
    let setup = match (&cli.url, &cli.token) {
        (Some(url), Some(token)) => {
            setup::live(
                url,
                token,
                cli.user_token.as_deref(),
                contract.clone(),
                prefix.clone(),
                &options,
            )
            .await?
        }
        _ => setup::embedded(contract.clone(), prefix.clone(), &options).await?,
    };
    println!(
        "run prefix: {prefix} (everything the run creates is named under it; if the run is cut \
         short, `--cleanup {prefix}` deletes what it left)"
    );
    let target = &setup.target;
    let total: usize = areas
        .iter()
        .map(|(a, cs)| {
            cs.iter()
                .filter(|c| report::selected(&cli.only, a, c.operation))
                .count()
        })
        .sum();
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    // Ctrl-C stops the cases, reports those that ran, and still cleans up (a second Ctrl-C
    // abandons the cleanup); a panicking case fails alone (report::run).
    let done = std::sync::Mutex::new(Vec::new());
    let lanes = setup.targets();
    let cases = report::run_lanes(&lanes, &areas, &cli.only, |r| {
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(format!("{} {}", r.operation, r.case));
        }
        if let Ok(mut d) = done.lock() {
            d.push(r.clone());
        }
    });
    let interrupted = tokio::select! {
        _ = cases => false,
        _ = tokio::signal::ctrl_c() => true,
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let reports = done.into_inner().unwrap_or_default();
    if interrupted {
        eprintln!("interrupted: deleting what the run created (Ctrl-C again to abandon)");
    }
    let leftovers = tokio::select! {
        l = target.cleanup() => l,
        _ = tokio::signal::ctrl_c() => vec![format!(
            "cleanup abandoned: `--cleanup {}` deletes what is left", target.prefix
        )],
    };
    let mut per_area: BTreeMap<&str, usize> = BTreeMap::new();
    for op in quay_sdk::OPERATIONS {
        if report::selected(&cli.only, op.tag, op.id) {
            *per_area.entry(op.tag).or_default() += 1;
        }
    }
    print!("{}", report::text(&reports, &per_area));
    for l in &leftovers {
        eprintln!("cleanup: {l}");
    }
    if let Some(path) = &cli.json {
        std::fs::write(
            path,
            serde_json::to_string_pretty(&report::to_json(&reports)).unwrap_or_default(),
        )
        .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = &cli.junit {
        std::fs::write(path, report::to_junit(&reports)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if interrupted {
        println!("interrupted after {} of {total} cases", reports.len());
    }
    let failed = reports
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Fail(_)));
    Ok(!failed && !interrupted && contract_ok && leftovers.is_empty())
}

fn parse_upstream(value: &str) -> Result<Upstream, String> {
    if value.contains("://") {
        Upstream::of_url(value).ok_or_else(|| format!("{value:?} is not a registry URL"))
    } else if value.is_empty() || value.contains('/') {
        Err(format!("{value:?} is not host[:port]"))
    } else {
        Ok(Upstream {
            host: value.to_string(),
            insecure: false,
        })
    }
}

/// `--cleanup PREFIX`: sweeps a live target of what a run with that prefix left.
async fn cleanup(
    url: &str,
    token: &str,
    prefix: &str,
    options: &setup::Options,
) -> Result<bool, String> {
    let admin = quay_sdk::Client::builder()
        .base_url(url)
        .token(token)
        .timeout(options.timeout)
        .danger_accept_invalid_certs(options.insecure)
        .build()
        .map_err(|e| e.to_string())?;
    let swept = sweep::sweep(&admin, prefix).await?;
    for d in &swept.deleted {
        println!("deleted {d}");
    }
    for p in &swept.problems {
        eprintln!("cleanup: {p}");
    }
    println!(
        "{} deleted, {} problems",
        swept.deleted.len(),
        swept.problems.len()
    );
    Ok(swept.problems.is_empty())
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("quay-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
