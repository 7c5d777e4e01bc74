//! Timestamps: stored as RFC 3339 UTC text; rendered in Quay's formats.

use chrono::{DateTime, SecondsFormat, Utc};

/// Now, as stored in the database.
pub fn now_db() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses a stored timestamp.
pub fn parse_db(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Quay's own date format (logs, builds): `Tue, 18 Feb 2025 19:28:15 -0000`.
pub fn quay_date(t: &DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S -0000").to_string()
}

/// Flask's `jsonify` date format (service keys): `Tue, 02 Jan 2024 03:04:05 GMT`.
pub fn http_date(t: &DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A timestamp in the stored form, for range comparisons.
pub fn db_form(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Python's `isoformat() + "Z"` of a UTC time (the mirror area's dates): microseconds only
/// when there are any.
pub fn iso_z(t: &DateTime<Utc>) -> String {
    if t.timestamp_subsec_micros() == 0 {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }
}

/// A stored time as the mirror areas show it ([`iso_z`]).
pub fn stored_iso_z(stored: &str) -> Option<String> {
    parse_db(stored).map(|t| iso_z(&t))
}

/// The stored form of a mirror's `sync_start_date`, which Quay parses with
/// `strptime("%Y-%m-%dT%H:%M:%SZ")` and nothing else; `None` for any other text.
pub fn parse_start_date(text: &str) -> Option<String> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
        .ok()
        .map(|t| db_form(&t.and_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats() {
        let t = Utc.with_ymd_and_hms(2025, 2, 18, 19, 28, 15).unwrap();
        assert_eq!(quay_date(&t), "Tue, 18 Feb 2025 19:28:15 -0000");
        assert_eq!(http_date(&t), "Tue, 18 Feb 2025 19:28:15 GMT");
        assert_eq!(parse_db(&t.to_rfc3339()), Some(t));
    }
}
