//! Every operation of the table has its request type (generated in `sdk/src/requests/`), and
//! exactly one public method of the area handlers (`sdk/src/api/`) builds it.

use quay_sdk::OPERATIONS;

/// `getOrganization` -> `GetOrganizationRequest`.
fn request_type(id: &str) -> String {
    let mut out: String = id[..1].to_ascii_uppercase();
    out.push_str(&id[1..]);
    out.push_str("Request");
    out
}

fn sources(dir: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn each_operation_is_built_by_exactly_one_handler_method() {
    let api: Vec<(String, String)> = sources("src/api");
    // The two quota handlers are one macro: their request types are its arguments.
    let macro_args: String = api
        .iter()
        .flat_map(|(_, t)| t.split("quota_handler!(").skip(1))
        .filter_map(|rest| rest.split(");").next())
        .collect();
    let mut problems = Vec::new();
    for op in OPERATIONS {
        let ty = request_type(op.id);
        let built: Vec<String> = api
            .iter()
            .flat_map(|(file, text)| {
                let needle = format!("{ty}::new(");
                std::iter::repeat_n(file.clone(), text.matches(&needle).count())
            })
            .collect();
        let in_macro = macro_args
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| *w == ty)
            .count();
        match (built.len(), in_macro) {
            (1, 0) | (0, 1) => {}
            (0, 0) => problems.push(format!("{} ({ty}) is never built", op.id)),
            (n, m) => problems.push(format!(
                "{} ({ty}) is built in {} places: {built:?}",
                op.id,
                n + m
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_generated_request_sends_its_own_operation() {
    let generated: String = sources("src/requests")
        .into_iter()
        .flat_map(|(_, t)| t.chars().filter(|c| !c.is_whitespace()).collect::<Vec<_>>())
        .collect();
    for op in OPERATIONS {
        let constant: String = op
            .id
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let sep = (c.is_ascii_uppercase() && i > 0).then_some('_');
                sep.into_iter()
                    .chain(std::iter::once(c.to_ascii_uppercase()))
            })
            .collect();
        let needle = format!("call(&op::{constant},");
        assert_eq!(
            generated.matches(&needle).count(),
            1,
            "{} should be sent by exactly one generated request",
            op.id
        );
        assert!(
            generated.contains(&format!("pubstruct{}{{", request_type(op.id))),
            "{} has no request type",
            op.id
        );
    }
}
