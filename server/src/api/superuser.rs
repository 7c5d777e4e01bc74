//! The `superuser` tag: the superuser panel (users, organizations, the registry-wide audit log,
//! service keys, namespace quotas, builds, the registry size).
//!
//! Rights (reference 3): *SU-read* operations accept a regular superuser whose token has
//! `super:user` or a global read-only superuser (any token); *SU-write* operations only the
//! former. Anonymous callers get 401 on reads (writes never get here: the middleware answers the
//! CSRF 403), other users 403. Request bodies are validated before the rights check, with the
//! texts Quay's jsonschema 3.2 produces ([`crate::body::schema`]).
//!
//! What this server does not have: builds (no build UUID ever matches, so the three build
//! operations answer what Quay answers for an unknown build), blob storage (the registry size is
//! always 0; a queued calculation completes the next time getRegistrySize is read), e-mail (no
//! confirmation mail is sent by createInstallUser).

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::{Body, py};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    ApiError, ApproveServiceKey, Avatar, AvatarKind, BuildLogs, CreateInstallUser,
    CreateServiceKey, Created, CreatedInstallUser, CreatedServiceKey, LogEntry, LogEntryNamespace,
    LogEntryPerformer, NamespaceKind, NewNamespaceQuota, PutServiceKey, QuotaView, RegistrySize,
    RegistrySizeQueued, RepositoryBuild, ServiceKey, ServiceKeyApproval, ServiceKeyApprovalType,
    ServiceKeyJwk, ServiceKeyList, SuperUserLogList, SuperUserOrg, SuperUserOrgList,
    SuperUserUpdateOrg, SuperUserUser, SuperUserUserList, UpdateNamespaceQuota, UserKind,
};
use crate::params::{Lenient, TruthyBool, truthy};
use crate::reply::{
    Created201, E400, E401, E403, E403W, E404, E415, E503, Empty201, NoContent204, Ok200,
    QueuedOrRunning, Reply, error_doc,
};
use crate::store::namespace::{self, Namespace};
use crate::store::superuser as db;
use crate::time::{http_date, now_db, parse_db, quay_date};

/// Operations of the `superuser` tag.
pub struct SuperuserApi {
    state: AppState,
}

impl SuperuserApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

// ------------------------------------------------------------------------------------------
// Request plumbing

error_doc!(
    /// 401 documented as an `ApiError` only (writes whose 401 only a web session can get).
    E401Api, 401, "Session required", "application/json" => ApiError
);

/// SU-read: any superuser (regular with `super:user`, or global read-only).
fn su_read(who: &Identity, cfg: &Config) -> Result<(), QuayError> {
    if who.can_read_superuser_panel(cfg) {
        Ok(())
    } else {
        Err(who.refuse())
    }
}

/// SU-write: a regular superuser whose token has `super:user`; the caller's (id, name).
fn su_write(who: &Identity, cfg: &Config) -> Result<(i64, String), QuayError> {
    match (&who.user, who.is_superuser(cfg)) {
        (Some(u), true) => Ok(u.clone()),
        _ => Err(who.refuse()),
    }
}

/// An opaque page token: base64url of the id the next page starts at.
fn encode_page_token(next_id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("id:{next_id}"))
}

/// The id a page token starts at; an invalid token silently means the first page.
fn decode_page_token(token: Option<&str>) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(token?).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("id:")?
        .parse()
        .ok()
}

/// Quay's `limit` query parameter of the panel lists: at most 100.
fn check_page_limit(limit: Option<i64>) -> Result<(), QuayError> {
    match limit {
        Some(l) if l > 100 => Err(QuayError::invalid_request("Page limit cannot be above 100")),
        _ => Ok(()),
    }
}

// ------------------------------------------------------------------------------------------
// Views

/// The panel's view of a user (Quay's superuser `User.to_dict`).
fn user_view(
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
        quotas: quotas_on
            .then(|| super::quota_lites(tx, user.id))
            .transpose()?,
        quota_report: quotas_on
            .then(|| super::quota_report(tx, cfg, user.id))
            .transpose()?,
    })
}

/// The panel's view of an organization.
fn org_view(
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
            .then(|| super::quota_lites(tx, org.id))
            .transpose()?,
        quota_report: quotas_on
            .then(|| super::quota_report(tx, cfg, org.id))
            .transpose()?,
    })
}

/// A stored timestamp as an HTTP date (Flask `jsonify`).
fn stored_http_date(stored: &str) -> String {
    parse_db(stored).map(|d| http_date(&d)).unwrap_or_default()
}

/// A stored timestamp as Unix seconds (how Quay's log metadata serialises datetimes).
fn stored_unix(stored: Option<&str>) -> Value {
    stored
        .and_then(parse_db)
        .map(|d| json!(d.timestamp()))
        .unwrap_or(Value::Null)
}

/// Quay's `ServiceKey.to_dict` as `jsonify` renders it.
fn key_view(tx: &Transaction<'_>, cfg: &Config, key: &db::KeyRow) -> Result<ServiceKey, QuayError> {
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
fn object_map(value: &Value) -> HashMap<String, Value> {
    value
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Quay's `namespacequota.quota_view` of a stored quota.
fn quota_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    quota_id: i64,
    limit_bytes: i64,
    as_float: bool,
) -> Result<QuotaView, QuayError> {
    let limits = super::quota_limits(tx, quota_id)?;
    let size = limit_bytes.max(0) as u64;
    Ok(QuotaView {
        id: Some(quota_id),
        // Quay answers the value it just parsed from a human-readable size: a float.
        limit_bytes: if as_float {
            crate::models::ByteSize::float(size)
        } else {
            crate::models::ByteSize::new(size)
        },
        limit: bitmath::human(limit_bytes),
        default_config: false,
        limits,
        default_config_exists: cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES != 0,
    })
}

/// One audit log entry as Quay's `LogEntry.to_dict(avatar, include_namespace=True)`.
fn log_view(row: db::LogRow) -> LogEntry {
    let performer = row.performer.map(|p| {
        let is_robot = p.kind == "robot";
        LogEntryPerformer {
            kind: UserKind::User,
            avatar: Avatar::account(&p.name, p.email.as_deref(), &p.kind),
            name: p.name,
            is_robot,
        }
    });
    let namespace = row.account.map(|a| {
        let (kind, avatar_kind) = match a.kind.as_str() {
            "org" => (NamespaceKind::Org, AvatarKind::Org),
            "robot" => (NamespaceKind::User, AvatarKind::Robot),
            _ => (NamespaceKind::User, AvatarKind::User),
        };
        LogEntryNamespace {
            kind,
            avatar: Avatar::new(&a.name, a.email.as_deref(), avatar_kind),
            name: a.name,
        }
    });
    LogEntry {
        kind: row.kind,
        metadata: object_map(&row.metadata),
        ip: row.ip,
        datetime: parse_db(&row.created_at)
            .map(|d| quay_date(&d))
            .unwrap_or_default(),
        performer,
        namespace,
    }
}

/// Quay's `_parse_datetime`: `MM/DD/YYYY` (UTC) at midnight, or nothing.
fn parse_log_day(text: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text?;
    let mut parts = text.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let two = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    // %d also accepts a space before a single digit.
    let d = d.strip_prefix(' ').filter(|r| r.len() == 1).unwrap_or(d);
    if !two(m) || !two(d) || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?))
}

/// A timestamp in the stored form, for range comparisons.
fn db_form(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Python's `datetime.utcfromtimestamp` for an expiration: the time, or the reason it fails.
fn expiration_time(seconds: f64) -> Result<DateTime<Utc>, String> {
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
fn valid_key_name(name: &str) -> bool {
    let name = name.strip_suffix('\n').unwrap_or(name);
    name.chars()
        .all(|c| c.is_whitespace() || c.is_ascii_alphanumeric() || "-_:/".contains(c))
}

/// Quay's service-name rule `^[a-z0-9_]+$`.
fn valid_service_name(service: &str) -> bool {
    let service = service.strip_suffix('\n').unwrap_or(service);
    !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A newly generated RSA 2048 service key.
struct NewKey {
    kid: String,
    jwk: Value,
    private_pem: String,
    public_pem: String,
}

/// Generates an RSA 2048 key: its public JWK, whose `kid` is the RFC 7638 thumbprint (SHA-256
/// of `{"e":..,"kty":"RSA","n":..}`, base64url), and both PEM encodings.
fn generate_key() -> Result<NewKey, QuayError> {
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
fn encrypt_user_password(password: &str) -> String {
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
fn generate_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..32)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

/// The account of a service-level log entry (Quay: the smallest user id).
fn service_log(
    tx: &Transaction<'_>,
    kind: &str,
    performer: i64,
    metadata: Value,
) -> Result<(), QuayError> {
    let account = db::minimum_user_id(tx)?;
    namespace::log(tx, kind, Some(performer), account, metadata)
}

// ------------------------------------------------------------------------------------------
// Quotas

/// A size from a quota body: Python `int` or `float` (for Quay's messages) or a refusal.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Size {
    Int(i128),
    Float(f64),
}

impl Size {
    fn from_json(v: &Value) -> Option<Size> {
        if let Some(i) = v.as_i64() {
            Some(Size::Int(i.into()))
        } else if let Some(u) = v.as_u64() {
            Some(Size::Int(u.into()))
        } else {
            v.as_f64().map(Size::Float)
        }
    }

    /// Python truthiness (`if limit_bytes:`).
    fn truthy(self) -> bool {
        match self {
            Size::Int(i) => i != 0,
            Size::Float(f) => f != 0.0,
        }
    }

    /// Quay's size checks: `> 0` and fits a 64-bit integer column.
    fn bytes(self) -> Result<i64, QuayError> {
        let positive = match self {
            Size::Int(i) => i > 0,
            Size::Float(f) => f > 0.0,
        };
        if !positive {
            let text = match self {
                Size::Int(i) => i.to_string(),
                Size::Float(f) => py::float_repr(f),
            };
            return Err(QuayError::invalid_request(format!(
                "Invalid quota size limit value: '{text}'"
            )));
        }
        let unsupported = || QuayError::invalid_request("Unsupported quota size limit.");
        match self {
            Size::Int(i) => i64::try_from(i).map_err(|_| unsupported()),
            Size::Float(f) if f < 9.223_372_036_854_776e18 => Ok(f.round() as i64),
            Size::Float(_) => Err(unsupported()),
        }
    }
}

/// The size a quota body asks for: `limit` parsed like bitmath, else `limit_bytes`.
fn requested_size(body: &Value) -> Result<Option<Size>, QuayError> {
    if let Some(limit) = body.get("limit").and_then(Value::as_str) {
        return bitmath::parse(limit)
            .map(Some)
            .ok_or_else(|| QuayError::invalid_request("Invalid limit format"));
    }
    Ok(body.get("limit_bytes").and_then(Size::from_json))
}

/// The user or organization a quota path names (Quay's `get_user_or_org`), else 404.
fn quota_namespace(tx: &Transaction<'_>, name: &str) -> Result<Namespace, QuayError> {
    namespace::user_or_org(tx, name)?.ok_or_else(QuayError::not_found)
}

/// Quay's `get_quota`: a numeric quota id of that namespace, else 404.
fn namespace_quota(
    tx: &Transaction<'_>,
    namespace_id: i64,
    quota_id: &str,
) -> Result<(i64, i64), QuayError> {
    let id: i64 = quota_id.parse().map_err(|_| QuayError::not_found())?;
    db::quota_by_id(tx, namespace_id, id)?.ok_or_else(QuayError::not_found)
}

/// bitmath 1.3.3 as Quay uses it: `parse_string_unsafe` and `best_prefix().format(...)`.
mod bitmath {
    use super::Size;

    const NIST: [&str; 8] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];
    const SI: [&str; 8] = ["k", "M", "G", "T", "P", "E", "Z", "Y"];

    /// `bitmath.parse_string_unsafe(s).to_Byte().value`; `None` where bitmath raises.
    pub fn parse(s: &str) -> Option<Size> {
        if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
            return Some(Size::Int(s.parse().ok()?));
        }
        let index = s.char_indices().find(|(_, c)| c.is_alphabetic())?.0;
        let (value, unit) = s.split_at(index);
        let value: f64 = value.trim().parse().ok()?;
        let mut unit = unit.trim_end_matches(['B', 'b']).to_string();
        unit.push('B');
        let chars: Vec<char> = unit.chars().collect();
        let (table, base, prefix) = match chars.len() {
            2 => {
                // bitmath: `K` becomes `k`; other SI prefixes are capitalised.
                let p: String = if matches!(chars[0], 'K' | 'k') {
                    "k".to_string()
                } else {
                    chars[0].to_uppercase().collect()
                };
                (&SI, 1000f64, p)
            }
            3 => {
                let p: String = chars[0]
                    .to_uppercase()
                    .chain(std::iter::once(chars[1]))
                    .collect();
                (&NIST, 1024f64, p)
            }
            _ => return None,
        };
        let step = table.iter().position(|p| *p == prefix)?;
        Some(Size::Float(value * base.powi(step as i32 + 1)))
    }

    /// `bitmath.Byte(n).best_prefix().format("{value:.1f} {unit}")`.
    pub fn human(bytes: i64) -> String {
        let b = bytes as f64;
        if b.abs() < 1.0 {
            return format!("{:.1} bit", b * 8.0);
        }
        let index = (b.abs().ln() / 1024f64.ln()) as usize;
        if index == 0 {
            return format!("{b:.1} Byte");
        }
        let step = index.min(NIST.len());
        format!("{:.1} {}B", b / 1024f64.powi(step as i32), NIST[step - 1])
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn parses_like_bitmath() {
            assert_eq!(parse("5 GiB"), Some(Size::Float(5.0 * 1024f64.powi(3))));
            assert_eq!(parse("5Gi"), Some(Size::Float(5.0 * 1024f64.powi(3))));
            assert_eq!(parse("10 K"), Some(Size::Float(10_000.0)));
            assert_eq!(parse("10 KB"), Some(Size::Float(10_000.0)));
            assert_eq!(parse("2 MB"), Some(Size::Float(2e6)));
            assert_eq!(parse("1 YiB"), Some(Size::Float(1024f64.powi(8))));
            assert_eq!(parse("1024"), Some(Size::Int(1024)));
            assert_eq!(parse("5 B"), None);
            assert_eq!(parse("1024 "), None);
        }

        #[test]
        fn formats_like_bitmath() {
            assert_eq!(human(10 * 1024 * 1024 * 1024), "10.0 GiB");
            assert_eq!(human(5_000), "4.9 KiB");
            assert_eq!(human(500), "500.0 Byte");
            assert_eq!(human(1024), "1.0 KiB");
            assert_eq!(human(6_442_450_944), "6.0 GiB");
            assert_eq!(human(i64::MAX), "8.0 EiB");
        }
    }
}

// ------------------------------------------------------------------------------------------
// Handlers

/// The body's object (Quay's handlers index into it; other JSON values fail there).
fn body_object(body: &Value) -> Result<&serde_json::Map<String, Value>, QuayError> {
    body.as_object().ok_or_else(|| {
        QuayError::invalid_request(format!("{} is not of type 'object'", py::json_repr(body)))
    })
}

/// A string member of a validated body.
fn text_of(body: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The stored form of an expiration sent as a Unix timestamp (`null`: none), refused with
/// `past_message` when it is not in the future.
fn requested_expiration(
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

impl SuperuserApi {
    async fn list_users(
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

    async fn create_user(
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
        self.state
            .store
            .write(move |tx| {
                let refuse = |m: String| QuayError::message(400, m);
                let stored_email = if cfg.FEATURE_MAILING {
                    match &email {
                        Some(e) if namespace::quay_valid_email(e) => e.clone(),
                        other => {
                            return Err(refuse(format!(
                                "Invalid email address: {}",
                                other.as_deref().unwrap_or("None")
                            )));
                        }
                    }
                } else {
                    email
                        .clone()
                        .filter(|e| !e.is_empty())
                        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
                };
                namespace::check_name(&username)
                    .map_err(|r| refuse(format!("Invalid namespace {username}: {r}")))?;
                if let Some(existing) = namespace::by_name(tx, &username)? {
                    return Err(refuse(if existing.kind == "org" {
                        format!(
                            "Username has already been taken by an organization and cannot be reused: {username}"
                        )
                    } else {
                        format!("Username has already been taken by user cannot be reused: {username}")
                    }));
                }
                if db::user_email_taken(tx, &stored_email)? {
                    return Err(refuse(if cfg.FEATURE_MAILING {
                        format!("Email has already been used: {stored_email}")
                    } else {
                        // Quay leaves this to the database's unique index (PostgreSQL's text).
                        format!(
                            "duplicate key value violates unique constraint \"user_email\"\nDETAIL:  Key (email)=({stored_email}) already exists.\n"
                        )
                    }));
                }
                let hash = namespace::hash_password(&password);
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

    async fn delete_user(&self, who: Arc<Identity>, username: String) -> Result<(), QuayError> {
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

    async fn list_logs(
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
                let mut rows = db::logs_page(
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

    async fn list_orgs(
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

    async fn change_org(
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

    async fn delete_org(&self, who: Arc<Identity>, name: String) -> Result<(), QuayError> {
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

    async fn registry_size(&self, who: Arc<Identity>) -> Result<RegistrySize, QuayError> {
        su_read(&who, &self.state.config)?;
        self.state
            .store
            .write(|tx| {
                // The registry-size worker of this server: a queued calculation runs now.
                let (_, _, queued, _) = db::registry_size(tx)?;
                if queued {
                    db::complete_registry_size(tx, Utc::now().timestamp_millis())?;
                }
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

    async fn queue_registry_size(&self, who: Arc<Identity>) -> Result<bool, QuayError> {
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

    async fn list_quota(
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
                db::quota_of(tx, ns.id)?
                    .map(|(id, bytes)| quota_view(tx, &cfg, id, bytes, false))
                    .into_iter()
                    .collect()
            })
            .await
    }

    async fn create_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        body: Body<NewNamespaceQuota>,
    ) -> Result<Created, QuayError> {
        let body = body.checked()?;
        su_write(&who, &self.state.config)?;
        let size = requested_size(&body)?;
        self.state
            .store
            .write(move |tx| {
                // Quay crashes (500) on an unknown namespace; it means 404.
                let ns = quota_namespace(tx, &namespace_name)?;
                if db::quota_of(tx, ns.id)?.is_some() {
                    return Err(QuayError::invalid_request(format!(
                        "Quota for '{namespace_name}' already exists"
                    )));
                }
                let bytes = size.unwrap_or(Size::Int(0)).bytes()?;
                db::insert_quota(tx, ns.id, bytes)?;
                Ok(Created::Created)
            })
            .await
    }

    async fn change_quota(
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
                if let Some(size) = requested_size(&body)?
                    && size.truthy()
                {
                    as_float = matches!(size, Size::Float(_));
                    bytes = size.bytes()?;
                    db::update_quota(tx, id, bytes)?;
                }
                quota_view(tx, &cfg, id, bytes, as_float)
            })
            .await
    }

    async fn delete_quota(
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
                db::delete_quota(tx, id)
            })
            .await
    }
}

/// Quay's answer for a build UUID that matches no build (this server runs no builds).
fn unknown_build(uuid: &str) -> QuayError {
    QuayError::invalid_response(format!("Unable to locate a build by id: {uuid}"))
}

#[OpenApi(tag = "ApiTags::Superuser")]
impl SuperuserApi {
    /// List all users
    ///
    /// Users of the registry (no robots, no organizations), with `limit` paged by id; SU-read.
    #[oai(
        path = "/api/v1/superuser/users/",
        method = "get",
        operation_id = "listAllUsers"
    )]
    async fn list_all_users(
        &self,
        who: Data<&Arc<Identity>>,
        disabled: Query<Option<TruthyBool>>,
        limit: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserUserList>, (E400, E401, E403)> {
        self.list_users(
            who.0.clone(),
            truthy(&disabled.0, true),
            limit.0,
            next_page.0,
        )
        .await
        .into()
    }

    /// Create a user
    ///
    /// Creates a user with a generated 32-character password, returned once; SU-write.
    #[oai(
        path = "/api/v1/superuser/users/",
        method = "post",
        operation_id = "createInstallUser"
    )]
    async fn create_install_user(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<CreateInstallUser>,
    ) -> Reply<Ok200<CreatedInstallUser>, (E400, E401, E403W, E415, E503)> {
        self.create_user(who.0.clone(), body).await.into()
    }

    /// Delete a user
    ///
    /// Deletes a user (not a superuser); SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:username",
        method = "delete",
        operation_id = "deleteInstallUser"
    )]
    async fn delete_install_user(
        &self,
        who: Data<&Arc<Identity>>,
        username: Path<String>,
    ) -> Reply<NoContent204, (E400<ApiError>, E401, E403W, E404, E503)> {
        self.delete_user(who.0.clone(), username.0).await.into()
    }

    /// List the registry's audit log
    ///
    /// Every area's log entries between two days, newest first, 20 a page; SU-read.
    #[oai(
        path = "/api/v1/superuser/logs",
        method = "get",
        operation_id = "listAllLogs"
    )]
    async fn list_all_logs(
        &self,
        who: Data<&Arc<Identity>>,
        starttime: Query<Option<String>>,
        endtime: Query<Option<String>>,
        #[allow(unused_variables)] page: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserLogList>, (E400<crate::models::MessageError>, E401, E403)> {
        self.list_logs(who.0.clone(), starttime.0, endtime.0, next_page.0)
            .await
            .into()
    }

    /// List all organizations
    ///
    /// Organizations of the registry, with `limit` paged by id; SU-read.
    #[oai(
        path = "/api/v1/superuser/organizations/",
        method = "get",
        operation_id = "listAllOrganizations"
    )]
    async fn list_all_organizations(
        &self,
        who: Data<&Arc<Identity>>,
        limit: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserOrgList>, (E400, E401, E403)> {
        self.list_orgs(who.0.clone(), limit.0, next_page.0)
            .await
            .into()
    }

    /// Rename an organization
    ///
    /// Renames an organization and its robots (`{}` changes nothing); SU-write.
    #[oai(
        path = "/api/v1/superuser/organizations/:name",
        method = "put",
        operation_id = "changeOrganization"
    )]
    async fn change_organization(
        &self,
        who: Data<&Arc<Identity>>,
        name: Path<String>,
        body: Body<SuperUserUpdateOrg>,
    ) -> Reply<Ok200<SuperUserOrg>, (E400, E401, E403W, E415, E503)> {
        self.change_org(who.0.clone(), name.0, body).await.into()
    }

    /// Delete an organization
    ///
    /// Deletes an organization and everything it owns; SU-write.
    #[oai(
        path = "/api/v1/superuser/organizations/:name",
        method = "delete",
        operation_id = "deleteOrganization"
    )]
    async fn delete_organization(
        &self,
        who: Data<&Arc<Identity>>,
        name: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        self.delete_org(who.0.clone(), name.0).await.into()
    }

    /// Get a build's status
    ///
    /// This server runs no builds: every UUID is unknown (400 `invalid_response`); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/status",
        method = "get",
        operation_id = "getRepoBuildStatusSuperUser"
    )]
    async fn get_repo_build_status_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        build_uuid: Path<String>,
    ) -> Reply<Ok200<RepositoryBuild>, (E400<ApiError>, E401, E403)> {
        su_read(who.0, &self.state.config)
            .and_then(|_| Err(unknown_build(&build_uuid.0)))
            .into()
    }

    /// Get a build
    ///
    /// This server runs no builds: every UUID is unknown (404); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/build",
        method = "get",
        operation_id = "getRepoBuildSuperUser"
    )]
    async fn get_repo_build_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        #[allow(unused_variables)] build_uuid: Path<String>,
    ) -> Reply<Ok200<RepositoryBuild>, (E401, E403, E404)> {
        su_read(who.0, &self.state.config)
            .and_then(|_| Err(QuayError::not_found()))
            .into()
    }

    /// Get a build's logs
    ///
    /// This server runs no builds: every UUID is unknown (400 `invalid_response`); SU-read.
    #[oai(
        path = "/api/v1/superuser/:build_uuid/logs",
        method = "get",
        operation_id = "getRepoBuildLogsSuperUser"
    )]
    async fn get_repo_build_logs_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        build_uuid: Path<String>,
        #[allow(unused_variables)] start: Query<Option<Lenient<i64>>>,
    ) -> Reply<Ok200<BuildLogs>, (E400<ApiError>, E401, E403)> {
        su_read(who.0, &self.state.config)
            .and_then(|_| Err(unknown_build(&build_uuid.0)))
            .into()
    }

    /// Get the registry size
    ///
    /// The size of the registry as last computed. A queued calculation runs when this is
    /// read: this server stores no blobs, so it sets `size_bytes` 0, `last_ran` to now (epoch
    /// milliseconds) and clears `queued`. SU-read.
    #[oai(
        path = "/api/v1/superuser/registrysize/",
        method = "get",
        operation_id = "getRegistrySize"
    )]
    async fn get_registry_size(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<Ok200<RegistrySize>, (E401, E403)> {
        self.registry_size(who.0.clone()).await.into()
    }

    /// Queue a registry size calculation
    ///
    /// 201 when newly queued, 202 when already queued; completed by the next getRegistrySize.
    /// SU-write.
    #[oai(
        path = "/api/v1/superuser/registrysize/",
        method = "post",
        operation_id = "queueRegistrySizeCalculation"
    )]
    async fn queue_registry_size_calculation(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<QueuedOrRunning<RegistrySizeQueued>, (E400<ApiError>, E401, E403W, E503)> {
        self.queue_registry_size(who.0.clone()).await.into()
    }

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

    /// List a namespace's quota (users path)
    ///
    /// `[]` or the namespace's single quota; any user or organization. SU-read.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota",
        method = "get",
        operation_id = "listUserQuotaSuperUser"
    )]
    async fn list_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaView>>, (E401, E403, E404)> {
        self.list_quota(who.0.clone(), namespace.0).await.into()
    }

    /// Create a namespace's quota (users path)
    ///
    /// Sets a quota on a user or organization that has none; SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota",
        method = "post",
        operation_id = "createUserQuotaSuperUser"
    )]
    async fn create_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        body: Body<NewNamespaceQuota>,
    ) -> Reply<Created201<Created>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.create_quota(who.0.clone(), namespace.0, body)
            .await
            .into()
    }

    /// Change a namespace's quota (users path)
    ///
    /// Changes the size of a quota (`{}` or a size of 0 change nothing); SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota/:quota_id",
        method = "put",
        operation_id = "changeUserQuotaSuperUser"
    )]
    async fn change_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
        body: Body<UpdateNamespaceQuota>,
    ) -> Reply<Ok200<QuotaView>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.change_quota(who.0.clone(), namespace.0, quota_id.0, body)
            .await
            .into()
    }

    /// Delete a namespace's quota (users path)
    ///
    /// Removes a quota and its limits; SU-write.
    #[oai(
        path = "/api/v1/superuser/users/:namespace/quota/:quota_id",
        method = "delete",
        operation_id = "deleteUserQuotaSuperUser"
    )]
    async fn delete_user_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.delete_quota(who.0.clone(), namespace.0, quota_id.0)
            .await
            .into()
    }

    /// List a namespace's quota (organization path)
    ///
    /// Same as listUserQuotaSuperUser; any user or organization. SU-read.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota",
        method = "get",
        operation_id = "listOrganizationQuotaSuperUser"
    )]
    async fn list_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
    ) -> Reply<Ok200<Vec<QuotaView>>, (E401, E403, E404)> {
        self.list_quota(who.0.clone(), namespace.0).await.into()
    }

    /// Create a namespace's quota (organization path)
    ///
    /// Same as createUserQuotaSuperUser; SU-write.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota",
        method = "post",
        operation_id = "createOrganizationQuotaSuperUser"
    )]
    async fn create_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        body: Body<NewNamespaceQuota>,
    ) -> Reply<Created201<Created>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.create_quota(who.0.clone(), namespace.0, body)
            .await
            .into()
    }

    /// Change a namespace's quota (organization path)
    ///
    /// Same as changeUserQuotaSuperUser; SU-write.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota/:quota_id",
        method = "put",
        operation_id = "changeOrganizationQuotaSuperUser"
    )]
    async fn change_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
        body: Body<UpdateNamespaceQuota>,
    ) -> Reply<Ok200<QuotaView>, (E400, E401Api, E403W, E404, E415, E503)> {
        self.change_quota(who.0.clone(), namespace.0, quota_id.0, body)
            .await
            .into()
    }

    /// Delete a namespace's quota (organization path)
    ///
    /// Same as deleteUserQuotaSuperUser; SU-write.
    #[oai(
        path = "/api/v1/superuser/organization/:namespace/quota/:quota_id",
        method = "delete",
        operation_id = "deleteOrganizationQuotaSuperUser"
    )]
    async fn delete_organization_quota_super_user(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Path<String>,
        quota_id: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403W, E404, E503)> {
        self.delete_quota(who.0.clone(), namespace.0, quota_id.0)
            .await
            .into()
    }
}
