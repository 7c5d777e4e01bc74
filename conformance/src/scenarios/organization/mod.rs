//! The `organization` tag: organizations, members, collaborators, OAuth applications and their
//! tokens, proxy-cache configuration.
//!
//! Every case creates the organization it works in (`org`), as the run's superuser, so the
//! superuser is that organization's only admin and the cases do not depend on
//! `FEATURE_SUPERUSERS_FULL_ACCESS`; where they do (an unknown organization), both of Quay's
//! answers are accepted.

use std::fmt::Debug;

use quay_sdk::Client;
use quay_sdk::models::{
    ApiErrorType, Application, AvatarKind, CreateRobot, CreatedOAuthApplicationToken, NewApp,
    NewApplicationToken, NewOrg, NewProxyCacheConfig, NewRepo, OrgMemberKind,
    ProxyCacheValidationResult, RepositoryRole, RepositoryVisibility, TeamDescription, TeamRole,
    UpdateApp, UpdateOrg,
};

use crate::runner::{
    Case, CaseResult, Created, Failure, Feature, Needs, Target, ensure, expect_error, expect_status,
};
use crate::runner::{expect_csrf, expect_denied};

/// Cases that need the second, ordinary user.
const USER: Needs = Needs {
    user: true,
    features: &[],
};
/// Cases that need `FEATURE_PROXY_CACHE`.
const PROXY: Needs = Needs {
    user: false,
    features: &[Feature::ProxyCache],
};
/// Both.
const PROXY_USER: Needs = Needs {
    user: true,
    features: &[Feature::ProxyCache],
};

/// A client id no application has (Quay's are 20 upper-case letters and digits).
const NO_SUCH_CLIENT: &str = "QCNOSUCHCLIENT000000";

type Res<T> = Result<T, Failure>;

// ------------------------------------------------------------------------------------ helpers

fn fail<T>(why: impl Into<String>) -> Res<T> {
    Err(Failure::Fail(why.into()))
}

/// A call a case needs in order to set up what it checks.
fn setup<T>(what: &str, result: quay_sdk::Result<T>) -> Res<T> {
    result.map_err(|e| Failure::Fail(format!("setup ({what}) failed: {e}")))
}

/// An organization `<prefix><suffix>` created by the superuser (its only admin), registered
/// for cleanup.
async fn org(t: &Target, suffix: &str) -> Res<String> {
    let name = t.name(suffix);
    let body = NewOrg::new(&name).email(format!("{name}@example.com"));
    setup(
        "createOrganization",
        t.admin.organizations().create(&body).await,
    )?;
    t.created(Created::Organization(name.clone()));
    Ok(name)
}

/// An OAuth application of `org` with every field set.
async fn app(t: &Target, org: &str, name: &str) -> Res<Application> {
    let body = NewApp::new(name)
        .description("conformance application")
        .application_uri("http://127.0.0.1/app")
        .redirect_uri("http://127.0.0.1/callback")
        .avatar_email(format!("{name}@example.com"));
    setup(
        "createOrganizationApplication",
        t.admin.organization(org).applications().create(&body).await,
    )
}

/// A token of the application `client_id` of `org`, minted by the superuser with `scope`.
async fn mint(
    t: &Target,
    org: &str,
    client_id: &str,
    scope: &str,
) -> Res<CreatedOAuthApplicationToken> {
    let body = NewApplicationToken::new("conformance token", scope);
    setup(
        "createOrganizationApplicationToken",
        t.admin
            .organization(org)
            .applications()
            .tokens(client_id)
            .create(&body)
            .await,
    )
}

/// An organization with an application, and a client acting as the superuser through a token
/// of that application holding only `scope`.
async fn scoped_client(t: &Target, suffix: &str, scope: &str) -> Res<(String, Client)> {
    let o = org(t, suffix).await?;
    let a = app(t, &o, "scoped").await?;
    let token = mint(t, &o, &a.client_id, scope).await?;
    Ok((o, t.admin.with_token(token.token.expose())))
}

/// A private repository `name` in `org`; its full name.
async fn repo(t: &Target, org: &str, name: &str) -> Res<String> {
    let body = NewRepo::new(name, RepositoryVisibility::Private, "conformance").namespace(org);
    let created = setup("createRepo", t.admin.repositories().create(&body).await)?;
    Ok(created.full_name())
}

/// Makes `user` an outside collaborator of `org`: a direct read permission on a new
/// repository `name`, no team.
async fn collaborator(t: &Target, org: &str, name: &str, user: &str) -> Res<String> {
    let full = repo(t, org, name).await?;
    let handle = setup("repository", t.admin.repository(full.as_str()))?;
    setup(
        "changeUserPermissions",
        handle
            .permissions()
            .set_user(user, RepositoryRole::Read)
            .await,
    )?;
    Ok(full)
}

/// The robot `org+shortname`; its full name.
async fn robot(t: &Target, org: &str, shortname: &str) -> Res<String> {
    let r = setup(
        "createOrgRobot",
        t.admin
            .organization(org)
            .robot(shortname)
            .create(&CreateRobot::new())
            .await,
    )?;
    Ok(r.name)
}

/// An admin-only operation on an organization that does not exist, called by the superuser:
/// 403 (the permission check fails first) or, with `FEATURE_SUPERUSERS_FULL_ACCESS`, 404.
fn expect_unknown_org<T: Debug>(result: quay_sdk::Result<T>) -> CaseResult {
    match result {
        Ok(v) => fail(format!(
            "expected HTTP 403 (or 404 with FULL_ACCESS), got success {v:?}"
        )),
        Err(e) if e.status() == Some(404) => Ok(()),
        Err(e)
            if e.status() == Some(403)
                && e.error_type() == Some(&ApiErrorType::InsufficientScope) =>
        {
            Ok(())
        }
        Err(e) => fail(format!(
            "expected HTTP 403 (or 404 with FULL_ACCESS), got {e}"
        )),
    }
}

/// A public read by an anonymous (or bad-token) caller; skipped when the target refuses
/// anonymous access altogether (`FEATURE_ANONYMOUS_ACCESS` off).
fn public<T>(result: quay_sdk::Result<T>) -> Res<T> {
    match result {
        Ok(v) => Ok(v),
        Err(e)
            if e.status() == Some(401)
                && e.message()
                    .is_some_and(|m| m.contains("Anonymous access is not allowed")) =>
        {
            Err(Failure::Skip(
                "FEATURE_ANONYMOUS_ACCESS is off on the target".into(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A create that must be refused; when it is not, what it created is registered for cleanup.
fn expect_org_refused(
    t: &Target,
    name: &str,
    result: quay_sdk::Result<quay_sdk::models::Created>,
    status: u16,
    text: &str,
) -> CaseResult {
    if result.is_ok() {
        t.created(Created::Organization(name.to_string()));
    }
    expect_error(result, status, text)
}

mod applications;
mod client_secret;
mod fake_upstream;
mod members;
mod organizations;
mod proxy_cache;
mod tokens;

use applications::*;
use client_secret::*;
use fake_upstream::*;
use members::*;
use organizations::*;
use proxy_cache::*;
use tokens::*;

// ------------------------------------------------------------------------------------ cases

/// The cases of the `organization` tag.
pub fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(organizations());
    all.extend(members());
    all.extend(applications());
    all.extend(client_secret());
    all.extend(application_tokens());
    all.extend(proxy_cache());
    all
}
