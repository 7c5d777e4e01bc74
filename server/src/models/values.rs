//! Value types of the server's models that no poem-openapi type expresses.

use poem_openapi::registry::MetaSchema;
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON};
use serde_json::{Number, Value};

/// A size in bytes, documented as the spec's `ByteSize` (`number`, whole, `>= 0`).
///
/// Quay sends byte counts as integers, except where it computed them from a human-readable
/// size (`"10 GiB"`): there the same value is a float (`10737418240.0`). [`ByteSize::float`]
/// reproduces that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ByteSize {
    /// The number of bytes.
    pub bytes: u64,
    /// Sent as a JSON float.
    pub as_float: bool,
}

impl ByteSize {
    /// A byte count sent as an integer.
    pub const fn new(bytes: u64) -> Self {
        Self {
            bytes,
            as_float: false,
        }
    }

    /// A byte count sent as a float, as Quay does after parsing a human-readable size.
    pub const fn float(bytes: u64) -> Self {
        Self {
            bytes,
            as_float: true,
        }
    }
}

impl From<u64> for ByteSize {
    fn from(bytes: u64) -> Self {
        Self::new(bytes)
    }
}

crate::params::plain_type!(
    ByteSize,
    "number",
    MetaSchema {
        minimum: Some(0.0),
        multiple_of: Some(1.0),
        ..MetaSchema::new("number")
    }
);

impl ToJSON for ByteSize {
    fn to_json(&self) -> Option<Value> {
        Some(if self.as_float {
            Number::from_f64(self.bytes as f64).map_or(Value::Null, Value::Number)
        } else {
            Value::Number(self.bytes.into())
        })
    }
}

impl ParseFromJSON for ByteSize {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        let value = value.unwrap_or_default();
        let n = value.as_number();
        if let Some(u) = n.and_then(Number::as_u64) {
            return Ok(Self::new(u));
        }
        match n.and_then(Number::as_f64) {
            Some(f) if f.fract() == 0.0 && (0.0..1.8e19).contains(&f) => Ok(Self::float(f as u64)),
            _ => Err(ParseError::expected_type(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_stay_floats() {
        assert_eq!(
            ByteSize::float(10737418240).to_json().unwrap().to_string(),
            "10737418240.0"
        );
        assert_eq!(ByteSize::new(5).to_json().unwrap().to_string(), "5");
        assert_eq!(
            ByteSize::parse_from_json(Some(serde_json::json!(2.0))).unwrap(),
            ByteSize::float(2)
        );
        assert!(ByteSize::parse_from_json(Some(serde_json::json!(-1))).is_err());
    }
}
