//! The SDK's generated code: serde models per area (`sdk/src/models/generated/`) and the
//! operation table (`sdk/src/operations/table.rs`).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Field, Kind, Model, Models, Ty, VariantBody};
use crate::naming::{self, doc, lit};
use crate::spec::{Operation, Spec};
use crate::{GENERATED, Output};
use yaml_serde::Value;

/// Every SDK file derived from the spec.
pub fn generate(spec: &Spec, models: &Models, out: &mut Output) -> Result<(), String> {
    let dir = "sdk/src/models/generated";
    let mut modules = Vec::new();
    for (module, items) in &models.by_module {
        out.add(format!("{dir}/{module}.rs"), models_file(module, items));
        modules.push(module.clone());
    }
    out.add(format!("{dir}/mod.rs"), mod_file(&modules, models));
    let ops = spec.operations()?;
    out.add(
        "sdk/src/operations/table.rs".into(),
        operations_file(&ops, spec.root.get("security")),
    );
    out.add(
        "sdk/src/operations/error_kinds.rs".into(),
        error_kinds_file(&ops)?,
    );
    Ok(())
}

/// The error answers the spec classifies (`x-quay-error-kind` with `x-quay-message-pattern` on
/// a response example): a 400 `{"message"}` that means "not found", and the like.
fn error_kinds_file(ops: &[Operation]) -> Result<String, String> {
    let mut rows = Vec::new();
    for op in ops {
        let Some(responses) = op
            .object
            .get("responses")
            .and_then(yaml_serde::Value::as_mapping)
        else {
            continue;
        };
        for (status, response) in responses {
            let status: u16 = status
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| format!("{}: a response status that is not a number", op.id))?;
            let Some(content) = response
                .get("content")
                .and_then(yaml_serde::Value::as_mapping)
            else {
                continue;
            };
            for media in content.values() {
                let Some(examples) = media
                    .get("examples")
                    .and_then(yaml_serde::Value::as_mapping)
                else {
                    continue;
                };
                for (name, example) in examples {
                    let Some(kind) = crate::spec::str_of(example, "x-quay-error-kind") else {
                        continue;
                    };
                    let name = name.as_str().unwrap_or("");
                    let pattern = crate::spec::str_of(example, "x-quay-message-pattern")
                        .ok_or_else(|| {
                            format!("{} example {name}: x-quay-error-kind without x-quay-message-pattern", op.id)
                        })?;
                    let row = format!(
                        "({}, {status}, {}, ErrorKind::{}),",
                        lit(&op.id),
                        lit(pattern),
                        naming::type_name(kind)
                    );
                    if !rows.contains(&row) {
                        rows.push(row);
                    }
                }
            }
        }
    }
    Ok(format!(
        "{GENERATED}\n//! Error answers whose meaning the status does not tell, from the spec's\n\
         //! `x-quay-error-kind` and `x-quay-message-pattern` (`*` matches any text).\n\n\
         use crate::error::ErrorKind;\n\n\
         /// (operationId, HTTP status, message pattern, kind).\n\
         pub(crate) const MESSAGE_KINDS: &[(&str, u16, &str, ErrorKind)] = &[\n{}\n];\n",
        rows.join("\n")
    ))
}

fn mod_file(modules: &[String], models: &Models) -> String {
    let mut s = format!(
        "{GENERATED}\n//! The models of every area, generated from `openapi.yaml`'s `components/schemas`.\n\n"
    );
    for m in modules {
        let _ = writeln!(s, "mod {m};");
    }
    s.push('\n');
    for m in modules {
        let _ = writeln!(s, "pub use {m}::*;");
    }
    s.push_str(
        "\n/// Every model's derived schema as an OpenAPI document (`components/schemas` keyed by the\n\
         /// spec's schema names), for the conformance suite's drift gate.\n\
         #[cfg(feature = \"schema\")]\n\
         pub fn schema_document() -> serde_json::Value {\n\
         use utoipa::OpenApi;\n\
         use crate::models::ByteSize;\n\
         #[derive(OpenApi)]\n\
         #[openapi(components(schemas(\n",
    );
    let mut names: Vec<String> = models
        .components
        .iter()
        .map(|c| naming::type_name(c))
        .collect();
    names.push("ByteSize".into());
    for n in names {
        let _ = writeln!(s, "{n},");
    }
    s.push_str(
        ")))]\nstruct Models;\nserde_json::to_value(Models::openapi()).unwrap_or_default()\n}\n",
    );
    s
}

fn models_file(module: &str, items: &[Model]) -> String {
    let mut s = format!(
        "{GENERATED}\n//! Models of the `{module}` area.\n\n\
         #![allow(unused_imports)]\n\n\
         use serde::{{Deserialize, Serialize}};\n\n\
         use crate::models::*;\n\n"
    );
    for m in items {
        s.push_str(&model(m));
        s.push('\n');
    }
    s
}

/// The Rust type of a [`Ty`].
pub fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::U16 => "u16".into(),
        Ty::U64 => "u64".into(),
        Ty::F64 => "f64".into(),
        Ty::Secret => "Secret".into(),
        Ty::ByteSize => "ByteSize".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::Date => "Date".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::Vec(t) => format!("Vec<{}>", rust_type(t)),
        Ty::Map(t) => format!("std::collections::BTreeMap<String, {}>", rust_type(t)),
        Ty::Named(n) => n.clone(),
    }
}

/// Whether a setter may take `impl Into<T>` (not for numbers and booleans: a literal must
/// infer as the field's type).
fn into_param(ty: &Ty) -> bool {
    !matches!(
        ty,
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U16 | Ty::U64 | Ty::F64 | Ty::ByteSize
    )
}

fn param(name: &str, ty: &Ty) -> String {
    if into_param(ty) {
        format!("{name}: impl Into<{}>", rust_type(ty))
    } else {
        format!("{name}: {}", rust_type(ty))
    }
}

fn value(name: &str, ty: &Ty) -> String {
    if into_param(ty) {
        format!("{name}.into()")
    } else {
        name.to_string()
    }
}

fn field_doc(f: &Field) -> String {
    if f.doc.is_empty() {
        format!("The `{}` property.", f.json)
    } else {
        f.doc.clone()
    }
}

fn item_doc(m: &Model) -> String {
    if m.doc.is_empty() {
        format!("The `{}` schema.", m.component)
    } else {
        m.doc.clone()
    }
}

/// How a field is stored: `T`, `Option<T>` or (optional and nullable request fields)
/// `Option<Option<T>>`.
#[derive(PartialEq)]
enum Storage {
    Plain,
    Optional,
    Nullable,
}

fn storage(f: &Field, request: bool) -> Storage {
    match (f.required, f.nullable) {
        (true, false) => Storage::Plain,
        (false, true) if request => Storage::Nullable,
        _ => Storage::Optional,
    }
}

fn field(f: &Field, request: bool, public: bool) -> String {
    let mut s = doc(&field_doc(f), "");
    let mut serde = Vec::new();
    if f.name != f.json {
        serde.push(format!("rename = {}", lit(&f.json)));
    }
    let ty = rust_type(&f.ty);
    let ty = match storage(f, request) {
        Storage::Plain => ty,
        Storage::Optional => {
            if f.required {
                serde.push("default".into());
            } else {
                serde.push("default, skip_serializing_if = \"Option::is_none\"".into());
            }
            // An integer Quay sometimes sends as an integral float (`x-quay-integral-float`).
            if matches!(f.ty, Ty::U64 | Ty::I64)
                && f.schema
                    .get("x-quay-integral-float")
                    .and_then(Value::as_bool)
                    == Some(true)
            {
                serde.push("deserialize_with = \"crate::models::integral\"".into());
            }
            format!("Option<{ty}>")
        }
        Storage::Nullable => {
            serde.push(
                "default, skip_serializing_if = \"Option::is_none\", deserialize_with = \"crate::models::present\"".into(),
            );
            format!("Option<Option<{ty}>>")
        }
    };
    if !serde.is_empty() {
        let _ = writeln!(s, "#[serde({})]", serde.join(", "));
    }
    let vis = if public { "pub " } else { "" };
    let _ = writeln!(s, "{vis}{}: {ty},", f.name);
    s
}

const DERIVES: &str = "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n\
                       #[cfg_attr(feature = \"schema\", derive(utoipa::ToSchema))]\n";

fn model(m: &Model) -> String {
    let mut s = doc(&item_doc(m), "");
    let name = &m.name;
    match &m.kind {
        Kind::Enum { values } => {
            s = format!("string_enum! {{\n{s}{name} {{\n");
            for (variant, value, d) in values {
                let d = if d.is_empty() {
                    format!("`{value}`")
                } else {
                    d.clone()
                };
                s.push_str(&doc(&d, ""));
                let _ = writeln!(s, "{variant} = {},", lit(value));
            }
            s.push_str("}\n}\n");
        }
        Kind::Marker { value } => {
            s = format!("string_marker! {{\n{s}{name} = {}\n}}\n", lit(value));
        }
        Kind::List { item } => {
            s.push_str(DERIVES);
            let item = rust_type(item);
            let _ = writeln!(
                s,
                "#[serde(transparent)]\npub struct {name}(pub Vec<{item}>);\n\n\
                 impl {name} {{\n/// The items.\npub fn into_inner(self) -> Vec<{item}> {{ self.0 }}\n}}\n\n\
                 impl std::ops::Deref for {name} {{\ntype Target = [{item}];\nfn deref(&self) -> &[{item}] {{ &self.0 }}\n}}\n\n\
                 impl IntoIterator for {name} {{\ntype Item = {item};\ntype IntoIter = std::vec::IntoIter<{item}>;\n\
                 fn into_iter(self) -> Self::IntoIter {{ self.0.into_iter() }}\n}}"
            );
        }
        Kind::Union { variants } => {
            s.push_str(DERIVES);
            s.push_str("#[serde(untagged)]\n");
            // An answer decoded once and matched on: the size of its largest form is no cost.
            s.push_str("#[allow(clippy::large_enum_variant)]\n");
            let _ = writeln!(s, "pub enum {name} {{");
            for v in variants {
                let d = if v.doc.is_empty() {
                    format!("The `{}` form.", v.name)
                } else {
                    v.doc.clone()
                };
                s.push_str(&doc(&d, ""));
                match &v.body {
                    VariantBody::Type(t) => {
                        let _ = writeln!(s, "{}({}),", v.name, rust_type(t));
                    }
                    VariantBody::Fields(fields) => {
                        let _ = writeln!(s, "{} {{", v.name);
                        for f in fields {
                            s.push_str(&field(f, m.request, false));
                        }
                        s.push_str("},\n");
                    }
                }
            }
            s.push_str("}\n");
        }
        Kind::Struct {
            fields,
            extra,
            bases,
            ..
        } => {
            let defaultable = m.request
                && bases.is_empty()
                && fields
                    .iter()
                    .all(|f| storage(f, m.request) != Storage::Plain);
            if defaultable {
                s.push_str(
                    "#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]\n\
                     #[cfg_attr(feature = \"schema\", derive(utoipa::ToSchema))]\n",
                );
            } else {
                s.push_str(DERIVES);
            }
            s.push_str("#[non_exhaustive]\n");
            let _ = writeln!(s, "pub struct {name} {{");
            for (fname, ty) in bases {
                let _ = writeln!(
                    s,
                    "/// The [`{ty}`] this schema extends.\n#[serde(flatten)]\npub {fname}: {ty},"
                );
            }
            for f in fields {
                s.push_str(&field(f, m.request, true));
            }
            if let Some(extra) = extra {
                let ty = match extra {
                    Ty::Json => "serde_json::Map<String, serde_json::Value>".to_string(),
                    t => format!("std::collections::BTreeMap<String, {}>", rust_type(t)),
                };
                let _ = writeln!(
                    s,
                    "/// Properties the spec does not declare.\n#[serde(flatten)]\npub other: {ty},"
                );
            }
            s.push_str("}\n");
            if let [(fname, ty)] = bases.as_slice() {
                let _ = writeln!(
                    s,
                    "\nimpl std::ops::Deref for {name} {{\ntype Target = {ty};\nfn deref(&self) -> &{ty} {{ &self.{fname} }}\n}}"
                );
            }
            if m.request && bases.is_empty() {
                s.push_str(&builder(
                    name,
                    fields,
                    extra.is_some(),
                    defaultable,
                    m.request,
                ));
            }
            // A list wrapper (one required array property): iterable and a slice.
            if let ([f], true) = (fields.as_slice(), bases.is_empty() && extra.is_none())
                && f.required
                && let Ty::Vec(item) = &f.ty
            {
                let item = rust_type(item);
                let n = &f.name;
                let _ = writeln!(
                    s,
                    "\nimpl {name} {{\n/// The `{json}` items.\npub fn into_inner(self) -> Vec<{item}> {{ self.{n} }}\n}}\n\n\
                     impl std::ops::Deref for {name} {{\ntype Target = [{item}];\nfn deref(&self) -> &[{item}] {{ &self.{n} }}\n}}\n\n\
                     impl IntoIterator for {name} {{\ntype Item = {item};\ntype IntoIter = std::vec::IntoIter<{item}>;\n\
                     fn into_iter(self) -> Self::IntoIter {{ self.{n}.into_iter() }}\n}}\n\n\
                     impl<'a> IntoIterator for &'a {name} {{\ntype Item = &'a {item};\ntype IntoIter = std::slice::Iter<'a, {item}>;\n\
                     fn into_iter(self) -> Self::IntoIter {{ self.{n}.iter() }}\n}}",
                    json = f.json
                );
            }
            if let Some(items) = &m.page_items
                && let Some(f) = fields.iter().find(|f| &f.name == items)
                && let Ty::Vec(item) = &f.ty
            {
                let item = rust_type(item);
                let body = if f.required {
                    format!("self.{items}")
                } else {
                    format!("self.{items}.unwrap_or_default()")
                };
                let _ = writeln!(
                    s,
                    "\nimpl crate::Page for {name} {{\ntype Item = {item};\n\
                     fn next_page(&self) -> Option<&str> {{ self.next_page.as_deref() }}\n\
                     fn into_items(self) -> Vec<{item}> {{ {body} }}\n}}"
                );
            }
        }
    }
    s
}

/// `new(required...)` and one setter per optional field of a request body.
fn builder(name: &str, fields: &[Field], extra: bool, defaultable: bool, request: bool) -> String {
    let mut s = format!("\nimpl {name} {{\n");
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| storage(f, request) == Storage::Plain)
        .collect();
    let args: Vec<String> = required.iter().map(|f| param(&f.name, &f.ty)).collect();
    let docs: Vec<String> = required.iter().map(|f| format!("`{}`", f.json)).collect();
    let _ = writeln!(
        s,
        "/// A body with {}{}.",
        if docs.is_empty() {
            "no properties set".to_string()
        } else {
            format!("the required {}", docs.join(", "))
        },
        if required.len() < fields.len() {
            " (set the others with the methods below)"
        } else {
            ""
        }
    );
    if defaultable {
        let _ = writeln!(s, "pub fn new() -> Self {{ Self::default() }}");
    } else {
        let _ = writeln!(s, "pub fn new({}) -> Self {{\nSelf {{", args.join(", "));
        for f in fields {
            match storage(f, request) {
                Storage::Plain => {
                    let v = value(&f.name, &f.ty);
                    if v == f.name {
                        let _ = writeln!(s, "{},", f.name);
                    } else {
                        let _ = writeln!(s, "{}: {v},", f.name);
                    }
                }
                _ => {
                    let _ = writeln!(s, "{}: None,", f.name);
                }
            }
        }
        if extra {
            s.push_str("other: Default::default(),\n");
        }
        s.push_str("}\n}\n");
    }
    for f in fields {
        let st = storage(f, request);
        if st == Storage::Plain {
            continue;
        }
        let n = &f.name;
        let full = field_doc(f);
        let first: Vec<&str> = full.lines().take_while(|l| !l.trim().is_empty()).collect();
        let _ = writeln!(
            s,
            "\n{}pub fn {n}(mut self, {}) -> Self {{ self.{n} = Some({}); self }}",
            doc(&format!("Sets `{}`: {}", f.json, first.join(" ")), ""),
            param(n, &f.ty),
            if st == Storage::Nullable {
                format!("Some({})", value(n, &f.ty))
            } else {
                value(n, &f.ty)
            }
        );
        if st == Storage::Nullable {
            let _ = writeln!(
                s,
                "\n/// Sends `\"{}\": null`.\npub fn {n}_null(mut self) -> Self {{ self.{n} = Some(None); self }}",
                f.json
            );
        }
    }
    s.push_str("}\n");
    s
}

fn operations_file(ops: &[Operation], spec_security: Option<&yaml_serde::Value>) -> String {
    let mut by_tag: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in ops {
        by_tag.entry(op.tag.as_str()).or_default().push(op);
    }
    let mut s = format!(
        "{GENERATED}\n//! One constant per operation of `openapi.yaml`, and [`OPERATIONS`].\n\nuse super::{{Method, Operation}};\n\n"
    );
    let mut all = Vec::new();
    for (tag, ops) in &by_tag {
        let mut ops = ops.clone();
        ops.sort_by(|a, b| a.id.cmp(&b.id));
        for op in ops {
            let c = naming::constant(&op.id);
            let method = naming::type_name(&op.method);
            let idempotent = op
                .object
                .get("x-quay-idempotent")
                .and_then(yaml_serde::Value::as_bool)
                .unwrap_or(op.method != "post");
            let summary = crate::spec::str_of(&op.object, "summary").unwrap_or("");
            let security = op
                .object
                .get("security")
                .or(spec_security)
                .and_then(yaml_serde::Value::as_sequence)
                .cloned()
                .unwrap_or_default();
            let mut scopes = Vec::new();
            let mut anonymous = false;
            for requirement in &security {
                let Some(m) = requirement.as_mapping() else {
                    continue;
                };
                if m.is_empty() {
                    anonymous = true;
                }
                if let Some(list) = requirement
                    .get("oauth2_implicit")
                    .and_then(yaml_serde::Value::as_sequence)
                {
                    let names: Vec<String> = list
                        .iter()
                        .filter_map(yaml_serde::Value::as_str)
                        .map(lit)
                        .collect();
                    scopes.push(format!("&[{}]", names.join(", ")));
                }
            }
            let _ = writeln!(
                s,
                "/// `{}`: {} `{}`. {}.\npub const {c}: Operation = Operation {{ id: {}, method: Method::{method}, path: {}, tag: {}, idempotent: {idempotent}, scopes: &[{}], anonymous: {anonymous} }};",
                op.id,
                op.method.to_uppercase(),
                op.path,
                summary.trim_end_matches('.'),
                lit(&op.id),
                lit(&op.path),
                lit(tag),
                scopes.join(", "),
            );
            all.push(c);
        }
    }
    let _ = writeln!(
        s,
        "\n/// Every operation, grouped by area.\npub const OPERATIONS: &[Operation] = &[{}];",
        all.join(", ")
    );
    s
}
