//! The reference server's generated code: Quay's own request schemas
//! (`server/src/models/quay_schemas.rs`), from each request component's `x-quay-request-schema`,
//! and the route table (`server/src/routing/table.rs`): every operation's method, path
//! template and the feature flags that register it.

use std::fmt::Write;

use yaml_serde::Value;

use crate::model::Models;
use crate::naming::lit;
use crate::spec::Spec;
use crate::{GENERATED, Output};

/// Every server file derived from the spec.
pub fn generate(spec: &Spec, models: &Models, out: &mut Output) -> Result<(), String> {
    out.add("server/src/routing/table.rs".into(), routes(spec)?);
    let mut s = format!(
        "{GENERATED}\n//! Quay's request schemas, exactly as Quay's source writes them (the spec's\n\
         //! `x-quay-request-schema`): the server validates bodies with them, so its 400 messages\n\
         //! are Quay's to the letter. Key order is kept: it decides which failure is reported.\n\n\
         use crate::body::{{Py, QuayBody, py}};\n\n"
    );
    let mut any = false;
    for items in models.by_module.values() {
        for m in items {
            let Some(schema) = &m.quay_schema else {
                continue;
            };
            any = true;
            let _ = writeln!(
                s,
                "impl QuayBody for crate::models::{} {{\nfn schema() -> Py {{\npy!({})\n}}\n}}\n",
                m.name,
                py(schema)?
            );
        }
    }
    if !any {
        return Err("no component carries x-quay-request-schema".into());
    }
    out.add("server/src/models/quay_schemas.rs".into(), s);
    Ok(())
}

/// A YAML value as the `py!` macro's JSON-like syntax.
fn py(v: &Value) -> Result<String, String> {
    Ok(match v {
        Value::Null => "(Py::None)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                format!("{i}i64")
            } else {
                format!("(Py::Float({:?}))", n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => lit(s),
        Value::Sequence(items) => {
            let parts: Result<Vec<String>, String> = items.iter().map(py).collect();
            format!("[{}]", parts?.join(", "))
        }
        Value::Mapping(m) => {
            let mut parts = Vec::new();
            for (k, v) in m {
                let k = k
                    .as_str()
                    .ok_or("x-quay-request-schema has a key that is not a string")?;
                parts.push(format!("{}: {}", lit(k), py(v)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Tagged(_) => return Err("x-quay-request-schema has a YAML tag".into()),
    })
}

/// The route table: one entry per operation, in the order of the spec.
fn routes(spec: &Spec) -> Result<String, String> {
    let mut s = format!(
        "{GENERATED}\n//! Every operation's method, path template and the feature flags Quay needs on to\n\
         //! register it (`x-quay-feature`), and whether it serves anonymous callers even with\n\
         //! anonymous access off (`x-quay-anon-allowed`), and whether a web session must have\n\
         //! signed in recently (`x-quay-fresh-login`), and whether it works on a read-only\n\
         //! registry (`x-quay-readonly-allowed`).\n\n\
         use super::Route;\n\n\
         /// Every route of the spec.\n\
         pub const ROUTES: &[Route] = &[\n"
    );
    for op in spec.operations()? {
        let features: Vec<String> = op
            .object
            .get("x-quay-feature")
            .and_then(Value::as_sequence)
            .map(|f| f.iter().filter_map(Value::as_str).map(lit).collect())
            .unwrap_or_default();
        let anon_allowed = op
            .object
            .get("x-quay-anon-allowed")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let fresh_login = op
            .object
            .get("x-quay-fresh-login")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let readonly_allowed = op
            .object
            .get("x-quay-readonly-allowed")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        s.push_str(&format!(
            "Route {{ method: {}, template: {}, operation: {}, features: &[{}], anon_allowed: {anon_allowed}, fresh_login: {fresh_login}, readonly_allowed: {readonly_allowed} }},\n",
            lit(&op.method.to_uppercase()),
            lit(&op.path),
            lit(&op.id),
            features.join(", ")
        ));
    }
    s.push_str("];\n");
    Ok(s)
}
