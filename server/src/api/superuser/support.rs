//! The superuser area's plumbing: rights, page tokens, views of stored rows, service keys'
//! rules. Quotas' rules are the namespacequota area's ([`crate::api::namespacequota::rules`]).

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Datelike, Utc};
use rusqlite::Transaction;
use serde_json::{Value, json};

use crate::auth::Identity;
use crate::body::py;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, ServiceKey, ServiceKeyApproval, ServiceKeyApprovalType, ServiceKeyJwk,
    SuperUserOrg, SuperUserUser, UserKind,
};
use crate::store::namespace::{self, Namespace};
use crate::store::superuser as db;

pub(super) use crate::api::logs::rules::{log_view, parse_log_day};
pub(super) use crate::params::{decode_page_token, encode_page_token};
pub(super) use crate::time::db_form;
use crate::time::{http_date, parse_db};

/// SU-read: any superuser (regular with `super:user`, or global read-only).
pub(super) fn su_read(who: &Identity, cfg: &Config) -> Result<(), QuayError> {
    if who.can_read_superuser_panel(cfg) {
        Ok(())
    } else {
        Err(who.refuse())
    }
}

/// SU-write: a regular superuser whose token has `super:user`; the caller's (id, name).
pub(super) fn su_write(who: &Identity, cfg: &Config) -> Result<(i64, String), QuayError> {
    match (&who.user, who.is_superuser(cfg)) {
        (Some(u), true) => Ok(u.clone()),
        _ => Err(who.refuse()),
    }
}

/// Quay's `limit` query parameter of the panel lists: at most 100.
pub(super) fn check_page_limit(limit: Option<i64>) -> Result<(), QuayError> {
    match limit {
        Some(l) if l > 100 => Err(QuayError::invalid_request("Page limit cannot be above 100")),
        _ => Ok(()),
    }
}

// ------------------------------------------------------------------------------------------
// Views

/// The panel's view of a user (Quay's superuser `User.to_dict`).
pub(super) fn user_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    user: &Namespace,
) -> Result<SuperUserUser, QuayError> {
    let quotas_on = cfg.quotas_enabled();
    Ok(SuperUserUser {
        kind: UserKind::User,
        name: user.name.clone(),
        username: user.name.clone(),
        email: user.email.clone().unwrap_or_default(),
        verified: user.verified,
        avatar: Avatar::new(&user.name, user.email.as_deref(), AvatarKind::User),
        super_user: cfg.SUPER_USERS.contains(&user.name),
        global_readonly_super_user: cfg.GLOBAL_READONLY_SUPER_USERS.contains(&user.name),
        enabled: user.enabled,
        encrypted_password: None,
        quotas: quotas_on
            .then(|| crate::api::quota_lites(tx, user.id))
            .transpose()?,
        quota_report: quotas_on
            .then(|| crate::api::quota_report(tx, cfg, user.id))
            .transpose()?,
    })
}

/// The panel's view of an organization.
pub(super) fn org_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    org: &Namespace,
) -> Result<SuperUserOrg, QuayError> {
    let quotas_on = cfg.quotas_enabled();
    Ok(SuperUserOrg {
        name: org.name.clone(),
        email: org.email.clone().unwrap_or_default(),
        avatar: Avatar::new(&org.name, org.email.as_deref(), AvatarKind::Org),
        quotas: quotas_on
            .then(|| crate::api::quota_lites(tx, org.id))
            .transpose()?,
        quota_report: quotas_on
            .then(|| crate::api::quota_report(tx, cfg, org.id))
            .transpose()?,
    })
}

/// A stored timestamp as an HTTP date (Flask `jsonify`).
pub(super) fn stored_http_date(stored: &str) -> String {
    parse_db(stored).map(|d| http_date(&d)).unwrap_or_default()
}

/// A stored timestamp as Unix seconds (how Quay's log metadata serialises datetimes).
pub(super) fn stored_unix(stored: Option<&str>) -> Value {
    stored
        .and_then(parse_db)
        .map(|d| json!(d.timestamp()))
        .unwrap_or(Value::Null)
}

/// Quay's `ServiceKey.to_dict` as `jsonify` renders it.
pub(super) fn key_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    key: &db::KeyRow,
) -> Result<ServiceKey, QuayError> {
    let approval = match key.approval_type.as_deref() {
        None => None,
        Some(t) => {
            let approver = match key.approver_id {
                Some(id) => match namespace::by_id(tx, id)? {
                    Some(user) => Some(user_view(tx, cfg, &user)?.into()),
                    None => None,
                },
                None => None,
            };
            Some(ServiceKeyApproval {
                approver,
                approval_type: ServiceKeyApprovalType::parse(t)
                    .unwrap_or(ServiceKeyApprovalType::Superuser),
                approved_date: key
                    .approved_at
                    .as_deref()
                    .map(stored_http_date)
                    .unwrap_or_default(),
                notes: key.approval_notes.clone().unwrap_or_default(),
            })
        }
    };
    let text = |k: &str| key.jwk.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(ServiceKey {
        approval,
        created_date: stored_http_date(&key.created_at),
        expiration_date: key.expiration.as_deref().map(stored_http_date),
        jwk: ServiceKeyJwk {
            e: text("e"),
            kid: text("kid").unwrap_or_else(|| key.kid.clone()),
            kty: text("kty").unwrap_or_else(|| "RSA".into()),
            n: text("n"),
        },
        kid: key.kid.clone(),
        metadata: object_map(&key.metadata),
        name: key.name.clone(),
        rotation_duration: key.rotation_duration,
        service: key.service.clone(),
    })
}

/// A JSON object as a map (anything else: empty).
pub(super) fn object_map(value: &Value) -> HashMap<String, Value> {
    value
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Python's `datetime.utcfromtimestamp` for an expiration: the time, or the reason it fails.
pub(super) fn expiration_time(seconds: f64) -> Result<DateTime<Utc>, String> {
    let whole = seconds.floor();
    let micros = ((seconds - whole) * 1e6).round() as u32;
    if !(-1.0e17..=1.0e17).contains(&whole) {
        return Err("timestamp out of range for platform time_t".into());
    }
    let t = DateTime::from_timestamp(whole as i64, micros.min(999_999) * 1000)
        .ok_or_else(|| "timestamp out of range for platform time_t".to_string())?;
    if !(1..=9999).contains(&t.year()) {
        return Err(format!("year {} is out of range", t.year()));
    }
    Ok(t)
}

/// Quay's `validate_service_key_name`: `^[\s a-zA-Z0-9\-_:/]*$`.
pub(super) fn valid_key_name(name: &str) -> bool {
    let name = name.strip_suffix('\n').unwrap_or(name);
    name.chars()
        .all(|c| c.is_whitespace() || c.is_ascii_alphanumeric() || "-_:/".contains(c))
}

/// Quay's service-name rule `^[a-z0-9_]+$`.
pub(super) fn valid_service_name(service: &str) -> bool {
    let service = service.strip_suffix('\n').unwrap_or(service);
    !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A newly generated RSA 2048 service key.
pub(super) struct NewKey {
    pub(super) kid: String,
    pub(super) jwk: Value,
    pub(super) private_pem: String,
    pub(super) public_pem: String,
}

/// Generates an RSA 2048 key: its public JWK, whose `kid` is the RFC 7638 thumbprint (SHA-256
/// of `{"e":..,"kty":"RSA","n":..}`, base64url), and both PEM encodings.
pub(super) fn generate_key() -> Result<NewKey, QuayError> {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::traits::PublicKeyParts;
    use sha2::{Digest, Sha256};

    let key =
        rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).map_err(QuayError::internal)?;
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    let thumbprint_input = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(thumbprint_input.as_bytes()));
    let private_pem = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(QuayError::internal)?
        .to_string();
    let public_pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(QuayError::internal)?;
    Ok(NewKey {
        jwk: json!({"e": e, "kid": kid, "kty": "RSA", "n": n}),
        kid,
        private_pem,
        public_pem,
    })
}

/// An opaque stand-in for Quay's `encrypt_user_password` (AES with the instance secret, base64):
/// 16 bytes of IV and 48 bytes derived from the password, base64.
pub(crate) fn encrypt_user_password(password: &str) -> String {
    use rand::RngCore;
    use sha2::{Digest, Sha256};
    let mut iv = [0u8; 16];
    rand::rng().fill_bytes(&mut iv);
    let mut out = iv.to_vec();
    let mut block = Sha256::digest([&iv[..], password.as_bytes()].concat()).to_vec();
    while out.len() < 64 {
        out.extend_from_slice(&block[..16]);
        block = Sha256::digest(&block).to_vec();
    }
    STANDARD.encode(out)
}

/// 32 characters from `A-Z0-9` (Quay's generated install-user password).
pub(super) fn generate_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..32)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

/// The account of a service-level log entry (Quay: the smallest user id).
pub(super) fn service_log(
    tx: &Transaction<'_>,
    kind: &str,
    performer: i64,
    metadata: Value,
) -> Result<(), QuayError> {
    let account = db::minimum_user_id(tx)?;
    namespace::log(tx, kind, Some(performer), account, metadata)
}

// ------------------------------------------------------------------------------------------
// Handlers

/// The body's object (Quay's handlers index into it; other JSON values fail there).
pub(super) fn body_object(body: &Value) -> Result<&serde_json::Map<String, Value>, QuayError> {
    body.as_object().ok_or_else(|| {
        QuayError::invalid_request(format!("{} is not of type 'object'", py::json_repr(body)))
    })
}

/// A string member of a validated body.
pub(super) fn text_of(body: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The stored form of an expiration sent as a Unix timestamp (`null`: none), refused with
/// `past_message` when it is not in the future.
pub(super) fn requested_expiration(
    value: &Value,
    past_message: &'static str,
) -> Result<Option<DateTime<Utc>>, QuayError> {
    let Some(seconds) = value.as_f64() else {
        return Ok(None);
    };
    let t = expiration_time(seconds)
        .map_err(|e| QuayError::invalid_request(format!("Invalid expiration date: {e}")))?;
    if t <= Utc::now() {
        return Err(QuayError::invalid_request(past_message));
    }
    Ok(Some(t))
}
