//! The superuser panel's service keys: list, create (an RSA key generated here), read, update,
//! delete and approve.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use serde_json::{Value, json};

use super::support::*;
use crate::api::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    ApproveServiceKey, CreateServiceKey, CreatedServiceKey, PutServiceKey, ServiceKey,
    ServiceKeyApprovalType, ServiceKeyList,
};
use crate::reply::{
    E400, E401, E401Api, E403, E403W, E404, E415, E503, Empty201, NoContent204, Ok200, Reply,
};
use crate::store::superuser as db;
use crate::time::now_db;

/// The service-key operations of the `superuser` tag.
pub struct SuperuserKeysApi {
    state: AppState,
}

impl SuperuserKeysApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Superuser")]
impl SuperuserKeysApi {
    /// List all service keys
    ///
    /// Every service key in any state; SU-read.
    #[oai(
        path = "/api/v1/superuser/keys",
        method = "get",
        operation_id = "listServiceKeys"
    )]
    async fn list_service_keys(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<ServiceKeyList>, (E401, E403)> {
        self.list_keys(who.0.clone()).await.into()
    }

    /// Create a service key
    ///
    /// Generates an RSA 2048 key, stores its public half approved by the caller and returns the
    /// private key once; SU-write.
    #[oai(
        path = "/api/v1/superuser/keys",
        method = "post",
        operation_id = "createServiceKey"
    )]
    async fn create_service_key(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<CreateServiceKey>,
    ) -> Reply<Ok200<CreatedServiceKey>, (E400, E401Api, E403W, E415, E503)> {
        self.create_key(who.0.clone(), body).await.into()
    }

    /// Get a service key
    ///
    /// One service key in any state; SU-read.
    #[oai(
        path = "/api/v1/superuser/keys/:kid",
        method = "get",
        operation_id = "getServiceKey"
    )]
    async fn get_service_key(
        &self,
        who: Data<&Arc<Identity>>,
        kid: Path<String>,
    ) -> Reply<Ok200<ServiceKey>, (E401, E403, E404)> {
        self.get_key(who.0.clone(), kid.0).await.into()
    }

    /// Update a service key
    ///
    /// Changes the friendly name, merges metadata, sets or removes the expiry; SU-write.
    #[oai(
        path = "/api/v1/superuser/keys/:kid",
        method = "put",
        operation_id = "updateServiceKey"
    )]
    async fn update_service_key(
        &self,
        who: Data<&Arc<Identity>>,
        kid: Path<String>,
        body: Body<PutServiceKey>,
    ) -> Reply<Ok200<ServiceKey>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.update_key(who.0.clone(), kid.0, body).await.into()
    }

    /// Delete a service key
    ///
    /// Deletes a key in any state; SU-write.
    #[oai(
        path = "/api/v1/superuser/keys/:kid",
        method = "delete",
        operation_id = "deleteServiceKey"
    )]
    async fn delete_service_key(
        &self,
        who: Data<&Arc<Identity>>,
        kid: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.delete_key(who.0.clone(), kid.0).await.into()
    }

    /// Approve a service key
    ///
    /// Approves a key awaiting approval (an approved key stays as it is); SU-write.
    #[oai(
        path = "/api/v1/superuser/approvedkeys/:kid",
        method = "post",
        operation_id = "approveServiceKey"
    )]
    async fn approve_service_key(
        &self,
        who: Data<&Arc<Identity>>,
        kid: Path<String>,
        body: Body<ApproveServiceKey>,
    ) -> Reply<Empty201, (E400, E401Api, E403W, E404, E415, E503)> {
        self.approve_key(who.0.clone(), kid.0, body).await.into()
    }
}

impl SuperuserKeysApi {
    async fn list_keys(&self, who: Arc<Identity>) -> Result<ServiceKeyList, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        self.state
            .store
            .read(move |tx| {
                Ok(ServiceKeyList {
                    keys: db::list_keys(tx)?
                        .iter()
                        .map(|k| key_view(tx, &cfg, k))
                        .collect::<Result<_, _>>()?,
                })
            })
            .await
    }

    async fn create_key(
        &self,
        who: Arc<Identity>,
        body: Body<CreateServiceKey>,
    ) -> Result<CreatedServiceKey, QuayError> {
        let body = body.checked()?;
        let (caller_id, caller) = su_write(&who, &self.state.config)?;
        let obj = body_object(&body)?.clone();
        let name = text_of(&obj, "name").unwrap_or_default();
        if !valid_key_name(&name) {
            return Err(QuayError::invalid_request(format!(
                "Invalid service key friendly name: {name}"
            )));
        }
        let expiration = requested_expiration(
            obj.get("expiration").unwrap_or(&Value::Null),
            "Expiration date cannot be in the past",
        )?;
        let service = text_of(&obj, "service").unwrap_or_default();
        if !valid_service_name(&service) {
            // Quay's ServiceNameInvalid carries no text.
            return Err(QuayError::message(400, ""));
        }
        let mut metadata = obj
            .get("metadata")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        metadata.insert("created_by".into(), json!("Quay Superuser Panel"));
        metadata.insert("creator".into(), json!(caller));
        metadata.insert("ip".into(), json!("127.0.0.1"));
        let notes = text_of(&obj, "notes").unwrap_or_default();
        let key = tokio::task::spawn_blocking(generate_key)
            .await
            .map_err(QuayError::internal)??;
        self.state
            .store
            .write(move |tx| {
                db::gc_keys(tx, &service)?;
                let expiration = expiration.map(|t| db_form(&t));
                db::insert_key(
                    tx,
                    &db::KeyRow {
                        kid: key.kid.clone(),
                        name: name.clone(),
                        service: service.clone(),
                        jwk: key.jwk.clone(),
                        metadata: Value::Object(metadata),
                        created_at: now_db(),
                        expiration: expiration.clone(),
                        rotation_duration: None,
                        approver_id: None,
                        approval_type: None,
                        approved_at: None,
                        approval_notes: None,
                    },
                )?;
                db::approve_key(
                    tx,
                    &key.kid,
                    Some(caller_id),
                    ServiceKeyApprovalType::Superuser.as_str(),
                    &notes,
                )?;
                let log = json!({
                    "kid": key.kid,
                    "preshared": true,
                    "service": service,
                    "name": name,
                    "expiration_date": stored_unix(expiration.as_deref()),
                    "auto_approved": true,
                });
                service_log(tx, "service_key_create", caller_id, log.clone())?;
                service_log(tx, "service_key_approve", caller_id, log)?;
                Ok(CreatedServiceKey {
                    kid: key.kid,
                    name,
                    private_key: key.private_pem,
                    public_key: key.public_pem,
                    service,
                })
            })
            .await
    }

    async fn get_key(&self, who: Arc<Identity>, kid: String) -> Result<ServiceKey, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        self.state
            .store
            .read(move |tx| {
                let key = db::get_key(tx, &kid, false)?.ok_or_else(QuayError::not_found)?;
                key_view(tx, &cfg, &key)
            })
            .await
    }

    async fn update_key(
        &self,
        who: Arc<Identity>,
        kid: String,
        body: Body<PutServiceKey>,
    ) -> Result<ServiceKey, QuayError> {
        let body = body.checked()?;
        let cfg = self.state.config.clone();
        let (caller_id, _) = su_write(&who, &cfg)?;
        let obj = body_object(&body)?.clone();
        // Quay writes the new expiration before it checks the friendly name, without a
        // transaction, so an invalid name answers 400 with the expiration changed. Here the
        // refusal rolls the whole request back (a failed request changes nothing).
        let outcome: Result<ServiceKey, QuayError> = self
            .state
            .store
            .write(move |tx| {
                let key = db::get_key(tx, &kid, false)?.ok_or_else(QuayError::not_found)?;
                let mut log = json!({
                    "kid": key.kid,
                    "service": key.service,
                    "name": obj.get("name").cloned().unwrap_or_else(|| json!(key.name)),
                    "expiration_date": stored_unix(key.expiration.as_deref()),
                });
                let mut written = false;
                if let Some(value) = obj.get("expiration") {
                    let expiration =
                        requested_expiration(value, "Cannot have an expiration date in the past")?;
                    log["old_expiration_date"] = stored_unix(key.expiration.as_deref());
                    log["expiration_date"] =
                        expiration.map_or(Value::Null, |t| json!(t.timestamp()));
                    service_log(tx, "service_key_extend", caller_id, log.clone())?;
                    db::set_key_expiration(tx, &kid, expiration.map(|t| db_form(&t)).as_deref())?;
                    written = true;
                }
                if obj.contains_key("name") || obj.contains_key("metadata") {
                    let name = text_of(&obj, "name");
                    if let Some(n) = &name
                        && !valid_key_name(n)
                    {
                        let refusal = QuayError::invalid_request(format!(
                            "Invalid service key friendly name: {n}"
                        ));
                        // Quay has already saved the expiration here (no transaction): a
                        // defect. This server refuses the whole request and changes nothing.
                        let _ = written;
                        return Err(refusal);
                    }
                    let mut metadata = key.metadata.as_object().cloned().unwrap_or_default();
                    if let Some(Value::Object(extra)) = obj.get("metadata") {
                        for (k, v) in extra {
                            metadata.insert(k.clone(), v.clone());
                        }
                    }
                    db::update_key(
                        tx,
                        &kid,
                        name.as_deref().unwrap_or(&key.name),
                        &Value::Object(metadata),
                    )?;
                    service_log(tx, "service_key_modify", caller_id, log)?;
                }
                let key = db::get_key(tx, &kid, true)?.ok_or_else(QuayError::not_found)?;
                Ok(Ok(key_view(tx, &cfg, &key)?))
            })
            .await?;
        outcome
    }

    async fn delete_key(&self, who: Arc<Identity>, kid: String) -> Result<(), QuayError> {
        let (caller_id, _) = su_write(&who, &self.state.config)?;
        self.state
            .store
            .write(move |tx| {
                let key = db::get_key(tx, &kid, true)?.ok_or_else(QuayError::not_found)?;
                db::delete_key(tx, &kid)?;
                db::gc_keys(tx, &key.service)?;
                service_log(
                    tx,
                    "service_key_delete",
                    caller_id,
                    json!({
                        "kid": kid,
                        "service": key.service,
                        "name": key.name,
                        "created_date": stored_unix(Some(&key.created_at)),
                        "expiration_date": stored_unix(key.expiration.as_deref()),
                    }),
                )
            })
            .await
    }

    async fn approve_key(
        &self,
        who: Arc<Identity>,
        kid: String,
        body: Body<ApproveServiceKey>,
    ) -> Result<(), QuayError> {
        let body = body.checked()?;
        let (caller_id, _) = su_write(&who, &self.state.config)?;
        let notes = body_object(&body)?
            .get("notes")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.state
            .store
            .write(move |tx| {
                let key = db::get_key(tx, &kid, true)?.ok_or_else(QuayError::not_found)?;
                let approved = db::approve_key(
                    tx,
                    &kid,
                    Some(caller_id),
                    ServiceKeyApprovalType::Superuser.as_str(),
                    &notes,
                )?;
                if approved {
                    service_log(
                        tx,
                        "service_key_approve",
                        caller_id,
                        json!({
                            "kid": kid,
                            "service": key.service,
                            "name": key.name,
                            "expiration_date": stored_unix(key.expiration.as_deref()),
                        }),
                    )?;
                }
                Ok(())
            })
            .await
    }
}
