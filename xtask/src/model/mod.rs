//! The spec's component schemas as types: what both the SDK's serde models and the server's
//! poem-openapi models are generated from.
//!
//! Rules (the spec carries the facts, this module only derives):
//! - an object schema is a struct; `additionalProperties` with properties adds a flattened map;
//! - `allOf: [$ref Base, {...}]` is a struct holding `Base` flattened plus the added or
//!   newly required properties;
//! - a string enum of several values is an enum keeping unknown values; of one value, a marker
//!   that accepts only that string;
//! - `oneOf` is an untagged enum; inline alternatives take their `title` as variant name;
//! - a top-level array is a list newtype;
//! - inline enums and objects are named by their `title`, else `<Parent><Property>`;
//! - formats: `password` is a secret, `date-time` and `rfc2822` timestamps, `date` a date;
//!   `$ref: ByteSize` a byte count that decodes from an integer or a float;
//! - integers with `minimum >= 0` are unsigned (`u16` when `maximum <= 65535`), `int32` is `i32`.

use std::collections::{BTreeMap, BTreeSet};

use yaml_serde::Value;

use crate::naming;
use crate::spec::{self, Spec};

/// Components implemented by hand in each generated crate rather than generated.
pub const HANDWRITTEN: &[&str] = &["ByteSize"];

mod types;

pub use types::*;

struct Builder<'a> {
    spec: &'a Spec,
    out: Vec<Model>,
    names: BTreeSet<String>,
    requests: BTreeSet<String>,
    /// Inline schemas already made into models, by name: a `title` used twice must name the
    /// same schema.
    inline: BTreeMap<String, Value>,
}

/// Derives every model.
pub fn models(spec: &Spec) -> Result<Models, String> {
    let modules = spec.schema_modules()?;
    let requests = request_schemas(spec)?;
    let mut b = Builder {
        spec,
        out: Vec::new(),
        names: BTreeSet::new(),
        requests,
        inline: BTreeMap::new(),
    };
    // A schema of only `null` (Quay's fall-through answers, on known-defect responses the
    // operations do not decode) has no model.
    let names: Vec<String> = spec
        .schema_names()
        .into_iter()
        .filter(|n| !spec.schema(n).is_some_and(is_null_only))
        .collect();
    for name in &names {
        if HANDWRITTEN.contains(&name.as_str()) {
            continue;
        }
        let schema = spec.schema(name).cloned().unwrap_or(Value::Null);
        b.component(name, &schema)?;
    }
    let mut by_module: BTreeMap<String, Vec<Model>> = BTreeMap::new();
    for model in b.out {
        let module = modules
            .get(&model.component)
            .cloned()
            .unwrap_or_else(|| "common".into());
        by_module.entry(module).or_default().push(model);
    }
    Ok(Models {
        by_module,
        components: names
            .into_iter()
            .filter(|n| !HANDWRITTEN.contains(&n.as_str()))
            .collect(),
    })
}

/// Components reachable from any request body.
fn request_schemas(spec: &Spec) -> Result<BTreeSet<String>, String> {
    let mut stack = Vec::new();
    for op in spec.operations()? {
        if let Some(body) = op.object.get("requestBody") {
            collect(body, &mut stack);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone())
            && let Some(s) = spec.schema(&name)
        {
            collect(s, &mut stack);
        }
    }
    return Ok(seen);

    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Mapping(m) => {
                if let Some(name) = spec::ref_name(v) {
                    out.push(name.to_string());
                }
                m.values().for_each(|v| collect(v, out));
            }
            Value::Sequence(s) => s.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
}

fn description(v: &Value) -> String {
    spec::str_of(v, "description")
        .unwrap_or("")
        .trim()
        .to_string()
}

impl Builder<'_> {
    fn push(&mut self, model: Model) -> Result<(), String> {
        if !self.names.insert(model.name.clone()) {
            return Err(format!(
                "two models are named {} (give an inline schema a `title`)",
                model.name
            ));
        }
        self.out.push(model);
        Ok(())
    }

    fn component(&mut self, name: &str, schema: &Value) -> Result<(), String> {
        let request = self.requests.contains(name);
        let kind = self.kind(name, name, schema, request)?;
        let page_items = match &kind {
            Kind::Struct { fields, .. } if fields.iter().any(|f| f.json == "next_page") => {
                let arrays: Vec<&Field> = fields
                    .iter()
                    .filter(|f| matches!(f.ty, Ty::Vec(_)))
                    .collect();
                match arrays.as_slice() {
                    [one] => Some(one.name.clone()),
                    _ => None,
                }
            }
            _ => None,
        };
        let quay_schema = schema.get("x-quay-request-schema").cloned();
        self.push(Model {
            name: naming::type_name(name),
            component: name.to_string(),
            doc: description(schema),
            kind,
            request,
            page_items,
            quay_schema,
        })
    }

    /// The kind of a named schema (`name` is the model's name, `component` its component).
    fn kind(
        &mut self,
        name: &str,
        component: &str,
        schema: &Value,
        request: bool,
    ) -> Result<Kind, String> {
        if let Some(values) = schema.get("enum").and_then(Value::as_sequence) {
            let values: Vec<String> = values
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{name}: only string enums are supported"))?;
            if values.len() == 1 {
                return Ok(Kind::Marker {
                    value: values[0].clone(),
                });
            }
            let docs = schema.get("x-enum-descriptions");
            let names = schema.get("x-enum-varnames").and_then(Value::as_sequence);
            if names.is_some_and(|n| n.len() != values.len()) {
                return Err(format!("{name}: x-enum-varnames must name every value"));
            }
            let mut seen = BTreeSet::new();
            let mut out = Vec::new();
            for (i, v) in values.iter().enumerate() {
                let mut variant = names
                    .and_then(|n| n.get(i))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| naming::variant(v));
                while !seen.insert(variant.clone()) {
                    variant.push('_');
                }
                let doc = docs
                    .and_then(|d| d.get(v.as_str()).or_else(|| d.get(i)))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                out.push((variant, v.clone(), doc));
            }
            return Ok(Kind::Enum { values: out });
        }
        if let Some(alts) = schema.get("oneOf").and_then(Value::as_sequence) {
            let mut variants = Vec::new();
            for alt in alts {
                variants.push(self.variant(name, component, alt, request)?);
            }
            return Ok(Kind::Union { variants });
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            return self.all_of(name, component, all, request);
        }
        match spec::str_of(schema, "type") {
            Some("array") => {
                let item = schema.get("items").cloned().unwrap_or(Value::Null);
                Ok(Kind::List {
                    item: self.ty(&format!("{name}Item"), component, &item, request)?,
                })
            }
            Some("object") | None => {
                let fields = self.fields(name, component, schema, request)?;
                let extra = match schema.get("additionalProperties") {
                    Some(Value::Bool(true)) if !fields.is_empty() => Some(Ty::Json),
                    Some(v @ Value::Mapping(_)) if !fields.is_empty() => {
                        Some(self.ty(&format!("{name}Extra"), component, v, request)?)
                    }
                    _ => None,
                };
                Ok(Kind::Struct {
                    fields,
                    extra,
                    bases: vec![],
                })
            }
            Some(other) => Err(format!(
                "{name}: a top-level `{other}` schema needs a hand-written type"
            )),
        }
    }

    fn all_of(
        &mut self,
        name: &str,
        component: &str,
        all: &[Value],
        request: bool,
    ) -> Result<Kind, String> {
        let mut bases = Vec::new();
        let mut fields = Vec::new();
        let mut base_props: BTreeMap<String, Value> = BTreeMap::new();
        for part in all {
            if let Some(base) = spec::ref_name(part) {
                let schema = self
                    .spec
                    .schema(base)
                    .ok_or_else(|| format!("{name}: dangling $ref {base}"))?;
                if let Some(props) = schema.get("properties").and_then(Value::as_mapping) {
                    for (k, v) in props {
                        if let Some(k) = k.as_str() {
                            base_props.insert(k.to_string(), v.clone());
                        }
                    }
                }
                bases.push((naming::field(base), naming::type_name(base)));
                continue;
            }
            fields.extend(self.fields(name, component, part, request)?);
            // A name required here but declared by a base: re-declared, now required.
            for req in spec::required(part) {
                if fields.iter().any(|f| f.json == req) {
                    continue;
                }
                let Some(prop) = base_props.get(&req).cloned() else {
                    return Err(format!("{name}: requires `{req}`, which no base declares"));
                };
                fields.push(self.field(name, component, &req, &prop, true, request)?);
            }
        }
        Ok(Kind::Struct {
            fields,
            extra: None,
            bases,
        })
    }

    fn variant(
        &mut self,
        parent: &str,
        component: &str,
        alt: &Value,
        request: bool,
    ) -> Result<Variant, String> {
        if let Some(r) = spec::ref_name(alt) {
            return Ok(Variant {
                name: naming::type_name(r),
                doc: description(alt),
                closed: false,
                body: VariantBody::Type(Ty::Named(naming::type_name(r))),
            });
        }
        let title = spec::str_of(alt, "title");
        let is_object = alt.get("properties").is_some()
            || alt.get("required").is_some()
            || alt.get("maxProperties").is_some()
            || (spec::str_of(alt, "type") == Some("object")
                && alt.get("additionalProperties").is_none());
        if is_object {
            let title = title.ok_or_else(|| {
                format!("{parent}: an inline object alternative of oneOf needs a `title`")
            })?;
            return Ok(Variant {
                name: naming::type_name(title),
                doc: description(alt),
                closed: alt.get("additionalProperties") == Some(&Value::Bool(false)),
                body: VariantBody::Fields(self.fields(parent, component, alt, request)?),
            });
        }
        let name = match title {
            Some(t) => naming::type_name(t),
            None => match spec::str_of(alt, "type") {
                Some(t) => naming::type_name(t),
                None => return Err(format!("{parent}: an alternative of oneOf needs a `title`")),
            },
        };
        let ty = self.ty(&format!("{parent}{name}"), component, alt, request)?;
        Ok(Variant {
            name,
            doc: description(alt),
            closed: false,
            body: VariantBody::Type(ty),
        })
    }

    fn fields(
        &mut self,
        parent: &str,
        component: &str,
        schema: &Value,
        request: bool,
    ) -> Result<Vec<Field>, String> {
        let required = spec::required(schema);
        let mut out = Vec::new();
        if let Some(props) = schema.get("properties").and_then(Value::as_mapping) {
            for (k, v) in props {
                let k = k
                    .as_str()
                    .ok_or_else(|| format!("{parent}: a property key"))?;
                out.push(self.field(parent, component, k, v, required.contains(k), request)?);
            }
        }
        let mut names = BTreeSet::new();
        for f in &mut out {
            if naming::is_keyword(&f.name) {
                f.name = match override_name(parent, &f.json) {
                    Some(n) => n.to_string(),
                    None => format!("{}_", f.name),
                };
            }
            if !names.insert(f.name.clone()) {
                return Err(format!("{parent}: two properties map to `{}`", f.name));
            }
        }
        Ok(out)
    }

    fn field(
        &mut self,
        parent: &str,
        component: &str,
        json: &str,
        prop: &Value,
        required: bool,
        request: bool,
    ) -> Result<Field, String> {
        let inline = format!("{parent}{}", naming::type_name(json));
        let mut nullable = spec::flag(prop, "nullable")
            || prop
                .get("oneOf")
                .and_then(Value::as_sequence)
                .is_some_and(|alts| alts.iter().any(is_null_only))
            || prop
                .get("enum")
                .and_then(Value::as_sequence)
                .is_some_and(|e| e.iter().any(Value::is_null));
        let mut doc = description(prop);
        // `allOf: [$ref]` only wraps a reference to give it a description or nullability.
        let target = match prop.get("allOf").and_then(Value::as_sequence) {
            Some(all) if all.len() == 1 => {
                if let Some(t) = all.first() {
                    nullable |= spec::flag(t, "nullable");
                    if doc.is_empty() {
                        doc = description(t);
                    }
                }
                all[0].clone()
            }
            _ => prop.clone(),
        };
        if doc.is_empty()
            && let Some(r) = spec::ref_name(&target)
            && let Some(t) = self.spec.schema(r)
        {
            doc = description(t);
        }
        Ok(Field {
            json: json.to_string(),
            name: naming::field(json),
            ty: self.ty(&inline, component, &target, request)?,
            required,
            nullable,
            doc,
            schema: prop.clone(),
        })
    }

    /// The type of a property or item schema; inline enums and objects become models.
    fn ty(
        &mut self,
        inline_name: &str,
        component: &str,
        schema: &Value,
        request: bool,
    ) -> Result<Ty, String> {
        if let Some(r) = spec::ref_name(schema) {
            if r == "ByteSize" {
                return Ok(Ty::ByteSize);
            }
            if self.spec.schema(r).is_none() {
                return Err(format!("dangling $ref {r}"));
            }
            return Ok(Ty::Named(naming::type_name(r)));
        }
        // `oneOf: [X, {enum: [null]}]`: the 3.0 spelling of a nullable X.
        if let Some(alts) = schema.get("oneOf").and_then(Value::as_sequence) {
            let real: Vec<&Value> = alts.iter().filter(|a| !is_null_only(a)).collect();
            if real.len() == 1 && alts.len() == 2 {
                return self.ty(inline_name, component, real[0], request);
            }
        }
        // An enum of booleans is a boolean; `null` in an enum is nullability.
        if let Some(values) = schema.get("enum").and_then(Value::as_sequence) {
            if values.iter().all(|v| v.is_bool()) {
                return Ok(Ty::Bool);
            }
            if values.iter().any(Value::is_null) {
                let mut s = schema.clone();
                if let Some(m) = s.as_mapping_mut() {
                    let kept: Vec<Value> =
                        values.iter().filter(|v| !v.is_null()).cloned().collect();
                    m.insert("enum".into(), Value::Sequence(kept));
                }
                return self.ty(inline_name, component, &s, request);
            }
        }
        let title = spec::str_of(schema, "title").map(naming::type_name);
        let needs_model = schema.get("enum").is_some()
            || schema.get("oneOf").is_some()
            || schema.get("properties").is_some();
        if needs_model {
            let name = title.unwrap_or_else(|| inline_name.to_string());
            let mut key = schema.clone();
            if let Some(m) = key.as_mapping_mut() {
                m.remove("description");
                m.remove("example");
            }
            if let Some(previous) = self.inline.get(&name) {
                if previous == &key {
                    return Ok(Ty::Named(name));
                }
                return Err(format!("two different inline schemas are titled {name}"));
            }
            self.inline.insert(name.clone(), key);
            let kind = self.kind(&name, component, schema, request)?;
            self.push(Model {
                name: name.clone(),
                component: component.to_string(),
                doc: description(schema),
                kind,
                request,
                page_items: None,
                quay_schema: None,
            })?;
            return Ok(Ty::Named(name));
        }
        let format = spec::str_of(schema, "format");
        Ok(match spec::str_of(schema, "type") {
            Some("string") => match format {
                Some("password") => Ty::Secret,
                Some("date-time") | Some("rfc2822") => Ty::Timestamp,
                Some("date") => Ty::Date,
                _ => Ty::String,
            },
            Some("boolean") => Ty::Bool,
            Some("integer") => {
                let min = schema.get("minimum").and_then(Value::as_f64);
                let max = schema.get("maximum").and_then(Value::as_f64);
                // Unsigned types for what Quay sends; request bodies keep signed integers, so
                // that a value Quay's own validation refuses can still be sent.
                match (format, min, max) {
                    (Some("int32"), _, _) => Ty::I32,
                    _ if request => Ty::I64,
                    (_, Some(min), Some(max)) if min >= 0.0 && max <= 65535.0 => Ty::U16,
                    (_, Some(min), _) if min >= 0.0 => Ty::U64,
                    _ => Ty::I64,
                }
            }
            Some("number") => Ty::F64,
            Some("array") => {
                let item = schema.get("items").cloned().unwrap_or(Value::Null);
                Ty::Vec(Box::new(self.ty(
                    &format!("{inline_name}Item"),
                    component,
                    &item,
                    request,
                )?))
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(v @ Value::Mapping(m)) if !m.is_empty() => Ty::Map(Box::new(self.ty(
                    &format!("{inline_name}Value"),
                    component,
                    v,
                    request,
                )?)),
                _ => Ty::JsonObject,
            },
            _ => Ty::Json,
        })
    }
}

/// Whether a schema admits only `null` (`enum: [null]`, or `type` `null`).
pub fn is_null_only(v: &Value) -> bool {
    spec::str_of(v, "type") == Some("null")
        || v.get("enum")
            .and_then(Value::as_sequence)
            .is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_null))
}

/// Names chosen for properties whose JSON name is a Rust keyword.
fn override_name(parent: &str, json: &str) -> Option<&'static str> {
    match (parent, json) {
        ("ApiError", "type") => Some("type_url"),
        (_, "type") => Some("kind"),
        _ => None,
    }
}
