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
    // Four lanes, as `cargo run -p quay-conformance` runs by default.
    let options = setup::Options {
        jobs: 4,
        ..Default::default()
    };
    let s = setup::embedded(contract, setup::prefix(), &options)
        .await
        .unwrap();
    let areas = scenarios::all();
    let reports = report::run_lanes(&s.targets(), &areas, &[], |_| {}).await;
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

/// With `FEATURE_REQUIRE_TEAM_INVITE` off, the second user is added to teams directly: the
/// cases that need a real team member (skipped with the defaults) run and pass, and those
/// about pending invites skip instead. CI runs the whole suite once more this way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_member_cases_pass_when_invites_are_not_required() {
    let contract = Arc::new(Contract::embedded().unwrap());
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/configs/team-invites-off.yaml"
    ))
    .unwrap();
    let options = setup::Options {
        server_config: Some(quay_server::Config::from_yaml(&text).unwrap()),
        ..Default::default()
    };
    let s = setup::embedded(contract, setup::prefix(), &options)
        .await
        .unwrap();
    let areas = scenarios::all();
    let only = ["team".to_string(), "organization".to_string()];
    let reports = report::run(&s.target, &areas, &only, |_| {}).await;
    assert!(s.target.cleanup().await.is_empty());
    let outcome = |op: &str, case: &str| {
        reports
            .iter()
            .find(|r| r.operation == op && r.case == case)
            .map(|r| r.outcome.clone())
            .unwrap_or_else(|| panic!("no case {op} {case}"))
    };
    for r in &reports {
        assert!(!matches!(r.outcome, Outcome::Fail(_)), "{r:?}");
    }
    // Skipped with the defaults (the second user is only invited there).
    for (op, case) in [
        ("removeOrganizationMember", "team_member"),
        ("getOrganizationTeamMembers", "member"),
        ("updateOrganizationTeamMember", "org_member"),
        ("getOrganizationTeamPermissions", "member"),
    ] {
        assert_eq!(outcome(op, case), Outcome::Pass, "{op} {case}");
    }
    assert!(matches!(
        outcome("getOrganizationTeamMembers", "invitee"),
        Outcome::Skip(_)
    ));
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

/// Feature detection (what a live run relies on) agrees with the embedded server's flags; the
/// embedded set-up refuses to start when it does not.
#[tokio::test]
async fn features_switched_off_are_detected() {
    let contract = Arc::new(Contract::embedded().unwrap());
    let config = quay_server::Config::from_yaml(
        "FEATURE_MAILING: false\nFEATURE_PROXY_CACHE: false\nFEATURE_QUOTA_MANAGEMENT: false\nFEATURE_APP_SPECIFIC_TOKENS: false\nFEATURE_REPO_MIRROR: false\nFEATURE_ORG_MIRROR: false\nFEATURE_ASSIGN_OAUTH_TOKEN: false\n",
    )
    .unwrap();
    let options = setup::Options {
        server_config: Some(config),
        ..Default::default()
    };
    let s = setup::embedded(contract, setup::prefix(), &options)
        .await
        .unwrap();
    assert_eq!(
        s.target.features,
        [quay_conformance::runner::Feature::SuperUsers].into()
    );
}

/// `--cleanup PREFIX` deletes the organizations, users and service keys named under a run's
/// prefix, and nothing else.
#[tokio::test]
async fn cleanup_sweeps_only_the_prefix() {
    use quay_sdk::models::{CreateInstallUser, CreateServiceKey, NewOrg};
    let contract = Arc::new(Contract::embedded().unwrap());
    let s = setup::embedded(contract, setup::prefix(), &Default::default())
        .await
        .unwrap();
    let admin = &s.target.admin;
    let gone = setup::prefix();
    let kept = setup::prefix();
    for p in [&gone, &kept] {
        admin
            .organizations()
            .create(&NewOrg::new(format!("{p}org")).email(format!("{p}org@example.com")))
            .await
            .unwrap();
        admin
            .superuser()
            .users()
            .create(&CreateInstallUser::new(format!("{p}user")).email(format!("{p}u@example.com")))
            .await
            .unwrap();
        admin
            .superuser()
            .service_keys()
            .create(&CreateServiceKey::new(format!("{p}svc")).name(format!("{p} key")))
            .await
            .unwrap();
    }
    let swept = quay_conformance::sweep::sweep(admin, &gone).await.unwrap();
    assert!(swept.problems.is_empty(), "{:?}", swept.problems);
    assert_eq!(swept.deleted.len(), 3, "{:?}", swept.deleted);
    let again = quay_conformance::sweep::sweep(admin, &gone).await.unwrap();
    assert!(again.deleted.is_empty(), "{:?}", again.deleted);
    let su = admin.superuser();
    let orgs = su.organizations().list().await.unwrap();
    assert!(
        orgs.organizations
            .iter()
            .any(|o| o.name == format!("{kept}org"))
    );
    assert!(!orgs.organizations.iter().any(|o| o.name.starts_with(&gone)));
    let keys = su.service_keys().list().await.unwrap();
    assert!(keys.keys.iter().any(|k| k.name.starts_with(&kept)));
    assert!(!keys.keys.iter().any(|k| k.name.starts_with(&gone)));
    assert!(quay_conformance::sweep::sweep(admin, "prod").await.is_err());
}
