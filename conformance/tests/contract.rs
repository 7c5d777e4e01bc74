//! The contract checks of issue #2: `openapi.yaml` holds exactly the contract's operations, and
//! every one is complete and consistent. A copy of the spec is mutated to prove the checks bite.

use quay_conformance::contract::{Contract, expected_operations};
use serde_json::Value;

fn contract() -> Contract {
    Contract::embedded().expect("openapi.yaml parses as OpenAPI 3.0")
}

#[test]
fn spec_is_openapi_3_0_3() {
    let c = contract();
    assert_eq!(c.model.openapi, "3.0.3");
}

#[test]
fn spec_has_no_problems() {
    let problems = contract().problems();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn spec_holds_exactly_the_contract_operations() {
    let c = contract();
    let ops: std::collections::BTreeSet<_> = c.operations().into_iter().map(|(k, _)| k).collect();
    assert_eq!(ops, expected_operations());
    assert_eq!(ops.len(), 184);
}

fn mutated(f: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut json = contract().json.clone();
    f(&mut json);
    Contract::from_json(json)
        .expect("mutated copy still parses")
        .problems()
}

#[test]
fn removing_an_operation_is_caught() {
    let problems = mutated(|j| {
        j["paths"]["/api/v1/organization/{orgname}"]
            .as_object_mut()
            .unwrap()
            .remove("delete");
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("missing operation DELETE /api/v1/organization/{orgname}")),
        "{problems:?}"
    );
}

#[test]
fn renaming_an_operation_is_caught() {
    let problems = mutated(|j| {
        j["paths"]["/api/v1/organization/{orgname}"]["get"]["operationId"] = "getOrg".into();
    });
    assert!(
        problems.iter().any(|p| p.contains("getOrg")),
        "{problems:?}"
    );
}

#[test]
fn a_broken_ref_is_caught() {
    let problems = mutated(|j| {
        j["paths"]["/api/v1/organization/{orgname}"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"] = serde_json::json!({"$ref": "#/components/schemas/NoSuchSchema"});
    });
    assert!(
        problems.iter().any(|p| p.contains("unresolved $ref")),
        "{problems:?}"
    );
}

#[test]
fn an_undeclared_path_parameter_is_caught() {
    let problems = mutated(|j| {
        let item = j["paths"]["/api/v1/organization/{orgname}"]
            .as_object_mut()
            .unwrap();
        item.remove("parameters");
        for method in ["get", "put", "delete"] {
            item.get_mut(method)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove("parameters");
        }
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("{orgname} is not declared")),
        "{problems:?}"
    );
}

#[test]
fn an_example_that_breaks_its_schema_is_caught() {
    let problems = mutated(|j| {
        let media = &mut j["paths"]["/api/v1/organization/{orgname}"]["get"]["responses"]["200"]["content"]
            ["application/json"];
        let examples = media["examples"].as_object_mut().unwrap();
        let first = examples.values_mut().next().unwrap();
        first["value"]["is_admin"] = "yes".into();
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("does not match its schema")),
        "{problems:?}"
    );
}

#[test]
fn a_missing_success_schema_is_caught() {
    let problems = mutated(|j| {
        j["paths"]["/api/v1/organization/{orgname}"]["get"]["responses"]["200"]
            .as_object_mut()
            .unwrap()
            .remove("content");
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("success response without a schema")),
        "{problems:?}"
    );
}
