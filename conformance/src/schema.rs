//! OpenAPI 3.0 schemas as JSON Schema, so that examples and live responses can be validated.
//!
//! OpenAPI 3.0 schema objects are close to JSON Schema draft 7 but differ in `nullable`, in
//! keywords that only annotate (`example`, `discriminator`, `x-*`), and in where references
//! point. [`SchemaSet`] converts every `components/schemas` entry once into a `definitions`
//! table and compiles validators for any schema of the spec against it.

use serde_json::{Map, Value, json};

/// Keywords of an OpenAPI schema object that JSON Schema draft 7 does not know or must not see.
const ANNOTATIONS: &[&str] = &[
    "example",
    "discriminator",
    "xml",
    "externalDocs",
    "readOnly",
    "writeOnly",
    "deprecated",
    "nullable",
];

/// The spec's component schemas converted to JSON Schema draft 7.
#[derive(Debug, Clone)]
pub struct SchemaSet {
    definitions: Value,
}

impl SchemaSet {
    /// Converts `components/schemas` of `spec` (the whole OpenAPI document as JSON).
    pub fn new(spec: &Value) -> Self {
        let mut definitions = Map::new();
        if let Some(schemas) = spec
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, schema) in schemas {
                definitions.insert(name.clone(), convert(schema));
            }
        }
        Self {
            definitions: Value::Object(definitions),
        }
    }

    /// The JSON Schema document for one OpenAPI schema object of the spec (inline or `$ref`).
    pub fn document(&self, schema: &Value) -> Value {
        json!({ "allOf": [convert(schema)], "definitions": self.definitions })
    }

    /// Compiles a validator for one OpenAPI schema object.
    pub fn validator(&self, schema: &Value) -> Result<jsonschema::Validator, String> {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .build(&self.document(schema))
            .map_err(|e| format!("schema does not compile: {e}"))
    }

    /// Validates `instance` against one OpenAPI schema object; the messages of every violation.
    pub fn check(&self, schema: &Value, instance: &Value) -> Result<(), Vec<String>> {
        let validator = self.validator(schema).map_err(|e| vec![e])?;
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{} at '{}'", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Converts one OpenAPI 3.0 schema object to JSON Schema draft 7.
pub fn convert(schema: &Value) -> Value {
    match schema {
        Value::Object(obj) => {
            if let Some(Value::String(r)) = obj.get("$ref") {
                let target = r.replacen("#/components/schemas/", "#/definitions/", 1);
                return json!({ "$ref": target });
            }
            let mut out = Map::new();
            for (key, value) in obj {
                if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                let converted = match key.as_str() {
                    "properties" | "patternProperties" => Value::Object(
                        value
                            .as_object()
                            .map(|props| {
                                props.iter().map(|(k, v)| (k.clone(), convert(v))).collect()
                            })
                            .unwrap_or_default(),
                    ),
                    "enum" | "required" | "default" | "const" => value.clone(),
                    _ => convert(value),
                };
                out.insert(key.clone(), converted);
            }
            if obj.get("nullable") == Some(&Value::Bool(true)) {
                return make_nullable(out);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        other => other.clone(),
    }
}

fn make_nullable(mut out: Map<String, Value>) -> Value {
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    match out.remove("type") {
        Some(Value::String(t)) => {
            out.insert("type".into(), json!([t, "null"]));
            Value::Object(out)
        }
        Some(other) => {
            out.insert("type".into(), other);
            Value::Object(out)
        }
        None => json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "note": {"type": "string", "nullable": true, "example": "x"},
                "kind": {"$ref": "#/components/schemas/Kind"}
            }},
            "Kind": {"type": "string", "enum": ["a", "b"]}
        }}})
    }

    #[test]
    fn nullable_and_refs_are_converted() {
        let set = SchemaSet::new(&spec());
        let thing = json!({"$ref": "#/components/schemas/Thing"});
        assert!(
            set.check(&thing, &json!({"id": 1, "note": null, "kind": "a"}))
                .is_ok()
        );
        let errors = set
            .check(&thing, &json!({"id": "1", "kind": "c"}))
            .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(set.check(&thing, &json!({"note": "x"})).is_err());
    }

    #[test]
    fn nullable_enum_accepts_null() {
        let schema = json!({"type": "string", "enum": ["x"], "nullable": true});
        let set = SchemaSet::new(&json!({}));
        assert!(set.check(&schema, &Value::Null).is_ok());
        assert!(set.check(&schema, &json!("y")).is_err());
    }

    #[test]
    fn nullable_without_type_wraps_in_any_of() {
        let schema = json!({"oneOf": [{"type": "integer"}], "nullable": true});
        let converted = convert(&schema);
        assert_eq!(converted["anyOf"][0], json!({"type": "null"}));
    }
}
