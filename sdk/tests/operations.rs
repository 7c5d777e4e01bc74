//! Every operation of the table is sent by exactly one public method of `sdk/src/api/`, and
//! every `call(&op::X` site names a constant of the table.

use std::collections::BTreeMap;

use quay_sdk::OPERATIONS;

fn const_name(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[test]
fn each_operation_is_called_from_exactly_one_place() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut calls: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, piece) in text.split("call(&op::").enumerate().skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            calls.entry(name).or_default().push(format!(
                "{}#{i}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    let mut problems = Vec::new();
    for op in OPERATIONS {
        match calls.remove(&const_name(op.id)).as_deref() {
            Some([_]) => {}
            None => problems.push(format!("{} is never sent", op.id)),
            Some(sites) => problems.push(format!(
                "{} is sent from {} places: {sites:?}",
                op.id,
                sites.len()
            )),
        }
    }
    for (name, sites) in calls {
        problems.push(format!("op::{name} is not in the table ({sites:?})"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
