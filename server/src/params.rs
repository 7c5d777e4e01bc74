//! Query parameters that Quay converts itself, so that poem never refuses them while parsing:
//! Quay's `truthy_bool` ([`TruthyBool`]) and values converted by the handler ([`Lenient`]).

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::marker::PhantomData;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromParameter, ParseResult, ToJSON, Type};
use serde_json::Value;

/// Implements poem-openapi's `Type` for a value type documented with an inline schema:
/// `plain_type!(Name, "type name", schema_expression)`.
macro_rules! plain_type {
    ($ty:ty, $name:literal, $schema:expr) => {
        impl poem_openapi::types::Type for $ty {
            const IS_REQUIRED: bool = true;
            type RawValueType = Self;
            type RawElementValueType = Self;

            fn name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn schema_ref() -> poem_openapi::registry::MetaSchemaRef {
                poem_openapi::registry::MetaSchemaRef::Inline(Box::new($schema))
            }

            fn as_raw_value(&self) -> Option<&Self> {
                Some(self)
            }

            fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
                Box::new(self.as_raw_value().into_iter())
            }
        }
    };
}
pub(crate) use plain_type;

/// A boolean query parameter read with Quay's `truthy_bool`: `false`, `False`, `FALSE`, `0`,
/// `null` and the empty string are false, anything else is true. Never a parse error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TruthyBool(pub bool);

plain_type!(TruthyBool, "boolean", MetaSchema::new("boolean"));

impl ToJSON for TruthyBool {
    fn to_json(&self) -> Option<Value> {
        Some(Value::Bool(self.0))
    }
}

impl ParseFromParameter for TruthyBool {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(!matches!(
            value,
            "false" | "False" | "FALSE" | "0" | "" | "null"
        )))
    }
}

/// An integer query parameter that Quay converts with Python's `int()` inside the handler,
/// after checks that come first: a value that is no integer is kept as `None` for the
/// handler to refuse with its own help text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseInt(pub Option<i64>);

plain_type!(LooseInt, "integer", MetaSchema::new("integer"));

impl ParseFromParameter for LooseInt {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(python_int(value)))
    }
}

/// Python's `int(text)`: surrounding whitespace, a sign and `_` between digits are accepted.
/// `None` also for a number beyond `i64` (see [`python_int_saturating`]).
pub fn python_int(text: &str) -> Option<i64> {
    let (negative, digits) = python_digits(text)?;
    digits
        .parse::<i64>()
        .ok()
        .map(|n| if negative { -n } else { n })
}

/// Python's `int(text)` for a value only compared or clamped afterwards: a number beyond `i64`
/// becomes `i64::MAX` (or `i64::MIN`), which compares as Python's big integer does.
pub fn python_int_saturating(text: &str) -> Option<i64> {
    let (negative, digits) = python_digits(text)?;
    Some(match digits.parse::<i64>() {
        Ok(n) if negative => -n,
        Ok(n) => n,
        Err(_) if negative => i64::MIN,
        Err(_) => i64::MAX,
    })
}

/// The sign and the digits (without `_`) of a Python integer literal.
fn python_digits(text: &str) -> Option<(bool, String)> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    Some((negative, digits.replace('_', "")))
}

/// An optional query parameter read as Python's `int` (reqparse's `type=int`), or Quay's 400
/// `{"message": {<name>: <help>}}` naming it with its help text.
pub fn int_param(
    value: &Option<Lenient<i64>>,
    name: &str,
    help: &str,
) -> Result<Option<i64>, crate::error::QuayError> {
    match value {
        None => Ok(None),
        Some(v) => {
            python_int_saturating(&v.0)
                .map(Some)
                .ok_or_else(|| crate::error::QuayError::Message {
                    status: 400,
                    message: serde_json::json!({ name: help }),
                })
        }
    }
}

/// The value of an optional `truthy_bool` parameter, or its default.
pub fn truthy(param: &Option<TruthyBool>, default: bool) -> bool {
    param.map_or(default, |b| b.0)
}

/// A query value that Quay converts itself (so it is never refused while parsing), documented
/// with the type `T`.
pub struct Lenient<T>(pub String, PhantomData<fn() -> T>);

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

/// An opaque page token: base64url of the id the next page starts at.
pub fn encode_page_token(next_id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("id:{next_id}"))
}

/// The id a page token starts at; an invalid token silently means the first page.
pub fn decode_page_token(token: Option<&str>) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(token?).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("id:")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_like_python_int() {
        assert_eq!(python_int("5"), Some(5));
        assert_eq!(python_int(" 7 "), Some(7));
        assert_eq!(python_int("+3"), Some(3));
        assert_eq!(python_int("-2"), Some(-2));
        assert_eq!(python_int("1_000"), Some(1000));
        for bad in ["", "x", "5.0", "1e3", "_1", "1_", "1__0", "--1"] {
            assert_eq!(python_int(bad), None, "{bad}");
        }
    }

    #[test]
    fn truthy_bool_is_quay_lenient() {
        for (text, value) in [
            ("true", true),
            ("1", true),
            ("yes", true),
            ("False", false),
            ("0", false),
            ("", false),
            ("null", false),
        ] {
            assert_eq!(
                TruthyBool::parse_from_parameter(text).unwrap().0,
                value,
                "{text}"
            );
        }
    }

    #[test]
    fn truthy_bool_is_quays() {
        for f in ["false", "False", "FALSE", "0", "", "null"] {
            assert!(!TruthyBool::parse_from_parameter(f).unwrap().0, "{f}");
        }
        for t in ["true", "1", "yes", "no", "off", "True"] {
            assert!(TruthyBool::parse_from_parameter(t).unwrap().0, "{t}");
        }
    }
}
