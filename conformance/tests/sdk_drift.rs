//! Drift gate, SDK vs spec: the SDK's operation table and its models' derived schemas must
//! match `openapi.yaml`. A mutated copy of the spec proves the gate fails on a single change.

use std::collections::BTreeSet;

use quay_conformance::contract::Contract;
use quay_conformance::drift::{Difference, Resolver, compare};
use serde_json::Value;

fn spec() -> Value {
    Contract::embedded().unwrap().json
}

fn sdk_operations() -> BTreeSet<(String, String, String, String)> {
    quay_sdk::OPERATIONS
        .iter()
        .map(|op| {
            (
                op.method.as_str().to_string(),
                op.path.to_string(),
                op.id.to_string(),
                op.tag.to_string(),
            )
        })
        .collect()
}

fn spec_operations(spec: &Value) -> BTreeSet<(String, String, String, String)> {
    let contract = Contract::from_json(spec.clone()).unwrap();
    contract
        .operations()
        .into_iter()
        .map(|(k, op)| {
            let tag = op["tags"][0].as_str().unwrap_or("").to_string();
            (k.method, k.path, k.operation_id, tag)
        })
        .collect()
}

fn operation_drift(spec: &Value) -> Vec<String> {
    let (s, k) = (spec_operations(spec), sdk_operations());
    let mut out: Vec<String> = s
        .difference(&k)
        .map(|o| format!("in the spec, not the SDK: {o:?}"))
        .collect();
    out.extend(
        k.difference(&s)
            .map(|o| format!("in the SDK, not the spec: {o:?}")),
    );
    out
}

/// Every component schema of the spec against the SDK model of the same name.
fn model_drift(spec: &Value) -> Vec<Difference> {
    let sdk = quay_sdk::models::schema_document();
    let (rs, rk) = (Resolver::new(spec), Resolver::new(&sdk));
    let sdk_names: BTreeSet<&String> = rk.names().collect();
    let mut out = Vec::new();
    for name in rs.names() {
        // `null` only (Quay's fall-through answers, never decoded): no model.
        let schema = &spec["components"]["schemas"][name.as_str()];
        if schema["enum"]
            .as_array()
            .is_some_and(|e| e.iter().all(Value::is_null))
        {
            continue;
        }
        if !sdk_names.contains(name) {
            out.push(Difference {
                at: name.clone(),
                what: "no SDK model of this name".into(),
            });
            continue;
        }
        compare(
            name,
            &rs.component(name).unwrap(),
            &rk.component(name).unwrap(),
            &mut out,
        );
    }
    out
}

#[test]
fn sdk_operation_table_matches_the_spec() {
    let drift = operation_drift(&spec());
    assert!(drift.is_empty(), "{}", drift.join("\n"));
}

#[test]
fn sdk_models_match_the_spec() {
    let drift = model_drift(&spec());
    let text: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "{} differences:\n{}",
        drift.len(),
        text.join("\n")
    );
}

#[test]
fn gate_fails_when_an_operation_path_changes() {
    let mut s = spec();
    let paths = s["paths"].as_object_mut().unwrap();
    let item = paths.remove("/api/v1/user/").unwrap();
    paths.insert("/api/v1/user".into(), item);
    let drift = operation_drift(&s);
    assert!(
        drift.iter().any(|d| d.contains("getLoggedInUser")),
        "{drift:?}"
    );
}

#[test]
fn gate_fails_when_a_field_changes() {
    let mut s = spec();
    s["components"]["schemas"]["Avatar"]["properties"]["hash"] =
        serde_json::json!({"type": "integer"});
    let drift = model_drift(&s);
    assert!(drift.iter().any(|d| d.at == "Avatar.hash"), "{drift:?}");
}

#[test]
fn gate_fails_when_a_field_is_added() {
    let mut s = spec();
    s["components"]["schemas"]["Avatar"]["properties"]["shape"] =
        serde_json::json!({"type": "string"});
    let drift = model_drift(&s);
    assert!(
        drift
            .iter()
            .any(|d| d.at == "Avatar.shape" && d.what.contains("missing")),
        "{drift:?}"
    );
}

/// Every response example the spec classifies (`x-quay-error-kind`) is classified so by the
/// SDK's `ErrorKind::of`, and the same body from another status is not.
#[test]
fn the_sdk_classifies_every_error_the_spec_classifies() {
    use quay_sdk::{ErrorBody, ErrorKind};
    let spec = spec();
    let mut checked = 0;
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            for (status, response) in op["responses"].as_object().unwrap() {
                let status: u16 = status.parse().unwrap();
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for media in content.values() {
                    let Some(examples) = media.get("examples").and_then(Value::as_object) else {
                        continue;
                    };
                    for (name, example) in examples {
                        let Some(kind) = example.get("x-quay-error-kind").and_then(Value::as_str)
                        else {
                            continue;
                        };
                        let expected = match kind {
                            "not_found" => ErrorKind::NotFound,
                            "already_exists" => ErrorKind::AlreadyExists,
                            other => panic!("{id} {name}: unknown x-quay-error-kind {other}"),
                        };
                        let body =
                            ErrorBody::decode(&serde_json::to_vec(&example["value"]).unwrap());
                        assert_eq!(
                            ErrorKind::of(id, status, &body),
                            expected,
                            "{id} {status} {name}: its message does not match its x-quay-message-pattern"
                        );
                        assert_eq!(
                            ErrorKind::of(id, 418, &body),
                            ErrorKind::OtherStatus,
                            "{id} {name}: the pattern must apply to its own status only"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} classified examples");
}
