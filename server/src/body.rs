//! A JSON request body that never fails extraction: the handler decides when a bad body is
//! reported, because Quay checks permissions before the body in some areas and after it in
//! others. The generated document still shows the body's schema.

use poem::{FromRequest, Request, RequestBody};
use poem_openapi::registry::{MetaMediaType, MetaRequest, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde_json::Value;

use crate::error::{MALFORMED_JSON, NOT_JSON, QuayError};

/// Largest body accepted; larger ones are refused as malformed.
pub const MAX_BODY: usize = 1024 * 1024;

/// The request body of an operation, decoded as `T` or the error Quay answers for it.
pub struct Body<T>(Result<T, QuayError>);

impl<T> Body<T> {
    /// The decoded body, or Quay's error for it (415, malformed JSON 400, `null` 400, schema 400).
    pub fn value(self) -> Result<T, QuayError> {
        self.0
    }
}

/// The raw JSON of a body, checked the way Quay's `validate_json_request` does before the schema.
pub fn decode_json(content_type: Option<&str>, bytes: &[u8]) -> Result<Value, QuayError> {
    let is_json = content_type
        .and_then(|c| c.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.type_() == "application" && m.subtype() == "json");
    if !is_json {
        return Err(QuayError::message(415, NOT_JSON));
    }
    if bytes.len() > MAX_BODY {
        return Err(QuayError::api(
            413,
            "invalid_request",
            "Request body too large",
        ));
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|_| QuayError::message(400, MALFORMED_JSON))?;
    if value.is_null() {
        return Err(QuayError::invalid_request("Missing JSON body"));
    }
    Ok(value)
}

impl<'a, T: ParseFromJSON + Type> ApiExtractor<'a> for Body<T> {
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
            required: true,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        let bytes = match <Vec<u8> as FromRequest>::from_request(request, body).await {
            Ok(b) => b,
            Err(_) => return Ok(Body(Err(QuayError::message(400, MALFORMED_JSON)))),
        };
        let decoded = decode_json(request.content_type(), &bytes).and_then(|value| {
            T::parse_from_json(Some(value))
                .map_err(|e| QuayError::invalid_request(schema_message(&e.into_message())))
        });
        Ok(Body(decoded))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quay_checks_in_order() {
        assert_eq!(
            decode_json(Some("text/plain"), b"{}").unwrap_err().status(),
            415
        );
        assert_eq!(decode_json(None, b"{}").unwrap_err().status(), 415);
        let e = decode_json(Some("application/json"), b"{nope").unwrap_err();
        assert_eq!(e, QuayError::message(400, MALFORMED_JSON));
        let e = decode_json(Some("application/json"), b"").unwrap_err();
        assert_eq!(e, QuayError::message(400, MALFORMED_JSON));
        let e = decode_json(Some("application/json"), b"null").unwrap_err();
        assert_eq!(e, QuayError::invalid_request("Missing JSON body"));
        assert!(decode_json(Some("application/json; charset=utf-8"), b"{}").is_ok());
    }

    #[test]
    fn required_field_messages_read_like_quay() {
        assert_eq!(
            schema_message("failed to parse \"TeamDescription\": field `role` is required"),
            "'role' is a required property"
        );
    }
}
