//! The layout rules of the server, checked on its source: no import cycles between its
//! top-level modules, and SQL only in `store/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a source file belongs to (`api/team.rs` is in `api`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without comments and without its unit tests (the `#[cfg(test)]` module
/// that ends a file by convention): what the module itself depends on.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let from = module_of(&file);
        if from == "lib" || from == "main" || file.ends_with("tests.rs") {
            continue;
        }
        let text = code(&std::fs::read_to_string(&file).unwrap());
        let deps = graph.entry(from.clone()).or_default();
        for piece in text.split("crate::").skip(1) {
            let to: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !to.is_empty() && to != from {
                deps.insert(to);
            }
        }
    }
    graph
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut c = path[i..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let graph = dependencies();
    assert!(
        graph.contains_key("api") && graph.contains_key("store"),
        "{graph:?}"
    );
    if let Some(c) = cycle(&graph) {
        panic!("import cycle: {}\n{graph:#?}", c.join(" -> "));
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

#[test]
fn sql_is_written_only_in_the_store() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut offenders = Vec::new();
    for file in files {
        if module_of(&file) == "store" {
            continue;
        }
        let text = code(&std::fs::read_to_string(&file).unwrap());
        for needle in [
            ".execute(",
            ".prepare(",
            ".query_row(",
            "SELECT ",
            "INSERT INTO",
            "DELETE FROM",
        ] {
            if text.contains(needle) {
                offenders.push(format!("{} ({needle})", file.display()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "SQL outside server/src/store: {offenders:#?}"
    );
}
