//! The scenarios, one module per API area (the spec's tags).

use crate::runner::Case;

/// Builds a [`Case`]: `case!("operationId", "name", |t| async body returning CaseResult)`,
/// optionally with `needs: Needs {..}`.
#[macro_export]
macro_rules! case {
    ($op:literal, $name:literal, needs: $needs:expr, |$t:ident| $body:expr) => {
        $crate::runner::Case {
            operation: $op,
            name: $name,
            needs: $needs,
            run: |$t| Box::pin(async move { $body }),
        }
    };
    ($op:literal, $name:literal, |$t:ident| $body:expr) => {
        $crate::case!($op, $name, needs: $crate::runner::Needs::default(), |$t| $body)
    };
}

pub mod appspecifictokens;
pub mod build;
pub mod capabilities;
pub mod discovery;
pub mod error;
pub mod globalmessages;
pub mod logs;
pub mod mirror;
pub mod mirrorhealth;
pub mod namespacequota;
pub mod org_mirror;
pub mod organization;
pub mod permission;
pub mod prototype;
pub mod repository;
pub mod robot;
pub mod search;
pub mod suconfig;
pub mod superuser;
pub mod team;
pub mod user;

/// Operations whose cases run alone, after every other lane has finished: those that list
/// every organization or user of the registry (the operation itself, or to check what a change
/// did). A real Quay (ffba0c70e2d8) cannot serve those lists while namespaces are deleted beside
/// them: listAllOrganizations answered 500 from `get_quota_for_view` of an organization deleted
/// mid-request.
pub const EXCLUSIVE: &[&str] = &[
    "listAllOrganizations",
    "listAllUsers",
    "changeOrganization",
    "deleteOrganization",
    "createInstallUser",
    "deleteInstallUser",
    // They set and remove the second user's quota.
    "listUserQuota",
    "getUserQuota",
    "listUserQuotaLimit",
    "getUserQuotaLimit",
];

/// Every case, grouped by area in the spec's tag order.
pub fn all() -> Vec<(&'static str, Vec<Case>)> {
    vec![
        ("organization", organization::cases()),
        ("team", team::cases()),
        ("permission", permission::cases()),
        ("superuser", superuser::cases()),
        ("repository", repository::cases()),
        ("robot", robot::cases()),
        ("user", user::cases()),
        ("namespacequota", namespacequota::cases()),
        ("logs", logs::cases()),
        ("globalmessages", globalmessages::cases()),
        ("capabilities", capabilities::cases()),
        ("error", error::cases()),
        ("suconfig", suconfig::cases()),
        ("discovery", discovery::cases()),
        ("appspecifictokens", appspecifictokens::cases()),
        ("mirror", mirror::cases()),
        ("mirrorhealth", mirrorhealth::cases()),
        ("org_mirror", org_mirror::cases()),
        ("prototype", prototype::cases()),
        ("search", search::cases()),
        ("build", build::cases()),
    ]
}

/// What an area's cases create on the target (for `--dry-run`), all under the run's prefix.
pub fn creates(area: &str) -> Vec<&'static str> {
    match area {
        "organization" => vec![
            "one organization per case (with repositories, robots, teams, OAuth applications, application tokens and proxy-cache configurations inside)",
            "one organization created and deleted again by the second user",
        ],
        "team" => vec![
            "organizations <prefix>team<n> (one per case, created by the admin) with teams, robots and a private repository",
            "e-mail invites (with mail sent) to <prefix>inv@example.com and <prefix>not-an-email, and invites of the second user (FEATURE_MAILING)",
        ],
        "permission" => vec![
            "organizations <prefix>perm<n> (one per case, created by the admin) with a private repository, teams and robots",
            "direct permissions of the second user on those repositories",
        ],
        "superuser" => vec![
            "users (createInstallUser, e-mail <name>@example.com)",
            "organizations with robots",
            "service keys of services named after the prefix",
            "quotas on those users and organizations",
            "one registry-size calculation request",
            "organizations of the second user the superuser takes ownership of, and users converted into organizations",
            "app-specific tokens of the superuser titled under the prefix, revoked again by the case",
        ],
        "repository" => vec![
            "organizations with repositories",
            "repositories in the superuser's own namespace",
        ],
        "robot" => vec![
            "organizations with robots",
            "robots of the admin's own namespace named <prefix>ur<n>, deleted again",
        ],
        "user" => vec![
            "organizations <prefix>az<n>, each with an application `ci` and a token of it for the admin (some revoked by the case)",
            "organizations <prefix>st<n> with a private repository `web`, starred by the admin or the second user (the stars go with the organization)",
            "organizations <prefix>team<n> with a team `builders` the second user is invited to: an org_team_invite notification of the second user each, left dismissed (it stays after the organization goes, as in Quay)",
            "users <prefix>ws<n> (createInstallUser, e-mail <name>@example.com) that sign in to web sessions, verify, sign out, get client keys, delete themselves or become organizations of one another (deleted again); organizations <prefix>ws<n>o created and deleted again by them",
            "users <prefix>wn<n> signed up through an anonymous web session (createNewUser)",
            "organizations <prefix>ws<n>o of signed-in users <prefix>ws<n>, each with an application `assigned` whose token the user assigns to itself (an assigned_authorization notification, dismissed by listing) and declines",
        ],
        "globalmessages" => vec![
            "global messages whose text starts with the run's prefix, deleted again by the case",
        ],
        "capabilities" | "error" | "suconfig" | "discovery" => {
            vec!["nothing (read-only cases)"]
        }
        "appspecifictokens" => vec![
            "app-specific tokens of the superuser titled under the prefix, revoked again by the case",
        ],
        "logs" => vec!["organizations <prefix>lg<n>, each with a repository `web`"],
        "org_mirror" => vec![
            "empty organizations <prefix>om<n>, each with a robot `bot` and a mirror configuration of the upstream's namespace named after the admin",
        ],
        "search" => {
            vec![
                "organizations <prefix>se<n>, each with a robot, a team and a private repository (linkExternalUser of a user named under the prefix: nothing is linked with Database authentication)",
            ]
        }
        "build" => vec![
            "organizations <prefix>bd<n>, each with a private repository `web` and builds of it from an archive URL under example.invalid (never fetched; some cancelled by the case), and one uploaded build archive (getFiledropUrl)",
        ],
        "prototype" => vec![
            "organizations <prefix>pt<n>, each with a robot `bot`, a team `qa`, default permissions and a repository `web`",
        ],
        "mirror" | "mirrorhealth" => vec![
            "organizations <prefix>mr<n>, each with a repository `web` (made a mirror of <upstream>/<prefix>/upstream, in the MIRROR state) and a robot `bot`",
        ],
        "namespacequota" => vec![
            "organizations <prefix>nq<n> with quotas and quota limits",
            "a 5 GiB quota on the second user when it has none, and a limit on it, removed again by the case",
        ],
        _ => vec![],
    }
}
