//! The parts of `openapi.yaml` the generators read: component schemas, operations, tags.
//!
//! The document is kept as a `yaml_serde::Value`, whose mappings keep the order of the file:
//! Quay's request schemas are validated in the order their keys are written.

use std::collections::{BTreeMap, BTreeSet};

use yaml_serde::{Mapping, Value};

/// An HTTP method of an operation, in the order the spec lists them.
pub const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Quay's operationId.
    pub id: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template, e.g. `/api/v1/organization/{orgname}`.
    pub path: String,
    /// The first (only) tag: the API area.
    pub tag: String,
    /// The operation object.
    pub object: Value,
}

/// The parsed document.
pub struct Spec {
    /// The whole document.
    pub root: Value,
}

impl Spec {
    /// Parses a document's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let root: Value =
            yaml_serde::from_str(text).map_err(|e| format!("openapi.yaml does not parse: {e}"))?;
        if root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .is_none()
        {
            return Err("openapi.yaml has no components/schemas".into());
        }
        Ok(Self { root })
    }

    /// `components/schemas`, in the order of the file.
    pub fn schemas(&self) -> &Mapping {
        static EMPTY: std::sync::OnceLock<Mapping> = std::sync::OnceLock::new();
        self.root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping)
            .unwrap_or_else(|| EMPTY.get_or_init(Mapping::new))
    }

    /// The component schema `name`.
    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.schemas().get(name)
    }

    /// The names of the component schemas, in the order of the file.
    pub fn schema_names(&self) -> Vec<String> {
        self.schemas()
            .keys()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect()
    }

    /// Every operation, in the order of the file (paths, then methods in [`METHODS`] order).
    pub fn operations(&self) -> Result<Vec<Operation>, String> {
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_mapping) else {
            return Err("openapi.yaml has no paths".into());
        };
        for (path, item) in paths {
            let path = path.as_str().ok_or("a path key is not a string")?;
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{method} {path} has no operationId"))?;
                let tag = op
                    .get("tags")
                    .and_then(Value::as_sequence)
                    .and_then(|t| t.first())
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{id} has no tag"))?;
                out.push(Operation {
                    id: id.to_string(),
                    method: method.to_string(),
                    path: path.to_string(),
                    tag: tag.to_string(),
                    object: op.clone(),
                });
            }
        }
        Ok(out)
    }

    /// The module (tag) each component schema belongs to: the one tag whose operations use it,
    /// or `common` when several tags (or none) do.
    pub fn schema_modules(&self) -> Result<BTreeMap<String, String>, String> {
        let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for op in self.operations()? {
            let mut direct = BTreeSet::new();
            collect_refs(&op.object, &mut direct);
            let mut seen = BTreeSet::new();
            let mut stack: Vec<String> = direct.into_iter().collect();
            while let Some(name) = stack.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(schema) = self.schema(&name) {
                    let mut more = BTreeSet::new();
                    collect_refs(schema, &mut more);
                    stack.extend(more);
                }
            }
            for name in seen {
                users.entry(name).or_default().insert(op.tag.clone());
            }
        }
        // Error bodies reached through components/responses count for every tag.
        Ok(self
            .schema_names()
            .into_iter()
            .map(|name| {
                let module = match users.get(&name) {
                    Some(tags) if tags.len() == 1 => tags.iter().next().cloned(),
                    _ => None,
                };
                (name, module.unwrap_or_else(|| "common".to_string()))
            })
            .collect())
    }
}

/// The component name a `$ref` points at (`#/components/schemas/X` gives `X`).
pub fn ref_name(value: &Value) -> Option<&str> {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// Every schema component named by a `$ref` anywhere in `value`; references to
/// `components/responses` are followed by name only (they hold error bodies, see
/// [`Spec::schema_modules`]).
fn collect_refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("$ref")
                    && let Some(name) = v
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.insert(name.to_string());
                }
                collect_refs(v, out);
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| collect_refs(v, out)),
        Value::Tagged(t) => collect_refs(&t.value, out),
        _ => {}
    }
}

/// A string member of a mapping.
pub fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// A boolean member of a mapping (absent is false).
pub fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The `required` list of an object schema.
pub fn required(value: &Value) -> BTreeSet<String> {
    value
        .get("required")
        .and_then(Value::as_sequence)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
