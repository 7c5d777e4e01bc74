//! The `superuser` tag: the superuser panel (users, organizations, the registry-wide audit log,
//! service keys, namespace quotas, builds, the registry size).
//!
//! Rights (reference 3): *SU-read* operations accept a regular superuser whose token has
//! `super:user` or a global read-only superuser (any token); *SU-write* operations only the
//! former. Anonymous callers get 401 on reads (writes never get here: the middleware answers the
//! CSRF 403), other users 403. Request bodies are validated before the rights check, with the
//! texts Quay's jsonschema 3.2 produces ([`quay_schema`]).
//!
//! What this server does not have: builds (no build UUID ever matches, so the three build
//! operations answer what Quay answers for an unknown build), blob storage (the registry size is
//! always 0; a queued calculation completes the next time getRegistrySize is read), e-mail (no
//! confirmation mail is sent by createInstallUser).

use std::borrow::Cow;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, ParseFromParameter, ParseResult, Type};
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    ApiError, ApproveServiceKey, Avatar, AvatarKind, BuildLogs, CreateInstallUser,
    CreateServiceKey, Created, CreatedInstallUser, CreatedServiceKey, LogEntry, LogEntryNamespace,
    LogEntryPerformer, LogNamespaceKind, NewNamespaceQuota, PutServiceKey, QuotaLimit,
    QuotaLimitType, QuotaView, RegistrySize, RegistrySizeQueued, RepositoryBuild, ServiceKey,
    ServiceKeyApproval, ServiceKeyApprovalType, ServiceKeyJwk, ServiceKeyList, SuperUserKind,
    SuperUserLogList, SuperUserOrg, SuperUserOrgList, SuperUserUpdateOrg, SuperUserUser,
    SuperUserUserList, UpdateNamespaceQuota,
};
use crate::reply::{
    Created201, E400, E401, E403, E403W, E404, E415, E503, Empty201, ErrorDoc, NoContent204, Ok200,
    QueuedOrRunning, Reply,
};
use crate::store::namespace::{self, Namespace};
use crate::store::superuser as db;
use crate::time::{http_date, now_db, parse_db, quay_date};

use quay_schema::Py;

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

/// A JSON body kept as sent, documented with the schema of `T`: the handler validates it with
/// Quay's own schema and messages ([`quay_schema`]).
pub struct Raw<T>(Value, PhantomData<fn() -> T>);

impl<T: Type> Type for Raw<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Value;
    type RawElementValueType = Value;

    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Value> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Value> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl<T: Type> ParseFromJSON for Raw<T> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        Ok(Self(value.unwrap_or_default(), PhantomData))
    }
}

/// A query value that Quay converts itself (so it is never refused while parsing), documented
/// with the type `T`.
pub struct Lenient<T>(String, PhantomData<fn() -> T>);

impl<T: Type> Type for Lenient<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn as_raw_value(&self) -> Option<&String> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl<T: Type> ParseFromParameter for Lenient<T> {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_string(), PhantomData))
    }
}

/// Quay's `truthy_bool`.
fn truthy(value: &str) -> bool {
    !matches!(value, "false" | "False" | "FALSE" | "0" | "" | "null")
}

/// 401 documented as an `ApiError` only (writes whose 401 only a web session can get).
pub struct E401Api;

impl ErrorDoc for E401Api {
    fn response() -> MetaResponse {
        MetaResponse {
            description: "Session required",
            status: Some(401),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: "application/json",
                schema: ApiError::schema_ref(),
            }],
            headers: vec![],
        }
    }

    fn register(registry: &mut Registry) {
        ApiError::register(registry);
    }
}

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

/// Validates a body against one of Quay's schemas: 400 `invalid_request` with jsonschema's text.
fn check_body(value: &Value, schema: &Py) -> Result<(), QuayError> {
    quay_schema::validate(value, schema).map_err(QuayError::invalid_request)
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
        kind: SuperUserKind::User,
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
) -> Result<QuotaView, QuayError> {
    let mut stmt = tx.prepare(
        "SELECT id, type, limit_percent FROM quota_limit WHERE quota_id = ?1 ORDER BY id",
    )?;
    let limits = stmt
        .query_map([quota_id], |r| {
            let ty: String = r.get(1)?;
            Ok(QuotaLimit {
                id: r.get(0)?,
                limit_type: if ty == "Reject" {
                    QuotaLimitType::Reject
                } else {
                    QuotaLimitType::Warning
                },
                limit_percent: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(QuotaView {
        id: Some(quota_id),
        limit_bytes,
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
            kind: SuperUserKind::User,
            avatar: Avatar::new(
                &p.name,
                p.email.as_deref(),
                if is_robot {
                    AvatarKind::Robot
                } else {
                    AvatarKind::User
                },
            ),
            name: p.name,
            is_robot,
        }
    });
    let namespace = row.account.map(|a| {
        let (kind, avatar_kind) = match a.kind.as_str() {
            "org" => (LogNamespaceKind::Org, AvatarKind::Org),
            "robot" => (LogNamespaceKind::User, AvatarKind::Robot),
            _ => (LogNamespaceKind::User, AvatarKind::User),
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

/// Quay's `util.validation.validate_email`.
fn quay_valid_email(email: &str) -> bool {
    if email.is_empty() || email.chars().count() > 254 {
        return false;
    }
    let parts: Vec<&str> = email.split('@').collect();
    let [local, domain] = parts.as_slice() else {
        return false;
    };
    if local.is_empty() || domain.is_empty() {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2 && labels.iter().all(|l| !l.is_empty())
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
                Size::Float(f) => quay_schema::float_repr(f),
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
// Quay's request schemas and jsonschema 3.2's messages

/// The request schemas of Quay's superuser resources, validated with jsonschema 3.2 (Draft 7)
/// semantics, and the exact text Quay sends for the best-matching error: the message, then
/// `Failed validating ... in schema...:`, the sub-schema and the instance, both `pprint`ed.
pub mod quay_schema {
    use serde_json::Value;

    /// A Python value (dicts keep their insertion order).
    #[derive(Debug, Clone, PartialEq)]
    pub enum Py {
        /// `None`
        None,
        /// `True` / `False`
        Bool(bool),
        /// `int`
        Int(i128),
        /// `float`
        Float(f64),
        /// `str`
        Str(String),
        /// `list`
        List(Vec<Py>),
        /// `dict`
        Dict(Vec<(String, Py)>),
    }

    impl From<&Value> for Py {
        fn from(v: &Value) -> Self {
            match v {
                Value::Null => Py::None,
                Value::Bool(b) => Py::Bool(*b),
                Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                    (Some(i), _) => Py::Int(i.into()),
                    (_, Some(u)) => Py::Int(u.into()),
                    _ => Py::Float(n.as_f64().unwrap_or(0.0)),
                },
                Value::String(s) => Py::Str(s.clone()),
                Value::Array(a) => Py::List(a.iter().map(Py::from).collect()),
                Value::Object(o) => {
                    Py::Dict(o.iter().map(|(k, v)| (k.clone(), v.into())).collect())
                }
            }
        }
    }

    impl From<&str> for Py {
        fn from(s: &str) -> Self {
            Py::Str(s.to_string())
        }
    }

    impl From<bool> for Py {
        fn from(b: bool) -> Self {
            Py::Bool(b)
        }
    }

    /// Builds a [`Py`] from JSON-like syntax, keeping the order of dict keys.
    macro_rules! py {
        ({ $($k:literal : $v:tt),* $(,)? }) => {
            Py::Dict(vec![$(($k.to_string(), py!($v))),*])
        };
        ([ $($v:tt),* $(,)? ]) => { Py::List(vec![$(py!($v)),*]) };
        ($e:expr) => { Py::from($e) };
    }

    /// Quay's `^(\d+\s?(B|KiB|...)?)$` for human-readable quota sizes.
    pub const QUOTA_PATTERN: &str = r"^(\d+\s?(B|KiB|MiB|GiB|TiB|PiB|EiB|ZiB|YiB|Ki|Mi|Gi|Ti|Pi|Ei|Zi|Yi|KB|MB|GB|TB|PB|EB|ZB|YB|K|M|G|T|P|E|Z|Y)?)$";

    /// `CreateInstallUser` (no `type`).
    pub fn create_install_user() -> Py {
        py!({
            "id": "CreateInstallUser",
            "description": "Data for creating a user",
            "required": ["username"],
            "properties": {
                "username": {"type": "string", "description": "The username of the user being created"},
                "email": {"type": "string", "description": "The email address of the user being created"}
            }
        })
    }

    /// The superuser `UpdateOrg`.
    pub fn update_org() -> Py {
        py!({
            "id": "UpdateOrg",
            "type": "object",
            "description": "Description of updates for an organization",
            "properties": {
                "name": {"type": "string", "description": "The new name for the organization"}
            }
        })
    }

    fn expiration() -> Py {
        py!({
            "description": "The expiration date as a unix timestamp",
            "anyOf": [{"type": "number"}, {"type": "null"}]
        })
    }

    /// `CreateServiceKey`.
    pub fn create_service_key() -> Py {
        py!({
            "id": "CreateServiceKey",
            "type": "object",
            "description": "Description of creation of a service key",
            "required": ["service", "expiration"],
            "properties": {
                "service": {"type": "string", "description": "The service authenticating with this key"},
                "name": {"type": "string", "description": "The friendly name of a service key"},
                "metadata": {"type": "object", "description": "The key/value pairs of this key's metadata"},
                "notes": {"type": "string", "description": "If specified, the extra notes for the key"},
                "expiration": (expiration())
            }
        })
    }

    /// `PutServiceKey`.
    pub fn put_service_key() -> Py {
        py!({
            "id": "PutServiceKey",
            "type": "object",
            "description": "Description of updates for a service key",
            "properties": {
                "name": {"type": "string", "description": "The friendly name of a service key"},
                "metadata": {"type": "object", "description": "The key/value pairs of this key's metadata"},
                "expiration": (expiration())
            }
        })
    }

    /// `ApproveServiceKey`.
    pub fn approve_service_key() -> Py {
        py!({
            "id": "ApproveServiceKey",
            "type": "object",
            "description": "Information for approving service keys",
            "properties": {
                "notes": {"type": "string", "description": "Optional approval notes"}
            }
        })
    }

    fn limit_bytes() -> Py {
        py!({"type": "integer", "description": "Number of bytes the organization is allowed"})
    }

    fn limit() -> Py {
        py!({
            "type": "string",
            "description": "Human readable storage capacity of the organization",
            "pattern": QUOTA_PATTERN
        })
    }

    /// `NewNamespaceQuota`.
    pub fn new_namespace_quota() -> Py {
        py!({
            "type": "object",
            "description": "Description of a new organization quota",
            "oneOf": [
                {"required": ["limit_bytes"], "properties": {"limit_bytes": (limit_bytes())}},
                {"required": ["limit"], "properties": {"limit": (limit())}}
            ]
        })
    }

    /// `UpdateNamespaceQuota`.
    pub fn update_namespace_quota() -> Py {
        py!({
            "type": "object",
            "description": "Description of a new organization quota",
            "oneOf": [
                {"properties": {"limit_bytes": (limit_bytes())}, "required": ["limit_bytes"], "additionalProperties": false},
                {"properties": {"limit": (limit())}, "required": ["limit"], "additionalProperties": false},
                {"properties": {"limit_bytes": {"not": {}}, "limit": {"not": {}}}, "additionalProperties": false}
            ]
        })
    }

    // ---- repr and pprint

    /// Python's `repr(float)`.
    pub fn float_repr(f: f64) -> String {
        if f.is_nan() {
            return "nan".into();
        }
        if f.is_infinite() {
            return if f > 0.0 { "inf" } else { "-inf" }.into();
        }
        let sci = format!("{f:e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        if (-4..16).contains(&exp) {
            let s = format!("{f}");
            if s.contains('.') { s } else { format!("{s}.0") }
        } else {
            let sign = if exp < 0 { '-' } else { '+' };
            format!("{mantissa}e{sign}{:02}", exp.abs())
        }
    }

    /// Python's `repr(str)`.
    pub fn str_repr(s: &str) -> String {
        let quote = if s.contains('\'') && !s.contains('"') {
            '"'
        } else {
            '\''
        };
        let mut out = String::new();
        out.push(quote);
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => {
                    let n = c as u32;
                    if n < 0x100 {
                        out.push_str(&format!("\\x{n:02x}"));
                    } else {
                        out.push_str(&format!("\\u{n:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        out
    }

    /// Python's `repr` (`sorted`: pprint's `safe_repr`, which sorts dict keys).
    pub fn repr(p: &Py, sorted: bool) -> String {
        match p {
            Py::None => "None".into(),
            Py::Bool(true) => "True".into(),
            Py::Bool(false) => "False".into(),
            Py::Int(i) => i.to_string(),
            Py::Float(f) => float_repr(*f),
            Py::Str(s) => str_repr(s),
            Py::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| repr(i, sorted))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Py::Dict(items) => {
                let mut items: Vec<&(String, Py)> = items.iter().collect();
                if sorted {
                    items.sort_by(|a, b| a.0.cmp(&b.0));
                }
                format!(
                    "{{{}}}",
                    items
                        .iter()
                        .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v, sorted)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
    }

    const WIDTH: usize = 72;

    /// `pprint.pformat(p, width=72)`.
    pub fn pformat(p: &Py) -> String {
        let mut out = String::new();
        format(p, &mut out, 0, 0, 0);
        out
    }

    fn format(p: &Py, out: &mut String, indent: usize, allowance: usize, level: usize) {
        let rep = repr(p, true);
        let max_width = WIDTH.saturating_sub(indent + allowance);
        if rep.chars().count() > max_width {
            match p {
                Py::Dict(items) if !items.is_empty() => {
                    out.push('{');
                    let mut sorted: Vec<&(String, Py)> = items.iter().collect();
                    sorted.sort_by(|a, b| a.0.cmp(&b.0));
                    let indent = indent + 1;
                    let last = sorted.len() - 1;
                    for (i, (k, v)) in sorted.into_iter().enumerate() {
                        let key = str_repr(k);
                        out.push_str(&key);
                        out.push_str(": ");
                        let a = if i == last { allowance + 1 } else { 1 };
                        format(v, out, indent + key.chars().count() + 2, a, level + 1);
                        if i != last {
                            out.push_str(",\n");
                            out.push_str(&" ".repeat(indent));
                        }
                    }
                    out.push('}');
                    return;
                }
                Py::List(items) if !items.is_empty() => {
                    out.push('[');
                    let indent = indent + 1;
                    let last = items.len() - 1;
                    for (i, v) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(",\n");
                            out.push_str(&" ".repeat(indent));
                        }
                        let a = if i == last { allowance + 1 } else { 1 };
                        format(v, out, indent, a, level + 1);
                    }
                    out.push(']');
                    return;
                }
                Py::Str(s) if !s.is_empty() => {
                    format_str(s, out, indent, allowance, level + 1);
                    return;
                }
                _ => {}
            }
        }
        out.push_str(&rep);
    }

    /// pprint's `_pprint_str`: long strings split at word boundaries, one chunk a line.
    fn format_str(
        s: &str,
        out: &mut String,
        mut indent: usize,
        mut allowance: usize,
        level: usize,
    ) {
        let lines: Vec<&str> = s.split_inclusive('\n').collect();
        if level == 1 {
            indent += 1;
            allowance += 1;
        }
        let max_width = WIDTH.saturating_sub(indent);
        let mut max_width1 = max_width;
        let mut chunks: Vec<String> = Vec::new();
        let width = |t: &str| str_repr(t).chars().count();
        for (i, line) in lines.iter().enumerate() {
            if i == lines.len() - 1 {
                max_width1 = max_width1.saturating_sub(allowance);
            }
            if width(line) <= max_width1 {
                chunks.push(str_repr(line));
                continue;
            }
            // Alternating runs of non-space then space, as `re.findall(r'\S*\s*', line)`.
            let mut parts: Vec<String> = Vec::new();
            let mut current = String::new();
            let mut in_space = false;
            for c in line.chars() {
                if c.is_whitespace() {
                    in_space = true;
                } else if in_space {
                    parts.push(std::mem::take(&mut current));
                    in_space = false;
                }
                current.push(c);
            }
            if !current.is_empty() {
                parts.push(current);
            }
            let mut max_width2 = max_width;
            let mut current = String::new();
            let count = parts.len();
            for (j, part) in parts.into_iter().enumerate() {
                let candidate = format!("{current}{part}");
                if j == count - 1 && i == lines.len() - 1 {
                    max_width2 = max_width2.saturating_sub(allowance);
                }
                if width(&candidate) > max_width2 {
                    if !current.is_empty() {
                        chunks.push(str_repr(&current));
                    }
                    current = part;
                } else {
                    current = candidate;
                }
            }
            if !current.is_empty() {
                chunks.push(str_repr(&current));
            }
        }
        if chunks.len() == 1 {
            out.push_str(&chunks[0]);
            return;
        }
        if level == 1 {
            out.push('(');
        }
        for (i, chunk) in chunks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(chunk);
        }
        if level == 1 {
            out.push(')');
        }
    }

    // ---- validation

    #[derive(Debug, Clone)]
    enum Index {
        Key(String),
        Pos(usize),
    }

    impl Index {
        fn repr(&self) -> String {
            match self {
                Index::Key(k) => str_repr(k),
                Index::Pos(i) => i.to_string(),
            }
        }
    }

    #[derive(Debug, Clone)]
    struct Error {
        message: String,
        validator: String,
        schema: Py,
        instance: Py,
        path: Vec<Index>,
        schema_path: Vec<Index>,
        context: Vec<Error>,
    }

    impl Error {
        fn new(message: String) -> Self {
            Self {
                message,
                validator: String::new(),
                schema: Py::None,
                instance: Py::None,
                path: vec![],
                schema_path: vec![],
                context: vec![],
            }
        }

        fn with_context(message: String, context: Vec<Error>) -> Self {
            Self {
                context,
                ..Self::new(message)
            }
        }

        fn relevance(&self) -> (i64, bool) {
            let weak = matches!(self.validator.as_str(), "anyOf" | "oneOf");
            (-(self.path.len() as i64), !weak)
        }

        /// `str(ValidationError)` of jsonschema 3.2.
        fn text(&self) -> String {
            let index = |p: &[Index]| {
                if p.is_empty() {
                    String::new()
                } else {
                    format!(
                        "[{}]",
                        p.iter().map(Index::repr).collect::<Vec<_>>().join("][")
                    )
                }
            };
            let indent = |s: String| {
                s.lines()
                    .map(|l| format!("    {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let schema_path = &self.schema_path[..self.schema_path.len().saturating_sub(1)];
            format!(
                "{}\n\nFailed validating {} in schema{}:\n{}\n\nOn instance{}:\n{}",
                self.message,
                str_repr(&self.validator),
                index(schema_path),
                indent(pformat(&self.schema)),
                index(&self.path),
                indent(pformat(&self.instance)),
            )
        }
    }

    fn get<'a>(dict: &'a [(String, Py)], key: &str) -> Option<&'a Py> {
        dict.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn is_type(instance: &Py, ty: &str) -> bool {
        match ty {
            "object" => matches!(instance, Py::Dict(_)),
            "array" => matches!(instance, Py::List(_)),
            "string" => matches!(instance, Py::Str(_)),
            "boolean" => matches!(instance, Py::Bool(_)),
            "null" => matches!(instance, Py::None),
            "integer" => match instance {
                Py::Int(_) => true,
                Py::Float(f) => f.is_finite() && f.fract() == 0.0,
                _ => false,
            },
            "number" => matches!(instance, Py::Int(_) | Py::Float(_)),
            _ => true,
        }
    }

    /// Python's `re.search` for the only pattern Quay's superuser schemas use.
    fn matches_pattern(pattern: &str, s: &str) -> bool {
        if pattern != QUOTA_PATTERN {
            return true;
        }
        const UNITS: [&str; 33] = [
            "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB", "Ki", "Mi", "Gi", "Ti",
            "Pi", "Ei", "Zi", "Yi", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB", "K", "M", "G",
            "T", "P", "E", "Z", "Y",
        ];
        let check = |s: &str| {
            let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return false;
            }
            let rest = &s[digits..];
            let mut tails = vec![rest];
            if let Some(c) = rest.chars().next()
                && c.is_whitespace()
            {
                tails.push(&rest[c.len_utf8()..]);
            }
            tails.iter().any(|t| t.is_empty() || UNITS.contains(t))
        };
        // `$` also matches just before a final newline.
        check(s) || s.strip_suffix('\n').is_some_and(check)
    }

    fn descend(instance: &Py, schema: &Py, path: Option<Index>, schema_path: Index) -> Vec<Error> {
        let mut errors = iter_errors(instance, schema);
        for e in &mut errors {
            if let Some(p) = &path {
                e.path.insert(0, p.clone());
            }
            e.schema_path.insert(0, schema_path.clone());
        }
        errors
    }

    fn is_valid(instance: &Py, schema: &Py) -> bool {
        iter_errors(instance, schema).is_empty()
    }

    fn iter_errors(instance: &Py, schema: &Py) -> Vec<Error> {
        let Py::Dict(entries) = schema else {
            return vec![];
        };
        let mut out = Vec::new();
        for (keyword, value) in entries {
            let errors = match keyword.as_str() {
                "type" => {
                    let types: Vec<&str> = match value {
                        Py::Str(s) => vec![s.as_str()],
                        Py::List(l) => l
                            .iter()
                            .filter_map(|t| match t {
                                Py::Str(s) => Some(s.as_str()),
                                _ => None,
                            })
                            .collect(),
                        _ => vec![],
                    };
                    if types.iter().any(|t| is_type(instance, t)) {
                        vec![]
                    } else {
                        let names: Vec<String> = types.iter().map(|t| str_repr(t)).collect();
                        vec![Error::new(format!(
                            "{} is not of type {}",
                            repr(instance, false),
                            names.join(", ")
                        ))]
                    }
                }
                "required" => match (instance, value) {
                    (Py::Dict(inst), Py::List(required)) => required
                        .iter()
                        .filter_map(|r| match r {
                            Py::Str(name) if get(inst, name).is_none() => Some(Error::new(
                                format!("{} is a required property", str_repr(name)),
                            )),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                },
                "properties" => match (instance, value) {
                    (Py::Dict(inst), Py::Dict(props)) => props
                        .iter()
                        .flat_map(|(name, sub)| match get(inst, name) {
                            Some(v) => descend(
                                v,
                                sub,
                                Some(Index::Key(name.clone())),
                                Index::Key(name.clone()),
                            ),
                            None => vec![],
                        })
                        .collect(),
                    _ => vec![],
                },
                "additionalProperties" => match (instance, value) {
                    (Py::Dict(inst), Py::Bool(false)) => {
                        let known: Vec<&str> = match get(entries, "properties") {
                            Some(Py::Dict(p)) => p.iter().map(|(k, _)| k.as_str()).collect(),
                            _ => vec![],
                        };
                        let extras: Vec<String> = inst
                            .iter()
                            .filter(|(k, _)| !known.contains(&k.as_str()))
                            .map(|(k, _)| str_repr(k))
                            .collect();
                        if extras.is_empty() {
                            vec![]
                        } else {
                            let verb = if extras.len() == 1 { "was" } else { "were" };
                            vec![Error::new(format!(
                                "Additional properties are not allowed ({} {verb} unexpected)",
                                extras.join(", ")
                            ))]
                        }
                    }
                    _ => vec![],
                },
                "oneOf" | "anyOf" => {
                    let Py::List(subs) = value else { continue };
                    let mut all = Vec::new();
                    let mut first_valid = None;
                    for (i, sub) in subs.iter().enumerate() {
                        let errs = descend(instance, sub, None, Index::Pos(i));
                        if errs.is_empty() {
                            first_valid = Some(i);
                            break;
                        }
                        all.extend(errs);
                    }
                    let mut errors = Vec::new();
                    match first_valid {
                        None => errors.push(Error::with_context(
                            format!(
                                "{} is not valid under any of the given schemas",
                                repr(instance, false)
                            ),
                            all,
                        )),
                        Some(first) if keyword == "oneOf" => {
                            let mut more: Vec<&Py> = subs[first + 1..]
                                .iter()
                                .filter(|s| is_valid(instance, s))
                                .collect();
                            if !more.is_empty() {
                                more.push(&subs[first]);
                                let reprs: Vec<String> =
                                    more.iter().map(|s| repr(s, false)).collect();
                                errors.push(Error::new(format!(
                                    "{} is valid under each of {}",
                                    repr(instance, false),
                                    reprs.join(", ")
                                )));
                            }
                        }
                        Some(_) => {}
                    }
                    errors
                }
                "not" => {
                    if is_valid(instance, value) {
                        vec![Error::new(format!(
                            "{} is not allowed for {}",
                            repr(value, false),
                            repr(instance, false)
                        ))]
                    } else {
                        vec![]
                    }
                }
                "pattern" => match (instance, value) {
                    (Py::Str(s), Py::Str(p)) if !matches_pattern(p, s) => {
                        vec![Error::new(format!(
                            "{} does not match {}",
                            str_repr(s),
                            str_repr(p)
                        ))]
                    }
                    _ => vec![],
                },
                _ => vec![],
            };
            for mut e in errors {
                if e.validator.is_empty() {
                    e.validator = keyword.clone();
                    e.schema = schema.clone();
                    e.instance = instance.clone();
                }
                e.schema_path.insert(0, Index::Key(keyword.clone()));
                out.push(e);
            }
        }
        out
    }

    /// jsonschema's `validate`: the text of the best-matching error, if any.
    pub fn validate(instance: &Value, schema: &Py) -> Result<(), String> {
        let errors = iter_errors(&Py::from(instance), schema);
        let mut iter = errors.into_iter();
        let Some(mut best) = iter.next() else {
            return Ok(());
        };
        for e in iter {
            if e.relevance() > best.relevance() {
                best = e;
            }
        }
        while !best.context.is_empty() {
            let mut context = std::mem::take(&mut best.context).into_iter();
            let mut min = context.next().expect("non-empty");
            for e in context {
                if e.relevance() < min.relevance() {
                    min = e;
                }
            }
            best = min;
        }
        Err(best.text())
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use serde_json::json;

        #[test]
        fn required_property_message_matches_quay() {
            let err = validate(
                &json!({"email": "someone@example.com"}),
                &create_install_user(),
            )
            .unwrap_err();
            assert_eq!(
                err,
                "'username' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Data for creating a user',\n     'id': 'CreateInstallUser',\n     'properties': {'email': {'description': 'The email address of the '\n                                             'user being created',\n                              'type': 'string'},\n                    'username': {'description': 'The username of the user '\n                                                'being created',\n                                 'type': 'string'}},\n     'required': ['username']}\n\nOn instance:\n    {'email': 'someone@example.com'}"
            );
        }

        #[test]
        fn type_messages_match_quay() {
            let err = validate(&json!({"name": 5}), &update_org()).unwrap_err();
            assert_eq!(
                err,
                "5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['name']:\n    {'description': 'The new name for the organization', 'type': 'string'}\n\nOn instance['name']:\n    5"
            );
            let err = validate(&json!({"notes": 5}), &approve_service_key()).unwrap_err();
            assert_eq!(
                err,
                "5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['notes']:\n    {'description': 'Optional approval notes', 'type': 'string'}\n\nOn instance['notes']:\n    5"
            );
        }

        #[test]
        fn one_of_messages_match_quay() {
            let err = validate(
                &json!({"limit_bytes": 1024, "limit": "1 GiB"}),
                &update_namespace_quota(),
            )
            .unwrap_err();
            assert_eq!(
                err,
                "{} is not allowed for 1024\n\nFailed validating 'not' in schema[2]['properties']['limit_bytes']:\n    {'not': {}}\n\nOn instance['limit_bytes']:\n    1024"
            );
            assert!(validate(&json!({}), &update_namespace_quota()).is_ok());
            assert!(validate(&json!({"limit_bytes": 5}), &update_namespace_quota()).is_ok());
            assert!(validate(&json!({"limit": "5 GiB"}), &new_namespace_quota()).is_ok());
            let both = validate(
                &json!({"limit_bytes": 5, "limit": "5 GiB"}),
                &new_namespace_quota(),
            )
            .unwrap_err();
            assert!(both.contains("is valid under each of"), "{both}");
            let neither = validate(&json!({}), &new_namespace_quota()).unwrap_err();
            assert!(
                neither.starts_with("'limit_bytes' is a required property"),
                "{neither}"
            );
            let bad = validate(&json!({"limit": "5 GB!"}), &new_namespace_quota()).unwrap_err();
            assert!(bad.starts_with("'5 GB!' does not match '^(\\\\d+"), "{bad}");
        }

        #[test]
        fn python_reprs() {
            assert_eq!(float_repr(5.0), "5.0");
            assert_eq!(float_repr(1e16), "1e+16");
            assert_eq!(float_repr(1.5e-5), "1.5e-05");
            assert_eq!(float_repr(0.1), "0.1");
            assert_eq!(str_repr("it's"), "\"it's\"");
            assert_eq!(
                repr(&Py::from(&json!([true, null, 1.5])), false),
                "[True, None, 1.5]"
            );
        }
    }
}

// ------------------------------------------------------------------------------------------
// Handlers

/// The body's object (Quay's handlers index into it; other JSON values fail there).
fn body_object(body: &Value) -> Result<&serde_json::Map<String, Value>, QuayError> {
    body.as_object().ok_or_else(|| {
        QuayError::invalid_request(format!(
            "{} is not of type 'object'",
            quay_schema::repr(&Py::from(body), false)
        ))
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
        disabled: Option<String>,
        limit: Option<i64>,
        next_page: Option<String>,
    ) -> Result<SuperUserUserList, QuayError> {
        let cfg = self.state.config.clone();
        su_read(&who, &cfg)?;
        check_page_limit(limit)?;
        let include_disabled = disabled.as_deref().is_none_or(truthy);
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
        body: Body<Raw<CreateInstallUser>>,
    ) -> Result<CreatedInstallUser, QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::create_install_user())?;
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
                        Some(e) if quay_valid_email(e) => e.clone(),
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
                db::delete_namespace(tx, user.id)
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
        body: Body<Raw<SuperUserUpdateOrg>>,
    ) -> Result<SuperUserOrg, QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::update_org())?;
        let cfg = self.state.config.clone();
        let (caller_id, caller) = su_write(&who, &cfg)?;
        let new_name = body_object(&body).ok().and_then(|o| text_of(o, "name"));
        self.state
            .store
            .write(move |tx| {
                let org = namespace::by_name_kind(tx, &name, "org")?.ok_or_else(|| {
                    QuayError::message(400, format!("Organization does not exist: {name}"))
                })?;
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
                let org =
                    namespace::by_name_kind(tx, &name, "org")?.ok_or_else(QuayError::not_found)?;
                namespace::log(
                    tx,
                    "org_delete",
                    Some(caller_id),
                    Some(org.id),
                    json!({"namespace": name}),
                )?;
                db::delete_namespace(tx, org.id)
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
                    size_bytes,
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
        body: Body<Raw<CreateServiceKey>>,
    ) -> Result<CreatedServiceKey, QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::create_service_key())?;
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
        body: Body<Raw<PutServiceKey>>,
    ) -> Result<ServiceKey, QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::put_service_key())?;
        let cfg = self.state.config.clone();
        let (caller_id, _) = su_write(&who, &cfg)?;
        let obj = body_object(&body)?.clone();
        // Quay writes the new expiration before it checks the friendly name, without a
        // transaction: an invalid name then answers 400 with the expiration changed. The inner
        // `Err` commits; the outer one rolls back.
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
                        return if written {
                            Ok(Err(refusal))
                        } else {
                            Err(refusal)
                        };
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
        body: Body<Raw<ApproveServiceKey>>,
    ) -> Result<(), QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::approve_service_key())?;
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
                let ns = db::user_or_org(tx, &namespace_name)?.ok_or_else(QuayError::not_found)?;
                db::quota_of(tx, ns.id)?
                    .map(|(id, bytes)| quota_view(tx, &cfg, id, bytes))
                    .into_iter()
                    .collect()
            })
            .await
    }

    async fn create_quota(
        &self,
        who: Arc<Identity>,
        namespace_name: String,
        body: Body<Raw<NewNamespaceQuota>>,
    ) -> Result<Created, QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::new_namespace_quota())?;
        su_write(&who, &self.state.config)?;
        let size = requested_size(&body)?;
        self.state
            .store
            .write(move |tx| {
                // Quay crashes (500) on an unknown namespace; it means 404.
                let ns = db::user_or_org(tx, &namespace_name)?.ok_or_else(QuayError::not_found)?;
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
        body: Body<Raw<UpdateNamespaceQuota>>,
    ) -> Result<QuotaView, QuayError> {
        let body = body.value()?.0;
        check_body(&body, &quay_schema::update_namespace_quota())?;
        let cfg = self.state.config.clone();
        su_write(&who, &cfg)?;
        self.state
            .store
            .write(move |tx| {
                let ns = db::user_or_org(tx, &namespace_name)?.ok_or_else(QuayError::not_found)?;
                let (id, mut bytes) = namespace_quota(tx, ns.id, &quota_id)?;
                if let Some(size) = requested_size(&body)?
                    && size.truthy()
                {
                    bytes = size.bytes()?;
                    db::update_quota(tx, id, bytes)?;
                }
                quota_view(tx, &cfg, id, bytes)
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
                let ns = db::user_or_org(tx, &namespace_name)?.ok_or_else(QuayError::not_found)?;
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
        disabled: Query<Option<Lenient<bool>>>,
        limit: Query<Option<i64>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<SuperUserUserList>, (E400, E401, E403)> {
        self.list_users(who.0.clone(), disabled.0.map(|d| d.0), limit.0, next_page.0)
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
        body: Body<Raw<CreateInstallUser>>,
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
        body: Body<Raw<SuperUserUpdateOrg>>,
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
        body: Body<Raw<CreateServiceKey>>,
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
        body: Body<Raw<PutServiceKey>>,
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
        body: Body<Raw<ApproveServiceKey>>,
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
        body: Body<Raw<NewNamespaceQuota>>,
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
        body: Body<Raw<UpdateNamespaceQuota>>,
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
        body: Body<Raw<NewNamespaceQuota>>,
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
        body: Body<Raw<UpdateNamespaceQuota>>,
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
