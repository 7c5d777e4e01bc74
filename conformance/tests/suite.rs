//! The whole conformance suite against the embedded reference server, as `cargo test` runs it:
//! every scenario through the SDK, every raw response validated against openapi.yaml.

use std::collections::BTreeMap;
use std::sync::Arc;

use quay_conformance::contract::Contract;
use quay_conformance::report::{self, Outcome};
use quay_conformance::{scenarios, setup};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_passes_against_the_reference_server() {
    let contract = Arc::new(Contract::embedded().unwrap());
    let s = setup::embedded(contract, setup::prefix()).await.unwrap();
    let areas = scenarios::all();
    let reports = report::run(&s.target, &areas, &[], |_| {}).await;
    let leftovers = s.target.cleanup().await;
    let mut per_area: BTreeMap<&str, usize> = BTreeMap::new();
    for op in quay_sdk::OPERATIONS {
        *per_area.entry(op.tag).or_default() += 1;
    }
    let text = report::text(&reports, &per_area);
    let failed: Vec<&str> = text.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(failed.is_empty(), "{}\n\n{text}", failed.join("\n"));
    assert!(leftovers.is_empty(), "cleanup left: {leftovers:?}");
    // Every operation of the contract has at least one passing case (skips are configuration
    // dependent: e.g. a user invited instead of added cannot accept the invite through the API).
    let passed: std::collections::BTreeSet<&str> = reports
        .iter()
        .filter(|r| r.outcome == Outcome::Pass)
        .map(|r| r.operation)
        .collect();
    let uncovered: Vec<&str> = quay_sdk::OPERATIONS
        .iter()
        .map(|o| o.id)
        .filter(|id| !passed.contains(id))
        .collect();
    assert!(
        uncovered.is_empty(),
        "operations without a passing case: {uncovered:?}\n\n{text}"
    );
}

#[test]
fn every_operation_has_a_passing_case_planned() {
    let planned: std::collections::BTreeSet<&str> = scenarios::all()
        .into_iter()
        .flat_map(|(_, cases)| cases.into_iter().map(|c| c.operation))
        .collect();
    let missing: Vec<&str> = quay_sdk::OPERATIONS
        .iter()
        .map(|o| o.id)
        .filter(|id| !planned.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a scenario: {missing:?}"
    );
}
