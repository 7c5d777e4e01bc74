//! # whoami: the user a token acts as
//!
//! Prints the signed-in user (`getLoggedInUser`): name, e-mail, whether it is a superuser, and
//! each organization it belongs to with its role there. Then reads the same user's public
//! information (`getUserInformation`) and checks that a user that does not exist is reported
//! as not found ([`quay_sdk::ErrorKind::NotFound`]), whatever status Quay chose for it.
//!
//! Needs a token with `user:read`.
//!
//! ```text
//! QUAY_URL=https://quay.example.com QUAY_TOKEN=... cargo run -p quay-examples --bin whoami
//! ```
//!
//! Exit codes: 0 done, 1 a call to Quay failed, 2 a missing variable or bad argument.

use std::process::ExitCode;

use quay_examples::{Failure, Step, Table, yes_no};
use quay_sdk::{Client, ErrorKind};

const USAGE: &str = "usage: whoami";

#[tokio::main]
async fn main() -> ExitCode {
    if quay_examples::wants_help() || std::env::args().len() > 1 {
        println!("{USAGE}");
        return ExitCode::from(if std::env::args().len() > 1 { 2 } else { 0 });
    }
    match quay_examples::client_from_env() {
        Ok(client) => quay_examples::finish(run(&client).await),
        Err(e) => e.report(USAGE),
    }
}

async fn run(client: &Client) -> Result<(), Failure> {
    let me = client
        .user()
        .current()
        .await
        .step("reading the signed-in user")?;
    println!(
        "{} <{}>, superuser: {}",
        me.username,
        me.email.as_deref().unwrap_or("no e-mail shown"),
        yes_no(me.super_user == Some(true))
    );
    let mut table = Table::new(["organization", "admin", "may create repositories"]);
    for org in &me.organizations {
        table.push([
            org.name.clone(),
            yes_no(org.is_org_admin == Some(true)).to_string(),
            yes_no(org.can_create_repo).to_string(),
        ]);
    }
    table.print();
    let public = client
        .user()
        .get(&me.username)
        .await
        .step(format!("reading {}'s public information", me.username))?;
    println!(
        "public avatar colour of {}: {}",
        public.username, public.avatar.color
    );
    let ghost = format!("{}-no-such-user", me.username);
    match client.user().get(&ghost).await {
        Err(e) if e.kind() == ErrorKind::NotFound => println!("{ghost}: not found, as expected"),
        Err(e) => return Err(Failure::quay(format!("reading {ghost}"), e)),
        Ok(_) => return Err(Failure::refused(format!("reading {ghost}"), "it exists")),
    }
    Ok(())
}
