//! `quay-conformance`: runs every scenario of the contract through `quay-sdk` against the
//! embedded reference server (no arguments) or a live Quay (`--url`, `--token`), validating
//! every raw response against `openapi.yaml`, and reports.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use quay_conformance::contract::Contract;
use quay_conformance::report::{self, Outcome};
use quay_conformance::runner::{Feature, Target};
use quay_conformance::{proxy, scenarios};
use quay_sdk::Client;

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

fn prefix() -> String {
    let tail: String = (0..8).map(|_| fastrand::lowercase()).collect();
    format!("qc{tail}")
}

struct Setup {
    target: Target,
    _proxy: proxy::Proxy,
    _server: Option<(quay_server::Running, tempfile::TempDir)>,
}

async fn embedded(contract: Arc<Contract>, prefix: String) -> Result<Setup, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = quay_server::Store::open(dir.path()).map_err(|e| e.to_string())?;
    let config = quay_server::Config::default();
    let admin_name = config
        .SUPER_USERS
        .first()
        .cloned()
        .unwrap_or_else(|| "quayadmin".into());
    let state = quay_server::AppState::new(store.clone(), config);
    let server = quay_server::start(state, ([127, 0, 0, 1], 0).into())
        .await
        .map_err(|e| e.to_string())?;
    let proxy = proxy::start(contract, server.url(), false)
        .await
        .map_err(|e| e.to_string())?;
    let anonymous = Client::anonymous(&proxy.url).map_err(|e| e.to_string())?;
    // Bootstrap through the SDK and the proxy: this is initializeUser's success case.
    let init = quay_sdk::models::UserInitialize::new(&admin_name, "password123")
        .email(format!("{admin_name}@example.com"))
        .access_token(true);
    let created = anonymous
        .user()
        .initialize(&init)
        .await
        .map_err(|e| format!("bootstrap failed: {e}"))?;
    let token = created.access_token.ok_or("bootstrap returned no token")?;
    let admin = anonymous.with_token(token.expose());
    // A second, ordinary user, created through the SDK; its token minted in-process.
    let user_name = format!("{prefix}user2");
    admin
        .superuser()
        .users()
        .create(
            &quay_sdk::models::CreateInstallUser::new(&user_name)
                .email(format!("{user_name}@example.com")),
        )
        .await
        .map_err(|e| format!("cannot create the second user: {e}"))?;
    let name = user_name.clone();
    let user_token = store
        .write(move |tx| {
            let u = quay_server::store::namespace::by_name_kind(tx, &name, "user")?
                .ok_or_else(|| quay_server::error::QuayError::not_found())?;
            Ok(quay_server::store::namespace::mint_token(
                tx,
                u.id,
                quay_server::auth::Scopes::ALL,
                None,
                "conformance",
                None,
            )?
            .1)
        })
        .await
        .map_err(|e| e.to_string())?;
    let user = anonymous.with_token(&user_token);
    let mut target = Target::new(
        admin,
        admin_name,
        Some((user, user_name)),
        anonymous.clone(),
        anonymous.with_token("not-a-valid-token"),
        prefix,
        proxy.journal.clone(),
        true,
    );
    target.features = [
        Feature::SuperUsers,
        Feature::Quota,
        Feature::ProxyCache,
        Feature::Mailing,
    ]
    .into();
    Ok(Setup {
        target,
        _proxy: proxy,
        _server: Some((server, dir)),
    })
}

/// Probes which optional operations the live target registers: a gated route answers a
/// non-API page (HTML) when its feature is off.
async fn detect_features(
    admin: &Client,
    http: &reqwest::Client,
    base: &str,
    token: &str,
    me: &str,
) -> BTreeSet<Feature> {
    let mut out = BTreeSet::new();
    let probe = |path: String, method: reqwest::Method| {
        let req = http
            .request(method, format!("{base}{path}"))
            .bearer_auth(token);
        async move {
            match req.send().await {
                Ok(r) => r
                    .headers()
                    .get("content-type")
                    .and_then(|c| c.to_str().ok())
                    .is_some_and(|c| c.starts_with("application/json")),
                Err(_) => false,
            }
        }
    };
    if probe("/api/v1/superuser/keys".into(), reqwest::Method::GET).await {
        out.insert(Feature::SuperUsers);
    }
    if probe(
        format!("/api/v1/superuser/users/{me}/quota"),
        reqwest::Method::GET,
    )
    .await
    {
        out.insert(Feature::Quota);
    }
    if probe(
        format!("/api/v1/organization/{me}/proxycache"),
        reqwest::Method::GET,
    )
    .await
    {
        out.insert(Feature::ProxyCache);
    }
    // DELETE of an invite that cannot exist: JSON (404/403) when registered, HTML 405 when not.
    if probe(
        format!("/api/v1/organization/{me}/team/owners/invite/nobody%40invalid"),
        reqwest::Method::DELETE,
    )
    .await
    {
        out.insert(Feature::Mailing);
    }
    let _ = admin;
    out
}

async fn live(cli: &Cli, contract: Arc<Contract>, prefix: String) -> Result<Setup, String> {
    let url = cli.url.clone().ok_or("--url is required")?;
    let token = cli.token.clone().ok_or("--token is required with --url")?;
    let proxy = proxy::start(contract, url.clone(), cli.insecure)
        .await
        .map_err(|e| e.to_string())?;
    let anonymous = Client::anonymous(&proxy.url).map_err(|e| e.to_string())?;
    let admin = anonymous.with_token(&token);
    let me = admin
        .user()
        .current()
        .await
        .map_err(|e| format!("the --token does not work: {e}"))?;
    let user = match &cli.user_token {
        Some(t) => {
            let c = anonymous.with_token(t);
            let u = c
                .user()
                .current()
                .await
                .map_err(|e| format!("the --user-token does not work: {e}"))?;
            Some((c, u.username.clone()))
        }
        None => None,
    };
    let http = reqwest::Client::builder()
        .danger_accept_invalid_certs(cli.insecure)
        .build()
        .map_err(|e| e.to_string())?;
    let features = detect_features(
        &admin,
        &http,
        url.trim_end_matches('/'),
        &token,
        &me.username,
    )
    .await;
    let mut target = Target::new(
        admin,
        me.username.clone(),
        user,
        anonymous.clone(),
        anonymous.with_token("not-a-valid-token"),
        prefix,
        proxy.journal.clone(),
        false,
    );
    target.features = features;
    Ok(Setup {
        target,
        _proxy: proxy,
        _server: None,
    })
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
    let setup = if cli.url.is_some() {
        live(&cli, contract.clone(), prefix).await?
    } else {
        embedded(contract.clone(), prefix).await?
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
