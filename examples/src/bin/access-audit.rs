//! # access-audit: who can access what in an organization
//!
//! For every repository of an organization (all pages of `listRepos`, through the SDK's
//! `list_stream`), collects every way a principal gets a role on it:
//!
//! * `user` / `robot`: a direct permission (`listRepoUserPermissions`);
//! * `team`: a team's permission (`listRepoTeamPermissions`), and `team-member`: each member
//!   of that team (`getOrganizationTeamMembers`), who inherits the team's role;
//! * `team-member` of an admin-role team (such as `owners`): organization admins administer
//!   every repository of the organization;
//! * `public`: anyone may pull a public repository.
//!
//! It prints one aligned table of every grant (repository, principal, kind, role, via) and one
//! of the effective (strongest) role of each principal per repository. Rows are sorted, so two
//! runs against the same state print the same text. Pending team invites are not access and are
//! left out. The program only reads.
//!
//! The organization is argument 1, else `QUAY_ORG`, else `acme-example`. Needs a token of an
//! administrator of the organization (`org:admin` and `repo:admin`), or of a superuser.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... \
//!     cargo run -p quay-examples --bin access-audit -- acme
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use futures_util::TryStreamExt;
use futures_util::future::try_join;
use quay_examples::{Failure, Step, Table, UsageError, env_var};
use quay_sdk::Client;
use quay_sdk::api::OrganizationHandler;
use quay_sdk::models::{RepositoryRole, RepositorySummary, TeamRole};

const USAGE: &str = "usage: access-audit [ORGANIZATION]
  ORGANIZATION  default: $QUAY_ORG, else acme-example";

const DEFAULT_ORG: &str = "acme-example";

/// One way a principal holds a role on a repository. Field order is the sort order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    repository: String,
    principal: String,
    kind: &'static str,
    via: String,
    role: String,
}

/// The members (users and robots, invites left out) of each team looked at, fetched once.
type TeamMembers = BTreeMap<String, Vec<String>>;

#[tokio::main]
async fn main() -> ExitCode {
    if quay_examples::wants_help() {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let setup = quay_examples::client_from_env().and_then(|client| Ok((client, org_from_args()?)));
    let (client, org) = match setup {
        Ok(setup) => setup,
        Err(e) => return e.report(USAGE),
    };
    quay_examples::finish(run(&client, &org).await)
}

fn org_from_args() -> Result<String, UsageError> {
    let mut args = std::env::args().skip(1);
    let org = match args.next() {
        Some(org) => org,
        None => env_var("QUAY_ORG")?.unwrap_or_else(|| DEFAULT_ORG.into()),
    };
    if let Some(extra) = args.next() {
        return Err(UsageError::InvalidArgument(format!(
            "unexpected argument {extra:?}"
        )));
    }
    Ok(org)
}

async fn run(client: &Client, org_name: &str) -> Result<(), Failure> {
    let org = client.organization(org_name);
    let admin_teams = admin_teams(&org).await?;
    let repositories = list_repositories(client, org_name).await?;
    println!(
        "organization {org_name}: repositories: {}, admin teams: {}",
        repositories.len(),
        admin_teams.join(", ")
    );
    if repositories.is_empty() {
        println!("nothing to audit");
        return Ok(());
    }
    let mut members = TeamMembers::new();
    let mut grants = Vec::new();
    for repo in &repositories {
        grants.extend(repository_grants(client, &org, repo, &mut members).await?);
        grants.extend(admin_grants(&org, repo, &admin_teams, &mut members).await?);
    }
    grants.sort();
    grants.dedup();
    println!();
    print_grants(&grants);
    println!();
    print_effective(&grants);
    Ok(())
}

/// The organization's teams with the admin role (their members administer every repository).
async fn admin_teams(org: &OrganizationHandler) -> Result<Vec<String>, Failure> {
    let step = format!("reading organization {}", org.name());
    let view = org.get().await.step(&step)?;
    let Some(teams) = view.teams else {
        return Err(Failure::refused(
            step,
            "its teams are hidden from this token's user: the audit needs an organization admin or a superuser",
        ));
    };
    // A BTreeMap: already sorted by name.
    Ok(teams
        .into_values()
        .filter(|team| team.role == TeamRole::Admin)
        .map(|team| team.name)
        .collect())
}

/// Every repository of the namespace, all pages, sorted by name.
async fn list_repositories(client: &Client, org: &str) -> Result<Vec<RepositorySummary>, Failure> {
    let mut repositories: Vec<RepositorySummary> = client
        .repositories()
        .list()
        .namespace(org)
        .stream()
        .try_collect()
        .await
        .step(format!("listing the repositories of {org}"))?;
    repositories.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(repositories)
}

/// The direct, team and public grants on one repository.
async fn repository_grants(
    client: &Client,
    org: &OrganizationHandler,
    repo: &RepositorySummary,
    members: &mut TeamMembers,
) -> Result<Vec<Grant>, Failure> {
    let full_name = repo.full_name();
    let perms = client
        .repository(&full_name)
        .step(format!("addressing {full_name}"))?
        .permissions();
    let (users, teams) = try_join(perms.list_users().send(), perms.list_teams().send())
        .await
        .step(format!("reading the permissions of {full_name}"))?;
    let grant = |principal: &str, kind, via: &str, role: &RepositoryRole| Grant {
        repository: full_name.clone(),
        principal: principal.to_string(),
        kind,
        via: via.to_string(),
        role: role.to_string(),
    };
    let mut grants = Vec::new();
    if repo.is_public {
        grants.push(grant(
            "(anyone)",
            "public",
            "public repository",
            &RepositoryRole::Read,
        ));
    }
    for (name, permission) in &users.permissions {
        let kind = if permission.is_robot { "robot" } else { "user" };
        grants.push(grant(name, kind, "direct", &permission.role));
    }
    for (team, permission) in &teams.permissions {
        grants.push(grant(team, "team", "direct", &permission.role));
        let via = format!("team {team}");
        for member in team_members(org, team, members).await? {
            grants.push(grant(member, "team-member", &via, &permission.role));
        }
    }
    Ok(grants)
}

/// Members of admin-role teams administer every repository of the organization.
async fn admin_grants(
    org: &OrganizationHandler,
    repo: &RepositorySummary,
    admin_teams: &[String],
    members: &mut TeamMembers,
) -> Result<Vec<Grant>, Failure> {
    let mut grants = Vec::new();
    for team in admin_teams {
        for member in team_members(org, team, members).await? {
            grants.push(Grant {
                repository: repo.full_name(),
                principal: member.clone(),
                kind: "team-member",
                via: format!("org admin (team {team})"),
                role: RepositoryRole::Admin.to_string(),
            });
        }
    }
    Ok(grants)
}

/// The members of a team (users and robots; pending invites left out), sorted, fetched once.
async fn team_members<'a>(
    org: &OrganizationHandler,
    team: &str,
    cache: &'a mut TeamMembers,
) -> Result<&'a [String], Failure> {
    if !cache.contains_key(team) {
        let list = org
            .team(team)
            .members()
            .await
            .step(format!("listing the members of team {team}"))?;
        let mut names: Vec<String> = list.current_members().map(|m| m.name.clone()).collect();
        names.sort();
        names.dedup();
        cache.insert(team.to_string(), names);
    }
    Ok(cache.get(team).map(Vec::as_slice).unwrap_or_default())
}

fn print_grants(grants: &[Grant]) {
    println!("every grant: {}", grants.len());
    let mut table = Table::new(["repository", "principal", "kind", "role", "via"]);
    for g in grants {
        table.push([g.repository.as_str(), &g.principal, g.kind, &g.role, &g.via]);
    }
    table.print();
}

/// Strength of a role, for the effective-access table (unknown roles rank lowest).
fn rank(role: &str) -> u8 {
    match role.parse::<RepositoryRole>() {
        Ok(RepositoryRole::Admin) => 3,
        Ok(RepositoryRole::Write) => 2,
        Ok(RepositoryRole::Read) => 1,
        _ => 0,
    }
}

/// The strongest role of each principal (teams themselves left out) on each repository.
fn print_effective(grants: &[Grant]) {
    // (repository, principal) -> (strongest role, the ways it is held)
    let mut effective: BTreeMap<(&str, &str), (&str, BTreeSet<&str>)> = BTreeMap::new();
    for g in grants.iter().filter(|g| g.kind != "team") {
        let entry = effective
            .entry((&g.repository, &g.principal))
            .or_insert((&g.role, BTreeSet::new()));
        if rank(&g.role) > rank(entry.0) {
            entry.0 = &g.role;
        }
        entry.1.insert(&g.via);
    }
    println!(
        "effective access: {} principal-repository pairs",
        effective.len()
    );
    let mut table = Table::new(["repository", "principal", "role", "through"]);
    for ((repository, principal), (role, vias)) in &effective {
        let through: Vec<&str> = vias.iter().copied().collect();
        table.push([*repository, principal, role, &through.join("; ")]);
    }
    table.print();
}
