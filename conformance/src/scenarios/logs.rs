//! The `logs` tag: the audit logs of repositories, organizations and the signed-in user. Every
//! case makes the entries it looks for (an organization with a repository, under the run's
//! prefix); a range in the past shows how `starttime` and `endtime` bound the log.

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_sdk::Client;
use quay_sdk::models::{ExportLogs, NewOrg, NewRepo, RepositoryVisibility, SuperUserLogList};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_csrf, expect_error,
    expect_status,
};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Cases that need the second user.
const USER: Needs = Needs {
    user: true,
    features: &[],
};

/// An organization with the repository `web`, both made by the admin; the organization.
async fn org_with_repo(t: &Target) -> Result<String, Failure> {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let org = t.name(&format!("lg{n}"));
    t.created(Created::Organization(org.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&org).email(format!("{org}@example.com")))
        .await?;
    t.admin
        .repositories()
        .create(&NewRepo::new("web", RepositoryVisibility::Private, "").namespace(&org))
        .await?;
    Ok(org)
}

fn kinds(page: &SuperUserLogList) -> Vec<&str> {
    page.logs.iter().map(|l| l.kind.as_str()).collect()
}

/// The entries a log operation shows leave `namespace` out.
fn without_namespace(page: &SuperUserLogList) -> CaseResult {
    ensure(
        page.logs.iter().all(|l| l.namespace.is_none()),
        "a log entry carries `namespace`",
    )
}

async fn org_ok(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let page = t.admin.organization(&org).logs().await?;
    let k = kinds(&page);
    ensure(
        k.contains(&"org_create") && k.contains(&"create_repo"),
        format!("expected org_create and create_repo in the log of {org}, got {k:?}"),
    )?;
    without_namespace(&page)
}

async fn org_performer(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let page = t
        .admin
        .organization(&org)
        .logs()
        .performer(&t.admin_name)
        .await?;
    ensure(
        !page.logs.is_empty()
            && page
                .logs
                .iter()
                .all(|l| l.performer.as_ref().is_some_and(|p| p.name == t.admin_name)),
        format!("expected only the admin's entries, got {:?}", kinds(&page)),
    )
}

async fn past_range(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let page = t
        .admin
        .organization(&org)
        .logs()
        .starttime("01/01/2020")
        .endtime("01/02/2020")
        .await?;
    ensure(
        page.logs.is_empty() && page.start_time.as_datetime().timestamp() == 1_577_836_800,
        format!(
            "a range in 2020 shows {:?} from {}",
            kinds(&page),
            page.start_time
        ),
    )
}

async fn org_as(t: &Target, who: &Client, status: u16) -> CaseResult {
    let org = org_with_repo(t).await?;
    expect_status(who.organization(&org).logs().await, status)
}

/// An unknown organization: 403 without full access, a data-layer 400 with it.
async fn org_unknown(t: &Target) -> CaseResult {
    let ghost = t.name("lgghost");
    let result = t.admin.organization(&ghost).logs().await;
    if t.features.contains(&Feature::FullAccess) {
        expect_error(result, 400, "Invalid namespace requested")
    } else {
        expect_status(result, 403)
    }
}

async fn org_counts(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let counts = t.admin.organization(&org).aggregate_logs().await?;
    let created = counts
        .aggregated
        .iter()
        .find(|c| c.kind == "org_create")
        .map(|c| (c.count, c.datetime.as_datetime().timestamp() % 86_400 == 0));
    ensure(
        created == Some((1, true)),
        format!("expected one org_create at midnight, got {counts:?}"),
    )
}

async fn repo_ok(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let repo = t.admin.repository(format!("{org}/web").as_str())?;
    let page = repo.logs().await?;
    ensure(
        kinds(&page) == ["create_repo"],
        format!("the log of {org}/web shows {:?}", kinds(&page)),
    )?;
    without_namespace(&page)?;
    let counts = repo.aggregate_logs().await?;
    ensure(
        counts.aggregated.len() == 1 && counts.aggregated[0].kind == "create_repo",
        format!("unexpected counts {counts:?}"),
    )
}

async fn repo_counts(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let repo = t.admin.repository(format!("{org}/web").as_str())?;
    let counts = repo.aggregate_logs().await?;
    ensure(
        counts.aggregated.len() == 1
            && counts.aggregated[0].kind == "create_repo"
            && counts.aggregated[0].count == 1,
        format!("unexpected counts {counts:?}"),
    )
}

async fn repo_unknown(t: &Target, counts: bool) -> CaseResult {
    let org = org_with_repo(t).await?;
    let repo = t.admin.repository(format!("{org}/nothing").as_str())?;
    if counts {
        expect_status(repo.aggregate_logs().await, 404)
    } else {
        expect_status(repo.logs().await, 404)
    }
}

async fn repo_as(t: &Target, who: &Client, status: u16, counts: bool) -> CaseResult {
    let org = org_with_repo(t).await?;
    let repo = who.repository(format!("{org}/web").as_str())?;
    if counts {
        expect_status(repo.aggregate_logs().await, status)
    } else {
        expect_status(repo.logs().await, status)
    }
}

/// The caller's own log: the first page answers, newest first, without `namespace`.
async fn user_ok(t: &Target) -> CaseResult {
    let page = t.admin.user().logs().await?;
    without_namespace(&page)?;
    ensure(
        page.logs
            .iter()
            .all(|l| !l.kind.starts_with("service_key_")),
        format!("service-key entries in the user's log: {:?}", kinds(&page)),
    )
}

/// An export is queued: its id is a UUID, and the log notes it.
async fn export_ok(t: &Target) -> CaseResult {
    let org = org_with_repo(t).await?;
    let queued = t
        .admin
        .organization(&org)
        .export_logs(&ExportLogs::new())
        .await?;
    ensure(
        queued.export_id.len() == 36,
        format!("not a UUID: {queued:?}"),
    )?;
    let page = t.admin.organization(&org).logs().await?;
    ensure(
        kinds(&page).contains(&"export_logs_success"),
        format!("the queued export is not logged: {:?}", kinds(&page)),
    )
}

async fn export_refused(t: &Target, body: ExportLogs, text: &str) -> CaseResult {
    let org = org_with_repo(t).await?;
    expect_error(
        t.admin.organization(&org).export_logs(&body).await,
        400,
        text,
    )?;
    let page = t.admin.organization(&org).logs().await?;
    ensure(
        kinds(&page).contains(&"export_logs_failure"),
        format!("the refusal is not logged: {:?}", kinds(&page)),
    )
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("listOrgLogs", "ok", |t| org_ok(t).await),
        case!("listOrgLogs", "performer", |t| org_performer(t).await),
        case!("listOrgLogs", "past_range", |t| past_range(t).await),
        case!("listOrgLogs", "end_before_start", |t| {
            let org = org_with_repo(t).await?;
            let r = t
                .admin
                .organization(&org)
                .logs()
                .starttime("03/01/2026")
                .endtime("01/01/2026")
                .await;
            expect_status(r, 400)
        }),
        case!("listOrgLogs", "unknown_org", |t| org_unknown(t).await),
        case!("listOrgLogs", "not_admin", needs: USER, |t| {
            org_as(t, t.second_user()?.0, 403).await
        }),
        case!("listOrgLogs", "anonymous", |t| org_as(t, &t.anonymous, 401)
            .await),
        case!("listOrgLogs", "bad_token", |t| org_as(t, &t.bad_token, 401)
            .await),
        case!("getAggregateOrgLogs", "ok", |t| org_counts(t).await),
        case!("getAggregateOrgLogs", "too_long", |t| {
            let org = org_with_repo(t).await?;
            let r = t
                .admin
                .organization(&org)
                .aggregate_logs()
                .starttime("01/01/2026")
                .endtime("03/01/2026")
                .await;
            expect_error(r, 400, "Invalid date range for logs")
        }),
        case!("getAggregateOrgLogs", "not_admin", needs: USER, |t| {
            let org = org_with_repo(t).await?;
            expect_status(t.second_user()?.0.organization(&org).aggregate_logs().await, 403)
        }),
        case!("getAggregateOrgLogs", "anonymous", |t| {
            let org = org_with_repo(t).await?;
            expect_status(t.anonymous.organization(&org).aggregate_logs().await, 401)
        }),
        case!("listRepoLogs", "ok", |t| repo_ok(t).await),
        case!("listRepoLogs", "unknown", |t| repo_unknown(t, false).await),
        case!("listRepoLogs", "not_admin", needs: USER, |t| {
            repo_as(t, t.second_user()?.0, 403, false).await
        }),
        case!("listRepoLogs", "anonymous", |t| repo_as(
            t,
            &t.anonymous,
            401,
            false
        )
        .await),
        case!("getAggregateRepoLogs", "ok", |t| repo_counts(t).await),
        case!("getAggregateRepoLogs", "unknown", |t| repo_unknown(t, true)
            .await),
        case!("getAggregateRepoLogs", "not_admin", needs: USER, |t| {
            repo_as(t, t.second_user()?.0, 403, true).await
        }),
        case!("getAggregateRepoLogs", "anonymous", |t| repo_as(
            t,
            &t.anonymous,
            401,
            true
        )
        .await),
        case!("listUserLogs", "ok", |t| user_ok(t).await),
        case!("listUserLogs", "end_before_start", |t| {
            expect_status(
                t.admin
                    .user()
                    .logs()
                    .starttime("03/01/2026")
                    .endtime("01/01/2026")
                    .await,
                400,
            )
        }),
        case!("listUserLogs", "anonymous", |t| expect_status(
            t.anonymous.user().logs().await,
            401
        )),
        case!("listUserLogs", "bad_token", |t| expect_status(
            t.bad_token.user().logs().await,
            401
        )),
        case!("getAggregateUserLogs", "ok", |t| {
            t.admin.user().aggregate_logs().await?;
            Ok(())
        }),
        case!("getAggregateUserLogs", "too_long", |t| {
            let r = t
                .admin
                .user()
                .aggregate_logs()
                .starttime("01/01/2026")
                .endtime("03/01/2026")
                .await;
            expect_error(r, 400, "Invalid date range for logs")
        }),
        case!("exportOrgLogs", "ok", |t| export_ok(t).await),
        case!("exportOrgLogs", "bad_url", |t| {
            export_refused(
                t,
                ExportLogs::new().callback_url("ftp://x"),
                "Invalid URL scheme 'ftp'",
            )
            .await
        }),
        case!("exportOrgLogs", "refused_destination", |t| {
            export_refused(
                t,
                ExportLogs::new().callback_url("http://169.254.169.254/cb"),
                "Invalid callback URL",
            )
            .await
        }),
        case!("exportOrgLogs", "bad_email", |t| {
            export_refused(
                t,
                ExportLogs::new().callback_email("nobody"),
                "Invalid callback e-mail",
            )
            .await
        }),
        case!("exportOrgLogs", "bad_range", |t| {
            let org = org_with_repo(t).await?;
            let r = t
                .admin
                .organization(&org)
                .export_logs(&ExportLogs::new())
                .starttime("03/01/2026")
                .endtime("01/01/2026")
                .await;
            expect_error(r, 400, "Invalid time span selected")
        }),
        case!("exportOrgLogs", "not_admin", needs: USER, |t| {
            let org = org_with_repo(t).await?;
            expect_status(t.second_user()?.0.organization(&org).export_logs(&ExportLogs::new()).await, 403)
        }),
        case!("exportOrgLogs", "anonymous", |t| {
            let org = org_with_repo(t).await?;
            expect_csrf(
                t.anonymous
                    .organization(&org)
                    .export_logs(&ExportLogs::new())
                    .await,
            )
        }),
        case!("exportRepoLogs", "ok", |t| {
            let org = org_with_repo(t).await?;
            let repo = t.admin.repository(format!("{org}/web").as_str())?;
            let queued = repo.export_logs(&ExportLogs::new()).await?;
            ensure(
                queued.export_id.len() == 36,
                format!("not a UUID: {queued:?}"),
            )
        }),
        case!("exportRepoLogs", "unknown", |t| {
            let org = org_with_repo(t).await?;
            let repo = t.admin.repository(format!("{org}/nothing").as_str())?;
            expect_status(repo.export_logs(&ExportLogs::new()).await, 404)
        }),
        case!("exportRepoLogs", "not_admin", needs: USER, |t| {
            let org = org_with_repo(t).await?;
            let repo = t.second_user()?.0.repository(format!("{org}/web").as_str())?;
            expect_status(repo.export_logs(&ExportLogs::new()).await, 403)
        }),
        case!("exportRepoLogs", "anonymous", |t| {
            let org = org_with_repo(t).await?;
            let repo = t.anonymous.repository(format!("{org}/web").as_str())?;
            expect_csrf(repo.export_logs(&ExportLogs::new()).await)
        }),
        case!("exportUserLogs", "ok", |t| {
            let queued = t.admin.user().export_logs(&ExportLogs::new()).await?;
            ensure(
                queued.export_id.len() == 36,
                format!("not a UUID: {queued:?}"),
            )
        }),
        case!("exportUserLogs", "bad_url", |t| {
            expect_error(
                t.admin
                    .user()
                    .export_logs(&ExportLogs::new().callback_url("ftp://x"))
                    .await,
                400,
                "Invalid URL scheme 'ftp'",
            )
        }),
        case!("exportUserLogs", "anonymous", |t| {
            expect_csrf(t.anonymous.user().export_logs(&ExportLogs::new()).await)
        }),
        case!("getAggregateUserLogs", "anonymous", |t| {
            expect_status(t.anonymous.user().aggregate_logs().await, 401)
        }),
    ]
}
