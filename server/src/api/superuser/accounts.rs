//! The superuser area's handlers of users, organizations, the audit log and the registry size.

use super::SuperuserApi;
use std::sync::Arc;

use chrono::{Duration, Utc};
use serde_json::json;

use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    CreateInstallUser, CreatedInstallUser, RegistrySize, SuperUserLogList, SuperUserOrg,
    SuperUserOrgList, SuperUserUpdateOrg, SuperUserUser, SuperUserUserList, TakenNamespace,
    UpdateInstallUser,
};
use crate::store::namespace::{self};
use crate::store::superuser as db;
use crate::store::team;
use crate::time::quay_date;

use super::support::*;

impl SuperuserApi {
    pub(super) async fn list_users(
        &self,
        who: Arc<Identity>,
        include_disabled: bool,
        limit: Option<i64>,
        next_page: Option<String>,
    ) -> Result<SuperUserUserList, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        check_page_limit(limit)?;
        let start = limit.and(decode_page_token(next_page.as_deref()));
        self.state
            .store
            .read(move |tx| {
                let (users, next) =
                    db::list_namespaces(tx, "user", !include_disabled, start, limit)?;
                Ok(SuperUserUserList {
                    users: users
                        .iter()
                        .map(|u| user_view(tx, &cfg, u))
                        .collect::<Result<_, _>>()?,
                    next_page: next.map(encode_page_token),
                })
            })
            .await
    }

    pub(super) async fn create_user(
        &self,
        who: Arc<Identity>,
        body: Body<CreateInstallUser>,
    ) -> Result<CreatedInstallUser, QuayError> {
        let body = body.checked()?;
        let cfg = self.state.config.clone();
        if cfg.AUTHENTICATION_TYPE != "Database" {
            return Err(QuayError::invalid_request(
                "Cannot create a user in a non-database auth system",
            ));
        }
        let (caller_id, caller) = su_write(&who, &cfg)?;
        let obj = body_object(&body)?;
        let username = text_of(obj, "username").unwrap_or_default();
        let email = text_of(obj, "email");
        let password = generate_password();
        let hash = self.state.hash_password(password.clone()).await?;
        self.state
            .store
            .write(move |tx| {
                let refuse = |m: String| QuayError::message(400, m);
                let stored_email = crate::store::account::check_new_user(
                    tx,
                    cfg.FEATURE_MAILING,
                    &username,
                    email.as_deref(),
                    &refuse,
                )?;
                let id = namespace::insert(
                    tx,
                    &username,
                    "user",
                    Some(&stored_email),
                    Some(&hash),
                    None,
                )?;
                db::set_verified(tx, id, !cfg.FEATURE_MAILING)?;
                namespace::log(
                    tx,
                    "user_create",
                    Some(caller_id),
                    Some(id),
                    json!({"email": email, "username": username, "superuser": caller}),
                )?;
                Ok(CreatedInstallUser {
                    encrypted_password: encrypt_user_password(&password),
                    username,
                    email,
                    password,
                })
            })
            .await
    }

    pub(super) async fn delete_user(
        &self,
        who: Arc<Identity>,
        username: String,
    ) -> Result<(), QuayError> {
        let cfg = self.state.config.clone();
        let (caller_id, _) = su_write(&who, &cfg)?;
        self.state
            .store
            .write(move |tx| {
                let user = namespace::by_name_kind(tx, &username, "user")?
                    .ok_or_else(QuayError::not_found)?;
                if cfg.SUPER_USERS.contains(&username) {
                    return Err(QuayError::invalid_request("Cannot delete a superuser"));
                }
                namespace::log(
                    tx,
                    "user_delete",
                    Some(caller_id),
                    Some(user.id),
                    json!({"username": username}),
                )?;
                namespace::delete(tx, user.id)
            })
            .await
    }

    pub(super) async fn list_logs(
        &self,
        who: Arc<Identity>,
        starttime: Option<String>,
        endtime: Option<String>,
        next_page: Option<String>,
    ) -> Result<SuperUserLogList, QuayError> {
        const PER_PAGE: usize = 20;
        su_read(&who, &self.state.config)?;
        let now = Utc::now();
        let start = parse_log_day(starttime.as_deref()).unwrap_or(now - Duration::days(1));
        let end = parse_log_day(endtime.as_deref()).unwrap_or(now) + Duration::days(1);
        let before = decode_page_token(next_page.as_deref());
        self.state
            .store
            .read(move |tx| {
                let mut rows = crate::store::logs::logs_page(
                    tx,
                    &db_form(&start),
                    &db_form(&end),
                    before,
                    PER_PAGE as i64 + 1,
                )?;
                let next = rows.get(PER_PAGE).map(|r| encode_page_token(r.id));
                rows.truncate(PER_PAGE);
                Ok(SuperUserLogList {
                    start_time: quay_date(&start),
                    end_time: quay_date(&end),
                    logs: rows.into_iter().map(log_view).collect(),
                    next_page: next,
                    search_unavailable: None,
                    message: None,
                })
            })
            .await
    }

    pub(super) async fn list_orgs(
        &self,
        who: Arc<Identity>,
        limit: Option<i64>,
        next_page: Option<String>,
    ) -> Result<SuperUserOrgList, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        check_page_limit(limit)?;
        let start = limit.and(decode_page_token(next_page.as_deref()));
        self.state
            .store
            .read(move |tx| {
                let (orgs, next) = db::list_namespaces(tx, "org", false, start, limit)?;
                Ok(SuperUserOrgList {
                    organizations: orgs
                        .iter()
                        .map(|o| org_view(tx, &cfg, o))
                        .collect::<Result<_, _>>()?,
                    next_page: next.map(encode_page_token),
                })
            })
            .await
    }

    pub(super) async fn change_org(
        &self,
        who: Arc<Identity>,
        name: String,
        body: Body<SuperUserUpdateOrg>,
    ) -> Result<SuperUserOrg, QuayError> {
        let body = body.checked()?;
        let cfg = self.state.config.clone();
        let (caller_id, caller) = su_write(&who, &cfg)?;
        let new_name = body_object(&body).ok().and_then(|o| text_of(o, "name"));
        self.state
            .store
            .write(move |tx| {
                let org = namespace::organization(tx, &name)?
                    .ok_or_else(|| QuayError::unknown_organization(&name))?;
                namespace::log(
                    tx,
                    "org_change_name",
                    Some(caller_id),
                    Some(org.id),
                    json!({"old_name": name, "new_name": new_name, "superuser": caller}),
                )?;
                if let Some(new_name) = &new_name {
                    namespace::check_name(new_name).map_err(|r| {
                        QuayError::message(400, format!("Invalid username {new_name}: {r}"))
                    })?;
                    if namespace::by_name(tx, new_name)?.is_some_and(|other| other.id != org.id) {
                        // Quay does not check and fails on the database's unique index (500).
                        return Err(QuayError::message(
                            400,
                            "A user or organization with this name already exists",
                        ));
                    }
                    db::rename_namespace(tx, org.id, new_name)?;
                }
                let org = namespace::by_id(tx, org.id)?.ok_or_else(QuayError::not_found)?;
                org_view(tx, &cfg, &org)
            })
            .await
    }

    pub(super) async fn delete_org(
        &self,
        who: Arc<Identity>,
        name: String,
    ) -> Result<(), QuayError> {
        let (caller_id, _) = su_write(&who, &self.state.config)?;
        self.state
            .store
            .write(move |tx| {
                let org = namespace::organization(tx, &name)?.ok_or_else(QuayError::not_found)?;
                namespace::log(
                    tx,
                    "org_delete",
                    Some(caller_id),
                    Some(org.id),
                    json!({"namespace": name}),
                )?;
                namespace::delete(tx, org.id)
            })
            .await
    }

    pub(super) async fn registry_size(
        &self,
        who: Arc<Identity>,
    ) -> Result<RegistrySize, QuayError> {
        su_read(&who, &self.state.config)?;
        self.state
            .store
            .read(|tx| {
                // No size worker runs here (as in a Quay without its workers): a queued
                // calculation stays queued.
                let (size_bytes, last_ran, queued, running) = db::registry_size(tx)?;
                Ok(RegistrySize {
                    size_bytes: crate::models::ByteSize::new(size_bytes.max(0) as u64),
                    last_ran,
                    queued,
                    running,
                })
            })
            .await
    }

    pub(super) async fn queue_registry_size(&self, who: Arc<Identity>) -> Result<bool, QuayError> {
        su_write(&who, &self.state.config)?;
        let (queued, already) = self.state.store.write(db::queue_registry_size).await?;
        if already {
            Ok(false)
        } else if queued {
            Ok(true)
        } else {
            Err(QuayError::invalid_request(
                "Could not queue registry size calculation",
            ))
        }
    }

    pub(super) async fn change_user(
        &self,
        who: Arc<Identity>,
        username: String,
        body: Body<UpdateInstallUser>,
    ) -> Result<SuperUserUser, QuayError> {
        let changes = body.validated()?;
        let cfg = self.state.config.clone();
        let (caller_id, caller) = su_write(&who, &cfg)?;
        let database_auth = cfg.AUTHENTICATION_TYPE == "Database";
        let password = changes.password.clone();
        // Refused after the user lookup, as in Quay (which crashes on it: 500).
        let bad_password = password
            .as_deref()
            .and_then(|p| namespace::check_password(p).err());
        let hash = match password.clone().filter(|_| bad_password.is_none()) {
            Some(p) => Some(self.state.hash_password(p).await?),
            None => None,
        };
        self.state
            .store
            .write(move |tx| {
                let user = namespace::by_name_kind(tx, &username, "user")?
                    .ok_or_else(QuayError::not_found)?;
                if cfg.SUPER_USERS.contains(&username) {
                    return Err(QuayError::invalid_request("Cannot update a superuser"));
                }
                let before = user_view(tx, &cfg, &user)?;
                let superuser = json!(caller);
                if password.is_some() {
                    if !database_auth {
                        return Err(QuayError::invalid_request(
                            "Cannot change password in non-database auth",
                        ));
                    }
                    if let Some(problem) = bad_password {
                        return Err(QuayError::invalid_request(problem));
                    }
                    let meta = json!({"username": username, "superuser": superuser});
                    namespace::log(
                        tx,
                        "user_change_password",
                        Some(caller_id),
                        Some(user.id),
                        meta,
                    )?;
                }
                if let Some(email) = &changes.email {
                    if !matches!(cfg.AUTHENTICATION_TYPE.as_str(), "Database" | "AppToken") {
                        return Err(QuayError::invalid_request(
                            "Cannot change e-mail in non-database auth",
                        ));
                    }
                    if db::email_taken_by_other(tx, email, user.id)? {
                        return Err(QuayError::invalid_request("E-mail address already used"));
                    }
                    let meta =
                        json!({"old_email": user.email, "email": email, "superuser": superuser});
                    namespace::log(
                        tx,
                        "user_change_email",
                        Some(caller_id),
                        Some(user.id),
                        meta,
                    )?;
                }
                if let Some(enabled) = changes.enabled {
                    let kind = if enabled {
                        "user_enable"
                    } else {
                        "user_disable"
                    };
                    let meta = json!({"username": username, "superuser": superuser});
                    namespace::log(tx, kind, Some(caller_id), Some(user.id), meta)?;
                }
                db::update_user(
                    tx,
                    user.id,
                    hash.as_deref(),
                    changes.email.as_deref(),
                    changes.enabled,
                )?;
                // Quay answers the user as it was read before the change, with two patches.
                Ok(SuperUserUser {
                    email: changes.email.clone().unwrap_or(before.email.clone()),
                    encrypted_password: password.as_deref().map(encrypt_user_password),
                    ..before
                })
            })
            .await
    }

    pub(super) async fn take_ownership(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
    ) -> Result<TakenNamespace, QuayError> {
        let cfg = self.state.config.clone();
        let (caller_id, caller) = su_write(&who, &cfg)?;
        if cfg.SUPER_USERS.contains(&namespace_name) {
            return Err(QuayError::invalid_request(
                "Cannot take ownership of a superuser",
            ));
        }
        self.state
            .store
            .write(move |tx| {
                let entity = namespace::user_or_org(tx, &namespace_name)?
                    .ok_or_else(QuayError::not_found)?;
                let was_user = entity.kind == "user";
                if was_user {
                    db::convert_user_to_organization(tx, entity.id, caller_id)?;
                } else if let Some(team_id) = db::first_admin_team(tx, entity.id)?
                    && !team::is_member(tx, team_id, caller_id)?
                {
                    team::add_member(tx, team_id, caller_id)?;
                }
                namespace::log(
                    tx,
                    "take_ownership",
                    Some(caller_id),
                    Some(caller_id),
                    json!({
                        "entity_id": entity.id,
                        "namespace": namespace_name,
                        "was_user": was_user,
                        "superuser": caller,
                    }),
                )?;
                Ok(TakenNamespace {
                    namespace: namespace_name,
                })
            })
            .await
    }
}
