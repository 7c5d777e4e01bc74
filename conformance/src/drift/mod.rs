//! Schema drift: compares schemas from two sources (the spec, the SDK's utoipa models, the
//! server's generated document) after normalising away what does not matter to a client.
//!
//! Normal form ([`Shape`]): `$ref`s inlined, `allOf` merged, descriptions, examples, formats and
//! validation keywords dropped; OpenAPI 3.0 `nullable: true` and 3.1 `type: [T, "null"]` /
//! `oneOf: [.., {type: null}]` both become one flag. A property is *optional* when it may be
//! absent or null; for a decoding client those are the same, so required+nullable and
//! not-required compare equal.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

mod documents;

pub use documents::{OperationShape, compare_documents, operations};

/// A schema in normal form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// Any JSON value (no constraint that matters here).
    Any,
    /// A string, with its allowed values when it is an enum.
    String(Option<BTreeSet<String>>),
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// An array of one item shape.
    Array(Box<Shape>),
    /// An object: named properties (shape, optional?) and the shape of other keys, if typed.
    Object {
        /// Declared properties: their shape and whether they may be absent or null.
        properties: BTreeMap<String, (Shape, bool)>,
        /// `additionalProperties` when it is a schema (a map keyed by name).
        additional: Option<Box<Shape>>,
    },
    /// One of several shapes (order does not matter).
    OneOf(Vec<Shape>),
    /// A shape that may also be null.
    Nullable(Box<Shape>),
}

/// Resolves `#/components/schemas/...` references of one document.
pub struct Resolver<'a> {
    schemas: &'a serde_json::Map<String, Value>,
}

impl<'a> Resolver<'a> {
    /// A resolver over a document's `components/schemas` (an OpenAPI document as JSON).
    pub fn new(document: &'a Value) -> Self {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> =
            std::sync::OnceLock::new();
        let schemas = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new));
        Self { schemas }
    }

    /// Names of the document's component schemas.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.schemas.keys()
    }

    /// The normal form of the component schema `name`.
    pub fn component(&self, name: &str) -> Option<Shape> {
        self.schemas.get(name).map(|s| self.shape(s, 0))
    }

    /// The normal form of any schema object of the document.
    pub fn shape(&self, schema: &Value, depth: usize) -> Shape {
        let (shape, nullable) = self.shape_inner(schema, depth);
        if nullable { nullable_of(shape) } else { shape }
    }

    fn shape_inner(&self, schema: &Value, depth: usize) -> (Shape, bool) {
        let Some(obj) = schema.as_object() else {
            return (Shape::Any, false);
        };
        if depth > 32 {
            return (Shape::Any, false);
        }
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let name = r.rsplit('/').next().unwrap_or(r);
            return match self.schemas.get(name) {
                Some(target) => {
                    let (s, n) = self.shape_inner(target, depth + 1);
                    (s, n || obj.get("nullable") == Some(&Value::Bool(true)))
                }
                None => (Shape::Any, false),
            };
        }
        let mut nullable = obj.get("nullable") == Some(&Value::Bool(true));
        // allOf: merge the members into one object.
        if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
            let mut members: Vec<Shape> = all.iter().map(|m| self.shape(m, depth + 1)).collect();
            let mut rest = obj.clone();
            rest.remove("allOf");
            if rest.contains_key("properties") || rest.contains_key("required") {
                members.push(self.shape(&Value::Object(rest), depth + 1));
            }
            let mut merged: Option<Shape> = None;
            for m in members {
                let (m, n) = strip_nullable(m);
                nullable |= n;
                merged = Some(match merged {
                    None => m,
                    Some(acc) => merge(acc, m),
                });
            }
            return (merged.unwrap_or(Shape::Any), nullable);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alts) = obj.get(key).and_then(Value::as_array) {
                let mut shapes = Vec::new();
                for alt in alts {
                    let (s, n) = strip_nullable(self.shape(alt, depth + 1));
                    nullable |= n;
                    if !is_null_only(alt) {
                        shapes.push(s);
                    }
                }
                shapes.sort_by_key(|s| format!("{s:?}"));
                shapes.dedup();
                return match shapes.len() {
                    0 => (Shape::Any, nullable),
                    1 => (shapes.pop().unwrap_or(Shape::Any), nullable),
                    _ => (Shape::OneOf(shapes), nullable),
                };
            }
        }
        let types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if types.contains(&"null") {
            nullable = true;
        }
        let main: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        let enum_values = obj.get("enum").and_then(Value::as_array).map(|vs| {
            vs.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect::<BTreeSet<_>>()
        });
        let shape = match main.as_slice() {
            ["string"] => Shape::String(enum_values),
            ["integer"] => Shape::Integer,
            ["number"] => Shape::Number,
            ["boolean"] => Shape::Boolean,
            ["array"] => Shape::Array(Box::new(
                obj.get("items")
                    .map(|i| self.shape(i, depth + 1))
                    .unwrap_or(Shape::Any),
            )),
            ["object"] | []
                if obj.contains_key("properties")
                    || obj.contains_key("additionalProperties")
                    || main == ["object"] =>
            {
                self.object(obj, depth)
            }
            [] if enum_values.is_some() => Shape::String(enum_values),
            _ => Shape::Any,
        };
        (shape, nullable)
    }

    fn object(&self, obj: &serde_json::Map<String, Value>, depth: usize) -> Shape {
        let required: BTreeSet<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut properties = BTreeMap::new();
        for (name, schema) in obj
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let (shape, nullable) = strip_nullable(self.shape(schema, depth + 1));
            let optional = nullable || !required.contains(name.as_str());
            properties.insert(name.clone(), (shape, optional));
        }
        // `required` naming a property declared elsewhere (an allOf member): keep the fact.
        for name in required {
            properties
                .entry(name.to_string())
                .or_insert((Shape::Any, false));
        }
        // `additionalProperties: true`, `{}` or any schema without a constraint: an open object.
        let additional = match obj.get("additionalProperties") {
            Some(Value::Object(s)) => match self.shape(&Value::Object(s.clone()), depth + 1) {
                Shape::Any => None,
                typed => Some(Box::new(typed)),
            },
            _ => None,
        };
        Shape::Object {
            properties,
            additional,
        }
    }
}

fn is_null_only(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().all(Value::is_null))
}

fn nullable_of(shape: Shape) -> Shape {
    match shape {
        Shape::Nullable(_) | Shape::Any => shape,
        other => Shape::Nullable(Box::new(other)),
    }
}

fn strip_nullable(shape: Shape) -> (Shape, bool) {
    match shape {
        Shape::Nullable(inner) => (*inner, true),
        other => (other, false),
    }
}

fn merge(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (
            Shape::Object {
                properties: mut pa,
                additional: aa,
            },
            Shape::Object {
                properties: pb,
                additional: ab,
            },
        ) => {
            for (name, (shape, optional)) in pb {
                match pa.get_mut(&name) {
                    // A property declared twice is required if either side requires it.
                    Some((existing, opt)) => {
                        *opt = *opt && optional;
                        if *existing == Shape::Any {
                            *existing = shape;
                        }
                    }
                    None => {
                        pa.insert(name, (shape, optional));
                    }
                }
            }
            Shape::Object {
                properties: pa,
                additional: aa.or(ab),
            }
        }
        (a, Shape::Any) => a,
        (Shape::Any, b) => b,
        (a, _) => a,
    }
}

/// One difference between two normal forms, at a JSON-pointer-like location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Where: schema name and property path.
    pub at: String,
    /// What differs.
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.what)
    }
}

/// Every difference between `expected` (the spec) and `actual` (the other side).
pub fn compare(at: &str, expected: &Shape, actual: &Shape, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Shape::Nullable(e), Shape::Nullable(a)) => compare(at, e, a, out),
        (Shape::Nullable(e), a) => {
            out.push(Difference {
                at: at.into(),
                what: "spec allows null, the other side does not".into(),
            });
            compare(at, e, a, out);
        }
        (e, Shape::Nullable(a)) => {
            out.push(Difference {
                at: at.into(),
                what: "the other side allows null, the spec does not".into(),
            });
            compare(at, e, a, out);
        }
        (
            Shape::Object {
                properties: pe,
                additional: ae,
            },
            Shape::Object {
                properties: pa,
                additional: aa,
            },
        ) => {
            for (name, (se, oe)) in pe {
                let here = format!("{at}.{name}");
                match pa.get(name) {
                    None => out.push(Difference {
                        at: here,
                        what: "missing on the other side".into(),
                    }),
                    Some((sa, oa)) => {
                        if oe != oa {
                            let word = |o: &bool| {
                                if *o {
                                    "optional (may be absent or null)"
                                } else {
                                    "required"
                                }
                            };
                            out.push(Difference {
                                at: here.clone(),
                                what: format!(
                                    "spec says {}, the other side {}",
                                    word(oe),
                                    word(oa)
                                ),
                            });
                        }
                        compare(&here, se, sa, out);
                    }
                }
            }
            for name in pa.keys().filter(|n| !pe.contains_key(*n)) {
                out.push(Difference {
                    at: format!("{at}.{name}"),
                    what: "not in the spec".into(),
                });
            }
            match (ae, aa) {
                (Some(e), Some(a)) => compare(&format!("{at}.*"), e, a, out),
                (Some(_), None) => out.push(Difference {
                    at: format!("{at}.*"),
                    what: "spec has a typed map, the other side does not".into(),
                }),
                (None, Some(_)) => out.push(Difference {
                    at: format!("{at}.*"),
                    what: "the other side has a typed map, the spec does not".into(),
                }),
                (None, None) => {}
            }
        }
        (Shape::Array(e), Shape::Array(a)) => compare(&format!("{at}[]"), e, a, out),
        (Shape::OneOf(e), Shape::OneOf(a)) if e.len() == a.len() => {
            for (i, (se, sa)) in e.iter().zip(a).enumerate() {
                compare(&format!("{at}|{i}"), se, sa, out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(Difference {
            at: at.into(),
            what: format!("spec {}, the other side {}", describe(e), describe(a)),
        }),
    }
}

fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Any => "any value".into(),
        Shape::String(None) => "string".into(),
        Shape::String(Some(values)) => format!("string enum {values:?}"),
        Shape::Integer => "integer".into(),
        Shape::Number => "number".into(),
        Shape::Boolean => "boolean".into(),
        Shape::Array(_) => "array".into(),
        Shape::Object { .. } => "object".into(),
        Shape::OneOf(alts) => format!("oneOf of {}", alts.len()),
        Shape::Nullable(inner) => format!("nullable {}", describe(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(schemas: Value) -> Value {
        json!({"components": {"schemas": schemas}})
    }

    #[test]
    fn nullable_spellings_of_3_0_and_3_1_agree() {
        let a = doc(
            json!({"T": {"type": "object", "required": ["x", "r"], "properties": {
            "x": {"type": "string", "nullable": true},
            "r": {"$ref": "#/components/schemas/K"},
            "o": {"type": "integer", "format": "int64"}}}, "K": {"type": "string", "enum": ["a", "b"]}}),
        );
        let b = doc(
            json!({"T": {"type": "object", "required": ["r"], "properties": {
            "x": {"type": ["string", "null"]},
            "r": {"$ref": "#/components/schemas/Kind"},
            "o": {"oneOf": [{"type": "null"}, {"type": "integer"}]}}}, "Kind": {"type": "string", "enum": ["b", "a"]}}),
        );
        let (ra, rb) = (Resolver::new(&a), Resolver::new(&b));
        let mut out = Vec::new();
        compare(
            "T",
            &ra.component("T").unwrap(),
            &rb.component("T").unwrap(),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn differences_are_reported_where_they_are() {
        let a = doc(
            json!({"T": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}, "y": {"type": "boolean"}}}}),
        );
        let b = doc(
            json!({"T": {"type": "object", "properties": {"x": {"type": "integer"}, "z": {"type": "boolean"}}}}),
        );
        let (ra, rb) = (Resolver::new(&a), Resolver::new(&b));
        let mut out = Vec::new();
        compare(
            "T",
            &ra.component("T").unwrap(),
            &rb.component("T").unwrap(),
            &mut out,
        );
        let text: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert!(
            text.contains(
                &"T.x: spec says required, the other side optional (may be absent or null)"
                    .to_string()
            ),
            "{text:?}"
        );
        assert!(
            text.contains(&"T.x: spec string, the other side integer".to_string()),
            "{text:?}"
        );
        assert!(
            text.contains(&"T.y: missing on the other side".to_string()),
            "{text:?}"
        );
        assert!(
            text.contains(&"T.z: not in the spec".to_string()),
            "{text:?}"
        );
    }

    #[test]
    fn all_of_is_merged_and_required_wins() {
        let a = doc(json!({
            "Base": {"type": "object", "properties": {"o": {"type": "array", "items": {"type": "string"}}}},
            "T": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "required": ["o"]}]}}));
        let r = Resolver::new(&a);
        match r.component("T").unwrap() {
            Shape::Object { properties, .. } => assert!(!properties["o"].1, "o must be required"),
            other => panic!("{other:?}"),
        }
    }
}
