//! Quotas' rules, shared by the namespacequota and superuser areas: Quay's size parsing and
//! checks (bitmath 1.3.3), `quota_view`, and the look-ups of quota paths.

use rusqlite::Transaction;
use serde_json::Value;

use crate::body::py;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::QuotaView;
use crate::store::namespace::{self, Namespace};
use crate::store::quota as db;

/// Quay's `namespacequota.quota_view` of a stored quota.
pub(crate) fn quota_view(
    tx: &Transaction<'_>,
    cfg: &Config,
    quota_id: i64,
    limit_bytes: i64,
    as_float: bool,
) -> Result<QuotaView, QuayError> {
    let limits = crate::api::quota_limits(tx, quota_id)?;
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

/// A size from a quota body: Python `int` or `float` (for Quay's messages) or a refusal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Size {
    Int(i128),
    Float(f64),
}

impl Size {
    pub(crate) fn from_json(v: &Value) -> Option<Size> {
        if let Some(i) = v.as_i64() {
            Some(Size::Int(i.into()))
        } else if let Some(u) = v.as_u64() {
            Some(Size::Int(u.into()))
        } else {
            v.as_f64().map(Size::Float)
        }
    }

    /// Python truthiness (`if limit_bytes:`).
    pub(crate) fn truthy(self) -> bool {
        match self {
            Size::Int(i) => i != 0,
            Size::Float(f) => f != 0.0,
        }
    }

    /// Quay's size checks: `> 0` and fits a 64-bit integer column.
    pub(crate) fn bytes(self) -> Result<i64, QuayError> {
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

/// The superuser area's refusal of a `limit` bitmath cannot parse.
pub(crate) const SUPERUSER_BAD_LIMIT: &str = "Invalid limit format";
/// The namespacequota area's refusal of a `limit` bitmath cannot parse.
pub(crate) const BAD_LIMIT: &str =
    "Invalid limit format, use a number followed by a unit (e.g. 1GiB)";

/// The size a quota body asks for: `limit` parsed like bitmath (else refused with
/// `bad_limit`), else `limit_bytes`.
pub(crate) fn requested_size(
    body: &Value,
    bad_limit: &'static str,
) -> Result<Option<Size>, QuayError> {
    if let Some(limit) = body.get("limit").and_then(Value::as_str) {
        return bitmath::parse(limit)
            .map(Some)
            .ok_or_else(|| QuayError::invalid_request(bad_limit));
    }
    Ok(body.get("limit_bytes").and_then(Size::from_json))
}

/// The user or organization a quota path names (Quay's `get_user_or_org`), else 404.
pub(crate) fn quota_namespace(tx: &Transaction<'_>, name: &str) -> Result<Namespace, QuayError> {
    namespace::user_or_org(tx, name)?.ok_or_else(QuayError::not_found)
}

/// Quay's `get_quota`: a numeric quota id of that namespace, else 404.
pub(crate) fn namespace_quota(
    tx: &Transaction<'_>,
    namespace_id: i64,
    quota_id: &str,
) -> Result<(i64, i64), QuayError> {
    let id: i64 = quota_id.parse().map_err(|_| QuayError::not_found())?;
    db::quota_by_id(tx, namespace_id, id)?.ok_or_else(QuayError::not_found)
}

/// bitmath 1.3.3 as Quay uses it: `parse_string_unsafe` and `best_prefix().format(...)`.
pub(crate) mod bitmath {
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

/// The system default quota as listOrganizationQuota shows it to an organization without one
/// (Quay's unsaved model: no id).
pub(crate) fn default_quota_view(cfg: &Config) -> QuotaView {
    let bytes = cfg.DEFAULT_SYSTEM_REJECT_QUOTA_BYTES;
    QuotaView {
        id: None,
        limit_bytes: crate::models::ByteSize::new(bytes.max(0) as u64),
        limit: bitmath::human(bytes),
        default_config: true,
        limits: Vec::new(),
        default_config_exists: true,
    }
}

/// A limit as Quay's `limit_view` shows it.
pub(crate) fn limit_view((id, kind, percent): db::LimitRow) -> crate::models::QuotaLimit {
    use crate::models::QuotaLimitType;
    crate::models::QuotaLimit {
        id,
        kind: if kind == "Reject" {
            QuotaLimitType::Reject
        } else {
            QuotaLimitType::Warning
        },
        limit_percent: percent,
    }
}

/// Quay's `get_quota(namespace_name, quota_id)`: the quota `quota_id` of the user or
/// organization called `name`, else 404; (namespace, (quota id, bytes)).
pub(crate) fn quota_by_name(
    tx: &Transaction<'_>,
    name: &str,
    quota_id: &str,
) -> Result<(Namespace, (i64, i64)), QuayError> {
    let ns = quota_namespace(tx, name)?;
    let quota = namespace_quota(tx, ns.id, quota_id)?;
    Ok((ns, quota))
}

/// The limit `limit_id` of a quota, else 404 (a limit of another quota too: Quay answers 400
/// with an empty message there, a defect).
pub(crate) fn quota_limit(
    tx: &Transaction<'_>,
    quota_id: i64,
    limit_id: &str,
) -> Result<db::LimitRow, QuayError> {
    let id: i64 = limit_id.parse().map_err(|_| QuayError::not_found())?;
    db::limit_of(tx, quota_id, id)?.ok_or_else(QuayError::not_found)
}

/// Quay's `_quota_type`: `Warning` or `Reject` in any case, stored in Quay's spelling.
pub(crate) fn limit_type(name: &str) -> Result<&'static str, QuayError> {
    match name.to_lowercase().as_str() {
        "warning" => Ok("Warning"),
        "reject" => Ok("Reject"),
        _ => Err(QuayError::invalid_request(
            "Quota type must be one of [Warning, Reject]",
        )),
    }
}

/// Quay's threshold check: 1 to 100 percent.
pub(crate) fn check_threshold(percent: i64) -> Result<i64, QuayError> {
    if (1..=100).contains(&percent) {
        Ok(percent)
    } else {
        Err(QuayError::invalid_request(
            "Quota limit threshold must be between 1 and 100",
        ))
    }
}

/// A model error raised outside the handler's `try` block: Quay's app-wide handler answers 400
/// `{"message": ...}` with the same text.
pub(crate) fn as_message(e: QuayError) -> QuayError {
    match e {
        QuayError::Api {
            status: 400,
            detail,
            ..
        } => QuayError::message(400, detail),
        e => e,
    }
}
