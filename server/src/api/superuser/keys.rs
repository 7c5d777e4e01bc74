//! The superuser area's handlers of service keys and namespace quotas.

use super::SuperuserApi;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::api::namespacequota::rules::*;
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    ApproveServiceKey, CreateServiceKey, Created, CreatedServiceKey, NewNamespaceQuota,
    PutServiceKey, QuotaView, ServiceKey, ServiceKeyApprovalType, ServiceKeyList,
    UpdateNamespaceQuota,
};
use crate::store::quota;
use crate::store::superuser as db;
use crate::time::now_db;

use super::support::*;

impl SuperuserApi {
    pub(super) async fn list_keys(&self, who: Arc<Identity>) -> Result<ServiceKeyList, QuayError> {
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

    pub(super) async fn create_key(
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

    pub(super) async fn get_key(
        &self,
        who: Arc<Identity>,
        kid: String,
    ) -> Result<ServiceKey, QuayError> {
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

    pub(super) async fn update_key(
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

    pub(super) async fn delete_key(
        &self,
        who: Arc<Identity>,
        kid: String,
    ) -> Result<(), QuayError> {
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

    pub(super) async fn approve_key(
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

    pub(super) async fn list_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
    ) -> Result<Vec<QuotaView>, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        self.state
            .store
            .read(move |tx| {
                let ns = quota_namespace(tx, &namespace_name)?;
                quota::quota_of(tx, ns.id)?
                    .map(|(id, bytes)| quota_view(tx, &cfg, id, bytes, false))
                    .into_iter()
                    .collect()
            })
            .await
    }

    pub(super) async fn create_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        body: Body<NewNamespaceQuota>,
    ) -> Result<Created, QuayError> {
        let body = body.checked()?;
        su_write(&who, &self.state.config)?;
        let size = requested_size(&body, SUPERUSER_BAD_LIMIT)?;
        self.state
            .store
            .write(move |tx| {
                // Quay crashes (500) on an unknown namespace; it means 404.
                let ns = quota_namespace(tx, &namespace_name)?;
                if quota::quota_of(tx, ns.id)?.is_some() {
                    return Err(QuayError::invalid_request(format!(
                        "Quota for '{namespace_name}' already exists"
                    )));
                }
                let bytes = size.unwrap_or(Size::Int(0)).bytes()?;
                quota::insert_quota(tx, ns.id, bytes)?;
                Ok(Created::Created)
            })
            .await
    }

    pub(super) async fn change_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        quota_id: String,
        body: Body<UpdateNamespaceQuota>,
    ) -> Result<QuotaView, QuayError> {
        let body = body.checked()?;
        let cfg = self.state.config.clone();
        su_write(&who, &cfg)?;
        self.state
            .store
            .write(move |tx| {
                let ns = quota_namespace(tx, &namespace_name)?;
                let (id, mut bytes) = namespace_quota(tx, ns.id, &quota_id)?;
                let mut as_float = false;
                if let Some(size) = requested_size(&body, SUPERUSER_BAD_LIMIT)?
                    && size.truthy()
                {
                    as_float = matches!(size, Size::Float(_));
                    bytes = size.bytes()?;
                    quota::update_quota(tx, id, bytes)?;
                }
                quota_view(tx, &cfg, id, bytes, as_float)
            })
            .await
    }

    pub(super) async fn delete_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        quota_id: String,
    ) -> Result<(), QuayError> {
        su_write(&who, &self.state.config)?;
        self.state
            .store
            .write(move |tx| {
                let ns = quota_namespace(tx, &namespace_name)?;
                let (id, _) = namespace_quota(tx, ns.id, &quota_id)?;
                quota::delete_quota(tx, id)
            })
            .await
    }
}
