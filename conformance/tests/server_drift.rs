//! Drift gate, server vs spec: the reference server's generated OpenAPI document must describe
//! the same operations, parameters, request bodies and responses as `openapi.yaml`.

use quay_conformance::contract::Contract;
use quay_conformance::drift::compare_documents;
use serde_json::Value;

fn server_document() -> Value {
    let state = quay_server::AppState::new(
        quay_server::Store::in_memory().unwrap(),
        quay_server::Config::default(),
    );
    serde_json::from_str(&quay_server::api::service(&state).spec()).unwrap()
}

#[test]
fn server_matches_the_spec() {
    let spec = Contract::embedded().unwrap().json;
    let drift = compare_documents(&spec, &server_document());
    let text: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "{} differences:\n{}",
        drift.len(),
        text.join("\n")
    );
}

#[test]
fn gate_fails_when_a_parameter_changes() {
    let mut spec = Contract::embedded().unwrap().json;
    let server = server_document();
    let before = compare_documents(&spec, &server).len();
    let params = spec["paths"]["/api/v1/users/{username}"]["parameters"].as_array_mut();
    match params {
        Some(list) => list[0]["name"] = "login".into(),
        None => {
            spec["paths"]["/api/v1/users/{username}"]["get"]["parameters"][0]["name"] =
                "login".into();
        }
    }
    let after = compare_documents(&spec, &server);
    assert!(after.len() > before, "{after:?}");
    assert!(
        after.iter().any(|d| d.at.contains("getUserInformation")),
        "{after:?}"
    );
}

#[test]
fn gate_fails_when_a_response_field_changes() {
    let mut spec = Contract::embedded().unwrap().json;
    let server = server_document();
    spec["components"]["schemas"]["UserInitialized"]["properties"]["username"] =
        serde_json::json!({"type": "integer"});
    let drift = compare_documents(&spec, &server);
    assert!(
        drift
            .iter()
            .any(|d| d.at.contains("initializeUser") && d.at.contains("username")),
        "{drift:?}"
    );
}
