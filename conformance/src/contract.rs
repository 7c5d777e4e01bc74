//! The contract itself: `openapi.yaml`, the operations it must hold, and the checks that fail
//! when it is incomplete or inconsistent.
//!
//! The spec is embedded at build time, so the binary validates live responses against exactly
//! the contract it was built with.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use crate::schema::SchemaSet;

/// The text of `openapi.yaml` at the repository root.
pub const OPENAPI_YAML: &str = include_str!("../../openapi.yaml");

/// The operations the contract must hold: method, path, operationId and kind, tab separated.
pub const CONTRACT_OPERATIONS_TSV: &str = include_str!("../contract-operations.tsv");

/// HTTP methods an OpenAPI path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation: HTTP method (upper case), path template and operationId.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationKey {
    /// HTTP method, upper case.
    pub method: String,
    /// Path template as in the spec, e.g. `/api/v1/organization/{orgname}`.
    pub path: String,
    /// The operationId.
    pub operation_id: String,
}

impl fmt::Display for OperationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.operation_id)
    }
}

/// The parsed contract: the document as JSON (for generic walks) and as the typed model.
#[derive(Debug, Clone)]
pub struct Contract {
    /// The whole document as a JSON value.
    pub json: Value,
    /// The typed OpenAPI 3.0 model (parsing it proves the document is structurally OpenAPI 3.0).
    pub model: openapiv3::OpenAPI,
    /// Component schemas converted to JSON Schema.
    pub schemas: SchemaSet,
}

/// Why a spec text could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Not YAML, or YAML that is not JSON-compatible.
    #[error("openapi.yaml is not valid YAML: {0}")]
    Yaml(String),
    /// YAML, but not an OpenAPI 3.0 document.
    #[error("openapi.yaml is not an OpenAPI 3.0 document: {0}")]
    OpenApi(String),
}

impl Contract {
    /// Parses the embedded `openapi.yaml`.
    pub fn embedded() -> Result<Self, LoadError> {
        Self::parse(OPENAPI_YAML)
    }

    /// Parses a spec text (used by tests that mutate a copy of the contract).
    pub fn parse(text: &str) -> Result<Self, LoadError> {
        let json: Value = yaml_serde::from_str(text).map_err(|e| LoadError::Yaml(e.to_string()))?;
        Self::from_json(json)
    }

    /// Builds the contract from a JSON value of the document.
    pub fn from_json(json: Value) -> Result<Self, LoadError> {
        let model: openapiv3::OpenAPI =
            serde_json::from_value(json.clone()).map_err(|e| LoadError::OpenApi(e.to_string()))?;
        let schemas = SchemaSet::new(&json);
        Ok(Self {
            json,
            model,
            schemas,
        })
    }

    /// Every operation of the document, in path order.
    pub fn operations(&self) -> Vec<(OperationKey, &Value)> {
        let mut out = Vec::new();
        if let Some(paths) = self.json.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for method in METHODS {
                    if let Some(op) = item.get(*method) {
                        let operation_id = op
                            .get("operationId")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string();
                        out.push((
                            OperationKey {
                                method: method.to_uppercase(),
                                path: path.clone(),
                                operation_id,
                            },
                            op,
                        ));
                    }
                }
            }
        }
        out
    }

    /// Follows a local `$ref` (`#/...`) to the value it names.
    pub fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.json.pointer(pointer)
    }

    /// Follows `$ref` chains on a value (a parameter, response, example or request body).
    pub fn deref<'a>(&'a self, mut value: &'a Value) -> Option<&'a Value> {
        for _ in 0..16 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => value = self.resolve(r)?,
                None => return Some(value),
            }
        }
        None
    }

    /// Runs every check; the list of problems found (empty when the contract is sound).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        self.check_operation_set(&mut problems);
        self.check_refs(&self.json, "", &mut problems);
        self.check_operations(&mut problems);
        self.check_component_examples(&mut problems);
        problems
    }

    /// The exact set of (method, path, operationId) against `contract-operations.tsv`.
    fn check_operation_set(&self, problems: &mut Vec<String>) {
        let expected = expected_operations();
        let mut seen_ids = BTreeMap::new();
        let actual: BTreeSet<OperationKey> = self
            .operations()
            .into_iter()
            .map(|(key, _)| {
                if let Some(prev) = seen_ids.insert(key.operation_id.clone(), key.clone()) {
                    problems.push(format!("operationId used twice: {prev} and {key}"));
                }
                key
            })
            .collect();
        for missing in expected.difference(&actual) {
            problems.push(format!("missing operation {missing}"));
        }
        for extra in actual.difference(&expected) {
            problems.push(format!("operation not in the contract list: {extra}"));
        }
    }

    fn check_refs(&self, value: &Value, at: &str, problems: &mut Vec<String>) {
        match value {
            Value::Object(obj) => {
                for (key, v) in obj {
                    let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    if key == "$ref" {
                        match v.as_str() {
                            Some(r) if self.resolve(r).is_some() => {}
                            _ => problems.push(format!("unresolved $ref {v} at {at}")),
                        }
                    } else {
                        self.check_refs(v, &here, problems);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.check_refs(v, &format!("{at}/{i}"), problems);
                }
            }
            _ => {}
        }
    }

    fn check_operations(&self, problems: &mut Vec<String>) {
        let tags: BTreeSet<&str> = self
            .json
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(|t| t.get("name")?.as_str()).collect())
            .unwrap_or_default();
        let paths = self.json.get("paths").and_then(Value::as_object);
        for (key, op) in self.operations() {
            let at = key.to_string();
            let item = paths.and_then(|p| p.get(&key.path)).unwrap_or(&Value::Null);
            match op.get("tags").and_then(Value::as_array).map(Vec::as_slice) {
                Some([tag]) if tag.as_str().is_some_and(|t| tags.contains(t)) => {}
                _ => problems.push(format!(
                    "{at}: needs exactly one tag from the global tag list"
                )),
            }
            for field in ["summary", "description"] {
                if op
                    .get(field)
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    problems.push(format!("{at}: no {field}"));
                }
            }
            if op
                .get("security")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
            {
                problems.push(format!("{at}: no security requirements"));
            }
            self.check_parameters(&key, item, op, problems);
            if let Some(body) = op.get("requestBody") {
                let body = self.deref(body).unwrap_or(&Value::Null);
                self.check_media(&format!("{at} request body"), body, false, problems);
            }
            self.check_responses(&key, op, problems);
            self.check_extensions(&at, op, problems);
        }
    }

    fn check_parameters(
        &self,
        key: &OperationKey,
        item: &Value,
        op: &Value,
        problems: &mut Vec<String>,
    ) {
        let at = key.to_string();
        let in_path: BTreeSet<String> = key
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        let mut declared = BTreeSet::new();
        let params = [item.get("parameters"), op.get("parameters")];
        for param in params
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
        {
            let Some(param) = self.deref(param) else {
                continue;
            };
            let name = param.get("name").and_then(Value::as_str).unwrap_or("");
            let location = param.get("in").and_then(Value::as_str).unwrap_or("");
            if param.get("schema").is_none() {
                problems.push(format!("{at}: parameter {name} has no schema"));
            }
            if param
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                problems.push(format!("{at}: parameter {name} has no description"));
            }
            if location == "path" {
                if param.get("required") != Some(&Value::Bool(true)) {
                    problems.push(format!("{at}: path parameter {name} is not required"));
                }
                declared.insert(name.to_string());
            }
            if let (Some(schema), Some(example)) = (param.get("schema"), param.get("example"))
                && let Err(errors) = self.schemas.check(schema, example)
            {
                problems.push(format!(
                    "{at}: example of parameter {name}: {}",
                    errors.join("; ")
                ));
            }
        }
        for missing in in_path.difference(&declared) {
            problems.push(format!(
                "{at}: path parameter {{{missing}}} is not declared"
            ));
        }
        for extra in declared.difference(&in_path) {
            problems.push(format!(
                "{at}: declares path parameter {extra} that is not in the path"
            ));
        }
    }

    fn check_responses(&self, key: &OperationKey, op: &Value, problems: &mut Vec<String>) {
        let at = key.to_string();
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            problems.push(format!("{at}: no responses"));
            return;
        };
        if !responses.keys().any(|c| c.starts_with('2')) {
            problems.push(format!("{at}: no success response"));
        }
        // An operation Quay answers for anyone, whatever the input, says why instead.
        let never_refuses = op
            .get("x-quay-no-errors")
            .and_then(Value::as_str)
            .is_some_and(|why| !why.is_empty());
        if !responses.keys().any(|c| c.starts_with('4')) && !never_refuses {
            problems.push(format!("{at}: no error responses"));
        }
        for (code, response) in responses {
            let Some(response) = self.deref(response) else {
                continue;
            };
            let here = format!("{at} {code}");
            if response
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                problems.push(format!("{here}: no description"));
            }
            let has_content = response
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| !c.is_empty());
            let empty_ok =
                code == "204" || response.get("x-quay-empty-body") == Some(&Value::Bool(true));
            if code.starts_with('2') && !has_content && !empty_ok {
                problems.push(format!("{here}: success response without a schema"));
            }
            if code.starts_with('2') && has_content {
                for (media_type, media) in response["content"].as_object().into_iter().flatten() {
                    let named = media
                        .get("schema")
                        .and_then(|s| s.get("$ref"))
                        .and_then(Value::as_str)
                        .is_some_and(|r| r.starts_with("#/components/schemas/"));
                    if !named {
                        problems.push(format!(
                            "{here} {media_type}: success schema is not a named component"
                        ));
                    }
                }
            }
            self.check_media(&here, response, true, problems);
        }
    }

    /// Every media type of a request body or response has a schema and (for responses) an
    /// example, and every example validates.
    fn check_media(
        &self,
        at: &str,
        holder: &Value,
        need_example: bool,
        problems: &mut Vec<String>,
    ) {
        let Some(content) = holder.get("content").and_then(Value::as_object) else {
            return;
        };
        for (media_type, media) in content {
            let Some(schema) = media.get("schema") else {
                problems.push(format!("{at} {media_type}: no schema"));
                continue;
            };
            let mut examples = Vec::new();
            if let Some(example) = media.get("example") {
                examples.push(("example".to_string(), example));
            }
            for (name, example) in media
                .get("examples")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                match self.deref(example).and_then(|e| e.get("value")) {
                    Some(value) => examples.push((name.clone(), value)),
                    None => {
                        problems.push(format!("{at} {media_type}: example {name} has no value"))
                    }
                }
            }
            if need_example && examples.is_empty() {
                problems.push(format!("{at} {media_type}: no example"));
            }
            for (name, value) in examples {
                if let Err(errors) = self.schemas.check(schema, value) {
                    problems.push(format!(
                        "{at} {media_type}: example {name} does not match its schema: {}",
                        errors.join("; ")
                    ));
                }
            }
        }
    }

    fn check_extensions(&self, at: &str, op: &Value, problems: &mut Vec<String>) {
        if let Some(features) = op.get("x-quay-feature") {
            let ok = features.as_array().is_some_and(|f| {
                !f.is_empty()
                    && f.iter()
                        .all(|f| f.as_str().is_some_and(|f| f.starts_with("FEATURE_")))
            });
            if !ok {
                problems.push(format!(
                    "{at}: x-quay-feature must be a list of FEATURE_* flags"
                ));
            }
        }
        if let Some(level) = op.get("x-quay-superuser")
            && !matches!(level.as_str(), Some("read" | "write"))
        {
            problems.push(format!("{at}: x-quay-superuser must be read or write"));
        }
        for flag in ["x-quay-internal", "x-quay-anon-allowed"] {
            if let Some(value) = op.get(flag)
                && !value.is_boolean()
            {
                problems.push(format!("{at}: {flag} must be a boolean"));
            }
        }
        for (code, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(defect) = response.get("x-quay-known-defect")
                && defect.as_str().is_none_or(str::is_empty)
            {
                problems.push(format!(
                    "{at} {code}: x-quay-known-defect must say what the defect is"
                ));
            }
        }
        if let Some(errata) = op.get("x-quay-docs-erratum") {
            let ok = errata
                .as_array()
                .is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_string));
            if !ok {
                problems.push(format!(
                    "{at}: x-quay-docs-erratum must be a list of strings"
                ));
            }
        }
    }

    fn check_component_examples(&self, problems: &mut Vec<String>) {
        let Some(schemas) = self
            .json
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        for (name, schema) in schemas {
            if let Some(example) = schema.get("example")
                && let Err(errors) = self.schemas.check(schema, example)
            {
                problems.push(format!(
                    "schema {name}: its example does not match: {}",
                    errors.join("; ")
                ));
            }
        }
    }
}

/// The operations listed in `contract-operations.tsv`.
pub fn expected_operations() -> BTreeSet<OperationKey> {
    CONTRACT_OPERATIONS_TSV
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some(OperationKey {
                method: cols.next()?.trim().to_uppercase(),
                path: cols.next()?.trim().to_string(),
                operation_id: cols.next()?.trim().to_string(),
            })
        })
        .collect()
}
