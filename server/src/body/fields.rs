//! Request-body fields that check themselves, as the organization area's handlers do: each
//! field is checked against its property schema (generated from the spec into the body's
//! model) and a refusal is the first line of the jsonschema message Quay answers (`'name' is
//! a required property`, `5 is not of type 'string'`, ...), read back by
//! [`Body::first_line`](super::Body::first_line).
//!
//! poem-openapi alone accepts numbers and booleans for `String` fields and `null` for
//! optional ones; Quay's JSON Schema validation does not.

use poem_openapi::types::{MaybeUndefined, ParseError, ParseResult, Type};
use serde_json::Value;

use super::Py;
use super::schema::type_message;

/// The field checked against `schema`; `None` when absent and not `required`.
fn checked<T: Type>(
    value: Option<Value>,
    name: &str,
    required: bool,
    schema: &Py,
) -> Result<Option<Value>, ParseError<T>> {
    super::field(value, name, required, schema).map_err(ParseError::custom)
}

/// A required string property `name`.
pub fn required_string(value: Option<Value>, name: &str, schema: &Py) -> ParseResult<String> {
    let value = checked(value, name, true, schema)?;
    Ok(value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default())
}

/// An optional string property.
pub fn optional_string(value: Option<Value>, schema: &Py) -> ParseResult<Option<String>> {
    let value = checked(value, "", false, schema)?;
    Ok(value.and_then(|v| v.as_str().map(str::to_string)))
}

/// An optional string property that may be `null`.
pub fn nullable_string(value: Option<Value>, schema: &Py) -> ParseResult<MaybeUndefined<String>> {
    Ok(match checked(value, "", false, schema)? {
        None => MaybeUndefined::Undefined,
        Some(Value::String(s)) => MaybeUndefined::Value(s),
        Some(_) => MaybeUndefined::Null,
    })
}

/// An optional boolean property.
pub fn optional_bool(value: Option<Value>, schema: &Py) -> ParseResult<Option<bool>> {
    let value = checked(value, "", false, schema)?;
    Ok(value.and_then(|v| v.as_bool()))
}

/// An integer as jsonschema sees one, as far as it fits an `i64` (`5.0` too).
fn integral(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
            .map(|f| f as i64)
    })
}

/// An optional integer property (a float with no fraction counts, as in jsonschema).
pub fn optional_integer(value: Option<Value>, schema: &Py) -> ParseResult<Option<i64>> {
    match checked(value, "", false, schema)? {
        None => Ok(None),
        Some(v) => integral(&v)
            .map(Some)
            .ok_or_else(|| ParseError::custom(type_message(&Py::from(&v), &["integer"]))),
    }
}

/// An optional number property.
pub fn optional_number(value: Option<Value>, schema: &Py) -> ParseResult<Option<f64>> {
    let value = checked(value, "", false, schema)?;
    Ok(value.and_then(|v| v.as_f64()))
}
