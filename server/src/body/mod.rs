//! Request bodies as Quay checks them, in one place: the body extractor ([`Body`]), Quay's
//! `validate_json_request` (415, malformed JSON, `null`), its jsonschema 3.2 validation with
//! the exact messages ([`schema`]) and the Python rendering those messages use ([`py`]).
//!
//! [`Body`] never fails extraction: the handler decides when a bad body is reported, because
//! Quay checks permissions before the body in some areas and after it in others. The generated
//! document still shows the body's schema.
//!
//! How the areas read it: team and permission with [`Body::validated`] (Quay's schema of `T`,
//! then `T`); repository, robot and superuser as checked JSON ([`Body::checked`],
//! [`Body::optional`]); organization with [`Body::first_line`] (each field of `T` checks itself
//! against its property schema with [`field`], and only the message's first line is answered);
//! user with [`Body::value`] (poem's own wording).

use std::marker::PhantomData;

use poem::{Request, RequestBody};
use poem_openapi::registry::{MetaMediaType, MetaRequest, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde_json::Value;

use crate::error::{MALFORMED_JSON, NOT_JSON, QuayError};

pub mod fields;
pub mod py;
pub mod schema;

pub use py::Py;
pub(crate) use py::py;

/// Largest body accepted; a larger one is refused while it streams in (or at once, when its
/// `Content-Length` says so): it never costs more than this much memory.
pub const MAX_BODY: usize = 1024 * 1024;

/// The string member `key` of a checked JSON body, if it is one.
pub fn str_member(body: &Value, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The strings of a JSON array (stored rule patterns, filters); empty for anything else.
pub fn string_list(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A request body type with Quay's schema for it.
pub trait QuayBody: Type {
    /// Quay's schema, written as in Quay's source (key order matters to the validation order).
    fn schema() -> Py;
}

/// Validates `instance` against `schema`: 400 `invalid_request` with jsonschema's full text.
pub fn check(instance: &Value, schema: &Py) -> Result<(), QuayError> {
    schema::validate(instance, schema).map_err(QuayError::invalid_request)
}

/// The request body of an operation, documented as `T` (`REQUIRED`: whether the document says
/// it is required) and kept as sent until the handler reads it.
pub struct Body<T, const REQUIRED: bool = true> {
    content_type: Option<String>,
    bytes: Option<Vec<u8>>,
    /// Over [`MAX_BODY`]: reading stopped there.
    oversized: bool,
    _schema: PhantomData<fn() -> T>,
}

impl<T, const REQUIRED: bool> Body<T, REQUIRED> {
    /// Quay's `validate_json_request` before the schema: 415 unless `application/json`, 400
    /// `MessageError` when not JSON, 400 `Missing JSON body` for `null`.
    pub fn json(&self) -> Result<Value, QuayError> {
        if self.oversized {
            check_content_type(self.content_type.as_deref())?;
            return Err(too_large());
        }
        let bytes = self
            .bytes
            .as_deref()
            .ok_or_else(|| QuayError::message(400, MALFORMED_JSON))?;
        decode_json(self.content_type.as_deref(), bytes)
    }
}

impl<T: QuayBody, const REQUIRED: bool> Body<T, REQUIRED> {
    /// The JSON of a mandatory body, checked against `T`'s schema.
    pub fn checked(&self) -> Result<Value, QuayError> {
        let value = self.json()?;
        check(&value, &T::schema())?;
        Ok(value)
    }

    /// Quay's `validate_json_request(optional=True)` after `max_json_size`: a JSON body over
    /// `max` bytes is refused; a body that is absent, not sent as JSON, not parseable or `null`
    /// counts as no body; any other value is checked against `T`'s schema.
    pub fn optional(&self, max: usize) -> Result<Option<Value>, QuayError> {
        let is_json = self
            .content_type
            .as_deref()
            .and_then(|c| c.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == "application"
                    && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"))
            });
        if self.oversized {
            return if is_json {
                Err(QuayError::invalid_request("Request body too large"))
            } else {
                Ok(None)
            };
        }
        let Some(bytes) = self.bytes.as_deref() else {
            return Ok(None);
        };
        if is_json && bytes.len() > max {
            return Err(QuayError::invalid_request("Request body too large"));
        }
        if !is_json {
            return Ok(None);
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Null) | Err(_) => Ok(None),
            Ok(value) => {
                check(&value, &T::schema())?;
                Ok(Some(value))
            }
        }
    }
}

impl<T, const REQUIRED: bool> Body<T, REQUIRED> {
    /// The keys of a JSON object body in the order they were sent (Quay logs some bodies'
    /// `data.keys()`); empty for anything else.
    pub fn keys_in_order(&self) -> Vec<String> {
        struct Keys(Vec<String>);
        impl<'de> serde::Deserialize<'de> for Keys {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visit;
                impl<'de> serde::de::Visitor<'de> for Visit {
                    type Value = Keys;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Keys, A::Error> {
                        let mut keys = Vec::new();
                        while let Some((k, _)) =
                            map.next_entry::<String, serde::de::IgnoredAny>()?
                        {
                            if !keys.contains(&k) {
                                keys.push(k);
                            }
                        }
                        Ok(Keys(keys))
                    }
                }
                d.deserialize_map(Visit)
            }
        }
        self.bytes
            .as_deref()
            .and_then(|b| serde_json::from_slice::<Keys>(b).ok())
            .map(|k| k.0)
            .unwrap_or_default()
    }
}

impl<T: QuayBody + ParseFromJSON> Body<T> {
    /// The body checked against `T`'s schema, then decoded as `T`.
    pub fn validated(&self) -> Result<T, QuayError> {
        let value = self.checked()?;
        T::parse_from_json(Some(value)).map_err(|e| QuayError::invalid_request(e.into_message()))
    }
}

impl<T: ParseFromJSON> Body<T> {
    /// The body decoded as `T`, a refusal worded by poem except a missing property, which reads
    /// as jsonschema's first line (`'x' is a required property`).
    pub fn value(&self) -> Result<T, QuayError> {
        let value = self.json()?;
        T::parse_from_json(Some(value))
            .map_err(|e| QuayError::invalid_request(schema_message(&e.into_message())))
    }

    /// The body decoded as `T` whose fields check themselves ([`field`]), a refusal worded as
    /// the first line of jsonschema's message only.
    pub fn first_line(&self) -> Result<T, QuayError> {
        let value = self.json()?;
        T::parse_from_json(Some(value))
            .map_err(|e| QuayError::invalid_request(strip_poem_framing(&e.into_message())))
    }
}

/// 415 unless the body is sent as `application/json`.
fn check_content_type(content_type: Option<&str>) -> Result<(), QuayError> {
    let is_json = content_type
        .and_then(|c| c.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.type_() == "application" && m.subtype() == "json");
    if is_json {
        Ok(())
    } else {
        Err(QuayError::message(415, NOT_JSON))
    }
}

/// A body over [`MAX_BODY`].
fn too_large() -> QuayError {
    QuayError::api(413, "invalid_request", "Request body too large")
}

/// The raw JSON of a body, checked the way Quay's `validate_json_request` does before the schema.
pub fn decode_json(content_type: Option<&str>, bytes: &[u8]) -> Result<Value, QuayError> {
    check_content_type(content_type)?;
    if bytes.len() > MAX_BODY {
        return Err(too_large());
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|_| QuayError::message(400, MALFORMED_JSON))?;
    if value.is_null() {
        return Err(QuayError::invalid_request("Missing JSON body"));
    }
    Ok(value)
}

impl<'a, T: Type, const REQUIRED: bool> ApiExtractor<'a> for Body<T, REQUIRED> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: None,
            content: vec![MetaMediaType {
                content_type: "application/json",
                schema: T::schema_ref(),
            }],
            required: REQUIRED,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        let declared = request
            .headers()
            .get(poem::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let (bytes, oversized) = if declared.is_some_and(|n| n > MAX_BODY as u64) {
            (None, true)
        } else {
            match body.take().ok() {
                None => (None, false),
                Some(b) => match b.into_bytes_limit(MAX_BODY).await {
                    Ok(bytes) => (Some(bytes.to_vec()), false),
                    Err(poem::error::ReadBodyError::PayloadTooLarge) => (None, true),
                    Err(_) => (None, false),
                },
            }
        };
        Ok(Self {
            content_type: request.content_type().map(str::to_string),
            bytes,
            oversized,
            _schema: PhantomData,
        })
    }
}

/// One field of a typed body checked on its own against its jsonschema (for
/// `#[oai(deserialize_with)]`): `None` when absent, or the message of the best-matching failure
/// (read back by [`Body::first_line`]).
pub fn field(
    value: Option<Value>,
    name: &str,
    required: bool,
    schema: &Py,
) -> Result<Option<Value>, String> {
    match value {
        None if required => Err(schema::required_message(name)),
        None => Ok(None),
        Some(v) => match schema::best_match(&v, schema) {
            Some(e) => Err(e.message),
            None => Ok(Some(v)),
        },
    }
}

/// Turns poem-openapi's parse message into the first line of the message jsonschema gives Quay.
fn schema_message(poem_message: &str) -> String {
    // poem-openapi: `failed to parse "Name": field `role` is required` and similar.
    if let Some(rest) = poem_message.split("field `").nth(1)
        && let Some((field, tail)) = rest.split_once('`')
        && tail.contains("required")
    {
        return format!("'{field}' is a required property");
    }
    poem_message.to_string()
}

/// poem-openapi's parse message without its framing (`failed to parse "X": `, ` (occurred
/// while parsing "Y")`): what a field's own check said, or for a body that is not an object,
/// jsonschema's first line with the value as poem shows it.
fn strip_poem_framing(poem_message: &str) -> String {
    let message = schema_message(poem_message);
    let mut d = message.as_str();
    if let Some(rest) = d.strip_prefix("failed to parse \"")
        && let Some((_, after)) = rest.split_once("\": ")
    {
        d = after;
    }
    if let Some(i) = d.find(" (occurred while parsing") {
        d = &d[..i];
    }
    match d
        .strip_prefix("Expected input type \"")
        .and_then(|r| r.split_once("\", found "))
    {
        Some((_, found)) => format!("{} is not of type 'object'", found.trim_end_matches('.')),
        None => d.to_string(),
    }
}

#[cfg(test)]
mod tests;
