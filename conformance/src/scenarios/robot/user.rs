//! The admin's own robots (`<admin>+<prefix>ur<n>`), robot permissions and token
//! regeneration. Every robot a case makes is registered for cleanup.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{CreateRobot, NewRepo, RepositoryRole, RepositoryVisibility};

use super::*;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A new robot of the admin's namespace; its short name.
pub(super) async fn own_robot(t: &Target) -> Result<String, Failure> {
    let short = t.name(&format!("ur{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::UserRobot(short.clone()));
    t.admin
        .user()
        .robots()
        .robot(&short)
        .create(&CreateRobot::new().description("conformance"))
        .await?;
    Ok(short)
}

async fn user_robot_ok(t: &Target) -> CaseResult {
    let short = own_robot(t).await?;
    let handle = t.admin.user().robots().robot(&short);
    let robot = handle.get().await?;
    let full = format!("{}+{short}", t.admin_name);
    ensure(
        robot.name == full
            && robot.description == "conformance"
            && robot
                .token
                .as_ref()
                .is_some_and(|tk| tk.expose().len() == 64)
            && robot
                .unstructured_metadata
                .as_ref()
                .is_some_and(|m| m.is_empty()),
        format!("unexpected robot {robot:?}"),
    )?;
    let list = t.admin.user().robots().list().token(false).await?;
    ensure(
        list.robots
            .iter()
            .any(|r| r.name == full && r.token.is_none()),
        format!("{full} is not listed without its token"),
    )
}

async fn regenerate_ok(t: &Target) -> CaseResult {
    let short = own_robot(t).await?;
    let handle = t.admin.user().robots().robot(&short);
    let before = handle.get().await?.token;
    let fresh = handle.regenerate_token().await?;
    let after = handle.get().await?.token;
    ensure(
        before.as_ref().map(|t| t.expose()) != Some(fresh.token.expose())
            && after.as_ref().map(|t| t.expose()) == Some(fresh.token.expose()),
        "the token did not change, or reads show the old one",
    )
}

async fn delete_ok(t: &Target) -> CaseResult {
    let short = own_robot(t).await?;
    let handle = t.admin.user().robots().robot(&short);
    handle.delete().await?;
    t.deleted(&Created::UserRobot(short.clone()));
    expect_error(handle.get().await, 400, "Could not find robot")
}

/// An organization with a private repository `web` on which its robot `bot` has `write`.
async fn org_robot_with_permission(t: &Target) -> Result<String, Failure> {
    let org = new_org(t).await?;
    let o = t.admin.organization(&org);
    o.robot("bot").create(&CreateRobot::new()).await?;
    t.admin
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&org))
        .await?;
    t.admin
        .repository(format!("{org}/web"))?
        .permissions()
        .set_user(format!("{org}+bot"), RepositoryRole::Write)
        .await?;
    Ok(org)
}

async fn org_permissions_ok(t: &Target) -> CaseResult {
    let org = org_robot_with_permission(t).await?;
    let perms = t
        .admin
        .organization(&org)
        .robot("bot")
        .permissions()
        .await?;
    ensure(
        perms.permissions.len() == 1
            && perms.permissions[0].repository.name == "web"
            && !perms.permissions[0].repository.is_public
            && perms.permissions[0].role == RepositoryRole::Write,
        format!("unexpected permissions {perms:?}"),
    )
}

/// Every case of the user's robots, robot permissions and tokens.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case!("getUserRobots", "ok", |t| user_robot_ok(t).await),
        case!("getUserRobots", "anonymous", |t| expect_status(
            t.anonymous.user().robots().list().await,
            401
        )),
        case!("getUserRobot", "ok", |t| user_robot_ok(t).await),
        case!("getUserRobot", "unknown", |t| expect_error(
            t.admin.user().robots().robot(t.name("urnone")).get().await,
            400,
            "Could not find robot with specified username",
        )),
        case!("getUserRobot", "anonymous", |t| expect_status(
            t.anonymous.user().robots().robot("x").get().await,
            401
        )),
        case!("createUserRobot", "ok", |t| user_robot_ok(t).await),
        case!("createUserRobot", "again", |t| {
            let short = own_robot(t).await?;
            expect_error(
                t.admin
                    .user()
                    .robots()
                    .robot(&short)
                    .create(&CreateRobot::new())
                    .await,
                400,
                "Existing robot with name",
            )
        }),
        case!("createUserRobot", "invalid_name", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot("Bad")
                .create(&CreateRobot::new())
                .await,
            400,
            "is invalid",
        )),
        case!("createUserRobot", "anonymous", |t| expect_csrf(
            t.anonymous
                .user()
                .robots()
                .robot(t.name("urx"))
                .create(&CreateRobot::new())
                .await
        )),
        case!("deleteUserRobot", "ok", |t| delete_ok(t).await),
        case!("deleteUserRobot", "unknown", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot(t.name("urnone"))
                .delete()
                .await,
            400,
            "Could not find robot with specified username",
        )),
        case!("deleteUserRobot", "anonymous", |t| expect_csrf(
            t.anonymous.user().robots().robot("x").delete().await
        )),
        case!("getUserRobotPermissions", "ok", |t| {
            let short = own_robot(t).await?;
            let perms = t.admin.user().robots().robot(&short).permissions().await?;
            ensure(
                perms.permissions.is_empty(),
                format!("a new robot has permissions: {perms:?}"),
            )
        }),
        case!("getUserRobotPermissions", "unknown", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot(t.name("urnone"))
                .permissions()
                .await,
            400,
            "Could not find robot with specified username",
        )),
        case!("getUserRobotPermissions", "anonymous", |t| expect_status(
            t.anonymous.user().robots().robot("x").permissions().await,
            401
        )),
        case!("getOrgRobotPermissions", "ok", |t| org_permissions_ok(t)
            .await),
        case!("getOrgRobotPermissions", "unknown", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .robot("nobody")
                    .permissions()
                    .await,
                400,
                "Could not find robot with specified username",
            )
        }),
        case!("getOrgRobotPermissions", "user2", needs: USER, |t| {
            let org = org_robot_with_permission(t).await?;
            let (user, _) = t.second_user()?;
            expect_error(
                user.organization(&org).robot("bot").permissions().await,
                403,
                "You don't have the permission to access the requested resource",
            )
        }),
        case!("getOrgRobotPermissions", "anonymous", |t| expect_status(
            t.anonymous.organization("x").robot("y").permissions().await,
            401
        )),
        case!("regenerateUserRobotToken", "ok", |t| regenerate_ok(t).await),
        case!("regenerateUserRobotToken", "unknown", |t| expect_error(
            t.admin
                .user()
                .robots()
                .robot(t.name("urnone"))
                .regenerate_token()
                .await,
            400,
            "Could not find robot with specified username",
        )),
        case!("regenerateUserRobotToken", "anonymous", |t| expect_csrf(
            t.anonymous
                .user()
                .robots()
                .robot("x")
                .regenerate_token()
                .await
        )),
        case!("regenerateOrgRobotToken", "ok", |t| {
            let org = org_robot_with_permission(t).await?;
            let robot = t.admin.organization(&org).robot("bot");
            let before = robot.get().await?.token;
            let fresh = robot.regenerate_token().await?;
            ensure(
                fresh.name == format!("{org}+bot")
                    && before.as_ref().map(|t| t.expose()) != Some(fresh.token.expose()),
                "the token did not change",
            )
        }),
        case!("regenerateOrgRobotToken", "unknown", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .robot("nobody")
                    .regenerate_token()
                    .await,
                400,
                "Could not find robot with specified username",
            )
        }),
        case!("regenerateOrgRobotToken", "user2", needs: USER, |t| {
            let org = org_robot_with_permission(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).robot("bot").regenerate_token().await, 403)
        }),
        case!("regenerateOrgRobotToken", "anonymous", |t| {
            let org = org_robot_with_permission(t).await?;
            expect_csrf(
                t.anonymous
                    .organization(&org)
                    .robot("bot")
                    .regenerate_token()
                    .await,
            )
        }),
    ]
}
