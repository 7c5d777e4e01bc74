//! # org-setup: set up an organization end to end
//!
//! Creates (or brings up to date) an organization the way a platform team would hand it over:
//!
//! 1. the organization (argument 1, else `QUAY_ORG`, else `acme-example`);
//! 2. three teams with organization-wide roles: `deployers` (member), `platform` (creator: may
//!    create repositories) and `admins` (admin; left empty: the caller is in `owners` already);
//! 3. the users given (arguments 2.., else `QUAY_USERS`, comma- or space-separated) added to
//!    `deployers`, the first one also to `platform`; with no users this step is skipped;
//! 4. a robot account (`QUAY_ROBOT`, default `deployer`), added to `deployers`;
//! 5. a private repository in the organization (`QUAY_REPO`, default `app`);
//! 6. permissions on it: team `deployers` write, team `platform` admin, the robot write and the
//!    first user (if any) a direct admin.
//!
//! Every step is idempotent: the program can be run again and again. What exists already is
//! reported as `exists` (Quay's "already exists" errors are recognised through the SDK's typed
//! errors and treated as success), permissions are set with PUT (an upsert).
//!
//! Needs a token of a user allowed to create organizations (`user:admin`, plus `org:admin` and
//! `repo:admin` for the rest); the users named must exist. The robot's token is never printed.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin org-setup -- acme alice bob
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::collections::BTreeSet;
use std::fmt;
use std::process::ExitCode;

use quay_examples::{Failure, Step, UsageError, env_list, env_var, is_already_exists};
use quay_sdk::Client;
use quay_sdk::api::{OrganizationHandler, TeamHandler};
use quay_sdk::models::{
    CreateRobot, NewOrg, NewRepo, RepositoryRole, RepositoryVisibility, TeamDescription, TeamRole,
};

const USAGE: &str = "usage: org-setup [ORGANIZATION [USER...]]
  ORGANIZATION  default: $QUAY_ORG, else acme-example
  USER...       users to add to the teams; default: $QUAY_USERS (comma- or space-separated)
  $QUAY_ROBOT   robot short name (default deployer); $QUAY_REPO repository name (default app)";

const DEFAULT_ORG: &str = "acme-example";
const DEFAULT_ROBOT: &str = "deployer";
const DEFAULT_REPO: &str = "app";

const DEPLOYERS: &str = "deployers";
const PLATFORM: &str = "platform";
const ADMINS: &str = "admins";

/// What to set up, from the arguments and the environment.
#[derive(Debug)]
struct Plan {
    org: String,
    users: Vec<String>,
    robot: String,
    repo: String,
}

impl Plan {
    fn from_args(mut args: impl Iterator<Item = String>) -> Result<Self, UsageError> {
        let org = match args.next() {
            Some(org) => org,
            None => env_var("QUAY_ORG")?.unwrap_or_else(|| DEFAULT_ORG.into()),
        };
        let mut users: Vec<String> = args.collect();
        if users.is_empty() {
            users = env_list("QUAY_USERS")?;
        }
        // Keep the first occurrence of each user, in the order given.
        let mut seen = BTreeSet::new();
        users.retain(|u| seen.insert(u.clone()));
        if let Some(bad) = users.iter().find(|u| u.contains('+')) {
            return Err(UsageError::InvalidArgument(format!(
                "{bad:?} is a robot name; give users only (the robot is QUAY_ROBOT)"
            )));
        }
        Ok(Self {
            org,
            users,
            robot: env_var("QUAY_ROBOT")?.unwrap_or_else(|| DEFAULT_ROBOT.into()),
            repo: env_var("QUAY_REPO")?.unwrap_or_else(|| DEFAULT_REPO.into()),
        })
    }

    fn first_user(&self) -> Option<&str> {
        self.users.first().map(String::as_str)
    }
}

/// What a step did, printed in the first column.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Created,
    Exists,
    Added,
    Member,
    Set,
    Skipped,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self {
            Outcome::Created => "created",
            Outcome::Exists => "exists",
            Outcome::Added => "added",
            Outcome::Member => "member",
            Outcome::Set => "set",
            Outcome::Skipped => "skipped",
        };
        // Padded so that the subjects line up.
        write!(f, "{word:<8}")
    }
}

fn say(outcome: Outcome, what: impl fmt::Display) {
    println!("{outcome} {what}");
}

/// A team to create: name, organization-wide role, description.
struct TeamSpec {
    name: &'static str,
    role: TeamRole,
    description: &'static str,
}

fn teams() -> [TeamSpec; 3] {
    [
        TeamSpec {
            name: DEPLOYERS,
            role: TeamRole::Member,
            description: "Pull and push the application's images",
        },
        TeamSpec {
            name: PLATFORM,
            role: TeamRole::Creator,
            description: "Platform engineers: may create repositories",
        },
        TeamSpec {
            name: ADMINS,
            role: TeamRole::Admin,
            description: "Administrators of the organization",
        },
    ]
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
    println!(
        "setting up organization {} on {}",
        plan.org,
        client.base_url()
    );
    check_users_exist(client, &plan.users).await?;
    let org = client.organization(&plan.org);
    ensure_organization(client, &org).await?;
    for spec in teams() {
        ensure_team(&org, &spec).await?;
    }
    add_users_to_teams(&org, plan).await?;
    let robot = ensure_robot(&org, &plan.robot).await?;
    add_member(&org.team(DEPLOYERS), &robot).await?;
    let repo = ensure_repository(client, &plan.org, &plan.repo).await?;
    grant_permissions(client, &repo, &robot, plan.first_user()).await?;
    println!("done: {} is set up", plan.org);
    Ok(())
}

/// Fails before changing anything when a user named on the command line does not exist.
async fn check_users_exist(client: &Client, users: &[String]) -> Result<(), Failure> {
    if users.is_empty() {
        say(
            Outcome::Skipped,
            "users: none given (pass them as arguments or in QUAY_USERS)",
        );
        return Ok(());
    }
    for user in users {
        let step = format!("looking up user {user}");
        match client.user().get(user).await {
            Ok(_) => {}
            Err(e) if e.is_not_found() => {
                return Err(Failure::refused(step, "no such user"));
            }
            Err(e) => return Err(Failure::quay(step, e)),
        }
    }
    Ok(())
}

/// Creates the organization unless it exists; an existing one must be administered by the
/// caller.
async fn ensure_organization(client: &Client, org: &OrganizationHandler) -> Result<(), Failure> {
    let name = org.name();
    match org.get().await {
        Ok(view) if view.is_admin => {
            say(Outcome::Exists, format!("organization {name}"));
            return Ok(());
        }
        Ok(_) => {
            return Err(Failure::refused(
                format!("checking organization {name}"),
                "it exists but the token's user does not administer it",
            ));
        }
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(Failure::quay(format!("looking up organization {name}"), e)),
    }
    match client.organizations().create(&NewOrg::new(name)).await {
        Ok(_) => say(Outcome::Created, format!("organization {name}")),
        // Created in the meantime (or the name is a user's: the next steps will say so).
        Err(e) if is_already_exists(&e) => say(Outcome::Exists, format!("organization {name}")),
        Err(e) => return Err(Failure::quay(format!("creating organization {name}"), e)),
    }
    Ok(())
}

/// Creates the team, or sets the role and description of the existing one (an upsert).
async fn ensure_team(org: &OrganizationHandler, spec: &TeamSpec) -> Result<(), Failure> {
    let view = org
        .team(spec.name)
        .create_or_update(&TeamDescription::new(spec.role.clone()).description(spec.description))
        .await
        .step(format!("creating team {}", spec.name))?;
    // An existing team gets the role and description again (PUT is an upsert).
    let outcome = if view.new_team {
        Outcome::Created
    } else {
        Outcome::Exists
    };
    say(outcome, format!("team {} (role {})", view.name, view.role));
    Ok(())
}

/// Every user into `deployers`, the first one into `platform` as well.
async fn add_users_to_teams(org: &OrganizationHandler, plan: &Plan) -> Result<(), Failure> {
    let deployers = org.team(DEPLOYERS);
    for user in &plan.users {
        add_member(&deployers, user).await?;
    }
    if let Some(first) = plan.first_user() {
        add_member(&org.team(PLATFORM), first).await?;
    }
    Ok(())
}

/// Adds a user or robot to a team unless it is a member already.
async fn add_member(team: &TeamHandler, member: &str) -> Result<(), Failure> {
    let subject = format!("{member} in team {}", team.name());
    let current = team
        .members()
        .await
        .step(format!("listing the members of team {}", team.name()))?;
    if current.current_members().any(|m| m.name == member) {
        say(Outcome::Member, subject);
        return Ok(());
    }
    match team.add_member(member).await {
        Ok(view) if view.invited => say(Outcome::Added, format!("{subject} (invited)")),
        Ok(_) => say(Outcome::Added, subject),
        Err(e) if is_already_exists(&e) => say(Outcome::Member, subject),
        Err(e) => return Err(Failure::quay(format!("adding {subject}"), e)),
    }
    Ok(())
}

/// Creates the robot unless it exists; returns its full name (`org+shortname`).
async fn ensure_robot(org: &OrganizationHandler, shortname: &str) -> Result<String, Failure> {
    let robot = org.robot(shortname);
    let full_name = robot.full_name();
    let existing = org
        .robots()
        .list()
        .token(false)
        .await
        .step(format!("listing the robots of {}", org.name()))?;
    if existing.robots.iter().any(|r| r.name == full_name) {
        say(Outcome::Exists, format!("robot {full_name}"));
        return Ok(full_name);
    }
    let body = CreateRobot::new().description("Pushes the application's images from CI");
    match robot.create(&body).await {
        // The token is the robot's password: never printed.
        Ok(created) => say(Outcome::Created, format!("robot {}", created.name)),
        Err(e) if is_already_exists(&e) => say(Outcome::Exists, format!("robot {full_name}")),
        Err(e) => return Err(Failure::quay(format!("creating robot {full_name}"), e)),
    }
    Ok(full_name)
}

/// Creates the private repository `org/name` unless it exists; returns `org/name`.
async fn ensure_repository(client: &Client, org: &str, name: &str) -> Result<String, Failure> {
    let full_name = format!("{org}/{name}");
    let body = NewRepo::new(
        name,
        RepositoryVisibility::Private,
        "The application's images (created by the org-setup example)",
    )
    .namespace(org);
    match client.repositories().create(&body).await {
        Ok(created) => say(
            Outcome::Created,
            format!("repository {}", created.full_name()),
        ),
        Err(e) if is_already_exists(&e) => say(Outcome::Exists, format!("repository {full_name}")),
        Err(e) => return Err(Failure::quay(format!("creating repository {full_name}"), e)),
    }
    Ok(full_name)
}

/// Team, robot and user permissions on the repository (PUT: creates or changes them).
async fn grant_permissions(
    client: &Client,
    repo: &str,
    robot: &str,
    user: Option<&str>,
) -> Result<(), Failure> {
    let perms = client
        .repository(repo)
        .step(format!("addressing repository {repo}"))?
        .permissions();
    for (team, role) in [
        (DEPLOYERS, RepositoryRole::Write),
        (PLATFORM, RepositoryRole::Admin),
    ] {
        let set = perms
            .set_team(team, role)
            .await
            .step(format!("giving team {team} a role on {repo}"))?;
        say(
            Outcome::Set,
            format!("{repo}: team {} {}", set.name, set.role),
        );
    }
    let set = perms
        .set_user(robot, RepositoryRole::Write)
        .await
        .step(format!("giving robot {robot} a role on {repo}"))?;
    say(
        Outcome::Set,
        format!("{repo}: robot {} {}", set.name, set.role),
    );
    match user {
        Some(user) => {
            let set = perms
                .set_user(user, RepositoryRole::Admin)
                .await
                .step(format!("giving user {user} a role on {repo}"))?;
            say(
                Outcome::Set,
                format!("{repo}: user {} {}", set.name, set.role),
            );
        }
        None => say(
            Outcome::Skipped,
            format!("{repo}: user permission (no users given)"),
        ),
    }
    Ok(())
}
