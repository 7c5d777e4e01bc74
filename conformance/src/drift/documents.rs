//! Whole documents in normal form: every operation's parameters, body and responses, and the
//! differences between two documents.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Difference, Resolver, Shape, compare};

/// What the drift gate compares of one operation.
#[derive(Debug, Clone)]
pub struct OperationShape {
    /// operationId.
    pub id: String,
    /// (name, location) -> (required, shape).
    pub params: BTreeMap<(String, String), (bool, Shape)>,
    /// The JSON request body's shape, if any.
    pub body: Option<Shape>,
    /// Status -> the `application/json` shape (None: no JSON content).
    pub responses: BTreeMap<String, Option<Shape>>,
}

/// Every operation of an OpenAPI document keyed by (METHOD, path without trailing slash).
/// Responses marked `x-quay-known-defect` (bugs of Quay a reference server does not reproduce)
/// are left out.
pub fn operations(document: &Value) -> BTreeMap<(String, String), OperationShape> {
    let r = Resolver::new(document);
    let deref = |v: &Value| -> Value {
        let mut v = v.clone();
        for _ in 0..8 {
            match v.get("$ref").and_then(Value::as_str) {
                Some(p) => match p.strip_prefix('#').and_then(|p| document.pointer(p)) {
                    Some(t) => v = t.clone(),
                    None => break,
                },
                None => break,
            }
        }
        v
    };
    let mut out = BTreeMap::new();
    for (path, item) in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let normalized = if path.len() > 1 {
            path.trim_end_matches('/').to_string()
        } else {
            path.clone()
        };
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let mut params = BTreeMap::new();
            for list in [item.get("parameters"), op.get("parameters")]
                .into_iter()
                .flatten()
            {
                for p in list.as_array().into_iter().flatten() {
                    let p = deref(p);
                    let name = p["name"].as_str().unwrap_or_default().to_string();
                    let location = p["in"].as_str().unwrap_or_default().to_string();
                    let required = p.get("required") == Some(&Value::Bool(true));
                    let shape = p.get("schema").map(|s| r.shape(s, 0)).unwrap_or(Shape::Any);
                    params.insert((name, location), (required, shape));
                }
            }
            let body = op.get("requestBody").map(&deref).and_then(|b| {
                b.pointer("/content/application~1json/schema")
                    .map(|s| r.shape(s, 0))
            });
            let mut responses = BTreeMap::new();
            for (status, resp) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let resp = deref(resp);
                if resp.get("x-quay-known-defect").is_some() {
                    continue;
                }
                let json = resp
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.iter().find(|(ct, _)| ct.starts_with("application/json")))
                    .and_then(|(_, m)| m.get("schema"))
                    .map(|s| r.shape(s, 0));
                responses.insert(status.clone(), json);
            }
            out.insert(
                (method.to_uppercase(), normalized.clone()),
                OperationShape {
                    id: op["operationId"].as_str().unwrap_or_default().to_string(),
                    params,
                    body,
                    responses,
                },
            );
        }
    }
    out
}

/// Every difference between the spec's operations and another document's (the server's).
pub fn compare_documents(spec: &Value, other: &Value) -> Vec<Difference> {
    let (expected, actual) = (operations(spec), operations(other));
    let mut out = Vec::new();
    for (key, e) in &expected {
        let at = format!("{} {} ({})", key.0, key.1, e.id);
        let Some(a) = actual.get(key) else {
            out.push(Difference {
                at,
                what: "operation missing on the other side".into(),
            });
            continue;
        };
        if a.id != e.id {
            out.push(Difference {
                at: at.clone(),
                what: format!("operationId is {:?} on the other side", a.id),
            });
        }
        for (p, (req, shape)) in &e.params {
            let here = format!("{at} parameter {} in {}", p.0, p.1);
            match a.params.get(p) {
                None => out.push(Difference {
                    at: here,
                    what: "missing on the other side".into(),
                }),
                Some((ra, sa)) => {
                    if ra != req {
                        out.push(Difference {
                            at: here.clone(),
                            what: format!("required {req} in the spec, {ra} on the other side"),
                        });
                    }
                    compare(&here, shape, sa, &mut out);
                }
            }
        }
        for p in a.params.keys().filter(|p| !e.params.contains_key(*p)) {
            out.push(Difference {
                at: format!("{at} parameter {} in {}", p.0, p.1),
                what: "not in the spec".into(),
            });
        }
        match (&e.body, &a.body) {
            (Some(eb), Some(ab)) => compare(&format!("{at} request body"), eb, ab, &mut out),
            (Some(_), None) => out.push(Difference {
                at: format!("{at} request body"),
                what: "missing on the other side".into(),
            }),
            (None, Some(_)) => out.push(Difference {
                at: format!("{at} request body"),
                what: "not in the spec".into(),
            }),
            (None, None) => {}
        }
        for (status, es) in &e.responses {
            let here = format!("{at} response {status}");
            match a.responses.get(status) {
                None => out.push(Difference {
                    at: here,
                    what: "missing on the other side".into(),
                }),
                Some(as_) => match (es, as_) {
                    (Some(es), Some(as_)) => compare(&here, es, as_, &mut out),
                    (Some(_), None) => out.push(Difference {
                        at: here,
                        what: "no JSON body on the other side".into(),
                    }),
                    (None, Some(_)) => out.push(Difference {
                        at: here,
                        what: "JSON body not in the spec".into(),
                    }),
                    (None, None) => {}
                },
            }
        }
        for status in a.responses.keys().filter(|s| !e.responses.contains_key(*s)) {
            out.push(Difference {
                at: format!("{at} response {status}"),
                what: "not in the spec".into(),
            });
        }
    }
    for (key, a) in &actual {
        if !expected.contains_key(key) {
            out.push(Difference {
                at: format!("{} {} ({})", key.0, key.1, a.id),
                what: "operation not in the spec".into(),
            });
        }
    }
    out
}
