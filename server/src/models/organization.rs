//! Schemas of the `organization` tag: organizations, members, collaborators, OAuth applications
//! and their tokens, proxy-cache configuration.

#[allow(unused_imports)]
use super::*;

use poem_openapi::Object;
use poem_openapi::types::{MaybeUndefined, ParseError, ParseResult, Type};
use serde_json::Value;

use crate::body::schema::type_message;
use crate::body::{Py, py};

// ------------------------------------------------------------------ organizations

/// Body of `createOrganization`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewOrg {
    /// The new organization's name.
    #[oai(deserialize_with = "required_name")]
    pub name: String,
    /// Organization contact e-mail.
    #[oai(deserialize_with = "optional_string")]
    pub email: Option<String>,
    /// Contact e-mail; preferred over `email`.
    #[oai(deserialize_with = "optional_string")]
    pub contact_email: Option<String>,
    /// The reCAPTCHA response (only read with `FEATURE_RECAPTCHA`).
    #[oai(deserialize_with = "optional_string")]
    pub recaptcha_response: Option<String>,
}

/// Body of `changeOrganizationDetails`; every field optional.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UpdateOrg {
    /// New contact e-mail (used when `contact_email` is absent).
    #[oai(deserialize_with = "optional_string")]
    pub email: Option<String>,
    /// New contact e-mail; `null` or `""` clears it.
    #[oai(deserialize_with = "nullable_string")]
    pub contact_email: MaybeUndefined<String>,
    /// Whether invoices are e-mailed.
    #[oai(deserialize_with = "optional_bool")]
    pub invoice_email: Option<bool>,
    /// Invoice address; `""` or `null` clears it.
    #[oai(deserialize_with = "nullable_string")]
    pub invoice_email_address: MaybeUndefined<String>,
    /// Time machine window in seconds (one of `TAG_EXPIRATION_OPTIONS`).
    #[oai(deserialize_with = "tag_expiration")]
    pub tag_expiration_s: Option<i64>,
}

// ------------------------------------------------------------------ members, collaborators

// ------------------------------------------------------------------ OAuth applications

/// Body of `createOrganizationApplication`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewApp {
    /// The application's name.
    #[oai(deserialize_with = "required_name")]
    pub name: String,
    /// OAuth redirect URI (default `""`).
    #[oai(deserialize_with = "optional_string")]
    pub redirect_uri: Option<String>,
    /// Homepage (default `""`).
    #[oai(deserialize_with = "optional_string")]
    pub application_uri: Option<String>,
    /// Description (default `""`).
    #[oai(deserialize_with = "optional_string")]
    pub description: Option<String>,
    /// Avatar e-mail (default none).
    #[oai(deserialize_with = "optional_string")]
    pub avatar_email: Option<String>,
}

/// Body of `updateOrganizationApplication`: the full new state.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct UpdateApp {
    /// The application's name.
    #[oai(deserialize_with = "required_name")]
    pub name: String,
    /// OAuth redirect URI.
    #[oai(deserialize_with = "required_redirect_uri")]
    pub redirect_uri: String,
    /// Homepage.
    #[oai(deserialize_with = "required_application_uri")]
    pub application_uri: String,
    /// Description; omitted means `""`.
    #[oai(deserialize_with = "optional_string")]
    pub description: Option<String>,
    /// Avatar e-mail; omitted means none.
    #[oai(deserialize_with = "optional_string")]
    pub avatar_email: Option<String>,
}

/// Body of `createOrganizationApplicationToken`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewApplicationToken {
    /// User-facing token name (trimmed).
    #[oai(deserialize_with = "token_name")]
    pub name: String,
    /// Space- or comma-separated scopes.
    #[oai(deserialize_with = "required_scope")]
    pub scope: String,
    /// Lifetime in seconds.
    #[oai(deserialize_with = "token_expiration")]
    pub expiration: Option<f64>,
}

// ------------------------------------------------------------------ proxy cache

/// Body of `createProxyCacheConfig` and `validateProxyCacheConfig`.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct NewProxyCacheConfig {
    /// The upstream registry, optionally with a namespace path.
    #[oai(deserialize_with = "required_upstream_registry")]
    pub upstream_registry: String,
    /// User name for the upstream.
    pub upstream_registry_username: Option<String>,
    /// Password or token for the upstream.
    pub upstream_registry_password: Option<String>,
    /// Expiration of cached tags, in seconds (default 86400).
    pub expiration_s: Option<i64>,
    /// Reach the upstream over plain HTTP (default false).
    pub insecure: Option<bool>,
}

// ------------------------------------------------------------------ strict body parsing
//
// poem-openapi accepts numbers and booleans for `String` fields and `null` for optional ones;
// Quay's JSON Schema validation does not. Each field is checked against its property schema
// ([`crate::body::field`]), giving the first line of the jsonschema message Quay answers
// (`'name' is a required property`, `5 is not of type 'string'`, ...).

/// The field checked against `schema`; `None` when absent and not `required`.
fn checked<T: Type>(
    value: Option<Value>,
    name: &str,
    required: bool,
    schema: Py,
) -> Result<Option<Value>, ParseError<T>> {
    crate::body::field(value, name, required, &schema).map_err(ParseError::custom)
}

fn required_string(value: Option<Value>, field: &str) -> ParseResult<String> {
    let value = checked(value, field, true, py!({"type": "string"}))?;
    Ok(value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default())
}

fn required_name(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "name")
}

fn required_redirect_uri(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "redirect_uri")
}

fn required_application_uri(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "application_uri")
}

fn required_scope(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "scope")
}

fn required_upstream_registry(value: Option<Value>) -> ParseResult<String> {
    required_string(value, "upstream_registry")
}

fn token_name(value: Option<Value>) -> ParseResult<String> {
    let schema = py!({"type": "string", "minLength": 1, "maxLength": 255});
    let value = checked(value, "name", true, schema)?;
    Ok(value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default())
}

fn optional_string(value: Option<Value>) -> ParseResult<Option<String>> {
    let value = checked(value, "", false, py!({"type": "string"}))?;
    Ok(value.and_then(|v| v.as_str().map(str::to_string)))
}

fn nullable_string(value: Option<Value>) -> ParseResult<MaybeUndefined<String>> {
    Ok(
        match checked(value, "", false, py!({"type": ["string", "null"]}))? {
            None => MaybeUndefined::Undefined,
            Some(Value::String(s)) => MaybeUndefined::Value(s),
            Some(_) => MaybeUndefined::Null,
        },
    )
}

fn optional_bool(value: Option<Value>) -> ParseResult<Option<bool>> {
    let value = checked(value, "", false, py!({"type": "boolean"}))?;
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

fn tag_expiration(value: Option<Value>) -> ParseResult<Option<i64>> {
    let schema = py!({"type": "integer", "minimum": 0});
    match checked(value, "", false, schema)? {
        None => Ok(None),
        Some(v) => integral(&v)
            .map(Some)
            .ok_or_else(|| ParseError::custom(type_message(&Py::from(&v), &["integer"]))),
    }
}

fn token_expiration(value: Option<Value>) -> ParseResult<Option<f64>> {
    let value = checked(value, "", false, py!({"type": "number", "minimum": 1}))?;
    Ok(value.and_then(|v| v.as_f64()))
}
