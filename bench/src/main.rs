//! `cargo run --release -p quay-bench [-- --seconds N] [--only server|sdk|conformance]`: measures the reference server and the
//! SDK, each as a ratio against a baseline measured in the same run on the same machine, and
//! prints a Markdown table (the README's results come from it).
//!
//! - GET throughput: authenticated `GET /api/v1/organization/{org}` (five teams) with 8
//!   connections, against a bare hyper handler answering the same bytes.
//! - Idle memory: the process's resident set once the server runs (an organization, five
//!   teams), against the same process before the server started.
//! - Durable writes: 32 concurrent writers creating teams, against one-row SQLite commits with
//!   the server's settings (WAL, `synchronous = FULL`) on the same disk.
//! - SDK overhead: the median time of `client.organization(org).get()` against raw reqwest
//!   sending the same request and decoding the same model, both against the bare handler.
//! - The embedded conformance run, every case start to report, with 4 lanes against 1.

mod baseline;
mod load;

use std::time::{Duration, Instant};

use load::{Request, median, throughput};
use quay_sdk::models::{NewOrg, OrganizationView, TeamDescription, TeamRole, UserInitialize};

struct Row {
    name: &'static str,
    measured: String,
    baseline: String,
    ratio: f64,
}

async fn server() -> Result<(quay_server::Running, tempfile::TempDir), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = quay_server::Store::open(dir.path()).map_err(|e| e.to_string())?;
    let state = quay_server::AppState::new(store, quay_server::Config::default());
    let running = quay_server::start(state, ([127, 0, 0, 1], 0).into())
        .await
        .map_err(|e| e.to_string())?;
    Ok((running, dir))
}

/// This process's resident set (Linux), KiB; 0 where unknown.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

async fn server_throughput(seconds: u64) -> Result<Vec<Row>, String> {
    let baseline_rss = rss_kib();
    let (running, _dir) = server().await?;
    let anonymous = quay_sdk::Client::anonymous(running.url()).map_err(|e| e.to_string())?;
    let init = UserInitialize::new("quayadmin", "password123")
        .email("quayadmin@example.com")
        .access_token(true);
    let created = anonymous
        .user()
        .initialize(&init)
        .await
        .map_err(|e| e.to_string())?;
    let token = created.access_token.ok_or("no token")?.expose().to_string();
    let admin = anonymous.with_token(&token);
    admin
        .organizations()
        .create(&NewOrg::new("benchorg").email("benchorg@example.com"))
        .await
        .map_err(|e| e.to_string())?;
    for team in ["alpha", "beta", "gamma", "delta"] {
        admin
            .organization("benchorg")
            .team(team)
            .create_or_update(&TeamDescription::new(TeamRole::Member))
            .await
            .map_err(|e| e.to_string())?;
    }
    let idle_rss = rss_kib();
    let url = format!("{}/api/v1/organization/benchorg", running.url());
    let body = reqwest::Client::new()
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| e.to_string())?
        .bytes()
        .await
        .map_err(|e| e.to_string())?;
    let bare = baseline::bare_http(body.clone())
        .await
        .map_err(|e| e.to_string())?;
    let duration = Duration::from_secs(seconds);
    let get = |url: String| Request {
        method: reqwest::Method::GET,
        url,
        token: Some(token.clone()),
        body: None,
    };
    let (server_rps, server_failed) = throughput(get(url), 8, duration).await;
    let (bare_rps, _) = throughput(get(format!("http://{bare}/")), 8, duration).await;
    if server_failed > 0 {
        return Err(format!("{server_failed} GETs failed"));
    }

    // Durable writes: 32 writers creating teams.
    let writes = Request {
        method: reqwest::Method::PUT,
        url: format!(
            "{}/api/v1/organization/benchorg/team/writer{{n}}",
            running.url()
        ),
        token: Some(token.clone()),
        body: Some(serde_json::json!({"role": "member"})),
    };
    let (write_rps, write_failed) = throughput(writes, 32, duration).await;
    if write_failed > 0 {
        return Err(format!("{write_failed} writes failed"));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let commits =
        tokio::task::spawn_blocking(move || baseline::sqlite_commits(dir.path(), duration))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
    running.stop().await;
    Ok(vec![
        Row {
            name: "authenticated GET, 8 connections (requests / s)",
            measured: format!("{server_rps:.0}/s"),
            baseline: format!("{bare_rps:.0}/s bare hyper, same {} bytes", body.len()),
            ratio: server_rps / bare_rps,
        },
        Row {
            name: "idle memory: resident set with the server started (KiB)",
            measured: format!(
                "{idle_rss} KiB (+{} KiB)",
                idle_rss.saturating_sub(baseline_rss)
            ),
            baseline: format!("{baseline_rss} KiB before it started"),
            ratio: idle_rss as f64 / baseline_rss.max(1) as f64,
        },
        Row {
            name: "durable writes, 32 writers (teams created / s)",
            measured: format!("{write_rps:.0}/s"),
            baseline: format!("{commits:.0}/s one-row SQLite commits"),
            ratio: write_rps / commits,
        },
    ])
}

async fn sdk_overhead(calls: usize) -> Result<Vec<Row>, String> {
    // The body a real Quay sends for an organization (recorded fixture), served by the bare
    // handler: only the clients differ.
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../fixtures/quay/getOrganization.json"))
            .map_err(|e| e.to_string())?;
    let body = fixture
        .as_array()
        .and_then(|cases| cases.iter().find(|c| c["status"] == 200))
        .map(|c| c["body"].to_string())
        .ok_or("no successful getOrganization fixture")?;
    let addr = baseline::bare_http(body.into())
        .await
        .map_err(|e| e.to_string())?;
    let base = format!("http://{addr}");
    let sdk = quay_sdk::Client::new(&base, "token").map_err(|e| e.to_string())?;
    let raw = reqwest::Client::new();
    let (mut with_sdk, mut with_raw) = (Vec::new(), Vec::new());
    for i in 0..calls * 2 {
        let started = Instant::now();
        if i % 2 == 0 {
            sdk.organization("benchorg")
                .get()
                .await
                .map_err(|e| e.to_string())?;
            with_sdk.push(started.elapsed());
        } else {
            let bytes = raw
                .get(format!("{base}/api/v1/organization/benchorg"))
                .bearer_auth("token")
                .send()
                .await
                .map_err(|e| e.to_string())?
                .bytes()
                .await
                .map_err(|e| e.to_string())?;
            serde_json::from_slice::<OrganizationView>(&bytes).map_err(|e| e.to_string())?;
            with_raw.push(started.elapsed());
        }
    }
    let (s, r) = (median(&mut with_sdk), median(&mut with_raw));
    Ok(vec![Row {
        name: "SDK call, getOrganization (median)",
        measured: format!("{:.1} µs", s.as_secs_f64() * 1e6),
        baseline: format!("{:.1} µs raw reqwest + serde", r.as_secs_f64() * 1e6),
        ratio: s.as_secs_f64() / r.as_secs_f64(),
    }])
}

async fn conformance_run() -> Result<Vec<Row>, String> {
    use quay_conformance::{contract::Contract, report, scenarios, setup};
    let contract = std::sync::Arc::new(Contract::embedded().map_err(|e| e.to_string())?);
    let mut times = Vec::new();
    let mut cases = 0;
    for jobs in [4, 1] {
        let started = Instant::now();
        let options = setup::Options {
            jobs,
            ..Default::default()
        };
        let s = setup::embedded(contract.clone(), setup::prefix(), &options).await?;
        let areas = scenarios::all();
        let reports = report::run_lanes(&s.targets(), &areas, &[], |_| {}).await;
        s.target.cleanup().await;
        if let Some(r) = reports
            .iter()
            .find(|r| matches!(r.outcome, report::Outcome::Fail(_)))
        {
            return Err(format!("{} {} failed", r.operation, r.case));
        }
        cases = reports.len();
        times.push(started.elapsed().as_secs_f64());
    }
    Ok(vec![Row {
        name: "conformance run, embedded server, --jobs 4 (seconds)",
        measured: format!("{:.1} s ({cases} cases)", times[0]),
        baseline: format!("{:.1} s with --jobs 1", times[1]),
        ratio: times[0] / times[1],
    }])
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let seconds = std::env::args()
        .skip_while(|a| a != "--seconds")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut rows = Vec::new();
    type Step = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<Row>, String>>>>;
    let steps: [(&str, Step); 3] = [
        ("server", Box::pin(server_throughput(seconds))),
        ("sdk", Box::pin(sdk_overhead(2000))),
        ("conformance", Box::pin(conformance_run())),
    ];
    let only: Option<String> = std::env::args().skip_while(|a| a != "--only").nth(1);
    for (name, step) in steps {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        eprintln!("== {name}");
        match step.await {
            Ok(r) => rows.extend(r),
            Err(e) => {
                eprintln!("quay-bench: {name}: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    println!("| benchmark | measured | baseline (same run) | ratio |");
    println!("| --- | --- | --- | --- |");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.2} |",
            r.name, r.measured, r.baseline, r.ratio
        );
    }
    std::process::ExitCode::SUCCESS
}
