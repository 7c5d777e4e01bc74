//! The `organization` area's operations on proxy-cache configuration.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    ApiError, Created, Deleted, NewProxyCacheConfig, ProxyCacheConfig, ProxyCacheConfigured,
    ProxyCacheEmptyField, ProxyCacheNotConfigured, ProxyCacheValidationResult,
};
use crate::reply::{
    Accepted202, Created201, E400, E401, E403, E403W, E404, E415, E503, Ok200, Reply,
};
use crate::store::namespace::{self};
use crate::store::organization::{self as store, ProxyRow};

use super::support::*;

/// Operations of the `organization` tag on proxy-cache configuration.
pub struct ProxyCacheApi {
    state: AppState,
}

impl ProxyCacheApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Organization")]
impl ProxyCacheApi {
    /// Get an organization's proxy-cache configuration
    ///
    /// The configuration (credentials never included), or all-empty strings when there is
    /// none. Any member of the organization may read it.
    #[oai(
        path = "/api/v1/organization/:orgname/proxycache",
        method = "get",
        operation_id = "getProxyCacheConfig"
    )]
    async fn get_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Ok200<ProxyCacheConfig>, (E401, E403)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .read(move |tx| {
                if !can_member(tx, &cfg, &who, &orgname)? && !viewing_superuser(&cfg, &who) {
                    return Err(who.refuse());
                }
                Ok(match store::proxy_config(tx, &orgname)? {
                    Some(p) => ProxyCacheConfig::ProxyCacheConfigured(ProxyCacheConfigured {
                        upstream_registry: p.upstream_registry,
                        expiration_s: p.expiration_s,
                        insecure: p.insecure,
                    }),
                    None => ProxyCacheConfig::ProxyCacheNotConfigured(ProxyCacheNotConfigured {
                        upstream_registry: ProxyCacheEmptyField::Empty,
                        expiration_s: ProxyCacheEmptyField::Empty,
                        insecure: ProxyCacheEmptyField::Empty,
                    }),
                })
            })
            .await
            .into()
    }

    /// Configure an organization as a proxy cache
    ///
    /// Makes the organization a pull-through cache of an upstream registry (the upstream is
    /// not contacted). Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname/proxycache",
        method = "post",
        operation_id = "createProxyCacheConfig"
    )]
    async fn create_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewProxyCacheConfig>,
    ) -> Reply<Created201<Created>, (E400, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let orgname = orgname.0;
        let store = self.state.store.clone();
        // Quay's order: the schema, the caller's rights, an existing configuration, the
        // upstream's address (resolved, outside any transaction), then the organization.
        let result = async move {
            let (new, base) = {
                let (cfg, who, orgname) = (cfg.clone(), who.clone(), orgname.clone());
                store
                    .read(move |tx| {
                        let new = body.first_line()?;
                        require_admin(tx, &cfg, &who, &orgname)?;
                        if store::proxy_config(tx, &orgname)?.is_some() {
                            return Err(already_configured());
                        }
                        if cfg.FEATURE_ORG_MIRROR && org_mirrored(tx, &orgname)? {
                            return Err(QuayError::invalid_request(
                                "Cannot create proxy cache: organization is managed by organization-level mirroring",
                            ));
                        }
                        let insecure = new.insecure.unwrap_or(false);
                        let base = upstream_base(&cfg, &new.upstream_registry, insecure)?;
                        Ok((new, base))
                    })
                    .await?
            };
            resolve_upstream(&cfg, &base).await?;
            store
                .write(move |tx| {
                    if store::proxy_config(tx, &orgname)?.is_some() {
                        return Err(already_configured());
                    }
                    let Some(org) = namespace::organization(tx, &orgname)? else {
                        return Err(QuayError::invalid_request(
                            "Error while creating Proxy cache configuration",
                        ));
                    };
                    store::create_proxy_config(
                        tx,
                        org.id,
                        &ProxyRow {
                            upstream_registry: new.upstream_registry.clone(),
                            username: new.upstream_registry_username.clone(),
                            password: new.upstream_registry_password.clone(),
                            expiration_s: new
                                .expiration_s
                                .unwrap_or(DEFAULT_PROXY_CACHE_EXPIRATION_S),
                            insecure: new.insecure.unwrap_or(false),
                        },
                    )?;
                    let performer = who.user_id();
                    let upstream =
                        (!new.upstream_registry.is_empty()).then_some(&new.upstream_registry);
                    namespace::log(
                        tx,
                        "create_proxy_cache_config",
                        performer,
                        Some(org.id),
                        json!({ "upstream_registry": upstream }),
                    )?;
                    Ok(Created::Created)
                })
                .await
        }
        .await;
        result.into()
    }

    /// Delete an organization's proxy-cache configuration
    ///
    /// Removes the configuration; answers 201 with `"Deleted"`. Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname/proxycache",
        method = "delete",
        operation_id = "deleteProxyCacheConfig"
    )]
    async fn delete_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
    ) -> Reply<Created201<Deleted>, (E400<ApiError>, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                require_admin(tx, &cfg, &who, &orgname)?;
                if store::proxy_config(tx, &orgname)?.is_none() {
                    return Err(QuayError::not_found());
                }
                let org = require_org(tx, &orgname)?;
                if !store::delete_proxy_config(tx, org.id)? {
                    return Err(QuayError::invalid_request(
                        "Proxy Cache Configuration failed to delete",
                    ));
                }
                let performer = who.user_id();
                namespace::log(
                    tx,
                    "delete_proxy_cache_config",
                    performer,
                    Some(org.id),
                    json!({}),
                )?;
                Ok(Deleted::Deleted)
            })
            .await
            .into()
    }

    /// Check a proxy-cache configuration against its upstream
    ///
    /// Sends `GET <scheme>://<upstream>/v2/` with the given credentials, as Quay's proxy does:
    /// 202 `"Valid"` when it answers 200, `"Anonymous"` when it answers 401. Admins only.
    #[oai(
        path = "/api/v1/organization/:orgname/validateproxycache",
        method = "post",
        operation_id = "validateProxyCacheConfig"
    )]
    async fn validate_proxy_cache_config(
        &self,
        who: Data<&Arc<Identity>>,
        orgname: Path<String>,
        body: Body<NewProxyCacheConfig>,
    ) -> Reply<Accepted202<ProxyCacheValidationResult>, (E400, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let orgname_for_check = orgname.0.clone();
        let checked = self
            .state
            .store
            .read(move |tx| {
                let new = body.first_line()?;
                require_admin(tx, &cfg, &who, &orgname)?;
                if store::proxy_config(tx, &orgname)?.is_some() {
                    return Err(already_configured());
                }
                let base =
                    upstream_base(&cfg, &new.upstream_registry, new.insecure.unwrap_or(false))?;
                let creds = match (
                    new.upstream_registry_username,
                    new.upstream_registry_password,
                ) {
                    (Some(u), Some(p)) => Auth::Basic(u, p),
                    _ => Auth::None,
                };
                Ok((base, creds))
            })
            .await;
        // The upstream's address (resolved, outside any transaction), then the organization.
        let checked = match checked {
            Ok((base, creds)) => match resolve_upstream(&self.state.config, &base).await {
                Ok(()) => {
                    let name = orgname_for_check.clone();
                    self.state
                        .store
                        .read(move |tx| {
                            if namespace::organization(tx, &name)?.is_none() {
                                return Err(QuayError::unknown_organization(&name));
                            }
                            Ok((base, creds))
                        })
                        .await
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        let result = match checked {
            Ok((base, creds)) => {
                let allowed = &self.state.config.SSRF_ALLOWED_HOSTS;
                probe(&self.state.http, &base, creds, allowed).await
            }
            Err(e) => Err(e),
        };
        result.into()
    }
}

fn already_configured() -> QuayError {
    QuayError::invalid_request("Proxy Cache Configuration already exists")
}

/// Whether the organization `name` has an organization mirror configuration.
fn org_mirrored(tx: &rusqlite::Transaction<'_>, name: &str) -> Result<bool, QuayError> {
    match namespace::organization(tx, name)? {
        Some(org) => crate::store::org_mirror::mirrors(tx, org.id),
        None => Ok(false),
    }
}
