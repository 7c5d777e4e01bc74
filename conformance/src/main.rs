//! `quay-conformance`: runs every scenario of the contract through `quay-sdk` against the
//! embedded reference server (no arguments) or a live Quay (`--url`, `--token`), validating
//! every raw response against `openapi.yaml`, and reports.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use quay_conformance::contract::Contract;
use quay_conformance::report::{self, Outcome};
use quay_conformance::scenarios;
use quay_conformance::setup::{self, prefix};

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
                cli.insecure,
                contract.clone(),
                prefix,
            )
            .await?
        }
        _ => setup::embedded(contract.clone(), prefix).await?,
    };
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
    let reports = report::run(target, &areas, &cli.only, |r| {
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(format!("{} {}", r.operation, r.case));
        }
    })
    .await;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let leftovers = target.cleanup().await;
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
    let failed = reports
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Fail(_)));
    Ok(!failed && contract_ok && leftovers.is_empty())
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
