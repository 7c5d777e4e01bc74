//! The `prototype` tag: an organization's default permissions, and that a repository created
//! afterwards gets them. Every case works in an organization it creates (`<prefix>pt<n>`, the
//! admin its owner, with a robot `bot` and a team `qa`).

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::models::{
    CreateRobot, NewOrg, NewPrototype, NewRepo, PrototypeDelegateRef, RepositoryRole,
    RepositoryVisibility, TeamDescription, TeamRole,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};

const USER: Needs = Needs {
    user: true,
    features: &[],
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// An organization with the robot `bot` and the team `qa`.
async fn new_org(t: &Target) -> Result<String, Failure> {
    let org = t.name(&format!("pt{}", COUNTER.fetch_add(1, Ordering::Relaxed)));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    let o = t.admin.organization(&org);
    o.robot("bot").create(&CreateRobot::new()).await?;
    o.team("qa")
        .create_or_update(&TeamDescription::new(TeamRole::Member))
        .await?;
    Ok(org)
}

fn for_robot(org: &str, role: RepositoryRole) -> NewPrototype {
    NewPrototype::new(role, PrototypeDelegateRef::user(format!("{org}+bot")))
}

/// An organization with one rule: its robot reads every new repository. The rule's id.
async fn org_with_rule(t: &Target) -> Result<(String, String), Failure> {
    let org = new_org(t).await?;
    let rule = t
        .admin
        .organization(&org)
        .default_permissions()
        .create(&for_robot(&org, RepositoryRole::Read))
        .await?;
    Ok((org, rule.id))
}

async fn list_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_rule(t).await?;
    let list = t
        .admin
        .organization(&org)
        .default_permissions()
        .list()
        .await?;
    ensure(
        list.prototypes.len() == 1
            && list.prototypes[0].id == id
            && list.prototypes[0].activating_user.is_none()
            && list.prototypes[0].delegate.is_robot()
            && list.prototypes[0].role == RepositoryRole::Read,
        format!("unexpected rules {list:?}"),
    )
}

/// Rules for the robot (write) and the team (admin, only for repositories the admin creates):
/// a repository the admin creates then gives both.
async fn applied_ok(t: &Target) -> CaseResult {
    let org = new_org(t).await?;
    let defaults = t.admin.organization(&org).default_permissions();
    defaults
        .create(&for_robot(&org, RepositoryRole::Write))
        .await?;
    let team_rule = defaults
        .create(
            &NewPrototype::new(RepositoryRole::Admin, PrototypeDelegateRef::team("qa"))
                .activating_user(t.admin_name.as_str()),
        )
        .await?;
    ensure(
        team_rule.delegate.is_team()
            && team_rule
                .activating_user
                .as_ref()
                .is_some_and(|u| u.name == t.admin_name),
        format!("unexpected rule {team_rule:?}"),
    )?;
    t.admin
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&org))
        .await?;
    let perms = t.admin.repository(format!("{org}/web"))?.permissions();
    let users = perms.list_users().await?;
    let teams = perms.list_teams().await?;
    let robot = users
        .permissions
        .get(&format!("{org}+bot"))
        .map(|p| p.role.clone());
    let creator = users.permissions.get(&t.admin_name).map(|p| p.role.clone());
    let qa = teams.permissions.get("qa").map(|p| p.role.clone());
    ensure(
        robot == Some(RepositoryRole::Write)
            && creator == Some(RepositoryRole::Admin)
            && qa == Some(RepositoryRole::Admin),
        format!("the new repository's roles: robot {robot:?}, creator {creator:?}, qa {qa:?}"),
    )
}

async fn update_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_rule(t).await?;
    let defaults = t.admin.organization(&org).default_permissions();
    let changed = defaults.update(&id, RepositoryRole::Admin).await?;
    let list = defaults.list().await?;
    ensure(
        changed.role == RepositoryRole::Admin
            && changed.id == id
            && list
                .prototypes
                .iter()
                .any(|p| p.id == id && p.role == RepositoryRole::Admin),
        format!("the role did not change: {changed:?}, {list:?}"),
    )
}

async fn delete_ok(t: &Target) -> CaseResult {
    let (org, id) = org_with_rule(t).await?;
    let defaults = t.admin.organization(&org).default_permissions();
    defaults.delete(&id).await?;
    let list = defaults.list().await?;
    ensure(
        list.prototypes.is_empty(),
        format!("still listed: {list:?}"),
    )?;
    expect_status(defaults.delete(&id).await, 404)
}

const UNKNOWN_ID: &str = "00000000-0000-0000-0000-000000000000";

/// The cases of the `prototype` tag.
pub fn cases() -> Vec<Case> {
    vec![
        case!("getOrganizationPrototypePermissions", "ok", |t| list_ok(t)
            .await),
        case!("getOrganizationPrototypePermissions", "user2", needs: USER, |t| {
            let (org, _) = org_with_rule(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(user.organization(&org).default_permissions().list().await, 403)
        }),
        case!("getOrganizationPrototypePermissions", "anonymous", |t| {
            expect_status(
                t.anonymous
                    .organization("x")
                    .default_permissions()
                    .list()
                    .await,
                401,
            )
        }),
        case!("createOrganizationPrototypePermission", "ok", |t| {
            applied_ok(t).await
        }),
        case!("createOrganizationPrototypePermission", "bad_role", |t| {
            let org = new_org(t).await?;
            expect_error(
                t.admin
                    .organization(&org)
                    .default_permissions()
                    .create(&for_robot(&org, RepositoryRole::from("owner")))
                    .await,
                400,
                "'owner' is not one of ['read', 'write', 'admin']",
            )
        }),
        case!(
            "createOrganizationPrototypePermission",
            "unknown_delegate",
            |t| {
                let org = new_org(t).await?;
                expect_error(
                    t.admin
                        .organization(&org)
                        .default_permissions()
                        .create(&NewPrototype::new(
                            RepositoryRole::Read,
                            PrototypeDelegateRef::user(t.name("nobody")),
                        ))
                        .await,
                    400,
                    "Missing delegate user or team",
                )
            }
        ),
        case!(
            "createOrganizationPrototypePermission",
            "unknown_activating_user",
            |t| {
                let org = new_org(t).await?;
                expect_error(
                    t.admin
                        .organization(&org)
                        .default_permissions()
                        .create(
                            &for_robot(&org, RepositoryRole::Read)
                                .activating_user(t.name("nobody")),
                        )
                        .await,
                    400,
                    "Unknown activating user",
                )
            }
        ),
        case!(
            "createOrganizationPrototypePermission",
            "unknown_team",
            |t| {
                let org = new_org(t).await?;
                expect_error(
                    t.admin
                        .organization(&org)
                        .default_permissions()
                        .create(&NewPrototype::new(
                            RepositoryRole::Read,
                            PrototypeDelegateRef::team("nosuchteam"),
                        ))
                        .await,
                    400,
                    "Team does not exist",
                )
            }
        ),
        case!("createOrganizationPrototypePermission", "user2", needs: USER, |t| {
            let org = new_org(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(
                user.organization(&org)
                    .default_permissions()
                    .create(&for_robot(&org, RepositoryRole::Read))
                    .await,
                403,
            )
        }),
        case!("createOrganizationPrototypePermission", "anonymous", |t| {
            expect_csrf(
                t.anonymous
                    .organization("x")
                    .default_permissions()
                    .create(&for_robot("x", RepositoryRole::Read))
                    .await,
            )
        }),
        case!("updateOrganizationPrototypePermission", "ok", |t| {
            update_ok(t).await
        }),
        case!("updateOrganizationPrototypePermission", "unknown", |t| {
            let org = new_org(t).await?;
            expect_status(
                t.admin
                    .organization(&org)
                    .default_permissions()
                    .update(UNKNOWN_ID, RepositoryRole::Write)
                    .await,
                404,
            )
        }),
        case!("updateOrganizationPrototypePermission", "user2", needs: USER, |t| {
            let (org, id) = org_with_rule(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(
                user.organization(&org)
                    .default_permissions()
                    .update(&id, RepositoryRole::Admin)
                    .await,
                403,
            )
        }),
        case!("updateOrganizationPrototypePermission", "anonymous", |t| {
            expect_csrf(
                t.anonymous
                    .organization("x")
                    .default_permissions()
                    .update(UNKNOWN_ID, RepositoryRole::Read)
                    .await,
            )
        }),
        case!("deleteOrganizationPrototypePermission", "ok", |t| {
            delete_ok(t).await
        }),
        case!("deleteOrganizationPrototypePermission", "user2", needs: USER, |t| {
            let (org, id) = org_with_rule(t).await?;
            let (user, _) = t.second_user()?;
            expect_status(
                user.organization(&org).default_permissions().delete(&id).await,
                403,
            )
        }),
        case!("deleteOrganizationPrototypePermission", "anonymous", |t| {
            expect_csrf(
                t.anonymous
                    .organization("x")
                    .default_permissions()
                    .delete(UNKNOWN_ID)
                    .await,
            )
        }),
    ]
}
