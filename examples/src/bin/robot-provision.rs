//! # robot-provision: a deploy robot that can reach every new repository, with a fresh token
//!
//! 1. Ensures the robot `ORGANIZATION+SHORTNAME` exists (`createOrgRobot`).
//! 2. Ensures a default permission gives it `ROLE` on every repository created in the
//!    organization from now on, by anyone (`getOrganizationPrototypePermissions`, then
//!    `createOrganizationPrototypePermission`, or `updateOrganizationPrototypePermission` when
//!    a rule for the robot has another role). Existing repositories are not touched: Quay
//!    applies default permissions only when a repository is created.
//! 3. With `ISSUER` and `SUBJECT`, lets tokens of that OIDC issuer with that subject (a CI
//!    system's workload identity) be exchanged for the robot's (`createOrgRobotFederation`,
//!    which replaces the robot's whole federation list).
//! 4. Rotates the robot's token (`regenerateOrgRobotToken`): the old token stops working at
//!    once. The new token is written to the file named by `QUAY_ROBOT_TOKEN_FILE` (created with
//!    mode 0600 on Unix) and never printed.
//!
//! Running it again changes nothing but the token. Needs a token of an administrator of the
//! organization (`org:admin`).
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... QUAY_ROBOT_TOKEN_FILE=deployer.token \
//!     cargo run -p quay-examples --bin robot-provision -- acme deployer read \
//!     https://token.actions.githubusercontent.com repo:acme/web:ref:refs/heads/main
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed (or the token file could not be written), 2 a
//! missing variable or bad argument.

use std::process::ExitCode;

use quay_examples::{Failure, Step, Table, UsageError, env_var};
use quay_sdk::Client;
use quay_sdk::models::{
    CreateRobot, NewPrototype, PrototypeDelegateRef, RepositoryRole, RobotFederationEntry,
};

const USAGE: &str = "usage: robot-provision ORGANIZATION SHORTNAME [ROLE [ISSUER SUBJECT]]
  ROLE     read (default), write or admin: on every new repository of ORGANIZATION
  ISSUER   an OIDC issuer URL whose tokens may be exchanged for the robot's
  SUBJECT  the `sub` those tokens must carry
  QUAY_ROBOT_TOKEN_FILE  where to write the robot's new token (else it is not kept)";

struct Args {
    org: String,
    short: String,
    role: RepositoryRole,
    federation: Option<(String, String)>,
    token_file: Option<String>,
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
    let rest: Vec<String> = std::env::args().skip(1).collect();
    let (org, short) = match rest.as_slice() {
        [org, short, ..] => (org.clone(), short.clone()),
        _ => {
            return Err(UsageError::InvalidArgument(
                "ORGANIZATION and SHORTNAME are required".into(),
            ));
        }
    };
    let role = match rest.get(2).map(String::as_str) {
        None | Some("read") => RepositoryRole::Read,
        Some("write") => RepositoryRole::Write,
        Some("admin") => RepositoryRole::Admin,
        Some(other) => {
            return Err(UsageError::InvalidArgument(format!(
                "ROLE must be read, write or admin, not {other:?}"
            )));
        }
    };
    let federation = match &rest[2.min(rest.len())..] {
        [] | [_] => None,
        [_, issuer, subject] => Some((issuer.clone(), subject.clone())),
        _ => {
            return Err(UsageError::InvalidArgument(
                "ISSUER and SUBJECT go together, and nothing after them".into(),
            ));
        }
    };
    Ok(Args {
        org,
        short,
        role,
        federation,
        token_file: env_var("QUAY_ROBOT_TOKEN_FILE")?,
    })
}

async fn run(client: &Client, args: &Args) -> Result<(), Failure> {
    let org = client.organization(&args.org);
    let robot = org.robot(&args.short);
    let full = robot.full_name();
    match robot.get().await {
        Ok(_) => println!("robot {full} exists"),
        Err(e) if e.is_not_found() => {
            robot
                .create(&CreateRobot::new().description("deploys; created by robot-provision"))
                .await
                .step(format!("creating robot {full}"))?;
            println!("created robot {full}");
        }
        Err(e) => return Err(Failure::quay(format!("reading robot {full}"), e)),
    }

    let defaults = org.default_permissions();
    let rules = defaults
        .list()
        .await
        .step(format!("listing the default permissions of {}", args.org))?
        .prototypes;
    let mine = rules.iter().find(|r| {
        r.activating_user.is_none() && !r.delegate.is_team() && r.delegate.name() == full
    });
    match mine {
        Some(rule) if rule.role == args.role => {
            println!("new repositories already give {full} {}", args.role);
        }
        Some(rule) => {
            defaults
                .update(&rule.id, args.role.clone())
                .await
                .step(format!("changing the default permission {}", rule.id))?;
            println!(
                "new repositories now give {full} {} (was {})",
                args.role, rule.role
            );
        }
        None => {
            let rule = NewPrototype::new(args.role.clone(), PrototypeDelegateRef::user(&full));
            defaults
                .create(&rule)
                .await
                .step(format!("adding a default permission for {full}"))?;
            println!("new repositories will give {full} {}", args.role);
        }
    }

    if let Some((issuer, subject)) = &args.federation {
        let stored = robot
            .set_federation([RobotFederationEntry::new(issuer, subject)])
            .await
            .step(format!("federating {full} with {issuer}"))?;
        for entry in stored.iter() {
            println!(
                "{full} accepts tokens of {} for {}",
                entry.issuer, entry.subject
            );
        }
    }

    let fresh = robot
        .regenerate_token()
        .await
        .step(format!("rotating the token of {full}"))?;
    match &args.token_file {
        Some(path) => {
            write_secret(path, fresh.token.expose())
                .map_err(|e| Failure::refused(format!("writing {path}"), e.to_string()))?;
            println!("rotated the token of {full}; the new one is in {path}");
        }
        None => {
            println!("rotated the token of {full} (set QUAY_ROBOT_TOKEN_FILE to keep the new one)")
        }
    }

    let rules = defaults
        .list()
        .await
        .step(format!("listing the default permissions of {}", args.org))?
        .prototypes;
    let mut table = Table::new(["applies to", "gives", "role"]);
    for r in &rules {
        table.push([
            r.activating_user
                .as_ref()
                .map_or("every creator".to_string(), |u| u.name.clone()),
            r.delegate.name().to_string(),
            r.role.to_string(),
        ]);
    }
    println!("default permissions of {}: {}", args.org, rules.len());
    table.print();
    Ok(())
}

/// Writes a secret readable by its owner only (on Unix; elsewhere with the default mode).
fn write_secret(path: &str, secret: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(secret.as_bytes())?;
    file.write_all(b"\n")
}
