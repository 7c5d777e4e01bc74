//! The SDK's request builders (`sdk/src/requests/<area>.rs`): one type per operation holding
//! its path parameters and body, a setter per optional query parameter, and `send()` (also
//! `.await`); paginated operations add `next_page()` and `stream()`.

use std::collections::BTreeMap;
use std::fmt::Write;

use yaml_serde::Value;

use crate::model::{Kind, Models, Ty};
use crate::naming::{self, doc, lit};
use crate::sdk;
use crate::spec::{self, Operation, Spec};
use crate::{GENERATED, Output};

/// A type as the request files name it: models by their full path (an operationId may be a
/// model's name too, as `createInstallUser` and `CreateInstallUser`).
fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => format!("crate::models::{n}"),
        Ty::Vec(t) => format!("Vec<{}>", rust_type(t)),
        Ty::Map(t) => format!("std::collections::BTreeMap<String, {}>", rust_type(t)),
        Ty::Secret | Ty::ByteSize | Ty::Timestamp | Ty::Date => {
            format!("crate::models::{}", sdk::rust_type(ty))
        }
        t => sdk::rust_type(t),
    }
}

/// The request type of an operation.
pub fn type_name(operation_id: &str) -> String {
    format!("{}Request", naming::type_name(operation_id))
}

/// A parameter of an operation.
struct Param {
    json: String,
    name: String,
    ty: Ty,
    /// A `{repository}` path parameter holding `namespace/name` (`x-quay-allows-slash`).
    repository: bool,
    doc: String,
}

/// What `send()` answers.
enum Answer {
    /// No body (204, or a 2xx without content).
    Empty,
    /// A JSON body of this type.
    Json(Ty),
}

/// Every request file.
pub fn generate(spec: &Spec, models: &Models, out: &mut Output) -> Result<(), String> {
    let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
    for op in spec.operations()? {
        by_tag.entry(op.tag.clone()).or_default().push(op);
    }
    let pages = page_items(models);
    let mut root = format!(
        "{GENERATED}\n//! One request type per operation of `openapi.yaml`, grouped by area. Build them through\n\
         //! the handlers of [`crate::api`]; send them with `send()` or `.await`.\n\n"
    );
    for tag in by_tag.keys() {
        let _ = writeln!(root, "mod {tag};");
    }
    root.push('\n');
    for tag in by_tag.keys() {
        let _ = writeln!(root, "pub use {tag}::*;");
    }
    out.add("sdk/src/requests/mod.rs".into(), root);
    for (tag, ops) in &by_tag {
        let mut body = String::new();
        for op in ops {
            body.push_str(&request(spec, op, &pages)?);
        }
        // Only the imports this area's requests use.
        let mut path = Vec::new();
        if body.contains("PathValue::") {
            path.push("PathValue");
        }
        if body.contains("RepositoryRef") {
            path.push("RepositoryRef");
        }
        let mut s = format!(
            "{GENERATED}\n//! Requests of the `{tag}` area.\n\n\
             use std::future::{{Future, IntoFuture}};\nuse std::pin::Pin;\n\n"
        );
        if body.contains("BoxStream") {
            s.push_str("use futures_util::stream::BoxStream;\n\n");
        }
        s.push_str(
            "use crate::client::Client;\nuse crate::error::Result;\nuse crate::operations as op;\n",
        );
        if !path.is_empty() {
            let _ = writeln!(s, "use crate::path::{{{}}};", path.join(", "));
        }
        s.push('\n');
        s.push_str(&body);
        out.add(format!("sdk/src/requests/{tag}.rs"), s);
    }
    Ok(())
}

/// The item type of every paginated model.
fn page_items(models: &Models) -> BTreeMap<String, Ty> {
    let mut out = BTreeMap::new();
    for m in models.by_module.values().flatten() {
        if let (Some(items), Kind::Struct { fields, .. }) = (&m.page_items, &m.kind)
            && let Some(f) = fields.iter().find(|f| &f.name == items)
            && let Ty::Vec(item) = &f.ty
        {
            out.insert(m.name.clone(), (**item).clone());
        }
    }
    out
}

fn resolve<'a>(spec: &'a Spec, p: &'a Value) -> Result<&'a Value, String> {
    match spec::str_of(p, "$ref") {
        Some(r) => {
            let name = r
                .strip_prefix("#/components/parameters/")
                .ok_or_else(|| format!("parameter $ref {r} is not a components/parameters one"))?;
            spec.root
                .get("components")
                .and_then(|c| c.get("parameters"))
                .and_then(|ps| ps.get(name))
                .ok_or_else(|| format!("dangling parameter $ref {r}"))
        }
        None => Ok(p),
    }
}

fn params(spec: &Spec, op: &Operation, place: &str) -> Result<Vec<Param>, String> {
    let path_level = spec
        .root
        .get("paths")
        .and_then(|p| p.get(op.path.as_str()))
        .and_then(|i| i.get("parameters"))
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let own = op
        .object
        .get("parameters")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for p in path_level.iter().chain(own.iter()) {
        let p = resolve(spec, p)?;
        if spec::str_of(p, "in") != Some(place) {
            continue;
        }
        let json = spec::str_of(p, "name").ok_or("a parameter without name")?;
        let schema = p.get("schema").cloned().unwrap_or(Value::Null);
        let target = match schema.get("allOf").and_then(Value::as_sequence) {
            Some(all) if all.len() == 1 => all[0].clone(),
            _ => schema.clone(),
        };
        let ty = if let Some(r) = spec::ref_name(&target) {
            Ty::Named(naming::type_name(r))
        } else {
            match spec::str_of(&target, "type") {
                Some("boolean") => Ty::Bool,
                Some("integer")
                    if target
                        .get("minimum")
                        .and_then(Value::as_f64)
                        .is_some_and(|m| m >= 0.0) =>
                {
                    Ty::U64
                }
                Some("integer") => Ty::I64,
                Some("number") => Ty::F64,
                Some("string") if target.get("enum").is_none() => Ty::String,
                other => {
                    return Err(format!(
                        "{}: parameter {json} of type {other:?} needs a component schema",
                        op.id
                    ));
                }
            }
        };
        out.push(Param {
            json: json.to_string(),
            name: naming::field(json),
            ty,
            repository: spec::flag(p, "x-quay-allows-slash"),
            doc: spec::str_of(p, "description")
                .unwrap_or("")
                .trim()
                .to_string(),
        });
    }
    // Path parameters in the order of the template.
    if place == "path" {
        let order: Vec<&str> = op
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
            .collect();
        out.sort_by_key(|p| order.iter().position(|o| *o == p.json));
        if out.len() != order.len() {
            return Err(format!(
                "{}: path parameters do not match the template",
                op.id
            ));
        }
    }
    Ok(out)
}

fn answer(op: &Operation) -> Result<Answer, String> {
    let responses = op
        .object
        .get("responses")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{} has no responses", op.id))?;
    let mut found: Option<Answer> = None;
    for (status, r) in responses {
        let status = status.as_str().unwrap_or("");
        // A known defect of Quay (its 200 `null` for an object it cannot find) is not the
        // operation's answer: the hand-written handler maps it.
        if !status.starts_with('2') || r.get("x-quay-known-defect").is_some() {
            continue;
        }
        let this = match r
            .get("content")
            .and_then(|c| c.get("application/json"))
            .and_then(|c| c.get("schema"))
        {
            None => Answer::Empty,
            Some(s) => match spec::ref_name(s) {
                Some(name) => Answer::Json(Ty::Named(naming::type_name(name))),
                None => return Err(format!("{}: an inline success schema", op.id)),
            },
        };
        match (&found, &this) {
            (None, _) => found = Some(this),
            (Some(Answer::Json(a)), Answer::Json(b)) if a == b => {}
            (Some(Answer::Empty), Answer::Empty) => {}
            _ => return Err(format!("{}: its 2xx responses differ in schema", op.id)),
        }
    }
    found.ok_or_else(|| format!("{} has no 2xx response", op.id))
}

fn body(spec: &Spec, op: &Operation) -> Result<Option<(String, bool)>, String> {
    let Some(b) = op.object.get("requestBody") else {
        return Ok(None);
    };
    let schema = b
        .get("content")
        .and_then(|c| c.get("application/json"))
        .and_then(|c| c.get("schema"))
        .ok_or_else(|| format!("{}: a body that is not application/json", op.id))?;
    let name = spec::ref_name(schema)
        .ok_or_else(|| format!("{}: the body schema must be a component", op.id))?;
    if spec.schema(name).is_none() {
        return Err(format!("{}: dangling body $ref {name}", op.id));
    }
    Ok(Some((
        format!("crate::models::{}", naming::type_name(name)),
        spec::flag(b, "required"),
    )))
}

fn request(spec: &Spec, op: &Operation, pages: &BTreeMap<String, Ty>) -> Result<String, String> {
    let name = type_name(&op.id);
    let path = params(spec, op, "path")?;
    let query = params(spec, op, "query")?;
    let body = body(spec, op)?;
    let answer = answer(op)?;
    let out_ty = match &answer {
        Answer::Empty => "()".to_string(),
        Answer::Json(t) => rust_type(t),
    };
    let paged = query.iter().any(|q| q.json == "next_page");
    let item = match &answer {
        Answer::Json(Ty::Named(n)) if paged => pages.get(n).cloned(),
        _ => None,
    };
    if paged && item.is_none() {
        return Err(format!(
            "{}: takes next_page but its answer is not a page",
            op.id
        ));
    }

    let summary = spec::str_of(&op.object, "summary").unwrap_or("").trim();
    let description = spec::str_of(&op.object, "description").unwrap_or("").trim();
    let mut s = doc(
        &format!(
            "`{}` ({} `{}`): {}.\n\n{}",
            op.id,
            op.method.to_uppercase(),
            op.path,
            summary.trim_end_matches('.'),
            description
        ),
        "",
    );
    s.push_str("///\n/// Send it with [`send`](Self::send) or `.await`.\n");
    s.push_str("#[derive(Debug, Clone)]\n#[must_use = \"a request does nothing until it is sent or awaited\"]\n");
    let _ = writeln!(s, "pub struct {name} {{\nclient: Client,");
    for p in &path {
        let ty = if p.repository {
            "RepositoryRef".to_string()
        } else {
            "String".to_string()
        };
        let _ = writeln!(s, "{}: {ty},", p.name);
    }
    if let Some((b, required)) = &body {
        if *required {
            let _ = writeln!(s, "body: {b},");
        } else {
            let _ = writeln!(s, "body: Option<{b}>,");
        }
    }
    for q in &query {
        let _ = writeln!(s, "{}: Option<{}>,", q.name, rust_type(&q.ty));
    }
    s.push_str("}\n\n");

    // new()
    let _ = writeln!(s, "impl {name} {{");
    let mut args = vec!["client: &Client".to_string()];
    let mut inits = vec!["client: client.clone()".to_string()];
    for p in &path {
        if p.repository {
            args.push(format!("{}: RepositoryRef", p.name));
            inits.push(p.name.clone());
        } else {
            args.push(format!("{}: impl Into<String>", p.name));
            inits.push(format!("{}: {}.into()", p.name, p.name));
        }
    }
    if let Some((b, required)) = &body {
        if *required {
            args.push(format!("body: {b}"));
            inits.push("body".into());
        } else {
            inits.push("body: None".into());
        }
    }
    for q in &query {
        inits.push(format!("{}: None", q.name));
    }
    let _ = writeln!(
        s,
        "pub(crate) fn new({}) -> Self {{\nSelf {{ {} }}\n}}",
        args.join(", "),
        inits.join(", ")
    );

    // setters
    if let Some((b, false)) = &body {
        let _ = writeln!(
            s,
            "\n/// Sends this body (the operation also accepts none).\npub fn body(mut self, body: {b}) -> Self {{ self.body = Some(body); self }}"
        );
    }
    for q in &query {
        let d = if q.doc.is_empty() {
            format!("Sets the `{}` query parameter.", q.json)
        } else {
            format!("`{}`: {}", q.json, q.doc)
        };
        let (param, value) = match &q.ty {
            Ty::String | Ty::Named(_) => (
                format!("{}: impl Into<{}>", q.name, rust_type(&q.ty)),
                format!("{}.into()", q.name),
            ),
            t => (format!("{}: {}", q.name, rust_type(t)), q.name.clone()),
        };
        let _ = writeln!(
            s,
            "\n{}pub fn {}(mut self, {param}) -> Self {{ self.{} = Some({value}); self }}",
            doc(&d, ""),
            q.name,
            q.name
        );
        let _ = writeln!(
            s,
            "\n/// Sets or clears `{}` (see [`{}`](Self::{})).\npub fn set_{}(mut self, {}: Option<{}>) -> Self {{ self.{} = {}; self }}",
            q.json,
            q.name,
            q.name,
            q.name,
            q.name,
            rust_type(&q.ty),
            q.name,
            q.name
        );
    }

    // the call
    let path_values: Vec<String> = path
        .iter()
        .map(|p| {
            if p.repository {
                format!("PathValue::Repository(&self.{})", p.name)
            } else {
                format!("PathValue::Segment(&self.{})", p.name)
            }
        })
        .collect();
    let mut call = format!(
        "self.client.call(&op::{}, &[{}])",
        naming::constant(&op.id),
        path_values.join(", ")
    );
    for q in &query {
        let _ = write!(call, ".query({}, self.{}.as_ref())", lit(&q.json), q.name);
    }
    match &body {
        Some((_, true)) => call.push_str(".json(&self.body)"),
        Some((_, false)) => call.push_str(".json_opt(self.body.as_ref())"),
        None => {}
    }
    let _ = writeln!(
        s,
        "\n/// Sends the request; the raw success response, for the handlers that read its status.\n\
         pub(crate) async fn send_response(self) -> Result<crate::request::Response> {{\n{call}.send_raw().await\n}}"
    );
    let decode = match &answer {
        Answer::Empty => ".map(|_| ())".to_string(),
        Answer::Json(_) => "?.json()".to_string(),
    };
    let send_body = format!("self.send_response().await{decode}");
    let _ = writeln!(
        s,
        "\n/// Sends the request and decodes the answer.\npub async fn send(self) -> Result<{out_ty}> {{\n{send_body}\n}}"
    );
    if let Some(item) = &item {
        let item = rust_type(item);
        let _ = writeln!(
            s,
            "\n/// Every item of every page from this request's page on, following `next_page`.\n\
             pub fn stream(self) -> BoxStream<'static, Result<{item}>> {{\n\
             let first = self.next_page.clone();\n\
             crate::pagination::paginate(move |token: Option<String>| {{\n\
             let mut page = self.clone();\n\
             page.next_page = token.or_else(|| first.clone());\n\
             page.send()\n}})\n}}"
        );
    }
    s.push_str("}\n\n");
    let _ = writeln!(
        s,
        "impl IntoFuture for {name} {{\ntype Output = Result<{out_ty}>;\n\
         type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;\n\
         fn into_future(self) -> Self::IntoFuture {{ Box::pin(self.send()) }}\n}}\n"
    );
    Ok(s)
}
