//! The hostile plans of `tests/bad-inputs/plan.json` through the Rust API: a clean document error,
//! or one entry per resource, never a panic.
#![allow(clippy::indexing_slicing, clippy::expect_used)] // `Value` indexing gives `Null`; tests may expect

#[path = "../../tests/bad-inputs/source.rs"]
mod source;

use std::path::Path;

use pimcheck::plan::Outcome;
use pimcheck::{check_plan, InputLimits, Options, PlanInputs, Policy};
use serde_json::Value;

#[test]
fn every_hostile_plan_is_a_clean_error_or_a_result_per_resource() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/plan.json");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the manifest")).expect("JSON");
    let policies = Policy::from_value(&manifest["policies"]).expect("the manifest's policies");
    let now = pimcheck::parse_now(manifest["now"].as_str().unwrap_or_default()).expect("now");
    let cases = manifest["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let bytes = source::source(&case["plan"], &Value::Null);
        let mut options = Options::new(now);
        if let Some(limit) = case["maxInputBytes"].as_u64() {
            options = options.with_input_limits(InputLimits {
                max_input_bytes: limit as usize,
            });
        }
        let inputs = PlanInputs {
            policies: Some(&policies),
            parameters: None,
        };
        let result =
            pimcheck::utf8_text(&bytes, "plan").and_then(|text| check_plan(text, inputs, &options));
        let expect = &case["expect"];
        match (result, expect.get("error")) {
            (Err(error), Some(code)) => {
                if error.code().as_str() != code {
                    failures.push(format!("{name}: {} instead of {code}", error.one_line()));
                }
                if let Some(path) = expect.get("path").and_then(Value::as_str) {
                    if error.path() != path {
                        failures.push(format!(
                            "{name}: path `{}` instead of `{path}`",
                            error.path()
                        ));
                    }
                }
            }
            (Ok(plan), None) => {
                let errors = plan
                    .resources
                    .iter()
                    .filter(|e| matches!(e.outcome, Outcome::Failed(_)))
                    .count();
                let want = (expect["resources"].as_u64(), expect["errors"].as_u64());
                if want != (Some(plan.resources.len() as u64), Some(errors as u64)) {
                    failures.push(format!(
                        "{name}: {} resources, {errors} errors; expected {want:?}",
                        plan.resources.len()
                    ));
                }
            }
            (Err(error), None) => failures.push(format!("{name}: unexpected {}", error.one_line())),
            (Ok(_), Some(code)) => failures.push(format!("{name}: a result instead of {code}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
