//! The `organization` tag: organizations, their members and collaborators, OAuth applications
//! and application tokens, proxy-cache configuration (Quay's `endpoints/api/organization.py` and
//! `organization_application_tokens.py`).
//!
//! Permission rules follow Quay's: `AdministerOrganizationPermission` is an admin team with an
//! `org:admin` token, the caller's own user namespace with `org:admin`, or a full-access
//! superuser; reads of the admin pages also admit global read-only superusers. Bodies are
//! validated before the permission check (except createOrganization, where Quay's
//! `require_user_admin` runs first).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    ApplicationInformation, Avatar, AvatarKind, Created, NewOrg, OrganizationView, UpdateOrg,
};
use crate::reply::{Created201, E400, E403W, E404, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self, Setting};
use crate::store::organization::{self as store};

mod applications;
mod members;
mod proxy_cache;
mod support;

pub use applications::OrganizationApplicationsApi;
pub use members::OrganizationMembersApi;
pub use proxy_cache::ProxyCacheApi;
use support::*;
/// The rights checks other areas of an organization share (default permissions).
pub(crate) use support::{admin_org, readable_org};

/// Operations of the `organization` tag.
pub struct OrganizationApi {
    state: AppState,
}

impl OrganizationApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Organization")]
impl OrganizationApi {
    /// Create an organization
    ///
    /// Creates an organization; the caller becomes the only member of its `owners` team (role
    /// `admin`). Needs a token with `user:admin`, checked before the body.
    #[oai(
        path = "/api/v1/organization/",
        method = "post",
        operation_id = "createOrganization"
    )]
    async fn create_organization(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<NewOrg>,
    ) -> Reply<Created201<Created>, (E400, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let creator = who.require_user()?;
                if !who.scopes.has(Scope::UserAdmin) {
                    return Err(who.refuse());
                }
                let new = body.first_line()?;
                if cfg.FEATURE_SUPERUSERS_ORG_CREATION_ONLY && !who.is_superuser(&cfg) {
                    return Err(who.refuse());
                }
                if namespace::by_name(tx, &new.name)?.is_some() {
                    return Err(QuayError::invalid_request(
                        "A user or organization with this name already exists",
                    ));
                }
                let email = new
                    .contact_email
                    .clone()
                    .filter(|e| !e.is_empty())
                    .or_else(|| new.email.clone().filter(|e| !e.is_empty()));
                if let Some(e) = &email
                    && !namespace::quay_valid_email(e)
                {
                    return Err(QuayError::invalid_request("Invalid email address"));
                }
                if let Some(e) = &email
                    && namespace::user_email_taken(tx, e)?
                {
                    return Err(QuayError::invalid_request(format!(
                        "Email has already been used: {e}"
                    )));
                }
                namespace::check_name(&new.name).map_err(|reason| {
                    QuayError::invalid_request(format!("Invalid namespace {}: {reason}", new.name))
                })?;
                let tag_expiration =
                    crate::config::parse_duration(&cfg.DEFAULT_TAG_EXPIRATION).unwrap_or(1_209_600);
                let org = store::create(tx, &new.name, email.as_deref(), creator, tag_expiration)?;
                namespace::log(
                    tx,
                    "org_create",
                    Some(creator),
                    Some(org),
                    json!({"email": email, "namespace": new.name}),
                )?;
                Ok(Created::Created)
            })
            .await
            .into()
    }

    /// Get an organization
    ///
    /// The organization as seen by the caller; anyone may call it. An unknown organization (or
    /// a user namespace) is 404 for everyone.
    #[oai(
        path = "/api/v1/organization/:orgname",
        method = "get",
        operation_id = "getOrganization"
    )]
    async fn get_organization(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrganizationView>, (E401Anonymous, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = require_org(tx, &orgname)?;
                let teams =
                    if can_member(tx, &cfg, &who, &org.name)? || viewing_superuser(&cfg, &who) {
                        Some(store::teams(tx, org.id)?)
                    } else {
                        None
                    };
                org_view(tx, &cfg, &who, &org, teams)
            })
            .await
            .into()
    }

    /// Change an organization's details
    ///
    /// Changes the contact e-mail, invoice settings and tag expiration. A refused field answers
    /// 400 and nothing is changed (Quay keeps the fields it applied before the refused one, a
    /// defect this server does not reproduce). Organization admins only.
    #[oai(
        path = "/api/v1/organization/:orgname",
        method = "put",
        operation_id = "changeOrganizationDetails"
    )]
    async fn change_organization_details(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<UpdateOrg>,
    ) -> Reply<Ok200<OrganizationView>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let result = self
            .state
            .store
            .write(move |tx| {
                let change = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let performer = who.user_id();
                // Fields are applied in Quay's order; a refusal rolls all of them back.
                let applied = (|| -> Result<(), QuayError> {
                    let log = |kind: &str, meta: Value| {
                        namespace::log(tx, kind, performer, Some(org.id), meta)
                    };
                    if let Some(flag) = change.invoice_email {
                        namespace::set_setting(tx, org.id, Setting::InvoiceEmail, flag)?;
                        log(
                            "org_change_invoicing",
                            json!({"invoice_email": flag, "namespace": org.name}),
                        )?;
                    }
                    if !change.invoice_email_address.is_undefined() {
                        let new = change.invoice_email_address.clone().take();
                        if new != org.invoice_email_address {
                            let stored = new.clone().filter(|a| !a.is_empty());
                            namespace::set_setting(
                                tx,
                                org.id,
                                Setting::InvoiceEmailAddress,
                                stored,
                            )?;
                            log(
                                "org_change_invoicing",
                                json!({"invoice_email_address": new, "namespace": org.name}),
                            )?;
                        }
                    }
                    if !change.contact_email.is_undefined() || change.email.is_some() {
                        let new = if change.contact_email.is_undefined() {
                            change.email.clone()
                        } else {
                            change.contact_email.clone().take()
                        }
                        .unwrap_or_default();
                        let current = org
                            .email
                            .clone()
                            .filter(|e| namespace::quay_valid_email(e))
                            .unwrap_or_default();
                        if new != current {
                            if !new.is_empty() && !namespace::quay_valid_email(&new) {
                                return Err(QuayError::invalid_request("Invalid email address"));
                            }
                            namespace::set_setting(
                                tx,
                                org.id,
                                Setting::Email,
                                (!new.is_empty()).then_some(new.as_str()),
                            )?;
                            log(
                                "org_change_email",
                                json!({"email": new, "namespace": org.name, "old_email": current}),
                            )?;
                        }
                    }
                    if cfg.FEATURE_CHANGE_TAG_EXPIRATION
                        && let Some(seconds) = change.tag_expiration_s
                    {
                        if !cfg.tag_expiration_seconds().contains(&seconds) {
                            return Err(QuayError::message(400, "Invalid tag expiration option"));
                        }
                        namespace::set_setting(tx, org.id, Setting::TagExpiration, seconds)?;
                        log(
                            "org_change_tag_expiration",
                            json!({"tag_expiration": seconds, "namespace": org.name}),
                        )?;
                    }
                    Ok(())
                })();
                applied?;
                let org = require_org(tx, &orgname)?;
                let teams = store::teams(tx, org.id)?;
                org_view(tx, &cfg, &who, &org, Some(teams))
            })
            .await;
        result.into()
    }

    /// Delete an organization
    ///
    /// Deletes the organization and everything under it (teams, repositories, robots,
    /// applications and their tokens, quotas, proxy-cache configuration). Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname",
        method = "delete",
        operation_id = "deleteAdminedOrganization"
    )]
    async fn delete_admined_organization(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<NoContent204, (E401Fresh, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "org_delete",
                    performer,
                    Some(org.id),
                    json!({"namespace": org.name}),
                )?;
                namespace::delete(tx, org.id)
            })
            .await
            .into()
    }

    /// Get public information about an OAuth application
    ///
    /// The application looked up by client id alone, with its organization as seen by the
    /// caller (`teams` always `{}`). Anyone may call it.
    #[oai(
        path = "/api/v1/app/:client_id",
        method = "get",
        operation_id = "getApplicationInformation"
    )]
    async fn get_application_information(
        &self,
        who: Data<&Arc<Identity>>,
        client_id: Path<String>,
    ) -> Reply<Ok200<ApplicationInformation>, (E401Anonymous, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let app =
                    store::app_by_client_id(tx, &client_id)?.ok_or_else(QuayError::not_found)?;
                let org = namespace::by_id(tx, app.org_id)?.ok_or_else(QuayError::not_found)?;
                let email = app
                    .avatar_email
                    .clone()
                    .filter(|e| !e.is_empty())
                    .or_else(|| org.email.clone());
                Ok(ApplicationInformation {
                    avatar: Avatar::new(&app.name, email.as_deref(), AvatarKind::App),
                    name: app.name,
                    description: app.description,
                    uri: app.application_uri,
                    organization: org_view(tx, &cfg, &who, &org, Some(vec![]))?,
                })
            })
            .await
            .into()
    }
}
