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
    feature: None,
};
/// Cases that need `FEATURE_PROXY_CACHE`.
const PROXY: Needs = Needs {
    user: false,
    feature: Some(Feature::ProxyCache),
};
/// Both.
const PROXY_USER: Needs = Needs {
    user: true,
    feature: Some(Feature::ProxyCache),
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

// ------------------------------------------------------------------------------------ cases

/// The cases of the `organization` tag.
pub fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(organizations());
    all.extend(members());
    all.extend(applications());
    all.extend(application_tokens());
    all.extend(proxy_cache());
    all
}

// --------------------------------------------------------------------------- organizations

fn organizations() -> Vec<Case> {
    vec![
        // createOrganization
        case!("createOrganization", "ok", |t| create_org_ok(t).await),
        case!("createOrganization", "contact_email", |t| {
            let name = t.name("ocontact");
            let body = NewOrg::new(&name)
                .email(format!("{name}-plain@example.com"))
                .contact_email(format!("{name}-contact@example.com"));
            t.admin.organizations().create(&body).await?;
            t.created(Created::Organization(name.clone()));
            let o = t.admin.organization(&name).get().await?;
            ensure(
                o.email == format!("{name}-contact@example.com"),
                format!("contact_email should win over email, got {:?}", o.email),
            )
        }),
        case!("createOrganization", "duplicate", |t| {
            let name = org(t, "odup").await?;
            let body = NewOrg::new(&name).email(format!("{name}-2@example.com"));
            expect_error(
                t.admin.organizations().create(&body).await,
                400,
                "A user or organization with this name already exists",
            )
        }),
        case!("createOrganization", "user_name_taken", |t| {
            let body = NewOrg::new(&t.admin_name).email(format!("{}-o@example.com", t.prefix));
            expect_error(
                t.admin.organizations().create(&body).await,
                400,
                "A user or organization with this name already exists",
            )
        }),
        case!("createOrganization", "invalid_name", |t| {
            // Upper case never matches ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$.
            let name = t.name("BadName");
            let body = NewOrg::new(&name).email(format!("{}-bad@example.com", t.prefix));
            let result = t.admin.organizations().create(&body).await;
            expect_org_refused(t, &name, result, 400, "Invalid namespace")
        }),
        case!("createOrganization", "invalid_email", |t| {
            let name = t.name("obademail");
            let body = NewOrg::new(&name).email("not-an-email");
            let result = t.admin.organizations().create(&body).await;
            expect_org_refused(t, &name, result, 400, "Invalid email address")
        }),
        case!("createOrganization", "missing_scope", |t| {
            // A token without user:admin (only org:admin) cannot create organizations.
            let (_, scoped) = scoped_client(t, "onoscope", "org:admin").await?;
            let name = t.name("onoscopenew");
            let body = NewOrg::new(&name).email(format!("{name}@example.com"));
            let result = scoped.organizations().create(&body).await;
            if result.is_ok() {
                t.created(Created::Organization(name));
            }
            expect_denied(result)
        }),
        case!("createOrganization", "ordinary_user", needs: USER, |t| {
            create_org_by_user(t).await
        }),
        case!("createOrganization", "anonymous", |t| {
            let body = NewOrg::new(t.name("oanon")).email(format!("{}-anon@example.com", t.prefix));
            expect_csrf(t.anonymous.organizations().create(&body).await)
        }),
        case!("createOrganization", "bad_token", |t| {
            let body = NewOrg::new(t.name("obad")).email(format!("{}-bad@example.com", t.prefix));
            expect_csrf(t.bad_token.organizations().create(&body).await)
        }),
        // getOrganization
        case!("getOrganization", "ok", |t| {
            let o = org(t, "oget").await?;
            let v = t.admin.organization(&o).get().await?;
            ensure(
                v.name == o && v.is_admin && v.is_member && v.email == format!("{o}@example.com"),
                format!("admin view expected, got {v:?}"),
            )?;
            ensure(
                v.teams.as_ref().is_some_and(|m| m.contains_key("owners"))
                    && v.ordered_teams.as_deref() == Some(&["owners".to_string()][..]),
                format!("the owners team expected, got {:?}", v.teams),
            )?;
            ensure(
                v.invoice_email == Some(false)
                    && v.tag_expiration_s.is_some()
                    && v.is_free_account.is_some(),
                format!("admin fields expected, got {v:?}"),
            )
        }),
        case!("getOrganization", "non_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ogetnm").await?;
            let v = user.organization(&o).get().await?;
            outsider_view(&o, &v)
        }),
        case!("getOrganization", "anonymous", |t| {
            let o = org(t, "ogetanon").await?;
            let v = public(t.anonymous.organization(&o).get().await)?;
            outsider_view(&o, &v)
        }),
        case!("getOrganization", "bad_token", |t| {
            let o = org(t, "ogetbad").await?;
            let v = public(t.bad_token.organization(&o).get().await)?;
            outsider_view(&o, &v)
        }),
        case!("getOrganization", "unknown", |t| expect_status(
            t.admin.organization(t.name("nosuchorg")).get().await,
            404
        )),
        case!("getOrganization", "user_namespace", |t| expect_status(
            t.admin.organization(&t.admin_name).get().await,
            404
        )),
        // changeOrganizationDetails
        case!("changeOrganizationDetails", "ok", |t| {
            let o = org(t, "ochg").await?;
            let changes = UpdateOrg::default()
                .email(format!("{o}-new@example.com"))
                .invoice_email(true)
                .invoice_email_address(format!("billing-{o}@example.com"));
            let v = t.admin.organization(&o).update(&changes).await?;
            let expected = |v: &quay_sdk::models::OrganizationView| {
                v.email == format!("{o}-new@example.com")
                    && v.invoice_email == Some(true)
                    && v.invoice_email_address.as_deref()
                        == Some(format!("billing-{o}@example.com").as_str())
            };
            ensure(
                expected(&v) && v.teams.is_some() && v.ordered_teams.is_some(),
                format!("the changes (with teams) expected in the answer, got {v:?}"),
            )?;
            let back = t.admin.organization(&o).get().await?;
            ensure(expected(&back), format!("the changes not kept: {back:?}"))
        }),
        case!("changeOrganizationDetails", "tag_expiration", |t| {
            let o = org(t, "ochgexp").await?;
            let changes = UpdateOrg::default().tag_expiration_s(86_400);
            let v = match t.admin.organization(&o).update(&changes).await {
                Ok(v) => v,
                Err(e)
                    if e.message()
                        .is_some_and(|m| m.contains("Invalid tag expiration")) =>
                {
                    return Err(Failure::Skip(
                        "1d is not among the target's TAG_EXPIRATION_OPTIONS".into(),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            if v.tag_expiration_s != Some(86_400) {
                return Err(Failure::Skip(format!(
                    "tag_expiration_s ignored ({:?}): FEATURE_CHANGE_TAG_EXPIRATION looks off",
                    v.tag_expiration_s
                )));
            }
            let back = t.admin.organization(&o).get().await?;
            ensure(
                back.tag_expiration_s == Some(86_400),
                format!(
                    "86400 expected on read-back, got {:?}",
                    back.tag_expiration_s
                ),
            )
        }),
        case!("changeOrganizationDetails", "bad_tag_expiration", |t| {
            let o = org(t, "ochgbadexp").await?;
            let address = format!("partial-{o}@example.com");
            let changes = UpdateOrg::default()
                .invoice_email_address(&address)
                .tag_expiration_s(12_345);
            match t.admin.organization(&o).update(&changes).await {
                Ok(v) if v.tag_expiration_s != Some(12_345) => {
                    return Err(Failure::Skip(
                        "tag_expiration_s ignored: FEATURE_CHANGE_TAG_EXPIRATION looks off".into(),
                    ));
                }
                other => expect_error(other, 400, "Invalid tag expiration option")?,
            }
            // Quay keeps the invoice address applied before the refusal (a defect the contract
            // records); the reference server changes nothing. Either way the refused field
            // itself must not have changed.
            let back = t.admin.organization(&o).get().await?;
            ensure(
                back.tag_expiration_s != Some(12_345),
                format!(
                    "the refused tag expiration was stored: {:?}",
                    back.tag_expiration_s
                ),
            )?;
            ensure(
                back.invoice_email_address.is_none()
                    || back.invoice_email_address.as_deref() == Some(address.as_str()),
                format!(
                    "unexpected invoice address {:?}",
                    back.invoice_email_address
                ),
            )
        }),
        case!("changeOrganizationDetails", "clear_email", |t| {
            let o = org(t, "ochgclear").await?;
            let v = t
                .admin
                .organization(&o)
                .update(&UpdateOrg::default().contact_email(""))
                .await?;
            ensure(
                v.email.is_empty(),
                format!("an empty e-mail expected, got {:?}", v.email),
            )
        }),
        case!("changeOrganizationDetails", "invalid_email", |t| {
            let o = org(t, "ochgbademail").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .update(&UpdateOrg::default().email("not-an-email"))
                    .await,
                400,
                "Invalid email address",
            )
        }),
        case!("changeOrganizationDetails", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ochgna").await?;
            expect_denied(user.organization(&o).update(&UpdateOrg::default()).await)
        }),
        case!("changeOrganizationDetails", "not_admin_invalid_body", needs: USER, |t| {
            // The body is validated before the permission: a schema violation is a 400 even
            // for a caller who may not change the organization.
            let (user, _) = t.second_user()?;
            let o = org(t, "ochgnabody").await?;
            expect_status(
                user.organization(&o)
                    .update(&UpdateOrg::default().tag_expiration_s(-1))
                    .await,
                400,
            )
        }),
        case!("changeOrganizationDetails", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .update(&UpdateOrg::default())
                    .await,
            )
        }),
        case!("changeOrganizationDetails", "anonymous", |t| {
            let o = org(t, "ochganon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .update(&UpdateOrg::default())
                    .await,
            )
        }),
        case!("changeOrganizationDetails", "bad_token", |t| {
            let o = org(t, "ochgbad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .update(&UpdateOrg::default())
                    .await,
            )
        }),
        // deleteAdminedOrganization
        case!("deleteAdminedOrganization", "ok", |t| {
            let o = org(t, "odel").await?;
            t.admin.organization(&o).delete().await?;
            t.deleted(&Created::Organization(o.clone()));
            expect_status(t.admin.organization(&o).get().await, 404)
        }),
        case!("deleteAdminedOrganization", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "odelna").await?;
            expect_denied(user.organization(&o).delete().await)?;
            still_there(t, &o).await
        }),
        case!("deleteAdminedOrganization", "unknown_org", |t| {
            expect_unknown_org(t.admin.organization(t.name("nosuchorg")).delete().await)
        }),
        case!("deleteAdminedOrganization", "anonymous", |t| {
            let o = org(t, "odelanon").await?;
            expect_csrf(t.anonymous.organization(&o).delete().await)?;
            still_there(t, &o).await
        }),
        case!("deleteAdminedOrganization", "bad_token", |t| {
            let o = org(t, "odelbad").await?;
            expect_csrf(t.bad_token.organization(&o).delete().await)?;
            still_there(t, &o).await
        }),
    ]
}

async fn create_org_ok(t: &Target) -> CaseResult {
    let name = t.name("onew");
    let email = format!("{name}@example.com");
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(&email))
        .await?;
    t.created(Created::Organization(name.clone()));
    let v = t.admin.organization(&name).get().await?;
    ensure(
        v.name == name && v.is_admin && v.is_member && v.email == email,
        format!("the creator should administer the new organization: {v:?}"),
    )?;
    let owners = v
        .teams
        .as_ref()
        .and_then(|m| m.get("owners"))
        .ok_or_else(|| Failure::Fail(format!("no owners team: {:?}", v.teams)))?;
    ensure(
        owners.role == TeamRole::Admin && owners.member_count == 1,
        format!("owners should be an admin team with the creator only: {owners:?}"),
    )?;
    let members = t.admin.organization(&name).members().list().await?;
    ensure(
        members.len() == 1
            && members[0].name == t.admin_name
            && members[0].teams.iter().any(|x| x.name == "owners"),
        format!("the creator alone in owners expected, got {members:?}"),
    )
}

/// Any signed-in user may create an organization (unless
/// `FEATURE_SUPERUSERS_ORG_CREATION_ONLY`); the second user deletes it again itself.
async fn create_org_by_user(t: &Target) -> CaseResult {
    let (user, user_name) = t.second_user()?;
    let name = t.name("ouser");
    let body = NewOrg::new(&name).email(format!("{name}@example.com"));
    match user.organizations().create(&body).await {
        Ok(_) => {}
        Err(e) if e.status() == Some(403) => {
            return Err(Failure::Skip(
                "only superusers may create organizations on the target (FEATURE_SUPERUSERS_ORG_CREATION_ONLY)"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    // Listed for cleanup in case a check below fails (the superuser can delete it only with
    // FULL_ACCESS); the user deletes it itself otherwise.
    t.created(Created::Organization(name.clone()));
    let v = user.organization(&name).get().await?;
    ensure(
        v.is_admin && v.is_member,
        format!("{user_name} should administer its new organization: {v:?}"),
    )?;
    user.organization(&name).delete().await?;
    t.deleted(&Created::Organization(name));
    Ok(())
}

/// The view of an organization for a caller in none of its teams.
fn outsider_view(org: &str, v: &quay_sdk::models::OrganizationView) -> CaseResult {
    ensure(
        v.name == org
            && !v.is_admin
            && !v.is_member
            && v.email.is_empty()
            && v.teams.is_none()
            && v.ordered_teams.is_none()
            && v.invoice_email.is_none()
            && v.tag_expiration_s.is_none(),
        format!("the outsider's view (no e-mail, teams or admin fields) expected, got {v:?}"),
    )
}

async fn still_there(t: &Target, org: &str) -> CaseResult {
    match t.admin.organization(org).get().await {
        Ok(_) => Ok(()),
        Err(e) => fail(format!("the organization should still exist: {e}")),
    }
}

// --------------------------------------------------------------------------- members

fn members() -> Vec<Case> {
    vec![
        // getOrganizationMembers
        case!("getOrganizationMembers", "ok", |t| {
            let o = org(t, "mlist").await?;
            let r = repo(t, &o, "web").await?;
            let list = t.admin.organization(&o).members().list().await?;
            let me = list
                .iter()
                .find(|m| m.name == t.admin_name)
                .ok_or_else(|| Failure::Fail(format!("the creator is not listed: {list:?}")))?;
            // The creator of a repository holds a direct admin permission on it.
            ensure(
                list.len() == 1
                    && me.kind == OrgMemberKind::User
                    && me.teams.iter().any(|x| x.name == "owners")
                    && me
                        .repositories
                        .iter()
                        .any(|x| r.ends_with(&format!("/{x}"))),
                format!("the creator in owners with its repository expected, got {list:?}"),
            )
        }),
        case!("getOrganizationMembers", "robots_left_out", |t| {
            let o = org(t, "mlistbot").await?;
            let bot = robot(t, &o, "builder").await?;
            let team = t.admin.organization(&o).team("builders");
            setup(
                "updateOrganizationTeam",
                team.create_or_update(&TeamDescription::new(TeamRole::Member))
                    .await,
            )?;
            setup("updateOrganizationTeamMember", team.add_member(&bot).await)?;
            let list = t.admin.organization(&o).members().list().await?;
            ensure(
                list.iter()
                    .all(|m| m.name != bot && m.kind == OrgMemberKind::User),
                format!("robots must be left out, got {list:?}"),
            )
        }),
        case!("getOrganizationMembers", "collaborators_left_out", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mlistcol").await?;
            collaborator(t, &o, "shared", user_name).await?;
            let list = t.admin.organization(&o).members().list().await?;
            ensure(
                list.iter().all(|m| m.name != user_name),
                format!("an outside collaborator is no member, got {list:?}"),
            )
        }),
        case!("getOrganizationMembers", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "mlistna").await?;
            expect_denied(user.organization(&o).members().list().await)
        }),
        case!("getOrganizationMembers", "missing_scope", |t| {
            // A token of the admin without org:admin loses the admin role.
            let (o, scoped) = scoped_client(t, "mlistscope", "repo:read user:read").await?;
            expect_denied(scoped.organization(&o).members().list().await)
        }),
        case!("getOrganizationMembers", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .members()
                    .list()
                    .await,
            )
        }),
        case!("getOrganizationMembers", "anonymous", |t| {
            let o = org(t, "mlistanon").await?;
            expect_status(t.anonymous.organization(&o).members().list().await, 401)
        }),
        case!("getOrganizationMembers", "bad_token", |t| {
            let o = org(t, "mlistbad").await?;
            expect_status(t.bad_token.organization(&o).members().list().await, 401)
        }),
        // getOrganizationMember
        case!("getOrganizationMember", "ok", |t| {
            let o = org(t, "mget").await?;
            let m = t
                .admin
                .organization(&o)
                .members()
                .get(&t.admin_name)
                .await?;
            ensure(
                m.name == t.admin_name
                    && m.kind == OrgMemberKind::User
                    && m.teams.len() == 1
                    && m.teams[0].name == "owners"
                    && m.teams[0].avatar.kind == AvatarKind::Team
                    && m.repositories.is_empty(),
                format!("the creator in owners, no repositories, expected; got {m:?}"),
            )
        }),
        case!("getOrganizationMember", "robot", |t| {
            // The organization's own robot is found even in no team.
            let o = org(t, "mgetbot").await?;
            let bot = robot(t, &o, "lonely").await?;
            let m = t.admin.organization(&o).members().get(&bot).await?;
            ensure(
                m.name == bot && m.kind == OrgMemberKind::Robot && m.teams.is_empty(),
                format!("the robot with no team expected, got {m:?}"),
            )
        }),
        case!("getOrganizationMember", "robot_of_other_org", |t| {
            let o = org(t, "mgetbota").await?;
            let other = org(t, "mgetbotb").await?;
            let bot = robot(t, &other, "stranger").await?;
            expect_status(t.admin.organization(&o).members().get(&bot).await, 404)
        }),
        case!("getOrganizationMember", "collaborator", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mgetcol").await?;
            collaborator(t, &o, "shared", user_name).await?;
            expect_status(t.admin.organization(&o).members().get(user_name).await, 404)
        }),
        case!("getOrganizationMember", "not_member", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mgetnm").await?;
            expect_status(t.admin.organization(&o).members().get(user_name).await, 404)
        }),
        case!("getOrganizationMember", "unknown_user", |t| {
            let o = org(t, "mgetunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .members()
                    .get(t.name("nosuchuser"))
                    .await,
                404,
            )
        }),
        case!("getOrganizationMember", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "mgetna").await?;
            expect_denied(user.organization(&o).members().get(&t.admin_name).await)
        }),
        case!("getOrganizationMember", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .members()
                    .get(&t.admin_name)
                    .await,
            )
        }),
        case!("getOrganizationMember", "anonymous", |t| {
            let o = org(t, "mgetanon").await?;
            expect_status(
                t.anonymous
                    .organization(&o)
                    .members()
                    .get(&t.admin_name)
                    .await,
                401,
            )
        }),
        case!("getOrganizationMember", "bad_token", |t| {
            let o = org(t, "mgetbad").await?;
            expect_status(
                t.bad_token
                    .organization(&o)
                    .members()
                    .get(&t.admin_name)
                    .await,
                401,
            )
        }),
        // removeOrganizationMember
        case!("removeOrganizationMember", "ok", needs: USER, |t| {
            // Removing an outside collaborator deletes its direct permissions.
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mrm").await?;
            let r = collaborator(t, &o, "shared", user_name).await?;
            let before = t.admin.organization(&o).collaborators().await?;
            ensure(
                before.iter().any(|c| c.name == user_name),
                format!("setup: {user_name} should be a collaborator, got {before:?}"),
            )?;
            t.admin.organization(&o).members().remove(user_name).await?;
            let after = t.admin.organization(&o).collaborators().await?;
            ensure(
                after.iter().all(|c| c.name != user_name),
                format!("{user_name} should be gone, got {after:?}"),
            )?;
            let perms = t
                .admin
                .repository(r.as_str())?
                .permissions()
                .list_users()
                .await?;
            ensure(
                !perms.permissions.contains_key(user_name),
                format!("the direct permission of {user_name} should be gone: {perms:?}"),
            )
        }),
        case!("removeOrganizationMember", "team_member", needs: USER, |t| {
            remove_team_member(t).await
        }),
        case!("removeOrganizationMember", "not_member", needs: USER, |t| {
            // Succeeds for a user with no relation to the organization at all.
            let (_, user_name) = t.second_user()?;
            let o = org(t, "mrmnm").await?;
            t.admin.organization(&o).members().remove(user_name).await?;
            Ok(())
        }),
        case!("removeOrganizationMember", "only_admin", |t| {
            let o = org(t, "mrmlast").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .members()
                    .remove(&t.admin_name)
                    .await,
                400,
                "Cannot remove user as they are the only organization admin",
            )?;
            let m = t
                .admin
                .organization(&o)
                .members()
                .get(&t.admin_name)
                .await?;
            ensure(
                m.teams.iter().any(|x| x.name == "owners"),
                format!("the admin should still be in owners, got {m:?}"),
            )
        }),
        case!("removeOrganizationMember", "robot", |t| {
            let o = org(t, "mrmbot").await?;
            let bot = robot(t, &o, "keeper").await?;
            expect_status(t.admin.organization(&o).members().remove(&bot).await, 404)
        }),
        case!("removeOrganizationMember", "unknown_user", |t| {
            let o = org(t, "mrmunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .members()
                    .remove(t.name("nosuchuser"))
                    .await,
                404,
            )
        }),
        case!("removeOrganizationMember", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "mrmna").await?;
            expect_denied(user.organization(&o).members().remove(&t.admin_name).await)
        }),
        case!("removeOrganizationMember", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .members()
                    .remove(&t.admin_name)
                    .await,
            )
        }),
        case!("removeOrganizationMember", "anonymous", |t| {
            let o = org(t, "mrmanon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .members()
                    .remove(&t.admin_name)
                    .await,
            )
        }),
        case!("removeOrganizationMember", "bad_token", |t| {
            let o = org(t, "mrmbad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .members()
                    .remove(&t.admin_name)
                    .await,
            )
        }),
        // getOrganizationCollaborators
        case!("getOrganizationCollaborators", "ok", needs: USER, |t| {
            let (_, user_name) = t.second_user()?;
            let o = org(t, "ccol").await?;
            let r = collaborator(t, &o, "shared", user_name).await?;
            let list = t.admin.organization(&o).collaborators().await?;
            ensure(
                list.len() == 1
                    && list[0].name == user_name
                    && list[0].avatar.kind == AvatarKind::User
                    && list[0].repositories.len() == 1
                    && r.ends_with(&format!("/{}", list[0].repositories[0])),
                format!("{user_name} with the repository {r} expected, got {list:?}"),
            )
        }),
        case!("getOrganizationCollaborators", "none", |t| {
            // The admin holds a direct permission on its repository but is in a team.
            let o = org(t, "ccolnone").await?;
            repo(t, &o, "web").await?;
            let list = t.admin.organization(&o).collaborators().await?;
            ensure(
                list.is_empty(),
                format!("no collaborators expected, got {list:?}"),
            )
        }),
        case!("getOrganizationCollaborators", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ccolna").await?;
            expect_denied(user.organization(&o).collaborators().await)
        }),
        case!("getOrganizationCollaborators", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .collaborators()
                    .await,
            )
        }),
        case!("getOrganizationCollaborators", "anonymous", |t| {
            let o = org(t, "ccolanon").await?;
            expect_status(t.anonymous.organization(&o).collaborators().await, 401)
        }),
        case!("getOrganizationCollaborators", "bad_token", |t| {
            let o = org(t, "ccolbad").await?;
            expect_status(t.bad_token.organization(&o).collaborators().await, 401)
        }),
    ]
}

/// Removing a team member takes it out of every team of the organization.
async fn remove_team_member(t: &Target) -> CaseResult {
    let (_, user_name) = t.second_user()?;
    let o = org(t, "mrmteam").await?;
    let team = t.admin.organization(&o).team("readers");
    setup(
        "updateOrganizationTeam",
        team.create_or_update(&TeamDescription::new(TeamRole::Member))
            .await,
    )?;
    let added = setup(
        "updateOrganizationTeamMember",
        team.add_member(user_name).await,
    )?;
    if added.invited {
        return Err(Failure::Skip(
            "the target invites users instead of adding them (FEATURE_MAILING with FEATURE_REQUIRE_TEAM_INVITE)"
                .into(),
        ));
    }
    let m = t.admin.organization(&o).members().get(user_name).await?;
    ensure(
        m.teams.iter().any(|x| x.name == "readers"),
        format!("setup: {user_name} should be in readers, got {m:?}"),
    )?;
    t.admin.organization(&o).members().remove(user_name).await?;
    expect_status(t.admin.organization(&o).members().get(user_name).await, 404)
}

// --------------------------------------------------------------------------- applications

fn applications() -> Vec<Case> {
    vec![
        // getOrganizationApplications
        case!("getOrganizationApplications", "ok", |t| {
            let o = org(t, "alist").await?;
            let a = app(t, &o, "first").await?;
            let b = app(t, &o, "second").await?;
            let list = t.admin.organization(&o).applications().list().await?;
            ensure(
                list.len() == 2
                    && [&a, &b].iter().all(|x| list.iter().any(|y| y == *x))
                    && list.iter().all(|y| y.client_secret.is_some()),
                format!("both applications, with secrets, expected; got {list:?}"),
            )
        }),
        case!("getOrganizationApplications", "empty", |t| {
            let o = org(t, "alistnone").await?;
            let list = t.admin.organization(&o).applications().list().await?;
            ensure(
                list.is_empty(),
                format!("no applications expected, got {list:?}"),
            )
        }),
        case!("getOrganizationApplications", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "alistna").await?;
            expect_denied(user.organization(&o).applications().list().await)
        }),
        case!("getOrganizationApplications", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .applications()
                    .list()
                    .await,
            )
        }),
        case!("getOrganizationApplications", "anonymous", |t| {
            let o = org(t, "alistanon").await?;
            expect_status(
                t.anonymous.organization(&o).applications().list().await,
                401,
            )
        }),
        case!("getOrganizationApplications", "bad_token", |t| {
            let o = org(t, "alistbad").await?;
            expect_status(
                t.bad_token.organization(&o).applications().list().await,
                401,
            )
        }),
        // createOrganizationApplication
        case!("createOrganizationApplication", "ok", |t| {
            let o = org(t, "acreate").await?;
            let a = app(t, &o, "ci").await?;
            ensure(
                a.name == "ci"
                    && a.description == "conformance application"
                    && a.application_uri == "http://127.0.0.1/app"
                    && a.redirect_uri.as_deref() == Some("http://127.0.0.1/callback")
                    && a.avatar_email.as_deref() == Some("ci@example.com")
                    && a.client_id.len() == 20
                    && a.client_secret
                        .as_ref()
                        .is_some_and(|s| s.expose().len() == 40),
                format!(
                    "the application as sent, a 20-char id and a 40-char secret expected: {a:?}"
                ),
            )?;
            let back = t
                .admin
                .organization(&o)
                .applications()
                .get(&a.client_id)
                .await?;
            ensure(back == a, format!("read-back differs: {back:?} vs {a:?}"))
        }),
        case!("createOrganizationApplication", "defaults", |t| {
            let o = org(t, "acreatedef").await?;
            let a = t
                .admin
                .organization(&o)
                .applications()
                .create(&NewApp::new("bare"))
                .await?;
            ensure(
                a.description.is_empty()
                    && a.application_uri.is_empty()
                    && a.redirect_uri.as_deref() == Some("")
                    && a.avatar_email.is_none()
                    && a.client_secret.is_some(),
                format!("empty defaults expected, got {a:?}"),
            )
        }),
        case!("createOrganizationApplication", "same_name", |t| {
            // Names need not be unique.
            let o = org(t, "acreatesame").await?;
            let a = app(t, &o, "twin").await?;
            let b = app(t, &o, "twin").await?;
            ensure(
                a.client_id != b.client_id,
                "two applications with distinct client ids expected",
            )
        }),
        case!("createOrganizationApplication", "reserved_name", |t| {
            let o = org(t, "acreateres").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .create(&NewApp::new("__quay_bootstrap_app"))
                    .await,
                400,
                "Application name is reserved for bootstrap token provisioning",
            )
        }),
        case!("createOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "acreatena").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        case!("createOrganizationApplication", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        case!("createOrganizationApplication", "anonymous", |t| {
            let o = org(t, "acreateanon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        case!("createOrganizationApplication", "bad_token", |t| {
            let o = org(t, "acreatebad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .create(&NewApp::new("nope"))
                    .await,
            )
        }),
        // getOrganizationApplication
        case!("getOrganizationApplication", "ok", |t| {
            let o = org(t, "aget").await?;
            let a = app(t, &o, "ci").await?;
            let back = t
                .admin
                .organization(&o)
                .applications()
                .get(&a.client_id)
                .await?;
            ensure(back == a, format!("expected {a:?}, got {back:?}"))
        }),
        case!("getOrganizationApplication", "unknown_client", |t| {
            let o = org(t, "agetunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .get(NO_SUCH_CLIENT)
                    .await,
                404,
            )
        }),
        case!("getOrganizationApplication", "other_org", |t| {
            let o = org(t, "ageta").await?;
            let other = org(t, "agetb").await?;
            let a = app(t, &other, "theirs").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                404,
            )
        }),
        case!("getOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "agetna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(user.organization(&o).applications().get(&a.client_id).await)
        }),
        case!("getOrganizationApplication", "unknown_org", |t| {
            expect_unknown_org(
                t.admin
                    .organization(t.name("nosuchorg"))
                    .applications()
                    .get(NO_SUCH_CLIENT)
                    .await,
            )
        }),
        case!("getOrganizationApplication", "anonymous", |t| {
            let o = org(t, "agetanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                401,
            )
        }),
        case!("getOrganizationApplication", "bad_token", |t| {
            let o = org(t, "agetbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                401,
            )
        }),
        // updateOrganizationApplication
        case!("updateOrganizationApplication", "ok", |t| {
            // A full replacement: the omitted description and avatar e-mail are cleared.
            let o = org(t, "aupd").await?;
            let a = app(t, &o, "ci").await?;
            let body = UpdateApp::new(
                "ci-renamed",
                "http://127.0.0.1/cb2",
                "http://127.0.0.1/app2",
            );
            let u = t
                .admin
                .organization(&o)
                .applications()
                .update(&a.client_id, &body)
                .await?;
            ensure(
                u.name == "ci-renamed"
                    && u.redirect_uri.as_deref() == Some("http://127.0.0.1/cb2")
                    && u.application_uri == "http://127.0.0.1/app2"
                    && u.description.is_empty()
                    && u.avatar_email.is_none()
                    && u.client_id == a.client_id
                    && u.client_secret == a.client_secret,
                format!("the replacement (same id and secret) expected, got {u:?}"),
            )?;
            let back = t
                .admin
                .organization(&o)
                .applications()
                .get(&a.client_id)
                .await?;
            ensure(back == u, format!("read-back differs: {back:?} vs {u:?}"))
        }),
        case!("updateOrganizationApplication", "reserved_name", |t| {
            let o = org(t, "aupdres").await?;
            let a = app(t, &o, "ci").await?;
            let body = UpdateApp::new("__quay_bootstrap_app", "", "");
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .update(&a.client_id, &body)
                    .await,
                400,
                "Application name is reserved for bootstrap token provisioning",
            )
        }),
        case!("updateOrganizationApplication", "unknown_client", |t| {
            let o = org(t, "aupdunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .update(NO_SUCH_CLIENT, &UpdateApp::new("x", "", ""))
                    .await,
                404,
            )
        }),
        case!("updateOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "aupdna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .update(&a.client_id, &UpdateApp::new("x", "", ""))
                    .await,
            )
        }),
        case!("updateOrganizationApplication", "anonymous", |t| {
            let o = org(t, "aupdanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .update(&a.client_id, &UpdateApp::new("x", "", ""))
                    .await,
            )
        }),
        case!("updateOrganizationApplication", "bad_token", |t| {
            let o = org(t, "aupdbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .update(&a.client_id, &UpdateApp::new("x", "", ""))
                    .await,
            )
        }),
        // deleteOrganizationApplication
        case!("deleteOrganizationApplication", "ok", |t| {
            // Deleting the application revokes its tokens.
            let o = org(t, "adel").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            t.admin
                .organization(&o)
                .applications()
                .delete(&a.client_id)
                .await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .get(&a.client_id)
                    .await,
                404,
            )?;
            expect_status(
                t.admin
                    .organizations()
                    .application_information(&a.client_id)
                    .await,
                404,
            )?;
            expect_status(
                t.admin
                    .with_token(token.token.expose())
                    .user()
                    .current()
                    .await,
                401,
            )
        }),
        case!("deleteOrganizationApplication", "again", |t| {
            let o = org(t, "adelagain").await?;
            let a = app(t, &o, "ci").await?;
            t.admin
                .organization(&o)
                .applications()
                .delete(&a.client_id)
                .await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
                404,
            )
        }),
        case!("deleteOrganizationApplication", "other_org", |t| {
            let o = org(t, "adela").await?;
            let other = org(t, "adelb").await?;
            let a = app(t, &other, "theirs").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
                404,
            )?;
            let back = t
                .admin
                .organization(&other)
                .applications()
                .get(&a.client_id)
                .await;
            ensure(
                back.is_ok(),
                format!("the application should survive: {back:?}"),
            )
        }),
        case!("deleteOrganizationApplication", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "adelna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(user.organization(&o).applications().delete(&a.client_id).await)
        }),
        case!("deleteOrganizationApplication", "anonymous", |t| {
            let o = org(t, "adelanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
            )
        }),
        case!("deleteOrganizationApplication", "bad_token", |t| {
            let o = org(t, "adelbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .delete(&a.client_id)
                    .await,
            )
        }),
        // getApplicationInformation
        case!("getApplicationInformation", "ok", |t| {
            let o = org(t, "ainfo").await?;
            let a = app(t, &o, "ci").await?;
            let info = t
                .admin
                .organizations()
                .application_information(&a.client_id)
                .await?;
            ensure(
                info.name == "ci"
                    && info.description == "conformance application"
                    && info.uri == "http://127.0.0.1/app"
                    && info.avatar.kind == AvatarKind::App
                    && info.organization.name == o
                    && info.organization.is_admin,
                format!("the application with its organization expected, got {info:?}"),
            )?;
            ensure(
                info.organization
                    .teams
                    .as_ref()
                    .is_some_and(|m| m.is_empty())
                    && info
                        .organization
                        .ordered_teams
                        .as_ref()
                        .is_some_and(|v| v.is_empty()),
                format!(
                    "the nested organization has empty teams, got {:?} / {:?}",
                    info.organization.teams, info.organization.ordered_teams
                ),
            )
        }),
        case!("getApplicationInformation", "non_member", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "ainfonm").await?;
            let a = app(t, &o, "ci").await?;
            let info = user.organizations().application_information(&a.client_id).await?;
            app_info_outsider(&o, &info)
        }),
        case!("getApplicationInformation", "anonymous", |t| {
            let o = org(t, "ainfoanon").await?;
            let a = app(t, &o, "ci").await?;
            let info = public(
                t.anonymous
                    .organizations()
                    .application_information(&a.client_id)
                    .await,
            )?;
            app_info_outsider(&o, &info)
        }),
        case!("getApplicationInformation", "bad_token", |t| {
            let o = org(t, "ainfobad").await?;
            let a = app(t, &o, "ci").await?;
            let info = public(
                t.bad_token
                    .organizations()
                    .application_information(&a.client_id)
                    .await,
            )?;
            app_info_outsider(&o, &info)
        }),
        case!("getApplicationInformation", "unknown", |t| expect_status(
            t.admin
                .organizations()
                .application_information(NO_SUCH_CLIENT)
                .await,
            404
        )),
    ]
}

fn app_info_outsider(org: &str, info: &quay_sdk::models::ApplicationInformation) -> CaseResult {
    ensure(
        info.name == "ci"
            && info.uri == "http://127.0.0.1/app"
            && info.organization.name == org
            && !info.organization.is_admin
            && !info.organization.is_member
            && info.organization.email.is_empty(),
        format!("the public face (no e-mail, not admin) expected, got {info:?}"),
    )
}

// --------------------------------------------------------------------------- application tokens

fn application_tokens() -> Vec<Case> {
    vec![
        // listOrganizationApplicationTokens
        case!("listOrganizationApplicationTokens", "ok", |t| {
            let o = org(t, "tlist").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "repo:read org:admin").await?;
            let page = t
                .admin
                .organization(&o)
                .applications()
                .tokens(&a.client_id)
                .list()
                .await?;
            let listed = page
                .tokens
                .iter()
                .find(|x| x.uuid == token.uuid)
                .ok_or_else(|| Failure::Fail(format!("the token is not listed: {page:?}")))?;
            ensure(
                page.tokens.len() == 1
                    && page.next_page.is_none()
                    && listed.name.as_deref() == Some("conformance token")
                    && listed.scope == "repo:read org:admin"
                    && listed.created_by.as_deref() == Some(t.admin_name.as_str())
                    && listed.expires_at.is_some()
                    && listed.last_accessed.is_none(),
                format!("the one token, without its secret, expected; got {page:?}"),
            )
        }),
        case!("listOrganizationApplicationTokens", "empty", |t| {
            let o = org(t, "tlistnone").await?;
            let a = app(t, &o, "ci").await?;
            let page = t
                .admin
                .organization(&o)
                .applications()
                .tokens(&a.client_id)
                .list()
                .await?;
            ensure(
                page.tokens.is_empty() && page.next_page.is_none(),
                format!("no tokens expected, got {page:?}"),
            )
        }),
        case!("listOrganizationApplicationTokens", "unknown_app", |t| {
            let o = org(t, "tlistunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(NO_SUCH_CLIENT)
                    .list()
                    .await,
                404,
            )
        }),
        case!("listOrganizationApplicationTokens", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "tlistna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .list()
                    .await,
            )
        }),
        case!("listOrganizationApplicationTokens", "anonymous", |t| {
            let o = org(t, "tlistanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .list()
                    .await,
                401,
            )
        }),
        case!("listOrganizationApplicationTokens", "bad_token", |t| {
            let o = org(t, "tlistbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .list()
                    .await,
                401,
            )
        }),
        // createOrganizationApplicationToken
        case!("createOrganizationApplicationToken", "ok", |t| {
            // The minted token works as a bearer token acting as its creator.
            let o = org(t, "tmint").await?;
            let a = app(t, &o, "ci").await?;
            let body = NewApplicationToken::new("  ci token  ", "user:read repo:read");
            let token = t
                .admin
                .organization(&o)
                .applications()
                .tokens(&a.client_id)
                .create(&body)
                .await?;
            ensure(
                token.name.as_deref() == Some("ci token")
                    && token.scope == "user:read repo:read"
                    && token.created_by.as_deref() == Some(t.admin_name.as_str())
                    && token.expires_at.is_some()
                    && token.last_accessed.is_none()
                    && !token.token.expose().is_empty(),
                format!(
                    "the trimmed name, the scopes, the creator and a secret expected: {token:?}"
                ),
            )?;
            let me = t
                .admin
                .with_token(token.token.expose())
                .user()
                .current()
                .await?;
            ensure(
                me.username == t.admin_name,
                format!(
                    "the token should act as {}, got {}",
                    t.admin_name, me.username
                ),
            )
        }),
        case!(
            "createOrganizationApplicationToken",
            "normalized_scope",
            |t| {
                let o = org(t, "tmintnorm").await?;
                let a = app(t, &o, "ci").await?;
                let token = mint(t, &o, &a.client_id, "repo:read,user:read repo:read").await?;
                ensure(
                    token.scope == "repo:read user:read",
                    format!(
                        "de-duplicated, space-separated scopes expected, got {:?}",
                        token.scope
                    ),
                )
            }
        ),
        case!(
            "createOrganizationApplicationToken",
            "scope_enforced",
            |t| {
                // org:admin alone: the organization's admin operations work, getLoggedInUser
                // (user:read) does not (401, not 403).
                let (o, scoped) = scoped_client(t, "tmintscope", "org:admin").await?;
                let members = scoped.organization(&o).members().list().await?;
                ensure(
                    members.iter().any(|m| m.name == t.admin_name),
                    format!("the admin should be listed, got {members:?}"),
                )?;
                expect_status(scoped.user().current().await, 401)
            }
        ),
        case!("createOrganizationApplicationToken", "no_escalation", |t| {
            // A token cannot mint a token with scopes it lacks itself.
            let o = org(t, "tmintesc").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "org:admin").await?;
            let scoped = t.admin.with_token(token.token.expose());
            expect_denied(
                scoped
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("wider", "org:admin user:read"))
                    .await,
            )
        }),
        case!("createOrganizationApplicationToken", "bad_scope", |t| {
            let o = org(t, "tmintbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "nonsense:scope"))
                    .await,
                400,
                "Invalid scope: nonsense:scope",
            )
        }),
        case!("createOrganizationApplicationToken", "blank_name", |t| {
            let o = org(t, "tmintblank").await?;
            let a = app(t, &o, "ci").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("   ", "user:read"))
                    .await,
                400,
                "'name' must not be empty",
            )
        }),
        case!(
            "createOrganizationApplicationToken",
            "bad_expiration",
            |t| {
                let o = org(t, "tmintexp").await?;
                let a = app(t, &o, "ci").await?;
                expect_status(
                    t.admin
                        .organization(&o)
                        .applications()
                        .tokens(&a.client_id)
                        .create(&NewApplicationToken::new("x", "user:read").expiration(0.0))
                        .await,
                    400,
                )
            }
        ),
        case!("createOrganizationApplicationToken", "unknown_app", |t| {
            let o = org(t, "tmintunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(NO_SUCH_CLIENT)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
                404,
            )
        }),
        case!("createOrganizationApplicationToken", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "tmintna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
            )
        }),
        case!("createOrganizationApplicationToken", "anonymous", |t| {
            let o = org(t, "tmintanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
            )
        }),
        case!("createOrganizationApplicationToken", "bad_token", |t| {
            let o = org(t, "tmintbadtok").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
            )
        }),
        // deleteOrganizationApplicationToken
        case!("deleteOrganizationApplicationToken", "ok", |t| {
            let o = org(t, "trevoke").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            let tokens = t.admin.organization(&o).applications().tokens(&a.client_id);
            tokens.delete(&token.uuid).await?;
            let page = tokens.list().await?;
            ensure(
                page.tokens.iter().all(|x| x.uuid != token.uuid),
                format!("the token should no longer be listed: {page:?}"),
            )?;
            expect_status(
                t.admin
                    .with_token(token.token.expose())
                    .user()
                    .current()
                    .await,
                401,
            )
        }),
        case!("deleteOrganizationApplicationToken", "again", |t| {
            let o = org(t, "trevokeagain").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            let tokens = t.admin.organization(&o).applications().tokens(&a.client_id);
            tokens.delete(&token.uuid).await?;
            expect_status(tokens.delete(&token.uuid).await, 404)
        }),
        case!("deleteOrganizationApplicationToken", "other_app", |t| {
            let o = org(t, "trevokeother").await?;
            let a = app(t, &o, "ci").await?;
            let b = app(t, &o, "cd").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(&b.client_id)
                    .delete(&token.uuid)
                    .await,
                404,
            )?;
            let me = t
                .admin
                .with_token(token.token.expose())
                .user()
                .current()
                .await;
            ensure(me.is_ok(), format!("the token should still work: {me:?}"))
        }),
        case!("deleteOrganizationApplicationToken", "unknown_app", |t| {
            let o = org(t, "trevokeunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(NO_SUCH_CLIENT)
                    .delete("00000000-0000-0000-0000-000000000000")
                    .await,
                404,
            )
        }),
        case!("deleteOrganizationApplicationToken", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "trevokena").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .delete(&token.uuid)
                    .await,
            )
        }),
        case!("deleteOrganizationApplicationToken", "anonymous", |t| {
            let o = org(t, "trevokeanon").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .delete(&token.uuid)
                    .await,
            )
        }),
        case!("deleteOrganizationApplicationToken", "bad_token", |t| {
            let o = org(t, "trevokebad").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .delete(&token.uuid)
                    .await,
            )
        }),
    ]
}

// --------------------------------------------------------------------------- proxy cache

/// An upstream for configurations that are stored but never contacted. On the embedded server
/// a loopback address (as recorded against Quay, whose SSRF allow-list admitted loopback); on
/// a live Quay `quay.io`, which its SSRF checks resolve and admit.
fn stored_upstream(t: &Target) -> NewProxyCacheConfig {
    if t.embedded {
        NewProxyCacheConfig::new("127.0.0.1:5999")
            .insecure(true)
            .expiration_s(3600)
    } else {
        NewProxyCacheConfig::new("quay.io").expiration_s(3600)
    }
}

/// Stores `config` on `org`; a target whose SSRF checks refuse (or cannot resolve) the
/// upstream skips the case.
async fn store_proxy(t: &Target, org: &str, config: &NewProxyCacheConfig) -> CaseResult {
    match t.admin.organization(org).proxy_cache().create(config).await {
        Ok(_) => Ok(()),
        Err(e)
            if e.status() == Some(400)
                && e.message().is_some_and(|m| {
                    m.contains("not allowed") || m.contains("resolve") || m.contains("private")
                }) =>
        {
            Err(Failure::Skip(format!(
                "the target refuses the upstream {:?}: {e}",
                config.upstream_registry
            )))
        }
        Err(e) => fail(format!("createProxyCacheConfig failed: {e}")),
    }
}

fn proxy_cache() -> Vec<Case> {
    vec![
        // getProxyCacheConfig
        case!("getProxyCacheConfig", "ok", needs: PROXY, |t| {
            let o = org(t, "pget").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            let c = got
                .configured()
                .ok_or_else(|| Failure::Fail(format!("a configuration expected, got {got:?}")))?;
            ensure(
                c.upstream_registry == config.upstream_registry
                    && c.expiration_s == 3600
                    && c.insecure == config.insecure.unwrap_or(false),
                format!("the stored configuration expected, got {c:?}"),
            )
        }),
        case!("getProxyCacheConfig", "none", needs: PROXY, |t| {
            let o = org(t, "pgetnone").await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                !got.is_configured(),
                format!("all-empty fields expected, got {got:?}"),
            )
        }),
        case!("getProxyCacheConfig", "not_member", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pgetnm").await?;
            expect_denied(user.organization(&o).proxy_cache().get().await)
        }),
        case!("getProxyCacheConfig", "unknown_org", needs: PROXY, |t| {
            // 403, or for a FULL_ACCESS superuser 200 with empty fields.
            match t.admin.organization(t.name("nosuchorg")).proxy_cache().get().await {
                Ok(c) => ensure(
                    !c.is_configured(),
                    format!("empty fields expected, got {c:?}"),
                ),
                other => expect_denied(other),
            }
        }),
        case!("getProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pgetanon").await?;
            expect_status(t.anonymous.organization(&o).proxy_cache().get().await, 401)
        }),
        case!("getProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pgetbad").await?;
            expect_status(t.bad_token.organization(&o).proxy_cache().get().await, 401)
        }),
        // createProxyCacheConfig
        case!("createProxyCacheConfig", "ok", needs: PROXY, |t| {
            let o = org(t, "pcreate").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                got.configured()
                    .is_some_and(|c| c.upstream_registry == config.upstream_registry),
                format!("the configuration should be stored, got {got:?}"),
            )
        }),
        case!("createProxyCacheConfig", "defaults", needs: PROXY, |t| {
            let o = org(t, "pcreatedef").await?;
            let upstream = stored_upstream(t).upstream_registry;
            store_proxy(t, &o, &NewProxyCacheConfig::new(&upstream)).await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                got.configured()
                    .is_some_and(|c| c.expiration_s == 86_400 && !c.insecure),
                format!("expiration_s 86400 and insecure false expected, got {got:?}"),
            )
        }),
        case!("createProxyCacheConfig", "duplicate", needs: PROXY, |t| {
            let o = org(t, "pcreatedup").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            expect_error(
                t.admin.organization(&o).proxy_cache().create(&config).await,
                400,
                "Proxy Cache Configuration already exists",
            )
        }),
        case!("createProxyCacheConfig", "ssrf_blocked", needs: PROXY, |t| {
            // The cloud metadata address is never a valid upstream (stored, not contacted).
            let o = org(t, "pcreatessrf").await?;
            let config = NewProxyCacheConfig::new("169.254.169.254");
            let result = t.admin.organization(&o).proxy_cache().create(&config).await;
            if result.is_ok() && !t.embedded {
                return Err(Failure::Skip(
                    "the target's SSRF_ALLOWED_HOSTS admits link-local addresses".into(),
                ));
            }
            expect_error(result, 400, "The provided registry URL is not allowed")
        }),
        case!("createProxyCacheConfig", "not_admin", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pcreatena").await?;
            expect_denied(
                user.organization(&o)
                    .proxy_cache()
                    .create(&stored_upstream(t))
                    .await,
            )
        }),
        case!("createProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pcreateanon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .proxy_cache()
                    .create(&stored_upstream(t))
                    .await,
            )
        }),
        case!("createProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pcreatebad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .proxy_cache()
                    .create(&stored_upstream(t))
                    .await,
            )
        }),
        // deleteProxyCacheConfig
        case!("deleteProxyCacheConfig", "ok", needs: PROXY, |t| {
            let o = org(t, "pdel").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            t.admin.organization(&o).proxy_cache().delete().await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                !got.is_configured(),
                format!("no configuration expected after the delete, got {got:?}"),
            )
        }),
        case!("deleteProxyCacheConfig", "none", needs: PROXY, |t| {
            let o = org(t, "pdelnone").await?;
            expect_status(t.admin.organization(&o).proxy_cache().delete().await, 404)
        }),
        case!("deleteProxyCacheConfig", "unknown_org", needs: PROXY, |t| expect_unknown_org(
            t.admin.organization(t.name("nosuchorg")).proxy_cache().delete().await
        )),
        case!("deleteProxyCacheConfig", "not_admin", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pdelna").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            expect_denied(user.organization(&o).proxy_cache().delete().await)?;
            proxy_still_there(t, &o).await
        }),
        case!("deleteProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pdelanon").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            expect_csrf(t.anonymous.organization(&o).proxy_cache().delete().await)?;
            proxy_still_there(t, &o).await
        }),
        case!("deleteProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pdelbad").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            expect_csrf(t.bad_token.organization(&o).proxy_cache().delete().await)?;
            proxy_still_there(t, &o).await
        }),
        // validateProxyCacheConfig
        case!("validateProxyCacheConfig", "anonymous_upstream", needs: PROXY, |t| {
            // Upstream 401 without credentials: reachable, anonymous pulls only. Nothing stored.
            let upstream = fake_registry(t, Upstream::TokenAuth).await?;
            let o = org(t, "pvalanon").await?;
            let config = NewProxyCacheConfig::new(&upstream.host).insecure(true);
            let result = t.admin.organization(&o).proxy_cache().validate(&config).await?;
            ensure(
                result == ProxyCacheValidationResult::Anonymous,
                format!("\"Anonymous\" expected, got {result:?}"),
            )?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                !got.is_configured(),
                format!("validation must store nothing, got {got:?}"),
            )
        }),
        case!("validateProxyCacheConfig", "ok", needs: PROXY, |t| {
            // An open upstream (200 on /v2/).
            let upstream = fake_registry(t, Upstream::Open).await?;
            let o = org(t, "pvalopen").await?;
            let config = NewProxyCacheConfig::new(&upstream.host).insecure(true);
            let result = t.admin.organization(&o).proxy_cache().validate(&config).await?;
            ensure(
                result == ProxyCacheValidationResult::Valid,
                format!("\"Valid\" expected, got {result:?}"),
            )
        }),
        case!("validateProxyCacheConfig", "credentials", needs: PROXY, |t| {
            // Credentials accepted by the upstream's token service.
            let upstream = fake_registry(t, Upstream::TokenAuth).await?;
            let o = org(t, "pvalcreds").await?;
            let config = NewProxyCacheConfig::new(&upstream.host)
                .insecure(true)
                .credentials(FAKE_USER, FAKE_PASSWORD);
            let result = t.admin.organization(&o).proxy_cache().validate(&config).await?;
            ensure(
                result == ProxyCacheValidationResult::Valid,
                format!("\"Valid\" expected, got {result:?}"),
            )
        }),
        case!("validateProxyCacheConfig", "bad_credentials", needs: PROXY, |t| {
            let upstream = fake_registry(t, Upstream::TokenAuth).await?;
            let o = org(t, "pvalbadcreds").await?;
            let config = NewProxyCacheConfig::new(&upstream.host)
                .insecure(true)
                .credentials(FAKE_USER, "wrong-password");
            expect_error(
                t.admin.organization(&o).proxy_cache().validate(&config).await,
                400,
                "Failed login to remote registry",
            )
        }),
        case!("validateProxyCacheConfig", "unreachable", needs: PROXY, |t| {
            let host = closed_port(t).await?;
            let o = org(t, "pvalclosed").await?;
            let config = NewProxyCacheConfig::new(&host).insecure(true);
            expect_error(
                t.admin.organization(&o).proxy_cache().validate(&config).await,
                400,
                "Failed login to remote registry",
            )
        }),
        case!("validateProxyCacheConfig", "already_configured", needs: PROXY, |t| {
            // Refused before the upstream is contacted.
            let o = org(t, "pvalexists").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            expect_error(
                t.admin.organization(&o).proxy_cache().validate(&config).await,
                400,
                "Proxy Cache Configuration already exists",
            )
        }),
        case!("validateProxyCacheConfig", "unknown_org", needs: PROXY, |t| {
            // 403, or for a FULL_ACCESS superuser 400 {"message": "Organization does not
            // exist: ..."} (raised before the upstream is contacted).
            let result = t
                .admin
                .organization(t.name("nosuchorg"))
                .proxy_cache()
                .validate(&stored_upstream(t))
                .await;
            match result {
                Err(e) if e.status() == Some(400) => expect_error(
                    Err::<(), _>(e),
                    400,
                    "Organization does not exist",
                ),
                other => expect_denied(other),
            }
        }),
        case!("validateProxyCacheConfig", "not_admin", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pvalna").await?;
            expect_denied(
                user.organization(&o)
                    .proxy_cache()
                    .validate(&stored_upstream(t))
                    .await,
            )
        }),
        case!("validateProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pvalanoncaller").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .proxy_cache()
                    .validate(&stored_upstream(t))
                    .await,
            )
        }),
        case!("validateProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pvalbad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .proxy_cache()
                    .validate(&stored_upstream(t))
                    .await,
            )
        }),
    ]
}

async fn proxy_still_there(t: &Target, org: &str) -> CaseResult {
    let got = t.admin.organization(org).proxy_cache().get().await?;
    ensure(
        got.is_configured(),
        format!("the configuration should survive, got {got:?}"),
    )
}

// --------------------------------------------------------------------------- fake upstream

/// User name the fake upstream's token service accepts.
const FAKE_USER: &str = "puller";
/// Its password.
const FAKE_PASSWORD: &str = "s3cret";
/// `Basic base64("puller:s3cret")`.
const FAKE_BASIC: &str = "Basic cHVsbGVyOnMzY3JldA==";
/// The bearer token the fake token service hands out.
const FAKE_BEARER: &str = "Bearer fake-upstream-token";

/// How the fake upstream registry behaves.
#[derive(Debug, Clone, Copy)]
enum Upstream {
    /// `GET /v2/` answers 200 to anyone.
    Open,
    /// Distribution token auth: `GET /v2/` answers 401 with a `Bearer realm` challenge
    /// unless it carries the token; the realm (`/token`) hands the token out only for
    /// `puller:s3cret` (401 otherwise, also to anonymous callers).
    TokenAuth,
}

/// A tiny registry on 127.0.0.1, stopped when dropped.
struct FakeRegistry {
    /// `127.0.0.1:<port>`.
    host: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

fn needs_loopback(t: &Target) -> CaseResult {
    if t.embedded {
        Ok(())
    } else {
        Err(Failure::Skip(
            "needs the embedded server: the fake upstream registry listens on this machine's loopback, which a remote Quay cannot reach"
                .into(),
        ))
    }
}

async fn bind_loopback() -> Res<(poem::listener::TcpAcceptor, String)> {
    use poem::listener::{Acceptor, Listener, TcpListener};
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .map_err(|e| Failure::Fail(format!("setup: cannot listen on 127.0.0.1: {e}")))?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| Failure::Fail("setup: the listener has no address".into()))?;
    Ok((acceptor, addr.to_string()))
}

async fn fake_registry(t: &Target, mode: Upstream) -> Res<FakeRegistry> {
    needs_loopback(t)?;
    start_fake_registry(mode).await
}

async fn start_fake_registry(mode: Upstream) -> Res<FakeRegistry> {
    let (acceptor, host) = bind_loopback().await?;
    let challenge = format!("Bearer realm=\"http://{host}/token\",service=\"fake-upstream\"");
    let endpoint = poem::endpoint::make(move |req: poem::Request| {
        let challenge = challenge.clone();
        async move { Ok::<_, poem::Error>(answer(mode, &challenge, &req)) }
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(
                endpoint,
                async {
                    let _ = stopped.await;
                },
                None,
            )
            .await;
    });
    Ok(FakeRegistry { host, _stop: stop })
}

fn answer(mode: Upstream, challenge: &str, req: &poem::Request) -> poem::Response {
    use poem::http::StatusCode;
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let json = |status: StatusCode, body: &str| {
        poem::Response::builder()
            .status(status)
            .content_type("application/json")
            .body(body.to_string())
    };
    let unauthorized =
        r#"{"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}"#;
    match (mode, req.uri().path()) {
        (Upstream::Open, "/v2/") => json(StatusCode::OK, "{}"),
        (Upstream::TokenAuth, "/v2/") if auth == FAKE_BEARER || auth == FAKE_BASIC => {
            json(StatusCode::OK, "{}")
        }
        (Upstream::TokenAuth, "/v2/") => poem::Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header("WWW-Authenticate", challenge)
            .content_type("application/json")
            .body(unauthorized),
        (Upstream::TokenAuth, "/token") if auth == FAKE_BASIC => json(
            StatusCode::OK,
            r#"{"token": "fake-upstream-token", "expires_in": 300}"#,
        ),
        (Upstream::TokenAuth, "/token") => json(StatusCode::UNAUTHORIZED, unauthorized),
        _ => json(
            StatusCode::NOT_FOUND,
            r#"{"errors": [{"code": "NOT_FOUND"}]}"#,
        ),
    }
}

/// `127.0.0.1:<port>` with nothing listening on the port.
async fn closed_port(t: &Target) -> Res<String> {
    needs_loopback(t)?;
    let (acceptor, host) = bind_loopback().await?;
    drop(acceptor);
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fake upstream answers Quay's validation flow (`proxy/__init__.py`): `/v2/`, then
    /// the challenge's realm with or without Basic credentials, then `/v2/` with the token.
    #[tokio::test]
    async fn fake_upstream_follows_the_token_flow() {
        let http = reqwest::Client::new();
        let open = start_fake_registry(Upstream::Open).await.unwrap();
        let r = http
            .get(format!("http://{}/v2/", open.host))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);

        let auth = start_fake_registry(Upstream::TokenAuth).await.unwrap();
        let base = format!("http://{}", auth.host);
        let r = http.get(format!("{base}/v2/")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let challenge = r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(challenge.starts_with(&format!("Bearer realm=\"{base}/token\"")));
        let anonymous = http
            .get(format!("{base}/token?service=fake-upstream"))
            .send()
            .await;
        assert_eq!(anonymous.unwrap().status(), 401);
        let wrong = http
            .get(format!("{base}/token"))
            .basic_auth(FAKE_USER, Some("nope"))
            .send()
            .await;
        assert_eq!(wrong.unwrap().status(), 401);
        let token: serde_json::Value = http
            .get(format!("{base}/token?service=fake-upstream"))
            .basic_auth(FAKE_USER, Some(FAKE_PASSWORD))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
        let r = http
            .get(format!("{base}/v2/"))
            .header("Authorization", bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);

        drop(auth);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(http.get(format!("{base}/v2/")).send().await.is_err());
    }
}
