//! The audit log's rules, shared by the logs and superuser areas: Quay's `Log.to_dict` view and
//! its date parameters.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::models::{
    Avatar, AvatarKind, LogEntry, LogEntryNamespace, LogEntryPerformer, NamespaceKind, UserKind,
};
use crate::store::logs::LogRow;
use crate::time::{parse_db, quay_date};

/// One audit log entry as Quay's `LogEntry.to_dict(avatar, include_namespace=True)`.
pub(crate) fn log_view(row: LogRow) -> LogEntry {
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
        metadata: row
            .metadata
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        ip: row.ip,
        datetime: parse_db(&row.created_at)
            .map(|d| quay_date(&d))
            .unwrap_or_default(),
        performer,
        namespace,
    }
}

/// Quay's `_parse_datetime`: `MM/DD/YYYY` (UTC) at midnight, or nothing.
pub(crate) fn parse_log_day(text: Option<&str>) -> Option<DateTime<Utc>> {
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
