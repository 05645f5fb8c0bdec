//! Every case of `vectors/plan/` through the Rust API: the whole JSON result (or the whole error
//! object) must equal the case's `expect`.
#![allow(clippy::indexing_slicing, clippy::expect_used, clippy::panic)] // `Value` indexing gives `Null`; tests may expect

use std::path::{Path, PathBuf};

use pimcheck::{check_plan, Options, PlanInputs, Policy};
use serde_json::Value;

fn cases() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/plan");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for file in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(cases)) => out.extend(cases.into_iter().map(|c| (file.clone(), c))),
            Ok(case) => out.push((file, case)),
            Err(e) => panic!("{}: not JSON: {e}", file.display()),
        }
    }
    out
}

/// The result of a case as JSON: the plan's result, or `{"error": ...}`.
fn run(case: &Value) -> Value {
    let now = case["context"]["now"].as_str().unwrap_or_default();
    let options = Options::new(pimcheck::parse_now(now).expect("every case gives `now`"));
    let policies = case
        .get("policies")
        .map(|p| Policy::from_value(p).expect("a case's policies are valid"));
    let parameters = case.get("parameters").map(Value::to_string);
    let text = match case.get("planText") {
        Some(text) => text.as_str().unwrap_or_default().to_owned(),
        None => case["plan"].to_string(),
    };
    let inputs = PlanInputs {
        policies: policies.as_ref(),
        parameters: parameters.as_deref(),
    };
    let json = match check_plan(&text, inputs, &options) {
        Ok(plan) => plan.to_json(),
        Err(error) => error.to_json(None),
    };
    serde_json::from_str(&json).expect("the result is JSON")
}

#[test]
fn every_plan_vector_gives_its_whole_expected_result() {
    let cases = cases();
    assert!(cases.len() >= 15, "too few plan vectors: {}", cases.len());
    let mut failures = Vec::new();
    for (file, case) in &cases {
        let name = case["name"].as_str().unwrap_or("(unnamed)");
        let got = run(case);
        if got != case["expect"] {
            failures.push(format!(
                "{}: {name}\n  expected {}\n  got      {}",
                file.display(),
                case["expect"],
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_permanent_eligibility_of_azurerm_22766_is_denied_with_the_terraform_fix() {
    let cases = cases();
    let (_, case) = cases
        .iter()
        .find(|(_, c)| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("terraform-provider-azurerm#22766"))
        })
        .expect("the azurerm#22766 vector");
    let result = run(case);
    assert_eq!(result["allowed"], false);
    let entry = &result["resources"][0];
    assert_eq!(entry["address"], "azurerm_pim_eligible_role_assignment.ops");
    assert_eq!(
        entry["report"]["violations"][0]["code"],
        "PermanentNotAllowed"
    );
    assert_eq!(
        entry["fix"],
        "schedule { expiration { duration_days = 365 } }"
    );
}
