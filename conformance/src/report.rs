//! Running the cases and reporting: one line per case, a coverage table per area, the closing
//! `N passed, N failed, N skipped` line, and JUnit / JSON files.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures_util::FutureExt as _;
use serde_json::json;

use crate::runner::{Case, Failure, Target};

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It behaved as the contract says.
    Pass,
    /// It did not; what was expected and what came back.
    Fail(String),
    /// Not run; why.
    Skip(String),
}

/// One case's report.
#[derive(Debug, Clone)]
pub struct CaseReport {
    /// API area (tag).
    pub area: &'static str,
    /// operationId.
    pub operation: &'static str,
    /// Case name.
    pub case: &'static str,
    /// Outcome.
    pub outcome: Outcome,
    /// How long it took.
    pub duration: Duration,
}

/// Whether a case is selected by `--only` (an area or an operationId).
pub fn selected(only: &[String], area: &str, operation: &str) -> bool {
    only.is_empty() || only.iter().any(|o| o == area || o == operation)
}

/// Runs the selected cases one after another; `progress` is called after each.
pub async fn run(
    target: &Target,
    areas: &[(&'static str, Vec<Case>)],
    only: &[String],
    progress: impl FnMut(&CaseReport),
) -> Vec<CaseReport> {
    run_lanes(&[target], areas, only, progress).await
}

/// Runs the selected cases on several lanes at once: each lane (a target with its own
/// validating proxy, so that every response is charged to the case that caused it) takes the
/// next operation and runs its cases one after another. The reports come back in the order of a
/// sequential run; `progress` is called as cases finish.
pub async fn run_lanes(
    lanes: &[&Target],
    areas: &[(&'static str, Vec<Case>)],
    only: &[String],
    progress: impl FnMut(&CaseReport),
) -> Vec<CaseReport> {
    // The unit of work is one operation's cases (they run in order on one lane); the biggest
    // units first, so that the lanes finish close together.
    let mut units: Vec<(usize, usize, usize)> = Vec::new();
    for (a, (area, cases)) in areas.iter().enumerate() {
        let mut c = 0;
        while c < cases.len() {
            let end = (c..cases.len())
                .find(|&e| cases[e].operation != cases[c].operation)
                .unwrap_or(cases.len());
            let n = cases[c..end]
                .iter()
                .filter(|k| selected(only, area, k.operation))
                .count();
            if n > 0 {
                units.push((a, c, end));
            }
            c = end;
        }
    }
    units.sort_by_key(|&(_, start, end)| std::cmp::Reverse(end - start));
    let (alone, shared): (Vec<_>, Vec<_>) = units.into_iter().partition(|&(a, start, _)| {
        crate::scenarios::EXCLUSIVE.contains(&areas[a].1[start].operation)
    });
    let done: Done = std::cell::RefCell::new(Vec::new());
    let progress = std::cell::RefCell::new(progress);
    let queue: Queue = std::cell::RefCell::new(shared.into());
    futures_util::future::join_all(
        lanes
            .iter()
            .map(|t| lane(t, areas, only, &queue, &done, &progress)),
    )
    .await;
    if let Some(first) = lanes.first() {
        let queue: Queue = std::cell::RefCell::new(alone.into());
        lane(first, areas, only, &queue, &done, &progress).await;
    }
    let mut done = done.into_inner();
    done.sort_by_key(|(a, c, _)| (*a, *c));
    done.into_iter().map(|(_, _, r)| r).collect()
}

type Queue = std::cell::RefCell<std::collections::VecDeque<(usize, usize, usize)>>;
type Done = std::cell::RefCell<Vec<(usize, usize, CaseReport)>>;

/// One lane: takes operations (an area's cases `start..end`) from `queue` until none is left.
async fn lane(
    target: &Target,
    areas: &[(&'static str, Vec<Case>)],
    only: &[String],
    queue: &Queue,
    done: &Done,
    progress: &std::cell::RefCell<impl FnMut(&CaseReport)>,
) {
    loop {
        let Some((a, start, end)) = queue.borrow_mut().pop_front() else {
            break;
        };
        let (area, cases) = &areas[a];
        for (c, case) in cases.iter().enumerate().take(end).skip(start) {
            if !selected(only, area, case.operation) {
                continue;
            }
            let report = run_case(target, area, case).await;
            (progress.borrow_mut())(&report);
            done.borrow_mut().push((a, c, report));
        }
    }
}

/// Runs one case and checks every exchange it caused against the spec.
async fn run_case(target: &Target, area: &'static str, case: &Case) -> CaseReport {
    let started = Instant::now();
    let outcome = if case.needs.user && target.user.is_none() {
        Outcome::Skip("needs a second user (--user-token)".into())
    } else if let Some(f) = case
        .needs
        .features
        .iter()
        .find(|f| !target.features.contains(f))
    {
        Outcome::Skip(format!("{} is off on the target", f.flag()))
    } else {
        let mark = target.journal.len();
        // A panicking case fails alone: the run goes on, and cleanup still happens.
        let result = AssertUnwindSafe((case.run)(target))
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| {
                Err(Failure::Fail(format!(
                    "panicked: {}",
                    panic_message(&*panic)
                )))
            });
        let violations: Vec<String> = target
            .journal
            .since(mark)
            .into_iter()
            .flat_map(|e| {
                e.violations
                    .into_iter()
                    .map(move |v| format!("{} {} -> {}: {v}", e.method, e.path, e.status))
            })
            .collect();
        match result {
            Err(Failure::Skip(why)) => Outcome::Skip(why),
            Err(Failure::Fail(why)) => Outcome::Fail(why),
            Ok(()) if !violations.is_empty() => Outcome::Fail(format!(
                "response violates the spec: {}",
                violations.join("; ")
            )),
            Ok(()) => Outcome::Pass,
        }
    };
    CaseReport {
        area,
        operation: case.operation,
        case: case.name,
        outcome,
        duration: started.elapsed(),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// One line for a case.
pub fn line(r: &CaseReport) -> String {
    match &r.outcome {
        Outcome::Pass => format!("pass  {} {}", r.operation, r.case),
        Outcome::Fail(why) => format!("FAIL  {} {}: {why}", r.operation, r.case),
        Outcome::Skip(why) => format!("skip  {} {}: {why}", r.operation, r.case),
    }
}

/// The counts: (passed, failed, skipped).
pub fn counts(reports: &[CaseReport]) -> (usize, usize, usize) {
    reports
        .iter()
        .fold((0, 0, 0), |(p, f, s), r| match r.outcome {
            Outcome::Pass => (p + 1, f, s),
            Outcome::Fail(_) => (p, f + 1, s),
            Outcome::Skip(_) => (p, f, s + 1),
        })
}

/// The whole text report: a line per case, the coverage table, the closing line.
pub fn text(reports: &[CaseReport], operations_per_area: &BTreeMap<&str, usize>) -> String {
    let mut out = String::new();
    for r in reports {
        let _ = writeln!(out, "{}", line(r));
    }
    let _ = writeln!(
        out,
        "\n{:<14} {:>10} {:>8} {:>7} {:>7} {:>8}",
        "area", "operations", "covered", "passed", "failed", "skipped"
    );
    for (area, total) in operations_per_area {
        let mine: Vec<&CaseReport> = reports.iter().filter(|r| r.area == *area).collect();
        let mut covered: Vec<&str> = mine
            .iter()
            .filter(|r| r.outcome == Outcome::Pass)
            .map(|r| r.operation)
            .collect();
        covered.sort_unstable();
        covered.dedup();
        let (p, f, s) = counts(&mine.iter().map(|r| (*r).clone()).collect::<Vec<_>>());
        let _ = writeln!(
            out,
            "{area:<14} {total:>10} {:>8} {p:>7} {f:>7} {s:>8}",
            covered.len()
        );
    }
    let (p, f, s) = counts(reports);
    let _ = writeln!(out, "\n{p} passed, {f} failed, {s} skipped");
    out
}

/// The report as JSON.
pub fn to_json(reports: &[CaseReport]) -> serde_json::Value {
    let (p, f, s) = counts(reports);
    json!({
        "passed": p, "failed": f, "skipped": s,
        "cases": reports.iter().map(|r| {
            let (outcome, detail) = match &r.outcome {
                Outcome::Pass => ("pass", None),
                Outcome::Fail(d) => ("fail", Some(d.clone())),
                Outcome::Skip(d) => ("skip", Some(d.clone())),
            };
            json!({"area": r.area, "operation": r.operation, "case": r.case, "outcome": outcome,
                   "detail": detail, "seconds": r.duration.as_secs_f64()})
        }).collect::<Vec<_>>()
    })
}

/// The report as JUnit XML (one test suite per area).
pub fn to_junit(reports: &[CaseReport]) -> Result<String, String> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("quay-conformance");
    let mut suites: BTreeMap<&str, TestSuite> = BTreeMap::new();
    for r in reports {
        let status = match &r.outcome {
            Outcome::Pass => TestCaseStatus::success(),
            Outcome::Fail(why) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(why.clone());
                s
            }
            Outcome::Skip(why) => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(why.clone());
                s
            }
        };
        let mut case = TestCase::new(format!("{} {}", r.operation, r.case), status);
        case.set_classname(format!("quay.{}.{}", r.area, r.operation));
        case.set_time(r.duration);
        suites
            .entry(r.area)
            .or_insert_with(|| TestSuite::new(r.area))
            .add_test_case(case);
    }
    report.add_test_suites(suites.into_values());
    report.to_string().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(op: &'static str, outcome: Outcome) -> CaseReport {
        CaseReport {
            area: "user",
            operation: op,
            case: "ok",
            outcome,
            duration: Duration::from_millis(3),
        }
    }

    #[test]
    fn reports_count_and_render() {
        let reports = vec![
            r("getLoggedInUser", Outcome::Pass),
            r(
                "initializeUser",
                Outcome::Fail("expected 400, got 200".into()),
            ),
            r("getUserInformation", Outcome::Skip("off".into())),
        ];
        assert_eq!(counts(&reports), (1, 1, 1));
        let text = text(&reports, &BTreeMap::from([("user", 3)]));
        assert!(text.ends_with("1 passed, 1 failed, 1 skipped\n"), "{text}");
        assert!(text.contains("FAIL  initializeUser ok: expected 400, got 200"));
        let xml = to_junit(&reports).unwrap();
        assert!(
            xml.contains("<failure") && xml.contains("<skipped"),
            "{xml}"
        );
        assert_eq!(to_json(&reports)["failed"], 1);
        assert!(
            selected(&[], "user", "x")
                && selected(&["user".into()], "user", "x")
                && !selected(&["team".into()], "user", "x")
        );
    }

    fn offline_target() -> Target {
        let c = quay_sdk::Client::anonymous("http://127.0.0.1:9").unwrap();
        Target::new(
            c.clone(),
            "admin".into(),
            None,
            c.clone(),
            c,
            "qcabcdefgh".into(),
            crate::proxy::Journal::default(),
            true,
        )
    }

    #[tokio::test]
    async fn a_panicking_case_fails_alone_and_the_run_goes_on() {
        let cases = vec![
            crate::runner::Case {
                operation: "getLoggedInUser",
                name: "panics",
                needs: Default::default(),
                run: |_| Box::pin(async { panic!("boom") }),
            },
            crate::runner::Case {
                operation: "getLoggedInUser",
                name: "ok",
                needs: Default::default(),
                run: |_| Box::pin(async { Ok(()) }),
            },
        ];
        let reports = run(&offline_target(), &[("user", cases)], &[], |_| {}).await;
        assert_eq!(reports[0].outcome, Outcome::Fail("panicked: boom".into()));
        assert_eq!(reports[1].outcome, Outcome::Pass);
    }

    /// Lanes run operations at once (a slow one does not hold the others up), and the reports
    /// come back in the order of a sequential run.
    #[tokio::test]
    async fn lanes_run_at_once_and_report_in_order() {
        fn case(operation: &'static str, name: &'static str, ms: u64) -> crate::runner::Case {
            let run: for<'a> fn(&'a Target) -> crate::runner::CaseFuture<'a> = match ms {
                0 => |_| Box::pin(async { Ok(()) }),
                _ => |_| {
                    Box::pin(async {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        Ok(())
                    })
                },
            };
            crate::runner::Case {
                operation,
                name,
                needs: Default::default(),
                run,
            }
        }
        let areas = vec![
            (
                "organization",
                vec![case("slowOp", "a", 200), case("slowOp", "b", 200)],
            ),
            (
                "user",
                vec![case("quickOp", "c", 0), case("otherOp", "d", 0)],
            ),
        ];
        let (one, two) = (offline_target(), offline_target());
        let finished = std::cell::RefCell::new(Vec::new());
        let reports = run_lanes(&[&one, &two], &areas, &[], |r| {
            finished.borrow_mut().push(r.case)
        })
        .await;
        let order: Vec<&str> = reports.iter().map(|r| r.case).collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
        // The quick operations finished while the slow one was still running.
        assert_eq!(finished.into_inner(), ["c", "d", "a", "b"]);
    }
}
