//! The `robot` tag: an organization's robot accounts.
//!
//! Every case works in an organization it creates (the admin is its owner, so the cases do not
//! depend on `FEATURE_SUPERUSERS_FULL_ACCESS`).

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::models::{CreateRobot, NewOrg};

use crate::runner::{
    Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_error, expect_status,
};
use crate::runner::{expect_any, expect_csrf};

mod federation;
mod user;

/// Cases that need a second (ordinary) user.
const USER: Needs = Needs {
    user: true,
    features: &[],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh organization name under the run's prefix, `<prefix>rb-<kind><n>`.
fn fresh(t: &Target, kind: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("rb-{kind}{n}"))
}

/// Creates an organization owned by the admin and registers it (its robots go with it).
async fn new_org(t: &Target) -> Result<String, Failure> {
    let name = fresh(t, "o");
    t.created(Created::Organization(name.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(format!("{name}@example.com")))
        .await?;
    Ok(name)
}

/// Metadata `{"owner": "conformance"}`.
fn metadata() -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("owner".into(), "conformance".into());
    m
}

/// An organization with the robots `bot1` ("first robot") and `bot2` ("second robot").
async fn org_with_robots(t: &Target) -> Result<String, Failure> {
    let org = new_org(t).await?;
    let o = t.admin.organization(&org);
    o.robot("bot1")
        .create(&CreateRobot::new().description("first robot"))
        .await?;
    o.robot("bot2")
        .create(&CreateRobot::new().description("second robot"))
        .await?;
    Ok(org)
}

// ---------------------------------------------------------------------------------------------
// getOrgRobots

async fn list_ok(t: &Target) -> CaseResult {
    let org = org_with_robots(t).await?;
    let list = t.admin.organization(&org).robots().list().await?;
    let mut names: Vec<&str> = list.robots.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    ensure(
        names == [format!("{org}+bot1"), format!("{org}+bot2")],
        format!("expected the 2 robots of {org}, got {names:?}"),
    )?;
    for r in &list.robots {
        let want = if r.short_name() == "bot1" {
            "first robot"
        } else {
            "second robot"
        };
        ensure(
            r.description.as_deref() == Some(want)
                && r.namespace() == Some(org.as_str())
                && r.created.is_some()
                && r.token.as_ref().is_some_and(|s| !s.expose().is_empty()),
            format!("unexpected entry (an organization admin gets tokens): {r:?}"),
        )?;
    }
    Ok(())
}

/// `getOrgRobots` with its three query parameters.
#[derive(Default)]
struct ListOptions {
    token: Option<bool>,
    permissions: Option<bool>,
    limit: Option<u64>,
}

async fn list_options(t: &Target, options: ListOptions) -> CaseResult {
    let org = org_with_robots(t).await?;
    let list = t
        .admin
        .organization(&org)
        .robots()
        .list()
        .set_token(options.token)
        .set_permissions(options.permissions)
        .set_limit(options.limit)
        .await?;
    if options.token == Some(false) {
        ensure(
            list.robots.iter().all(|r| r.token.is_none()),
            "token=false still sent tokens",
        )?;
    }
    if options.permissions == Some(true) {
        ensure(
            list.robots
                .iter()
                .all(|r| r.teams.is_some() && r.repositories.is_some()),
            "permissions=true sent no teams/repositories",
        )?;
    }
    if let Some(limit) = options.limit {
        ensure(
            list.robots.len() as u64 == limit,
            format!(
                "limit={limit} of 2 robots gave {} robots",
                list.robots.len()
            ),
        )?;
    } else {
        ensure(list.robots.len() == 2, "expected both robots")?;
    }
    Ok(())
}

async fn list_empty(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let list = t.admin.organization(&org).robots().list().await?;
    ensure(
        list.robots.is_empty(),
        format!("a new organization has robots: {:?}", list.robots),
    )
}

async fn list_as(t: &Target, client: &Client, status: u16) -> CaseResult {
    let org = org_with_robots(t).await?;
    expect_status(client.organization(&org).robots().list().await, status)
}

async fn list_unknown_org(t: &Target) -> CaseResult {
    // 403 (no member of it), or 200 with no robots for a superuser with
    // FEATURE_SUPERUSERS_FULL_ACCESS.
    let ghost = fresh(t, "ghost");
    match t.admin.organization(&ghost).robots().list().await {
        Ok(list) => ensure(
            list.robots.is_empty(),
            format!("an unknown organization has robots: {:?}", list.robots),
        ),
        Err(e) => expect_status::<()>(Err(e), 403),
    }
}

// ---------------------------------------------------------------------------------------------
// getOrgRobot

async fn get_ok(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    t.admin
        .organization(&org)
        .robot("ci")
        .create(
            &CreateRobot::new()
                .description("pushes from CI")
                .unstructured_metadata(metadata()),
        )
        .await?;
    let robot = t.admin.organization(&org).robot("ci").get().await?;
    ensure(
        robot.name == format!("{org}+ci")
            && robot.description == "pushes from CI"
            && robot.created.is_some()
            && robot.unstructured_metadata.as_ref() == Some(&metadata()),
        format!("unexpected robot: {robot:?}"),
    )?;
    ensure(
        robot.token.is_some_and(|s| !s.expose().is_empty()),
        "an organization admin gets the robot's token",
    )
}

async fn get_as(t: &Target, client: &Client, status: u16) -> CaseResult {
    let org = org_with_robots(t).await?;
    expect_status(client.organization(&org).robot("bot1").get().await, status)
}

async fn get_unknown_org(t: &Target) -> CaseResult {
    // 403 (not its admin), or for a superuser with FEATURE_SUPERUSERS_FULL_ACCESS 400
    // `Organization does not exist`.
    let ghost = fresh(t, "ghost");
    expect_any(
        t.admin.organization(&ghost).robot("bot").get().await,
        &[400, 403],
    )
}

// ---------------------------------------------------------------------------------------------
// createOrgRobot

async fn create_ok(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let robot = t
        .admin
        .organization(&org)
        .robot("ci")
        .create(
            &CreateRobot::new()
                .description("pushes from CI")
                .unstructured_metadata(metadata()),
        )
        .await?;
    ensure(
        robot.name == format!("{org}+ci")
            && robot.description == "pushes from CI"
            && robot.unstructured_metadata.as_ref() == Some(&metadata())
            && robot.token.as_ref().is_some_and(|s| !s.expose().is_empty()),
        format!("unexpected answer: {robot:?}"),
    )?;
    let back = t.admin.organization(&org).robot("ci").get().await?;
    ensure(
        back.name == robot.name
            && back.description == robot.description
            && back.token.as_ref().map(|s| s.expose()) == robot.token.as_ref().map(|s| s.expose()),
        format!("getOrgRobot disagrees with the creation: {back:?}"),
    )
}

async fn create_no_body(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let robot = t
        .admin
        .organization(&org)
        .robot("bare")
        .create(&CreateRobot::default())
        .await?;
    ensure(
        robot.name == format!("{org}+bare")
            && robot.description.is_empty()
            && robot
                .unstructured_metadata
                .as_ref()
                .is_none_or(|m| m.is_empty()),
        format!("unexpected answer: {robot:?}"),
    )?;
    let back = t.admin.organization(&org).robot("bare").get().await?;
    ensure(
        back.description.is_empty()
            && back
                .unstructured_metadata
                .as_ref()
                .is_none_or(|m| m.is_empty()),
        format!("unexpected robot: {back:?}"),
    )
}

async fn create_bad(t: &Target, shortname: &str, body: CreateRobot, text: &str) -> CaseResult {
    let org = new_org(t).await?;
    expect_error(
        t.admin
            .organization(&org)
            .robot(shortname)
            .create(&body)
            .await,
        400,
        text,
    )
}

async fn create_duplicate(t: &Target) -> CaseResult {
    let org = org_with_robots(t).await?;
    expect_error(
        t.admin
            .organization(&org)
            .robot("bot1")
            .create(&CreateRobot::new().description("again"))
            .await,
        400,
        &format!("Existing robot with name: {org}+bot1"),
    )?;
    let robot = t.admin.organization(&org).robot("bot1").get().await?;
    ensure(
        robot.description == "first robot",
        "the refused creation changed the robot",
    )
}

async fn create_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let org = new_org(t).await?;
    let result = client
        .organization(&org)
        .robot("ci")
        .create(&CreateRobot::new())
        .await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    expect_error(
        t.admin.organization(&org).robot("ci").get().await,
        400,
        "Could not find robot",
    )
}

// ---------------------------------------------------------------------------------------------
// deleteOrgRobot

async fn delete_ok(t: &Target) -> CaseResult {
    let org = org_with_robots(t).await?;
    let o = t.admin.organization(&org);
    o.robot("bot1").delete().await?;
    expect_error(o.robot("bot1").get().await, 400, "Could not find robot")?;
    let list = o.robots().list().await?;
    let names: Vec<&str> = list.robots.iter().map(|r| r.name.as_str()).collect();
    ensure(
        names == [format!("{org}+bot2")],
        format!("after the deletion {org} lists {names:?}"),
    )
}

async fn delete_unknown(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    expect_error(
        t.admin.organization(&org).robot("nosuchbot").delete().await,
        400,
        "Could not find robot",
    )
}

async fn delete_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let org = org_with_robots(t).await?;
    let result = client.organization(&org).robot("bot1").delete().await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    t.admin.organization(&org).robot("bot1").get().await?;
    Ok(())
}

/// The cases of the `robot` tag.
pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        // getOrgRobots
        case!("getOrgRobots", "ok", |t| list_ok(t).await),
        case!("getOrgRobots", "no_token", |t| list_options(
            t,
            ListOptions {
                token: Some(false),
                ..Default::default()
            }
        )
        .await),
        case!("getOrgRobots", "permissions", |t| list_options(
            t,
            ListOptions {
                permissions: Some(true),
                ..Default::default()
            }
        )
        .await),
        case!("getOrgRobots", "limit", |t| list_options(
            t,
            ListOptions {
                limit: Some(1),
                ..Default::default()
            }
        )
        .await),
        case!("getOrgRobots", "empty", |t| list_empty(t).await),
        case!("getOrgRobots", "unknown_org", |t| list_unknown_org(t).await),
        case!("getOrgRobots", "not_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            list_as(t, user, 403).await
        }),
        case!("getOrgRobots", "anonymous", |t| list_as(
            t,
            &t.anonymous,
            401
        )
        .await),
        case!("getOrgRobots", "bad_token", |t| list_as(
            t,
            &t.bad_token,
            401
        )
        .await),
        // getOrgRobot
        case!("getOrgRobot", "ok", |t| get_ok(t).await),
        case!("getOrgRobot", "unknown", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin.organization(&org).robot("nosuchbot").get().await,
                400,
                "Could not find robot",
            )
        }),
        case!("getOrgRobot", "unknown_org", |t| get_unknown_org(t).await),
        case!("getOrgRobot", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            get_as(t, user, 403).await
        }),
        case!("getOrgRobot", "anonymous", |t| get_as(t, &t.anonymous, 401)
            .await),
        case!("getOrgRobot", "bad_token", |t| get_as(t, &t.bad_token, 401)
            .await),
        // createOrgRobot
        case!("createOrgRobot", "ok", |t| create_ok(t).await),
        case!("createOrgRobot", "no_body", |t| create_no_body(t).await),
        case!("createOrgRobot", "duplicate", |t| create_duplicate(t).await),
        case!("createOrgRobot", "invalid_name", |t| create_bad(
            t,
            "Bad Name",
            CreateRobot::new(),
            "The name for the robot 'Bad Name' is invalid",
        )
        .await),
        case!("createOrgRobot", "long_description", |t| create_bad(
            t,
            "ci",
            CreateRobot::new().description("x".repeat(256)),
            "is too long",
        )
        .await),
        case!("createOrgRobot", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            create_refused(t, user, false).await
        }),
        case!("createOrgRobot", "anonymous", |t| create_refused(
            t,
            &t.anonymous,
            true
        )
        .await),
        case!("createOrgRobot", "bad_token", |t| create_refused(
            t,
            &t.bad_token,
            true
        )
        .await),
        // deleteOrgRobot
        case!("deleteOrgRobot", "ok", |t| delete_ok(t).await),
        case!("deleteOrgRobot", "unknown", |t| delete_unknown(t).await),
        case!("deleteOrgRobot", "used_by_mirror", needs: crate::scenarios::mirror::MIRROR, |t| {
            let repo = crate::scenarios::mirror::mirrored(t).await?;
            let org = repo.split('/').next().unwrap_or_default();
            expect_error(
                t.admin.organization(org).robot("bot").delete().await,
                400,
                "Robot is being used by a mirror",
            )?;
            t.admin.organization(org).robot("bot").get().await?;
            Ok(())
        }),
        case!("deleteOrgRobot", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            delete_refused(t, user, false).await
        }),
        case!("deleteOrgRobot", "anonymous", |t| delete_refused(
            t,
            &t.anonymous,
            true
        )
        .await),
        case!("deleteOrgRobot", "bad_token", |t| delete_refused(
            t,
            &t.bad_token,
            true
        )
        .await),
    ];
    cases.extend(user::cases());
    cases.extend(federation::cases());
    cases
}
