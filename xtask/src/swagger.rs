//! The reference server's discovery document (`server/src/routing/discovery.rs`): the contract
//! as the Swagger 2.0 document Quay serves at `/api/v1/discovery`, with Quay's own layout
//! (`x-name`, `x-path` and `x-tag` on each path, path parameters on the path, the request body
//! as a `body` parameter, one `oauth2_implicit` scope per operation) and the contract's real
//! responses and schemas.
//!
//! What depends on the server's configuration is left for it to fill per request: the host,
//! scheme, authorization URL and contact address are empty, and each operation carries the
//! markers the server filters by and then removes (`x-quay-feature`, `x-quay-internal`;
//! `x-requires-fresh-login` stays only in the internal document).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as Json, json};
use yaml_serde::Value;

use crate::spec::{Spec, str_of};
use crate::{GENERATED, Output};

/// Writes the discovery document.
pub fn generate(spec: &Spec, out: &mut Output) -> Result<(), String> {
    let doc = document(spec)?;
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    if text.contains("\"###") {
        return Err("the discovery document contains `\"###`, which ends its raw string".into());
    }
    out.add(
        "server/src/routing/discovery.rs".into(),
        format!(
            "{GENERATED}\n//! The contract as Quay's discovery document (Swagger 2.0), before the server fills in its\n\
             //! host and filters it by its configuration (`crate::api::discovery`).\n\n\
             /// The document, as JSON.\npub const DOCUMENT: &str = r###\"{text}\"###;\n"
        ),
    );
    Ok(())
}

/// The whole document.
fn document(spec: &Spec) -> Result<Json, String> {
    let mut paths = Map::new();
    let mut refs = BTreeSet::from(["ApiError".to_string()]);
    let root_paths = spec
        .root
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or("openapi.yaml has no paths")?;
    for (path, item) in root_paths {
        let path = path.as_str().ok_or("a path key is not a string")?;
        // Web routes (initializeUser) are not in Quay's discovery document.
        let Some(resource) = str_of(item, "x-quay-resource") else {
            continue;
        };
        let mut entry = Map::new();
        entry.insert("x-name".into(), json!(resource));
        entry.insert("x-path".into(), json!(path));
        // Quay's `x-tag` is the handler's module (`endpoints.api.<module>.<Class>`); the
        // operations' `tags` are the contract's.
        let module = resource.rsplit('.').nth(1).unwrap_or_default();
        entry.insert("x-tag".into(), json!(module));
        if let Some(params) = item.get("parameters").and_then(Value::as_sequence) {
            let converted: Result<Vec<Json>, String> =
                params.iter().map(|p| parameter(spec, p)).collect();
            entry.insert("parameters".into(), Json::Array(converted?));
        }
        for method in ["get", "post", "put", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let op_tag = op
                .get("tags")
                .and_then(Value::as_sequence)
                .and_then(|t| t.first())
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            entry.insert(method.into(), operation(spec, op, &op_tag, &mut refs)?);
        }
        collect(&Json::Object(entry.clone()), &mut refs);
        paths.insert(path.to_string(), Json::Object(entry));
    }
    let definitions = definitions(spec, refs)?;
    let tags: Vec<Json> = spec
        .root
        .get("tags")
        .and_then(Value::as_sequence)
        .map(|tags| {
            let mut sorted: Vec<Json> = tags
                .iter()
                .map(|t| {
                    json!({
                        "name": str_of(t, "name").unwrap_or_default(),
                        "description": str_of(t, "description").unwrap_or_default(),
                    })
                })
                .collect();
            sorted.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
            sorted
        })
        .unwrap_or_default();
    let scopes = spec
        .root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(|s| s.get("oauth2_implicit"))
        .and_then(|o| o.get("flows"))
        .and_then(|f| f.get("implicit"))
        .and_then(|i| i.get("scopes"))
        .map(to_json)
        .ok_or("no oauth2_implicit scopes in components.securitySchemes")?;
    Ok(json!({
        "swagger": "2.0",
        "host": "",
        "basePath": "/",
        "schemes": [],
        "info": {
            "version": "v1",
            "title": "Quay Frontend",
            "description": "This API allows you to perform many of the operations required to work with Quay repositories, users, and organizations.",
            "termsOfService": "",
            "contact": {"email": ""},
        },
        "securityDefinitions": {
            "oauth2_implicit": {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "",
                "scopes": scopes,
            },
        },
        "paths": paths,
        "definitions": definitions,
        "tags": tags,
    }))
}

/// One operation in Swagger 2.0 form.
fn operation(
    spec: &Spec,
    op: &Value,
    tag: &str,
    refs: &mut BTreeSet<String>,
) -> Result<Json, String> {
    let id = str_of(op, "operationId").ok_or("an operation has no operationId")?;
    let mut out = Map::new();
    out.insert("operationId".into(), json!(id));
    let mut params = Vec::new();
    if let Some(list) = op.get("parameters").and_then(Value::as_sequence) {
        for p in list {
            params.push(parameter(spec, p)?);
        }
    }
    if let Some(body) = op.get("requestBody") {
        let schema = body
            .get("content")
            .and_then(|c| c.get("application/json"))
            .and_then(|m| m.get("schema"))
            .ok_or_else(|| format!("{id}: a request body without an application/json schema"))?;
        params.push(json!({
            "name": "body",
            "in": "body",
            "required": body.get("required").and_then(Value::as_bool).unwrap_or(false),
            "description": "Request body contents.",
            "schema": schema2(schema),
        }));
    }
    out.insert("parameters".into(), Json::Array(params));
    if let Some(summary) = str_of(op, "summary") {
        out.insert("summary".into(), json!(summary));
    }
    out.insert(
        "description".into(),
        json!(str_of(op, "description").unwrap_or_default().trim()),
    );
    out.insert("tags".into(), json!([tag]));
    let scope = op
        .get("security")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("oauth2_implicit").and_then(Value::as_sequence))
        .flatten()
        .filter_map(Value::as_str)
        .next();
    if let Some(scope) = scope {
        out.insert("security".into(), json!([{"oauth2_implicit": [scope]}]));
    }
    let mut responses = Map::new();
    if let Some(all) = op.get("responses").and_then(Value::as_mapping) {
        for (code, response) in all {
            let code = match code {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return Err(format!("{id}: a response code is not a string")),
            };
            let response = deref_response(spec, response)?;
            let mut r = Map::new();
            let description = str_of(response, "description").unwrap_or_default().trim();
            r.insert("description".into(), json!(description));
            let content = response.get("content").and_then(Value::as_mapping);
            let schema = content.and_then(|c| {
                c.get("application/json")
                    .or_else(|| c.values().next())
                    .and_then(|m| m.get("schema"))
            });
            if let Some(schema) = schema {
                r.insert("schema".into(), schema2(schema));
            }
            responses.insert(code, Json::Object(r));
        }
    }
    out.insert("responses".into(), Json::Object(responses));
    if let Some(features) = op.get("x-quay-feature") {
        out.insert("x-quay-feature".into(), to_json(features));
    }
    // Quay hides internal handlers from the default document; it marks `x-internal` only
    // where the method itself (not its class) is internal: `x-quay-internal: method`.
    match op.get("x-quay-internal") {
        Some(Value::Bool(true)) => {
            out.insert("x-quay-internal".into(), json!(true));
        }
        Some(Value::String(s)) if s == "method" => {
            out.insert("x-quay-internal".into(), json!(true));
            out.insert("x-internal".into(), json!(true));
        }
        _ => {}
    }
    if op.get("x-quay-fresh-login").and_then(Value::as_bool) == Some(true) {
        out.insert("x-requires-fresh-login".into(), json!(true));
    }
    let out = Json::Object(out);
    collect(&out, refs);
    Ok(out)
}

/// A `#/components/responses/X` reference resolved.
fn deref_response<'a>(spec: &'a Spec, response: &'a Value) -> Result<&'a Value, String> {
    match str_of(response, "$ref") {
        Some(r) => {
            let name = r
                .strip_prefix("#/components/responses/")
                .ok_or_else(|| format!("unsupported response reference {r}"))?;
            spec.root
                .get("components")
                .and_then(|c| c.get("responses"))
                .and_then(|c| c.get(name))
                .ok_or_else(|| format!("no response component {name}"))
        }
        None => Ok(response),
    }
}

/// A path or query parameter (a `#/components/parameters/X` reference resolved): Swagger 2.0
/// puts the type on the parameter itself.
fn parameter(spec: &Spec, p: &Value) -> Result<Json, String> {
    let p = match str_of(p, "$ref") {
        Some(r) => {
            let name = r
                .strip_prefix("#/components/parameters/")
                .ok_or_else(|| format!("unsupported parameter reference {r}"))?;
            spec.root
                .get("components")
                .and_then(|c| c.get("parameters"))
                .and_then(|c| c.get(name))
                .ok_or_else(|| format!("no parameter component {name}"))?
        }
        None => p,
    };
    let name = str_of(p, "name").ok_or("a parameter has no name")?;
    let mut out = Map::new();
    out.insert("name".into(), json!(name));
    out.insert("in".into(), json!(str_of(p, "in").unwrap_or("query")));
    out.insert(
        "required".into(),
        json!(p.get("required").and_then(Value::as_bool).unwrap_or(false)),
    );
    out.insert(
        "description".into(),
        json!(str_of(p, "description").unwrap_or_default().trim()),
    );
    let schema = p
        .get("schema")
        .map(|s| resolve(spec, s))
        .unwrap_or_default();
    let kind = schema
        .get("type")
        .and_then(Json::as_str)
        .filter(|t| ["string", "integer", "number", "boolean", "array"].contains(t))
        .unwrap_or("string");
    out.insert("type".into(), json!(kind));
    for key in ["format", "enum", "default", "minimum", "maximum", "items"] {
        if let Some(v) = schema.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Ok(Json::Object(out))
}

/// A parameter's schema with `$ref` and a single `allOf` followed (their own keys win).
fn resolve(spec: &Spec, schema: &Value) -> Map<String, Json> {
    let mut out = Map::new();
    let target = crate::spec::ref_name(schema).and_then(|n| spec.schema(n));
    let first = schema
        .get("allOf")
        .and_then(Value::as_sequence)
        .and_then(|a| a.first());
    for base in [target, first].into_iter().flatten() {
        if let Json::Object(m) = to_json(&resolve_value(spec, base)) {
            out.extend(m);
        }
    }
    if let Json::Object(own) = to_json(schema) {
        for (k, v) in own {
            if k != "$ref" && k != "allOf" {
                out.insert(k, v);
            }
        }
    }
    out
}

fn resolve_value(spec: &Spec, schema: &Value) -> Value {
    match crate::spec::ref_name(schema).and_then(|n| spec.schema(n)) {
        Some(target) => target.clone(),
        None => schema.clone(),
    }
}

/// The definitions named by `refs` and every definition they name in turn, converted.
fn definitions(spec: &Spec, mut pending: BTreeSet<String>) -> Result<Json, String> {
    let mut done: BTreeMap<String, Json> = BTreeMap::new();
    while let Some(name) = pending.pop_first() {
        if done.contains_key(&name) {
            continue;
        }
        let schema = spec
            .schema(&name)
            .ok_or_else(|| format!("no schema component {name}"))?;
        let converted = schema2(schema);
        let mut found = BTreeSet::new();
        collect(&converted, &mut found);
        pending.extend(found.into_iter().filter(|n| !done.contains_key(n)));
        done.insert(name, converted);
    }
    Ok(Json::Object(done.into_iter().collect()))
}

/// Every definition a `$ref` in `value` names.
fn collect(value: &Json, out: &mut BTreeSet<String>) {
    match value {
        Json::Object(m) => {
            for (k, v) in m {
                if k == "$ref"
                    && let Some(name) = v.as_str().and_then(|r| r.strip_prefix("#/definitions/"))
                {
                    out.insert(name.to_string());
                }
                collect(v, out);
            }
        }
        Json::Array(a) => a.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// An OpenAPI 3.0 schema as a Swagger 2.0 one: references into `#/definitions`, `nullable` as
/// `x-nullable`, the alternatives Swagger 2.0 cannot say (`oneOf`, `anyOf`) kept as
/// `x-oneOf`/`x-anyOf`, examples and OpenAPI-only keywords dropped.
fn schema2(schema: &Value) -> Json {
    match schema {
        Value::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let Some(k) = k.as_str() else { continue };
                match k {
                    "$ref" => {
                        let r = v.as_str().unwrap_or_default();
                        let name = r.strip_prefix("#/components/schemas/").unwrap_or(r);
                        out.insert("$ref".into(), json!(format!("#/definitions/{name}")));
                    }
                    "nullable" => {
                        out.insert("x-nullable".into(), to_json(v));
                    }
                    "oneOf" | "anyOf" => {
                        let alternatives = v
                            .as_sequence()
                            .map(|s| s.iter().map(schema2).collect())
                            .unwrap_or_default();
                        out.insert(format!("x-{k}"), Json::Array(alternatives));
                    }
                    "properties" | "patternProperties" => {
                        let props: Map<String, Json> = v
                            .as_mapping()
                            .map(|p| {
                                p.iter()
                                    .filter_map(|(n, s)| {
                                        Some((n.as_str()?.to_string(), schema2(s)))
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        out.insert(k.into(), Json::Object(props));
                    }
                    "items" | "additionalProperties" | "not" => {
                        out.insert(
                            k.into(),
                            if v.is_mapping() {
                                schema2(v)
                            } else {
                                to_json(v)
                            },
                        );
                    }
                    "allOf" => {
                        let parts = v
                            .as_sequence()
                            .map(|s| s.iter().map(schema2).collect())
                            .unwrap_or_default();
                        out.insert(k.into(), Json::Array(parts));
                    }
                    "discriminator" => {
                        if let Some(p) = str_of(v, "propertyName") {
                            out.insert(k.into(), json!(p));
                        }
                    }
                    "examples" | "writeOnly" | "deprecated" | "x-quay-request-schema" => {}
                    "example" => {
                        out.insert(k.into(), to_json(v));
                    }
                    _ => {
                        out.insert(k.into(), to_json(v));
                    }
                }
            }
            Json::Object(out)
        }
        other => to_json(other),
    }
}

/// A YAML value as JSON.
fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                json!(i)
            } else if let Some(u) = n.as_u64() {
                json!(u)
            } else {
                json!(n.as_f64())
            }
        }
        Value::String(s) => json!(s),
        Value::Sequence(s) => Json::Array(s.iter().map(to_json).collect()),
        Value::Mapping(m) => Json::Object(
            m.iter()
                .filter_map(|(k, v)| {
                    let k = match k {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((k, to_json(v)))
                })
                .collect(),
        ),
        Value::Tagged(t) => to_json(&t.value),
    }
}
