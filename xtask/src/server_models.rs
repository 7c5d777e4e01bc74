//! The reference server's poem-openapi models (`server/src/models/generated/<area>.rs`), from
//! the same types as the SDK's ([`crate::model`]).
//!
//! Server rules: integers are `i64` (what SQLite gives), timestamps and secrets plain strings
//! (the server formats them), byte counts the server's `ByteSize`; an optional nullable field
//! is `MaybeUndefined`; single-value enums are one-variant `Enum`s with a default.
//! The request bodies listed in [`FIELD_CHECKED`] have fields that check
//! themselves the way Quay's handlers do (first line of the jsonschema message).

use std::fmt::Write;

use crate::model::{Field, Kind, Model, Models, Ty, VariantBody};
use crate::naming::{doc, lit};
use crate::{GENERATED, Output};

/// Request bodies whose fields check themselves (the organization area's handlers answer the
/// first line of a field's jsonschema message, `Body::first_line`): each declared field gets a
/// `deserialize_with` wrapper checking it against its spec property schema.
pub const FIELD_CHECKED: &[&str] = &[
    "NewOrg",
    "UpdateOrg",
    "NewApp",
    "UpdateApp",
    "NewApplicationToken",
    "NewProxyCacheConfig",
];

/// Every server model file.
pub fn generate(models: &Models, out: &mut Output) -> Result<(), String> {
    let dir = "server/src/models/generated";
    let mut modules = Vec::new();
    for (module, items) in &models.by_module {
        let mut s = format!(
            "{GENERATED}\n//! Models of the `{module}` area.\n\n\
             #![allow(unused_imports)]\n\n\
             use poem_openapi::types::{{MaybeUndefined, ParseResult}};\n\
             use serde_json::Value;\n\
             use crate::body::{{Py, fields, py}};\n\
             use poem_openapi::{{Enum, Object, Union}};\n\n\
             use crate::models::*;\n\n"
        );
        for m in items {
            if FIELD_CHECKED.contains(&m.name.as_str()) {
                s.push_str(&field_checked(m)?);
            } else {
                s.push_str(&model(m)?);
            }
            s.push('\n');
        }
        out.add(format!("{dir}/{module}.rs"), s);
        modules.push(module.clone());
    }
    let mut root = format!(
        "{GENERATED}\n//! The server's models of every area, generated from `openapi.yaml`.\n\n"
    );
    for m in &modules {
        let _ = writeln!(root, "mod {m};");
    }
    root.push('\n');
    for m in &modules {
        let _ = writeln!(root, "pub use {m}::*;");
    }
    out.add(format!("{dir}/mod.rs"), root);
    Ok(())
}

fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Secret | Ty::Timestamp | Ty::Date => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 | Ty::U16 | Ty::U64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::ByteSize => "ByteSize".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::JsonObject => "std::collections::HashMap<String, serde_json::Value>".into(),
        Ty::Vec(t) => format!("Vec<{}>", rust_type(t)),
        Ty::Map(t) => format!("std::collections::BTreeMap<String, {}>", rust_type(t)),
        Ty::Named(n) => n.clone(),
    }
}

fn describe(text: &str, fallback: String) -> String {
    if text.is_empty() {
        fallback
    } else {
        text.to_string()
    }
}

fn field(f: &Field) -> String {
    let mut s = doc(&describe(&f.doc, format!("The `{}` property.", f.json)), "");
    let mut oai = Vec::new();
    if f.name != f.json {
        oai.push(format!("rename = {}", lit(&f.json)));
    }
    let ty = rust_type(&f.ty);
    let ty = match (f.required, f.nullable) {
        (true, false) => ty,
        (true, true) => format!("Option<{ty}>"),
        (false, false) => {
            oai.push("skip_serializing_if_is_none".into());
            format!("Option<{ty}>")
        }
        (false, true) => format!("MaybeUndefined<{ty}>"),
    };
    if !oai.is_empty() {
        let _ = writeln!(s, "#[oai({})]", oai.join(", "));
    }
    let _ = writeln!(s, "pub {}: {ty},", f.name);
    s
}

fn object(
    name: &str,
    d: &str,
    fields: &[Field],
    bases: &[(String, String)],
    closed: bool,
) -> String {
    let mut s = doc(d, "");
    s.push_str("#[derive(Object, Debug, Clone, PartialEq)]\n");
    if closed {
        s.push_str("#[oai(deny_unknown_fields)]\n");
    }
    let _ = writeln!(s, "pub struct {name} {{");
    for (fname, ty) in bases {
        let _ = writeln!(
            s,
            "/// The [`{ty}`] this schema extends.\n#[oai(flatten)]\npub {fname}: {ty},"
        );
    }
    for f in fields {
        s.push_str(&field(f));
    }
    s.push_str("}\n");
    s
}

fn model(m: &Model) -> Result<String, String> {
    let d = describe(&m.doc, format!("The `{}` schema.", m.component));
    let name = &m.name;
    Ok(match &m.kind {
        Kind::Struct { fields, bases, .. } => object(name, &d, fields, bases, false),
        Kind::Enum { values } => {
            let mut s = doc(&d, "");
            s.push_str(
                "#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n",
            );
            let _ = writeln!(s, "pub enum {name} {{");
            for (variant, value, vd) in values {
                s.push_str(&doc(&describe(vd, format!("`{value}`")), ""));
                let _ = writeln!(s, "#[oai(rename = {})]\n{variant},", lit(value));
            }
            s.push_str("}\n");
            let _ = writeln!(
                s,
                "\nimpl {name} {{\n/// The wire (and stored) value.\npub fn as_str(self) -> &'static str {{\nmatch self {{"
            );
            for (variant, value, _) in values {
                let _ = writeln!(s, "Self::{variant} => {},", lit(value));
            }
            s.push_str("}\n}\n\n/// The variant of a wire value.\npub fn parse(value: &str) -> Option<Self> {\nmatch value {\n");
            for (variant, value, _) in values {
                let _ = writeln!(s, "{} => Some(Self::{variant}),", lit(value));
            }
            s.push_str("_ => None,\n}\n}\n}\n");
            s
        }
        Kind::Marker { value } => {
            let variant = crate::naming::variant(value);
            let mut s = doc(&d, "");
            s.push_str("#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]\n");
            let _ = writeln!(
                s,
                "pub enum {name} {{\n/// `{value}`\n#[default]\n#[oai(rename = {})]\n{variant},\n}}",
                lit(value)
            );
            s
        }
        Kind::List { item } => {
            format!(
                "{}pub type {name} = Vec<{}>;\n",
                doc(&d, ""),
                rust_type(item)
            )
        }
        Kind::Union { variants } => {
            let mut s = String::new();
            let mut body = doc(&d, "");
            body.push_str("#[derive(Union, Debug, Clone, PartialEq)]\n#[oai(one_of)]\n");
            body.push_str("#[allow(clippy::large_enum_variant)]\n");
            let _ = writeln!(body, "pub enum {name} {{");
            for v in variants {
                let vd = describe(&v.doc, format!("The `{}` form.", v.name));
                body.push_str(&doc(&vd, ""));
                match &v.body {
                    VariantBody::Type(t) => {
                        let _ = writeln!(body, "{}({}),", v.name, rust_type(t));
                    }
                    VariantBody::Fields(fields) => {
                        // poem's unions hold types: each inline alternative is a struct.
                        s.push_str(&object(&v.name, &vd, fields, &[], v.closed));
                        s.push('\n');
                        let _ = writeln!(body, "{}({}),", v.name, v.name);
                    }
                }
            }
            body.push_str("}\n");
            s.push_str(&body);
            s
        }
    })
}

/// The property's schema for its own check: its type (with `null` when nullable) and its
/// validation keywords, as jsonschema reads them.
fn check_schema(f: &Field) -> Result<String, String> {
    let ty = crate::spec::str_of(&f.schema, "type")
        .ok_or_else(|| format!("{}: a checked field needs a type", f.json))?;
    let mut parts = vec![if f.nullable {
        format!("\"type\": [{}, \"null\"]", lit(ty))
    } else {
        format!("\"type\": {}", lit(ty))
    }];
    for key in ["minimum", "maximum", "minLength", "maxLength"] {
        if let Some(v) = f.schema.get(key).and_then(yaml_serde::Value::as_i64) {
            parts.push(format!("{}: {v}i64", lit(key)));
        }
    }
    Ok(format!("py!({{{}}})", parts.join(", ")))
}

/// A request body whose declared fields check themselves ([`FIELD_CHECKED`]).
fn field_checked(m: &Model) -> Result<String, String> {
    let Kind::Struct { fields, .. } = &m.kind else {
        return Err(format!("{}: only objects can check their fields", m.name));
    };
    let d = describe(&m.doc, format!("The `{}` schema.", m.component));
    let mut s = doc(&d, "");
    s.push_str("#[derive(Object, Debug, Clone, PartialEq)]\n");
    let _ = writeln!(s, "pub struct {} {{", m.name);
    let mut wrappers = String::new();
    for f in fields {
        let undeclared = crate::spec::flag(&f.schema, "x-quay-undeclared");
        if undeclared {
            // Read by Quay's handler but not in its schema: parsed as poem parses it.
            let mut plain = f.clone();
            plain.nullable = false;
            s.push_str(&field(&plain));
            continue;
        }
        let wrapper = format!(
            "{}_{}",
            heck::ToSnakeCase::to_snake_case(m.name.as_str()),
            f.name
        );
        let schema = check_schema(f)?;
        let ty = crate::spec::str_of(&f.schema, "type").unwrap_or("");
        let (rust, call) = match (ty, f.required, f.nullable) {
            ("string", true, false) => (
                "String".to_string(),
                format!(
                    "fields::required_string(value, {}, &{schema})",
                    lit(&f.json)
                ),
            ),
            ("string", false, false) => (
                "Option<String>".into(),
                format!("fields::optional_string(value, &{schema})"),
            ),
            ("string", false, true) => (
                "MaybeUndefined<String>".into(),
                format!("fields::nullable_string(value, &{schema})"),
            ),
            ("boolean", false, false) => (
                "Option<bool>".into(),
                format!("fields::optional_bool(value, &{schema})"),
            ),
            ("integer", false, false) => (
                "Option<i64>".into(),
                format!("fields::optional_integer(value, &{schema})"),
            ),
            ("number", false, false) => (
                "Option<f64>".into(),
                format!("fields::optional_number(value, &{schema})"),
            ),
            other => {
                return Err(format!(
                    "{}.{}: no field check for {other:?}",
                    m.name, f.json
                ));
            }
        };
        s.push_str(&doc(
            &describe(&f.doc, format!("The `{}` property.", f.json)),
            "",
        ));
        let rename = if f.name != f.json {
            format!("rename = {}, ", lit(&f.json))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "#[oai({rename}deserialize_with = {})]\npub {}: {rust},",
            lit(&wrapper),
            f.name
        );
        let _ = writeln!(
            wrappers,
            "\nfn {wrapper}(value: Option<Value>) -> ParseResult<{rust}> {{\n{call}\n}}"
        );
    }
    s.push_str("}\n");
    s.push_str(&wrappers);
    Ok(s)
}
