//! Robot federation: the configuration is replaced as a whole, read back, cleared; Quay's
//! refusals of bad entries; who may read and write it.

use quay_sdk::models::{CreateRobot, RobotFederationEntry};

use super::user::own_robot;
use super::*;

const NO_ROBOT: &str = "Could not find robot with specified username";

fn entry(issuer: &str, subject: &str) -> RobotFederationEntry {
    RobotFederationEntry::new(issuer, subject)
}

fn pairs(config: &[RobotFederationEntry]) -> Vec<(&str, &str)> {
    config
        .iter()
        .map(|e| (e.issuer.as_str(), e.subject.as_str()))
        .collect()
}

/// An organization of the admin's with the robot `bot`.
async fn org_robot(t: &Target) -> Result<String, Failure> {
    let org = new_org(t).await?;
    t.admin
        .organization(&org)
        .robot("bot")
        .create(&CreateRobot::new())
        .await?;
    Ok(org)
}

async fn org_set_ok(t: &Target) -> CaseResult {
    let org = org_robot(t).await?;
    let robot = t.admin.organization(&org).robot("bot");
    let fresh = robot.federation().await?;
    ensure(
        fresh.is_empty(),
        format!("a new robot is federated: {fresh:?}"),
    )?;
    let first = [
        entry("https://issuer1.example.com", "s1"),
        entry("http://issuer2.example.com", "s2"),
    ];
    let stored = robot.set_federation(first.clone()).await?;
    ensure(
        pairs(&stored) == pairs(&first),
        format!("stored {stored:?}, sent {first:?}"),
    )?;
    // A second set replaces the first.
    let second = [entry("https://a", "s"), entry("https://a/", "s")];
    robot.set_federation(second.clone()).await?;
    let read = robot.federation().await?;
    ensure(
        pairs(&read) == pairs(&second),
        format!("read {read:?} after replacing with {second:?}"),
    )
}

async fn org_clear_ok(t: &Target) -> CaseResult {
    let org = org_robot(t).await?;
    let robot = t.admin.organization(&org).robot("bot");
    robot
        .set_federation([entry("https://issuer.example.com", "ci")])
        .await?;
    robot.clear_federation().await?;
    // Clearing again is no error.
    robot.clear_federation().await?;
    let read = robot.federation().await?;
    ensure(read.is_empty(), format!("cleared, yet {read:?}"))
}

async fn refused(t: &Target, entries: Vec<RobotFederationEntry>, text: &str) -> CaseResult {
    let org = org_robot(t).await?;
    let robot = t.admin.organization(&org).robot("bot");
    let kept = [entry("https://kept.example.com", "s")];
    robot.set_federation(kept.clone()).await?;
    expect_error(robot.set_federation(entries).await, 400, text)?;
    let read = robot.federation().await?;
    ensure(
        pairs(&read) == pairs(&kept),
        format!("a refused body changed the configuration: {read:?}"),
    )
}

async fn user_set_ok(t: &Target) -> CaseResult {
    let short = own_robot(t).await?;
    let robot = t.admin.user().robots().robot(&short);
    ensure(
        robot.federation().await?.is_empty(),
        "a new robot is federated",
    )?;
    let config = [entry(
        "https://token.actions.githubusercontent.com",
        "repo:acme/web:ref:refs/heads/main",
    )];
    let stored = robot.set_federation(config.clone()).await?;
    ensure(
        pairs(&stored) == pairs(&config),
        format!("stored {stored:?}"),
    )?;
    let read = robot.federation().await?;
    ensure(pairs(&read) == pairs(&config), format!("read {read:?}"))
}

/// The federation cases of the `robot` tag.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("getOrgRobotFederation", "ok", |t| org_set_ok(t).await),
        case!("getOrgRobotFederation", "unknown", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .robot("nobody")
                    .federation()
                    .await,
                400,
                NO_ROBOT,
            )
        }),
        case!("getOrgRobotFederation", "user2", needs: USER, |t| {
            let org = org_robot(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).robot("bot").federation().await, 403)
        }),
        case!("getOrgRobotFederation", "anonymous", |t| expect_status(
            t.anonymous.organization("x").robot("y").federation().await,
            401
        )),
        case!("createOrgRobotFederation", "ok", |t| org_set_ok(t).await),
        case!("createOrgRobotFederation", "bad_issuer", |t| refused(
            t,
            vec![entry("ftp://x", "s")],
            "Issuer must be a URL (http:// or https://)"
        )
        .await),
        case!("createOrgRobotFederation", "empty_subject", |t| refused(
            t,
            vec![entry("https://issuer.example.com", "")],
            "Missing one or more required fields (issuer, subject)"
        )
        .await),
        case!("createOrgRobotFederation", "duplicate", |t| refused(
            t,
            vec![entry("https://a", "s"), entry("https://a", "s")],
            "Duplicate federation config entry"
        )
        .await),
        case!("createOrgRobotFederation", "unknown", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .robot("nobody")
                    .set_federation([entry("https://issuer.example.com", "s")])
                    .await,
                400,
                NO_ROBOT,
            )
        }),
        case!("createOrgRobotFederation", "user2", needs: USER, |t| {
            let org = org_robot(t).await?;
            let (user, _) = t.second_user()?;
            // The entries are checked after the rights: a bad issuer is still a 403.
            expect_status(
                user.organization(&org)
                    .robot("bot")
                    .set_federation([entry("ftp://x", "s")])
                    .await,
                403,
            )
        }),
        case!("createOrgRobotFederation", "anonymous", |t| expect_csrf(
            t.anonymous
                .organization("x")
                .robot("y")
                .set_federation([])
                .await
        )),
        case!("deleteOrgRobotFederation", "ok", |t| org_clear_ok(t).await),
        case!("deleteOrgRobotFederation", "unknown", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .robot("nobody")
                    .clear_federation()
                    .await,
                400,
                NO_ROBOT,
            )
        }),
        case!("deleteOrgRobotFederation", "user2", needs: USER, |t| {
            let org = org_robot(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(
                user.organization(&org).robot("bot").clear_federation().await,
                403,
            )
        }),
        case!("deleteOrgRobotFederation", "anonymous", |t| expect_csrf(
            t.anonymous
                .organization("x")
                .robot("y")
                .clear_federation()
                .await
        )),
        case!("getUserRobotFederation", "ok", |t| user_set_ok(t).await),
        case!("getUserRobotFederation", "unknown", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot(t.name("urnone"))
                .federation()
                .await,
            400,
            NO_ROBOT,
        )),
        case!("getUserRobotFederation", "anonymous", |t| expect_status(
            t.anonymous.user().robots().robot("x").federation().await,
            401
        )),
        case!("createUserRobotFederation", "ok", |t| user_set_ok(t).await),
        case!("createUserRobotFederation", "bad_issuer", |t| {
            let short = own_robot(t).await?;
            expect_error(
                t.admin
                    .user()
                    .robots()
                    .robot(&short)
                    .set_federation([entry("issuer.example.com", "s")])
                    .await,
                400,
                "Issuer must be a URL (http:// or https://)",
            )
        }),
        case!("createUserRobotFederation", "unknown", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot(t.name("urnone"))
                .set_federation([])
                .await,
            400,
            NO_ROBOT,
        )),
        case!("createUserRobotFederation", "anonymous", |t| expect_csrf(
            t.anonymous
                .user()
                .robots()
                .robot("x")
                .set_federation([])
                .await
        )),
        case!("deleteUserRobotFederation", "ok", |t| {
            let short = own_robot(t).await?;
            let robot = t.admin.user().robots().robot(&short);
            robot
                .set_federation([entry("https://issuer.example.com", "s")])
                .await?;
            robot.clear_federation().await?;
            let read = robot.federation().await?;
            ensure(read.is_empty(), format!("cleared, yet {read:?}"))
        }),
        case!("deleteUserRobotFederation", "unknown", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot(t.name("urnone"))
                .clear_federation()
                .await,
            400,
            NO_ROBOT,
        )),
        case!("deleteUserRobotFederation", "anonymous", |t| expect_csrf(
            t.anonymous
                .user()
                .robots()
                .robot("x")
                .clear_federation()
                .await
        )),
    ]
}
