//! The `organization` area's operations on OAuth applications and their tokens.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scopes};
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    Application, CreatedOAuthApplicationToken, NewApp, NewApplicationToken,
    OAuthApplicationTokenList, OrganizationApplicationList, UpdateApp,
};
use crate::reply::{E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply};
use crate::store::namespace::{self};
use crate::store::organization::{self as store, AppFields};

use super::support::*;

/// Operations of the `organization` tag on OAuth applications and their tokens.
pub struct OrganizationApplicationsApi {
    state: AppState,
}

impl OrganizationApplicationsApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Organization")]
impl OrganizationApplicationsApi {
    /// List an organization's OAuth applications
    ///
    /// Secrets, redirect URIs and avatar e-mails only for admins of the organization.
    #[oai(
        path = "/api/v1/organization/:orgname/applications",
        method = "get",
        operation_id = "getOrganizationApplications"
    )]
    async fn get_organization_applications(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<OrganizationApplicationList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let applications = store::apps(tx, org.id)?
                    .iter()
                    .map(|a| app_view(tx, &cfg, &who, &org.name, a))
                    .collect::<Result<_, _>>()?;
                Ok(OrganizationApplicationList { applications })
            })
            .await
            .into()
    }

    /// Create an OAuth application
    ///
    /// Creates an OAuth application owned by the organization; answers 200 with it (client id
    /// and secret included).
    #[oai(
        path = "/api/v1/organization/:orgname/applications",
        method = "post",
        operation_id = "createOrganizationApplication"
    )]
    async fn create_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewApp>,
    ) -> Reply<Ok200<Application>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                check_app_name(&new.name)?;
                let fields = AppFields {
                    name: new.name.clone(),
                    description: new.description.clone().unwrap_or_default(),
                    application_uri: new.application_uri.clone().unwrap_or_default(),
                    redirect_uri: new.redirect_uri.clone().unwrap_or_default(),
                    avatar_email: new.avatar_email.clone(),
                };
                let app = store::create_app(tx, org.id, &fields)?;
                let mut meta = json!({
                    "name": new.name,
                    "application_name": app.name,
                    "client_id": app.client_id,
                });
                for (k, v) in [
                    ("redirect_uri", &new.redirect_uri),
                    ("application_uri", &new.application_uri),
                    ("description", &new.description),
                    ("avatar_email", &new.avatar_email),
                ] {
                    if let Some(v) = v {
                        meta[k] = json!(v);
                    }
                }
                let performer = who.user_id();
                namespace::log(tx, "create_application", performer, Some(org.id), meta)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Get an OAuth application
    ///
    /// One OAuth application of the organization.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id",
        method = "get",
        operation_id = "getOrganizationApplication"
    )]
    async fn get_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
    ) -> Reply<Ok200<Application>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Reset the client secret of an OAuth application
    ///
    /// A new client secret; tokens already issued keep working.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/resetclientsecret",
        method = "post",
        operation_id = "resetOrganizationApplicationClientSecret"
    )]
    async fn reset_organization_application_client_secret(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
    ) -> Reply<Ok200<Application>, (E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                store::reset_secret(tx, app.id)?;
                let meta = json!({"application_name": app.name, "client_id": app.client_id});
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "reset_application_client_secret",
                    performer,
                    Some(org.id),
                    meta,
                )?;
                let app = require_app(tx, org.id, &client_id)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Update an OAuth application
    ///
    /// Replaces the name, URIs, description and avatar e-mail (an omitted description becomes
    /// `""`, an omitted avatar e-mail none); the client id and secret stay.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id",
        method = "put",
        operation_id = "updateOrganizationApplication"
    )]
    async fn update_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        body: Body<UpdateApp>,
    ) -> Reply<Ok200<Application>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                check_app_name(&new.name)?;
                let fields = AppFields {
                    name: new.name.clone(),
                    description: new.description.clone().unwrap_or_default(),
                    application_uri: new.application_uri.clone(),
                    redirect_uri: new.redirect_uri.clone(),
                    avatar_email: new.avatar_email.clone(),
                };
                store::update_app(tx, app.id, &fields)?;
                let mut meta = json!({
                    "name": new.name,
                    "redirect_uri": new.redirect_uri,
                    "application_uri": new.application_uri,
                    "application_name": new.name,
                    "client_id": app.client_id,
                });
                if let Some(d) = &new.description {
                    meta["description"] = json!(d);
                }
                if let Some(a) = &new.avatar_email {
                    meta["avatar_email"] = json!(a);
                }
                let performer = who.user_id();
                namespace::log(tx, "update_application", performer, Some(org.id), meta)?;
                let app = require_app(tx, org.id, &client_id)?;
                app_view(tx, &cfg, &who, &org.name, &app)
            })
            .await
            .into()
    }

    /// Delete an OAuth application
    ///
    /// Deletes the application with every token issued for it.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id",
        method = "delete",
        operation_id = "deleteOrganizationApplication"
    )]
    async fn delete_organization_application(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
    ) -> Reply<NoContent204, (E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                store::delete_app(tx, app.id)?;
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "delete_application",
                    performer,
                    Some(org.id),
                    json!({"application_name": app.name, "client_id": app.client_id}),
                )
            })
            .await
            .into()
    }

    /// List an OAuth application's tokens
    ///
    /// The application's unexpired access tokens, newest first, 50 per page (`next_page`
    /// only when more exist). Secrets are never listed.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/tokens",
        method = "get",
        operation_id = "listOrganizationApplicationTokens"
    )]
    async fn list_organization_application_tokens(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<OAuthApplicationTokenList>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                let org = readable_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                let start = decode_page(next_page.0.as_deref());
                let (tokens, next) = store::app_tokens(tx, app.id, start, 50)?;
                Ok(OAuthApplicationTokenList {
                    tokens: tokens.iter().map(token_view).collect(),
                    next_page: next.map(encode_page),
                })
            })
            .await
            .into()
    }

    /// Mint an access token for an OAuth application
    ///
    /// Mints a token of the application acting as the caller, with the requested scopes (each
    /// covered by the caller's own token and rights), and returns it with its secret once.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/tokens",
        method = "post",
        operation_id = "createOrganizationApplicationToken"
    )]
    async fn create_organization_application_token(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        body: Body<NewApplicationToken>,
    ) -> Reply<Ok200<CreatedOAuthApplicationToken>, (E400, E403W, E404, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let new = body.first_line()?;
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                let display_name = new.name.trim().to_string();
                if display_name.is_empty() {
                    return Err(QuayError::message(400, "'name' must not be empty"));
                }
                let normalized = normalize_scope(&new.scope);
                let Some(requested) = parse_scopes(&normalized) else {
                    return Err(QuayError::message(
                        400,
                        format!("Invalid scope: {}", new.scope),
                    ));
                };
                let uid = who.require_user()?;
                if !can_mint(tx, &cfg, &who, &org, &requested)? {
                    return Err(who.refuse());
                }
                let expiration = match new.expiration {
                    None => DEFAULT_TOKEN_EXPIRATION_S,
                    Some(e) if !e.is_finite() => {
                        return Err(QuayError::message(
                            400,
                            "'expiration' must be a finite number of seconds",
                        ));
                    }
                    Some(e) if e <= 0.0 => {
                        return Err(QuayError::message(
                            400,
                            "'expiration' must be a positive number of seconds",
                        ));
                    }
                    Some(e) => (e as i64).clamp(1, DEFAULT_TOKEN_EXPIRATION_S),
                };
                let expires = (chrono::Utc::now() + chrono::Duration::seconds(expiration))
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
                let scopes = Scopes::parse(&normalized).map_err(QuayError::internal)?;
                let (uuid, secret) = namespace::mint_token(
                    tx,
                    uid,
                    scopes,
                    Some(app.id),
                    &display_name,
                    Some(expires),
                )?;
                store::set_token_scope(tx, &uuid, &normalized)?;
                namespace::log(
                    tx,
                    "create_oauth_api_token",
                    Some(uid),
                    Some(org.id),
                    json!({
                        "oauth_token_uuid": uuid,
                        "scope": normalized,
                        "token_display_name": display_name,
                        "application_name": app.name,
                        "auth_method": "OAuth",
                        "client_id": app.client_id,
                    }),
                )?;
                let row = store::app_token(tx, app.id, &uuid)?
                    .ok_or_else(|| QuayError::internal("token vanished"))?;
                let view = token_view(&row);
                Ok(CreatedOAuthApplicationToken {
                    uuid: view.uuid,
                    name: view.name,
                    scope: view.scope,
                    expires_at: view.expires_at,
                    created: view.created,
                    created_by: view.created_by,
                    last_accessed: None,
                    token: secret,
                })
            })
            .await
            .into()
    }

    /// Revoke an OAuth application token
    ///
    /// Deletes one access token of the application, whoever it was issued to.
    #[oai(
        path = "/api/v1/organization/:orgname/applications/:client_id/tokens/:token_uuid",
        method = "delete",
        operation_id = "deleteOrganizationApplicationToken"
    )]
    async fn delete_organization_application_token(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        client_id: Path<String>,
        token_uuid: Path<String>,
    ) -> Reply<NoContent204, (E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let org = admin_org(tx, &cfg, &who, &orgname)?;
                let app = require_app(tx, org.id, &client_id)?;
                if !store::delete_app_token(tx, app.id, &token_uuid)? {
                    return Err(QuayError::not_found());
                }
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "revoke_oauth_api_token",
                    performer,
                    Some(org.id),
                    json!({
                        "oauth_token_uuid": token_uuid.0,
                        "application_name": app.name,
                        "client_id": app.client_id,
                    }),
                )
            })
            .await
            .into()
    }
}
