//! Every response recorded from a real Quay (`fixtures/quay/`) against the contract: the status
//! is declared for its operation and the body matches that status's schema. This covers what
//! the reference server never produces (Quay's crashes, recorded validation texts, ...).

use std::path::PathBuf;

use quay_conformance::contract::Contract;
use quay_conformance::proxy::{check, operation_for};
use serde_json::Value;

#[test]
fn recorded_quay_responses_conform_to_the_spec() {
    let contract = Contract::embedded().unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/quay");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let exchanges: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for ex in exchanges {
            let method = ex["method"].as_str().unwrap();
            let raw_path = ex["path"].as_str().unwrap();
            let request_path = raw_path.split('?').next().unwrap();
            let status = ex["status"].as_u64().unwrap() as u16;
            let content_type = ex["content_type"].as_str().unwrap_or("");
            let case = ex["case"].as_str().unwrap_or("?");
            // Requests sent to a deliberately wrong URL (missing or extra trailing slash, a
            // repository without namespace) reach no operation of the contract: Quay answers
            // them with redirects and non-API pages, or routes them to another operation.
            let Some((template_method, template)) = operation_for(&contract, method, request_path)
            else {
                continue;
            };
            if status == 308
                || (content_type.starts_with("text/html") && matches!(status, 404 | 405))
            {
                continue;
            }
            if case.contains("no_namespace") {
                continue;
            }
            checked += 1;
            let body = &ex["body"];
            for v in check(
                &contract,
                &template_method,
                &template,
                status,
                content_type,
                body,
            ) {
                problems.push(format!(
                    "{} {case}: {method} {raw_path} -> {status}: {v}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(checked > 250, "only {checked} exchanges checked");
    assert!(
        problems.is_empty(),
        "{} of {checked} recorded responses violate the spec:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
