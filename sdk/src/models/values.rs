//! The value types the generated models use where a plain `String` or integer would lose
//! something: secrets kept out of `Debug`, unknown enum values, byte sizes that Quay sends as
//! integers or floats, and timestamps in Quay's two formats.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string (client secret, token, password, private key). Its `Debug` never shows it.
///
/// ```
/// let s = quay_sdk::models::Secret::new("hunter2");
/// assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// A value of a string enum that this version of the SDK does not know, kept as sent.
///
/// It cannot be built from outside the SDK: an enum holds it only when the value parsed was
/// none of the known ones, so it never stands for a known value.
///
/// ```
/// use quay_sdk::models::RepositoryRole;
/// let role: RepositoryRole = "owner".parse().unwrap();
/// assert!(role.is_unknown());
/// assert_eq!(role.as_str(), "owner");
/// assert_eq!(RepositoryRole::from("admin"), RepositoryRole::Admin);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        Self(value.to_string())
    }

    /// The value as Quay sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A size in bytes. Quay sends byte counts as JSON integers, except where it computed them
/// from a human-readable size (`"10 GiB"`), where the same value arrives as a float
/// (`10737418240.0`); both decode. Always sent as an integer.
///
/// ```
/// use quay_sdk::models::ByteSize;
/// let a: ByteSize = serde_json::from_str("10737418240.0").unwrap();
/// let b: ByteSize = serde_json::from_str("10737418240").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.get(), 10 * 1024 * 1024 * 1024);
/// assert_eq!(serde_json::to_string(&a).unwrap(), "10737418240");
/// assert!(serde_json::from_str::<ByteSize>("1.5").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ByteSize(pub u64);

impl ByteSize {
    /// The number of bytes.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl From<u64> for ByteSize {
    fn from(n: u64) -> Self {
        ByteSize(n)
    }
}

impl PartialEq<u64> for ByteSize {
    fn eq(&self, other: &u64) -> bool {
        self.0 == *other
    }
}

impl From<ByteSize> for u64 {
    fn from(b: ByteSize) -> Self {
        b.0
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} B", self.0)
    }
}

impl Serialize for ByteSize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ByteSize;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole, non-negative number of bytes (integer or float)")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ByteSize, E> {
                Ok(ByteSize(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ByteSize, E> {
                u64::try_from(v)
                    .map(ByteSize)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ByteSize, E> {
                if v.fract() == 0.0 && (0.0..1.8e19).contains(&v) {
                    Ok(ByteSize(v as u64))
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(feature = "schema")]
impl utoipa::PartialSchema for ByteSize {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .minimum(Some(0))
            .into()
    }
}

#[cfg(feature = "schema")]
impl utoipa::ToSchema for ByteSize {}

/// The two text formats Quay writes timestamps in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampFormat {
    /// ISO 8601 / RFC 3339 (`2036-11-21T18:37:54.934589Z`), used by application tokens.
    Rfc3339,
    /// RFC 2822 with a `-0000` zone (`Tue, 18 Feb 2025 19:28:15 -0000`), Quay's `format_date`.
    Rfc2822,
}

/// A point in time as Quay sends it: decoded from RFC 3339 or RFC 2822, sent back in the
/// format it came in.
///
/// ```
/// use quay_sdk::models::Timestamp;
/// let a: Timestamp = serde_json::from_str("\"Tue, 18 Feb 2025 19:28:15 -0000\"").unwrap();
/// let b: Timestamp = serde_json::from_str("\"2025-02-18T19:28:15Z\"").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.as_datetime().timestamp(), 1739906895);
/// assert_eq!(serde_json::to_string(&a).unwrap(), "\"Tue, 18 Feb 2025 19:28:15 -0000\"");
/// ```
#[derive(Debug, Clone)]
pub struct Timestamp {
    at: DateTime<Utc>,
    format: TimestampFormat,
}

impl Timestamp {
    /// The instant, in UTC.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.at
    }

    /// The format Quay used.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }

    /// Parses either of Quay's formats.
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Some(Self {
                at: t.with_timezone(&Utc),
                format: TimestampFormat::Rfc3339,
            });
        }
        DateTime::parse_from_rfc2822(text).ok().map(|t| Self {
            at: t.with_timezone(&Utc),
            format: TimestampFormat::Rfc2822,
        })
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(at: DateTime<Utc>) -> Self {
        Self {
            at,
            format: TimestampFormat::Rfc3339,
        }
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Timestamp {}

/// Equal when the text is a timestamp of the same instant, in either format.
impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        Timestamp::parse(other).is_some_and(|t| t.at == self.at)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            TimestampFormat::Rfc3339 => {
                f.write_str(&self.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }
            TimestampFormat::Rfc2822 => {
                f.write_str(&self.at.format("%a, %d %b %Y %H:%M:%S -0000").to_string())
            }
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is neither an RFC 3339 nor an RFC 2822 timestamp"
            ))
        })
    }
}

#[cfg(feature = "schema")]
impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .into()
    }
}

#[cfg(feature = "schema")]
impl utoipa::ToSchema for Timestamp {}

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl PartialEq<&str> for Date {
    fn eq(&self, other: &&str) -> bool {
        NaiveDate::parse_from_str(other, "%Y-%m-%d").is_ok_and(|d| d == self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| serde::de::Error::custom(format!("`{s}` is not a YYYY-MM-DD date")))
    }
}

#[cfg(feature = "schema")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .into()
    }
}

#[cfg(feature = "schema")]
impl utoipa::ToSchema for Date {}

/// Deserializes a field that is optional *and* nullable: absent stays `None` (through
/// `#[serde(default)]`), `null` becomes `Some(None)`, a value `Some(Some(v))`.
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Deserializes an optional integer that Quay may send as an integral float (`1209600.0`): a
/// fraction or a value out of `T`'s range is refused.
pub(crate) fn integral<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    use serde::de::Error as _;
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    let out_of_range = || D::Error::custom(format!("{n} is out of range"));
    if let Some(u) = n.as_u64() {
        return T::try_from(u).map(Some).map_err(|_| out_of_range());
    }
    if let Some(i) = n.as_i64() {
        return T::try_from(i).map(Some).map_err(|_| out_of_range());
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => {
            T::try_from(f as i64).map(Some).map_err(|_| out_of_range())
        }
        _ => Err(D::Error::custom(format!("expected an integer, got {n}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_floats_decode_as_integers() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "integral")]
            n: Option<u64>,
        }
        let n = |json: &str| serde_json::from_str::<T>(json).map(|t| t.n);
        assert_eq!(n(r#"{"n": 1209600.0}"#).unwrap(), Some(1_209_600));
        assert_eq!(n(r#"{"n": 5}"#).unwrap(), Some(5));
        assert_eq!(n(r#"{"n": null}"#).unwrap(), None);
        assert_eq!(n("{}").unwrap(), None);
        assert!(n(r#"{"n": 1.5}"#).is_err());
        assert!(n(r#"{"n": -1}"#).is_err());
    }

    #[test]
    fn secrets_are_redacted() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert!(!format!("{s:?}").contains("abc"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"abc\"");
    }

    #[test]
    fn byte_sizes_refuse_fractions_and_negatives() {
        assert!(serde_json::from_str::<ByteSize>("-1").is_err());
        assert!(serde_json::from_str::<ByteSize>("\"1\"").is_err());
        assert_eq!(
            serde_json::from_str::<ByteSize>("0.0").unwrap(),
            ByteSize(0)
        );
    }

    #[test]
    fn timestamps_keep_their_format() {
        let t: Timestamp = serde_json::from_str("\"2036-11-21T18:37:54.934589Z\"").unwrap();
        assert_eq!(t.format(), TimestampFormat::Rfc3339);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2036-11-21T18:37:54.934589Z\""
        );
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        let d: Date = serde_json::from_str("\"2026-11-22\"").unwrap();
        assert_eq!(d.to_string(), "2026-11-22");
    }
}
