//! `quay-conformance`: checks the contract and reports one line per problem.

use std::process::ExitCode;

use quay_conformance::contract::Contract;

fn main() -> ExitCode {
    let contract = match Contract::embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let operations = contract.operations().len();
    let problems = contract.problems();
    for p in &problems {
        println!("FAIL contract: {p}");
    }
    println!(
        "contract: {operations} operations, {} problems",
        problems.len()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
