//! # robot-inventory: an organization's robot accounts and what they can reach
//!
//! Ensures the robot `ORGANIZATION+SHORTNAME` exists when a short name is given
//! (`createOrgRobot`; an existing robot is left as it is), then lists every robot of the
//! organization with its teams and repositories (`getOrgRobots` with `.permissions(true)`),
//! leaving the tokens out (`.token(false)`): one table, sorted by name.
//!
//! The organization is argument 1, else `QUAY_ORG`, else `acme-example`. Needs a token of an
//! administrator of the organization (`org:admin`), or of a superuser.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin robot-inventory -- acme deployer
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::process::ExitCode;

use quay_examples::{Failure, Step, Table, UsageError, env_var};
use quay_sdk::Client;
use quay_sdk::models::CreateRobot;

const USAGE: &str = "usage: robot-inventory [ORGANIZATION [SHORTNAME]]
  ORGANIZATION  default: $QUAY_ORG, else acme-example
  SHORTNAME     a robot to create first if it does not exist";

#[tokio::main]
async fn main() -> ExitCode {
    if quay_examples::wants_help() {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let setup = quay_examples::client_from_env().and_then(|client| Ok((client, args()?)));
    let (client, (org, robot)) = match setup {
        Ok(setup) => setup,
        Err(e) => return e.report(USAGE),
    };
    quay_examples::finish(run(&client, &org, robot.as_deref()).await)
}

fn args() -> Result<(String, Option<String>), UsageError> {
    let mut args = std::env::args().skip(1);
    let org = match args.next() {
        Some(org) => org,
        None => env_var("QUAY_ORG")?.unwrap_or_else(|| "acme-example".into()),
    };
    let robot = args.next();
    if let Some(extra) = args.next() {
        return Err(UsageError::InvalidArgument(format!(
            "unexpected argument {extra:?}"
        )));
    }
    Ok((org, robot))
}

async fn run(client: &Client, org_name: &str, robot: Option<&str>) -> Result<(), Failure> {
    let org = client.organization(org_name);
    if let Some(short) = robot {
        let handle = org.robot(short);
        match handle.get().await {
            Ok(existing) => println!("robot {} exists", existing.name),
            Err(e) if e.is_not_found() => {
                let body = CreateRobot::new().description("created by robot-inventory");
                let created = handle
                    .create(&body)
                    .await
                    .step(format!("creating robot {}", handle.full_name()))?;
                println!("created robot {}", created.name);
            }
            Err(e) => return Err(Failure::quay(format!("reading robot {short}"), e)),
        }
    }
    let list = org
        .robots()
        .list()
        .permissions(true)
        .token(false)
        .await
        .step(format!("listing the robots of {org_name}"))?;
    let mut robots = list.robots;
    robots.sort_by(|a, b| a.name.cmp(&b.name));
    let mut table = Table::new(["robot", "description", "teams", "repositories"]);
    for r in &robots {
        let teams: Vec<&str> = r.teams.iter().flatten().map(|t| t.name.as_str()).collect();
        table.push([
            r.name.clone(),
            r.description.clone().unwrap_or_default(),
            teams.join(", "),
            r.repositories
                .iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    println!("organization {org_name}: {} robots", robots.len());
    table.print();
    Ok(())
}
